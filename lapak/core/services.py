"""Writes for shared records: the log of personal-data access."""

from typing import Any

from lapak.core.models import AccessAction, AccessLog


def access_log_record(
    *,
    user: Any,
    action: AccessAction,
    object_repr: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AccessLog:
    """Record an export or an unmasked view of personal data (UU PDP record of processing) with why it
    was needed: the reason a person gave for an unmasked view, the purpose of the export otherwise."""
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_repr=object_repr[:200],
        reason=reason[:300],
        detail=detail or {},
        ip_address=ip,
    )
