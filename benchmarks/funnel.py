"""Funnel counts for the whole province with many businesses and their events, in PostgreSQL.

    python benchmarks/funnel.py                 # 1,000,000 businesses
    python benchmarks/funnel.py --size 100000

Builds its own database (``lapak_funnel_bench`` on the local server, or ``--database-url``; kept between
runs of the same size, ``--rebuild`` starts over): the regions, the demo users, ``--size`` generated
businesses with their legality documents (``registry.demo``, COPY), then their events streamed in with
COPY: verified documents (some expired), products with a kurasi round and status, listings on the
storefront and marketplaces (some delisted) and online and offline sales orders, shaped like a funnel.
Times the full ``funnel_refresh`` and then, as the admin (province scope, through ``scope_q``), the
funnel counts (``funnel_summary`` without medians: counts per stage, conversion, facts), the summary
with median days, the per-kab/kota table, the stuck list and a province target's progress. Prints
``name: value unit`` lines; the target is ``funnel_counts_median`` under 2,000 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lapak_funnel_bench"

# Shares of all businesses (roughly a province two years into a go-digital programme).
LEGAL, CURATED, LISTED, SELLING, REGULAR, GALERI = 0.40, 0.12, 0.07, 0.045, 0.02, 0.006


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="businesses")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each read")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true")
    return parser.parse_args()


class Copier:
    """COPY rows of a model's table: every concrete column, defaults for what a row does not give."""

    def __init__(self, model: Any, *, with_id: bool = False) -> None:
        fields = [
            f for f in model._meta.concrete_fields if with_id or not f.primary_key or not f.auto_created
        ]
        self.table = model._meta.db_table
        self.fields = fields

    def load(self, rows: Iterator[dict[str, Any]]) -> int:
        import json

        from django.db import connection

        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        json_fields = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = []
                for field in self.fields:
                    value = row[field.attname] if field.attname in row else field.get_default()
                    values.append(json.dumps(value) if field.attname in json_fields else value)
                copy.write_row(values)
                count += 1
        return count


def prepare(size: int, rebuild: bool) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from lapak.accounts.demo import demo_users_create
    from lapak.channels.models import SalesOrder
    from lapak.regions.models import Region
    from lapak.regions.services import indicators_seed, regions_load
    from lapak.registry.demo import businesses_insert
    from lapak.registry.models import Business

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code="35").exists():
        regions_load(province_codes=["35"])
        indicators_seed()
    demo_users_create()
    figures: dict[str, float] = {}
    if Business.objects.count() == size and SalesOrder.objects.exists() and not rebuild:
        return figures
    print(f"# loading {size:,} businesses and their events", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute(
            "truncate registry_business, registry_legalitydocument, catalog_product, channels_salesorder, "
            "funnel_businessfunnel cascade"
        )
    started = time.perf_counter()
    businesses_insert(size=size)
    figures["load_businesses_s"] = time.perf_counter() - started
    started = time.perf_counter()
    figures |= load_events()
    figures["load_events_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze")  # as autovacuum keeps a production database
    return figures


def load_events(seed: int = 2026) -> dict[str, float]:
    """Documents, products, kurasi, listings and orders for a funnel-shaped share of the businesses."""
    from django.db import connection, transaction

    from lapak.catalog.models import Product
    from lapak.channels.models import Channel, Listing, SalesOrder
    from lapak.curation.models import CurationRound, CurationStatus, RubricVersion
    from lapak.registry.models import Business, LegalityDocument

    rng = random.Random(seed)
    ids = list(Business.objects.order_by("pk").values_list("pk", flat=True))
    food = set(Business.objects.filter(sector="pangan").values_list("pk", flat=True))
    channels = dict(Channel.objects.values_list("code", "pk"))
    version = RubricVersion.objects.filter(rubric__code="umum").values_list("pk", flat=True).first()
    now = datetime.now().astimezone()
    plan = [(pk, rng.random()) for pk in ids]
    counts: dict[str, float] = {}
    with transaction.atomic():
        counts["documents"] = Copier(LegalityDocument).load(_documents(plan, food, now, rng))
        with connection.cursor() as cursor:
            cursor.execute("select coalesce(max(id), 0) from catalog_product")
            first_product = cursor.fetchone()[0] + 1
        products = [
            (first_product + n, pk, roll) for n, (pk, roll) in enumerate(p for p in plan if p[1] < CURATED)
        ]
        counts["products"] = Copier(Product, with_id=True).load(_products(products, now))
        counts["curation"] = Copier(CurationRound, with_id=True).load(_rounds(products, version, now, rng))
        Copier(CurationStatus, with_id=True).load(_statuses(products))
        counts["listings"] = Copier(Listing).load(_listings(products, channels, now, rng))
        counts["orders"] = Copier(SalesOrder).load(_orders(plan, channels, now, rng))
        with connection.cursor() as cursor:
            for table in ("catalog_product", "curation_curationround"):
                cursor.execute(
                    f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))"
                )
    return counts


def _ago(now: datetime, rng: random.Random, low: int, high: int) -> datetime:
    return now - timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 1440))


def _documents(
    plan: list[tuple[int, float]], food: set[int], now: datetime, rng: random.Random
) -> Iterator[dict]:
    """A verified NIB for the legal share (one in twenty expired); P-IRT and halal for food among them."""
    for pk, roll in plan:
        if roll >= LEGAL:
            continue
        verified = _ago(now, rng, 200, 700)
        expired = rng.random() < 0.05
        kinds = ["nib", "pirt", "halal"] if pk in food else ["nib"]
        for kind in kinds:
            yield {
                "business_id": pk, "kind": kind, "number": f"B{pk}{kind}", "status": "terverifikasi",
                "verified_at": verified, "expires_on": (now - timedelta(days=3)).date() if expired else None,
                "created_at": verified, "updated_at": verified,
            }  # fmt: skip


def _products(products: list[tuple[int, int, float]], now: datetime) -> Iterator[dict]:
    for product_id, pk, _roll in products:
        yield {"id": product_id, "business_id": pk, "name": f"Produk {pk}", "category": "kriya.anyaman",
               "created_at": now, "updated_at": now}  # fmt: skip


def _rounds(products: list, version: int, now: datetime, rng: random.Random) -> Iterator[dict]:
    for product_id, _pk, roll in products:
        decided = _ago(now, rng, 100, 500)
        yield {"id": product_id, "product_id": product_id, "number": 1, "rubric_version_id": version,
               "status": "selesai", "decision": 0 if roll > 0.115 else 2, "total_score": 70,
               "opened_at": decided, "completed_at": decided}  # fmt: skip


def _statuses(products: list) -> Iterator[dict]:
    for product_id, _pk, roll in products:
        yield {"product_id": product_id, "round_id": product_id, "decision": 0 if roll > 0.115 else 2,
               "score": 70, "decided_at": datetime(2025, 6, 1).astimezone()}  # fmt: skip


def _listings(products: list, channels: dict[str, int], now: datetime, rng: random.Random) -> Iterator[dict]:
    for product_id, _pk, roll in products:
        when = _ago(now, rng, 30, 400)
        base = {"product_id": product_id, "last_synced_at": when, "created_at": when, "updated_at": when}
        yield base | {"channel_id": channels["lapak"], "state": "live", "idempotency_key": uuid.uuid4()}
        if roll < LISTED:
            state = "delisted" if rng.random() < 0.05 else "live"
            for code in ("shopee", "tiktok")[: rng.randint(1, 2)]:
                yield base | {"channel_id": channels[code], "state": state, "idempotency_key": uuid.uuid4()}


def _orders(plan: list, channels: dict[str, int], now: datetime, rng: random.Random) -> Iterator[dict]:
    """Regular sellers: orders every recent month; occasional sellers: a few scattered; Galeri sales."""
    for pk, roll in plan:
        if roll < REGULAR:
            times = [
                now - timedelta(days=30 * m + rng.randint(0, 25))
                for m in range(6)
                for _ in range(rng.randint(1, 4))
            ]
        elif roll < SELLING:
            times = [_ago(now, rng, 130, 500) for _ in range(rng.randint(1, 6))]
        else:
            times = []
        for when in times:
            yield _order(pk, channels["shopee"], "channel", True, when)
        if LISTED <= roll < LISTED + GALERI:
            yield _order(pk, None, "galeri", False, _ago(now, rng, 0, 300))


def _order(business: int, channel: int | None, source: str, online: bool, when: datetime) -> dict:
    return {"business_id": business, "channel_id": channel, "source": source, "is_online": online,
            "external_id": "", "ordered_at": when, "total_amount": 75_000, "created_at": when}  # fmt: skip


def timed(repeat: int, read: Callable[[], Any]) -> list[float]:
    read()  # warm the cache and the connection
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    args = parse_args()
    create_database(args.database_url, fresh=False)
    setup_django(args.database_url)
    from django.db import connection
    from django.db.models import Count

    from lapak.accounts.models import User
    from lapak.funnel import selectors
    from lapak.funnel.models import BusinessFunnel, Indicator, Target
    from lapak.funnel.progress import target_progress
    from lapak.funnel.services import funnel_refresh

    figures = prepare(args.size, args.rebuild)
    started = time.perf_counter()
    written = funnel_refresh()
    figures["funnel_refresh_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze funnel_businessfunnel")
    admin = User.objects.get(username="admin")
    rows = selectors.funnel_visible_to(user=admin)
    target, _ = Target.objects.get_or_create(
        programme="Bench", indicator=Indicator.MARKETPLACE, region_id="35", value=27_000,
        period_start=datetime(2026, 1, 1).date(), period_end=datetime(2026, 12, 31).date(),
    )  # fmt: skip
    reads: dict[str, Callable[[], Any]] = {
        "funnel_counts": lambda: selectors.funnel_summary(rows, medians=False),
        "funnel_summary_with_medians": lambda: selectors.funnel_summary(rows),
        "counts_by_kabkota": lambda: selectors.counts_by_kabkota(rows),
        "stuck_list": lambda: selectors.stuck_businesses(rows),
        "target_progress": lambda: target_progress(target),
    }
    print(f"businesses: {args.size} rows")
    print(f"funnel_rows_written: {written} rows")
    for name, value in figures.items():
        print(f"{name}: {value:.1f} s" if name.endswith("_s") else f"{name}: {value:.0f} rows")
    stages = dict(BusinessFunnel.objects.values_list("current_stage").annotate(n=Count("pk")))
    for stage, count in sorted(stages.items()):
        print(f"stage_{stage}: {count} rows")
    for name, read in reads.items():
        samples = timed(args.repeat, read)
        print(f"{name}_median: {statistics.median(samples):.0f} ms")
        print(f"{name}_max: {max(samples):.0f} ms")


if __name__ == "__main__":
    main()
