"""Deterministic demo businesses of Jawa Timur: plain ``DemoBusiness`` records, no database writes.

One ``random.Random`` drives everything, so the same seed gives the same records. Shares follow the brief
for the demo (about 60% women-owned, 95% mikro, partial and sometimes wrong legality).
"""

from __future__ import annotations

import math
import random
import re
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from lapak.regions.models import Region, RegionKind, RegionLevel
from lapak.registry.legality import legality_status_from
from lapak.registry.models import OnlineMode, Sector, Sex
from lapak.registry.sizeclass import REGULATION, classify

from .documents import DemoDocument, DocumentMaker
from .words import (
    CENTRES,
    DUSUN,
    DUSUN_MADURA,
    EMAIL_DOMAINS,
    KABKOTA_WEIGHTS,
    MADURA,
    MADURA_MEN,
    MADURA_MEN_2,
    MADURA_WOMEN,
    MADURA_WOMEN_2,
    MADURESE_SHARE,
    MEN,
    MEN_2,
    ORNAMENTS,
    PHONE_PREFIXES,
    PLATFORM_URLS,
    PLATFORM_WEIGHTS,
    PRODUCTS,
    SECTOR_SHARES,
    SPECIALITIES,
    STREETS,
    WOMEN,
    WOMEN_2,
    WOMEN_SHARE,
)

LAT_RANGE = (-8.8, -6.7)
LON_RANGE = (111.0, 114.6)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_FEMALE, _MALE = Sex.FEMALE.value, Sex.MALE.value
_TRADE, _SERVICE = Sector.TRADE.value, Sector.SERVICE.value


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
        self.documents = DocumentMaker(rng)

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
        documents = self.documents.make(
            sector=sector, kbli=kbli, owner_nik=owner.nik, kabkota=place.kabkota, brand=brand
        )
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


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


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
