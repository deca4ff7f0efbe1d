"""Alerts on unusual personal-data access: the rules over their windows, once per account, rule and window;
the email to the province admins; the hourly job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from lapak.core import jobs
from lapak.core.models import AccessAction, AccessLog, Job, JobStatus
from lapak.privacy import alerts
from lapak.privacy.alert_models import AccessAlert, AlertStatus
from lapak.privacy.alerts import ALERT_JOB, access_alerts_detect

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 18, 14, 0, tzinfo=WIB)


def log(user: Any, action: str, at: datetime, times: int = 1, detail: dict | None = None) -> None:
    """``times`` access-log rows of ``user`` stamped ``at``."""
    made = AccessLog.objects.bulk_create(
        AccessLog(user=user, action=action, object_repr="business:1", detail=detail or {})
        for _ in range(times)
    )
    AccessLog.objects.filter(pk__in=[entry.pk for entry in made]).update(created_at=at)


def test_reveals_over_the_threshold_make_one_alert_per_account_and_window(users: dict) -> None:
    morning = NOW.replace(hour=9)
    log(users["operator"], AccessAction.UNMASK, morning, times=51)
    log(users["other_operator"], AccessAction.UNMASK, morning, times=50)  # at the threshold, not above

    created = access_alerts_detect(now=NOW)

    alert = AccessAlert.objects.get()
    assert created == 1
    assert (alert.rule, alert.user, alert.username, alert.count) == (
        "bulk_reveals",
        users["operator"],
        "operator",
        51,
    )
    assert alert.window_start == datetime(2026, 11, 18, 0, 0, tzinfo=WIB)
    assert alert.window_end == datetime(2026, 11, 19, 0, 0, tzinfo=WIB)
    assert alert.first_at == alert.last_at == morning and alert.status == AlertStatus.OPEN


def test_a_second_run_adds_no_alert_and_updates_the_count(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=9), times=51)
    access_alerts_detect(now=NOW)

    again = access_alerts_detect(now=NOW)
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=13), times=4)
    later = access_alerts_detect(now=NOW + timedelta(hours=1))

    alert = AccessAlert.objects.get()
    assert again == later == 0
    assert alert.count == 55 and alert.last_at == NOW.replace(hour=13)


def test_the_same_account_gets_a_new_alert_on_another_day(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW - timedelta(days=1), times=51)
    log(users["operator"], AccessAction.UNMASK, NOW, times=51)

    assert access_alerts_detect(now=NOW) == 2
    assert AccessAlert.objects.filter(user=users["operator"], rule="bulk_reveals").count() == 2


def test_nothing_below_the_thresholds(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=9), times=50)
    log(users["operator"], AccessAction.EXPORT, NOW.replace(hour=9), times=20, detail={"rows": 250})
    log(users["operator"], AccessAction.IMPORT, NOW.replace(hour=9), times=100)  # uploads are not reads

    assert access_alerts_detect(now=NOW) == 0
    assert not AccessAlert.objects.exists() and not mail.outbox


def test_exports_over_the_threshold_alert(users: dict) -> None:
    log(users["pimpinan"], AccessAction.EXPORT, NOW.replace(hour=10), times=21)

    access_alerts_detect(now=NOW)

    assert list(AccessAlert.objects.values_list("rule", "count")) == [("bulk_exports", 21)]


def test_exported_rows_are_summed_from_the_entries_that_record_them(users: dict) -> None:
    log(users["pendamping"], AccessAction.EXPORT, NOW.replace(hour=10), times=2, detail={"rows": 2600})
    log(users["pendamping"], AccessAction.EXPORT, NOW.replace(hour=11), times=3)  # no count recorded
    log(users["operator"], AccessAction.EXPORT, NOW.replace(hour=10), times=1, detail={"rows": 5000})

    access_alerts_detect(now=NOW)

    assert list(AccessAlert.objects.values_list("rule", "username", "count")) == [
        ("exported_rows", "pendamping", 5200)
    ]


def test_night_reads_are_judged_in_jakarta_time(users: dict) -> None:
    # 15:30 UTC is 22:30 WIB (night); 23:00 UTC is 06:00 WIB (morning), though it is night in UTC.
    log(users["operator"], AccessAction.UNMASK, datetime(2026, 11, 17, 15, 30, tzinfo=UTC), times=6)
    log(users["other_operator"], AccessAction.EXPORT, datetime(2026, 11, 17, 23, 0, tzinfo=UTC), times=6)

    access_alerts_detect(now=NOW)

    alert = AccessAlert.objects.get()
    assert (alert.rule, alert.username, alert.count) == ("night_reads", "operator", 6)
    assert alert.window_start == datetime(2026, 11, 17, 22, 0, tzinfo=WIB)
    assert alert.window_end == datetime(2026, 11, 18, 5, 0, tzinfo=WIB)


def test_five_night_reads_are_tolerated(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, datetime(2026, 11, 18, 2, 0, tzinfo=WIB), times=5)

    assert access_alerts_detect(now=NOW) == 0


def test_any_read_by_a_deactivated_account_alerts(users: dict) -> None:
    users["operator"].is_active = False
    users["operator"].save()
    log(users["operator"], AccessAction.EXPORT, NOW.replace(hour=8))
    log(users["other_operator"], AccessAction.EXPORT, NOW.replace(hour=8))

    access_alerts_detect(now=NOW)

    assert list(AccessAlert.objects.values_list("rule", "username", "count")) == [
        ("inactive_account", "operator", 1)
    ]


def test_the_first_run_of_a_day_finishes_the_day_before(users: dict) -> None:
    late = datetime(2026, 11, 17, 21, 45, tzinfo=WIB)  # after the last run of the 17th, before the night
    log(users["operator"], AccessAction.UNMASK, late, times=51)

    access_alerts_detect(now=datetime(2026, 11, 18, 0, 10, tzinfo=WIB))

    assert AccessAlert.objects.get().window_start == datetime(2026, 11, 17, 0, 0, tzinfo=WIB)


def test_old_windows_are_not_looked_at_again(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW - timedelta(days=3), times=51)

    assert access_alerts_detect(now=NOW) == 0


def test_the_province_admins_are_emailed_once(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=9), times=60)
    log(users["operator"], AccessAction.EXPORT, NOW.replace(hour=9), times=25)

    access_alerts_detect(now=NOW)
    access_alerts_detect(now=NOW)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@contoh.go.id"]
    assert "2 peringatan" in message.subject
    assert "operator: Banyak data pribadi dibuka, 60 kali dibuka" in message.body
    assert (
        "Banyak ekspor data, 25 ekspor" in message.body and "/privasi/log-akses/peringatan/" in message.body
    )
    assert not AccessAlert.objects.filter(notified_at__isnull=True).exists()


def test_a_failed_mail_is_sent_by_the_next_run(users: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=9), times=60)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(alerts, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        access_alerts_detect(now=NOW)
    assert AccessAlert.objects.get().notified_at is None
    monkeypatch.undo()

    access_alerts_detect(now=NOW)

    assert len(mail.outbox) == 1 and AccessAlert.objects.get().notified_at is not None


def test_an_acknowledged_alert_is_not_mailed(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, NOW.replace(hour=9), times=60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(alerts, "alert_recipients", list)  # nobody to mail yet
        access_alerts_detect(now=NOW)
    alert = AccessAlert.objects.get()
    alerts.access_alert_acknowledge(actor=users["admin"], alert=alert, note="Verifikasi program KUR")

    access_alerts_detect(now=NOW)

    assert not mail.outbox


def test_it_runs_hourly_as_a_job(users: dict) -> None:
    log(users["operator"], AccessAction.UNMASK, timezone.now(), times=51)
    assert jobs._EVERY[ALERT_JOB] == timedelta(hours=1)
    job = jobs.job_enqueue(kind=ALERT_JOB, params={})

    jobs.job_run_now(job)

    job.refresh_from_db()
    made = AccessAlert.objects.count()  # 2 when the test runs at night: the night rule fires too
    assert job.status == JobStatus.SUCCEEDED and job.message == f"Peringatan baru: {made}"
    assert AccessAlert.objects.filter(rule="bulk_reveals", user=users["operator"]).count() == 1


def test_the_worker_queues_it_again_after_an_hour() -> None:
    queued = Job.objects.filter(kind=ALERT_JOB, status=JobStatus.QUEUED)
    Job.objects.create(kind=ALERT_JOB, status=JobStatus.SUCCEEDED)

    jobs.jobs_enqueue_periodic(now=timezone.now() + timedelta(minutes=30))
    assert not queued.exists()
    jobs.jobs_enqueue_periodic(now=timezone.now() + timedelta(minutes=61))
    assert queued.count() == 1
