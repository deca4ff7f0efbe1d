"""Targets and creator/reseller records: who may write them and the rules, with nothing saved on error."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lapak.conftest import SAMPANG
from lapak.core.models import Job
from lapak.funnel import services
from lapak.funnel.models import BusinessSupply, Indicator, SupplySource, Target
from lapak.funnel.services import TargetInput
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db

GOOD = TargetInput(
    programme="Program UMKM Go Digital Jawa Timur 2026",
    indicator=Indicator.MARKETPLACE,
    region_code="35",
    period_start=date(2026, 1, 1),
    period_end=date(2026, 12, 31),
    value=27_000,
)


def test_an_admin_sets_a_province_target(users: dict) -> None:
    target = services.target_create(actor=users["admin"], data=GOOD)
    assert (target.region_id, target.value, target.created_by) == ("35", 27_000, users["admin"])


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"value": -5}, "value", "Nilai target harus bilangan bulat lebih dari 0."),
        ({"value": 0}, "value", "Nilai target harus bilangan bulat lebih dari 0."),
        ({"period_end": date(2025, 12, 31)}, "period_end", "Akhir periode tidak boleh sebelum awal periode."),
        (
            {"indicator": "omzet"},
            "indicator",
            "Indikator tidak dikenal. Pilih salah satu indikator yang tersedia.",
        ),
        ({"region_code": "99"}, "region", "Wilayah tidak dikenal atau di luar wilayah kerja Anda."),
        ({"programme": "  "}, "programme", "Nama program wajib diisi."),
    ],
)
def test_a_bad_target_is_refused_with_its_reason(users: dict, change: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.target_create(actor=users["admin"], data=replace(GOOD, **change))
    assert error.value.message_dict == {field: [message]}
    assert not Target.objects.exists()


@pytest.mark.parametrize("role", ["operator", "pimpinan", "pendamping"])
def test_only_admins_set_targets(users: dict, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.target_create(actor=users[role], data=replace(GOOD, region_code=SAMPANG))
    assert not Target.objects.exists()


def test_an_admin_changes_and_deletes_a_target(users: dict) -> None:
    target = services.target_create(actor=users["admin"], data=GOOD)
    services.target_update(actor=users["admin"], target=target, data=replace(GOOD, value=30_000))
    assert Target.objects.get().value == 30_000
    with pytest.raises(ValidationError):
        services.target_update(actor=users["admin"], target=target, data=replace(GOOD, value=-1))
    assert Target.objects.get().value == 30_000
    services.target_delete(actor=users["admin"], target=target)
    assert not Target.objects.exists()


def test_staff_observe_and_owners_declare_what_a_business_does(
    users: dict, sampang_business: Business
) -> None:
    supply = services.supply_mode_set(actor=users["pendamping"], business=sampang_business, mode="reseller")
    assert (supply.mode, supply.source, supply.recorded_by) == (
        "reseller",
        SupplySource.OBSERVED,
        users["pendamping"],
    )
    supply = services.supply_mode_set(actor=users["pemilik"], business=sampang_business, mode="kreator")
    assert (supply.mode, supply.source) == ("kreator", SupplySource.DECLARED)
    assert BusinessSupply.objects.count() == 1


def test_a_record_outside_the_scope_or_a_bad_mode_is_refused(users: dict, sampang_business: Business) -> None:
    with pytest.raises(PermissionDenied):
        services.supply_mode_set(actor=users["other_operator"], business=sampang_business, mode="kreator")
    with pytest.raises(PermissionDenied):
        services.supply_mode_set(actor=users["pimpinan"], business=sampang_business, mode="kreator")
    with pytest.raises(ValidationError):
        services.supply_mode_set(actor=users["operator"], business=sampang_business, mode="pabrik")
    assert not BusinessSupply.objects.exists()


def test_a_full_refresh_runs_as_a_job_for_admins_only(users: dict, sampang_business: Business) -> None:
    from lapak.core.jobs import job_run_now
    from lapak.funnel.models import BusinessFunnel

    with pytest.raises(PermissionDenied):
        services.funnel_refresh_enqueue(actor=users["operator"])
    job = job_run_now(services.funnel_refresh_enqueue(actor=users["admin"]))
    assert job.status == "succeeded", job.message
    assert BusinessFunnel.objects.filter(business=sampang_business).exists()
    assert Job.objects.get(pk=job.pk).message == "1 usaha dihitung ulang."


def test_a_hook_refreshes_after_the_commit(
    users: dict, sampang_business: Business, django_capture_on_commit_callbacks: object
) -> None:
    from lapak.funnel.models import BusinessFunnel

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.funnel_refresh_after_commit(business_ids=[sampang_business.pk])
        assert not BusinessFunnel.objects.exists()
    assert BusinessFunnel.objects.filter(business=sampang_business).exists()


def test_the_worker_queues_a_daily_refresh() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from lapak.core.jobs import jobs_enqueue_periodic

    now = timezone.now()
    jobs_enqueue_periodic(now=now)
    assert Job.objects.filter(kind=services.REFRESH_JOB).count() == 1
    Job.objects.update(status="succeeded")
    jobs_enqueue_periodic(now=now + timedelta(hours=23))
    assert Job.objects.filter(kind=services.REFRESH_JOB).count() == 1
    jobs_enqueue_periodic(now=now + timedelta(hours=25))
    assert Job.objects.filter(kind=services.REFRESH_JOB).count() == 2
