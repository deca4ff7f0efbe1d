"""The set-based SQL of the rollup refresh, for PostgreSQL and SQLite (both support
``INSERT … SELECT … ON CONFLICT DO UPDATE``). Table names come from the models."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection

from lapak.catalog.models import Product
from lapak.channels.models import SalesLine, SalesOrder
from lapak.curation.models import CurationStatus, Decision
from lapak.funnel.models import BusinessFunnel
from lapak.insights.models import BusinessRollup, DestinationMonthly, SalesKecamatanMonthly, SalesMonthly
from lapak.mentoring.models import Visit, VisitStatus
from lapak.registry.models import Business, OnlineMode, Sex

BATCH = "insights_batch"  # the temporary table of the orders being applied


def _table(model: object) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _month_expression() -> str:
    """The calendar month of ``o.ordered_at`` in the site's time zone, as a date (its first day)."""
    if connection.vendor == "postgresql":
        return "(date_trunc('month', o.ordered_at AT TIME ZONE %s))::date"
    # SQLite keeps UTC text; the offset of the zone now (Asia/Jakarta has no daylight saving time).
    return "date(o.ordered_at, %s, 'start of month')"


def _month_param() -> str:
    if connection.vendor == "postgresql":
        return settings.TIME_ZONE
    from django.utils import timezone

    offset = timezone.localtime().utcoffset() or timedelta(0)
    return f"{int(offset.total_seconds()):+d} seconds"


def batch_create_sql(lo: int, hi: int) -> list[tuple[str, list[Any]]]:
    """Statements that fill the temporary table with the orders ``lo < id <= hi``: their month, the
    business's region, sector and size class at this moment, and their line count and quantity."""
    orders, lines, business = _table(SalesOrder), _table(SalesLine), _table(Business)
    drop = f"DROP TABLE IF EXISTS {'temp.' if connection.vendor == 'sqlite' else ''}{BATCH}"
    create = f"""
        CREATE TEMPORARY TABLE {BATCH} AS
        SELECT {_month_expression()} AS month, b.province_id AS province, b.kabkota_id AS kabkota,
               b.kecamatan_id AS kecamatan,
               b.sector AS sector, b.size_class AS size_class, coalesce(o.channel_id, 0) AS channel_key,
               o.is_online AS is_online, o.buyer_country AS buyer_country, o.buyer_province AS buyer_province,
               o.total_amount AS gmv, coalesce(l.lines, 0) AS lines, coalesce(l.quantity, 0) AS quantity
        FROM {orders} o
        JOIN {business} b ON b.id = o.business_id
        LEFT JOIN (SELECT order_id, count(*) AS lines, sum(quantity) AS quantity FROM {lines}
                   WHERE order_id > %s AND order_id <= %s GROUP BY order_id) l ON l.order_id = o.id
        WHERE o.id > %s AND o.id <= %s
    """
    return [(drop, []), (create, [_month_param(), lo, hi, lo, hi])]


def batch_drop_sql() -> str:
    return f"DROP TABLE IF EXISTS {'temp.' if connection.vendor == 'sqlite' else ''}{BATCH}"


def _upsert(
    model: object,
    keys: list[str],
    measures: dict[str, str],
    *,
    conflict: list[str] | None = None,
    province_rows: bool = False,
) -> str:
    """Add the batch's sums to ``model``. ``province_rows``: also add them under the province's code in
    the ``kabkota`` column (the province totals that whole-province reads use)."""
    table = _table(model)
    columns = ", ".join([*keys, *measures])
    grouped = ", ".join(keys)
    selected = f"SELECT {', '.join([*keys, *measures.values()])} FROM {BATCH} GROUP BY {grouped}"
    if province_rows:
        province_keys = ["province AS kabkota" if key == "kabkota" else key for key in keys]
        province_grouped = ", ".join("province" if key == "kabkota" else key for key in keys)
        selected += (
            f" UNION ALL SELECT {', '.join([*province_keys, *measures.values()])} FROM {BATCH}"
            f" GROUP BY {province_grouped}"
        )
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)
    # "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in an INSERT … SELECT to parse it.
    return f"""
        INSERT INTO {table} ({columns})
        SELECT * FROM ({selected}) AS sums WHERE 1 = 1
        ON CONFLICT ({", ".join(conflict or keys)}) DO UPDATE SET {updates}
    """


def sales_upserts_sql() -> list[str]:
    """Add the batch to the three sales rollups (one set-based upsert each)."""
    return [
        _upsert(
            SalesMonthly,
            ["month", "kabkota", "sector", "size_class", "channel_key", "is_online"],
            {"orders": "count(*)", "lines": "sum(lines)", "quantity": "sum(quantity)", "gmv": "sum(gmv)"},
            province_rows=True,
        ),
        _upsert(
            SalesKecamatanMonthly,
            ["month", "kabkota", "kecamatan", "sector", "is_online"],
            {"orders": "count(*)", "gmv": "sum(gmv)"},
            conflict=["month", "kecamatan", "sector", "is_online"],
        ),
        _upsert(
            DestinationMonthly,
            ["month", "kabkota", "sector", "is_online", "buyer_country", "buyer_province"],
            {"orders": "count(*)", "gmv": "sum(gmv)"},
            province_rows=True,
        ),
    ]


def sales_cutoff_sql() -> str:
    """PostgreSQL: the moment before which every order is either committed or never will be: ``lag``
    before now, and no later than the start of the oldest transaction still open in this database."""
    return """
        SELECT least(clock_timestamp() - %s * interval '1 second',
                     (SELECT min(xact_start) FROM pg_stat_activity
                      WHERE datname = current_database() AND pid <> pg_backend_pid()
                        AND backend_type = 'client backend' AND xact_start IS NOT NULL))
    """


def sales_horizon_sql(*, with_cutoff: bool) -> str:
    """The highest order id that may be applied: below the first order created at or after the cutoff."""
    orders = _table(SalesOrder)
    if not with_cutoff:
        return f"SELECT max(id) FROM {orders} WHERE id > %s"
    return f"""
        SELECT CASE WHEN s.stop IS NULL THEN (SELECT max(id) FROM {orders} WHERE id > %s) ELSE s.stop - 1 END
        FROM (SELECT min(id) AS stop FROM {orders} WHERE id > %s AND created_at >= %s) s
    """


# --- Businesses -------------------------------------------------------------------------------------


def business_rollup_sql(kecamatans: list[str] | None) -> tuple[str, list[Any]]:
    """Recompute ``BusinessRollup`` for the businesses of ``kecamatans`` (all when ``None``); the caller
    deletes those groups first, in the same transaction."""
    marks = ", ".join(["%s"] * len(kecamatans or []))
    business = _table(Business)
    only = (
        ""
        if kecamatans is None
        else f"AND x.business_id IN (SELECT id FROM {business} WHERE kecamatan_id IN ({marks}))"
    )
    where = "" if kecamatans is None else f"WHERE b.kecamatan_id IN ({marks})"
    stages = ", ".join(
        f"sum(CASE WHEN coalesce(f.current_stage, 1) = {n} THEN 1 ELSE 0 END)" for n in range(1, 7)
    )
    visit_links = connection.ops.quote_name(Visit.businesses.through._meta.db_table)
    sql = f"""
        INSERT INTO {_table(BusinessRollup)} (kabkota, kecamatan, sector, size_class, registered, online,
            women_owned, kopwan, koperasi, mentored, stage_1, stage_2, stage_3, stage_4, stage_5, stage_6,
            products, products_local, local_share_sum, exported, export_ready)
        SELECT b.kabkota_id, b.kecamatan_id, b.sector, b.size_class, count(*),
            sum(CASE WHEN b.online_mode <> %s OR f.reached_listed_at IS NOT NULL THEN 1 ELSE 0 END),
            sum(CASE WHEN b.owner_sex = %s THEN 1 ELSE 0 END),
            sum(CASE WHEN b.is_kopwan_member THEN 1 ELSE 0 END),
            sum(CASE WHEN b.is_koperasi THEN 1 ELSE 0 END),
            sum(CASE WHEN m.business_id IS NOT NULL THEN 1 ELSE 0 END),
            {stages},
            coalesce(sum(p.products), 0), coalesce(sum(p.products_local), 0),
            coalesce(sum(p.local_share_sum), 0), coalesce(sum(p.exported), 0),
            coalesce(sum(p.export_ready), 0)
        FROM {business} b
        LEFT JOIN {_table(BusinessFunnel)} f ON f.business_id = b.id
        LEFT JOIN (SELECT DISTINCT x.business_id FROM {visit_links} x
                   JOIN {_table(Visit)} v ON v.id = x.visit_id WHERE v.status = %s {only}) m
            ON m.business_id = b.id
        LEFT JOIN (SELECT x.business_id, count(*) AS products, count(x.local_share) AS products_local,
                          sum(x.local_share) AS local_share_sum,
                          sum(CASE WHEN x.is_exported THEN 1 ELSE 0 END) AS exported,
                          sum(CASE WHEN cs.decision = %s THEN 1 ELSE 0 END) AS export_ready
                   FROM {_table(Product)} x LEFT JOIN {_table(CurationStatus)} cs ON cs.product_id = x.id
                   WHERE x.is_active {only} GROUP BY x.business_id) p
            ON p.business_id = b.id
        {where}
        GROUP BY b.kabkota_id, b.kecamatan_id, b.sector, b.size_class
    """
    codes: list[Any] = list(kecamatans or [])
    params: list[Any] = [OnlineMode.OFFLINE.value, Sex.FEMALE.value, VisitStatus.DONE.value, *codes,
                            int(Decision.LAYAK_EKSPOR), *codes, *codes]  # fmt: skip
    return sql, params


def dirty_kecamatans_sql(kabkota_codes: list[str], since: datetime) -> tuple[str, list[Any]]:
    """Kecamatan whose businesses, products, kurasi results, done visits or funnel stage changed since
    ``since`` (each through an index where the table is large: the register by (kab/kota, updated_at),
    the funnel by stage_since and reached_listed_at)."""
    business, product = _table(Business), _table(Product)
    marks = ", ".join(["%s"] * len(kabkota_codes))
    visit_links = connection.ops.quote_name(Visit.businesses.through._meta.db_table)
    sql = f"""
        SELECT kecamatan_id FROM {business} WHERE kabkota_id IN ({marks}) AND updated_at > %s
        UNION SELECT b.kecamatan_id FROM {product} p JOIN {business} b ON b.id = p.business_id
            WHERE p.updated_at > %s
        UNION SELECT b.kecamatan_id FROM {_table(CurationStatus)} cs JOIN {product} p ON p.id = cs.product_id
            JOIN {business} b ON b.id = p.business_id WHERE cs.decided_at > %s
        UNION SELECT b.kecamatan_id FROM {_table(Visit)} v JOIN {visit_links} x ON x.visit_id = v.id
            JOIN {business} b ON b.id = x.business_id WHERE v.updated_at > %s
        UNION SELECT b.kecamatan_id FROM {_table(BusinessFunnel)} f JOIN {business} b ON b.id = f.business_id
            WHERE f.stage_since > %s
        UNION SELECT b.kecamatan_id FROM {_table(BusinessFunnel)} f JOIN {business} b ON b.id = f.business_id
            WHERE f.reached_listed_at > %s
    """
    stamp = connection.ops.adapt_datetimefield_value(since)
    return sql, [*kabkota_codes, stamp, stamp, stamp, stamp, stamp, stamp]
