"""Reading the cells of sales files: Rupiah amounts, counts, order times, and column titles to fields.

Pure functions over the cells ``lapak.ingest.readers`` hands out (str, int, float, date, datetime).
Nothing here raises on bad input: an unreadable value comes back as ``None`` for the caller to report
with its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lapak.ingest.mapping import header_key
from lapak.ingest.readers import Cell, parse_date
from lapak.ingest.readers.cells import cell_text

MAX_ERRORS = 200
_EXCEL_EPOCH = datetime(1899, 12, 30)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_CURRENCY = re.compile(r"(?i)^(rp\.?|idr)\s*")
_TIME_PART = re.compile(r"^(.*?)[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*(?:WIB|[+-]07:?00))?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_NUMERIC_MONTH = re.compile(r"^(?:(\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2}))$")


def parse_number(value: Cell) -> Decimal | None:
    """A number as Indonesian and English files write it: ``15.000``, ``Rp 15.000,00``, ``15,000``, ``-5``.

    A dot or comma followed by groups of exactly three digits is a thousands separator; with both, the
    last one is the decimal mark. ``(15.000)`` is negative, as accountants write it.
    """
    if isinstance(value, bool) or value is None or isinstance(value, date | time | timedelta):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    text = cell_text(value).replace(" ", "")
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = _CURRENCY.sub("", text.strip("()").lstrip("-+"))
    text = text.removesuffix(",-").removesuffix(".-")
    number = _plain_number(text)
    if number is None:
        return None
    return -number if negative else number


def _plain_number(text: str) -> Decimal | None:
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif _THOUSANDS_DOT.match(text) or _THOUSANDS_COMMA.match(text):
        text = text.replace(".", "").replace(",", "")
    else:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_rupiah(value: Cell) -> int | None:
    """Whole Rupiah (sen rounded half up), possibly negative; ``None`` when unreadable."""
    number = parse_number(value)
    return None if number is None else int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_count(value: Cell) -> int | None:
    """A whole number ("2", "2,0", 2.0); ``None`` for a fraction or text."""
    number = parse_number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_moment(value: Cell) -> datetime | None:
    """A naive local date and time from a spreadsheet date, an Excel serial or text.

    Text is a date as :func:`lapak.ingest.readers.parse_date` reads it, optionally followed by a time
    (``17/08/2025 13:45``, ``2025-08-17T13:45:00``, ``17-08-2025 13:45 WIB``). A date alone is midnight.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = parse_date(value)
        return _EXCEL_EPOCH + timedelta(days=float(value)) if day is not None else None
    text = cell_text(value)
    match = _TIME_PART.match(text)
    if match is None:
        day = parse_date(text)
        return datetime.combine(day, time()) if day is not None else None
    day = parse_date(match.group(1))
    hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    return datetime.combine(day, time(hour, minute, second))


def parse_period(value: Cell) -> datetime | None:
    """Like :func:`parse_moment`, and also a month ("Oktober 2026", "10/2026", "2026-10") as its first day.

    Owners report their sales per month; such a row is dated the first of the month.
    """
    moment = parse_moment(value)
    if moment is not None or not isinstance(value, str):
        return moment
    text = cell_text(value)
    if match := _MONTH_YEAR.match(text):
        day = parse_date(f"1 {match.group(1)} {match.group(2)}")
    elif match := _NUMERIC_MONTH.match(text):
        month, year = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
        day = parse_date(f"1/{month}/{year}")
    else:
        return None
    return datetime.combine(day, time()) if day is not None else None


@dataclass(frozen=True)
class FileField:
    """A field of a sales file: its key, its name in messages, and the column titles that carry it."""

    key: str
    label: str | Promise
    aliases: tuple[str, ...]
    required: bool = False


def match_columns(columns: list[str], fields: tuple[FileField, ...]) -> dict[str, int]:
    """``{field key: column index}``: first by an exact alias, then by the longest alias a title starts with.

    Titles are compared as ``lapak.ingest.mapping.header_key`` normalises them, so "No. Pesanan",
    "NO PESANAN" and "no_pesanan" are one title. An alias ending in ``$`` ("total$") only matches a whole
    title: "Total" is a line's amount, "Total Pembayaran" is not. A column serves one field only.
    """
    keys = [header_key(column) for column in columns]
    exact: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for item in fields:
        for alias in (*item.aliases, f"{item.label}$"):
            title = header_key(alias.rstrip("$"))
            exact.setdefault(title, item.key)
            if not alias.endswith("$"):
                prefixes.setdefault(title, item.key)
    found: dict[str, int] = {}
    for index, key in enumerate(keys):
        name = exact.get(key)
        if name and name not in found:
            found[name] = index
    candidates = []
    for index, key in enumerate(keys):
        if index not in found.values() and (match := _prefix_field(key, prefixes)):
            candidates.append((-match[0], index, match[1]))
    for _length, index, name in sorted(candidates):
        if name not in found and index not in found.values():
            found[name] = index
    return found


def _prefix_field(key: str, prefixes: dict[str, str]) -> tuple[int, str] | None:
    """The longest alias that is the first words of ``key`` (in words), and its field."""
    parts = key.split(" ")
    for length in range(len(parts) - 1, 0, -1):
        name = prefixes.get(" ".join(parts[:length]))
        if name:
            return length, name
    return None


@dataclass(frozen=True)
class RowError:
    """A problem in a file: its 1-based row (0 for the file as a whole), the column, and what is wrong."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        return _("Baris %(row)d, kolom “%(field)s”: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import found and did; nothing is written unless ``errors`` is empty."""

    rows: int = 0
    orders: int = 0
    orders_added: int = 0
    lines_added: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def orders_existing(self) -> int:
        return self.orders - self.orders_added

    def error(self, row: int, field: str, message: str) -> None:
        """Record a problem; only the first ``MAX_ERRORS`` are kept, all are counted."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, field, message))
