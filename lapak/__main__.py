"""``python -m lapak demo|worker|manage …``: the platform's entry points.

``demo`` prepares the embedded SQLite database with demo data (once) and serves the platform at
http://127.0.0.1:8000 with a background worker beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

DEFAULT_ADDRESS = "127.0.0.1:8000"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def demo(argv: list[str]) -> int:
    os.environ.setdefault("LAPAK_SHOW_DEMO_LOGINS", "1")
    os.environ.setdefault("LAPAK_2FA_REQUIRED", "0")  # demo accounts sign in with the shared password alone
    _django()
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _manage("migrate", "--noinput", "--verbosity", "0")
    _manage("collectstatic", "--noinput", "--verbosity", "0")
    size = next((a.split("=", 1)[1] for a in argv if a.startswith("--size=")), "20000")
    _manage("demo_data", "--size", size)
    address = next((a for a in argv if not a.startswith("--")), DEFAULT_ADDRESS)
    print(f"Siap dalam {time.monotonic() - started:.1f} s. Buka http://{address}/ (akun demo: README).")
    worker = subprocess.Popen([sys.executable, "-m", "lapak", "worker"])
    try:
        _manage("runserver", address, "--noreload", "--insecure")
    finally:
        worker.terminate()
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("demo", [])
    if command == "demo":
        return demo(rest)
    if command == "worker":
        _django()
        _manage("run_worker", *rest)
        return 0
    if command == "audit":
        from lapak.core.dependency_audit import main as audit

        return audit(rest)
    if command == "manage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["lapak", *rest])
        return 0
    usage = "usage: python -m lapak [demo [ADDRESS] [--size=N] | worker | audit [--strict] | manage CMD …]"
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
