"""End-to-end in Debian's chromium: the pimpinan dashboard draws its map and charts, and a filter change
redraws them with new figures. The screenshot goes to var/test-artefacts/insights/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.insights.tests.conftest import World, refresh

pytestmark = BROWSER_MARKS
ARTEFACTS = Path(settings.BASE_DIR) / "var" / "test-artefacts" / "insights"


def kpi(page: Any, label: str) -> str:
    return page.locator(f".kpis div:has(dt:text-is('{label}')) dd").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_pimpinan_dashboard_draws_and_redraws(page: Any, live_server: Any, world: World) -> None:
    refresh()
    base = live_server.url
    browser_login(page, base, "pimpinan")
    page.goto(f"{base}/?start=2026-01&end=2026-03")

    page.wait_for_selector("#chart-trend .chart-canvas svg")
    assert page.locator(".tilegrid a.tile").count() == 38
    sampang = page.locator(".tilegrid a.tile[title^='Kabupaten Sampang']")
    assert "poorest" in (sampang.get_attribute("class") or "")
    for chart in ("channels", "provinces", "countries", "sectors", "funnel"):
        assert page.locator(f"#chart-{chart} .chart-canvas svg").count() == 1, chart
    assert kpi(page, "GMV daring") == "Rp650.000"

    page.select_option("select[name=online]", "0")  # offline only: htmx swaps the figures
    # Waits through Playwright's own script world: the site's CSP forbids eval in the page.
    expect(page.locator(".kpis div:has(dt:text-is('GMV luring')) dd")).to_have_text("Rp130.000")
    expect(page.locator(".kpis div:has(dt:text-is('GMV daring')) dd")).to_have_text("Rp0")
    page.wait_for_selector("#chart-trend .chart-canvas svg")
    assert "online=0" in page.url

    page.select_option("#map-indicator", "gmv")
    page.wait_for_selector(
        ".tilegrid a.tile[title='Kabupaten Sampang: Rp80.000 · termasuk 10 kab/kota termiskin']"
    )
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "pimpinan-dashboard.png"), full_page=True)
    assert (ARTEFACTS / "pimpinan-dashboard.png").stat().st_size > 10_000
