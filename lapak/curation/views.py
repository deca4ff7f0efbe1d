"""Kurasi pages. Views are thin: records come through the scoped selectors, writes through services.
Produk unggulan pages are in ``unggulan_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.catalog.models import Product
from lapak.core.responses import refused_with
from lapak.curation import selectors, services
from lapak.curation.forms import AspectFormSet, AssessmentForm, AssignmentForm, ReasonForm, RubricVersionForm
from lapak.curation.models import AssignmentStatus, CurationAssignment, CurationRound, RoundStatus, Rubric

PAGE_SIZE = 25


def _product_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Product:
    """A product whose kurasi the user may see; one outside their scope looks like one that is not there."""
    products = selectors.products_for_curation(user=request.user).select_related("business__kabkota")
    product = get_object_or_404(products, pk=pk)
    if action != Action.VIEW and not user_can(request.user, action):
        raise PermissionDenied
    return product


def _assignment_or_404(request: HttpRequest, pk: int, action: Action) -> CurationAssignment:
    assignments = selectors.assignments_visible_to(user=request.user).select_related(
        "round__product__business", "round__rubric_version__rubric", "curator"
    )
    assignment = get_object_or_404(assignments, pk=pk)
    if not user_can(request.user, action):
        raise PermissionDenied
    if action == Action.ASSESS and assignment.curator_id != request.user.pk:
        raise PermissionDenied
    return assignment


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A curator's tasks, or the products in the user's scope with their kurasi status."""
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    if request.user.role == Role.KURATOR:  # type: ignore[union-attr]
        tasks = selectors.curator_tasks(user=request.user)
        return render(request, "curation/tasks.html", {"tasks": tasks})
    status = request.GET.get("status", "")
    products = _filtered(selectors.products_for_curation(user=request.user), status, request.GET.get("q", ""))
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "q": request.GET.get("q", ""), "statuses": STATUS_FILTERS}
    return render(request, "curation/home.html", context)


STATUS_FILTERS: dict[str, tuple[Any, dict[str, Any]]] = {
    "belum": (
        gettext_lazy("Belum dikurasi"),
        {"curation_status__isnull": True, "curation_rounds__isnull": True},
    ),
    "berjalan": (gettext_lazy("Sedang dinilai"), {"curation_rounds__status": RoundStatus.OPEN}),
    "terkurasi": (gettext_lazy("Layak pasar lokal ke atas"), {"curation_status__decision__gte": 1}),
    "pembinaan": (gettext_lazy("Perlu pembinaan"), {"curation_status__decision": 0}),
}


def _filtered(products: QuerySet[Product], status: str, query: str) -> QuerySet[Product]:
    if status in STATUS_FILTERS:
        products = products.filter(**STATUS_FILTERS[status][1])
    if query.strip():
        products = products.filter(name__icontains=query.strip())
    # Each filter joins at most one row per product (one open round, one status): no DISTINCT needed.
    return products.select_related("business__kabkota", "curation_status").order_by("name", "pk")


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product's kurasi: current status, every round (newest first), and for staff the assignment form."""
    product = _product_or_404(request, pk)
    user = request.user
    staff = user_can(user, Action.CURATE)
    rounds = product.curation_rounds.select_related("rubric_version__rubric").order_by("-number")
    context = {
        "product": product,
        "status": selectors.product_curation_status(product),
        "rounds": [_round_context(r, user) for r in rounds],
        "can_curate": staff,
        "assignment_form": AssignmentForm(curators=selectors.curators_available()) if staff else None,
        "conflicts": _conflicts(product) if staff else {},
    }
    return render(request, "curation/product_detail.html", context)


def _round_context(curation_round: CurationRound, user: Any) -> dict[str, Any]:
    """What one round shows: the panel once it completed; while open, a curator only sees their own."""
    completed = curation_round.status == RoundStatus.COMPLETED
    is_owner = user.role == Role.PELAKU_USAHA
    assessments = selectors.round_assessments(curation_round)
    if not completed:
        assessments = assessments.filter(assignment__curator=user) if not is_owner else assessments.none()
    return {
        "round": curation_round,
        "completed": completed,
        "assignments": curation_round.assignments.select_related("curator") if not is_owner else [],
        "assessments": list(assessments),
        "panel": selectors.round_panel(curation_round, named=not is_owner) if completed else [],
        "export": selectors.round_export_checklist(curation_round) if completed else None,
        "anonymous": is_owner,
    }


def _conflicts(product: Product) -> dict[int, str]:
    curator_ids = selectors.curators_available().values_list("pk", flat=True)
    return selectors.conflicts_for_business(product.business, curator_ids)


@login_required
@require_POST
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product_or_404(request, pk, Action.CURATE)
    form = AssignmentForm(request.POST, curators=selectors.curators_available())
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih kurator yang akan ditugaskan."))
        assignment = services.assignment_create(
            actor=request.user,
            product=product,
            curator=form.cleaned_data["curator"],
            rubric=form.cleaned_data["rubric"],
        )
    except ValidationError as error:
        return refused_with(request, error, "curation:product_detail", pk=product.pk)
    messages.success(
        request,
        _("%(curator)s ditugaskan menilai %(product)s (putaran %(round)s).")
        % {"curator": assignment.curator, "product": product, "round": assignment.round.number},
    )
    return redirect("curation:product_detail", pk=product.pk)


@login_required
@require_POST
def assignment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, Action.CURATE)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.assignment_withdraw(actor=request.user, assignment=assignment, reason=reason)
    except ValidationError as error:
        return refused_with(request, error, "curation:product_detail", pk=assignment.round.product_id)
    messages.success(request, _("Penugasan %(curator)s dibatalkan.") % {"curator": assignment.curator})
    return redirect("curation:product_detail", pk=assignment.round.product_id)


@login_required
@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment_or_404(request, pk, Action.ASSESS)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Tuliskan alasan konflik kepentingan."))
        services.conflict_declare(
            actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return refused_with(request, error, "curation:assess", pk=assignment.pk)
    messages.success(request, _("Konflik kepentingan dicatat; penugasan ini dibatalkan."))
    return redirect("curation:home")


@login_required
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The curator's assessment form for an assigned product."""
    assignment = _assignment_or_404(request, pk, Action.ASSESS)
    if assignment.status != AssignmentStatus.ASSIGNED:
        messages.info(request, _("Penugasan ini sudah dinilai atau sudah dibatalkan."))
        return redirect("curation:product_detail", pk=assignment.round.product_id)
    product = assignment.round.product
    food = selectors.product_is_food(product)
    form = AssessmentForm(
        request.POST or None, request.FILES or None, version=assignment.round.rubric_version, food=food
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(actor=request.user, assignment=assignment, **form.service_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Penilaian %(product)s tersimpan.") % {"product": product})
            return redirect("curation:product_detail", pk=product.pk)
    context = {
        "assignment": assignment,
        "product": product,
        "form": form,
        "version": assignment.round.rubric_version,
        "catalog_facts": selectors.product_export_facts(product) if food else None,
        "conflict_form": ReasonForm(),
    }
    return render(request, "curation/assess.html", context, status=400 if form.errors else 200)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(selectors.photos_visible_to(user=request.user), pk=pk)
    return FileResponse(item.image.open("rb"), content_type="image/jpeg")


@login_required
def rubric_list(request: HttpRequest) -> HttpResponse:
    """Every rubric with its versions: the criteria curators score by, readable by every role."""
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    context = {
        "rubrics": selectors.rubrics_with_versions(),
        "can_configure": user_can(request.user, Action.CONFIGURE),
    }
    return render(request, "curation/rubric_list.html", context)


@login_required
def rubric_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_object_or_404(Rubric, pk=pk)
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied
    current = selectors.rubric_current_version(rubric)
    initial = [
        {k: getattr(a, k) for k in ("code", "name", "weight", "guidance")} for a in current.aspects.all()
    ]
    form = RubricVersionForm(
        request.POST or None, initial={"scale_min": current.scale_min, "scale_max": current.scale_max}
    )
    formset = AspectFormSet(request.POST or None, initial=initial, prefix="aspek")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        aspects = [f.aspect() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            version = services.rubric_create_version(
                actor=request.user, rubric=rubric, aspects=aspects, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Versi %(n)s rubrik tersimpan.") % {"n": version.number})
            return redirect("curation:rubric_list")
    context = {"rubric": rubric, "current": current, "form": form, "formset": formset}
    return render(request, "curation/rubric_version_form.html", context)
