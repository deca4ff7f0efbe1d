from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lapak.core.key_rotation import (
    BATCH_ROWS,
    RotationReport,
    TableCount,
    field_key_check,
    field_key_rotate,
    unrecomputable_hash_counts,
)


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value and recompute every keyed hash under LAPAK_FIELD_KEY, reading "
        "LAPAK_FIELD_KEY_PREVIOUS; then check that nothing needs the previous key (docs/breach-runbook.md)."
    )

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due; write nothing.")
        parser.add_argument("--batch-rows", type=int, default=BATCH_ROWS, help="Rows per transaction.")

    def handle(self, *args: object, dry_run: bool, batch_rows: int, **options: object) -> None:
        if not settings.LAPAK_FIELD_KEY_PREVIOUS and not dry_run:
            self.stdout.write("LAPAK_FIELD_KEY_PREVIOUS kosong: hanya memeriksa nilai dengan kunci sekarang.")
        report = field_key_rotate(dry_run=dry_run, batch_rows=batch_rows, progress=self._progress)
        self._summary(report, "perlu diputar" if dry_run else "diputar")
        check = report if dry_run else field_key_check(batch_rows=batch_rows)
        for label, count in unrecomputable_hash_counts().items():
            if count:
                self.stdout.write(
                    f"{label}: {count} hash rahasia tidak bisa dihitung ulang; cocok lewat kunci lama "
                    "sampai diterbitkan ulang."
                )
        if not check.complete:
            raise CommandError(
                f"Belum selesai: {check.due} baris masih perlu kunci lama, {check.unreadable} tidak terbaca "
                "dengan kunci mana pun."
            )
        if not dry_run:
            self.stdout.write("Pemeriksaan: semua nilai terbaca dengan kunci sekarang.")

    def _progress(self, count: TableCount) -> None:
        self.stdout.write(f"{count.label}: {count.scanned} dibaca, {count.due} perlu diputar")

    def _summary(self, report: RotationReport, verb: str) -> None:
        for table in report.tables:
            self.stdout.write(
                f"{table.label}: {table.scanned} baris, {table.due} {verb}, {table.unreadable} tidak terbaca"
            )
