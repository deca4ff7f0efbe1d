"""Pages: scope per role, the product form with SKUs, materials and photos, photo files, local content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lapak.catalog.models import Product, ProductPhoto, Sku
from lapak.catalog.tests.conftest import upload
from lapak.conftest import PASSWORD, refusal_shown
from lapak.registry.models import DocumentKind, LegalityDocument

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Kerupuk Ikan Tenggiri Bu Halimah", "category": "pangan.keripik", "brand": "Bu Halimah",
        "description": "Kerupuk ikan tenggiri asli Sampang. " * 4, "kbli_code": "", "kbli_version": "2020",
        "shelf_life_days": "180", "storage": "sejuk_kering", "capacity_per_month": "1500",
        "capacity_unit": "pak", "hs_code": "", "is_active": "on",
        "attr_netto": "250 g", "attr_komposisi": "ikan tenggiri, tapioka", "attr_bahan": "tidak dipakai",
        "cert_pirt": "", "cert_bpom": "", "cert_halal": "", "cert_sni": "",
        "sku-TOTAL_FORMS": "2", "sku-INITIAL_FORMS": "0", "sku-MIN_NUM_FORMS": "0", "sku-MAX_NUM_FORMS": "50",
        "sku-0-code": "", "sku-0-variant": "250 g", "sku-0-price": "25000", "sku-0-stock": "10",
        "sku-0-weight_grams": "300", "sku-0-is_active": "on",
        "sku-1-code": "", "sku-1-variant": "", "sku-1-price": "", "sku-1-stock": "0", "sku-1-is_active": "on",
        "bahan-TOTAL_FORMS": "2", "bahan-INITIAL_FORMS": "0", "bahan-MIN_NUM_FORMS": "0",
        "bahan-MAX_NUM_FORMS": "30",
        "bahan-0-name": "Ikan tenggiri", "bahan-0-category": "", "bahan-0-origin": "kabkota",
        "bahan-0-origin_country": "", "bahan-0-share": "60", "bahan-0-supplier": "",
        "bahan-1-name": "Tepung tapioka", "bahan-1-category": "", "bahan-1-origin": "impor",
        "bahan-1-origin_country": "th", "bahan-1-share": "30", "bahan-1-supplier": "",
    }  # fmt: skip
    data.update(overrides)
    return data


NO_SKU = {"sku-0-variant": "", "sku-0-price": "", "sku-0-stock": "0", "sku-0-weight_grams": ""}


def test_the_owner_sees_only_their_own_products(
    users: dict, make_product: Any, surabaya_business: Any
) -> None:
    make_product(name="Kerupuk Milik Sendiri")
    make_product(business=surabaya_business, name="Lapis Surabaya Orang Lain")
    content = login(users["pemilik"]).get(reverse("catalog:product_list")).content.decode()
    assert "Kerupuk Milik Sendiri" in content and "Lapis Surabaya Orang Lain" not in content
    operator = login(users["other_operator"]).get(reverse("catalog:product_list")).content.decode()
    assert "Lapis Surabaya Orang Lain" in operator and "Kerupuk Milik Sendiri" not in operator


def test_another_regions_operator_gets_404_and_a_read_only_role_403(make_product: Any, users: dict) -> None:
    product = make_product(photos=[upload()])
    photo = product.photos.get()
    stranger = login(users["other_operator"])
    for url in (
        reverse("catalog:product_detail", args=[product.pk]),
        reverse("catalog:product_update", args=[product.pk]),
        reverse("catalog:photo_file", args=[product.pk, photo.pk]),
        reverse("catalog:business_products", args=[product.business_id]),
    ):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(reverse("catalog:product_delete", args=[product.pk])).status_code == 404
    kurator = login(users["kurator"])
    assert kurator.get(reverse("catalog:product_detail", args=[product.pk])).status_code == 200
    assert kurator.get(reverse("catalog:product_update", args=[product.pk])).status_code == 403
    assert kurator.post(reverse("catalog:photo_delete", args=[product.pk, photo.pk])).status_code == 403
    assert Product.objects.filter(pk=product.pk).exists() and ProductPhoto.objects.count() == 1


def test_the_owner_adds_a_product_with_skus_materials_and_a_photo(users: dict, sampang_business: Any) -> None:
    client = login(users["pemilik"])
    url = reverse("catalog:product_create", args=[sampang_business.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(photos=[upload(gps=True)]))
    product = Product.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "catalog:product_detail", args=[product.pk]
    )
    assert product.attributes == {"netto": "250 g", "komposisi": "ikan tenggiri, tapioka"}
    assert list(product.skus.values_list("price", "stock")) == [(25_000, 10)]
    assert product.raw_materials.count() == 2 and product.photos.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'id="readiness"' in page and "Lazada" in page and "Etalase Lapak" in page
    assert "Minimal 3 foto produk (sekarang 1)." in page
    assert "Tepung tapioka" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sku-0-price": "-100"}, "Harga tidak boleh negatif."),
        ({"sku-0-stock": "-1"}, "Stok tidak boleh negatif."),
        ({"sku-0-weight_grams": "-5"}, "Berat harus lebih dari 0 gram."),
        ({"shelf_life_days": "-3"}, "Masa simpan tidak boleh negatif."),
        (NO_SKU, "Isi minimal satu SKU"),
        ({"bahan-1-origin_country": ""}, "Isi negara asal bahan impor"),
        ({"bahan-0-share": "80"}, "Jumlah porsi bahan baku 110 persen"),
        ({"is_exported": "on"}, "Isi kode HS untuk produk yang diekspor."),
        ({"photos": [upload(content=b"")]}, "kosong"),
        ({"photos": [upload("nota.pdf", content=b"%PDF-1.4 bukan foto")]}, "bukan foto JPG, PNG atau WEBP"),
        ({"photos": [upload(width=320, height=240)]}, "Foto terlalu kecil (320 x 240 piksel)"),
    ],
    ids=[
        "price", "stock", "weight", "shelf-life", "no-sku", "import-country", "shares", "hs-code",
        "empty-photo", "not-a-photo", "small-photo",
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_indonesian_and_nothing_is_saved(
    users: dict, sampang_business: Any, settings: Any, overrides: dict, message: str
) -> None:
    client = login(users["pemilik"])
    response = client.post(
        reverse("catalog:product_create", args=[sampang_business.pk]), form_data(**overrides)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Product.objects.exists() and not Sku.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_oversized_photo_is_refused(users: dict, sampang_business: Any, settings: Any) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 2000
    response = login(users["pemilik"]).post(
        reverse("catalog:product_create", args=[sampang_business.pk]), form_data(photos=[upload()])
    )
    assert "Foto terlalu besar" in response.content.decode() and not Product.objects.exists()


def test_the_edit_form_changes_and_removes_skus_and_links_a_certificate(
    users: dict, make_product: Any, sampang_business: Any
) -> None:
    product = make_product(
        skus=[{"code": "A", "price": 1000, "stock": 1}, {"code": "B", "price": 2000, "stock": 2}]
    )
    pirt = LegalityDocument.objects.create(
        business=sampang_business, kind=DocumentKind.PIRT, number="2352701010131"
    )
    first, second = product.skus.all()
    client = login(users["pendamping"])
    url = reverse("catalog:product_update", args=[product.pk])
    page = client.get(url).content.decode()
    assert 'value="A"' in page and pirt.number in page
    data = form_data(
        **{
            "name": "Kerupuk Tenggiri Baru", "cert_pirt": str(pirt.pk), "cert_halal": "tanpa-dokumen",
            "sku-TOTAL_FORMS": "2", "sku-INITIAL_FORMS": "2",
            "sku-0-id": str(first.pk), "sku-0-code": "A", "sku-0-price": "1500", "sku-0-stock": "4",
            "sku-1-id": str(second.pk), "sku-1-code": "B", "sku-1-price": "2000", "sku-1-stock": "2",
            "sku-1-DELETE": "on", "bahan-TOTAL_FORMS": "0",
        }
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product.refresh_from_db()
    assert product.name == "Kerupuk Tenggiri Baru"
    assert list(product.skus.values_list("code", "price", "stock")) == [("A", 1500, 4)]
    assert dict(product.certifications.values_list("kind", "document")) == {"pirt": pirt.pk, "halal": None}
    assert product.raw_materials.count() == 0


def test_photos_are_served_only_through_the_scoped_view(users: dict, make_product: Any) -> None:
    product = make_product(photos=[upload()])
    photo = product.photos.get()
    client = login(users["operator"])
    response = client.get(reverse("catalog:photo_thumbnail", args=[product.pk, photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    other = make_product(name="Produk lain")
    assert client.get(reverse("catalog:photo_file", args=[other.pk, photo.pk])).status_code == 404


def test_photo_upload_on_the_product_page(users: dict, make_product: Any) -> None:
    product = make_product()
    client = login(users["pemilik"])
    url = reverse("catalog:photo_add", args=[product.pk])
    response = client.post(url, {"photos": [upload(), upload(width=1000, height=1000)]}, follow=True)
    assert product.photos.count() == 2 and "Foto ditambahkan." in response.content.decode()
    response = client.post(url, {"photos": [upload("x.jpg", content=b"bukan gambar")]})
    assert product.photos.count() == 2 and "bukan foto" in refusal_shown(client, response)


def test_product_delete(users: dict, make_product: Any) -> None:
    product = make_product()
    response = login(users["pemilik"]).post(reverse("catalog:product_delete", args=[product.pk]))
    assert response.status_code == 302 and not Product.objects.exists()


def test_local_content_per_kabkota_is_scoped(users: dict, make_product: Any, surabaya_business: Any) -> None:
    make_product(
        raw_materials=[
            {"name": "Ikan", "origin": "kabkota", "share": 75},
            {"name": "Terigu", "origin": "impor", "origin_country": "AU", "share": 25},
        ]
    )
    make_product(
        business=surabaya_business,
        raw_materials=[{"name": "Tepung", "origin": "provinsi_lain", "share": 100}],
    )
    admin = login(users["admin"]).get(reverse("catalog:local_content")).content.decode()
    assert "Sampang" in admin and "Surabaya" in admin and "75.0%" in admin.replace(",", ".")
    operator = login(users["operator"]).get(reverse("catalog:local_content")).content.decode()
    assert "Sampang" in operator and "Surabaya" not in operator
    assert login(users["mitra"]).get(reverse("catalog:local_content")).status_code == 403
