"""CSV and XLSX downloads of a chart's table (``charts.ChartTable``): raw numbers (whole Rupiah, percent
with one decimal), months as ``YYYY-MM``. Cell text that a spreadsheet would run as a formula (starting
with = + - @ or a tab/return) gets a leading apostrophe, and xlsxwriter never turns strings into
formulas, numbers or links."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter

from lapak.core.spreadsheet import formula_safe
from lapak.insights.charts import ChartTable

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_FORMATS = {"rupiah": '"Rp"#,##0', "count": "#,##0", "percent": "0.0"}


def _raw(value: Any, unit: str) -> Any:
    if value is None:
        return ""
    if unit == "date" and isinstance(value, date):
        return value.strftime("%Y-%m")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and unit == "count" else float(value)
    return formula_safe(value)


def chart_csv(table: ChartTable) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (spreadsheets then read the accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([formula_safe(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([_raw(v, c.unit) for v, c in zip(row, table.columns, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def chart_xlsx(table: ChartTable, *, subtitle: str) -> bytes:
    """The table as one worksheet: a title, a line saying what it covers, headers, then the rows."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    workbook = xlsxwriter.Workbook(buffer, options)
    sheet = workbook.add_worksheet(table.title[:31])
    sheet.write_string(0, 0, formula_safe(table.title), workbook.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(1, 0, formula_safe(subtitle))
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    for column, spec in enumerate(table.columns):
        sheet.write_string(3, column, formula_safe(spec.label), header)
    formats = {unit: workbook.add_format({"num_format": f}) for unit, f in XLSX_FORMATS.items()}
    for line, row in enumerate(table.rows, start=4):
        for column, (value, spec) in enumerate(zip(row, table.columns, strict=True)):
            raw = _raw(value, spec.unit)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                sheet.write_number(line, column, raw, formats.get(spec.unit))
            else:
                sheet.write_string(line, column, str(raw))
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, len(table.columns) - 1, 16)
    workbook.close()
    return buffer.getvalue()
