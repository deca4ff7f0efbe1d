"""Reading agency files (CSV, XLSX, XLS) into a header and a stream of rows.

``read_table(path)`` picks the reader by extension and returns a :class:`TableReader`; iterate it for
:class:`Row` objects. ``list_sheets(path)`` names a workbook's sheets so a caller can read several.
Cell normalisers (:func:`clean_identifier`, :func:`parse_date`) are pure and used by validation later.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from .cells import Cell, clean_identifier, parse_date
from .csvfile import read_csv
from .excel import list_excel_sheets, read_excel
from .table import MAX_COLUMNS, ReadError, Row, TableReader

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})

__all__ = [
    "MAX_COLUMNS",
    "Cell",
    "ReadError",
    "Row",
    "TableReader",
    "clean_identifier",
    "list_sheets",
    "parse_date",
    "read_table",
]


def read_table(path: Path, *, sheet: str | None = None) -> TableReader:
    """The table in a CSV file or in one sheet of a workbook (the first sheet unless ``sheet`` is given).

    Raises ``ReadError`` (message in Bahasa Indonesia) for an unsupported, corrupt or empty file.
    """
    suffix = _suffix(path)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise ReadError(_("%(name)s adalah CSV dan tidak punya lembar kerja.") % {"name": path.name})
        return read_csv(path)
    return read_excel(path, sheet=sheet)


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, in order; a CSV file has none and gives ``[]``."""
    if _suffix(path) in CSV_SUFFIXES:
        return []
    return list_excel_sheets(path)


def _suffix(path: Path) -> str:
    """The lower-case extension, refused unless it is a supported format."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
        raise ReadError(
            _("%(name)s: jenis file “%(suffix)s” tidak didukung. Gunakan CSV, XLSX atau XLS.")
            % {"name": path.name, "suffix": suffix or _("(tanpa ekstensi)")}
        )
    return suffix
