"""Validators and normalisers for Indonesian identifiers and legality-document numbers.

Pure Python, no models. Every validator accepts a number as people type it (spaces, dots, dashes and
slashes are ignored) and raises ``ValidationError`` with a message in Bahasa Indonesia. Normalisers return
the canonical form that is stored. Formats: see the domain notes, section 2 (NIB, NIK, NPWP, P-IRT, BPOM,
halal, SNI, KBLI).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s./-]+")
_NON_DIGITS = re.compile(r"[^0-9]")


def normalize_digits(value: str) -> str:
    """Remove spaces, dots, dashes and slashes; every other character is kept so validators can reject it."""
    return _SEPARATORS.sub("", value or "")


def _only_digits(value: str) -> str:
    """Every character that is not an ASCII digit removed."""
    return _NON_DIGITS.sub("", value or "")


def _is_digits(value: str, *lengths: int) -> bool:
    """True when ``value`` is ASCII digits only and has one of the given lengths."""
    return len(value) in lengths and value.isascii() and value.isdigit()


def _luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check over a digit string, the last digit being the check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


# --- NIB -------------------------------------------------------------------------------------------------


def validate_nib(value: str, **context: object) -> None:
    """NIB (OSS RBA): 13 digits. No public checksum exists, so only the shape is checked."""
    if not _is_digits(normalize_digits(value), 13):
        raise ValidationError(_("NIB harus 13 digit angka."), code="nib_format")


# --- NIK -------------------------------------------------------------------------------------------------

NIK_PROVINCE_CODES: frozenset[str] = frozenset(
    str(code)
    for code in (
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 98),
    )
)


def _nik_day(nik: str) -> int | None:
    """Day of birth from digits 7-8 of a NIK: 1-31 for men, 41-71 (day + 40) for women; else None."""
    coded = int(nik[6:8])
    if 1 <= coded <= 31:
        return coded
    if 41 <= coded <= 71:
        return coded - 40
    return None


def _nik_birth_dates(nik: str) -> list[date]:
    """The real dates DDMMYY (day + 40 for women) can stand for, in the 1900s and the 2000s."""
    day = _nik_day(nik)
    if day is None:
        return []
    month, year = int(nik[8:10]), int(nik[10:12])
    found = []
    for century in (1900, 2000):
        try:
            found.append(date(century + year, month, day))
        except ValueError:
            continue
    return found


def validate_nik(value: str, **context: object) -> None:
    """NIK: 16 digits, a known province code, a real birth date (women: day + 40), serial not 0000."""
    nik = normalize_digits(value)
    if not _is_digits(nik, 16):
        raise ValidationError(_("NIK harus 16 digit angka."), code="nik_format")
    if nik[:2] not in NIK_PROVINCE_CODES:
        raise ValidationError(
            _("Dua digit pertama NIK (%(code)s) bukan kode provinsi yang dikenal."),
            code="nik_province",
            params={"code": nik[:2]},
        )
    if not _nik_birth_dates(nik):
        raise ValidationError(
            _("Digit ke-7 sampai ke-12 NIK (%(part)s) bukan tanggal lahir yang sah (DDMMYY, perempuan +40)."),
            code="nik_birth_date",
            params={"part": nik[6:12]},
        )
    if nik[12:] == "0000":
        raise ValidationError(_("Nomor urut NIK (4 digit terakhir) tidak boleh 0000."), code="nik_serial")


def nik_birth_info(nik: str, *, today: date | None = None) -> tuple[date | None, str]:
    """Birth date and sex ('L' or 'P') read from a NIK.

    The century is the latest one that does not put the birth after ``today``. The date is None when the
    digits are not a real date. Raises ``ValueError`` when the value is not 16 digits.
    """
    digits = normalize_digits(nik)
    if not _is_digits(digits, 16):
        raise ValueError("A NIK has 16 digits.")
    sex = "P" if int(digits[6:8]) > 40 else "L"  # a bad day code still gives a date of None
    limit = today or date.today()
    candidates = _nik_birth_dates(digits)
    past = [born for born in candidates if born <= limit]
    return max(past, default=min(candidates, default=None)), sex


def mask_nik(nik: str) -> str:
    """First 4 and last 4 digits kept, the rest starred: ``3578********0001``."""
    digits = normalize_digits(nik)
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_phone(phone: str) -> str:
    """Operator prefix and last 3 digits kept: ``0812*****678``, ``+6281*****890`` (enough to recognise,
    not to call)."""
    digits = normalize_digits(phone)
    if len(digits) < 8:
        return "*" * len(digits)
    keep = 5 if digits.startswith("+") else 4
    return digits[:keep] + "*" * (len(digits) - keep - 3) + digits[-3:]


# --- NPWP ------------------------------------------------------------------------------------------------


def validate_npwp(value: str, **context: object) -> None:
    """NPWP: 15 digits (legacy, Luhn over the first 9), or 16: a 0 plus a legacy NPWP, or else a NIK."""
    npwp = normalize_digits(value)
    if not _is_digits(npwp, 15, 16):
        raise ValidationError(_("NPWP harus 15 digit (format lama) atau 16 digit angka."), code="npwp_format")
    if len(npwp) == 16 and not npwp.startswith("0"):
        _validate_npwp_as_nik(npwp)
    elif not _luhn_ok(npwp[-15:][:9]):
        raise ValidationError(
            _("Digit pemeriksa NPWP tidak cocok (digit ke-9 format lama). Periksa kembali nomor NPWP."),
            code="npwp_checksum",
        )


def _validate_npwp_as_nik(npwp: str) -> None:
    """A 16-digit NPWP that does not start with 0 is a person's NIK."""
    try:
        validate_nik(npwp)
    except ValidationError as exc:
        intro = ValidationError(
            _("NPWP 16 digit yang tidak diawali 0 adalah NIK, tetapi NIK ini tidak sah."), code="npwp_nik"
        )
        raise ValidationError([intro, *exc.error_list]) from exc


def normalize_npwp(value: str) -> str:
    """Digits only."""
    return _only_digits(value)


# --- Phone -----------------------------------------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[\s.()/-]+")
_SPREADSHEET_FLOAT = re.compile(r"^(\+?[0-9]+)\.0+$")
_NATIONAL_NUMBER = re.compile(r"[2-9][0-9]{7,11}")


def _phone_national_number(value: str) -> str:
    """The national significant number (no 0, no 62), or '' when the input is foreign or unreadable."""
    text = _SPREADSHEET_FLOAT.sub(r"\1", (value or "").strip())
    compact = _PHONE_JUNK.sub("", text)
    for prefix in ("+62", "0062", "62"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
            break
    else:
        if compact.startswith("+"):
            return ""
    national = compact.removeprefix("0")
    return national if national.isascii() and _NATIONAL_NUMBER.fullmatch(national) else ""


def normalize_phone(value: str) -> str:
    """E.164 ``+62…`` for an Indonesian mobile (8…) or landline number typed in any usual way.

    Accepts ``0812…``, ``812…`` (leading 0 lost in a spreadsheet), ``62812…``, ``+62 812-…`` and
    landlines such as ``(031) 123 4567``.
    Raises ``ValidationError`` when the number cannot be read as Indonesian.
    """
    national = _phone_national_number(value)
    if not national:
        raise ValidationError(
            _("Nomor telepon tidak dikenali. Tulis nomor Indonesia, mis. 0812-3456-7890 atau 031 123 4567."),
            code="phone_format",
        )
    return f"+62{national}"


def validate_phone(value: str, **context: object) -> None:
    """A number :func:`normalize_phone` can read: 8 to 12 digits after 62, no foreign country code."""
    normalize_phone(value)


def phone_is_mobile(value: str) -> bool:
    """True for a mobile number (national number starting with 8)."""
    return _phone_national_number(value).startswith("8")


# --- P-IRT -----------------------------------------------------------------------------------------------

_PIRT_PREFIX = re.compile(r"^\s*P\s*[-.]?\s*IRT\s*(?:NO\b\.?|NOMOR\b)?\s*[:.]?\s*", re.IGNORECASE)
PIRT_PACKAGING_CODES = frozenset("12345678")


@dataclass(frozen=True)
class PirtNumber:
    """An SPP-IRT number split into its parts (Peraturan BPOM 22/2018).

    ``irtp_seq`` has 4 digits in a 15-digit number; a 16-digit number is assumed to carry the extra digit
    there, since the last two digits are always the expiry year.
    """

    packaging_code: str
    food_type: str
    region_code: str
    product_seq: str
    irtp_seq: str
    expiry_year: int

    @property
    def digits(self) -> str:
        """The number as stored: digits only."""
        year = f"{self.expiry_year % 100:02d}"
        return (
            f"{self.packaging_code}{self.food_type}{self.region_code}{self.product_seq}{self.irtp_seq}{year}"
        )

    def __str__(self) -> str:
        return f"P-IRT No. {self.digits[:-2]}-{self.digits[-2:]}"


def parse_pirt(value: str) -> PirtNumber:
    """Split ``P-IRT No. 2063578010123-27``, ``206357801012327`` or a 16-digit number into its parts."""
    digits = normalize_digits(_PIRT_PREFIX.sub("", value or ""))
    if not _is_digits(digits, 15, 16):
        raise ValidationError(
            _("Nomor P-IRT harus 15 atau 16 digit angka, mis. P-IRT No. 2063578010123-27."),
            code="pirt_format",
        )
    return PirtNumber(
        packaging_code=digits[0],
        food_type=digits[1:3],
        region_code=digits[3:7],
        product_seq=digits[7:9],
        irtp_seq=digits[9:-2],
        expiry_year=2000 + int(digits[-2:]),
    )


def validate_pirt(value: str, *, kabkota_code: str | None = None, **context: object) -> None:
    """P-IRT shape, packaging code 1 to 8 and, when ``kabkota_code`` ('35.78') is given, the same kab/kota.

    An expired certificate is not an error here; see :func:`pirt_is_expired`.
    """
    pirt = parse_pirt(value)
    if pirt.packaging_code not in PIRT_PACKAGING_CODES:
        raise ValidationError(
            _("Digit pertama P-IRT (kode kemasan) harus 1 sampai 8, bukan %(code)s."),
            code="pirt_packaging",
            params={"code": pirt.packaging_code},
        )
    expected = _only_digits(kabkota_code or "")[:4]
    if len(expected) == 4 and pirt.region_code != expected:
        raise ValidationError(
            _(
                "Kode wilayah pada P-IRT (%(pirt_code)s) tidak sesuai dengan "
                "kab/kota usaha (%(kabkota_code)s)."
            ),
            code="pirt_region",
            params={"pirt_code": pirt.region_code, "kabkota_code": kabkota_code},
        )


def pirt_is_expired(p: PirtNumber, today: date) -> bool:
    """True once the expiry year printed in the number has passed."""
    return p.expiry_year < today.year


def normalize_pirt(value: str) -> str:
    """Digits only (the 'P-IRT No.' prefix and separators dropped)."""
    return _only_digits(_PIRT_PREFIX.sub("", value or ""))


# --- BPOM ------------------------------------------------------------------------------------------------

_BPOM_JUNK = re.compile(r"[\s.:-]+")
_BPOM_NUMBER = re.compile(
    r"M[DL][0-9]{12}(?:[0-9]{3})?"  # food, domestic or imported
    r"|N[A-E][0-9]{11}"  # cosmetics notification
    r"|T[RIL][0-9]{9}"  # traditional medicine
    r"|S[DIL][0-9]{9}"  # health supplements
    r"|FF[0-9]{9}"  # phytopharmaca
)


def normalize_bpom(value: str) -> str:
    """Uppercase, no spaces (nor dots, colons, dashes), without a leading 'BPOM RI'."""
    compact = _BPOM_JUNK.sub("", value or "").upper()
    return compact.removeprefix("BPOMRI").removeprefix("BPOM")


def validate_bpom(value: str, **context: object) -> None:
    """BPOM izin edar: MD/ML + 12 or 15 digits, NA to NE + 11, TR/TI/TL + 9, SD/SI/SL + 9, FF + 9."""
    number = normalize_bpom(value)
    if number.isascii() and _BPOM_NUMBER.fullmatch(number):
        return
    if number.startswith(("MD", "ML")):
        raise ValidationError(_("Nomor BPOM MD/ML harus diikuti 12 atau 15 digit angka."), code="bpom_food")
    raise ValidationError(
        _("Nomor izin edar BPOM tidak dikenali. Contoh: MD 224509035002, NA18150900279, TR072224589."),
        code="bpom_format",
    )


# --- Halal -----------------------------------------------------------------------------------------------

_HALAL_JUNK = re.compile(r"[\s.-]+")


def normalize_halal(value: str) -> str:
    """Uppercase, no spaces, dots or dashes."""
    return _HALAL_JUNK.sub("", value or "").upper()


def validate_halal(value: str, **context: object) -> None:
    """BPJPH halal certificate: 'ID' + 10 to 20 digits (lenient); a KH number gets its own message."""
    number = normalize_halal(value)
    if number.startswith("KH") or "KETETAPAN" in number:
        raise ValidationError(
            _(
                "Ini tampaknya nomor Ketetapan Halal (KH), bukan nomor sertifikat halal. "
                "Isi nomor sertifikat BPJPH yang diawali ID."
            ),
            code="halal_kh",
        )
    if not (number.isascii() and re.fullmatch(r"ID[0-9]{10,20}", number)):
        raise ValidationError(
            _("Nomor sertifikat halal harus diawali ID dan diikuti 10 sampai 20 digit angka."),
            code="halal_format",
        )


# --- SNI -------------------------------------------------------------------------------------------------

_YEAR = r"(?:19|20)[0-9]{2}"
_SNI_CITATION = re.compile(
    rf"SNI\s*(?:(?:ISO\s*/\s*IEC|ISO|IEC)\s*)?[0-9]{{1,5}}(?:\s*-\s*[0-9]{{1,3}})*\s*:\s*{_YEAR}"
    rf"(?:\s*/\s*AMD\s*[0-9]*\s*:\s*{_YEAR})?"  # amendment
    rf"|SNI\s*[0-9]{{2}}\s*-\s*[0-9]{{4}}\s*-\s*{_YEAR}",  # older citation
    re.IGNORECASE | re.ASCII,
)


def validate_sni(value: str, **context: object) -> None:
    """A citation like ``SNI 8100:2015`` (parts, ISO/IEC adoptions too) or the older ``SNI 01-2346-2006``."""
    if not _SNI_CITATION.fullmatch((value or "").strip()):
        raise ValidationError(
            _("Tulis nomor SNI seperti SNI 8100:2015 atau SNI 01-2346-2006 (nomor:tahun)."), code="sni_format"
        )


# --- KBLI and trademark ----------------------------------------------------------------------------------


def validate_kbli(value: str, **context: object) -> None:
    """KBLI kelompok code: 5 digits. Membership in a KBLI version is checked elsewhere."""
    if not _is_digits(normalize_digits(value), 5):
        raise ValidationError(_("Kode KBLI harus 5 digit angka."), code="kbli_format")


MEREK_MAX_LENGTH = 50


def validate_merek(value: str, **context: object) -> None:
    """Trademark (HKI) number: free text, not empty, at most 50 characters."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Nomor merek wajib diisi."), code="merek_required")
    if len(text) > MEREK_MAX_LENGTH:
        raise ValidationError(
            _("Nomor merek paling banyak %(max)s karakter."),
            code="merek_length",
            params={"max": MEREK_MAX_LENGTH},
        )


def _strip(value: str) -> str:
    """Outer whitespace removed and inner runs of whitespace collapsed to one space."""
    return " ".join((value or "").split())


# --- Lookup by document kind -----------------------------------------------------------------------------

DOCUMENT_VALIDATORS: dict[str, Callable[..., None]] = {
    "nib": validate_nib,
    "npwp": validate_npwp,
    "pirt": validate_pirt,
    "bpom": validate_bpom,
    "halal": validate_halal,
    "sni": validate_sni,
    "merek": validate_merek,
}

DOCUMENT_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "nib": _only_digits,
    "npwp": normalize_npwp,
    "pirt": normalize_pirt,
    "bpom": normalize_bpom,
    "halal": normalize_halal,
    "sni": _strip,
    "merek": _strip,
}
