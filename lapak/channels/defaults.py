"""The channels a deployment starts with (DESIGN.md marketplace table; facts in domain-facts.md §5)."""

from datetime import date

DEFAULT_CHANNELS: tuple[dict, ...] = (
    {"code": "lapak", "name": "Etalase Lapak", "kind": "storefront", "rules": {"title_max": 200}},
    {
        "code": "tiktok",
        "name": "TikTok Shop / Tokopedia",
        "kind": "api",
        "adapter": "tiktok",
        "base_url": "https://open-api.tiktokglobalshop.com",
        "authorize_page": "https://services.tiktokshop.com/open/authorize",
        "token_host": "https://auth.tiktok-shops.com",
        "requests_per_second": 50,
        "rules": {"title_min": 25, "title_max": 255, "images_max": 9},
    },
    {
        "code": "shopee",
        "name": "Shopee",
        "kind": "api",
        "adapter": "shopee",
        "base_url": "https://partner.shopeemobile.com",
        "authorize_page": "https://partner.shopeemobile.com/api/v2/shop/auth_partner",
        "token_host": "https://partner.shopeemobile.com",
        "requests_per_second": 10,
        "rules": {"title_max": 120, "images_max": 9},
    },
    {
        "code": "lazada",
        "name": "Lazada",
        "kind": "api",
        "adapter": "lazada",
        "base_url": "https://api.lazada.co.id/rest",
        "authorize_page": "https://auth.lazada.com/oauth/authorize",
        "token_host": "https://auth.lazada.com/rest",
        "requests_per_second": 10,
        "rules": {"title_max": 255, "images_max": 8, "skus_per_request": 20},
    },
    {"code": "blibli", "name": "Blibli", "kind": "file", "rules": {"title_max": 150}},
    {
        "code": "bukalapak",
        "name": "Bukalapak",
        "kind": "api",
        "status": "closed",
        "closed_on": date(2025, 2, 1),
        "closure_note": (
            "Bukalapak berhenti menjual barang fisik sejak Februari 2025; pesanan terakhir 9 Februari 2025."
        ),
    },
)

# Where a buyer sees a listing, from the ids the marketplace gave it (the "buy on" links of the storefront).
PRODUCT_PAGES = {
    "tiktok": "https://shop.tiktok.com/view/product/{item_id}?region=ID",
    "shopee": "https://shopee.co.id/product/{shop_id}/{item_id}",
    "lazada": "https://www.lazada.co.id/products/i{item_id}.html",
}


def product_page_url(channel_code: str, *, shop_id: str, item_id: str) -> str:
    """The public page of a listing on its marketplace, or "" for a channel without a known pattern."""
    from urllib.parse import quote

    pattern = PRODUCT_PAGES.get(channel_code)
    if not pattern or not item_id:
        return ""
    return pattern.format(shop_id=quote(shop_id, safe=""), item_id=quote(item_id, safe=""))
