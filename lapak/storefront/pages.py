"""What the public pages show: context for the templates, the schema.org JSON-LD and Open Graph data.

Everything here starts from a public product or business (``selectors``) and keeps to what may be
public: the owner's choices for the business, valid certifications only, live marketplace links only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lapak.catalog.models import CertificationKind, Product, ProductPhoto
from lapak.catalog.readiness import CertState
from lapak.catalog.selectors import certification_state
from lapak.catalog.taxonomy import category_get
from lapak.curation.models import Decision
from lapak.registry.models import Business

from . import selectors
from .caching import PAGE_SECONDS, _cache, catalogue_stamp
from .documents import current_unggulan

# Card images are shown about 160-200 CSS pixels wide: the 400 px thumbnail serves 1x and 2x screens,
# the photo itself only denser ones.
CARD_SIZES = "(max-width: 520px) 46vw, 200px"
MAIN_SIZES = "(max-width: 720px) 100vw, 640px"
SITE_NAME = "Etalase Lapak"
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class PhotoView:
    pk: int
    src: str
    thumb: str
    srcset: str
    width: int
    height: int


def photo_view(photo: ProductPhoto) -> PhotoView:
    src = reverse("storefront:photo", kwargs={"pk": photo.pk})
    thumb = reverse("storefront:thumbnail", kwargs={"pk": photo.pk})
    from lapak.catalog.photos import THUMBNAIL_EDGE

    return PhotoView(
        photo.pk, src, thumb, f"{thumb} {THUMBNAIL_EDGE}w, {src} {photo.width}w", photo.width, photo.height
    )


def photo_file_name(pk: int, *, thumbnail: bool) -> str | None:
    """The stored file of a public product's photo, or None; remembered per catalogue version."""
    stamp, _changed = catalogue_stamp()
    key = f"sf:{stamp}:photo:{pk}"
    cache = _cache()
    names = cache.get(key)
    if names is None:
        photo = selectors.public_photo(pk)
        names = (photo.image.name, photo.thumbnail.name) if photo else ("", "")
        cache.set(key, names, PAGE_SECONDS)
    return names[1 if thumbnail else 0] or None


def home_context(request: HttpRequest) -> dict[str, Any]:
    sections = selectors.home_unggulan()
    by_kabkota, by_sector = selectors.home_counts()
    picks = [] if sections else selectors.catalogue_search(selectors.CatalogueFilters(), page_size=12).cards
    return {
        "sections": sections,
        "picks": picks,
        "by_kabkota": by_kabkota,
        "by_sector": by_sector,
        "card_sizes": CARD_SIZES,
        "canonical": request.build_absolute_uri(reverse("storefront:home")),
    }


@dataclass(frozen=True)
class Badge:
    code: str
    label: str


def certification_badges(product: Product) -> list[Badge]:
    """Certifications that stand today (a verified, unexpired document): claims the province vouches for."""
    today = timezone.localdate()
    rows = product.certifications.select_related("document").order_by("kind")
    return [
        Badge(row.kind, str(CertificationKind(row.kind).label))
        for row in rows
        if certification_state(row.document, today=today) == CertState.VALID
    ]


def product_context(request: HttpRequest, product: Product) -> dict[str, Any]:
    business = product.business
    facts = selectors.public_business_facts(business)
    photos = [photo_view(p) for p in selectors.public_photos(product)]
    skus = list(product.skus.filter(is_active=True).order_by("position", "pk"))
    prices = [sku.price for sku in skus]
    links = selectors.buy_links(product)
    badges = certification_badges(product)
    status = getattr(product, "curation_status", None)
    category = category_get(product.category)
    url = request.build_absolute_uri(reverse("storefront:product", kwargs={"pk": product.pk}))
    image_urls = [request.build_absolute_uri(p.src) for p in photos]
    description = Truncator(strip_tags(product.description)).chars(200) or product.name
    return {
        "product": product,
        "facts": facts,
        "photos": photos,
        "main_sizes": MAIN_SIZES,
        "card_sizes": CARD_SIZES,
        "skus": skus,
        "price_low": min(prices) if prices else None,
        "price_high": max(prices) if prices else None,
        "links": links,
        "badges": badges,
        "unggulan": product.pk in current_unggulan([product.pk]),
        "decision": Decision(status.decision).label if status else "",
        "category": category.name if category else "",
        "canonical": url,
        "og": {
            "title": product.name,
            "description": description,
            "image": request.build_absolute_uri(photos[0].thumb) if photos else "",
            "url": url,
            "type": "product",
        },
        "json_ld": product_json_ld(product, url, image_urls, prices, links, facts.name),
        "more": _more_from_business(product, business),
    }


def _more_from_business(product: Product, business: Business) -> list[selectors.ProductCard]:
    from .models import SearchDocument

    documents = list(
        SearchDocument.objects.filter(business=business)
        .exclude(pk=product.pk)
        .order_by("-rank", "product_id")[:4]
    )
    return selectors.product_cards(documents)


def product_json_ld(
    product: Product,
    url: str,
    images: list[str],
    prices: list[int],
    links: list[selectors.BuyLink],
    business_name: str,
) -> SafeString:
    """schema.org Product with an AggregateOffer over its prices and one Offer per marketplace link."""
    in_stock = product.skus.filter(is_active=True, stock__gt=0).exists()
    availability = "https://schema.org/InStock" if in_stock else "https://schema.org/OutOfStock"
    low, high = (min(prices), max(prices)) if prices else (0, 0)
    offers = [
        {
            "@type": "Offer",
            "url": link.url,
            "price": low,
            "priceCurrency": "IDR",
            "availability": availability,
            "seller": {"@type": "Organization", "name": link.channel_name},
        }
        for link in links
    ] or [{"@type": "Offer", "url": url, "price": low, "priceCurrency": "IDR", "availability": availability}]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": strip_tags(product.description) or product.name,
        "url": url,
        "image": images,
        "brand": {"@type": "Brand", "name": product.brand or business_name},
        "category": str(category.name) if (category := category_get(product.category)) else "",
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "IDR",
            "lowPrice": low,
            "highPrice": high,
            "offerCount": len(offers),
            "offers": offers,
        },
    }
    # Escaped so no text of the product can close the <script> element it is printed in.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))


def business_context(request: HttpRequest, business: Business) -> dict[str, Any]:
    facts = selectors.public_business_facts(business)
    from .models import SearchDocument

    documents = list(SearchDocument.objects.filter(business=business).order_by("-rank", "product_id")[:48])
    cards = selectors.product_cards(documents)
    url = request.build_absolute_uri(reverse("storefront:business", kwargs={"pk": business.pk}))
    first_photo = next((c.photo_id for c in cards if c.photo_id), None)
    image = reverse("storefront:thumbnail", kwargs={"pk": first_photo}) if first_photo else ""
    return {
        "business": facts,
        "cards": cards,
        "card_sizes": CARD_SIZES,
        "canonical": url,
        "og": {
            "title": facts.name,
            "description": Truncator(facts.story).chars(200)
            or _("Produk %(name)s dari %(region)s di Etalase Lapak.")
            % {"name": facts.name, "region": facts.kabkota},
            "image": request.build_absolute_uri(image) if image else "",
            "url": url,
            "type": "website",
        },
    }
