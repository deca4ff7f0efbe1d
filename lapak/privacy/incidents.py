"""Breach incidents: record one, and list the people it may have affected (runbook §4.9, §5).

The list is the mailing list for the notice and the count for the PDP agency, so it leans towards
including: a person wrongly told costs a letter, a person wrongly left out breaks Pasal 46. It holds

- owners of businesses of the kab/kota in scope that existed in the window (created before its end;
  Lapak deletes businesses outright, so every business still here was not deleted before the start);
- owners in imported source records of that scope, made before the window's end, that are not already
  counted through a business above (unlinked, incomplete, or linked to a business outside the list);
- when an account was misused: every business it touched in the window, wherever it is: those whose NIK or
  documents it opened (``AccessLog``), those whose data it changed (the ``auditlog`` change log), and,
  if it exported a list, everything it can see, because a logged export does not say which rows it held.

Everything is a queryset: the counts are GROUP BY queries and the file is written while streaming.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import IO, Any

import xlsxwriter
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.utils.translation import gettext as _

from lapak.accounts.models import User
from lapak.accounts.scoping import NOTHING, scope_q
from lapak.core.models import AccessAction, AccessLog
from lapak.core.spreadsheet import formula_safe
from lapak.ingest.models import SourceRecord
from lapak.regions.models import Region
from lapak.registry.models import Business, LegalityDocument

from .incident_models import Incident

CHUNK = 2000


@dataclass(frozen=True)
class AffectedScope:
    """What the list is computed from: a province, its kab/kota (none = all), a window, an account."""

    province: str
    kabkota: tuple[str, ...]
    start: datetime
    end: datetime
    account: User | None = None

    @cached_property
    def touched(self) -> Q:
        """``touched_business_q`` of this scope, worked out once (its queries run when it is built)."""
        return touched_business_q(self)


# --- Writes ---------------------------------------------------------------------------------------


@transaction.atomic
def incident_save(*, actor: Any, data: dict[str, Any], incident: Incident | None = None) -> Incident:
    """Create or update an incident from cleaned form data; the window must run forwards."""
    if data["window_start"] >= data["window_end"]:
        raise ValidationError(_("Awal rentang waktu harus sebelum akhirnya."))
    kabkota = list(data.get("kabkota") or [])
    if any(region.level != 2 or region.code[:2] != data["province"].code for region in kabkota):
        raise ValidationError(_("Kab/kota harus berada di provinsi insiden."))
    incident = incident or Incident(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for field in (
        "title",
        "description",
        "discovered_at",
        "window_start",
        "window_end",
        "province",
        "status",
    ):
        setattr(incident, field, data[field])
    incident.compromised_user = data.get("compromised_user")
    incident.data_categories = list(data.get("data_categories") or [])
    incident.save()
    incident.kabkota.set(kabkota)
    return incident


# --- Reads ----------------------------------------------------------------------------------------


def incident_scope(incident: Incident) -> AffectedScope:
    """The scope of the affected-people list of an incident, as recorded on it."""
    codes = tuple(sorted(incident.kabkota.values_list("code", flat=True)))
    return AffectedScope(
        province=incident.province_id,
        kabkota=codes,
        start=incident.window_start,
        end=incident.window_end,
        account=incident.compromised_user,
    )


def _region_q(scope: AffectedScope) -> Q:
    if scope.kabkota:
        return Q(kabkota_id__in=scope.kabkota)
    return Q(kabkota_id__in=Region.objects.filter(level=2, parent_id=scope.province).values("code"))


def affected_businesses(scope: AffectedScope) -> QuerySet[Business]:
    """Businesses whose owner is affected: in scope during the window, or touched by the account."""
    in_scope = _region_q(scope) & Q(province_id=scope.province, created_at__lt=scope.end)
    return Business.objects.filter(in_scope | scope.touched)


def affected_source_records(scope: AffectedScope) -> QuerySet[SourceRecord]:
    """Imported rows of the scope made before the window's end whose owner the business list misses."""
    counted = affected_businesses(scope).values("pk")
    return SourceRecord.objects.filter(_region_q(scope), created_at__lt=scope.end).filter(
        Q(business__isnull=True) | ~Q(business_id__in=counted)
    )


def touched_business_q(scope: AffectedScope) -> Q:
    """Businesses the misused account reached in the window (nothing without an account)."""
    if scope.account is None:
        return NOTHING
    accesses = AccessLog.objects.filter(
        user=scope.account, created_at__gte=scope.start, created_at__lt=scope.end
    )
    touched = Q(pk__in=_opened_ids(accesses, "business")) | Q(
        pk__in=LegalityDocument.objects.filter(pk__in=_opened_ids(accesses, "document")).values("business_id")
    )
    if accesses.filter(Q(action=AccessAction.EXPORT) | Q(object_repr__startswith="api:")).exists():
        touched |= scope_q(scope.account)
    return touched | _changed_business_q(scope)


def _opened_ids(accesses: QuerySet[AccessLog], kind: str) -> QuerySet[AccessLog]:
    """The ids in the ``<kind>:<id>`` entries of ``accesses``, as a subquery (the database reads them)."""
    prefix = f"{kind}:"
    return (
        accesses.filter(object_repr__regex=rf"^{kind}:[0-9]+$")
        .annotate(ref=Cast(Substr("object_repr", len(prefix) + 1), models.BigIntegerField()))
        .values("ref")
    )


# How a changed record of another model leads to its business, tried in this order.
BUSINESS_PATHS = ("business", "product__business", "businesses")


def _changed_business_q(scope: AffectedScope) -> Q:
    """Businesses whose own record, or a record hanging off them, the account changed in the window."""
    if not django_apps.is_installed("auditlog"):
        return NOTHING
    from auditlog.models import LogEntry

    entries = LogEntry.objects.filter(
        actor=scope.account, timestamp__gte=scope.start, timestamp__lt=scope.end, object_id__isnull=False
    )
    q = NOTHING
    for content_type_id in entries.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        changed = entries.filter(content_type_id=content_type_id).values("object_id")
        if model is Business:
            q |= Q(pk__in=changed)
            continue
        path = _business_path(model)
        if model is not None and path is not None:
            q |= Q(pk__in=model._default_manager.filter(pk__in=changed).values(path))
    return q


def _business_path(model: type[models.Model] | None) -> str | None:
    """``business`` (a foreign key), ``businesses`` (many-to-many) or ``product__business``, if any."""
    if model is None:
        return None
    names = {field.name: field for field in model._meta.get_fields()}
    for path in BUSINESS_PATHS:
        first, *rest = path.split("__")
        field = names.get(first)
        if field is None or not field.is_relation:
            continue
        target = field.related_model if isinstance(field.related_model, type) else None
        if rest and target is not None and _business_path(target) == rest[0]:
            return path
        if not rest and target is Business:
            return path
    return None


def affected_counts(scope: AffectedScope) -> list[dict[str, Any]]:
    """Per kab/kota: how many businesses and how many further source records are on the list."""
    rows: dict[str, dict[str, Any]] = {}
    for queryset, key in (
        (affected_businesses(scope), "businesses"),
        (affected_source_records(scope), "records"),
    ):
        for item in queryset.order_by().values("kabkota_id").annotate(n=Count("pk")):
            row = rows.setdefault(
                item["kabkota_id"], {"code": item["kabkota_id"], "businesses": 0, "records": 0}
            )
            row[key] = item["n"]
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    for code, row in rows.items():
        row["name"] = names.get(code, code)
        row["total"] = row["businesses"] + row["records"]
    return sorted(rows.values(), key=lambda row: row["code"])


BUSINESS_COLUMNS = ("owner_name", "name", "owner_nik_masked", "phone", "email", "address", "kabkota__name")


def affected_rows(scope: AffectedScope) -> Iterator[tuple[Any, ...]]:
    """Every row of the list (owner, business, masked NIK, phone, e-mail, address, kab/kota, source),
    businesses first; streamed in chunks so a whole province does not sit in memory."""
    registry = _("Data induk usaha")
    businesses = (
        affected_businesses(scope).order_by("kabkota_id", "name", "pk").values_list(*BUSINESS_COLUMNS)
    )
    for row in businesses.iterator(chunk_size=CHUNK):
        yield (*row, registry)
    records = affected_source_records(scope).order_by("kabkota_id", "name", "pk")
    yield from records.values_list(*BUSINESS_COLUMNS, "source__name").iterator(chunk_size=CHUNK)


def affected_xlsx(scope: AffectedScope, handle: IO[bytes]) -> int:
    """Write the list as an XLSX file into ``handle``; returns the number of people rows.

    ``constant_memory`` flushes each row to disk as it is written, so 100k+ rows take a few MB.
    """
    workbook = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet(_("Orang terdampak"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    headers = [_("Nama pemilik"), _("Usaha"), _("NIK (disamarkan)"), _("Telepon"), _("Email"), _("Alamat"),
               _("Kab/kota"), _("Sumber")]  # fmt: skip
    sheet.set_column(0, 1, 28)
    sheet.set_column(2, 4, 20)
    sheet.set_column(5, 5, 40)
    sheet.set_column(6, 7, 22)
    sheet.write_row(0, 0, headers, bold)
    count = 0
    for count, row in enumerate(affected_rows(scope), start=1):
        sheet.write_row(count, 0, [formula_safe(cell) if cell is not None else "" for cell in row])
    workbook.close()
    return count
