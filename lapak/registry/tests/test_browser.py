"""End-to-end in Debian's chromium: log in, filter, edit a business, see the audit entry; phone width."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.registry.models import Sector

pytestmark = BROWSER_MARKS


login = browser_login


@pytest.mark.django_db(transaction=True)
def test_it_filters_edits_and_shows_the_audit_entry(
    page: Any, live_server: Any, users: dict, make_business: Any
) -> None:
    make_business(name="Anyaman Pandan Mandiri", sector=Sector.CRAFT)
    make_business(name="Keripik Tette Madura", sector=Sector.FOOD)
    make_business("35.78", name="Lapis Kukus Surabaya", sector=Sector.FOOD)
    base = live_server.url
    login(page, base, "operator")
    table = page.locator("#business-table")
    assert "Lapis Kukus Surabaya" not in table.inner_text()

    page.click("summary")
    page.select_option("select[name=sector]", "pangan")
    page.wait_for_url("**sector=pangan**")
    page.wait_for_function("!document.querySelector('#business-table').innerText.includes('Anyaman')")
    assert "Keripik Tette Madura" in table.inner_text()

    page.click("text=Keripik Tette Madura")
    page.click("a[role=button]:has-text('Ubah')")
    page.fill("input[name=name]", "Keripik Tette Bu Halimah")
    page.click("button[type=submit]:has-text('Simpan')")
    page.wait_for_selector("h1:has-text('Keripik Tette Bu Halimah')")
    audit = page.locator("#audit-log").inner_text()
    assert "Keripik Tette Madura" in audit and "Keripik Tette Bu Halimah" in audit
    assert "operator" in audit


OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.django_db(transaction=True)
def test_it_fits_a_360_pixel_phone(page: Any, live_server: Any, users: dict, make_business: Any) -> None:
    make_business(name="Batik Gentongan Tanjung Bumi")
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server.url, "operator")
    assert page.evaluate(OVERFLOW) <= 0, "the list page is wider than the phone"
    page.click("text=Batik Gentongan Tanjung Bumi")
    assert page.evaluate(OVERFLOW) <= 0, "the business page is wider than the phone"
    page.goto(f"{live_server.url}/usaha/baru/")
    assert page.evaluate(OVERFLOW) <= 0, "the business form is wider than the phone"
