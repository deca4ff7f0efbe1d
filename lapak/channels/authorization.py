"""Connecting a shop: the platform's consent page, then exchanging the code for tokens, and refreshing them.

Each platform does this its own documented way: TikTok Shop's token API takes the app secret as a query
parameter (it is never logged: the call log keeps paths only), Shopee signs it as a public API and
answers at the top level, Lazada signs it like any call on its auth host.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import httpx2
from django.utils.translation import gettext as _

from .signing import lazada_sign, shopee_sign
from .transport import CallLog, Endpoint, Rejected, TokenExpired, call


@dataclass(frozen=True)
class AppKeys:
    """What a channel needs for authorisation: its hosts and the province's app keys."""

    channel: str  # adapter code: tiktok, shopee, lazada
    authorize_page: str
    token_host: str
    app_key: str
    app_secret: str


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime | None
    shop_id: str
    shop_name: str = ""


def authorize_url(keys: AppKeys, *, redirect_uri: str, state: str, now: float) -> str:
    """Where the owner is sent to allow Lapak to manage their shop."""
    if keys.channel == "shopee":
        path = "/api/v2/shop/auth_partner"
        sign = shopee_sign(
            partner_key=keys.app_secret, partner_id=keys.app_key, api_path=path, timestamp=int(now)
        )
        query = {
            "partner_id": keys.app_key,
            "timestamp": int(now),
            "sign": sign,
            "redirect": f"{redirect_uri}?state={state}",
        }
    elif keys.channel == "lazada":
        query = {
            "response_type": "code",
            "force_auth": "true",
            "redirect_uri": redirect_uri,
            "client_id": keys.app_key,
            "state": state,
        }
    else:
        query = {"service_id": keys.app_key, "state": state, "redirect_uri": redirect_uri}
    return f"{keys.authorize_page}?{urlencode(query)}"


def token_exchange(
    client: httpx2.Client, keys: AppKeys, *, code: str, shop_id: str, now: float, log: CallLog | None = None
) -> TokenGrant:
    """Trade a one-time authorisation code for the shop's access and refresh tokens."""
    return _token_call(client, keys, grant="code", value=code, shop_id=shop_id, now=now, log=log)


def token_refresh(
    client: httpx2.Client,
    keys: AppKeys,
    *,
    refresh_token: str,
    shop_id: str,
    now: float,
    log: CallLog | None = None,
) -> TokenGrant:
    """New tokens before the old ones expire (the old access token stops working)."""
    return _token_call(client, keys, grant="refresh", value=refresh_token, shop_id=shop_id, now=now, log=log)


def _token_call(
    client: httpx2.Client,
    keys: AppKeys,
    *,
    grant: str,
    value: str,
    shop_id: str,
    now: float,
    log: CallLog | None,
) -> TokenGrant:
    builders: dict[str, Callable[..., tuple[str, Callable[[], httpx2.Request], Callable]]] = {
        "tiktok": _tiktok,
        "shopee": _shopee,
        "lazada": _lazada,
    }
    path, build, read = builders[keys.channel](client, keys, grant, value, shop_id, now)
    endpoint = Endpoint(
        channel=keys.channel, method="POST", path=path, build=build, interpret=read, log=log, idempotent=False
    )
    data = call(client, endpoint)
    return _grant(keys.channel, data, shop_id, now)


def _refused(body: dict, code: str, message: str) -> Exception:
    if "refresh" in message.lower() or "expired" in message.lower() or "invalid_code" in code:
        return TokenExpired(_("Izin toko kedaluwarsa; sambungkan ulang toko."), code=code)
    return Rejected(message or _("Kanal menolak sambungan toko."), code=code)


def _tiktok(client: httpx2.Client, keys: AppKeys, grant: str, value: str, shop_id: str, now: float) -> tuple:
    path = "/api/v2/token/get" if grant == "code" else "/api/v2/token/refresh"
    field, kind = ("auth_code", "authorized_code") if grant == "code" else ("refresh_token", "refresh_token")
    params = {"app_key": keys.app_key, "app_secret": keys.app_secret, field: value, "grant_type": kind}

    def read(response: httpx2.Response, body: dict) -> dict:
        if body.get("code") != 0:
            raise _refused(body, str(body.get("code")), str(body.get("message", "")))
        return dict(body.get("data") or {})

    return path, lambda: client.build_request("GET", keys.token_host + path, params=params), read


def _shopee(client: httpx2.Client, keys: AppKeys, grant: str, value: str, shop_id: str, now: float) -> tuple:
    path = "/api/v2/auth/token/get" if grant == "code" else "/api/v2/auth/access_token/get"
    body = {
        "code" if grant == "code" else "refresh_token": value,
        "shop_id": int(shop_id),
        "partner_id": int(keys.app_key),
    }

    def build() -> httpx2.Request:
        stamp = int(now)
        sign = shopee_sign(
            partner_key=keys.app_secret, partner_id=keys.app_key, api_path=path, timestamp=stamp
        )
        query = {"partner_id": keys.app_key, "timestamp": str(stamp), "sign": sign}
        return client.build_request("POST", keys.token_host + path, params=query, json=body)

    def read(response: httpx2.Response, answer: dict) -> dict:
        if answer.get("error"):
            raise _refused(answer, str(answer["error"]), str(answer.get("message", "")))
        return answer

    return path, build, read


def _lazada(client: httpx2.Client, keys: AppKeys, grant: str, value: str, shop_id: str, now: float) -> tuple:
    path = "/auth/token/create" if grant == "code" else "/auth/token/refresh"

    def build() -> httpx2.Request:
        params = {
            "app_key": keys.app_key,
            "timestamp": str(int(now * 1000)),
            "sign_method": "sha256",
            "code" if grant == "code" else "refresh_token": value,
        }
        params["sign"] = lazada_sign(secret=keys.app_secret, api_path=path, params=params)
        return client.build_request("POST", keys.token_host + path, data=params)

    def read(response: httpx2.Response, answer: dict) -> dict:
        if str(answer.get("code")) != "0":
            raise _refused(answer, str(answer.get("code")), str(answer.get("message", "")))
        return answer

    return path, build, read


def _grant(channel: str, data: dict, shop_id: str, now: float) -> TokenGrant:
    started = datetime.fromtimestamp(now, tz=UTC)
    if channel == "tiktok":
        return TokenGrant(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            access_expires_at=datetime.fromtimestamp(int(data["access_token_expire_in"]), tz=UTC),
            refresh_expires_at=datetime.fromtimestamp(int(data["refresh_token_expire_in"]), tz=UTC),
            shop_id=shop_id or str(data.get("open_id", "")),
            shop_name=str(data.get("seller_name", "")),
        )
    if channel == "shopee":
        return TokenGrant(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            access_expires_at=started + timedelta(seconds=int(data.get("expire_in", 14400))),
            refresh_expires_at=started + timedelta(days=30),
            shop_id=shop_id,
        )
    users = data.get("country_user_info") or [{}]
    return TokenGrant(
        access_token=str(data["access_token"]),
        refresh_token=str(data["refresh_token"]),
        access_expires_at=started + timedelta(seconds=int(data.get("expires_in", 604800))),
        refresh_expires_at=started + timedelta(seconds=int(data.get("refresh_expires_in", 2592000))),
        shop_id=shop_id or str(users[0].get("seller_id", "")),
        shop_name=str(data.get("account", "")),
    )
