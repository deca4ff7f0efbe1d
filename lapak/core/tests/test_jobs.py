from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.jobs import (
    STALE_AFTER,
    JobContext,
    job_claim_next,
    job_enqueue,
    job_handler,
    jobs_fail_stale,
    jobs_run_pending,
)
from lapak.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db
CALLS: list[int] = []


@job_handler("tests.count")
def count_job(context: JobContext) -> None:
    context.set_total(context.params["n"])
    for i in range(1, context.params["n"] + 1):
        context.report(i)
    CALLS.append(context.params["n"])


@job_handler("tests.fail")
def failing_job(context: JobContext) -> None:
    raise ValueError("Baris 3: kolom NIB kosong")


def test_it_runs_a_queued_job_to_success_with_progress() -> None:
    job = job_enqueue(kind="tests.count", params={"n": 7})
    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.percent) == (JobStatus.SUCCEEDED, 7, 7, 100)
    assert job.finished_at is not None


def test_it_records_a_failure_with_its_message() -> None:
    job = job_enqueue(kind="tests.fail", params={})
    jobs_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "kolom NIB kosong" in job.message


def test_it_never_gives_one_job_to_two_workers() -> None:
    job_enqueue(kind="tests.count", params={"n": 1})
    first = job_claim_next(worker="a")
    second = job_claim_next(worker="b")
    assert first is not None and second is None
    assert Job.objects.get().worker == "a"


def test_it_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        job_enqueue(kind="tests.unknown", params={})


STALE_MESSAGE = "Pekerjaan terhenti karena worker berhenti; silakan ulangi."


def running_job(*, idle: timedelta) -> Job:
    """A job claimed by a worker whose row was last touched ``idle`` ago."""
    job = job_enqueue(kind="tests.count", params={"n": 1})
    assert job_claim_next(worker="gone") is not None
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - idle)
    return job


def test_it_fails_a_running_job_whose_worker_stopped_beating() -> None:
    job = running_job(idle=STALE_AFTER + timedelta(minutes=1))
    assert jobs_run_pending() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == STALE_MESSAGE
    assert job.finished_at is not None
    assert job.is_finished


def test_it_leaves_a_fresh_running_job_alone() -> None:
    job = running_job(idle=timedelta(minutes=1))
    jobs_run_pending()
    job.refresh_from_db()
    assert (job.status, job.message, job.finished_at) == (JobStatus.RUNNING, "", None)


def test_it_fails_stale_jobs_in_one_update_and_counts_them() -> None:
    stale = [running_job(idle=timedelta(hours=2)) for _ in range(2)]
    fresh = running_job(idle=timedelta(seconds=5))
    queued = job_enqueue(kind="tests.count", params={"n": 1})
    assert jobs_fail_stale() == 2
    assert jobs_fail_stale() == 0
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert [statuses[j.pk] for j in stale] == [JobStatus.FAILED, JobStatus.FAILED]
    assert (statuses[fresh.pk], statuses[queued.pk]) == (JobStatus.RUNNING, JobStatus.QUEUED)


def test_a_claimed_job_starts_with_a_fresh_heartbeat() -> None:
    job = job_enqueue(kind="tests.count", params={"n": 1})
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert job_claim_next(worker="a") is not None
    assert jobs_fail_stale() == 0


def test_report_and_set_total_move_the_heartbeat_forward() -> None:
    job = running_job(idle=timedelta(hours=1))
    old = Job.objects.get(pk=job.pk).updated_at
    context = JobContext(Job.objects.get(pk=job.pk))
    context.report(1)
    after_report = Job.objects.get(pk=job.pk).updated_at
    assert after_report > old
    assert after_report > timezone.now() - timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(updated_at=old)
    context.set_total(5)
    assert Job.objects.get(pk=job.pk).updated_at > old
    assert jobs_fail_stale() == 0


@pytest.mark.django_db
def test_the_worker_queues_periodic_jobs_once_per_interval() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from lapak.core.jobs import jobs_enqueue_periodic

    now = timezone.now()
    first = jobs_enqueue_periodic(now=now)
    assert first >= 3  # the channels' outbox, token refresh and order pull at least
    assert Job.objects.filter(kind="channels.outbox", status="queued").count() == 1
    assert jobs_enqueue_periodic(now=now + timedelta(hours=1)) == 0  # still waiting: not queued twice
    Job.objects.update(status="succeeded")
    assert jobs_enqueue_periodic(now=now + timedelta(seconds=30)) == 0  # not due yet
    again = jobs_enqueue_periodic(now=now + timedelta(minutes=2))
    assert again >= 1 and Job.objects.filter(kind="channels.outbox").count() == 2
