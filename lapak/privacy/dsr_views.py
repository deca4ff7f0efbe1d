"""Pages for data subject requests: the owner's "Data saya" (everything held about them, their requests,
the download of it all) and the staff queue with its 3x24-hour deadlines, a request's page and its
handling. Rules live in ``dsr`` and ``dsr_selectors``; these views only pick the businesses and answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import client_ip
from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.core.responses import refused_back
from lapak.registry.models import Business

from . import dsr, dsr_selectors
from .forms import DsrHandleForm, DsrQueueFilterForm, DsrSubmitForm
from .models import DataSubjectRequest, DsrKind
from .person_data import owned_businesses, person_sections

ZIP_TYPE = "application/zip"


def _owned(request: HttpRequest) -> QuerySet[Business]:
    """The owner's own businesses; any other role has no "Data saya" (staff use the queue)."""
    if getattr(request.user, "role", None) != Role.PELAKU_USAHA:
        raise PermissionDenied
    return owned_businesses(request.user, within=Business.objects.visible_to(request.user)).order_by("name")


def _chosen(request: HttpRequest, owned: QuerySet[Business]) -> QuerySet[Business]:
    """``?usaha=<pk>`` narrows to one of the owner's businesses; another owner's is a 404."""
    pk = request.GET.get("usaha", "")
    if not pk:
        return owned
    if not pk.isdigit():
        raise Http404
    business = get_object_or_404(owned, pk=int(pk))
    return owned.filter(pk=business.pk)


def _my_data_page(request: HttpRequest, form: DsrSubmitForm, owned: QuerySet[Business]) -> HttpResponse:
    chosen = _chosen(request, owned)
    context = {
        "sections": person_sections(owner=request.user, businesses=chosen),
        "form": form,
        "owned": owned,
        "chosen": request.GET.get("usaha", ""),
        "requests": dsr_selectors.owner_requests(owner=request.user),
    }
    return render(request, "privacy/dsr_my_data.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    owned = _owned(request)
    return _my_data_page(request, DsrSubmitForm(businesses=owned), owned)


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    """The owner's own file, with their full NIK (logged as an export and an unmasked read)."""
    chosen = _chosen(request, _owned(request))
    content = dsr.person_export(
        actor=request.user, owner=request.user, businesses=chosen, ip=client_ip(request)
    )
    return _zip_response(content, f"data-saya-{timezone.localdate():%Y%m%d}.zip")


def _zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ZIP_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def dsr_create(request: HttpRequest) -> HttpResponse:
    """POST a request; a GET (a bookmark, a reload after an error) goes to the page with the form."""
    owned = _owned(request)
    if request.method != "POST":
        return redirect("privacy:my_data")
    form = DsrSubmitForm(request.POST, businesses=owned)
    if form.is_valid():
        try:
            dsr.dsr_submit(
                requester=request.user, kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"], business=form.cleaned_data["business"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Permintaan Anda diterima. Dinas menjawab paling lambat 3x24 jam."))
            return redirect("privacy:my_data")
    return _my_data_page(request, form, owned)


@login_required
def dsr_queue(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Action.HANDLE_REQUESTS):
        raise PermissionDenied
    form = DsrQueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = dsr_selectors.dsr_queue(
        user=request.user, status=filters.get("status") or dsr_selectors.OPEN, kind=filters.get("kind") or ""
    )
    context = {"form": form, "queue": queue[:200], "counts": dsr_selectors.dsr_counts(user=request.user)}
    return render(request, "privacy/dsr_queue.html", context)


@login_required
def dsr_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = dsr_selectors.dsr_for(request.user, pk)
    businesses = dsr_selectors.requester_businesses(user=request.user, request=data_request)
    sections = person_sections(owner=data_request.requester, businesses=businesses)
    context = {
        "data_request": data_request,
        "businesses": businesses,
        "summary": [(s.title, len(s.rows)) for s in sections],
        "form": DsrHandleForm(),
        "action_label": COMPLETE_LABELS.get(data_request.kind, _("Selesaikan")),
        "is_correction": data_request.kind == DsrKind.PERBAIKAN,
    }
    return render(request, "privacy/dsr_detail.html", context)


COMPLETE_LABELS: dict[str, str] = {
    DsrKind.PEMBATASAN: _("Batasi pemrosesan dan selesaikan"),
    DsrKind.PENGHAPUSAN: _("Hapus data pribadi dan selesaikan"),
    DsrKind.PENARIKAN: _("Tarik semua persetujuan dan selesaikan"),
}


@login_required
@require_POST
def dsr_handle(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = dsr_selectors.dsr_for(request.user, pk)
    form = DsrHandleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return refused_back(request, "privacy:dsr_detail", pk=data_request.pk)
    try:
        done = _apply(request.user, data_request, form.cleaned_data["decision"], form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return refused_back(request, "privacy:dsr_detail", pk=data_request.pk)
    messages.success(request, done)
    return redirect("privacy:dsr_detail", pk=data_request.pk)


def _apply(actor: Any, data_request: DataSubjectRequest, decision: str, note: str) -> str:
    if decision == "proses":
        dsr.dsr_start(actor=actor, request=data_request)
        return _("Permintaan sedang Anda tangani.")
    if decision == "tolak":
        dsr.dsr_refuse(actor=actor, request=data_request, note=note)
        return _("Permintaan ditolak; pemohon dapat membaca alasannya.")
    dsr.dsr_complete(actor=actor, request=data_request, note=note)
    return _("Permintaan diselesaikan.")


@login_required
def dsr_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester's file for staff to hand over: the NIK stays masked."""
    data_request = dsr_selectors.dsr_for(request.user, pk)
    businesses = dsr_selectors.requester_businesses(user=request.user, request=data_request)
    content = dsr.person_export(
        actor=request.user, owner=data_request.requester, businesses=businesses,
        ip=client_ip(request), request=data_request,
    )  # fmt: skip
    return _zip_response(content, f"data-pemohon-{data_request.pk}.zip")
