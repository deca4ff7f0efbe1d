"""Funnel pages: the dashboard with its stuck list, the priority list, export pairing and the
creator/reseller split. Thin: reads through the scoped selectors, writes through services. Target pages
are in ``target_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import client_ip
from lapak.accounts.scoping import Action, can_see_personal_data, user_can
from lapak.core.models import AccessAction
from lapak.core.services import access_log_record
from lapak.core.spreadsheet import XLSX_TYPE
from lapak.funnel import exports, selectors, services
from lapak.funnel.forms import FunnelFilterForm, KabkotaForm, PriorityForm, SupplyForm
from lapak.funnel.models import BusinessFunnel, BusinessSupply
from lapak.funnel.pairing import pairing_suggestions
from lapak.funnel.targeting import LEVELS, WEIGHTS, priority_list
from lapak.regions.models import RegionLevel
from lapak.registry.selectors import business_for, kabkota_choices_for

GROUP_ROWS = 40  # teams and mentors shown in the per-group tables


def _require_funnel(request: HttpRequest, action: Action = Action.VIEW) -> None:
    if not selectors.can_view_funnel(request.user) or not user_can(request.user, action):
        raise PermissionDenied


def _filters(request: HttpRequest) -> tuple[FunnelFilterForm, dict[str, Any]]:
    """The bound filter form and the valid filters; an invalid choice (e.g. another kab/kota) is
    dropped with the form's error shown, never widened beyond the user's scope."""
    user = request.user
    form = FunnelFilterForm(
        request.GET or None,
        kabkotas=kabkota_choices_for(user=user),
        teams=selectors.team_choices_for(user=user),
        mentors=selectors.mentor_choices_for(user=user),
    )
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        values = {name: value for name, value in form.cleaned_data.items() if value}
    return form, values


def _rows(request: HttpRequest, values: dict[str, Any]) -> Any:
    kabkota = values.get("kabkota")
    return selectors.funnel_filtered(
        user=request.user,
        kabkota=kabkota.code if kabkota else None,
        team=values.get("team"),
        mentor=values.get("mentor"),
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts per stage, conversion and median days, per kab/kota, team and mentor, and the stuck list."""
    _require_funnel(request)
    form, values = _filters(request)
    rows = _rows(request, values)
    now = timezone.now()
    teams = [values["team"]] if "team" in values else list(form.fields["team"].queryset[:GROUP_ROWS])  # type: ignore[attr-defined]
    mentor_field = form.fields.get("mentor")
    mentors = [] if mentor_field is None else list(mentor_field.queryset[:GROUP_ROWS])  # type: ignore[attr-defined]
    stuck = selectors.stuck_businesses(rows, stage=values.get("stage"))
    context = {
        "form": form,
        "summary": selectors.funnel_summary(rows, now=now),
        "by_kabkota": [] if "kabkota" in values else selectors.counts_by_kabkota(rows),
        "by_team": selectors.counts_by_team(rows, teams),
        "by_mentor": selectors.counts_by_mentor(rows, [values["mentor"]] if "mentor" in values else mentors),
        "stages": list(selectors.Stage),
        "stuck": [(row, selectors.days_in_stage(row, now=now), selectors.next_step(row)) for row in stuck],
        "personal": can_see_personal_data(request.user),
        "can_export": user_can(request.user, Action.EXPORT),
        "can_change": user_can(request.user, Action.CHANGE),
        "can_configure": user_can(request.user, Action.CONFIGURE),
        "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "funnel/dashboard.html", context)


@login_required
def stuck_export(request: HttpRequest) -> HttpResponse:
    """The stuck list of the current filters as XLSX (personal columns only for users who may see them);
    the download is logged."""
    _require_funnel(request, Action.EXPORT)
    _form, values = _filters(request)
    rows = selectors.stuck_businesses(
        _rows(request, values), stage=values.get("stage"), limit=selectors.EXPORT_ROWS
    )
    personal = can_see_personal_data(request.user)
    access_log_record(
        user=request.user, action=AccessAction.EXPORT, object_repr="funnel:stuck.xlsx", ip=client_ip(request),
        reason=_("Tindak lanjut pendampingan usaha yang tertahan di corong"),
        detail={"rows": len(rows), "personal": personal, "filters": request.GET.dict()},
    )  # fmt: skip
    return _xlsx(exports.stuck_xlsx(rows, personal=personal), "usaha-macet.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """An admin asks for a refresh of every business's funnel, as a background job."""
    _require_funnel(request, Action.CONFIGURE)
    job = services.funnel_refresh_enqueue(actor=request.user)
    messages.success(request, _("Penghitungan ulang corong dijadwalkan."))
    return redirect("core:job_detail", pk=job.pk)


def _priority(request: HttpRequest) -> tuple[PriorityForm, list[Any], int]:
    form = PriorityForm(request.GET or None, kabkotas=kabkota_choices_for(user=request.user))
    level, kabkota = int(form.fields["level"].initial), None
    if form.is_bound and form.is_valid():
        level = form.cleaned_data["level"]
        kabkota = form.cleaned_data["kabkota"].code if form.cleaned_data["kabkota"] else None
    return form, priority_list(user=request.user, level=level, kabkota=kabkota), level


@login_required
def priority(request: HttpRequest) -> HttpResponse:
    """Kecamatan or desa ranked by poverty, businesses not yet online and mentoring given."""
    _require_funnel(request)
    form, rows, level = _priority(request)
    context = {
        "form": form, "rows": rows[:300], "total": len(rows), "weights": WEIGHTS,
        "level": LEVELS[RegionLevel(level)], "can_export": user_can(request.user, Action.EXPORT),
        "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "funnel/priority.html", context)


@login_required
def priority_export(request: HttpRequest) -> HttpResponse:
    _require_funnel(request, Action.EXPORT)
    _form, rows, level = _priority(request)
    access_log_record(
        user=request.user, action=AccessAction.EXPORT, object_repr="funnel:priority.xlsx",
        reason=_("Perencanaan pendampingan desa/kecamatan prioritas"),
        detail={"rows": len(rows), "filters": request.GET.dict()}, ip=client_ip(request),
    )  # fmt: skip
    label = _("Kecamatan") if level == RegionLevel.KECAMATAN else _("Desa/kelurahan")
    return _xlsx(exports.priority_xlsx(rows[: selectors.EXPORT_ROWS], level_label=label), "prioritas.xlsx")


@login_required
def pairing(request: HttpRequest) -> HttpResponse:
    """Kab/kota and sectors without exporters, paired with kab/kota that export in the same sector."""
    _require_funnel(request)
    form = KabkotaForm(request.GET or None, kabkotas=kabkota_choices_for(user=request.user))
    kabkota = form.cleaned_data["kabkota"] if form.is_bound and form.is_valid() else None
    gaps = pairing_suggestions(user=request.user, kabkota=kabkota.code if kabkota else None)
    context = {"form": form, "gaps": gaps, "personal": can_see_personal_data(request.user)}
    return render(request, "funnel/pairing.html", context)


@login_required
def supply(request: HttpRequest) -> HttpResponse:
    """How many businesses make their own products and how many resell, per kab/kota and sector."""
    _require_funnel(request)
    form = KabkotaForm(request.GET or None, kabkotas=kabkota_choices_for(user=request.user))
    kabkota = form.cleaned_data["kabkota"] if form.is_bound and form.is_valid() else None
    code = kabkota.code if kabkota else None
    context = {
        "form": form,
        "by_kabkota": selectors.supply_split(user=request.user, by="kabkota", kabkota=code),
        "by_sector": selectors.supply_split(user=request.user, by="sector", kabkota=code),
    }
    return render(request, "funnel/supply.html", context)


@login_required
def supply_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Record whether one business makes or resells (staff, its mentors, or the owner)."""
    business = business_for(request.user, pk, Action.CHANGE)
    current = BusinessSupply.objects.filter(business=business).first()
    form = SupplyForm(request.POST or None, initial={"mode": current.mode if current else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.supply_mode_set(actor=request.user, business=business, mode=form.cleaned_data["mode"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Jenis usaha %(name)s tersimpan.") % {"name": business.name})
            return redirect("registry:business_detail", pk=business.pk)
    funnel = BusinessFunnel.objects.filter(business=business).first()
    context = {"business": business, "form": form, "current": current, "funnel": funnel}
    return render(request, "funnel/supply_form.html", context)
