"""Storefront fixtures: products made public step by step (kurasi → live on the storefront → consent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lapak.catalog.demo import demo_photo
from lapak.catalog.models import Product, ProductPhoto, Sku
from lapak.catalog.services import photo_add
from lapak.channels.models import Channel, Listing, ListingState
from lapak.curation.models import CurationRound, CurationStatus, Decision, RoundStatus, RubricVersion
from lapak.privacy.models import Consent, Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant
from lapak.registry.models import Business

NIK = "3527014507850001"
OWNER = "Siti Aminah"
PHONE = "+6281234567890"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    from django.core.cache import caches

    caches["storefront"].clear()


def curate(product: Product, decision: int = Decision.LAYAK_MODERN, score: int = 70) -> Product:
    """A completed kurasi round; the channels app then puts the product live on the storefront."""
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    assert version is not None
    number = CurationRound.objects.filter(product=product).count() + 1
    curation_round = CurationRound.objects.create(
        product=product, number=number, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=decision, total_score=score, completed_at=timezone.now(),
    )  # fmt: skip
    CurationStatus.objects.update_or_create(
        product=product,
        defaults={
            "round": curation_round,
            "decision": decision,
            "score": score,
            "decided_at": timezone.now(),
        },
    )
    return product


def make_product(
    business: Business, name: str = "Keripik Tempe Sagu", *, category: str = "pangan.keripik",
    price: int = 15_000, description: str = "", curated: bool = True,
) -> Product:  # fmt: skip
    product = Product.objects.create(business=business, name=name, category=category, description=description)
    Sku.objects.create(product=product, code=f"SKU-{product.pk}", price=price, stock=10)
    return curate(product) if curated else product


def consent(business: Business) -> Consent:
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    assert wording is not None
    return consent_grant(actor=None, business=business, purpose=Purpose.KATALOG_PUBLIK, wording=wording)


def marketplace_listing(
    product: Product, code: str = "shopee", url: str = "", state: str = ListingState.LIVE
) -> Listing:
    return Listing.objects.create(
        product=product,
        channel=Channel.objects.get(code=code),
        state=state,
        external_id="991",
        external_url=url,
    )


def add_photo(product: Product, index: int = 0) -> ProductPhoto:
    upload = SimpleUploadedFile(f"foto-{index}.jpg", demo_photo(product.name, (200, 90, 40), index))
    return photo_add(actor=None, product=product, upload=upload)


@pytest.fixture
def rubrics(db: Any) -> None:
    from lapak.curation.services import rubrics_install_defaults

    rubrics_install_defaults()


@pytest.fixture
def public_product(sampang_business: Business, rubrics: None) -> Product:
    """Keripik Tempe Sagu of Sampang's Batik Tulis Sekar Jagad: curated, live, consented."""
    product = make_product(sampang_business, description="Keripik tempe renyah buatan pengrajin Sampang.")
    consent(sampang_business)
    return product


@pytest.fixture
def make_public(rubrics: None) -> Callable[..., Product]:
    def factory(business: Business, name: str, **fields: Any) -> Product:
        product = make_product(business, name, **fields)
        if not Consent.objects.filter(business=business, withdrawn_at__isnull=True, granted=True).exists():
            consent(business)
        return product

    return factory
