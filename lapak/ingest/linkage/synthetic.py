"""Labelled synthetic agency lists of Jawa Timur UMKM, for the linkage benchmark and tests.

True businesses (entities) are made desa by desa from the real Kemendagri regions that ``lokal`` ships;
then each source list (Dinas Koperasi, Disperindag, Dekranasda, Galeri, a marketplace seller list) holds a
subset of them, typed its own way: typos, legal-form and honorific variation, spelling variants, upper
case, missing NIK/phone/NIB, phone formats, address abbreviations, old addresses of businesses that moved.

The hard cases are built in on purpose, because they are where linkage goes wrong: dense product villages
(dozens of "Keripik Tempe Bu …" makers in one desa), one owner with two businesses, a mother and daughter
with a shop each at one address, "keripik" next to "kerupuk". Every record carries its true ``entity_id``.
One ``random.Random(seed)`` drives everything, so the same arguments give the same rows.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import accumulate

import pyarrow as pa

from . import synthetic_words as w
from .corrupt import Corrupter
from .regions import Place, RegionPool

SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("record_id", "source", "name", "owner_name", "nik_hash", "nib")]
    + [(name, pa.string()) for name in ("phone", "address", "desa_code", "kecamatan_code", "kabkota_code")]
    + [("sector", pa.string()), ("entity_id", pa.string())]
)


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """How one agency's list covers and types the businesses."""

    code: str
    coverage: float  # share of the businesses (of its sectors) on the list
    sectors: frozenset[str] | None  # the sectors it lists; None for all
    nik_missing: float
    phone_missing: float
    owner_missing: float
    nib_shown: float  # chance a business's NIB is on the list when the business has one
    stale: float  # chance a business that moved is listed at its old place
    duplicate: float  # chance the list holds the business twice
    shop_style: bool = False  # seller names as shops write them ("… Official")


SOURCES: tuple[SourceProfile, ...] = (
    SourceProfile("dinkop", 0.62, None, 0.25, 0.12, 0.03, 0.6, 0.5, 0.03),
    SourceProfile("disperindag", 0.55, frozenset({"pangan", "fashion", "kriya", "herbal", "lainnya"}),
                  0.35, 0.2, 0.05, 0.7, 0.4, 0.02),
    SourceProfile("marketplace", 0.3, None, 0.97, 0.05, 0.45, 0.2, 0.1, 0.02, shop_style=True),
    SourceProfile("dekranasda", 0.45, frozenset({"kriya", "fashion"}), 0.5, 0.25, 0.05, 0.3, 0.6, 0.01),
    SourceProfile("galeri", 0.12, frozenset({"pangan", "kriya", "fashion", "herbal"}),
                  0.6, 0.15, 0.1, 0.2, 0.2, 0.0),
)  # fmt: skip

# Shares of the hard cases among businesses, and of dense villages among desa.
SAME_OWNER_SHARE = 0.04
FAMILY_SHARE = 0.03
FAMILY_SHARES_PHONE = 0.4
MOVED_SHARE = 0.05
SENTRA_DESA_SHARE = 0.04
SENTRA_KECAMATAN_SHARE = 0.02
SENTRA_PRODUCT_SHARE = 0.5
CONFUSER_SHARE = 0.15
NIB_SHARE = 0.35
PHONE_SHARE = 0.9


@dataclass(slots=True)
class Entity:
    """One true business with its canonical values."""

    entity_id: str
    sector: str
    product: str
    name: str
    owner_name: str
    owner_call: str  # "Bu Sri": how neighbours name the business after its owner
    nik: str
    phone: str
    nib: str
    place: Place
    old_place: Place | None = None


def nik_hash(nik: str) -> str:
    """The keyed hash the registry would store; any fixed key serves for synthetic data."""
    return hashlib.blake2b(nik.encode(), key=b"lapak-synthetic", digest_size=16).hexdigest()


class _EntityMaker:
    """Makes the businesses of one desa after another."""

    def __init__(self, rng: random.Random, regions: RegionPool) -> None:
        self.rng = rng
        self.regions = regions
        self.sectors = list(w.SECTOR_SHARES)
        self.sector_weights = list(accumulate(w.SECTOR_SHARES.values()))
        self.serial = 0

    def desa_entities(self, desa: str, count: int, sentra: tuple[str, str] | None) -> list[Entity]:
        """``count`` businesses of one desa, with the hard cases mixed in."""
        rng, used = self.rng, set[str]()
        entities: list[Entity] = []
        while len(entities) < count:
            entity = self._entity(self.regions.place(rng, desa), sentra, used)
            entities.append(entity)
            if rng.random() < SAME_OWNER_SHARE:
                entities.append(self._second_business(entity, used))
            if rng.random() < FAMILY_SHARE:
                entities.append(self._family_business(entity, used))
        for entity in entities:
            if rng.random() < MOVED_SHARE:
                entity.old_place = self.regions.nearby_place(rng, entity.place)
        return entities

    def _next_id(self) -> str:
        self.serial += 1
        return f"e{self.serial:08d}"

    def _entity(self, place: Place, sentra: tuple[str, str] | None, used: set[str]) -> Entity:
        rng = self.rng
        if sentra and rng.random() < SENTRA_PRODUCT_SHARE:
            sector, product = sentra
            if product in w.CONFUSERS and rng.random() < CONFUSER_SHARE:
                product = w.CONFUSERS[product]
        else:
            sector = rng.choices(self.sectors, cum_weights=self.sector_weights)[0]
            product = rng.choice(w.PRODUCTS[sector])
        owner_name, call, female = self._person(sector, place.kabkota)
        entity = Entity(
            entity_id=self._next_id(),
            sector=sector,
            product=product,
            name="",
            owner_name=owner_name,
            owner_call=call,
            nik=self._nik(place, female),
            phone=self._phone() if rng.random() < PHONE_SHARE else "",
            nib="",
            place=place,
        )
        entity.name = self._name(entity, used, dense=sentra is not None)
        entity.nib = self._nib() if rng.random() < NIB_SHARE else ""
        return entity

    def _second_business(self, first: Entity, used: set[str]) -> Entity:
        """The same owner, NIK, phone and address; another product under the same call or brand word."""
        rng = self.rng
        sector = rng.choices(self.sectors, cum_weights=self.sector_weights)[0]
        product = rng.choice([p for p in w.PRODUCTS[sector] if p != first.product])
        second = replace(first, entity_id=self._next_id(), sector=sector, product=product, old_place=None)
        suffix = first.name.removeprefix(first.product).strip()
        second.name = f"{product} {suffix}" if suffix and rng.random() < 0.7 else self._name(second, used)
        second.nib = self._nib() if rng.random() < NIB_SHARE else ""
        return second

    def _family_business(self, first: Entity, used: set[str]) -> Entity:
        """A daughter's (or son's) shop at the mother's address, often the same product, maybe one phone."""
        rng = self.rng
        owner_name, call, female = self._person(first.sector, first.place.kabkota, young=True)
        phone = first.phone if rng.random() < FAMILY_SHARES_PHONE else self._phone()
        product = first.product if rng.random() < 0.5 else rng.choice(w.PRODUCTS[first.sector])
        family = replace(
            first,
            entity_id=self._next_id(),
            product=product,
            owner_name=owner_name,
            owner_call=call,
            nik=self._nik(first.place, female),
            phone=phone,
            old_place=None,
        )
        family.name = self._name(family, used, dense=True)
        family.nib = self._nib() if rng.random() < NIB_SHARE else ""
        return family

    def _person(self, sector: str, kabkota: str, young: bool = False) -> tuple[str, str, bool]:
        """Owner's full name, how the business calls them ("Bu Sri") and whether a woman."""
        rng = self.rng
        female = rng.random() < (0.8 if young else w.WOMEN_SHARE[sector])
        madurese = rng.random() < w.MADURESE_SHARE.get(kabkota, 0.05)
        if madurese:
            first = rng.choice(w.MADURA_WOMEN if female else w.MADURA_MEN)
            second = rng.choice(w.MADURA_WOMEN_2 if female else w.MADURA_MEN_2)
        else:
            first = rng.choice((w.WOMEN + w.WOMEN_EXTRA) if female else (w.MEN + w.MEN_EXTRA))
            second = rng.choice(w.WOMEN_2 if female else w.MEN_2)
        abbreviated = first.endswith(".")
        name = first if rng.random() < 0.15 and not abbreviated else f"{first} {second}"
        if name != first and rng.random() < 0.3:  # three-part names are common too
            name += f" {rng.choice(w.WOMEN_2 if female else w.MEN_2)}"
        nick = (second if abbreviated else first).split()[0]
        if young:
            honorific = "Mbak" if female else "Mas"
        else:
            honorific = "Bu" if female else rng.choice(("Pak", "Pak", "Cak"))
        return name, f"{honorific} {nick}", female

    def _name(self, entity: Entity, used: set[str], dense: bool = False) -> str:
        """Product plus the owner's call, a brand word or the place; rarely repeated within one desa."""
        rng = self.rng
        for _ in range(4):  # neighbours avoid a name already taken, but not always
            pick = rng.random()
            if pick < (0.55 if dense else 0.35):
                name = f"{entity.product} {entity.owner_call}"
            elif pick < (0.65 if dense else 0.5):
                name = f"{entity.product} {self.regions.desa_name(entity.place.desa)}"
            else:
                name = f"{entity.product} {rng.choice(w.ORNAMENTS)}"
            if name not in used:
                break
        used.add(name)
        return name

    def _nik(self, place: Place, female: bool) -> str:
        rng = self.rng
        if rng.random() < 0.03:
            return ""
        day = rng.randint(1, 28) + (40 if female else 0)
        born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(55, 99):02d}"
        return f"{place.kecamatan.replace('.', '')}{born}{rng.randint(1, 1500):04d}"

    def _phone(self) -> str:
        rng = self.rng
        digits = rng.choice((7, 8, 8, 9))
        return f"8{rng.choice(w.PHONE_PREFIXES)}{rng.randrange(10**digits):0{digits}d}"

    def _nib(self) -> str:
        return f"{self.rng.randrange(10**12, 10**13)}"


def expected_records_per_entity(sources: tuple[SourceProfile, ...]) -> float:
    """How many records one business gets on average over ``sources``."""
    total = 0.0
    for source in sources:
        share = sum(
            s for sector, s in w.SECTOR_SHARES.items() if not source.sectors or sector in source.sectors
        )
        total += source.coverage * share * (1 + source.duplicate)
    return total


def choose_sources(count_or_codes: int | tuple[str, ...]) -> tuple[SourceProfile, ...]:
    """The first ``count`` source profiles, or those with the given codes."""
    if isinstance(count_or_codes, int):
        if not 1 <= count_or_codes <= len(SOURCES):
            raise ValueError(f"sources must be between 1 and {len(SOURCES)}")
        return SOURCES[:count_or_codes]
    by_code = {source.code: source for source in SOURCES}
    return tuple(by_code[code] for code in count_or_codes)


def generate_batches(
    *, size: int, sources: int | tuple[str, ...] = 5, seed: int = 2026, batch_size: int = 50_000
) -> Iterator[pa.RecordBatch]:
    """Yield ``size`` records in Arrow batches (``SCHEMA``), each with its true ``entity_id``.

    Deterministic for the same arguments except ``batch_size``, which only cuts the stream differently.
    Businesses are made desa by desa, so memory holds one batch, the regions and a count per desa.
    """
    if size < 0 or batch_size < 1:
        raise ValueError("size must be >= 0 and batch_size >= 1")
    rng = random.Random(seed)
    profiles = choose_sources(sources)
    regions = RegionPool()
    maker = _EntityMaker(rng, regions)
    corrupter = Corrupter(rng, regions)
    entities_wanted = max(1, round(size / expected_records_per_entity(profiles)))
    rows: list[tuple[str | None, ...]] = []
    emitted = 0
    while emitted < size:
        for desa, count, sentra in regions.allocate(
            rng, entities_wanted, SENTRA_DESA_SHARE, SENTRA_KECAMATAN_SHARE
        ):
            for entity in maker.desa_entities(desa, count, sentra):
                for record in corrupter.records(entity, profiles):
                    if emitted >= size:
                        break
                    emitted += 1
                    rows.append((f"{record[0]}:{emitted:08d}", *record, entity.entity_id))
                if len(rows) >= batch_size:
                    yield _batch(rows)
                    rows = []
            if emitted >= size:
                break
        entities_wanted = max(1, entities_wanted // 10)  # top up when the lists came out short
    if rows:
        yield _batch(rows)


def _batch(rows: list[tuple[str | None, ...]]) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True))
    return pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in columns], schema=SCHEMA)


def generate_table(*, size: int, sources: int | tuple[str, ...] = 5, seed: int = 2026) -> pa.Table:
    """All of ``generate_batches`` as one table (fine up to a few million rows)."""
    return pa.Table.from_batches(list(generate_batches(size=size, sources=sources, seed=seed)), SCHEMA)
