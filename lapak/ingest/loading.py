"""Loading a staged batch into ``SourceRecord`` in one transaction: COPY on PostgreSQL, executemany on SQLite.

The staged Parquet file is read in Arrow batches; only the NIK is touched in Python (AES-GCM encryption
needs a random nonce per value); its keyed hash is computed in DuckDB SQL. Rows whose key the source
already holds are counted as existing and skipped, which makes re-importing the same rows a no-op.
"""

import io
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
from django.db import connection

from lapak.core.crypto import encrypt_many, keyed_hash_pads

from .staging import connect

LOAD_BATCH_ROWS = 100_000

RECORD_COLUMNS: tuple[str, ...] = (
    "source_id", "batch_id", "record_key", "row_number", "sheet", "name", "brand", "owner_name", "owner_sex",
    "owner_nik_encrypted", "owner_nik_hash", "owner_nik_masked", "nib", "phone", "email", "address",
    "desa_id", "kecamatan_id", "kabkota_id", "sector", "products", "annual_sales", "employees",
    "founded_year", "shop_url", "link_state", "created_at",
)  # fmt: skip

Checkpoint = Callable[[int], None]


@dataclass(frozen=True)
class LoadResult:
    committed: int
    existing: int


def _db_datetime(value: datetime) -> str:
    """A timestamp as the database takes it in text (SQLite stores Django's own UTC format)."""
    adapted = connection.ops.adapt_datetimefield_value(value)
    return adapted.isoformat() if isinstance(adapted, datetime) else str(adapted)


def _select_sql(*, source_id: int, batch_id: int, sheet: str, created_at: datetime) -> str:
    """The staged rows to load, in ``RECORD_COLUMNS`` order, NIK still plain (encrypted in Python)."""
    text = "coalesce({0}, '')"
    return f"""
        SELECT {source_id} AS source_id, {batch_id} AS batch_id, s.record_key, s.row_number,
            '{sheet.replace("'", "''")}' AS sheet, s.name, {text.format("s.brand")} AS brand,
            {text.format("s.owner_name")} AS owner_name, {text.format("s.owner_sex")} AS owner_sex,
            s.nik AS owner_nik_encrypted,
            CASE WHEN s.nik IS NULL THEN '' ELSE sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode(s.nik))))
                END AS owner_nik_hash,
            CASE WHEN s.nik IS NULL THEN '' ELSE left(s.nik, 4) || '********' || right(s.nik, 4) END
                AS owner_nik_masked,
            {text.format("s.nib")} AS nib, {text.format("s.phone")} AS phone, {text.format("s.email")} AS email,
            {text.format("s.address")} AS address, s.desa_code AS desa_id, s.kecamatan_code AS kecamatan_id,
            s.kabkota_code AS kabkota_id, {text.format("s.sector")} AS sector,
            {text.format("s.products")} AS products, s.annual_sales, s.employees, s.founded_year,
            {text.format("s.shop_url")} AS shop_url, 'unlinked' AS link_state,
            '{_db_datetime(created_at)}' AS created_at
        FROM read_parquet($staged) s
        WHERE s.status <> 'error' AND s.record_key NOT IN (SELECT record_key FROM existing_keys)
    """  # noqa: E501


def load_staged(
    staged: Path,
    *,
    source_id: int,
    batch_id: int,
    sheet: str,
    created_at: datetime,
    checkpoint: Checkpoint,
) -> LoadResult:
    """Insert the batch's valid rows; the caller wraps this in a transaction (all or nothing).

    ``checkpoint(rows_done)`` is called between chunks; it raises to cancel, which rolls back everything.
    """
    con = connect()
    try:
        _register_existing_keys(con, source_id)
        skipped = con.execute(
            "SELECT count(*) FROM read_parquet($staged) WHERE status <> 'error' AND record_key IN "
            "(SELECT record_key FROM existing_keys)",
            {"staged": str(staged)},
        ).fetchone()
        ipad, opad = keyed_hash_pads()
        sql = _select_sql(source_id=source_id, batch_id=batch_id, sheet=sheet, created_at=created_at)
        # The reader streams; no other query may run on this connection until it is consumed.
        reader = con.execute(sql, {"staged": str(staged), "ipad": ipad, "opad": opad}).to_arrow_reader(
            LOAD_BATCH_ROWS
        )
        committed = _insert(_encrypted(reader), checkpoint)
    finally:
        con.close()
    return LoadResult(committed=committed, existing=skipped[0] if skipped else 0)


def _register_existing_keys(con: duckdb.DuckDBPyConnection, source_id: int) -> None:
    """Table ``existing_keys``: the record keys the source already holds (streamed from the database)."""
    con.execute("CREATE TABLE existing_keys (record_key VARCHAR)")
    with connection.cursor() as cursor:
        # Through the batch index: a source's records are its batches' records.
        cursor.execute(
            "SELECT record_key FROM ingest_sourcerecord WHERE batch_id IN "
            "(SELECT id FROM ingest_importbatch WHERE source_id = %s)",
            [source_id],
        )
        while rows := cursor.fetchmany(100_000):
            con.register("key_chunk", pa.table({"record_key": [row[0] for row in rows]}))
            con.execute("INSERT INTO existing_keys SELECT record_key FROM key_chunk")
            con.unregister("key_chunk")


def _encrypted(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    """The batches with the plain NIK column replaced by its AES-GCM encryption."""
    index = RECORD_COLUMNS.index("owner_nik_encrypted")
    for batch in reader:
        plain = batch.column(index).to_pylist()
        tokens = encrypt_many(value or "" for value in plain)
        yield batch.set_column(index, "owner_nik_encrypted", pa.array(tokens, pa.string()))


def _insert(batches: Iterator[pa.RecordBatch], checkpoint: Checkpoint) -> int:
    if connection.vendor == "postgresql":
        return _copy(batches, checkpoint)
    columns = ", ".join(RECORD_COLUMNS)
    placeholders = ", ".join(["%s"] * len(RECORD_COLUMNS))
    done = 0
    with connection.cursor() as cursor:
        for batch in batches:
            rows = list(zip(*(column.to_pylist() for column in batch.columns), strict=True))
            cursor.executemany(f"INSERT INTO ingest_sourcerecord ({columns}) VALUES ({placeholders})", rows)
            done += batch.num_rows
            checkpoint(done)
    return done


def _copy(batches: Iterator[pa.RecordBatch], checkpoint: Checkpoint) -> int:
    """COPY the chunks, fed by a thread that reads, encrypts and writes the next chunk's CSV meanwhile.

    PostgreSQL parses and indexes on its own core while this process prepares the next chunk, so the
    two halves overlap instead of taking turns. One COPY per chunk, so that the checkpoint between
    chunks may run a query on any connection.
    """
    chunks: queue.Queue[tuple[bytes, int] | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand_over(item: tuple[bytes, int] | BaseException | None) -> None:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                buffer = io.BytesIO()
                pa_csv.write_csv(batch, buffer, pa_csv.WriteOptions(include_header=False))
                hand_over((buffer.getvalue(), batch.num_rows))
            hand_over(None)
        except BaseException as error:  # handed to the consumer, which re-raises it
            hand_over(error)

    producer = threading.Thread(target=produce, name="ingest-copy-producer", daemon=True)
    producer.start()
    done = 0
    sql = f"COPY ingest_sourcerecord ({', '.join(RECORD_COLUMNS)}) FROM STDIN (FORMAT csv)"
    try:
        with connection.cursor() as cursor:
            while (item := chunks.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                data, rows = item
                with cursor.connection.cursor().copy(sql) as copy:
                    copy.write(data)
                done += rows
                checkpoint(done)
    finally:
        # A cancel or an error stops the producer before the DuckDB connection it reads from is closed.
        stop.set()
        producer.join()
    return done
