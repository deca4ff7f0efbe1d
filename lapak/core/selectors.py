"""Reads for shared records: jobs a user may follow."""

from typing import Any

from django.db.models import QuerySet

from lapak.core.models import Job


def job_list_for(*, user: Any) -> QuerySet[Job]:
    """Jobs started by the user; a job's result carries the scope of the user who started it."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)
