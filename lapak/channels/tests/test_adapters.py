"""Each API adapter against its local sandbox: signatures checked, faults injected, nothing doubled."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx2
import pytest
import stamina

from lapak.channels.adapters import ADAPTERS, ChannelAdapter, SkuUpdate
from lapak.channels.payload import ListingPayload, ShopCredentials, SkuPayload
from lapak.channels.sandbox import Fault, SandboxServer
from lapak.channels.sandbox.platforms import LazadaPlatform, ShopeePlatform, TiktokPlatform
from lapak.channels.transport import CallRecord, Rejected, TokenExpired, Unavailable, retry_wait

KEYS = {"app_key": "20001", "app_secret": "s3cr3t-app-secret", "access_token": "tok-abc-123"}
PLATFORMS = {"lazada": LazadaPlatform, "shopee": ShopeePlatform, "tiktok": TiktokPlatform}
SINCE = datetime(2026, 11, 1, tzinfo=UTC)

PAYLOAD = ListingPayload(
    title="Keripik Tempe Bu Sri 250 g",
    description="Keripik tempe renyah dari Trenggalek, tanpa pengawet.",
    category_id="100123",
    skus=(SkuPayload("KTS-250", 15000, 40, 260, 20, 12, 5), SkuPayload("KTS-500", 28000, 25, 510, 25, 15, 6)),
    images=("https://img.example/1.jpg",),
    brand="Bu Sri",
)


@pytest.fixture(autouse=True)
def fast_retries() -> Iterator[None]:
    """No backoff waits, five attempts: the fault tests run in a blink (one test re-enables real waits)."""
    with stamina.set_testing(True, attempts=5):
        yield


@pytest.fixture(params=sorted(PLATFORMS))
def channel(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def sandbox(channel: str) -> Iterator[SandboxServer]:
    with SandboxServer(PLATFORMS[channel](**KEYS), slow_s=0.6) as server:
        yield server


def adapter_for(
    channel: str,
    server: SandboxServer,
    *,
    secret: str = KEYS["app_secret"],
    log: list[CallRecord] | None = None,
) -> ChannelAdapter:
    credentials = ShopCredentials(
        base_url=server.url,
        app_key=KEYS["app_key"],
        app_secret=secret,
        access_token=KEYS["access_token"],
        shop_id="7788",
    )
    client = httpx2.Client(timeout=0.3)
    return ADAPTERS[channel](client, credentials, log=log.append if log is not None else None)


def seed_orders(channel: str, platform: object, count: int) -> None:
    for number in range(count):
        stamp = int(SINCE.timestamp()) + 3600 + number
        if channel == "tiktok":
            order = {
                "id": f"57{number:08d}",
                "status": "COMPLETED",
                "create_time": stamp,
                "update_time": stamp,
                "recipient_address": {
                    "region_code": "ID",
                    "district_info": [
                        {"address_level_name": "province", "address_name": "Jawa Barat"},
                        {"address_level_name": "city", "address_name": "Kota Bandung"},
                    ],
                },
                "line_items": [{"id": f"L{number}", "seller_sku": "KTS-250", "sale_price": "15000"}],
            }
        elif channel == "shopee":
            order = {
                "order_sn": f"2611{number:06d}",
                "order_status": "COMPLETED",
                "create_time": stamp,
                "update_time": stamp,
                "recipient_address": {"state": "Jawa Barat", "city": "Kota Bandung", "region": "ID"},
                "item_list": [
                    {
                        "model_sku": "KTS-250",
                        "model_quantity_purchased": 2,
                        "model_discounted_price": 15000,
                        "model_id": 1,
                    }
                ],
            }
        else:
            when = datetime.fromtimestamp(stamp, tz=UTC).isoformat()
            order = {
                "order_id": 8_000_000 + number,
                "created_at": when,
                "updated_at": when,
                "statuses": ["delivered"],
                "address_shipping": {
                    "city": "Kota Bandung",
                    "address3": "Jawa Barat",
                    "country": "Indonesia",
                },
                "items": [{"order_item_id": 9_000_000 + number, "sku": "KTS-250", "paid_price": "15000.00"}],
            }
        platform.add_order(order)  # type: ignore[attr-defined]


def all_orders(adapter: ChannelAdapter) -> list[str]:
    ids, cursor = [], ""
    while True:
        page = adapter.list_orders(updated_since=SINCE, cursor=cursor)
        ids += [order.order_id for order in page.orders]
        if not page.next_cursor:
            return ids
        cursor = page.next_cursor


def test_it_creates_a_listing_the_sandbox_accepts_as_signed(channel: str, sandbox: SandboxServer) -> None:
    result = adapter_for(channel, sandbox).create_listing(PAYLOAD, idempotency_key="listing-1")
    assert result.external_id in sandbox.platform.products
    assert set(result.sku_ids) == {"KTS-250", "KTS-500"}
    assert sandbox.calls and all(outcome == "ok" for *_, outcome in sandbox.calls)


def test_it_is_refused_with_a_wrong_secret_and_does_not_retry(channel: str, sandbox: SandboxServer) -> None:
    with pytest.raises(Rejected) as refused:
        adapter_for(channel, sandbox, secret="not-the-secret").create_listing(PAYLOAD, idempotency_key="k")
    assert refused.value.code in {"IncompleteSignature", "error_sign", "106001"}
    assert len(sandbox.calls) == 1
    assert sandbox.platform.products == {}


@pytest.mark.parametrize(
    "fault",
    [
        Fault.TIMEOUT,
        Fault.SLOW_SUCCESS,
        Fault.SERVER_ERROR,
        Fault.UNAVAILABLE,
        Fault.MALFORMED,
        Fault.THROTTLE,
    ],
)
def test_it_retries_transient_failures_and_creates_once(
    channel: str, sandbox: SandboxServer, fault: Fault
) -> None:
    sandbox.inject(fault, fault)
    result = adapter_for(channel, sandbox).create_listing(PAYLOAD, idempotency_key="listing-2")
    assert len(sandbox.platform.products) == 1
    assert result.external_id in sandbox.platform.products
    assert [outcome for *_, outcome in sandbox.calls][:2] == [fault.value, fault.value]


def test_it_gives_up_after_the_attempts_and_says_why(channel: str, sandbox: SandboxServer) -> None:
    sandbox.inject(*[Fault.SERVER_ERROR] * 20)
    with pytest.raises(Unavailable) as failed:
        adapter_for(channel, sandbox).create_listing(PAYLOAD, idempotency_key="listing-3")
    assert failed.value.status == 500
    assert sandbox.platform.products == {}
    # TikTok's create carries an idempotency key and is retried as is (5 attempts); Lazada sends the
    # create once, then retries the look-up that must come before a second create; Shopee looks first.
    assert len(sandbox.calls) == {"tiktok": 5, "lazada": 6, "shopee": 5}[channel]


def test_it_reports_an_expired_token_without_retrying(channel: str, sandbox: SandboxServer) -> None:
    sandbox.inject(Fault.EXPIRED_TOKEN)
    with pytest.raises(TokenExpired):
        adapter_for(channel, sandbox).create_listing(PAYLOAD, idempotency_key="listing-4")
    assert len(sandbox.calls) == 1


def test_tiktok_answer_lost_after_create_does_not_make_a_second_product() -> None:
    # The work is done but the answer comes after the client's timeout: the retry carries the same
    # idempotency key, and the platform answers with the product it already made.
    with SandboxServer(TiktokPlatform(**KEYS), slow_s=0.6) as server:
        server.inject(Fault.SLOW_SUCCESS)
        result = adapter_for("tiktok", server).create_listing(PAYLOAD, idempotency_key="listing-5")
        assert list(server.platform.products) == [result.external_id]


def test_lazada_takes_over_an_item_an_earlier_attempt_made() -> None:
    # A second create of the same seller SKUs (the first one's worker died before recording the item) is
    # refused by Lazada as a duplicate; the adapter finds that item and uses it.
    with SandboxServer(LazadaPlatform(**KEYS)) as server:
        adapter = adapter_for("lazada", server)
        first = adapter.create_listing(PAYLOAD, idempotency_key="a")
        again = adapter.create_listing(PAYLOAD, idempotency_key="a")
        assert again.external_id == first.external_id and again.sku_ids == first.sku_ids
        assert len(server.platform.products) == 1


def test_it_updates_price_and_stock(channel: str, sandbox: SandboxServer) -> None:
    adapter = adapter_for(channel, sandbox)
    listing = adapter.create_listing(PAYLOAD, idempotency_key="listing-6")
    updates = [SkuUpdate("KTS-250", listing.sku_ids["KTS-250"], price=16500, stock=12)]
    assert adapter.update_skus(listing.external_id, updates) == []
    stored = str(sandbox.platform.products[listing.external_id])
    assert "16500" in stored and "12" in stored


@pytest.mark.parametrize("channel_name", ["shopee", "lazada"])
def test_a_partial_batch_failure_names_the_skus_that_failed(channel_name: str) -> None:
    with SandboxServer(PLATFORMS[channel_name](**KEYS)) as server:
        adapter = adapter_for(channel_name, server)
        listing = adapter.create_listing(PAYLOAD, idempotency_key="listing-7")
        server.inject(Fault.PARTIAL)
        updates = [SkuUpdate(sku, listing.sku_ids[sku], price=20000) for sku in ("KTS-250", "KTS-500")]
        failures = adapter.update_skus(listing.external_id, updates)
        assert [failure.seller_sku for failure in failures] == ["KTS-500"]
        assert failures[0].reason


def test_it_lists_every_order_once_through_pages_and_faults(channel: str, sandbox: SandboxServer) -> None:
    seed_orders(channel, sandbox.platform, 120)
    adapter = adapter_for(channel, sandbox)
    sandbox.inject(Fault.SERVER_ERROR)
    first = adapter.list_orders(updated_since=SINCE)
    sandbox.inject(Fault.THROTTLE, Fault.MALFORMED)
    ids = [order.order_id for order in first.orders] + all_orders_from(adapter, first.next_cursor)
    assert len(ids) == 120
    assert len(set(ids)) == 120
    order = first.orders[0]
    assert order.buyer_province == "Jawa Barat" and order.buyer_city == "Kota Bandung"
    assert order.lines[0].seller_sku == "KTS-250" and order.lines[0].unit_price == 15000


def all_orders_from(adapter: ChannelAdapter, cursor: str) -> list[str]:
    ids: list[str] = []
    while cursor:
        page = adapter.list_orders(updated_since=SINCE, cursor=cursor)
        ids += [order.order_id for order in page.orders]
        cursor = page.next_cursor
    return ids


def test_the_call_log_holds_no_secret(channel: str, sandbox: SandboxServer) -> None:
    log: list[CallRecord] = []
    sandbox.inject(Fault.SERVER_ERROR)
    adapter_for(channel, sandbox, log=log).create_listing(PAYLOAD, idempotency_key="listing-8")
    assert [record.outcome for record in log][:2] == ["Unavailable", "ok"]
    text = repr(log)
    for secret in (KEYS["app_secret"], KEYS["access_token"], "sign="):
        assert secret not in text


def test_it_waits_what_retry_after_asks() -> None:
    with stamina.set_testing(False), SandboxServer(TiktokPlatform(**KEYS), retry_after_s=1) as server:
        server.inject(Fault.THROTTLE)
        started = time.monotonic()
        adapter_for("tiktok", server).create_listing(PAYLOAD, idempotency_key="listing-9")
        assert time.monotonic() - started >= 1.0


def test_the_backoff_hook_retries_only_transient_errors() -> None:
    assert retry_wait(Unavailable("x", retry_after=3.0)) == 3.0
    assert retry_wait(Unavailable("x")) is True
    assert retry_wait(Unavailable("x", retry_after=10_000)) == 120.0
    assert retry_wait(Rejected("x")) is False
    assert retry_wait(TokenExpired("x")) is False
    assert retry_wait(ValueError("x")) is False


def test_a_stale_timestamp_is_refused_by_the_sandbox() -> None:
    with SandboxServer(TiktokPlatform(**KEYS)) as server:
        adapter = adapter_for("tiktok", server)
        adapter.clock = lambda: time.time() - timedelta(minutes=10).total_seconds()
        with pytest.raises(Rejected):
            adapter.create_listing(PAYLOAD, idempotency_key="listing-10")
