"""Deterministic demo businesses of Jawa Timur, for the demo database, later features and benchmarks.

``generate_businesses`` streams batches of plain ``DemoBusiness`` records (no database writes, same seed →
same records); ``businesses_insert`` loads them set-based: ``COPY`` on PostgreSQL, ``executemany`` on
SQLite. Shares follow the brief for the demo (about 60% women-owned, 95% mikro, partial and sometimes
wrong legality), not any official statistic. Kab/kota weights are rounded SP2020 populations (thousands).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from lapak.core.crypto import encrypt_text, keyed_hash
from lapak.regions.models import Region, RegionKind, RegionLevel
from lapak.registry.legality import legality_status_from
from lapak.registry.models import (
    Business,
    DocumentKind,
    LegalityDocument,
    OnlineMode,
    Sector,
    Sex,
    VerificationStatus,
)
from lapak.registry.sizeclass import REGULATION, classify
from lapak.registry.validators import mask_nik

WIB = ZoneInfo("Asia/Jakarta")
LAT_RANGE = (-8.8, -6.7)
LON_RANGE = (111.0, 114.6)
SECTOR_SHARES: dict[str, float] = {
    Sector.FOOD: 0.35,
    Sector.FASHION: 0.20,
    Sector.CRAFT: 0.18,
    Sector.AGRI: 0.10,
    Sector.HERBAL: 0.05,
    Sector.TRADE: 0.06,
    Sector.SERVICE: 0.04,
    Sector.OTHER: 0.02,
}
# Chance that the owner is a woman, per sector; weighted by SECTOR_SHARES this is about 60%.
WOMEN_SHARE: dict[str, float] = {
    Sector.FOOD: 0.70,
    Sector.FASHION: 0.66,
    Sector.CRAFT: 0.50,
    Sector.AGRI: 0.35,
    Sector.HERBAL: 0.80,
    Sector.TRADE: 0.52,
    Sector.SERVICE: 0.55,
    Sector.OTHER: 0.35,
}
PLATFORM_WEIGHTS = {"shopee": 35, "tiktok": 20, "tokopedia": 18, "instagram": 15, "lazada": 8, "blibli": 4}
PLATFORM_URLS = {
    "shopee": "https://shopee.co.id/{}",
    "tokopedia": "https://www.tokopedia.com/{}",
    "lazada": "https://www.lazada.co.id/shop/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "blibli": "https://www.blibli.com/merchant/{}",
    "instagram": "https://www.instagram.com/{}",
}
# The data is a snapshot as of this fixed date: nothing is issued or verified after it, and "expired" is
# judged against it, so the output never depends on when it is generated.
AS_OF = datetime(2026, 6, 1, 8, 0, tzinfo=WIB)
VERIFIED_FROM = datetime(2025, 7, 1, 8, 0, tzinfo=WIB)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_FEMALE, _MALE = Sex.FEMALE.value, Sex.MALE.value
_FOOD, _HERBAL, _TRADE, _SERVICE = (
    Sector.FOOD.value,
    Sector.HERBAL.value,
    Sector.TRADE.value,
    Sector.SERVICE.value,
)


@dataclass(slots=True)
class DemoDocument:
    kind: str
    number: str
    issued_on: date | None
    expires_on: date | None
    status: str
    verification_note: str = ""
    verified_at: datetime | None = None


@dataclass(slots=True)
class DemoBusiness:
    """One generated business: the fields of ``Business`` with region codes and the plain owner NIK."""

    name: str
    brand: str
    owner_name: str
    owner_sex: str
    owner_nik: str
    phone: str
    email: str
    address: str
    province_code: str
    kabkota_code: str
    kecamatan_code: str
    desa_code: str
    latitude: str | None
    longitude: str | None
    sector: str
    kbli_code: str
    is_ikm: bool
    is_ukm: bool
    is_koperasi: bool
    is_kopwan_member: bool
    employees: int | None
    founded_year: int | None
    capital: int | None
    annual_sales: int | None
    size_class: str
    size_criterion: str
    size_regulation: str
    online_mode: str
    shop_links: list[dict[str, str]]
    legality_status: str
    documents: list[DemoDocument] = field(default_factory=list)


@dataclass(slots=True)
class _Owner:
    name: str
    sex: str
    nik: str
    phone: str
    email: str
    call: str  # how neighbours name the business after them: "Bu Sri", "Cak Holil"


@dataclass(slots=True)
class _Place:
    kabkota: str
    kecamatan: str
    desa: str
    is_kelurahan: bool
    address: str
    latitude: str | None
    longitude: str | None


class _RegionPool:
    """The desa/kelurahan of the chosen kab/kota, read once, and weighted kab/kota choice."""

    def __init__(self, province_code: str, kabkota_codes: list[str] | None) -> None:
        kabkota = Region.objects.filter(level=RegionLevel.KABKOTA, parent_id=province_code)
        if kabkota_codes:
            kabkota = kabkota.filter(code__in=kabkota_codes)
        self.kabkota = {code: name for code, name in kabkota.order_by("code").values_list("code", "name")}
        if not self.kabkota:
            raise ValueError(f"No kab/kota of province {province_code} loaded; run regions_load first.")
        self.codes = list(self.kabkota)
        self.desa: dict[str, list[tuple[str, str, bool]]] = {code: [] for code in self.codes}
        villages = Region.objects.filter(level=RegionLevel.DESA, code__startswith=f"{province_code}.")
        for code, name, kind in villages.order_by("code").values_list("code", "name", "kind"):
            if code[:5] in self.desa:
                self.desa[code[:5]].append((code, name, kind == RegionKind.KELURAHAN))
        self.kecamatan = dict(
            Region.objects.filter(level=RegionLevel.KECAMATAN, parent_id__in=self.codes).values_list(
                "code", "name"
            )
        )
        self.kecamatan_codes = sorted(self.kecamatan)
        self.codes = [code for code in self.codes if self.desa[code]]
        weights = [KABKOTA_WEIGHTS.get(code, len(self.desa[code])) for code in self.codes]
        self.cum_weights = list(accumulate(weights))

    def kabkota_for(self, rng: random.Random, index: int) -> str:
        """Round-robin for the first businesses, so every kab/kota has some; then by weight."""
        if index < len(self.codes):
            return self.codes[index]
        return rng.choices(self.codes, cum_weights=self.cum_weights)[0]

    def short_name(self, kabkota: str) -> str:
        return self.kabkota[kabkota].removeprefix("Kabupaten ").removeprefix("Kota ")


def _cumulative(weights: Mapping[str, float]) -> tuple[list[str], list[float]]:
    return [str(key) for key in weights], list(accumulate(weights.values()))


class _BusinessMaker:
    """Makes one ``DemoBusiness`` after another from a single ``random.Random``."""

    def __init__(self, rng: random.Random, pool: _RegionPool) -> None:
        self.rng = rng
        self.pool = pool
        self.sectors = _cumulative(SECTOR_SHARES)
        self.platforms = _cumulative(PLATFORM_WEIGHTS)
        self.recent: deque[tuple[_Owner, _Place]] = deque(maxlen=64)

    def make(self, index: int) -> DemoBusiness:
        rng = self.rng
        sector = rng.choices(self.sectors[0], cum_weights=self.sectors[1])[0]
        # Now and then the same owner runs a second business from home (not while every kab/kota still
        # waits for its first business).
        if index >= len(self.pool.codes) and rng.random() < 0.02:
            owner, place = rng.choice(self.recent)
        else:
            place = self._place(self.pool.kabkota_for(rng, index))
            owner = self._owner(sector, place)
            self.recent.append((owner, place))
        product, kbli = self._product(sector, place.kabkota)
        is_koperasi = rng.random() < 0.015
        name, brand = self._name(product, sector, owner, place, is_koperasi)
        size = self._size()
        online_mode, links = self._online(name, place)
        documents = self._documents(sector, kbli, owner, place, brand)
        is_ikm = kbli[:2].isdigit() and 10 <= int(kbli[:2]) <= 33 and rng.random() < 0.85
        return DemoBusiness(
            name=name,
            brand=brand,
            owner_name=owner.name,
            owner_sex=owner.sex,
            owner_nik=owner.nik,
            phone=owner.phone,
            email=owner.email,
            address=place.address,
            province_code=place.kabkota[:2],
            kabkota_code=place.kabkota,
            kecamatan_code=place.kecamatan,
            desa_code=place.desa,
            latitude=place.latitude,
            longitude=place.longitude,
            sector=sector,
            kbli_code=kbli,
            is_ikm=is_ikm,
            is_ukm=rng.random() < 0.8,
            is_koperasi=is_koperasi,
            is_kopwan_member=owner.sex == _FEMALE and (is_koperasi or rng.random() < 0.15),
            employees=size[0],
            founded_year=None if rng.random() < 0.05 else 2025 - int(40 * rng.random() ** 1.8),
            capital=size[1],
            annual_sales=size[2],
            size_class=size[3],
            size_criterion=size[4],
            size_regulation=REGULATION if size[3] else "",
            online_mode=online_mode,
            shop_links=links,
            legality_status=legality_status_from(d.status for d in documents).value,
            documents=documents,
        )

    # --- where -------------------------------------------------------------------------------------------

    def _place(self, kabkota: str) -> _Place:
        rng = self.rng
        desa, desa_name, is_kelurahan = rng.choice(self.pool.desa[kabkota])
        rt, rw = f"RT {rng.randint(1, 12):03d}", f"RW {rng.randint(1, 8):03d}"
        if is_kelurahan or rng.random() < 0.25:
            street = rng.choice(STREETS)
            if rng.random() < 0.3:
                street = f"Raya {desa_name}"
            address = f"Jl. {street} No. {rng.randint(1, 180)}, {rt}/{rw}"
        else:
            dusuns = DUSUN_MADURA if kabkota in MADURA else DUSUN
            address = f"Dusun {rng.choice(dusuns)} {rt}/{rw}"
        latitude = longitude = None
        centre = CENTRES.get(kabkota)
        if centre and rng.random() < 0.4:
            spread = 0.03 if kabkota[3] == "7" else 0.11
            lat = min(max(rng.gauss(centre[0], spread), LAT_RANGE[0]), LAT_RANGE[1])
            lon = min(max(rng.gauss(centre[1], spread), LON_RANGE[0]), LON_RANGE[1])
            latitude, longitude = f"{lat:.6f}", f"{lon:.6f}"
        return _Place(kabkota, desa[:8], desa, is_kelurahan, address, latitude, longitude)

    # --- who ---------------------------------------------------------------------------------------------

    def _owner(self, sector: str, place: _Place) -> _Owner:
        rng = self.rng
        sex = _FEMALE if rng.random() < WOMEN_SHARE[sector] else _MALE
        madurese = rng.random() < MADURESE_SHARE.get(place.kabkota, 0.05)
        name, call = self._person_name(sex, madurese, place.kabkota)
        born = date(1957, 1, 1) + timedelta(days=int(rng.triangular(0, 46 * 365, 24 * 365)))
        nik = "" if rng.random() < 0.03 else self._nik(sex, born, place)
        phone = "" if rng.random() < 0.12 else self._phone()
        email = self._email(name) if rng.random() < 0.22 else ""
        return _Owner(name, sex, nik, phone, email, call)

    def _person_name(self, sex: str, madurese: bool, kabkota: str) -> tuple[str, str]:
        rng = self.rng
        female = sex == _FEMALE
        if madurese:
            first = rng.choice(MADURA_WOMEN if female else MADURA_MEN)
            second = rng.choice(MADURA_WOMEN_2 if female else MADURA_MEN_2)
        else:
            first = rng.choice(WOMEN if female else MEN)
            second = rng.choice(WOMEN_2 if female else MEN_2)
        abbreviated = first.endswith(".")  # "Moh.", "Abd.": never alone, nor as the call name
        name = first if rng.random() < 0.2 and not abbreviated else f"{first} {second}"
        if rng.random() < 0.06:  # returned from the hajj
            name = f"Hj. {name}" if female else f"H. {name}"
        nick = (second if abbreviated else first).split()[0]
        if female:
            honorific = "Ning" if kabkota in ("35.78", "35.17") and rng.random() < 0.3 else "Bu"
        else:
            honorific = "Cak" if (madurese or kabkota == "35.78") and rng.random() < 0.5 else "Pak"
        return name, f"{honorific} {nick}"

    def _nik(self, sex: str, born: date, place: _Place) -> str:
        """Kecamatan of the business for most; another kecamatan of the province for people who moved."""
        rng = self.rng
        kecamatan = place.kecamatan
        if rng.random() < 0.1:
            kecamatan = rng.choice(self.pool.kecamatan_codes)
        day = born.day + (40 if sex == _FEMALE else 0)
        serial = rng.randint(1, 1500)
        return f"{kecamatan.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"

    def _phone(self) -> str:
        rng = self.rng
        digits = rng.choice((7, 8, 8, 9))  # national numbers of 10 to 12 digits
        return f"+628{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**digits):0{digits}d}"

    def _email(self, name: str) -> str:
        rng = self.rng
        parts = [_slug(p) for p in name.split() if not p.endswith(".")]
        local = ".".join(p for p in parts if p)[:30] or "umkm"
        if rng.random() < 0.6:
            local += str(rng.randint(1, 99))
        return f"{local}@{rng.choices(EMAIL_DOMAINS, weights=(70, 15, 10, 5))[0]}"

    # --- what --------------------------------------------------------------------------------------------

    def _product(self, sector: str, kabkota: str) -> tuple[str, str]:
        rng = self.rng
        specialities = [p for s, *p in SPECIALITIES.get(kabkota, ()) if s == sector]
        if specialities and rng.random() < 0.3:
            product, kbli = rng.choice(specialities)
        else:
            product, kbli = rng.choice(PRODUCTS[sector])
        return product, kbli

    def _name(
        self, product: str, sector: str, owner: _Owner, place: _Place, is_koperasi: bool
    ) -> tuple[str, str]:
        rng = self.rng
        ornament = rng.choice(ORNAMENTS)
        if is_koperasi:
            kind = "Kopwan" if owner.sex == _FEMALE and rng.random() < 0.6 else "Koperasi Produsen"
            return f"{kind} {ornament}", ""
        pick = rng.random()
        if sector in (_TRADE, _SERVICE) and pick < 0.5:
            name = f"{product} {ornament}"
        elif pick < 0.35:
            name = f"{product} {owner.call}"
        elif pick < 0.55:
            place_name = self.pool.kecamatan.get(place.kecamatan) or self.pool.short_name(place.kabkota)
            name = f"{product} {place_name}"
        else:
            name = f"{product} {ornament}"
        if pick > 0.97:
            name = f"{rng.choice(('UD', 'CV'))} {name}"
        roll = rng.random()
        brand = ornament if roll < 0.2 else owner.call if roll < 0.3 else ""
        return name, brand

    def _size(self) -> tuple[int | None, int | None, int | None, str, str]:
        """Employees, capital, annual sales, size class and criterion (derived with ``classify``)."""
        rng = self.rng
        band = rng.random()
        if band < 0.951:
            sales = min(max(rng.lognormvariate(math.log(60e6), 1.0), 2.4e6), 1.99e9)
            employees = rng.choices((1, 2, 3, 4, 5, 7, 12), weights=(30, 28, 18, 10, 7, 6, 1))[0]
        elif band < 0.99:
            sales, employees = _log_uniform(rng, 2.01e9, 15e9), rng.randint(5, 30)
        elif band < 0.998:
            sales, employees = _log_uniform(rng, 15.01e9, 50e9), rng.randint(20, 50)
        else:
            sales, employees = _log_uniform(rng, 50.01e9, 120e9), rng.randint(30, 50)
        annual_sales: int | None = int(round(sales, -5))
        capital: int | None = int(round(sales * rng.uniform(0.15, 0.6), -5))
        missing = rng.random()
        if missing < 0.06:
            annual_sales = None
        elif missing < 0.09:
            annual_sales = capital = None
        elif missing < 0.3:
            capital = None
        size_class, criterion = classify(annual_sales=annual_sales, capital=capital)
        return (
            None if rng.random() < 0.05 else employees,
            capital,
            annual_sales,
            size_class.value if size_class else "",
            criterion.value if criterion else "",
        )

    def _online(self, name: str, place: _Place) -> tuple[str, list[dict[str, str]]]:
        rng = self.rng
        online = 0.5 if place.kabkota[3] == "7" else 0.38
        if rng.random() >= online:
            return OnlineMode.OFFLINE.value, []
        mode = OnlineMode.CREATOR.value if rng.random() < 0.62 else OnlineMode.RESELLER.value
        handle = _slug(name)[:24] + rng.choice(("", "", "official", "_id", str(rng.randint(1, 99))))
        platforms: list[str] = []
        for _ in range(rng.choices((1, 2, 3), weights=(55, 30, 15))[0]):
            platform = rng.choices(self.platforms[0], cum_weights=self.platforms[1])[0]
            if platform not in platforms:
                platforms.append(platform)
        return mode, [{"platform": p, "url": PLATFORM_URLS[p].format(handle)} for p in platforms]

    # --- legality ----------------------------------------------------------------------------------------

    def _documents(
        self, sector: str, kbli: str, owner: _Owner, place: _Place, brand: str
    ) -> list[DemoDocument]:
        rng = self.rng
        documents = []
        has_nib = rng.random() < 0.55
        if has_nib:
            documents.append(self._nib())
        if rng.random() < 0.2:
            documents.append(self._npwp(owner))
        food = sector == _FOOD
        if food and rng.random() < (0.58 if has_nib else 0.18):
            documents.append(self._pirt(place.kabkota))
        if (food and rng.random() < (0.38 if has_nib else 0.09)) or (
            sector == _HERBAL and rng.random() < 0.2
        ):
            documents.append(self._halal(place.kabkota))
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

    def _npwp(self, owner: _Owner) -> DemoDocument:
        """Individuals' NPWP is their NIK since 2024; older records still carry the 15-digit number."""
        rng = self.rng
        if owner.nik and rng.random() < 0.6:
            return self._document(DocumentKind.NPWP, owner.nik, 2024, 2025)
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


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char) * (2 if position % 2 == 0 else 1)
        total += number - 9 if number > 9 else number
    return (10 - total % 10) % 10


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("", text.lower())


def generate_businesses(
    *,
    size: int,
    seed: int = 2026,
    province_code: str = "35",
    kabkota_codes: list[str] | None = None,
    batch_size: int = 5000,
) -> Iterator[list[DemoBusiness]]:
    """Yield ``size`` generated businesses in batches of ``batch_size``; the same seed gives the same data.

    Reads the province's regions once (they must be loaded); writes nothing. The records do not depend on
    ``batch_size``. Every kab/kota gets at least one business when ``size`` is at least their number.
    """
    if size < 0 or batch_size < 1:
        raise ValueError("size must be >= 0 and batch_size >= 1")
    maker = _BusinessMaker(random.Random(seed), _RegionPool(province_code, kabkota_codes))
    for start in range(0, size, batch_size):
        yield [maker.make(index) for index in range(start, min(size, start + batch_size))]


# --- loading ---------------------------------------------------------------------------------------------


class _Table:
    """Columns of a model's table in a fixed order, and how to turn attribute dicts into rows for it.

    Attributes a row dict lacks get the field default, so a field added to the model later still loads.
    """

    def __init__(self, model: type[Business] | type[LegalityDocument], *, with_id: bool) -> None:
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.name = model._meta.db_table
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields if not f.primary_key}
        self.types = {f.attname: f.get_internal_type() for f in fields}

    def rows(self, values: Iterator[dict[str, Any]], *, sqlite: bool) -> Iterator[list[Any]]:
        """Rows as the driver takes them: JSON as text; on SQLite also dates and datetimes as text."""
        convert: dict[str, Callable[[Any], Any]] = {"JSONField": json.dumps}
        if sqlite:
            adapt = connection.ops.adapt_datetimefield_value
            convert |= {"DateTimeField": adapt, "DateField": lambda d: d and d.isoformat()}
        converters = [(a, convert.get(self.types[a]), self.defaults.get(a)) for a in self.attnames]
        for row in values:
            yield [(fn(row.get(a, default)) if fn else row.get(a, default)) for a, fn, default in converters]


_BUSINESS_TABLE = _Table(Business, with_id=True)
_DOCUMENT_TABLE = _Table(LegalityDocument, with_id=False)


def _business_values(
    demo: DemoBusiness, *, pk: int, now: datetime, owner_account_id: int | None
) -> dict[str, Any]:
    """Model attribute values of one business; the NIK is encrypted, hashed and masked here."""
    values = {
        name: getattr(demo, name)
        for name in (
            "name", "brand", "owner_name", "owner_sex", "phone", "email", "address", "latitude", "longitude",
            "sector", "kbli_code", "is_ikm", "is_ukm", "is_koperasi", "is_kopwan_member", "employees",
            "founded_year", "capital", "annual_sales", "size_class", "size_criterion", "size_regulation",
            "online_mode", "shop_links", "legality_status",
        )
    }  # fmt: skip
    nik = demo.owner_nik
    values.update(
        id=pk,
        owner_nik_encrypted=encrypt_text(nik),
        owner_nik_hash=keyed_hash(nik),
        owner_nik_masked=mask_nik(nik) if nik else "",
        province_id=demo.province_code,
        kabkota_id=demo.kabkota_code,
        kecamatan_id=demo.kecamatan_code,
        desa_id=demo.desa_code,
        owner_account_id=owner_account_id,
        created_at=now,
        updated_at=now,
    )
    return values


def _document_values(document: DemoDocument, *, business_id: int, now: datetime) -> dict[str, Any]:
    return {
        "business_id": business_id,
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on,
        "expires_on": document.expires_on,
        "status": document.status,
        "verification_note": document.verification_note,
        "verified_at": document.verified_at,
        "created_at": now,
        "updated_at": now,
    }


def _reserve_ids(cursor: Any, count: int) -> list[int]:
    """Business ids taken before the insert, so documents can point at them without reading them back.

    PostgreSQL draws them from the table's sequence. SQLite continues after its AUTOINCREMENT counter;
    that is safe because the batch transaction holds SQLite's only write lock (``transaction_mode``
    IMMEDIATE in the settings; with another mode a concurrent writer would fail on the primary key).
    """
    table = _BUSINESS_TABLE.name
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
        f" coalesce((SELECT max(id) FROM {connection.ops.quote_name(table)}), 0))",
        [table],
    )
    last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def _load(cursor: Any, table: _Table, values: Iterator[dict[str, Any]]) -> None:
    """``COPY`` on PostgreSQL (the psycopg 3 cursor under Django's wrapper); one ``executemany`` elsewhere."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in table.rows(values, sqlite=False):
                copy.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})"
        cursor.executemany(sql, table.rows(values, sqlite=True))


def _insert_batch(batch: list[DemoBusiness], owners: list[int | None], now: datetime) -> None:
    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, len(batch))
        _load(
            cursor,
            _BUSINESS_TABLE,
            (
                _business_values(demo, pk=pk, now=now, owner_account_id=owner)
                for pk, demo, owner in zip(ids, batch, owners, strict=True)
            ),
        )
        _load(
            cursor,
            _DOCUMENT_TABLE,
            (
                _document_values(document, business_id=pk, now=now)
                for pk, demo in zip(ids, batch, strict=True)
                for document in demo.documents
            ),
        )


def businesses_insert(
    *,
    size: int,
    seed: int = 2026,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    owner_accounts: Mapping[int, int] | None = None,
    province_code: str = "35",
    kabkota_codes: list[str] | None = None,
) -> int:
    """Generate and insert ``size`` businesses with their documents, one transaction per batch.

    Set-based: ``COPY`` on PostgreSQL, one ``executemany`` per table and batch on SQLite; no model
    instances, no signals (so no change-log entries for demo data). ``owner_accounts`` maps a position in
    the generated stream (0-based) to the id of the user who owns that business. ``progress`` gets the
    running total after each batch. Returns the number of businesses inserted.
    """
    owner_accounts = owner_accounts or {}
    now = timezone.now()
    done = 0
    batches = generate_businesses(
        size=size, seed=seed, batch_size=batch_size, province_code=province_code, kabkota_codes=kabkota_codes
    )
    for batch in batches:
        owners = [owner_accounts.get(done + offset) for offset in range(len(batch))]
        with transaction.atomic():
            _insert_batch(batch, owners, now)
        done += len(batch)
        if progress:
            progress(done)
    return done


# --- word lists ------------------------------------------------------------------------------------------
# Kept here rather than in a data file so the generator stays one importable module. Products carry a
# plausible KBLI 2020 kelompok (5 digits) each; names lean Javanese, and Madurese in Madura and Tapal Kuda.


def _words(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _products(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, kbli) for name, kbli in (item.split("=") for item in _words(text)))


# Rounded SP2020 population in thousands: the weight of each kab/kota in the demo data.
KABKOTA_WEIGHTS: dict[str, int] = {
    "35.01": 587, "35.02": 950, "35.03": 732, "35.04": 1090, "35.05": 1224, "35.06": 1636, "35.07": 2655,
    "35.08": 1120, "35.09": 2537, "35.10": 1709, "35.11": 777, "35.12": 686, "35.13": 1153, "35.14": 1606,
    "35.15": 2083, "35.16": 1120, "35.17": 1319, "35.18": 1104, "35.19": 745, "35.20": 671, "35.21": 871,
    "35.22": 1302, "35.23": 1199, "35.24": 1345, "35.25": 1312, "35.26": 1061, "35.27": 970, "35.28": 851,
    "35.29": 1125, "35.71": 287, "35.72": 150, "35.73": 844, "35.74": 240, "35.75": 209, "35.76": 133,
    "35.77": 196, "35.78": 2875, "35.79": 214,
}  # fmt: skip
# Approximate centre (lat, lon) of each kab/kota; demo coordinates scatter around it.
CENTRES: dict[str, tuple[float, float]] = {
    "35.01": (-8.13, 111.17), "35.02": (-7.87, 111.46), "35.03": (-8.10, 111.65), "35.04": (-8.12, 111.90),
    "35.05": (-8.12, 112.25), "35.06": (-7.82, 112.10), "35.07": (-8.10, 112.62), "35.08": (-8.13, 113.22),
    "35.09": (-8.17, 113.70), "35.10": (-8.30, 114.20), "35.11": (-7.92, 113.82), "35.12": (-7.72, 114.00),
    "35.13": (-7.80, 113.35), "35.14": (-7.70, 112.80), "35.15": (-7.45, 112.70), "35.16": (-7.55, 112.50),
    "35.17": (-7.55, 112.23), "35.18": (-7.60, 111.90), "35.19": (-7.60, 111.65), "35.20": (-7.65, 111.35),
    "35.21": (-7.42, 111.45), "35.22": (-7.20, 111.85), "35.23": (-6.95, 111.95), "35.24": (-7.12, 112.35),
    "35.25": (-7.18, 112.60), "35.26": (-7.03, 112.90), "35.27": (-7.05, 113.25), "35.28": (-7.05, 113.50),
    "35.29": (-7.00, 113.85), "35.71": (-7.82, 112.01), "35.72": (-8.10, 112.17), "35.73": (-7.98, 112.63),
    "35.74": (-7.76, 113.21), "35.75": (-7.65, 112.90), "35.76": (-7.47, 112.43), "35.77": (-7.63, 111.52),
    "35.78": (-7.27, 112.74), "35.79": (-7.87, 112.52),
}  # fmt: skip
MADURA = frozenset({"35.26", "35.27", "35.28", "35.29"})
MADURESE_SHARE: dict[str, float] = {
    **dict.fromkeys(MADURA, 0.85),
    **{"35.08": 0.25, "35.09": 0.45, "35.10": 0.15, "35.11": 0.6, "35.12": 0.6, "35.13": 0.5},
    **{"35.74": 0.4, "35.78": 0.2, "35.14": 0.2, "35.75": 0.2},
}

PRODUCTS: dict[str, tuple[tuple[str, str], ...]] = {
    Sector.FOOD: _products(
        "Keripik Singkong=10794, Keripik Tempe=10794, Keripik Pisang=10794, Kerupuk Ikan=10794,"
        "Kerupuk Udang=10794, Rengginang=10794, Peyek Kacang=10794, Kerupuk Samiler=10794,"
        "Opak Gambir=10794, Kue Kering=10710, Roti Manis=10710, Bolu Kukus=10710, Kue Lapis=10792,"
        "Jajanan Pasar=10792, Jenang=10796, Dodol=10796, Sambal Bawang=10772, Bumbu Pecel=10772,"
        "Petis Udang=10299, Abon Ikan=10219, Bandeng Presto=10219, Kopi Bubuk=10761, Kopi Robusta=10761,"
        "Teh Rosela=10763, Tempe=10391, Tahu=10392, Gula Merah=10722, Madumongso=10799,"
        "Frozen Food=10750, Sari Buah=10330, Manisan Buah=10733"
    ),
    Sector.FASHION: _products(
        "Batik Tulis=13134, Batik Cap=13134, Batik Tulis Sekar Jagad=13134, Batik Kombinasi=13134,"
        "Konveksi=14111, Busana Muslim=14111, Hijab=14111, Mukena=14111, Kaos Sablon=14111,"
        "Seragam Sekolah=14111, Tenun Ikat=13122, Bordir=14111, Sandal=15201, Sepatu Kulit=15201"
    ),
    Sector.CRAFT: _products(
        "Anyaman Pandan=16292, Anyaman Bambu=16291, Anyaman Rotan=16291, Anyaman Mendong=16292,"
        "Kerajinan Eceng Gondok=16292, Ukiran Kayu=16293, Topeng Kayu=16293, Mebel Jati=31001,"
        "Furnitur Kayu=31001, Gerabah=23939, Keramik Hias=23939, Kerajinan Kerang=32903,"
        "Kerajinan Kuningan=25999, Tas Kulit=15121, Dompet Kulit=15121, Miniatur Kapal=32903,"
        "Kerajinan Perca=32903, Suvenir=32903"
    ),
    Sector.AGRI: _products(
        "Cabai Rawit=01133, Tomat=01133, Bawang Merah=01134, Jamur Tiram=01136, Buah Naga=01220,"
        "Jeruk Siam=01230, Melon=01132, Tembakau=01150, Ubi Jalar=01135, Kacang Tanah=01114,"
        "Jagung=01111, Tebu=01140, Anggrek=01193"
    ),
    Sector.HERBAL: _products(
        "Jamu Tradisional=21022, Jamu Gendong=21022, Jamu Madura=21022, Beras Kencur=21022,"
        "Kunyit Asam=21022, Temulawak Instan=21022, Minyak Kayu Putih=20294, Minyak Atsiri=20294,"
        "Lulur Tradisional=20232, Sabun Herbal=20232, Bedak Dingin=20232, Serbuk Jahe Merah=10799"
    ),
    Sector.TRADE: _products(
        "Toko Kelontong=47111, Toko Sembako=47111, Toko Oleh-Oleh=47111, Grosir Kopi dan Gula=47243,"
        "Toko Pakaian=47711, Toko Jilbab=47711, Toko Batik=47711, Toko Online=47911"
    ),
    Sector.SERVICE: _products(
        "Warung Makan=56102, Depot=56102, Kedai Kopi=56303, Katering=56210, Sablon dan Percetakan=18111"
    ),
    Sector.OTHER: _products(
        "Pupuk Organik=20121, Pakan Ternak=10801, Sabun Cuci=20231, Tali Tambang=13941, Alat Dapur=25992"
    ),
}
# (sector, product, KBLI) a kab/kota is known for; chosen for about 30% of its businesses of that sector.
SPECIALITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "35.01": ((Sector.FASHION, "Batik Tulis Pacitan", "13134"),),
    "35.02": ((Sector.CRAFT, "Kerajinan Reog", "32903"),),
    "35.06": ((Sector.FASHION, "Tenun Ikat Bandar Kidul", "13122"), (Sector.FOOD, "Tahu Takwa", "10392")),
    "35.07": ((Sector.FOOD, "Kopi Robusta Dampit", "10761"), (Sector.CRAFT, "Topeng Malangan", "16293")),
    "35.09": ((Sector.FOOD, "Suwar-Suwir", "10796"), (Sector.AGRI, "Tembakau Na-Oogst", "01150")),
    "35.10": ((Sector.FASHION, "Batik Gajah Oling", "13134"), (Sector.FOOD, "Kopi Osing", "10761")),
    "35.11": ((Sector.FOOD, "Tape Bondowoso", "10799"), (Sector.FOOD, "Kopi Arabika Ijen", "10761")),
    "35.13": ((Sector.AGRI, "Mangga Arumanis", "01220"),),
    "35.14": ((Sector.FASHION, "Bordir Bangil", "14111"),),
    "35.15": ((Sector.CRAFT, "Tas Kulit Tanggulangin", "15121"), (Sector.FOOD, "Bandeng Asap", "10212")),
    "35.16": ((Sector.FASHION, "Sepatu Kulit", "15201"),),
    "35.18": ((Sector.AGRI, "Bawang Merah", "01134"),),
    "35.19": ((Sector.FOOD, "Brem Madiun", "10799"),),
    "35.20": ((Sector.FASHION, "Sandal Kulit", "15201"),),
    "35.22": ((Sector.FASHION, "Batik Jonegoroan", "13134"),),
    "35.23": ((Sector.FASHION, "Batik Gedog", "13134"),),
    "35.24": ((Sector.FOOD, "Wingko Babat", "10710"),),
    "35.25": ((Sector.FOOD, "Otak-Otak Bandeng", "10219"), (Sector.FASHION, "Songkok", "14111")),
    "35.26": ((Sector.FASHION, "Batik Tanjung Bumi", "13134"),),
    "35.27": ((Sector.FOOD, "Kerupuk Ikan", "10794"), (Sector.AGRI, "Garam Rakyat", "10774")),
    "35.28": ((Sector.FASHION, "Batik Tulis Klampar", "13134"),),
    "35.29": ((Sector.CRAFT, "Keris Aeng Tong-Tong", "25999"), (Sector.AGRI, "Garam Rakyat", "10774")),
    "35.73": ((Sector.FOOD, "Keripik Tempe Sanan", "10794"), (Sector.CRAFT, "Keramik Dinoyo", "23939")),
    "35.76": ((Sector.FASHION, "Sepatu Kulit", "15201"),),
    "35.77": ((Sector.FOOD, "Sambal Pecel Madiun", "10772"),),
    "35.78": ((Sector.FASHION, "Batik Mangrove", "13134"), (Sector.FOOD, "Kue Spikoe", "10710")),
    "35.79": ((Sector.FOOD, "Sari Apel", "10330"), (Sector.FOOD, "Keripik Apel", "10794")),
}
ORNAMENTS = _words(
    "Mandiri, Makmur, Sejahtera, Barokah, Berkah Jaya, Lestari, Jaya Abadi, Sentosa, Karya Mandiri,"
    "Sumber Rejeki, Maju Jaya, Sekar Arum, Sido Mulyo, Mekar Sari, Sri Rejeki, Tunas Harapan, Amanah,"
    "Al-Ikhlas, Nur Cahaya, Kartika, Arum Sari, Dua Putri, Tiga Saudara, Mitra Usaha, Sekar Jagad,"
    "Citra Rasa,"
    "Sae Mandiri, Rukun Santoso, Wijaya Kusuma, Putri Ayu, Cahaya Bunda, Mulya Abadi, Barokah Ummi,"
    "Mekar Jaya, Gemilang, Harapan Bunda, Bintang Timur, Surya Kencana, Sinar Harapan, Azzahra, Rizki Abadi,"
    "Al-Hidayah, Dewi Sri, Sumber Makmur, Tirta Sari, Kembang Joyo"
)
WOMEN = _words(
    "Siti, Sri, Endang, Sumiati, Suparmi, Tutik, Ninik, Sulastri, Wartini, Sumarni, Yuli, Rini, Dwi, Tri,"
    "Eka, Anik, Umi, Lilik, Luluk, Ika, Dewi, Ratna, Puji, Kartini, Suwarni, Juwariyah, Mujiati, Rukmini,"
    "Sukesi, Winarti, Nanik, Ayu, Indah, Novi, Fitri, Dian, Putri, Anisa, Rina, Wulan, Nur, Yayuk, Kholifah"
)
WOMEN_2 = _words(
    "Lestari, Wahyuni, Rahayu, Susanti, Rahmawati, Handayani, Setyowati, Kurniawati, Widayati, Suryani,"
    "Ningsih, Puspitasari, Wulandari, Astuti, Purwanti, Hartini, Sulistyowati, Andriani, Agustina,"
    "Nurhayati, Aminah, Fatimah, Khasanah, Mahmudah, Zulaikha, Rohmah, Hidayah, Mulyani, Utami, Pratiwi,"
    "Safitri, Anggraini, Maslikhah, Chotimah, Mutmainah"
)
MEN = _words(
    "Slamet, Sugeng, Budi, Agus, Bambang, Joko, Heru, Eko, Teguh, Hadi, Sutrisno, Suparno, Sukardi, Wahyu,"
    "Didik, Hari, Imam, Mohammad, Ahmad, Abdul, Rudi, Yudi, Arif, Fajar, Rizki, Dimas, Bayu, Andik, Cahyo,"
    "Gatot, Sumardi, Kusnadi, Sunarto, Sholeh, Khoirul, Moch."
)
MEN_2 = _words(
    "Santoso, Susanto, Prasetyo, Hidayat, Wibowo, Setiawan, Kurniawan, Purnomo, Hartono, Gunawan, Saputra,"
    "Nugroho, Widodo, Suprapto, Wahyudi, Firmansyah, Hakim, Syaifuddin, Mustofa, Ashari, Ridwan, Hasyim,"
    "Zainuddin, Fauzi, Hermawan, Sugiarto, Riyanto, Utomo, Efendi, Maulana, Anwar, Huda, Rohman, Arifin"
)
MADURA_WOMEN = _words(
    "Sitti, Siti, Hosniyah, Suliha, Hamidah, Maimunah, Rohimah, Holifah, Juhairiyah, Mukarromah,"
    "Musyarrofah, Ummi, Khotijah, Sa'diyah, Munawaroh, Rukayyah, Badriyah, Zubaidah, Latifah, Faridah,"
    "Nurul, Masruroh, Hotimah, Saniyah, Sumaiyah"
)
MADURA_WOMEN_2 = _words(
    "Maimunah, Hasanah, Rahmah, Aisyah, Fatimah, Zainab, Halimah, Qomariyah, Jamilah, Romlah, Mardiyah,"
    "Nafisah, Hayati, Sholihah, Marfu'ah, Rofiqoh"
)
MADURA_MEN = _words(
    "Moh., Abd., Ach., Matrawi, Marsuki, Sahrawi, Suhaimi, Busiri, Hosnan, Sukri, Samsul, Muhlis, Subairi,"
    "Hasin, Jailani, Zainal, Muzakki, Saiful, Fathorrahman, Hafid, Mahfud, Holil, Rasyid, Jamaluddin, Bahri"
)
MADURA_MEN_2 = _words(
    "Holil, Rahem, Fauzi, Hasan, Arifin, Munir, Wafi, Ridwan, Syafi'i, Bakri, Hamzah, Sahlan, Anwar, Kholil,"
    "Rofi'i, Tohir, Hannan, Juhri, Mansur"
)
STREETS = _words(
    "Melati, Mawar, Kenanga, Anggrek, Flamboyan, Cempaka, Diponegoro, Sudirman, Ahmad Yani, Pahlawan,"
    "Veteran, Gajah Mada, Hayam Wuruk, Kartini, Trunojoyo, Brawijaya, Imam Bonjol, Teuku Umar,"
    "Kusuma Bangsa, Merdeka, Pemuda, Wahid Hasyim, KH. Hasyim Asyari, Untung Suropati, Raden Wijaya,"
    "Ronggolawe, Mastrip, Semeru, Bromo, Argopuro, Wilis, Kelud, Arjuno, Sultan Agung, Airlangga"
)
DUSUN = _words(
    "Krajan, Krajan, Krajan, Krajan Lor, Krajan Kidul, Sumberagung, Kedungrejo, Karanganyar, Ngemplak,"
    "Tegalsari, Sukorejo, Wonorejo, Purwosari, Sidomulyo, Gondang, Bendo, Kauman, Pandean, Jetis, Ngaglik,"
    "Sumbersari, Tambakrejo, Gedangan, Banjarsari, Kebonagung, Pojok, Mojosari, Tanjungsari, Sambirejo"
)
DUSUN_MADURA = _words(
    "Krajan, Krajan, Laok, Dejeh, Temor, Bara', Tengah, Lembung, Pesisir, Somor, Bunut, Talang, Polay,"
    "Gunung, Tambak, Aeng Mata, Lebak"
)
PHONE_PREFIXES = _words(
    "11, 12, 13, 21, 22, 23, 51, 52, 53, 14, 15, 16, 55, 56, 57, 58, 17, 18, 19, 59, 77, 78, 95, 96, 97,"
    "98, 99, 31, 32, 33, 38, 81, 82, 83, 85, 87, 88"
)
EMAIL_DOMAINS = ("gmail.com", "yahoo.co.id", "yahoo.com", "ymail.com")
REJECTION_NOTES = (
    "Pindaian dokumen buram, nomor tidak terbaca.",
    "Nama pada dokumen berbeda dengan nama pemilik.",
    "Nomor yang diisi tidak sama dengan nomor pada dokumen.",
    "Dokumen atas nama usaha lain.",
    "Halaman dokumen tidak lengkap.",
)
