from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from lapak.ingest.readers import ReadError, clean_identifier, list_sheets, parse_date, read_table
from lapak.ingest.readers.cells import Cell
from lapak.ingest.readers.header import detect_header, is_total_row
from lapak.registry.validators import normalize_phone

FIXTURES = Path(__file__).parent / "fixtures"
WORKBOOKS = ["umkm_openpyxl.xlsx", "umkm_libreoffice.xlsx", "umkm_libreoffice.xls"]

CSV_ROWS = [
    ["DAFTAR UMKM KOTA BATU"],
    [],
    ["No.", "Nama Usaha", "Nama Pemilik", "Kecamatan", "Omzet"],
    ["1", "Kripik Apel Ibu Siti", "Siti", "Bumiaji", "1.250.000"],
    ["", "", "", "", ""],
    ["2", "Sari Apel Crème", "Dewi", "Junrejo", "2.000,5"],
    ["JUMLAH", "", "", "", "3.250.000"],
]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    lines = [delimiter.join(cell if delimiter not in cell else f'"{cell}"' for cell in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def read_all(path: Path, **options: str) -> tuple[list[str], list[tuple[int, list[Cell]]]]:
    with read_table(path, **options) as table:
        return table.columns, [(row.number, row.values) for row in table]


# --- cells -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3527014507850001.0, "3527014507850001"),
        ("3527014507850001.0", "3527014507850001"),
        (3527014507850001, "3527014507850001"),
        (" '3527014507850001 ", "3527014507850001"),
        ("9120 0012 3456 7", "9120 0012 3456 7"),
        ("3.52701E+15", ""),
        ("3,52701e15", ""),
        (1e17, ""),
        (12.5, ""),
        (None, ""),
        (date(2020, 8, 17), ""),
    ],
)
def test_it_cleans_identifiers_spreadsheets_turned_into_numbers(value: Cell, expected: str) -> None:
    assert clean_identifier(value) == expected


def test_it_leaves_a_phone_that_lost_its_zero_to_normalize_phone() -> None:
    assert normalize_phone(clean_identifier(81234567890.0)) == "+6281234567890"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2020, 8, 17, 9, 30), date(2020, 8, 17)),
        (date(2020, 8, 17), date(2020, 8, 17)),
        ("17/08/2020", date(2020, 8, 17)),
        ("17-08-2020", date(2020, 8, 17)),
        ("17.8.20", date(2020, 8, 17)),
        ("2020-08-17", date(2020, 8, 17)),
        ("2020-08-17 00:00:00", date(2020, 8, 17)),
        ("17 Agustus 2020", date(2020, 8, 17)),
        ("17 agt. 2020", date(2020, 8, 17)),
        ("1 Pebruari 2021", date(2021, 2, 1)),
        ("5-Mei-2019", date(2019, 5, 5)),
        (44060, date(2020, 8, 17)),
        (44060.75, date(2020, 8, 17)),
        ("44060", date(2020, 8, 17)),
        ("31/02/2020", None),
        ("08/17/2020", None),
        ("17 Agustos 2020", None),
        ("besok", None),
        (12, None),
        (True, None),
        ("", None),
    ],
)
def test_it_parses_dates_in_the_forms_agencies_write(value: Cell, expected: date | None) -> None:
    assert parse_date(value) == expected


# --- header ----------------------------------------------------------------------------------------------


def test_it_finds_the_header_below_title_rows_and_drops_the_no_column() -> None:
    rows: list[list[Cell]] = [
        ["DAFTAR UMKM KABUPATEN MALANG", "", ""],
        ["Per 31 Desember 2024", "", ""],
        ["NO URUT", "NAMA UMKM", "No HP/WA"],
        [1, "Kripik Jaya", "0812"],
    ]
    header = detect_header(rows)
    assert header is not None
    assert (header.names, header.first_row, header.last_row) == (["NAMA UMKM", "No HP/WA"], 2, 2)


def test_it_falls_back_to_the_row_with_most_text_when_no_header_word_is_known() -> None:
    rows: list[list[Cell]] = [["Laporan", "", ""], ["Merek", "Harga", "Warna"], ["Apel", 5000, "Merah"]]
    header = detect_header(rows)
    assert header is not None
    assert header.names == ["Merek", "Harga", "Warna"]


def test_it_joins_a_two_row_header_under_a_merged_parent() -> None:
    rows: list[list[Cell]] = [
        ["No", "Nama Usaha", "Alamat", "", "NIB"],
        ["", "", "Desa/Kel", "Kecamatan", ""],
        ["1", "Kripik Jaya", "Dau", "Dau", "9120001234567"],
    ]
    header = detect_header(rows)
    assert header is not None
    assert header.names == ["Nama Usaha", "Alamat Desa/Kel", "Alamat Kecamatan", "NIB"]
    assert header.last_row == 1


def test_it_does_not_take_a_text_data_row_for_a_second_header_row() -> None:
    rows: list[list[Cell]] = [["Nama Usaha", "Desa", "Kecamatan"], ["Kripik Jaya", "Mulyoagung", "Dau"]]
    header = detect_header(rows)
    assert header is not None
    assert (header.names, header.last_row) == (["Nama Usaha", "Desa", "Kecamatan"], 0)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["Jumlah", "", "12"], True),
        (["", "JUMLAH TOTAL", "", "3.250.000"], True),
        (["Total:", "", ""], True),
        (["Jumlah Kec. Dau", "", 7, "1.000"], True),
        (["Total Jaya Abadi", "Dau", "0812"], False),
        (["1", "Jumlah Rasa", "Dau"], False),
    ],
)
def test_it_recognises_subtotal_and_total_rows(row: list[Cell], expected: bool) -> None:
    assert is_total_row(row) is expected


# --- CSV -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_reads_csv_in_each_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(tmp_path / "umkm.csv", CSV_ROWS, delimiter=delimiter, encoding=encoding)

    columns, rows = read_all(path)

    assert columns == ["Nama Usaha", "Nama Pemilik", "Kecamatan", "Omzet"]
    assert rows == [
        (4, ["Kripik Apel Ibu Siti", "Siti", "Bumiaji", "1.250.000"]),
        (6, ["Sari Apel Crème", "Dewi", "Junrejo", "2.000,5"]),
    ]


def test_it_reads_scientific_and_dot_zero_nik_from_a_csv(tmp_path: Path) -> None:
    rows = [
        ["Nama Usaha", "NIK", "Tanggal Daftar"],
        ["A", "3.52701E+15", "17/08/2020"],
        ["B", "3527014507850001.0", ""],
    ]
    _, read = read_all(write_csv(tmp_path / "nik.csv", rows, delimiter=";"))
    assert [(clean_identifier(values[1]), parse_date(values[2])) for _, values in read] == [
        ("", date(2020, 8, 17)),
        ("3527014507850001", None),
    ]


def test_it_reports_undecodable_bytes_beyond_the_sample_with_the_row_number(tmp_path: Path) -> None:
    rows = [["Nama Usaha", "Kecamatan"]] + [[f"Usaha {n}", "Dau"] for n in range(10_000)]
    path = write_csv(tmp_path / "late.csv", rows)
    path.write_bytes(path.read_bytes() + b"Kripik \x81\x8d,Dau\r\n")

    with read_table(path) as table, pytest.raises(ReadError, match="baris 10002"):
        list(table)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nama,Desa\r\n\x81\x8d\x8f,\x90\r\n", "pengodean teks tidak dikenali"),
        (b"\x89PNG\r\n\x00\x00", "biner"),
    ],
)
def test_it_refuses_a_file_in_an_unreadable_encoding(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "rusak.csv"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_table(path)


def test_it_refuses_a_csv_with_a_header_and_no_data(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kosong.csv", [["Judul"], ["Nama Usaha", "Desa"], [], ["Jumlah", "0"]])
    with pytest.raises(ReadError, match="tidak ada baris data di bawah judul kolom \\(baris 2\\)"):
        read_table(path)


def test_it_refuses_an_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "nol.csv"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="tidak ada judul kolom"):
        read_table(path)


def test_it_refuses_a_csv_with_1000_columns(tmp_path: Path) -> None:
    header = ["Nama Usaha", "Desa"] + [f"Kolom {n}" for n in range(998)]
    path = write_csv(tmp_path / "lebar.csv", [header, ["x"] * 1000])
    with pytest.raises(ReadError, match="baris 1: 1000 kolom, lebih dari batas 500"):
        read_table(path)


# --- spreadsheets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKBOOKS)
def test_it_reads_a_messy_government_sheet(name: str) -> None:
    columns, rows = read_all(FIXTURES / name, sheet="UKM")

    assert columns == [
        "Nama Usaha", "Nama Pemilik", "NIK", "Alamat Desa/Kel", "Alamat Kecamatan", "Tanggal Berdiri",
        "No HP",
    ]  # fmt: skip
    assert [number for number, _ in rows] == [6, 7, 9, 10]
    assert [values[0] for _, values in rows] == [
        "Keripik Tempe Bu Sri", "UD Kripik Jaya", "Toko Jahe Merah", "Batik Tulis Lestari",
    ]  # fmt: skip
    assert [clean_identifier(values[2]) for _, values in rows][1:] == [
        "3507011203900002",
        "",
        "3507015003880004",
    ]
    assert [parse_date(values[5]) for _, values in rows] == [date(2020, 8, 17)] * 4
    assert normalize_phone(clean_identifier(rows[0][1][6])) == "+6281234567890"


def test_it_keeps_every_digit_of_a_numeric_nik_that_excel_can_hold() -> None:
    _, rows = read_all(FIXTURES / "umkm_openpyxl.xlsx")
    assert clean_identifier(rows[0][1][2]) == "3507014507850001"


def test_it_shows_that_libreoffice_cuts_a_numeric_nik_to_15_digits() -> None:
    # Why NIK columns must be text in templates: the file itself has already lost the last digit.
    _, rows = read_all(FIXTURES / "umkm_libreoffice.xlsx")
    assert clean_identifier(rows[0][1][2]) == "3507014507850000"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_it_lists_and_reads_several_sheets_of_one_book(name: str) -> None:
    assert list_sheets(FIXTURES / name) == ["UKM", "IKM", "Kosong"]

    columns, rows = read_all(FIXTURES / name, sheet="IKM")

    assert columns == ["Nama Perusahaan", "Nama Pemilik", "Kecamatan", "NIB", "Tgl Izin"]
    assert [(clean_identifier(v[3]), parse_date(v[4])) for _, v in rows] == [
        ("9120001234567", date(2019, 1, 2)),
        ("9120001234568", date(2019, 1, 3)),
    ]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_it_refuses_an_empty_sheet_and_a_missing_sheet(name: str) -> None:
    with pytest.raises(ReadError, match="tidak ada judul kolom"):
        read_table(FIXTURES / name, sheet="Kosong")
    with pytest.raises(ReadError, match=r"lembar “Koperasi” tidak ada. Lembar yang ada: UKM, IKM, Kosong"):
        read_table(FIXTURES / name, sheet="Koperasi")


def test_it_refuses_a_truncated_xlsx(tmp_path: Path) -> None:
    data = (FIXTURES / "umkm_openpyxl.xlsx").read_bytes()
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match=r"terpotong.xlsx tidak dapat dibuka: file rusak"):
        read_table(path)


def test_it_refuses_a_corrupt_xls(tmp_path: Path) -> None:
    path = tmp_path / "palsu.xls"
    path.write_bytes(b"<html><table><tr><td>Nama Usaha</td></tr></table></html>")
    with pytest.raises(ReadError, match=r"palsu.xls tidak dapat dibuka"):
        read_table(path)


def test_it_refuses_a_zip_bomb_before_inflating_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet,
    ):
        for _ in range(300):
            sheet.write(bytes(1 << 20))
    with pytest.raises(ReadError, match=r"bom.xlsx ditolak: bagian xl/worksheets/sheet1.xml .* 300 MB"):
        read_table(path)
    with pytest.raises(ReadError, match="ditolak"):
        list_sheets(path)


def test_it_refuses_a_small_part_compressed_over_100_times(tmp_path: Path) -> None:
    path = tmp_path / "padat.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 << 20))
    with pytest.raises(ReadError, match=r"rasio kompresi maks. 100"):
        read_table(path)


def test_it_refuses_a_workbook_with_1000_columns_and_one_with_no_data_rows(tmp_path: Path) -> None:
    path = tmp_path / "lebar.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Lebar").write_row(0, 0, [f"Nama Usaha {n}" for n in range(1000)])
        book.add_worksheet("Judul").write_row(0, 0, ["Nama Usaha", "Desa", "Kecamatan"])
    with pytest.raises(ReadError, match=r"lebar.xlsx \[Lebar\]: 1000 kolom"):
        read_table(path)
    with pytest.raises(ReadError, match=r"\[Judul\]: tidak ada baris data"):
        read_table(path, sheet="Judul")


@pytest.mark.parametrize("name", ["umkm.ods", "umkm.pdf", "umkm"])
def test_it_refuses_an_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"Nama Usaha,Desa\r\nA,B\r\n")
    with pytest.raises(ReadError, match=r"tidak didukung. Gunakan CSV, XLSX atau XLS"):
        read_table(path)


def test_it_refuses_a_sheet_name_for_a_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "umkm.csv", CSV_ROWS)
    assert list_sheets(path) == []
    with pytest.raises(ReadError, match="tidak punya lembar kerja"):
        read_table(path, sheet="UKM")
