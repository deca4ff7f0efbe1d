"""Shared test fixtures: real Jawa Timur regions, one user per role, and a business factory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from lapak.accounts.models import Role, User
from lapak.regions.models import Region
from lapak.registry.models import Business, Sector, Sex

SAMPANG = "35.27"
SURABAYA = "35.78"
PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load Jawa Timur's regions once per test database; tests roll back on top of them."""
    with django_db_blocker.unblock():
        _ensure_regions()


def _ensure_regions() -> None:
    from lapak.regions.services import regions_load

    if not Region.objects.filter(code=SAMPANG).exists():
        regions_load(province_codes=["35"])


@pytest.fixture
def regions(db: Any) -> None:
    """Regions are present even after a transactional (browser) test flushed the database."""
    _ensure_regions()


def first_desa(kabkota_code: str) -> Region:
    return Region.objects.filter(level=4, code__startswith=f"{kabkota_code}.").order_by("code").first()


def signed_in(user: User, **client_options: Any) -> Client:
    """A test client signed in as ``user`` (the demo password every test user has)."""
    client = Client(**client_options)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def refusal_shown(client: Client, response: Any) -> str:
    """A refused action (422 from ``core.responses.refused_back``) as the browser shows it: the page it
    goes back to, with the error messages the view queued."""
    assert response.status_code == 422, f"expected a refusal, got {response.status_code}"
    return client.get(response.context["back"]).content.decode()


def make_user(username: str, role: str, region: str | None = None, assigned: list[str] | None = None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        region_id=region,
        email=f"{username}@contoh.go.id",
        first_name=username.title(),
    )
    if assigned:
        user.assigned_regions.set(assigned)
    return user


@pytest.fixture
def users(regions: None) -> dict[str, User]:
    """One user per role: 'operator' is Sampang's, 'other_operator' Surabaya's."""
    return {
        "admin": make_user("admin", Role.ADMIN_PROVINSI, "35"),
        "operator": make_user("operator", Role.OPERATOR_KABKOTA, SAMPANG),
        "other_operator": make_user("operator2", Role.OPERATOR_KABKOTA, SURABAYA),
        "pendamping": make_user("pendamping", Role.PENDAMPING, assigned=[SAMPANG]),
        "kurator": make_user("kurator", Role.KURATOR, assigned=[SAMPANG]),
        "dekranasda": make_user("dekranasda", Role.DEKRANASDA, assigned=[SAMPANG]),
        "pemilik": make_user("pemilik", Role.PELAKU_USAHA),
        "pimpinan": make_user("pimpinan", Role.PIMPINAN, "35"),
        "mitra": make_user("mitra", Role.MITRA),
    }


@pytest.fixture
def make_business(regions: None) -> Callable[..., Business]:
    from lapak.registry.services import business_create

    def factory(kabkota: str = SAMPANG, **fields: Any) -> Business:
        data: dict[str, Any] = {
            "name": "Batik Tulis Sekar Jagad",
            "owner_name": "Siti Aminah",
            "owner_sex": Sex.FEMALE,
            "owner_nik": "3527014507850001",
            "phone": "+6281234567890",
            "desa": first_desa(kabkota),
            "sector": Sector.CRAFT,
            "annual_sales": 150_000_000,
        }
        documents = fields.pop("documents", None)
        data.update(fields)
        return business_create(actor=None, data=data, documents=documents)

    return factory


@pytest.fixture
def sampang_business(make_business: Callable[..., Business], users: dict[str, User]) -> Business:
    return make_business(SAMPANG, owner_account=users["pemilik"])


@pytest.fixture
def surabaya_business(make_business: Callable[..., Business]) -> Business:
    return make_business(
        SURABAYA, name="Kue Lapis Surabaya", owner_nik="3578015001900002", sector=Sector.FOOD
    )


# --- End-to-end tests in Debian's chromium (marker ``browser``) -------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"), reason="chromium not installed"
    ),
]


@pytest.fixture
def page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A 1280x900 Indonesian-locale page in headless chromium, against the live test server."""
    # Playwright's sync API runs an event loop here; only for this test, so that later
    # subprocesses (check --deploy) do not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        yield context.new_page()
        browser.close()


def browser_login(page: Any, base: str, username: str) -> None:
    """Log in through the form and wait for the business list."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/usaha/")
