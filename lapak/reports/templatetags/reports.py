"""Template helpers of the reports app."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def sees_reports(user: Any) -> bool:
    """Whether the menu shows Laporan (``{% if user|sees_reports %}``)."""
    from lapak.reports.selectors import can_see_reports

    return can_see_reports(user)
