"""Writes for channels: connections, listings and their states, the outbox, and the sales ledger."""

import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx2
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action
from lapak.catalog.models import Product, Sku
from lapak.core.crypto import decrypt_text, encrypt_text
from lapak.registry.models import Business

from .defaults import DEFAULT_CHANNELS
from .models import (
    CategoryMapping,
    Channel,
    ChannelKind,
    ChannelStatus,
    ConnectionStatus,
    Listing,
    ListingState,
    OutboxEntry,
    OutboxKind,
    OutboxStatus,
    SalesLine,
    SalesOrder,
    SaleSource,
    ShopConnection,
)
from .payload import ChannelOrder

if TYPE_CHECKING:
    from .authorization import AppKeys
    from .models import PartnerKey

# Which state may follow which; anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    ListingState.DRAFT: frozenset({ListingState.READY, ListingState.DELISTED}),
    ListingState.READY: frozenset(
        {ListingState.SUBMITTED, ListingState.DRAFT, ListingState.ERROR, ListingState.DELISTED}
    ),
    ListingState.SUBMITTED: frozenset({ListingState.LIVE, ListingState.REJECTED, ListingState.ERROR}),
    ListingState.LIVE: frozenset({ListingState.SUBMITTED, ListingState.ERROR, ListingState.DELISTED}),
    ListingState.REJECTED: frozenset({ListingState.READY, ListingState.DELISTED}),
    ListingState.ERROR: frozenset({ListingState.READY, ListingState.SUBMITTED, ListingState.DELISTED}),
    ListingState.DELISTED: frozenset({ListingState.READY}),
}

COUNTRY_CODES = {
    "indonesia": "ID",
    "malaysia": "MY",
    "singapore": "SG",
    "singapura": "SG",
    "thailand": "TH",
    "vietnam": "VN",
    "philippines": "PH",
    "filipina": "PH",
    "brunei": "BN",
}


def _check_can_change(actor: Any, business: Business) -> None:
    """Only someone who may change the business may connect its shops or publish its products."""
    if (
        actor is not None
        and not Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists()
    ):
        raise PermissionDenied(_("Anda tidak berhak mengubah kanal penjualan usaha ini."))


def channels_seed() -> int:
    """Create the default channels that do not exist yet; returns how many were created."""
    created = 0
    for row in DEFAULT_CHANNELS:
        _channel, made = Channel.objects.get_or_create(code=row["code"], defaults=row)
        created += made
    return created


def channel_close(*, channel: Channel, on: datetime, note: str) -> int:
    """Close a channel: no new listings; its live listings are flagged to move elsewhere. Returns how many."""
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(
            status=ChannelStatus.CLOSED, closed_on=on, closure_note=note
        )
        listings = Listing.objects.filter(channel=channel).exclude(state=ListingState.DELISTED)
        _funnel_follows(list(listings.values_list("product__business_id", flat=True).distinct()))
        return listings.update(needs_migration=True)


def connection_save(
    *,
    actor: Any,
    business: Business,
    channel: Channel,
    shop_id: str,
    shop_name: str,
    access_token: str,
    refresh_token: str,
    access_expires_at: datetime,
    refresh_expires_at: datetime | None = None,
) -> ShopConnection:
    """Record (or renew) a business's shop on a channel after the owner authorised it."""
    _check_can_change(actor, business)
    if not channel.accepts_new_listings:
        raise ValidationError(
            _("%(channel)s sudah ditutup; toko baru tidak dapat disambungkan.") % {"channel": channel.name}
        )
    connection, _created = ShopConnection.objects.update_or_create(
        business=business,
        channel=channel,
        defaults={
            "shop_id": shop_id,
            "shop_name": shop_name,
            "access_token_encrypted": encrypt_text(access_token),
            "refresh_token_encrypted": encrypt_text(refresh_token),
            "access_expires_at": access_expires_at,
            "refresh_expires_at": refresh_expires_at,
            "status": ConnectionStatus.ACTIVE,
            "connected_by": actor,
        },
    )
    return connection


def listing_transition(listing: Listing, to: str, *, error_code: str = "", error_text: str = "") -> None:
    """Move a listing to ``to`` if the state machine allows it; raises ``ValidationError`` otherwise."""
    if to != listing.state and to not in TRANSITIONS[listing.state]:
        raise ValidationError(
            _("Tayangan tidak dapat berpindah dari “%(from)s” ke “%(to)s”.")
            % {"from": ListingState(listing.state).label, "to": ListingState(to).label}
        )
    listing.state = to
    listing.error_code = error_code
    listing.error_text = error_text
    listing.save(update_fields=["state", "error_code", "error_text", "updated_at"])


def required_decision(channel: Channel) -> int:
    """The lowest kurasi decision a channel takes: the province's storefront shows every product fit for
    the local market; marketplaces, under the government's name, need "layak pasar modern dan marketplace"."""
    from lapak.curation.models import Decision

    return Decision.LAYAK_LOKAL if channel.kind == ChannelKind.STOREFRONT else Decision.LAYAK_MODERN


def listing_publish(*, actor: Any, product: Product, channels: Iterable[Channel]) -> list[Listing]:
    """Queue a curated product for publication on each channel (one outbox entry per channel)."""
    from lapak.curation.selectors import product_curation_status

    _check_can_change(actor, product.business)
    decision = product_curation_status(product).decision
    listings = []
    with transaction.atomic():
        for channel in channels:
            if not channel.accepts_new_listings:
                raise ValidationError(
                    _("%(channel)s sudah ditutup dan tidak menerima tayangan baru.")
                    % {"channel": channel.name}
                )
            if decision is None or decision < required_decision(channel):
                raise ValidationError(
                    _(
                        "Produk belum lolos kurasi untuk %(channel)s; marketplace memerlukan keputusan "
                        "“layak pasar modern dan marketplace”."
                    )
                    % {"channel": channel.name}
                )
            if channel.kind != ChannelKind.STOREFRONT:
                marketplace_consent_check(product.business_id)
            listing, _created = Listing.objects.get_or_create(product=product, channel=channel)
            if listing.state in (ListingState.LIVE, ListingState.SUBMITTED):
                listings.append(listing)
                continue
            listing_transition(listing, ListingState.READY)
            if channel.kind != ChannelKind.FILE:  # a file channel's listings wait for its bulk-upload file
                _enqueue(listing, OutboxKind.PUBLISH)
            listings.append(listing)
    return listings


def marketplace_consent_check(business_id: int) -> None:
    """Products go to a marketplace only while the owner agrees to it (UU PDP Pasal 20: the province's
    public task covers the register, not sending a business's data to a platform)."""
    from lapak.privacy.models import Purpose
    from lapak.privacy.selectors import consent_is_active

    if not consent_is_active(business_id=business_id, purpose=Purpose.MARKETPLACE):
        raise ValidationError(
            _(
                "Pemilik usaha belum menyetujui penayangan produknya di marketplace. Minta pemilik "
                "memberi persetujuan di halaman Privasi, lalu tayangkan lagi."
            )
        )


def listings_withdraw_consent(*, business_id: int) -> int:
    """The owner no longer agrees to marketplaces: take every listing of the business off every
    marketplace (the storefront follows its own consent). Listings a platform holds are delisted through
    the outbox, ahead of any update still waiting; the others stop at once. Returns how many."""
    from lapak.privacy.models import Purpose
    from lapak.privacy.selectors import consent_is_active

    if consent_is_active(business_id=business_id, purpose=Purpose.MARKETPLACE):
        return 0
    active = (ListingState.READY, ListingState.SUBMITTED, ListingState.LIVE, ListingState.ERROR)
    marketplace_listings = Listing.objects.filter(product__business_id=business_id, state__in=active).exclude(
        channel__kind=ChannelKind.STOREFRONT
    )
    with transaction.atomic():
        # First the waiting work (a delivery in flight holds its entry's lock: this waits for it), then
        # the listings as that delivery left them.
        OutboxEntry.objects.filter(listing__in=marketplace_listings, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.FAILED, last_error=_("Persetujuan marketplace ditarik pemilik.")
        )
        listings = list(marketplace_listings.select_related("channel"))
        for listing in listings:
            if listing.channel.kind == ChannelKind.API and listing.external_id:
                _enqueue(listing, OutboxKind.DELIST)
                continue
            if listing.state == ListingState.SUBMITTED:
                listing_transition(listing, ListingState.ERROR, error_code="consent")
            listing_transition(listing, ListingState.DELISTED)
    return len(listings)


def storefront_follow_curation(*, product: Product, decision: int | None) -> None:
    """Keep the product's storefront listing in step with its kurasi: live when fit for the local market,
    taken down when a later round says it needs more coaching."""
    storefront = Channel.objects.filter(kind=ChannelKind.STOREFRONT, status=ChannelStatus.ACTIVE).first()
    if storefront is None:
        return
    listing = Listing.objects.filter(product=product, channel=storefront).first()
    if decision is not None and decision >= required_decision(storefront):
        if listing is None or listing.state != ListingState.LIVE:
            listing = listing or Listing.objects.create(product=product, channel=storefront)
            if listing.state != ListingState.READY:
                listing_transition(listing, ListingState.READY)
            for step in (ListingState.SUBMITTED, ListingState.LIVE):
                listing_transition(listing, step)
            Listing.objects.filter(pk=listing.pk).update(last_synced_at=timezone.now())
    elif listing is not None and listing.state == ListingState.LIVE:
        listing_transition(listing, ListingState.DELISTED)


def listings_sync_product(*, product: Product) -> int:
    """Queue a price/stock update for every live listing of the product; returns how many."""
    # The storefront reads the catalogue itself; only the marketplaces need to be told.
    live = list(
        Listing.objects.filter(product=product, state=ListingState.LIVE).exclude(
            channel__kind=ChannelKind.STOREFRONT
        )
    )
    with transaction.atomic():
        for listing in live:
            if not listing.outbox.filter(kind=OutboxKind.UPDATE, status="pending").exists():
                _enqueue(listing, OutboxKind.UPDATE)
    return len(live)


def listing_delist(*, actor: Any, listing: Listing) -> Listing:
    """Take a listing off its channel: at once on the storefront, through the outbox on a marketplace."""
    _check_can_change(actor, listing.product.business)
    if listing.state == ListingState.DELISTED:
        return listing
    with transaction.atomic():
        if listing.channel.kind == ChannelKind.API and listing.external_id:
            listing.outbox.filter(status="pending").update(
                status="failed", last_error=_("Diganti penurunan.")
            )
            _enqueue(listing, OutboxKind.DELIST)
        else:
            listing_transition(listing, ListingState.DELISTED)
    return listing


def _enqueue(listing: Listing, kind: str) -> OutboxEntry:
    return OutboxEntry.objects.create(listing=listing, kind=kind, next_attempt_at=timezone.now())


def country_code(value: str) -> str:
    """ISO 3166 alpha-2 from what a channel gives ("ID", "Indonesia"); "" when unknown."""
    text = (value or "").strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return COUNTRY_CODES.get(text.lower(), "")


def ledger_record_orders(*, connection: ShopConnection, orders: Iterable[ChannelOrder]) -> tuple[int, int]:
    """Add a channel's orders to the ledger once each; returns (added, already there).

    The caller holds the connection row locked (``select_for_update``), so two pulls of the same shop
    cannot both add an order. Lines are matched to the business's SKUs by seller SKU.
    """
    batch = {order.order_id: order for order in orders}
    known = set(
        SalesOrder.objects.filter(channel=connection.channel, external_id__in=list(batch)).values_list(
            "external_id", flat=True
        )
    )
    fresh = [order for order_id, order in batch.items() if order_id not in known]
    skus = dict(Sku.objects.filter(product__business=connection.business).values_list("code", "pk"))
    rows = [_order_row(connection, order) for order in fresh]
    SalesOrder.objects.bulk_create(rows)
    ids = dict(
        SalesOrder.objects.filter(
            channel=connection.channel, external_id__in=[o.order_id for o in fresh]
        ).values_list("external_id", "pk")
    )
    lines = [
        SalesLine(
            order_id=ids[order.order_id],
            sku_id=skus.get(line.seller_sku),
            seller_sku=line.seller_sku,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.quantity * line.unit_price,
        )
        for order in fresh
        for line in order.lines
    ]
    SalesLine.objects.bulk_create(lines, batch_size=5000)
    if fresh:
        _funnel_follows([connection.business_id])
    return len(fresh), len(known)


def _funnel_follows(business_ids: list[int]) -> None:
    """Bulk writes send no signal: tell the funnel which businesses have new facts (after commit)."""
    from lapak.funnel.services import funnel_follow

    funnel_follow(business_ids=business_ids)


def _order_row(connection: ShopConnection, order: ChannelOrder) -> SalesOrder:
    return SalesOrder(
        business_id=connection.business_id,
        channel_id=connection.channel_id,
        source=SaleSource.CHANNEL,
        is_online=True,
        external_id=order.order_id,
        ordered_at=order.created_at,
        status=order.status[:30],
        buyer_city=order.buyer_city[:100],
        buyer_province=order.buyer_province[:100],
        buyer_country=country_code(order.buyer_country) or "ID",
        total_amount=sum(line.quantity * line.unit_price for line in order.lines),
        fees=order.fees,
    )


ORDER_OVERLAP = timedelta(minutes=10)


REFRESH_AHEAD = timedelta(minutes=30)


def channel_app_keys(channel: Channel) -> "AppKeys":
    """The province's app keys for an API channel (from settings, never the database)."""
    from django.conf import settings

    from .authorization import AppKeys

    keys = settings.LAPAK_CHANNEL_KEYS.get(channel.code) or {}
    if channel.kind != "api" or not keys.get("app_key") or not keys.get("app_secret"):
        raise ValidationError(
            _("Kunci aplikasi %(channel)s belum diatur oleh admin.") % {"channel": channel.name}
        )
    return AppKeys(
        channel=channel.adapter,
        authorize_page=channel.authorize_page,
        token_host=channel.token_host or channel.base_url,
        app_key=keys["app_key"],
        app_secret=keys["app_secret"],
    )


def connection_authorize_url(
    *, actor: Any, business: Business, channel: Channel, redirect_uri: str, state: str
) -> str:
    """Where to send the owner so they can allow Lapak to manage their shop on ``channel``."""
    from .authorization import authorize_url

    _check_can_change(actor, business)
    if not channel.accepts_new_listings:
        raise ValidationError(
            _("%(channel)s sudah ditutup; toko baru tidak dapat disambungkan.") % {"channel": channel.name}
        )
    return authorize_url(channel_app_keys(channel), redirect_uri=redirect_uri, state=state, now=time.time())


def connection_complete(
    *, actor: Any, business: Business, channel: Channel, code: str, shop_id: str, client: httpx2.Client
) -> ShopConnection:
    """Exchange the one-time code from the channel's consent page for tokens and keep them encrypted."""
    from .authorization import token_exchange

    _check_can_change(actor, business)
    grant = token_exchange(client, channel_app_keys(channel), code=code, shop_id=shop_id, now=time.time())
    return connection_save(
        actor=actor,
        business=business,
        channel=channel,
        shop_id=grant.shop_id,
        shop_name=grant.shop_name,
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        access_expires_at=grant.access_expires_at,
        refresh_expires_at=grant.refresh_expires_at,
    )


def connections_refresh_due(*, client: httpx2.Client, now: datetime | None = None) -> int:
    """Refresh every active connection whose access token ends within 30 minutes; returns how many.

    A refused refresh (refresh token expired or revoked) marks the shop for reconnection.
    """
    from .authorization import token_refresh
    from .transport import ChannelError, TokenExpired

    now = now or timezone.now()
    due = ShopConnection.objects.select_related("channel").filter(
        status=ConnectionStatus.ACTIVE, access_expires_at__lte=now + REFRESH_AHEAD
    )
    refreshed = 0
    for connection in due:
        try:
            grant = token_refresh(
                client,
                channel_app_keys(connection.channel),
                now=now.timestamp(),
                refresh_token=decrypt_text(connection.refresh_token_encrypted),
                shop_id=connection.shop_id,
            )
        except TokenExpired:
            ShopConnection.objects.filter(pk=connection.pk).update(status=ConnectionStatus.EXPIRED)
            continue
        except ChannelError:
            continue  # transient: the next run tries again, the token is still valid for a while
        ShopConnection.objects.filter(pk=connection.pk).update(
            access_token_encrypted=encrypt_text(grant.access_token),
            refresh_token_encrypted=encrypt_text(grant.refresh_token),
            access_expires_at=grant.access_expires_at,
            refresh_expires_at=grant.refresh_expires_at,
        )
        refreshed += 1
    return refreshed


def sale_record_offline(
    *,
    actor: Any,
    business: Business,
    source: str,
    sold_on: date,
    sku: Sku,
    quantity: int,
    unit_price: int,
    buyer_city: str = "",
    buyer_province: str = "",
    buyer_country: str = "ID",
) -> SalesOrder:
    """Add one offline sale (Galeri, expo, monthly self-report) to the ledger, marked offline."""
    _check_can_change(actor, business)
    if sku.product.business_id != business.pk:
        raise ValidationError(_("SKU ini bukan milik usaha tersebut."))
    if quantity <= 0 or unit_price < 0:
        raise ValidationError(_("Jumlah harus lebih dari 0 dan harga tidak boleh negatif."))
    if sold_on > timezone.localdate():
        raise ValidationError(_("Tanggal penjualan tidak boleh di masa depan."))
    when = timezone.make_aware(datetime.combine(sold_on, datetime.min.time().replace(hour=12)))
    with transaction.atomic():
        order = SalesOrder.objects.create(
            business=business,
            channel=None,
            source=source,
            is_online=False,
            ordered_at=when,
            buyer_city=buyer_city,
            buyer_province=buyer_province,
            buyer_country=buyer_country,
            total_amount=quantity * unit_price,
        )
        SalesLine.objects.create(
            order=order,
            sku=sku,
            seller_sku=sku.code,
            quantity=quantity,
            unit_price=unit_price,
            amount=quantity * unit_price,
        )
    return order


def partner_key_create(*, channel: Channel, name: str) -> tuple["PartnerKey", str]:
    """A new partner key for ``channel``; the key is returned once and only its keyed hash is kept."""
    import secrets

    from lapak.core.crypto import keyed_hash

    from .models import PartnerKey

    raw = f"lpk_{channel.code}_{secrets.token_urlsafe(32)}"
    return PartnerKey.objects.create(channel=channel, name=name, key_hash=keyed_hash(raw)), raw


def category_mappings_save(*, actor: Any, channel: Channel, rows: dict[str, tuple[str, str, dict]]) -> int:
    """Set a channel's category mapping from the project taxonomy.

    ``rows`` is ``{category: (external id, external name, {our attribute: channel attribute})}``; an empty
    id removes the mapping. Returns how many categories are mapped afterwards.
    """
    from lapak.accounts.scoping import user_can
    from lapak.catalog.taxonomy import categories_by_code

    if actor is not None and not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang mengatur pemetaan kategori kanal."))
    known = categories_by_code()
    unknown = sorted(set(rows) - set(known))
    if unknown:
        raise ValidationError(_("Kategori tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    _category_rows_check(rows)
    with transaction.atomic():
        for category, (external_id, external_name, attributes) in rows.items():
            if not external_id.strip():
                CategoryMapping.objects.filter(channel=channel, category=category).delete()
                continue
            CategoryMapping.objects.update_or_create(
                channel=channel,
                category=category,
                defaults={
                    "external_category_id": external_id.strip(),
                    "external_category_name": external_name.strip(),
                    "attributes": attributes,
                },
            )
    return CategoryMapping.objects.filter(channel=channel).count()


MAPPING_ATTRIBUTES_MAX = 50  # attribute pairs per category; a channel's category has a few dozen at most


def _category_rows_check(rows: dict[str, tuple[str, str, dict]]) -> None:
    """Refuse an over-long id, name or attribute instead of cutting it: a silently shortened category id
    would publish products into the wrong channel category."""
    for category, (external_id, external_name, attributes) in rows.items():
        too_long = (
            len(external_id.strip()) > 40
            or len(external_name.strip()) > 200
            or len(attributes) > MAPPING_ATTRIBUTES_MAX
            or any(len(key) > 100 or len(value) > 100 for key, value in attributes.items())
        )
        if too_long:
            raise ValidationError(
                _(
                    "Pemetaan %(category)s terlalu panjang: ID paling banyak 40 karakter, nama 200, "
                    "atribut 100."
                )
                % {"category": category}
            )
