"""Produk unggulan pages: the ranking with its breakdown, the weights, confirmed lists and their exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import client_ip
from lapak.accounts.scoping import Action, user_can
from lapak.core.models import AccessAction
from lapak.core.responses import refused_back, refused_with
from lapak.core.services import access_log_record
from lapak.core.spreadsheet import XLSX_TYPE
from lapak.curation import exports, selectors, services
from lapak.curation.forms import RankingForm, WeightsForm
from lapak.curation.models import UnggulanWeights
from lapak.curation.ranking import RankRow, unggulan_ranking, weights_current

EXPORT_TYPES = {
    "pdf": (exports.unggulan_pdf, "application/pdf"),
    "xlsx": (exports.unggulan_xlsx, XLSX_TYPE),
}


@login_required
def unggulan(request: HttpRequest) -> HttpResponse:
    """The current ranking of one kab/kota per sector, every rank explained, and its confirmed lists."""
    kabkotas = selectors.unggulan_kabkotas_for(user=request.user)
    if not kabkotas.exists():
        raise PermissionDenied
    data = None
    if "kabkota" in request.GET or kabkotas.count() == 1:
        data = {"kabkota": kabkotas.first().pk, "year": timezone.localdate().year, "per_sector": 3}  # type: ignore[union-attr]
        data |= request.GET.dict()
    form = RankingForm(data, kabkota_choices=kabkotas)
    weights = weights_current()
    context = {"form": form, "weights": weights, "can_curate": user_can(request.user, Action.CURATE)}
    if data is not None and form.is_valid():
        kabkota = form.cleaned_data["kabkota"]
        rows = unggulan_ranking(
            kabkota_code=kabkota.pk, weights=weights, sector=form.cleaned_data["sector"] or None
        )
        context |= {
            "kabkota": kabkota,
            "groups": _by_sector(rows),
            "confirmed": selectors.unggulan_lists_visible_to(user=request.user).filter(kabkota=kabkota),
        }
    else:
        context["confirmed"] = selectors.unggulan_lists_visible_to(user=request.user)[:20]
    return render(request, "curation/unggulan.html", context)


def _by_sector(rows: list[RankRow]) -> list[tuple[str, list[RankRow]]]:
    groups: dict[str, list[RankRow]] = {}
    for row in rows:
        groups.setdefault(row.sector_label, []).append(row)
    return list(groups.items())


@login_required
@require_POST
def unggulan_confirm(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.CURATE):
        raise PermissionDenied
    form = RankingForm(request.POST, kabkota_choices=selectors.unggulan_kabkotas_for(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Pilih kab/kota, tahun dan jumlah produk per sektor yang sah."))
        return refused_back(request, "curation:unggulan")
    data = form.cleaned_data
    try:
        confirmed = services.unggulan_confirm(
            actor=request.user, kabkota=data["kabkota"], year=data["year"], per_sector=data["per_sector"]
        )
    except ValidationError as error:
        return refused_with(request, error, f"{reverse('curation:unggulan')}?kabkota={data['kabkota'].pk}")
    messages.success(request, _("%(title)s ditetapkan.") % {"title": confirmed.title})
    return redirect("curation:unggulan_list", pk=confirmed.pk)


@login_required
def unggulan_weights(request: HttpRequest) -> HttpResponse:
    """Admins set the ranking weights; every change is kept as a version with who and why."""
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied
    current = weights_current()
    initial = {k: getattr(current, k) for k in ("curation", "market", "local_content", "capacity")}
    form = WeightsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unggulan_weights_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Bobot produk unggulan tersimpan."))
            return redirect("curation:unggulan_weights")
    history = UnggulanWeights.objects.select_related("created_by")[:50]
    return render(
        request, "curation/unggulan_weights.html", {"form": form, "history": history, "current": current}
    )


@login_required
def unggulan_list(request: HttpRequest, pk: int) -> HttpResponse:
    confirmed = get_object_or_404(selectors.unggulan_lists_visible_to(user=request.user), pk=pk)
    context = {
        "list": confirmed,
        "groups": selectors.unggulan_entries_by_sector(confirmed),
        "can_export": user_can(request.user, Action.EXPORT),
    }
    return render(request, "curation/unggulan_list.html", context)


@login_required
def unggulan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a confirmed list as PDF (default) or XLSX (``?format=xlsx``); the download is logged."""
    confirmed = get_object_or_404(selectors.unggulan_lists_visible_to(user=request.user), pk=pk)
    if not user_can(request.user, Action.EXPORT):
        raise PermissionDenied
    kind = request.GET.get("format", "pdf")
    build, content_type = EXPORT_TYPES.get(kind, EXPORT_TYPES["pdf"])
    extension = kind if kind in EXPORT_TYPES else "pdf"
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        object_repr=f"unggulan:{confirmed.pk}:{extension}",
        reason=_("Unduh daftar produk unggulan yang ditetapkan"),
        ip=client_ip(request),
    )
    response = HttpResponse(build(confirmed), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.unggulan_filename(confirmed, extension)}"'
    )
    return response
