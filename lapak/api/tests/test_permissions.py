"""Every API operation for every kind of caller: no token, partner A (TikTok) and B (Shopee), staff of
Sampang and of Surabaya, the province admin and the pimpinan. The expected status and, for a 200, which
records the answer holds are written out here, not derived from the code.

Out of scope is 404, never 403 (a record of another kab/kota "does not exist" for an operator);
a token of the wrong kind or without the scope is 403; no token where one is needed is 401.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lapak.conftest import PASSWORD

from .conftest import call

pytestmark = pytest.mark.django_db

CALLERS = ("public", "partner_a", "partner_b", "operator", "other_operator", "admin", "pimpinan")
BOTH = {"sampang", "surabaya"}
PUBLIC_ALL = {caller: (200, BOTH) for caller in CALLERS}
OPEN_DATA = {caller: (200, None) for caller in CALLERS}  # figures only: tested in test_opendata.py
NO_PARTNERS = {"public": (401, None), "partner_a": (403, None), "partner_b": (403, None)}
STAFF_LIST = NO_PARTNERS | {
    "operator": (200, {"sampang"}),
    "other_operator": (200, {"surabaya"}),
    "admin": (200, BOTH),
    "pimpinan": (200, BOTH),
}
STAFF_SAMPANG_RECORD = NO_PARTNERS | {
    "operator": (200, {"sampang"}),
    "other_operator": (404, None),
    "admin": (200, {"sampang"}),
    "pimpinan": (200, {"sampang"}),
}
PARTNER_ONLY = {
    "public": (401, None),
    "partner_a": (200, {"sampang"}),
    "partner_b": (200, {"surabaya"}),
    **{role: (403, None) for role in ("operator", "other_operator", "admin", "pimpinan")},
}
PUSH = {
    "public": (401, None),
    "partner_a": (200, None),
    "partner_b": (400, None),  # the TikTok shop and listing are not on Shopee: refused, nothing written
    **{role: (403, None) for role in ("operator", "other_operator", "admin", "pimpinan")},
}

# operation: (method, path with {sampang} placeholders, body, which ids a 200 lists, expected per caller)
OPERATIONS: dict[str, tuple[str, str, Any, str, dict[str, tuple[int, set[str] | None]]]] = {
    "public_products_list": ("get", "/api/v1/katalog/produk/", None, "id", PUBLIC_ALL),
    "public_product_detail": (
        "get", "/api/v1/katalog/produk/{product}/", None, "id",
        {caller: (200, {"sampang"}) for caller in CALLERS},
    ),
    "public_businesses_list": ("get", "/api/v1/katalog/usaha/", None, "business", PUBLIC_ALL),
    "public_business_detail": (
        "get", "/api/v1/katalog/usaha/{business}/", None, "business",
        {caller: (200, {"sampang"}) for caller in CALLERS},
    ),
    "open_business_counts": ("get", "/api/v1/data-terbuka/usaha/", None, "", OPEN_DATA),
    "open_sales_totals": ("get", "/api/v1/data-terbuka/penjualan/", None, "", OPEN_DATA),
    "catalogue_changes": ("get", "/api/v1/mitra/katalog/perubahan/", None, "product_id", PARTNER_ONLY),
    "listings_list": ("get", "/api/v1/mitra/tayangan/", None, "product_id", PARTNER_ONLY),
    "orders_list": ("get", "/api/v1/mitra/pesanan/", None, "order_id", PARTNER_ONLY),
    "orders_push": (
        "post", "/api/v1/mitra/pesanan/",
        {"orders": [{"shop_id": "7788", "order_id": "T-9", "created_at": "2026-11-20T10:15:00+07:00",
                     "lines": [{"seller_sku": "SAM-250", "quantity": 1, "unit_price": 15000}]}]},
        "", PUSH,
    ),
    "listings_push": (
        "post", "/api/v1/mitra/tayangan/", {"listings": [{"external_id": "EXT-sampang", "status": "live"}]},
        "", PUSH,
    ),
    "businesses_list": ("get", "/api/v1/usaha/", None, "business", STAFF_LIST),
    "business_detail": ("get", "/api/v1/usaha/{business}/", None, "business", STAFF_SAMPANG_RECORD),
    "products_list": ("get", "/api/v1/produk/", None, "id", STAFF_LIST),
    "product_detail": ("get", "/api/v1/produk/{product}/", None, "id", STAFF_SAMPANG_RECORD),
    "curation_list": ("get", "/api/v1/kurasi/", None, "product_id", STAFF_LIST),
}  # fmt: skip


def _ids(world: dict[str, Any], kind: str, names: set[str]) -> set[Any]:
    if kind == "order_id":
        return {f"ORD-{name}" for name in names}
    if kind == "business":
        return {world[name]["business"].pk for name in names}
    return {world[name]["product"].pk for name in names}


def _found(body: dict[str, Any], kind: str) -> set[Any]:
    rows = body["items"] if "items" in body else [body["data"]]
    key = "id" if kind == "business" else kind
    return {row[key] for row in rows}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_caller_gets_what_its_token_allows(
    operation: str, world: dict[str, Any], tokens: dict[str, str]
) -> None:
    method, template, body, kind, expected = OPERATIONS[operation]
    sampang = world["sampang"]
    path = template.format(product=sampang["product"].pk, business=sampang["business"].pk)
    for caller in CALLERS:
        response = call(method, path, tokens.get(caller), body)
        status, names = expected[caller]
        assert response.status_code == status, (
            f"{operation} as {caller}: {response.status_code} {response.content[:300]}"
        )
        data = response.json()
        assert data["request_id"] == response["X-Request-Id"]
        if status != 200:
            assert set(data["error"]) == {"code", "message", "details"}
        elif names is not None:
            assert _found(data, kind) == _ids(world, kind, names), f"{operation} as {caller}"
        assert "3527014507850001" not in response.content.decode(), "the plain NIK must never leave"


def test_an_operator_gets_404_for_the_other_regions_records(
    world: dict[str, Any], tokens: dict[str, str]
) -> None:
    surabaya = world["surabaya"]
    for path in (f"/api/v1/usaha/{surabaya['business'].pk}/", f"/api/v1/produk/{surabaya['product'].pk}/"):
        assert call("get", path, tokens["operator"]).status_code == 404
        assert call("get", path, tokens["other_operator"]).status_code == 200
    assert call("get", "/api/v1/usaha/999999/", tokens["admin"]).json()["error"]["code"] == "not_found"


def test_personal_data_follows_the_users_role(world: dict[str, Any], tokens: dict[str, str]) -> None:
    path = f"/api/v1/usaha/{world['sampang']['business'].pk}/"
    personal = call("get", path, tokens["operator"]).json()["data"]["personal"]
    assert personal["owner_name"] == "Siti Aminah"
    assert personal["owner_nik_masked"] == "3527********0001"
    assert call("get", path, tokens["pimpinan"]).json()["data"]["personal"] is None


def test_one_business_with_personal_data_is_a_logged_read(
    world: dict[str, Any], tokens: dict[str, str], users: dict
) -> None:
    from lapak.core.models import AccessLog

    business = world["sampang"]["business"]
    call("get", f"/api/v1/usaha/{business.pk}/", tokens["pimpinan"])  # no personal data: nothing logged
    assert not AccessLog.objects.exists()
    call("get", f"/api/v1/usaha/{business.pk}/", tokens["operator"])
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_repr) == (users["operator"], "unmask", f"business:{business.pk}")
    assert log.reason.startswith("API: token")


def test_a_listing_with_personal_data_is_logged(
    world: dict[str, Any], tokens: dict[str, str], users: dict
) -> None:
    from lapak.core.models import AccessLog

    call("get", "/api/v1/usaha/", tokens["operator"])
    call("get", "/api/v1/usaha/", tokens["pimpinan"])  # no personal data: nothing to log
    assert list(AccessLog.objects.values_list("user__username", "object_repr", "detail__rows")) == [
        ("operator", "api:business_list", 1)
    ]


def test_a_session_is_not_a_token(world: dict[str, Any], users: dict) -> None:
    client = Client()
    assert client.login(username="admin", password=PASSWORD)
    response = client.get("/api/v1/usaha/")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_a_token_without_the_scope_is_403(world: dict[str, Any], users: dict) -> None:
    from lapak.api.services import api_token_create

    secret = api_token_create(user=users["operator"], name="Produk saja", scopes=["produk:baca"])[1]
    assert call("get", "/api/v1/produk/", secret).status_code == 200
    response = call("get", "/api/v1/usaha/", secret)
    assert response.status_code == 403 and response.json()["error"]["code"] == "missing_scope"


def test_expired_revoked_and_ownerless_tokens_are_401(world: dict[str, Any], users: dict) -> None:
    from lapak.api.models import ApiToken
    from lapak.api.services import api_token_create, api_token_revoke

    token, secret = api_token_create(user=users["operator"], name="A", scopes=["usaha:baca"])
    assert call("get", "/api/v1/usaha/", secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert call("get", "/api/v1/usaha/", secret).status_code == 401
    token, secret = api_token_create(user=users["operator"], name="B", scopes=["usaha:baca"])
    api_token_revoke(actor=users["operator"], token=token)
    assert call("get", "/api/v1/usaha/", secret).status_code == 401
    token, secret = api_token_create(user=users["operator"], name="C", scopes=["usaha:baca"])
    users["operator"].is_active = False
    users["operator"].save()
    assert call("get", "/api/v1/usaha/", secret).status_code == 401


def test_a_curator_token_sees_only_assigned_kurasi(world: dict[str, Any], users: dict) -> None:
    from lapak.api.services import api_token_create

    secret = api_token_create(user=users["kurator"], name="K", scopes=["kurasi:baca"])[1]
    assert call("get", "/api/v1/kurasi/", secret).json()["items"] == []  # assigned to nothing yet
