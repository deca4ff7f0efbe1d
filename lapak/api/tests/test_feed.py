"""The partner's catalogue feed: a snapshot, then every change since, with tombstones for products that
left its channel (delisted, deleted, consent withdrawn)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lapak.api.models import CatalogChange
from lapak.catalog.models import Sku
from lapak.catalog.services import product_delete
from lapak.channels.models import Channel, Listing, ListingState
from lapak.channels.services import listing_transition
from lapak.privacy.models import Purpose
from lapak.privacy.services import consent_withdraw

from .conftest import call, consent

pytestmark = pytest.mark.django_db
FEED = "/api/v1/mitra/katalog/perubahan/"


@pytest.fixture
def listed(sampang_business: Any, make_product: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """``listed(name, state, channel)``: a product of the Sampang business with a listing, committed."""
    consent(sampang_business, Purpose.MARKETPLACE)

    def factory(name: str, state: str = ListingState.LIVE, code: str = "tiktok") -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            product = make_product(sampang_business, name=name, code=name[:3].upper())
            Listing.objects.create(
                product=product, channel=Channel.objects.get(code=code), state=state, external_id=f"x-{name}"
            )
        return product

    return factory


def read_all(secret: str, cursor: str | None = None, limit: int = 100, **params: Any) -> tuple[list, str]:
    """Every page from ``cursor`` until the feed says it is current; returns the items and the cursor."""
    items: list = []
    while True:
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        body = call("get", FEED, secret, query).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return items, cursor


def summary(items: list) -> list[tuple[str, str, Any]]:
    return [
        (item["action"], (item["product"] or {}).get("name", item["product_id"]), item["product"] and
         [sku["price"] for sku in item["product"]["skus"]])
        for item in items
    ]  # fmt: skip


def test_it_starts_with_a_snapshot_of_the_channel(listed: Any, tokens: dict) -> None:
    listed("Keripik")
    listed("Sambal", ListingState.READY)
    listed("Draf", ListingState.DRAFT)  # not (yet) for the channel
    listed("Batik", code="shopee")  # another partner's channel
    items, _cursor = read_all(tokens["partner_a"], limit=1)
    assert summary(items) == [
        ("upsert", "Keripik", [15000, 28000]),
        ("upsert", "Sambal", [15000, 28000]),
    ]
    assert (
        items[0]["product"]["listing_state"] == "live"
        and items[0]["product"]["kabkota"] == "Kabupaten Sampang"
    )
    assert summary(read_all(tokens["partner_b"])[0]) == [("upsert", "Batik", [15000, 28000])]


def test_changes_since_the_cursor_include_removals(
    listed: Any, tokens: dict, django_capture_on_commit_callbacks: Any
) -> None:
    keripik, sambal, kerupuk = listed("Keripik"), listed("Sambal"), listed("Kerupuk")
    snapshot, cursor = read_all(tokens["partner_a"])
    assert len(snapshot) == 3
    with django_capture_on_commit_callbacks(execute=True):
        listing_transition(Listing.objects.get(product=keripik), ListingState.DELISTED)
    with django_capture_on_commit_callbacks(execute=True):
        sku = Sku.objects.get(product=sambal, code="SAM-250")
        sku.price = 17500
        sku.save()
    kerupuk_id = kerupuk.pk
    with django_capture_on_commit_callbacks(execute=True):
        product_delete(actor=None, product=kerupuk)
    dodol = listed("Dodol")
    items, cursor = read_all(tokens["partner_a"], cursor)
    assert summary(items) == [
        ("delete", keripik.pk, None),
        ("upsert", "Sambal", [17500, 28000]),
        ("delete", kerupuk_id, None),
        ("upsert", "Dodol", [15000, 28000]),
    ]
    assert items[0]["product"] is None and items[3]["product"]["id"] == dodol.pk
    assert read_all(tokens["partner_a"], cursor)[0] == []  # current: nothing more until something changes
    assert read_all(tokens["partner_b"])[0] == []  # none of it is on Shopee


def test_a_withdrawn_marketplace_consent_is_a_removal(
    listed: Any, tokens: dict, sampang_business: Any, django_capture_on_commit_callbacks: Any
) -> None:
    keripik = listed("Keripik")
    _snapshot, cursor = read_all(tokens["partner_a"])
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(actor=None, business=sampang_business, purpose=Purpose.MARKETPLACE)
    assert summary(read_all(tokens["partner_a"], cursor)[0]) == [("delete", keripik.pk, None)]
    assert read_all(tokens["partner_a"])[0] == []  # and a fresh snapshot no longer holds it


def test_since_starts_from_a_time_instead_of_a_snapshot(listed: Any, tokens: dict) -> None:
    listed("Keripik")
    CatalogChange.objects.update(recorded_at=timezone.now() - timedelta(hours=2))
    listed("Sambal")
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    assert summary(read_all(tokens["partner_a"], sejak=since)[0]) == [("upsert", "Sambal", [15000, 28000])]
    naive = call("get", FEED, tokens["partner_a"], {"sejak": "2026-11-20T10:00:00"})
    assert naive.status_code == 400 and naive.json()["error"]["details"][0]["field"] == "sejak"


def test_a_change_is_held_back_until_it_has_settled(listed: Any, tokens: dict, settings: Any) -> None:
    _snapshot, cursor = read_all(tokens["partner_a"])
    settings.LAPAK_API_FEED_SETTLE_SECONDS = 60
    listed("Keripik")
    body = call("get", FEED, tokens["partner_a"], {"cursor": cursor}).json()
    assert (body["items"], body["has_more"]) == ([], False)
    settings.LAPAK_API_FEED_SETTLE_SECONDS = 0
    assert summary(read_all(tokens["partner_a"], body["next_cursor"])[0]) == [
        ("upsert", "Keripik", [15000, 28000])
    ]


def test_a_cursor_of_another_partner_or_feed_is_refused(listed: Any, tokens: dict) -> None:
    listed("Keripik")
    _items, cursor = read_all(tokens["partner_a"])
    assert (
        call("get", FEED, tokens["partner_b"], {"cursor": cursor}).json()["error"]["code"] == "invalid_cursor"
    )
    listings = call("get", "/api/v1/mitra/tayangan/", tokens["partner_a"], {"cursor": cursor})
    assert listings.status_code == 400
    assert call("get", FEED, tokens["partner_a"], {"cursor": cursor[:-2] + "xx"}).status_code == 400
