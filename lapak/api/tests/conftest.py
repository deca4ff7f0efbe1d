"""API fixtures: tokens of every kind, curated products, shop connections and consents.

Two partners: A is TikTok Shop, B is Shopee. Staff tokens carry every staff scope; their users come from
``lapak/conftest.py`` (``operator`` is Sampang's, ``other_operator`` Surabaya's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lapak.accounts.models import User
from lapak.api.scopes import STAFF_SCOPES
from lapak.api.services import api_token_create, partner_key_issue
from lapak.catalog.models import Product
from lapak.catalog.services import product_create
from lapak.channels.models import (
    PARTNER_SCOPES,
    Channel,
    Listing,
    ListingState,
    SalesOrder,
    SaleSource,
    ShopConnection,
)
from lapak.curation.models import CurationRound, CurationStatus, Decision, RoundStatus, Rubric
from lapak.curation.selectors import rubric_current_version
from lapak.curation.services import rubrics_install_defaults
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant, wordings_install_defaults
from lapak.registry.models import Business

STAFF = ("operator", "other_operator", "admin", "pimpinan")


@pytest.fixture(autouse=True)
def fresh_api_state(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Rate-limit counters start at zero; feed changes count at once; media files go to a temp dir."""
    cache.clear()
    settings.LAPAK_API_FEED_SETTLE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


@pytest.fixture
def tokens(users: dict[str, User]) -> dict[str, str]:
    """The secret of each kind of caller: ``partner_a`` (TikTok), ``partner_b`` (Shopee), one staff token
    per role in ``STAFF``; ``public`` is no token."""
    admin = users["admin"]
    secrets = {
        "partner_a": partner_key_issue(
            actor=admin, channel=Channel.objects.get(code="tiktok"), name="TikTok", scopes=PARTNER_SCOPES
        )[1],
        "partner_b": partner_key_issue(
            actor=admin, channel=Channel.objects.get(code="shopee"), name="Shopee", scopes=PARTNER_SCOPES
        )[1],
    }
    for role in STAFF:
        secrets[role] = api_token_create(user=users[role], name="Integrasi", scopes=STAFF_SCOPES)[1]
    return secrets


def bearer(secret: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}


def call(method: str, path: str, secret: str | None = None, body: Any = None, **extra: Any) -> Any:
    client = Client()
    if method == "get":
        return client.get(path, body or {}, **bearer(secret), **extra)
    import json

    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **bearer(secret), **extra
    )


def curate(product: Product, decision: int = Decision.LAYAK_MODERN) -> CurationStatus:
    """A finished kurasi round with ``decision`` (the curation app's own flow is tested there)."""
    rubrics_install_defaults()
    version = rubric_current_version(Rubric.objects.get(code="pangan"))
    number = CurationRound.objects.filter(product=product).count() + 1
    done = CurationRound.objects.create(
        product=product, number=number, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=decision, total_score=80, completed_at=timezone.now(),
    )  # fmt: skip
    status, _created = CurationStatus.objects.update_or_create(
        product=product,
        defaults={"round": done, "decision": decision, "score": 80, "decided_at": timezone.now()},
    )
    return status


@pytest.fixture
def make_product() -> Callable[..., Product]:
    def factory(business: Business, name: str = "Keripik Tempe Bu Sri", code: str = "KTS") -> Product:
        return product_create(
            actor=None,
            business=business,
            data={"name": name, "description": "Keripik tempe renyah. " * 8, "category": "pangan.keripik"},
            skus=[
                {"code": f"{code}-250", "variant": "250 g", "price": 15000, "stock": 40, "weight_grams": 260},
                {"code": f"{code}-500", "variant": "500 g", "price": 28000, "stock": 0, "weight_grams": 510},
            ],
        )

    return factory


def connect(business: Business, code: str, shop_id: str = "7788") -> ShopConnection:
    return ShopConnection.objects.create(
        business=business, channel=Channel.objects.get(code=code), shop_id=shop_id, shop_name="Toko"
    )


def consent(business: Business, *purposes: str) -> None:
    wordings_install_defaults()
    for purpose in purposes or (Purpose.KATALOG_PUBLIK, Purpose.MARKETPLACE):
        consent_grant(actor=None, business=business, purpose=purpose, wording=wording_current(purpose))


@pytest.fixture
def world(sampang_business: Any, surabaya_business: Any, make_product: Any) -> dict[str, Any]:
    """In each region a curated product, public on the storefront, live on one marketplace (Sampang on
    TikTok, Surabaya on Shopee) through a connected shop, with one order there."""
    records: dict[str, Any] = {}
    for which, business, code, shop in (
        ("sampang", sampang_business, "tiktok", "7788"),
        ("surabaya", surabaya_business, "shopee", "8899"),
    ):
        consent(business)
        product = make_product(business, name=f"Keripik {which}", code=which[:3].upper())
        curate(product)  # the storefront listing goes live on the kurasi decision
        channel = Channel.objects.get(code=code)
        Listing.objects.create(
            product=product, channel=channel, state=ListingState.LIVE, external_id=f"EXT-{which}"
        )
        connect(business, code, shop)
        SalesOrder.objects.create(
            business=business, channel=channel, source=SaleSource.CHANNEL, is_online=True,
            external_id=f"ORD-{which}", ordered_at=timezone.now(), total_amount=15000,
        )  # fmt: skip
        records[which] = {"product": product, "business": business}
    return records
