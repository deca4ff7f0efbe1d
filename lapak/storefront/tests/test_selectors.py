"""Who the public sees: only curated, live, consented, active products; nothing personal."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, ListingState
from lapak.channels.services import listing_delist
from lapak.curation.models import Decision
from lapak.privacy.models import Purpose
from lapak.privacy.services import consent_withdraw
from lapak.registry.models import Business
from lapak.storefront import selectors
from lapak.storefront.models import PublicProfile, RegionPrecision

from .conftest import PHONE, consent, curate, make_product, marketplace_listing

pytestmark = pytest.mark.django_db


def public_ids() -> set[int]:
    return set(selectors.public_products().values_list("pk", flat=True))


def test_it_shows_a_curated_live_consented_product(public_product: Product) -> None:
    assert public_ids() == {public_product.pk}
    listing = Listing.objects.get(product=public_product, channel__code="lapak")
    assert listing.state == ListingState.LIVE


def test_it_hides_an_uncurated_product(sampang_business: Business, rubrics: None) -> None:
    make_product(sampang_business, curated=False)
    consent(sampang_business)
    assert public_ids() == set()


def test_it_hides_a_product_whose_latest_kurasi_needs_coaching(public_product: Product) -> None:
    curate(public_product, decision=Decision.PERLU_PEMBINAAN)
    assert public_ids() == set()


def test_it_hides_a_product_taken_off_the_storefront(public_product: Product) -> None:
    listing = Listing.objects.get(product=public_product, channel__code="lapak")
    listing_delist(actor=None, listing=listing)
    assert public_ids() == set()


def test_it_hides_a_product_without_consent(sampang_business: Business, rubrics: None) -> None:
    make_product(sampang_business)
    assert public_ids() == set()


def test_it_hides_a_product_after_consent_is_withdrawn(public_product: Product) -> None:
    consent_withdraw(actor=None, business=public_product.business, purpose=Purpose.KATALOG_PUBLIK)
    assert public_ids() == set()
    assert selectors.public_product(public_product.pk) is None


def test_consent_for_another_purpose_does_not_publish(sampang_business: Business, rubrics: None) -> None:
    from lapak.privacy.selectors import wording_current
    from lapak.privacy.services import consent_grant

    make_product(sampang_business)
    wording = wording_current(Purpose.MARKETPLACE)
    consent_grant(actor=None, business=sampang_business, purpose=Purpose.MARKETPLACE, wording=wording)
    assert public_ids() == set()


def test_it_hides_an_inactive_product(public_product: Product) -> None:
    Product.objects.filter(pk=public_product.pk).update(is_active=False)
    assert public_ids() == set()


def test_it_finds_a_product_by_pk_or_slug(public_product: Product) -> None:
    pk = public_product.pk
    assert selectors.public_product(pk) == public_product
    assert selectors.public_product(f"{pk}-keripik-tempe-sagu") == public_product
    assert selectors.public_product("keripik") is None
    assert selectors.public_product(pk + 1000) is None


def test_public_businesses_are_those_with_a_public_product(
    public_product: Product, surabaya_business: Business
) -> None:
    consent(surabaya_business)  # consented, but nothing curated
    assert list(selectors.public_businesses()) == [public_product.business]


def test_buy_links_are_live_marketplace_listings_with_a_url(public_product: Product) -> None:
    marketplace_listing(public_product, "shopee", "https://shopee.co.id/product/1/991")
    marketplace_listing(public_product, "tiktok", "")  # live, but no URL known
    marketplace_listing(public_product, "lazada", "https://www.lazada.co.id/x", state=ListingState.SUBMITTED)
    bukalapak = Channel.objects.get(code="bukalapak")  # closed since February 2025
    Listing.objects.create(
        product=public_product,
        channel=bukalapak,
        state=ListingState.LIVE,
        external_url="https://bukalapak.com/p/1",
    )
    links = selectors.buy_links(public_product)
    assert [(x.channel_code, x.url) for x in links] == [("shopee", "https://shopee.co.id/product/1/991")]


def test_public_facts_hold_only_what_the_owner_chose(public_product: Product) -> None:
    business = public_product.business
    facts = selectors.public_business_facts(business)
    assert (facts.phone, facts.address, facts.women_owned) == ("", "", False)
    assert facts.region == business.kabkota.name
    PublicProfile.objects.create(
        business=business, show_phone=True, region_precision=RegionPrecision.KECAMATAN, show_women_owned=True
    )
    facts = selectors.public_business_facts(business)
    assert facts.phone == PHONE
    assert facts.region == f"Kec. {business.kecamatan.name}, {business.kabkota.name}"
    assert facts.women_owned is True
    assert not any("Siti" in str(value) for value in vars(facts).values())


def test_catalogue_state_moves_with_every_public_change(public_product: Any) -> None:
    version, _changed = selectors.catalogue_state()
    marketplace_listing(public_product, "shopee", "https://shopee.co.id/product/1/991")
    assert selectors.catalogue_state()[0] == version + 1
