"""Commit of a staged batch: all or nothing, idempotent, cancellable, and safe when the worker dies."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from lapak.accounts.models import User
from lapak.core.crypto import decrypt_text, keyed_hash
from lapak.core.jobs import JobCancelled, JobContext, job_run_now
from lapak.core.models import AccessLog, Job, JobStatus
from lapak.ingest import services
from lapak.ingest.models import BatchStatus, ImportBatch, Source, SourceRecord

ROOT = Path(__file__).resolve().parents[3]
CSV = (
    "Nama Usaha;Nama Pemilik;NIK;No HP;Kecamatan;Kab/Kota\n"
    "Kerupuk Ikan Bu Nah;Hj. Nah;3527034507850001;081234567890;Camplong;Sampang\n"
    "Batik Tulis Sampang;Pak Hasan;;0812 3456 7891;Camplong;Sampang\n"
    ";Tanpa Nama;;;Camplong;Sampang\n"
)


@pytest.fixture(autouse=True)
def no_linking(settings: Any, tmp_path: Path) -> None:
    settings.LAPAK_LINK_AFTER_IMPORT = False
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def admin(users: dict[str, User]) -> User:
    return users["admin"]


@pytest.fixture
def source(admin: User) -> Source:
    return services.source_create(actor=admin, code="dinkop", name="Dinas Koperasi", kind="dinkop")


def staged_batch(admin: User, source: Source, body: str = CSV, name: str = "daftar.csv") -> ImportBatch:
    batch = services.batch_upload(actor=admin, source=source, upload=SimpleUploadedFile(name, body.encode()))
    job = job_run_now(
        services.batch_map(actor=admin, batch=batch, mapping=batch.column_mapping, save_profile=True)
    )
    assert job.status == JobStatus.SUCCEEDED, job.message
    batch.refresh_from_db()
    return batch


def commit(admin: User, batch: ImportBatch) -> Job:
    return job_run_now(services.batch_commit(actor=admin, batch=batch))


def test_it_commits_the_valid_rows_with_nik_protected(admin: User, source: Source) -> None:
    batch = staged_batch(admin, source)
    assert (batch.rows_total, batch.rows_error) == (3, 1)
    job = commit(admin, batch)
    assert job.status == JobStatus.SUCCEEDED
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.rows_committed == 2
    record = SourceRecord.objects.get(name="Kerupuk Ikan Bu Nah")
    assert record.kabkota_id == "35.27" and record.phone == "+6281234567890"
    assert record.owner_nik_masked == "3527********0001"
    assert record.owner_nik_hash == keyed_hash("3527034507850001")
    assert decrypt_text(record.owner_nik_encrypted) == "3527034507850001"
    assert "3527034507850001" not in record.owner_nik_encrypted
    assert SourceRecord.objects.get(name="Batik Tulis Sampang").owner_nik_encrypted == ""
    assert AccessLog.objects.filter(action="import", detail__batch=batch.pk, detail__rows=2).exists()


def test_reimporting_the_same_file_changes_nothing(admin: User, source: Source) -> None:
    commit(admin, staged_batch(admin, source))
    again = services.batch_upload(
        actor=admin, source=source, upload=SimpleUploadedFile("lagi.csv", CSV.encode())
    )
    assert again.status == BatchStatus.COMMITTED  # the committed batch of that file is returned
    assert SourceRecord.objects.count() == 2


def test_a_corrected_file_adds_only_the_missing_rows(admin: User, source: Source) -> None:
    commit(admin, staged_batch(admin, source))
    corrected = CSV.replace(";Tanpa Nama;", "Toko Baru;Tanpa Nama;")
    batch = staged_batch(admin, source, corrected, name="perbaikan.csv")
    commit(admin, batch)
    batch.refresh_from_db()
    assert (batch.rows_committed, batch.rows_existing) == (1, 2)
    assert SourceRecord.objects.count() == 3


def test_a_failure_during_commit_writes_nothing(admin: User, source: Source, monkeypatch: Any) -> None:
    batch = staged_batch(admin, source)

    def explode(done: int) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(JobContext, "checkpoint", lambda self, done: explode(done))
    job = commit(admin, batch)
    assert job.status == JobStatus.FAILED and "disk full" in job.message
    assert SourceRecord.objects.count() == 0
    batch = services.batch_recover(ImportBatch.objects.get(pk=batch.pk))
    assert batch.status == BatchStatus.STAGED  # can be committed again
    monkeypatch.undo()
    assert commit(admin, batch).status == JobStatus.SUCCEEDED
    assert SourceRecord.objects.count() == 2


def cancel_from_elsewhere(job: Job) -> None:
    """What the web page does: ask to cancel, on its own connection (the worker's is inside a transaction)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("UPDATE core_job SET cancel_requested = true WHERE id = %s", [job.pk])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_cancelling_during_commit_rolls_everything_back(
    admin: User, source: Source, monkeypatch: Any
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer: a cancel cannot be written while a commit holds the lock")
    batch = staged_batch(admin, source)
    original = JobContext.checkpoint

    def cancel_then_check(self: JobContext, done: int) -> None:
        cancel_from_elsewhere(self.job)
        self._last_save = 0.0
        original(self, done)

    monkeypatch.setattr(JobContext, "checkpoint", cancel_then_check)
    job = commit(admin, batch)
    assert job.status == JobStatus.CANCELLED
    assert "tidak ada data yang ditulis" in job.message
    assert SourceRecord.objects.count() == 0
    assert services.batch_recover(ImportBatch.objects.get(pk=batch.pk)).status == BatchStatus.STAGED


@pytest.mark.django_db(transaction=True)
def test_checkpoint_raises_when_cancel_was_asked(admin: User) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("checkpoints are a PostgreSQL feature (see JobContext.checkpoint)")
    job = Job.objects.create(kind="ingest.commit", status=JobStatus.RUNNING)
    context = JobContext(job)
    context.checkpoint(1)
    assert Job.objects.get(pk=job.pk).progress == 1
    cancel_from_elsewhere(job)
    context._last_save = 0.0
    with pytest.raises(JobCancelled):
        context.checkpoint(2)
    context.close()


def test_a_cancelled_queued_job_never_runs(admin: User, source: Source) -> None:
    batch = staged_batch(admin, source)
    job = services.batch_commit(actor=admin, batch=batch)
    services.batch_cancel(actor=admin, batch=batch)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert services.batch_recover(ImportBatch.objects.get(pk=batch.pk)).status == BatchStatus.STAGED
    assert SourceRecord.objects.count() == 0


# --- a real worker process, killed in the middle of a commit ---------------------------------------------

KILL_ROWS = 300_000


@pytest.fixture
def scratch_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A database of the same engine as the test run, outside the test transaction; and a way to query it."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        name = f"lapak_kill_{uuid.uuid4().hex[:8]}"
        admin_params = {
            key: value for key, value in params.items() if key in ("host", "port", "user", "password")
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **admin_params) as server:
            server.execute(f'create database "{name}"')
        host = admin_params.get("host") or ""
        url = f"postgres://{admin_params.get('user', '')}@{host}/{name}"

        def query(sql: str) -> Any:
            with psycopg.connect(dbname=name, **admin_params) as db:
                return db.execute(sql).fetchone()

        yield url, query
        with psycopg.connect(dbname="postgres", autocommit=True, **admin_params) as server:
            server.execute(f'drop database if exists "{name}" with (force)')
    else:
        path = tmp_path / "kill.sqlite3"

        def query(sql: str) -> Any:
            with sqlite3.connect(path, timeout=30) as db:
                return db.execute(sql).fetchone()

        yield f"sqlite:///{path}", query


def test_a_killed_worker_leaves_nothing_behind_and_the_batch_resumes(
    tmp_path: Path, scratch_database: tuple[str, Any]
) -> None:
    url, query = scratch_database
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media"), "LAPAK_TESTING": "1",
           "LAPAK_LINK_AFTER_IMPORT": "0"}  # fmt: skip
    driver = [sys.executable, str(Path(__file__).with_name("kill_driver.py"))]
    subprocess.run([*driver, "prepare", str(KILL_ROWS)], env=env, check=True, cwd=ROOT, timeout=300)
    worker = subprocess.Popen([sys.executable, "-m", "lapak", "worker", "--sleep", "0.1"], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while query("select status from core_job where kind = 'ingest.commit'")[0] != "running":
            assert time.monotonic() < deadline, "the worker never started the commit"
            time.sleep(0.05)
        time.sleep(0.5)  # well inside the commit of 300,000 rows
    finally:
        worker.kill()
        worker.wait(timeout=30)
    state = json.loads(subprocess.run([*driver, "state"], env=env, check=True, cwd=ROOT, capture_output=True,
                                      text=True, timeout=120).stdout)  # fmt: skip
    assert state["job_status"] == "running", f"the commit ended before the kill: {state}"
    assert state["records"] == 0
    assert state["batch_status"] == "committing"
    subprocess.run([*driver, "recover"], env=env, check=True, cwd=ROOT, timeout=120)
    assert query("select status from ingest_importbatch")[0] == "staged"
    subprocess.run([*driver, "resume"], env=env, check=True, cwd=ROOT, timeout=300)
    assert query("select count(*) from ingest_sourcerecord")[0] == KILL_ROWS == state["rows_valid"]
