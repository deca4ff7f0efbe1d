"""Writes for data subject requests (UU PDP 27/2022): an owner submits, staff of the business's area take
it up and finish or refuse it within 3x24 hours, and finishing carries out what was asked.

- akses: the requester (or staff for them) downloads the export; finishing records the answer.
- perbaikan: staff correct the business on the registry's edit page, then finish with a note.
- pembatasan: finishing restricts processing of the business and withdraws its open consents.
- penghapusan: finishing erases the owner's personal data (``erasure.business_personal_data_erase``).
- penarikan: finishing withdraws every open consent (the storefront unpublishes at once).

Each step runs in one transaction on a locked request: a failure leaves the request as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.core.models import AccessAction
from lapak.core.services import access_log_record
from lapak.registry.models import Business, LegalityDocument

from . import dsr_selectors
from .dsr_export import export_zip
from .erasure import business_personal_data_erase
from .models import DSR_OPEN, DataSubjectRequest, DsrKind, DsrStatus, ProcessingRestriction
from .person_data import owned_businesses, person_sections
from .services import consents_withdraw_all

# UU PDP Pasal 32-34 and 40-42: the controller answers within 3x24 hours of receiving a request.
RESPONSE_TIME = timedelta(hours=72)
NEEDS_DESCRIPTION = {DsrKind.PERBAIKAN}


def dsr_submit(
    *, requester: Any, kind: str, description: str = "", business: Business | None = None
) -> DataSubjectRequest:
    """An owner asks about their data; the deadline runs from now."""
    if getattr(requester, "role", None) != Role.PELAKU_USAHA:
        raise PermissionDenied(_("Hanya pemilik usaha yang dapat mengajukan permintaan atas datanya."))
    if kind not in DsrKind.values:
        raise ValidationError(_("Jenis permintaan tidak dikenal."))
    if business is not None and business.owner_account_id != requester.pk:
        raise PermissionDenied(_("Usaha ini bukan milik Anda."))
    description = description.strip()
    if kind in NEEDS_DESCRIPTION and not description:
        raise ValidationError({"description": _("Tuliskan data mana yang salah dan seharusnya menjadi apa.")})
    now = timezone.now()
    return DataSubjectRequest.objects.create(
        requester=requester, business=business, kind=kind, description=description,
        received_at=now, due_at=now + RESPONSE_TIME,
    )  # fmt: skip


def _locked(actor: Any, request: DataSubjectRequest) -> DataSubjectRequest:
    """The request locked for this transaction, if the actor may handle it and it is still open."""
    locked = (
        DataSubjectRequest.objects.select_for_update(of=("self",))  # the scope joins the business
        .filter(dsr_selectors.dsr_scope_q(actor), pk=request.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("Anda tidak berhak menangani permintaan ini."))
    if locked.status not in DSR_OPEN:
        raise ValidationError(_("Permintaan ini sudah %(status)s.") % {"status": locked.get_status_display()})
    return locked


def dsr_start(*, actor: Any, request: DataSubjectRequest) -> DataSubjectRequest:
    """Staff take the request up: others see who is on it."""
    with transaction.atomic():
        locked = _locked(actor, request)
        locked.status, locked.handled_by = DsrStatus.DIPROSES, actor
        locked.save(update_fields=["status", "handled_by"])
    return locked


def _require_note(note: str, message: str) -> str:
    note = note.strip()
    if not note:
        raise ValidationError({"note": message})
    return note


def dsr_refuse(*, actor: Any, request: DataSubjectRequest, note: str) -> DataSubjectRequest:
    """Refuse with the reason the owner will read (UU PDP Pasal 15 lists when a request may be refused)."""
    note = _require_note(note, _("Tuliskan alasan penolakan; pemohon akan membacanya."))
    with transaction.atomic():
        locked = _locked(actor, request)
        return _close(locked, actor=actor, status=DsrStatus.DITOLAK, note=note)


def dsr_complete(*, actor: Any, request: DataSubjectRequest, note: str) -> DataSubjectRequest:
    """Finish the request, carrying out a restriction, erasure or consent withdrawal it asks for."""
    note = _require_note(note, _("Tuliskan catatan penyelesaian; pemohon akan membacanya."))
    with transaction.atomic():
        locked = _locked(actor, request)
        businesses = list(dsr_selectors.requester_businesses(user=actor, request=locked))
        reason = _("Permintaan subjek data #%(pk)s") % {"pk": locked.pk}
        for business in businesses:
            if locked.kind == DsrKind.PEMBATASAN:
                processing_restrict(actor=actor, business=business, reason=reason)
            elif locked.kind == DsrKind.PENGHAPUSAN:
                business_personal_data_erase(business=business, actor=actor, reason=reason, request=locked)
            elif locked.kind == DsrKind.PENARIKAN:
                consents_withdraw_all(actor=actor, business=business, reason=reason)
        return _close(locked, actor=actor, status=DsrStatus.SELESAI, note=note)


def _close(request: DataSubjectRequest, *, actor: Any, status: str, note: str) -> DataSubjectRequest:
    request.status, request.resolution = status, note
    request.handled_by, request.handled_at = actor, timezone.now()
    request.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
    return request


def processing_restrict(*, actor: Any, business: Business, reason: str) -> ProcessingRestriction:
    """Restrict processing of the business (UU PDP Pasal 11): its open consents are withdrawn, which
    takes it off the storefront and marketplaces. Restricting a restricted business changes nothing."""
    with transaction.atomic():
        restriction, _created = ProcessingRestriction.objects.select_for_update().get_or_create(
            business=business,
            defaults={"since": timezone.now(), "reason": reason[:250], "restricted_by": _person(actor)},
        )
        if not restriction.is_active:
            restriction.since, restriction.reason = timezone.now(), reason[:250]
            restriction.restricted_by, restriction.lifted_at, restriction.lifted_by = (
                _person(actor),
                None,
                None,
            )
            restriction.save()
        consents_withdraw_all(actor=actor, business=business, reason=reason)
    return restriction


def processing_restriction_lift(*, actor: Any, business: Business) -> ProcessingRestriction | None:
    """End a restriction (the owner asked, or the reason passed); consents are not given back."""
    with transaction.atomic():
        restriction = ProcessingRestriction.objects.select_for_update().filter(business=business).first()
        if restriction is not None and restriction.is_active:
            restriction.lifted_at, restriction.lifted_by = timezone.now(), _person(actor)
            restriction.save(update_fields=["lifted_at", "lifted_by"])
    return restriction


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def person_export(
    *,
    actor: Any,
    owner: Any,
    businesses: Iterable[Business],
    ip: str | None,
    request: DataSubjectRequest | None = None,
) -> bytes:
    """The ZIP of everything about ``owner`` through ``businesses`` (already scoped by the caller), and
    its entry in the access log. The full NIK is in it only when the owner exports their own data; each
    NIK so decrypted is logged as an unmasked read too."""
    chosen = list(owned_businesses(owner, within=Business.objects.filter(pk__in=[b.pk for b in businesses])))
    reveal = getattr(actor, "pk", None) == owner.pk
    content = export_zip(
        person_sections(owner=owner, businesses=chosen, reveal_nik=reveal),
        subject=owner.username,
        documents=_documents(chosen),
    )
    if request is not None:
        reason = _("Menangani permintaan pemilik data no. %(pk)s") % {"pk": request.pk}
    else:
        reason = (
            _("Pemilik mengunduh data pribadinya sendiri") if reveal else _("Salinan data pribadi pemilik")
        )
    access_log_record(
        user=actor, action=AccessAction.EXPORT, object_repr=f"person:{owner.pk}", ip=ip, reason=reason,
        detail={
            "usaha": ",".join(str(b.pk) for b in chosen), "nik": "lengkap" if reveal else "disamarkan",
            "permintaan": request.pk if request else "",
        },
    )  # fmt: skip
    if reveal:
        for business in chosen:
            if business.owner_nik_encrypted:
                access_log_record(
                    user=actor, action=AccessAction.UNMASK, object_repr=f"business:{business.pk}", ip=ip,
                    reason=reason, detail={"field": "nik", "via": "ekspor data pribadi"},
                )  # fmt: skip
    return content


def _documents(businesses: list[Business]) -> Any:
    return LegalityDocument.objects.filter(business__in=businesses).order_by("business_id", "kind", "pk")
