"""The set-based SQL rules agree with the single-record validators of the registry, on generated input."""

from __future__ import annotations

import duckdb
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lapak.core.crypto import keyed_hash, keyed_hash_pads
from lapak.ingest.staging.clean import install_macros
from lapak.registry.validators import NIK_PROVINCE_CODES, normalize_phone, validate_nik

CON = duckdb.connect()
install_macros(CON)

digits = st.text(alphabet="0123456789", min_size=0, max_size=17)
phone_like = st.one_of(
    digits,
    st.builds(lambda prefix, rest, sep: prefix + sep.join([rest[:3], rest[3:7], rest[7:]]),
              st.sampled_from(["0", "", "+62", "62", "0062", "+1", "(031) "]),
              st.text(alphabet="0123456789", min_size=6, max_size=13),
              st.sampled_from(["", " ", "-", "."])),
)  # fmt: skip


def python_phone(value: str) -> str | None:
    try:
        return normalize_phone(value)
    except ValidationError:
        return None


def python_nik(value: str) -> str | None:
    try:
        validate_nik(value)
    except ValidationError:
        return None
    return value


def sql_nik(value: str) -> str | None:
    row = CON.execute(
        """
        SELECT CASE WHEN regexp_full_match($v, '\\d{16}')
                     AND substr($v, 1, 2) IN (SELECT unnest($codes))
                     AND nik_birth_ok($v) AND substr($v, 13, 4) <> '0000' THEN $v END
        """,
        {"v": value, "codes": sorted(NIK_PROVINCE_CODES)},
    ).fetchone()
    return row[0] if row else None


@settings(max_examples=300, deadline=None)
@given(phone_like)
def test_phone_rule_matches_the_registry_validator(value: str) -> None:
    sql = CON.execute("SELECT phone_e164($v)", {"v": value}).fetchone()
    assert sql is not None
    assert sql[0] == python_phone(value)


nik_like = st.builds(
    lambda province, rest, day, month, year, serial: (
        f"{province}{rest}{day:02d}{month:02d}{year:02d}{serial}"
    ),
    st.sampled_from(["35", "11", "99", "00", "92"]),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.integers(0, 75),
    st.integers(0, 13),
    st.integers(0, 99),
    st.sampled_from(["0000", "0001", "9999"]),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(nik_like, digits))
def test_nik_rule_matches_the_registry_validator(value: str) -> None:
    assert sql_nik(value) == python_nik(value)


def test_february_29_follows_the_python_rule() -> None:
    for year in ("00", "01", "04", "96"):
        nik = f"350701{29 + 40}02{year}0001"
        assert sql_nik(nik) == python_nik(nik), year


def test_keyed_hash_in_sql_equals_the_python_hmac() -> None:
    ipad, opad = keyed_hash_pads()
    row = CON.execute(
        "SELECT sha256($opad::BLOB || unhex(sha256($ipad::BLOB || encode($v))))",
        {"ipad": ipad, "opad": opad, "v": "3507014507850001"},
    ).fetchone()
    assert row is not None
    assert row[0] == keyed_hash("3507014507850001")
