"""The figures of a dashboard as plain frozen values: what the dashboard templates, the downloads and
the reports (``lapak.reports``) render. Money in whole Rupiah (int); shares in percent (float, one
decimal, ``None`` when the base is zero); ``None`` in a sales column means "not available for this
filter at this level" (see ``DashboardFigures.notes``). Nothing personal: no owner names, NIK or phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from lapak.insights.area import InsightArea
from lapak.insights.filters import InsightFilters


def percent(part: int | None, whole: int | None) -> float | None:
    """``part`` as a percent of ``whole``, one decimal (half up); ``None`` when either is unknown or 0."""
    if part is None or not whole:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


class AreaShares:
    """Shares an area row and the dashboard as a whole derive alike from their counts and GMV."""

    registered: int
    online_businesses: int
    women_owned: int
    kopwan: int
    gmv_online: int | None
    gmv_offline: int | None

    @property
    def penetration(self) -> float | None:
        return percent(self.online_businesses, self.registered)

    @property
    def women_share(self) -> float | None:
        return percent(self.women_owned, self.registered)

    @property
    def kopwan_share(self) -> float | None:
        return percent(self.kopwan, self.registered)

    @property
    def gmv(self) -> int | None:
        if self.gmv_online is None or self.gmv_offline is None:
            return None
        return self.gmv_online + self.gmv_offline

    @property
    def online_gmv_share(self) -> float | None:
        return percent(self.gmv_online, self.gmv)


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: int  # 2 kab/kota, 3 kecamatan


@dataclass(frozen=True)
class TrendRow:
    month: date  # the first day of the month
    gmv_online: int
    gmv_offline: int
    orders_online: int
    orders_offline: int

    @property
    def gmv(self) -> int:
        return self.gmv_online + self.gmv_offline


@dataclass(frozen=True)
class ShareRow:
    """A destination (province or country) or a channel: orders, GMV and its share of the total GMV."""

    key: str
    label: str
    orders: int
    gmv: int
    share: float | None


@dataclass(frozen=True)
class SectorRow:
    key: str
    label: str
    registered: int
    online: int
    gmv_online: int | None
    gmv_offline: int | None
    share: float | None  # of the total GMV

    @property
    def penetration(self) -> float | None:
        return percent(self.online, self.registered)

    @property
    def gmv(self) -> int | None:
        if self.gmv_online is None or self.gmv_offline is None:
            return None
        return self.gmv_online + self.gmv_offline


@dataclass(frozen=True)
class FunnelRow:
    """A funnel stage: businesses at it now, at it or beyond, and conversion from the previous stage."""

    stage: int
    label: str
    current: int
    reached: int
    conversion: float | None


@dataclass(frozen=True)
class TargetRow:
    programme: str
    indicator: str
    indicator_label: str
    region_code: str
    region_name: str
    period_start: date
    period_end: date
    value: int
    actual: int
    percent: float
    status: str  # "belum_mulai", "berjalan", "selesai"
    message: str
    computed_at: datetime | None


@dataclass(frozen=True)
class UnggulanRow:
    year: int
    kabkota_code: str
    kabkota_name: str
    sector: str
    sector_label: str
    rank: int
    product_name: str
    business_name: str
    total: Decimal


@dataclass(frozen=True)
class PoorRegencyRow:
    """One of the ten kab/kota with the highest poverty rate, and the businesses reached there
    (``reached``: met in at least one done mentoring visit)."""

    rank: int
    code: str
    name: str
    poverty_rate: Decimal
    year: int
    registered: int
    online: int
    reached: int

    @property
    def reached_share(self) -> float | None:
        return percent(self.reached, self.registered)

    @property
    def penetration(self) -> float | None:
        return percent(self.online, self.registered)


@dataclass(frozen=True)
class RegionRow(AreaShares):
    """A kab/kota or kecamatan on the map and in its table, with every indicator the map can show."""

    code: str
    name: str
    level: int
    kind: str  # "kabupaten", "kota", "kecamatan"
    registered: int
    online_businesses: int
    women_owned: int
    kopwan: int
    mentored: int
    gmv_online: int | None
    gmv_offline: int | None
    orders: int | None
    poverty_rate: Decimal | None
    is_poorest: bool

    @property
    def reached_share(self) -> float | None:
        return percent(self.mentored, self.registered)


@dataclass(frozen=True)
class DashboardFigures(AreaShares):
    """Everything a dashboard (or a report) shows for one area and one set of filters."""

    area: InsightArea
    filters: InsightFilters
    region: RegionRef | None  # the region drilled into, ``None`` for the whole area
    registered: int
    online_businesses: int
    women_owned: int
    kopwan: int
    koperasi: int
    mentored: int
    gmv_online: int | None
    gmv_offline: int | None
    orders_online: int | None
    orders_offline: int | None
    lines: int | None
    quantity: int | None
    gmv_trend: list[TrendRow]
    destinations_provinces: list[ShareRow]
    destinations_countries: list[ShareRow]
    sectors: list[SectorRow]
    channels: list[ShareRow]
    funnel: list[FunnelRow]
    targets: list[TargetRow]
    unggulan: list[UnggulanRow]  # the highest-scoring entries (at most ``UNGGULAN_ROWS``)
    unggulan_count: int  # every entry of the latest confirmed lists in the area
    products: int
    products_local: int
    local_share: Decimal | None  # average local-content share of inputs (percent) over products_local
    exported_products: int
    export_ready: int
    poorest_regencies: list[PoorRegencyRow]
    regions: list[RegionRow]
    notes: list[str] = field(default_factory=list)
    as_of: datetime | None = None  # when the rollups were last brought up to date (None: ledger read)

    @property
    def orders(self) -> int | None:
        if self.orders_online is None or self.orders_offline is None:
            return None
        return self.orders_online + self.orders_offline

    @property
    def export_ready_share(self) -> float | None:
        return percent(self.export_ready, self.products)

    @property
    def poorest_registered(self) -> int:
        return sum(row.registered for row in self.poorest_regencies)

    @property
    def poorest_reached(self) -> int:
        return sum(row.reached for row in self.poorest_regencies)

    @property
    def poorest_reached_share(self) -> float | None:
        return percent(self.poorest_reached, self.poorest_registered)
