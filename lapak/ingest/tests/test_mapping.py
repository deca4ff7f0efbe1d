"""Column mapping suggestions from the header variants agencies use."""

from lapak.ingest.mapping import missing_required, suggest_mapping


def test_it_maps_the_usual_indonesian_headers() -> None:
    columns = ["NAMA UMKM", "Nama Pemilik", "No HP/WA", "Desa/Kel", "Kec.", "Kabupaten/Kota", "NIK", "Omset"]
    assert suggest_mapping(columns) == {
        "name": "NAMA UMKM",
        "owner_name": "Nama Pemilik",
        "nik": "NIK",
        "phone": "No HP/WA",
        "desa": "Desa/Kel",
        "kecamatan": "Kec.",
        "kabkota": "Kabupaten/Kota",
        "annual_sales": "Omset",
    }


def test_it_maps_joined_two_row_headers_and_longer_titles() -> None:
    columns = ["Nama Usaha", "Nama Pemilik (sesuai KTP)", "Alamat Desa/Kel", "Alamat Kecamatan", "No. Telp"]
    mapping = suggest_mapping(columns)
    assert mapping["owner_name"] == "Nama Pemilik (sesuai KTP)"
    assert mapping["desa"] == "Alamat Desa/Kel" and mapping["kecamatan"] == "Alamat Kecamatan"
    assert mapping["phone"] == "No. Telp"


def test_a_column_is_used_for_one_field_only() -> None:
    mapping = suggest_mapping(["Nama", "Nama Usaha"])
    assert mapping == {"name": "Nama Usaha", "owner_name": "Nama"}


def test_a_saved_profile_wins_where_its_columns_exist() -> None:
    profile = {"name": "Nama Perajin", "owner_name": "Kolom Lama"}
    mapping = suggest_mapping(["Nama Perajin", "Nama Pemilik", "Kab"], profile=profile)
    assert mapping["name"] == "Nama Perajin"
    assert mapping["owner_name"] == "Nama Pemilik"  # the profile's column is gone; the suggestion fills in
    assert mapping["kabkota"] == "Kab"


def test_it_names_the_required_fields_left_unmapped() -> None:
    assert [field.key for field in missing_required({"name": "Nama Usaha"})] == ["kabkota"]
