"""Pages of the register. Views are thin: scope via selectors, writes via services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import client_ip
from lapak.accounts.scoping import (
    Action,
    can_reveal_nik,
    can_see_personal_data,
    can_see_personal_data_of,
    region_q,
    user_can,
)
from lapak.core.forms import AccessReasonForm
from lapak.core.jobs import job_enqueue
from lapak.core.middleware import form_accepted
from lapak.core.models import AccessAction
from lapak.core.responses import REFUSED, refused_with
from lapak.core.services import access_log_record
from lapak.registry import services
from lapak.registry.exports import XLSX_JOB, export_csv_lines, export_queryset
from lapak.registry.forms import (
    DOCUMENT_FIELDS,
    BusinessForm,
    DocumentFormSet,
    DocumentVerifyForm,
    LegalityDocumentForm,
)
from lapak.registry.models import Business, LegalityDocument
from lapak.registry.selectors import (
    COUNT_CAP,
    SEARCH_COUNT_CAP,
    SORTS,
    business_filterset,
    business_for,
    business_history,
    business_page,
    business_search_window,
    business_sorted,
    kabkota_choices_for,
)


def _business_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Business:
    return business_for(request.user, pk, action)


@login_required
def business_list(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.VIEW):
        raise PermissionDenied
    filterset = business_filterset(user=request.user, data=request.GET)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    queryset, cap = filterset.qs, COUNT_CAP
    if request.GET.get("q", "").strip():
        queryset, cap = business_search_window(queryset, cap=SEARCH_COUNT_CAP), SEARCH_COUNT_CAP
    number = _int(request.GET.get("page"), 1)
    page = business_page(queryset=business_sorted(queryset, sort), number=number, count_cap=cap)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "sort": sort,
        "query": query.urlencode(),
        "query_without_sort": _without(query, "sort"),
        "personal": can_see_personal_data(request.user),
        "can_add": user_can(request.user, Action.ADD),
        "can_export": user_can(request.user, Action.EXPORT),
    }
    if request.htmx and request.htmx.target == "business-table":
        return render(request, "registry/_business_table.html", context)
    return render(request, "registry/business_list.html", context)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _without(query: object, key: str) -> str:
    copy = query.copy()  # type: ignore[attr-defined]
    copy.pop(key, None)
    return copy.urlencode()


@login_required
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk)
    personal = can_see_personal_data_of(request.user, business)
    is_owner = business.owner_account_id == request.user.pk
    context = {
        "business": business,
        "documents": business.documents.select_related("verified_by"),
        "history": business_history(business=business, personal=personal),
        "personal": personal,
        "is_owner": is_owner,
        "may_reveal_nik": can_reveal_nik(request.user, business) and not is_owner,
        "reason_form": AccessReasonForm(),
        "can_change": user_can(request.user, Action.CHANGE),
        "can_verify": user_can(request.user, Action.VERIFY),
        "verify_form": DocumentVerifyForm(),
        **_provenance_context(request, business),
    }
    return render(request, "registry/business_detail.html", context)


def _provenance_context(request: HttpRequest, business: Business) -> dict[str, Any]:
    """The source records behind a golden record, which field came from which, and undoable merges."""
    from lapak.ingest.selectors import active_merges, field_origins, record_sources

    return {
        "source_records": record_sources(business_id=business.pk),
        "merges": active_merges(business_id=business.pk),
        "field_origins": field_origins(business_id=business.pk),
        "can_merge": user_can(request.user, Action.MERGE),
    }


def _region_choices(request: HttpRequest) -> dict[str, Any]:
    return {"kabkota_choices": kabkota_choices_for(user=request.user), "region_scope": region_q(request.user)}


@login_required
def business_create(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.ADD):
        raise PermissionDenied
    form = BusinessForm(request.POST or None, **_region_choices(request))
    formset = DocumentFormSet(
        request.POST or None,
        request.FILES or None,
        prefix="doc",
        form_kwargs={"kabkota_code": request.POST.get("kabkota") or None},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        documents = [
            {field: f.cleaned_data[field] for field in DOCUMENT_FIELDS}
            for f in formset.forms
            if f.has_changed() and f.cleaned_data
        ]
        business = services.business_create(actor=request.user, data=form.service_data(), documents=documents)
        messages.success(request, _("Usaha %(name)s tersimpan.") % {"name": business.name})
        return redirect("registry:business_detail", pk=business.pk)
    return render(
        request, "registry/business_form.html", {"form": form, "formset": formset, "creating": True}
    )


@login_required
def business_update(request: HttpRequest, pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    form = BusinessForm(request.POST or None, instance=business, **_region_choices(request))
    if request.method == "POST" and form.is_valid():
        services.business_update(actor=request.user, business=business, data=form.service_data())
        messages.success(request, _("Perubahan tersimpan."))
        return redirect("registry:business_detail", pk=business.pk)
    return render(
        request, "registry/business_form.html", {"form": form, "business": business, "creating": False}
    )


@login_required
@require_POST
def business_personal_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """One unmasked NIK or phone number, for a stated reason (logged); a fragment for the detail page."""
    business = _business_or_404(request, pk, Action.VIEW_PERSONAL)
    allowed = (
        can_reveal_nik(request.user, business)
        if field == "nik"
        else can_see_personal_data_of(request.user, business)
    )
    if field not in services.PERSONAL_FIELDS or not allowed:
        raise PermissionDenied
    form = AccessReasonForm(request.POST)
    if not form.is_valid():
        return HttpResponse(format_html('<small class="error">{}</small>', form.error_text()), status=REFUSED)
    value = services.business_personal_reveal(
        actor=request.user, business=business, field=field, reason=form.reason_text(), ip=client_ip(request)
    )
    return form_accepted(HttpResponse(format_html("<code>{}</code>", value) if value else "—"))


@login_required
def document_form(request: HttpRequest, pk: int, document_pk: int | None = None) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    document = (
        get_object_or_404(business.documents, pk=document_pk)
        if document_pk
        else LegalityDocument(business=business)
    )
    form = LegalityDocumentForm(
        request.POST or None, request.FILES or None, instance=document, kabkota_code=business.kabkota_id
    )
    if request.method == "POST" and form.is_valid():
        services.document_save(actor=request.user, document=form.save(commit=False))
        messages.success(request, _("Dokumen legalitas tersimpan."))
        return redirect("registry:business_detail", pk=business.pk)
    return render(
        request, "registry/document_form.html", {"form": form, "business": business, "document": document}
    )


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.CHANGE)
    document = get_object_or_404(business.documents, pk=document_pk)
    services.document_delete(actor=request.user, document=document)
    messages.success(request, _("Dokumen dihapus."))
    return redirect("registry:business_detail", pk=business.pk)


@login_required
@require_POST
def document_verify(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    business = _business_or_404(request, pk, Action.VERIFY)
    document = get_object_or_404(business.documents, pk=document_pk)
    form = DocumentVerifyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        services.document_verify(
            actor=request.user, document=document, status=data["status"], note=data["note"]
        )
    except ValidationError as error:
        return refused_with(request, error, "registry:business_detail", pk=business.pk)
    messages.success(request, _("Status verifikasi %(doc)s diperbarui.") % {"doc": document})
    return redirect("registry:business_detail", pk=business.pk)


@login_required
def document_scan(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A legality scan, opened after the viewer says why (the reason goes to the access log)."""
    business = _business_or_404(request, pk, Action.VIEW_PERSONAL)
    document = get_object_or_404(business.documents, pk=document_pk)
    if not document.scan or not can_see_personal_data_of(request.user, business):
        raise Http404
    form = AccessReasonForm(request.GET or None)
    if not form.is_valid():
        context = {"business": business, "document": document, "form": form}
        status = 422 if request.GET else 200
        return render(request, "registry/document_scan_reason.html", context, status=status)
    scan = services.document_scan_open(
        actor=request.user, document=document, reason=form.reason_text(), ip=client_ip(request)
    )
    return FileResponse(scan, filename=document.scan.name.rsplit("/", 1)[-1])


@login_required
def business_export(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.EXPORT):
        raise PermissionDenied
    query = request.GET.copy()
    export_format = query.pop("format", ["csv"])[0]
    query.pop("page", None)
    personal = can_see_personal_data(request.user)
    reason = _("Ekspor daftar usaha tanpa data pribadi")
    if personal:  # a list with names, phones and addresses: the person says why, as for one NIK
        form = AccessReasonForm({key: query.pop(key, [""])[0] for key in ("reason", "note")})
        if not form.is_valid():
            context = {"form": form, "query": query, "export_format": export_format}
            status = 422 if "reason" in request.GET else 200
            return render(request, "registry/export_reason.html", context, status=status)
        reason = form.reason_text()
    queryset = export_queryset(user=request.user, query=query.urlencode())
    detail: dict[str, Any] = {"query": query.urlencode(), "personal": personal}
    if personal:  # how many people's data left: the access alerts add these up (privacy.alerts)
        detail["rows"] = queryset.count()
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        object_repr=f"business_list:{export_format}",
        reason=reason,
        detail=detail,
        ip=client_ip(request),
    )
    if export_format == "xlsx":
        job = job_enqueue(
            kind=XLSX_JOB,
            params={"user_id": request.user.pk, "query": query.urlencode()},
            created_by=request.user,
        )
        return redirect("core:job_detail", pk=job.pk)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        export_csv_lines(queryset, personal=personal),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="usaha-{stamp}.csv"'
    return response
