"""Throughput of ``field_key_rotate``: every business's NIK re-encrypted and re-hashed under a new key.

    python benchmarks/key_rotation.py                # 100,000 businesses
    python benchmarks/key_rotation.py --size 1000000

Builds its own database (``lapak_bench_keyrotation`` on the local server, or ``--database-url``) with
``--size`` generated businesses under one of two benchmark keys (kept between runs of the same size;
``--rebuild`` starts over), then rotates them to the other key, so every run rewrites every NIK. Prints the
rows per second of the rotation, its time and the time of the check that follows it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import businesses_ready, create_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lapak_bench_keyrotation"
KEYS = ("benchmark-field-key-a", "benchmark-field-key-b")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--batch-rows", type=int, default=5_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


def prepare(size: int, rebuild: bool) -> None:
    from django.conf import settings

    def first_key() -> None:
        settings.LAPAK_FIELD_KEY = KEYS[0]

    businesses_ready(size, rebuild=rebuild, before_load=first_key)


def key_in_use() -> str:
    """The benchmark key the stored NIKs are under now (runs alternate between the two)."""
    from django.conf import settings

    from lapak.core.crypto import decrypt_text
    from lapak.registry.models import Business

    token = Business.objects.exclude(owner_nik_encrypted="").values_list("owner_nik_encrypted", flat=True)[0]
    for key in KEYS:
        settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = key, ""
        try:
            decrypt_text(token)
            return key
        except ValueError:
            continue
    raise SystemExit("the stored NIKs are under neither benchmark key: run with --rebuild")


def main() -> None:
    args = parse_args()
    create_database(args.database_url, fresh=args.rebuild)
    setup_django(args.database_url)
    prepare(args.size, args.rebuild)

    from django.conf import settings

    from lapak.core.key_rotation import field_key_check, field_key_rotate

    old = key_in_use()
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = KEYS[1 - KEYS.index(old)], old
    started = time.perf_counter()
    report = field_key_rotate(batch_rows=args.batch_rows)
    rotated = time.perf_counter() - started
    started = time.perf_counter()
    check = field_key_check(batch_rows=args.batch_rows)
    checked = time.perf_counter() - started
    assert check.complete and report.unreadable == 0, (report, check)
    print(f"rows_rotated: {report.due} rows")
    print(f"rotate_rows_per_s: {report.due / rotated:.0f} rows/s")
    print(f"rotate_total_s: {rotated:.1f} s")
    print(f"check_total_s: {checked:.1f} s")


if __name__ == "__main__":
    main()
