"""Encrypted backups: the sealing throughput, and backup + restore of a PostgreSQL registry with uploads.

    python benchmarks/backup.py                   # 20,000 businesses, 1,000 uploaded scans of 64 KiB
    python benchmarks/backup.py --size 200000     # larger (scans: one per 20 businesses)
    python benchmarks/backup.py --seal-mb 1024    # a longer sealing run

Builds its own database (``lapak_bench_backup`` on the local server, or ``--database-url``) with the regions,
``--size`` generated businesses and one incompressible 64 KiB "scan" per 20 businesses in a scratch
MEDIA_ROOT. Then measures, one ``name: value unit`` line each: sealing and opening ``--seal-mb`` MiB
(lapak.core.backup_crypto, in memory, so the cipher alone), a plain and an encrypted ``backup_create``, and an
encrypted ``backup_restore`` into a new database (made and dropped here) with its row-count check.
"""

from __future__ import annotations

import argparse
import getpass
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import businesses_ready, create_database, drop_database, setup_django  # noqa: E402

BENCH_KEY = "benchmark-backup-key-0f3c9a7e1b5d2468ace0"
SCAN_BYTES = 64 * 1024
BUSINESSES_PER_SCAN = 20
MIB = 1 << 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=20_000, help="businesses")
    parser.add_argument("--seal-mb", type=int, default=256, help="MiB sealed and opened for the throughput")
    default_url = f"postgres://{getpass.getuser()}@/lapak_bench_backup"
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", default_url))
    return parser.parse_args()


def report(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:,.0f} {unit}" if value >= 100 else f"{name}: {value:.2f} {unit}", flush=True)


def prepare(size: int, media: Path) -> None:
    businesses_ready(size, rebuild=True)
    for number in range(size // BUSINESSES_PER_SCAN):
        scan = media / "dokumen" / f"{number // 1000:03d}" / f"scan-{number}.pdf"
        scan.parent.mkdir(parents=True, exist_ok=True)
        scan.write_bytes(os.urandom(SCAN_BYTES))  # scans are compressed images: nothing to squeeze


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return len(data)


def measure_cipher(megabytes: int) -> None:
    """Seal ``megabytes`` MiB into a sink that drops them, then seal and open a quarter of it in memory."""
    from lapak.core.backup_crypto import OpeningReader, SealingWriter

    block = os.urandom(MIB)
    writer = SealingWriter(_Discard(), BENCH_KEY)  # type: ignore[arg-type]
    started = time.perf_counter()
    for _ in range(megabytes):
        writer.write(block)
    writer.close()
    report("seal_throughput", megabytes / (time.perf_counter() - started), "MiB/s")

    opened_mb = max(1, megabytes // 4)
    sealed = io.BytesIO()
    writer = SealingWriter(sealed, BENCH_KEY)
    for _ in range(opened_mb):
        writer.write(block)
    writer.close()
    sealed.seek(0)
    reader = OpeningReader(sealed, BENCH_KEY)
    started = time.perf_counter()
    while reader.read(10240):  # the record size tarfile reads with
        pass
    report("open_throughput", opened_mb / (time.perf_counter() - started), "MiB/s")


def timed_backup(destination: Path, media: Path, key: str) -> float:
    from lapak.core.backup import backup_create

    started = time.perf_counter()
    backup_create(destination, media_root=media, key=key)
    return time.perf_counter() - started


def timed_restore(archive: Path, database_url: str, media: Path) -> tuple[float, int]:
    """Restore into a fresh database next to the benchmark's; (seconds, rows checked)."""
    from django.db import connections

    from lapak.core.backup import DatabaseTarget, backup_restore

    restore_url = database_url + "_restore"
    create_database(restore_url, fresh=True)
    target = DatabaseTarget.from_settings(connections["default"].settings_dict)
    target = target.with_name(restore_url.rsplit("/", 1)[1])
    started = time.perf_counter()
    restored = backup_restore(archive, target, media_root=media, key=BENCH_KEY)
    seconds = time.perf_counter() - started
    drop_database(restore_url)
    return seconds, restored.rows


def main() -> None:
    args = parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="lapak-bench-backup-"))
    os.environ["MEDIA_ROOT"] = str(scratch / "media")  # not the app's var/media
    create_database(args.database_url, fresh=True)
    setup_django(args.database_url)
    try:
        measure_cipher(args.seal_mb)
        prepare(args.size, scratch / "media")
        report("businesses", args.size, "rows")
        report("uploaded_files", args.size // BUSINESSES_PER_SCAN, "files")
        plain_seconds = timed_backup(scratch / "plain.tar", scratch / "media", "")
        report("backup_plain_seconds", plain_seconds, "s")
        sealed = scratch / "sealed.tar.enc"
        sealed_seconds = timed_backup(sealed, scratch / "media", BENCH_KEY)
        report("backup_encrypted_seconds", sealed_seconds, "s")
        report("archive_size", sealed.stat().st_size / MIB, "MiB")
        report("encryption_overhead_seconds", sealed_seconds - plain_seconds, "s")
        restore_seconds, rows = timed_restore(sealed, args.database_url, scratch / "restored-media")
        report("restore_encrypted_seconds", restore_seconds, "s")
        report("restore_rows_checked", rows, "rows")
        report("backup_and_restore_encrypted_seconds", sealed_seconds + restore_seconds, "s")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        from django.db import connections

        connections.close_all()
        drop_database(args.database_url)  # nothing to reuse: every run builds its data again


if __name__ == "__main__":
    main()
