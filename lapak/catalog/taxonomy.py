"""Lapak's product taxonomy: a fixed list of categories with stable codes.

Codes (``pangan.keripik``) never change once published: the channels app maps each one to the category
trees of the marketplaces, and curation reports group by them. A name may be reworded; a category that
is no longer wanted is marked ``retired`` rather than removed, so existing products keep a valid code.

Each category says what kind of product it holds (which decides the certifications a channel asks for,
see ``readiness``), which attributes marketplaces expect for it, and whether SNI is mandatory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProductKind(StrEnum):
    """What rules a product falls under; processed food and drink share the food rules."""

    FOOD = "pangan"  # processed food and drink: P-IRT or BPOM MD, halal, shelf life
    HERBAL = "herbal"  # traditional medicine (jamu): BPOM TR
    COSMETIC = "kosmetik"  # cosmetics: BPOM notification (NA)
    FRESH = "segar"  # fresh produce: no product licence
    GOODS = "barang"  # fashion, crafts, other goods


# Attribute keys marketplaces ask for by category; values are short free text on the product.
ATTRIBUTE_LABELS: dict[str, Promise] = {
    "netto": _("Berat/isi bersih (misalnya 250 g, 500 ml)"),
    "komposisi": _("Komposisi"),
    "bahan": _("Bahan utama"),
    "ukuran": _("Ukuran (misalnya 200 x 115 cm, S sampai XL)"),
    "motif": _("Motif / corak"),
    "pewarna": _("Jenis pewarna (alam / sintetis)"),
    "cara_pakai": _("Cara pakai"),
    "usia": _("Usia anak yang disarankan"),
    "varietas": _("Varietas / jenis"),
}

FOOD_ATTRIBUTES = ("netto", "komposisi")
WEAR_ATTRIBUTES = ("bahan", "ukuran")
CLOTH_ATTRIBUTES = ("bahan", "ukuran", "motif", "pewarna")


@dataclass(frozen=True)
class Category:
    code: str
    name: Promise
    kind: ProductKind
    attributes: tuple[str, ...] = ()
    sni_required: bool = False
    retired: bool = False

    @property
    def group(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def group_name(self) -> Promise:
        return GROUPS[self.group]


GROUPS: dict[str, Promise] = {
    "pangan": _("Makanan olahan"),
    "minuman": _("Minuman"),
    "fesyen": _("Batik & fesyen"),
    "kriya": _("Kriya / kerajinan"),
    "herbal": _("Jamu, herbal & kosmetik"),
    "agro": _("Hasil pertanian segar"),
    "lainnya": _("Lainnya"),
}

_F, _H, _C = ProductKind.FOOD, ProductKind.HERBAL, ProductKind.COSMETIC
_S, _G = ProductKind.FRESH, ProductKind.GOODS

CATEGORIES: tuple[Category, ...] = (
    Category("pangan.keripik", _("Keripik, kerupuk & camilan"), _F, FOOD_ATTRIBUTES),
    Category("pangan.kue", _("Kue, roti & jajanan"), _F, FOOD_ATTRIBUTES),
    Category("pangan.manisan", _("Dodol, jenang & manisan"), _F, FOOD_ATTRIBUTES),
    Category("pangan.sambal", _("Sambal, bumbu & saus"), _F, FOOD_ATTRIBUTES),
    Category("pangan.olahan-laut", _("Olahan ikan & hasil laut"), _F, FOOD_ATTRIBUTES),
    Category("pangan.olahan-daging", _("Olahan daging & unggas"), _F, FOOD_ATTRIBUTES),
    Category("pangan.beku", _("Makanan beku"), _F, FOOD_ATTRIBUTES),
    Category("pangan.tempe-tahu", _("Tempe, tahu & olahan kedelai"), _F, FOOD_ATTRIBUTES),
    Category("pangan.gula", _("Gula merah & pemanis"), _F, FOOD_ATTRIBUTES),
    # Iodised consumption salt is under mandatory SNI.
    Category("pangan.garam", _("Garam konsumsi"), _F, FOOD_ATTRIBUTES, sni_required=True),
    Category("minuman.kopi", _("Kopi bubuk & biji sangrai"), _F, FOOD_ATTRIBUTES),
    Category("minuman.teh", _("Teh & seduhan herbal"), _F, FOOD_ATTRIBUTES),
    Category("minuman.sari-buah", _("Sari buah & minuman siap minum"), _F, FOOD_ATTRIBUTES),
    Category("minuman.serbuk", _("Minuman serbuk & instan"), _F, FOOD_ATTRIBUTES),
    Category("fesyen.batik-tulis", _("Batik tulis"), _G, CLOTH_ATTRIBUTES),
    Category("fesyen.batik-cap", _("Batik cap & kombinasi"), _G, CLOTH_ATTRIBUTES),
    Category("fesyen.tenun", _("Tenun & songket"), _G, CLOTH_ATTRIBUTES),
    Category("fesyen.muslim", _("Busana muslim, hijab & mukena"), _G, WEAR_ATTRIBUTES),
    Category("fesyen.pakaian", _("Pakaian & konveksi"), _G, WEAR_ATTRIBUTES),
    Category("fesyen.bordir", _("Bordir & sulaman"), _G, WEAR_ATTRIBUTES),
    Category("fesyen.alas-kaki", _("Sepatu & sandal"), _G, WEAR_ATTRIBUTES),
    Category("fesyen.tas", _("Tas & dompet"), _G, WEAR_ATTRIBUTES),
    Category("fesyen.aksesori", _("Aksesori & perhiasan"), _G, WEAR_ATTRIBUTES),
    Category("kriya.anyaman", _("Anyaman (pandan, bambu, rotan, mendong)"), _G, WEAR_ATTRIBUTES),
    Category("kriya.kayu", _("Ukiran & kerajinan kayu"), _G, WEAR_ATTRIBUTES),
    Category("kriya.mebel", _("Mebel & furnitur"), _G, WEAR_ATTRIBUTES),
    Category("kriya.keramik", _("Gerabah & keramik"), _G, WEAR_ATTRIBUTES),
    Category("kriya.logam", _("Kerajinan logam & kuningan"), _G, WEAR_ATTRIBUTES),
    Category("kriya.suvenir", _("Suvenir & hiasan"), _G, WEAR_ATTRIBUTES),
    # Toys for children are under mandatory SNI.
    Category("kriya.mainan", _("Mainan anak"), _G, ("bahan", "ukuran", "usia"), sni_required=True),
    Category("herbal.jamu", _("Jamu & obat tradisional"), _H, ("netto", "komposisi", "cara_pakai")),
    Category("herbal.kosmetik", _("Kosmetik & perawatan tubuh"), _C, ("netto", "komposisi", "cara_pakai")),
    Category("herbal.atsiri", _("Minyak atsiri"), _C, ("netto", "cara_pakai")),
    Category("agro.buah-sayur", _("Buah & sayur segar"), _S, ("varietas",)),
    Category("agro.biji", _("Biji-bijian & hasil perkebunan"), _S, ("varietas",)),
    Category("agro.tanaman-hias", _("Tanaman hias"), _S, ("varietas", "ukuran")),
    Category("lainnya.lainnya", _("Lainnya"), _G),
)


@cache
def categories_by_code() -> dict[str, Category]:
    return {category.code: category for category in CATEGORIES}


def category_get(code: str) -> Category | None:
    """The category with this code, or ``None`` for an unknown code."""
    return categories_by_code().get(code)


def category_choices() -> list[tuple[str, list[tuple[str, Promise]]]]:
    """Choices grouped for a ``<select>`` with ``<optgroup>``s; retired categories are left out."""
    groups: dict[str, list[tuple[str, Promise]]] = {}
    for category in CATEGORIES:
        if not category.retired:
            groups.setdefault(category.group, []).append((category.code, category.name))
    return [(str(GROUPS[group]), options) for group, options in groups.items()]


# Registry sector → the category group a new product of that business most likely belongs to.
SECTOR_GROUPS = {
    "pangan": "pangan",
    "fashion": "fesyen",
    "kriya": "kriya",
    "herbal": "herbal",
    "agro": "agro",
}
