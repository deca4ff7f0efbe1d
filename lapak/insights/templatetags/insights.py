"""Template helpers of the dashboards: Indonesian number formats by unit."""

from typing import Any

from django import template
from django.http import QueryDict

from lapak.insights.filters import InsightFilters
from lapak.insights.maps import format_value

register = template.Library()


@register.filter
def fmt(value: Any, unit: str) -> str:
    """``{{ value|fmt:"rupiah" }}`` → Rp1.234.567; "percent" → 12,5%; "count" → 1.234; "—" for None."""
    return format_value(value, unit)


@register.filter
def region_query(code: str, filters: InsightFilters) -> str:
    """The dashboard's query string drilled into region ``code``."""
    return filters.with_region(code).as_query()


@register.filter
def business_list_query(code: str, filters: InsightFilters) -> str:
    """The business list's query for the businesses of region ``code`` under the sector and size filters
    (the list hides personal columns from roles without personal-data access, e.g. pimpinan)."""
    data = QueryDict(mutable=True)
    data["kabkota"] = code[:5]
    if len(code) >= 8:
        data["kecamatan"] = code[:8]
    if filters.sector:
        data["sector"] = filters.sector
    if filters.size_class:
        data["size_class"] = filters.size_class
    return data.urlencode()
