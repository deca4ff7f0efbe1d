"""The product catalogue: products of a registered business, their SKUs, photos, certifications and
raw materials. Derived values (local-content shares) are set by ``services``, never by ``save()``."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapak.accounts.scoping import Action, scope_q, user_can
from lapak.core.models import TimeStampedModel
from lapak.registry.models import KbliVersion

NOT_NEGATIVE_RUPIAH = MinValueValidator(0, _("Harga tidak boleh negatif."))
NOT_NEGATIVE_STOCK = MinValueValidator(0, _("Stok tidak boleh negatif."))
POSITIVE_WEIGHT = MinValueValidator(1, _("Berat harus lebih dari 0 gram."))
POSITIVE_SIZE = MinValueValidator(Decimal("0.1"), _("Ukuran harus lebih dari 0 cm."))
NOT_NEGATIVE_DAYS = MinValueValidator(0, _("Masa simpan tidak boleh negatif."))
NOT_NEGATIVE_CAPACITY = MinValueValidator(0, _("Kapasitas produksi tidak boleh negatif."))
SHARE_RANGE = [
    MinValueValidator(Decimal("0.01"), _("Porsi bahan harus lebih dari 0%.")),
    MaxValueValidator(100, _("Porsi bahan paling besar 100%.")),
]
# HS code: 4 (heading), 6 (international subheading) or 8/10 digits (Indonesia's BTKI), dots allowed.
HS_CODE = RegexValidator(
    r"^\d{4}(\.?\d{2}){0,3}$", _("Kode HS terdiri dari 4, 6, 8 atau 10 digit, misalnya 1905.90.40.")
)
COUNTRY_CODE = RegexValidator(r"^[A-Z]{2}$", _("Kode negara 2 huruf (ISO 3166), misalnya CN, IN, US."))


class ProductQuerySet(models.QuerySet):
    """Products reach a user only through their business's scope (``lapak.accounts.scoping``)."""

    def visible_to(self, user: Any) -> ProductQuerySet:
        if not user_can(user, Action.VIEW):
            return self.none()
        return self.filter(scope_q(user, prefix="business__"))

    def restrict(self, user: Any, action: Action | str) -> ProductQuerySet:
        if not user_can(user, action):
            return self.none()
        return self.filter(scope_q(user, prefix="business__"))


class Storage(models.TextChoices):
    AMBIENT = "suhu_ruang", _("Suhu ruang")
    COOL_DRY = "sejuk_kering", _("Tempat sejuk dan kering")
    CHILLED = "dingin", _("Dingin (lemari pendingin, 0 sampai 5 °C)")
    FROZEN = "beku", _("Beku (freezer, -18 °C)")


class CapacityUnit(models.TextChoices):
    PIECES = "pcs", _("buah/pcs")
    PACKS = "pak", _("pak/bungkus")
    KG = "kg", _("kg")
    LITRE = "liter", _("liter")
    SHEETS = "lembar", _("lembar")
    SETS = "set", _("set")


class Product(TimeStampedModel):
    """A product of one registered business, as owners and mentors complete it for curation and sale."""

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="products", verbose_name=_("usaha")
    )
    name = models.CharField(_("nama produk"), max_length=255)
    description = models.TextField(_("deskripsi"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, help_text=_("Kode kategori Lapak."))
    attributes = models.JSONField(_("atribut kategori"), default=dict, blank=True)
    brand = models.CharField(_("merek"), max_length=120, blank=True)
    kbli_code = models.CharField(_("kode KBLI"), max_length=5, blank=True)
    kbli_version = models.CharField(
        _("versi KBLI"), max_length=4, choices=KbliVersion.choices, default=KbliVersion.KBLI_2020
    )
    shelf_life_days = models.IntegerField(
        _("masa simpan (hari)"), null=True, blank=True, validators=[NOT_NEGATIVE_DAYS]
    )
    storage = models.CharField(_("cara penyimpanan"), max_length=14, choices=Storage.choices, blank=True)
    capacity_per_month = models.IntegerField(
        _("kapasitas produksi per bulan"), null=True, blank=True, validators=[NOT_NEGATIVE_CAPACITY]
    )
    capacity_unit = models.CharField(
        _("satuan kapasitas"), max_length=8, choices=CapacityUnit.choices, default=CapacityUnit.PIECES
    )
    is_exported = models.BooleanField(_("diekspor"), default=False)
    hs_code = models.CharField(_("kode HS"), max_length=13, blank=True, validators=[HS_CODE])
    is_active = models.BooleanField(_("aktif"), default=True)
    # Percent of input (by share) from inside the province / from inside Indonesia; None = no materials.
    local_share = models.DecimalField(
        _("kandungan lokal provinsi (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    domestic_share = models.DecimalField(
        _("kandungan dalam negeri (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        indexes = [
            models.Index(fields=["business", "name"], name="product_business_name"),
            models.Index(fields=["category"], name="product_category"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shelf_life_days__isnull=True) | Q(shelf_life_days__gte=0),
                name="product_shelf_life_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(capacity_per_month__isnull=True) | Q(capacity_per_month__gte=0),
                name="product_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sku(TimeStampedModel):
    """One sellable variant of a product: its own code, price (whole Rupiah), stock, weight and size."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="skus")
    code = models.CharField(_("kode SKU"), max_length=60)
    variant = models.CharField(_("varian"), max_length=120, blank=True, help_text=_("Misalnya: Pedas, 250 g"))
    price = models.BigIntegerField(_("harga (Rp)"), validators=[NOT_NEGATIVE_RUPIAH])
    stock = models.IntegerField(_("stok"), default=0, validators=[NOT_NEGATIVE_STOCK])
    weight_grams = models.IntegerField(_("berat (gram)"), null=True, blank=True, validators=[POSITIVE_WEIGHT])
    length_cm = models.DecimalField(
        _("panjang (cm)"), max_digits=6, decimal_places=1, null=True, blank=True, validators=[POSITIVE_SIZE]
    )
    width_cm = models.DecimalField(
        _("lebar (cm)"), max_digits=6, decimal_places=1, null=True, blank=True, validators=[POSITIVE_SIZE]
    )
    height_cm = models.DecimalField(
        _("tinggi (cm)"), max_digits=6, decimal_places=1, null=True, blank=True, validators=[POSITIVE_SIZE]
    )
    is_active = models.BooleanField(_("dijual"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = _("SKU")
        verbose_name_plural = _("SKU")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="sku_code_unique_per_product"),
            models.CheckConstraint(condition=Q(price__gte=0), name="sku_price_not_negative"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="sku_stock_not_negative"),
            models.CheckConstraint(
                condition=Q(weight_grams__isnull=True) | Q(weight_grams__gt=0), name="sku_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.variant}".strip()

    @property
    def has_dimensions(self) -> bool:
        return None not in (self.length_cm, self.width_cm, self.height_cm)


def photo_upload_path(instance: ProductPhoto, filename: str) -> str:
    """A random name per file; photos are always re-encoded to JPEG."""
    return f"produk/{instance.product_id}/{uuid.uuid4().hex}.jpg"


class ProductPhoto(models.Model):
    """A product photo, re-encoded on upload (EXIF and location removed), with a square thumbnail."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("foto"), upload_to=photo_upload_path, max_length=200)
    thumbnail = models.FileField(_("gambar kecil"), upload_to=photo_upload_path, max_length=200)
    width = models.PositiveIntegerField(_("lebar (px)"))
    height = models.PositiveIntegerField(_("tinggi (px)"))
    original_width = models.PositiveIntegerField(_("lebar asli (px)"))
    original_height = models.PositiveIntegerField(_("tinggi asli (px)"))
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")

    def __str__(self) -> str:
        return f"{self.product_id}/{self.pk}"


class CertificationKind(models.TextChoices):
    """Product-level certifications; the values are the registry's ``DocumentKind`` values."""

    PIRT = "pirt", "P-IRT"
    BPOM = "bpom", _("BPOM MD/ML")
    HALAL = "halal", _("Sertifikat halal")
    SNI = "sni", "SNI"


class ProductCertification(models.Model):
    """A certification that applies to a product, linked to the business's legality document if any."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("jenis sertifikasi"), max_length=6, choices=CertificationKind.choices)
    document = models.ForeignKey(
        "registry.LegalityDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="product_certifications",
        verbose_name=_("dokumen legalitas"),
    )
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        ordering = ["product_id", "kind"]
        verbose_name = _("sertifikasi produk")
        verbose_name_plural = _("sertifikasi produk")
        constraints = [
            models.UniqueConstraint(fields=["product", "kind"], name="certification_kind_unique_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.product_id})"


class Origin(models.TextChoices):
    SAME_KABKOTA = "kabkota", _("Kab/kota yang sama")
    PROVINCE = "provinsi", _("Kab/kota lain di provinsi ini")
    OTHER_PROVINCE = "provinsi_lain", _("Provinsi lain")
    IMPORTED = "impor", _("Impor")


LOCAL_ORIGINS = (Origin.SAME_KABKOTA, Origin.PROVINCE)
DOMESTIC_ORIGINS = (Origin.SAME_KABKOTA, Origin.PROVINCE, Origin.OTHER_PROVINCE)


class RawMaterial(models.Model):
    """One input of a product, where it comes from, and its share of all inputs (by value)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="raw_materials")
    name = models.CharField(_("nama bahan"), max_length=120)
    category = models.CharField(_("jenis bahan"), max_length=20, blank=True)
    origin = models.CharField(_("asal"), max_length=14, choices=Origin.choices)
    origin_country = models.CharField(_("negara asal"), max_length=2, blank=True, validators=[COUNTRY_CODE])
    supplier = models.CharField(_("pemasok"), max_length=150, blank=True)
    share = models.DecimalField(_("porsi (%)"), max_digits=5, decimal_places=2, validators=SHARE_RANGE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = _("bahan baku")
        verbose_name_plural = _("bahan baku")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="raw_material_share_range"
            ),
            models.CheckConstraint(
                condition=~Q(origin="impor") | ~Q(origin_country=""), name="raw_material_import_country"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.origin in LOCAL_ORIGINS
