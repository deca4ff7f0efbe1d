"""Staff endpoints: the registry, products and kurasi for integrations of the province and kab/kota
offices. A staff token sees exactly what its user sees in the UI (``accounts.scoping``); a record outside
that scope answers 404, as if it did not exist."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router

from lapak.accounts.scoping import can_see_personal_data
from lapak.catalog.models import Product
from lapak.core.models import AccessAction
from lapak.core.services import access_log_record
from lapak.curation.models import CurationStatus, Decision
from lapak.registry.models import Business, Sector

from .. import scopes
from ..auth import STAFF, Access
from ..cursors import cursor_dump, cursor_load, position_int
from ..errors import not_found
from ..schemas import BusinessDataOut, BusinessPageOut, CurationPageOut, ProductDataOut, ProductPageOut
from ..selectors import businesses_for, curation_statuses_for, keyset_page, products_for
from .common import CURSOR_DOC, MAX_ID, MAX_PAGE_SIZE, PAGE_SIZE, answers, principal

router = Router(tags=["Staf"])
SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
KABKOTA_CODE = r"^\d{2}\.\d{2}$"


@router.get(
    "/usaha/",
    auth=Access(STAFF, scope=scopes.BUSINESSES_READ),
    response=answers(BusinessPageOut, 403),
    url_name="businesses_list",
    summary="Daftar usaha",
    description=(
        "Usaha yang dapat dilihat pengguna token, urut id. Data pribadi pemilik (`personal`) hanya untuk "
        "peran yang boleh melihatnya, NIK selalu disamarkan; pengambilan daftar dengan data pribadi "
        "dicatat di log akses."
    ),
)
def businesses_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    kabkota: str | None = Query(None, pattern=KABKOTA_CODE, description="Kode kab/kota, misalnya 35.27."),
    sector: SectorCode | None = Query(None, alias="sektor"),  # noqa: B008
) -> dict[str, Any]:
    caller = principal(request)
    after = position_int(cursor_load("businesses", cursor), "k")
    queryset = businesses_for(user=caller.user, kabkota=kabkota, sector=sector)
    rows, more = keyset_page(queryset, after=after, limit=limit)
    personal = can_see_personal_data(caller.user)
    if personal and rows:
        access_log_record(
            user=caller.user,
            action=AccessAction.EXPORT,
            object_repr="api:business_list",
            reason=f"API: token {caller.bucket}",
            detail={"token": caller.bucket, "query": request.GET.urlencode(), "rows": len(rows)},
            ip=request.META.get("REMOTE_ADDR"),
        )
    return {
        "items": [business_json(row, personal=personal) for row in rows],
        "next_cursor": cursor_dump("businesses", {"k": rows[-1].pk}) if more else None,
    }


@router.get(
    "/usaha/{business_id}/",
    auth=Access(STAFF, scope=scopes.BUSINESSES_READ),
    response=answers(BusinessDataOut, 403, 404),
    url_name="business_detail",
    summary="Satu usaha",
    description="404 bila usaha tidak ada atau di luar wilayah pengguna token.",
)
def business_detail(request: HttpRequest, business_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    caller = principal(request)
    business = businesses_for(user=caller.user).filter(pk=business_id).first()
    if business is None:
        raise not_found()
    personal = can_see_personal_data(caller.user)
    if personal:  # the phone number and address go out unmasked: a logged read, as on the business page
        access_log_record(
            user=caller.user,
            action=AccessAction.UNMASK,
            object_repr=f"business:{business.pk}",
            reason=f"API: token {caller.bucket}",
            detail={"field": "phone", "token": caller.bucket},
            ip=request.META.get("REMOTE_ADDR"),
        )
    return {"data": business_json(business, personal=personal)}


def business_json(business: Business, *, personal: bool) -> dict[str, Any]:
    def region(place: Any) -> dict[str, str]:
        return {"code": place.code, "name": place.name}

    owner = None
    if personal:
        owner = {
            "owner_name": business.owner_name, "owner_nik_masked": business.owner_nik_masked,
            "phone": business.phone, "email": business.email, "address": business.address,
            "latitude": _float(business.latitude), "longitude": _float(business.longitude),
        }  # fmt: skip
    return {
        "id": business.pk, "name": business.name, "brand": business.brand, "owner_sex": business.owner_sex,
        "sector": business.sector, "kbli_code": business.kbli_code, "kabkota": region(business.kabkota),
        "kecamatan": region(business.kecamatan), "desa": region(business.desa),
        "size_class": business.size_class, "legality_status": business.legality_status,
        "online_mode": business.online_mode, "is_ikm": business.is_ikm, "is_ukm": business.is_ukm,
        "is_koperasi": business.is_koperasi, "is_kopwan_member": business.is_kopwan_member,
        "employees": business.employees, "founded_year": business.founded_year,
        "capital": business.capital, "annual_sales": business.annual_sales,
        "updated_at": business.updated_at, "personal": owner,
    }  # fmt: skip


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/produk/",
    auth=Access(STAFF, scope=scopes.PRODUCTS_READ),
    response=answers(ProductPageOut, 403),
    url_name="products_list",
    summary="Daftar produk",
    description="Produk usaha yang dapat dilihat pengguna token, dengan status kurasi dan tayangannya.",
)
def products_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    business_id: int | None = Query(None, alias="usaha", ge=1, le=MAX_ID),
) -> dict[str, Any]:
    user = principal(request).user
    after = position_int(cursor_load("products", cursor), "k")
    queryset = products_for(user=user, business_id=business_id).prefetch_related("skus", "listings__channel")
    rows, more = keyset_page(queryset, after=after, limit=limit)
    return {
        "items": [product_json(row) for row in rows],
        "next_cursor": cursor_dump("products", {"k": rows[-1].pk}) if more else None,
    }


@router.get(
    "/produk/{product_id}/",
    auth=Access(STAFF, scope=scopes.PRODUCTS_READ),
    response=answers(ProductDataOut, 403, 404),
    url_name="product_detail",
    summary="Satu produk",
    description="404 bila produk tidak ada atau di luar wilayah pengguna token.",
)
def product_detail(request: HttpRequest, product_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    products = products_for(user=principal(request).user).prefetch_related("skus", "listings__channel")
    product = products.filter(pk=product_id).first()
    if product is None:
        raise not_found()
    return {"data": product_json(product)}


def product_json(product: Product) -> dict[str, Any]:
    status = getattr(product, "curation_status", None)
    return {
        "id": product.pk, "business_id": product.business_id, "business_name": product.business.name,
        "name": product.name, "description": product.description, "category": product.category,
        "brand": product.brand, "is_active": product.is_active,
        "local_share": _float(product.local_share), "domestic_share": _float(product.domestic_share),
        "curation": curation_json(status) if status is not None else None,
        "skus": [
            {"code": x.code, "variant": x.variant, "price": x.price, "stock": x.stock, "active": x.is_active}
            for x in product.skus.all()
        ],
        "listings": [{"channel": x.channel.code, "state": x.state} for x in product.listings.all()],
        "updated_at": product.updated_at,
    }  # fmt: skip


def curation_json(status: CurationStatus) -> dict[str, Any]:
    return {
        "product_id": status.product_id,
        "decision": status.decision,
        "decision_label": str(Decision(status.decision).label),
        "score": float(status.score),
        "round_number": status.round.number,
        "decided_at": status.decided_at,
    }


@router.get(
    "/kurasi/",
    auth=Access(STAFF, scope=scopes.CURATION_READ),
    response=answers(CurationPageOut, 403),
    url_name="curation_list",
    summary="Status kurasi",
    description=(
        "Keputusan kurasi terakhir setiap produk yang kurasinya dapat dilihat pengguna token (kurator: "
        "hanya produk yang ditugaskan kepadanya), urut id produk."
    ),
)
def curation_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    decision: int | None = Query(None, alias="keputusan", ge=0, le=3),
) -> dict[str, Any]:
    after = position_int(cursor_load("curation", cursor), "k")
    statuses = curation_statuses_for(user=principal(request).user, decision=decision)
    rows, more = keyset_page(statuses, after=after, limit=limit, key="product_id")
    return {
        "items": [curation_json(row) for row in rows],
        "next_cursor": cursor_dump("curation", {"k": rows[-1].product_id}) if more else None,
    }
