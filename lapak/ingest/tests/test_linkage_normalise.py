"""Indonesian normalisation of the linkage engine (DuckDB SQL), through its Python entry points."""

from __future__ import annotations

import pytest

from lapak.ingest.linkage import name_parts, normalise_texts
from lapak.ingest.linkage.normalise import SECTORS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UD. Kripik Tempe Bu Sri", "keripik tempe sri"),
        ("KERIPIK TEMPE SRI", "keripik tempe sri"),
        ("CV Krupuk Udang Ibu Hj. Siti", "kerupuk udang siti"),
        ("Toko Oleh-Oleh Khas Malang", "oleholeh khas malang"),
        ("U.D. Sambel Pecel Mbak Yuli", "sambal pecel yuli"),
        ("Home Industri Bathik Tulis Sekar Arum", "batik tulis sekar arum"),
        ("Wedang Jae Pak Slamet", "wedang jahe slamet"),
        ("Kerpik Tmepe Bu Sri", "keripik tempe sri"),  # typos in product words are repaired
        ("  Keripik   Tempe,   Sri!! ", "keripik tempe sri"),
        ("UD.", None),
        (None, None),
    ],
)
def test_it_normalises_business_names(raw: str | None, expected: str | None) -> None:
    assert normalise_texts("name", [raw]) == [expected]


def test_it_keeps_keripik_and_kerupuk_apart() -> None:
    keripik, kerupuk = normalise_texts("name", ["Kripik Singkong", "Krupuk Singkong"])
    assert keripik == "keripik singkong"
    assert kerupuk == "kerupuk singkong"


def test_it_splits_product_words_from_the_distinctive_part() -> None:
    sri, siti, brand_only = name_parts(["Keripik Tempe Bu Sri", "Kripik Tempe Ibu Siti", "Toko Makmur Jaya"])
    assert sri.product == ("keripik", "tempe") and sri.distinctive == ("sri",)
    assert siti.product == sri.product and siti.distinctive == ("siti",)
    assert brand_only.product == () and brand_only.distinctive == ("makmur", "jaya")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ibu Hj. Sri Wahyuni", "sri wahyuni"),
        ("SRI WAHYUNI, S.Pd", "sri wahyuni"),
        ("Sri Wahyuni S.E.", "sri wahyuni"),
        ("Drs. H. Abd. Rahman, M.Pd", "abdul rahman"),
        ("Moch. Sholeh", "muhammad sholeh"),
        ("Bapak Budi", "budi"),
        ("", None),
    ],
)
def test_it_normalises_owner_names(raw: str, expected: str | None) -> None:
    assert normalise_texts("owner", [raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "81234567890"),
        ("812345678 90", "81234567890"),
        ("+62 812 3456 7890", "81234567890"),
        ("62812345678 90", "81234567890"),
        ("(0812) 3456.7890", "81234567890"),
        ("8123456789.0", "8123456789"),
        ("(0341) 123456", "341123456"),
        ("+1 555 123 4567", None),
        ("12345", None),
        (None, None),
    ],
)
def test_it_normalises_phones_to_the_national_number(raw: str | None, expected: str | None) -> None:
    assert normalise_texts("phone", [raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jl. Raya No. 5 RT 02/RW 03 Ds. Sumberejo Kec. Pakis", "jl raya 5 rt2 rw3"),
        ("Jalan Raya no 5 rt.2 rw.3 Desa Sumberejo", "jl raya 5 rt2 rw3"),
        ("JLN RAYA 5 002/003", "jl raya 5 rt2 rw3"),
        ("Dsn. Krajan RT 001 RW 004", "dusun krajan rt1 rw4"),
        ("Dusun Krajan RT/RW 01/04 Kec. Pakis", "dusun krajan rt1 rw4"),
        ("Gg. Melati Kel. Sawojajar", "gg melati"),
        ("Desa Sumberejo", "sumberejo"),
    ],
)
def test_it_normalises_addresses(raw: str, expected: str) -> None:
    assert normalise_texts("address", [raw]) == [expected]


def test_it_keeps_the_order_of_many_values() -> None:
    values = [f"Keripik Tempe Bu {name}" for name in ("Sri", "Siti", "Rina")] * 50
    assert normalise_texts("name", values) == [f"keripik tempe {v.split()[-1].lower()}" for v in values]


def test_its_sectors_are_the_registry_sectors() -> None:
    from lapak.registry.models import Sector

    assert set(SECTORS) == set(Sector.values)
