"""Channel files at province scale: bulk-upload sheets out, sales lines into the ledger, on PostgreSQL.

    python benchmarks/feed.py                            # 400,000 listings; 1,000,000 ledger lines
    python benchmarks/feed.py --size 40000 --lines 100000 --import-lines 20000

Builds its own database (``lapak_feed_bench`` on the local server, or ``--database-url``) with
businesses, products (1 to 3 SKUs, 0 to 4 photos, some titles too long for Shopee) and one Shopee
listing per product, then times, each in a fresh child process so its peak memory is its own:

- ``feed``: Shopee bulk-upload XLSX files for every listing (``bulk_export``: ``--per-file`` listings
  per file, written by ``--workers`` processes);
- ``ledger``: a ledger CSV of order lines over many businesses and three channels through
  ``ledger_bulk_ingest`` (the file COPY-ed as it is, then one merge statement), the same file again
  (adds nothing), and its lines as new orders through the iterator path (Python rows, COPY);
- ``import``: one seller's report of ``--import-lines`` lines through ``sales_file_import`` (the
  project's reader, row checks, the same bulk path).

Prints ``name: value unit`` lines; memory is each child's peak RSS. CPU seconds (this process's, and
the PostgreSQL backend's for the ledger load) are printed next to wall-clock times, because on a shared
machine the wall clock also counts time spent waiting for other people's work.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

DEFAULT_URL = f"postgres://{getpass.getuser()}@/lapak_feed_bench"
CATEGORIES = ["pangan.keripik", "pangan.kue", "pangan.sambal", "pangan.manisan", "pangan.olahan-laut"]
WORDS = ["Keripik", "Tempe", "Singkong", "Pedas", "Manis", "Renyah", "Original", "Balado", "Bawang",
         "Madu", "Kopi", "Bubuk", "Arabika", "Ijen", "Sambal", "Bu", "Sri", "Trenggalek", "Malang",
         "Kediri"]  # fmt: skip
CITIES = [("Surabaya", "Jawa Timur"), ("Jakarta Selatan", "DKI Jakarta"), ("Bandung", "Jawa Barat"),
          ("Medan", "Sumatera Utara"), ("Makassar", "Sulawesi Selatan"), ("Denpasar", "Bali")]  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=400_000, help="listings (one product each)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="order lines for the ledger load")
    parser.add_argument("--import-lines", type=int, default=200_000, help="lines of the seller report")
    parser.add_argument("--workers", type=int, default=2, help="processes writing bulk files")
    parser.add_argument("--per-file", type=int, default=50_000, help="listings per bulk file")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--step", choices=["feed", "ledger", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def copy_rows(model: Any, columns: list[str], rows: Iterable[tuple]) -> None:
    """COPY rows (tuples in ``columns`` order) into the model's table."""
    from django.db import connection

    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def pick_category(rng: random.Random) -> str:
    """A category code; 5% of products are in the one category left unmapped on Shopee (flagged rows)."""
    return CATEGORIES[-1] if rng.random() < 0.05 else rng.choice(CATEGORIES[:-1])


def build_catalogue(size: int, rng: random.Random) -> None:
    """Businesses, products, SKUs, photos and one Shopee listing per product."""
    from django.db import connection
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from lapak.catalog.models import Product, ProductPhoto, Sku
    from lapak.channels.models import CategoryMapping, Channel, Listing
    from lapak.regions.models import Region
    from lapak.registry.models import Business

    now = timezone.now()
    desas = list(Region.objects.filter(code__startswith="35.", level=4).values_list("code", flat=True))
    businesses = [
        Business(name=f"UMKM {n}", owner_name=f"Pemilik {n}", owner_sex=rng.choice("LP"), province_id="35",
                 kabkota_id=desa[:5], kecamatan_id=desa[:8], desa_id=desa, sector="pangan")
        for n, desa in enumerate(rng.choices(desas, k=max(size // 20, 1)))
    ]  # fmt: skip
    Business.objects.bulk_create(businesses, batch_size=5000)
    business_ids = list(Business.objects.values_list("pk", flat=True))

    def products() -> Iterator[tuple]:
        for n in range(size):
            words = rng.choices(WORDS, k=rng.randint(3, 8))
            title = " ".join(words) + f" {n}"
            if rng.random() < 0.05:
                title = (title + " Oleh-oleh Khas Jawa Timur Asli ") * 4  # too long for Shopee
            description = " ".join(rng.choices(WORDS, k=rng.randint(40, 120))) + "."
            yield (rng.choice(business_ids), title[:255], description, pick_category(rng), Jsonb({}),
                   "Bu Sri", "", "2020", "", "pcs", False, "", True, now, now)  # fmt: skip

    copy_rows(Product, ["business_id", "name", "description", "category", "attributes", "brand", "kbli_code",
                        "kbli_version", "storage", "capacity_unit", "is_exported", "hs_code", "is_active",
                        "created_at", "updated_at"], products())  # fmt: skip
    product_ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    sku_rows = (
        (pid, f"SKU-{pid}-{k}", f"{k * 250} g", rng.randint(5, 200) * 1000, rng.randint(0, 500),
         k * 260 if rng.random() > 0.02 else None, 20, 15, 5, True, k, now, now)
        for pid in product_ids for k in range(1, rng.choice((1, 1, 2, 2, 3)) + 1)
    )  # fmt: skip
    copy_rows(Sku, ["product_id", "code", "variant", "price", "stock", "weight_grams", "length_cm",
                    "width_cm", "height_cm", "is_active", "position", "created_at", "updated_at"],
              sku_rows)  # fmt: skip
    photo_rows = (
        (pid, f"produk/{pid}/{uuid.uuid4().hex}.jpg", f"produk/{pid}/{uuid.uuid4().hex}.jpg", 800, 800, 1600,
         1600, k, now)
        for pid in product_ids for k in range(0 if rng.random() < 0.05 else rng.randint(1, 5))
    )  # fmt: skip
    copy_rows(ProductPhoto, ["product_id", "image", "thumbnail", "width", "height", "original_width",
                             "original_height", "position", "created_at"], photo_rows)  # fmt: skip
    shopee = Channel.objects.get(code="shopee")
    for number, category in enumerate(CATEGORIES[:-1]):  # the last category stays unmapped: flagged rows
        CategoryMapping.objects.create(
            channel=shopee, category=category, external_category_id=f"1001{number}"
        )
    listing_rows = (
        (pid, shopee.pk, "ready", "", "", Jsonb({}), uuid.uuid4(), "", "", False, now, now)
        for pid in product_ids
    )
    copy_rows(Listing, ["product_id", "channel_id", "state", "external_id", "external_url", "sku_ids",
                        "idempotency_key", "error_code", "error_text", "needs_migration", "created_at",
                        "updated_at"], listing_rows)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def write_ledger_csv(path: Path, lines: int, rng: random.Random) -> None:
    """Order lines of many businesses on three channels, 1 to 4 lines per order (one business each)."""
    from collections import defaultdict

    from lapak.catalog.models import Sku
    from lapak.channels.models import Channel

    by_business: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for business, sku_id, code, price in Sku.objects.values_list(
        "product__business_id", "pk", "code", "price"
    ):
        by_business[business].append((sku_id, code, price))
    businesses = list(by_business)
    channels = list(
        Channel.objects.filter(code__in=["shopee", "tiktok", "lazada"]).values_list("pk", flat=True)
    )
    start = datetime(2025, 1, 1, tzinfo=UTC)
    written = order = 0
    from lapak.channels.files import LedgerLine

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LedgerLine._fields)
        while written < lines:
            order += 1
            business = rng.choice(businesses)
            channel = rng.choice(channels)
            at = (start + timedelta(minutes=order)).isoformat()
            city, province = rng.choice(CITIES)
            for _line in range(min(rng.randint(1, 4), lines - written)):
                sku_id, code, price = rng.choice(by_business[business])
                count = rng.randint(1, 3)
                row = [business, channel, "channel", "true", f"ORD{order:09d}", at, code, count, price,
                       count * price, sku_id, "COMPLETED", city, province, "ID", 0]  # fmt: skip
                writer.writerow(row)
                written += 1


def renumbered(path: Path) -> Iterator[Any]:
    """The file's lines as new orders ("I" before each number), read in Python: the iterator path."""
    from lapak.channels.files.ledger_bulk import ledger_csv_lines

    for line in ledger_csv_lines(path):
        yield line._replace(external_id="I" + line.external_id)


def write_seller_report(path: Path, lines: int, rng: random.Random) -> int:
    """One business's generic seller report (CSV, Indonesian titles, semicolons); returns the business id."""
    from django.db.models import Count

    from lapak.catalog.models import Sku
    from lapak.registry.models import Business

    business = Business.objects.annotate(n=Count("products__skus")).order_by("-n").first()
    assert business is not None
    codes = list(Sku.objects.filter(product__business=business).values_list("code", "price"))
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write("Laporan Penjualan Toko\n\n")
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["No. Pesanan", "Waktu Pesanan Dibuat", "Status", "Nama Produk", "SKU Penjual",
                         "Jumlah", "Harga Satuan (Rp)", "Kota Pembeli", "Provinsi Pembeli"])  # fmt: skip
        start = datetime(2025, 3, 1)
        for number in range(lines):
            code, price = rng.choice(codes)
            city, province = rng.choice(CITIES)
            when = (start + timedelta(minutes=number // 2)).strftime("%d/%m/%Y %H:%M")
            writer.writerow([f"INV/{number // 2:08d}", when, "Selesai", "Keripik Tempe", code,
                             rng.randint(1, 5), f"{price:,}".replace(",", "."), city, province])  # fmt: skip
    return business.pk


def peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_cpu_s() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_s() -> float:
    """CPU seconds of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def workers_peak_mb() -> float:
    """The largest peak RSS among this process's finished children (the export's worker processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step_feed(args: argparse.Namespace) -> None:
    from lapak.channels.files import bulk_export
    from lapak.channels.models import Channel

    shopee = Channel.objects.get(code="shopee")
    baseline = peak_mb()
    started, cpu = time.perf_counter(), cpu_s()
    export = bulk_export(
        channel=shopee,
        directory=args.work,
        site_url="https://lapak.jatimprov.go.id",
        listings_per_file=args.per_file,
        workers=args.workers,
    )
    seconds = time.perf_counter() - started
    print(f"feed_listings: {export.listings} listings")
    print(f"feed_rows: {export.rows} rows")
    print(f"feed_flagged_listings: {export.flagged} listings")
    print(f"feed_files: {len(export.paths)} files")
    print(f"feed_bytes: {sum(p.stat().st_size for p in export.paths) / 1e6:.0f} MB")
    print(f"feed_seconds: {seconds:.1f} s")
    print(f"feed_client_cpu_seconds: {cpu_s() - cpu:.1f} s")
    print(f"feed_listings_per_s: {export.listings / seconds:.0f} listings/s")
    print(f"feed_workers: {args.workers} processes")
    print(f"feed_baseline_rss: {baseline:.0f} MB")
    print(f"feed_peak_rss: {peak_mb():.0f} MB")
    print(f"feed_worker_peak_rss: {workers_peak_mb():.0f} MB")


def step_ledger(args: argparse.Namespace) -> None:
    from lapak.channels.files import ledger_bulk_ingest

    path = args.work / "ledger.csv"
    started, cpu, backend = time.perf_counter(), cpu_s(), backend_cpu_s()
    result = ledger_bulk_ingest(path)
    seconds = time.perf_counter() - started
    cpu, backend = cpu_s() - cpu, backend_cpu_s() - backend
    started = time.perf_counter()
    again = ledger_bulk_ingest(path)
    again_seconds = time.perf_counter() - started
    started = time.perf_counter()
    python = ledger_bulk_ingest(renumbered(path))
    python_seconds = time.perf_counter() - started
    print(f"ledger_lines: {result.lines} lines")
    print(f"ledger_orders_added: {result.orders_added} orders")
    print(f"ledger_lines_added: {result.lines_added} lines")
    print(f"ledger_seconds: {seconds:.1f} s")
    print(f"ledger_lines_per_s: {result.lines / seconds:.0f} lines/s")
    print(f"ledger_client_cpu_seconds: {cpu:.1f} s")
    print(f"ledger_postgres_cpu_seconds: {backend:.1f} s")
    print(f"ledger_reload_added: {again.orders_added + again.lines_added} rows")
    print(f"ledger_reload_seconds: {again_seconds:.1f} s")
    print(f"ledger_iterator_lines_added: {python.lines_added} lines")
    print(f"ledger_iterator_seconds: {python_seconds:.1f} s")
    print(f"ledger_iterator_lines_per_s: {python.lines / python_seconds:.0f} lines/s")
    print(f"ledger_peak_rss: {peak_mb():.0f} MB")


def step_import(args: argparse.Namespace) -> None:
    from lapak.channels.files import sales_file_import
    from lapak.channels.models import Channel
    from lapak.registry.models import Business

    business = Business.objects.get(pk=int((args.work / "report.business").read_text()))
    started = time.perf_counter()
    report = sales_file_import(
        actor=None,
        business=business,
        channel=Channel.objects.get(code="tiktok"),
        path=args.work / "report.csv",
    )
    seconds = time.perf_counter() - started
    assert report.ok, [str(error) for error in report.errors[:5]]
    print(f"import_rows: {report.rows} rows")
    print(f"import_orders_added: {report.orders_added} orders")
    print(f"import_seconds: {seconds:.1f} s")
    print(f"import_lines_per_s: {report.rows / seconds:.0f} lines/s")
    print(f"import_peak_rss: {peak_mb():.0f} MB")


def run_step(step: str, args: argparse.Namespace, work: Path) -> None:
    options = ["--work", str(work), "--database-url", args.database_url, "--workers", str(args.workers),
               "--per-file", str(args.per_file)]  # fmt: skip
    subprocess.run([sys.executable, __file__, "--step", step, *options], check=True)


def main() -> None:
    args = parse_args()
    if args.step:
        setup_django(args.database_url)
        {"feed": step_feed, "ledger": step_ledger, "import": step_import}[args.step](args)
        return
    create_database(args.database_url, fresh=True)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from lapak.regions.services import regions_load

    call_command("migrate", "--noinput", verbosity=0)
    regions_load(province_codes=["35"])
    rng = random.Random(2026)
    started = time.perf_counter()
    build_catalogue(args.size, rng)
    work = Path(tempfile.mkdtemp(prefix="lapak-feed-bench-"))
    write_ledger_csv(work / "ledger.csv", args.lines, rng)
    business_id = write_seller_report(work / "report.csv", args.import_lines, rng)
    (work / "report.business").write_text(str(business_id))
    connection.close()
    print(f"# data built in {time.perf_counter() - started:.0f} s; files in {work}", file=sys.stderr)
    sys.stdout.flush()
    for step in ("feed", "ledger", "import"):
        run_step(step, args, work)


if __name__ == "__main__":
    main()
