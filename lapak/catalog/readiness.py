"""Channel readiness: what each sales channel asks of a product, as data, and one pure function that
checks a product against it.

``CHANNEL_RULES`` holds the requirements per channel. Figures taken from the channels' own documentation
(see ``reference/domain-facts.md`` section 5): Lazada names up to 255 characters and at most 8 images;
TikTok Shop titles of 25 to 255 characters, at most 9 main images and a package weight; Shopee a weight
and category attributes (documented as effectively required in Indonesia). The other figures (at least
3 photos, 500 px, 100 characters of description) are Lapak's own minimum for a listing that passes a
marketplace's quality check; change them here, in one place, when a channel publishes its own.

Certification rules follow the product kind of the category (``taxonomy``): processed food and drink
need an izin edar (P-IRT or BPOM MD/ML) and, from 17 October 2026 for micro and small businesses
(PP 42/2024), a halal certificate; jamu and cosmetics need a BPOM number; some categories need SNI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lapak.catalog.taxonomy import ATTRIBUTE_LABELS, ProductKind, category_get

HALAL_MANDATORY_FROM = date(2026, 10, 17)
PHOTO_EDGE_MIN = 500

# Requirement name → parameter; a requirement a channel does not list is not checked for it.
CHANNEL_RULES: dict[str, dict[str, Any]] = {
    "lazada": {
        "label": "Lazada",
        "photos_max": 8,
        "rules": {
            "category": True, "name_length": (10, 255), "description_min": 100, "photos_min": 3,
            "photo_edge_min": PHOTO_EDGE_MIN, "brand": True, "price_stock": True, "weight": True,
            "dimensions": True, "category_attributes": True, "certifications": True, "shelf_life": True,
        },
    },
    "shopee": {
        "label": "Shopee",
        "photos_max": 9,
        "rules": {
            "category": True, "name_length": (10, 255), "description_min": 100, "photos_min": 3,
            "photo_edge_min": PHOTO_EDGE_MIN, "price_stock": True, "weight": True,
            "category_attributes": True, "certifications": True, "shelf_life": True,
        },
    },
    "tiktok": {
        "label": "TikTok Shop / Tokopedia",
        "photos_max": 9,
        "rules": {
            "category": True, "name_length": (25, 255), "description_min": 100, "photos_min": 3,
            "photo_edge_min": PHOTO_EDGE_MIN, "price_stock": True, "weight": True,
            "category_attributes": True, "certifications": True, "shelf_life": True,
        },
    },
    "blibli": {
        "label": "Blibli",
        "photos_max": 8,
        "rules": {
            "category": True, "name_length": (10, 150), "description_min": 100, "photos_min": 3,
            "photo_edge_min": PHOTO_EDGE_MIN, "brand": True, "price_stock": True, "weight": True,
            "dimensions": True, "category_attributes": True, "certifications": True, "shelf_life": True,
        },
    },
    "lapak": {
        "label": "Etalase Lapak",
        "photos_max": 10,
        "rules": {
            "category": True, "name_length": (3, 255), "description_min": 50, "photos_min": 1,
            "photo_edge_min": PHOTO_EDGE_MIN, "price_stock": True, "certifications": True,
            "shelf_life": True,
        },
    },
}  # fmt: skip


class CertState:
    """How a certification of a product stands, as the selector reads it from the linked document."""

    VALID = "berlaku"
    PENDING = "menunggu"  # linked to a document staff have not verified yet
    EXPIRED = "kedaluwarsa"
    REJECTED = "ditolak"
    NO_DOCUMENT = "tanpa_dokumen"  # declared for the product, no legality document linked

    USABLE = frozenset({VALID, PENDING})


CERT_STATE_LABELS = {
    CertState.VALID: _lazy("berlaku"),
    CertState.PENDING: _lazy("menunggu verifikasi"),
    CertState.EXPIRED: _lazy("kedaluwarsa"),
    CertState.REJECTED: _lazy("ditolak"),
    CertState.NO_DOCUMENT: _lazy("dokumen belum ada"),
}


@dataclass(frozen=True)
class SkuFacts:
    price: int
    stock: int
    weight_grams: int | None = None
    has_dimensions: bool = False
    is_active: bool = True


@dataclass(frozen=True)
class ProductFacts:
    """A plain snapshot of a product: everything the rules look at, nothing from the database."""

    name: str
    description: str
    category: str
    brand: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)
    photo_sizes: tuple[tuple[int, int], ...] = ()
    skus: tuple[SkuFacts, ...] = ()
    certifications: Mapping[str, str] = field(default_factory=dict)
    shelf_life_days: int | None = None
    storage: str = ""


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    ok: bool
    message: str = ""  # what is missing, when not ok
    note: str = ""  # a remark when ok (e.g. a document still awaiting verification)


@dataclass(frozen=True)
class ChannelReadiness:
    channel: str
    label: str
    checks: tuple[Check, ...]

    @property
    def percent(self) -> int:
        if not self.checks:
            return 100
        return 100 * sum(check.ok for check in self.checks) // len(self.checks)

    @property
    def missing(self) -> list[str]:
        return [check.message for check in self.checks if not check.ok]

    @property
    def is_ready(self) -> bool:
        return all(check.ok for check in self.checks)


def readiness_evaluate(facts: ProductFacts, channel: str, *, today: date) -> ChannelReadiness:
    """Check a product against one channel's requirements; a requirement that does not apply to the
    product (halal for a batik cloth) is left out of the list and of the percentage."""
    spec = CHANNEL_RULES[channel]
    checks: list[Check] = []
    for rule, parameter in spec["rules"].items():
        checks.extend(RULE_CHECKS[rule](facts, parameter, today))
    return ChannelReadiness(channel=channel, label=spec["label"], checks=tuple(checks))


def readiness_all(facts: ProductFacts, *, today: date) -> list[ChannelReadiness]:
    """The product checked against every channel, in the order of ``CHANNEL_RULES``."""
    return [readiness_evaluate(facts, channel, today=today) for channel in CHANNEL_RULES]


# --- one function per requirement: (facts, parameter, today) → zero or more checks --------------------


def _category(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    ok = category_get(facts.category) is not None
    return [Check("category", _("Kategori"), ok, "" if ok else _("Pilih kategori produk."))]


def _name_length(facts: ProductFacts, bounds: tuple[int, int], _today: date) -> list[Check]:
    low, high = bounds
    length = len(facts.name.strip())
    ok = low <= length <= high
    message = _("Nama produk %(low)s sampai %(high)s karakter (sekarang %(n)s).") % {
        "low": low,
        "high": high,
        "n": length,
    }
    return [Check("name_length", _("Panjang nama produk"), ok, "" if ok else message)]


def _description_min(facts: ProductFacts, minimum: int, _today: date) -> list[Check]:
    length = len(facts.description.strip())
    ok = length >= minimum
    message = _("Deskripsi minimal %(min)s karakter (sekarang %(n)s).") % {"min": minimum, "n": length}
    return [Check("description", _("Deskripsi"), ok, "" if ok else message)]


def _photos_min(facts: ProductFacts, minimum: int, _today: date) -> list[Check]:
    count = len(facts.photo_sizes)
    ok = count >= minimum
    message = _("Minimal %(min)s foto produk (sekarang %(n)s).") % {"min": minimum, "n": count}
    return [Check("photos", _("Jumlah foto"), ok, "" if ok else message)]


def _photo_edge_min(facts: ProductFacts, edge: int, _today: date) -> list[Check]:
    if not facts.photo_sizes:
        return []
    small = sum(1 for width, height in facts.photo_sizes if min(width, height) < edge)
    message = _("%(n)s foto lebih kecil dari %(edge)s x %(edge)s piksel.") % {"n": small, "edge": edge}
    return [Check("photo_size", _("Ukuran foto"), small == 0, "" if small == 0 else message)]


def _brand(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    ok = bool(facts.brand.strip())
    message = _("Isi merek (tulis 'Tanpa Merek' bila produk tidak bermerek).")
    return [Check("brand", _("Merek"), ok, "" if ok else message)]


def _active_skus(facts: ProductFacts) -> list[SkuFacts]:
    return [sku for sku in facts.skus if sku.is_active]


def _price_stock(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    ok = any(sku.price > 0 and sku.stock > 0 for sku in _active_skus(facts))
    message = _("Minimal satu SKU yang dijual dengan harga lebih dari Rp0 dan stok tersedia.")
    return [Check("price_stock", _("Harga dan stok"), ok, "" if ok else message)]


def _weight(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    skus = _active_skus(facts)
    ok = bool(skus) and all(sku.weight_grams for sku in skus)
    message = _("Isi berat (gram) setiap SKU yang dijual, untuk ongkos kirim.")
    return [Check("weight", _("Berat kirim"), ok, "" if ok else message)]


def _dimensions(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    skus = _active_skus(facts)
    ok = bool(skus) and all(sku.has_dimensions for sku in skus)
    message = _("Isi panjang, lebar dan tinggi kemasan (cm) setiap SKU yang dijual.")
    return [Check("dimensions", _("Ukuran kemasan"), ok, "" if ok else message)]


def _category_attributes(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    category = category_get(facts.category)
    if category is None or not category.attributes:
        return []
    empty = [key for key in category.attributes if not str(facts.attributes.get(key, "")).strip()]
    labels = ", ".join(str(ATTRIBUTE_LABELS[key]) for key in empty)
    message = _("Lengkapi atribut kategori: %(labels)s.") % {"labels": labels}
    return [Check("attributes", _("Atribut kategori"), not empty, message if empty else "")]


def _certifications(facts: ProductFacts, _param: Any, today: date) -> list[Check]:
    category = category_get(facts.category)
    if category is None:
        return []
    checks = []
    if category.kind == ProductKind.FOOD:
        licence = _("Pangan olahan wajib punya izin edar: tautkan P-IRT atau BPOM MD/ML usaha.")
        checks.append(_cert_check(facts, ("pirt", "bpom"), "licence", _("Izin edar pangan"), licence))
        if today >= HALAL_MANDATORY_FROM:
            halal = _(
                "Makanan dan minuman wajib bersertifikat halal (untuk usaha mikro dan kecil sejak "
                "17 Oktober 2026): tautkan sertifikat halal usaha."
            )
            checks.append(_cert_check(facts, ("halal",), "halal", _("Sertifikat halal"), halal))
    elif category.kind in (ProductKind.HERBAL, ProductKind.COSMETIC):
        bpom = _("Jamu dan kosmetik wajib punya nomor izin edar/notifikasi BPOM.")
        checks.append(_cert_check(facts, ("bpom",), "licence", _("Izin edar BPOM"), bpom))
    if category.sni_required:
        sni = _("Kategori ini wajib SNI: tautkan sertifikat SNI usaha.")
        checks.append(_cert_check(facts, ("sni",), "sni", _("SNI wajib"), sni))
    return checks


def _cert_check(facts: ProductFacts, kinds: tuple[str, ...], code: str, label: str, required: str) -> Check:
    states = [facts.certifications[kind] for kind in kinds if kind in facts.certifications]
    if CertState.VALID in states:
        return Check(code, label, True)
    if CertState.PENDING in states:
        return Check(code, label, True, note=_("dokumen menunggu verifikasi petugas"))
    reason = {
        CertState.EXPIRED: _("Dokumen yang ditautkan sudah kedaluwarsa."),
        CertState.REJECTED: _("Dokumen yang ditautkan ditolak petugas."),
        CertState.NO_DOCUMENT: _("Dokumennya belum ada di data legalitas usaha."),
    }
    extra = " ".join(str(reason[state]) for state in states if state in reason)
    return Check(code, label, False, f"{required} {extra}".strip())


def _shelf_life(facts: ProductFacts, _param: Any, _today: date) -> list[Check]:
    category = category_get(facts.category)
    if category is None or category.kind != ProductKind.FOOD:
        return []
    ok = facts.shelf_life_days is not None and facts.shelf_life_days > 0 and bool(facts.storage)
    message = _("Isi masa simpan (hari) dan cara penyimpanan.")
    return [Check("shelf_life", _("Masa simpan"), ok, "" if ok else message)]


RULE_CHECKS: dict[str, Callable[[ProductFacts, Any, date], list[Check]]] = {
    "category": _category,
    "name_length": _name_length,
    "description_min": _description_min,
    "photos_min": _photos_min,
    "photo_edge_min": _photo_edge_min,
    "brand": _brand,
    "price_stock": _price_stock,
    "weight": _weight,
    "dimensions": _dimensions,
    "category_attributes": _category_attributes,
    "certifications": _certifications,
    "shelf_life": _shelf_life,
}
