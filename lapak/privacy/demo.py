"""Demo data for the data protection desk: an owner's requests (one past its 3x24-hour deadline, one new,
one answered), a practice incident and an open access alert, so the queue, the incident pages and the
alerts show real cases."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lapak.accounts.demo import DEMO_OWNER
from lapak.accounts.models import User
from lapak.core.models import AccessAction, AccessLog
from lapak.regions.models import Region
from lapak.registry.models import Business

from .alert_models import AccessAlert
from .alerts import day_window
from .dsr import dsr_complete, dsr_submit
from .incident_models import DataCategory, Incident, IncidentStatus
from .incidents import incident_save
from .models import DataSubjectRequest, DsrKind


def demo_privacy_create() -> tuple[int, int]:
    """Requests and an incident, once; returns (requests, incidents) made."""
    owner = User.objects.filter(username=DEMO_OWNER).first()
    business = Business.objects.filter(owner_account=owner).order_by("pk").first()
    admin = User.objects.filter(username="admin").first()
    if owner is None or business is None or admin is None or DataSubjectRequest.objects.exists():
        return 0, 0
    with transaction.atomic():
        requests = _requests(owner, business, admin)
        incidents = _incident(admin, business)
        _alert(business)
    return requests, incidents


def _requests(owner: User, business: Business, admin: User) -> int:
    now = timezone.now()
    late = dsr_submit(
        requester=owner, business=business, kind=DsrKind.PERBAIKAN,
        description="Nomor telepon usaha sudah ganti; mohon diperbarui ke nomor yang baru.",
    )  # fmt: skip
    received = now - timedelta(days=4)
    DataSubjectRequest.objects.filter(pk=late.pk).update(
        received_at=received, due_at=received + timedelta(hours=72)
    )
    dsr_submit(requester=owner, business=business, kind=DsrKind.AKSES)
    answered = dsr_submit(requester=owner, business=business, kind=DsrKind.AKSES)
    dsr_complete(actor=admin, request=answered, note="Salinan data dikirim lewat halaman Data saya.")
    return 3


def _incident(admin: User, business: Business) -> int:
    now = timezone.now()
    operator = User.objects.filter(username="operator.sampang").first()
    incident_save(
        actor=admin,
        data={
            "title": "Latihan: akun operator dipakai dari perangkat tak dikenal",
            "description": "Simulasi tabletop sesuai runbook; bukan kejadian nyata.",
            "discovered_at": now - timedelta(hours=20),
            "window_start": now - timedelta(days=3),
            "window_end": now - timedelta(hours=20),
            "province": Region.objects.get(code=business.kabkota_id[:2]),
            "kabkota": [Region.objects.get(code=business.kabkota_id)],
            "compromised_user": operator,
            "data_categories": [DataCategory.IDENTITY, DataCategory.NIK_MASKED, DataCategory.CONTACT],
            "status": IncidentStatus.CONTAINED,
        },
    )
    return Incident.objects.count()


def _alert(business: Business) -> None:
    """Yesterday's 64 phone-number views by the Sampang operator, logged, and the open alert they raised
    (already counted as mailed: the demo sends no email)."""
    operator = User.objects.filter(username="operator.sampang").first()
    if operator is None:
        return
    start, end = day_window(timezone.now() - timedelta(days=1))
    if AccessAlert.objects.filter(rule="bulk_reveals", user=operator, window_start=start).exists():
        return  # a --reset run on the same day
    views = [
        AccessLog(user=operator, action=AccessAction.UNMASK, object_repr=f"business:{business.pk}",
                  reason="Menghubungi pemilik untuk pendampingan atau kurasi", detail={"field": "phone"})
        for _ in range(64)
    ]  # fmt: skip
    made = AccessLog.objects.bulk_create(views)
    first = start + timedelta(hours=9)
    for minute, entry in enumerate(made):  # auto_now_add stamped them now; spread them over the morning
        entry.created_at = first + timedelta(minutes=3 * minute)
    AccessLog.objects.bulk_update(made, ["created_at"])
    AccessAlert.objects.create(
        rule="bulk_reveals", user=operator, username=operator.username, window_start=start, window_end=end,
        count=len(made), first_at=first, last_at=first + timedelta(minutes=3 * (len(made) - 1)),
        notified_at=timezone.now(),
    )  # fmt: skip
