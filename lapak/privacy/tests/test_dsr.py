"""Data subject requests: submitted by the owner with a 3x24-hour deadline, handled only by staff of the
business's area, finished with a note (carrying out a restriction or a consent withdrawal), refused
with a reason; bad input is refused in Indonesian and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lapak.privacy import dsr, dsr_selectors
from lapak.privacy.models import (
    Consent,
    DataSubjectRequest,
    DsrKind,
    DsrStatus,
    ProcessingRestriction,
    Purpose,
)
from lapak.registry.models import Business
from lapak.storefront.selectors import public_products

from .dsr_data import populate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def submit(
    users: dict, business: Business | None, kind: str = DsrKind.AKSES, text: str = ""
) -> DataSubjectRequest:
    return dsr.dsr_submit(requester=users["pemilik"], kind=kind, description=text, business=business)


def test_a_request_is_due_72_hours_after_it_is_received(sampang_business: Business, users: dict) -> None:
    before = timezone.now()
    request = submit(users, sampang_business)
    assert request.status == DsrStatus.BARU
    assert before <= request.received_at <= timezone.now()
    assert request.due_at - request.received_at == timedelta(hours=72)
    assert not request.is_overdue and 71 <= request.hours_left <= 72


def test_a_correction_needs_a_description_and_writes_nothing(sampang_business: Business, users: dict) -> None:
    with pytest.raises(ValidationError) as raised:
        submit(users, sampang_business, DsrKind.PERBAIKAN, "   ")
    assert "Tuliskan data mana yang salah" in " ".join(raised.value.messages)
    assert not DataSubjectRequest.objects.exists()


def test_an_owner_asks_only_about_their_own_business(
    sampang_business: Business, surabaya_business: Business, users: dict
) -> None:
    with pytest.raises(PermissionDenied):
        submit(users, surabaya_business)
    with pytest.raises(PermissionDenied):
        dsr.dsr_submit(requester=users["operator"], kind=DsrKind.AKSES, business=None)
    assert not DataSubjectRequest.objects.exists()


def test_the_lifecycle_from_new_to_finished(sampang_business: Business, users: dict) -> None:
    request = submit(users, sampang_business, DsrKind.PERBAIKAN, "Nomor telepon saya 0812 9999 0000")
    dsr.dsr_start(actor=users["operator"], request=request)
    request.refresh_from_db()
    assert (request.status, request.handled_by) == (DsrStatus.DIPROSES, users["operator"])
    dsr.dsr_complete(actor=users["operator"], request=request, note="Telepon sudah diperbaiki.")
    request.refresh_from_db()
    assert request.status == DsrStatus.SELESAI and request.resolution == "Telepon sudah diperbaiki."
    assert request.handled_at is not None and not request.is_open
    with pytest.raises(ValidationError, match="sudah Selesai"):
        dsr.dsr_refuse(actor=users["admin"], request=request, note="terlambat")
    request.refresh_from_db()
    assert request.status == DsrStatus.SELESAI


def test_finishing_or_refusing_needs_a_note(sampang_business: Business, users: dict) -> None:
    request = submit(users, sampang_business, DsrKind.PENGHAPUSAN)
    with pytest.raises(ValidationError, match="alasan penolakan"):
        dsr.dsr_refuse(actor=users["admin"], request=request, note=" ")
    with pytest.raises(ValidationError, match="catatan penyelesaian"):
        dsr.dsr_complete(actor=users["admin"], request=request, note="")
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.resolution) == (DsrStatus.BARU, None, "")


def test_staff_of_another_kabkota_cannot_handle_it(sampang_business: Business, users: dict) -> None:
    request = submit(users, sampang_business)
    for role in ("other_operator", "pendamping", "pimpinan"):
        with pytest.raises(PermissionDenied):
            dsr.dsr_start(actor=users[role], request=request)
    request.refresh_from_db()
    assert request.status == DsrStatus.BARU
    assert list(dsr_selectors.dsr_queue(user=users["other_operator"])) == []
    assert list(dsr_selectors.dsr_queue(user=users["operator"])) == [request]


def test_a_request_about_all_businesses_is_for_province_staff(
    sampang_business: Business, users: dict
) -> None:
    request = submit(users, None)
    assert list(dsr_selectors.dsr_queue(user=users["admin"])) == [request]
    assert list(dsr_selectors.dsr_queue(user=users["operator"])) == []


def test_the_counts_show_open_and_overdue(sampang_business: Business, users: dict) -> None:
    late = submit(users, sampang_business)
    DataSubjectRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=5))
    submit(users, sampang_business)
    done = submit(users, sampang_business)
    dsr.dsr_complete(actor=users["admin"], request=done, note="Salinan dikirim.")
    assert dsr_selectors.dsr_counts(user=users["admin"]) == dsr_selectors.DsrCounts(open=2, overdue=1)
    assert dsr_selectors.dsr_counts(user=users["other_operator"]) == dsr_selectors.DsrCounts(0, 0)
    assert dsr_selectors.dsr_queue(user=users["admin"]).first().pk == late.pk  # nearest deadline first


def test_restriction_withdraws_consent_and_unpublishes(sampang_business: Business, users: dict) -> None:
    data = populate(sampang_business)
    assert list(public_products()) == [data["product"]]
    request = submit(users, sampang_business, DsrKind.PEMBATASAN, "Jangan tampilkan usaha saya dulu.")
    dsr.dsr_complete(actor=users["operator"], request=request, note="Pemrosesan dibatasi.")
    restriction = ProcessingRestriction.objects.get(business=sampang_business)
    assert restriction.is_active and restriction.restricted_by == users["operator"]
    assert not Consent.objects.filter(business=sampang_business, withdrawn_at__isnull=True).exists()
    assert list(public_products()) == []
    # Restricting again changes nothing; lifting ends it without giving consent back.
    dsr.processing_restrict(actor=users["operator"], business=sampang_business, reason="lagi")
    assert ProcessingRestriction.objects.count() == 1
    dsr.processing_restriction_lift(actor=users["operator"], business=sampang_business)
    restriction.refresh_from_db()
    assert not restriction.is_active and list(public_products()) == []


def test_withdrawing_every_consent(sampang_business: Business, users: dict) -> None:
    populate(sampang_business)
    request = submit(users, sampang_business, DsrKind.PENARIKAN)
    dsr.dsr_complete(actor=users["admin"], request=request, note="Semua persetujuan ditarik.")
    consent = Consent.objects.get(business=sampang_business, purpose=Purpose.KATALOG_PUBLIK)
    assert consent.withdrawn_by == users["admin"] and "#" in consent.withdrawal_reason
    assert list(public_products()) == []


def test_the_owner_agreeing_again_ends_their_restriction(sampang_business: Business, users: dict) -> None:
    from lapak.privacy.selectors import wording_current
    from lapak.privacy.services import consent_grant

    populate(sampang_business)
    dsr.processing_restrict(actor=users["operator"], business=sampang_business, reason="permintaan pemilik")
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    assert wording is not None
    consent_grant(
        actor=users["pemilik"], business=sampang_business, purpose=Purpose.KATALOG_PUBLIK, wording=wording
    )
    restriction = ProcessingRestriction.objects.get(business=sampang_business)
    assert not restriction.is_active and restriction.lifted_by == users["pemilik"]
