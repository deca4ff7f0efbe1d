"""Building search documents: one narrow row per public product with its index terms and filter columns.

Reads only; ``services`` writes them. A handful of queries per batch of products, never one per product.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Min, Q
from django.utils import timezone, translation

from lapak.catalog.models import CertificationKind, Product, ProductCertification
from lapak.catalog.readiness import CertState
from lapak.catalog.selectors import certification_state
from lapak.catalog.taxonomy import category_get
from lapak.curation.models import UnggulanEntry, UnggulanList

from .models import PublicProfile, SearchDocument
from .search import facet_terms, index_terms

UNGGULAN_RANK = 100_000
DECISION_RANK = 10_000


def document_rank(*, unggulan: bool, decision: int, score: Decimal | None) -> int:
    """Order of the catalogue lists: produk unggulan first, then the kurasi decision, then its score."""
    return (UNGGULAN_RANK if unggulan else 0) + decision * DECISION_RANK + int((score or 0) * 10)


def valid_certifications(product_ids: list[int]) -> dict[int, set[str]]:
    """The certification kinds of each product that stand (document verified and not expired): only
    those become public badges and filters."""
    today = timezone.localdate()
    found: dict[int, set[str]] = defaultdict(set)
    rows = ProductCertification.objects.filter(product_id__in=product_ids).select_related("document")
    for row in rows:
        if certification_state(row.document, today=today) == CertState.VALID:
            found[row.product_id].add(row.kind)
    return found


def current_unggulan(product_ids: list[int]) -> set[int]:
    """Products in the newest confirmed produk unggulan list of their kab/kota."""
    entries = list(
        UnggulanEntry.objects.filter(product_id__in=product_ids).values_list(
            "product_id", "unggulan_list__kabkota_id", "unggulan_list__year"
        )
    )
    kabkotas = {kabkota for _pk, kabkota, _year in entries}
    newest = dict(
        UnggulanList.objects.filter(kabkota_id__in=kabkotas)
        .values("kabkota_id")
        .annotate(year=Max("year"))
        .values_list("kabkota_id", "year")
    )
    return {pk for pk, kabkota, year in entries if newest.get(kabkota) == year}


def documents_build(product_ids: list[int]) -> list[SearchDocument]:
    """Unsaved documents for the given products (call with public products only)."""
    products = list(
        Product.objects.filter(pk__in=product_ids)
        .select_related("business__kabkota", "curation_status")
        .annotate(price_min=Min("skus__price", filter=Q(skus__is_active=True)))
    )
    certificates = valid_certifications(product_ids)
    unggulan = current_unggulan(product_ids)
    profiles = {
        p.business_id: p
        for p in PublicProfile.objects.filter(business_id__in={p.business_id for p in products})
    }
    with translation.override("id"):
        return [
            _document(p, certificates[p.pk], p.pk in unggulan, profiles.get(p.business_id)) for p in products
        ]


def _document(
    product: Product, certificates: set[str], unggulan: bool, profile: PublicProfile | None
) -> SearchDocument:
    business = product.business
    category = category_get(product.category)
    status = getattr(product, "curation_status", None)
    labels = [str(category.name), str(category.group_name)] if category else []
    text = " ".join(
        [
            product.name, product.brand, product.description, *labels, business.name, business.brand,
            business.kabkota.name, *(str(CertificationKind(k).label) for k in sorted(certificates)),
        ]
    )  # fmt: skip
    women_owned = business.women_owned and profile is not None and profile.show_women_owned
    facets = facet_terms(
        kabkota=business.kabkota_id, category=product.category, sector=business.sector,
        certifications=tuple(sorted(certificates)), women_owned=women_owned, kopwan=business.is_kopwan_member,
        unggulan=unggulan, price=product.price_min,  # type: ignore[attr-defined]
    )  # fmt: skip
    group = product.category.split(".", 1)[0]
    return SearchDocument(
        product_id=product.pk,
        business_id=business.pk,
        kabkota=business.kabkota_id,
        sector=business.sector,
        category=product.category,
        category_group=group,
        price_min=product.price_min,  # type: ignore[attr-defined]
        halal=CertificationKind.HALAL in certificates,
        bpom=CertificationKind.BPOM in certificates,
        pirt=CertificationKind.PIRT in certificates,
        sni=CertificationKind.SNI in certificates,
        women_owned=women_owned,
        kopwan=business.is_kopwan_member,
        unggulan=unggulan,
        rank=document_rank(
            unggulan=unggulan,
            decision=status.decision if status else 0,
            score=status.score if status else None,
        ),
        name=product.name[:255],
        text=" ".join(index_terms(text)),
        facets=" ".join([*facets, *facet_terms(category=group)]),
    )
