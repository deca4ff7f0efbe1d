"""Reading listings for a bulk-upload file: set-based, in chunks, never one query per listing.

Each chunk is three ``values`` queries (listings with their products, the products' active SKUs, their
photos), keyed on the listing id so the next chunk starts where the last one ended. The rows come out
as :class:`FeedItem` objects that carry the same ``ListingPayload`` the API adapters are sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db.models import QuerySet
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext as _

from lapak.catalog.models import ProductPhoto, Sku
from lapak.channels.models import CategoryMapping, Channel, Listing, ListingState
from lapak.channels.payload import ListingPayload, SkuPayload

FEED_CHUNK = 5000
# Listings a bulk file carries by default: everything meant to be on the channel.
FEED_STATES = (
    ListingState.READY,
    ListingState.SUBMITTED,
    ListingState.LIVE,
    ListingState.REJECTED,
    ListingState.ERROR,
)


@dataclass(frozen=True)
class FeedItem:
    """One listing as a bulk file needs it: the channel payload plus what only files carry."""

    listing_id: int
    product_id: int
    lapak_category: str
    parent_sku: str
    payload: ListingPayload
    variants: tuple[str, ...]  # the variant name of each SKU, in ``payload.skus`` order
    mapped: bool  # False when the Lapak category has no mapping on the channel


def parent_sku(product_id: int) -> str:
    """The parent SKU Lapak gives a product on every channel (stable, so orders trace back to it)."""
    return f"LPK-{product_id}"


def feed_listings(*, channel: Channel) -> QuerySet[Listing]:
    """The channel's listings a bulk file carries by default (active products, not delisted or draft)."""
    return Listing.objects.filter(channel=channel, state__in=FEED_STATES, product__is_active=True)


def feed_items(
    *,
    channel: Channel,
    listings: QuerySet[Listing] | None = None,
    site_url: str = "",
    chunk_size: int = FEED_CHUNK,
) -> Iterator[FeedItem]:
    """The listings of ``channel`` (or the given, already scoped, queryset of them) in id order.

    ``site_url`` ("https://lapak.jatimprov.go.id") makes photo URLs absolute, as channels fetch them.
    """
    queryset = feed_listings(channel=channel) if listings is None else listings.filter(channel=channel)
    mappings = dict(
        CategoryMapping.objects.filter(channel=channel).values_list("category", "external_category_id")
    )
    photo_url = _photo_url(default_storage, site_url.rstrip("/"))
    last = 0
    while True:
        rows = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "product_id", "product__name", "product__description", "product__category",
                "product__brand",
            )[:chunk_size]
        )  # fmt: skip
        if not rows:
            return
        # The chunk's SKUs and photos through its listings (a subquery, not thousands of parameters).
        chunk = {"product__listings__in": queryset.filter(pk__gte=rows[0][0], pk__lte=rows[-1][0])}
        last = rows[-1][0]
        skus = _skus_by_product(chunk)
        photos = _photos_by_product(chunk, photo_url)
        for listing_id, product_id, name, description, category, brand in rows:
            product_skus = skus.get(product_id, ())
            yield FeedItem(
                listing_id=listing_id,
                product_id=product_id,
                lapak_category=category,
                parent_sku=parent_sku(product_id),
                payload=ListingPayload(
                    title=name,
                    description=description,
                    category_id=mappings.get(category, ""),
                    skus=tuple(sku for sku, _variant in product_skus),
                    images=photos.get(product_id, ()),
                    brand=brand,
                ),
                variants=tuple(variant for _sku, variant in product_skus),
                mapped=category in mappings,
            )


def _skus_by_product(chunk: dict[str, Any]) -> Mapping[int, tuple[tuple[SkuPayload, str], ...]]:
    grouped: dict[int, list[tuple[SkuPayload, str]]] = defaultdict(list)
    rows = (
        Sku.objects.filter(is_active=True, **chunk)
        .order_by("product_id", "position", "pk")
        .values_list(
            "product_id", "code", "variant", "price", "stock", "weight_grams", "length_cm", "width_cm",
            "height_cm",
        )
    )  # fmt: skip
    for product_id, code, variant, price, stock, weight, length, width, height in rows:
        sku = SkuPayload(code, price, stock, weight or 0, _cm(length), _cm(width), _cm(height))
        grouped[product_id].append((sku, variant))
    return {key: tuple(value) for key, value in grouped.items()}


def _cm(value: Decimal | None) -> int:
    """Whole centimetres, rounded up: a parcel is never smaller than declared."""
    if value is None:
        return 0
    return int(-(-value // 1))


def _photos_by_product(chunk: dict[str, Any], url: Callable[[str], str]) -> Mapping[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    rows = (
        ProductPhoto.objects.filter(**chunk)
        .order_by("product_id", "position", "pk")
        .values_list("product_id", "image")
    )
    for product_id, name in rows:
        grouped[product_id].append(url(name))
    return {key: tuple(value) for key, value in grouped.items()}


def _photo_url(storage: Storage, site_url: str) -> Callable[[str], str]:
    """A function from a stored file name to the URL a channel can fetch it from.

    Files on the local disk get their URL by plain concatenation (``storage.url`` parses every URL
    again, which was half the time of a large feed); other storages answer for themselves.
    """
    if isinstance(storage, FileSystemStorage):
        base = storage.base_url
        if "://" not in base:
            base = f"{site_url}/{base.lstrip('/')}"
        return lambda name: base + filepath_to_uri(name)

    def url(name: str) -> str:
        address = storage.url(name)
        return address if "://" in address else f"{site_url}{address}"

    return url


def item_problems(item: FeedItem, *, channel: Channel, max_images: int) -> list[str]:
    """What in the listing breaks the channel's rules (``Channel.rules``) or leaves a required cell empty.

    The messages are for the seller, in the row's "Catatan Lapak" cell; the row is written anyway.
    """
    rules = channel.rules or {}
    payload = item.payload
    problems: list[str] = []
    title_length = len(payload.title)
    if rules.get("title_max") and title_length > rules["title_max"]:
        problems.append(
            _("Nama produk %(length)d karakter, lebih dari batas %(max)d karakter %(channel)s.")
            % {"length": title_length, "max": rules["title_max"], "channel": channel.name}
        )
    if rules.get("title_min") and title_length < rules["title_min"]:
        problems.append(
            _("Nama produk %(length)d karakter, kurang dari minimal %(min)d karakter %(channel)s.")
            % {"length": title_length, "min": rules["title_min"], "channel": channel.name}
        )
    problems.extend(_description_problems(payload.description, rules, channel.name))
    if not item.mapped:
        problems.append(
            _("Kategori %(category)s belum dipetakan ke kategori %(channel)s.")
            % {"category": item.lapak_category, "channel": channel.name}
        )
    if not payload.images:
        problems.append(_("Belum ada foto produk."))
    elif len(payload.images) > max_images:
        problems.append(
            _("%(count)d foto; hanya %(max)d foto pertama yang dimasukkan.")
            % {"count": len(payload.images), "max": max_images}
        )
    if not payload.skus:
        problems.append(_("Produk tidak punya SKU yang dijual."))
    missing_weight = [sku.seller_sku for sku in payload.skus if not sku.weight_g]
    if missing_weight:
        problems.append(_("Berat belum diisi: %(skus)s.") % {"skus": ", ".join(missing_weight)})
    return problems


def _description_problems(description: str, rules: dict[str, Any], channel_name: str) -> list[str]:
    length = len(description.strip())
    if not length:
        return [_("Deskripsi produk kosong.")]
    if rules.get("description_min") and length < rules["description_min"]:
        return [
            _("Deskripsi %(length)d karakter, kurang dari minimal %(min)d karakter %(channel)s.")
            % {"length": length, "min": rules["description_min"], "channel": channel_name}
        ]
    if rules.get("description_max") and length > rules["description_max"]:
        return [
            _("Deskripsi %(length)d karakter, lebih dari batas %(max)d karakter %(channel)s.")
            % {"length": length, "max": rules["description_max"], "channel": channel_name}
        ]
    return []
