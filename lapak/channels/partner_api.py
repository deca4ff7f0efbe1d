"""The partner API: marketplaces that push instead of being polled send orders and listing status here.

``POST /api/v1/mitra/pesanan/`` and ``POST /api/v1/mitra/tayangan/`` with ``Authorization: Bearer <key>``.
A key reaches its own channel only. A request is checked whole before anything is written: one bad
order answers 400 with every problem (index, field, message) and records nothing.
"""

import json
import uuid
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lapak.core.crypto import keyed_hash

from .models import Listing, ListingState, PartnerKey, ShopConnection
from .payload import ChannelOrder, OrderLinePayload
from .services import TRANSITIONS, ledger_record_orders, listing_transition

MAX_ITEMS = 500
PUSHED_STATES = {
    "live": ListingState.LIVE,
    "rejected": ListingState.REJECTED,
    "delisted": ListingState.DELISTED,
}
Problem = dict[str, Any]


def _answer(status: int, body: dict, request_id: str) -> JsonResponse:
    response = JsonResponse({**body, "request_id": request_id}, status=status)
    response["X-Request-Id"] = request_id
    return response


def _partner(request: HttpRequest) -> PartnerKey | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or len(header) < 20:
        return None
    key = (
        PartnerKey.objects.select_related("channel")
        .filter(key_hash=keyed_hash(header.removeprefix("Bearer ").strip()), is_active=True)
        .first()
    )
    if key is not None:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _items(request: HttpRequest, field: str) -> list[dict] | str:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _("Isi permintaan bukan JSON yang sah.")
    items = body.get(field) if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        return _("Kirim daftar “%(field)s” berisi minimal satu item.") % {"field": field}
    if len(items) > MAX_ITEMS:
        return _("Paling banyak %(max)s item per permintaan.") % {"max": MAX_ITEMS}
    return items


def _guarded(field: str, handle: Any) -> Any:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        partner = _partner(request)
        if partner is None:
            response = _answer(401, {"error": _("Kunci mitra tidak ada atau tidak sah.")}, request_id)
            response["WWW-Authenticate"] = 'Bearer realm="lapak-mitra"'
            return response
        items = _items(request, field)
        if isinstance(items, str):
            return _answer(400, {"error": items}, request_id)
        status, body = handle(partner, items)
        return _answer(status, body, request_id)

    return view


def _order(item: Any, index: int, connections: dict[str, ShopConnection], problems: list[Problem]) -> Any:
    def bad(field: str, message: str) -> None:
        problems.append({"index": index, "field": field, "message": message})

    if not isinstance(item, dict):
        return bad("", _("Setiap pesanan harus berupa objek JSON."))
    connection = connections.get(str(item.get("shop_id", "")))
    if connection is None:
        bad("shop_id", _("Toko ini tidak tersambung ke Lapak di kanal Anda."))
    if not str(item.get("order_id", "")).strip():
        bad("order_id", _("Nomor pesanan wajib diisi."))
    try:
        created = datetime.fromisoformat(str(item.get("created_at")))
        if created.tzinfo is None:
            raise ValueError
    except ValueError:
        bad("created_at", _("Waktu pesanan harus ISO 8601 dengan zona waktu."))
        created = timezone.now()
    lines = []
    for number, line in enumerate(item.get("lines") or []):
        try:
            quantity, price = int(line["quantity"]), int(line["unit_price"])
            if quantity <= 0 or price < 0:
                raise ValueError
            lines.append(
                OrderLinePayload(
                    seller_sku=str(line.get("seller_sku", ""))[:60], quantity=quantity, unit_price=price
                )
            )
        except (KeyError, TypeError, ValueError):
            bad(f"lines[{number}]", _("Jumlah harus bilangan bulat > 0 dan harga satuan ≥ 0 (Rupiah)."))
    if not lines:
        bad("lines", _("Pesanan tanpa baris barang."))
    return connection, ChannelOrder(
        order_id=str(item.get("order_id", ""))[:80],
        created_at=created,
        status=str(item.get("status", ""))[:30],
        buyer_city=str(item.get("buyer_city", "")),
        buyer_province=str(item.get("buyer_province", "")),
        buyer_country=str(item.get("buyer_country", "ID")),
        lines=tuple(lines),
        fees=int(item.get("fees") or 0),
    )


def _receive_orders(partner: PartnerKey, items: list) -> tuple[int, dict]:
    connections = {c.shop_id: c for c in ShopConnection.objects.filter(channel=partner.channel)}
    problems: list[Problem] = []
    parsed = [_order(item, index, connections, problems) for index, item in enumerate(items)]
    if problems:
        return 400, {"error": _("Tidak ada pesanan yang dicatat; perbaiki dulu."), "problems": problems}
    by_connection: dict[int, list[ChannelOrder]] = {}
    for connection, order in parsed:
        by_connection.setdefault(connection.pk, []).append(order)
    added = known = 0
    with transaction.atomic():
        for connection_pk, orders in by_connection.items():
            connection = (
                ShopConnection.objects.select_for_update().select_related("channel").get(pk=connection_pk)
            )
            new, old = ledger_record_orders(connection=connection, orders=orders)
            added, known = added + new, known + old
    return 200, {"accepted": added, "duplicates": known}


def _receive_listings(partner: PartnerKey, items: list) -> tuple[int, dict]:
    problems: list[Problem] = []
    updates = []
    for index, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        listing = Listing.objects.filter(
            channel=partner.channel, external_id=str(item.get("external_id", ""))
        ).first()
        state = PUSHED_STATES.get(str(item.get("status", "")))
        if listing is None:
            problems.append({"index": index, "field": "external_id", "message": _("Tayangan tidak dikenal.")})
        elif state is None:
            problems.append(
                {
                    "index": index,
                    "field": "status",
                    "message": _("Status harus live, rejected atau delisted."),
                }
            )
        elif state != listing.state and state not in TRANSITIONS[listing.state]:
            problems.append(
                {"index": index, "field": "status", "message": _("Perubahan status tidak diizinkan.")}
            )
        else:
            updates.append((listing, state, str(item.get("reason", ""))[:500]))
    if problems:
        return 400, {"error": _("Tidak ada status yang diubah; perbaiki dulu."), "problems": problems}
    with transaction.atomic():
        for listing, state, reason in updates:
            listing_transition(listing, state, error_code="partner" if reason else "", error_text=reason)
    return 200, {"updated": len(updates)}


receive_orders = _guarded("orders", _receive_orders)
receive_listings = _guarded("listings", _receive_listings)
