"""One module per marketplace API; each offers the same four calls (see ``base.ChannelAdapter``)."""

from .base import ChannelAdapter, SkuUpdate, SkuUpdateFailure
from .lazada import LazadaAdapter
from .shopee import ShopeeAdapter
from .tiktok import TiktokAdapter

ADAPTERS: dict[str, type[ChannelAdapter]] = {
    "lazada": LazadaAdapter,
    "shopee": ShopeeAdapter,
    "tiktok": TiktokAdapter,
}

__all__ = ["ADAPTERS", "ChannelAdapter", "SkuUpdate", "SkuUpdateFailure"]
