"""Erasure of an owner's personal data: everything identifying goes (also from agency rows, merges, visit
photos, scans and the change log), statistics stay, a second run changes nothing, a failure changes
nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from lapak.channels.models import SalesOrder
from lapak.ingest.models import Merge, SourceRecord
from lapak.mentoring.models import Visit
from lapak.privacy import dsr, erasure
from lapak.privacy.models import Consent, DsrKind, DsrStatus, ErasureRecord
from lapak.registry.models import Business, LegalityDocument
from lapak.storefront.selectors import public_products

from .dsr_data import NIK, PHONE, SALES, populate

pytestmark = pytest.mark.django_db
KEPT = (
    "name", "province_id", "kabkota_id", "kecamatan_id", "desa_id", "sector", "size_class", "annual_sales",
    "owner_sex", "legality_status",
)  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def erase(business: Business, users: dict, capture: Any) -> ErasureRecord:
    with capture(execute=True):
        return erasure.business_personal_data_erase(
            business=business, actor=users["admin"], reason="Permintaan"
        )


def test_it_erases_the_owner_from_the_business_and_what_hangs_off_it(
    sampang_business: Business, users: dict, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    data = populate(sampang_business)
    scan_path = Path(settings.MEDIA_ROOT) / data["document"].scan.name
    photo_path = Path(settings.MEDIA_ROOT) / data["visit"].photo.name
    assert scan_path.exists() and photo_path.exists() and list(public_products())

    record = erase(sampang_business, users, django_capture_on_commit_callbacks)

    business = Business.objects.get(pk=sampang_business.pk)
    assert business.owner_name == erasure.ERASED
    assert (business.owner_nik_encrypted, business.owner_nik_hash, business.owner_nik_masked) == ("", "", "")
    assert (business.phone, business.email, business.address, business.latitude) == ("", "", "", None)
    document = LegalityDocument.objects.get(pk=data["document"].pk)
    assert not document.scan and not scan_path.exists() and document.number == "3527********0001"
    source = SourceRecord.objects.get(pk=data["record"].pk)
    assert (source.owner_name, source.phone, source.email, source.address, source.owner_nik_hash) == (
        "", "", "", "", "",
    )  # fmt: skip
    assert source.annual_sales == 150_000_000 and source.name == sampang_business.name
    assert Merge.objects.get(record=source).previous_values == {"phone": "", "sector": "x"}
    visit = Visit.objects.get(pk=data["visit"].pk)
    assert not visit.photo and visit.latitude is None and not photo_path.exists()
    assert not Consent.objects.filter(business=business, withdrawn_at__isnull=True).exists()
    assert list(public_products()) == []
    assert record.summary["business_fields"] and record.summary["document_scans_deleted"] == 1
    assert record.actor == users["admin"]


def test_the_change_log_keeps_what_changed_but_not_the_values(
    sampang_business: Business, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    populate(sampang_business)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Business), object_pk=str(sampang_business.pk)
    )
    assert any(PHONE in str(e.changes) for e in entries)
    logged = entries.count()
    erase(sampang_business, users, django_capture_on_commit_callbacks)
    texts = " ".join(str(e.changes) for e in entries.all())
    assert PHONE not in texts and "Siti Aminah" not in texts and NIK[-4:] not in texts
    assert "phone" in texts and erasure.ERASED in texts
    # The erasure itself wrote no entry with the erased values as "before".
    assert entries.count() == logged


def test_statistics_stay_right(
    sampang_business: Business, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    populate(sampang_business)
    before = Business.objects.filter(pk=sampang_business.pk).values(*KEPT).get()
    erase(sampang_business, users, django_capture_on_commit_callbacks)
    assert Business.objects.filter(pk=sampang_business.pk).values(*KEPT).get() == before
    total = SalesOrder.objects.filter(business=sampang_business).aggregate(total=Sum("total_amount"))["total"]
    assert total == sum(SALES)


def test_it_is_idempotent(
    sampang_business: Business, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    populate(sampang_business)
    first = erase(sampang_business, users, django_capture_on_commit_callbacks)
    snapshot = Business.objects.filter(pk=sampang_business.pk).values().get()
    again = erase(sampang_business, users, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and ErasureRecord.objects.count() == 1
    after = Business.objects.filter(pk=sampang_business.pk).values().get()
    assert after == snapshot
    # The retention job passes no actor (the system).
    system = erasure.business_personal_data_erase(business=sampang_business, actor=None, reason="Retensi")
    assert system.pk == first.pk


def test_a_failure_leaves_everything_as_it_was(
    sampang_business: Business, users: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(sampang_business)

    def broken(business: Business) -> int:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(erasure, "_scrub_change_log", broken)
    with pytest.raises(RuntimeError):
        erasure.business_personal_data_erase(business=sampang_business, actor=None, reason="x")
    business = Business.objects.get(pk=sampang_business.pk)
    assert business.phone == PHONE and business.owner_nik_masked and not ErasureRecord.objects.exists()
    assert Consent.objects.filter(business=business, withdrawn_at__isnull=True).exists()
    assert SourceRecord.objects.filter(business=business, phone=PHONE).exists()


def test_a_deletion_request_erases_when_finished(
    sampang_business: Business, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    populate(sampang_business)
    request = dsr.dsr_submit(requester=users["pemilik"], kind=DsrKind.PENGHAPUSAN, business=sampang_business)
    with django_capture_on_commit_callbacks(execute=True):
        dsr.dsr_complete(actor=users["operator"], request=request, note="Data pribadi dihapus.")
    request.refresh_from_db()
    assert request.status == DsrStatus.SELESAI
    record = ErasureRecord.objects.get(business=sampang_business)
    assert record.request == request and record.actor == users["operator"]
    assert Business.objects.get(pk=sampang_business.pk).phone == ""
