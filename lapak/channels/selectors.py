"""Reads for channels: what a user may see of channels, connections, listings and sales."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lapak.accounts.scoping import scope_q
from lapak.catalog.models import Product
from lapak.registry.models import Business

from .models import CallLogEntry, Channel, ChannelKind, Listing, ListingState, SalesOrder, ShopConnection


def channels_with_counts(*, user: Any) -> QuerySet[Channel]:
    """Every channel, with the number of the user's visible listings in each state that matters."""
    visible = scope_q(user, prefix="listings__product__business__")
    return Channel.objects.annotate(
        live=Count("listings", filter=visible & Q(listings__state=ListingState.LIVE)),
        waiting=Count(
            "listings", filter=visible & Q(listings__state__in=[ListingState.READY, ListingState.SUBMITTED])
        ),
        failing=Count(
            "listings", filter=visible & Q(listings__state__in=[ListingState.ERROR, ListingState.REJECTED])
        ),
        to_migrate=Count("listings", filter=visible & Q(listings__needs_migration=True)),
    ).order_by("status", "name")


def listings_visible(*, user: Any) -> QuerySet[Listing]:
    return Listing.objects.filter(scope_q(user, prefix="product__business__")).select_related(
        "channel", "product"
    )


@dataclass
class ProductRow:
    product: Product
    listings: dict[str, Listing]  # channel code → listing
    curated: bool  # passed kurasi at all (fit for the local market at least)
    allowed: set[str]  # codes of the channels its kurasi decision admits


def business_channel_grid(*, business: Business, channels: list[Channel]) -> list[ProductRow]:
    """Each active product of the business with its listing per channel and what its kurasi admits."""
    from lapak.curation.models import CurationStatus

    from .services import required_decision

    products = list(Product.objects.filter(business=business, is_active=True).order_by("name"))
    decisions = dict(
        CurationStatus.objects.filter(product__business=business).values_list("product_id", "decision")
    )
    by_product: dict[int, dict[str, Listing]] = {}
    for listing in Listing.objects.filter(product__business=business).select_related("channel"):
        by_product.setdefault(listing.product_id, {})[listing.channel.code] = listing
    rows = []
    for product in products:
        decision = decisions.get(product.pk)
        allowed = {c.code for c in channels if decision is not None and decision >= required_decision(c)}
        rows.append(ProductRow(product, by_product.get(product.pk, {}), bool(allowed), allowed))
    return rows


def connections_for(*, business: Business) -> dict[str, ShopConnection]:
    return {
        c.channel.code: c for c in ShopConnection.objects.filter(business=business).select_related("channel")
    }


def publishable_channels() -> QuerySet[Channel]:
    """Channels that take new listings, the storefront first."""
    return Channel.objects.filter(status="active").order_by("-kind", "name").exclude(kind=ChannelKind.FILE)


def listing_calls(*, listing: Listing, limit: int = 20) -> QuerySet[CallLogEntry]:
    return CallLogEntry.objects.filter(
        channel=listing.channel, connection__business=listing.product.business
    )[:limit]


def business_sales(*, business: Business, limit: int = 50) -> QuerySet[SalesOrder]:
    return (
        SalesOrder.objects.filter(business=business)
        .select_related("channel")
        .prefetch_related("lines")
        .order_by("-ordered_at")[:limit]
    )
