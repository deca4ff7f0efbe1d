"""A small world with figures computed by hand (see each test): four businesses in Sampang and Surabaya,
seven orders (two outside the period, one on each side of a month boundary in Asia/Jakarta), products,
a done visit, funnel rows, poverty rates, a target and a produk unggulan list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lapak.catalog.models import Product
from lapak.channels.models import Channel, SalesLine, SalesOrder, SaleSource
from lapak.conftest import SAMPANG, SURABAYA
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
from lapak.funnel.models import BusinessFunnel, Indicator, Target
from lapak.insights.filters import InsightFilters
from lapak.insights.services import RefreshResult, rollups_refresh
from lapak.mentoring.models import Team, Visit, VisitStatus
from lapak.regions.models import POVERTY_RATE, RegionIndicator
from lapak.registry.models import Business, OnlineMode, Sector, Sex

WIB = ZoneInfo("Asia/Jakarta")
PERIOD = InsightFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))
# Eleven kab/kota with a poverty rate: Sampang is the poorest, Surabaya (35.78) is not among the ten.
POVERTY = {
    "35.27": "20.83", "35.26": "18.66", "35.29": "17.78", "35.13": "16.47", "35.28": "13.41",
    "35.11": "12.93", "35.12": "11.55", "35.23": "14.23", "35.24": "11.98", "35.01": "12.90",
    "35.78": "3.96",
}  # fmt: skip


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def refresh() -> RefreshResult:
    return rollups_refresh(commit_lag=timedelta(0))


@dataclass
class World:
    b1: Business  # Sampang, kriya, woman, Kopwan, kreator (online), mikro
    b2: Business  # Sampang, pangan, man, offline but with a live listing (online), mikro
    b3: Business  # Surabaya, pangan, woman, reseller (online), kecil
    b4: Business  # Surabaya, kriya, man, offline, kecil
    tiktok: Channel
    shopee: Channel


def order(
    business: Business, when: datetime, lines: list[tuple[int, int]], *, channel: Channel | None = None,
    province: str = "", country: str = "ID", source: str = SaleSource.CHANNEL,
) -> SalesOrder:  # fmt: skip
    """An order with lines of (quantity, unit price), online when it has a channel."""
    made = SalesOrder.objects.create(
        business=business, channel=channel, source=source if channel else SaleSource.GALERI,
        is_online=channel is not None, external_id=f"o-{SalesOrder.objects.count() + 1}" if channel else "",
        ordered_at=when, buyer_province=province, buyer_country=country,
        total_amount=sum(q * p for q, p in lines),
    )  # fmt: skip
    for quantity, price in lines:
        SalesLine.objects.create(order=made, quantity=quantity, unit_price=price, amount=quantity * price)
    return made


def _businesses(make_business: Callable[..., Business], users: dict[str, Any]) -> list[Business]:
    b1 = make_business(SAMPANG, name="Batik Sekar Jagad", is_kopwan_member=True,
                       online_mode=OnlineMode.CREATOR, owner_account=users["pemilik"])  # fmt: skip
    b2 = make_business(SAMPANG, name="Kerupuk Tette Madura", owner_name="Ahmad Fauzi", owner_sex=Sex.MALE,
                       owner_nik="3527010101800003", sector=Sector.FOOD, phone="+6281311112222")  # fmt: skip
    b3 = make_business(SURABAYA, name="Kue Lapis Surabaya", owner_name="Dewi Lestari",
                       owner_nik="3578015001900002", sector=Sector.FOOD, online_mode=OnlineMode.RESELLER,
                       annual_sales=5_000_000_000, phone="+6281355556666")  # fmt: skip
    b4 = make_business(SURABAYA, name="Ukir Kayu Suroboyo", owner_name="Budi Santoso", owner_sex=Sex.MALE,
                       owner_nik="3578010101700004", annual_sales=3_000_000_000,
                       phone="+6281377778888")  # fmt: skip
    return [b1, b2, b3, b4]


def _orders(b1: Business, b2: Business, b3: Business, b4: Business, tiktok: Channel, shopee: Channel) -> None:
    order(b1, at(2026, 1, 15), [(2, 30_000), (1, 40_000)], channel=tiktok, province="Jawa Barat")
    order(b1, at(2026, 2, 10), [(5, 50_000)], channel=shopee, country="MY")
    order(b2, at(2026, 2, 20), [(4, 20_000)], province="Jawa Timur")
    order(b3, at(2026, 3, 5), [(3, 100_000)], channel=tiktok, province="DKI Jakarta")
    order(b4, at(2026, 3, 31, 20), [(1, 50_000)], province="Jawa Timur", source=SaleSource.EXPO)
    order(b3, at(2026, 4, 1, 0, 30), [(1, 70_000)], channel=tiktok, country="SG")  # April in Jakarta
    order(b1, at(2025, 12, 31, 23), [(1, 15_000)], channel=shopee, province="Bali")  # December


def _products(b1: Business, b3: Business) -> None:
    exported = Product.objects.create(business=b1, name="Batik Tulis Madura", category="fesyen.batik",
                                      local_share=Decimal("80"), is_exported=True)  # fmt: skip
    Product.objects.create(business=b3, name="Lapis Legit", category="pangan.kue", local_share=Decimal("50"))
    Product.objects.create(business=b3, name="Bolu Kukus", category="pangan.kue")
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    curation_round = CurationRound.objects.create(
        product=exported, number=1, rubric_version=version, status=RoundStatus.COMPLETED,
        decision=Decision.LAYAK_EKSPOR, total_score=88,
    )  # fmt: skip
    CurationStatus.objects.create(product=exported, round=curation_round, decision=Decision.LAYAK_EKSPOR,
                                  score=88, decided_at=at(2026, 2, 1))  # fmt: skip


def _funnel(b1: Business, b2: Business, b3: Business) -> None:
    """b1 at stage 4 (listed 1 Feb), b2 at stage 1 but live since 1 Mar, b3 at stage 2, b4 without a row."""
    base = {"reached_registered_at": at(2025, 1, 1), "refreshed_at": at(2026, 11, 1)}
    rows = {
        b1: {"current_stage": 4, "stage_since": at(2026, 2, 1), "reached_listed_at": at(2026, 2, 1)},
        b2: {"current_stage": 1, "stage_since": at(2025, 1, 1), "reached_listed_at": at(2026, 3, 1)},
        b3: {"current_stage": 2, "stage_since": at(2025, 6, 1), "reached_legal_at": at(2025, 6, 1)},
    }
    # update_or_create: with real commits (browser tests) the funnel has already made its own rows.
    for business, values in rows.items():
        BusinessFunnel.objects.update_or_create(business=business, defaults={**base, **values})


def _context(b2: Business, users: dict[str, Any]) -> None:
    for code, value in POVERTY.items():
        RegionIndicator.objects.create(region_id=code, indicator=POVERTY_RATE, year=2024, period="Maret",
                                       value=Decimal(value), unit="%", source="BPS")  # fmt: skip
    team = Team.objects.create(name="Tim Sampang", organisation="Dinas", region_id=SAMPANG)
    visit = Visit.objects.create(team=team, mentor=users["pendamping"], status=VisitStatus.DONE,
                                 visit_date=date(2026, 3, 2), place_id=b2.desa_id)  # fmt: skip
    visit.businesses.set([b2])
    Target.objects.create(programme="Go Digital 2026", indicator=Indicator.MARKETPLACE, region_id="35",
                          value=10, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))  # fmt: skip
    weights = UnggulanWeights.objects.create(
        version=99, curation=50, market=20, local_content=15, capacity=15
    )
    unggulan = UnggulanList.objects.create(kabkota_id=SAMPANG, year=2026, title="Unggulan Sampang 2026",
                                           per_sector=3, weights=weights)  # fmt: skip
    UnggulanEntry.objects.create(unggulan_list=unggulan, sector=Sector.CRAFT, rank=1,
                                 product_name="Batik Tulis Madura", business_name="Batik Sekar Jagad",
                                 decision=Decision.LAYAK_EKSPOR, total=Decimal("86.50"))  # fmt: skip


@pytest.fixture
def world(make_business: Callable[..., Business], users: dict[str, Any]) -> World:
    b1, b2, b3, b4 = _businesses(make_business, users)
    tiktok, shopee = Channel.objects.get(code="tiktok"), Channel.objects.get(code="shopee")
    _orders(b1, b2, b3, b4, tiktok, shopee)
    _products(b1, b3)
    _funnel(b1, b2, b3)
    _context(b2, users)
    return World(b1, b2, b3, b4, tiktok, shopee)
