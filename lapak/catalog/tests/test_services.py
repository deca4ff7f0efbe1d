"""Writes: product and SKU create/update, raw materials and local content, certifications, photos."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from lapak.catalog import services
from lapak.catalog.models import Product, Sku
from lapak.catalog.tests.conftest import PRODUCT_DATA, SKU_DATA, upload
from lapak.registry.models import DocumentKind, LegalityDocument

pytestmark = pytest.mark.django_db


def media_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_it_creates_a_product_with_skus_materials_and_photos(
    users: dict, sampang_business: Any, settings: Any
) -> None:
    product = services.product_create(
        actor=users["pemilik"],
        business=sampang_business,
        data={**PRODUCT_DATA, "attributes": {**PRODUCT_DATA["attributes"], "bahan": "tidak untuk pangan"}},
        skus=[SKU_DATA, {**SKU_DATA, "code": "", "variant": "500 g", "price": 45_000}],
        raw_materials=[
            {"name": "Ikan tenggiri", "origin": "kabkota", "share": Decimal(60)},
            {"name": "Tepung tapioka", "origin": "impor", "origin_country": "th", "share": Decimal(30)},
        ],
        photos=[upload(gps=True)],
    )
    product.refresh_from_db()
    assert product.created_by == users["pemilik"]
    assert product.attributes == PRODUCT_DATA["attributes"]  # the batik attribute is dropped
    assert product.kbli_code == sampang_business.kbli_code
    assert [s.code for s in product.skus.all()] == ["KRP-250", f"LPK{product.pk}-1"]
    assert product.local_share == Decimal("66.67") and product.domestic_share == Decimal("66.67")
    imported = product.raw_materials.get(origin="impor")
    assert imported.origin_country == "TH" and imported.category == "tepung"
    photo = product.photos.get()
    assert Image.open(photo.image.open("rb")).getexif() == {}
    assert len(media_files(settings)) == 2


def test_it_updates_and_replaces_skus_by_id(make_product: Any, users: dict) -> None:
    product = make_product(skus=[SKU_DATA, {**SKU_DATA, "code": "KRP-500", "price": 45_000}])
    first, second = product.skus.all()
    services.product_update(
        actor=users["operator"],
        product=product,
        data={"name": "Kerupuk Tenggiri Super", "shelf_life_days": 120},
        skus=[
            {"id": second.pk, **SKU_DATA, "code": "KRP-250", "price": 50_000},
            {**SKU_DATA, "code": "KRP-1KG"},
        ],
    )
    product.refresh_from_db()
    assert product.name == "Kerupuk Tenggiri Super" and product.shelf_life_days == 120
    rows = list(product.skus.values_list("pk", "code", "price"))
    assert rows[0] == (second.pk, "KRP-250", 50_000)  # the code moved from the removed SKU
    assert rows[1][1] == "KRP-1KG"
    assert not Sku.objects.filter(pk=first.pk).exists()


def test_sku_services_add_change_and_remove(make_product: Any, users: dict) -> None:
    product = make_product()
    sku = services.sku_create(actor=users["pemilik"], product=product, data={"price": 10_000, "stock": 3})
    assert sku.code == f"LPK{product.pk}-1"
    services.sku_update(actor=users["pemilik"], sku=sku, data={"stock": 7})
    assert Sku.objects.get(pk=sku.pk).stock == 7
    with pytest.raises(ValidationError):
        services.sku_update(actor=users["pemilik"], sku=sku, data={"code": "KRP-250"})
    services.sku_delete(actor=users["pemilik"], sku=sku)
    assert product.skus.count() == 1


@pytest.mark.parametrize(
    ("sku", "field", "words"),
    [
        ({"price": -1}, "price", "Harga tidak boleh negatif"),
        ({"stock": -5}, "stock", "Stok tidak boleh negatif"),
        ({"weight_grams": -10}, "weight_grams", "Berat harus lebih dari 0"),
        ({"weight_grams": 0}, "weight_grams", "Berat harus lebih dari 0"),
    ],
)
def test_it_refuses_negative_sku_values_and_saves_nothing(
    sampang_business: Any, sku: dict, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.product_create(
            actor=None, business=sampang_business, data=PRODUCT_DATA, skus=[{**SKU_DATA, **sku}]
        )
    assert words in " ".join(error.value.message_dict[field])
    assert not Product.objects.exists() and not Sku.objects.exists()


def test_it_refuses_a_negative_shelf_life_and_an_unknown_category(sampang_business: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.product_create(
            actor=None,
            business=sampang_business,
            data={**PRODUCT_DATA, "shelf_life_days": -1},
            skus=[SKU_DATA],
        )
    assert "Masa simpan tidak boleh negatif." in error.value.message_dict["shelf_life_days"]
    with pytest.raises(ValidationError) as error:
        services.product_create(
            actor=None, business=sampang_business, data={**PRODUCT_DATA, "category": "x"}, skus=[SKU_DATA]
        )
    assert "category" in error.value.message_dict
    assert not Product.objects.exists()


def test_an_exported_product_needs_its_hs_code(sampang_business: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.product_create(
            actor=None, business=sampang_business, data={**PRODUCT_DATA, "is_exported": True}, skus=[SKU_DATA]
        )
    assert "hs_code" in error.value.message_dict
    product = services.product_create(
        actor=None,
        business=sampang_business,
        data={**PRODUCT_DATA, "is_exported": True, "hs_code": "1905.90.40"},
        skus=[SKU_DATA],
    )
    assert product.hs_code == "1905.90.40"


def test_a_bad_photo_leaves_no_product_and_no_file(sampang_business: Any, settings: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.product_create(
            actor=None,
            business=sampang_business,
            data=PRODUCT_DATA,
            skus=[SKU_DATA],
            photos=[upload("bagus.jpg"), upload("kecil.jpg", width=300, height=300)],
        )
    assert "kecil.jpg" in error.value.messages[0] and "terlalu kecil" in error.value.messages[0]
    assert not Product.objects.exists() and media_files(settings) == []


def test_a_failure_after_photos_were_stored_removes_their_files(
    sampang_business: Any, settings: Any, monkeypatch: Any
) -> None:
    store = services._photo_store
    calls: list[int] = []

    def store_then_fail(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk penuh")
        return store(*args)

    monkeypatch.setattr(services, "_photo_store", store_then_fail)
    with pytest.raises(OSError):
        services.product_create(
            actor=None,
            business=sampang_business,
            data=PRODUCT_DATA,
            skus=[SKU_DATA],
            photos=[upload(), upload()],
        )
    assert len(calls) == 2
    assert not Product.objects.exists() and media_files(settings) == []


def test_raw_material_rules(make_product: Any) -> None:
    product = make_product()
    with pytest.raises(ValidationError) as error:
        services.raw_materials_set(
            actor=None, product=product, materials=[{"name": "Kain katun", "origin": "impor", "share": 10}]
        )
    assert "negara asal" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.raw_materials_set(
            actor=None,
            product=product,
            materials=[
                {"name": "Ikan", "origin": "kabkota", "share": 70},
                {"name": "Tepung", "origin": "provinsi", "share": 40},
            ],
        )
    assert "110" in error.value.messages[0] and "paling banyak 100" in error.value.messages[0]
    assert product.raw_materials.count() == 0


def test_local_and_domestic_shares_are_weighted_by_share(make_product: Any) -> None:
    product = make_product()
    services.raw_materials_set(
        actor=None,
        product=product,
        materials=[
            {"name": "Ikan", "origin": "kabkota", "share": 40},
            {"name": "Garam", "origin": "provinsi", "share": 10},
            {"name": "Tepung terigu", "origin": "provinsi_lain", "share": 30},
            {"name": "Gandum", "origin": "impor", "origin_country": "AU", "share": 20},
        ],
    )
    product.refresh_from_db()
    assert (product.local_share, product.domestic_share) == (Decimal("50.00"), Decimal("80.00"))
    services.raw_materials_set(actor=None, product=product, materials=[])
    product.refresh_from_db()
    assert product.local_share is None


def test_certifications_link_only_documents_of_the_same_business(
    make_product: Any, sampang_business: Any, surabaya_business: Any
) -> None:
    product = make_product()
    own = LegalityDocument.objects.create(
        business=sampang_business, kind=DocumentKind.PIRT, number="2352701010126"
    )
    other = LegalityDocument.objects.create(
        business=surabaya_business, kind=DocumentKind.HALAL, number="ID35110000123456"
    )
    services.certifications_set(
        actor=None,
        product=product,
        certifications=[{"kind": "pirt", "document": own}, {"kind": "halal", "document": None}],
    )
    assert dict(product.certifications.values_list("kind", "document")) == {"pirt": own.pk, "halal": None}
    with pytest.raises(ValidationError):
        services.certifications_set(
            actor=None, product=product, certifications=[{"kind": "halal", "document": other}]
        )
    with pytest.raises(ValidationError):
        services.certifications_set(
            actor=None, product=product, certifications=[{"kind": "bpom", "document": own}]
        )


def test_photo_add_and_delete(
    make_product: Any, users: dict, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    product = make_product()
    photo = services.photo_add(
        actor=users["pemilik"], product=product, upload=upload(width=2000, height=2000)
    )
    assert (photo.width, photo.height) == (1600, 1600) and photo.position == 1
    assert Image.open(io.BytesIO(photo.thumbnail.read())).size == (400, 400)
    assert len(media_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(actor=users["pemilik"], photo=photo)
    assert media_files(settings) == []


def test_only_users_who_may_change_the_business_may_write(
    make_product: Any, users: dict, surabaya_business: Any
) -> None:
    product = make_product()
    for role in ("other_operator", "kurator", "pimpinan", "dekranasda"):
        with pytest.raises(PermissionDenied):
            services.product_update(actor=users[role], product=product, data={"name": "Diubah"})
    with pytest.raises(PermissionDenied):
        services.product_create(
            actor=users["pemilik"], business=surabaya_business, data=PRODUCT_DATA, skus=[SKU_DATA]
        )
    services.product_update(actor=users["pendamping"], product=product, data={"name": "Diubah pendamping"})
    assert Product.objects.get(pk=product.pk).name == "Diubah pendamping"


def test_product_delete_removes_files_after_commit(
    make_product: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    product = make_product(photos=[upload()])
    with django_capture_on_commit_callbacks(execute=True):
        services.product_delete(actor=None, product=product)
    assert not Product.objects.exists() and media_files(settings) == []


def test_blank_sku_codes_get_the_first_free_number(make_product: Any) -> None:
    product = make_product(skus=[])
    taken = f"LPK{product.pk}-1"
    services.skus_sync(
        actor=None, product=product, skus=[{"code": taken, "price": 1, "stock": 1}, {"price": 2}]
    )
    assert list(product.skus.values_list("code", flat=True)) == [taken, f"LPK{product.pk}-2"]
    with pytest.raises(ValidationError) as error:
        services.skus_sync(
            actor=None, product=product, skus=[{"code": "A", "price": 1}, {"code": "A", "price": 2}]
        )
    assert "Kode SKU dipakai lebih dari sekali: A." in error.value.messages
