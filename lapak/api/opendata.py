"""Open data: counts of businesses and sales (GMV) by kab/kota, sector or month, with no personal data.

Small cells are suppressed: a cell built from fewer than ``LAPAK_OPEN_DATA_MIN_CELL`` businesses
(default 5) is published without its figures, because a count of one or two businesses, or the sales of
one business, points at identifiable people and their income. When exactly one cell of a table is
suppressed, the next smallest is suppressed too: otherwise subtracting the other cells from a total that
another table gives (the province's count by sector) would reveal it. Tables carry no total row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lapak.channels.models import SalesOrder
from lapak.registry.models import Business, Sector

BY_KABKOTA, BY_SECTOR, BY_MONTH = "kabkota", "sektor", "bulan"


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    businesses: int | None
    orders: int | None = None
    gmv: int | None = None  # whole Rupiah
    suppressed: bool = False


def min_cell() -> int:
    return int(getattr(settings, "LAPAK_OPEN_DATA_MIN_CELL", 5))


def business_counts(*, group: str) -> list[Cell]:
    """Businesses of the home province per kab/kota or per sector."""
    businesses = Business.objects.filter(province_id=settings.LAPAK_HOME_PROVINCE)
    rows = _grouped(businesses, group, prefix="", figures={"businesses": Count("id")})
    return suppress([Cell(key, label, values["businesses"]) for key, label, values in rows])


def sales_totals(*, group: str, year: int | None = None) -> list[Cell]:
    """Sales in the ledger (online and offline) of the home province's businesses per kab/kota, sector
    or month (Asia/Jakarta), optionally of one year."""
    orders = SalesOrder.objects.filter(business__province_id=settings.LAPAK_HOME_PROVINCE)
    if year is not None:
        orders = orders.filter(ordered_at__year=year)
    figures = {
        "businesses": Count("business_id", distinct=True),
        "orders": Count("id"),
        "gmv": Sum("total_amount"),
    }
    rows = _grouped(orders, group, prefix="business__", figures=figures)
    cells = [
        Cell(key, label, values["businesses"], orders=values["orders"], gmv=values["gmv"])
        for key, label, values in rows
    ]
    return suppress(cells)


def _grouped(
    queryset: QuerySet[Any], group: str, *, prefix: str, figures: dict[str, Any]
) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, label, figures) per group, in key order (tables are small: 38 kab/kota, 8 sectors)."""
    if group == BY_KABKOTA:
        rows = queryset.values(key=F(f"{prefix}kabkota_id"), label=F(f"{prefix}kabkota__name"))
    elif group == BY_SECTOR:
        names = {value: str(name) for value, name in Sector.choices}
        rows = queryset.values(key=F(f"{prefix}sector"))
    elif group == BY_MONTH:
        rows = queryset.values(key=TruncMonth("ordered_at", tzinfo=timezone.get_default_timezone()))
    else:
        raise ValueError(group)
    result = []
    for row in rows.annotate(**figures).order_by():
        if group == BY_MONTH:
            key = label = f"{timezone.localtime(row['key']):%Y-%m}"
        else:
            key = str(row["key"])
            label = row["label"] if group == BY_KABKOTA else names.get(key, key)
        result.append((key, label, {name: row[name] for name in figures}))
    return sorted(result)


def suppress(cells: list[Cell]) -> list[Cell]:
    """Hide the figures of cells with fewer than ``min_cell()`` businesses (and, when that hides exactly
    one, of the next smallest cell too)."""
    threshold = min_cell()
    small = {index for index, cell in enumerate(cells) if (cell.businesses or 0) < threshold}
    if len(small) == 1 and len(cells) > 1:
        others = [index for index in range(len(cells)) if index not in small]
        small.add(min(others, key=lambda index: (cells[index].businesses or 0, cells[index].key)))
    return [
        replace(cell, businesses=None, orders=None, gmv=None, suppressed=True) if index in small else cell
        for index, cell in enumerate(cells)
    ]
