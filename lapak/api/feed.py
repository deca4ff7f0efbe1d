"""The partner's catalogue feed: the products on its channel, then every change since.

A partner starts without a cursor and first receives a snapshot (every product now in its feed, by
listing id); the last snapshot page hands over a change cursor taken when the snapshot began, so nothing
that changed while it paged is missed. From then on each page lists the products that changed since the
cursor, each with its state *now*: ``upsert`` with the content, or ``delete`` (a tombstone) when the
product left the feed: delisted or rejected, made inactive, deleted, or its owner withdrew consent to
marketplaces. Replaying a change twice is harmless; a partner applies items in order.

A product is in a channel's feed when its listing there is ready, submitted or live, the product is
active, and (for a marketplace) its business consents to marketplace publication (``privacy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from lapak.catalog.models import Sku
from lapak.channels.models import Channel, ChannelKind, Listing, ListingState
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import consent_q

from .cursors import CursorInvalid, position_int
from .models import CatalogChange

FEED_STATES = (ListingState.READY, ListingState.SUBMITTED, ListingState.LIVE)
SNAPSHOT, CHANGES = "s", "c"


@dataclass(frozen=True)
class FeedItem:
    product_id: int
    action: str  # "upsert" | "delete"
    listing: Listing | None  # with its product, business and SKUs, for an upsert


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    position: dict[str, Any]  # where the next page starts
    has_more: bool


def in_feed_q(channel: Channel) -> Q:
    """Listings of ``channel`` whose product is in its feed (see the module's docstring)."""
    q = Q(channel=channel, state__in=FEED_STATES, product__is_active=True)
    if channel.kind != ChannelKind.STOREFRONT:
        q &= consent_q(Purpose.MARKETPLACE, prefix="product__business__")
    return q


def _settled_before() -> datetime:
    """Changes younger than this are left for the next page, so a change that committed a moment later
    with a smaller id is not skipped (rows are written after commit, one statement each)."""
    return timezone.now() - timedelta(seconds=getattr(settings, "LAPAK_API_FEED_SETTLE_SECONDS", 2))


def _listings(channel: Channel) -> Any:
    skus = Prefetch("product__skus", queryset=Sku.objects.filter(is_active=True).order_by("position", "pk"))
    return (
        Listing.objects.filter(in_feed_q(channel))
        .select_related("product", "product__business", "product__business__kabkota")
        .prefetch_related(skus)
    )


def _change_mark(channel: Channel) -> int:
    changes = CatalogChange.objects.filter(channel=channel, recorded_at__lte=_settled_before())
    return changes.aggregate(last=Max("id"))["last"] or 0


def _change_before(channel: Channel, since: datetime) -> int:
    earlier = CatalogChange.objects.filter(channel=channel, recorded_at__lt=since).order_by("-recorded_at")
    return earlier.values_list("id", flat=True).first() or 0


def feed_page(
    *, channel: Channel, position: dict[str, Any] | None, since: datetime | None, limit: int
) -> FeedPage:
    """One page of the feed of ``channel`` after ``position`` (``None``: start with a snapshot, or with
    the changes since ``since`` when given)."""
    if position is None:
        if since is not None:
            return _changes_page(channel, _change_before(channel, since), limit)
        return _snapshot_page(channel, after=0, mark=_change_mark(channel), limit=limit)
    mode = position.get("m")
    if mode == SNAPSHOT:
        after, mark = position_int(position, "l"), position_int(position, "c")
        return _snapshot_page(channel, after=after, mark=mark, limit=limit)
    if mode == CHANGES:
        return _changes_page(channel, position_int(position, "c"), limit)
    raise CursorInvalid(str(mode))


def _snapshot_page(channel: Channel, *, after: int, mark: int, limit: int) -> FeedPage:
    rows = list(_listings(channel).filter(pk__gt=after).order_by("pk")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    items = [FeedItem(listing.product_id, "upsert", listing) for listing in page]
    if more:
        return FeedPage(items, {"m": SNAPSHOT, "l": page[-1].pk, "c": mark}, True)
    # The snapshot is complete; go on with what changed since it began.
    return FeedPage(items, {"m": CHANGES, "c": mark}, _has_changes(channel, mark))


def _has_changes(channel: Channel, after: int) -> bool:
    settled = CatalogChange.objects.filter(channel=channel, id__gt=after, recorded_at__lte=_settled_before())
    return settled.exists()


def _changes_page(channel: Channel, after: int, limit: int) -> FeedPage:
    changes = list(
        CatalogChange.objects.filter(channel=channel, id__gt=after, recorded_at__lte=_settled_before())
        .order_by("id")
        .values_list("id", "product_id")[: limit + 1]
    )
    page, more = changes[:limit], len(changes) > limit
    last_change = {product_id: change_id for change_id, product_id in page}  # the latest per product
    current = {
        listing.product_id: listing for listing in _listings(channel).filter(product_id__in=last_change)
    }
    items = [
        FeedItem(product_id, "upsert", current[product_id])
        if product_id in current
        else FeedItem(product_id, "delete", None)
        for product_id in sorted(last_change, key=last_change.__getitem__)
    ]
    position = {"m": CHANGES, "c": page[-1][0] if page else after}
    return FeedPage(items, position, more)
