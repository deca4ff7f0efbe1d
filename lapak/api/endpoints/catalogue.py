"""The public catalogue (no token needed): the products and businesses anyone may see on the storefront.

Which products are public is decided in one place, ``lapak.storefront.selectors`` (curated, consented,
live on the storefront channel); this module only pages and shapes them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from lapak.catalog.models import Product, ProductPhoto, Sku
from lapak.curation.models import Decision
from lapak.registry.models import Business
from lapak.storefront.models import PublicProfile
from lapak.storefront.selectors import (
    public_business,
    public_business_facts,
    public_businesses,
    public_product,
    public_products,
)

from ..auth import PUBLIC, Access
from ..cursors import cursor_dump, cursor_load, position_int
from ..errors import not_found
from ..schemas import PublicBusinessDataOut, PublicBusinessPageOut, PublicProductDataOut, PublicProductPageOut
from .common import CURSOR_DOC, MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, answers
from .staff import KABKOTA_CODE

router = Router(tags=["Katalog publik"])
CATEGORY = r"^[a-z_]+(\.[a-z_]+)*$"


def _with_content(products: Any) -> Any:
    skus = Prefetch("skus", queryset=Sku.objects.filter(is_active=True).order_by("position", "pk"))
    photos = Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "pk"))
    return products.select_related("business__kabkota", "curation_status").prefetch_related(skus, photos)


@router.get(
    "/katalog/produk/",
    auth=Access(PUBLIC),
    response=answers(PublicProductPageOut),
    url_name="public_products_list",
    summary="Produk katalog publik",
    description=(
        "Produk yang tampil di Etalase Lapak: lolos kurasi, tayang di etalase, dan pemiliknya setuju "
        "tampil di katalog publik. Urut id, dengan cursor; produk baru muncul di halaman akhir."
    ),
)
def public_products_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    kabkota: str | None = Query(None, pattern=KABKOTA_CODE, description="Kode kab/kota, misalnya 35.27."),
    category: str | None = Query(
        None, alias="kategori", pattern=CATEGORY, max_length=40, description="Kode kategori atau awalannya."
    ),
) -> dict[str, Any]:
    after = position_int(cursor_load("public_products", cursor), "k")
    products = public_products()
    if kabkota:
        products = products.filter(business__kabkota_id=kabkota)
    if category:
        products = products.filter(category__startswith=category)
    rows = list(_with_content(products).filter(pk__gt=after).order_by("pk")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    return {
        "items": [public_product_json(request, row) for row in page],
        "next_cursor": cursor_dump("public_products", {"k": page[-1].pk}) if more else None,
    }


@router.get(
    "/katalog/produk/{product_id}/",
    auth=Access(PUBLIC),
    response=answers(PublicProductDataOut, 404),
    url_name="public_product_detail",
    summary="Satu produk katalog publik",
    description="404 bila produk tidak ada atau tidak (lagi) tampil di katalog publik.",
)
def public_product_detail(
    request: HttpRequest, product_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    if public_product(product_id) is None:
        raise not_found()
    product = _with_content(Product.objects.filter(pk=product_id)).get()
    return {"data": public_product_json(request, product)}


def public_product_json(request: HttpRequest, product: Product) -> dict[str, Any]:
    decision = product.curation_status.decision
    skus = product.skus.all()
    photos = [
        {
            "url": request.build_absolute_uri(reverse("storefront:photo", args=[photo.pk])),
            "thumbnail_url": request.build_absolute_uri(reverse("storefront:thumbnail", args=[photo.pk])),
        }
        for photo in product.photos.all()
    ]
    return {
        "id": product.pk, "name": product.name, "description": product.description,
        "category": product.category, "brand": product.brand,
        "curation_decision": decision, "curation_label": str(Decision(decision).label),
        "business_id": product.business_id, "business_name": product.business.name,
        "kabkota": product.business.kabkota.name,
        "url": request.build_absolute_uri(reverse("storefront:product", args=[product.pk])),
        "skus": [{"variant": x.variant, "price": x.price, "in_stock": x.stock > 0} for x in skus],
        "photos": photos,
    }  # fmt: skip


@router.get(
    "/katalog/usaha/",
    auth=Access(PUBLIC),
    response=answers(PublicBusinessPageOut),
    url_name="public_businesses_list",
    summary="Usaha katalog publik",
    description=(
        "Usaha yang punya produk di katalog publik, hanya dengan data yang dipilih pemiliknya untuk "
        "ditampilkan. Urut id, dengan cursor."
    ),
)
def public_businesses_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    kabkota: str | None = Query(None, pattern=KABKOTA_CODE),
) -> dict[str, Any]:
    after = position_int(cursor_load("public_businesses", cursor), "k")
    businesses = public_businesses().select_related("kabkota", "kecamatan", "desa")
    if kabkota:
        businesses = businesses.filter(kabkota_id=kabkota)
    rows = list(businesses.filter(pk__gt=after).order_by("pk")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    profiles = PublicProfile.objects.in_bulk([row.pk for row in page])
    return {
        "items": [
            public_business_json(row, profiles.get(row.pk) or PublicProfile(business=row)) for row in page
        ],
        "next_cursor": cursor_dump("public_businesses", {"k": page[-1].pk}) if more else None,
    }


@router.get(
    "/katalog/usaha/{business_id}/",
    auth=Access(PUBLIC),
    response=answers(PublicBusinessDataOut, 404),
    url_name="public_business_detail",
    summary="Satu usaha katalog publik",
    description="404 bila usaha tidak ada atau tidak punya produk di katalog publik.",
)
def public_business_detail(
    request: HttpRequest, business_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    business = public_business(business_id)
    if business is None:
        raise not_found()
    return {"data": public_business_json(business, None)}


def public_business_json(business: Business, profile: PublicProfile | None) -> dict[str, Any]:
    facts = public_business_facts(business, profile)  # None: looked up
    return {
        "id": facts.pk, "name": facts.name, "brand": facts.brand, "sector": facts.sector,
        "sector_label": facts.sector_label, "kabkota": facts.kabkota, "region": facts.region,
        "story": facts.story, "phone": facts.phone, "address": facts.address,
        "women_owned": facts.women_owned, "kopwan": facts.kopwan,
    }  # fmt: skip
