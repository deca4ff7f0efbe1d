"""Writes for consent: publishing wordings, giving, refusing and withdrawing consent.

Each answer closes the previous open answer of the same business and purpose, so the history stays
whole. Other apps follow consent through ``post_save`` on ``Consent`` (the storefront unpublishes in
the same transaction as a withdrawal).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action
from lapak.registry.models import Business

from .models import CONSENT_ACTIVE, Consent, ConsentSource, ConsentWording, Purpose
from .wordings import DEFAULT_WORDINGS


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def wordings_install_defaults() -> int:
    """Create version 1 of each purpose's wording where the purpose has none; returns how many."""
    created = 0
    for purpose, (title, text) in DEFAULT_WORDINGS.items():
        if not ConsentWording.objects.filter(purpose=purpose).exists():
            wording_publish(purpose=purpose, title=title, text=text)
            created += 1
    return created


def wording_publish(*, purpose: str, title: str, text: str) -> ConsentWording:
    """Publish a new version of a purpose's wording; consents given on older versions stay valid."""
    if purpose not in Purpose.values:
        raise ValidationError(_("Tujuan persetujuan tidak dikenal: %(purpose)s.") % {"purpose": purpose})
    if not text.strip():
        raise ValidationError(_("Isi persetujuan tidak boleh kosong."))
    with transaction.atomic():
        last = ConsentWording.objects.select_for_update().filter(purpose=purpose).order_by("-version").first()
        return ConsentWording.objects.create(
            purpose=purpose,
            version=(last.version + 1) if last else 1,
            title=title,
            text=text,
            text_sha256=text_sha256(text),
        )


def _is_owner(actor: Any, business: Business) -> bool:
    return getattr(actor, "is_authenticated", False) and business.owner_account_id == actor.pk


def _check_wording(wording: ConsentWording, purpose: str) -> None:
    """Consent is given on the wording the owner read, and only on the current one of the purpose."""
    current = ConsentWording.objects.filter(purpose=purpose).order_by("-version").first()
    if wording.purpose != purpose or current is None or wording.pk != current.pk:
        raise ValidationError(
            _(
                "Teks persetujuan sudah diperbarui (versi %(version)s). Baca teks terbaru lalu beri "
                "jawaban lagi."
            )
            % {"version": current.version if current else "-"}
        )


def _answer(
    *, actor: Any, business: Business, purpose: str, wording: ConsentWording, granted: bool, source: str
) -> Consent:
    if actor is not None and not _is_owner(actor, business):
        raise PermissionDenied(_("Hanya pemilik usaha ini yang dapat memberi persetujuan."))
    _check_wording(wording, purpose)
    now = timezone.now()
    with transaction.atomic():
        if granted and actor is not None:
            # The owner agreeing again is the owner ending the restriction they asked for (Pasal 11).
            from .dsr import processing_restriction_lift

            processing_restriction_lift(actor=actor, business=business)
        for open_answer in Consent.objects.select_for_update().filter(
            business=business, purpose=purpose, withdrawn_at__isnull=True
        ):
            _close(open_answer, actor=actor, when=now, reason=_("Diganti jawaban baru."))
        return Consent.objects.create(
            business=business,
            purpose=purpose,
            granted=granted,
            wording=wording,
            wording_version=wording.version,
            wording_sha256=wording.text_sha256,
            given_at=now,
            given_by=actor,
            source=source,
        )


def consent_grant(
    *,
    actor: Any,
    business: Business,
    purpose: str,
    wording: ConsentWording,
    source: str = ConsentSource.OWNER_PAGE,
) -> Consent:
    """The owner agrees to ``purpose`` on ``wording`` (the current version). ``actor=None`` is the
    system (demo data); a person must be the business's owner account."""
    return _answer(
        actor=actor, business=business, purpose=purpose, wording=wording, granted=True, source=source
    )


def consent_refuse(
    *,
    actor: Any,
    business: Business,
    purpose: str,
    wording: ConsentWording,
    source: str = ConsentSource.OWNER_PAGE,
) -> Consent:
    """The owner declines ``purpose``: recorded like a grant, so the answer itself is on file."""
    return _answer(
        actor=actor, business=business, purpose=purpose, wording=wording, granted=False, source=source
    )


def consent_withdraw(*, actor: Any, business: Business, purpose: str, reason: str = "") -> Consent | None:
    """Withdraw the open consent of ``purpose``; returns it, or ``None`` if there was none.

    The owner, or staff who may change the business (acting on the owner's request), may withdraw; the
    change log records who. Processing for the purpose stops in the same transaction (the storefront
    unpublishes the business's products before this returns).
    """
    if actor is not None and not _is_owner(actor, business):
        allowed = Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists()
        if not allowed:
            raise PermissionDenied(_("Anda tidak berhak menarik persetujuan usaha ini."))
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update()
            .filter(business=business, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            return None
        _close(consent, actor=actor, when=timezone.now(), reason=reason)
    return consent


def consents_withdraw_all(*, actor: Any, business: Business, reason: str) -> int:
    """Withdraw every open consent of the business (a restriction or an erasure); returns how many."""
    active = Consent.objects.filter(CONSENT_ACTIVE, business=business)
    purposes = list(active.values_list("purpose", flat=True))
    for purpose in purposes:
        consent_withdraw(actor=actor, business=business, purpose=purpose, reason=reason)
    return len(purposes)


def _close(consent: Consent, *, actor: Any, when: Any, reason: str) -> None:
    consent.withdrawn_at = when
    consent.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.withdrawal_reason = reason[:250]
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
