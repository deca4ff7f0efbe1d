"""What a marketplace partner pushes: orders and listing states, for its own channel only.

The HTTP side (paths, tokens, scopes, rate limits, the JSON shapes) lives in the API app
(``lapak/api/endpoints/partner.py``); this module keeps the channel rules. A push is checked whole before
anything is written: one bad item refuses the request with every problem (index, field, message) and
records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Channel, Listing, ListingState, ShopConnection
from .payload import ChannelOrder
from .services import TRANSITIONS, ledger_record_orders, listing_transition

MAX_ITEMS = 500
PUSHED_STATES = {
    "live": ListingState.LIVE,
    "rejected": ListingState.REJECTED,
    "delisted": ListingState.DELISTED,
}


@dataclass(frozen=True)
class Problem:
    index: int  # the item's position in the pushed list
    field: str
    message: str


class PushRefused(Exception):
    """Nothing was written; ``problems`` says what to fix, item by item."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


@dataclass(frozen=True)
class PushedOrder:
    shop_id: str
    order: ChannelOrder


@dataclass(frozen=True)
class PushedListing:
    external_id: str
    status: str  # live | rejected | delisted
    reason: str = ""


def order_shop_problems(*, channel: Channel, shop_ids: Sequence[str]) -> list[Problem]:
    """Each order whose shop is not connected to Lapak on ``channel`` (a key reaches its channel only)."""
    known = set(
        ShopConnection.objects.filter(channel=channel, shop_id__in=set(shop_ids)).values_list(
            "shop_id", flat=True
        )
    )
    message = _("Toko ini tidak tersambung ke Lapak di kanal Anda.")
    return [Problem(i, "shop_id", message) for i, shop in enumerate(shop_ids) if shop not in known]


def pushed_orders_record(*, channel: Channel, orders: Sequence[PushedOrder]) -> tuple[int, int]:
    """Record the partner's orders in the sales ledger once each; returns (added, already there).

    Raises ``PushRefused`` (and writes nothing) when any order names a shop not connected on ``channel``.
    """
    problems = order_shop_problems(channel=channel, shop_ids=[pushed.shop_id for pushed in orders])
    if problems:
        raise PushRefused(_("Tidak ada pesanan yang dicatat; perbaiki dulu."), problems)
    by_shop: dict[str, list[ChannelOrder]] = {}
    for pushed in orders:
        by_shop.setdefault(pushed.shop_id, []).append(pushed.order)
    added = known = 0
    with transaction.atomic():
        for shop_id, shop_orders in by_shop.items():
            connection = (
                ShopConnection.objects.select_for_update()
                .select_related("channel")
                .get(channel=channel, shop_id=shop_id)
            )
            new, old = ledger_record_orders(connection=connection, orders=shop_orders)
            added, known = added + new, known + old
    return added, known


def listing_problems(
    *, channel: Channel, items: Sequence[tuple[str, str]]
) -> tuple[list[Problem], dict[str, Listing]]:
    """Problems of pushed ``(external_id, status)`` pairs, and the channel's listings they name."""
    listings = {
        listing.external_id: listing
        for listing in Listing.objects.filter(channel=channel, external_id__in={e for e, _s in items})
    }
    problems = []
    for index, (external_id, status) in enumerate(items):
        listing, state = listings.get(external_id), PUSHED_STATES.get(status)
        if listing is None:
            problems.append(Problem(index, "external_id", _("Tayangan tidak dikenal.")))
        elif state is None:
            problems.append(Problem(index, "status", _("Status harus live, rejected atau delisted.")))
        elif state != listing.state and state not in TRANSITIONS[listing.state]:
            problems.append(Problem(index, "status", _("Perubahan status tidak diizinkan.")))
    return problems, listings


def pushed_listings_apply(*, channel: Channel, listings: Sequence[PushedListing]) -> int:
    """Move the channel's listings to the states the partner reports; returns how many were updated.

    Raises ``PushRefused`` (and changes nothing) when any item names an unknown listing, an unknown
    status or a move the listing state machine does not allow.
    """
    problems, known = listing_problems(
        channel=channel, items=[(item.external_id, item.status) for item in listings]
    )
    if problems:
        raise PushRefused(_("Tidak ada status yang diubah; perbaiki dulu."), problems)
    with transaction.atomic():
        for index, item in enumerate(listings):
            reason = item.reason[:500]
            try:
                listing_transition(
                    known[item.external_id],
                    PUSHED_STATES[item.status],
                    error_code="partner" if reason else "",
                    error_text=reason,
                )
            except ValidationError as error:  # the same listing twice, the second move not allowed
                problem = Problem(index, "status", " ".join(error.messages))
                raise PushRefused(_("Tidak ada status yang diubah; perbaiki dulu."), [problem]) from error
    return len(listings)
