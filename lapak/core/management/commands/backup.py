from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lapak.core.backup import BackupError, backup_create, backup_key


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded file into one archive (restore with `restore`), sealed with "
        "LAPAK_BACKUP_KEY when it is set; production refuses a plain archive unless --no-encrypt."
    )

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive path (default var/backups/lapak-YYYYmmdd-HHMMSS.tar, .tar.enc when encrypted).",
        )
        parser.add_argument(
            "--no-encrypt",
            action="store_true",
            help="Write a plain archive even in production or with LAPAK_BACKUP_KEY set (prints a warning).",
        )

    def handle(self, *args: object, output: Path | None, no_encrypt: bool, **options: object) -> None:
        try:
            key = backup_key(no_encrypt=no_encrypt)
            destination = output or self._default_destination(encrypted=bool(key))
            manifest = backup_create(destination, key=key)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not key:
            self.stderr.write(
                self.style.WARNING(
                    "PERINGATAN: arsip cadangan TIDAK terenkripsi dan berisi data pribadi (NIK, pindaian "
                    "dokumen); setel LAPAK_BACKUP_KEY untuk mengenkripsinya."
                )
            )
        rows = sum(manifest.tables.values())
        files = len(manifest.files)
        sealed = "terenkripsi" if key else "tidak terenkripsi"
        self.stdout.write(
            f"{destination}: {len(manifest.tables)} tabel, {rows} baris, {files} berkas unggahan, {sealed}"
        )

    def _default_destination(self, *, encrypted: bool) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = ".tar.enc" if encrypted else ".tar"
        return Path(settings.VAR_DIR) / "backups" / f"lapak-{stamp}{suffix}"
