"""Template helpers of the funnel pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def sees_funnel(user: Any) -> bool:
    """Whether the funnel, targets and priority pages are for this user (menus)."""
    from lapak.funnel.selectors import can_view_funnel

    return can_view_funnel(user)
