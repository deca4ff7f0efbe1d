"""Partner pushes (moved from lapak/channels/tests/test_partner_api.py): a marketplace pushes orders and
listing states with its own key, for its own channel; a request is checked whole and nothing is written
when any item is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.api.services import partner_key_issue, partner_key_revoke
from lapak.channels.models import Channel, Listing, ListingState, SalesLine, SalesOrder
from lapak.registry.models import Business

from .conftest import call, connect

pytestmark = pytest.mark.django_db
ORDERS, LISTINGS = "/api/v1/mitra/pesanan/", "/api/v1/mitra/tayangan/"


def order(number: str, **fields: Any) -> dict[str, Any]:
    return {
        "shop_id": "7788",
        "order_id": number,
        "created_at": "2026-11-20T10:15:00+07:00",
        "status": "DIKIRIM",
        "buyer_city": "Kota Medan",
        "buyer_province": "Sumatera Utara",
        "buyer_country": "ID",
        "lines": [{"seller_sku": "KTS-250", "quantity": 3, "unit_price": 15000}],
        **fields,
    }


def test_it_records_pushed_orders_once(make_product: Any, sampang_business: Business, tokens: dict) -> None:
    make_product(sampang_business)
    connect(sampang_business, "tiktok")
    body = {
        "orders": [
            order("T-1"),
            order("T-2", lines=[{"seller_sku": "KTS-500", "quantity": 1, "unit_price": 28000}]),
        ]
    }
    first = call("post", ORDERS, tokens["partner_a"], body)
    assert first.status_code == 200, first.content
    assert first.json()["accepted"] == 2 and first.headers["X-Request-Id"] == first.json()["request_id"]
    again = call("post", ORDERS, tokens["partner_a"], body)
    assert again.json() == {"accepted": 0, "duplicates": 2, "request_id": again.json()["request_id"]}
    assert sorted(SalesOrder.objects.values_list("external_id", "total_amount", "buyer_country")) == [
        ("T-1", 45000, "ID"),
        ("T-2", 28000, "ID"),
    ]
    assert sorted(SalesLine.objects.values_list("seller_sku", "sku__code", "amount")) == [
        ("KTS-250", "KTS-250", 45000),
        ("KTS-500", "KTS-500", 28000),
    ]


def test_one_bad_order_writes_nothing_and_says_where(sampang_business: Business, tokens: dict) -> None:
    connect(sampang_business, "tiktok")
    body = {
        "orders": [
            order("T-1"),
            order("T-2", created_at="kemarin", lines=[{"quantity": -1, "unit_price": 5}]),
            order("T-3", shop_id="9999"),  # a shop not connected on this channel: found in the same answer
        ]
    }
    response = call("post", ORDERS, tokens["partner_a"], body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {(p["index"], p["field"]) for p in error["details"]} == {
        (1, "created_at"),
        (1, "lines[0].quantity"),
        (2, "shop_id"),
    }
    assert {p["message"] for p in error["details"] if p["field"] == "lines[0].quantity"} == {
        "Paling kecil 1."
    }
    assert not SalesOrder.objects.exists()


def test_an_order_without_lines_or_number_is_refused(sampang_business: Business, tokens: dict) -> None:
    connect(sampang_business, "tiktok")
    response = call("post", ORDERS, tokens["partner_a"], {"orders": [order("  ", lines=[])]})
    assert response.status_code == 400
    assert {(p["index"], p["field"]) for p in response.json()["error"]["details"]} == {
        (0, "order_id"),
        (0, "lines"),
    }


def test_a_key_reaches_only_its_own_channel(sampang_business: Business, tokens: dict) -> None:
    connect(sampang_business, "tiktok")  # the shop exists on TikTok, not on Shopee
    response = call("post", ORDERS, tokens["partner_b"], {"orders": [order("S-1")]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "refused"
    assert error["details"] == [
        {"index": 0, "field": "shop_id", "message": "Toko ini tidak tersambung ke Lapak di kanal Anda."}
    ]
    assert not SalesOrder.objects.exists()


def test_it_refuses_a_missing_unknown_or_revoked_key(users: dict, tokens: dict) -> None:
    assert call("post", ORDERS, "lpk_wrong_key_123456789", {"orders": [order("X")]}).status_code == 401
    response = call("post", ORDERS, None, {})
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    key, secret = partner_key_issue(
        actor=users["admin"],
        channel=Channel.objects.get(code="tiktok"),
        name="Lama",
        scopes=["pesanan:tulis"],
    )
    partner_key_revoke(actor=users["admin"], key=key)
    assert call("post", ORDERS, secret, {"orders": [order("X")]}).status_code == 401


def test_a_staff_token_may_not_push(tokens: dict) -> None:
    response = call("post", ORDERS, tokens["admin"], {"orders": [order("X")]})
    assert response.status_code == 403 and response.json()["error"]["code"] == "wrong_token_kind"


def test_a_key_without_the_scope_may_not_push(users: dict) -> None:
    channel = Channel.objects.get(code="tiktok")
    secret = partner_key_issue(actor=users["admin"], channel=channel, name="Baca", scopes=["pesanan:baca"])[1]
    response = call("post", ORDERS, secret, {"orders": [order("X")]})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Token ini tidak memiliki cakupan “pesanan:tulis”."


def test_it_answers_bad_json_with_400(tokens: dict) -> None:
    from django.test import Client

    response = Client().post(
        ORDERS,
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['partner_a']}",
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_json", "message": "Isi permintaan bukan JSON yang sah.", "details": [],
    }  # fmt: skip


def test_it_takes_listing_status_from_the_partner(
    make_product: Any, sampang_business: Business, tokens: dict
) -> None:
    product = make_product(sampang_business)
    listing = Listing.objects.create(
        product=product,
        channel=Channel.objects.get(code="tiktok"),
        state=ListingState.SUBMITTED,
        external_id="1729",
    )
    response = call(
        "post", LISTINGS, tokens["partner_a"],
        {"listings": [{"external_id": "1729", "status": "rejected", "reason": "Foto buram"}]},
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["updated"] == 1
    listing.refresh_from_db()
    assert (listing.state, listing.error_code, listing.error_text) == (
        ListingState.REJECTED,
        "partner",
        "Foto buram",
    )


def test_a_bad_listing_push_changes_nothing(
    make_product: Any, sampang_business: Business, tokens: dict
) -> None:
    product = make_product(sampang_business)
    tiktok = Channel.objects.get(code="tiktok")
    Listing.objects.create(product=product, channel=tiktok, state=ListingState.SUBMITTED, external_id="1729")
    other = make_product(sampang_business, name="Kerupuk", code="KRP")
    Listing.objects.create(product=other, channel=tiktok, state=ListingState.DRAFT, external_id="1730")
    body = {
        "listings": [
            {"external_id": "1729", "status": "live"},
            {"external_id": "9", "status": "live"},
            {"external_id": "1730", "status": "live"},  # draft → live skips the state machine
            {"external_id": "1729", "status": "hilang"},
        ]
    }
    response = call("post", LISTINGS, tokens["partner_a"], body)
    assert response.status_code == 400
    assert {(p["index"], p["field"]) for p in response.json()["error"]["details"]} == {
        (3, "status"),  # the schema's answer comes first ...
        (1, "external_id"),  # ... together with what only the database knows
        (2, "status"),
    }
    assert sorted(Listing.objects.values_list("external_id", "state")) == [
        ("1729", ListingState.SUBMITTED),
        ("1730", ListingState.DRAFT),
    ]


def test_a_partner_cannot_move_another_channels_listing(
    make_product: Any, sampang_business: Business, tokens: dict
) -> None:
    product = make_product(sampang_business)
    Listing.objects.create(
        product=product,
        channel=Channel.objects.get(code="tiktok"),
        state=ListingState.SUBMITTED,
        external_id="1729",
    )
    response = call(
        "post", LISTINGS, tokens["partner_b"], {"listings": [{"external_id": "1729", "status": "live"}]}
    )
    assert response.status_code == 400
    assert Listing.objects.get().state == ListingState.SUBMITTED
