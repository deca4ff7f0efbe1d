"""Retention: expired files and rows go, fresh ones stay, a dry run changes nothing, every run is recorded."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from lapak.accounts.models import LoginFailure
from lapak.conftest import SAMPANG, signed_in
from lapak.core import jobs
from lapak.core.models import AccessAction, AccessLog, Job, JobStatus
from lapak.ingest.models import BatchStatus, ImportBatch, Source, SourceKind
from lapak.privacy.incident_models import RetentionRun
from lapak.privacy.models import Consent, ConsentSource, ConsentWording, Purpose
from lapak.privacy.retention import (
    RETENTION_JOB,
    RULES,
    retention_last_real_run,
    retention_run,
)
from lapak.reports.models import Report, ReportKind, ShareLink

pytestmark = pytest.mark.django_db

NOW = timezone.now()
OLD = NOW - timedelta(days=40)


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _batch(source: Source, *, status: str, touched: Any, file: str | None = None) -> ImportBatch:
    """A batch with its upload and, beside it, its staged rows (both hold plaintext NIK)."""
    batch = ImportBatch(
        source=source, original_name="daftar.csv", file_sha256=uuid.uuid4().hex, region_id=SAMPANG
    )
    if file is None:
        batch.file.save("daftar.csv", ContentFile(b"nik\n3527014507850001\n"), save=False)
        default_storage.save(str(Path(batch.file.name).with_name("staged.parquet")), ContentFile(b"PAR1"))
    else:
        batch.file.name = file
    batch.status = status
    batch.save()
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=touched)
    return batch


@pytest.fixture
def files(regions: None, users: dict) -> dict[str, Any]:
    source = Source.objects.create(code="dinkop", name="Dinkop", kind=SourceKind.DINKOP, region_id=SAMPANG)
    old = _batch(source, status=BatchStatus.COMMITTED, touched=OLD)
    abandoned = _batch(source, status=BatchStatus.STAGED, touched=OLD)
    fresh = _batch(source, status=BatchStatus.COMMITTED, touched=NOW)
    shared = _batch(source, status=BatchStatus.COMMITTED, touched=OLD)
    _batch(source, status=BatchStatus.UPLOADED, touched=NOW, file=shared.file.name)  # another sheet, in use
    old_job = Job.objects.create(
        kind="registry.export_xlsx", status=JobStatus.SUCCEEDED, finished_at=NOW - timedelta(days=8)
    )
    old_job.result_file.save("x/ekspor-lama.xlsx", ContentFile(b"PK"))
    new_job = Job.objects.create(
        kind="registry.export_xlsx", status=JobStatus.SUCCEEDED, finished_at=NOW - timedelta(days=1)
    )
    new_job.result_file.save("y/ekspor-baru.xlsx", ContentFile(b"PK"))
    return {
        "old": old,
        "abandoned": abandoned,
        "fresh": fresh,
        "shared": shared,
        "old_job": old_job,
        "new_job": new_job,
    }


def _exists(name: str) -> bool:
    return default_storage.exists(name)


def _staged(batch: ImportBatch) -> str:
    return str(Path(batch.file.name).with_name("staged.parquet"))


def test_it_deletes_expired_import_files_and_keeps_fresh_or_shared_ones(files: dict) -> None:
    retention_run(now=NOW, rules=["ingest_files"])

    for gone in ("old", "abandoned"):
        assert not _exists(files[gone].file.name) and not _exists(_staged(files[gone])), gone
        assert not Path(default_storage.path(files[gone].file.name)).parent.exists()
    for kept in ("fresh", "shared"):
        assert _exists(files[kept].file.name) and _exists(_staged(files[kept])), kept
    assert ImportBatch.objects.filter(pk=files["old"].pk).exists()  # the record of the import stays
    run = RetentionRun.objects.get(rule="ingest_files")
    assert (run.rows, run.files, run.dry_run) == (2, 4, False)


def test_it_deletes_job_files_a_week_after_the_job_ended(files: dict) -> None:
    old_name = files["old_job"].result_file.name

    retention_run(now=NOW, rules=["job_files"])

    assert not _exists(old_name) and _exists(files["new_job"].result_file.name)
    assert Job.objects.get(pk=files["old_job"].pk).result_file.name == ""
    assert Job.objects.get(pk=files["new_job"].pk).result_file.name == files["new_job"].result_file.name


def test_a_dry_run_counts_and_changes_nothing(files: dict) -> None:
    runs = {run.rule: run for run in retention_run(now=NOW, dry_run=True)}

    assert _exists(files["old"].file.name) and _exists(files["old_job"].result_file.name)
    assert Job.objects.get(pk=files["old_job"].pk).result_file
    assert runs["ingest_files"].files == 4 and runs["job_files"].rows == 1
    assert all(run.dry_run for run in runs.values())
    assert set(runs) == {rule.name for rule in RULES if rule.apply is not None}


def test_it_deletes_expired_rows_and_never_consents(sampang_business: Any, users: dict) -> None:
    report = Report.objects.create(
        kind=ReportKind.CRAFTS, period=NOW.date(), region_id=SAMPANG, title="Kriya"
    )
    ShareLink.objects.create(report=report, expires_at=NOW - timedelta(days=31))
    active = ShareLink.objects.create(report=report, expires_at=NOW + timedelta(days=3))
    Session.objects.create(session_key="lama", session_data="", expire_date=NOW - timedelta(hours=1))
    Session.objects.create(session_key="baru", session_data="", expire_date=NOW + timedelta(hours=1))
    for name, age in (("lama", 91), ("baru", 1)):
        failure = LoginFailure.objects.create(username=name)
        LoginFailure.objects.filter(pk=failure.pk).update(created_at=NOW - timedelta(days=age))
    for name, years in (("lama", 6), ("baru", 1)):
        AccessLog.objects.create(action=AccessAction.EXPORT, object_repr=name)
        AccessLog.objects.filter(object_repr=name).update(created_at=NOW - timedelta(days=365 * years))
    wording = ConsentWording.objects.filter(purpose=Purpose.KATALOG_PUBLIK).first()
    Consent.objects.create(
        business=sampang_business, purpose=Purpose.KATALOG_PUBLIK, granted=True, wording=wording,
        wording_version=wording.version, wording_sha256=wording.text_sha256, source=ConsentSource.STAFF,
        given_at=NOW - timedelta(days=365 * 20), withdrawn_at=NOW - timedelta(days=365 * 19),
    )  # fmt: skip

    retention_run(now=NOW)

    assert list(ShareLink.objects.values_list("pk", flat=True)) == [active.pk]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["baru"]
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["baru"]
    assert list(AccessLog.objects.values_list("object_repr", flat=True)) == ["baru"]
    assert Consent.objects.count() == 1
    assert RetentionRun.objects.get(rule="share_links").rows == 1


def test_inactive_businesses_are_erased_by_the_erasure_module(make_business: Any) -> None:
    from lapak.privacy import erasure
    from lapak.registry.models import Business

    idle = make_business(SAMPANG, name="Sudah Tutup")
    active = make_business(SAMPANG, name="Masih Jalan", owner_nik="3527014507850002")
    Business.objects.filter(pk=idle.pk).update(updated_at=NOW - timedelta(days=365 * 6))

    retention_run(now=NOW, rules=["inactive_businesses"])

    idle_now = Business.objects.get(pk=idle.pk)  # anonymised, never deleted: the statistics stay
    assert idle_now.owner_nik_encrypted == "" and idle_now.phone == ""
    assert idle_now.owner_name == erasure.ERASED
    assert Business.objects.get(pk=active.pk).phone == active.phone
    assert RetentionRun.objects.get(rule="inactive_businesses").rows == 1
    again = retention_run(now=NOW + timedelta(days=365 * 6), rules=["inactive_businesses"], dry_run=True)
    assert again[0].rows == 1  # the active one by then; the erased one is not counted twice


def test_it_runs_daily_as_a_job(files: dict) -> None:
    assert jobs._EVERY[RETENTION_JOB] == timedelta(days=1)
    job = jobs.job_enqueue(kind=RETENTION_JOB, params={})

    jobs.job_run_now(job)

    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
    assert not _exists(files["old"].file.name)
    assert RetentionRun.objects.filter(rule="ingest_files", dry_run=False).exists()


def test_the_page_shows_rules_and_runs_and_the_buttons_work(files: dict, users: dict) -> None:
    client = signed_in(users["admin"])

    client.post(reverse("privacy:retention"), {"mode": "uji"})
    page = client.get(reverse("privacy:retention")).content.decode()
    response = client.post(reverse("privacy:retention"), {"mode": "sungguhan"})

    assert "Berkas impor" in page and "Tidak pernah dihapus" in page and "uji coba" in page
    assert RetentionRun.objects.filter(dry_run=True).count() == len([r for r in RULES if r.apply])
    assert _exists(files["old"].file.name)  # the dry run deleted nothing
    job = Job.objects.get(kind=RETENTION_JOB)
    assert (
        response.status_code == 302 and job.created_by == users["admin"] and job.params == {"dry_run": False}
    )


@pytest.mark.parametrize("role", ["operator", "pendamping", "pimpinan", "pemilik"])
def test_only_the_province_admin_runs_retention(role: str, files: dict, users: dict) -> None:
    client = signed_in(users[role])

    assert client.get(reverse("privacy:retention")).status_code == 403
    assert client.post(reverse("privacy:retention"), {"mode": "sungguhan"}).status_code == 403
    assert not Job.objects.filter(kind=RETENTION_JOB).exists() and not RetentionRun.objects.exists()


@pytest.mark.django_db
def test_the_page_shows_each_rules_newest_real_run_not_a_later_dry_run() -> None:
    now = timezone.now()
    first, second = [rule.name for rule in RULES if rule.apply is not None][:2]
    older = RetentionRun.objects.create(rule=first, rows=1, ran_at=now - timedelta(days=2))
    newest = RetentionRun.objects.create(rule=first, rows=2, ran_at=now - timedelta(days=1))
    RetentionRun.objects.create(rule=first, rows=9, dry_run=True, ran_at=now)
    other = RetentionRun.objects.create(rule=second, rows=3, ran_at=now - timedelta(days=3))

    latest = retention_last_real_run()

    assert latest == {first: newest, second: other}
    assert older not in latest.values()
