"""Pages of the channels app: channels, a business's shops and listings, publishing, offline sales."""

from __future__ import annotations

import secrets

import httpx2
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.catalog.models import Product, Sku
from lapak.core.jobs import job_enqueue
from lapak.registry.models import Business

from . import selectors, services
from .forms import OfflineSaleForm, PublishForm
from .models import Channel
from .transport import ChannelError

SESSION_KEY = "channels_connect"


def _business_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Business:
    business = get_object_or_404(Business.objects.visible_to(request.user), pk=pk)
    if action != Action.VIEW and not user_can(request.user, action):
        raise PermissionDenied
    return business


def _messages_from(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    return render(
        request, "channels/channel_list.html", {"channels": selectors.channels_with_counts(user=request.user)}
    )


@login_required
def business_channels(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk)
    can_change = user_can(request.user, Action.CHANGE)
    channels = list(selectors.publishable_channels())
    context = {
        "business": business,
        "can_change": can_change,
        "channels": channels,
        "api_channels": [c for c in channels if c.kind == "api"],
        "connections": selectors.connections_for(business=business),
        "rows": selectors.business_channel_grid(business=business, channels=channels),
        "sales": selectors.business_sales(business=business, limit=20),
        "sale_form": OfflineSaleForm(
            skus=Sku.objects.filter(product__business=business).select_related("product")
        ),
    }
    return render(request, "channels/business_channels.html", context)


@login_required
@require_POST
def connect_start(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    channel = get_object_or_404(Channel, code=code)
    state = secrets.token_urlsafe(24)
    request.session[SESSION_KEY] = {"state": state, "business": business.pk, "channel": channel.code}
    callback = request.build_absolute_uri(reverse("channels:connect_callback"))
    try:
        url = services.connection_authorize_url(
            actor=request.user, business=business, channel=channel, redirect_uri=callback, state=state
        )
    except ValidationError as error:
        _messages_from(request, error)
        return redirect("channels:business_channels", pk=business.pk)
    return redirect(url)


@login_required
def connect_callback(request: HttpRequest) -> HttpResponse:
    """Where the channel's consent page sends the owner back, with a one-time code."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or not secrets.compare_digest(str(pending.get("state")), request.GET.get("state", "")):
        messages.error(request, _("Sambungan toko tidak dapat diselesaikan; mulai lagi dari halaman kanal."))
        return redirect("channels:channel_list")
    business = _business_or_404(request, pending["business"], Action.CHANGE)
    channel = get_object_or_404(Channel, code=pending["channel"])
    try:
        with httpx2.Client(timeout=20) as client:
            services.connection_complete(
                actor=request.user,
                business=business,
                channel=channel,
                code=request.GET.get("code", ""),
                shop_id=request.GET.get("shop_id", ""),
                client=client,
            )
    except (ValidationError, ChannelError) as error:
        messages.error(request, getattr(error, "message", None) or "; ".join(getattr(error, "messages", [])))
    else:
        messages.success(request, _("Toko di %(channel)s tersambung.") % {"channel": channel.name})
    return redirect("channels:business_channels", pk=business.pk)


@login_required
@require_POST
def product_publish(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product.objects.visible_to(request.user).select_related("business"), pk=pk)
    if not user_can(request.user, Action.CHANGE):
        raise PermissionDenied
    form = PublishForm(request.POST, channels=selectors.publishable_channels())
    if not form.is_valid():
        messages.error(request, _("Pilih minimal satu kanal."))
    else:
        try:
            services.listing_publish(
                actor=request.user, product=product, channels=form.cleaned_data["channels"]
            )
        except ValidationError as error:
            _messages_from(request, error)
        else:
            job_enqueue(kind="channels.outbox", params={}, created_by=request.user)
            messages.success(request, _("“%(name)s” masuk antrean tayang.") % {"name": product.name})
    return redirect("channels:business_channels", pk=product.business_id)


@login_required
@require_POST
def sync_now(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    job_enqueue(kind="channels.outbox", params={}, created_by=request.user)
    messages.success(request, _("Perubahan akan dikirim ke kanal sebentar lagi."))
    return redirect("channels:business_channels", pk=business.pk)


@login_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(
        selectors.listings_visible(user=request.user).select_related("product__business"), pk=pk
    )
    context = {
        "listing": listing,
        "outbox": listing.outbox.order_by("-id")[:20],
        "calls": selectors.listing_calls(listing=listing),
    }
    return render(request, "channels/listing_detail.html", context)


@login_required
@require_POST
def sale_create(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    skus = Sku.objects.filter(product__business=business).select_related("product")
    form = OfflineSaleForm(request.POST, skus=skus)
    if form.is_valid():
        try:
            services.sale_record_offline(actor=request.user, business=business, **form.cleaned_data)
        except ValidationError as error:
            _messages_from(request, error)
        else:
            messages.success(request, _("Penjualan luring dicatat."))
            return redirect("channels:business_channels", pk=business.pk)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("channels:business_channels", pk=business.pk)
