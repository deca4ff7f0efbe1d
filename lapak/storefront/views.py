"""Public pages of the catalogue (no login): home, search, product, business, photos and the sitemap;
and the owner's page for the public profile. Thin: reads through ``selectors``, writes through
``services``; public pages are cached and answered conditionally by ``caching.public_page``."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _

from lapak.registry.selectors import business_for

from . import pages, selectors, services
from .caching import canonical_query, public_page
from .forms import ProfileForm, SearchForm
from .sitemaps import sitemap_index_xml, sitemap_products_xml

PHOTO_CACHE_CONTROL = "public, max-age=3600"
SEARCH_PARAMS = tuple(SearchForm.base_fields)


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/not_found.html", status=404)


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html", pages.home_context(request))


@public_page(params=SEARCH_PARAMS)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    filters, page = form.filters()
    result = selectors.catalogue_search(filters, page=page)
    query = canonical_query(request, SEARCH_PARAMS)
    next_url = f"{request.path}?{query}" if query else request.path  # for the language link
    context = {"form": form, "filters": filters, "result": result, "query": query, "next_url": next_url}
    return render(request, "storefront/search.html", context)


@public_page()
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_product(pk)
    if item is None:
        return not_found(request)
    return render(request, "storefront/product.html", pages.product_context(request, item))


@public_page()
def business(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_business(pk)
    if item is None:
        return not_found(request)
    return render(request, "storefront/business.html", pages.business_context(request, item))


@public_page()
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(sitemap_index_xml(request), content_type="application/xml; charset=utf-8")


@public_page()
def sitemap_products(request: HttpRequest, page: int) -> HttpResponse:
    body = sitemap_products_xml(request, page)
    if body is None:
        return HttpResponse(status=404)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _photo_response(request: HttpRequest, pk: int, *, thumbnail: bool) -> HttpResponseBase:
    """A photo of a public product, with a validator from its (never rewritten) file name."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    found = pages.photo_file_name(pk, thumbnail=thumbnail)
    if found is None:
        raise Http404
    etag = '"' + hashlib.blake2b(found.encode(), digest_size=8).hexdigest() + '"'
    response: HttpResponseBase | None = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            response = FileResponse(default_storage.open(found, "rb"), content_type="image/jpeg")
        except FileNotFoundError as exc:
            raise Http404 from exc
    response["ETag"] = etag
    response["Cache-Control"] = PHOTO_CACHE_CONTROL
    return response


def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _photo_response(request, pk, thumbnail=False)


def thumbnail(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _photo_response(request, pk, thumbnail=True)


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner chooses what the catalogue shows of their business; staff in scope may read it."""
    business_obj = business_for(request.user, pk)
    profile = selectors.public_profile(business_obj)
    is_owner = business_obj.owner_account_id == request.user.pk
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.profile_save(actor=request.user, business=business_obj, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Profil publik disimpan."))
                return redirect(reverse("storefront:profile", kwargs={"pk": business_obj.pk}))
    context: dict[str, Any] = {
        "business": business_obj,
        "form": form,
        "is_owner": is_owner,
        "facts": selectors.public_business_facts(business_obj, profile),
        "is_public": selectors.public_business(business_obj.pk) is not None,
    }
    return render(request, "storefront/profile_form.html", context)


def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the catalogue's language without a form (public pages carry no CSRF token, so they can be
    cached): sets the language cookie and goes back to a local page."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("storefront:home")
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=False
        )
    return response
