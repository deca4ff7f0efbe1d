"""End-to-end in Debian's chromium: an owner on a phone adds a product with a photo and reads the
channel checklist."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.models import Product
from lapak.catalog.tests.conftest import image_bytes
from lapak.conftest import BROWSER_MARKS, browser_login

pytestmark = BROWSER_MARKS

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.django_db(transaction=True)
def test_an_owner_on_a_phone_adds_a_product_with_a_photo(
    page: Any, live_server: Any, users: dict, sampang_business: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    browser_login(page, base, "pemilik")
    page.click("header nav a:has-text('Produk')")
    page.click(f"a[role=button]:has-text('{sampang_business.name}')")
    page.wait_for_selector("h1:has-text('Tambah produk')")
    assert page.evaluate(OVERFLOW) <= 0, "the product form is wider than the phone"

    page.fill("input[name=name]", "Kerupuk Ikan Tenggiri Bu Halimah")
    page.select_option("select[name=category]", "pangan.keripik")
    assert page.is_visible("input[name=attr_netto]") and not page.is_visible("input[name=attr_motif]")
    page.fill("input[name=attr_netto]", "250 g")
    page.fill("textarea[name=description]", "Kerupuk ikan tenggiri asli Sampang, renyah dan gurih.")
    page.fill("input[name='sku-0-variant']", "250 g")
    page.fill("input[name='sku-0-price']", "25000")
    page.fill("input[name='sku-0-stock']", "12")
    page.click("button[data-add-row=sku]")
    page.fill("input[name='sku-1-variant']", "500 g")
    page.fill("input[name='sku-1-price']", "45000")
    page.fill("input[name='sku-1-stock']", "5")
    page.set_input_files(
        "input[name=photos]",
        files=[{"name": "kerupuk.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(1200, 900, gps=True)}],
    )
    page.click("button[type=submit]:has-text('Simpan')")

    page.wait_for_selector("h1:has-text('Kerupuk Ikan Tenggiri Bu Halimah')")
    assert page.evaluate(OVERFLOW) <= 0, "the product page is wider than the phone"
    readiness = page.locator("#readiness")
    text = readiness.inner_text()
    assert "Etalase Lapak" in text and "Shopee" in text and "%" in text
    assert "Minimal 3 foto produk (sekarang 1)." in text
    assert "Komposisi" in text  # a category attribute left empty
    assert page.locator(".photo-strip img").count() == 1
    assert page.evaluate("document.querySelector('.photo-strip img').naturalWidth") == 400
    product = Product.objects.get()
    assert product.skus.count() == 2 and product.photos.count() == 1
