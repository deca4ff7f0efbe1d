"""Bulk-upload templates as data: which column titles a channel's mass-upload sheet has, where the header
and the first data row are, and which canonical field of a listing feeds each column.

Column lists follow the channels' documented templates (domain-facts §5.6: Shopee's mass upload with
data from row 6, TikTok Shop's batch upload of 2024-11-13). The exact wording of the titles in each
channel's current Indonesian download is not published, so titles are kept here, in one place, to be
corrected without touching the writer. Blibli's columns and the generic sheet are Lapak's own.

Canonical fields (what ``bulk.py`` can put in a column):

- product level: ``category_id`` (the channel's, from the category mapping), ``lapak_category``,
  ``title``, ``description``, ``brand``, ``parent_sku``, ``variation_group``, ``listing_id``,
  ``product_id``, ``image_1`` (the cover) to ``image_9``;
- variant level: ``variation_name``, ``variation_option``, ``sku``, ``price``, ``stock``, ``weight``
  (in the template's unit), ``length``, ``width``, ``height`` (cm);
- ``problems``: what breaks the channel's rules (the row is still written);
- ``""``: a column the channel has that Lapak leaves empty (second variation, per-variant image).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Rows above the data, top to bottom: a title line, the column titles, "Wajib"/"Opsional" per column,
# a note per column, a line of general instructions, or a blank row.
RowKind = Literal["title", "headers", "required", "notes", "hint", "blank"]

PRODUCT_FIELDS = frozenset(
    {"category_id", "lapak_category", "title", "description", "brand", "parent_sku", "variation_group",
     "listing_id", "product_id", "problems", *(f"image_{n}" for n in range(1, 10))}
)  # fmt: skip
VARIANT_FIELDS = frozenset(
    {"variation_name", "variation_option", "sku", "price", "stock", "weight", "length", "width", "height"}
)
FIELDS = PRODUCT_FIELDS | VARIANT_FIELDS | {""}
EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class BulkColumn:
    """One column of a template: its title as the channel spells it and the field that feeds it."""

    title: str
    field: str
    required: bool = False
    note: str | Promise = ""
    width: int = 14


@dataclass(frozen=True)
class BulkTemplate:
    """A channel's mass-upload sheet."""

    code: str
    name: str
    sheet: str
    columns: tuple[BulkColumn, ...]
    layout: tuple[RowKind, ...]
    weight_unit: Literal["kg", "g"]
    hint: str | Promise = ""

    def __post_init__(self) -> None:
        unknown = [column.field for column in self.columns if column.field not in FIELDS]
        if unknown or self.layout.count("headers") != 1:
            raise ValueError(f"template {self.code}: unknown fields {unknown} or not one header row")

    @property
    def header_row(self) -> int:
        """The 1-based row of the column titles."""
        return self.layout.index("headers") + 1

    @property
    def data_row(self) -> int:
        """The 1-based row of the first listing."""
        return len(self.layout) + 1

    @property
    def titles(self) -> list[str]:
        return [column.title for column in self.columns]


PROBLEMS_COLUMN = BulkColumn(
    "Catatan Lapak",
    "problems",
    note=_("Masalah yang harus dibetulkan sebelum diunggah. Hapus kolom ini sebelum mengunggah."),
    width=40,
)


def _images(titles: list[str], first: int = 1) -> tuple[BulkColumn, ...]:
    return tuple(
        BulkColumn(title, f"image_{first + n}", width=30, note=_("URL gambar"))
        for n, title in enumerate(titles)
    )


SHOPEE = BulkTemplate(
    code="shopee",
    name="Shopee Mass Upload",
    sheet="Template",
    layout=("title", "headers", "required", "notes", "hint"),
    weight_unit="kg",
    hint=_("Isi data produk mulai baris 6. Baris 1 sampai 5 adalah petunjuk, jangan dihapus."),
    columns=(
        BulkColumn("Category", "category_id", True, _("ID kategori Shopee")),
        BulkColumn("Product Name", "title", True, width=40),
        BulkColumn("Product Description", "description", True, width=50),
        BulkColumn("Parent SKU", "parent_sku"),
        BulkColumn(
            "Variation Integration No.", "variation_group", note=_("Sama untuk semua varian satu produk")
        ),
        BulkColumn("Variation Name 1", "variation_name"),
        BulkColumn("Option for Variation 1", "variation_option"),
        BulkColumn("Image per Variation", ""),
        BulkColumn("Variation Name 2", ""),
        BulkColumn("Option for Variation 2", ""),
        BulkColumn("Price", "price", True, _("Rupiah, tanpa titik")),
        BulkColumn("Stock", "stock", True, _("Isi 0 bila varian tidak tersedia")),
        BulkColumn("SKU", "sku"),
        BulkColumn("Cover image", "image_1", True, _("URL gambar"), width=30),
        *_images([f"Item image {n}" for n in range(1, 9)], first=2),
        BulkColumn("Weight", "weight", True, _("kg")),
        BulkColumn("Length", "length", note=_("cm")),
        BulkColumn("Width", "width", note=_("cm")),
        BulkColumn("Height", "height", note=_("cm")),
        PROBLEMS_COLUMN,
    ),
)

TIKTOK = BulkTemplate(
    code="tiktok",
    name="TikTok Shop Batch Upload",
    sheet="Template",
    layout=("headers", "required", "notes", "hint"),
    weight_unit="g",
    hint=_("Isi data produk mulai baris 5. Nama produk sama untuk semua SKU satu produk."),
    columns=(
        BulkColumn("Category", "category_id", True, _("ID kategori TikTok Shop")),
        BulkColumn("Brand", "brand"),
        BulkColumn("Product Name", "title", True, _("25 sampai 255 karakter"), width=40),
        BulkColumn("Product Description", "description", True, width=50),
        BulkColumn("Main Product Image", "image_1", True, _("URL gambar"), width=30),
        *_images([f"Product Image {n}" for n in range(2, 10)], first=2),
        BulkColumn("Variation 1", "variation_name"),
        BulkColumn("Variation 1 Value", "variation_option"),
        BulkColumn("Price", "price", True, _("Rupiah")),
        BulkColumn("Quantity", "stock", True),
        BulkColumn("Seller SKU", "sku"),
        BulkColumn("Package Weight(g)", "weight", True, _("gram")),
        BulkColumn("Package Length(cm)", "length"),
        BulkColumn("Package Width(cm)", "width"),
        BulkColumn("Package Height(cm)", "height"),
        PROBLEMS_COLUMN,
    ),
)

BLIBLI = BulkTemplate(
    code="blibli",
    name="Blibli Unggah Massal",
    sheet="Produk",
    layout=("headers", "required", "notes"),
    weight_unit="g",
    columns=(
        BulkColumn("Kategori", "category_id", True, _("ID kategori Blibli")),
        BulkColumn("Nama Produk", "title", True, width=40),
        BulkColumn("Merek", "brand", True),
        BulkColumn("Deskripsi", "description", True, width=50),
        BulkColumn("Kode Produk Induk", "parent_sku"),
        BulkColumn("Nama Varian", "variation_option"),
        BulkColumn("SKU Seller", "sku", True),
        BulkColumn("Harga Jual (Rp)", "price", True),
        BulkColumn("Stok", "stock", True),
        BulkColumn("Berat (gram)", "weight", True),
        BulkColumn("Panjang (cm)", "length", True),
        BulkColumn("Lebar (cm)", "width", True),
        BulkColumn("Tinggi (cm)", "height", True),
        *_images([f"Gambar {n}" for n in range(1, 9)]),
        PROBLEMS_COLUMN,
    ),
)

GENERIC = BulkTemplate(
    code="generic",
    name="Lapak",
    sheet="Produk",
    layout=("headers",),
    weight_unit="g",
    columns=(
        BulkColumn("ID Tayangan", "listing_id"),
        BulkColumn("ID Produk", "product_id"),
        BulkColumn("Kategori Lapak", "lapak_category"),
        BulkColumn("ID Kategori Kanal", "category_id"),
        BulkColumn("Nama Produk", "title", width=40),
        BulkColumn("Deskripsi", "description", width=50),
        BulkColumn("Merek", "brand"),
        BulkColumn("SKU Induk", "parent_sku"),
        BulkColumn("Varian", "variation_option"),
        BulkColumn("SKU", "sku"),
        BulkColumn("Harga (Rp)", "price"),
        BulkColumn("Stok", "stock"),
        BulkColumn("Berat (gram)", "weight"),
        BulkColumn("Panjang (cm)", "length"),
        BulkColumn("Lebar (cm)", "width"),
        BulkColumn("Tinggi (cm)", "height"),
        *_images([f"Foto {n}" for n in range(1, 10)]),
        PROBLEMS_COLUMN,
    ),
)

TEMPLATES: dict[str, BulkTemplate] = {t.code: t for t in (SHOPEE, TIKTOK, BLIBLI, GENERIC)}


def template_for(channel_code: str) -> BulkTemplate:
    """The channel's own template, or the generic one for a channel without a known sheet."""
    return TEMPLATES.get(channel_code, GENERIC)
