"""Marketplace consent gates every step: no publication without it, nothing sent after it is withdrawn,
and a withdrawal takes the business's products off every marketplace (UU PDP Pasal 20 and 40)."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest
from django.core.exceptions import ValidationError

from lapak.catalog.models import Product
from lapak.channels.delivery import outbox_deliver_due
from lapak.channels.models import Channel, Listing, ListingState, OutboxEntry, OutboxKind, OutboxStatus
from lapak.channels.sandbox import SandboxServer
from lapak.channels.services import listing_publish, listings_sync_product
from lapak.core.jobs import jobs_run_pending
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant, consent_withdraw
from lapak.registry.models import Business

from .conftest import consent_to_marketplaces, curate

pytestmark = pytest.mark.django_db(transaction=True)

Connect = Callable[[Business, str], object]


def test_a_product_is_not_published_without_the_owners_consent(product: Product) -> None:
    curate(product)
    with pytest.raises(ValidationError, match="belum menyetujui"):
        listing_publish(actor=None, product=product, channels=Channel.objects.filter(code="shopee"))
    assert not Listing.objects.exclude(channel__kind="storefront").exists()
    assert not OutboxEntry.objects.exists()


def test_the_storefront_needs_no_marketplace_consent(product: Product) -> None:
    curate(product)  # the storefront follows kurasi and the catalogue consent, not this one
    assert Listing.objects.filter(product=product, channel__kind="storefront", state="live").exists()


def test_withdrawal_delists_live_listings_on_every_marketplace(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    for code in ("shopee", "tiktok"):
        connect(curated.business, code)
    listing_publish(
        actor=None, product=curated, channels=Channel.objects.filter(code__in=["shopee", "tiktok"])
    )
    assert outbox_deliver_due(client=client).delivered == 2
    curated.skus.update(price=17000)
    listings_sync_product(product=curated)  # an update is waiting when the owner withdraws

    consent_withdraw(actor=None, business=curated.business, purpose=Purpose.MARKETPLACE, reason="tidak mau")

    entries = OutboxEntry.objects.filter(listing__product=curated)
    assert set(entries.filter(kind=OutboxKind.UPDATE).values_list("status", flat=True)) == {
        OutboxStatus.FAILED
    }
    assert entries.filter(kind=OutboxKind.DELIST, status=OutboxStatus.PENDING).count() == 2
    jobs_run_pending()  # the nudged worker, as in production within the minute
    outbox_deliver_due(client=client)  # whatever the nudge left
    delistings = OutboxEntry.objects.filter(kind=OutboxKind.DELIST)
    assert list(delistings.values_list("status", flat=True)) == [OutboxStatus.DONE] * 2
    marketplace = Listing.objects.filter(product=curated).exclude(channel__kind="storefront")
    assert set(marketplace.values_list("state", flat=True)) == {ListingState.DELISTED}
    shopee = sandboxes["shopee"].platform.products
    assert [item["item_status"] for item in shopee.values()] == ["UNLIST"]
    tiktok = sandboxes["tiktok"].platform.products
    assert [item["status"] for item in tiktok.values()] == ["DEACTIVATED"]


def test_work_queued_before_withdrawal_never_reaches_the_marketplace(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connect(curated.business, "shopee")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="shopee"))
    # The consent row is closed behind the services' back (e.g. a restore): the worker still checks.
    curated.business.consents.filter(purpose=Purpose.MARKETPLACE).update(granted=False)
    report = outbox_deliver_due(client=client)
    assert report.failed == 1 and report.delivered == 0
    assert sandboxes["shopee"].platform.products == {}
    listing = Listing.objects.get(channel__code="shopee")
    assert listing.error_code == "consent" and "menyetujui" in listing.error_text


def test_a_new_answer_that_grants_again_keeps_listings_live(
    curated: Product, connect: Connect, client: httpx2.Client
) -> None:
    connect(curated.business, "shopee")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="shopee"))
    outbox_deliver_due(client=client)
    wording = wording_current(Purpose.MARKETPLACE)
    assert wording is not None
    # Granting again closes the open answer and opens a new one in one transaction: not a withdrawal.
    consent_grant(actor=None, business=curated.business, purpose=Purpose.MARKETPLACE, wording=wording)
    assert Listing.objects.get(channel__code="shopee").state == ListingState.LIVE
    assert not OutboxEntry.objects.filter(kind=OutboxKind.DELIST).exists()


def test_withdrawal_stops_listings_not_yet_on_the_platform_at_once(curated: Product) -> None:
    blibli = Channel.objects.get(code="blibli")  # a bulk-file channel: nothing held by a platform yet
    listing_publish(actor=None, product=curated, channels=[blibli])
    consent_withdraw(actor=None, business=curated.business, purpose=Purpose.MARKETPLACE)
    assert Listing.objects.get(channel=blibli).state == ListingState.DELISTED
    consent_to_marketplaces(curated.business)
    listing_publish(actor=None, product=curated, channels=[blibli])  # agreeing again allows it again
    assert Listing.objects.get(channel=blibli).state == ListingState.READY
