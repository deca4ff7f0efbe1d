"""Signatures against the platforms' own documented examples (lazykern/ecommerce-api-docs snapshot)."""

import hashlib
import hmac

from lapak.channels import signing


def test_it_signs_tiktoks_documented_get_authorized_shops_example() -> None:
    # "Sign your API request": app_secret e59af819cc, app_key 29a39d, timestamp 1623812664.
    params = {"app_key": "29a39d", "timestamp": "1623812664", "sign": "ignored", "access_token": "ignored"}
    assert (
        signing.tiktok_string_to_sign(secret="e59af819cc", path="/authorization/202309/shops", params=params)
        == "e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc"
    )
    assert (
        signing.tiktok_sign(secret="e59af819cc", path="/authorization/202309/shops", params=params)
        == "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
    )


def test_it_appends_the_body_for_tiktok_unless_multipart() -> None:
    # The documented Update Shop Webhook example: shop_cipher in the query, the JSON body appended.
    body = '{    "address":"https://partner.tiktokshop.com",    "event_type": "PACKAGE_UPDATE"}'
    params = {
        "app_key": "68xu9ks5p4i8",
        "shop_cipher": "ROW_xkMbgAAAeVAQra0eZWebFQq5aIKt",
        "timestamp": 1696909648,
    }
    inner = signing.tiktok_string_to_sign(secret="", path="/event/202309/webhooks", params=params, body=body)
    assert inner == (
        "/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKt"
        "timestamp1696909648" + body
    )
    multipart = signing.tiktok_string_to_sign(
        secret="", path="/event/202309/webhooks", params=params, body=body, multipart=True
    )
    assert not multipart.endswith(body)


def test_it_builds_lazadas_documented_string_and_signs_it_in_uppercase() -> None:
    # "Signature algorithm": foo=1, bar=2, foo_bar=3, foobar=4 under API /test/api.
    params = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4", "sign": "x", "image": b"\x89PNG"}
    text = signing.lazada_string_to_sign(api_path="/test/api", params=params)
    assert text == "/test/apibar2foo1foo_bar3foobar4"
    expected = hmac.new(b"secret", text.encode(), hashlib.sha256).hexdigest().upper()
    assert signing.lazada_sign(secret="secret", api_path="/test/api", params=params) == expected


def test_it_builds_shopees_base_strings_for_public_and_shop_apis() -> None:
    public = signing.shopee_string_to_sign(
        partner_id=80001, api_path="/api/v2/shop/auth_partner", timestamp=1594897040
    )
    assert public == "80001/api/v2/shop/auth_partner1594897040"
    shop = signing.shopee_string_to_sign(
        partner_id=80001, api_path="/api/v2/product/add_item", timestamp=1, access_token="tok", shop_id=42
    )
    assert shop == "80001/api/v2/product/add_item1tok42"
    sign = signing.shopee_sign(
        partner_key="key", partner_id=80001, api_path="/api/v2/shop/auth_partner", timestamp=1594897040
    )
    assert sign == hmac.new(b"key", public.encode(), hashlib.sha256).hexdigest()
    assert sign == sign.lower()


def test_it_compares_signatures_exactly() -> None:
    assert signing.signatures_match("abc", "abc")
    assert not signing.signatures_match("ABC", "abc")
