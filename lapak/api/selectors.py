"""Reads of the API app: tokens, and the records each kind of caller may reach.

Staff reads go through the same scoping as the UI (``Business.objects.visible_to``,
``Product.objects.visible_to``, ``curation.selectors.products_for_curation``); partner reads are
limited to the partner's channel. Every list is ordered by a unique key, for keyset pagination.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, PartnerKey, SalesOrder, ShopConnection
from lapak.core.crypto import keyed_hash_candidates
from lapak.curation.models import CurationStatus
from lapak.curation.selectors import products_for_curation
from lapak.registry.models import Business

from .models import ApiToken

# Roles whose people may hold a token: staff. An owner has the UI; a partner has a partner key.
NO_TOKEN_ROLES = frozenset({Role.PELAKU_USAHA, Role.MITRA})
M = TypeVar("M", bound=Model)


def can_hold_api_token(user: Any) -> bool:
    """Whether ``user`` may make and use a staff token (staff who may view records at all)."""
    if not user_can(user, Action.VIEW):
        return False
    return bool(user.is_superuser) or user.role not in NO_TOKEN_ROLES


def token_for_secret(secret: str) -> ApiToken | PartnerKey | None:
    """The working token with this secret: not revoked, not expired. ``None`` for anything else."""
    if not secret.startswith(("lpt_", "lpk_")) or len(secret) > 200:
        return None
    digests, now = keyed_hash_candidates(secret), timezone.now()
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    if secret.startswith("lpk_"):
        partner_keys = PartnerKey.objects.select_related("channel")
        return partner_keys.filter(live, key_hash__in=digests, is_active=True).first()
    api_tokens = ApiToken.objects.select_related("user")
    return api_tokens.filter(live, key_hash__in=digests, revoked_at__isnull=True).first()


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def partner_keys_all() -> QuerySet[PartnerKey]:
    return PartnerKey.objects.select_related("channel").order_by("channel__name", "-created_at")


def keyset_page(queryset: QuerySet[M], *, after: int, limit: int, key: str = "pk") -> tuple[list[M], bool]:
    """Rows with ``key`` above ``after`` in ``key`` order, at most ``limit``; and whether more follow."""
    rows = list(queryset.filter(**{f"{key}__gt": after}).order_by(key)[: limit + 1])
    return rows[:limit], len(rows) > limit


# --- Staff: the registry, products and kurasi as the token's user sees them ---------------------------


def businesses_for(*, user: Any, kabkota: str | None = None, sector: str | None = None) -> QuerySet[Business]:
    """The businesses the user may see, optionally of one kab/kota or sector."""
    businesses = Business.objects.visible_to(user).select_related("kabkota", "kecamatan", "desa")
    if kabkota:
        businesses = businesses.filter(kabkota_id=kabkota)
    if sector:
        businesses = businesses.filter(sector=sector)
    return businesses


def products_for(*, user: Any, business_id: int | None = None) -> QuerySet[Product]:
    """The products the user may see (their business's scope), with their kurasi status."""
    products = Product.objects.visible_to(user).select_related("business", "curation_status")
    return products.filter(business_id=business_id) if business_id else products


def curation_statuses_for(*, user: Any, decision: int | None = None) -> QuerySet[CurationStatus]:
    """Latest kurasi results of the products whose kurasi the user may see (as on the kurasi pages:
    a curator only the products assigned to them)."""
    statuses = CurationStatus.objects.filter(
        product__in=products_for_curation(user=user).values("pk")
    ).select_related("round", "product")
    return statuses if decision is None else statuses.filter(decision=decision)


# --- Partners: their own channel ---------------------------------------------------------------------


def listings_of_channel(*, channel: Channel, states: Sequence[str] = ()) -> QuerySet[Listing]:
    listings = Listing.objects.filter(channel=channel).select_related("product")
    return listings.filter(state__in=states) if states else listings


def orders_of_channel(*, channel: Channel) -> QuerySet[SalesOrder]:
    """The channel's orders in the ledger, each with the shop id the partner knows it by."""
    shop = ShopConnection.objects.filter(business=OuterRef("business_id"), channel=channel)
    return (
        SalesOrder.objects.filter(channel=channel)
        .annotate(shop_id=Subquery(shop.values("shop_id")[:1]))
        .prefetch_related("lines")
    )
