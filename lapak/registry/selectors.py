"""Reads of the business register, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from lapak.accounts.scoping import Action, can_see_personal_data, kabkota_codes_for, region_q, user_can
from lapak.regions.models import Region, RegionLevel
from lapak.registry.filters import BusinessFilterSet
from lapak.registry.models import PERSONAL_DOCUMENT_FIELDS, PERSONAL_FIELDS, Business, LegalityDocument
from lapak.registry.validators import mask_phone

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "kabkota": ("kabkota_id", "name", "id"),
    "-kabkota": ("-kabkota_id", "-name", "-id"),
    "sector": ("sector", "name", "id"),
    "-sector": ("-sector", "-name", "-id"),
    "size_class": ("size_class", "name", "id"),
    "-size_class": ("-size_class", "-name", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
}
DEFAULT_SORT = "name"
PAGE_SIZE = 25
COUNT_CAP = 10_000
# A text search visits each matching row to re-check it, so its total is counted less far ("1.000+").
SEARCH_COUNT_CAP = 1_000


@dataclass(frozen=True)
class BusinessPage:
    rows: list[Business]
    number: int
    page_size: int
    total: int
    total_capped: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.number * self.page_size, self.total)


def kabkota_choices_for(*, user: Any) -> QuerySet[Region]:
    """The kab/kota a user may pick in filters and forms (their scope, from ``scoping``)."""
    kabkotas = Region.objects.filter(level=RegionLevel.KABKOTA, parent_id=settings.LAPAK_HOME_PROVINCE)
    codes = kabkota_codes_for(user)
    return kabkotas if codes is None else kabkotas.filter(code__in=codes)


def business_filterset(*, user: Any, data: Any, action: Action = Action.VIEW) -> BusinessFilterSet:
    """The filter form bound to the request's query, over the businesses the user may see."""
    queryset = Business.objects.restrict(user, action).select_related("kabkota", "kecamatan", "desa")
    return BusinessFilterSet(
        data or None,
        queryset=queryset,
        kabkota_choices=kabkota_choices_for(user=user),
        region_scope=region_q(user),
        personal=can_see_personal_data(user),
    )


def business_sorted(queryset: QuerySet[Business], sort: str | None) -> QuerySet[Business]:
    return queryset.order_by(*SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


def business_search_window(
    queryset: QuerySet[Business], *, cap: int = SEARCH_COUNT_CAP
) -> QuerySet[Business]:
    """A text search shows at most ``cap`` (+1, to say "more") matches, sorted as asked.

    Taking the matching ids first keeps the cost bounded: otherwise PostgreSQL may walk the whole name
    index in sort order, checking each row against the search, when the matches sort late.
    """
    ids = list(queryset.order_by().values_list("pk", flat=True)[: cap + 1])
    return queryset.filter(pk__in=ids)


def business_page(
    *, queryset: QuerySet[Business], number: int, page_size: int = PAGE_SIZE, count_cap: int = COUNT_CAP
) -> BusinessPage:
    """One page of a list, with a total counted up to ``count_cap`` so huge lists stay fast."""
    total = queryset.order_by()[: count_cap + 1].count()
    capped = total > count_cap
    total = min(total, count_cap)
    last = max(1, -(-total // page_size))
    number = min(max(1, number), last)
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size])
    return BusinessPage(rows=rows, number=number, page_size=page_size, total=total, total_capped=capped)


def business_audit_entries(*, business: Business, limit: int = 100) -> QuerySet[LogEntry]:
    """Change-log entries of the business and of its legality documents, newest first."""
    business_type = ContentType.objects.get_for_model(Business)
    document_type = ContentType.objects.get_for_model(LegalityDocument)
    document_ids = [
        str(pk) for pk in LegalityDocument.objects.filter(business=business).values_list("pk", flat=True)
    ]
    deleted_document_ids = LogEntry.objects.filter(
        content_type=document_type, additional_data__business_id=business.pk
    ).values_list("object_pk", flat=True)
    return (
        LogEntry.objects.filter(
            Q(content_type=business_type, object_pk=str(business.pk))
            | Q(content_type=document_type, object_pk__in=[*document_ids, *deleted_document_ids])
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )


@dataclass(frozen=True)
class HistoryRow:
    timestamp: datetime
    actor: Any
    action: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    hidden: int = 0


def business_history(*, business: Business, personal: bool, limit: int = 100) -> list[HistoryRow]:
    """The change log of a business for display, with field and choice labels (auditlog's display
    dict); personal fields are hidden from users who may not see personal data."""
    rows = []
    for entry in business_audit_entries(business=business, limit=limit):
        model = entry.content_type.model_class()
        hidden_names = PERSONAL_FIELDS if model is Business else PERSONAL_DOCUMENT_FIELDS
        display = entry.changes_display_dict
        changes, hidden = [], 0
        for name, (raw_before, raw_after) in entry.changes_dict.items():
            if entry.action == LogEntry.Action.CREATE and raw_after in EMPTY_VALUES:
                continue
            if name in hidden_names and not personal:
                hidden += 1
                continue
            if model is not None and _is_reverse_relation(model, name):
                continue  # auditlog lists related sets ("privacy.Consent.None"): not a field of the record
            label = _verbose_name(model, name) if model else name
            before, after = display.get(label, (raw_before, raw_after))
            if name == "phone":  # shown masked even to those who may reveal it (that read is logged)
                before, after = (mask_phone(str(v)) if v not in EMPTY_VALUES else v for v in (before, after))
            changes.append((label, before, after))
        subject = str(model._meta.verbose_name) if model else entry.content_type.model
        action = str(HISTORY_ACTIONS.get(entry.action, entry.get_action_display()))
        rows.append(HistoryRow(entry.timestamp, entry.actor, action, subject, changes, hidden))
    return rows


HISTORY_ACTIONS = {
    LogEntry.Action.CREATE: _("dibuat"),
    LogEntry.Action.UPDATE: _("diubah"),
    LogEntry.Action.DELETE: _("dihapus"),
    LogEntry.Action.ACCESS: _("dibuka"),
}
EMPTY_VALUES = {"None", "", "[]", "False", None}


def _is_reverse_relation(model: Any, name: str) -> bool:
    try:
        return not model._meta.get_field(name).concrete
    except FieldDoesNotExist:
        return False


def _verbose_name(model: Any, name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return name
    return str(getattr(field, "verbose_name", name))


def business_for(user: Any, pk: int, action: Action = Action.VIEW) -> Business:
    """The business ``pk`` if it is in the user's scope and their role may do ``action``.

    Out of scope is a 404 (indistinguishable from a business that does not exist); in scope but not
    allowed is a 403. Every page of a business goes through here.
    """
    business = get_object_or_404(Business.objects.visible_to(user), pk=pk)
    if action != Action.VIEW and not user_can(user, action):
        raise PermissionDenied
    return business
