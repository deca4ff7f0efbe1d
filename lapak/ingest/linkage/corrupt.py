"""How each agency's clerk types a business: the record-level noise of the synthetic lists."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from . import synthetic_words as w
from .regions import Place, RegionPool
from .vocabulary import NAME_VARIANTS

if TYPE_CHECKING:
    from .synthetic import Entity, SourceProfile

Record = tuple[str | None, ...]

_SPELLINGS: dict[str, list[str]] = {}
for _spelling, _canonical in NAME_VARIANTS.items():
    if _spelling.isalpha():  # "oleh2" and friends stay out of the title-case names
        _SPELLINGS.setdefault(_canonical, []).append(_spelling)
_NEIGHBOUR_SECTOR = {"pangan": "dagang", "dagang": "pangan", "kriya": "fashion", "fashion": "kriya",
                     "herbal": "pangan", "agro": "pangan", "jasa": "dagang", "lainnya": "dagang"}  # fmt: skip


class Corrupter:
    """Turns an entity into the records the source lists hold, each typed with its own noise."""

    def __init__(self, rng: random.Random, regions: RegionPool) -> None:
        self.rng = rng
        self.regions = regions

    def records(self, entity: Entity, profiles: tuple[SourceProfile, ...]) -> list[Record]:
        """The records of ``entity`` over the sources: (source, name, owner, nik_hash, nib, phone, ...)."""
        rng, out = self.rng, list[Record]()
        for profile in profiles:
            if profile.sectors and entity.sector not in profile.sectors:
                continue
            if rng.random() >= profile.coverage:
                continue
            copies = 2 if rng.random() < profile.duplicate else 1
            out.extend(self._record(entity, profile) for _ in range(copies))
        return out

    def _record(self, entity: Entity, profile: SourceProfile) -> Record:
        from .synthetic import nik_hash

        rng = self.rng
        place = entity.place
        if entity.old_place and rng.random() < profile.stale:
            place = entity.old_place
        desa: str | None = place.desa
        kecamatan: str | None = place.kecamatan
        if rng.random() < 0.08:
            desa = None
            kecamatan = None if rng.random() < 0.25 else kecamatan
        female = entity.owner_call.split()[0] in ("Bu", "Mbak")
        owner = None if rng.random() < profile.owner_missing else self._owner(entity.owner_name, female)
        nik = nik_hash(entity.nik) if entity.nik and rng.random() >= profile.nik_missing else None
        nib = entity.nib if entity.nib and rng.random() < profile.nib_shown else None
        return (
            profile.code,
            self._name(entity, profile),
            owner,
            nik,
            nib,
            self._phone(entity.phone, profile),
            None if rng.random() < 0.08 else self._address(place),
            desa,
            kecamatan,
            place.kabkota,
            self._sector(entity.sector),
        )

    # --- name ----------------------------------------------------------------------------------------------

    def _name(self, entity: Entity, profile: SourceProfile) -> str:
        rng = self.rng
        name = entity.name
        if entity.owner_call in name and rng.random() < 0.35:
            name = name.replace(entity.owner_call, self._call_variant(entity.owner_call))
        words = [self._spelling(word) for word in name.split()]
        nick = entity.owner_call.split()[-1].lower()
        if len(words) >= 4 and words[-1].lower() != nick and rng.random() < 0.05:
            words.pop()  # "Sumber Rejeki" shortened to "Sumber"; an owner's call is never cut in half
        if rng.random() < 0.12:
            words.insert(0, rng.choice(w.LEGAL_PREFIXES))
        if rng.random() < 0.08:
            index = rng.randrange(len(words))
            words[index] = typo(rng, words[index])
        if profile.shop_style and rng.random() < 0.3:
            words.append(rng.choice(w.SHOP_SUFFIXES))
        return self._case(" ".join(words), upper=0.45 if not profile.shop_style else 0.1)

    def _call_variant(self, call: str) -> str:
        honorific, _, nick = call.partition(" ")
        rng = self.rng
        if honorific in ("Bu", "Mbak"):
            return rng.choice((nick, f"Ibu {nick}", f"Bu Hj. {nick}", f"Bu {nick}"))
        return rng.choice((nick, f"Bapak {nick}", f"Pak H. {nick}", f"Pak {nick}"))

    def _spelling(self, word: str) -> str:
        spellings = _SPELLINGS.get(word.lower())
        if spellings and self.rng.random() < 0.3:
            return self.rng.choice(spellings).title()
        return word

    def _case(self, text: str, upper: float) -> str:
        roll = self.rng.random()
        return text.upper() if roll < upper else text.lower() if roll < upper + 0.08 else text

    # --- owner, phone, address, sector ---------------------------------------------------------------------

    def _owner(self, name: str, female: bool) -> str:
        rng = self.rng
        words = name.split()
        if len(words) > 1 and not words[0].endswith(".") and rng.random() < 0.12:
            words = words[:1]
        if rng.random() < 0.04:
            index = rng.randrange(len(words))
            words[index] = typo(rng, words[index])
        text = " ".join(words)
        if rng.random() < 0.2:
            text = f"{rng.choice(('Ibu', 'Bu', 'Hj.') if female else ('Bpk.', 'H.', 'Bapak'))} {text}"
        if rng.random() < 0.08:
            text += rng.choice(w.TITLES)
        return self._case(text, upper=0.4)

    def _phone(self, phone: str, profile: SourceProfile) -> str | None:
        rng = self.rng
        if not phone or rng.random() < profile.phone_missing:
            return None
        if rng.random() < 0.07:  # a newer or older number than the other lists have
            phone = f"8{rng.choice(w.PHONE_PREFIXES)}{rng.randrange(10**8):08d}"
        return format_phone(rng, phone)

    def _address(self, place: Place) -> str:
        rng = self.rng
        if place.street:
            base = rng.choice(
                (
                    f"Jl. {place.street} No. {place.number}",
                    f"Jalan {place.street} no {place.number}",
                    f"JL {place.street.upper()} {place.number}",
                    f"Jln. {place.street} No.{place.number}",
                )
            )
        else:
            base = f"{rng.choice(('Dusun', 'Dsn.', 'Dsn', 'Dusun'))} {place.dusun}"
        rt, rw = place.rt, place.rw
        rtrw = rng.choice(
            (
                f"RT {rt:02d}/RW {rw:02d}",
                f"RT.{rt:03d} RW.{rw:03d}",
                f"rt {rt} rw {rw}",
                f"{rt:03d}/{rw:03d}",
                f"RT/RW {rt:02d}/{rw:02d}",
                "",
            )
        )
        desa = self.regions.desa_name(place.desa)
        kecamatan = self.regions.desa_name(place.kecamatan)
        tail = rng.choice(("", f"Ds. {desa}", f"Desa {desa} Kec. {kecamatan}", f"Kel. {desa}", ""))
        return " ".join(part for part in (base, rtrw, tail) if part)

    def _sector(self, sector: str) -> str | None:
        roll = self.rng.random()
        return None if roll < 0.08 else _NEIGHBOUR_SECTOR[sector] if roll < 0.14 else sector


def format_phone(rng: random.Random, national: str) -> str:
    """One of the ways people type an Indonesian number (national part ``8…``)."""
    n = national
    return rng.choice(
        (
            f"0{n[:3]}-{n[3:7]}-{n[7:]}",
            f"0{n}",
            f"+62 {n[:3]} {n[3:7]} {n[7:]}",
            f"62{n}",
            f"{n[:-2]} {n[-2:]}",
            f"0{n[:3]} {n[3:]}",
            f"+62{n}",
        )
    )


def typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard in ``word``: a letter swapped, dropped, doubled or replaced."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aiueonmrst") + word[i + 1 :]
