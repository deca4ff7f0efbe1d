"""The dashboard filters: period (whole months), sector, channel, online/offline, size class and the
region drilled into. One frozen value object, read from and written to a query string, shared by the
dashboard, the downloads and the reports (``lapak.reports``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.http import QueryDict

DEFAULT_MONTHS = 12
MAX_MONTHS = 120
REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){1,2}$")  # a kab/kota (35.27) or a kecamatan (35.27.01)
ONLINE_VALUES = {"1": True, "0": False}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s month to ``end``'s month, both included."""
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(start, i) for i in range(max(count, 0))]


@dataclass(frozen=True)
class InsightFilters:
    """What the figures are filtered by. ``start``/``end`` are normalised to the first day of the first
    month and the last day of the last month (months are whole and both included). ``online``: ``True``
    online sales only, ``False`` offline only, ``None`` both. ``region_code``: a kab/kota or kecamatan code
    inside the user's area to drill into ("" = the whole area). Sector, size class and region narrow the
    business counts too; channel and online/offline apply to sales only; the period applies to sales
    (business counts are the register as it stands)."""

    start: date
    end: date
    sector: str = ""
    channel_id: int | None = None
    online: bool | None = None
    size_class: str = ""
    region_code: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", month_start(self.start))
        object.__setattr__(self, "end", month_end(self.end))
        if self.end < self.start:
            raise ValueError("InsightFilters: end before start")

    @classmethod
    def default(cls, *, today: date) -> InsightFilters:
        """The last ``DEFAULT_MONTHS`` full months before ``today``'s month."""
        last = add_months(today, -1)
        return cls(start=add_months(last, -(DEFAULT_MONTHS - 1)), end=last)

    @classmethod
    def from_query(cls, query: QueryDict | dict[str, Any], *, today: date) -> InsightFilters:
        """Filters from a query string; a value that does not parse falls back to its default (the
        dashboard shows the reason through ``forms.InsightFilterForm``)."""
        from lapak.insights.forms import filters_parse

        return filters_parse(query, today=today)[0]

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def first_month(self) -> date:
        return self.start

    @property
    def last_month(self) -> date:
        return month_start(self.end)

    @property
    def sales_only_filters(self) -> bool:
        """Whether a filter is set that only the kab/kota sales rollup can apply (channel, size class)."""
        return self.channel_id is not None or bool(self.size_class)

    def as_query(self) -> str:
        """The filters as a query string (``from_query`` reads it back)."""
        data = QueryDict(mutable=True)
        data["start"] = self.start.strftime("%Y-%m")
        data["end"] = self.end.strftime("%Y-%m")
        optional = {
            "sector": self.sector,
            "channel": "" if self.channel_id is None else str(self.channel_id),
            "online": "" if self.online is None else ("1" if self.online else "0"),
            "size_class": self.size_class,
            "region": self.region_code,
        }
        for key, value in optional.items():
            if value:
                data[key] = value
        return data.urlencode()

    def with_region(self, code: str) -> InsightFilters:
        return replace(self, region_code=code)

    def without_region(self) -> InsightFilters:
        return replace(self, region_code="")
