"""Partner endpoints: a marketplace pushes orders and listing states, and reads its listings, its orders
and the changes to its catalogue. A partner key reaches its own channel only."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router

from lapak.channels.models import Channel, ListingState
from lapak.channels.partner_api import (
    MAX_ITEMS,
    PushedListing,
    PushedOrder,
    listing_problems,
    order_shop_problems,
    pushed_listings_apply,
    pushed_orders_record,
)
from lapak.channels.payload import ChannelOrder, OrderLinePayload

from .. import scopes
from ..auth import PARTNER, Access
from ..cursors import cursor_dump, cursor_load, position_int
from ..errors import MORE_PROBLEMS
from ..feed import FeedItem, feed_page
from ..schemas import (
    FeedPageOut,
    ListingPageOut,
    ListingsIn,
    Moment,
    OrderPageOut,
    OrdersIn,
    PushedListingsOut,
    PushedOrdersOut,
)
from ..selectors import keyset_page, listings_of_channel, orders_of_channel
from .common import CURSOR_DOC, MAX_PAGE_SIZE, PAGE_SIZE, answers, principal

router = Router(tags=["Mitra"])
ListingStateName = Literal[tuple(ListingState.values)]  # type: ignore[valid-type]
assert MAX_ITEMS == 500  # the schemas' max_length


def _channel(request: HttpRequest) -> Channel:
    channel = principal(request).channel
    assert channel is not None
    return channel


@router.post(
    "/mitra/pesanan/",
    auth=Access(PARTNER, scope=scopes.ORDERS_WRITE),
    response=answers(PushedOrdersOut, 403),
    url_name="orders_push",
    summary="Kirim pesanan",
    description=(
        "Mencatat pesanan toko-toko yang tersambung di kanal Anda ke buku penjualan, sekali per nomor "
        "pesanan (kirim ulang aman). Permintaan diperiksa utuh: satu pesanan salah → 400 dengan semua "
        "masalah (`index`, `field`, `message`) dan tidak ada yang dicatat. Paling banyak 500 pesanan."
    ),
)
def orders_push(request: HttpRequest, payload: OrdersIn) -> dict[str, Any]:
    orders = [
        PushedOrder(
            shop_id=item.shop_id,
            order=ChannelOrder(
                order_id=item.order_id.strip(),
                created_at=item.created_at,
                status=item.status,
                buyer_city=item.buyer_city,
                buyer_province=item.buyer_province,
                buyer_country=item.buyer_country,
                lines=tuple(
                    OrderLinePayload(line.seller_sku, line.quantity, line.unit_price) for line in item.lines
                ),
                fees=item.fees,
            ),
        )
        for item in payload.orders
    ]
    added, known = pushed_orders_record(channel=_channel(request), orders=orders)
    return {"accepted": added, "duplicates": known}


@router.post(
    "/mitra/tayangan/",
    auth=Access(PARTNER, scope=scopes.LISTINGS_WRITE),
    response=answers(PushedListingsOut, 403),
    url_name="listings_push",
    summary="Kirim status tayangan",
    description=(
        "Memberi tahu Lapak status tayangan di kanal Anda (`live`, `rejected` dengan alasan, `delisted`). "
        "Diperiksa utuh seperti pesanan: satu item salah → 400 dan tidak ada yang diubah."
    ),
)
def listings_push(request: HttpRequest, payload: ListingsIn) -> dict[str, Any]:
    items = [PushedListing(i.external_id, i.status, i.reason) for i in payload.listings]
    return {"updated": pushed_listings_apply(channel=_channel(request), listings=items)}


@router.get(
    "/mitra/tayangan/",
    auth=Access(PARTNER, scope=scopes.LISTINGS_READ),
    response=answers(ListingPageOut, 403),
    url_name="listings_list",
    summary="Daftar tayangan kanal Anda",
    description="Tayangan produk di kanal Anda, urut id, dengan cursor.",
)
def listings_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    state: ListingStateName | None = Query(None, description="Hanya tayangan dengan status ini."),  # noqa: B008
) -> dict[str, Any]:
    channel = _channel(request)
    after = position_int(cursor_load(f"listings:{channel.pk}", cursor), "k")
    listings = listings_of_channel(channel=channel, states=[state] if state else [])
    rows, more = keyset_page(listings, after=after, limit=limit)
    items = [
        {
            "id": row.pk,
            "product_id": row.product_id,
            "product_name": row.product.name,
            "state": row.state,
            "external_id": row.external_id,
            "external_url": row.external_url,
            "needs_migration": row.needs_migration,
            "updated_at": row.updated_at,
        }
        for row in rows
    ]
    next_cursor = cursor_dump(f"listings:{channel.pk}", {"k": rows[-1].pk}) if more else None
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/mitra/pesanan/",
    auth=Access(PARTNER, scope=scopes.ORDERS_READ),
    response=answers(OrderPageOut, 403),
    url_name="orders_list",
    summary="Daftar pesanan kanal Anda",
    description="Pesanan kanal Anda di buku penjualan Lapak, urut id, dengan cursor.",
)
def orders_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    channel = _channel(request)
    after = position_int(cursor_load(f"orders:{channel.pk}", cursor), "k")
    rows, more = keyset_page(orders_of_channel(channel=channel), after=after, limit=limit)
    items = [
        {
            "id": o.pk,
            "order_id": o.external_id,
            "shop_id": o.shop_id,
            "ordered_at": o.ordered_at,
            "status": o.status,
            "buyer_city": o.buyer_city,
            "buyer_province": o.buyer_province,
            "buyer_country": o.buyer_country,
            "total_amount": o.total_amount,
            "fees": o.fees,
            "lines": [
                {
                    "seller_sku": x.seller_sku,
                    "quantity": x.quantity,
                    "unit_price": x.unit_price,
                    "amount": x.amount,
                }
                for x in o.lines.all()
            ],
        }
        for o in rows
    ]
    next_cursor = cursor_dump(f"orders:{channel.pk}", {"k": rows[-1].pk}) if more else None
    return {"items": items, "next_cursor": next_cursor}


@router.get(
    "/mitra/katalog/perubahan/",
    auth=Access(PARTNER, scope=scopes.CATALOGUE_READ),
    response=answers(FeedPageOut, 403),
    url_name="catalogue_changes",
    summary="Perubahan katalog kanal Anda",
    description=(
        "Tanpa cursor: mula-mula seluruh produk di katalog kanal Anda (potret), lalu setiap perubahan "
        "sejak potret itu dimulai. Setiap item membawa keadaan produk saat ini: `upsert` dengan isinya, "
        "atau `delete` bila produk keluar dari katalog (diturunkan, ditolak, dinonaktifkan, dihapus, atau "
        "pemilik menarik persetujuan marketplace). Dengan `sejak`: hanya perubahan sejak waktu itu. "
        "Simpan `next_cursor` dan tanyakan lagi berkala."
    ),
)
def catalogue_changes(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=2000, description=CURSOR_DOC),
    since: Moment | None = Query(  # noqa: B008
        None, alias="sejak", description="Mulai dari perubahan sejak waktu ini (ISO 8601, dengan zona)."
    ),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    channel = _channel(request)
    feed = f"changes:{channel.pk}"
    page = feed_page(channel=channel, position=cursor_load(feed, cursor), since=since, limit=limit)
    return {
        "items": [_feed_item(item) for item in page.items],
        "next_cursor": cursor_dump(feed, page.position),
        "has_more": page.has_more,
    }


def _feed_item(item: FeedItem) -> dict[str, Any]:
    if item.listing is None:
        return {"product_id": item.product_id, "action": item.action, "product": None}
    product = item.listing.product
    skus = [
        {
            "seller_sku": s.code,
            "variant": s.variant,
            "price": s.price,
            "stock": s.stock,
            "weight_grams": s.weight_grams,
        }
        for s in product.skus.all()
    ]
    return {
        "product_id": product.pk,
        "action": item.action,
        "product": {
            "id": product.pk,
            "name": product.name,
            "description": product.description,
            "category": product.category,
            "brand": product.brand,
            "business_id": product.business_id,
            "business_name": product.business.name,
            "kabkota": product.business.kabkota.name,
            "listing_state": item.listing.state,
            "external_id": item.listing.external_id,
            "skus": skus,
        },
    }


# --- A push that fails its schema is also checked against the database (see errors.MORE_PROBLEMS) -----


def _raw_items(request: HttpRequest, field: str) -> list[dict[str, Any]]:
    try:
        body = json.loads(request.body)
    except ValueError:
        return []
    items = body.get(field) if isinstance(body, dict) else None
    return [item if isinstance(item, dict) else {} for item in items] if isinstance(items, list) else []


def _text_of(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    return value if isinstance(value, str) else None


def _order_problems(request: HttpRequest) -> list[dict[str, Any]]:
    shops = [_text_of(item, "shop_id") for item in _raw_items(request, "orders")]
    problems = order_shop_problems(channel=_channel(request), shop_ids=[shop or "" for shop in shops])
    return [vars(p) for p in problems if shops[p.index] is not None]


def _listing_problems(request: HttpRequest) -> list[dict[str, Any]]:
    pairs = [(_text_of(i, "external_id"), _text_of(i, "status")) for i in _raw_items(request, "listings")]
    problems, _known = listing_problems(
        channel=_channel(request), items=[(e or "", s or "") for e, s in pairs]
    )
    return [vars(p) for p in problems if None not in pairs[p.index]]


MORE_PROBLEMS.update({"orders_push": _order_problems, "listings_push": _listing_problems})
