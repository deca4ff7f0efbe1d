"""Writes of the funnel app: the funnel refresh (set-based, from facts), targets, and the
creator/reseller record of a business."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.core.jobs import job_enqueue
from lapak.core.models import Job
from lapak.funnel.derivation import refresh_statement
from lapak.funnel.models import BusinessSupply, Indicator, SupplyMode, SupplySource, Target
from lapak.funnel.selectors import target_regions_for
from lapak.registry.models import Business

REFRESH_JOB = "funnel.refresh"
REFRESH_CHUNK = 1000  # businesses per statement when a list is given (keeps the IN list short)


# --- The funnel --------------------------------------------------------------------------------------


def funnel_refresh(*, business_ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    """Recompute the funnel rows of the given businesses (every business when ``None``) from facts.

    Set-based: one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` per chunk, aggregating documents, kurasi
    status, listings and online orders in SQL (``derivation``). Call it after any event that changes a
    fact (a document verified, rejected, edited or deleted; a kurasi completed; a listing going live or
    being delisted; an order recorded) with the businesses concerned, and daily for everyone, since
    documents expire and sales months pass without any event. Returns the number of rows written.
    """
    now = now or timezone.now()
    if business_ids is None:
        return _execute(None, now)
    ids = sorted(set(business_ids))
    written = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        written += _execute(ids[start : start + REFRESH_CHUNK], now)
    return written


def _execute(ids: list[int] | None, now: datetime) -> int:
    if ids == []:
        return 0
    sql, params = refresh_statement(ids, now)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def funnel_refresh_after_commit(*, business_ids: Iterable[int]) -> None:
    """``funnel_refresh`` for these businesses once the surrounding transaction commits (for hooks in
    other apps' services: the refresh then sees the committed facts and never delays the write)."""
    ids = list(business_ids)
    transaction.on_commit(lambda: funnel_refresh(business_ids=ids))


FOLLOW_LIMIT = 2_000


def funnel_follow(*, business_ids: Iterable[int]) -> None:
    """After a write that changed facts of these businesses: refresh them once it commits, or, for a
    bulk load touching more than ``FOLLOW_LIMIT`` of them, queue a full refresh job instead."""
    ids = list(set(business_ids))
    if len(ids) <= FOLLOW_LIMIT:
        funnel_refresh_after_commit(business_ids=ids)
    else:
        transaction.on_commit(lambda: job_enqueue(kind=REFRESH_JOB, params={}))


def funnel_refresh_enqueue(*, actor: Any) -> Job:
    """Queue a refresh of every business as a background job (the daily run, or an admin's request)."""
    if actor is not None and not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang dapat menghitung ulang seluruh corong."))
    return job_enqueue(kind=REFRESH_JOB, params={}, created_by=actor)


# --- Targets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    programme: str
    indicator: str
    region_code: str
    period_start: date
    period_end: date
    value: int
    note: str = ""


def _check_target(actor: Any, data: TargetInput) -> None:
    """Every rule of a target, with the message in Indonesian and the field it belongs to."""
    if not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang dapat menetapkan target."))
    errors: dict[str, str] = {}
    if not data.programme.strip():
        errors["programme"] = _("Nama program wajib diisi.")
    if data.indicator not in Indicator.values:
        errors["indicator"] = _("Indikator tidak dikenal. Pilih salah satu indikator yang tersedia.")
    if data.value is None or data.value <= 0:
        errors["value"] = _("Nilai target harus bilangan bulat lebih dari 0.")
    if data.period_end < data.period_start:
        errors["period_end"] = _("Akhir periode tidak boleh sebelum awal periode.")
    if not target_regions_for(user=actor).filter(code=data.region_code).exists():
        errors["region"] = _("Wilayah tidak dikenal atau di luar wilayah kerja Anda.")
    if errors:
        raise ValidationError(errors)


def _target_values(data: TargetInput) -> dict[str, Any]:
    return {
        "programme": data.programme.strip(), "indicator": data.indicator, "region_id": data.region_code,
        "period_start": data.period_start, "period_end": data.period_end, "value": data.value,
        "note": data.note.strip(),
    }  # fmt: skip


@transaction.atomic
def target_create(*, actor: Any, data: TargetInput) -> Target:
    """Set a new target; nothing is saved when any rule fails."""
    _check_target(actor, data)
    return Target.objects.create(**_target_values(data), created_by=actor)


@transaction.atomic
def target_update(*, actor: Any, target: Target, data: TargetInput) -> Target:
    _check_target(actor, data)
    for field, value in _target_values(data).items():
        setattr(target, field, value)
    target.save()
    return target


@transaction.atomic
def target_delete(*, actor: Any, target: Target) -> None:
    if not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang dapat menghapus target."))
    target.delete()


# --- Creator or reseller -----------------------------------------------------------------------------


@transaction.atomic
def supply_mode_set(*, actor: Any, business: Business, mode: str) -> BusinessSupply:
    """Record whether a business makes its own products or resells; the owner's word is marked as
    declared, staff's and mentors' as observed."""
    if not Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists():
        raise PermissionDenied(_("Anda tidak dapat mengubah data usaha ini."))
    if mode not in SupplyMode.values:
        raise ValidationError({"mode": _("Pilih kreator, reseller atau keduanya.")})
    is_owner = getattr(actor, "role", None) == Role.PELAKU_USAHA
    supply, _created = BusinessSupply.objects.update_or_create(
        business=business,
        defaults={
            "mode": mode,
            "source": SupplySource.DECLARED if is_owner else SupplySource.OBSERVED,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    return supply
