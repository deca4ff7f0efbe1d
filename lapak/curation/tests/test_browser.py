"""End-to-end in Debian's chromium: a curator assesses, the owner reads the feedback, an admin confirms
the produk unggulan list and downloads its PDF."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.models import Product
from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.curation import services
from lapak.curation.models import UnggulanList

pytestmark = BROWSER_MARKS


def switch_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, base, username)


@pytest.mark.django_db(transaction=True)
def test_a_curator_assesses_the_owner_reads_and_the_admin_confirms(
    page: Any, live_server: Any, users: dict, food_product: Product, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assignment = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    base = live_server.url

    browser_login(page, base, "kurator")
    page.click("nav >> text=Kurasi")
    page.click("#tasks a[role=button]:text-is('Nilai')")
    for aspect in assignment.round.rubric_version.aspects.all():
        page.check(f"input[name=score_{aspect.code}][value='4']")
    page.fill("textarea[name=note_kemasan_label]", "Label belum mencantumkan tanggal kedaluwarsa.")
    page.check("input[name=fact_label_inggris]")
    page.select_option("select[name=decision]", "2")
    page.fill("textarea[name=improvements]", "Cantumkan tanggal kedaluwarsa dan kode produksi.")
    page.click("button:has-text('Kirim penilaian')")
    page.wait_for_selector("text=tersimpan")
    assert "Layak pasar modern dan marketplace" in page.inner_text("#curation-status")

    switch_user(page, base, "pemilik")
    page.click("nav >> text=Kurasi")
    page.click(f"text={food_product.name}")
    feedback = page.inner_text("#round-1")
    assert "Cantumkan tanggal kedaluwarsa dan kode produksi." in feedback
    assert "Label belum mencantumkan tanggal kedaluwarsa." in feedback
    assert "Kurator 1" in feedback and "Malaysia" in feedback

    switch_user(page, base, "admin")
    page.click("nav >> text=Produk unggulan")
    page.select_option("select[name=kabkota]", "35.27")
    page.click("button:has-text('Tampilkan peringkat')")
    assert "belum ada data penjualan" in page.inner_text("table.ranking")
    page.fill("#confirm input[name=year]", "2026")
    page.click("#confirm button[type=submit]")
    page.wait_for_selector("h1:has-text('Produk Unggulan Kab. Sampang 2026')")
    with page.expect_download() as download_info:
        page.click("#download-pdf")
    download = download_info.value
    assert download.suggested_filename == "produk-unggulan-kab-sampang-2026.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert UnggulanList.objects.get().entries.get().product_id == food_product.pk
