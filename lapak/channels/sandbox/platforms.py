"""The three API marketplaces as sandboxes: their signature checks, success shapes and error codes."""

import itertools
import json
import time
from datetime import datetime

from lapak.channels.signing import lazada_sign, shopee_sign, signatures_match, tiktok_sign

from .server import Platform, SandboxAnswer, SandboxRequest

_ids = itertools.count(1_000_001)


def _new_id() -> str:
    return str(next(_ids))


class TiktokPlatform(Platform):
    """TikTok Shop Partner API 202309: ``code`` 0 on success; 105002 expired token; 106001 bad sign."""

    clock_skew_before_s = 300
    clock_skew_after_s = 30

    def __init__(self, **keys: str) -> None:
        super().__init__(**keys)
        self.idempotency: dict[str, str] = {}

    def error(self, kind: str, message: str) -> SandboxAnswer:
        code = {"expired_token": 105002, "signature": 106001, "credentials": 36009004}.get(kind, 12052048)
        return SandboxAnswer(200, {"code": code, "message": message, "request_id": _new_id(), "data": {}})

    def verify(self, request: SandboxRequest) -> SandboxAnswer | None:
        query = request.query
        if query.get("app_key") != self.app_key or "sign" not in query:
            return self.error("credentials", "Missing or invalid credentials.")
        drift = time.time() - int(query.get("timestamp", "0") or 0)
        if drift > self.clock_skew_before_s or drift < -self.clock_skew_after_s:
            return self.error("credentials", "Invalid timestamp.")
        multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
        expected = tiktok_sign(
            secret=self.app_secret,
            path=request.path,
            params=query,
            body=request.body.decode(),
            multipart=multipart,
        )
        if not signatures_match(expected, query["sign"]):
            return self.error("signature", "Invalid credentials. The sign query parameter is invalid.")
        if request.headers.get("x-tts-access-token") != self.access_token:
            return self.error("expired_token", "Expired credentials.")
        return None

    def token(self, request: SandboxRequest) -> SandboxAnswer | None:
        if request.path not in ("/api/v2/token/get", "/api/v2/token/refresh"):
            return None
        query = request.query
        if query.get("app_key") != self.app_key or query.get("app_secret") != self.app_secret:
            return self.error("credentials", "Invalid app_key or app_secret.")
        tokens = self.grant(code=query.get("auth_code", ""), refresh_token=query.get("refresh_token", ""))
        if tokens is None:
            return self.error("expired_token", "The auth_code or refresh_token is invalid or expired.")
        now = int(time.time())
        return self._ok(
            {
                "access_token": tokens[0],
                "access_token_expire_in": now + 7 * 86400,
                "refresh_token": tokens[1],
                "refresh_token_expire_in": now + 30 * 86400,
                "open_id": "7788",
                "seller_name": "Toko Sandbox TikTok",
            }
        )

    def route(self, request: SandboxRequest) -> SandboxAnswer:
        path = request.path
        if path == "/product/202309/products":
            return self._ok(self._create(request.json()))
        if path.startswith("/product/202309/products/") and path.endswith(
            ("/prices/update", "/inventory/update")
        ):
            return self._ok(self._update(path.split("/")[4], request.json(), path.endswith("/prices/update")))
        if path.startswith("/product/202309/products/") and path.endswith("/partial_edit"):
            with self.lock:
                self.products[path.split("/")[4]].update(request.json())
            return self._ok({})
        if path == "/product/202309/products/deactivate":
            with self.lock:
                for product_id in request.json().get("product_ids", []):
                    self.products[str(product_id)]["status"] = "DEACTIVATED"
            return self._ok({})
        if path == "/order/202309/orders/search":
            return self._ok(self._orders(request.query, request.json()))
        return self.error("unknown", f"Unknown path {path}")

    def _ok(self, data: dict) -> SandboxAnswer:
        return SandboxAnswer(200, {"code": 0, "message": "Success", "request_id": _new_id(), "data": data})

    def _create(self, body: dict) -> dict:
        with self.lock:
            key = body.get("idempotency_key") or ""
            if key and key in self.idempotency:
                product_id = self.idempotency[key]
            else:
                product_id = _new_id()
                skus = [{"id": _new_id(), **sku} for sku in body.get("skus", [])]
                self.products[product_id] = {**body, "skus": skus, "status": "PENDING"}
                if key:
                    self.idempotency[key] = product_id
            product = self.products[product_id]
        skus = [{"id": sku["id"], "seller_sku": sku["seller_sku"]} for sku in product["skus"]]
        return {"product_id": product_id, "skus": skus, "warnings": []}

    def _update(self, product_id: str, body: dict, is_price: bool) -> dict:
        with self.lock:
            product = self.products[product_id]
            by_id = {sku["id"]: sku for sku in product["skus"]}
            for row in body.get("skus", []):
                sku = by_id[row["id"]]
                if is_price:
                    sku["price"] = row["price"]
                else:
                    sku["inventory"] = row["inventory"]
        return {}

    def _orders(self, query: dict[str, str], body: dict) -> dict:
        size = int(query.get("page_size", 50))
        start = int(query.get("page_token") or 0)
        since = int(body.get("update_time_ge", 0))
        with self.lock:
            matching = [order for order in self.orders if order["update_time"] >= since]
        page = matching[start : start + size]
        more = start + size < len(matching)
        return {
            "orders": page,
            "next_page_token": str(start + size) if more else "",
            "total_count": len(matching),
        }


class LazadaPlatform(Platform):
    """Lazada Open Platform: HTTP 200 always, ``code`` "0" or an error code string."""

    def error(self, kind: str, message: str) -> SandboxAnswer:
        code = {
            "expired_token": "IllegalAccessToken",
            "signature": "IncompleteSignature",
            "throttle": "ApiCallLimit",
            "duplicate": "SELLER_SKU_DUPLICATE",
        }.get(kind, "InvalidParameter")
        return SandboxAnswer(200, {"code": code, "type": "ISV", "message": message, "request_id": _new_id()})

    def verify(self, request: SandboxRequest) -> SandboxAnswer | None:
        params = {**request.query, **(request.form() if request.method == "POST" else {})}
        if params.get("app_key") != self.app_key or "sign" not in params:
            return self.error("signature", "Missing app_key or sign")
        if abs(time.time() - int(params.get("timestamp", "0") or 0) / 1000) > 7200:
            return self.error("timestamp", "Invalid timestamp")
        expected = lazada_sign(secret=self.app_secret, api_path=request.path, params=params)
        if not signatures_match(expected, params["sign"]):
            return self.error("signature", "The request signature does not conform to platform standards")
        if params.get("access_token") != self.access_token:
            return self.error("expired_token", "Invalid access token")
        return None

    def _ok(self, data: object) -> SandboxAnswer:
        return SandboxAnswer(200, {"code": "0", "request_id": _new_id(), "data": data})

    def token(self, request: SandboxRequest) -> SandboxAnswer | None:
        if request.path not in ("/auth/token/create", "/auth/token/refresh"):
            return None
        params = {**request.query, **request.form()}
        expected = lazada_sign(secret=self.app_secret, api_path=request.path, params=params)
        if params.get("app_key") != self.app_key or not signatures_match(expected, params.get("sign", "")):
            return self.error("signature", "The request signature does not conform to platform standards")
        tokens = self.grant(code=params.get("code", ""), refresh_token=params.get("refresh_token", ""))
        if tokens is None:
            return self.error("invalid_code", "Invalid authorization code or refresh token expired")
        return SandboxAnswer(
            200,
            {
                "code": "0",
                "access_token": tokens[0],
                "refresh_token": tokens[1],
                "expires_in": 604800,
                "refresh_expires_in": 2592000,
                "account": "tokosandbox@lazada",
                "request_id": _new_id(),
                "country_user_info": [{"country": "id", "seller_id": "7788"}],
            },
        )

    def route(self, request: SandboxRequest) -> SandboxAnswer:
        params = {**request.query, **(request.form() if request.method == "POST" else {})}
        if request.path == "/product/create":
            return self._create(json.loads(params["payload"])["Request"]["Product"])
        if request.path == "/product/price_quantity/update":
            return self._update(json.loads(params["payload"])["Request"]["Product"]["Skus"]["Sku"])
        if request.path == "/product/update":
            product = json.loads(params["payload"])["Request"]["Product"]
            with self.lock:
                item = self.products[str(product["ItemId"])]
                item["Attributes"].update(product.get("Attributes", {}))
                item["Images"] = product.get("Images", item.get("Images"))
            return self._ok({})
        if request.path == "/product/deactivate":
            product = json.loads(params["apiRequestBody"])["Request"]["Product"]
            with self.lock:
                self.products[str(product["ItemId"])]["status"] = "inactive"
            return self._ok({})
        if request.path == "/orders/get":
            return self._orders(params)
        if request.path == "/products/get":
            return self._ok({"products": self._find(set(json.loads(params["sku_seller_list"])))})
        if request.path == "/orders/items/get":
            wanted = {str(i) for i in json.loads(params["order_ids"])}
            with self.lock:
                found = [o for o in self.orders if str(o["order_id"]) in wanted]
            return self._ok([{"order_id": o["order_id"], "order_items": o["items"]} for o in found])
        return self.error("unknown", f"Unknown API {request.path}")

    def _find(self, seller_skus: set[str]) -> list[dict]:
        with self.lock:
            return [
                {"item_id": int(item_id), "status": "Pending QC", "skus": item["Skus"]["Sku"]}
                for item_id, item in self.products.items()
                if seller_skus & {sku["SellerSku"] for sku in item["Skus"]["Sku"]}
            ]

    def _create(self, product: dict) -> SandboxAnswer:
        skus = product["Skus"]["Sku"]
        with self.lock:
            taken = {sku["SellerSku"] for item in self.products.values() for sku in item["Skus"]["Sku"]}
            if any(sku["SellerSku"] in taken for sku in skus):
                return self.error("duplicate", "SellerSku already exists")
            item_id = _new_id()
            for sku in skus:
                sku["SkuId"] = _new_id()
            self.products[item_id] = product
        sku_list = [
            {"seller_sku": s["SellerSku"], "sku_id": s["SkuId"], "shop_sku": f"{item_id}-{s['SkuId']}"}
            for s in skus
        ]
        return self._ok({"item_id": int(item_id), "sku_list": sku_list, "item_status": "Pending QC"})

    def _update(self, rows: list[dict]) -> SandboxAnswer:
        failed = []
        with self.lock:
            for index, row in enumerate(rows):
                if self.partial_next and index % 2 == 1:
                    failed.append({"seller_sku": row["SellerSku"], "message": "Sku is being reviewed"})
                    continue
                for sku in self.products[str(row["ItemId"])]["Skus"]["Sku"]:
                    if sku["SkuId"] == row["SkuId"]:
                        sku.update({k.lower(): v for k, v in row.items() if k in ("Price", "Quantity")})
            self.partial_next = False
        return self._ok({"failed": failed} if failed else {})

    def _orders(self, params: dict[str, str]) -> SandboxAnswer:
        since = datetime.fromisoformat(params["update_after"])
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
        with self.lock:
            matching = [o for o in self.orders if datetime.fromisoformat(o["updated_at"]) >= since]
        headers = [{k: v for k, v in o.items() if k != "items"} for o in matching[offset : offset + limit]]
        return self._ok({"count": len(matching), "orders": headers})


class ShopeePlatform(Platform):
    """Shopee Open Platform v2: ``error`` "" on success, else an error name; partial batch results."""

    def error(self, kind: str, message: str) -> SandboxAnswer:
        name = {
            "expired_token": "invalid_access_token",
            "signature": "error_sign",
            "throttle": "error_too_many_request",
        }.get(kind, "error_param")
        status = 403 if kind in ("expired_token", "signature") else 400
        return SandboxAnswer(status, {"error": name, "message": message, "request_id": _new_id()})

    def verify(self, request: SandboxRequest) -> SandboxAnswer | None:
        query = request.query
        if query.get("partner_id") != self.app_key or "sign" not in query:
            return self.error("signature", "Wrong partner id or sign")
        if abs(time.time() - int(query.get("timestamp", "0") or 0)) > 300:
            return self.error("timestamp", "Timestamp is expired")
        expected = shopee_sign(
            partner_key=self.app_secret,
            partner_id=query["partner_id"],
            api_path=request.path,
            timestamp=query["timestamp"],
            access_token=query.get("access_token", ""),
            shop_id=query.get("shop_id", ""),
        )
        if not signatures_match(expected, query["sign"]):
            return self.error("signature", "Wrong sign.")
        if query.get("access_token") != self.access_token:
            return self.error("expired_token", "Invalid access_token.")
        return None

    def _ok(self, response: dict) -> SandboxAnswer:
        return SandboxAnswer(200, {"error": "", "message": "", "request_id": _new_id(), "response": response})

    def token(self, request: SandboxRequest) -> SandboxAnswer | None:
        if request.path not in ("/api/v2/auth/token/get", "/api/v2/auth/access_token/get"):
            return None
        query = request.query
        expected = shopee_sign(
            partner_key=self.app_secret,
            partner_id=query.get("partner_id", ""),
            api_path=request.path,
            timestamp=query.get("timestamp", ""),
        )
        if query.get("partner_id") != self.app_key or not signatures_match(expected, query.get("sign", "")):
            return self.error("signature", "Wrong sign.")
        body = request.json()
        tokens = self.grant(code=body.get("code", ""), refresh_token=body.get("refresh_token", ""))
        if tokens is None:
            return self.error("expired_token", "Invalid code or refresh_token expired.")
        return SandboxAnswer(
            200,
            {
                "error": "",
                "message": "",
                "request_id": _new_id(),
                "access_token": tokens[0],
                "refresh_token": tokens[1],
                "expire_in": 14400,
                "shop_id": int(body["shop_id"]),
            },
        )

    def route(self, request: SandboxRequest) -> SandboxAnswer:
        path = request.path
        if path == "/api/v2/product/add_item":
            body = request.json()
            with self.lock:
                item_id = _new_id()
                self.products[item_id] = {**body, "models": {}}
            return self._ok({"item_id": int(item_id), "item_status": "NORMAL"})
        if path == "/api/v2/product/update_item":
            body = request.json()
            with self.lock:
                self.products[str(body["item_id"])].update({k: v for k, v in body.items() if k != "item_id"})
            return self._ok({"item_id": body["item_id"]})
        if path == "/api/v2/product/unlist_item":
            with self.lock:
                for row in request.json()["item_list"]:
                    self.products[str(row["item_id"])]["item_status"] = (
                        "UNLIST" if row["unlist"] else "NORMAL"
                    )
            return self._ok({"success_list": request.json()["item_list"], "failure_list": []})
        if path == "/api/v2/product/search_item":
            return self._ok(self._search(request.query["item_sku"]))
        if path == "/api/v2/product/get_model_list":
            with self.lock:
                models = self.products[request.query["item_id"]]["models"]
                listed = [
                    {"model_id": int(i), "model_sku": m.get("model_sku", "")} for i, m in models.items()
                ]
            return self._ok({"model": listed})
        if path == "/api/v2/product/init_tier_variation":
            return self._ok(self._variants(request.json()))
        if path in ("/api/v2/product/update_price", "/api/v2/product/update_stock"):
            return self._ok(self._update(request.json(), "price_list" if "price" in path else "stock_list"))
        if path == "/api/v2/order/get_order_list":
            return self._ok(self._order_list(request.query))
        if path == "/api/v2/order/get_order_detail":
            wanted = set(request.query["order_sn_list"].split(","))
            with self.lock:
                found = [o for o in self.orders if o["order_sn"] in wanted]
            return self._ok({"order_list": found})
        return self.error("unknown", f"Unknown path {path}")

    def _search(self, item_sku: str) -> dict:
        with self.lock:
            ids = [int(i) for i, item in self.products.items() if item.get("item_sku") == item_sku]
        return {"item_id_list": ids[:1], "total_count": len(ids)}

    def _variants(self, body: dict) -> dict:
        with self.lock:
            item = self.products[str(body["item_id"])]
            models = []
            for model in body["model"]:
                model_id = _new_id()
                item["models"][model_id] = model
                models.append({"model_id": int(model_id), "model_sku": model["model_sku"]})
        return {"model": models}

    def _update(self, body: dict, key: str) -> dict:
        success, failure = [], []
        with self.lock:
            item = self.products[str(body["item_id"])]
            for index, row in enumerate(body[key]):
                model_id = str(row["model_id"])
                if self.partial_next and index % 2 == 1:
                    failure.append({"model_id": row["model_id"], "failed_reason": "Model is under review."})
                    continue
                item["models"].setdefault(model_id, {}).update(
                    {k: v for k, v in row.items() if k != "model_id"}
                )
                success.append({"model_id": row["model_id"]})
            self.partial_next = False
        return {"success_list": success, "failure_list": failure}

    def _order_list(self, query: dict[str, str]) -> dict:
        since, size = int(query["time_from"]), int(query.get("page_size", 50))
        start = int(query.get("cursor") or 0)
        with self.lock:
            matching = [o for o in self.orders if o["update_time"] >= since]
        page = matching[start : start + size]
        more = start + size < len(matching)
        return {
            "order_list": [{"order_sn": o["order_sn"]} for o in page],
            "more": more,
            "next_cursor": str(start + size) if more else "",
        }
