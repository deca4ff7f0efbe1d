"""TikTok Shop Partner API (202309 versions), which also serves Tokopedia shops since the merger.

Query ``app_key``, ``timestamp`` (seconds), ``shop_cipher``, ``sign``; header ``x-tts-access-token``;
answers ``{"code": 0, "message": "Success", "data": {...}, "request_id": ...}``. 429 when over 50 QPS.
"""

from datetime import UTC, datetime

import httpx2
from django.utils.translation import gettext as _

from lapak.channels.payload import ChannelOrder, ListingPayload, ListingResult, OrderLinePayload, OrderPage
from lapak.channels.signing import tiktok_sign
from lapak.channels.transport import Rejected, TokenExpired

from .base import ChannelAdapter, SkuUpdate, SkuUpdateFailure, compact_json

EXPIRED_TOKEN = 105002
BAD_SIGNATURE = 106001
ORDER_PAGE_SIZE = 50


def interpret(response: httpx2.Response, body: dict) -> dict:
    code = body.get("code")
    if code == 0:
        data = body.get("data")
        return data if isinstance(data, dict) else {}
    message = str(body.get("message") or "")
    request_id = str(body.get("request_id") or "")
    if code == EXPIRED_TOKEN:
        raise TokenExpired(_("Token akses toko kedaluwarsa."), code=str(code), request_id=request_id)
    if code == BAD_SIGNATURE:
        raise Rejected(_("Tanda tangan permintaan ditolak kanal."), code=str(code), request_id=request_id)
    raise Rejected(
        message or _("Permintaan ditolak kanal."),
        code=str(code),
        status=response.status_code,
        request_id=request_id,
    )


class TiktokAdapter(ChannelAdapter):
    channel = "tiktok"

    def _request(
        self, method: str, path: str, *, query: dict | None = None, body: object = None
    ) -> tuple[str, httpx2.Request]:
        text = compact_json(body) if body is not None else ""
        params = {
            "app_key": self.credentials.app_key,
            "timestamp": str(int(self.clock())),
            "shop_cipher": self.credentials.shop_id,
            **(query or {}),
        }
        params["sign"] = tiktok_sign(secret=self.credentials.app_secret, path=path, params=params, body=text)
        request = self.client.build_request(
            method,
            self.credentials.base_url + path,
            params=params,
            content=text.encode() or None,
            headers={"x-tts-access-token": self.credentials.access_token, "content-type": "application/json"},
        )
        return path, request

    def _send(self, method: str, path: str, *, query: dict | None = None, body: object = None) -> dict:
        return self._call(
            method, path, lambda: self._request(method, path, query=query, body=body)[1], interpret
        )

    def create_listing(self, payload: ListingPayload, *, idempotency_key: str) -> ListingResult:
        weight_kg = max(sku.weight_g for sku in payload.skus) / 1000
        body = {
            "title": payload.title,
            "description": payload.description,
            "category_id": payload.category_id,
            "main_images": [{"uri": image} for image in payload.images],
            "skus": [
                {
                    "seller_sku": sku.seller_sku,
                    "price": {"amount": str(sku.price), "currency": "IDR"},
                    "inventory": [{"quantity": sku.stock}],
                }
                for sku in payload.skus
            ],
            "package_weight": {"value": f"{weight_kg:g}", "unit": "KILOGRAM"},
            "idempotency_key": idempotency_key,
        }
        data = self._send("POST", "/product/202309/products", body=body)
        skus = {str(sku.get("seller_sku")): str(sku.get("id")) for sku in data.get("skus", [])}
        return ListingResult(external_id=str(data["product_id"]), status="PENDING", sku_ids=skus)

    def update_skus(self, external_id: str, updates: list[SkuUpdate]) -> list[SkuUpdateFailure]:
        prices = [
            {"id": u.sku_id, "price": {"amount": str(u.price), "currency": "IDR"}}
            for u in updates
            if u.price is not None
        ]
        stocks = [
            {"id": u.sku_id, "inventory": [{"quantity": u.stock}]} for u in updates if u.stock is not None
        ]
        base = f"/product/202309/products/{external_id}"
        if prices:
            self._send("POST", f"{base}/prices/update", body={"skus": prices})
        if stocks:
            self._send("POST", f"{base}/inventory/update", body={"skus": stocks})
        return []

    def update_content(self, external_id: str, payload: ListingPayload) -> None:
        body = {
            "title": payload.title,
            "description": payload.description,
            "main_images": [{"uri": image} for image in payload.images],
        }
        self._send("POST", f"/product/202309/products/{external_id}/partial_edit", body=body)

    def delist(self, external_id: str) -> None:
        self._send("POST", "/product/202309/products/deactivate", body={"product_ids": [external_id]})

    def list_orders(self, *, updated_since: datetime, cursor: str = "") -> OrderPage:
        query = {"page_size": str(ORDER_PAGE_SIZE), **({"page_token": cursor} if cursor else {})}
        data = self._send(
            "POST",
            "/order/202309/orders/search",
            query=query,
            body={"update_time_ge": int(updated_since.timestamp())},
        )
        orders = tuple(_order(order) for order in data.get("orders", []))
        return OrderPage(orders=orders, next_cursor=str(data.get("next_page_token") or ""))


def _order(order: dict) -> ChannelOrder:
    address = order.get("recipient_address") or {}
    levels = {
        part.get("address_level_name", "").lower(): part.get("address_name", "")
        for part in address.get("district_info", [])
    }
    # One line item per unit sold: the same SKU appears as many times as it was bought.
    lines = tuple(
        OrderLinePayload(
            seller_sku=str(item.get("seller_sku", "")),
            quantity=1,
            unit_price=int(float(item.get("sale_price", 0))),
            line_id=str(item.get("id", "")),
        )
        for item in order.get("line_items", [])
    )
    return ChannelOrder(
        order_id=str(order["id"]),
        created_at=datetime.fromtimestamp(int(order.get("create_time", 0)), tz=UTC),
        status=str(order.get("status", "")),
        buyer_city=levels.get("city", ""),
        buyer_province=levels.get("province", ""),
        buyer_country=str(address.get("region_code", "")),
        lines=lines,
    )
