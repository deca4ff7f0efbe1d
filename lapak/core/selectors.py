"""Reads for shared records: jobs a user may follow, the personal-data access log."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from lapak.core.models import AccessLog, Job


def job_list_for(*, user: Any) -> QuerySet[Job]:
    """Jobs started by the user; a job's result carries the scope of the user who started it."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def access_log_entries(
    *, since: date | None = None, until: date | None = None, action: str = "", username: str = ""
) -> QuerySet[AccessLog]:
    """The record of personal-data exports and unmasked views, newest first, narrowed by the filters."""
    entries = AccessLog.objects.select_related("user").order_by("-created_at")
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    if action:
        entries = entries.filter(action=action)
    if username:
        entries = entries.filter(user__username__iexact=username.strip())
    return entries
