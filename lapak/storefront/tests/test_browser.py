"""End-to-end in Debian's chromium: a buyer with a typo finds the product and is sent to the marketplace
listing; the first page of the catalogue stays under 300 KB on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lapak.catalog.models import Product
from lapak.conftest import BROWSER_MARKS, SURABAYA
from lapak.curation.models import Decision, UnggulanEntry, UnggulanList, UnggulanWeights
from lapak.registry.models import Business
from lapak.storefront.services import catalogue_kabkota_changed

from .conftest import add_photo, marketplace_listing

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]
SHOPEE = "https://shopee.co.id/product/7001/991"
PAGE_BUDGET = 300 * 1024


def test_a_buyer_finds_a_product_despite_a_typo_and_goes_to_the_marketplace(
    page: Any, live_server: Any, make_public: Callable[..., Product], sampang_business: Business
) -> None:
    keripik = make_public(sampang_business, "Keripik Tempe Sagu", description="Renyah, tanpa pengawet.")
    make_public(sampang_business, "Batik Tulis Gentongan", category="fesyen.batik-tulis", price=450_000)
    add_photo(keripik)
    marketplace_listing(keripik, "shopee", SHOPEE)
    page.context.route(
        "https://shopee.co.id/**", lambda route: route.fulfill(body="Shopee", content_type="text/html")
    )

    page.goto(f"{live_server.url}/etalase/")
    page.fill("header input[name=q]", "kripik tempee")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/etalase/cari/?q=kripik+tempee")
    assert "Menampilkan hasil untuk" in page.inner_text("main")
    assert page.locator("ul.grid li.card").count() == 1
    page.click("ul.grid >> text=Keripik Tempe Sagu")
    page.wait_for_url(f"**/etalase/produk/{keripik.pk}/")
    link = page.locator("ul.buy a[data-channel=shopee]")
    assert link.get_attribute("href") == SHOPEE
    with page.expect_popup() as popup:
        link.click()
    assert popup.value.url == SHOPEE


def _unggulan(products: list[Product], kabkota: str) -> None:
    weights, _created = UnggulanWeights.objects.get_or_create(
        version=1, defaults={"curation": 50, "market": 20, "local_content": 15, "capacity": 15}
    )
    unggulan = UnggulanList.objects.create(
        kabkota_id=kabkota, year=2026, title="Unggulan", per_sector=6, weights=weights
    )
    for rank, product in enumerate(products, start=1):
        UnggulanEntry.objects.create(
            unggulan_list=unggulan, sector=product.business.sector, rank=rank, product=product,
            product_name=product.name, business_name=product.business.name, decision=Decision.LAYAK_MODERN,
            total=80,
        )  # fmt: skip
    catalogue_kabkota_changed(kabkota=kabkota)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}, {"width": 1280, "height": 900}])
def test_the_first_page_stays_under_300_kb(
    viewport: dict, page: Any, live_server: Any, make_public: Callable[..., Product],
    sampang_business: Business, make_business: Callable[..., Business],
) -> None:  # fmt: skip
    surabaya = make_business(
        SURABAYA, name="Kue Lapis Surabaya", owner_nik="3578015001900002", sector="pangan"
    )
    names = [
        "Keripik Tempe",
        "Kerupuk Ikan",
        "Rengginang Lorjuk",
        "Dodol Nangka",
        "Sambal Bawang",
        "Kopi Robusta",
    ]
    for business, kabkota in ((sampang_business, "35.27"), (surabaya, SURABAYA)):
        products = [make_public(business, f"{name} {business.name}") for name in names]
        for product in products:
            add_photo(product)
        _unggulan(products, kabkota)
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/etalase/", wait_until="networkidle")
    assert page.locator("ul.grid li.card").count() == 12
    sizes = {response.url: len(response.body()) for response in responses if response.status == 200}
    images = [url for url in sizes if "/etalase/foto/" in url]
    assert images, "the cards show their photos"
    assert all(url.endswith("/kecil/") for url in images), "cards load the 400 px thumbnail"
    assert sum(sizes.values()) < PAGE_BUDGET, sizes
