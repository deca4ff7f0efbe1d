"""The streaming XLSX writer of the bulk files: what Excel and LibreOffice read back (via openpyxl)."""

from pathlib import Path

import openpyxl
import pytest

from lapak.channels.files.sheetstream import HEADER, MAX_CELL_TEXT, StreamingSheet, column_letters


def test_column_letters() -> None:
    assert [column_letters(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_it_writes_text_numbers_and_styles_that_read_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "feed.xlsx"
    with StreamingSheet(path, sheet_name="Unggah <Massal> & Co", widths=[30, 12], frozen_rows=1) as sheet:
        sheet.row(0, [(1, "Harga"), (0, "Nama")], HEADER)
        sheet.row(1, [(0, '=HYPERLINK("x") & <b>Keripik</b>\x00\x07\nbaris 2'), (1, 15000)])
        sheet.row(3, [(1, 0.25), (27, "AB"), (0, "x" * (MAX_CELL_TEXT + 10))])
    book = openpyxl.load_workbook(path)
    ws = book.active
    assert ws.title == "Unggah <Massal> & Co"
    assert (ws["A1"].value, ws["B1"].value) == ("Nama", "Harga") and ws["A1"].font.b
    assert ws["A2"].value == '=HYPERLINK("x") & <b>Keripik</b>\nbaris 2'  # text, control chars dropped
    assert ws["A2"].data_type == "s" and ws["B2"].value == 15000
    assert ws["B4"].value == 0.25 and ws["AB4"].value == "AB" and len(ws["A4"].value) == MAX_CELL_TEXT
    assert ws["A3"].value is None
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 30


def test_rows_must_go_forward(tmp_path: Path) -> None:
    with StreamingSheet(tmp_path / "a.xlsx", sheet_name="A", widths=[]) as sheet:
        sheet.row(2, [(0, "a")])
        with pytest.raises(ValueError):
            sheet.row(1, [(0, "b")])
