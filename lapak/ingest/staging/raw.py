"""Loading an uploaded file into a DuckDB table ``raw`` of text cells, one row per data row.

CSV is parsed by DuckDB itself (about 25 times faster than Python's csv module here); the Python reader
only finds the header, the encoding and the delimiter in the first rows. Workbooks go through the
calamine reader and are handed to DuckDB as Arrow batches. Either way ``raw`` has ``row_number`` (the
row as the user sees it in a spreadsheet) and ``c0 … cN`` text columns in header order.
"""

import codecs
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
from django.utils.translation import gettext as _

from lapak.ingest.readers import Cell, ReadError, TableReader, read_table
from lapak.ingest.readers.csvfile import SAMPLE_BYTES, detect_delimiter, detect_encoding
from lapak.ingest.readers.header import TOTAL_LABELS, TOTAL_PREFIXES

ARROW_BATCH_ROWS = 20_000
TRANSCODE_CHUNK = 1024 * 1024

Progress = Callable[[int], None]


@dataclass(frozen=True)
class RawTable:
    """What was loaded: the column titles (after a dropped "No." column) and the header's last row."""

    columns: list[str]
    header_row: int


def load_raw(con: duckdb.DuckDBPyConnection, path: Path, *, sheet: str | None, workdir: Path,
             progress: Progress | None = None) -> RawTable:  # fmt: skip
    """Fill table ``raw`` from a CSV file or one workbook sheet; raises ``ReadError`` for bad files."""
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        table = _load_csv(con, path, workdir=workdir)
        if progress:
            row = con.execute("SELECT count(*) FROM raw").fetchone()
            progress(row[0] if row else 0)
        return table
    return _load_workbook(con, path, sheet=sheet, progress=progress)


def _drop_skipped_rows(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Delete blank and subtotal/total rows, as the Python reader skips them in workbooks.

    Same rule as ``readers.header.is_skipped_row``: a row is a total when its first filled cell is a
    total label ("Jumlah", "TOTAL") or starts with one and every other filled cell is a number.
    """
    cells = ", ".join(f"nullif(trim({name}), '')" for name in names)
    labels = ", ".join(f"'{label}'" for label in sorted(TOTAL_LABELS))
    prefixes = "|".join(TOTAL_PREFIXES)
    con.execute(
        f"""
        DELETE FROM raw WHERE row_number IN (
            SELECT row_number FROM (
                SELECT row_number, list_filter([{cells}], x -> x IS NOT NULL) AS filled FROM raw
                -- Cheap pre-filter: only blank rows and rows whose first filled cell starts like a total.
                WHERE coalesce({cells}) IS NULL OR regexp_matches(lower(coalesce({cells})), '^\\s*({prefixes})')
            )
            WHERE len(filled) = 0
               OR regexp_replace(lower(rtrim(filled[1], ':')), '\\s+', ' ', 'g') IN ({labels})
               OR (regexp_matches(lower(filled[1]), '^({prefixes})')
                   AND list_bool_and(list_transform(filled[2:], x -> regexp_full_match(x, '[+-]?[0-9 .,]*[0-9][0-9 .,]*%?'))))
        )
        """
    )


def _column_names(width: int) -> list[str]:
    return [f"c{index}" for index in range(width)]


def _create_raw(con: duckdb.DuckDBPyConnection, width: int, *, lead: list[str] | None = None) -> None:
    """Table ``raw``; ``lead`` columns (a "No." column left of the header) exist only until rows are sifted."""
    columns = ", ".join(f"{name} VARCHAR" for name in [*(lead or []), *_column_names(width)])
    con.execute(f"CREATE OR REPLACE TABLE raw (row_number BIGINT, {columns})")


def _load_csv(con: duckdb.DuckDBPyConnection, path: Path, *, workdir: Path) -> RawTable:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample, name=path.name)
    dialect = detect_delimiter(sample.decode(encoding, errors="ignore"))
    with read_table(path) as reader:
        header, header_row, first = reader.columns, reader.header_row, reader.header.first_column
    readable = path if encoding == "utf-8-sig" else _transcode(path, encoding, workdir / "utf8.csv")
    width = len(header)
    lead = [f"lead{index}" for index in range(first)]
    _create_raw(con, width, lead=lead)
    # A few spare columns absorb cells typed right of the header; they are not kept.
    types = ", ".join(f"'{name}': 'VARCHAR'" for name in _column_names(first + width + 8))
    kept = ", ".join([*(f"c{index} AS {name}" for index, name in enumerate(lead)),
                      *(f"c{first + index} AS c{index}" for index in range(width))])  # fmt: skip
    quote = (dialect.quotechar or '"').replace("'", "''")
    sql = f"""
        INSERT INTO raw
        SELECT row_number() OVER () + {header_row} AS row_number, {kept}
        FROM read_csv($path, header = false, skip = {header_row}, delim = $delim, quote = '{quote}',
                      columns = {{{types}}}, auto_detect = false, null_padding = true,
                      strict_mode = false, parallel = $parallel)
    """
    params = {"path": str(readable), "delim": dialect.delimiter}
    try:
        try:
            # The parallel scanner keeps file order (row_number stays the spreadsheet row) ...
            con.execute(sql, params | {"parallel": True})
        except duckdb.Error as error:
            if "parallel" not in str(error):
                raise
            # ... but cannot combine ragged rows with line breaks inside quoted cells ("Jl. Mawar\nRT 2").
            con.execute("DELETE FROM raw")
            con.execute(sql, params | {"parallel": False})
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        raise ReadError(
            _("%(name)s tidak dapat dibaca sebagai CSV: %(error)s") % {"name": path.name, "error": first_line}
        ) from error
    # A "JUMLAH" label often sits in the dropped "No." column, so rows are sifted with it (it stays unused).
    _drop_skipped_rows(con, [*lead, *_column_names(width)])
    return RawTable(columns=header, header_row=header_row)


def _transcode(path: Path, encoding: str, target: Path) -> Path:
    """A UTF-8 copy of a Windows-1252 or UTF-16 file, written in chunks (never the whole file in memory)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as sink:
        while chunk := source.read(TRANSCODE_CHUNK):
            try:
                sink.write(decoder.decode(chunk))
            except UnicodeDecodeError as error:
                raise ReadError(
                    _("%(name)s: teks pada byte %(position)d tidak dapat dibaca sebagai %(encoding)s.")
                    % {"name": path.name, "position": offset + error.start + 1, "encoding": encoding}
                ) from error
            offset += len(chunk)
        sink.write(decoder.decode(b"", final=True))
    return target


def _load_workbook(con: duckdb.DuckDBPyConnection, path: Path, *, sheet: str | None,
                   progress: Progress | None) -> RawTable:  # fmt: skip
    with read_table(path, sheet=sheet) as reader:
        width = len(reader.columns)
        _create_raw(con, width)
        names = ["row_number", *_column_names(width)]
        loaded = 0
        for batch in _arrow_batches(reader, width):
            con.register("raw_batch", pa.Table.from_arrays(batch, names=names))
            con.execute("INSERT INTO raw SELECT * FROM raw_batch")
            con.unregister("raw_batch")
            loaded += len(batch[0])
            if progress:
                progress(loaded)
        return RawTable(columns=reader.columns, header_row=reader.header_row)


def _arrow_batches(reader: TableReader, width: int) -> Iterator[list[pa.Array]]:
    """Column arrays of up to ``ARROW_BATCH_ROWS`` rows; cells wider than the header are dropped."""
    numbers: list[int] = []
    rows: list[list[str | None]] = []
    for row in reader:
        numbers.append(row.number)
        # Text cells (most of them) skip the call: this loop runs once per cell of the sheet.
        rows.append(
            [(cell or None) if type(cell) is str else cell_as_text(cell) for cell in row.values[:width]]
        )
        if len(rows) == ARROW_BATCH_ROWS:
            yield _to_arrays(numbers, rows, width)
            numbers, rows = [], []
    if rows:
        yield _to_arrays(numbers, rows, width)


def _to_arrays(numbers: list[int], rows: list[list[str | None]], width: int) -> list[pa.Array]:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]
    return [pa.array(numbers, pa.int64()), *(pa.array(column, pa.string()) for column in columns)]


def cell_as_text(value: Cell) -> str | None:
    """A workbook cell as the text the cleaning SQL expects.

    Whole numbers lose their ``.0`` (a phone number stored as a number); numbers too long for a float to
    hold exactly are written in scientific notation so that cleaning flags the lost digits; dates are
    ISO ``YYYY-MM-DD``.
    """
    if type(value) is str:  # most cells: no conversion
        return value or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        # Digits beyond a float's precision are already invented: say so with scientific notation.
        return f"{value:e}" if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return None
    return str(value)
