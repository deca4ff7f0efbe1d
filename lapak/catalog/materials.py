"""Kinds of raw material, and how a registered business is recognised as a possible local supplier.

The rule is meant to be explained in one sentence to an owner: a business in the province may supply a
material when its KBLI starts with one of the material's KBLI prefixes, or when the name of one of its
products begins with the material's first word ("Tepung Tapioka Super" for "tepung tapioka"; a "Kerupuk
Ikan" is not taken for a supplier of fish). KBLI follows ISIC at the 2 to 4 digit levels (1312 weaving,
106 grain mill and starch products); the prefixes name producers of the material, not businesses that
merely use it, so batik makers are no source of cloth. The kind of a material is guessed from words in
its name when the owner does not choose it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MaterialKind:
    code: str
    name: Promise
    kbli_prefixes: tuple[str, ...]
    keywords: tuple[str, ...]


def _kind(code: str, name: Promise, kbli_prefixes: str, keywords: str) -> MaterialKind:
    words = tuple(word.strip() for word in keywords.split(",") if word.strip())
    return MaterialKind(code, name, tuple(kbli_prefixes.split()), words)


MATERIAL_KINDS: tuple[MaterialKind, ...] = (
    _kind("tepung", _("Tepung & pati"), "106 0111",
          "tepung, terigu, tapioka, pati, sagu, maizena"),
    _kind("kacang", _("Kedelai & kacang-kacangan"), "0111",
          "kedelai, kacang"),
    _kind("gula", _("Gula & pemanis"), "1072 0114",
          "gula, tebu, aren, madu"),
    _kind("minyak", _("Minyak goreng & lemak"), "104",
          "minyak goreng, minyak kelapa, sawit, margarin"),
    _kind("buah-sayur", _("Buah, sayur & umbi"), "0113 012",
          "singkong, ubi, pisang, bawang, cabai, cabe, apel, nangka, sayur, buah, tomat, jamur"),
    _kind("rempah", _("Rempah & bumbu"), "0128",
          "jahe, kunyit, temulawak, kencur, lengkuas, rempah, cengkeh, kayu manis, bumbu, serai"),
    _kind("hasil-laut", _("Ikan & hasil laut"), "031 032",
          "ikan, udang, cumi, kerang, bandeng, tuna, rumput laut, teri"),
    _kind("hewani", _("Daging, telur & susu"), "014 101 105",
          "daging, ayam, sapi, telur, susu, mentega, keju"),
    _kind("kopi-teh", _("Kopi, teh & kakao"), "0127 1076 1073",
          "kopi, teh, kakao, cokelat, coklat"),
    _kind("garam", _("Garam"), "0893 10774",
          "garam"),
    _kind("kain", _("Kain & benang"), "1311 1312 139",
          "kain, benang, katun, mori, sutra, sutera, primisima, rayon, tenun, serat sintetis"),
    _kind("pewarna", _("Pewarna & malam batik"), "2011 2022",
          "pewarna, malam, lilin, naptol, indigo, remazol, indigosol"),
    _kind("kayu", _("Kayu & bambu"), "021 022 161",
          "kayu, jati, mahoni, bambu, sonokeling"),
    _kind("serat-alam", _("Serat alam (pandan, rotan, mendong)"), "023",
          "pandan, rotan, mendong, eceng, lidi, agel"),
    _kind("kulit", _("Kulit"), "1511",
          "kulit"),
    _kind("logam", _("Logam"), "24",
          "kuningan, tembaga, besi, perak, logam, aluminium"),
    _kind("kemasan", _("Kemasan & label"), "1702 2220 1811",
          "kemasan, plastik, pouch, kardus, karton, botol, toples, label, stiker"),
    _kind("lainnya", _("Lainnya"), "",
          ""),
)  # fmt: skip


@cache
def material_kinds_by_code() -> dict[str, MaterialKind]:
    return {kind.code: kind for kind in MATERIAL_KINDS}


def material_kind_choices() -> list[tuple[str, Promise]]:
    return [(kind.code, kind.name) for kind in MATERIAL_KINDS]


def material_kind_guess(name: str) -> str:
    """The kind whose keyword appears in the name as a whole word (longest keyword wins); else 'lainnya'."""
    text = f" {re.sub(r'[^a-z0-9]+', ' ', name.lower())} "
    best, best_length = "lainnya", 0
    for kind in MATERIAL_KINDS:
        for keyword in kind.keywords:
            if f" {keyword} " in text and len(keyword) > best_length:
                best, best_length = kind.code, len(keyword)
    return best


def material_lead_word(name: str) -> str:
    """The first word of a material name that says what it is (3+ letters, not a filler word)."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return next((word for word in words if len(word) >= 3 and word not in FILLER_WORDS), "")


FILLER_WORDS = frozenset({"dan", "atau", "untuk", "bahan", "baku", "impor", "lokal", "kualitas", "super"})
