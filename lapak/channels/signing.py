"""Request signatures, exactly as each marketplace documents them (``reference/domain-facts.md`` §5).

Each platform has a ``*_string_to_sign`` (what goes into the HMAC, handy in tests and in the sandbox
servers' error messages) and a ``*_sign``. All are HMAC-SHA256; they differ in what is signed and how the
digest is written:

- Lazada: API path + sorted ``key value`` pairs (+ body), uppercase hex.
- Shopee v2: ``partner_id + path + timestamp`` (+ ``access_token + shop_id`` for shop APIs), lowercase hex.
- TikTok Shop (also Tokopedia): secret + path + sorted pairs without ``sign``/``access_token`` (+ body
  unless multipart) + secret, lowercase hex.
"""

import hashlib
import hmac
from collections.abc import Mapping

Params = Mapping[str, object]


def hmac_sha256_hex(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def signatures_match(expected: str, given: str) -> bool:
    """Constant-time comparison, case-sensitive as the platforms are."""
    return hmac.compare_digest(expected.encode(), given.encode())


def _sorted_pairs(params: Params, *, leave_out: frozenset[str]) -> str:
    """``key1value1key2value2…`` in ASCII order of the names; empty and byte values are not signed."""
    return "".join(
        f"{key}{value}"
        for key, value in sorted(params.items())
        if key not in leave_out and value not in (None, "") and not isinstance(value, bytes | bytearray)
    )


def lazada_string_to_sign(*, api_path: str, params: Params, body: str | None = None) -> str:
    return api_path + _sorted_pairs(params, leave_out=frozenset({"sign"})) + (body or "")


def lazada_sign(*, secret: str, api_path: str, params: Params, body: str | None = None) -> str:
    """Lazada Open Platform ``sign`` (``sign_method=sha256``): uppercase hex."""
    return hmac_sha256_hex(secret, lazada_string_to_sign(api_path=api_path, params=params, body=body)).upper()


def shopee_string_to_sign(
    *,
    partner_id: int | str,
    api_path: str,
    timestamp: int | str,
    access_token: str = "",
    shop_id: int | str = "",
) -> str:
    """Public APIs sign ``partner_id + path + timestamp``; shop APIs add ``access_token + shop_id``."""
    return f"{partner_id}{api_path}{timestamp}{access_token}{shop_id}"


def shopee_sign(
    *,
    partner_key: str,
    partner_id: int | str,
    api_path: str,
    timestamp: int | str,
    access_token: str = "",
    shop_id: int | str = "",
) -> str:
    """Shopee Open Platform v2 ``sign``: lowercase hex, keyed with the partner key."""
    base = shopee_string_to_sign(
        partner_id=partner_id,
        api_path=api_path,
        timestamp=timestamp,
        access_token=access_token,
        shop_id=shop_id,
    )
    return hmac_sha256_hex(partner_key, base)


def tiktok_string_to_sign(
    *, secret: str, path: str, params: Params, body: str = "", multipart: bool = False
) -> str:
    inner = path + _sorted_pairs(params, leave_out=frozenset({"sign", "access_token"}))
    if not multipart:
        inner += body
    return secret + inner + secret


def tiktok_sign(*, secret: str, path: str, params: Params, body: str = "", multipart: bool = False) -> str:
    """TikTok Shop Partner API ``sign`` (also Tokopedia since the merger): lowercase hex."""
    return hmac_sha256_hex(
        secret, tiktok_string_to_sign(secret=secret, path=path, params=params, body=body, multipart=multipart)
    )
