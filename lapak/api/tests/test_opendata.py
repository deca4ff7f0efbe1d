"""Open data: counts and GMV by kab/kota, sector and month, with small cells suppressed (hand-computed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lapak.api.opendata import Cell, suppress
from lapak.channels.models import SalesOrder, SaleSource
from lapak.conftest import SAMPANG, SURABAYA
from lapak.registry.models import Sector

from .conftest import call

pytestmark = pytest.mark.django_db
MALANG = "35.07"
WIB = ZoneInfo("Asia/Jakarta")


def cells(path: str, **params: Any) -> list[tuple[str, Any, ...]]:
    body = call("get", path, None, params).json()
    figures = ("businesses", "orders", "gmv")
    return [(c["key"], *(c[f] for f in figures if f in c), c["suppressed"]) for c in body["cells"]]


@pytest.fixture
def registry(make_business: Any) -> dict[str, list]:
    made: dict[str, list] = {SAMPANG: [], SURABAYA: [], MALANG: []}
    plan = [
        (SAMPANG, Sector.FOOD, 4),
        (SAMPANG, Sector.CRAFT, 2),
        (SURABAYA, Sector.FOOD, 5),
        (MALANG, Sector.CRAFT, 2),
    ]
    for kabkota, sector, count in plan:
        for number in range(count):
            made[kabkota].append(
                make_business(kabkota, name=f"{sector} {number}", sector=sector, owner_nik="")
            )
    return made


def test_business_counts_hide_small_cells_and_the_next_smallest(registry: dict) -> None:
    # Malang (2) is under 5; alone it could be recovered from the province total, so Surabaya (5) goes too.
    assert cells("/api/v1/data-terbuka/usaha/", kelompok="kabkota") == [
        (MALANG, None, True),
        (SAMPANG, 6, False),
        (SURABAYA, None, True),
    ]
    # Kriya (4) is small; with only two cells, pangan (9) would give it away.
    assert cells("/api/v1/data-terbuka/usaha/", kelompok="sektor") == [
        ("kriya", None, True),
        ("pangan", None, True),
    ]


def test_business_counts_show_everything_above_the_threshold(registry: dict, settings: Any) -> None:
    settings.LAPAK_OPEN_DATA_MIN_CELL = 2
    assert cells("/api/v1/data-terbuka/usaha/", kelompok="sektor") == [
        ("kriya", 4, False),
        ("pangan", 9, False),
    ]


def order(business: Any, amount: int, when: datetime) -> None:
    SalesOrder.objects.create(
        business=business, channel=None, source=SaleSource.GALERI, is_online=False,
        ordered_at=when, total_amount=amount,
    )  # fmt: skip


def test_sales_by_region_month_and_year(registry: dict, settings: Any) -> None:
    settings.LAPAK_OPEN_DATA_MIN_CELL = 2
    sampang, surabaya, malang = registry[SAMPANG], registry[SURABAYA], registry[MALANG]
    november = datetime(2026, 11, 1, 0, 30, tzinfo=WIB)  # still 31 October in UTC
    october = datetime(2026, 10, 15, 9, 0, tzinfo=WIB)
    order(sampang[0], 10_000, november)
    order(sampang[0], 20_000, october)
    order(sampang[1], 5_000, november)
    order(surabaya[0], 12_000, november)
    order(surabaya[1], 18_000, october)
    order(malang[0], 7_000, november)
    order(malang[0], 99_000, datetime(2025, 6, 1, tzinfo=WIB))
    # (key, businesses, orders, gmv, suppressed); Malang has one business: hidden, and Sampang (2, the
    # smallest left, by code on a tie) with it.
    assert cells("/api/v1/data-terbuka/penjualan/", kelompok="kabkota", tahun=2026) == [
        (MALANG, None, None, None, True),
        (SAMPANG, None, None, None, True),
        (SURABAYA, 2, 2, 30_000, False),
    ]
    settings.LAPAK_OPEN_DATA_MIN_CELL = 1
    assert cells("/api/v1/data-terbuka/penjualan/", kelompok="bulan") == [
        ("2025-06", 1, 1, 99_000, False),
        ("2026-10", 2, 2, 38_000, False),
        ("2026-11", 4, 4, 34_000, False),
    ]
    assert cells("/api/v1/data-terbuka/penjualan/", kelompok="sektor", tahun=2026) == [
        ("kriya", 1, 1, 7_000, False),
        ("pangan", 4, 5, 65_000, False),
    ]


def test_suppression_leaves_a_table_without_small_cells_alone(settings: Any) -> None:
    settings.LAPAK_OPEN_DATA_MIN_CELL = 5
    table = [Cell("a", "A", 5), Cell("b", "B", 9)]
    assert suppress(table) == table
    two_small = [Cell("a", "A", 1), Cell("b", "B", 2), Cell("c", "C", 9)]
    assert [c.suppressed for c in suppress(two_small)] == [True, True, False]


def test_no_personal_data_in_open_data(registry: dict) -> None:
    body = call("get", "/api/v1/data-terbuka/usaha/", None, {"kelompok": "kabkota"}).content.decode()
    assert "Siti Aminah" not in body and "+6281234567890" not in body
