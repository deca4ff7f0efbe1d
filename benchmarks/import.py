"""End-to-end import speed: a large messy CSV and a large XLSX, into PostgreSQL.

    python benchmarks/import.py                  # 1,000,000-row CSV and 200,000-row XLSX
    python benchmarks/import.py --size 100000 --xlsx-size 20000

Builds its own database (``lapak_import_bench`` on the local server, or ``--database-url``) and its own
files (agency-style header with a title row, a "No." column, region names instead of codes, phone numbers
without their leading 0, some NIKs in scientific notation, a few bad rows). Times the same steps as the
web page: upload (hash and keep), staging (read, map, clean, validate into Parquet) and commit (one
transaction into ``ingest_sourcerecord``). For comparison it also times a plain PostgreSQL ``COPY`` of the
same CSV into a text table. Prints ``name: value unit`` lines; peak memory is the process's max RSS.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lapak_import_bench"

HEADER = ["No", "Nama Usaha", "Nama Pemilik", "L/P", "NIK", "NIB", "No HP/WA", "Alamat", "Desa/Kel", "Kecamatan",
          "Kabupaten/Kota", "Jenis Usaha", "Omzet per Tahun", "Tahun Berdiri"]  # fmt: skip
PRODUCTS = ["Keripik Tempe", "Kripik Singkong", "Batik Tulis", "Tas Anyaman", "Sambal Bawang", "Kopi Bubuk",
            "Jamu Gendong", "Kerupuk Ikan", "Bordir", "Gerabah", "Tenun Ikat", "Madu Hutan", "Dodol Apel"]  # fmt: skip
NAMES = ["Sri", "Siti", "Wahyuni", "Budi", "Slamet", "Rini", "Yuli", "Agus", "Dewi", "Lestari", "Nur", "Eko",
         "Tri", "Endang", "Sugeng", "Ani", "Rohmah", "Fitri", "Joko", "Suparmi"]  # fmt: skip
SECTORS = ["Kuliner", "makanan olahan", "Fashion", "batik", "Kerajinan", "Jasa", "Perdagangan", "Pertanian"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="CSV rows")
    parser.add_argument("--xlsx-size", type=int, default=200_000, help="XLSX rows")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return parser.parse_args()


# Bulk-load settings any PostgreSQL that takes province-scale imports should have (README): with the
# default max_wal_size of 1 GB a million-row import forces checkpoints mid-COPY, and every page touched
# after one is written to the WAL in full (about 3x slower here).
BULK_SETTINGS = {"max_wal_size": "8GB", "checkpoint_timeout": "30min"}


def bulk_load_settings(url: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        for setting, value in BULK_SETTINGS.items():
            connection.execute(f"alter system set {setting} = '{value}'")
        connection.execute("select pg_reload_conf()")
    print("# postgres: " + ", ".join(f"{k}={v}" for k, v in BULK_SETTINGS.items()), file=sys.stderr)


def places() -> list[tuple[str, str, str]]:
    """(desa, kecamatan, kab/kota) names as agencies write them, from the regions table."""
    from lapak.regions.models import Region

    names = dict(Region.objects.filter(code__startswith="35", level__lte=3).values_list("code", "name"))
    out = []
    for code, name in Region.objects.filter(code__startswith="35.", level=4).values_list("code", "name"):
        kab = names[code[:5]]
        kab = random.choice(
            [kab, kab.upper(), kab.replace("Kabupaten", "Kab."), kab.replace("Kabupaten ", "")]
        )
        out.append((name, names[code[:8]], kab))
    return out


def agency_rows(size: int, seed: int = 7) -> list[list[str]]:
    """Rows as a Dinas list has them: messy, mostly good, about 2% with a fatal problem."""
    rng = random.Random(seed)
    where = places()
    rows = []
    for number in range(1, size + 1):
        desa, kecamatan, kab = rng.choice(where)
        owner = f"{rng.choice(NAMES)} {rng.choice(NAMES)}"
        sex = rng.choice("LP")
        day = rng.randint(1, 28) + (40 if sex == "P" else 0)
        nik = f"35{rng.randint(1, 29):02d}{rng.randint(1, 30):02d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}{rng.randint(1, 9999):04d}"
        nik = f"{int(nik) / 1e15:.5f}E+15" if rng.random() < 0.03 else nik
        phone = f"8{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
        phone = rng.choice([phone, "0" + phone, "+62 " + phone, f"0{phone[:3]}-{phone[3:7]}-{phone[7:]}"])
        name = f"{rng.choice(PRODUCTS)} {rng.choice(['Bu', 'Pak', 'Mbak', ''])} {owner.split()[0]} {number}".replace(
            "  ", " "
        )
        if rng.random() < 0.02:
            kab = "Kab. Antah Berantah"
        rows.append([str(number), name, owner, sex, nik, f"{rng.randint(10**12, 10**13 - 1)}", phone,
                     f"Jl. Raya No. {rng.randint(1, 200)} RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 9):02d}",
                     desa, kecamatan, kab, rng.choice(SECTORS), f"Rp {rng.randint(5, 500) * 1_000_000:,}".replace(",", "."),
                     str(rng.randint(1990, 2025))])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("DAFTAR UMKM BINAAN DINAS KOPERASI DAN UKM\nKeadaan 30 November 2026\n\n")
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("UMKM")
    sheet.write_row(0, 0, ["DAFTAR UMKM BINAAN"])
    sheet.write_row(2, 0, HEADER)
    for index, row in enumerate(rows, start=3):
        # Numbers stored as numbers, as Excel users do: phone loses its 0, row number is an int.
        sheet.write_row(
            index, 0, [int(row[0]), *row[1:6], int(row[6]) if row[6].isdigit() else row[6], *row[7:]]
        )
    workbook.close()


def run_import(path: Path, user: object, source: object) -> dict[str, float]:
    from lapak.core.jobs import job_run_now
    from lapak.ingest import services

    timings: dict[str, float] = {}
    started = time.perf_counter()
    with path.open("rb") as handle:
        upload = _upload(path, handle)
        batch = services.batch_upload(actor=user, source=source, upload=upload)
    timings["upload"] = time.perf_counter() - started
    started = time.perf_counter()
    job = job_run_now(
        services.batch_map(actor=user, batch=batch, mapping=batch.column_mapping, save_profile=False)
    )
    assert job.status == "succeeded", job.message
    timings["stage"] = time.perf_counter() - started
    batch.refresh_from_db()
    started = time.perf_counter()
    job = job_run_now(services.batch_commit(actor=user, batch=batch))
    assert job.status == "succeeded", job.message
    timings["commit"] = time.perf_counter() - started
    batch.refresh_from_db()
    timings["rows"] = batch.rows_total
    timings["committed"] = batch.rows_committed
    timings["errors"] = batch.rows_error
    return timings


def _upload(path: Path, handle: object) -> object:
    from django.core.files.uploadedfile import UploadedFile

    return UploadedFile(handle, name=path.name, size=path.stat().st_size)


def plain_copy_seconds(path: Path) -> float:
    """A bare COPY of the same CSV into an all-text table: the floor an import cannot beat."""
    from django.db import connection

    columns = ", ".join(f"c{index} text" for index in range(len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute(f"create temporary table plain_copy ({columns})")
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.connection.cursor().copy(
                "copy plain_copy from stdin (format csv, delimiter ';', header false)"
            ) as copy,
        ):
            for _ in range(4):
                handle.readline()  # title, date, blank line, header
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("drop table plain_copy")
    return elapsed


def main() -> None:
    args = parse_args()
    bulk_load_settings(args.database_url)
    create_database(args.database_url, fresh=True)
    setup_django(args.database_url)
    from django.conf import settings
    from django.core.management import call_command

    from lapak.accounts.demo import demo_users_create
    from lapak.accounts.models import User
    from lapak.ingest.services import source_create
    from lapak.regions.services import regions_load

    settings.LAPAK_LINK_AFTER_IMPORT = False
    media = Path(tempfile.mkdtemp(prefix="lapak-import-bench-"))
    settings.MEDIA_ROOT = str(media)
    call_command("migrate", "--noinput", verbosity=0)
    regions_load(province_codes=["35"])
    demo_users_create()
    admin = User.objects.get(username="admin")
    work = Path(tempfile.mkdtemp(prefix="lapak-import-files-"))
    rows = agency_rows(args.size)
    csv_path = work / "umkm.csv"
    write_csv(csv_path, rows)
    print(f"# csv: {args.size:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
    result = run_import(
        csv_path, admin, source_create(actor=admin, code="bench-csv", name="CSV", kind="dinkop")
    )
    total = result["upload"] + result["stage"] + result["commit"]
    copy_seconds = plain_copy_seconds(csv_path)
    print(f"csv_rows: {result['rows']:.0f} rows")
    print(f"csv_rows_committed: {result['committed']:.0f} rows")
    print(f"csv_rows_rejected: {result['errors']:.0f} rows")
    print(f"csv_upload_s: {result['upload']:.2f} s")
    print(f"csv_stage_s: {result['stage']:.2f} s")
    print(f"csv_commit_s: {result['commit']:.2f} s")
    print(f"import_rows_per_s: {result['rows'] / total:.0f} rows/s")
    print(f"plain_copy_rows_per_s: {args.size / copy_seconds:.0f} rows/s")
    print(f"import_vs_plain_copy: {(result['rows'] / total) / (args.size / copy_seconds):.2f} ratio")
    del rows
    xlsx_rows = agency_rows(args.xlsx_size, seed=11)
    xlsx_path = work / "umkm.xlsx"
    write_xlsx(xlsx_path, xlsx_rows)
    result = run_import(
        xlsx_path, admin, source_create(actor=admin, code="bench-xlsx", name="XLSX", kind="dinkop")
    )
    print(f"xlsx_rows: {result['rows']:.0f} rows")
    print(f"xlsx_import_s: {result['upload'] + result['stage'] + result['commit']:.2f} s")
    print(f"peak_memory_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
