"""Pendampingan pages. Views are thin: records come through the scoped selectors, writes through
services. The visit form also answers the page's offline sender in JSON (``Accept: application/json``).
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.core.responses import refused_with
from lapak.mentoring import selectors, services
from lapak.mentoring.forms import (
    AttendanceForm,
    MaterialForm,
    SupervisorFilterForm,
    TeamForm,
    TrainingForm,
    VisitCompleteForm,
    VisitForm,
    today_initial,
    visit_initial,
)
from lapak.mentoring.models import Team, Training, TrainingMaterial, Visit, VisitStatus


def _visit_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Visit:
    """A visit the user may see; one outside their scope looks like one that is not there."""
    visits = selectors.visit_list(selectors.visits_visible_to(user=request.user))
    visit = get_object_or_404(visits, pk=pk)
    if action != Action.VIEW and not user_can(request.user, action):
        raise PermissionDenied
    return visit


def _team_or_404(request: HttpRequest, pk: int) -> Team:
    return get_object_or_404(selectors.teams_visible_to(user=request.user).select_related("region"), pk=pk)


def _training_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Training:
    trainings = selectors.trainings_visible_to(user=request.user).select_related("team", "place")
    training = get_object_or_404(trainings, pk=pk)
    if action != Action.VIEW and not (
        user_can(request.user, action) and selectors.can_change_training(request.user, training)
    ):
        raise PermissionDenied
    return training


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A mentor's planned visits, the recent work they may see, their teams and coming trainings."""
    user = request.user
    _require(selectors.sees_mentoring(user))
    context = {
        "teams": selectors.teams_visible_to(user=user).select_related("region").order_by("name")[:50],
        "planned": selectors.planned_visits(user=user)[:20],
        "recent": selectors.recent_visits(user=user),
        "trainings": selectors.upcoming_trainings(user=user),
        "can_record": selectors.recordable_teams(user=user).exists(),
        "can_supervise": selectors.can_supervise(user),
        "can_manage": user_can(user, Action.SUPERVISE),
    }
    return render(request, "mentoring/home.html", context)


# --- Visits ------------------------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    """The quick visit form. Sent by the page's script, it answers JSON: 201 saved, 200 already saved
    (the same client UUID came again), 400 with the errors per field."""
    user = request.user
    _require(selectors.recordable_teams(user=user).exists())
    form = VisitForm(request.POST or None, request.FILES or None, user=user, initial=visit_initial())
    if request.method == "POST":
        visit, created = None, False
        if form.is_valid():
            try:
                visit, created = services.visit_record(actor=user, **form.service_data())
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as error:
                if not _wants_json(request):
                    raise
                # A kept visit refused for good (the mentor left the team): the page shows why.
                form.add_error(None, str(error) or _("Anda tidak dapat mencatat kunjungan ini."))
        if _wants_json(request):
            return _visit_json(form, visit, created)
        if visit is not None:
            messages.success(request, _("Kunjungan tersimpan."))
            return redirect("mentoring:visit_detail", pk=visit.pk)
    return _visit_form(request, form, status=400 if form.errors else 200)


def _visit_json(form: VisitForm, visit: Visit | None, created: bool) -> JsonResponse:
    if visit is None:
        errors = {key: [str(m) for m in messages] for key, messages in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    url = reverse("mentoring:visit_detail", kwargs={"pk": visit.pk})
    return JsonResponse({"ok": True, "created": created, "url": url}, status=201 if created else 200)


def _visit_form(request: HttpRequest, form: VisitForm, *, status: int) -> HttpResponse:
    chosen = [
        int(pk) for pk in request.POST.getlist("businesses") + request.GET.getlist("usaha") if pk.isdigit()
    ]
    search = request.GET.get("q", "")
    candidates = selectors.visit_candidates(user=request.user, include=chosen, search=search)
    desas = {b.desa_id: b.desa for b in candidates.rows}
    context = {
        "form": form,
        "candidates": candidates.rows,
        "capped": candidates.capped,
        "limit": selectors.VISIT_FORM_CANDIDATES,
        "search": search,
        "chosen": set(chosen),
        "places": sorted(desas.values(), key=lambda d: d.name),
        "chosen_place": request.POST.get("place", ""),
    }
    return render(request, "mentoring/visit_form.html", context, status=status)


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_or_404(request, pk)
    context = {
        "visit": visit,
        "can_change": visit.status == VisitStatus.PLANNED and selectors.can_change_visit(request.user, visit),
        "can_see_personal": user_can(request.user, Action.VIEW_PERSONAL),
    }
    return render(request, "mentoring/visit_detail.html", context)


@login_required
def visit_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a planned visit as done, with its topics, outcome, photo and GPS."""
    visit = _visit_or_404(request, pk, Action.CHANGE)
    _require(selectors.can_change_visit(request.user, visit))
    if visit.status != VisitStatus.PLANNED:
        messages.info(request, _("Kunjungan ini sudah ditandai selesai."))
        return redirect("mentoring:visit_detail", pk=visit.pk)
    form = VisitCompleteForm(request.POST or None, request.FILES or None, initial=today_initial())
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_complete(actor=request.user, visit=visit, **form.service_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kunjungan ditandai selesai."))
            return redirect("mentoring:visit_detail", pk=visit.pk)
    context = {"visit": visit, "form": form}
    return render(request, "mentoring/visit_complete.html", context, status=400 if form.errors else 200)


@login_required
def visit_photo(request: HttpRequest, pk: int) -> FileResponse:
    visit = _visit_or_404(request, pk, Action.VIEW_PERSONAL)
    if not visit.photo:
        raise Http404
    return FileResponse(visit.photo.open("rb"), content_type="image/jpeg")


@login_required
def supervisor(request: HttpRequest) -> HttpResponse:
    """A team's visits by mentor, latest first, filterable by team, kab/kota and dates."""
    user = request.user
    _require(selectors.can_supervise(user))
    form = SupervisorFilterForm(request.GET or None, user=user)
    visits = list(selectors.supervisor_visits(user=user, **form.filters())[: selectors.SUPERVISOR_ROWS + 1])
    context = {
        "form": form,
        "groups": selectors.visits_by_mentor(visits[: selectors.SUPERVISOR_ROWS]),
        "more": len(visits) > selectors.SUPERVISOR_ROWS,
        "limit": selectors.SUPERVISOR_ROWS,
    }
    return render(request, "mentoring/supervisor.html", context)


# --- Teams -------------------------------------------------------------------------------------------


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_or_404(request, pk)
    context = {
        "team": team,
        "members": selectors.team_members(team),
        "areas": team.areas.order_by("code"),
        "businesses": selectors.team_businesses(team, user=request.user),
        "visits": selectors.visit_list(selectors.visits_visible_to(user=request.user).filter(team=team))[:20],
        "can_manage": selectors.can_manage_team(request.user, team),
    }
    return render(request, "mentoring/team_detail.html", context)


@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    _require(user_can(request.user, Action.SUPERVISE))
    return _team_form(request, None)


@login_required
def team_update(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_or_404(request, pk)
    _require(selectors.can_manage_team(request.user, team))
    return _team_form(request, team)


def _team_form(request: HttpRequest, team: Team | None) -> HttpResponse:
    initial = TeamForm.initial_for(team) if team else {"is_active": True}
    form = TeamForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if team is None:
                team = services.team_create(actor=request.user, **form.service_data())
            else:
                data = {**form.service_data(), "is_active": form.cleaned_data["is_active"]}
                team = services.team_update(actor=request.user, team=team, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Tim %(name)s tersimpan.") % {"name": team.name})
            return redirect("mentoring:team_detail", pk=team.pk)
    context = {"form": form, "team": team}
    return render(request, "mentoring/team_form.html", context, status=400 if form.errors else 200)


# --- Trainings and events ----------------------------------------------------------------------------


@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(selectors.recordable_teams(user=user).exists())
    form = TrainingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(actor=user, **form.service_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kegiatan %(title)s terjadwal.") % {"title": training.title})
            return redirect("mentoring:training_detail", pk=training.pk)
    chosen = {int(pk) for pk in request.POST.getlist("participants") if pk.isdigit()}
    search = request.GET.get("q", "")
    candidates = selectors.visit_candidates(user=user, include=chosen, search=search)
    context = {
        "form": form,
        "candidates": candidates.rows,
        "capped": candidates.capped,
        "limit": selectors.VISIT_FORM_CANDIDATES,
        "search": search,
        "chosen": chosen,
    }
    return render(request, "mentoring/training_form.html", context, status=400 if form.errors else 200)


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training_or_404(request, pk)
    context = {
        "training": training,
        "participants": selectors.training_participants(training),
        "materials": training.materials.all(),
        "can_change": selectors.can_change_training(request.user, training),
        "material_form": MaterialForm(),
    }
    return render(request, "mentoring/training_detail.html", context)


@login_required
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training_or_404(request, pk, Action.CHANGE)
    ids = list(training.participations.values_list("business_id", flat=True))
    form = AttendanceForm(request.POST, business_ids=ids)
    try:
        if not form.is_valid():
            raise ValidationError(_("Daftar hadir tidak sah."))
        services.training_attendance_set(
            actor=request.user,
            training=training,
            attended=set(form.cleaned_data["attended"]),
            follow_up=form.cleaned_data["follow_up"],
        )
    except ValidationError as error:
        return refused_with(request, error, "mentoring:training_detail", pk=training.pk)
    messages.success(request, _("Kehadiran dan tindak lanjut tersimpan."))
    return redirect("mentoring:training_detail", pk=training.pk)


@login_required
@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    training = _training_or_404(request, pk, Action.CHANGE)
    form = MaterialForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih berkas materi (PDF atau gambar)."))
        services.training_material_add(
            actor=request.user,
            training=training,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        return refused_with(request, error, "mentoring:training_detail", pk=training.pk)
    messages.success(request, _("Materi tersimpan."))
    return redirect("mentoring:training_detail", pk=training.pk)


@login_required
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material: TrainingMaterial = get_object_or_404(selectors.materials_visible_to(user=request.user), pk=pk)
    content_type = mimetypes.guess_type(material.original_name)[0] or "application/octet-stream"
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=content_type,
    )
