"""Indonesian formats, whatever language is active."""

from datetime import date

from django.utils import translation

from lapak.reports import formatting


def test_it_writes_rupiah_and_numbers_with_dots() -> None:
    assert formatting.rupiah(1_234_567) == "Rp1.234.567"
    assert formatting.rupiah(-5_000) == "-Rp5.000"
    assert formatting.rupiah(0) == "Rp0"
    assert formatting.number(1606) == "1.606"
    assert formatting.number(1234.56, 1) == "1.234,6"
    assert formatting.rupiah(None) == "—"


def test_it_writes_percent_with_a_decimal_comma() -> None:
    assert formatting.percent(12.345) == "12,3%"
    assert formatting.share(0.5) == "50,0%"


def test_it_shortens_large_sums_for_chart_labels() -> None:
    assert formatting.rupiah_short(1_234_000_000) == "Rp1,2 M"
    assert formatting.rupiah_short(350_400_000) == "Rp350 jt"
    assert formatting.rupiah_short(1_500_000) == "Rp1,5 jt" and formatting.rupiah_short(2_000_000) == "Rp2 jt"
    assert formatting.rupiah_short(12_500) == "Rp12.500"


def test_it_writes_indonesian_dates_even_in_an_english_session() -> None:
    with translation.override("en"):
        assert formatting.tanggal(date(2026, 11, 22)) == "22 November 2026"
        assert formatting.bulan(date(2026, 8, 1)) == "Agustus 2026"
        assert formatting.bulan_pendek(date(2026, 5, 1)) == "Mei 26"
        assert formatting.rupiah(1_234_567) == "Rp1.234.567"


def test_it_shortens_kabupaten() -> None:
    assert formatting.region_short("Kabupaten Sampang") == "Kab. Sampang"
    assert formatting.region_short("Kota Surabaya") == "Kota Surabaya"
