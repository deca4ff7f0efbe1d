from __future__ import annotations

import pytest

from lapak.core.jobs import JobContext, job_claim_next, job_enqueue, job_handler, jobs_run_pending
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
