"""Reads of the region tree and its indicators. Regions are public reference data: no per-user scoping."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from lapak.regions.models import POVERTY_RATE, Region, RegionIndicator, RegionKind, RegionLevel

# BPS publishes poverty twice a year for provinces; within one year September is the later figure.
_PERIOD_ORDER = {"Maret": 1, "September": 2}


def region_path(code: str) -> list[str]:
    """Codes of a region and its ancestors, province first.

    ``"35.27.01.2001"`` → ``["35", "35.27", "35.27.01", "35.27.01.2001"]``.

    Pure string work on the dotted Kemendagri code, so it needs neither the database nor a loaded region.
    """
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def region_get(*, code: str) -> Region | None:
    """The region with this code, or ``None``."""
    return Region.objects.filter(code=code).first()


def kabkota_list(*, province_code: str) -> QuerySet[Region]:
    """The kabupaten and kota of a province in official (code) order: kabupaten first, then kota."""
    return Region.objects.filter(parent_id=province_code, level=RegionLevel.KABKOTA).order_by("code")


def region_children(*, parent_code: str) -> QuerySet[Region]:
    """Direct children of a region, by name (what a person scans a dropdown for). Unknown code: empty."""
    return Region.objects.filter(parent_id=parent_code).order_by("name", "code")


def poverty_ranking(*, province_code: str, year: int | None = None) -> list[RegionIndicator]:
    """Poverty rate of each kab/kota in a province, highest first, with ``region`` loaded.

    Without ``year`` each kab/kota contributes its latest figure (latest year, then latest period), so the
    ranking may mix years; read ``indicator.year`` before comparing. With ``year`` only that year counts.
    Kab/kota without a figure are left out.
    """
    indicators = RegionIndicator.objects.filter(
        indicator=POVERTY_RATE,
        region__level=RegionLevel.KABKOTA,
        region__parent_id=province_code,
    ).select_related("region")
    if year is not None:
        indicators = indicators.filter(year=year)
    latest = _latest_per_region(indicators)
    return sorted(latest.values(), key=lambda i: (-i.value, i.region_id))


def poverty_latest(*, region_code: str) -> RegionIndicator | None:
    """The latest poverty rate of one region (any level), or ``None``."""
    latest = _latest_per_region(RegionIndicator.objects.filter(indicator=POVERTY_RATE, region_id=region_code))
    return latest.get(region_code)


def _latest_per_region(indicators: QuerySet[RegionIndicator]) -> dict[str, RegionIndicator]:
    # A few rows per region at most, so picking the latest in Python is simpler than a window query.
    latest: dict[str, RegionIndicator] = {}
    for indicator in indicators:
        current = latest.get(indicator.region_id)
        if current is None or _period_key(indicator) > _period_key(current):
            latest[indicator.region_id] = indicator
    return latest


def _period_key(indicator: RegionIndicator) -> tuple[int, int]:
    return indicator.year, _PERIOD_ORDER.get(indicator.period, 0)


@dataclass(frozen=True, slots=True)
class KabkotaSummary:
    """One kab/kota with the size of its tree and its latest poverty rate (``None`` when not known)."""

    region: Region
    kecamatan: int
    kelurahan: int
    desa: int
    poverty: RegionIndicator | None

    @property
    def poverty_rate(self) -> Decimal | None:
        return self.poverty.value if self.poverty else None


def kabkota_summaries(*, province_code: str) -> list[KabkotaSummary]:
    """Every kab/kota of a province with its kecamatan, kelurahan and desa counts and latest poverty rate.

    Three queries whatever the province's size: the kab/kota, the village counts grouped by kab/kota code
    prefix, and the poverty figures.
    """
    kabkota = kabkota_list(province_code=province_code).annotate(kecamatan_count=Count("children"))
    villages = (
        Region.objects.filter(level=RegionLevel.DESA, code__startswith=f"{province_code}.")
        .annotate(kabkota_prefix=Substr("code", 1, 5))
        .values("kabkota_prefix")
        .annotate(
            kelurahan=Count("code", filter=Q(kind=RegionKind.KELURAHAN)),
            desa=Count("code", filter=~Q(kind=RegionKind.KELURAHAN)),
        )
        .order_by()
    )
    counts = {row["kabkota_prefix"]: row for row in villages}
    poverty = {i.region_id: i for i in poverty_ranking(province_code=province_code)}
    return [
        KabkotaSummary(
            region=region,
            kecamatan=region.kecamatan_count,
            kelurahan=counts.get(region.code, {}).get("kelurahan", 0),
            desa=counts.get(region.code, {}).get("desa", 0),
            poverty=poverty.get(region.code),
        )
        for region in kabkota
    ]
