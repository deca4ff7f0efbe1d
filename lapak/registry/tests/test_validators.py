"""Identifier validators and normalisers: examples, Indonesian messages and Hypothesis properties."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lapak.registry.validators import (
    DOCUMENT_NORMALIZERS,
    DOCUMENT_VALIDATORS,
    PirtNumber,
    mask_nik,
    mask_phone,
    nik_birth_info,
    normalize_bpom,
    normalize_digits,
    normalize_halal,
    normalize_npwp,
    normalize_phone,
    parse_pirt,
    phone_is_mobile,
    pirt_is_expired,
    validate_bpom,
    validate_halal,
    validate_kbli,
    validate_nib,
    validate_nik,
    validate_npwp,
    validate_phone,
    validate_pirt,
    validate_sni,
)

TODAY = date(2025, 6, 1)
VALID_NIK = "3527014507850001"  # Sampang, woman born 5 July 1985


def messages_of(validator: Callable[..., None], value: str, **context: object) -> str:
    """The joined (evaluated) messages the validator raises for ``value``."""
    with pytest.raises(ValidationError) as caught:
        validator(value, **context)
    return " ".join(caught.value.messages)


def legacy_npwp_check_digit(first8: str) -> str:
    """Check digit as a DJP blog describes it: weights 1,2,1,2… on 8 digits, digit sums, up to next ten."""
    total = sum(sum(divmod(int(d) * (1 + i % 2), 10)) for i, d in enumerate(first8))
    return str(-total % 10)


def nik_for(born: date, sex: str, region: str = "357801", serial: str = "0001") -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial}"


digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=30)
birth_dates = st.dates(min_value=TODAY.replace(year=TODAY.year - 100) + timedelta(days=1), max_value=TODAY)


# --- normalize_digits, NIB, KBLI ---


def test_it_strips_spaces_dots_dashes_and_slashes() -> None:
    assert normalize_digits(" 12.34-56/78 9 ") == "123456789"
    assert normalize_digits("12a4") == "12a4"


def test_it_accepts_a_formatted_nib() -> None:
    validate_nib("9120 0012 3456 7")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "912000123456",
        "91200012345678",
        "912000123456X",
        "\uff19\uff11\uff12\uff10\uff10\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17",
    ],
)
def test_it_refuses_a_bad_nib_in_indonesian(value: str) -> None:
    assert "NIB harus 13 digit angka" in messages_of(validate_nib, value)


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_it_accepts_any_13_digits_as_nib(value: str) -> None:
    validate_nib(value)


@given(digit_strings.filter(lambda s: len(s) != 13))
def test_it_refuses_any_other_length_as_nib(value: str) -> None:
    with pytest.raises(ValidationError):
        validate_nib(value)


def test_it_checks_kbli_is_five_digits() -> None:
    validate_kbli("10794")
    assert "digit" in messages_of(validate_kbli, "1079")


# --- NIK ---


def test_it_accepts_a_valid_nik_and_reads_birth_and_sex() -> None:
    validate_nik("3527 0145 0785 0001")
    assert nik_birth_info(VALID_NIK, today=TODAY) == (date(1985, 7, 5), "P")
    assert nik_birth_info("3578011203990002", today=TODAY) == (date(1999, 3, 12), "L")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("352701450785001", "16 digit"),
        ("2027014507850001", "provinsi"),
        ("3527013207850001", "tanggal lahir"),
        ("3527017207850001", "tanggal lahir"),
        ("3527014013850001", "tanggal lahir"),
        ("3527013102850001", "tanggal lahir"),
        ("3527014507850000", "0000"),
    ],
)
def test_it_refuses_a_bad_nik_saying_why(value: str, fragment: str) -> None:
    assert fragment in messages_of(validate_nik, value)


@pytest.mark.parametrize("day_code", ["00", "32", "40", "72", "81", "99"])
def test_it_refuses_a_nik_day_code_outside_1_31_and_41_71(day_code: str) -> None:
    nik = f"357801{day_code}0785" + "0001"
    assert "tanggal lahir" in messages_of(validate_nik, nik)
    assert nik_birth_info(nik, today=TODAY)[0] is None


def test_it_accepts_the_nik_day_code_bounds() -> None:
    for day_code, expected in [("01", (date(1985, 7, 1), "L")), ("31", (date(1985, 7, 31), "L"))]:
        validate_nik(f"357801{day_code}07850001")
        assert nik_birth_info(f"357801{day_code}07850001", today=TODAY) == expected
    for day_code, expected in [("41", (date(1985, 7, 1), "P")), ("71", (date(1985, 7, 31), "P"))]:
        validate_nik(f"357801{day_code}07850001")
        assert nik_birth_info(f"357801{day_code}07850001", today=TODAY) == expected


@given(
    st.one_of(st.integers(min_value=32, max_value=40), st.integers(min_value=72, max_value=99)),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=99),
)
def test_it_always_refuses_a_nik_day_code_of_32_to_40_or_above_71(
    day_code: int, month: int, year: int
) -> None:
    nik = f"357801{day_code:02d}{month:02d}{year:02d}0001"
    assert "tanggal lahir" in messages_of(validate_nik, nik)
    assert nik_birth_info(nik, today=TODAY)[0] is None


def test_it_accepts_29_february_when_some_century_is_a_leap_year() -> None:
    validate_nik("3578012902000001")  # 2000 is a leap year, 1900 is not
    assert nik_birth_info("3578012902000001", today=TODAY)[0] == date(2000, 2, 29)
    validate_nik("3578016902960001")  # woman, 1996
    assert "tanggal lahir" in messages_of(validate_nik, "3578012902010001")


def test_it_masks_a_nik() -> None:
    assert mask_nik("3578014507850001") == "3578********0001"
    assert mask_nik("3578 0145 0785 0001") == "3578********0001"


def test_it_masks_a_phone_number() -> None:
    assert mask_phone("0812-3456-7890") == "0812*****890"
    assert mask_phone("+6281234567890") == "+6281******890"
    assert mask_phone("12345") == "*****"


@given(birth_dates, st.sampled_from(["L", "P"]), st.sampled_from(["110101", "357801", "947101"]))
def test_it_accepts_a_nik_built_from_a_real_date_and_reads_it_back(born: date, sex: str, region: str) -> None:
    nik = nik_for(born, sex, region)
    validate_nik(nik)
    assert nik_birth_info(nik, today=TODAY) == (born, sex)


# --- NPWP ---


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
def test_it_accepts_a_luhn_valid_legacy_npwp_and_its_16_digit_form(first8: str, office: str) -> None:
    npwp = first8 + legacy_npwp_check_digit(first8) + office
    validate_npwp(npwp)
    validate_npwp("0" + npwp)
    validate_npwp(f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}")


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(min_value=1, max_value=9),
    st.booleans(),
)
def test_it_refuses_an_npwp_with_a_changed_check_digit(first8: str, shift: int, sixteen: bool) -> None:
    wrong = str((int(legacy_npwp_check_digit(first8)) + shift) % 10)
    npwp = ("0" if sixteen else "") + first8 + wrong + "123000"
    assert "Digit pemeriksa NPWP" in messages_of(validate_npwp, npwp)


def test_it_accepts_a_nik_as_a_16_digit_npwp() -> None:
    validate_npwp(VALID_NIK)
    assert "NIK" in messages_of(validate_npwp, "3527013207850001")


def test_it_refuses_an_npwp_of_the_wrong_length_in_indonesian() -> None:
    assert "15 digit" in messages_of(validate_npwp, "01300066609100")


def test_it_normalizes_an_npwp_to_digits() -> None:
    assert normalize_npwp("01.300.066.6-091.000") == "013000666091000"


# --- Phone ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("81234567890.0", "+6281234567890"),
        ("031 123 4567", "+62311234567"),
        ("(021) 5555 1234", "+622155551234"),
    ],
)
def test_it_normalizes_indonesian_phone_numbers(value: str, expected: str) -> None:
    validate_phone(value)
    assert normalize_phone(value) == expected


@pytest.mark.parametrize("value", ["12ab", "", "0812", "+1 202 555 0143", "0112345678", "08123456789012345"])
def test_it_refuses_unreadable_phone_numbers_in_indonesian(value: str) -> None:
    assert "telepon" in messages_of(validate_phone, value)


def test_it_tells_mobile_from_landline() -> None:
    assert phone_is_mobile("0812-3456-7890")
    assert not phone_is_mobile("031 123 4567")


@given(st.text(alphabet="0123456789", min_size=7, max_size=10))
def test_it_normalizes_mobile_numbers_idempotently(rest: str) -> None:
    phone = normalize_phone("08" + rest)
    assert phone == "+628" + rest
    assert phone[3:].isdigit()
    assert normalize_phone(phone) == phone


# --- P-IRT ---


def test_it_parses_a_printed_pirt_number() -> None:
    pirt = parse_pirt("P-IRT No. 2063578010123-27")
    assert pirt == PirtNumber("2", "06", "3578", "01", "0123", 2027)
    assert pirt.digits == "206357801012327"
    assert str(pirt) == "P-IRT No. 2063578010123-27"
    assert parse_pirt("206357801012327") == pirt


def test_it_parses_a_16_digit_pirt_number() -> None:
    pirt = parse_pirt("2063578010012327")
    assert (pirt.region_code, pirt.irtp_seq, pirt.expiry_year) == ("3578", "00123", 2027)


def test_it_checks_the_pirt_region_against_the_kabkota() -> None:
    validate_pirt("206357801012327", kabkota_code="35.78")
    message = messages_of(validate_pirt, "206357801012327", kabkota_code="35.27")
    assert "3578" in message
    assert "35.27" in message


@pytest.mark.parametrize(("value", "fragment"), [("906357801012327", "kemasan"), ("20635780101232", "digit")])
def test_it_refuses_a_bad_pirt_in_indonesian(value: str, fragment: str) -> None:
    assert fragment in messages_of(validate_pirt, value)


def test_it_accepts_an_expired_pirt_but_reports_it() -> None:
    validate_pirt("206357801012319", kabkota_code="35.78")
    assert pirt_is_expired(parse_pirt("206357801012319"), TODAY)
    assert not pirt_is_expired(parse_pirt("206357801012325"), TODAY)


# --- BPOM, halal, SNI ---


@pytest.mark.parametrize(
    "value",
    [
        "MD 224509035002",
        "BPOM RI MD 224509035002",
        "ml 224509035002",
        "MD 2 4 09 35 0012 00027",
        "NA18150900279",
        "TR072224589",
        "SD 123456789",
        "FF123456789",
    ],
)
def test_it_accepts_bpom_numbers(value: str) -> None:
    validate_bpom(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("MD 2245090350", "12 atau 15 digit"),
        ("NF18150900279", "tidak dikenali"),
        ("TR07222458", "tidak dikenali"),
    ],
)
def test_it_refuses_bad_bpom_numbers_in_indonesian(value: str, fragment: str) -> None:
    assert fragment in messages_of(validate_bpom, value)


def test_it_normalizes_bpom_numbers() -> None:
    assert normalize_bpom("bpom ri md 2245 0903 5002") == "MD224509035002"


def test_it_accepts_a_halal_certificate_number() -> None:
    validate_halal("ID35110000123450123")
    assert normalize_halal("id 3511 0000 1234 50123") == "ID35110000123450123"


@pytest.mark.parametrize(
    ("value", "fragment"), [("KH-2023-00123", "Ketetapan Halal"), ("ID12345", "diawali ID")]
)
def test_it_refuses_bad_halal_numbers_saying_why(value: str, fragment: str) -> None:
    assert fragment in messages_of(validate_halal, value)


@pytest.mark.parametrize(
    "value", ["SNI 8100:2015", "SNI8100 : 2015", "sni 01-2346-2006", "SNI 3547-1:2008", "SNI ISO 9001:2015"]
)
def test_it_accepts_sni_citations(value: str) -> None:
    validate_sni(value)


@pytest.mark.parametrize("value", ["8100:2015", "SNI 8100", "SNI 1-2346-2006", "SNI 8100:15"])
def test_it_refuses_bad_sni_citations(value: str) -> None:
    assert "SNI" in messages_of(validate_sni, value)


# --- Lookup by kind ---


def test_it_has_a_validator_and_normalizer_for_every_document_kind() -> None:
    kinds = {"nib", "npwp", "pirt", "bpom", "halal", "sni", "merek"}
    assert set(DOCUMENT_VALIDATORS) == kinds
    assert set(DOCUMENT_NORMALIZERS) == kinds


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("nib", "9120 0012 3456 7", "9120001234567"),
        ("npwp", "01.300.066.6-091.000", "013000666091000"),
        ("pirt", "P-IRT No. 2063578010123-27", "206357801012327"),
        ("bpom", "MD 224509035002", "MD224509035002"),
        ("halal", "ID 35110000123450123", "ID35110000123450123"),
        ("sni", "  SNI 8100:2015 ", "SNI 8100:2015"),
        ("merek", " IDM000123456 ", "IDM000123456"),
    ],
)
def test_it_validates_and_normalizes_by_kind_with_context(kind: str, raw: str, stored: str) -> None:
    DOCUMENT_VALIDATORS[kind](raw, kabkota_code="35.78")
    assert DOCUMENT_NORMALIZERS[kind](raw) == stored


@pytest.mark.parametrize(("value", "fragment"), [("   ", "wajib diisi"), ("x" * 51, "50 karakter")])
def test_it_refuses_an_empty_or_long_trademark_number(value: str, fragment: str) -> None:
    assert fragment in messages_of(DOCUMENT_VALIDATORS["merek"], value)
