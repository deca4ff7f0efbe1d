"""Delivering the outbox to the channels and pulling their orders back: the background side of channels.

A change waits in the outbox until the channel confirms it. The transport retries within one call
(seconds); the outbox retries across calls (minutes to hours), so a channel that is down for a day gets
every change once it is back. Orders are pulled from a watermark that moves only after a whole pull
succeeds, so a killed worker simply pulls again and the ledger's idempotency drops what it already has.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx2
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.crypto import decrypt_text

from .adapters import ADAPTERS, ChannelAdapter, SkuUpdate
from .defaults import product_page_url
from .models import (
    CallLogEntry,
    CategoryMapping,
    ChannelKind,
    ConnectionStatus,
    Listing,
    ListingState,
    OutboxEntry,
    OutboxKind,
    OutboxStatus,
    ShopConnection,
)
from .payload import ListingPayload, ShopCredentials, SkuPayload
from .services import ORDER_OVERLAP, ledger_record_orders, listing_transition, marketplace_consent_check
from .transport import CallRecord, ChannelError, Rejected, TokenExpired, Unavailable

HTTP_TIMEOUT_S = 20.0
MAX_OUTBOX_DELAY = timedelta(hours=6)
TOKEN_WAIT = timedelta(hours=1)


@dataclass
class DeliveryReport:
    delivered: int = 0
    postponed: int = 0
    failed: int = 0


def outbox_delay(attempts: int) -> timedelta:
    """How long a change waits after its ``attempts``-th failed delivery: doubling from 1 minute, jittered."""
    base = min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_OUTBOX_DELAY)
    return base + timedelta(seconds=random.uniform(0, 30))


def outbox_deliver_due(
    *, now: datetime | None = None, limit: int = 200, client: httpx2.Client | None = None
) -> DeliveryReport:
    """Deliver the outbox entries that are due, oldest first, pacing calls to each channel's rate limit."""
    now = now or timezone.now()
    report = DeliveryReport()
    owned = client is None
    client = client or httpx2.Client(timeout=HTTP_TIMEOUT_S)
    last_call: dict[int, float] = {}
    try:
        for entry_id in _due_entry_ids(now, limit):
            with transaction.atomic():
                entry = _lock_entry(entry_id)
                if entry is None:
                    continue
                channel = entry.listing.channel
                _pace(last_call, channel.pk, channel.requests_per_second)
                _deliver_one(entry, client, now, report)
    finally:
        if owned:
            client.close()
    return report


def _due_entry_ids(now: datetime, limit: int) -> list[int]:
    return list(
        OutboxEntry.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )


def _lock_entry(entry_id: int) -> OutboxEntry | None:
    """The entry, locked; None when another worker has it or it was delivered meanwhile."""
    rows = OutboxEntry.objects.select_for_update(skip_locked=True).select_related(
        "listing__channel", "listing__product__business"
    )
    entry = rows.filter(pk=entry_id, status=OutboxStatus.PENDING).first()
    return entry


def _pace(last_call: dict[int, float], channel_id: int, per_second: int) -> None:
    gap = 1.0 / max(per_second, 1)
    waited = time.monotonic() - last_call.get(channel_id, 0.0)
    if waited < gap:
        time.sleep(gap - waited)
    last_call[channel_id] = time.monotonic()


def _deliver_one(entry: OutboxEntry, client: httpx2.Client, now: datetime, report: DeliveryReport) -> None:
    listing = entry.listing
    entry.attempts += 1
    try:
        _apply(entry, listing, client, now)
    except TokenExpired as error:
        ShopConnection.objects.filter(business=listing.product.business, channel=listing.channel).update(
            status=ConnectionStatus.EXPIRED
        )
        _postpone(entry, error, now + TOKEN_WAIT, report)
    except Unavailable as error:
        _postpone(entry, error, now + outbox_delay(entry.attempts), report)
    except (Rejected, ChannelError) as error:
        entry.status = OutboxStatus.FAILED
        entry.last_error = error.message
        entry.save(update_fields=["status", "attempts", "last_error"])
        listing_transition(listing, _failed_state(listing), error_code=error.code, error_text=error.message)
        report.failed += 1
    else:
        entry.status = OutboxStatus.DONE
        entry.done_at = now
        entry.last_error = ""
        entry.save(update_fields=["status", "attempts", "done_at", "last_error"])
        report.delivered += 1


def _failed_state(listing: Listing) -> str:
    return ListingState.REJECTED if listing.state == ListingState.SUBMITTED else ListingState.ERROR


def _postpone(entry: OutboxEntry, error: ChannelError, when: datetime, report: DeliveryReport) -> None:
    entry.next_attempt_at = when
    entry.last_error = error.message
    entry.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    report.postponed += 1


def _apply(entry: OutboxEntry, listing: Listing, client: httpx2.Client, now: datetime) -> None:
    channel = listing.channel
    if channel.kind == ChannelKind.STOREFRONT:
        _go_live(listing, now)  # the province's own storefront: curated means live
        return
    if channel.kind == ChannelKind.FILE:
        raise Rejected(
            _("Kanal ini memakai berkas unggah massal; unduh berkasnya dari halaman kanal."), code="bulk_file"
        )
    if entry.kind != OutboxKind.DELIST:
        _check_consent(listing)
    adapter = adapter_for(listing, client)
    if entry.kind == OutboxKind.PUBLISH:
        if listing.state == ListingState.READY:
            listing_transition(listing, ListingState.SUBMITTED)
        result = adapter.create_listing(
            listing_payload(listing), idempotency_key=str(listing.idempotency_key)
        )
        listing.external_id = result.external_id
        listing.external_url = product_page_url(
            channel.code, shop_id=adapter.credentials.shop_id, item_id=result.external_id
        )
        listing.sku_ids = result.sku_ids
        listing.save(update_fields=["external_id", "external_url", "sku_ids", "updated_at"])
        _go_live(listing, now)
    elif entry.kind == OutboxKind.DELIST:
        adapter.delist(listing.external_id)
        listing_transition(listing, ListingState.DELISTED)
    elif entry.kind == OutboxKind.UPDATE:
        adapter.update_content(listing.external_id, listing_payload(listing))
        failures = adapter.update_skus(listing.external_id, _sku_updates(listing))
        if failures:
            names = ", ".join(f"{f.seller_sku}: {f.reason}" for f in failures)
            raise Unavailable(
                _("Sebagian SKU belum diperbarui (%(names)s).") % {"names": names}, code="partial"
            )
        listing.last_synced_at = now
        listing.save(update_fields=["last_synced_at", "updated_at"])


def _check_consent(listing: Listing) -> None:
    """Nothing reaches a marketplace after the owner withdrew consent, even work queued before."""
    try:
        marketplace_consent_check(listing.product.business_id)
    except ValidationError as error:
        raise Rejected(error.messages[0], code="consent") from error


def _go_live(listing: Listing, now: datetime) -> None:
    if listing.state == ListingState.READY:
        listing_transition(listing, ListingState.SUBMITTED)
    listing_transition(listing, ListingState.LIVE)
    listing.last_synced_at = now
    listing.save(update_fields=["last_synced_at", "updated_at"])


def adapter_for(listing: Listing, client: httpx2.Client) -> ChannelAdapter:
    connection = ShopConnection.objects.filter(
        business=listing.product.business, channel=listing.channel, status=ConnectionStatus.ACTIVE
    ).first()
    if connection is None:
        raise TokenExpired(
            _("Toko di %(channel)s belum tersambung.") % {"channel": listing.channel.name},
            code="not_connected",
        )
    return connection_adapter(connection, client)


def connection_adapter(connection: ShopConnection, client: httpx2.Client) -> ChannelAdapter:
    """The channel's adapter with this shop's keys (tokens decrypted for the call only)."""
    channel = connection.channel
    from django.conf import settings

    keys = settings.LAPAK_CHANNEL_KEYS.get(channel.code, {})
    credentials = ShopCredentials(
        base_url=channel.base_url,
        app_key=keys.get("app_key", ""),
        app_secret=keys.get("app_secret", ""),
        access_token=decrypt_text(connection.access_token_encrypted),
        shop_id=connection.shop_id,
    )

    def log(record: CallRecord) -> None:
        CallLogEntry.objects.create(
            channel=channel,
            connection=connection,
            method=record.method,
            path=record.path[:200],
            attempt=record.attempt,
            status=record.status,
            duration_ms=record.duration_ms,
            outcome=record.outcome,
            code=record.code[:60],
            request_id=record.request_id[:80],
        )

    return ADAPTERS[channel.adapter](client, credentials, log=log)


def listing_payload(listing: Listing) -> ListingPayload:
    """What the channel is sent for this listing, from the product as it is now."""
    product = listing.product
    mapping = CategoryMapping.objects.filter(channel=listing.channel, category=product.category).first()
    if mapping is None:
        raise Rejected(
            _("Kategori produk belum dipetakan ke kategori %(channel)s.") % {"channel": listing.channel.name},
            code="no_category",
        )
    skus = tuple(
        SkuPayload(
            seller_sku=sku.code,
            price=sku.price,
            stock=sku.stock,
            weight_g=sku.weight_grams or 0,
            length_cm=int(sku.length_cm or 0),
            width_cm=int(sku.width_cm or 0),
            height_cm=int(sku.height_cm or 0),
        )
        for sku in product.skus.filter(is_active=True).order_by("position", "pk")
    )
    images = tuple(photo.image.url for photo in product.photos.order_by("position", "pk"))
    attributes = {mapping.attributes.get(k, k): str(v) for k, v in (product.attributes or {}).items()}
    return ListingPayload(
        title=product.name,
        description=product.description,
        category_id=mapping.external_category_id,
        skus=skus,
        images=images,
        brand=product.brand,
        attributes=attributes,
    )


def _sku_updates(listing: Listing) -> list[SkuUpdate]:
    skus = listing.product.skus.filter(is_active=True)
    return [
        SkuUpdate(
            seller_sku=sku.code,
            sku_id=str(listing.sku_ids.get(sku.code, "")),
            price=sku.price,
            stock=sku.stock,
        )
        for sku in skus
        if sku.code in listing.sku_ids
    ]


def orders_pull(
    *, connection: ShopConnection, client: httpx2.Client, now: datetime | None = None
) -> tuple[int, int]:
    """Pull the shop's orders changed since the watermark into the ledger; returns (added, already there)."""
    now = now or timezone.now()
    since = (connection.orders_synced_until or now - timedelta(days=30)) - ORDER_OVERLAP
    adapter = connection_adapter(connection, client)
    added = known = 0
    cursor = ""
    while True:
        page = adapter.list_orders(updated_since=since, cursor=cursor)
        with transaction.atomic():
            ShopConnection.objects.select_for_update().filter(pk=connection.pk).first()
            new, old = ledger_record_orders(connection=connection, orders=page.orders)
        added, known = added + new, known + old
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    ShopConnection.objects.filter(pk=connection.pk).update(orders_synced_until=now)
    return added, known
