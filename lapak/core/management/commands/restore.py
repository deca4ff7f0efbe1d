from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lapak.core.backup import (
    BackupError,
    DatabaseTarget,
    backup_restore,
    postgres_database_create,
    read_manifest,
)


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into the configured database (which must be empty unless "
        "--replace) and MEDIA_ROOT, then check every table's row count against the archive's manifest. "
        "An encrypted archive is opened with LAPAK_BACKUP_KEY."
    )

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("archive", type=Path)
        parser.add_argument("--replace", action="store_true", help="Overwrite a database that holds data.")
        parser.add_argument(
            "--create-database",
            action="store_true",
            help="PostgreSQL: create the configured database first (it must not exist).",
        )

    def handle(
        self, *args: object, archive: Path, replace: bool, create_database: bool, **options: object
    ) -> None:
        target = DatabaseTarget.from_settings(connections["default"].settings_dict)
        connections.close_all()
        try:
            # A missing or wrong LAPAK_BACKUP_KEY stops here, before a database is created.
            read_manifest(archive)
            if create_database and target.engine == "postgresql":
                postgres_database_create(target)
            report = backup_restore(archive, target, media_root=Path(settings.MEDIA_ROOT), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Dipulihkan: {report.tables} tabel, {report.rows} baris, {report.files} berkas.")
