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


@register.filter
def can(user: Any, action: str) -> bool:
    """Whether the user's role allows ``action`` (``{% if user|can:"import" %}``), for menus and buttons."""
    from lapak.accounts.scoping import user_can

    return user_can(user, action)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or ``None`` in a template (``{{ merges|get_item:record.pk }}``)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def phone_masked(value: Any) -> str:
    """A phone number as lists show it: recognisable, not callable (the full number is a logged read)."""
    from lapak.registry.validators import mask_phone

    return mask_phone(str(value)) if value else ""
