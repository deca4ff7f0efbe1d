"""The partner API: a marketplace pushes orders and listing status with its own key, for its own channel."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, ListingState, SalesOrder, ShopConnection
from lapak.channels.services import partner_key_create
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db

Connect = Callable[[Business, str], ShopConnection]


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


def post(path: str, key: str, body: object) -> Any:
    return Client().post(
        path, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


@pytest.fixture
def tiktok_key() -> str:
    return partner_key_create(channel=Channel.objects.get(code="tiktok"), name="TikTok Shop ID")[1]


def test_it_records_pushed_orders_once(curated: Product, connect: Connect, tiktok_key: str) -> None:
    connect(curated.business, "tiktok")
    body = {
        "orders": [
            order("T-1"),
            order("T-2", lines=[{"seller_sku": "KTS-500", "quantity": 1, "unit_price": 28000}]),
        ]
    }
    first = post("/api/v1/mitra/pesanan/", tiktok_key, body)
    assert first.status_code == 200, first.content
    assert first.json()["accepted"] == 2 and first.headers["X-Request-Id"]
    again = post("/api/v1/mitra/pesanan/", tiktok_key, body)
    assert again.json() == {"accepted": 0, "duplicates": 2, "request_id": again.json()["request_id"]}
    assert sorted(SalesOrder.objects.values_list("external_id", "total_amount")) == [
        ("T-1", 45000),
        ("T-2", 28000),
    ]


def test_one_bad_order_writes_nothing_and_says_where(
    curated: Product, connect: Connect, tiktok_key: str
) -> None:
    connect(curated.business, "tiktok")
    body = {
        "orders": [
            order("T-1"),
            order("T-2", created_at="kemarin", lines=[{"quantity": -1, "unit_price": 5}]),
        ]
    }
    response = post("/api/v1/mitra/pesanan/", tiktok_key, body)
    assert response.status_code == 400
    fields = {(p["index"], p["field"]) for p in response.json()["problems"]}
    assert fields == {(1, "created_at"), (1, "lines[0]"), (1, "lines")}
    assert not SalesOrder.objects.exists()


def test_a_key_reaches_only_its_own_channel(curated: Product, connect: Connect) -> None:
    connect(curated.business, "tiktok")  # the shop exists on TikTok, not on Shopee
    shopee_key = partner_key_create(channel=Channel.objects.get(code="shopee"), name="Shopee")[1]
    response = post("/api/v1/mitra/pesanan/", shopee_key, {"orders": [order("S-1")]})
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "shop_id"
    assert not SalesOrder.objects.exists()


def test_it_refuses_a_missing_or_unknown_key() -> None:
    assert (
        post("/api/v1/mitra/pesanan/", "lpk_wrong_key_123456789", {"orders": [order("X")]}).status_code == 401
    )
    response = Client().post("/api/v1/mitra/pesanan/", "{}", content_type="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_it_answers_bad_json_with_400(tiktok_key: str) -> None:
    response = Client().post(
        "/api/v1/mitra/pesanan/",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tiktok_key}",
    )
    assert response.status_code == 400 and "JSON" in response.json()["error"]


def test_it_takes_listing_status_from_the_partner(curated: Product, tiktok_key: str) -> None:
    listing = Listing.objects.create(
        product=curated,
        channel=Channel.objects.get(code="tiktok"),
        state=ListingState.SUBMITTED,
        external_id="1729",
    )
    response = post(
        "/api/v1/mitra/tayangan/",
        tiktok_key,
        {"listings": [{"external_id": "1729", "status": "rejected", "reason": "Foto buram"}]},
    )
    assert response.status_code == 200
    listing.refresh_from_db()
    assert (listing.state, listing.error_text) == (ListingState.REJECTED, "Foto buram")
    unknown = post(
        "/api/v1/mitra/tayangan/", tiktok_key, {"listings": [{"external_id": "9", "status": "live"}]}
    )
    assert unknown.status_code == 400
