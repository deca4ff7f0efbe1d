"""Publishing through the outbox to sandbox marketplaces, and orders back into the ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx2
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.channels.delivery import orders_pull, outbox_delay, outbox_deliver_due
from lapak.channels.models import (
    CallLogEntry,
    Channel,
    ConnectionStatus,
    Listing,
    ListingState,
    OutboxEntry,
    OutboxStatus,
    SalesLine,
    SalesOrder,
    ShopConnection,
)
from lapak.channels.sandbox import Fault, SandboxServer
from lapak.channels.services import channel_close, listing_publish, listing_transition, listings_sync_product
from lapak.registry.models import Business

from .conftest import KEYS

pytestmark = pytest.mark.django_db

Connect = Callable[[Business, str], ShopConnection]


def later(minutes: int) -> datetime:
    return timezone.now() + timedelta(minutes=minutes)


def test_a_product_not_yet_curated_is_not_published(product: Product) -> None:
    with pytest.raises(ValidationError, match="kurasi"):
        listing_publish(actor=None, product=product, channels=Channel.objects.filter(code="tiktok"))
    assert not Listing.objects.exists()


def test_bukalapak_is_closed_and_takes_no_new_listing(curated: Product) -> None:
    bukalapak = Channel.objects.get(code="bukalapak")
    assert not bukalapak.accepts_new_listings
    with pytest.raises(ValidationError, match="ditutup"):
        listing_publish(actor=None, product=curated, channels=[bukalapak])
    assert not Listing.objects.filter(channel=bukalapak).exists()


def test_closing_a_channel_flags_its_listings_for_migration(curated: Product) -> None:
    blibli = Channel.objects.get(code="blibli")
    listing_publish(actor=None, product=curated, channels=[blibli])
    assert channel_close(channel=blibli, on=timezone.now(), note="tutup") == 1
    assert Listing.objects.get(channel=blibli).needs_migration


def test_the_state_machine_refuses_a_jump(curated: Product) -> None:
    listing = Listing.objects.create(product=curated, channel=Channel.objects.get(code="tiktok"))
    with pytest.raises(ValidationError, match="Draf"):
        listing_transition(listing, ListingState.LIVE)


def test_it_publishes_to_two_channels_and_the_storefront(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    for code in ("tiktok", "shopee"):
        connect(curated.business, code)
    listing_publish(
        actor=None, product=curated, channels=Channel.objects.filter(code__in=["tiktok", "shopee", "lapak"])
    )
    report = outbox_deliver_due(client=client)
    assert report.delivered == 2  # the storefront listing went live when kurasi passed
    listings = {listing.channel.code: listing for listing in Listing.objects.select_related("channel")}
    assert {code: listing.state for code, listing in listings.items()} == {
        "tiktok": "live",
        "shopee": "live",
        "lapak": "live",
    }
    assert listings["tiktok"].external_id in sandboxes["tiktok"].platform.products
    assert set(listings["shopee"].sku_ids) == {"KTS-250", "KTS-500"}
    shopee = listings["shopee"]
    assert shopee.external_url == f"https://shopee.co.id/product/7788/{shopee.external_id}"  # the buy link
    assert listings["tiktok"].external_url.endswith(
        f"/view/product/{listings['tiktok'].external_id}?region=ID"
    )
    logged = list(CallLogEntry.objects.values_list("path", "outcome"))
    assert ("/product/202309/products", "ok") in logged
    assert not any(KEYS["access_token"] in path for path, _ in logged)


def test_a_change_made_while_the_channel_is_down_arrives_after_it_recovers(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connect(curated.business, "tiktok")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="tiktok"))
    sandboxes["tiktok"].inject(*[Fault.UNAVAILABLE] * 3)  # every attempt of this run fails
    report = outbox_deliver_due(client=client)
    assert report.postponed == 1
    entry = OutboxEntry.objects.get()
    assert entry.status == OutboxStatus.PENDING and entry.next_attempt_at > timezone.now()
    assert "gangguan" in entry.last_error
    assert outbox_deliver_due(client=client).delivered == 0  # not due yet
    report = outbox_deliver_due(client=client, now=later(10))
    assert report.delivered == 1
    assert Listing.objects.get(channel__code="tiktok").state == ListingState.LIVE
    assert len(sandboxes["tiktok"].platform.products) == 1


def test_a_price_change_is_synced_to_a_live_listing(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connect(curated.business, "shopee")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="shopee"))
    outbox_deliver_due(client=client)
    curated.skus.filter(code="KTS-250").update(price=16500)
    assert listings_sync_product(product=curated) == 1
    assert outbox_deliver_due(client=client).delivered == 1
    listing = Listing.objects.get(channel__code="shopee")
    stored = sandboxes["shopee"].platform.products[listing.external_id]["models"][listing.sku_ids["KTS-250"]]
    assert stored["original_price"] == 16500


def test_a_partial_update_stays_in_the_outbox(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connect(curated.business, "shopee")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="shopee"))
    outbox_deliver_due(client=client)
    listings_sync_product(product=curated)
    sandboxes["shopee"].inject(Fault.PARTIAL)
    assert outbox_deliver_due(client=client).postponed == 1
    assert "KTS-500" in OutboxEntry.objects.get(kind="update").last_error
    assert outbox_deliver_due(client=client, now=later(10)).delivered == 1


def test_an_expired_token_marks_the_shop_for_reconnection(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connect(curated.business, "lazada")
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code="lazada"))
    sandboxes["lazada"].inject(Fault.EXPIRED_TOKEN)
    assert outbox_deliver_due(client=client).postponed == 1
    assert ShopConnection.objects.get().status == ConnectionStatus.EXPIRED
    assert OutboxEntry.objects.get().status == OutboxStatus.PENDING


def seed_tiktok_orders(server: SandboxServer, count: int) -> None:
    stamp = int((timezone.now() - timedelta(hours=1)).timestamp())
    for number in range(count):
        server.platform.add_order(
            {
                "id": f"57{number:08d}",
                "status": "COMPLETED",
                "create_time": stamp,
                "update_time": stamp,
                "recipient_address": {
                    "region_code": "MY" if number % 10 == 0 else "ID",
                    "district_info": [
                        {"address_level_name": "province", "address_name": "Jawa Barat"},
                        {"address_level_name": "city", "address_name": "Kota Bandung"},
                    ],
                },
                "line_items": [
                    {"id": f"L{number}a", "seller_sku": "KTS-250", "sale_price": "15000"},
                    {"id": f"L{number}b", "seller_sku": "KTS-250", "sale_price": "15000"},
                ],
            }
        )


def test_orders_come_back_once_even_when_pulled_again(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer], client: httpx2.Client
) -> None:
    connection = connect(curated.business, "tiktok")
    seed_tiktok_orders(sandboxes["tiktok"], 120)
    sandboxes["tiktok"].inject(Fault.SERVER_ERROR, Fault.THROTTLE)
    assert orders_pull(connection=connection, client=client) == (120, 0)
    connection.refresh_from_db()
    assert orders_pull(connection=connection, client=client) == (0, 0)  # nothing changed since
    ShopConnection.objects.update(orders_synced_until=None)  # pulled again from the start
    connection.refresh_from_db()
    assert orders_pull(connection=connection, client=client) == (0, 120)
    assert SalesOrder.objects.count() == 120
    order = SalesOrder.objects.get(external_id="5700000000")
    assert (order.total_amount, order.buyer_country, order.buyer_province) == (30000, "MY", "Jawa Barat")
    assert SalesLine.objects.filter(sku__code="KTS-250").count() == 240


def test_a_pull_killed_halfway_is_resumed_without_doubles(
    curated: Product,
    connect: Connect,
    sandboxes: dict[str, SandboxServer],
    client: httpx2.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connection = connect(curated.business, "tiktok")
    seed_tiktok_orders(sandboxes["tiktok"], 120)
    from lapak.channels.adapters.tiktok import TiktokAdapter

    real = TiktokAdapter.list_orders
    pages = {"n": 0}

    def dies_on_second_page(self: TiktokAdapter, **kwargs: object) -> object:
        pages["n"] += 1
        if pages["n"] == 2:
            raise SystemExit("worker killed")
        return real(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TiktokAdapter, "list_orders", dies_on_second_page)
    with pytest.raises(SystemExit):
        orders_pull(connection=connection, client=client)
    assert SalesOrder.objects.count() == 50  # the first page was committed
    connection.refresh_from_db()
    assert connection.orders_synced_until is None  # the watermark did not move
    monkeypatch.setattr(TiktokAdapter, "list_orders", real)
    assert orders_pull(connection=connection, client=client) == (70, 50)
    assert SalesOrder.objects.count() == 120


def test_the_outbox_waits_longer_after_each_failure() -> None:
    waits = [outbox_delay(n) for n in (1, 2, 3, 12)]
    assert timedelta(minutes=1) <= waits[0] < timedelta(minutes=1, seconds=31)
    assert timedelta(minutes=2) <= waits[1] and timedelta(minutes=4) <= waits[2]
    assert waits[3] <= timedelta(hours=6, seconds=30)


def test_a_product_fit_for_the_local_market_goes_on_the_storefront_only(product: Product) -> None:
    from lapak.curation.models import Decision

    from .conftest import curate

    curate(product, Decision.LAYAK_LOKAL)
    storefront = Listing.objects.get(product=product, channel__code="lapak")
    assert storefront.state == ListingState.LIVE  # curated means live on the province's own storefront
    with pytest.raises(ValidationError, match="layak pasar modern"):
        listing_publish(actor=None, product=product, channels=Channel.objects.filter(code="tiktok"))
    assert not Listing.objects.filter(channel__code="tiktok").exists()


def test_a_later_round_that_fails_takes_the_product_off_the_storefront(curated: Product) -> None:
    from lapak.curation.models import CurationStatus, Decision

    assert Listing.objects.get(product=curated, channel__code="lapak").state == ListingState.LIVE
    status = CurationStatus.objects.get(product=curated)
    status.decision = Decision.PERLU_PEMBINAAN
    status.save()
    assert Listing.objects.get(product=curated, channel__code="lapak").state == ListingState.DELISTED


@pytest.mark.parametrize("code", ["tiktok", "shopee", "lazada"])
def test_a_worker_killed_after_the_channel_made_the_item_resumes_without_a_second_one(
    code: str,
    curated: Product,
    connect: Connect,
    sandboxes: dict[str, SandboxServer],
    client: httpx2.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lapak.channels.adapters import ADAPTERS

    connect(curated.business, code)
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code=code))
    adapter_class = ADAPTERS[code]
    real_create = adapter_class.create_listing

    def create_then_die(self: object, *args: object, **kwargs: object) -> object:
        real_create(self, *args, **kwargs)  # type: ignore[arg-type]
        raise SystemExit("worker killed before recording the item")

    monkeypatch.setattr(adapter_class, "create_listing", create_then_die)
    with pytest.raises(SystemExit):
        outbox_deliver_due(client=client)
    assert OutboxEntry.objects.get().status == OutboxStatus.PENDING  # nothing of that attempt was kept
    monkeypatch.setattr(adapter_class, "create_listing", real_create)
    assert outbox_deliver_due(client=client).delivered == 1
    listing = Listing.objects.get(channel__code=code)
    assert listing.state == ListingState.LIVE
    assert list(sandboxes[code].platform.products) == [listing.external_id]


def test_the_orders_job_pulls_every_connected_shop(
    curated: Product, connect: Connect, sandboxes: dict[str, SandboxServer]
) -> None:
    from lapak.core.jobs import job_enqueue, job_run_now

    connect(curated.business, "tiktok")
    connect(curated.business, "shopee")
    seed_tiktok_orders(sandboxes["tiktok"], 7)
    sandboxes["shopee"].inject(*[Fault.UNAVAILABLE] * 10)  # Shopee is down: TikTok's orders still come in
    job = job_run_now(job_enqueue(kind="channels.orders", params={}))
    assert job.status == "succeeded"
    assert SalesOrder.objects.filter(channel__code="tiktok").count() == 7
    assert ShopConnection.objects.get(channel__code="shopee").orders_synced_until is None


def test_deleting_an_order_deletes_its_lines(curated: Product) -> None:
    # The lines' link to their order has no database constraint (bulk loads); Django keeps it whole.
    from lapak.channels.services import sale_record_offline

    sku = curated.skus.get(code="KTS-250")
    order = sale_record_offline(
        actor=None,
        business=curated.business,
        source="galeri",
        sold_on=timezone.localdate(),
        sku=sku,
        quantity=2,
        unit_price=15000,
    )
    assert SalesLine.objects.filter(order=order).count() == 1
    order.delete()
    assert not SalesLine.objects.exists()


@pytest.mark.parametrize("code", ["tiktok", "shopee", "lazada"])
def test_a_new_title_reaches_a_live_listing_and_delisting_takes_it_off(
    code: str,
    curated: Product,
    connect: Connect,
    sandboxes: dict[str, SandboxServer],
    client: httpx2.Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from lapak.catalog.services import product_update
    from lapak.channels.services import listing_delist

    connect(curated.business, code)
    listing_publish(actor=None, product=curated, channels=Channel.objects.filter(code=code))
    outbox_deliver_due(client=client)
    with django_capture_on_commit_callbacks(execute=True):
        product_update(actor=None, product=curated, data={"name": "Keripik Tempe Bu Sri Renyah 250 g"})
    assert outbox_deliver_due(client=client).delivered == 1
    listing = Listing.objects.get(channel__code=code)
    stored = str(sandboxes[code].platform.products[listing.external_id])
    assert "Keripik Tempe Bu Sri Renyah 250 g" in stored
    listing_delist(actor=None, listing=listing)
    assert outbox_deliver_due(client=client).delivered == 1
    listing.refresh_from_db()
    assert listing.state == ListingState.DELISTED
    assert any(
        word in str(sandboxes[code].platform.products[listing.external_id])
        for word in ("DEACTIVATED", "UNLIST", "inactive")
    )


def test_delisting_from_the_storefront_is_at_once(curated: Product) -> None:
    from lapak.channels.services import listing_delist

    storefront = Listing.objects.get(product=curated, channel__code="lapak")
    listing_delist(actor=None, listing=storefront)
    storefront.refresh_from_db()
    assert storefront.state == ListingState.DELISTED and not storefront.outbox.exists()
