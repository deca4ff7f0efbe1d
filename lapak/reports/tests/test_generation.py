"""Real reports of every kind from the small world (conftest): PDF pages and text read back with pypdf,
XLSX read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from lapak.core.jobs import job_run_now
from lapak.core.models import JobStatus
from lapak.regions.models import Region
from lapak.reports import services
from lapak.reports.formatting import tanggal
from lapak.reports.models import Report, ReportKind, ReportStatus
from lapak.reports.tests.conftest import World

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def generate(actor: Any, kind: str, region: str | None = None, **extra: Any) -> Report:
    report = services.report_request(
        actor=actor, kind=kind, period=OCTOBER,
        region=Region.objects.get(code=region) if region else None, **extra,
    )  # fmt: skip
    job = job_run_now(report.job)
    report.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert report.status == ReportStatus.READY
    return report


def pdf_pages(report: Report) -> list[str]:
    with report.pdf.open("rb") as handle:
        return [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]


def workbook(report: Report) -> Any:
    with report.xlsx.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def summary(book: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=5, values_only=True)}


def test_the_governors_brief(users: dict, world: World) -> None:
    report = generate(users["pimpinan"], ReportKind.BRIEF)
    pages = pdf_pages(report)
    assert 9 <= len(pages) <= 16 and report.pdf_pages == len(pages)
    cover = pages[0]
    assert "Ringkasan Bulanan UMKM Provinsi Jawa Timur, Oktober 2026" in cover.replace("\n", " ")
    text = "\n".join(pages)
    for heading in ("Ringkasan", "Peta dan wilayah", "Tujuan pasar", "Target dan capaian",
                    "Sepuluh kab/kota termiskin", "Produk unggulan"):  # fmt: skip
        assert any(page.lstrip().startswith(heading) or f"\n{heading}\n" in page for page in pages[1:]), (
            heading
        )
    assert "Rp2.300.000" in text  # online GMV of the province in October
    assert "Rp1.234.567" in text  # Sampang's row in the kab/kota table
    assert "Halaman 2 dari" in pages[1]
    assert "Siti Aminah" not in text and "3527014507850001" not in text  # no personal data
    book = workbook(report)
    figures = summary(book)
    assert figures["GMV daring bulan ini"] == 2_300_000 and figures["GMV luring bulan ini"] == 250_000
    assert (figures["Usaha terdaftar"], figures["Usaha berjualan daring"]) == (4, 1)
    assert figures["Penetrasi daring"] == 0.25  # stored as a fraction with a percent format
    assert "25,0%" in pages[1]
    assert book["Ringkasan"]["B8"].number_format == '"Rp"#,##0'
    assert {"Wilayah", "Tren GMV", "Tujuan provinsi", "Tujuan negara", "Target", "Kab-kota termiskin"} <= set(
        book.sheetnames
    )
    trend = list(book["Tren GMV"].iter_rows(min_row=5, values_only=True))
    assert trend[-3] == ("September 2026", 100_000, 0, 1, 0)
    assert trend[-2] == ("Oktober 2026", 2_300_000, 250_000, 3, 1)
    poorest = list(book["Kab-kota termiskin"].iter_rows(min_row=5, max_row=6, values_only=True))
    assert [row[1] for row in poorest] == ["Kab. Sampang", "Kab. Bangkalan"]


def test_a_kabkota_report_has_its_kecamatan(users: dict, world: World) -> None:
    report = generate(users["operator"], ReportKind.KABKOTA, "35.27")
    pages = pdf_pages(report)
    assert 7 <= len(pages) <= 12
    text = "\n".join(pages)
    assert "Laporan UMKM Kab. Sampang, Oktober 2026" in text.replace("\n", " ")
    assert "Rp1.234.567" in text and "Rp2.300.000" not in text
    assert "Sepuluh kab/kota termiskin" not in text
    assert "Tingkat kemiskinan Kab. Sampang: 20,8% (BPS 2024)." in text.replace("\n", " ")
    book = workbook(report)
    assert summary(book)["GMV daring bulan ini"] == 1_234_567
    regions = list(book["Wilayah"].iter_rows(min_row=4, values_only=True))
    assert (
        regions[0][0] == "Kecamatan" and len(regions) - 2 == Region.objects.filter(parent_id="35.27").count()
    )
    unggulan = list(book["Produk unggulan"].iter_rows(min_row=5, values_only=True))
    assert unggulan[0][4] == "'=1+1 Tas Anyaman"  # a formula typed as a product name stays text


def test_the_crafts_report_counts_crafts_only(users: dict, world: World) -> None:
    report = generate(users["admin"], ReportKind.CRAFTS, "35")
    pages = pdf_pages(report)
    assert 7 <= len(pages) <= 14
    text = "\n".join(pages)
    assert "Oktober 2026" in pages[0] and "Rp2.000.000" in text
    assert "Laporan Kriya Provinsi Jawa Timur, Oktober 2026" in text.replace("\n", " ")
    assert "Kategori kriya dan batik" in text
    book = workbook(report)
    assert summary(book)["GMV daring bulan ini"] == 2_000_000  # Rp300.000 of kue lapis left out
    categories = {row[0]: row[1:] for row in book["Kategori kriya"].iter_rows(min_row=5, values_only=True)}
    assert categories == {
        "Anyaman (pandan, bambu, rotan, mendong)": (1, 1, 1, 0),
        "Batik tulis": (1, 1, 0, 0),
        "Ukiran & kerajinan kayu": (1, 1, 0, 1),
    }


def test_dekranasda_requests_the_crafts_report_of_their_kabkota(users: dict, world: World) -> None:
    report = generate(users["dekranasda"], ReportKind.CRAFTS, "35.27")
    assert summary(workbook(report))["GMV daring bulan ini"] == 1_234_567
    assert "Rp1.234.567" in "\n".join(pdf_pages(report))


def test_the_produk_unggulan_report_reuses_the_curation_export(users: dict, world: World) -> None:
    report = generate(users["operator"], ReportKind.UNGGULAN, unggulan_list=world.unggulan)
    assert report.title == "Produk Unggulan Kab. Sampang 2026" and report.period == date(2026, 1, 1)
    pages = pdf_pages(report)
    assert len(pages) == 1
    text = pages[0]
    assert "Produk Unggulan Kab. Sampang 2026" in text and "Tas Anyaman" in text
    assert f"Ditetapkan {tanggal(timezone.localdate(world.unggulan.confirmed_at))}" in text
    rows = list(workbook(report).active.iter_rows(min_row=5, values_only=True))
    assert rows[0][2] == "=1+1 Tas Anyaman"


def test_a_failed_generation_says_why(users: dict, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from lapak.reports import rendering

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Pango tidak ada")

    monkeypatch.setattr(rendering, "pdf_render", broken)
    report = services.report_request(actor=users["pimpinan"], kind=ReportKind.BRIEF, period=OCTOBER)
    job = job_run_now(report.job)
    report.refresh_from_db()
    assert job.status == JobStatus.FAILED and report.status == ReportStatus.FAILED
    assert report.message == "Pango tidak ada" and not report.pdf
