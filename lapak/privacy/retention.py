"""Retention schedule (UU PDP Pasal 43-44, DPIA P1 and P6): how long each kind of data is kept, and the
daily run that deletes or anonymises what has expired.

The rules are data, so the "Retensi data" page, the record of processing activities (``ropa.py``, which
names these rules) and the run itself read the same list. Every run of every rule leaves a
``RetentionRun`` row with its counts: the controller must be able to show that deletion happened.
Each rule works on sets (one UPDATE or DELETE per rule); only files are removed one by one, because a
storage deletes files one at a time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import LoginFailure
from lapak.core.jobs import JobContext, job_every, job_handler
from lapak.core.models import AccessLog, Job
from lapak.ingest.models import ImportBatch
from lapak.registry.models import Business
from lapak.reports.models import ShareLink

from .erasure import ERASED, business_personal_data_erase
from .incident_models import RetentionRun

DELETE, ANONYMISE, KEEP = "hapus", "anonimkan", "simpan"
ACTION_LABELS = {DELETE: _("Hapus"), ANONYMISE: _("Anonimkan"), KEEP: _("Simpan, tidak dihapus")}
RETENTION_JOB = "privacy.retention"
YEAR = timedelta(days=365)
# The owner name of an erased business, or none at all: nothing personal left to erase.
ERASED_NAMES = ("", ERASED)


@dataclass
class RuleResult:
    rows: int = 0
    files: int = 0
    note: str = ""


Apply = Callable[[datetime, timedelta, bool], RuleResult]


@dataclass(frozen=True)
class RetentionRule:
    """One line of the schedule: what data, how long, then what, and on which legal ground."""

    name: str
    title: Promise
    data: Promise
    period: timedelta | None
    period_label: Promise
    action: str
    legal_basis: Promise
    apply: Apply | None = field(default=None, compare=False)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


# --- Files ----------------------------------------------------------------------------------------


def _delete_file(storage: Storage, name: str, dry_run: bool) -> int:
    """1 if the file was there (and, unless a dry run, is now gone), else 0."""
    if not name or not storage.exists(name):
        return 0
    if not dry_run:
        storage.delete(name)
        _remove_empty_folder(storage, name)
    return 1


def _remove_empty_folder(storage: Storage, name: str) -> None:
    """Drop the random folder a file lived in (``ingest/<uuid>/``, ``jobs/<uuid>/``) once it is empty."""
    try:
        folder = Path(storage.path(name)).parent
    except NotImplementedError:  # a remote storage has no folders to clean
        return
    with contextlib.suppress(OSError):  # not empty yet, or already gone
        os.rmdir(folder)


def _ingest_files(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    """Uploads and ``staged.parquet`` (plaintext NIK) of batches finished or untouched for ``period``.

    Several batches (sheets) can share one upload: a file goes only when every batch using it is due.
    The batch rows stay, with their counts, as the record of the import.
    """
    cutoff = now - period
    storage = ImportBatch._meta.get_field("file").storage  # type: ignore[attr-defined]
    batches = ImportBatch.objects.exclude(file="")
    recent = batches.filter(Q(updated_at__gte=cutoff) | Q(committed_at__gte=cutoff)).values("file")
    due = (
        batches.filter(updated_at__lt=cutoff)
        .exclude(file__in=recent)
        .order_by()
        .values_list("file", flat=True)
    )
    result = RuleResult()
    for name in due.distinct().iterator(chunk_size=1000):
        staged = str(PurePosixPath(name).with_name("staged.parquet"))
        found = _delete_file(storage, staged, dry_run) + _delete_file(storage, name, dry_run)
        result.files += found
        result.rows += 1 if found else 0
    return result


def _job_files(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    """Result files of background jobs (exports, validation reports) ``period`` after the job ended."""
    cutoff = now - period
    jobs = Job.objects.exclude(result_file="").filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, updated_at__lt=cutoff)
    )
    storage = Job._meta.get_field("result_file").storage  # type: ignore[attr-defined]
    result = RuleResult()
    pks: list[int] = []
    for pk, name in jobs.values_list("pk", "result_file").iterator(chunk_size=1000):
        result.files += _delete_file(storage, name, dry_run)
        pks.append(pk)
    result.rows = len(pks)
    if not dry_run and pks:
        for start in range(0, len(pks), 1000):  # the download now answers 404 instead of a missing file
            Job.objects.filter(pk__in=pks[start : start + 1000]).update(result_file="")
    return result


# --- Rows -----------------------------------------------------------------------------------------


def _delete_rows(queryset: Any, dry_run: bool) -> RuleResult:
    if dry_run:
        return RuleResult(rows=queryset.count())
    deleted, _per_model = queryset.delete()
    return RuleResult(rows=deleted)


def _share_links(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    cutoff = now - period
    return _delete_rows(
        ShareLink.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)), dry_run
    )


def _sessions(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    """What ``manage.py clearsessions`` does, with a count when the engine keeps sessions in a table."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class() if hasattr(store, "get_model_class") else None
    if model is not None:
        return _delete_rows(model.objects.filter(expire_date__lt=now - period), dry_run)
    if not dry_run:
        store.clear_expired()
    return RuleResult(note=gettext("Penyimpanan sesi tidak di basis data; jumlah tidak diketahui."))


def _login_failures(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    return _delete_rows(LoginFailure.objects.filter(created_at__lt=now - period), dry_run)


def _access_log(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    return _delete_rows(AccessLog.objects.filter(created_at__lt=now - period), dry_run)


def _change_log(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    """Old change-log entries, except those of consents (the proof of consent is kept, Pasal 22)."""
    from auditlog.models import LogEntry

    from .models import Consent

    consent = ContentType.objects.get_for_model(Consent)
    return _delete_rows(
        LogEntry.objects.filter(timestamp__lt=now - period).exclude(content_type=consent), dry_run
    )


def inactive_businesses(now: datetime, period: timedelta) -> Any:
    """Businesses unchanged and without a sale for ``period`` that still hold personal data."""
    from lapak.channels.models import SalesOrder

    cutoff = now - period
    sold = SalesOrder.objects.filter(ordered_at__gte=cutoff).values("business_id")
    erased = Q(owner_name__in=ERASED_NAMES, owner_nik_encrypted="", owner_nik_masked="", phone="", email="")
    holds_personal = ~(erased & Q(address=""))
    return Business.objects.filter(holds_personal, updated_at__lt=cutoff).exclude(pk__in=sold)


def _inactive_businesses(now: datetime, period: timedelta, dry_run: bool) -> RuleResult:
    """Erase the owner's personal data of long-inactive businesses with the data-subject erasure."""
    due = inactive_businesses(now, period)
    if dry_run:
        return RuleResult(rows=due.count())
    reason = gettext("Retensi: usaha tidak aktif lebih dari masa simpan")
    erased, last = 0, 0
    while batch := list(due.filter(pk__gt=last).order_by("pk")[:500]):
        for business in batch:
            business_personal_data_erase(business=business, actor=None, reason=reason)
        erased, last = erased + len(batch), batch[-1].pk
    return RuleResult(rows=erased)


# --- The schedule ---------------------------------------------------------------------------------

RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        "ingest_files", _("Berkas impor"),
        _("Berkas unggahan daftar dinas dan staged.parquet di MEDIA_ROOT/ingest/ (berisi NIK asli)"),
        timedelta(days=30), _("30 hari setelah batch selesai diimpor, dibatalkan, gagal atau ditinggalkan"),
        DELETE, _("Pasal 43-44: data tidak lagi diperlukan setelah impor; isi sudah tersimpan terenkripsi"),
        _ingest_files,
    ),
    RetentionRule(
        "job_files", _("Berkas hasil pekerjaan latar"),
        _("Berkas ekspor XLSX/CSV dan laporan validasi impor (core.Job)"),
        timedelta(days=7), _("7 hari setelah pekerjaan selesai"), DELETE,
        _("Pasal 43-44: salinan sementara untuk diunduh pengguna"), _job_files,
    ),
    RetentionRule(
        "share_links", _("Tautan berbagi laporan"), _("Tautan berbagi laporan yang kedaluwarsa atau dicabut"),
        timedelta(days=30), _("30 hari setelah kedaluwarsa atau dicabut"), DELETE,
        _("Pasal 43: tidak lagi diperlukan"), _share_links,
    ),
    RetentionRule(
        "sessions", _("Sesi masuk"), _("Sesi login yang kedaluwarsa (tabel django_session)"),
        timedelta(0), _("Saat kedaluwarsa (sesi berlaku 8 jam)"), DELETE,
        _("Pasal 35: keamanan; sesi lama tidak diperlukan"), _sessions,
    ),
    RetentionRule(
        "login_failures", _("Catatan gagal masuk"),
        _("Nama pengguna dan alamat IP percobaan masuk yang gagal"),
        timedelta(days=90), _("90 hari (aplikasi sendiri menghapusnya setelah masa kunci)"), DELETE,
        _("Pasal 20(2)(c) dan 35: keamanan sistem"), _login_failures,
    ),
    RetentionRule(
        "access_log", _("Log akses data pribadi"),
        _("AccessLog: ekspor, tampilan NIK/telepon, impor, dengan IP"),
        5 * YEAR, _("5 tahun"), DELETE, _("Pasal 20(2)(c) dan 31: bukti pemrosesan"), _access_log,
    ),
    RetentionRule(
        "change_log", _("Log perubahan data"),
        _("auditlog: nilai lama dan baru (termasuk telepon, email, alamat), kecuali perubahan persetujuan"),
        5 * YEAR, _("5 tahun"), DELETE, _("Pasal 20(2)(c) dan 31: jejak perubahan"), _change_log,
    ),
    RetentionRule(
        "consents", _("Persetujuan pemilik"), _("Persetujuan dan penarikannya, dengan versi dan sidik teks"),
        None, _("Tidak pernah dihapus"), KEEP, _("Pasal 22: pengendali wajib dapat membuktikan persetujuan"),
    ),
    RetentionRule(
        "inactive_businesses", _("Data pribadi usaha tidak aktif"),
        _("Nama, NIK, telepon, email dan alamat pemilik usaha yang tidak berubah dan tanpa penjualan"),
        5 * YEAR, _("5 tahun tanpa perubahan dan tanpa penjualan"), ANONYMISE,
        _("Pasal 43-44: tujuan pemberdayaan tidak lagi berjalan"), _inactive_businesses,
    ),
)  # fmt: skip
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def retention_run(
    *, now: datetime | None = None, dry_run: bool = False, actor: Any = None, rules: list[str] | None = None
) -> list[RetentionRun]:
    """Apply every rule (or those named) as of ``now``; a dry run counts and changes nothing.

    Each rule runs in its own transaction and is recorded, so one failing rule leaves the others done.
    """
    now = now or timezone.now()
    runs: list[RetentionRun] = []
    for rule in RULES:
        if rule.apply is None or rule.period is None or (rules is not None and rule.name not in rules):
            continue
        with transaction.atomic():
            result = rule.apply(now, rule.period, dry_run)
            runs.append(
                RetentionRun.objects.create(
                    rule=rule.name,
                    dry_run=dry_run,
                    rows=result.rows,
                    files=result.files,
                    note=result.note[:250],
                    ran_at=timezone.now(),
                    ran_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
    return runs


def retention_last_runs(limit: int = 30) -> list[RetentionRun]:
    """The latest runs, newest first, for the page."""
    return list(RetentionRun.objects.select_related("ran_by")[:limit])


def retention_last_real_run() -> dict[str, RetentionRun]:
    """Per rule, its latest run that really deleted (not a dry run)."""
    real = RetentionRun.objects.filter(dry_run=False)
    newest = real.filter(rule=OuterRef("rule")).order_by("-ran_at").values("pk")[:1]
    names = [rule.name for rule in RULES if rule.apply is not None]
    return {run.rule: run for run in real.filter(rule__in=names, pk=Subquery(newest))}


@job_handler(RETENTION_JOB, label=gettext_lazy("Retensi data: hapus data yang kedaluwarsa"))
def retention_job(context: JobContext) -> None:
    context.set_total(len(RULES))
    runs = retention_run(dry_run=bool(context.params.get("dry_run")), actor=context.job.created_by)
    summary = ", ".join(f"{run.rule}: {run.rows}/{run.files}" for run in runs)
    Job.objects.filter(pk=context.job.pk).update(message=gettext("Baris/berkas: %(s)s") % {"s": summary})
    context.report(len(RULES), force=True)


job_every(RETENTION_JOB, timedelta(days=1))
