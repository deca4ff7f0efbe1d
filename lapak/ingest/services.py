"""Writes of the ingest app: sources and their mapping profile, uploads, staging, commit, cancel."""

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action, home_province_code, kabkota_codes_for, user_can
from lapak.core.jobs import JobContext, job_cancel, job_enqueue
from lapak.core.models import AccessAction, AccessLog, Job, JobStatus
from lapak.ingest.linking import SURVIVING_FIELDS, Plan, apply_plan, merge_into, rederive_size_class
from lapak.ingest.mapping import missing_required, suggest_mapping
from lapak.ingest.models import (
    BatchStatus,
    FieldProvenance,
    ImportBatch,
    LinkState,
    MatchCandidate,
    Merge,
    MergeKind,
    ReviewStatus,
    Source,
    SourceRecord,
)
from lapak.ingest.readers import ReadError, list_sheets, read_table
from lapak.regions.models import Region
from lapak.registry.models import Business

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
STAGE_JOB = "ingest.stage"
COMMIT_JOB = "ingest.commit"
ACTIVE_STATUSES = (BatchStatus.STAGING, BatchStatus.COMMITTING)


def uploader_region(user: Any) -> Region:
    """Where a user's uploads belong: an operator's kab/kota, else the home province."""
    codes = kabkota_codes_for(user)
    code = sorted(codes)[0] if codes else home_province_code(user)
    return Region.objects.get(code=code)


def source_create(*, actor: Any, code: str, name: str, kind: str) -> Source:
    """A new agency list, owned by the actor's region (a kab/kota office's lists stay in its kab/kota)."""
    if not user_can(actor, Action.IMPORT):
        raise PermissionDenied
    if Source.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Kode sumber “%(code)s” sudah dipakai.") % {"code": code}})
    return Source.objects.create(
        code=code, name=name, kind=kind, region=uploader_region(actor), created_by=actor
    )


def batch_upload(*, actor: Any, source: Source, upload: UploadedFile, sheet: str = "") -> ImportBatch:
    """Keep an uploaded file as a new batch (or return the batch that already committed this file).

    The file is checked to be readable (type, corrupt workbook, zip bomb, empty) before anything is
    saved; the error message says why in Bahasa Indonesia.
    """
    if not user_can(actor, Action.IMPORT):
        raise PermissionDenied
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Berkas lebih dari 200 MB; bagi menjadi beberapa berkas."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    done = ImportBatch.objects.filter(
        source=source, file_sha256=sha, sheet=sheet, status=BatchStatus.COMMITTED
    ).first()
    if done is not None:
        return done
    batch = ImportBatch(
        source=source,
        original_name=Path(upload.name or "berkas").name[:255],
        file_sha256=sha,
        sheet=sheet,
        region=uploader_region(actor),
        uploaded_by=actor,
    )
    batch.file.save(upload.name or "berkas", upload, save=False)
    try:
        batch.sheets = list_sheets(Path(batch.file.path))
        batch_columns(batch)
    except ReadError as error:
        stored_name = Path(batch.file.name).name
        batch.file.delete(save=False)
        # Messages name the file as the reader saw it; the user knows it by its own name.
        raise ValidationError(str(error).replace(stored_name, batch.original_name)) from error
    batch.column_mapping = suggest_mapping(batch_columns(batch), profile=source.column_mapping)
    batch.save()
    return batch


def batch_sheets(batch: ImportBatch) -> list[str]:
    """The sheets of the batch's workbook (empty for CSV), as read at upload."""
    return list(batch.sheets)


def batch_columns(batch: ImportBatch) -> list[str]:
    """The column titles of the batch's file (sheet), read from the file the first time only."""
    if not batch.columns:
        with read_table(Path(batch.file.path), sheet=batch.sheet or None) as reader:
            batch.columns = reader.columns
    return list(batch.columns)


def batch_map(*, actor: Any, batch: ImportBatch, mapping: dict[str, str], save_profile: bool) -> Job:
    """Set the column mapping, optionally save it as the source's profile, and queue staging."""
    _check_editable(actor, batch)
    missing = [
        field
        for field in missing_required(mapping)
        if not (field.key == "kabkota" and default_kabkota(batch))
    ]
    if missing:
        raise ValidationError(
            _("Kolom wajib belum dipetakan: %(fields)s.")
            % {"fields": ", ".join(str(f.label) for f in missing)}
        )
    columns = batch_columns(batch)
    unknown = [title for title in mapping.values() if title and title not in columns]
    if unknown:
        raise ValidationError(_("Kolom “%(title)s” tidak ada di berkas ini.") % {"title": unknown[0]})
    with transaction.atomic():
        batch.column_mapping = {key: title for key, title in mapping.items() if title}
        if save_profile:
            batch.source.column_mapping = batch.column_mapping
            batch.source.save(update_fields=["column_mapping", "updated_at"])
        job = job_enqueue(kind=STAGE_JOB, params={"batch_id": batch.pk}, created_by=actor)
        batch.job, batch.status, batch.message = job, BatchStatus.STAGING, ""
        batch.save(update_fields=["column_mapping", "job", "status", "message", "updated_at"])
    return job


def batch_commit(*, actor: Any, batch: ImportBatch) -> Job:
    """Queue the commit of a staged batch (valid and warning rows; rows with errors stay out)."""
    _check_editable(actor, batch)
    if batch.status != BatchStatus.STAGED:
        raise ValidationError(_("Batch ini belum siap diimpor."))
    if batch.rows_valid + batch.rows_warning == 0:
        raise ValidationError(_("Tidak ada baris yang sah untuk diimpor."))
    with transaction.atomic():
        job = job_enqueue(kind=COMMIT_JOB, params={"batch_id": batch.pk}, created_by=actor)
        batch.job, batch.status, batch.message = job, BatchStatus.COMMITTING, ""
        batch.save(update_fields=["job", "status", "message", "updated_at"])
    return job


def batch_cancel(*, actor: Any, batch: ImportBatch) -> None:
    """Ask the batch's running staging or commit to stop; nothing it wrote is kept."""
    _check_editable(actor, batch, allow_active=True)
    if batch.job is not None and batch.status in ACTIVE_STATUSES:
        job_cancel(batch.job)


def batch_recover(batch: ImportBatch) -> ImportBatch:
    """Put a batch whose job died, failed or was cancelled back where it can be resumed.

    A commit runs in one transaction, so a killed worker left nothing in the registry; the batch goes
    back to "siap ditinjau" and can be committed again. A staging goes back to "diunggah".
    """
    if batch.status not in ACTIVE_STATUSES or batch.job_id is None:
        return batch
    job_status = Job.objects.filter(pk=batch.job_id).values_list("status", "message").first()
    if job_status is None or job_status[0] not in (JobStatus.FAILED, JobStatus.CANCELLED):
        return batch
    back = BatchStatus.STAGED if batch.status == BatchStatus.COMMITTING else BatchStatus.UPLOADED
    ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=back, message=job_status[1], updated_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


def _check_editable(
    actor: Any, batch: ImportBatch, *, allow_active: bool = False, allow_committed: bool = False
) -> None:
    if not user_can(actor, Action.IMPORT):
        raise PermissionDenied
    if batch.status == BatchStatus.COMMITTED and not allow_committed:
        raise ValidationError(_("Batch ini sudah diimpor."))
    if batch.status in ACTIVE_STATUSES and not allow_active:
        raise ValidationError(_("Batch ini sedang diproses; tunggu atau batalkan dulu."))


def staged_path(batch: ImportBatch) -> Path:
    """Where the batch's staged rows are kept (beside the upload)."""
    return Path(batch.file.path).with_name("staged.parquet")


def default_kabkota(batch: ImportBatch) -> str | None:
    """The kab/kota of rows that name none: the source's or the uploader's own kab/kota, if it has one."""
    for region_code in (batch.source.region_id, batch.region_id):
        if region_code and region_code.count(".") == 1:
            return region_code
    return None


def batch_stage_run(context: JobContext) -> None:
    """Job body: clean and validate the whole file into the staged Parquet file, then count."""
    from lapak.ingest.staging import stage_file

    batch = ImportBatch.objects.select_related("source", "uploaded_by").get(pk=context.params["batch_id"])
    try:
        codes = kabkota_codes_for(batch.uploaded_by) if batch.uploaded_by else None
        province = batch.region.code[:2]
        result = stage_file(
            Path(batch.file.path),
            sheet=batch.sheet or None,
            mapping=batch.column_mapping,
            regions=lambda: Region.objects.filter(code__startswith=province).values_list(
                "code", "name", "level", "kind"
            ),
            allowed_kabkota=sorted(codes) if codes is not None else None,
            target=staged_path(batch),
            default_kabkota=default_kabkota(batch),
            progress=lambda rows: _staging_progress(context, rows),
        )
    except ReadError as error:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.UPLOADED, message=str(error))
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.STAGED,
        rows_total=result.total,
        rows_valid=result.valid,
        rows_warning=result.warning,
        rows_error=result.error,
        message="",
        updated_at=timezone.now(),
    )
    context.set_total(result.total)
    context.report(result.total, force=True)


def _staging_progress(context: JobContext, rows: int) -> None:
    """Show how far reading got, and stop there if the user cancelled (staging writes nothing)."""
    context.report(rows, force=True)
    context.raise_if_cancelled()


def batch_commit_run(context: JobContext) -> None:
    """Job body: load the staged rows in one transaction; cancel or a crash leaves nothing behind."""
    from lapak.ingest.loading import load_staged

    batch = ImportBatch.objects.select_related("source").get(pk=context.params["batch_id"])
    context.set_total(batch.rows_valid + batch.rows_warning)
    now = timezone.now()
    with transaction.atomic():
        # One commit per source at a time: the existing-key check and the insert must not interleave.
        Source.objects.select_for_update().get(pk=batch.source_id)
        result = load_staged(
            staged_path(batch),
            source_id=batch.source_id,
            batch_id=batch.pk,
            sheet=batch.sheet,
            created_at=now,
            checkpoint=context.checkpoint,
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.COMMITTED,
            rows_committed=result.committed,
            rows_existing=result.existing,
            committed_at=now,
            updated_at=now,
        )
        AccessLog.objects.create(
            user_id=batch.uploaded_by_id,
            action=AccessAction.IMPORT,
            object_repr=str(batch)[:200],
            reason="Impor daftar sumber ke Satu Data UMKM",
            detail={"batch": batch.pk, "rows": result.committed, "existing": result.existing},
        )
    context.report(result.committed, force=True)
    if getattr(settings, "LAPAK_LINK_AFTER_IMPORT", True):
        from lapak.ingest.linking import LINK_JOB

        job_enqueue(kind=LINK_JOB, params={"batch_id": batch.pk}, created_by=batch.uploaded_by)


def review_accept(*, actor: Any, candidate: MatchCandidate, fields: list[str] | None = None) -> Merge:
    """The reviewer says: same business. Merge, taking the ``fields`` the reviewer picked from the record."""
    if not user_can(actor, Action.MERGE):
        raise PermissionDenied
    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != ReviewStatus.PENDING:
            raise ValidationError(_("Kandidat ini sudah ditinjau."))
        business = Business.objects.select_for_update().get(pk=candidate.business_id)
        merge = merge_into(
            business, candidate.record, kind=MergeKind.REVIEW, probability=candidate.probability,
            actor=actor, chosen=fields or (),
        )  # fmt: skip
        _close_candidate(candidate, ReviewStatus.ACCEPTED, actor)
        MatchCandidate.objects.filter(record=candidate.record, status=ReviewStatus.PENDING).update(
            status=ReviewStatus.REJECTED, reviewed_by=actor, reviewed_at=timezone.now()
        )
    return merge


def review_reject(*, actor: Any, candidate: MatchCandidate) -> None:
    """The reviewer says: different businesses. With no candidate left the record gets its own record."""
    if not user_can(actor, Action.MERGE):
        raise PermissionDenied
    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != ReviewStatus.PENDING:
            raise ValidationError(_("Kandidat ini sudah ditinjau."))
        _close_candidate(candidate, ReviewStatus.REJECTED, actor)
        record = candidate.record
        if record.business_id is None and not record.candidates.filter(status=ReviewStatus.PENDING).exists():
            golden_for_record(record, actor=actor)


def golden_for_record(record: SourceRecord, *, actor: Any) -> Business | None:
    """Make a record its own golden record (it needs a desa); otherwise mark it incomplete."""
    if not record.desa_id:
        SourceRecord.objects.filter(pk=record.pk).update(link_state=LinkState.INCOMPLETE)
        return None
    apply_plan(
        Plan(merges=[], new_golden=[[record.pk]], reviews=[], incomplete=[]), {record.pk: record}, actor=actor
    )
    record.refresh_from_db()
    return record.business


def _close_candidate(candidate: MatchCandidate, status: str, actor: Any) -> None:
    candidate.status, candidate.reviewed_by, candidate.reviewed_at = status, actor, timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])


def merge_undo(*, actor: Any, merge: Merge) -> None:
    """Undo one merge: restore the fields it wrote (unless changed since) and unlink the record.

    The pair is remembered as rejected so that the next linkage run does not merge it again. Undoing the
    merge that created a golden record removes that record only when nothing else hangs on it.
    """
    if not user_can(actor, Action.MERGE):
        raise PermissionDenied
    with transaction.atomic():
        merge = Merge.objects.select_for_update().select_related("record").get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError(_("Penggabungan ini sudah dibatalkan."))
        business = Business.objects.select_for_update().get(pk=merge.business_id)
        others = business.merges.filter(undone_at__isnull=True).exclude(pk=merge.pk)
        if merge.kind == MergeKind.NEW and others.exists():
            raise ValidationError(
                _(
                    "Data induk ini dibuat dari rekaman tersebut dan sudah punya rekaman lain; "
                    "batalkan dulu penggabungan yang lain."
                )
            )
        record = merge.record
        _restore_fields(business, merge)
        merge.undone_at, merge.undone_by = timezone.now(), actor
        merge.save(update_fields=["undone_at", "undone_by"])
        record.business, record.link_state, record.link_probability = None, LinkState.UNLINKED, None
        record.save(update_fields=["business", "link_state", "link_probability"])
        if merge.kind == MergeKind.NEW:
            business.delete()
            return
        MatchCandidate.objects.update_or_create(
            record=record, business=business,
            defaults={"status": ReviewStatus.REJECTED, "probability": merge.probability or 0.0,
                      "kabkota_id": record.kabkota_id, "reviewed_by": actor, "reviewed_at": timezone.now()},
        )  # fmt: skip


def _restore_fields(business: Business, merge: Merge) -> None:
    """Put back what ``merge`` overwrote, where the value is still the one the merge wrote."""
    changed = []
    for field, before in merge.previous_values.items():
        written = getattr(merge.record, SURVIVING_FIELDS[field])
        if getattr(business, field) != written:
            continue
        setattr(business, field, before["value"])
        changed.append(field)
        if before["record"] and before.get("merge"):
            # The value goes back to the record, rule and merge it came from before.
            FieldProvenance.objects.update_or_create(
                business=business, field=field,
                defaults={"record_id": before["record"], "rule": before["rule"], "merge_id": before["merge"]},
            )  # fmt: skip
        else:
            FieldProvenance.objects.filter(business=business, field=field, merge=merge).delete()
    if changed:
        rederive_size_class(business)
        business.save()


def batch_choose_sheet(*, actor: Any, batch: ImportBatch, sheet: str) -> ImportBatch:
    """Read another sheet of the batch's workbook: this batch if not staged yet, else a new batch."""
    _check_editable(actor, batch, allow_committed=True)
    if sheet not in batch_sheets(batch):
        raise ValidationError(_("Lembar “%(sheet)s” tidak ada di berkas ini.") % {"sheet": sheet})
    existing = (
        ImportBatch.objects.filter(source=batch.source, file_sha256=batch.file_sha256, sheet=sheet)
        .exclude(status__in=(BatchStatus.FAILED, BatchStatus.CANCELLED))
        .order_by("-status")  # a committed batch of that sheet first
        .first()
    )
    if existing is not None and existing.pk != batch.pk:
        return existing
    target = batch
    if batch.status != BatchStatus.UPLOADED:
        target = ImportBatch(
            source=batch.source, file=batch.file.name, original_name=batch.original_name,
            file_sha256=batch.file_sha256, region=batch.region, uploaded_by=actor, sheets=batch.sheets,
        )  # fmt: skip
    target.sheet, target.columns = sheet, []
    try:
        columns = batch_columns(target)
    except ReadError as error:
        raise ValidationError(str(error)) from error
    target.column_mapping = suggest_mapping(columns, profile=batch.source.column_mapping)
    target.save()
    return target
