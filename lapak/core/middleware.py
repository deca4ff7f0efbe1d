"""Bahasa Indonesia unless the user picked another language with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, which on many office computers is
English; the province wants Indonesian by default, so only the language cookie set by the switcher counts.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        return response
