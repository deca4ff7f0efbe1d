"""Token pages: a staff user makes and revokes their own API tokens; the province admin manages partner
keys (expiry, rotation, revocation). A secret is shown once, on the page that made it, never again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.core.middleware import form_accepted
from lapak.core.responses import refused_back

from . import selectors, services
from .forms import ApiTokenForm, ChooseForm, PartnerKeyForm


def _staff_only(request: HttpRequest) -> None:
    if not selectors.can_hold_api_token(request.user):
        raise PermissionDenied


def _admin_only(request: HttpRequest) -> None:
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Token “%(name)s” dibuat. Salin rahasianya sekarang.") % {"name": token.name}
            )
            form = ApiTokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": selectors.api_tokens_of(user=request.user),
        "can_manage_partners": user_can(request.user, Action.CONFIGURE),
    }
    response = render(request, "api/token_list.html", context)
    return form_accepted(response) if secret else response


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    pk = _chosen(request)
    if pk is None:
        return refused_back(request, "api_tokens:token_list")
    token = get_object_or_404(selectors.api_tokens_of(user=request.user), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
    return redirect("api_tokens:token_list")


@login_required
def partner_keys(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = PartnerKeyForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.partner_key_issue(
                actor=request.user,
                channel=form.cleaned_data["channel"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = PartnerKeyForm()
    return _partner_page(request, form, issued)


def _partner_page(request: HttpRequest, form: PartnerKeyForm, issued: Any) -> HttpResponse:
    context = {
        "form": form,
        "issued": issued[0] if issued else None,
        "secret": issued[1] if issued else None,
        "keys": selectors.partner_keys_all(),
    }
    response = render(request, "api/partner_keys.html", context)
    return form_accepted(response) if issued else response


@login_required
@require_POST
def partner_key_revoke(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    pk = _chosen(request)
    if pk is None:
        return refused_back(request, "api_tokens:partner_keys")
    key = get_object_or_404(selectors.partner_keys_all(), pk=pk)
    services.partner_key_revoke(actor=request.user, key=key)
    messages.success(request, _("Kunci “%(name)s” dicabut.") % {"name": key.name})
    return redirect("api_tokens:partner_keys")


@login_required
@require_POST
def partner_key_rotate(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    pk = _chosen(request)
    if pk is None:
        return refused_back(request, "api_tokens:partner_keys")
    key = get_object_or_404(selectors.partner_keys_all(), pk=pk)
    try:
        issued = services.partner_key_rotate(actor=request.user, key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return refused_back(request, "api_tokens:partner_keys")
    messages.success(
        request,
        _("Kunci baru untuk “%(name)s” dibuat; kunci lama tetap berlaku sampai %(until)s.")
        % {"name": key.name, "until": date_format(timezone.localtime(key.expires_at), "j F Y H:i")},
    )
    return _partner_page(request, PartnerKeyForm(), issued)


def _chosen(request: HttpRequest) -> int | None:
    """The record a button chose, or ``None`` for an empty or broken form (told, then sent back)."""
    form = ChooseForm(request.POST)
    if form.is_valid():
        return int(form.cleaned_data["pk"])
    messages.error(request, _("Tidak ada yang dipilih."))
    return None
