"""Cells for files people open in Excel or LibreOffice: text that looks like a formula stays text.

A spreadsheet evaluates a cell starting with = + - @ (and tab or carriage return, which some strip first);
an owner could name a business ``=HYPERLINK("http://…")`` and run it on an officer's computer.

- CSV has no cell types: every text value passes through :func:`formula_safe`, which puts an apostrophe in
  front (the OWASP advice for CSV).
- XLSX writers keep text as string cells (xlsxwriter with ``strings_to_formulas=False`` or ``write_string``),
  which no spreadsheet evaluates, so the text stays exactly as the owner typed it.
"""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would evaluate."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
