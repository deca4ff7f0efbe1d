"""Writes to the catalogue. A product is saved with its SKUs, raw materials, certifications and photos in
one transaction: a bad SKU or photo leaves nothing behind, not even a photo file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action
from lapak.catalog.materials import material_kind_guess
from lapak.catalog.models import (
    DOMESTIC_ORIGINS,
    LOCAL_ORIGINS,
    Origin,
    Product,
    ProductCertification,
    ProductPhoto,
    RawMaterial,
    Sku,
)
from lapak.catalog.photos import ProcessedPhoto, photo_process
from lapak.catalog.taxonomy import category_get
from lapak.core.uploads import files_delete_on_commit
from lapak.registry.models import Business

PRODUCT_FIELDS = (
    "name", "description", "category", "attributes", "brand", "kbli_code", "kbli_version",
    "shelf_life_days", "storage", "capacity_per_month", "capacity_unit", "is_exported", "hs_code",
    "is_active",
)  # fmt: skip
SKU_FIELDS = (
    "code", "variant", "price", "stock", "weight_grams", "length_cm", "width_cm", "height_cm", "is_active",
)  # fmt: skip
MATERIAL_FIELDS = ("name", "category", "origin", "origin_country", "supplier", "share")
MAX_PHOTOS = 10
HUNDRED = Decimal(100)


def product_check_rules(data: dict[str, Any]) -> None:
    """Rules across fields that every way in (form, import, API) must respect."""
    errors: dict[str, str] = {}
    if category_get(data.get("category") or "") is None:
        errors["category"] = _("Kategori tidak dikenal. Pilih dari daftar kategori.")
    if data.get("is_exported") and not data.get("hs_code"):
        errors["hs_code"] = _("Isi kode HS untuk produk yang diekspor.")
    if errors:
        raise ValidationError(errors)


def _check_can_change(actor: Any, business: Business) -> None:
    """Only someone who may change the business may change its products; ``None`` is the system."""
    if actor is None:
        return
    if not Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists():
        raise PermissionDenied(_("Anda tidak berhak mengubah produk usaha ini."))


def _apply_product_data(product: Product, data: dict[str, Any]) -> None:
    for name in PRODUCT_FIELDS:
        if name in data:
            setattr(product, name, data[name])
    category = category_get(product.category)
    wanted = category.attributes if category else ()
    # Attributes of another category (left from a category change) are dropped.
    product.attributes = {
        k: str(v).strip() for k, v in (product.attributes or {}).items() if k in wanted and v
    }
    if not product.kbli_code:
        product.kbli_code, product.kbli_version = product.business.kbli_code, product.business.kbli_version
    product_check_rules(
        {"category": product.category, "is_exported": product.is_exported, "hs_code": product.hs_code}
    )


def product_create(
    *,
    actor: Any,
    business: Business,
    data: dict[str, Any],
    skus: Sequence[dict[str, Any]] = (),
    raw_materials: Sequence[dict[str, Any]] = (),
    certifications: Sequence[dict[str, Any]] = (),
    photos: Sequence[UploadedFile] = (),
) -> Product:
    """Create a product with its SKUs, raw materials, certifications and photos, all or nothing."""
    _check_can_change(actor, business)
    product = Product(business=business, created_by=actor)
    _apply_product_data(product, data)
    processed = _photos_process(photos, existing=0)
    stored: list[Any] = []
    try:
        with transaction.atomic():
            product.full_clean(validate_constraints=False)
            product.save()
            skus_sync(actor=None, product=product, skus=skus)
            raw_materials_set(actor=None, product=product, materials=raw_materials)
            certifications_set(actor=None, product=product, certifications=certifications)
            for photo in processed:
                _photo_store(product, photo, stored)
    except BaseException:
        _files_delete(stored)
        raise
    return product


def product_update(
    *,
    actor: Any,
    product: Product,
    data: dict[str, Any],
    skus: Sequence[dict[str, Any]] | None = None,
    raw_materials: Sequence[dict[str, Any]] | None = None,
    certifications: Sequence[dict[str, Any]] | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Product:
    """Change a product; each of ``skus``, ``raw_materials`` and ``certifications`` given replaces the
    current set (``None`` leaves it alone). New photos are added after the existing ones."""
    _check_can_change(actor, product.business)
    _apply_product_data(product, data)
    processed = _photos_process(photos, existing=product.photos.count())
    stored: list[Any] = []
    try:
        with transaction.atomic():
            product.full_clean(validate_constraints=False)
            product.save()
            if skus is not None:
                skus_sync(actor=None, product=product, skus=skus)
            if raw_materials is not None:
                raw_materials_set(actor=None, product=product, materials=raw_materials)
            if certifications is not None:
                certifications_set(actor=None, product=product, certifications=certifications)
            for photo in processed:
                _photo_store(product, photo, stored)
    except BaseException:
        _files_delete(stored)
        raise
    return product


@transaction.atomic
def product_delete(*, actor: Any, product: Product) -> None:
    """Remove a product with everything that hangs off it; photo files go once the delete commits."""
    _check_can_change(actor, product.business)
    for photo in product.photos.all():
        files_delete_on_commit([photo.image, photo.thumbnail])
    product.delete()


# --- SKUs ------------------------------------------------------------------------------------------------


def _sku_apply(sku: Sku, data: dict[str, Any]) -> Sku:
    for name in SKU_FIELDS:
        if name in data:
            setattr(sku, name, data[name])
    sku.code = (sku.code or "").strip()
    sku.full_clean(validate_constraints=False)
    return sku


def _auto_code(product: Product, taken: set[str]) -> str:
    """The first free ``LPK<product>-<n>`` code, for a SKU whose code was left blank."""
    number = 1
    while f"LPK{product.pk}-{number}" in taken:
        number += 1
    taken.add(f"LPK{product.pk}-{number}")
    return f"LPK{product.pk}-{number}"


def sku_create(*, actor: Any, product: Product, data: dict[str, Any]) -> Sku:
    """Add a SKU; a blank code becomes the first free ``LPK<product>-<n>``."""
    _check_can_change(actor, product.business)
    position = data.get("position", product.skus.count())
    if not str(data.get("code") or "").strip():
        data = {**data, "code": _auto_code(product, set(product.skus.values_list("code", flat=True)))}
    sku = _sku_apply(Sku(product=product, position=position), data)
    _sku_code_unique(sku)
    sku.save()
    return sku


def sku_update(*, actor: Any, sku: Sku, data: dict[str, Any]) -> Sku:
    """Change a SKU's code, variant, price, stock, weight or size."""
    _check_can_change(actor, sku.product.business)
    _sku_apply(sku, data)
    _sku_code_unique(sku)
    sku.save()
    return sku


def sku_delete(*, actor: Any, sku: Sku) -> None:
    """Remove a SKU."""
    _check_can_change(actor, sku.product.business)
    sku.delete()


def _sku_code_unique(sku: Sku) -> None:
    if Sku.objects.filter(product_id=sku.product_id, code=sku.code).exclude(pk=sku.pk).exists():
        raise ValidationError({"code": _("Kode SKU %(code)s sudah dipakai produk ini.") % {"code": sku.code}})


@transaction.atomic
def skus_sync(*, actor: Any, product: Product, skus: Sequence[dict[str, Any]]) -> list[Sku]:
    """Make the product's SKUs these: a dict with an ``id`` changes that SKU, one without adds a SKU,
    and SKUs not listed are removed. Codes must differ within the product."""
    _check_can_change(actor, product.business)
    codes = [str(item.get("code") or "").strip() for item in skus]
    repeated = sorted({code for code in codes if code and codes.count(code) > 1})
    if repeated:
        raise ValidationError(
            _("Kode SKU dipakai lebih dari sekali: %(codes)s.") % {"codes": ", ".join(repeated)}
        )
    taken = {code for code in codes if code}
    skus = [
        item if str(item.get("code") or "").strip() else {**item, "code": _auto_code(product, taken)}
        for item in skus
    ]
    current = {sku.pk: sku for sku in product.skus.all()}
    keep = {item["id"] for item in skus if item.get("id") in current}
    # Delete first so a code moved from a removed SKU to a new one does not collide.
    product.skus.exclude(pk__in=keep).delete()
    result = []
    for position, item in enumerate(skus):
        sku = current[item["id"]] if item.get("id") in keep else Sku(product=product)
        sku.position = position
        _sku_apply(sku, item)
        result.append(sku)
    # Codes are swapped via a temporary value so the unique constraint holds at every statement.
    for sku in result:
        if sku.pk:
            Sku.objects.filter(pk=sku.pk).update(code=f"~{sku.pk}")
    for sku in result:
        sku.save()
    return result


# --- raw materials ---------------------------------------------------------------------------------------


@transaction.atomic
def raw_materials_set(
    *, actor: Any, product: Product, materials: Sequence[dict[str, Any]]
) -> list[RawMaterial]:
    """Replace the product's raw materials and recompute its local-content shares.

    An imported material needs its country; one from inside Indonesia has none. Shares are of the
    product's input by value and may add up to at most 100 percent.
    """
    _check_can_change(actor, product.business)
    rows = [_material_build(product, position, item) for position, item in enumerate(materials)]
    total = sum((row.share for row in rows), Decimal(0))
    if total > HUNDRED:
        raise ValidationError(
            _("Jumlah porsi bahan baku %(total)s persen; paling banyak 100 persen.") % {"total": total}
        )
    product.raw_materials.all().delete()
    RawMaterial.objects.bulk_create(rows)
    product_shares_refresh(product=product, materials=rows)
    return rows


def _material_build(product: Product, position: int, item: dict[str, Any]) -> RawMaterial:
    material = RawMaterial(
        product=product, position=position, **{k: item[k] for k in MATERIAL_FIELDS if k in item}
    )
    material.name = material.name.strip()
    material.origin_country = (material.origin_country or "").strip().upper()
    if material.origin != Origin.IMPORTED:
        material.origin_country = ""
    elif not material.origin_country:
        raise ValidationError(
            {"origin_country": _("Bahan impor %(name)s: isi negara asalnya.") % {"name": material.name}}
        )
    material.category = material.category or material_kind_guess(material.name)
    material.full_clean(exclude=["product"], validate_constraints=False)
    return material


def product_shares_refresh(*, product: Product, materials: Iterable[RawMaterial] | None = None) -> Product:
    """Store the shares of input from inside the province and from inside Indonesia, as percentages of
    all inputs listed (``None`` when none are)."""
    rows = list(product.raw_materials.all() if materials is None else materials)
    total = sum((row.share for row in rows), Decimal(0))
    if total:
        local = sum((row.share for row in rows if row.origin in LOCAL_ORIGINS), Decimal(0))
        domestic = sum((row.share for row in rows if row.origin in DOMESTIC_ORIGINS), Decimal(0))
        product.local_share = (HUNDRED * local / total).quantize(Decimal("0.01"))
        product.domestic_share = (HUNDRED * domestic / total).quantize(Decimal("0.01"))
    else:
        product.local_share = product.domestic_share = None
    product.save(update_fields=["local_share", "domestic_share", "updated_at"])
    return product


# --- certifications --------------------------------------------------------------------------------------


@transaction.atomic
def certifications_set(
    *, actor: Any, product: Product, certifications: Sequence[dict[str, Any]]
) -> list[ProductCertification]:
    """Replace the certifications that apply to the product. Each names a kind and, where the business
    has one, its legality document of that kind (of this business only)."""
    _check_can_change(actor, product.business)
    rows = []
    for item in certifications:
        document = item.get("document")
        if document is not None and document.business_id != product.business_id:
            raise ValidationError(_("Dokumen legalitas itu bukan milik usaha produk ini."))
        if document is not None and document.kind != item["kind"]:
            raise ValidationError(_("Jenis dokumen legalitas tidak sesuai dengan jenis sertifikasi."))
        rows.append(
            ProductCertification(
                product=product, kind=item["kind"], document=document, note=item.get("note", "")
            )
        )
    product.certifications.all().delete()
    return ProductCertification.objects.bulk_create(rows)


# --- photos ----------------------------------------------------------------------------------------------


def _photos_process(uploads: Sequence[UploadedFile], *, existing: int) -> list[ProcessedPhoto]:
    """Check and re-encode every upload before anything is written; the first bad one stops all."""
    if existing + len(uploads) > MAX_PHOTOS:
        raise ValidationError(
            _("Paling banyak %(max)s foto per produk.") % {"max": MAX_PHOTOS}, code="too_many"
        )
    processed = []
    for upload in uploads:
        try:
            processed.append(photo_process(upload, size=upload.size))
        except ValidationError as error:
            name = upload.name or _("foto")
            raise ValidationError(f"{name}: {' '.join(error.messages)}", code=error.code) from error
    return processed


def _photo_store(product: Product, photo: ProcessedPhoto, stored: list[Any]) -> ProductPhoto:
    position = (product.photos.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    row = ProductPhoto(
        product=product,
        width=photo.width,
        height=photo.height,
        original_width=photo.original_width,
        original_height=photo.original_height,
        position=position,
    )
    row.image.save("foto.jpg", ContentFile(photo.image), save=False)
    stored.append(row.image)
    row.thumbnail.save("kecil.jpg", ContentFile(photo.thumbnail), save=False)
    stored.append(row.thumbnail)
    row.save()
    return row


def photo_add(*, actor: Any, product: Product, upload: UploadedFile) -> ProductPhoto:
    """Add one photo: checked by content, re-encoded without EXIF/GPS, resized and thumbnailed."""
    _check_can_change(actor, product.business)
    [processed] = _photos_process([upload], existing=product.photos.count())
    stored: list[Any] = []
    try:
        with transaction.atomic():
            return _photo_store(product, processed, stored)
    except BaseException:
        _files_delete(stored)
        raise


@transaction.atomic
def photo_delete(*, actor: Any, photo: ProductPhoto) -> None:
    """Remove a photo; its files go once the delete commits."""
    _check_can_change(actor, photo.product.business)
    files_delete_on_commit([photo.image, photo.thumbnail])
    photo.delete()


def _files_delete(files: Iterable[Any]) -> None:
    for file in files:
        if file and file.name:
            file.storage.delete(file.name)
