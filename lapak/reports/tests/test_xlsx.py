"""The XLSX writer: one sheet per table, Rupiah number formats, formulas neutralised."""

import io

from openpyxl import load_workbook

from lapak.reports.tables import Cell, Column, Table
from lapak.reports.xlsx import sheet_name, workbook_bytes


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    names = [sheet_name(key, taken) for key in ("Tujuan/provinsi", "Tujuan/provinsi", "x" * 40)]
    assert names == ["Tujuan-provinsi", "Tujuan-provinsi (2)", "x" * 31]


def test_each_table_is_a_sheet_with_rupiah_formats_and_text_kept_as_text() -> None:
    table = Table(
        "Wilayah",
        "Per kab/kota",
        [
            Column("Kab/kota"),
            Column("Usaha", Cell.INTEGER),
            Column("GMV", Cell.RUPIAH),
            Column("Penetrasi", Cell.PERCENT),
        ],
        [('=HYPERLINK("http://x")', 1606, 1_234_567, 12.5), ("Kab. Sampang", 10, None, None)],
        total=("Jumlah", 1616, 1_234_567, None),
    )
    data = workbook_bytes(
        title="Ringkasan Bulanan", subtitle="Provinsi Jawa Timur · Oktober 2026",
        summary=[("GMV daring", 1_234_567, Cell.RUPIAH)], tables=[table],
    )  # fmt: skip
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Ringkasan", "Wilayah"]
    cover = book["Ringkasan"]
    assert cover["A1"].value == "Ringkasan Bulanan"
    assert (cover["A5"].value, cover["B5"].value, cover["B5"].number_format) == (
        "GMV daring",
        1_234_567,
        '"Rp"#,##0',
    )
    sheet = book["Wilayah"]
    assert [c.value for c in sheet[4]] == ["Kab/kota", "Usaha", "GMV", "Penetrasi"]
    first = sheet[5]
    assert first[0].value == '\'=HYPERLINK("http://x")' and first[0].data_type == "s"
    assert (first[1].value, first[1].number_format) == (1606, "#,##0")
    assert (first[2].value, first[2].number_format) == (1_234_567, '"Rp"#,##0')
    assert (first[3].value, first[3].number_format) == (0.125, "0.0%")
    assert sheet["C6"].value is None
    assert [c.value for c in sheet[7]][:3] == ["Jumlah", 1616, 1_234_567]
