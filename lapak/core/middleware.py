"""Bahasa Indonesia unless the user picked another language with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on many office computers is
English; the province wants Indonesian by default, so only the language cookie set by the switcher counts.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import translation

from lapak.core.responses import REFUSED

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Stored files (scans, photos, materials, exports) never run script: a sandboxed document with no sources.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _serve_inert(response: FileResponse) -> None:
    """Uploaded files open as inert documents; a PDF downloads (browsers' PDF viewers refuse a sandbox)."""
    response.headers["Content-Security-Policy"] = FILE_POLICY
    disposition = response.headers.get("Content-Disposition", "")
    if response.headers.get("Content-Type", "").startswith("application/pdf") and not disposition.startswith(
        "attachment"
    ):
        response.headers["Content-Disposition"] = "attachment" + disposition.removeprefix("inline")


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: the Content-Security-Policy and a Permissions-Policy.

    Scripts only from our own origin, never inline (page behaviours live in static files such as
    ``lapak/behaviours.js``; data for charts travels in ``<script type="application/json">`` blocks, which
    browsers do not execute). Inline *styles* stay allowed: htmx adds its indicator style and a few
    templates set widths. ``frame-ancestors 'none'`` repeats X-Frame-Options: DENY for current browsers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = "; ".join(f"{directive} {sources}" for directive, sources in settings.LAPAK_CSP.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, FileResponse):
            _serve_inert(response)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        return response


# A page returned to a POST is a form sent back with its errors: every successful POST redirects (the
# post/redirect/get pattern) except the few views marked with ``form_accepted``.
ACCEPTED = "lapak_form_accepted"


def form_accepted(response: HttpResponse) -> HttpResponse:
    """Mark a page that answers a *successful* POST (a secret or recovery codes shown once, an htmx
    fragment) so that ``RejectedFormMiddleware`` leaves its 200."""
    setattr(response, ACCEPTED, True)
    return response


class RejectedFormMiddleware:
    """A POST answered with a 200 HTML page is a form re-shown with its errors: answer 422 instead.

    One rule for the whole site rather than a status in every view, so a scanner, a test or a browser
    script can tell a refused submission from an accepted one. JSON answers (the API, the offline visit
    sync) and files keep their own status; htmx swaps 422 because base.html configures it to.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code == 200
            and response.headers.get("Content-Type", "").startswith("text/html")
            and not getattr(response, ACCEPTED, False)
        ):
            response.status_code = REFUSED
        return response
