"""HTTP and page caching of the public catalogue, keyed by the catalogue version.

Every public page's ETag is the catalogue version (plus the language), its Last-Modified the time of the
last change, so a conditional request is answered 304 after one primary-key read, without rendering.
A full response is rendered once per version, URL and language and kept in the ``storefront`` cache
(per process on the embedded default: ``LocMemCache``); a change to public data bumps the version
(``services.catalogue_bump``), so no page outlives the data it shows. Browsers and proxies may store the
pages but must revalidate (``no-cache``): a withdrawn consent must take effect at once.

Last-Modified has one-second resolution: two changes within the same second look alike to a client
that sends only If-Modified-Since; browsers also send If-None-Match, which decides (RFC 9110 §13.2.2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, urlencode

from .selectors import catalogue_state

CACHE_ALIAS = "storefront"
PAGE_SECONDS = 600  # a safety net for a change no receiver saw; the version normally decides
PAGE_CACHE_CONTROL = "public, no-cache"
CACHED_STATUSES = (200, 404)
View = Callable[..., HttpResponse]


def _cache() -> Any:
    return caches[CACHE_ALIAS]


def catalogue_stamp() -> tuple[str, datetime]:
    """The version with the time of its change: a restored database, or a test rolled back, can repeat a
    version number, never the pair."""
    version, changed_at = catalogue_state()
    return f"{version}.{int(changed_at.timestamp() * 1_000_000)}", changed_at


def version_headers(response: HttpResponse, etag: str, last_modified: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])  # the language switcher's cookie chooses the language
    return response


def canonical_query(request: HttpRequest, params: tuple[str, ...]) -> str:
    """The query string with only the parameters a page reads, in a fixed order: links shared with
    tracking parameters (``?fbclid=…``) and reordered filters share one cached page."""
    return urlencode([(name, value) for name in sorted(params) for value in request.GET.getlist(name)])


def public_page(*, params: tuple[str, ...] = ()) -> Callable[[View], View]:
    """GET/HEAD only; 304 for a current conditional request; otherwise the cached rendering of this
    page (path and the query ``params`` it reads) under the current version, rendered on a miss (200
    and 404 are kept)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            stamp, changed_at = catalogue_stamp()
            language = getattr(request, "LANGUAGE_CODE", "id")
            etag = f'"{stamp}-{language}"'
            last_modified = int(changed_at.timestamp())
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return version_headers(not_modified, etag, last_modified)
            # The host is part of the key: pages carry absolute URLs (canonical, Open Graph, JSON-LD).
            url = f"{request.get_host()}{request.path}?{canonical_query(request, params)}"
            key = f"sf:{stamp}:{language}:{hashlib.blake2b(url.encode(), digest_size=16).hexdigest()}"
            cache = _cache()
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code not in CACHED_STATUSES or response.streaming:
                    return response
                stored = (response.status_code, response["Content-Type"], response.content)
                cache.set(key, stored, PAGE_SECONDS)
            status, content_type, body = stored
            response = HttpResponse(body, status=status, content_type=content_type)
            return version_headers(response, etag, last_modified)

        return wrapper

    return decorate
