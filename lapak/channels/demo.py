"""Demo channels data: shops, listings on the storefront and two marketplaces, and a year of sales.

Runs after the catalogue and kurasi demos. Curated products are live on the storefront; the demo
businesses with a connected shop have them live on TikTok Shop and Shopee too (ids as the sandbox
would give, tokens that only the sandbox accepts). Sales: online orders from across Indonesia and a
few abroad, offline sales at the Galeri and expos, and old Bukalapak reports imported as sales. Same
seed, same data; skipped when any sales order exists.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lapak.catalog.models import Product, Sku
from lapak.curation.selectors import curated_products
from lapak.privacy.models import ConsentSource, Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant

from .models import (
    Channel,
    ConnectionStatus,
    Listing,
    ListingState,
    SalesLine,
    SalesOrder,
    SaleSource,
    ShopConnection,
)
from .services import connection_save

# Where buyers of East Java products live (weights, roughly as marketplace reports describe it).
PROVINCES = (
    ("Jawa Timur", "Kota Surabaya", 30),
    ("DKI Jakarta", "Kota Jakarta Selatan", 18),
    ("Jawa Barat", "Kota Bandung", 14),
    ("Jawa Tengah", "Kota Semarang", 9),
    ("Bali", "Kota Denpasar", 6),
    ("Banten", "Kota Tangerang", 5),
    ("Sumatera Utara", "Kota Medan", 4),
    ("Sulawesi Selatan", "Kota Makassar", 3),
    ("Kalimantan Timur", "Kota Balikpapan", 3),
    ("DI Yogyakarta", "Kota Yogyakarta", 3),
)
ABROAD = (("MY", "Kuala Lumpur"), ("SG", "Singapura"), ("SA", "Jeddah"), ("HK", "Hong Kong"))
MARKETPLACES = ("tiktok", "shopee")
DEMO_TOKEN = "demo-sandbox-token"


def demo_channels_create(*, seed: int = 2026, months: int = 12) -> int:
    """Create demo connections, listings and sales unless sales exist; returns how many orders were made."""
    if SalesOrder.objects.exists():
        return 0
    rng = random.Random(seed)
    channels = {channel.code: channel for channel in Channel.objects.all()}
    products = list(curated_products().select_related("business").order_by("pk"))
    now = timezone.now()
    with transaction.atomic():
        live = _listings(products, channels, rng, now)
        orders = _online_sales(live, channels, rng, now, months)
        orders += _offline_sales(products, rng, now, months)
        orders += _bukalapak_history(products, channels, rng)
    return orders


def _listings(
    products: list[Product], channels: dict[str, Channel], rng: random.Random, now: datetime
) -> list[tuple[Product, Channel]]:
    live: list[tuple[Product, Channel]] = []
    connected: set[int] = set()
    for index, product in enumerate(products):
        # Its storefront listing went live when kurasi passed (services.storefront_follow_curation).
        if index % 3 == 2:
            continue  # a third stay on the storefront only: their owners have no shop yet
        if product.business_id not in connected:
            _connect(product, channels, now)
            connected.add(product.business_id)
        for code in MARKETPLACES if index % 2 == 0 else MARKETPLACES[:1]:
            skus = {sku.code: str(rng.randint(10**9, 10**10)) for sku in product.skus.all()}
            Listing.objects.create(
                product=product,
                channel=channels[code],
                state=ListingState.LIVE,
                external_id=str(rng.randint(10**9, 10**10)),
                sku_ids=skus,
                last_synced_at=now,
            )
            live.append((product, channels[code]))
    return live


def _connect(product: Product, channels: dict[str, Channel], now: datetime) -> None:
    wording = wording_current(Purpose.MARKETPLACE)
    if wording is not None:  # the owner agreed to marketplaces before connecting a shop
        consent_grant(
            actor=None, business=product.business, purpose=Purpose.MARKETPLACE, wording=wording,
            source=ConsentSource.DEMO,
        )  # fmt: skip
    for code in MARKETPLACES:
        connection_save(
            actor=None,
            business=product.business,
            channel=channels[code],
            shop_id=str(7000 + product.business_id),
            shop_name=f"Toko {product.business.name}"[:150],
            access_token=DEMO_TOKEN,
            refresh_token=DEMO_TOKEN,
            access_expires_at=now + timedelta(days=7),
            refresh_expires_at=now + timedelta(days=30),
        )
    ShopConnection.objects.filter(business=product.business).update(status=ConnectionStatus.ACTIVE)


def _buyer(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.04:
        country, city = rng.choice(ABROAD)
        return city, "", country
    province, city, _weight = rng.choices(PROVINCES, weights=[w for *_, w in PROVINCES])[0]
    return city, province, "ID"


def _online_sales(
    live: list[tuple[Product, Channel]],
    channels: dict[str, Channel],
    rng: random.Random,
    now: datetime,
    months: int,
) -> int:
    orders: list[SalesOrder] = []
    lines: list[tuple[int, Sku, int]] = []
    for product, channel in live:
        skus = list(product.skus.all())
        if not skus:
            continue
        for number in range(rng.randint(4, 40)):
            when = now - timedelta(days=rng.randint(0, months * 30), hours=rng.randint(0, 23))
            city, province, country = _buyer(rng)
            sku, quantity = rng.choice(skus), rng.randint(1, 4)
            orders.append(
                SalesOrder(
                    business_id=product.business_id,
                    channel=channel,
                    source=SaleSource.CHANNEL,
                    is_online=True,
                    external_id=f"{channel.code[:2].upper()}{product.pk:05d}{number:04d}",
                    ordered_at=when,
                    status="SELESAI",
                    buyer_city=city,
                    buyer_province=province,
                    buyer_country=country,
                    total_amount=quantity * sku.price,
                    fees=quantity * sku.price * rng.choice((4, 5, 6)) // 100,
                )
            )
            lines.append((len(orders) - 1, sku, quantity))
    return _save(orders, lines)


def _offline_sales(products: list[Product], rng: random.Random, now: datetime, months: int) -> int:
    orders: list[SalesOrder] = []
    lines: list[tuple[int, Sku, int]] = []
    for product in products[::2]:
        skus = list(product.skus.all())
        for _month in range(rng.randint(1, months)):
            if not skus:
                break
            source = rng.choice(
                (SaleSource.GALERI, SaleSource.GALERI, SaleSource.EXPO, SaleSource.SELF_REPORT)
            )
            sku, quantity = rng.choice(skus), rng.randint(2, 30)
            orders.append(
                SalesOrder(
                    business_id=product.business_id,
                    channel=None,
                    source=source,
                    is_online=False,
                    ordered_at=now - timedelta(days=rng.randint(0, months * 30)),
                    buyer_city="Kota Surabaya",
                    buyer_province="Jawa Timur",
                    total_amount=quantity * sku.price,
                )
            )
            lines.append((len(orders) - 1, sku, quantity))
    return _save(orders, lines)


def _bukalapak_history(products: list[Product], channels: dict[str, Channel], rng: random.Random) -> int:
    """Listings left on Bukalapak when it closed (to move elsewhere) and their 2024 sales, from reports."""
    orders: list[SalesOrder] = []
    lines: list[tuple[int, Sku, int]] = []
    for product in products[1::5]:
        Listing.objects.create(
            product=product,
            channel=channels["bukalapak"],
            state=ListingState.DELISTED,
            external_id=str(rng.randint(10**8, 10**9)),
            needs_migration=True,
        )
        skus = list(product.skus.all())
        for number in range(rng.randint(3, 12)) if skus else ():
            sku, quantity = rng.choice(skus), rng.randint(1, 3)
            city, province, country = _buyer(rng)
            orders.append(
                SalesOrder(
                    business_id=product.business_id,
                    channel=channels["bukalapak"],
                    source=SaleSource.CHANNEL_FILE,
                    is_online=True,
                    external_id=f"BL{product.pk:05d}{number:03d}",
                    ordered_at=timezone.make_aware(datetime(2024, rng.randint(1, 12), rng.randint(1, 28))),
                    status="Diterima",
                    buyer_city=city,
                    buyer_province=province,
                    buyer_country=country,
                    total_amount=quantity * sku.price,
                )
            )
            lines.append((len(orders) - 1, sku, quantity))
    return _save(orders, lines)


def _save(orders: list[SalesOrder], lines: list[tuple[int, Sku, int]]) -> int:
    saved = SalesOrder.objects.bulk_create(orders, batch_size=2000)
    SalesLine.objects.bulk_create(
        [
            SalesLine(
                order=saved[index],
                sku=sku,
                seller_sku=sku.code,
                quantity=quantity,
                unit_price=sku.price,
                amount=quantity * sku.price,
            )
            for index, sku, quantity in lines
        ],
        batch_size=2000,
    )
    return len(saved)
