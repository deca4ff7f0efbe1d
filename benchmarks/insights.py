"""The province dashboard on a province-scale database: first render and rollup upkeep, in PostgreSQL.

    python benchmarks/insights.py                    # 10,000,000 businesses, 50,000,000 sales lines
    python benchmarks/insights.py --size 200000      # smaller: products and lines scale with --size
    python benchmarks/insights.py --size 200000 --reuse   # keep a database already built at that size

Builds its own database (``DATABASE_URL``, default ``postgres://$(id -un)@/lapak_bench_insights``; emptied
and built again unless ``--reuse`` finds one of the same size). Everything is generated inside the server
with ``INSERT … SELECT … FROM generate_series`` in chunks of a million rows: per business (``--size``)
one in ten has a product, two orders and five sales lines on average (1-4 lines an order), spread over
24 months, 70 % online on five channels, buyers in 38 provinces (skewed) and 2 % abroad; a third have a
funnel row, one in 200 was met in a mentoring visit, one in twenty products has a kurasi result.

Then, as the dashboard would run: the rollups are built (``rollups_rebuild``), the pimpinan's dashboard
is rendered through Django's test ``Client`` (the full HTTP page, cold: no Django cache exists), and
100,000 new sales lines (40,000 orders) are added and brought into the rollups with ``rollups_refresh``
(incremental). Prints ``name: value unit``; the targets are ``dashboard_first_render_p95`` under 1,000 ms
and a refresh after 100,000 lines in seconds, not minutes.
"""

from __future__ import annotations

import argparse
import getpass
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import create_database, setup_django  # noqa: E402

CHUNK = 1_000_000
ORDERS_PER_BUSINESS = 2  # 1-4 lines an order (2.5 on average): 5 lines per business
NEW_ORDERS = 40_000  # 100,000 lines
PROVINCES = (
    "Jawa Timur", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "Bali", "Banten", "Sumatera Utara",
    "Sulawesi Selatan", "Kalimantan Timur", "DI Yogyakarta", "Sumatera Selatan", "Riau", "Lampung",
    "Sumatera Barat", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Selatan", "Kalimantan Barat",
    "Sulawesi Utara", "Sulawesi Tengah", "Kepulauan Riau", "Jambi", "Aceh", "Papua", "Maluku", "Bengkulu",
    "Kalimantan Tengah", "Sulawesi Tenggara", "Gorontalo", "Kepulauan Bangka Belitung", "Maluku Utara",
    "Papua Barat", "Sulawesi Barat", "Kalimantan Utara", "Papua Tengah", "Papua Selatan", "Papua Pegunungan",
    "Papua Barat Daya",
)  # fmt: skip
ABROAD = ("MY", "SG", "SA", "HK", "TW")
SECTORS = ("fashion", "pangan", "kriya", "agro", "herbal", "dagang", "jasa", "lainnya")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10_000_000, help="businesses (products and lines scale)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database of the same size")
    parser.add_argument("--repeat", type=int, default=20, help="timed renders of the dashboard")
    default_url = f"postgres://{getpass.getuser()}@/lapak_bench_insights"
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", default_url))
    return parser.parse_args()


def report(name: str, value: float, unit: str) -> None:
    shown = f"{value:,.0f}" if unit in ("ms", "rows") or value >= 100 else f"{value:.2f}"
    print(f"{name}: {shown} {unit}", flush=True)


def timed(name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    report(name, time.perf_counter() - started, "s")
    return result


def sql(statement: str, params: list[Any] | None = None) -> None:
    """Run one statement; ``%%`` is a literal percent sign (params are always bound)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def scalar(statement: str, params: list[Any] | None = None) -> Any:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchone()[0]


def in_chunks(label: str, total: int, statement: str, start: int = 1) -> None:
    """Run ``statement`` (params: first id, last id) over ``start … start+total-1`` a chunk at a time."""
    begun = time.perf_counter()
    for low in range(start, start + total, CHUNK):
        high = min(low + CHUNK - 1, start + total - 1)
        sql(statement, [low, high])
        done = high - start + 1
        print(f"#   {label}: {done:,}/{total:,} ({time.perf_counter() - begun:.0f} s)", file=sys.stderr)


# --- Generation (server side) -----------------------------------------------------------------------


def _array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def prepare_reference() -> dict[str, int]:
    """Regions, poverty rates, channels (migrations seed them), a pimpinan, a team and its mentor."""
    from django.core.management import call_command

    from lapak.accounts.models import Role, User
    from lapak.mentoring.models import Team
    from lapak.regions.models import Region
    from lapak.regions.services import indicators_seed, regions_load

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code="35").exists():
        regions_load(province_codes=["35"])
        indicators_seed()
    User.objects.get_or_create(username="bench-pimpinan", defaults={"role": Role.PIMPINAN, "region_id": "35"})
    mentor, _ = User.objects.get_or_create(username="bench-mentor", defaults={"role": Role.PENDAMPING})
    team, _ = Team.objects.get_or_create(
        name="Tim Benchmark", defaults={"organisation": "Dinas", "region_id": "35"}
    )
    sql("DROP TABLE IF EXISTS bench_desa")
    sql(
        "CREATE UNLOGGED TABLE bench_desa AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS n, code, "
        "left(code, 8) AS kecamatan, left(code, 5) AS kabkota FROM regions_region "
        "WHERE level = 4 AND code LIKE '35.%%'"
    )
    sql("CREATE UNIQUE INDEX ON bench_desa (n)")
    return {"mentor": mentor.pk, "team": team.pk, "desa": scalar("SELECT count(*) FROM bench_desa")}


def generate(size: int, ref: dict[str, int]) -> None:
    from lapak.curation.models import RubricVersion

    desa = ref["desa"]
    in_chunks("businesses", size, f"""
        INSERT INTO registry_business (id, created_at, updated_at, name, brand, owner_name, owner_sex,
            owner_nik_encrypted, owner_nik_hash, owner_nik_masked, phone, email, address, province_id,
            kabkota_id, kecamatan_id, desa_id, sector, kbli_code, kbli_version, is_ikm, is_ukm, is_koperasi,
            is_kopwan_member, size_class, size_criterion, size_regulation, online_mode, shop_links,
            legality_status)
        SELECT i, now() - (i %% 1000) * interval '1 day', now() - (i %% 1000) * interval '1 day',
            'Usaha ' || i, '', 'Pemilik ' || i, CASE WHEN i %% 5 < 2 THEN 'P' ELSE 'L' END,
            '', '', '', '', '',
            '', '35', d.kabkota, d.kecamatan, d.code, ({_array(SECTORS)})[1 + (i * 7) %% 8], '', '2020',
            false, true, i %% 97 = 0, i %% 5 < 2 AND i %% 13 = 0,
            CASE WHEN i %% 100 < 90 THEN 'mikro' WHEN i %% 100 < 98 THEN 'kecil' ELSE 'menengah' END,
            'omzet', 'PP 7/2021',
            CASE WHEN i %% 8 = 0 THEN 'kreator' WHEN i %% 8 = 1 THEN 'reseller' ELSE 'belum' END, '[]',
            'tidak_ada'
        FROM generate_series(%s::bigint, %s::bigint) AS i
        JOIN bench_desa d ON d.n = (i * 2654435761) %% {desa}
    """)  # fmt: skip
    in_chunks("funnel rows", size, """
        INSERT INTO funnel_businessfunnel (business_id, current_stage, stage_since, reached_registered_at,
            reached_listed_at, refreshed_at)
        SELECT i, 1 + (i / 3) %% 6, now() - (i %% 400) * interval '1 day', now() - interval '3 years',
            CASE WHEN 1 + (i / 3) %% 6 >= 4 THEN now() - (i %% 400) * interval '1 day' END, now()
        FROM generate_series(%s::bigint, %s::bigint) AS i WHERE i %% 3 = 0
    """)  # fmt: skip
    products = max(size // 10, 1)
    in_chunks("products", products, f"""
        INSERT INTO catalog_product (created_at, updated_at, business_id, name, description, category,
            attributes, brand, kbli_code, kbli_version, storage, capacity_unit, is_exported, hs_code,
            is_active, local_share)
        SELECT now(), now(), 1 + (p * 9973) %% {size}, 'Produk ' || p, '', 'pangan.keripik', '{{}}', '', '',
            '2020', '', 'pcs', p %% 50 = 0, '', true, CASE WHEN p %% 3 = 0 THEN NULL ELSE p %% 100 END
        FROM generate_series(%s::bigint, %s::bigint) AS p
    """)  # fmt: skip
    version = RubricVersion.objects.filter(rubric__code="umum").values_list("pk", flat=True).first()
    sql(f"""
        INSERT INTO curation_curationround (product_id, number, rubric_version_id, status, decision,
            total_score, opened_at, completed_at)
        SELECT id, 1, {version}, 'selesai', id %% 4, 50 + id %% 50, now(), now()
        FROM catalog_product WHERE id %% 20 = 0
    """)  # fmt: skip
    sql("""
        INSERT INTO curation_curationstatus (product_id, round_id, decision, score, decided_at)
        SELECT product_id, id, decision, total_score, completed_at FROM curation_curationround
    """)
    visits = max(size // 600, 1)
    sql(f"""
        INSERT INTO mentoring_visit (created_at, updated_at, client_uuid, team_id, mentor_id, status,
            visit_date,
            place_id, topics, outcome, next_step, photo)
        SELECT now(), now(), gen_random_uuid(), {ref["team"]}, {ref["mentor"]}, 'selesai',
            current_date - (v %% 300), d.code, '[]', '', '', ''
        FROM generate_series(1, {visits}) AS v JOIN bench_desa d ON d.n = v %% {desa}
    """)  # fmt: skip
    sql(f"""
        INSERT INTO mentoring_visit_businesses (visit_id, business_id)
        SELECT DISTINCT v.id, 1 + ((v.id * 3 + k) * 7919) %% {size}
        FROM mentoring_visit v CROSS JOIN generate_series(0, 2) AS k
    """)  # fmt: skip
    orders_and_lines(1, size * ORDERS_PER_BUSINESS, size, historical=True)


def channel_ids() -> list[int]:
    from lapak.channels.models import Channel

    codes = ["lapak", "tiktok", "shopee", "lazada", "blibli"]
    return list(Channel.objects.filter(code__in=codes).values_list("pk", flat=True))


def _amount(i: str, j: str) -> tuple[str, str]:
    """Quantity and unit price of line ``j`` of order ``i``: the same formula for the order's total."""
    return f"(1 + ({i} + {j}) %% 5)", f"(5000 + (({i} * 37 + {j} * 11) %% 200) * 1000)"


def orders_and_lines(start: int, count: int, size: int, *, historical: bool) -> None:
    """Orders ``start … start+count-1`` (explicit ids) with their lines, online 70 % on five channels."""
    channels = "ARRAY[" + ", ".join(str(pk) for pk in channel_ids()) + "]"
    quantity, price = _amount("i", "j")
    spread = "(i * 7919) %% (730 * 1440)" if historical else "(i * 7919) %% (45 * 1440)"
    created = "o_at" if historical else "now()"
    in_chunks("orders", count, f"""
        INSERT INTO channels_salesorder (id, business_id, channel_id, source, is_online, external_id,
            ordered_at, status, buyer_city, buyer_province, buyer_country, total_amount, fees, created_at)
        SELECT i, 1 + (i * 2654435761) %% {size},
            CASE WHEN i %% 10 < 7 THEN ({channels})[1 + i %% 5] END,
            CASE WHEN i %% 10 < 7 THEN 'channel'
                 ELSE (ARRAY['galeri', 'expo', 'self_report'])[1 + i %% 3] END,
            i %% 10 < 7, CASE WHEN i %% 10 < 7 THEN 'B' || i ELSE '' END, o_at, '', '',
            CASE WHEN i %% 50 = 0 THEN ''
                 ELSE ({_array(PROVINCES)})[1 + floor(power(((i * 31) %% 1000) / 1000.0, 3) * 38)::int] END,
            CASE WHEN i %% 50 = 0 THEN ({_array(ABROAD)})[1 + (i / 50) %% 5] ELSE 'ID' END,
            (SELECT sum({quantity} * {price}) FROM generate_series(1, 1 + i %% 4) AS j), 0, {created}
        FROM generate_series(%s::bigint, %s::bigint) AS i,
            LATERAL (SELECT now() - ({spread}) * interval '1 minute' AS o_at) t
    """, start=start)  # fmt: skip
    in_chunks("lines", count, f"""
        INSERT INTO channels_salesline (order_id, seller_sku, quantity, unit_price, amount)
        SELECT i, 'SKU-' || j, {quantity}, {price}, {quantity} * {price}
        FROM generate_series(%s::bigint, %s::bigint) AS i, generate_series(1, 1 + i %% 4) AS j
    """, start=start)  # fmt: skip
    sql(
        "SELECT setval(pg_get_serial_sequence('channels_salesorder', 'id'), "
        "(SELECT max(id) FROM channels_salesorder))"
    )


BULK_TABLES = ["registry_business", "channels_salesorder", "funnel_businessfunnel", "catalog_product"]


def secondary_indexes_drop() -> list[str]:
    """Drop the bulk tables' indexes other than primary keys and unique constraints (a bulk load then
    builds each once, sorted, instead of updating it row by row); returns their definitions."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [BULK_TABLES],
        )
        indexes = cursor.fetchall()
    for name, _definition in indexes:
        sql(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes]


def build(size: int) -> None:
    ref = prepare_reference()
    print(f"# generating {size:,} businesses in the server", file=sys.stderr)
    sql("SET synchronous_commit = off")
    sql("SET maintenance_work_mem = '512MB'")
    indexes = secondary_indexes_drop()
    started = time.perf_counter()
    generate(size, ref)
    report("build_generate", time.perf_counter() - started, "s")
    started = time.perf_counter()
    for definition in indexes:
        sql(definition.replace("%", "%%"))
    report("build_indexes", time.perf_counter() - started, "s")
    sql(
        "SELECT setval(pg_get_serial_sequence('registry_business', 'id'), "
        "(SELECT max(id) FROM registry_business))"
    )
    timed("build_analyze", lambda: sql("VACUUM ANALYZE"))


def existing_size() -> int:
    from django.db import connection

    if "registry_business" not in connection.introspection.table_names():
        return -1
    return int(scalar("SELECT count(*) FROM registry_business"))


# --- Measurements -----------------------------------------------------------------------------------


def measure_render(repeat: int) -> None:
    """The pimpinan's dashboard as a browser gets it: the full HTTP page through Django's test client."""
    from django.test import Client

    from lapak.accounts.models import User
    from lapak.accounts.twofactor import SESSION_FLAG

    client = Client()
    client.force_login(User.objects.get(username="bench-pimpinan"))
    session = client.session
    session[SESSION_FLAG] = True  # the second factor, as after a real sign-in
    session.save()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (response.status_code, response.get("Location"))
    report("dashboard_first_request", timings[0], "ms")
    report("dashboard_first_render_median", statistics.median(timings), "ms")
    report(
        "dashboard_first_render_p95",
        statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0],
        "ms",
    )
    filtered = []
    for sector in SECTORS[:5]:
        started = time.perf_counter()
        response = client.get(f"/dasbor/?sector={sector}&online=1", headers={"HX-Request": "true"})
        filtered.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report("dashboard_filter_swap_median", statistics.median(filtered), "ms")


def measure_refresh(size: int) -> None:
    from datetime import timedelta

    from lapak.insights.services import rollups_refresh

    start = int(scalar("SELECT max(id) FROM channels_salesorder")) + 1
    timed("add_100k_lines", lambda: orders_and_lines(start, NEW_ORDERS, size, historical=False))
    # No concurrent writers here: no commit lag to wait out.
    result = timed("rollup_refresh_100k_lines", lambda: rollups_refresh(commit_lag=timedelta(0), full=False))
    report("rollup_refresh_orders_applied", result.orders, "rows")
    report("rollup_refresh_lines_applied", result.lines, "rows")
    sql("UPDATE registry_business SET updated_at = now() WHERE id %% %s = 0", [max(size // 1000, 1)])
    result = timed(
        "rollup_refresh_1000_changed_businesses", lambda: rollups_refresh(commit_lag=timedelta(0), full=False)
    )
    report("rollup_refresh_kecamatan_recomputed", result.kecamatans, "rows")
    timed("rollup_full_reconcile", lambda: rollups_refresh(commit_lag=timedelta(0), full=True))


def reset_schema() -> None:
    """Start from an empty database without DROP DATABASE (which waits for every other session on the
    server to acknowledge it, e.g. another benchmark in the middle of a COPY)."""
    sql("DROP SCHEMA public CASCADE")
    sql("CREATE SCHEMA public")


def main() -> None:
    args = parse_args()
    create_database(args.database_url, fresh=False)
    setup_django(args.database_url)
    from datetime import timedelta

    from lapak.insights.models import SalesMonthly
    from lapak.insights.services import rollups_rebuild

    if not (args.reuse and existing_size() == args.size):
        if args.reuse:
            print("# no database of this size to reuse: building one", file=sys.stderr)
        reset_schema()
        build(args.size)
        timed("rollup_initial_build", lambda: rollups_rebuild(commit_lag=timedelta(0)))
    report("businesses", scalar("SELECT count(*) FROM registry_business"), "rows")
    report("sales_orders", scalar("SELECT count(*) FROM channels_salesorder"), "rows")
    report("sales_lines", scalar("SELECT count(*) FROM channels_salesline"), "rows")
    report("rollup_rows_sales_monthly", SalesMonthly.objects.count(), "rows")
    for table in ("insights_saleskecamatanmonthly", "insights_destinationmonthly", "insights_businessrollup"):
        report(
            f"rollup_rows_{table.removeprefix('insights_')}", scalar(f"SELECT count(*) FROM {table}"), "rows"
        )
    measure_render(args.repeat)
    measure_refresh(args.size)


if __name__ == "__main__":
    main()
