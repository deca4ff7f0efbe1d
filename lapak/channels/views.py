"""Pages of the channels app: channels, a business's shops and listings, publishing, offline sales."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

import httpx2
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.catalog.models import Product, Sku
from lapak.core.jobs import job_enqueue
from lapak.core.responses import refused_back, refused_with
from lapak.ingest.readers import ReadError
from lapak.registry.models import Business
from lapak.registry.selectors import business_for

from . import selectors, services
from .forms import OfflineSaleForm, PublishForm, SalesFileForm
from .models import Channel
from .transport import ChannelError

SESSION_KEY = "channels_connect"


def _business_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Business:
    return business_for(request.user, pk, action)


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    context = {
        "channels": selectors.channels_with_counts(user=request.user),
        "can_change": user_can(request.user, Action.CHANGE),
    }
    return render(request, "channels/channel_list.html", context)


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
        "sales_kinds": SalesFileForm.KINDS,
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
        return refused_with(request, error, "channels:business_channels", pk=business.pk)
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
        return refused_back(request, "channels:business_channels", pk=product.business_id)
    try:
        services.listing_publish(actor=request.user, product=product, channels=form.cleaned_data["channels"])
    except ValidationError as error:
        return refused_with(request, error, "channels:business_channels", pk=product.business_id)
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
        "can_change": user_can(request.user, Action.CHANGE),
    }
    return render(request, "channels/listing_detail.html", context)


@login_required
@require_POST
def sale_create(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    skus = Sku.objects.filter(product__business=business).select_related("product")
    form = OfflineSaleForm(request.POST, skus=skus)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return refused_back(request, "channels:business_channels", pk=business.pk)
    try:
        services.sale_record_offline(actor=request.user, business=business, **form.cleaned_data)
    except ValidationError as error:
        return refused_with(request, error, "channels:business_channels", pk=business.pk)
    messages.success(request, _("Penjualan luring dicatat."))
    return redirect("channels:business_channels", pk=business.pk)


@login_required
@require_POST
def bulk_file_request(request: HttpRequest, code: str) -> HttpResponse:
    """Queue the channel's bulk-upload file of the listings the user may see; the job page offers it."""
    if not user_can(request.user, Action.CHANGE):
        raise PermissionDenied
    channel = get_object_or_404(Channel, code=code, kind__in=["file", "api"])
    job = job_enqueue(
        kind="channels.bulk_file",
        created_by=request.user,
        params={
            "channel_id": channel.pk,
            "user_id": request.user.pk,
            "site_url": request.build_absolute_uri("/"),
        },
    )
    return redirect("core:job_detail", pk=job.pk)


def _report_messages(request: HttpRequest, report: Any) -> None:
    if report.ok:
        messages.success(
            request,
            _("%(added)s pesanan baru dicatat, %(existing)s sudah ada sebelumnya.")
            % {"added": report.orders_added, "existing": report.orders_existing},
        )
        return
    messages.error(
        request,
        _("Berkas tidak diimpor: %(n)s masalah. Perbaiki lalu unggah lagi.") % {"n": report.error_count},
    )
    for error in report.errors[:20]:
        messages.error(request, str(error))


def _uploaded_path(upload: Any, folder: Path) -> Path:
    """The upload saved under a name we choose (never the user's), keeping only a known extension."""
    suffix = Path(upload.name or "").suffix.lower()
    path = folder / f"berkas{suffix if suffix in ('.xlsx', '.xls', '.csv') else '.bin'}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
@require_POST
def sales_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A seller report from a marketplace (Bukalapak's archive, Blibli) or offline sales, into the ledger."""
    from lapak.channels.files import offline_sales_import, sales_file_import

    business = _business_or_404(request, pk, Action.CHANGE)
    form = SalesFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return refused_back(request, "channels:business_channels", pk=business.pk)
    with tempfile.TemporaryDirectory(prefix="lapak-sales-") as folder:
        path = _uploaded_path(form.cleaned_data["file"], Path(folder))
        kind = form.cleaned_data["kind"]
        try:
            if kind in SalesFileForm.OFFLINE:
                report = offline_sales_import(actor=request.user, business=business, path=path, source=kind)
            else:
                channel = get_object_or_404(Channel, code=kind)
                report = sales_file_import(actor=request.user, business=business, channel=channel, path=path)
        except ReadError as error:
            messages.error(request, str(error))
            return refused_back(request, "channels:business_channels", pk=business.pk)
    _report_messages(request, report)
    if not report.ok:
        return refused_back(request, "channels:business_channels", pk=business.pk)
    return redirect("channels:business_channels", pk=business.pk)


@login_required
def offline_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The offline sales template, with the business's own SKUs listed."""
    from lapak.channels.files import offline_template_write

    business = _business_or_404(request, pk, Action.CHANGE)
    folder = Path(tempfile.mkdtemp(prefix="lapak-template-"))
    path = offline_template_write(path=folder / "templat.xlsx", business=business)
    return FileResponse(path.open("rb"), as_attachment=True, filename="templat-penjualan-luring.xlsx")


@login_required
def category_mapping(request: HttpRequest, code: str) -> HttpResponse:
    """Which channel category each product category of the taxonomy goes to (admins set it)."""
    from lapak.catalog.taxonomy import CATEGORIES

    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    channel = get_object_or_404(Channel, code=code)
    can_configure = user_can(request.user, Action.CONFIGURE)
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        try:
            rows = {
                category.code: (
                    request.POST[f"id_{category.code}"],
                    request.POST.get(f"name_{category.code}", ""),
                    _attribute_pairs(request.POST.get(f"attr_{category.code}", ""), str(category.name)),
                )
                for category in CATEGORIES
                if f"id_{category.code}" in request.POST
            }
            count = services.category_mappings_save(actor=request.user, channel=channel, rows=rows)
        except ValidationError as error:
            return refused_with(request, error, "channels:category_mapping", code=channel.code)
        messages.success(
            request, _("%(n)s kategori terpetakan ke %(channel)s.") % {"n": count, "channel": channel.name}
        )
        return redirect("channels:category_mapping", code=channel.code)
    mapped = {m.category: m for m in channel.category_mappings.all()}
    rows = [(category, mapped.get(category.code)) for category in CATEGORIES if not category.retired]
    context = {"channel": channel, "rows": rows, "can_configure": can_configure}
    return render(request, "channels/category_mapping.html", context)


def _attribute_pairs(text: str, category: str) -> dict[str, str]:
    """``name=value`` lines as a dict; a line of another shape is refused, never skipped."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sign, value = line.partition("=")
        if not sign or not key.strip():
            raise ValidationError(
                _("%(category)s, atribut baris %(n)s: tulis sebagai nama=nilai.")
                % {"category": category, "n": number}
            )
        pairs[key.strip()] = value.strip()
    return pairs


@login_required
@require_POST
def listing_delist(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(
        selectors.listings_visible(user=request.user).select_related("product__business"), pk=pk
    )
    if not user_can(request.user, Action.CHANGE):
        raise PermissionDenied
    services.listing_delist(actor=request.user, listing=listing)
    job_enqueue(kind="channels.outbox", params={}, created_by=request.user)
    messages.success(
        request,
        _("“%(name)s” akan diturunkan dari %(channel)s.")
        % {"name": listing.product.name, "channel": listing.channel.name},
    )
    return redirect("channels:listing_detail", pk=listing.pk)
