"""Channels fixtures: a curated product with two SKUs, shops connected to sandbox servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx2
import pytest
import stamina
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.catalog.services import product_create
from lapak.channels.models import CategoryMapping, Channel, ShopConnection
from lapak.channels.sandbox import SandboxServer
from lapak.channels.sandbox.platforms import LazadaPlatform, ShopeePlatform, TiktokPlatform
from lapak.channels.services import connection_save
from lapak.curation.models import CurationRound, CurationStatus, Decision, RoundStatus
from lapak.curation.selectors import rubric_current_version
from lapak.curation.services import rubrics_install_defaults
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant, wordings_install_defaults
from lapak.registry.models import Business

KEYS = {"app_key": "20001", "app_secret": "s3cr3t-app-secret", "access_token": "tok-abc-123"}
PLATFORMS = {"lazada": LazadaPlatform, "shopee": ShopeePlatform, "tiktok": TiktokPlatform}


@pytest.fixture(autouse=True)
def fast_retries() -> Iterator[None]:
    with stamina.set_testing(True, attempts=3):
        yield


@pytest.fixture
def client() -> Iterator[httpx2.Client]:
    with httpx2.Client(timeout=0.5) as http:
        yield http


def curate(product: Product, decision: int = Decision.LAYAK_MODERN) -> None:
    """Record a finished kurasi round for the product (the curation app's own flow is tested there)."""
    rubrics_install_defaults()
    from lapak.curation.models import Rubric

    version = rubric_current_version(Rubric.objects.get(code="pangan"))
    done = CurationRound.objects.create(
        product=product,
        number=1,
        rubric_version=version,
        status=RoundStatus.COMPLETED,
        decision=decision,
        total_score=80,
        completed_at=timezone.now(),
    )
    CurationStatus.objects.create(
        product=product, round=done, decision=decision, score=80, decided_at=timezone.now()
    )


@pytest.fixture
def product(sampang_business: Business, settings: Any, tmp_path: Any) -> Product:
    settings.MEDIA_ROOT = tmp_path / "media"
    made = product_create(
        actor=None,
        business=sampang_business,
        data={
            "name": "Keripik Tempe Bu Sri Trenggalek",
            "description": "Keripik tempe renyah. " * 8,
            "category": "pangan.keripik",
            "brand": "Bu Sri",
            "shelf_life_days": 180,
        },
        skus=[
            {"code": "KTS-250", "variant": "250 g", "price": 15000, "stock": 40, "weight_grams": 260},
            {"code": "KTS-500", "variant": "500 g", "price": 28000, "stock": 25, "weight_grams": 510},
        ],
    )
    return made


def consent_to_marketplaces(business: Business) -> None:
    """The owner agrees to marketplaces on the current wording (as on the privacy page)."""
    wordings_install_defaults()
    wording = wording_current(Purpose.MARKETPLACE)
    assert wording is not None
    consent_grant(actor=None, business=business, purpose=Purpose.MARKETPLACE, wording=wording)


@pytest.fixture
def curated(product: Product) -> Product:
    """A curated product whose owner agreed to marketplaces."""
    curate(product)
    consent_to_marketplaces(product.business)
    return product


@pytest.fixture
def sandboxes() -> Iterator[dict[str, SandboxServer]]:
    servers = {code: SandboxServer(platform(**KEYS), slow_s=0.7) for code, platform in PLATFORMS.items()}
    for server in servers.values():
        server.__enter__()
    yield servers
    for server in servers.values():
        server.__exit__(None, None, None)


@pytest.fixture
def connect(sandboxes: dict[str, SandboxServer], settings: Any) -> Callable[[Business, str], ShopConnection]:
    """Point a channel at its sandbox, map the keripik category and connect the business's shop."""
    settings.LAPAK_CHANNEL_KEYS = {
        code: {"app_key": KEYS["app_key"], "app_secret": KEYS["app_secret"]} for code in PLATFORMS
    }

    def factory(business: Business, code: str) -> ShopConnection:
        channel = Channel.objects.get(code=code)
        Channel.objects.filter(pk=channel.pk).update(base_url=sandboxes[code].url, requests_per_second=1000)
        CategoryMapping.objects.get_or_create(
            channel=channel, category="pangan.keripik", defaults={"external_category_id": "100123"}
        )
        return connection_save(
            actor=None,
            business=business,
            channel=Channel.objects.get(pk=channel.pk),
            shop_id="7788",
            shop_name="Toko Bu Sri",
            access_token=KEYS["access_token"],
            refresh_token="refresh-1",
            access_expires_at=timezone.now() + timedelta(days=7),
        )

    return factory
