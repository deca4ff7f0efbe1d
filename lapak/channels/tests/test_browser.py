"""End-to-end in Debian's chromium: an owner connects sandbox shops, publishes a curated product to two
channels, sees both go live, changes the price and sees it reach the channel."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, ListingState
from lapak.channels.sandbox import SandboxServer
from lapak.conftest import BROWSER_MARKS, browser_login
from lapak.core.jobs import jobs_run_pending

from .conftest import KEYS, curate

pytestmark = BROWSER_MARKS

PAGES = {"tiktok": "/open/authorize", "shopee": "/api/v2/shop/auth_partner"}


def point_at(sandboxes: dict[str, SandboxServer], settings: Any) -> None:
    """Aim TikTok and Shopee at their sandboxes, as a deployer would with the real hosts."""
    settings.LAPAK_CHANNEL_KEYS = {
        code: {"app_key": KEYS["app_key"], "app_secret": KEYS["app_secret"]} for code in PAGES
    }
    for code, page in PAGES.items():
        url = sandboxes[code].url
        Channel.objects.filter(code=code).update(
            base_url=url, token_host=url, authorize_page=url + page, requests_per_second=1000
        )


@pytest.mark.django_db(transaction=True)
def test_an_owner_connects_publishes_and_syncs_a_price(
    page: Any,
    live_server: Any,
    users: dict,
    product: Product,
    sandboxes: dict[str, SandboxServer],
    settings: Any,
) -> None:
    curate(product)  # the owner has not agreed to marketplaces yet: they do it in the browser below
    curated = product
    from lapak.channels.models import CategoryMapping

    point_at(sandboxes, settings)
    for code in PAGES:
        CategoryMapping.objects.create(
            channel=Channel.objects.get(code=code), category="pangan.keripik", external_category_id="100123"
        )
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, base, "pemilik")
    page.goto(f"{base}/privasi/usaha/{curated.business_id}/")
    page.click("article#marketplace button:has-text('Saya setuju')")
    page.wait_for_selector("article#marketplace b:has-text('Disetujui')")
    page.goto(f"{base}/usaha/{curated.business_id}/")
    page.click("a[role=button]:has-text('Kanal penjualan')")

    for code in PAGES:
        page.click(f"#shops tr[data-channel={code}] button:has-text('Sambungkan')")
        page.click("#allow")  # the channel's own consent page
        page.wait_for_selector("article.success")
        assert "tersambung" in page.locator("ul.messages").inner_text()
        assert page.locator(f"#shops tr[data-channel={code}] .badge.ok").count() == 1

    section = page.locator(f"section[data-product='{curated.pk}']")
    for name in ("TikTok Shop / Tokopedia", "Shopee"):
        section.get_by_label(name).check()
    section.locator("button:has-text('Tayangkan')").click()
    page.wait_for_selector("article.success")
    jobs_run_pending()
    page.reload()
    for code in PAGES:
        assert section.locator(f"li[data-channel={code}] [data-state]").get_attribute("data-state") == "live"
    assert len(sandboxes["tiktok"].platform.products) == 1 and len(sandboxes["shopee"].platform.products) == 1

    page.goto(f"{base}/produk/{curated.pk}/ubah/")
    page.fill("input[name='sku-0-price']", "16500")
    page.click("button[type=submit]:has-text('Simpan')")
    page.wait_for_url(f"{base}/produk/{curated.pk}/")
    jobs_run_pending()

    tiktok = Listing.objects.get(channel__code="tiktok")
    stored = sandboxes["tiktok"].platform.products[tiktok.external_id]["skus"][0]
    assert stored["price"]["amount"] == "16500"
    page.goto(f"{base}/kanal/tayangan/{tiktok.pk}/")
    assert "prices/update" in page.locator("table").last.inner_text()
    assert Listing.objects.filter(state=ListingState.LIVE).count() == 3  # and the storefront
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
