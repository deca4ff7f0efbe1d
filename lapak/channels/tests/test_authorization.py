"""Connecting a shop against each sandbox: consent page, code for tokens, refresh; codes are single-use."""

import re
import time
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from lapak.channels.adapters import ADAPTERS
from lapak.channels.authorization import AppKeys, authorize_url, token_exchange, token_refresh
from lapak.channels.payload import ListingPayload, ShopCredentials, SkuPayload
from lapak.channels.sandbox import SandboxServer
from lapak.channels.transport import TokenExpired

from .test_adapters import KEYS, PLATFORMS

PAYLOAD = ListingPayload(
    title="Batik Tulis Tanjung Bumi Motif Gangsiran",
    description="Batik tulis. " * 10,
    category_id="100200",
    skus=(SkuPayload("BTB-1", 850000, 3, 400),),
)


@pytest.fixture(params=sorted(PLATFORMS))
def server(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    with SandboxServer(PLATFORMS[request.param](**KEYS)) as sandbox:
        yield sandbox


def keys_for(server: SandboxServer) -> AppKeys:
    channel = next(code for code, platform in PLATFORMS.items() if isinstance(server.platform, platform))
    page = {"shopee": "/api/v2/shop/auth_partner", "lazada": "/oauth/authorize"}.get(
        channel, "/open/authorize"
    )
    return AppKeys(
        channel=channel,
        authorize_page=server.url + page,
        token_host=server.url,
        app_key=KEYS["app_key"],
        app_secret=KEYS["app_secret"],
    )


def consent(client: httpx2.Client, keys: AppKeys) -> dict[str, str]:
    """Open the consent page and follow its "Izinkan" link as the owner would; the callback's query."""
    url = authorize_url(
        keys, redirect_uri="https://lapak.example/kanal/sambung/kembali/", state="st-1", now=time.time()
    )
    page = client.get(url).text
    href = unescape(re.search(r'id="allow" href="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def test_it_connects_a_shop_and_the_new_token_works(server: SandboxServer) -> None:
    keys = keys_for(server)
    with httpx2.Client(timeout=2) as client:
        callback = consent(client, keys)
        assert callback["state"] == "st-1"
        grant = token_exchange(
            client, keys, code=callback["code"], shop_id=callback["shop_id"], now=time.time()
        )
        assert grant.shop_id == "7788"
        assert grant.refresh_expires_at is not None
        assert time.time() < grant.access_expires_at.timestamp() < grant.refresh_expires_at.timestamp()
        credentials = ShopCredentials(
            base_url=server.url,
            app_key=keys.app_key,
            app_secret=keys.app_secret,
            access_token=grant.access_token,
            shop_id=grant.shop_id,
        )
        result = ADAPTERS[keys.channel](client, credentials).create_listing(PAYLOAD, idempotency_key="a-1")
        assert result.external_id in server.platform.products


def test_a_code_works_once(server: SandboxServer) -> None:
    keys = keys_for(server)
    with httpx2.Client(timeout=2) as client:
        code = consent(client, keys)["code"]
        token_exchange(client, keys, code=code, shop_id="7788", now=time.time())
        with pytest.raises(TokenExpired):
            token_exchange(client, keys, code=code, shop_id="7788", now=time.time())


def test_a_refresh_replaces_the_access_token(server: SandboxServer) -> None:
    keys = keys_for(server)
    with httpx2.Client(timeout=2) as client:
        first = token_exchange(
            client, keys, code=consent(client, keys)["code"], shop_id="7788", now=time.time()
        )
        second = token_refresh(
            client, keys, refresh_token=first.refresh_token, shop_id="7788", now=time.time()
        )
        assert second.access_token != first.access_token
        old = ShopCredentials(
            base_url=server.url,
            app_key=keys.app_key,
            app_secret=keys.app_secret,
            access_token=first.access_token,
            shop_id="7788",
        )
        with pytest.raises(TokenExpired):
            ADAPTERS[keys.channel](client, old).create_listing(PAYLOAD, idempotency_key="a-2")
