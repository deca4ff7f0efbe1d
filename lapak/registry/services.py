"""Writes to the business register. Every derived field (region chain, size class, NIK protection,
legality status) is set here, so forms, imports and the API cannot disagree about them."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import region_allowed
from lapak.core.crypto import decrypt_text, encrypt_text, keyed_hash
from lapak.core.models import AccessAction
from lapak.core.services import access_log_record
from lapak.core.uploads import files_delete_on_commit
from lapak.regions.models import Region
from lapak.registry.legality import legality_status_from
from lapak.registry.models import Business, DocumentKind, LegalityDocument, Sex, VerificationStatus
from lapak.registry.sizeclass import REGULATION, classify
from lapak.registry.validators import mask_nik, parse_pirt

OWNER_NIK = "owner_nik"


SHOP_HOSTS = {
    "shopee": "shopee",
    "tokopedia": "tokopedia",
    "lazada": "lazada",
    "tiktok": "tiktok",
    "blibli": "blibli",
    "bukalapak": "bukalapak",
    "instagram": "instagram",
    "facebook": "facebook",
    "wa.me": "whatsapp",
}


def shop_platform(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return next((name for key, name in SHOP_HOSTS.items() if key in host), "lainnya")


def business_check_rules(data: dict[str, Any]) -> None:
    """Rules across fields that every way in (form, import, API) must respect."""
    if data.get("is_kopwan_member") and data.get("owner_sex") == Sex.MALE:
        raise ValidationError(
            {"is_kopwan_member": _("Anggota Koperasi Wanita harus pemilik perempuan.")}, code="kopwan_sex"
        )


def region_chain_values(desa_code: str) -> dict[str, str]:
    """The province, kab/kota and kecamatan a desa belongs to, read off its Kemendagri code."""
    return {
        "province_id": desa_code[:2],
        "kabkota_id": desa_code[:5],
        "kecamatan_id": desa_code[:8],
        "desa_id": desa_code,
    }


def owner_nik_values(owner_nik: str) -> dict[str, str]:
    """How a NIK is stored: encrypted, as a keyed hash for matching, and masked for display."""
    return {
        "owner_nik_encrypted": encrypt_text(owner_nik),
        "owner_nik_hash": keyed_hash(owner_nik),
        "owner_nik_masked": mask_nik(owner_nik) if owner_nik else "",
    }


def business_apply_derived(business: Business, *, owner_nik: str | None = None) -> None:
    """Fill the fields that follow from others: region chain from the desa, size class, NIK protection."""
    desa: Region = business.desa
    derived: dict[str, str] = region_chain_values(desa.code)
    size_class, criterion = classify(annual_sales=business.annual_sales, capital=business.capital)
    derived |= {
        "size_class": size_class or "",
        "size_criterion": criterion or "",
        "size_regulation": REGULATION if size_class else "",
    }
    if owner_nik is not None:
        derived |= owner_nik_values(owner_nik)
    for field, value in derived.items():
        setattr(business, field, value)


@transaction.atomic
def business_create(
    *, actor: Any, data: dict[str, Any], documents: list[dict[str, Any]] | None = None
) -> Business:
    """Create a business with its legality documents in one transaction."""
    business_check_rules(data)
    owner_nik = data.pop(OWNER_NIK, None)
    business = Business(**data, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    business_apply_derived(business, owner_nik=owner_nik or "")
    _check_region(actor, business)
    business.save()
    for values in documents or []:
        document = LegalityDocument(business=business, **values)
        document_apply_derived(document)
        document.save()
    business_legality_refresh(business=business)
    return business


@transaction.atomic
def business_update(*, actor: Any, business: Business, data: dict[str, Any]) -> Business:
    """Change a business; an empty ``owner_nik`` keeps the stored NIK (the form never shows it)."""
    owner_nik = data.pop(OWNER_NIK, None) or None
    for field, value in data.items():
        setattr(business, field, value)
    business_check_rules({"is_kopwan_member": business.is_kopwan_member, "owner_sex": business.owner_sex})
    business_apply_derived(business, owner_nik=owner_nik)
    _check_region(actor, business)
    business.save()
    return business


def _check_region(actor: Any, business: Business) -> None:
    """A user may only place a business inside their own scope; ``None`` is the system (imports, demo)."""
    if actor is not None and not region_allowed(actor, business.desa_id):
        raise PermissionDenied(_("Desa %(desa)s di luar wilayah Anda.") % {"desa": business.desa_id})


def business_legality_refresh(*, business: Business) -> Business:
    """Recompute the overall legality status from the documents' verification states."""
    status = legality_status_from(business.documents.values_list("status", flat=True))
    if business.legality_status != status:
        business.legality_status = status
        business.save(update_fields=["legality_status", "updated_at"])
    return business


VERIFIED_CONTENT = ("kind", "number", "issued_on", "expires_on")


@transaction.atomic
def document_save(*, actor: Any, document: LegalityDocument) -> LegalityDocument:
    """Add or change a legality document. Any change to what staff verified needs verifying again;
    a replaced scan's old file is removed once the change is committed."""
    _lock_business(document.business_id)
    document_apply_derived(document)
    if document.pk:
        previous = LegalityDocument.objects.get(pk=document.pk)
        changed = any(getattr(previous, f) != getattr(document, f) for f in VERIFIED_CONTENT)
        if changed or previous.scan != document.scan:
            document.status = VerificationStatus.PENDING
            document.verified_by = None
            document.verified_at = None
        if previous.scan and previous.scan != document.scan:
            files_delete_on_commit([previous.scan])
    document.save()
    business_legality_refresh(business=document.business)
    return document


def document_apply_derived(document: LegalityDocument) -> None:
    """A P-IRT number carries its expiry year: fill ``expires_on`` from it when staff left it empty."""
    if document.kind == DocumentKind.PIRT and document.expires_on is None:
        document.expires_on = date(parse_pirt(document.number).expiry_year, 12, 31)


@transaction.atomic
def document_verify(
    *, actor: Any, document: LegalityDocument, status: str, note: str = ""
) -> LegalityDocument:
    """Staff decision on a document: verified or rejected (with a reason), or back to pending."""
    if status == VerificationStatus.REJECTED and not note.strip():
        raise ValidationError(_("Tuliskan alasan penolakan agar pemilik usaha dapat memperbaikinya."))
    _lock_business(document.business_id)
    document.status = status
    document.verification_note = note
    document.verified_by = actor if status != VerificationStatus.PENDING else None
    document.verified_at = timezone.now() if status != VerificationStatus.PENDING else None
    document.save()
    business_legality_refresh(business=document.business)
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: LegalityDocument) -> None:
    """Remove a document and refresh the business's legality status; the scan file goes after commit."""
    _lock_business(document.business_id)
    business = document.business
    if document.scan:
        files_delete_on_commit([document.scan])
    document.delete()
    business_legality_refresh(business=business)


def _lock_business(business_id: int) -> None:
    """Serialise document changes of one business so its legality status is computed from all of them."""
    Business.objects.select_for_update().filter(pk=business_id).values_list("pk", flat=True).first()


def document_scan_open(*, actor: Any, document: LegalityDocument, reason: str, ip: str | None) -> Any:
    """Open a document's scan for someone allowed to see it, and log that it was seen and why."""
    access_log_record(
        user=actor,
        action=AccessAction.UNMASK,
        object_repr=f"document:{document.pk}",
        reason=reason,
        detail={"field": "scan", "business": document.business_id},
        ip=ip,
    )
    return document.scan.open("rb")


PERSONAL_FIELDS = ("nik", "phone")


def business_personal_reveal(
    *, actor: Any, business: Business, field: str, reason: str, ip: str | None
) -> str:
    """The owner's full NIK or phone number for someone allowed to see it, logged with the reason."""
    if field not in PERSONAL_FIELDS:
        raise ValidationError(_("Data yang diminta tidak dikenal."))
    if not reason.strip():
        raise ValidationError(_("Sebutkan alasan melihat data pribadi ini."))
    access_log_record(
        user=actor,
        action=AccessAction.UNMASK,
        object_repr=f"business:{business.pk}",
        reason=reason,
        detail={"field": field},
        ip=ip,
    )
    if field == "phone":
        return business.phone
    return decrypt_text(business.owner_nik_encrypted)
