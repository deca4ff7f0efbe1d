"""Reports fixtures: finished reports with files (for archive and share-link tests), media in a temporary
folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from lapak.catalog.models import Product
from lapak.channels.models import Channel, SalesLine, SalesOrder, SaleSource
from lapak.curation.models import (
    CurationRound,
    CurationStatus,
    Decision,
    RoundStatus,
    RubricVersion,
    UnggulanEntry,
    UnggulanList,
    UnggulanWeights,
)
from lapak.funnel.models import Indicator, Target
from lapak.insights.services import rollups_refresh
from lapak.regions.models import POVERTY_RATE, RegionIndicator
from lapak.registry.models import Business, OnlineMode, Sector
from lapak.reports.models import Report, ReportKind, ReportStatus

WIB = ZoneInfo("Asia/Jakarta")

OCTOBER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def make_report(regions: None) -> Callable[..., Report]:
    """A ready report of ``kind`` for ``region`` with a small PDF and XLSX (not real ones)."""

    def factory(kind: str = ReportKind.KABKOTA, region: str = "35.27", **fields: Any) -> Report:
        data: dict[str, Any] = {
            "kind": kind,
            "period": OCTOBER,
            "region_id": region,
            "title": f"Laporan {kind} {region}",
            "status": ReportStatus.READY,
            "pdf": ContentFile(b"%PDF-1.4 laporan", "laporan.pdf"),
            "xlsx": ContentFile(b"PK laporan", "laporan.xlsx"),
        }
        data.update(fields)
        return Report.objects.create(**data)

    return factory


# --- A small world for generating real reports (figures worked out by hand in test_generation) --------


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=WIB)


@dataclass
class World:
    batik: Business  # Sampang, kriya
    kerupuk: Business  # Sampang, pangan
    lapis: Business  # Surabaya, pangan
    ukir: Business  # Surabaya, kriya
    unggulan: UnggulanList  # Sampang 2026


def order(business: Business, when: datetime, amount: int, *, channel: str = "", province: str = "",
          country: str = "ID") -> SalesOrder:  # fmt: skip
    """An order of one line: online through ``channel``, else a Galeri (offline) sale."""
    made = SalesOrder.objects.create(
        business=business, channel=Channel.objects.get(code=channel) if channel else None,
        source=SaleSource.CHANNEL if channel else SaleSource.GALERI, is_online=bool(channel),
        external_id=f"{channel}-{SalesOrder.objects.count() + 1}" if channel else "", ordered_at=when,
        buyer_province=province, buyer_country=country, total_amount=amount,
    )  # fmt: skip
    SalesLine.objects.create(order=made, quantity=1, unit_price=amount, amount=amount)
    return made


def _products(world_businesses: list[Business]) -> None:
    batik, _kerupuk, _lapis, ukir = world_businesses
    Product.objects.create(business=batik, name="Batik Tulis Sekar", category="fesyen.batik-tulis")
    anyaman = Product.objects.create(business=batik, name="Tas Anyaman", category="kriya.anyaman")
    Product.objects.create(business=ukir, name="Ukiran Jati", category="kriya.kayu", is_exported=True)
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    curated = CurationRound.objects.create(
        product=anyaman, number=1, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=Decision.LAYAK_MODERN, total_score=80,
    )  # fmt: skip
    CurationStatus.objects.create(
        product=anyaman, round=curated, decision=Decision.LAYAK_MODERN, score=80, decided_at=at(2026, 5, 1)
    )


def _unggulan() -> UnggulanList:
    weights, _ = UnggulanWeights.objects.get_or_create(
        version=1, defaults={"curation": 50, "market": 20, "local_content": 15, "capacity": 15}
    )
    unggulan = UnggulanList.objects.create(
        kabkota_id="35.27",
        year=2026,
        title="Produk Unggulan Kab. Sampang 2026",
        per_sector=3,
        weights=weights,
    )
    UnggulanEntry.objects.create(
        unggulan_list=unggulan, sector=Sector.CRAFT, rank=1, product_name="=1+1 Tas Anyaman",
        business_name="Batik Tulis Sekar Jagad", decision=Decision.LAYAK_MODERN, total=Decimal("86.50"),
        breakdown={"curation": {"label": "Kurasi", "score": 80, "weight": 50, "contribution": 40}},
    )  # fmt: skip
    return unggulan


@pytest.fixture
def world(make_business: Callable[..., Business], users: dict[str, Any]) -> World:
    """Four businesses, one of them (Sampang's batik) selling online. October 2026: Sampang sells
    Rp1.234.567 online (to Jawa Barat) and Rp250.000 offline; Surabaya Rp765.433 online to Malaysia
    (kriya) and Rp300.000 to DKI Jakarta (pangan). Province online GMV Rp2.300.000, crafts online
    Rp2.000.000. One September order (Rp100.000) for the trend."""
    batik = make_business("35.27", online_mode=OnlineMode.CREATOR)
    kerupuk = make_business("35.27", name="Kerupuk Tette", owner_nik="3527010101800003", sector=Sector.FOOD)
    lapis = make_business("35.78", name="Kue Lapis", owner_nik="3578015001900002", sector=Sector.FOOD)
    ukir = make_business("35.78", name="Ukir Kayu Suroboyo", owner_nik="3578010101700004")
    order(batik, at(2026, 10, 5), 1_234_567, channel="shopee", province="Jawa Barat")
    order(batik, at(2026, 10, 20), 250_000)
    order(ukir, at(2026, 10, 12), 765_433, channel="tiktok", country="MY")
    order(lapis, at(2026, 10, 30), 300_000, channel="tiktok", province="DKI Jakarta")
    order(batik, at(2026, 9, 15), 100_000, channel="shopee", province="Bali")
    _products([batik, kerupuk, lapis, ukir])
    for code, rate in (("35.27", "20.83"), ("35.26", "18.66"), ("35.78", "3.96")):
        RegionIndicator.objects.create(
            region_id=code, indicator=POVERTY_RATE, year=2024, period="Maret", value=Decimal(rate), unit="%",
            source="BPS",
        )  # fmt: skip
    Target.objects.create(
        programme="Go Digital 2026", indicator=Indicator.MARKETPLACE, region_id="35", value=10,
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip
    unggulan = _unggulan()
    rollups_refresh(commit_lag=timedelta(0), full=True)
    return World(batik, kerupuk, lapis, ukir, unggulan)
