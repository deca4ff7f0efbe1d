"""Lazada Open Platform (api.lazada.co.id/rest).

System parameters ``app_key``, ``timestamp`` (milliseconds), ``sign_method=sha256``, ``access_token``,
``sign``; application parameters such as ``payload`` (a JSON document) travel as form fields and are
signed like the rest. Answers ``{"code": "0", "data": ..., "request_id": ...}`` or an error ``code``
(``ApiCallLimit``: wait a second; ``IllegalAccessToken``; ``IncompleteSignature``…) with HTTP 200.
"""

from datetime import datetime

import httpx2
from django.utils.translation import gettext as _

from lapak.channels.payload import ChannelOrder, ListingPayload, ListingResult, OrderLinePayload, OrderPage
from lapak.channels.signing import lazada_sign
from lapak.channels.transport import Rejected, Throttled, TokenExpired, Unavailable, Unconfirmed

from .base import ChannelAdapter, SkuUpdate, SkuUpdateFailure, compact_json

ORDER_PAGE_SIZE = 50
DUPLICATE_SKU = "SELLER_SKU_DUPLICATE"
TOKEN_CODES = frozenset({"IllegalAccessToken", "AccessTokenExpired"})
TRANSIENT_CODES = frozenset({"ServiceTimeout", "998", "InternalError", "SYSTEM_ERROR"})


def interpret(response: httpx2.Response, body: dict) -> dict:
    code = str(body.get("code", ""))
    if code == "0":
        return {"data": body.get("data")}
    message = str(body.get("message") or "")
    request_id = str(body.get("request_id") or "")
    if code == "ApiCallLimit":
        raise Throttled(
            _("Batas panggilan per detik tercapai."), code=code, retry_after=1.0, request_id=request_id
        )
    if code in TOKEN_CODES:
        raise TokenExpired(_("Token akses toko kedaluwarsa."), code=code, request_id=request_id)
    if code in TRANSIENT_CODES or body.get("type") == "SYSTEM":
        raise Unavailable(message or _("Kanal sedang gangguan."), code=code, request_id=request_id)
    raise Rejected(message or _("Permintaan ditolak kanal."), code=code, request_id=request_id)


class LazadaAdapter(ChannelAdapter):
    channel = "lazada"

    def _request(self, method: str, api_path: str, params: dict) -> httpx2.Request:
        signed = {
            "app_key": self.credentials.app_key,
            "timestamp": str(int(self.clock() * 1000)),
            "sign_method": "sha256",
            "access_token": self.credentials.access_token,
            **params,
        }
        signed["sign"] = lazada_sign(secret=self.credentials.app_secret, api_path=api_path, params=signed)
        url = self.credentials.base_url + api_path
        if method == "GET":
            return self.client.build_request("GET", url, params=signed)
        return self.client.build_request("POST", url, data=signed)

    def _send(self, method: str, api_path: str, params: dict, *, idempotent: bool = True) -> object:
        build = lambda: self._request(method, api_path, params)  # noqa: E731
        return self._call(method, api_path, build, interpret, idempotent=idempotent)["data"]

    def create_listing(self, payload: ListingPayload, *, idempotency_key: str) -> ListingResult:
        # Lazada has no idempotency key: the seller SKU is unique per shop, and a repeated create of the
        # same SKUs is refused with ``SELLER_SKU_DUPLICATE`` (the outbox then looks the item up).
        product = {
            "PrimaryCategory": payload.category_id,
            "Images": {"Image": list(payload.images)[:8]},
            "Attributes": {
                "name": payload.title,
                "description": payload.description,
                "brand": payload.brand or "No Brand",
                **payload.attributes,
            },
            "Skus": {
                "Sku": [
                    {
                        "SellerSku": sku.seller_sku,
                        "quantity": str(sku.stock),
                        "price": str(sku.price),
                        "package_weight": f"{sku.weight_g / 1000:g}",
                        "package_length": str(sku.length_cm),
                        "package_width": str(sku.width_cm),
                        "package_height": str(sku.height_cm),
                    }
                    for sku in payload.skus
                ]
            },
        }
        params = {"payload": compact_json({"Request": {"Product": product}})}
        try:
            data = self._send("POST", "/product/create", params, idempotent=False)
        except Unconfirmed:
            # Lazada has no idempotency key: look for the seller SKU before creating again.
            found = self._find(payload.skus[0].seller_sku)
            data = found or self._send("POST", "/product/create", params, idempotent=False)
        except Rejected as refused:
            # The seller SKU is already an item of this shop: made by an earlier attempt whose worker died
            # before recording it. It is this product: take it over rather than fail.
            if refused.code != DUPLICATE_SKU:
                raise
            data = self._find(payload.skus[0].seller_sku)
            if data is None:
                raise
        assert isinstance(data, dict)
        skus = {str(s.get("seller_sku")): str(s.get("sku_id")) for s in data.get("sku_list", [])}
        return ListingResult(
            external_id=str(data["item_id"]), status=str(data.get("item_status", "Pending QC")), sku_ids=skus
        )

    def _find(self, seller_sku: str) -> dict | None:
        """The item holding ``seller_sku``, shaped like a create answer, or None."""
        data = self._send(
            "GET", "/products/get", {"filter": "all", "sku_seller_list": compact_json([seller_sku])}
        )
        products = data.get("products", []) if isinstance(data, dict) else []
        if not products:
            return None
        item = products[0]
        skus = [{"seller_sku": s["SellerSku"], "sku_id": s["SkuId"]} for s in item.get("skus", [])]
        return {"item_id": item["item_id"], "sku_list": skus, "item_status": item.get("status", "")}

    def update_skus(self, external_id: str, updates: list[SkuUpdate]) -> list[SkuUpdateFailure]:
        skus = []
        for update in updates:
            sku: dict[str, str] = {
                "ItemId": external_id,
                "SkuId": update.sku_id,
                "SellerSku": update.seller_sku,
            }
            if update.price is not None:
                sku["Price"] = str(update.price)
            if update.stock is not None:
                sku["Quantity"] = str(update.stock)
            skus.append(sku)
        body = compact_json({"Request": {"Product": {"Skus": {"Sku": skus}}}})
        data = self._send("POST", "/product/price_quantity/update", {"payload": body})
        failed = (data or {}).get("failed", []) if isinstance(data, dict) else []
        return [
            SkuUpdateFailure(seller_sku=str(f.get("seller_sku")), reason=str(f.get("message", "")))
            for f in failed
        ]

    def update_content(self, external_id: str, payload: ListingPayload) -> None:
        product = {
            "ItemId": external_id,
            "Images": {"Image": list(payload.images)[:8]},
            "Attributes": {"name": payload.title, "description": payload.description},
            "Skus": {"Sku": [{"SellerSku": sku.seller_sku} for sku in payload.skus]},
        }
        self._send("POST", "/product/update", {"payload": compact_json({"Request": {"Product": product}})})

    def delist(self, external_id: str) -> None:
        product = {"ItemId": external_id}
        self._send(
            "POST", "/product/deactivate", {"apiRequestBody": compact_json({"Request": {"Product": product}})}
        )

    def list_orders(self, *, updated_since: datetime, cursor: str = "") -> OrderPage:
        offset = int(cursor or 0)
        data = self._send(
            "GET",
            "/orders/get",
            {"update_after": updated_since.isoformat(), "offset": str(offset), "limit": str(ORDER_PAGE_SIZE)},
        )
        assert isinstance(data, dict)
        headers = data.get("orders", [])
        if not headers:
            return OrderPage(orders=(), next_cursor="")
        ids = compact_json([int(order["order_id"]) for order in headers])
        items = self._send("GET", "/orders/items/get", {"order_ids": ids})
        entries = items if isinstance(items, list) else []
        lines_by_order = {str(entry["order_id"]): entry.get("order_items", []) for entry in entries}
        orders = tuple(_order(order, lines_by_order.get(str(order["order_id"]), [])) for order in headers)
        more = offset + len(headers) < int(data.get("count", 0))
        return OrderPage(orders=orders, next_cursor=str(offset + len(headers)) if more else "")


def _order(order: dict, items: list[dict]) -> ChannelOrder:
    address = order.get("address_shipping") or {}
    lines = tuple(
        OrderLinePayload(
            seller_sku=str(item.get("sku", "")),
            quantity=1,
            unit_price=int(float(item.get("paid_price", item.get("item_price", 0)))),
            line_id=str(item.get("order_item_id", "")),
        )
        for item in items
    )
    statuses = order.get("statuses") or [""]
    return ChannelOrder(
        order_id=str(order["order_id"]),
        created_at=datetime.fromisoformat(str(order["created_at"])),
        status=str(statuses[0]),
        buyer_city=str(address.get("city", "")),
        buyer_province=str(address.get("address3", "")),  # Lazada ID: address3 holds the province
        buyer_country=str(address.get("country", "Indonesia")),
        lines=lines,
    )
