"""Shopee Open Platform v2 (partner.shopeemobile.com).

Query ``partner_id``, ``timestamp`` (seconds), ``access_token``, ``shop_id``, ``sign``; JSON bodies.
Answers ``{"error": "", "message": "", "response": {...}, "request_id": ...}``; an ``error`` names the
problem. Batch updates answer with ``success_list`` and ``failure_list`` (a partial failure is normal).
"""

from datetime import UTC, datetime

import httpx2
from django.utils.translation import gettext as _

from lapak.channels.payload import ChannelOrder, ListingPayload, ListingResult, OrderLinePayload, OrderPage
from lapak.channels.signing import shopee_sign
from lapak.channels.transport import Rejected, Throttled, TokenExpired, Unavailable, Unconfirmed

from .base import ChannelAdapter, SkuUpdate, SkuUpdateFailure, compact_json

ORDER_PAGE_SIZE = 50
TOKEN_ERRORS = frozenset({"invalid_access_token", "error_token_expired"})
THROTTLE_ERRORS = frozenset({"error_too_many_request", "error_rate_limit"})
TRANSIENT_ERRORS = frozenset({"error_server", "error_inner", "error_busy"})


def interpret(response: httpx2.Response, body: dict) -> dict:
    error = str(body.get("error") or "")
    if not error:
        result = body.get("response")
        return result if isinstance(result, dict) else {}
    message = str(body.get("message") or "")
    request_id = str(body.get("request_id") or "")
    if error in TOKEN_ERRORS:
        raise TokenExpired(_("Token akses toko kedaluwarsa."), code=error, request_id=request_id)
    if error in THROTTLE_ERRORS:
        raise Throttled(_("Terlalu banyak permintaan ke kanal."), code=error, request_id=request_id)
    if error in TRANSIENT_ERRORS:
        raise Unavailable(message or _("Kanal sedang gangguan."), code=error, request_id=request_id)
    raise Rejected(
        message or _("Permintaan ditolak kanal."),
        code=error,
        status=response.status_code,
        request_id=request_id,
    )


class ShopeeAdapter(ChannelAdapter):
    channel = "shopee"

    def _request(
        self, method: str, path: str, *, query: dict | None = None, body: object = None
    ) -> httpx2.Request:
        timestamp = int(self.clock())
        creds = self.credentials
        sign = shopee_sign(
            partner_key=creds.app_secret,
            partner_id=creds.app_key,
            api_path=path,
            timestamp=timestamp,
            access_token=creds.access_token,
            shop_id=creds.shop_id,
        )
        params = {
            "partner_id": creds.app_key,
            "timestamp": str(timestamp),
            "access_token": creds.access_token,
            "shop_id": creds.shop_id,
            "sign": sign,
            **(query or {}),
        }
        content = compact_json(body).encode() if body is not None else None
        return self.client.build_request(
            method,
            creds.base_url + path,
            params=params,
            content=content,
            headers={"content-type": "application/json"},
        )

    def _send(
        self,
        method: str,
        path: str,
        *,
        query: dict | None = None,
        body: object = None,
        idempotent: bool = True,
    ) -> dict:
        build = lambda: self._request(method, path, query=query, body=body)  # noqa: E731
        return self._call(method, path, build, interpret, idempotent=idempotent)

    def create_listing(self, payload: ListingPayload, *, idempotency_key: str) -> ListingResult:
        first = payload.skus[0]
        body = {
            "item_name": payload.title,
            "description": payload.description,
            "category_id": int(payload.category_id),
            "original_price": first.price,
            "weight": first.weight_g / 1000,
            "item_sku": idempotency_key,
            "image": {"image_id_list": list(payload.images)},
            "dimension": {
                "package_length": first.length_cm,
                "package_width": first.width_cm,
                "package_height": first.height_cm,
            },
            "seller_stock": [{"stock": first.stock}],
            "logistic_info": [{"logistic_id": 8003, "enabled": True}],
            "attribute_list": [
                {"attribute_id": key, "attribute_value_list": [{"original_value_name": value}]}
                for key, value in payload.attributes.items()
            ],
        }
        # No idempotency key on Shopee: our key is the item SKU, which finds an item an earlier attempt
        # made (its answer lost, or its worker killed before recording it).
        item = self._find(idempotency_key)
        if item is None:
            try:
                item = self._send("POST", "/api/v2/product/add_item", body=body, idempotent=False)
            except Unconfirmed:
                item = self._find(idempotency_key) or self._send(
                    "POST", "/api/v2/product/add_item", body=body, idempotent=False
                )
        item_id = str(item["item_id"])
        skus = {first.seller_sku: "0"}
        if len(payload.skus) > 1:
            skus = self._models(item_id) or self._add_variants(item_id, payload)
        return ListingResult(external_id=item_id, status=str(item.get("item_status", "NORMAL")), sku_ids=skus)

    def _find(self, item_sku: str) -> dict | None:
        found = self._send(
            "GET", "/api/v2/product/search_item", query={"item_sku": item_sku, "page_size": "1"}
        )
        ids = found.get("item_id_list", [])
        return {"item_id": ids[0], "item_status": "NORMAL"} if ids else None

    def _models(self, item_id: str) -> dict[str, str]:
        result = self._send("GET", "/api/v2/product/get_model_list", query={"item_id": item_id})
        return {str(m.get("model_sku")): str(m.get("model_id")) for m in result.get("model", [])}

    def _add_variants(self, item_id: str, payload: ListingPayload) -> dict[str, str]:
        """Shopee adds variants after the item: one tier "Varian" with an option per SKU."""
        body = {
            "item_id": int(item_id),
            "tier_variation": [
                {"name": "Varian", "option_list": [{"option": s.seller_sku} for s in payload.skus]}
            ],
            "model": [
                {
                    "tier_index": [index],
                    "original_price": sku.price,
                    "model_sku": sku.seller_sku,
                    "seller_stock": [{"stock": sku.stock}],
                }
                for index, sku in enumerate(payload.skus)
            ],
        }
        try:
            result = self._send("POST", "/api/v2/product/init_tier_variation", body=body, idempotent=False)
        except Unconfirmed:
            return self._models(item_id) or self._add_variants(item_id, payload)
        return {str(m.get("model_sku")): str(m.get("model_id")) for m in result.get("model", [])}

    def update_skus(self, external_id: str, updates: list[SkuUpdate]) -> list[SkuUpdateFailure]:
        by_model = {u.sku_id: u.seller_sku for u in updates}
        failures: list[SkuUpdateFailure] = []
        prices = [
            {"model_id": int(u.sku_id), "original_price": u.price} for u in updates if u.price is not None
        ]
        stocks = [
            {"model_id": int(u.sku_id), "seller_stock": [{"stock": u.stock}]}
            for u in updates
            if u.stock is not None
        ]
        for path, key, rows in (
            ("/api/v2/product/update_price", "price_list", prices),
            ("/api/v2/product/update_stock", "stock_list", stocks),
        ):
            if not rows:
                continue
            result = self._send("POST", path, body={"item_id": int(external_id), key: rows})
            failures += [
                SkuUpdateFailure(
                    seller_sku=by_model.get(str(f.get("model_id")), str(f.get("model_id"))),
                    reason=str(f.get("failed_reason", "")),
                )
                for f in result.get("failure_list", [])
            ]
        return failures

    def update_content(self, external_id: str, payload: ListingPayload) -> None:
        body = {
            "item_id": int(external_id),
            "item_name": payload.title,
            "description": payload.description,
            "image": {"image_id_list": list(payload.images)},
        }
        self._send("POST", "/api/v2/product/update_item", body=body)

    def delist(self, external_id: str) -> None:
        result = self._send(
            "POST",
            "/api/v2/product/unlist_item",
            body={"item_list": [{"item_id": int(external_id), "unlist": True}]},
        )
        if result.get("failure_list"):
            reason = str(result["failure_list"][0].get("failed_reason", ""))
            raise Rejected(reason or _("Shopee menolak menurunkan produk."), code="unlist_failed")

    def list_orders(self, *, updated_since: datetime, cursor: str = "") -> OrderPage:
        query = {
            "time_range_field": "update_time",
            "time_from": str(int(updated_since.timestamp())),
            "time_to": str(int(self.clock())),
            "page_size": str(ORDER_PAGE_SIZE),
            "cursor": cursor,
        }
        page = self._send("GET", "/api/v2/order/get_order_list", query=query)
        numbers = [str(order["order_sn"]) for order in page.get("order_list", [])]
        if not numbers:
            return OrderPage(orders=(), next_cursor="")
        detail = self._send(
            "GET",
            "/api/v2/order/get_order_detail",
            query={
                "order_sn_list": ",".join(numbers),
                "response_optional_fields": "item_list,recipient_address",
            },
        )
        orders = tuple(_order(order) for order in detail.get("order_list", []))
        more = bool(page.get("more"))
        return OrderPage(orders=orders, next_cursor=str(page.get("next_cursor", "")) if more else "")


def _order(order: dict) -> ChannelOrder:
    address = order.get("recipient_address") or {}
    lines = tuple(
        OrderLinePayload(
            seller_sku=str(item.get("model_sku") or item.get("item_sku") or ""),
            quantity=int(item.get("model_quantity_purchased", 1)),
            unit_price=int(float(item.get("model_discounted_price", 0))),
            line_id=str(item.get("model_id", "")),
        )
        for item in order.get("item_list", [])
    )
    return ChannelOrder(
        order_id=str(order["order_sn"]),
        created_at=datetime.fromtimestamp(int(order.get("create_time", 0)), tz=UTC),
        status=str(order.get("order_status", "")),
        buyer_city=str(address.get("city", "")),
        buyer_province=str(address.get("state", "")),
        buyer_country=str(address.get("region", "ID")),
        lines=lines,
    )
