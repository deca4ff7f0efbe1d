"""Pure functions over single cells as spreadsheets and CSV files give them.

A cell is what calamine returns (str, int, float, bool, date, datetime, time, timedelta) or a CSV string.
Empty cells are ``""``. Nothing here raises: a value that cannot be read comes back as ``""`` or ``None``
so the caller can flag the row and field.
"""

import re
from datetime import date, datetime, time, timedelta

Cell = str | int | float | bool | date | datetime | time | timedelta | None

# Excel counts days from 1899-12-30 once its fake 1900-02-29 is passed (serial 61 = 1900-03-01).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL_MIN = 61
_EXCEL_SERIAL_MAX = 2_958_465  # 9999-12-31
# A float holds every integer exactly only up to 2**53; beyond that digits of a NIK would be invented.
_FLOAT_EXACT_LIMIT = 2**53

_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s.,]*\d[\d\s.,]*%?$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_TRAILING_ZERO_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_NAMED_MONTH_DATE = re.compile(r"^(\d{1,2})[\s/.,-]+([A-Za-z]+)\.?[\s/.,-]+(\d{4})$")
_SERIAL_TEXT = re.compile(r"^(\d{5})(?:\.0+)?$")

_MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "agust", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}


def cell_text(value: Cell) -> str:
    """The cell as stripped text; non-breaking spaces count as spaces and ``None`` as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\xa0", " ").strip()


def is_blank(value: Cell) -> bool:
    """True for an empty or whitespace-only cell."""
    return cell_text(value) == ""


def is_text(value: Cell) -> bool:
    """True for a non-empty cell holding words rather than a number, date or numeric-looking string."""
    if not isinstance(value, str):
        return False
    text = cell_text(value)
    return bool(text) and not _NUMBER_LIKE.match(text) and parse_date(text) is None


def is_number_like(value: Cell) -> bool:
    """True for a number, or a string that reads as one (``"1.250.000"``, ``"12,5"``, ``"3.5E+15"``)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    text = cell_text(value)
    return bool(_NUMBER_LIKE.match(text) or _SCIENTIFIC.match(text))


def clean_identifier(value: Cell) -> str:
    """NIB, NIK or another long number as the digits the user meant, or ``""`` when they are lost.

    Spreadsheets turn identifiers into numbers: ``3527014507850001`` becomes a float, a CSV export
    writes ``3527014507850001.0`` or, worse, ``3.52701E+15``. Scientific notation has dropped digits and
    cannot be recovered, so it gives ``""`` for the caller to flag. Note that Excel itself keeps only 15
    significant digits of a number, so a 16-digit NIK typed as a number may already end in a wrong ``0``.
    Any other text (with spaces or dashes) is returned stripped; validators normalise it further.
    """
    if value is None or isinstance(value, bool | date | time | timedelta):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and 0 <= value < _FLOAT_EXACT_LIMIT:
            return str(int(value))
        return ""
    text = cell_text(value).lstrip("'").strip()
    if _SCIENTIFIC.match(text):
        return ""
    zero_decimal = _TRAILING_ZERO_DECIMAL.match(text)
    return zero_decimal.group(1) if zero_decimal else text


def parse_date(value: Cell) -> date | None:
    """A calendar date from an Excel date, an Excel serial number or Indonesian text, else ``None``.

    Text may be ``17/08/2020``, ``17-08-2020``, ``17.08.20``, ``2020-08-17`` or ``17 Agustus 2020``
    (Indonesian or English month names and abbreviations). Day comes before month, as written in
    Indonesia; an impossible date such as ``31/02/2020`` gives ``None``.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, time | timedelta):
        return None
    if isinstance(value, int | float):
        return _from_excel_serial(value)
    return _parse_date_text(cell_text(value))


def _from_excel_serial(serial: float) -> date | None:
    """The date of an Excel serial day number (fractions are a time of day and ignored)."""
    if not _EXCEL_SERIAL_MIN <= serial <= _EXCEL_SERIAL_MAX:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _parse_date_text(text: str) -> date | None:
    """A date from one of the written forms listed in :func:`parse_date`."""
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.match(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = _full_year(match.group(3))
    elif match := _NAMED_MONTH_DATE.match(text):
        month_number = _MONTHS.get(match.group(2).lower())
        if month_number is None:
            return None
        day, month, year = int(match.group(1)), month_number, int(match.group(3))
    elif match := _SERIAL_TEXT.match(text):
        return _from_excel_serial(int(match.group(1)))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(written: str) -> int:
    """A four-digit year; two digits are read as the most recent such year not in the future."""
    if len(written) == 4:
        return int(written)
    this_year = date.today().year
    year = this_year // 100 * 100 + int(written)
    return year - 100 if year > this_year else year
