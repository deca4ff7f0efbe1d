"""Finding the header of a government sheet and telling data rows from decoration.

Agency sheets put a title (and sometimes a date or a blank line) above the header, split the header over
two rows under a merged parent cell ("Alamat" over "Desa/Kel" | "Kecamatan"), number rows in a "No."
column and end groups with "Jumlah" rows. These functions work on plain lists of cells, so CSV and
spreadsheet readers share them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cells import Cell, cell_text, is_blank, is_number_like, is_text

HEADER_SEARCH_ROWS = 20

# Words that appear in the column titles of UMKM lists; two of them in one row mark it as the header.
HEADER_WORDS: frozenset[str] = frozenset(
    {
        "nama", "usaha", "umkm", "ikm", "ukm", "pemilik", "pelaku", "alamat", "jalan", "jl", "desa",
        "kel", "kelurahan", "kec", "kecamatan", "kab", "kabupaten", "kota", "provinsi", "nib", "nik",
        "npwp", "telepon", "telp", "tlp", "hp", "wa", "whatsapp", "email", "produk", "jenis", "bidang",
        "sektor", "komoditas", "tanggal", "tgl", "lahir", "kelamin", "jk", "omzet", "omset", "modal",
        "aset", "tenaga", "kerja", "rt", "rw", "merek", "izin", "legalitas", "keterangan", "ket",
    }
)  # fmt: skip
_NO_COLUMN = frozenset({"no", "no.", "nomor", "no urut", "no. urut", "nomor urut", "#"})
TOTAL_LABELS = frozenset(
    {"jumlah", "total", "jumlah total", "sub total", "subtotal", "grand total", "total keseluruhan",
     "jumlah keseluruhan", "jumlah seluruhnya"}
)  # fmt: skip
TOTAL_PREFIXES = ("jumlah", "total", "sub total", "subtotal")
_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Header:
    """Where the header is and what the columns are called.

    ``first_row`` and ``last_row`` are 0-based indexes into the rows searched (equal for a one-row
    header); ``first_column`` is where the kept columns start (after a dropped "No." column).
    """

    names: list[str]
    first_row: int
    last_row: int
    first_column: int


def detect_header(rows: Sequence[Sequence[Cell]]) -> Header | None:
    """The header among the first rows of a sheet, or ``None`` when no row has text in it."""
    index = _find_header_row(rows[:HEADER_SEARCH_ROWS])
    if index is None:
        return None
    names = [cell_text(cell) for cell in rows[index]]
    last_row = index
    if index + 1 < len(rows) and _is_sub_header(rows[index], rows[index + 1]):
        names = _join_two_rows(rows[index], rows[index + 1])
        last_row = index + 1
    while names and not names[-1]:
        names.pop()
    first_column = _first_kept_column(names)
    return Header(names[first_column:], index, last_row, first_column)


def _find_header_row(rows: Sequence[Sequence[Cell]]) -> int | None:
    """First mostly-text row with two known header words, else the row with the most text cells."""
    best_index, best_count = None, 0
    for index, row in enumerate(rows):
        filled = [cell for cell in row if not is_blank(cell)]
        text_cells = [cell for cell in filled if is_text(cell)]
        if not text_cells:
            continue
        mostly_text = len(text_cells) * 5 >= len(filled) * 4
        if mostly_text and sum(_has_header_word(cell) for cell in text_cells) >= 2:
            return index
        if len(text_cells) > best_count:
            best_index, best_count = index, len(text_cells)
    return best_index


def _has_header_word(cell: Cell) -> bool:
    """True when one of the words of the cell is a known header word."""
    return any(word in HEADER_WORDS for word in _WORDS.findall(cell_text(cell).lower()))


def _is_sub_header(parent: Sequence[Cell], child: Sequence[Cell]) -> bool:
    """True when ``child`` holds the second row of a header split under merged parent cells.

    The child must be all text, every filled child cell must sit under a merge group (a parent cell
    followed by blanks, or one of those blanks), and at least one child cell must sit under a blank
    parent cell: that blank is the rest of a merged parent.
    """
    filled = [(column, cell) for column, cell in enumerate(child) if not is_blank(cell)]
    if not filled or not all(is_text(cell) for _, cell in filled):
        return False
    parent_text = [cell_text(cell) for cell in parent]
    under_blank = False
    for column, _ in filled:
        here = parent_text[column] if column < len(parent_text) else ""
        after = parent_text[column + 1] if column + 1 < len(parent_text) else ""
        if not here:
            under_blank = True
        elif after:
            return False
    return under_blank


def _join_two_rows(parent: Sequence[Cell], child: Sequence[Cell]) -> list[str]:
    """Column names from a two-row header: the merged parent's text before each child's text."""
    width = max(len(parent), len(child))
    names: list[str] = []
    group = ""
    for column in range(width):
        above = cell_text(parent[column]) if column < len(parent) else ""
        below = cell_text(child[column]) if column < len(child) else ""
        if above:
            group = above if below else ""
        if not above and not below:
            group = ""
        names.append(" ".join(part for part in (above or group, below) if part))
    return names


def _first_kept_column(names: list[str]) -> int:
    """Index of the first column to keep: past leading blank columns and a "No." column."""
    first = next((column for column, name in enumerate(names) if name), 0)
    if first < len(names) and names[first].lower() in _NO_COLUMN:
        return first + 1
    return first


def is_total_row(row: Sequence[Cell]) -> bool:
    """True for a subtotal or total row ("Jumlah", "TOTAL", "Jumlah Kec. Dau" followed by numbers)."""
    filled = [cell for cell in row if not is_blank(cell)]
    if not filled:
        return False
    label = " ".join(cell_text(filled[0]).lower().rstrip(":").split())
    if label in TOTAL_LABELS:
        return True
    return label.startswith(TOTAL_PREFIXES) and all(is_number_like(cell) for cell in filled[1:])


def is_skipped_row(row: Sequence[Cell]) -> bool:
    """True for a row that carries no record: blank, or a subtotal/total.

    Looks at the first filled cell only, unless it reads like a total label: a data row usually starts
    with a number or a name, so most rows are decided after one or two cells.
    """
    first = next((cell for cell in row if not is_blank(cell)), None)
    if first is None:
        return True
    if not isinstance(first, str):
        return False  # a number or a date is never a "Jumlah" label
    label = " ".join(cell_text(first).lower().rstrip(":").split())
    return label in TOTAL_LABELS or (label.startswith(TOTAL_PREFIXES) and is_total_row(row))
