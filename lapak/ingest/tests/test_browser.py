"""End-to-end in Debian's chromium: upload a messy list, read its problems, commit; phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.core.jobs import jobs_run_pending
from lapak.ingest.models import Source, SourceKind, SourceRecord

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"

pytestmark = BROWSER_MARKS

# Saved from Excel the way an office PC does: Windows-1252, semicolons, a title above the header, a row
# without a name, a total row at the bottom.
MESSY_CSV = (
    "DAFTAR UMKM BINAAN DINAS KOPERASI KABUPATEN SAMPANG\r\n"
    ";;;;;\r\n"
    "No.;Nama Usaha;Nama Pemilik;No. HP;Kecamatan;Kab/Kota;Omzet (Rp)\r\n"
    "1;Kripik Tette Bu Halimah;Halimah;0812 3456 7890;Sreseh;Sampang;12.000.000\r\n"
    "2;;Ahmad;081234567891;Sreseh;Sampang;\r\n"
    "3;Kue Bolu Crème Bu Ani;Ani;081234567892;Camplong;Kab. Sampang;5 juta\r\n"
    "JUMLAH;;;;;;17.000.000\r\n"
).encode("cp1252")


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAPAK_LINK_AFTER_IMPORT = False


login = browser_login


@pytest.mark.django_db(transaction=True)
def test_it_checks_and_imports_a_messy_list(page: Any, live_server: Any, users: dict, tmp_path: Path) -> None:
    source = Source.objects.create(
        code="dinkop-sampang", name="Dinas Koperasi Sampang", kind=SourceKind.DINKOP, region_id="35"
    )
    upload = tmp_path / "UMKM binaan 2026.csv"
    upload.write_bytes(MESSY_CSV)
    base = live_server.url
    login(page, base, "operator")

    page.goto(f"{base}/impor/")
    page.select_option("select[name=source]", str(source.pk))
    page.set_input_files("input[name=file]", str(upload))
    page.click("button:has-text('Unggah dan periksa')")
    page.wait_for_url(re.compile(r"/impor/\d+/$"))
    assert page.input_value("select[name=map_name]") == "Nama Usaha"
    assert page.input_value("select[name=map_phone]") == "No. HP"
    assert page.input_value("select[name=map_kabkota]") == "Kab/Kota"

    page.click("button:has-text('Periksa berkas')")
    page.wait_for_selector("#batch-state [data-status=staging]")
    jobs_run_pending()
    # The page polls while the check runs and shows the result without a reload.
    page.wait_for_selector("#batch-state [data-status=staged]")
    problem = page.locator("#staged-rows tr[data-status=error]")
    assert problem.count() == 1
    assert "Nama usaha kosong." in problem.inner_text()
    assert "Kue Bolu Crème Bu Ani" in page.locator("#staged-rows").inner_text()

    page.click("button:has-text('Impor 2 baris')")
    page.wait_for_selector("#batch-state [data-status=committing]")
    jobs_run_pending()
    page.wait_for_selector("#batch-state [data-status=committed]")
    assert "selesai diimpor" in page.locator("#batch-state").inner_text()
    assert sorted(SourceRecord.objects.values_list("name", flat=True)) == [
        "Kripik Tette Bu Halimah",
        "Kue Bolu Crème Bu Ani",
    ]

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.screenshot(path=str(tmp_path / "batch-360px.png"), full_page=True)
    wrap = "document.querySelector('#staged-rows .table-wrap')"
    assert page.evaluate(f"{wrap}.scrollWidth > {wrap}.clientWidth"), "the preview is wider than the phone"
    assert page.evaluate(OVERFLOW) <= 0, "the preview scrolls inside its wrapper, not the page"
