from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from lapak.core.crypto import decrypt_text, keyed_hash
from lapak.core.models import AccessLog
from lapak.registry import services
from lapak.registry.models import DocumentKind, LegalityStatus, VerificationStatus
from lapak.registry.selectors import business_audit_entries

pytestmark = pytest.mark.django_db


def test_it_derives_region_chain_size_class_and_protects_the_nik(make_business: Any) -> None:
    business = make_business(annual_sales=3_000_000_000, capital=500_000_000)
    assert (business.province_id, business.kabkota_id) == ("35", "35.27")
    assert business.kecamatan_id == business.desa_id[:8]
    assert (business.size_class, business.size_criterion, business.size_regulation) == (
        "kecil",
        "omzet",
        "PP 7/2021",
    )
    assert business.owner_nik_masked == "3527********0001"
    assert "3527014507850001" not in business.owner_nik_encrypted
    assert decrypt_text(business.owner_nik_encrypted) == "3527014507850001"
    assert business.owner_nik_hash == keyed_hash("3527014507850001")


def test_it_uses_modal_when_sales_are_unknown(make_business: Any) -> None:
    business = make_business(annual_sales=None, capital=6_000_000_000)
    assert (business.size_class, business.size_criterion) == ("menengah", "modal")


def test_it_creates_documents_with_the_business_and_sets_legality_status(make_business: Any) -> None:
    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    assert business.documents.count() == 1
    assert business.legality_status == LegalityStatus.PENDING


def test_it_rolls_back_the_business_when_a_document_fails(make_business: Any) -> None:
    from lapak.registry.models import Business

    before = Business.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any database error must undo the whole create
        make_business(documents=[{"kind": DocumentKind.NIB, "nomor": "salah kolom"}], name="Gagal Simpan")
    assert Business.objects.count() == before


def test_it_follows_document_verification_into_legality_status(make_business: Any, users: dict) -> None:
    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    document = business.documents.get()
    services.document_verify(actor=users["operator"], document=document, status=VerificationStatus.VERIFIED)
    business.refresh_from_db()
    assert business.legality_status == LegalityStatus.VERIFIED
    assert document.verified_by == users["operator"]
    services.document_verify(
        actor=users["operator"], document=document, status=VerificationStatus.REJECTED, note="buram"
    )
    business.refresh_from_db()
    assert business.legality_status == LegalityStatus.REJECTED


def test_it_asks_for_verification_again_when_the_number_changes(make_business: Any, users: dict) -> None:
    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    document = business.documents.get()
    services.document_verify(actor=users["operator"], document=document, status=VerificationStatus.VERIFIED)
    document.number = "9120001234568"
    services.document_save(actor=users["operator"], document=document)
    document.refresh_from_db()
    assert document.status == VerificationStatus.PENDING and document.verified_by is None


def test_it_keeps_the_stored_nik_when_the_form_leaves_it_empty(make_business: Any, users: dict) -> None:
    business = make_business()
    services.business_update(
        actor=users["operator"], business=business, data={"owner_nik": "", "name": "Baru"}
    )
    business.refresh_from_db()
    assert business.name == "Baru"
    assert decrypt_text(business.owner_nik_encrypted) == "3527014507850001"


def test_it_logs_an_unmasked_nik(make_business: Any, users: dict) -> None:
    business = make_business()
    nik = services.business_personal_reveal(
        actor=users["operator"], business=business, field="nik", reason="Verifikasi", ip="127.0.0.1"
    )
    assert nik == "3527014507850001"
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_repr) == (users["operator"], "unmask", f"business:{business.pk}")
    assert (log.reason, log.detail) == ("Verifikasi", {"field": "nik"})


def test_it_refuses_an_unmasked_read_without_a_reason(make_business: Any, users: dict) -> None:
    business = make_business()
    with pytest.raises(ValidationError, match="alasan"):
        services.business_personal_reveal(
            actor=users["operator"], business=business, field="nik", reason=" ", ip=None
        )
    assert not AccessLog.objects.exists()


def test_it_records_changes_in_the_audit_log_without_the_encrypted_nik(
    make_business: Any, users: dict
) -> None:
    business = make_business()
    services.business_update(actor=users["operator"], business=business, data={"name": "Batik Madura Baru"})
    entries = list(business_audit_entries(business=business))
    update = next(e for e in entries if e.action == LogEntry.Action.UPDATE)
    assert update.changes_dict["name"] == ["Batik Tulis Sekar Jagad", "Batik Madura Baru"]
    assert all("owner_nik_encrypted" not in e.changes_dict for e in entries)


def test_it_refuses_to_place_a_business_outside_the_actors_region(users: dict) -> None:
    from django.core.exceptions import PermissionDenied

    from lapak.conftest import first_desa
    from lapak.registry.models import Business

    data = {
        "name": "Luar Wilayah",
        "owner_name": "A",
        "owner_sex": "L",
        "desa": first_desa("35.78"),
        "sector": "jasa",
    }
    with pytest.raises(PermissionDenied):
        services.business_create(actor=users["operator"], data=data)
    assert not Business.objects.filter(name="Luar Wilayah").exists()


def test_it_reads_the_pirt_expiry_year_when_none_is_given(make_business: Any) -> None:
    business = make_business(documents=[{"kind": DocumentKind.PIRT, "number": "206352701012327"}])
    assert str(business.documents.get().expires_on) == "2027-12-31"


def test_it_asks_for_verification_again_when_the_dates_change(make_business: Any, users: dict) -> None:
    import datetime

    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    document = business.documents.get()
    services.document_verify(actor=users["operator"], document=document, status=VerificationStatus.VERIFIED)
    document.expires_on = datetime.date(2030, 1, 1)
    services.document_save(actor=users["operator"], document=document)
    document.refresh_from_db()
    assert document.status == VerificationStatus.PENDING


def test_it_requires_a_reason_to_reject(make_business: Any, users: dict) -> None:
    from django.core.exceptions import ValidationError

    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    with pytest.raises(ValidationError):
        services.document_verify(
            actor=users["operator"], document=business.documents.get(), status=VerificationStatus.REJECTED
        )
    assert business.documents.get().status == VerificationStatus.PENDING


def test_it_refuses_a_male_kopwan_member_however_the_data_arrives(make_business: Any, users: dict) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_business(owner_sex="L", is_kopwan_member=True, name="Kopwan Salah")
    business = make_business()
    with pytest.raises(ValidationError):
        services.business_update(
            actor=None, business=business, data={"is_kopwan_member": True, "owner_sex": "L"}
        )
