"""Pages of the import: sources, upload, mapping, validation report, preview, commit; the review queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.scoping import Action, can_see_personal_data, user_can
from lapak.core.jobs import job_enqueue
from lapak.core.responses import refused_back
from lapak.ingest import selectors, services
from lapak.ingest.forms import MappingForm, ReviewForm, SheetForm, SourceForm, UploadForm
from lapak.ingest.jobs import REPORT_JOB
from lapak.ingest.linking import SURVIVING_FIELDS
from lapak.ingest.mapping import FIELDS_BY_KEY
from lapak.ingest.models import BatchStatus, ImportBatch, MatchCandidate
from lapak.ingest.readers import ReadError
from lapak.registry.models import Business


def _require(request: HttpRequest, action: Action) -> None:
    if not user_can(request.user, action):
        raise PermissionDenied


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    _require(request, Action.IMPORT)
    batch = get_object_or_404(selectors.batch_list(user=request.user), pk=pk)
    return services.batch_recover(batch)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def ingest_home(request: HttpRequest) -> HttpResponse:
    _require(request, Action.IMPORT)
    sources = selectors.source_list(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_upload(
                actor=request.user, source=form.cleaned_data["source"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", _error_text(error))
        else:
            if batch.status == BatchStatus.COMMITTED:
                messages.info(
                    request, _("Berkas ini sudah pernah diimpor untuk sumber ini; tidak ada yang diubah.")
                )
            return redirect("ingest:batch_detail", pk=batch.pk)
    paginator = Paginator(selectors.batch_list(user=request.user), 25)
    context = {"form": form, "sources": sources, "page": paginator.get_page(request.GET.get("page"))}
    return render(request, "ingest/ingest_home.html", context)


@login_required
def source_create(request: HttpRequest) -> HttpResponse:
    _require(request, Action.IMPORT)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sumber data ditambahkan."))
            return redirect("ingest:home")
    return render(request, "ingest/source_form.html", {"form": form})


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    context = _batch_context(request, batch)
    if request.htmx and request.htmx.target == "batch-state":
        return render(request, "ingest/_batch_state.html", context)
    if request.htmx and request.htmx.target == "staged-rows":
        return render(request, "ingest/_staged_rows.html", context)
    return render(request, "ingest/batch_detail.html", context)


def _batch_context(
    request: HttpRequest, batch: ImportBatch, mapping_form: MappingForm | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {"batch": batch, "active": batch.status in services.ACTIVE_STATUSES}
    try:
        columns = services.batch_columns(batch)
        sheets = services.batch_sheets(batch)
    except ReadError as error:
        context["read_error"] = str(error)
        return context
    context["columns"] = columns
    if len(sheets) > 1:
        context["sheet_form"] = SheetForm(initial={"sheet": batch.sheet or sheets[0]}, sheets=sheets)
    if batch.status in (BatchStatus.UPLOADED, BatchStatus.STAGED):
        context["mapping_form"] = mapping_form or MappingForm(columns=columns, mapping=batch.column_mapping)
    if batch.status in (BatchStatus.STAGED, BatchStatus.COMMITTING, BatchStatus.COMMITTED):
        path = services.staged_path(batch)
        status = request.GET.get("status") or None
        number = _int(request.GET.get("page"), 1)
        context["summary"] = [
            dict(
                item,
                label=FIELDS_BY_KEY[item["field"]].label if item["field"] in FIELDS_BY_KEY else item["field"],
            )
            for item in selectors.problem_summary(path=path)
        ]
        context["staged"] = selectors.staged_page(path=path, status=status, number=number, columns=columns)
        context["status_filter"] = status or ""
    return context


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 1)
    except ValueError:
        return default


@login_required
@require_POST
def batch_map(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    columns = services.batch_columns(batch)
    form = MappingForm(request.POST, columns=columns, mapping=batch.column_mapping)
    if form.is_valid():
        try:
            services.batch_map(
                actor=request.user,
                batch=batch,
                mapping=form.mapping(),
                save_profile=form.cleaned_data["save_profile"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("ingest:batch_detail", pk=batch.pk)
    return render(request, "ingest/batch_detail.html", _batch_context(request, batch, form), status=400)


@login_required
@require_POST
def batch_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    form = SheetForm(request.POST, sheets=services.batch_sheets(batch))
    if not form.is_valid():
        messages.error(request, _("Pilih lembar yang ada di berkas."))
        return refused_back(request, "ingest:batch_detail", pk=batch.pk)
    try:
        batch = services.batch_choose_sheet(actor=request.user, batch=batch, sheet=form.cleaned_data["sheet"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return refused_back(request, "ingest:batch_detail", pk=batch.pk)
    return redirect("ingest:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        services.batch_commit(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return refused_back(request, "ingest:batch_detail", pk=batch.pk)
    return redirect("ingest:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    try:
        services.batch_cancel(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return refused_back(request, "ingest:batch_detail", pk=batch.pk)
    messages.info(request, _("Pembatalan diminta; tidak ada data yang ditulis."))
    return redirect("ingest:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    if batch.status not in (BatchStatus.STAGED, BatchStatus.COMMITTING, BatchStatus.COMMITTED):
        messages.error(request, _("Periksa berkas dulu sebelum mengunduh laporan."))
        return refused_back(request, "ingest:batch_detail", pk=batch.pk)
    job = job_enqueue(kind=REPORT_JOB, params={"batch_id": batch.pk}, created_by=request.user)
    return redirect("core:job_detail", pk=job.pk)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    _require(request, Action.MERGE)
    paginator = Paginator(selectors.candidate_queue(user=request.user), 25)
    return render(request, "ingest/review_list.html", {"page": paginator.get_page(request.GET.get("page"))})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Action.MERGE)
    candidate: MatchCandidate = get_object_or_404(selectors.candidate_queue(user=request.user), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.review_accept(
                    actor=request.user, candidate=candidate, fields=form.cleaned_data["fields"]
                )
                messages.success(request, _("Digabung ke data induk."))
            else:
                services.review_reject(actor=request.user, candidate=candidate)
                messages.success(request, _("Ditandai sebagai usaha yang berbeda."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return refused_back(request, "ingest:review_list")
        return redirect("ingest:review_list")
    personal = can_see_personal_data(request.user)
    rows = [
        {
            "field": field,
            "label": _field_label(field),
            "record": getattr(candidate.record, record_field),
            "business": getattr(candidate.business, field),
        }
        for field, record_field in SURVIVING_FIELDS.items()
        if field not in ("owner_nik_encrypted", "owner_nik_hash")
        and (personal or field != "owner_nik_masked")
    ]
    return render(request, "ingest/review_detail.html", {"candidate": candidate, "rows": rows, "form": form})


def _field_label(field: str) -> str:
    return str(Business._meta.get_field(field).verbose_name)


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Action.MERGE)
    merge = selectors.merge_visible(user=request.user, pk=pk)
    if merge is None:
        raise Http404
    business_id = merge.business_id
    try:
        services.merge_undo(actor=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return refused_back(request, "registry:business_detail", pk=business_id)
    messages.success(request, _("Penggabungan dibatalkan; rekaman sumber kembali belum ditautkan."))
    if merge.kind == "new":
        return redirect("ingest:home")
    return redirect("registry:business_detail", pk=business_id)
