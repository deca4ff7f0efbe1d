"""Command-line import of one agency file: the same staging, validation and commit as the web pages.

    manage.py ingest_file --user admin --source dinkop-2026 daftar.xlsx --sheet "UMKM" --commit

Without ``--commit`` the file is only checked and the validation summary printed. ``--report FILE``
writes the XLSX validation report. Exit status 1 when the file cannot be read or the commit fails.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapak.accounts.models import User
from lapak.core.jobs import job_run_now
from lapak.core.models import JobStatus
from lapak.ingest import services
from lapak.ingest.mapping import suggest_mapping
from lapak.ingest.models import BatchStatus, Source
from lapak.ingest.report import write_report
from lapak.ingest.selectors import problem_summary


class Command(BaseCommand):
    help = "Import one CSV/XLSX/XLS file into a source list (check, then optionally commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", required=True, help="source code (see the Impor page)")
        parser.add_argument(
            "--user", required=True, help="username the import is done as (its scope applies)"
        )
        parser.add_argument("--sheet", default="", help="workbook sheet (default: the first)")
        parser.add_argument("--commit", action="store_true", help="commit the valid rows after checking")
        parser.add_argument("--report", type=Path, help="write the XLSX validation report here")
        parser.add_argument(
            "--save-profile", action="store_true", help="keep the column mapping as the source profile"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        source = Source.objects.filter(code=options["source"]).first()
        if user is None or source is None:
            raise CommandError("unknown --user or --source")
        path: Path = options["path"]
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            batch = services.batch_upload(actor=user, source=source, upload=upload, sheet=options["sheet"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if batch.status == BatchStatus.COMMITTED:
            self.stdout.write(f"batch {batch.pk}: this file was already imported; nothing changed")
            return
        mapping = batch.column_mapping or suggest_mapping(services.batch_columns(batch))
        self.stdout.write(f"batch {batch.pk}: mapping " + ", ".join(f"{k}={v!r}" for k, v in mapping.items()))
        try:
            job = services.batch_map(
                actor=user, batch=batch, mapping=mapping, save_profile=options["save_profile"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._run(job, batch.pk)
        batch.refresh_from_db()
        self.stdout.write(
            f"rows: {batch.rows_total}, valid: {batch.rows_valid}, warnings: {batch.rows_warning}, "
            f"errors: {batch.rows_error}"
        )
        for item in problem_summary(path=services.staged_path(batch)):
            self.stdout.write(
                f"  {item['level']}: {item['field']} in {item['rows']} rows (first: row {item['first_row']})"
            )
        if options["report"]:
            with options["report"].open("wb") as handle:
                write_report(
                    batch,
                    services.batch_columns(batch),
                    services.staged_path(batch),
                    handle,
                    progress=lambda n: None,
                )
            self.stdout.write(f"report written to {options['report']}")
        if options["commit"]:
            job = services.batch_commit(actor=user, batch=batch)
            self._run(job, batch.pk)
            batch.refresh_from_db()
            self.stdout.write(f"committed: {batch.rows_committed}, already present: {batch.rows_existing}")

    def _run(self, job: Any, batch_pk: int) -> None:
        job = job_run_now(job)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"batch {batch_pk}: {job.get_status_display()}: {job.message}")
