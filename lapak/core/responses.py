"""Answers shared by views of every app."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

REFUSED = 422


def refused_back(request: HttpRequest, to: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """Refuse a small action form (a button on another page) with 422, and send the browser back.

    The error messages the view queued are shown by the page the browser goes back to, as a redirect
    would; the status still says the submission was refused, so a test, a scanner or a script can tell.
    The page goes back with a meta refresh (no script), htmx with ``HX-Redirect``. ``to`` and its
    arguments are those of ``django.shortcuts.redirect``.
    """
    to = resolve_url(to, *args, **kwargs)
    if not url_has_allowed_host_and_scheme(to, allowed_hosts={request.get_host()}):
        to = "/"
    response = render(request, "core/refused.html", {"back": to}, status=REFUSED)
    if request.headers.get("HX-Request"):
        response.headers["HX-Redirect"] = to
    return response


def refused_with(
    request: HttpRequest, error: ValidationError, to: Any, *args: Any, **kwargs: Any
) -> HttpResponse:
    """``refused_back`` with every message of ``error`` queued as the reason."""
    for message in error.messages:
        messages.error(request, message)
    return refused_back(request, to, *args, **kwargs)
