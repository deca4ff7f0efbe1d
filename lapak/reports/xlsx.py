"""A report as an XLSX workbook (xlsxwriter): a cover sheet with the key figures, then one sheet per table
with a title, a header row and numbers formatted as Rupiah, thousands or percent.

Text is always written as text, and any cell that a spreadsheet would read as a formula (starting with
``= + - @``, or a tab or carriage return) gets a leading quote: names typed by business owners reach these
sheets, and a "name" like ``=HYPERLINK(...)`` must stay a name.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from lapak.core.spreadsheet import formula_safe
from lapak.reports.tables import Cell, Table

NUMBER_FORMATS = {
    Cell.INTEGER: "#,##0",
    Cell.RUPIAH: '"Rp"#,##0',
    Cell.PERCENT: "0.0%",
    Cell.DECIMAL: "#,##0.00",
}
SHEET_NAME_MAX = 31
INVALID_SHEET_CHARACTERS = str.maketrans({c: "-" for c in "[]:*?/\\"})


def sheet_name(key: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = key.translate(INVALID_SHEET_CHARACTERS)[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = f"{base[: SHEET_NAME_MAX - len(suffix)]}{suffix}", number + 1
    taken.add(name.lower())
    return name


def workbook_bytes(
    *, title: str, subtitle: str, summary: Sequence[tuple[str, Any, Cell]], tables: Sequence[Table]
) -> bytes:
    """The whole workbook in memory: reports hold hundreds of rows at most."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(buffer, options | {"strings_to_urls": False})
    styles = _styles(workbook)
    taken: set[str] = set()
    cover = workbook.add_worksheet(sheet_name(_("Ringkasan"), taken))
    _write_title(cover, title, subtitle, styles)
    cover.write_row(3, 0, [_("Indikator"), _("Nilai")], styles["header"])
    for row, (label, value, cell) in enumerate(summary, start=4):
        _write_cell(cover, row, 0, label, Cell.TEXT, styles)
        _write_cell(cover, row, 1, value, cell, styles)
    cover.set_column(0, 0, 48)
    cover.set_column(1, 1, 22)
    for table in tables:
        _write_table(workbook.add_worksheet(sheet_name(table.key, taken)), table, subtitle, styles)
    workbook.close()
    return buffer.getvalue()


def _styles(workbook: Workbook) -> dict[str, Any]:
    styles: dict[str, Any] = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True, "border": 1}),
        "total": workbook.add_format({"bold": True, "top": 1}),
    }
    for cell, pattern in NUMBER_FORMATS.items():
        styles[cell] = workbook.add_format({"num_format": pattern})
        styles[f"total-{cell}"] = workbook.add_format({"num_format": pattern, "bold": True, "top": 1})
    return styles


def _write_title(sheet: Worksheet, title: str, subtitle: str, styles: dict[str, Any]) -> None:
    sheet.write_string(0, 0, formula_safe(title), styles["title"])
    sheet.write_string(1, 0, formula_safe(subtitle))


def _write_table(sheet: Worksheet, table: Table, subtitle: str, styles: dict[str, Any]) -> None:
    _write_title(sheet, table.title, subtitle, styles)
    header_row = 3
    if table.note:
        sheet.write_string(2, 0, formula_safe(table.note))
    sheet.write_row(header_row, 0, [formula_safe(c.label) for c in table.columns], styles["header"])
    row = header_row
    for row, values in enumerate(table.rows, start=header_row + 1):
        for column, (spec, value) in enumerate(zip(table.columns, values, strict=True)):
            _write_cell(sheet, row, column, value, spec.cell, styles)
    if table.total is not None:
        row += 1
        for column, (spec, value) in enumerate(zip(table.columns, table.total, strict=True)):
            _write_cell(sheet, row, column, value, spec.cell, styles, prefix="total-")
    for column, spec in enumerate(table.columns):
        sheet.set_column(column, column, 16 if spec.numeric else 34)
    if table.rows:
        sheet.autofilter(header_row, 0, header_row + len(table.rows), len(table.columns) - 1)
    sheet.freeze_panes(header_row + 1, 0)


def _write_cell(
    sheet: Worksheet, row: int, column: int, value: Any, cell: Cell, styles: dict[str, Any], prefix: str = ""
) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None, styles.get(f"{prefix}{cell}"))
    elif cell == Cell.TEXT or not isinstance(value, int | float | Decimal):
        style = styles["total"] if prefix else None
        sheet.write_string(row, column, formula_safe(str(value)), style)
    else:
        number = float(value) / 100 if cell == Cell.PERCENT else float(value)
        sheet.write_number(row, column, number, styles[f"{prefix}{cell}"])
