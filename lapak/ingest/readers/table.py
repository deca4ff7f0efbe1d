"""The table a reader hands back: a detected header and a stream of data rows."""

import itertools
from collections.abc import Callable, Iterator
from typing import NamedTuple, Self

from django.utils.translation import gettext as _

from .cells import Cell, is_blank
from .header import HEADER_SEARCH_ROWS, Header, detect_header, is_skipped_row

MAX_COLUMNS = 500


class ReadError(ValueError):
    """A file that cannot be read as a table; the message (Bahasa Indonesia) says what and where."""


class Row(NamedTuple):
    """One data row: its 1-based row number in the file or sheet, and its cells under the header."""

    number: int
    values: list[Cell]


NumberedCells = tuple[int, list[Cell]]


class TableReader:
    """Header and data rows of one CSV file or one sheet, read once, front to back.

    Iterating yields :class:`Row` objects, skipping blank and subtotal rows. Use it as a context
    manager (or call :meth:`close`) so the file is closed even when a caller stops early.
    """

    def __init__(self, *, name: str, rows: Iterator[NumberedCells], close: Callable[[], None]) -> None:
        self.name = name
        self._close = close
        try:
            self._rows, self.header, self.header_row = _split_header(name, rows)
        except BaseException:
            close()
            raise

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return self.header.names

    def __iter__(self) -> Iterator[Row]:
        first, width = self.header.first_column, len(self.header.names)
        try:
            for number, cells in self._rows:
                if is_skipped_row(cells):
                    continue
                _check_width(self.name, number, cells)
                yield Row(number, _fit(cells[first:], width))
        finally:
            self.close()

    def close(self) -> None:
        """Release the file; safe to call more than once."""
        self._close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _split_header(name: str, rows: Iterator[NumberedCells]) -> tuple[Iterator[NumberedCells], Header, int]:
    """The header found in the first rows, the rows after it, and the header's last row number.

    Raises ``ReadError`` when there is no header, too many columns or no data row at all. Only the
    first rows and the first data row are buffered; the rest stays a stream.
    """
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS + 1))
    for number, cells in head:
        _check_width(name, number, cells)
    header = detect_header([cells for _, cells in head])
    if header is None:
        raise ReadError(_("%(name)s: tidak ada judul kolom maupun data.") % {"name": name})
    after = iter(head[header.last_row + 1 :])
    data = itertools.chain(after, rows)
    first_data = next((row for row in data if not is_skipped_row(row[1])), None)
    if first_data is None:
        raise ReadError(
            _("%(name)s: tidak ada baris data di bawah judul kolom (baris %(row)d).")
            % {"name": name, "row": head[header.last_row][0]}
        )
    return itertools.chain([first_data], data), header, head[header.last_row][0]


def _check_width(name: str, number: int, cells: list[Cell]) -> None:
    """Refuse a row wider than :data:`MAX_COLUMNS` filled-or-inner columns."""
    if len(cells) <= MAX_COLUMNS:
        return
    width = len(cells)
    while width > MAX_COLUMNS and is_blank(cells[width - 1]):
        width -= 1
    if width > MAX_COLUMNS:
        raise ReadError(
            _("%(name)s baris %(row)d: %(count)d kolom, lebih dari batas %(max)d kolom.")
            % {"name": name, "row": number, "count": width, "max": MAX_COLUMNS}
        )


def _fit(cells: list[Cell], width: int) -> list[Cell]:
    """Cells padded with ``""`` to the header's width; extra cells are kept only when filled."""
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if len(cells) > width and all(is_blank(cell) for cell in cells[width:]):
        return cells[:width]
    return cells
