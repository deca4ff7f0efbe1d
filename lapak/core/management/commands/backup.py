from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lapak.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and every uploaded file into one archive (restore with `restore`)."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive path (default var/backups/lapak-YYYYmmdd-HHMMSS.tar).",
        )

    def handle(self, *args: object, output: Path | None, **options: object) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = output or Path(settings.VAR_DIR) / "backups" / f"lapak-{stamp}.tar"
        try:
            manifest = backup_create(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        files = len(manifest.files)
        self.stdout.write(
            f"{destination}: {len(manifest.tables)} tabel, {rows} baris, {files} berkas unggahan"
        )
