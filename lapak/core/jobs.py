"""A database-backed job queue: enqueue, claim with a conditional UPDATE, run, report progress.

No broker is needed on the embedded default; PostgreSQL deployments use the same tables. Handlers are
plain functions registered by name, so a job row survives a restart and any worker can pick it up.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import File
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext

from lapak.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

JobHandler = Callable[["JobContext"], None]
_HANDLERS: dict[str, JobHandler] = {}
_LABELS: dict[str, Any] = {}

# A RUNNING job whose row has not been touched for this long is taken to have lost its worker.
# Handlers keep ``updated_at`` fresh through JobContext.report() / set_total().
STALE_AFTER = timedelta(minutes=10)


def job_handler(kind: str, *, label: Any = None) -> Callable[[JobHandler], JobHandler]:
    """Register ``func`` as the code that runs jobs of ``kind``; ``label`` is what users see."""

    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        _LABELS[kind] = label or kind
        return func

    return register


_EVERY: dict[str, timedelta] = {}


def job_every(kind: str, interval: timedelta) -> None:
    """Have the worker queue a job of ``kind`` every ``interval`` (token refresh, outbox retries, …)."""
    _EVERY[kind] = interval


def jobs_enqueue_periodic(*, now: datetime | None = None) -> int:
    """Queue each periodic kind whose last job is older than its interval and none is waiting or running.

    State comes from the job table itself: nothing to keep in step, and any worker may call it.
    """
    now = now or timezone.now()
    queued = 0
    for kind, interval in _EVERY.items():
        jobs = Job.objects.filter(kind=kind)
        if jobs.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
            continue
        last = jobs.order_by("-created_at").values_list("created_at", flat=True).first()
        if last is None or last <= now - interval:
            Job.objects.create(kind=kind, params={})
            queued += 1
    return queued


def job_label(kind: str) -> str:
    return str(_LABELS.get(kind, kind))


class JobCancelled(Exception):
    """Raised inside a handler when a user asked to cancel the job; its transaction rolls back."""


class JobContext:
    """What a handler gets: the job's parameters and ways to report progress and attach a result."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = job.params
        self._last_save = 0.0
        self._side: BaseDatabaseWrapper | None = None

    def checkpoint(self, progress: int) -> None:
        """Inside a long transaction: report progress and raise ``JobCancelled`` if cancel was asked.

        Uses a second database connection, because what the handler's own connection writes stays
        invisible until its transaction ends. On SQLite this does nothing: its single writer lock means a
        cancel request could not even be written while the transaction runs (SQLite is the embedded
        default for small offices, where a commit takes seconds).
        """
        self.job.progress = progress
        now = time.monotonic()
        if connections["default"].vendor == "sqlite" or now - self._last_save < 0.5:
            return
        self._last_save = now
        side = self._side_connection()
        with side.cursor() as cursor:
            # SKIP LOCKED: if anything holds the job row, skip this checkpoint rather than wait on it.
            cursor.execute(
                "UPDATE core_job SET progress = %s, updated_at = %s WHERE id IN "
                "(SELECT id FROM core_job WHERE id = %s FOR UPDATE SKIP LOCKED) RETURNING cancel_requested",
                [progress, timezone.now(), self.job.pk],
            )
            row = cursor.fetchone()
        if row and row[0]:
            raise JobCancelled

    def _side_connection(self) -> BaseDatabaseWrapper:
        if self._side is None:
            self._side = connections.create_connection("default")
            self._side.set_autocommit(True)
        return self._side

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

    def raise_if_cancelled(self) -> None:
        """Outside a transaction: stop here when a user asked to cancel."""
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled

    def set_total(self, total: int) -> None:
        Job.objects.filter(pk=self.job.pk).update(total=total, updated_at=timezone.now())
        self.job.total = total

    def report(self, progress: int, *, force: bool = False) -> None:
        """Save progress (and the heartbeat ``updated_at``) at most twice a second so a fast loop does
        not hammer the database."""
        now = time.monotonic()
        if force or now - self._last_save > 0.5:
            Job.objects.filter(pk=self.job.pk).update(progress=progress, updated_at=timezone.now())
            self._last_save = now
        self.job.progress = progress

    def attach_result(self, filename: str, file: File) -> None:
        # A random folder keeps the file unguessable while the download keeps its readable name.
        self.job.result_file.save(f"{uuid.uuid4().hex}/{filename}", file, save=False)
        Job.objects.filter(pk=self.job.pk).update(
            result_file=self.job.result_file.name, updated_at=timezone.now()
        )


def job_enqueue(*, kind: str, params: dict[str, Any], created_by: Any = None) -> Job:
    """Queue a job of a registered kind; a worker (``manage.py run_worker``) will pick it up."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    return Job.objects.create(kind=kind, params=params, created_by=created_by)


def job_cancel(job: Job) -> bool:
    """Ask a queued or running job to stop; a queued one is cancelled at once. False if it had ended."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, cancel_requested=True, finished_at=now, updated_at=now
    ):
        return True
    return bool(Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(cancel_requested=True))


def job_claim_next(*, worker: str) -> Job | None:
    """Claim the oldest queued job. The conditional UPDATE makes two workers never take the same job."""
    for job_id in (
        Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at").values_list("id", flat=True)[:5]
    ):
        now = timezone.now()
        with transaction.atomic():
            claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING, started_at=now, updated_at=now, worker=worker
            )
        if claimed:
            return Job.objects.get(pk=job_id)
    return None


def job_run_now(job: Job) -> Job:
    """Claim one queued job and run it in this process (command-line tools that want to wait)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, updated_at=now, worker=worker_name()
    )
    if not claimed:
        raise ValueError(f"job {job.pk} is not queued")
    job.refresh_from_db()
    return job_run(job)


def job_run(job: Job) -> Job:
    """Run a claimed job to completion, recording success or the error message."""
    handler = _HANDLERS.get(job.kind)
    context = JobContext(job)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        handler(context)
    except JobCancelled:
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.CANCELLED,
            message=gettext("Dibatalkan atas permintaan pengguna; tidak ada data yang ditulis."),
            finished_at=now,
            updated_at=now,
        )
    except Exception as exc:
        logger.error("job %s failed: %s", job.pk, traceback.format_exc())
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=str(exc)[:2000], finished_at=now, updated_at=now
        )
    else:
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, progress=context.job.progress, finished_at=now, updated_at=now
        )
    finally:
        context.close()
    job.refresh_from_db()
    return job


def jobs_fail_stale(*, now: datetime | None = None) -> int:
    """Mark RUNNING jobs without a heartbeat for ``STALE_AFTER`` as FAILED (their worker died).

    One set-based UPDATE, so concurrent workers may all call it safely. Returns how many jobs it failed.
    """
    now = now or timezone.now()
    failed = Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=now - STALE_AFTER).update(
        status=JobStatus.FAILED,
        message=gettext("Pekerjaan terhenti karena worker berhenti; silakan ulangi."),
        finished_at=now,
        updated_at=now,
    )
    if failed:
        logger.warning("marked %s stale running job(s) as failed", failed)
    return failed


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def jobs_run_pending(*, worker: str | None = None, limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit`` jobs ran); returns how many ran."""
    name = worker or worker_name()
    jobs_fail_stale()
    done = 0
    while limit is None or done < limit:
        job = job_claim_next(worker=name)
        if job is None:
            break
        job_run(job)
        done += 1
    return done
