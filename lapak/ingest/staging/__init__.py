"""Staging an uploaded file: read, map, clean and validate it set-based, and keep the result as Parquet.

The staged file is the batch's validation report and preview, and what a commit loads. Nothing touches the
application database until the commit, so a failed or cancelled staging leaves no trace there.
"""

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from lapak.ingest.readers import ReadError

from .clean import CLEAN_COLUMNS, build_cleaned, install_macros
from .raw import Progress, RawTable, load_raw
from .regions import RegionRow, load_region_lookups, resolve_regions
from .validate import build_keys, staged_query

__all__ = ["CLEAN_COLUMNS", "StageResult", "connect", "stage_file"]

DUCKDB_MEMORY_LIMIT = "1GB"


@dataclass(frozen=True)
class StageResult:
    columns: list[str]
    header_row: int
    total: int
    valid: int
    warning: int
    error: int


def connect(workdir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB bounded in memory, spilling to ``workdir`` when a file is large."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        "threads": 2,
    }
    if workdir is not None:
        config["temp_directory"] = str(workdir / "duckdb-spill")
    return duckdb.connect(config=config)


def column_indexes(mapping: dict[str, str], columns: list[str]) -> dict[str, int]:
    """``{field: column index}`` for a ``{field: column title}`` mapping; unknown titles raise ReadError."""
    indexes = {}
    for field, title in mapping.items():
        if not title:
            continue
        if title not in columns:
            raise ReadError(_("Kolom “%(title)s” tidak ada di berkas ini.") % {"title": title})
        indexes[field] = columns.index(title)
    return indexes


def stage_file(
    path: Path,
    *,
    sheet: str | None,
    mapping: dict[str, str],
    regions: Callable[[], Iterable[RegionRow]],
    allowed_kabkota: list[str] | None,
    target: Path,
    default_kabkota: str | None = None,
    progress: Progress | None = None,
) -> StageResult:
    """Read ``path`` (one sheet), clean and validate every row, and write ``target`` (Parquet).

    ``mapping`` is ``{field key: column title}``; ``allowed_kabkota`` limits rows to the uploader's
    kab/kota codes (``None``: the whole province); ``default_kabkota`` is the kab/kota of rows that name
    none (a kab/kota office's own list). The Parquet file is written to a temporary name and
    renamed, so a killed worker never leaves a half-written staging file behind.
    """
    workdir = Path(tempfile.mkdtemp(prefix="lapak-stage-", dir=target.parent))
    try:
        con = connect(workdir)
        raw: RawTable = load_raw(con, path, sheet=sheet, workdir=workdir, progress=progress)
        install_macros(con)
        build_cleaned(
            con,
            column_indexes(mapping, raw.columns),
            raw_width=len(raw.columns),
            default_kabkota=default_kabkota,
        )
        load_region_lookups(con, regions())
        resolve_regions(con)
        build_keys(con)
        partial = workdir / "staged.parquet"
        query = staged_query(raw_width=len(raw.columns), allowed_kabkota=allowed_kabkota)
        con.execute(f"COPY ({query}) TO '{partial}' (FORMAT parquet, COMPRESSION snappy)")
        counts = con.execute(
            "SELECT count(*), count(*) FILTER (status = 'valid'), count(*) FILTER (status = 'warning'),"
            " count(*) FILTER (status = 'error') FROM read_parquet($path)",
            {"path": str(partial)},
        ).fetchone()
        con.close()
        partial.replace(target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    assert counts is not None
    total, valid, warning, error = counts
    return StageResult(raw.columns, raw.header_row, total, valid, warning, error)
