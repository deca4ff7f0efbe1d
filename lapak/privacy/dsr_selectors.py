"""Reads for data subject requests: the staff queue in the handler's area, its open and overdue counts,
an owner's own requests, and the requester's businesses a handler may act on.

Province staff see every request of the province, including those about "all my businesses" (no
business); a kab/kota operator sees the requests about businesses of their kab/kota. Both come from
``lapak.accounts.scoping`` (``Action.HANDLE_REQUESTS`` and ``scope_q``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lapak.accounts.scoping import NOTHING, Action, kabkota_codes_for, scope_q, user_can
from lapak.registry.models import Business

from .models import DSR_OPEN, DataSubjectRequest

OPEN = "terbuka"
ALL = "semua"


def dsr_scope_q(user: Any) -> Q:
    """The requests a user may handle: those about businesses in their scope, and (province-wide staff
    only) those naming no business."""
    if not user_can(user, Action.HANDLE_REQUESTS):
        return NOTHING
    q = scope_q(user, prefix="business__")
    if kabkota_codes_for(user) is None:
        q |= Q(business__isnull=True)
    return q


def dsr_queue(*, user: Any, status: str = OPEN, kind: str = "") -> QuerySet[DataSubjectRequest]:
    """The handler's queue, nearest deadline first. ``status`` is a status, ``"terbuka"`` (new or in
    progress, the default) or ``"semua"``."""
    queryset = DataSubjectRequest.objects.filter(dsr_scope_q(user)).select_related(
        "requester", "business", "handled_by"
    )
    if status == OPEN:
        queryset = queryset.filter(status__in=DSR_OPEN)
    elif status and status != ALL:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("due_at", "id")


def dsr_for(user: Any, pk: int) -> DataSubjectRequest:
    """A request the user may handle: 403 for a role that handles none (before any lookup, so the
    answer says nothing about the record), 404 outside their area."""
    if not user_can(user, Action.HANDLE_REQUESTS):
        raise PermissionDenied
    queryset = DataSubjectRequest.objects.filter(dsr_scope_q(user)).select_related("requester", "business")
    return get_object_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class DsrCounts:
    open: int
    overdue: int


def dsr_counts(*, user: Any) -> DsrCounts:
    """Open requests in the user's area and how many of them are past their 3x24-hour deadline."""
    counts = DataSubjectRequest.objects.filter(dsr_scope_q(user), status__in=DSR_OPEN).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.now()))
    )
    return DsrCounts(open=counts["open"], overdue=counts["overdue"])


def owner_requests(*, owner: Any) -> QuerySet[DataSubjectRequest]:
    """An owner's own requests, newest first, with their status and answer."""
    return (
        DataSubjectRequest.objects.filter(requester=owner).select_related("business").order_by("-received_at")
    )


def requester_businesses(*, user: Any, request: DataSubjectRequest) -> QuerySet[Business]:
    """The requester's businesses the handler may act on: the one named, or all of them in the
    handler's area when the request names none."""
    within = Business.objects.restrict(user, Action.HANDLE_REQUESTS).filter(owner_account=request.requester)
    if request.business_id is not None:
        within = within.filter(pk=request.business_id)
    return within.order_by("name", "id")
