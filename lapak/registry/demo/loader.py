"""Set-based loading of generated demo businesses: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lapak.registry.models import Business, LegalityDocument
from lapak.registry.services import owner_nik_values, region_chain_values

from .documents import DemoDocument
from .generator import DemoBusiness, generate_businesses


class _Table:
    """Columns of a model's table in a fixed order, and how to turn attribute dicts into rows for it.

    Attributes a row dict lacks get the field default, so a field added to the model later still loads.
    """

    def __init__(self, model: type[Business] | type[LegalityDocument], *, with_id: bool) -> None:
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.name = model._meta.db_table
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields if not f.primary_key}
        self.types = {f.attname: f.get_internal_type() for f in fields}

    def rows(self, values: Iterator[dict[str, Any]], *, sqlite: bool) -> Iterator[list[Any]]:
        """Rows as the driver takes them: JSON as text; on SQLite also dates and datetimes as text."""
        convert: dict[str, Callable[[Any], Any]] = {"JSONField": json.dumps}
        if sqlite:
            adapt = connection.ops.adapt_datetimefield_value
            convert |= {"DateTimeField": adapt, "DateField": lambda d: d and d.isoformat()}
        converters = [(a, convert.get(self.types[a]), self.defaults.get(a)) for a in self.attnames]
        for row in values:
            yield [(fn(row.get(a, default)) if fn else row.get(a, default)) for a, fn, default in converters]


_BUSINESS_TABLE = _Table(Business, with_id=True)
_DOCUMENT_TABLE = _Table(LegalityDocument, with_id=False)


def _business_values(
    demo: DemoBusiness, *, pk: int, now: datetime, owner_account_id: int | None
) -> dict[str, Any]:
    """Model attribute values of one business; the NIK is encrypted, hashed and masked here."""
    values = {
        name: getattr(demo, name)
        for name in (
            "name", "brand", "owner_name", "owner_sex", "phone", "email", "address", "latitude", "longitude",
            "sector", "kbli_code", "is_ikm", "is_ukm", "is_koperasi", "is_kopwan_member", "employees",
            "founded_year", "capital", "annual_sales", "size_class", "size_criterion", "size_regulation",
            "online_mode", "shop_links", "legality_status",
        )
    }  # fmt: skip
    values |= owner_nik_values(demo.owner_nik) | region_chain_values(demo.desa_code)
    values |= {"id": pk, "owner_account_id": owner_account_id, "created_at": now, "updated_at": now}
    return values


def _document_values(document: DemoDocument, *, business_id: int, now: datetime) -> dict[str, Any]:
    return {
        "business_id": business_id,
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on,
        "expires_on": document.expires_on,
        "status": document.status,
        "verification_note": document.verification_note,
        "verified_at": document.verified_at,
        "created_at": now,
        "updated_at": now,
    }


def _reserve_ids(cursor: Any, count: int) -> list[int]:
    """Business ids taken before the insert, so documents can point at them without reading them back.

    PostgreSQL draws them from the table's sequence. SQLite continues after its AUTOINCREMENT counter;
    that is safe because the batch transaction holds SQLite's only write lock (``transaction_mode``
    IMMEDIATE in the settings; with another mode a concurrent writer would fail on the primary key).
    """
    table = _BUSINESS_TABLE.name
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
        f" coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))",
        [table],
    )
    last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def _load(cursor: Any, table: _Table, values: Iterator[dict[str, Any]]) -> None:
    """``COPY`` on PostgreSQL (the psycopg 3 cursor under Django's wrapper); one ``executemany`` elsewhere."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in table.rows(values, sqlite=False):
                copy.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})"
        cursor.executemany(sql, table.rows(values, sqlite=True))


def _insert_batch(batch: list[DemoBusiness], owners: list[int | None], now: datetime) -> None:
    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, len(batch))
        _load(
            cursor,
            _BUSINESS_TABLE,
            (
                _business_values(demo, pk=pk, now=now, owner_account_id=owner)
                for pk, demo, owner in zip(ids, batch, owners, strict=True)
            ),
        )
        _load(
            cursor,
            _DOCUMENT_TABLE,
            (
                _document_values(document, business_id=pk, now=now)
                for pk, demo in zip(ids, batch, strict=True)
                for document in demo.documents
            ),
        )


def businesses_insert(
    *,
    size: int,
    seed: int = 2026,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    owner_accounts: Mapping[int, int] | None = None,
    province_code: str = "35",
    kabkota_codes: list[str] | None = None,
) -> int:
    """Generate and insert ``size`` businesses with their documents, one transaction per batch.

    Set-based: ``COPY`` on PostgreSQL, one ``executemany`` per table and batch on SQLite; no model
    instances, no signals (so no change-log entries for demo data). ``owner_accounts`` maps a position in
    the generated stream (0-based) to the id of the user who owns that business. ``progress`` gets the
    running total after each batch. Returns the number of businesses inserted.
    """
    owner_accounts = owner_accounts or {}
    now = timezone.now()
    done = 0
    batches = generate_businesses(
        size=size, seed=seed, batch_size=batch_size, province_code=province_code, kabkota_codes=kabkota_codes
    )
    for batch in batches:
        owners = [owner_accounts.get(done + offset) for offset in range(len(batch))]
        with transaction.atomic():
            _insert_batch(batch, owners, now)
        done += len(batch)
        if progress:
            progress(done)
    return done
