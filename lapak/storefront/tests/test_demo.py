"""The demo storefront: owners of curated demo products consent, so the demo catalogue is not empty."""

from __future__ import annotations

import pytest

from lapak.catalog.models import Product
from lapak.channels.models import Listing
from lapak.privacy.models import Consent, ConsentSource
from lapak.registry.models import Business
from lapak.storefront.demo import demo_storefront_create
from lapak.storefront.models import PublicProfile, SearchDocument
from lapak.storefront.selectors import public_products

from .conftest import make_product, marketplace_listing

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_curated_products_of_their_businesses(
    sampang_business: Business, surabaya_business: Business, rubrics: None
) -> None:
    product = make_product(sampang_business)
    Product.objects.create(business=surabaya_business, name="Belum dikurasi", category="pangan.kue")
    marketplace_listing(product, "shopee", "")
    assert demo_storefront_create() == 1
    assert list(public_products()) == [product]
    consent = Consent.objects.get()
    assert (consent.business, consent.source, consent.granted) == (sampang_business, ConsentSource.DEMO, True)
    assert PublicProfile.objects.get().show_women_owned is True  # Siti Aminah's business
    shopee = Listing.objects.get(channel__code="shopee")
    assert shopee.external_url == f"https://shopee.co.id/product/{7000 + sampang_business.pk}/991"
    assert SearchDocument.objects.count() == 1
    assert demo_storefront_create() == 0  # once
