"""Demo legality documents: NIB, NPWP, P-IRT, halal, BPOM and merek numbers with their verification.

Numbers follow the real formats, with a few deliberate mistakes (a lost NIB digit, a wrong NPWP check
digit, a P-IRT of another kab/kota) so the validators and the kurasi queue have something to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lapak.registry.models import DocumentKind, Sector, VerificationStatus

from .words import KABKOTA_WEIGHTS, REJECTION_NOTES

WIB = ZoneInfo("Asia/Jakarta")
# The data is a snapshot as of this fixed date: nothing is issued or verified after it, and "expired" is
# judged against it, so the output never depends on when it is generated.
AS_OF = datetime(2026, 6, 1, 8, 0, tzinfo=WIB)
VERIFIED_FROM = datetime(2025, 7, 1, 8, 0, tzinfo=WIB)
_FOOD, _HERBAL = Sector.FOOD.value, Sector.HERBAL.value


@dataclass(slots=True)
class DemoDocument:
    """One generated ``LegalityDocument``: kind, number, dates and verification outcome."""

    kind: str
    number: str
    issued_on: date | None
    expires_on: date | None
    status: str
    verification_note: str = ""
    verified_at: datetime | None = None


class DocumentMaker:
    """Makes the documents of one business after another, drawing from the generator's ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def make(self, *, sector: str, kbli: str, owner_nik: str, kabkota: str, brand: str) -> list[DemoDocument]:
        """The documents of one business: a NIB for about half, food permits mostly for those with one."""
        rng = self.rng
        documents = []
        has_nib = rng.random() < 0.55
        if has_nib:
            documents.append(self._nib())
        if rng.random() < 0.2:
            documents.append(self._npwp(owner_nik))
        food = sector == _FOOD
        if food and rng.random() < (0.58 if has_nib else 0.18):
            documents.append(self._pirt(kabkota))
        if (food and rng.random() < (0.38 if has_nib else 0.09)) or (
            sector == _HERBAL and rng.random() < 0.2
        ):
            documents.append(self._halal(kabkota))
        if has_nib and sector in (_FOOD, _HERBAL) and rng.random() < 0.06:
            documents.append(self._bpom(sector, kbli))
        if brand and rng.random() < 0.1:
            number = f"IDM000{rng.randint(100000, 999999)}"
            documents.append(self._document(DocumentKind.MEREK, number, 2015, 2025, years_valid=10))
        return documents

    def _document(
        self,
        kind: DocumentKind,
        number: str,
        first_year: int,
        last_year: int,
        *,
        years_valid: int | None = None,
        problem: str = "",
        issued_on: date | None = None,
    ) -> DemoDocument:
        """A document with its verification: mostly pending, some verified, a few rejected with a note."""
        rng = self.rng
        if issued_on is None:
            issued_on = date(first_year, 1, 1) + timedelta(
                days=rng.randrange((last_year - first_year + 1) * 365)
            )
        expires_on = None
        if years_valid:
            expires_on = issued_on.replace(year=issued_on.year + years_valid, day=min(issued_on.day, 28))
        roll = rng.random()
        if problem:
            status = VerificationStatus.REJECTED if roll < 0.4 else VerificationStatus.PENDING
        else:
            status = (
                VerificationStatus.PENDING
                if roll < 0.68
                else VerificationStatus.VERIFIED
                if roll < 0.95
                else VerificationStatus.REJECTED
            )
        note = ""
        if status == VerificationStatus.REJECTED:
            note = problem or rng.choice(REJECTION_NOTES)
        verified_at = None
        if status != VerificationStatus.PENDING:  # checked by staff after issue, before the snapshot
            start = max(VERIFIED_FROM, datetime.combine(issued_on, VERIFIED_FROM.timetz()))
            seconds = int((AS_OF - start).total_seconds())
            verified_at = start + timedelta(seconds=rng.randrange(seconds) if seconds > 0 else 0)
        return DemoDocument(kind.value, number, issued_on, expires_on, status.value, note, verified_at)

    def _nib(self) -> DemoDocument:
        rng = self.rng
        number = f"{rng.choice(('91', '81', '12', '02', '22'))}{rng.randrange(10**11):011d}"
        problem = ""
        if rng.random() < 0.01:  # typed into a spreadsheet cell as a number: a digit lost
            number, problem = number[1:], "NIB harus 13 digit; satu digit hilang."
        return self._document(DocumentKind.NIB, number, 2018, 2025, problem=problem)

    def _npwp(self, nik: str) -> DemoDocument:
        """Individuals' NPWP is their NIK since 2024; older records still carry the 15-digit number."""
        rng = self.rng
        if nik and rng.random() < 0.6:
            return self._document(DocumentKind.NPWP, nik, 2024, 2025)
        head = f"{rng.choice(('04', '05', '06', '07', '08', '09'))}{rng.randrange(10**6):06d}"
        check = _luhn_check_digit(head)
        problem = ""
        if rng.random() < 0.04:
            check, problem = (check + rng.randint(1, 9)) % 10, "Digit pemeriksa NPWP tidak cocok."
        number = f"{head}{check}{rng.randint(600, 649)}000"
        return self._document(DocumentKind.NPWP, number, 2000, 2023, problem=problem)

    def _pirt(self, kabkota: str) -> DemoDocument:
        """P-IRT: packaging, food type, kab/kota, product and IRTP serials, expiry year (5-year validity)."""
        rng = self.rng
        region = kabkota.replace(".", "")
        problem = ""
        if rng.random() < 0.03:
            region = rng.choice([c for c in KABKOTA_WEIGHTS if c != kabkota]).replace(".", "")
            problem = "Kode wilayah pada P-IRT bukan kab/kota tempat usaha."
        expiry = rng.randint(2024, 2031)
        if not problem and expiry < AS_OF.year and rng.random() < 0.5:
            problem = "Sertifikat P-IRT sudah kedaluwarsa."
        number = (
            f"{rng.randint(1, 8)}{rng.randint(1, 16):02d}{region}{rng.randint(1, 5):02d}"
            f"{rng.randint(1, 999):04d}{expiry % 100:02d}"
        )
        last_month = AS_OF.month - 1 if expiry - 5 == AS_OF.year else 12  # never issued after AS_OF
        issued = date(expiry - 5, rng.randint(1, last_month), rng.randint(1, 28))
        return self._document(
            DocumentKind.PIRT, number, 0, 0, years_valid=5, problem=problem, issued_on=issued
        )

    def _halal(self, kabkota: str) -> DemoDocument:
        rng = self.rng
        number = f"ID{kabkota.replace('.', '')}{rng.randrange(10**10):010d}{rng.randint(21, 25)}"
        return self._document(DocumentKind.HALAL, number, 2021, 2025)

    def _bpom(self, sector: str, kbli: str) -> DemoDocument:
        rng = self.rng
        if sector == _FOOD:
            digits = 12 if rng.random() < 0.4 else 15
            number = f"MD{rng.randrange(10**digits):0{digits}d}"
        elif kbli in ("20232", "20231"):
            number = f"NA18{rng.randint(19, 25)}{rng.randint(1, 20):02d}{rng.randrange(10**5):05d}"
        else:
            number = f"TR{rng.randrange(10**9):09d}"
        return self._document(DocumentKind.BPOM, number, 2019, 2025, years_valid=5)


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char) * (2 if position % 2 == 0 else 1)
        total += number - 9 if number > 9 else number
    return (10 - total % 10) % 10
