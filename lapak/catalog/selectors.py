"""Reads of the catalogue, always through the user's scope (``Product.objects.visible_to``)."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import Case, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Sum, When
from django.utils import timezone

from lapak.accounts.scoping import Action, scope_q, user_can
from lapak.catalog.materials import material_kinds_by_code, material_lead_word
from lapak.catalog.models import (
    DOMESTIC_ORIGINS,
    LOCAL_ORIGINS,
    CertificationKind,
    Origin,
    Product,
    ProductCertification,
    ProductPhoto,
    RawMaterial,
)
from lapak.catalog.readiness import (
    CertState,
    ChannelReadiness,
    ProductFacts,
    SkuFacts,
    readiness_all,
)
from lapak.registry.models import Business, LegalityDocument, VerificationStatus

PAGE_SIZE = 24
COUNT_CAP = 10_000
SUGGESTIONS_SHOWN = 5


def products_visible(*, user: Any) -> QuerySet[Product]:
    """Products the user may see, with what a list shows (business, kab/kota, photos, lowest price)."""
    photos = ProductPhoto.objects.order_by("position", "id")
    return (
        Product.objects.visible_to(user)
        .select_related("business", "business__kabkota")
        .prefetch_related(Prefetch("photos", queryset=photos))
        .annotate(min_price=Min("skus__price", filter=Q(skus__is_active=True)))
    )


def product_list(*, user: Any, business: Business | None = None, search: str = "") -> QuerySet[Product]:
    """The products of one business, or of every business in scope, optionally searched by name."""
    queryset = products_visible(user=user)
    if business is not None:
        queryset = queryset.filter(business=business)
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset.order_by("name", "id")


@dataclass(frozen=True)
class ProductPage:
    rows: list[Product]
    number: int
    total: int
    total_capped: bool
    has_next: bool


def product_page(*, queryset: QuerySet[Product], number: int, page_size: int = PAGE_SIZE) -> ProductPage:
    """One page of products, with a total counted up to ``COUNT_CAP`` so a province-wide list stays fast."""
    total = queryset.order_by()[: COUNT_CAP + 1].count()
    last = max(1, -(-min(total, COUNT_CAP) // page_size))
    number = min(max(1, number), last)
    rows = list(queryset[(number - 1) * page_size : number * page_size])
    return ProductPage(rows, number, min(total, COUNT_CAP), total > COUNT_CAP, number < last)


def businesses_for_products(*, user: Any) -> QuerySet[Business]:
    """Businesses whose products the user may add to and change (the registry's CHANGE right)."""
    return Business.objects.restrict(user, Action.CHANGE).order_by("name", "id")


def product_can_change(*, user: Any, product: Product) -> bool:
    """Whether the user may change this product (and so its SKUs, photos and materials)."""
    return businesses_for_products(user=user).filter(pk=product.business_id).exists()


def certification_documents(*, business: Business) -> dict[str, list[LegalityDocument]]:
    """The business's legality documents a product certification can point at, by kind."""
    kinds = [kind.value for kind in CertificationKind]
    documents: dict[str, list[LegalityDocument]] = {kind: [] for kind in kinds}
    for document in business.documents.filter(kind__in=kinds).order_by("kind", "-expires_on", "id"):
        documents[document.kind].append(document)
    return documents


def certification_state(document: LegalityDocument | None, *, today: date) -> str:
    """How a product certification stands, read from the legality document linked to it."""
    if document is None:
        return CertState.NO_DOCUMENT
    if document.status == VerificationStatus.REJECTED:
        return CertState.REJECTED
    if document.expires_on is not None and document.expires_on < today:
        return CertState.EXPIRED
    return CertState.VALID if document.status == VerificationStatus.VERIFIED else CertState.PENDING


def product_certifications(
    *, product: Product, today: date | None = None
) -> list[tuple[ProductCertification, str]]:
    """The product's certifications, each with how it stands (``CertState``)."""
    today = today or timezone.localdate()
    rows = product.certifications.select_related("document")
    return [(row, certification_state(row.document, today=today)) for row in rows]


def product_facts(*, product: Product, today: date | None = None) -> ProductFacts:
    """A snapshot of the product for the readiness rules (a few small queries, no writes)."""
    today = today or timezone.localdate()
    certifications = product.certifications.select_related("document")
    return ProductFacts(
        name=product.name,
        description=product.description,
        category=product.category,
        brand=product.brand,
        attributes=product.attributes or {},
        photo_sizes=tuple(product.photos.values_list("width", "height")),
        skus=tuple(
            SkuFacts(sku.price, sku.stock, sku.weight_grams, sku.has_dimensions, sku.is_active)
            for sku in product.skus.all()
        ),
        certifications={c.kind: certification_state(c.document, today=today) for c in certifications},
        shelf_life_days=product.shelf_life_days,
        storage=product.storage,
    )


def product_readiness(*, product: Product, today: date | None = None) -> list[ChannelReadiness]:
    """The product's checklist for every sales channel, with percentage and what is missing."""
    today = today or timezone.localdate()
    return readiness_all(product_facts(product=product, today=today), today=today)


# --- local content ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionShare:
    kabkota_code: str
    kabkota_name: str
    products: int
    local: Decimal
    domestic: Decimal
    imported: Decimal


def _percent(part: Decimal | None, total: Decimal | None) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(100) * (part or 0) / total).quantize(Decimal("0.1"))


def local_content_by_kabkota(*, user: Any) -> list[RegionShare]:
    """Local-content shares per kab/kota over the raw materials of active products in the user's scope.

    One grouped query: the shares of all materials of a kab/kota's products are summed by origin, so
    each product weighs by the input it lists (a product listing 100 percent counts fully).
    """
    if not user_can(user, Action.VIEW):
        return []
    kabkota = "product__business__kabkota"
    rows = (
        RawMaterial.objects.filter(scope_q(user, prefix="product__business__"), product__is_active=True)
        .values(f"{kabkota}_id", f"{kabkota}__name")
        .annotate(
            products=Count("product_id", distinct=True),
            total=Sum("share"),
            local=Sum("share", filter=Q(origin__in=LOCAL_ORIGINS)),
            domestic=Sum("share", filter=Q(origin__in=DOMESTIC_ORIGINS)),
            imported=Sum("share", filter=Q(origin=Origin.IMPORTED)),
        )
        .order_by(f"{kabkota}_id")
    )
    return [
        RegionShare(
            kabkota_code=row[f"{kabkota}_id"],
            kabkota_name=row[f"{kabkota}__name"],
            products=row["products"],
            local=_percent(row["local"], row["total"]),
            domestic=_percent(row["domestic"], row["total"]),
            imported=_percent(row["imported"], row["total"]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class SupplierMatch:
    business: Business
    reason: str


@dataclass(frozen=True)
class SourcingSuggestion:
    """Registered businesses of the province that might supply a material now bought from outside it."""

    material: RawMaterial
    total: int
    by_kabkota: list[tuple[str, int]]
    shown: list[SupplierMatch]


def _supplier_q(material: RawMaterial) -> Q | None:
    """Businesses whose KBLI starts with a prefix of the material's kind, or with a product whose name
    begins with the material's first word."""
    kind = material_kinds_by_code().get(material.category)
    conditions = [Q(kbli_code__startswith=prefix) for prefix in (kind.kbli_prefixes if kind else ())]
    word = material_lead_word(material.name)
    if word:
        conditions.append(Q(Exists(Product.objects.filter(business=OuterRef("pk"), name__istartswith=word))))
    return reduce(operator.or_, conditions) if conditions else None


def _match_reason(business: Business, material: RawMaterial) -> str:
    kind = material_kinds_by_code().get(material.category)
    if kind and business.kbli_code.startswith(kind.kbli_prefixes):
        return f"KBLI {business.kbli_code}"
    word = material_lead_word(material.name)
    names = [p.name for p in business.products.all() if word and p.name.lower().startswith(word)]
    return names[0] if names else ""


def local_sources_for(*, product: Product, user: Any) -> list[SourcingSuggestion]:
    """For each material bought outside the province, registered businesses of the province that may
    supply it: counted per kab/kota over the whole province, named only where the user may see them."""
    business = product.business
    suggestions = []
    outside = product.raw_materials.exclude(origin__in=LOCAL_ORIGINS)
    for material in outside:
        q = _supplier_q(material)
        if q is None:
            continue
        candidates = Business.objects.filter(q, province_id=business.province_id).exclude(pk=business.pk)
        counts = list(
            candidates.values_list("kabkota__name").annotate(n=Count("id")).order_by("-n", "kabkota__name")
        )
        visible = (
            candidates.filter(scope_q(user)).prefetch_related("products").select_related("kabkota")
            if user_can(user, Action.VIEW)
            else candidates.none()
        )
        same_kabkota_first = Case(When(kabkota_id=business.kabkota_id, then=0), default=1)
        same_first = visible.order_by(same_kabkota_first, "name", "id")[:SUGGESTIONS_SHOWN]
        shown = [SupplierMatch(b, _match_reason(b, material)) for b in same_first]
        suggestions.append(SourcingSuggestion(material, sum(n for _, n in counts), counts, shown))
    return suggestions
