"""Template helpers shared by every app."""

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """Whole Rupiah with dots as thousands separators: ``Rp1.234.567``."""
    if value in (None, ""):
        return "—"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


@register.simple_tag
def query_with(query: str, **params: Any) -> str:
    """The current query string with some parameters replaced, for sort and page links."""
    data = QueryDict(query, mutable=True)
    for key, value in params.items():
        data[key] = value
    return data.urlencode()


@register.filter
def sort_arrow(current: str, column: str) -> str:
    if current == column:
        return " ▲"
    if current == f"-{column}":
        return " ▼"
    return ""


@register.filter
def next_sort(current: str, column: str) -> str:
    return f"-{column}" if current == column else column
