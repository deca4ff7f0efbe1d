"""What every API adapter offers, and the pieces they share."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx2

from lapak.channels.payload import ListingPayload, ListingResult, OrderPage, ShopCredentials
from lapak.channels.transport import CallLog, Endpoint, call


@dataclass(frozen=True)
class SkuUpdate:
    seller_sku: str
    sku_id: str  # the channel's id for the SKU
    price: int | None = None
    stock: int | None = None


@dataclass(frozen=True)
class SkuUpdateFailure:
    seller_sku: str
    reason: str


def compact_json(value: object) -> str:
    """The body exactly as signed and sent (no spaces, UTF-8 kept)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class ChannelAdapter:
    """Create a listing, update prices and stock, list orders: the same calls for every platform."""

    channel = ""

    def __init__(
        self,
        client: httpx2.Client,
        credentials: ShopCredentials,
        *,
        log: CallLog | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import time

        self.client = client
        self.credentials = credentials
        self.log = log
        self.clock = clock or time.time

    def create_listing(self, payload: ListingPayload, *, idempotency_key: str) -> ListingResult:
        raise NotImplementedError

    def update_skus(self, external_id: str, updates: list[SkuUpdate]) -> list[SkuUpdateFailure]:
        raise NotImplementedError

    def list_orders(self, *, updated_since: datetime, cursor: str = "") -> OrderPage:
        raise NotImplementedError

    def update_content(self, external_id: str, payload: ListingPayload) -> None:
        """Send the listing's title, description and images as they are now."""
        raise NotImplementedError

    def delist(self, external_id: str) -> None:
        """Take the listing off sale on the channel (it stays in the seller's account)."""
        raise NotImplementedError

    def _call(
        self,
        method: str,
        path: str,
        build: Callable[[], httpx2.Request],
        interpret: Callable[[httpx2.Response, dict], dict],
        *,
        idempotent: bool = True,
    ) -> dict:
        endpoint = Endpoint(
            channel=self.channel,
            method=method,
            path=path,
            build=build,
            interpret=interpret,
            log=self.log,
            idempotent=idempotent,
        )
        return call(self.client, endpoint)
