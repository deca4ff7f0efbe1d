"""DuckDB plumbing shared by linking and training: a bounded connection, the input, the prepared table,
and Splink's scoring of the blocked candidate pairs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa

from . import normalise

INPUT_COLUMNS = (
    "record_id", "source", "name", "owner_name", "nik_hash", "nib", "phone", "address", "desa_code",
    "kecamatan_code", "kabkota_code", "sector",
)  # fmt: skip
INPUT_TABLE = "lk_input"
PREPARED_TABLE = "lk_prepared"
DEFAULT_MEMORY_LIMIT = "4GB"

RecordsInput: TypeAlias = "pa.Table | Path | str"


def open_connection(
    workdir: Path, *, memory_limit: str = DEFAULT_MEMORY_LIMIT, threads: int | None = None, persistent: bool
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that spills to ``workdir`` instead of growing past ``memory_limit``."""
    workdir.mkdir(parents=True, exist_ok=True)
    database = str(workdir / "linkage.duckdb") if persistent else ":memory:"
    connection = duckdb.connect(database)
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute(f"SET temp_directory = '{(workdir / 'spill').as_posix()}'")
    # Insertion order is not needed anywhere, and keeping it costs memory in large aggregations.
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    return connection


def load_input(
    connection: duckdb.DuckDBPyConnection, records: RecordsInput, *, keep_truth: bool = False
) -> int:
    """Copy the contract columns of ``records`` (a table or a parquet path) into ``lk_input``; row count.

    Missing optional columns become NULL. With ``keep_truth`` the ``entity_id`` column is kept in
    ``lk_truth`` for training and scoring.
    """
    if isinstance(records, pa.Table):
        connection.register("lk_records", records)
        source = "lk_records"
        present = set(records.column_names)
    else:
        path = str(records).replace("'", "''")
        source = f"read_parquet('{path}')"
        present = {row[0] for row in connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    for required in ("record_id", "name"):
        if required not in present:
            raise ValueError(f"Input has no column {required!r}.")
    columns = ", ".join(
        f"CAST({c} AS VARCHAR) AS {c}" if c in present else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in INPUT_COLUMNS
    )
    connection.execute(f"CREATE OR REPLACE TABLE {INPUT_TABLE} AS SELECT {columns} FROM {source}")
    if keep_truth:
        connection.execute(
            f"CREATE OR REPLACE TABLE lk_truth AS SELECT CAST(record_id AS VARCHAR) AS record_id,"
            f" CAST(entity_id AS VARCHAR) AS entity_id FROM {source}"
        )
    if isinstance(records, pa.Table):
        connection.unregister("lk_records")
    count = connection.execute(f"SELECT count(*), count(DISTINCT record_id) FROM {INPUT_TABLE}").fetchone()
    assert count is not None
    if count[0] != count[1]:
        raise ValueError("record_id must be unique.")
    return int(count[0])


def load_cannot_link(connection: duckdb.DuckDBPyConnection, pairs: pa.Table | None) -> None:
    """``lk_cannot_link``: pairs a reviewer said are different businesses (smaller record_id on the left)."""
    source = "SELECT NULL::VARCHAR AS a, NULL::VARCHAR AS b WHERE false"
    if pairs is not None:
        connection.register("lk_cannot_link_arrow", pairs)
        source = (
            "SELECT CAST(record_id_l AS VARCHAR) AS a, CAST(record_id_r AS VARCHAR) AS b"
            " FROM lk_cannot_link_arrow"
        )
    connection.execute(
        "CREATE OR REPLACE TABLE lk_cannot_link AS SELECT DISTINCT least(a, b) AS record_id_l,"
        f" greatest(a, b) AS record_id_r FROM ({source})"
    )
    if pairs is not None:
        connection.unregister("lk_cannot_link_arrow")


def prepare(connection: duckdb.DuckDBPyConnection) -> None:
    """Normalise ``lk_input`` into ``lk_prepared``, the table Splink compares."""
    normalise.install(connection)
    connection.execute(f"CREATE OR REPLACE TABLE {PREPARED_TABLE} AS {normalise.prepare_sql(INPUT_TABLE)}")


def predict(
    connection: duckdb.DuckDBPyConnection, settings: dict[str, Any], *, threshold: float | None
) -> str:
    """Score the blocked candidate pairs with Splink; name of the table of pairs at ``threshold`` or more."""
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=connection)
    table = db_api.register(PREPARED_TABLE)
    linker = Linker(table, settings, log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    # Splink keeps the gamma columns only together with every compared column; keep just the narrow part.
    connection.execute(
        "CREATE OR REPLACE TABLE lk_predictions AS SELECT record_id_l, record_id_r, match_weight,"
        f" match_probability, COLUMNS('^(gamma|mw)_') FROM {predictions.physical_name}"
    )
    predictions.drop_table_from_database_and_remove_from_cache()
    return "lk_predictions"
