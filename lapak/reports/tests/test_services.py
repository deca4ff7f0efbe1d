"""Requests in scope only, the monthly schedule once per month, share links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from lapak.conftest import SAMPANG, SURABAYA
from lapak.core.models import Job, JobStatus
from lapak.regions.models import Region
from lapak.reports import services
from lapak.reports.models import Report, ReportKind, ReportStatus, ShareLink

pytestmark = pytest.mark.django_db


def test_previous_month_crosses_the_year() -> None:
    assert services.previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert services.previous_month(date(2026, 11, 30)) == date(2026, 10, 1)


def test_a_request_queues_a_job_and_records_its_filters(users: dict) -> None:
    report = services.report_request(
        actor=users["operator"], kind=ReportKind.CRAFTS, period=date(2026, 10, 17),
        region=Region.objects.get(code=SAMPANG),
    )  # fmt: skip
    assert report.period == date(2026, 10, 1) and report.status == ReportStatus.QUEUED
    assert report.title == "Laporan Kriya Kab. Sampang, Oktober 2026"
    assert report.filters == {"start": "2026-10", "end": "2026-10", "sector": "kriya", "region": SAMPANG}
    job = Job.objects.get(pk=report.job_id)
    assert (job.kind, job.params, job.created_by) == (
        "reports.generate",
        {"report_id": report.pk},
        users["operator"],
    )


def test_the_brief_is_the_provinces_whatever_region_was_left_empty(users: dict) -> None:
    report = services.report_request(actor=users["pimpinan"], kind=ReportKind.BRIEF, period=date(2026, 10, 1))
    assert report.region_id == "35"
    assert report.title == "Ringkasan Bulanan UMKM Provinsi Jawa Timur, Oktober 2026"
    assert report.filters == {"start": "2026-10", "end": "2026-10"}


def test_an_operator_may_not_ask_for_another_kabkota_or_the_brief(users: dict) -> None:
    with pytest.raises(ValidationError) as error:
        services.report_request(
            actor=users["operator"], kind=ReportKind.KABKOTA, period=date(2026, 10, 1),
            region=Region.objects.get(code=SURABAYA),
        )  # fmt: skip
    assert "region" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.report_request(actor=users["operator"], kind=ReportKind.BRIEF, period=date(2026, 10, 1))
    assert "kind" in error.value.message_dict
    assert Report.objects.count() == 0 and Job.objects.count() == 0


def test_a_future_month_is_refused(users: dict) -> None:
    future = timezone.localdate() + timedelta(days=40)
    with pytest.raises(ValidationError) as error:
        services.report_request(actor=users["pimpinan"], kind=ReportKind.BRIEF, period=future)
    assert error.value.message_dict["period"] == ["Bulan laporan harus antara Januari 2020 dan bulan ini."]


def test_a_pendamping_may_not_request_reports(users: dict) -> None:
    with pytest.raises(ValidationError):
        services.report_request(
            actor=users["pendamping"], kind=ReportKind.KABKOTA, period=date(2026, 10, 1),
            region=Region.objects.get(code=SAMPANG),
        )  # fmt: skip


def test_the_monthly_schedule_queues_the_brief_and_every_kabkota_once(regions: None) -> None:
    first = services.reports_schedule_monthly(today=date(2026, 12, 1))
    assert len(first) == 1 + 38
    assert {(r.kind, r.period) for r in first} == {
        (ReportKind.BRIEF, date(2026, 11, 1)), (ReportKind.KABKOTA, date(2026, 11, 1)),
    }  # fmt: skip
    assert Report.objects.filter(kind=ReportKind.BRIEF, region_id="35", scheduled=True).count() == 1
    assert Job.objects.filter(kind="reports.generate", status=JobStatus.QUEUED).count() == 39
    # Later the same day, and the next day: nothing new. A new month: the next round.
    assert services.reports_schedule_monthly(today=date(2026, 12, 1)) == []
    assert services.reports_schedule_monthly(today=date(2026, 12, 2)) == []
    assert len(services.reports_schedule_monthly(today=date(2027, 1, 1))) == 39
    assert Report.objects.filter(scheduled=True).count() == 78


def test_a_user_made_report_does_not_stop_the_schedule(users: dict) -> None:
    services.report_request(actor=users["pimpinan"], kind=ReportKind.BRIEF, period=date(2026, 11, 1))
    queued = services.reports_schedule_monthly(today=date(2026, 12, 1))
    assert sum(r.kind == ReportKind.BRIEF for r in queued) == 1


def test_the_monthly_job_is_periodic(regions: None) -> None:
    from lapak.core.jobs import jobs_enqueue_periodic, jobs_run_pending

    jobs_enqueue_periodic()
    assert Job.objects.filter(kind="reports.monthly").count() == 1
    Job.objects.exclude(kind="reports.monthly").delete()
    jobs_run_pending(limit=1)
    monthly = Job.objects.get(kind="reports.monthly")
    assert monthly.status == JobStatus.SUCCEEDED and monthly.message == "39 laporan bulanan diantrekan."


def test_share_links_expire_at_the_end_of_the_chosen_day(
    users: dict, make_report: Callable[..., Report]
) -> None:
    report = make_report(ReportKind.KABKOTA, SAMPANG)
    today = timezone.localdate()
    link = services.share_link_create(actor=users["operator"], report=report, expires_on=today)
    assert len(link.token) >= 40
    assert timezone.localtime(link.expires_at).date() == today + timedelta(days=1)
    assert timezone.localtime(link.expires_at).hour == 0
    assert link.is_active()
    assert not link.is_active(now=link.expires_at)
    with pytest.raises(ValidationError):
        services.share_link_create(
            actor=users["operator"], report=report, expires_on=today - timedelta(days=1)
        )


def test_only_who_sees_a_report_shares_or_revokes_it(users: dict, make_report: Callable[..., Report]) -> None:
    report = make_report(ReportKind.KABKOTA, SAMPANG)
    with pytest.raises(ValidationError):
        services.share_link_create(actor=users["other_operator"], report=report)
    link = services.share_link_create(actor=users["operator"], report=report)
    with pytest.raises(ValidationError):
        services.share_link_revoke(actor=users["other_operator"], link=link)
    services.share_link_revoke(actor=users["pimpinan"], link=link)
    link.refresh_from_db()
    assert link.revoked_by == users["pimpinan"] and not link.is_active()
    assert ShareLink.objects.active().count() == 0
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(link)]
    assert len(changes) == 2 and all("token" not in change for change in changes)  # made, revoked


def test_an_unfinished_report_is_not_shared(users: dict, make_report: Callable[..., Report]) -> None:
    report = make_report(ReportKind.KABKOTA, SAMPANG, status=ReportStatus.QUEUED, pdf="", xlsx="")
    with pytest.raises(ValidationError):
        services.share_link_create(actor=users["operator"], report=report)
