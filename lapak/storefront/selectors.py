"""Reads of the public catalogue: which products and businesses anyone may see, and what of them.

The one rule (used by the storefront pages, its search index, the sitemap and the API's catalogue feed):
a product is public when it is active, its latest kurasi admits it, its storefront listing (channel
``lapak``) is live, and its business's owner consents to the public catalogue (``privacy``). Nothing
personal leaves through here: no NIK, no owner name, no e-mail; the phone, the address, the region
precision and the women-owned mark only as the owner chose in their public profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_aware, make_aware

from lapak.catalog.models import Product, ProductPhoto
from lapak.channels.models import ChannelKind, ChannelStatus, Listing, ListingState
from lapak.curation.models import Decision
from lapak.privacy.models import Purpose
from lapak.privacy.selectors import consent_q
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business, Sector

from .models import CatalogueState, PublicProfile, RegionPrecision, SearchDocument
from .search import QueryWord, facet_terms, match_sql, price_terms, query_words

STOREFRONT_CHANNEL = "lapak"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _live_on(channel_q: dict[str, object]) -> Exists:
    return Exists(
        Listing.objects.filter(product=OuterRef("pk"), state=ListingState.LIVE, **channel_q)  # type: ignore[arg-type]
    )


def public_products() -> QuerySet[Product]:
    """Products visible to the public: active, curated (at least layak pasar lokal), live on the
    storefront channel, of a business that consents to the public catalogue."""
    return Product.objects.filter(
        _live_on({"channel__code": STOREFRONT_CHANNEL, "channel__status": ChannelStatus.ACTIVE}),
        consent_q(Purpose.KATALOG_PUBLIK, prefix="business__"),
        is_active=True,
        curation_status__decision__gte=Decision.LAYAK_LOKAL,
    )


def product_pk_from(pk_or_slug: int | str) -> int | None:
    """``123``, ``"123"`` or ``"123-keripik-tempe"`` → 123; anything else → None."""
    if isinstance(pk_or_slug, int):
        return pk_or_slug
    head = str(pk_or_slug).split("-", 1)[0]
    return int(head) if head.isdigit() else None


def public_product(pk_or_slug: int | str) -> Product | None:
    """One public product with its business, or ``None`` when it does not exist or is not public."""
    pk = product_pk_from(pk_or_slug)
    if pk is None:
        return None
    return public_products().select_related("business", "curation_status").filter(pk=pk).first()


def public_businesses() -> QuerySet[Business]:
    """Businesses with at least one public product (which implies their catalogue consent)."""
    return Business.objects.filter(
        Exists(public_products().filter(business=OuterRef("pk"))),
        consent_q(Purpose.KATALOG_PUBLIK),
    )


def public_business(pk: int) -> Business | None:
    return public_businesses().select_related("kabkota", "kecamatan", "desa").filter(pk=pk).first()


def public_photos(product: Product) -> list[ProductPhoto]:
    """The product's photos in order (call only with a public product)."""
    return list(product.photos.order_by("position", "pk"))


def public_photo(pk: int) -> ProductPhoto | None:
    """A photo of a public product, or ``None``: the only photos served without a login."""
    return ProductPhoto.objects.filter(pk=pk, product__in=public_products()).first()


@dataclass(frozen=True)
class BuyLink:
    channel_code: str
    channel_name: str
    url: str


def buy_links(product: Product) -> list[BuyLink]:
    """Where to buy the product: its live listings on open marketplaces that have a listing URL."""
    listings = (
        Listing.objects.filter(
            product=product,
            state=ListingState.LIVE,
            channel__status=ChannelStatus.ACTIVE,
            channel__kind__in=[ChannelKind.API, ChannelKind.FILE],
        )
        .exclude(external_url="")
        .select_related("channel")
        .order_by("channel__name")
    )
    return [BuyLink(x.channel.code, x.channel.name, x.external_url) for x in listings]


@dataclass(frozen=True)
class PublicBusiness:
    """A business as the public may see it; built only from fields the owner chose to show."""

    pk: int
    name: str
    brand: str
    sector: str
    sector_label: str
    kabkota: str
    region: str  # at the precision the owner chose
    story: str
    phone: str  # "" unless the owner chose to show it
    address: str  # "" unless the owner chose to show it
    women_owned: bool  # False unless the owner chose to show it
    kopwan: bool


def public_profile(business: Business) -> PublicProfile:
    """The owner's choices, or the most private defaults when they have made none."""
    profile = PublicProfile.objects.filter(business=business).first()
    return profile or PublicProfile(business=business)


def public_business_facts(business: Business, profile: PublicProfile | None = None) -> PublicBusiness:
    """What the public may know of ``business`` (call only for a public business)."""
    profile = profile or public_profile(business)
    precision = profile.region_precision
    parts = [business.kabkota.name]
    if precision in (RegionPrecision.KECAMATAN, RegionPrecision.DESA, RegionPrecision.ADDRESS):
        parts.insert(0, f"Kec. {business.kecamatan.name}")
    if precision in (RegionPrecision.DESA, RegionPrecision.ADDRESS):
        parts.insert(0, business.desa.name)
    return PublicBusiness(
        pk=business.pk,
        name=business.name,
        brand=business.brand,
        sector=business.sector,
        sector_label=str(business.get_sector_display()),
        kabkota=business.kabkota.name,
        region=", ".join(parts),
        story=profile.story,
        phone=business.phone if profile.show_phone else "",
        address=business.address if precision == RegionPrecision.ADDRESS else "",
        women_owned=business.women_owned and profile.show_women_owned,
        kopwan=business.is_kopwan_member,
    )


# --- The catalogue version (cache key, ETag, Last-Modified) -------------------------------------------


STATE_SQL = f"SELECT version, changed_at FROM {CatalogueState._meta.db_table} WHERE id = 1"


def catalogue_state() -> tuple[int, datetime]:
    """The catalogue version and when it last changed: one primary-key read, asked on every public
    request, so written as plain SQL (the ORM's query compilation would cost more than the read)."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        row = cursor.fetchone()
    if row is None:
        return 0, EPOCH
    changed = row[1] if isinstance(row[1], datetime) else parse_datetime(str(row[1]))
    if changed is None:
        return int(row[0]), EPOCH
    return int(row[0]), changed if is_aware(changed) else make_aware(changed, UTC)


# --- Catalogue lists and search -----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilters:
    """What a buyer asked for; empty values mean "any"."""

    q: str = ""
    kabkota: str = ""
    category: str = ""  # a taxonomy group ("pangan") or a category code ("pangan.keripik")
    sector: str = ""
    price_min: int | None = None
    price_max: int | None = None
    certifications: tuple[str, ...] = ()  # of halal, bpom, pirt, sni: all required
    women_owned: bool = False
    kopwan: bool = False
    unggulan: bool = False


@dataclass(frozen=True)
class ProductCard:
    """What a product tile shows; read from the search document, nothing else about the business."""

    pk: int
    name: str
    price_min: int | None
    business_name: str
    kabkota_name: str
    halal: bool
    bpom: bool
    unggulan: bool
    photo_id: int | None
    photo_width: int = 0


@dataclass
class CatalogueResult:
    cards: list[ProductCard]
    total: int
    capped: bool
    page: int
    pages: int
    words: list[QueryWord] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        return any(w.how in ("typo", "prefix") for w in self.words)

    @property
    def ignored(self) -> list[str]:
        return [w.typed for w in self.words if w.how == "unknown"]


PAGE_SIZE = 24
COUNT_CAP = 1000
SORT_CAP = 5000
CERTIFICATIONS = ("halal", "bpom", "pirt", "sni")


def _filtered_documents(filters: CatalogueFilters, words: list[QueryWord]) -> QuerySet[SearchDocument] | None:
    """Documents matching the words and filters: words and filter values in one full-text match (an
    intersection inside the index), the price as a column condition. None: a query with no known word."""
    documents = SearchDocument.objects.all()
    word_groups = [w.terms for w in words if w.terms]
    if filters.q and not word_groups:
        return None
    facets = facet_terms(
        kabkota=filters.kabkota, category=filters.category, sector=filters.sector,
        certifications=tuple(c for c in filters.certifications if c in CERTIFICATIONS),
        women_owned=filters.women_owned, kopwan=filters.kopwan, unggulan=filters.unggulan,
    )  # fmt: skip
    bands = price_terms(filters.price_min, filters.price_max)
    match = match_sql([*word_groups, *((term,) for term in facets), bands])
    if match is not None:
        documents = documents.filter(RawSQL(match[0], match[1], output_field=BooleanField()))
    if filters.price_min is not None:
        documents = documents.filter(price_min__gte=filters.price_min)
    if filters.price_max is not None:
        documents = documents.filter(price_min__lte=filters.price_max)
    return documents


@contextmanager
def walk_in_rank_order() -> Iterator[None]:
    """On PostgreSQL, for the statements inside: no bitmap and no sequential scan, so a page of a
    broad search walks the rank index and stops after a page of matches. The planner estimates word
    combinations as independent ("tas anyaman pandan" as rare) and would otherwise fetch and sort
    every match."""
    if connection.vendor != "postgresql":
        yield
        return
    names = ("enable_bitmapscan", "enable_seqscan")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), current_setting(%s)", names)
        before = cursor.fetchone()
        cursor.execute("SELECT set_config(%s, 'off', true), set_config(%s, 'off', true)", names)
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                [names[0], before[0], names[1], before[1]],
            )


def catalogue_search(
    filters: CatalogueFilters, *, page: int = 1, page_size: int = PAGE_SIZE
) -> CatalogueResult:
    """One page of public products matching the filters, best first (produk unggulan, then kurasi);
    at most ``COUNT_CAP`` are counted ("1.000+").

    Up to ``SORT_CAP`` matches are read unordered (the full-text index's own plan) and sorted here: a
    plan that walks the rank order and filters each row would read the whole table for a rare
    combination. Beyond it the matches are dense (over 0.5 % of a million), and a walk in rank order
    finds a page early.
    """
    words = query_words(filters.q) if filters.q else []
    documents = _filtered_documents(filters, words)
    if documents is None:
        return CatalogueResult([], 0, False, 1, 1, words)
    hits = list(documents.order_by().values_list("product_id", "rank")[: max(SORT_CAP, COUNT_CAP) + 1])
    capped = len(hits) > COUNT_CAP
    total = min(len(hits), COUNT_CAP)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    offset = (page - 1) * page_size
    if len(hits) > SORT_CAP:
        with walk_in_rank_order():
            rows = list(documents.order_by("-rank", "product_id")[offset : offset + page_size])
    else:
        ids = [
            pk for pk, _rank in sorted(hits, key=lambda hit: (-hit[1], hit[0]))[offset : offset + page_size]
        ]
        by_pk = SearchDocument.objects.in_bulk(ids)
        rows = [by_pk[pk] for pk in ids if pk in by_pk]
    return CatalogueResult(product_cards(rows), total, capped, page, pages, words)


def product_cards(documents: list[SearchDocument]) -> list[ProductCard]:
    """Tiles for these documents, keeping only products that are public right now (the index follows
    every change, this guards against one it missed)."""
    ids = [d.product_id for d in documents]
    public = set(public_products().filter(pk__in=ids).values_list("pk", flat=True))
    photos: dict[int, tuple[int, int]] = {}
    rows = ProductPhoto.objects.filter(product_id__in=public).order_by("-position", "-pk")
    for product_id, photo_id, width in rows.values_list("product_id", "pk", "width"):
        photos[product_id] = (photo_id, width)  # the last written is the first photo
    names = dict(Business.objects.filter(pk__in={d.business_id for d in documents}).values_list("pk", "name"))
    regions = kabkota_names()
    return [
        ProductCard(
            pk=d.product_id,
            name=d.name,
            price_min=d.price_min,
            business_name=names.get(d.business_id, ""),
            kabkota_name=regions.get(d.kabkota, ""),
            halal=d.halal,
            bpom=d.bpom,
            unggulan=d.unggulan,
            photo_id=photos.get(d.product_id, (None, 0))[0],
            photo_width=photos.get(d.product_id, (None, 0))[1],
        )
        for d in documents
        if d.product_id in public
    ]


def kabkota_names() -> dict[str, str]:
    """Kab/kota of the home province, code → name."""
    return dict(
        Region.objects.filter(level=RegionLevel.KABKOTA, parent_id=settings.LAPAK_HOME_PROVINCE)
        .order_by("code")
        .values_list("code", "name")
    )


@dataclass(frozen=True)
class UnggulanSection:
    kabkota: str
    kabkota_name: str
    cards: list[ProductCard]


def home_unggulan(*, per_kabkota: int = 6) -> list[UnggulanSection]:
    """Produk unggulan of each kab/kota that has public ones, best first, sectors interleaved."""
    rows = SearchDocument.objects.filter(unggulan=True).order_by("kabkota", "-rank", "product_id")
    by_kabkota: dict[str, list[SearchDocument]] = {}
    for row in rows[:2000]:
        by_kabkota.setdefault(row.kabkota, []).append(row)
    regions = kabkota_names()
    sections = []
    for code, documents in by_kabkota.items():
        cards = product_cards(_interleave_sectors(documents)[:per_kabkota])
        if cards:
            sections.append(UnggulanSection(code, regions.get(code, code), cards))
    return sections


def _interleave_sectors(documents: list[SearchDocument]) -> list[SearchDocument]:
    """The best of each sector first, then the second best of each, …"""
    by_sector: dict[str, list[SearchDocument]] = {}
    for document in documents:
        by_sector.setdefault(document.sector, []).append(document)
    result: list[SearchDocument] = []
    depth = max((len(v) for v in by_sector.values()), default=0)
    for i in range(depth):
        result.extend(group[i] for group in by_sector.values() if i < len(group))
    return result


def home_counts() -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """Public products per kab/kota and per sector: (code, name, count), largest first."""
    regions = kabkota_names()
    sectors = dict(Sector.choices)
    by_kabkota = (
        SearchDocument.objects.values_list("kabkota").annotate(n=Count("pk")).order_by("-n", "kabkota")
    )
    by_sector = SearchDocument.objects.values_list("sector").annotate(n=Count("pk")).order_by("-n", "sector")
    return (
        [(code, regions.get(code, code), n) for code, n in by_kabkota],
        [(code, str(sectors.get(code, code)), n) for code, n in by_sector],
    )


SITEMAP_SIZE = 50_000  # the sitemap protocol's limit per file


def sitemap_products(page: int) -> list[tuple[int, datetime]]:
    """Public products of one sitemap file: (pk, last change), by pk."""
    rows = public_products().order_by("pk").values_list("pk", "updated_at")
    return list(rows[(page - 1) * SITEMAP_SIZE : page * SITEMAP_SIZE])


def sitemap_product_pages() -> int:
    return max(1, -(-public_products().count() // SITEMAP_SIZE))


def sitemap_businesses() -> list[int]:
    return list(public_businesses().order_by("pk").values_list("pk", flat=True)[:SITEMAP_SIZE])
