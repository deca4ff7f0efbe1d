"""What adapters send and get back, independent of any one platform (and of the catalogue's models).

The publisher turns a curated product into a ``ListingPayload``; each adapter turns that into its
platform's request. Orders come back as ``ChannelOrder`` rows for the sales ledger.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SkuPayload:
    seller_sku: str
    price: int  # Rupiah
    stock: int
    weight_g: int
    length_cm: int = 0
    width_cm: int = 0
    height_cm: int = 0


@dataclass(frozen=True)
class ListingPayload:
    title: str
    description: str
    category_id: str  # the channel's own category, from the category mapping
    skus: tuple[SkuPayload, ...]
    images: tuple[str, ...] = ()  # URLs already hosted where the channel accepts them
    brand: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingResult:
    external_id: str
    status: str  # the channel's own word ("Active", "Pending QC", "NORMAL", …)
    sku_ids: dict[str, str] = field(default_factory=dict)  # seller SKU → channel SKU id


@dataclass(frozen=True)
class OrderLinePayload:
    seller_sku: str
    quantity: int
    unit_price: int  # Rupiah
    line_id: str = ""


@dataclass(frozen=True)
class ChannelOrder:
    order_id: str
    created_at: datetime
    status: str
    buyer_city: str
    buyer_province: str
    buyer_country: str
    lines: tuple[OrderLinePayload, ...]
    fees: int = 0  # Rupiah, when the channel gives them


@dataclass(frozen=True)
class OrderPage:
    orders: tuple[ChannelOrder, ...]
    next_cursor: str  # "" when this was the last page


@dataclass(frozen=True)
class ShopCredentials:
    """One shop's keys for one channel (tokens decrypted only for the call)."""

    base_url: str
    app_key: str
    app_secret: str
    access_token: str = ""
    shop_id: str = ""
