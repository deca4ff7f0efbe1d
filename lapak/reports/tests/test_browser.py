"""End-to-end in Debian's chromium: pimpinan asks for the monthly brief, waits for the job (run here:
the live server has no worker), downloads the PDF and finds every part of the brief in it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from lapak.conftest import BROWSER_MARKS, SAMPANG, browser_login
from lapak.core.jobs import jobs_run_pending
from lapak.insights.services import rollups_refresh
from lapak.registry.models import Business
from lapak.reports.models import Report, ReportStatus
from lapak.reports.tests.conftest import at, order

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_pimpinan_requests_the_monthly_brief_and_downloads_it(
    page: Any, live_server: Any, users: dict, make_business: Callable[..., Business], tmp_path: Any,
    settings: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    business = make_business(SAMPANG)
    order(business, at(2026, 10, 5), 1_234_567, channel="shopee", province="Jawa Barat")
    rollups_refresh(commit_lag=timedelta(0), full=True)
    base = live_server.url

    browser_login(page, base, "pimpinan")
    page.click("nav >> text=Laporan")
    page.click("#request-report")
    page.select_option("select[name=kind]", "ringkasan")
    page.fill("input[name=period]", "2026-10")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#report-status[data-status=queued]")
    assert "Laporan diantrekan" in page.locator("ul.messages").inner_text()

    assert jobs_run_pending() >= 1  # the worker's turn
    page.wait_for_selector("#report-status[data-status=ready]", timeout=15_000)  # htmx polls every second
    page.wait_for_selector("#share-form")  # the page reloaded once the report was ready
    with page.expect_download() as download_info:
        page.click("#download-pdf")
    download = download_info.value
    assert download.suggested_filename == "ringkasan-bulanan-umkm-provinsi-jawa-timur-oktober-2026.pdf"
    with open(download.path(), "rb") as handle:
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages]

    report = Report.objects.get()
    assert report.status == ReportStatus.READY and report.created_by == users["pimpinan"]
    assert 9 <= len(pages) <= 14
    assert "Ringkasan Bulanan UMKM" in pages[0] and "Oktober 2026" in pages[0]
    headings = ["Ringkasan", "Peta dan wilayah", "Tujuan pasar", "Sektor dan kanal", "Corong go-digital",
                "Target dan capaian", "Sepuluh kab/kota termiskin", "Produk unggulan"]  # fmt: skip
    starts = [next((i for i, text in enumerate(pages) if i and text.startswith(h)), None) for h in headings]
    assert None not in starts and starts == sorted(starts), starts  # cover, then each part on a new page
    assert "Rp1.234.567" in pages[starts[0]]  # the month's online GMV, on the ringkasan page
    assert "Jawa Barat" in pages[starts[2]]
