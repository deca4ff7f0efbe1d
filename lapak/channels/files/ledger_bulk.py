"""Loading many order lines into the sales ledger at once, set-based, in one transaction.

Lines stream in (from a file reader or any iterator), one per order line with the order's fields
repeated. On PostgreSQL they are ``COPY``-ed into a temporary table; one statement then groups them
into orders, inserts the orders a channel has not sent before (``ON CONFLICT`` on the partial unique
constraint ``channels_order_once_per_channel``) and inserts the lines of exactly those orders (joined to
the ``RETURNING`` rows). Re-loading the same lines therefore adds nothing. SQLite takes the lines by
``executemany`` in chunks and merges with the same logic in three statements, under its write lock.

Offline orders have no channel, so the constraint does not cover them: they are skipped when the
business already has an order of the same source with the same number (``NOT EXISTS``). Callers that
load offline orders lock the business row first so two loads of one business cannot interleave.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

CHUNK_ROWS = 20_000


class LedgerLine(NamedTuple):
    """One order line, with its order's fields; ``external_id`` is the order number (never empty)."""

    business_id: int
    channel_id: int | None
    source: str
    is_online: bool
    external_id: str
    ordered_at: datetime  # aware
    seller_sku: str
    quantity: int
    unit_price: int
    amount: int
    sku_id: int | None = None
    status: str = ""
    buyer_city: str = ""
    buyer_province: str = ""
    buyer_country: str = "ID"
    fees: int = 0


COLUMNS = ", ".join(LedgerLine._fields)
TEXT_FIELDS = (
    "source",
    "external_id",
    "seller_sku",
    "status",
    "buyer_city",
    "buyer_province",
    "buyer_country",
)
TRUE_TEXT = frozenset({"t", "true", "1", "y", "yes"})
STAGE_TYPES = (
    "bigint NOT NULL", "bigint", "varchar(12) NOT NULL", "boolean NOT NULL", "varchar(80) NOT NULL",
    "timestamp with time zone NOT NULL", "varchar(60) NOT NULL", "integer NOT NULL", "bigint NOT NULL",
    "bigint NOT NULL", "bigint", "text NOT NULL", "text NOT NULL", "text NOT NULL", "varchar(2) NOT NULL",
    "bigint NOT NULL",
)  # fmt: skip
STAGE_DDL = ", ".join(f"{name} {kind}" for name, kind in zip(LedgerLine._fields, STAGE_TYPES, strict=True))


def _grouped(*, sqlite: bool = False) -> str:
    """The orders of the staged lines, one row per (business, channel, source, order number)."""
    any_true, cut = ("max", "substr({}, 1, {})") if sqlite else ("bool_or", "left({}, {})")
    return f"""
        SELECT business_id, channel_id, source, external_id, {any_true}(is_online) AS is_online,
            min(ordered_at) AS ordered_at, {cut.format("max(status)", 30)} AS status,
            {cut.format("max(buyer_city)", 100)} AS city,
            {cut.format("max(buyer_province)", 100)} AS province,
            max(buyer_country) AS country, sum(amount) AS total, sum(fees) AS fees
        FROM ledger_stage GROUP BY business_id, channel_id, source, external_id
    """


OFFLINE_UNSEEN = """
    g.channel_id IS NOT NULL OR NOT EXISTS (
        SELECT 1 FROM channels_salesorder o WHERE o.channel_id IS NULL AND o.business_id = g.business_id
        AND o.source = g.source AND o.external_id = g.external_id)
"""
ORDER_COLUMNS = (
    "business_id, channel_id, source, is_online, external_id, ordered_at, status, buyer_city, "
    "buyer_province, buyer_country, total_amount, fees, created_at"
)
PG_MERGE = f"""
    WITH grouped AS ({_grouped()}),
    inserted AS (
        INSERT INTO channels_salesorder ({ORDER_COLUMNS})
        SELECT g.business_id, g.channel_id, g.source, g.is_online, g.external_id, g.ordered_at, g.status,
            g.city, g.province, g.country, g.total, g.fees, now()
        FROM grouped g WHERE {OFFLINE_UNSEEN}
        ON CONFLICT (channel_id, external_id) WHERE external_id <> '' DO NOTHING
        RETURNING id, business_id, channel_id, source, external_id
    ),
    lines AS (
        INSERT INTO channels_salesline (order_id, sku_id, seller_sku, quantity, unit_price, amount)
        SELECT i.id, s.sku_id, s.seller_sku, s.quantity, s.unit_price, s.amount
        FROM ledger_stage s JOIN inserted i ON i.external_id = s.external_id
            AND i.business_id = s.business_id AND i.source = s.source
            AND coalesce(i.channel_id, 0) = coalesce(s.channel_id, 0)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM grouped), (SELECT count(*) FROM inserted), (SELECT count(*) FROM lines)
"""
SQLITE_ORDERS = f"""
    INSERT INTO channels_salesorder ({ORDER_COLUMNS})
    SELECT g.business_id, g.channel_id, g.source, g.is_online, g.external_id, g.ordered_at, g.status,
        g.city, g.province, g.country, g.total, g.fees, %s
    FROM ({_grouped(sqlite=True)}) g
    WHERE ({OFFLINE_UNSEEN}) AND NOT EXISTS (
        SELECT 1 FROM channels_salesorder c WHERE c.channel_id = g.channel_id
        AND c.external_id = g.external_id)
"""
SQLITE_LINES = """
    INSERT INTO channels_salesline (order_id, sku_id, seller_sku, quantity, unit_price, amount)
    SELECT n.id, s.sku_id, s.seller_sku, s.quantity, s.unit_price, s.amount
    FROM ledger_stage s JOIN ledger_new n ON n.external_id = s.external_id
        AND n.business_id = s.business_id AND n.source = s.source
        AND n.channel_key = coalesce(s.channel_id, 0)
"""


@dataclass(frozen=True)
class LedgerResult:
    """What a load did: lines and orders read, orders and lines added (the rest were already there)."""

    lines: int
    orders: int
    orders_added: int
    lines_added: int

    @property
    def orders_existing(self) -> int:
        return self.orders - self.orders_added


def ledger_csv_lines(path: Path) -> Iterator[LedgerLine]:
    """The lines of a ledger CSV file: UTF-8, a header row naming ``LedgerLine``'s fields in order,
    empty ``channel_id``/``sku_id`` for none, ``ordered_at`` in ISO 8601 with its offset."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        _check_header(next(reader, []), path)
        for row in reader:
            yield LedgerLine(
                int(row[0]), int(row[1]) if row[1] else None, row[2], row[3].lower() in TRUE_TEXT, row[4],
                datetime.fromisoformat(row[5]), row[6], int(row[7]), int(row[8]), int(row[9]),
                int(row[10]) if row[10] else None, row[11], row[12], row[13], row[14], int(row[15]),
            )  # fmt: skip


def _check_header(header: list[str], path: Path) -> None:
    if tuple(header) != LedgerLine._fields:
        raise ValueError(f"{path.name}: the header must be {','.join(LedgerLine._fields)}")


def ledger_bulk_ingest(
    lines: Iterable[LedgerLine] | Path,
    *,
    ready: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> LedgerResult:
    """Add the lines' orders that are not in the ledger yet, with their lines, in one transaction.

    ``lines`` is an iterable of :class:`LedgerLine` or the path of a ledger CSV file (see
    :func:`ledger_csv_lines`), which PostgreSQL copies as it is, without a Python loop over its rows.
    ``ready(lines_staged)`` runs once every line is staged and before anything is merged; raising there
    (say, because the reader found invalid rows) rolls everything back. ``progress(lines_staged)`` is
    called after every ``chunk_rows`` lines. Each order must come from one business.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            if isinstance(lines, Path):
                staged = _pg_stage_file(lines)
            else:
                staged = _pg_stage(lines, progress, chunk_rows)
            if ready is not None:
                ready(staged)
            return _pg_merge(staged)
        rows = ledger_csv_lines(lines) if isinstance(lines, Path) else lines
        staged = _sqlite_stage(rows, progress, chunk_rows)
        if ready is not None:
            ready(staged)
        return _sqlite_merge(staged)


def _chunks(lines: Iterable[LedgerLine], size: int) -> Iterator[list[LedgerLine]]:
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _pg_stage_table(cursor: Any) -> None:
    cursor.execute("DROP TABLE IF EXISTS ledger_stage")
    cursor.execute(f"CREATE TEMPORARY TABLE ledger_stage ({STAGE_DDL}) ON COMMIT DROP")
    # Grouping a million lines by order hashes in memory rather than in temporary files.
    cursor.execute("SET LOCAL work_mem = '256MB'")


def _pg_stage_file(path: Path) -> int:
    """COPY a ledger CSV straight from the file, a megabyte at a time."""
    with path.open("rb") as handle:
        _check_header(next(csv.reader([handle.readline().decode("utf-8-sig")]), []), path)
        with connection.cursor() as cursor:
            _pg_stage_table(cursor)
            options = f"FORMAT csv, FORCE_NOT_NULL ({', '.join(TEXT_FIELDS)})"
            with cursor.cursor.copy(f"COPY ledger_stage ({COLUMNS}) FROM STDIN ({options})") as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            staged = cursor.cursor.rowcount
            cursor.execute("ANALYZE ledger_stage")
    return staged


def _pg_stage(lines: Iterable[LedgerLine], progress: Callable[[int], None] | None, chunk_rows: int) -> int:
    staged = 0
    with connection.cursor() as cursor:
        _pg_stage_table(cursor)
        with cursor.cursor.copy(f"COPY ledger_stage ({COLUMNS}) FROM STDIN") as copy:
            for chunk in _chunks(lines, chunk_rows):
                for line in chunk:
                    copy.write_row(line)
                staged += len(chunk)
                if progress is not None:
                    progress(staged)
        cursor.execute("ANALYZE ledger_stage")
    return staged


def _pg_merge(staged: int) -> LedgerResult:
    with connection.cursor() as cursor:
        cursor.execute(PG_MERGE)
        orders, orders_added, lines_added = cursor.fetchone()
        _funnel_follows_stage(cursor)
        cursor.execute("DROP TABLE ledger_stage")
    return LedgerResult(lines=staged, orders=orders, orders_added=orders_added, lines_added=lines_added)


def _sqlite_stage(
    lines: Iterable[LedgerLine], progress: Callable[[int], None] | None, chunk_rows: int
) -> int:
    adapt = connection.ops.adapt_datetimefield_value
    staged = 0
    placeholders = ", ".join(["%s"] * len(LedgerLine._fields))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS temp.ledger_stage")
        cursor.execute(f"CREATE TEMPORARY TABLE ledger_stage ({STAGE_DDL.replace('boolean', 'integer')})")
        for chunk in _chunks(lines, chunk_rows):
            # SQLite keeps Django's own UTC text for timestamps.
            rows = [(*line[:5], adapt(line.ordered_at), *line[6:]) for line in chunk]
            cursor.executemany(f"INSERT INTO ledger_stage ({COLUMNS}) VALUES ({placeholders})", rows)
            staged += len(chunk)
            if progress is not None:
                progress(staged)
    return staged


def _sqlite_merge(staged: int) -> LedgerResult:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({_grouped(sqlite=True)})")
        orders = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM channels_salesorder")
        before = cursor.fetchone()[0]
        cursor.execute(SQLITE_ORDERS, [now])
        orders_added = cursor.rowcount
        cursor.execute("DROP TABLE IF EXISTS temp.ledger_new")
        # Ids grow monotonically (AUTOINCREMENT) and SQLite has one writer: the new orders are id > before.
        cursor.execute(
            "CREATE TEMPORARY TABLE ledger_new AS SELECT id, business_id, coalesce(channel_id, 0) "
            "AS channel_key, source, external_id FROM channels_salesorder WHERE id > %s",
            [before],
        )
        cursor.execute("CREATE INDEX temp.ledger_new_key ON ledger_new (external_id)")
        cursor.execute(SQLITE_LINES)
        lines_added = cursor.rowcount
        cursor.execute("DROP TABLE temp.ledger_new")
        _funnel_follows_stage(cursor)
        cursor.execute("DROP TABLE temp.ledger_stage")
    return LedgerResult(lines=staged, orders=orders, orders_added=orders_added, lines_added=lines_added)


def _funnel_follows_stage(cursor: Any) -> None:
    """The funnel's online-sale stages depend on the ledger: refresh the businesses of this load."""
    from lapak.funnel.services import funnel_follow

    cursor.execute("SELECT DISTINCT business_id FROM ledger_stage")
    funnel_follow(business_ids=[row[0] for row in cursor.fetchall()])
