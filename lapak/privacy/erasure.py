"""Erasing the personal data of a business's owner (UU PDP Pasal 8 and 16: deletion on request, and when
the retention period has passed), while the business stays in the statistics.

What identifies the owner goes: name, NIK (ciphertext, keyed hash and masked form), phone, email,
address, coordinates, shop links, the public profile's story, personal NPWP numbers, legality scans,
visit photos and coordinates, the same fields in the agency rows linked to the business, the values kept
to undo merges, and those values in the change log. What statistics need stays: region codes, sector,
size class, sales, employees, founding year, the owner's sex (women-owned counts), legality status.

The same function serves deletion requests and the retention job: it is idempotent (a second run changes
nothing and returns the first record) and runs in one transaction; files are removed only after commit.
"""

from __future__ import annotations

from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from lapak.core.uploads import files_delete_on_commit
from lapak.ingest.models import Merge, SourceRecord
from lapak.mentoring.models import Visit
from lapak.registry.models import Business, DocumentKind, LegalityDocument

from .models import DataSubjectRequest, ErasureRecord
from .services import consents_withdraw_all

ERASED = "[dihapus]"
# Business fields and the value they take once erased; ``owner_name`` keeps a marker because every form
# requires a name, and a marker tells staff why it is gone.
BUSINESS_ERASED: dict[str, Any] = {
    "owner_name": ERASED, "owner_nik_encrypted": "", "owner_nik_hash": "", "owner_nik_masked": "",
    "phone": "", "email": "", "address": "", "latitude": None, "longitude": None, "shop_links": [],
}  # fmt: skip
RECORD_ERASED: dict[str, Any] = {
    "owner_name": "", "owner_nik_encrypted": "", "owner_nik_hash": "", "owner_nik_masked": "",
    "phone": "", "email": "", "address": "", "shop_url": "",
}  # fmt: skip
# Change-log fields whose recorded values are personal (the masked NIK too: it is still an identifier).
LOGGED_PERSONAL = {"owner_name", "owner_nik_masked", "phone", "email", "address", "latitude", "longitude",
                   "shop_links", "owner_account", "number", "scan"}  # fmt: skip


def business_personal_data_erase(
    *, business: Business, actor: Any, reason: str, request: DataSubjectRequest | None = None
) -> ErasureRecord:
    """Erase the owner's personal data from ``business`` and what hangs off it; returns the record of
    what was done. Running it again on an erased business changes nothing and returns the last record.
    ``actor=None`` is the system (the retention job)."""
    with transaction.atomic():
        business = Business.objects.select_for_update().get(pk=business.pk)
        summary = {
            "business_fields": _erase_business(business),
            "public_profile": _erase_public_profile(business),
            "document_scans_deleted": _erase_document_scans(business),
            "document_numbers_masked": _mask_personal_npwp(business),
            "source_records": _erase_source_records(business),
            "merge_values": _erase_merge_values(business),
            "visit_photos_deleted": _erase_visits(business),
            "consents_withdrawn": consents_withdraw_all(actor=actor, business=business, reason=reason),
            "change_log_entries": _scrub_change_log(business),
        }
        previous = ErasureRecord.objects.filter(business=business).first()
        if previous is not None and not any(summary.values()):
            return previous
        return ErasureRecord.objects.create(
            business=business,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            request=request,
            reason=reason[:250],
            summary=summary,
        )


def _erase_business(business: Business) -> list[str]:
    changed = [name for name, value in BUSINESS_ERASED.items() if getattr(business, name) != value]
    if changed:
        for name in changed:
            setattr(business, name, BUSINESS_ERASED[name])
        # Not through the change log: it would record the very values being erased as "before".
        with disable_auditlog():
            business.save(update_fields=[*changed, "updated_at"])
    return changed


def _erase_public_profile(business: Business) -> int:
    from lapak.storefront.models import PublicProfile

    profiles = PublicProfile.objects.filter(business=business).filter(~Q(story="") | Q(show_phone=True))
    return profiles.update(story="", show_phone=False)


def _erase_document_scans(business: Business) -> int:
    documents = list(LegalityDocument.objects.filter(business=business).exclude(scan=""))
    for document in documents:
        files_delete_on_commit([document.scan])
    LegalityDocument.objects.filter(pk__in=[d.pk for d in documents]).update(scan="")
    return len(documents)


def _mask_personal_npwp(business: Business) -> int:
    """A personal NPWP is the owner's NIK; a business's NIB or certificate numbers are not personal."""
    masked = 0
    for document in LegalityDocument.objects.filter(business=business, kind=DocumentKind.NPWP):
        if document.number_masked != document.number:
            LegalityDocument.objects.filter(pk=document.pk).update(number=document.number_masked)
            masked += 1
    return masked


def _erase_source_records(business: Business) -> int:
    not_erased = Q()
    for name, value in RECORD_ERASED.items():
        not_erased |= ~Q(**{name: value})
    return SourceRecord.objects.filter(not_erased, business=business).update(**RECORD_ERASED)


def _erase_merge_values(business: Business) -> int:
    """Merges keep the golden record's earlier values to be undone; the personal ones are emptied."""
    scrubbed = 0
    for merge in Merge.objects.filter(business=business).exclude(previous_values={}):
        values = {
            k: ("" if k in BUSINESS_ERASED and v not in ("", None) else v)
            for k, v in merge.previous_values.items()
        }
        if values != merge.previous_values:
            Merge.objects.filter(pk=merge.pk).update(previous_values=values)
            scrubbed += 1
    return scrubbed


def _erase_visits(business: Business) -> int:
    """A visit photo shows the owner and their home; its coordinates are where they live."""
    visits = list(Visit.objects.filter(businesses=business).filter(~Q(photo="") | Q(latitude__isnull=False)))
    for visit in visits:
        if visit.photo:
            files_delete_on_commit([visit.photo])
    Visit.objects.filter(pk__in=[v.pk for v in visits]).update(photo="", latitude=None, longitude=None)
    return len(visits)


def _scrub_change_log(business: Business) -> int:
    """Replace the personal values in the change log of the business and its documents by a marker;
    which field changed, when and by whom stays."""
    business_type = ContentType.objects.get_for_model(Business)
    document_type = ContentType.objects.get_for_model(LegalityDocument)
    document_ids = [
        str(pk) for pk in LegalityDocument.objects.filter(business=business).values_list("pk", flat=True)
    ]
    entries = LogEntry.objects.filter(
        Q(content_type=business_type, object_pk=str(business.pk))
        | Q(content_type=document_type, object_pk__in=document_ids)
        | Q(content_type=document_type, additional_data__business_id=business.pk)
    )
    scrubbed = 0
    for entry in entries.only("pk", "changes", "content_type"):
        changes = _scrubbed(entry.changes, document=entry.content_type_id == document_type.pk)
        if changes != entry.changes:
            LogEntry.objects.filter(pk=entry.pk).update(changes=changes, changes_text="")
            scrubbed += 1
    return scrubbed


def _scrubbed(changes: Any, *, document: bool) -> Any:
    if not isinstance(changes, dict):
        return changes
    personal = {"number", "scan"} if document else LOGGED_PERSONAL - {"number", "scan"}
    return {
        name: [ERASED if v not in (None, "", "None") else v for v in pair]
        if name in personal and isinstance(pair, list) else pair
        for name, pair in changes.items()
    }  # fmt: skip
