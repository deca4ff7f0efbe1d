"""Security headers, the production settings and the rule that no template runs inline script."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "lapak"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATE_ROOT.rglob("*.html") if ".venv" not in p.parts)


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATE_ROOT)))
def test_templates_run_no_inline_script(template: Path) -> None:
    text = template.read_text()

    assert not INLINE_SCRIPT.search(text), "move the script into a static file"
    assert not INLINE_HANDLER.search(text), "use data-autosubmit / data-confirm or a static script"


def test_the_checker_sees_inline_script() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_HANDLER.search('<select onchange="this.form.submit()">')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="d">{}</script>')


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client: Client) -> None:
    response = client.get("/akun/masuk/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def _deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "LAPAK_DEPLOYMENT": "production",
        "SECRET_KEY": "k" * 20 + "Z9!x-production-secret-0123456789abcdefghij",
        "LAPAK_FIELD_KEY": "a-separate-production-field-key-0123456789",
        "ALLOWED_HOSTS": "lapak.jatimprov.go.id",
        "DEBUG": "false",
        **extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by browser tests in the same worker
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_the_production_settings() -> None:
    result = _deploy_check({})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_keys() -> None:
    result = _deploy_check({"SECRET_KEY": "lapak-insecure-development-key-change-me-in-production"})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
