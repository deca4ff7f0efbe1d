"""Funnel fixtures: the facts that move a business through the funnel, each with a time we choose."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, ListingState, SalesOrder, SaleSource
from lapak.conftest import SAMPANG
from lapak.curation.models import CurationRound, CurationStatus, Decision, RoundStatus, RubricVersion
from lapak.funnel.models import BusinessFunnel
from lapak.funnel.services import funnel_refresh
from lapak.registry.models import Business, DocumentKind, LegalityDocument, Sector, VerificationStatus

WIB = ZoneInfo("Asia/Jakarta")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WIB)


REGISTERED = at(2025, 1, 6)
NOW = at(2026, 11, 20)
LEGAL_AT, CURATED_AT, LISTED_AT = at(2025, 3, 1), at(2025, 5, 1), at(2025, 6, 1)


@pytest.fixture
def business(make_business: Callable[..., Business]) -> Business:
    """A craft business of Sampang registered on 6 January 2025."""
    return registered(make_business(SAMPANG, name="Anyaman Pandan Mandiri"))


def registered(business: Business, when: datetime = REGISTERED) -> Business:
    Business.objects.filter(pk=business.pk).update(created_at=when)
    business.refresh_from_db()
    return business


def document(
    business: Business,
    kind: str = DocumentKind.NIB,
    *,
    verified_at: datetime | None = LEGAL_AT,
    status: str = VerificationStatus.VERIFIED,
    expires_on: date | None = None,
) -> LegalityDocument:
    return LegalityDocument.objects.create(
        business=business, kind=kind, number=f"{kind}-{business.pk}-{LegalityDocument.objects.count()}",
        status=status, verified_at=verified_at, expires_on=expires_on,
    )  # fmt: skip


def make_legal(business: Business, when: datetime = LEGAL_AT) -> None:
    document(business, verified_at=when)
    if business.sector == Sector.FOOD:
        document(business, DocumentKind.PIRT, verified_at=when)
        document(business, DocumentKind.HALAL, verified_at=when)


def curate(
    business: Business, when: datetime = CURATED_AT, decision: int = Decision.LAYAK_MODERN,
    product: Product | None = None,
) -> Product:  # fmt: skip
    """A product of the business with a completed kurasi round decided at ``when``."""
    product = product or Product.objects.create(
        business=business, name="Tas Anyaman", category="kriya.anyaman"
    )
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    assert version is not None
    number = CurationRound.objects.filter(product=product).count() + 1
    curation_round = CurationRound.objects.create(
        product=product, number=number, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=decision, total_score=70, completed_at=when,
    )  # fmt: skip
    CurationStatus.objects.update_or_create(
        product=product,
        defaults={"round": curation_round, "decision": decision, "score": 70, "decided_at": when},
    )
    return product


def listing(
    product: Product, code: str = "shopee", when: datetime = LISTED_AT, state: str = ListingState.LIVE
) -> Listing:
    item, _ = Listing.objects.update_or_create(
        product=product, channel=Channel.objects.get(code=code), defaults={"state": state}
    )
    Listing.objects.filter(pk=item.pk).update(updated_at=when)
    return item


def order(
    business: Business, when: datetime, *, code: str | None = "shopee", source: str = SaleSource.CHANNEL,
    online: bool = True,
) -> SalesOrder:  # fmt: skip
    channel = Channel.objects.get(code=code) if code else None
    return SalesOrder.objects.create(
        business=business, channel=channel, source=source, is_online=online, ordered_at=when,
        total_amount=50_000, external_id="" if channel is None else f"{code}-{SalesOrder.objects.count()}",
    )  # fmt: skip


def refreshed(business: Business, now: datetime = NOW) -> BusinessFunnel:
    funnel_refresh(business_ids=[business.pk], now=now)
    return BusinessFunnel.objects.get(business=business)


@pytest.fixture
def rubric_versions(db: Any) -> None:
    from lapak.curation.services import rubrics_install_defaults

    rubrics_install_defaults()
