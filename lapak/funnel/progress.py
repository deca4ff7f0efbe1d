"""Target progress and the forecast at the current pace.

An indicator counts businesses whose fact began inside the target's period, in the target's region
(``indicator_times``). The forecast is linear from the period's start: the pace so far (businesses per
day, the first day counted as day 1) carried to the period's end, with the day the target is reached at
that pace or how far short it falls.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from django.db.models import F, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.channels.models import SalesOrder, SaleSource
from lapak.funnel.models import BusinessFunnel, Indicator, Target
from lapak.funnel.selectors import period_bounds
from lapak.regions.models import RegionLevel

_REGION_FIELD = {
    RegionLevel.PROVINSI: "province_id",
    RegionLevel.KABKOTA: "kabkota_id",
    RegionLevel.KECAMATAN: "kecamatan_id",
    RegionLevel.DESA: "desa_id",
}
_FUNNEL_FACT = {
    Indicator.LEGAL: "reached_legal_at",
    Indicator.CURATED: "reached_curated_at",
    Indicator.MARKETPLACE: "reached_listed_at",
    Indicator.FIRST_SALE: "reached_first_sale_at",
}


def indicator_times(
    indicator: str, *, region_code: str, region_level: int, start: datetime, end: datetime
) -> QuerySet[Any]:
    """One row (``at``) per business counted by ``indicator`` in the region between ``start`` and
    ``end`` (exclusive): funnel facts that began then and still hold, or a business's first Galeri sale
    within the period."""
    region = {f"business__{_REGION_FIELD[RegionLevel(region_level)]}": region_code}
    if indicator == Indicator.GALERI:
        sales = SalesOrder.objects.filter(
            source=SaleSource.GALERI, ordered_at__gte=start, ordered_at__lt=end, **region
        )
        return sales.values("business_id").annotate(at=Min("ordered_at")).order_by()
    column = _FUNNEL_FACT[Indicator(indicator)]
    rows = BusinessFunnel.objects.filter(**{f"{column}__gte": start, f"{column}__lt": end}, **region)
    return rows.values("business_id").annotate(at=F(column)).order_by()


@dataclass
class Progress:
    """How a target stands on ``as_of``. ``status``: "belum_mulai", "berjalan" or "selesai"."""

    target: Target
    as_of: date
    actual: int
    status: str
    projected: int | None = None
    reach_date: date | None = None
    reached_on: date | None = None
    shortfall: int | None = None

    @property
    def percent(self) -> float:
        return round(100 * self.actual / self.target.value, 1)

    @property
    def bar_value(self) -> int:
        return min(self.actual, self.target.value)

    @property
    def reached(self) -> bool:
        return self.actual >= self.target.value

    @property
    def message(self) -> str:
        return forecast_message(self)


def target_progress(target: Target, *, today: date | None = None) -> Progress:
    """Progress of a target on ``today`` and its forecast at the pace since the period's start."""
    today = today or timezone.localdate()
    if today < target.period_start:
        return Progress(target, today, 0, "belum_mulai")
    last_day = min(today, target.period_end)
    start, end = period_bounds(target.period_start, last_day)
    times = indicator_times(
        target.indicator, region_code=target.region_id, region_level=target.region.level, start=start, end=end
    )
    actual = times.count()
    progress = Progress(target, today, actual, "selesai" if today > target.period_end else "berjalan")
    if actual >= target.value:
        moment = times.order_by("at", "business_id").values_list("at", flat=True)[target.value - 1]
        progress.reached_on = timezone.localdate(moment)
        return progress
    return forecast(progress, elapsed_days=(last_day - target.period_start).days + 1)


def forecast(progress: Progress, *, elapsed_days: int) -> Progress:
    """Fill in the projection at the current pace (exact fractions, rounded half up at the end)."""
    target = progress.target
    if progress.status == "selesai":
        progress.projected = progress.actual
        progress.shortfall = target.value - progress.actual
        return progress
    total_days = (target.period_end - target.period_start).days + 1
    pace = Fraction(progress.actual, elapsed_days)
    progress.projected = math.floor(pace * total_days + Fraction(1, 2))
    if pace and progress.projected >= target.value:
        days_needed = math.ceil(Fraction(target.value) / pace)
        progress.reach_date = target.period_start + timedelta(days=days_needed - 1)
    else:
        progress.shortfall = target.value - progress.projected
    return progress


def forecast_message(progress: Progress) -> str:
    """One sentence on where the target stands, in Indonesian."""
    target = progress.target
    if progress.status == "belum_mulai":
        return _("Periode belum dimulai (mulai %(date)s).") % {"date": _date(target.period_start)}
    if progress.reached_on is not None:
        return _("Target tercapai pada %(date)s.") % {"date": _date(progress.reached_on)}
    if progress.status == "selesai":
        return _("Periode berakhir; kurang %(n)s dari target.") % {"n": _number(progress.shortfall)}
    if progress.reach_date is not None:
        text = _("Dengan laju sekarang target tercapai sekitar %(date)s (perkiraan akhir periode: %(p)s).")
        return text % {
            "date": _date(progress.reach_date), "p": _number(progress.projected),
        }  # fmt: skip
    return _("Dengan laju sekarang akhir periode hanya mencapai %(p)s, kurang %(n)s dari target.") % {
        "p": _number(progress.projected), "n": _number(progress.shortfall),
    }  # fmt: skip


def _date(day: date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def _number(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", ".")


def targets_progress(targets: QuerySet[Target], *, today: date | None = None) -> list[Progress]:
    return [target_progress(target, today=today) for target in targets]
