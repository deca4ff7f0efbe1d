"""sitemap.xml: an index of the product files (50,000 URLs each, the protocol's limit) and one file of
the catalogue's fixed pages and businesses. Written as text, streaming-free: a 50,000-line file is a few
megabytes and is cached per catalogue version."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.http import HttpRequest
from django.urls import reverse

from . import selectors

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_index_xml(request: HttpRequest) -> str:
    """The index: the pages-and-businesses file, then one file per 50,000 public products."""
    files = [reverse("storefront:sitemap_section", kwargs={"page": 0})]
    files += [
        reverse("storefront:sitemap_section", kwargs={"page": page})
        for page in range(1, selectors.sitemap_product_pages() + 1)
    ]
    lines = [f"<sitemap><loc>{escape(request.build_absolute_uri(f))}</loc></sitemap>" for f in files]
    return f'{HEADER}<sitemapindex xmlns="{NAMESPACE}">\n' + "\n".join(lines) + "\n</sitemapindex>\n"


def sitemap_products_xml(request: HttpRequest, page: int) -> str | None:
    """File 0: home, search and business pages; file n ≥ 1: the n-th 50,000 public products."""
    base = request.build_absolute_uri("/").rstrip("/")
    if page == 0:
        urls: list[tuple[str, str | None]] = [(reverse("storefront:home"), None)]
        urls += [
            (reverse("storefront:business", kwargs={"pk": pk}), None) for pk in selectors.sitemap_businesses()
        ]
    else:
        rows = selectors.sitemap_products(page)
        if not rows:
            return None
        urls = [
            (reverse("storefront:product", kwargs={"pk": pk}), changed.date().isoformat())
            for pk, changed in rows
        ]
    lines = [
        f"<url><loc>{escape(base + path)}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</url>"
        for path, lastmod in urls
    ]
    return f'{HEADER}<urlset xmlns="{NAMESPACE}">\n' + "\n".join(lines) + "\n</urlset>\n"
