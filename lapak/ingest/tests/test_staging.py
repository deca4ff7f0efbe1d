"""Staging of messy agency files: every cleaning and validation rule, on CSV and on LibreOffice workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from lapak.ingest.mapping import suggest_mapping
from lapak.ingest.readers import ReadError, read_table
from lapak.ingest.staging import StageResult, stage_file
from lapak.regions.models import Region

FIXTURES = Path(__file__).parent / "fixtures"
MALANG, KOTA_MALANG, BATU, SAMPANG = "35.07", "35.73", "35.79", "35.27"

HEADER = "No;Nama Usaha;Nama Pemilik;L/P;NIK;No HP/WA;Desa/Kel;Kecamatan;Kab/Kota;Jenis Usaha;Omzet;Tahun Berdiri\n"


def kecamatan(kabkota: str, name: str) -> str:
    return Region.objects.get(parent_id=kabkota, name__iexact=name).code


def province_regions() -> Any:
    return Region.objects.filter(code__startswith="35").values_list("code", "name", "level", "kind")


Staged = tuple[StageResult, dict[int, dict[str, Any]]]


def stage(path: Path, *, sheet: str | None = None, allowed: list[str] | None = None,
          default_kabkota: str | None = None, mapping: dict[str, str] | None = None) -> Staged:  # fmt: skip
    """Stage a file with the suggested mapping; rows by row number."""
    with read_table(path, sheet=sheet) as reader:
        columns = reader.columns
    target = path.with_name(path.stem + ".parquet")
    result = stage_file(
        path,
        sheet=sheet,
        mapping=mapping or suggest_mapping(columns),
        regions=province_regions,
        allowed_kabkota=allowed,
        target=target,
        default_kabkota=default_kabkota,
    )
    con = duckdb.connect()
    relation = con.sql(f"SELECT * FROM read_parquet('{target}') ORDER BY row_number")
    rows = {
        row["row_number"]: row
        for row in (dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall())
    }
    return result, rows


def messages(row: dict[str, Any], field: str | None = None) -> list[str]:
    return [p["message"] for p in row["problems"] if field is None or p["field"] == field]


def write(tmp_path: Path, body: str, *, encoding: str = "utf-8", name: str = "daftar.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        "DAFTAR UMKM BINAAN DINAS KOPERASI\nKeadaan November 2026\n\n" + HEADER
        + "1;Kripik Tempe Bu Sri;Sri Wahyuni;P;3.50701E+15;81234567890;Sumberpucung;Sumberpucung;Kab. Malang;Kuliner;Rp 12.000.000;2015\n"
        + "2;Batik Tulis Ayu;Ayu;perempuan;3507015003880004.0;0812-3456-7891;Ds. Sumberpucung;Kec. Sumberpucung;KABUPATEN MALANG;batik;12,5 juta;17/08/2010\n"
        + ";;;;;;;;;;;\n"
        + "3;;Tanpa Nama;L;;;;;Malang;;;\n"
        + "4;Toko Klojen;Budi;L;;+62 813 1111 2222;;Klojen;Malang;dagang;x;1800\n"
        + "5;Toko Jauh;Jauh;L;;;;;Gotham;jasa;;\n"
        + "6;Apel Batu;Rini;P;;0341 123 456;;;Batu;pertanian;;\n"
        + "7;Kripik Tempe Bu Sri;Sri Wahyuni;P;3.50701E+15;81234567890;Sumberpucung;Sumberpucung;Kab. Malang;Kuliner;Rp 12.000.000;2015\n"
        + "8;Bengkel Pak Eko;Eko;X;1234;12;Desa Entah;Sumberpucung;Kab. Malang;otomotif;;\n"
        + "JUMLAH;;;;;;;;;;48.000.000;\n",
    )  # fmt: skip


def test_it_finds_header_and_numbers_rows_as_the_spreadsheet_shows_them(
    regions: None, messy_csv: Path
) -> None:
    result, rows = stage(messy_csv)
    assert result.header_row == 4
    assert sorted(rows) == [5, 6, 8, 9, 10, 11, 12, 13]  # the blank row 7 and the JUMLAH row are skipped
    assert rows[5]["name"] == "Kripik Tempe Bu Sri"
    assert result.total == 8


def test_it_reads_region_names_in_their_usual_variants(regions: None, messy_csv: Path) -> None:
    _, rows = stage(messy_csv)
    sumberpucung = kecamatan(MALANG, "Sumberpucung")
    assert rows[5]["kabkota_code"] == MALANG and rows[5]["kecamatan_code"] == sumberpucung
    assert rows[6]["kabkota_code"] == MALANG and rows[6]["desa_code"].startswith(sumberpucung + ".")
    # "Malang" with kecamatan Klojen is the city; "Batu" exists only as a city.
    assert rows[9]["kabkota_code"] == KOTA_MALANG and rows[9]["kecamatan_code"] is not None
    assert rows[11]["kabkota_code"] == BATU
    assert messages(rows[10], "kabkota") == ["Kabupaten/kota “Gotham” tidak dikenal."]
    assert rows[10]["status"] == "error"


def test_it_warns_when_a_bare_name_could_be_kabupaten_or_kota(regions: None, messy_csv: Path) -> None:
    _, rows = stage(messy_csv)
    assert rows[8]["kabkota_code"] == MALANG
    assert any("dibaca sebagai Kabupaten Malang" in text for text in messages(rows[8], "kabkota"))


def test_it_cleans_identifiers_phones_money_and_years(regions: None, messy_csv: Path) -> None:
    _, rows = stage(messy_csv)
    assert rows[5]["nik"] is None
    assert "notasi ilmiah" in messages(rows[5], "nik")[0]
    assert rows[6]["nik"] == "3507015003880004"  # the ".0" a CSV export adds is dropped
    assert rows[5]["phone"] == "+6281234567890"  # the leading 0 lost in a spreadsheet is restored
    assert rows[6]["phone"] == "+6281234567891"
    assert rows[9]["phone"] == "+6281311112222"
    assert rows[11]["phone"] == "+62341123456"  # a landline
    assert rows[5]["annual_sales"] == 12_000_000 and rows[6]["annual_sales"] == 12_500_000
    assert rows[5]["founded_year"] == 2015 and rows[6]["founded_year"] == 2010
    assert rows[6]["owner_sex"] == "P" and rows[6]["sector"] == "fashion"


def test_it_keeps_bad_optional_values_out_with_a_warning_per_field(regions: None, messy_csv: Path) -> None:
    _, rows = stage(messy_csv)
    row = rows[13]
    assert row["status"] == "warning"
    fields = {p["field"] for p in row["problems"]}
    assert {"nik", "phone", "owner_sex", "desa", "sector"} <= fields
    assert row["nik"] is None and row["phone"] is None and row["owner_sex"] is None
    assert row["sector"] == "lainnya"
    assert messages(row, "desa") == ["Desa/kelurahan “Desa Entah” tidak ditemukan di Kecamatan Sumberpucung."]
    assert "bukan angka rupiah" in messages(rows[9], "annual_sales")[0]
    assert "tidak sah" in messages(rows[9], "founded_year")[0]


def test_it_refuses_rows_without_a_name_and_repeated_rows(regions: None, messy_csv: Path) -> None:
    result, rows = stage(messy_csv)
    assert messages(rows[8], "name") == ["Nama usaha kosong."]
    assert messages(rows[12], "name") == ["Baris ini sama dengan baris 5; tidak diimpor dua kali."]
    assert rows[12]["status"] == "error" and rows[5]["status"] != "error"
    assert result.error == 3  # no name, unknown kab/kota, repeated row
    assert result.valid + result.warning + result.error == result.total


def test_it_marks_rows_outside_the_uploaders_kabkota(regions: None, messy_csv: Path) -> None:
    _, rows = stage(messy_csv, allowed=[SAMPANG])
    assert messages(rows[6], "kabkota") == ["Kabupaten Malang di luar wilayah kerja Anda."]
    assert all(row["status"] == "error" for row in rows.values())


def test_it_fills_the_kabkota_of_a_kabkota_office_list(regions: None, tmp_path: Path) -> None:
    path = write(tmp_path, "Nama Usaha;Kecamatan\nKerupuk Ikan Bu Nah;Camplong\n")
    _, rows = stage(path, default_kabkota=SAMPANG)
    assert rows[2]["kabkota_code"] == SAMPANG and rows[2]["kecamatan_code"] == kecamatan(SAMPANG, "Camplong")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_it_reads_the_encodings_agencies_save_csv_in(regions: None, tmp_path: Path, encoding: str) -> None:
    path = write(
        tmp_path, "Nama Usaha,Kab/Kota,Produk\nKopi “Luwak” Café,Kab. Malang,kopi\n", encoding=encoding
    )
    result, rows = stage(path)
    assert result.total == 1
    assert rows[2]["name"] == "Kopi “Luwak” Café" and rows[2]["kabkota_code"] == MALANG


def test_it_explains_a_file_that_is_not_cp1252_either(regions: None, tmp_path: Path) -> None:
    path = write(tmp_path, "x")
    path.write_bytes(b"Nama Usaha;Kab/Kota\n" + b"Toko \x81\x8d;Malang\n")
    with pytest.raises(ReadError, match="pengodean teks tidak dikenali"):
        stage(path)


def test_it_keeps_quoted_line_breaks_inside_one_row(regions: None, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'Nama Usaha;Alamat;Kab/Kota\n"Toko A";"Jl. Mawar 2\nRT 01/RW 02";Sampang\nToko B;Jl. Melati;Sampang\n',
    )
    _, rows = stage(path)
    assert [row["name"] for row in rows.values()] == ["Toko A", "Toko B"]
    assert rows[2]["address"] == "Jl. Mawar 2 RT 01/RW 02"


@pytest.mark.parametrize(
    ("workbook", "nik_kept"), [("umkm_libreoffice.xlsx", False), ("umkm_libreoffice.xls", True)]
)
def test_it_stages_libreoffice_workbooks_with_merged_two_row_headers(
    regions: None, tmp_path: Path, workbook: str, nik_kept: bool
) -> None:
    path = tmp_path / workbook
    path.write_bytes((FIXTURES / workbook).read_bytes())
    result, rows = stage(path, sheet="UKM", default_kabkota=MALANG)
    assert result.total == 4
    first = rows[min(rows)]
    assert first["name"] == "Keripik Tempe Bu Sri"
    if nik_kept:  # the legacy format stores the full double
        assert first["nik"] == "3507014507850001"
    else:
        # LibreOffice writes a number with 15 significant digits into XLSX: the NIK's last digit became 0,
        # which makes the serial 0000, so the NIK is refused (and the row kept) rather than stored wrong.
        assert first["nik"] is None
        assert messages(first, "nik") == [
            "NIK “3507014507850000” tidak sah (16 digit, kode provinsi dan tanggal lahir); tidak disimpan."
        ]
    assert first["phone"] == "+6281234567890"  # a phone stored as a number lost its 0
    sumberpucung = kecamatan(MALANG, "Sumberpucung")
    assert first["kecamatan_code"] == sumberpucung and first["desa_code"].startswith(sumberpucung + ".")
    scientific = next(row for row in rows.values() if row["name"] == "Toko Jahe Merah")
    assert "notasi ilmiah" in messages(scientific, "nik")[0]


def test_it_stages_another_sheet_of_the_same_workbook(regions: None, tmp_path: Path) -> None:
    path = tmp_path / "umkm.xlsx"
    path.write_bytes((FIXTURES / "umkm_libreoffice.xlsx").read_bytes())
    result, rows = stage(path, sheet="IKM", default_kabkota=MALANG)
    assert result.total == 2
    assert sorted(row["nib"] for row in rows.values()) == ["9120001234567", "9120001234568"]


def test_it_refuses_a_mapping_to_a_column_the_file_does_not_have(regions: None, messy_csv: Path) -> None:
    with pytest.raises(ReadError, match="Kolom “Merek” tidak ada"):
        stage(messy_csv, mapping={"name": "Nama Usaha", "kabkota": "Kab/Kota", "brand": "Merek"})


def test_it_leaves_no_partial_file_when_staging_fails(regions: None, tmp_path: Path) -> None:
    path = write(tmp_path, "Nama Usaha;Kab/Kota\nToko;Sampang\n")
    with pytest.raises(ReadError):
        stage(path, mapping={"name": "Nama Usaha", "kabkota": "Tidak Ada"})
    assert not path.with_name("daftar.parquet").exists()
    assert [item.name for item in tmp_path.iterdir()] == ["daftar.csv"]


def test_the_demo_sample_files_stage_as_the_page_promises(regions: None, tmp_path: Path) -> None:
    static = Path(__file__).resolve().parents[1] / "static" / "ingest"
    dinkop = tmp_path / "contoh-daftar-dinkop.csv"
    dinkop.write_bytes((static / "contoh-daftar-dinkop.csv").read_bytes())
    result, rows = stage(dinkop)
    assert (result.total, result.error) == (9, 1)  # the JUMLAH row is not a record; one row has no name
    assert messages(rows[11], "name") == ["Nama usaha kosong."]
    assert "notasi ilmiah" in messages(rows[9], "nik")[0]
    assert rows[12]["kabkota_code"] == "35.78"
    galeri = tmp_path / "contoh-daftar-galeri.csv"
    galeri.write_bytes((static / "contoh-daftar-galeri.csv").read_bytes())
    result, rows = stage(galeri)
    assert (result.total, result.error) == (4, 0)
    assert rows[2]["phone"] == "+6281234567890"
