"""Reads of the rollup tables (never the registry or the ledger): sums by month, sector, channel,
region and destination for a selection of regions and the filters.

Which rollup answers depends on the level: a selection of whole kab/kota (or the province) reads
``SalesMonthly`` and ``DestinationMonthly`` with every filter; a selection with kecamatan reads
``SalesKecamatanMonthly``, which has no channel or size class: with those filters set, its sales figures
are ``None`` (not available) rather than wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from lapak.insights.filters import InsightFilters
from lapak.insights.models import BusinessRollup, DestinationMonthly, SalesKecamatanMonthly, SalesMonthly

BUSINESS_MEASURES = [
    f.name
    for f in BusinessRollup._meta.concrete_fields
    if f.name not in ("id", "kabkota", "kecamatan", "sector", "size_class")
]


@dataclass(frozen=True)
class Selection:
    """Regions the figures cover: the whole province (both tuples empty), whole kab/kota, kecamatan."""

    province: str
    kabkotas: tuple[str, ...] = ()
    kecamatans: tuple[str, ...] = ()

    @property
    def whole_province(self) -> bool:
        return not self.kabkotas and not self.kecamatans

    @property
    def has_kecamatans(self) -> bool:
        return bool(self.kecamatans)

    def q(self, *, province_rows: bool = False) -> Q:
        """The rows of these regions, on a rollup with ``kabkota`` (and ``kecamatan``) columns;
        ``province_rows``: the rollup keeps province totals under the province code (read those)."""
        if self.whole_province:
            return Q(kabkota=self.province) if province_rows else Q(kabkota__startswith=f"{self.province}.")
        q = Q(kabkota__in=self.kabkotas) if self.kabkotas else Q(pk__in=[])
        return q | Q(kecamatan__in=self.kecamatans) if self.kecamatans else q


@dataclass
class BusinessCounts:
    """The sums of ``BusinessRollup`` measures for one group."""

    registered: int = 0
    online: int = 0
    women_owned: int = 0
    kopwan: int = 0
    koperasi: int = 0
    mentored: int = 0
    stage_1: int = 0
    stage_2: int = 0
    stage_3: int = 0
    stage_4: int = 0
    stage_5: int = 0
    stage_6: int = 0
    products: int = 0
    products_local: int = 0
    local_share_sum: Decimal = Decimal(0)
    exported: int = 0
    export_ready: int = 0

    def add(self, row: dict[str, Any]) -> None:
        for name in BUSINESS_MEASURES:
            setattr(self, name, getattr(self, name) + (row.get(name) or 0))

    def stages(self) -> list[int]:
        return [self.stage_1, self.stage_2, self.stage_3, self.stage_4, self.stage_5, self.stage_6]


assert {f.name for f in fields(BusinessCounts)} == set(BUSINESS_MEASURES)


def _business_rows(selection: Selection, filters: InsightFilters) -> QuerySet[BusinessRollup]:
    rows = BusinessRollup.objects.filter(selection.q())
    if filters.sector:
        rows = rows.filter(sector=filters.sector)
    if filters.size_class:
        rows = rows.filter(size_class=filters.size_class)
    return rows


def business_by(selection: Selection, filters: InsightFilters, column: str) -> dict[str, BusinessCounts]:
    """``BusinessRollup`` sums grouped by ``column`` ("kecamatan", "kabkota" or "sector")."""
    sums = {name: Sum(name) for name in BUSINESS_MEASURES}
    grouped = _business_rows(selection, filters).values(column).annotate(**sums).order_by()
    result: dict[str, BusinessCounts] = defaultdict(BusinessCounts)
    for row in grouped:
        result[row[column]].add(row)
    return dict(result)


def business_total(groups: dict[str, BusinessCounts]) -> BusinessCounts:
    total = BusinessCounts()
    for counts in groups.values():
        total.add(counts.__dict__)
    return total


# --- Sales -------------------------------------------------------------------------------------------


def _months(filters: InsightFilters) -> Q:
    return Q(month__gte=filters.first_month, month__lte=filters.last_month)


def _sales_q(filters: InsightFilters, *, kecamatan_level: bool) -> Q:
    q = _months(filters)
    if filters.sector:
        q &= Q(sector=filters.sector)
    if filters.online is not None:
        q &= Q(is_online=filters.online)
    if not kecamatan_level:
        if filters.size_class:
            q &= Q(size_class=filters.size_class)
        if filters.channel_id is not None:
            q &= Q(channel_key=filters.channel_id)
    return q


def sales_available(selection: Selection, filters: InsightFilters) -> bool:
    """Whether the sales figures can honour every filter at this level."""
    return not (selection.has_kecamatans and filters.sales_only_filters)


def sales_rows(selection: Selection, filters: InsightFilters) -> QuerySet[Any] | None:
    """The sales rollup rows of the selection under the filters; ``None`` when not available."""
    if not sales_available(selection, filters):
        return None
    if selection.has_kecamatans:
        return SalesKecamatanMonthly.objects.filter(selection.q(), _sales_q(filters, kecamatan_level=True))
    return SalesMonthly.objects.filter(
        selection.q(province_rows=True), _sales_q(filters, kecamatan_level=False)
    )


def sales_rows_by_kabkota(selection: Selection, filters: InsightFilters) -> QuerySet[SalesMonthly]:
    """``SalesMonthly`` rows of every kab/kota of the selection (never the province totals)."""
    return SalesMonthly.objects.filter(selection.q(), _sales_q(filters, kecamatan_level=False))


@dataclass(frozen=True)
class MonthSales:
    month: date
    is_online: bool
    orders: int
    gmv: int
    lines: int | None
    quantity: int | None


def sales_by_month(rows: QuerySet[Any]) -> list[MonthSales]:
    """Orders and GMV (and, from the kab/kota rollup, lines and quantity) per month and online flag."""
    detailed = rows.model is SalesMonthly
    sums: dict[str, Any] = {"orders_sum": Sum("orders"), "gmv_sum": Sum("gmv")}
    if detailed:
        sums |= {"lines_sum": Sum("lines"), "quantity_sum": Sum("quantity")}
    grouped = rows.values("month", "is_online").annotate(**sums).order_by("month", "is_online")
    return [
        MonthSales(
            month=row["month"], is_online=bool(row["is_online"]), orders=row["orders_sum"],
            gmv=row["gmv_sum"], lines=row.get("lines_sum"), quantity=row.get("quantity_sum"),
        )
        for row in grouped
    ]  # fmt: skip


def sales_by(rows: QuerySet[Any], column: str) -> dict[Any, dict[bool, tuple[int, int]]]:
    """(orders, GMV) per value of ``column`` and online flag."""
    grouped = rows.values(column, "is_online").annotate(o=Sum("orders"), g=Sum("gmv")).order_by()
    result: dict[Any, dict[bool, tuple[int, int]]] = defaultdict(dict)
    for row in grouped:
        result[row[column]][bool(row["is_online"])] = (row["o"], row["g"])
    return dict(result)


def destinations(selection: Selection, filters: InsightFilters) -> QuerySet[DestinationMonthly] | None:
    """Destination rollup rows; ``None`` at kecamatan level or with a channel or size-class filter."""
    if selection.has_kecamatans or filters.sales_only_filters:
        return None
    return DestinationMonthly.objects.filter(
        selection.q(province_rows=True), _sales_q(filters, kecamatan_level=True)
    )


def destinations_by(rows: QuerySet[DestinationMonthly], column: str) -> list[tuple[str, int, int]]:
    """(value, orders, GMV) per ``column``, largest GMV first."""
    grouped = rows.values(column).annotate(o=Sum("orders"), g=Sum("gmv")).order_by("-g", column)
    return [(row[column], row["o"], row["g"]) for row in grouped]


def kecamatan_sales_rows(selection: Selection, filters: InsightFilters) -> QuerySet[Any] | None:
    """``SalesKecamatanMonthly`` rows of the selection (for per-kecamatan figures); ``None`` with a
    channel or size-class filter, which that rollup cannot apply."""
    if filters.sales_only_filters:
        return None
    return SalesKecamatanMonthly.objects.filter(selection.q(), _sales_q(filters, kecamatan_level=True))
