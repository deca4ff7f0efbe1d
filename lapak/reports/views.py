"""Report pages: the archive, the request form, a report with its downloads and share links, and the
share-link landing. Thin: visibility from ``selectors``, writes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import client_ip
from lapak.core.models import AccessAction
from lapak.core.responses import refused_back, refused_with
from lapak.core.services import access_log_record
from lapak.reports import selectors, services
from lapak.reports.forms import ReportRequestForm, ShareLinkForm
from lapak.reports.models import Report, ReportKind, ShareLink

PAGE_SIZE = 30


def _report(request: HttpRequest, pk: int) -> Report:
    report = selectors.report_for(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return report


@login_required
def archive(request: HttpRequest) -> HttpResponse:
    """The reports the user may read, newest first, filtered by kind."""
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    reports = selectors.reports_visible_to(user=request.user)
    kind = request.GET.get("kind", "")
    if kind in ReportKind.values:
        reports = reports.filter(kind=kind)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = [
        (k, label) for k, label in ReportKind.choices if k in selectors.report_kinds_for(user=request.user)
    ]
    context = {
        "page": page,
        "kinds": kinds,
        "kind": kind,
        "can_request": selectors.can_request_reports(request.user),
    }
    return render(request, "reports/archive.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Ask for a report: it is queued as a job and the report page shows its progress."""
    if not selectors.can_request_reports(request.user):
        raise PermissionDenied
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_request(
                actor=request.user,
                kind=data["kind"],
                period=data["period"],
                region=data["region"],
                unggulan_list=data.get("unggulan_list"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Laporan diantrekan: %(title)s.") % {"title": report.title})
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/create.html", {"form": form})


def _add_errors(form: ReportRequestForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _detail_context(request: HttpRequest, report: Report) -> dict[str, object]:
    can_share = selectors.can_request_reports(request.user)
    return {
        "report": report,
        "can_share": can_share,
        "share_links": selectors.share_links_of(report=report) if can_share else [],
        "share_form": ShareLinkForm(),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial, polled by htmx until the report is ready or failed; then the whole page
    reloads once, so the share form and the finish time appear with the downloads."""
    report = _report(request, pk)
    response = render(request, "reports/_status.html", {"report": report})
    if request.htmx and report.is_finished:
        response["HX-Refresh"] = "true"
    return response


def _download(request: HttpRequest, pk: int, field: str) -> FileResponse:
    report = _report(request, pk)
    if not selectors.can_request_reports(request.user):
        raise PermissionDenied
    file: FieldFile = getattr(report, field)
    if not file:
        raise Http404
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        object_repr=f"report:{report.pk}:{field}",
        reason=_("Unduh laporan"),
        ip=client_ip(request),
    )
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@login_required
def pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
def xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx")


@login_required
@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not selectors.can_request_reports(request.user):
        raise PermissionDenied
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tanggal berlaku sampai tidak sah."))
        return refused_back(request, "reports:detail", pk=report.pk)
    try:
        link = services.share_link_create(
            actor=request.user, report=report, expires_on=form.cleaned_data["expires_on"]
        )
    except ValidationError as error:
        return refused_with(request, error, "reports:detail", pk=report.pk)
    url = request.build_absolute_uri(reverse("reports:share_open", kwargs={"token": link.token}))
    messages.success(request, _("Tautan berbagi dibuat: %(url)s") % {"url": url})
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink.objects.select_related("report"), pk=pk)
    report = _report(request, link.report_id)
    if not selectors.can_request_reports(request.user):
        raise PermissionDenied
    try:
        services.share_link_revoke(actor=request.user, link=link)
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from error
    messages.success(request, _("Tautan dicabut; tautan itu tidak bisa dibuka lagi."))
    return redirect("reports:detail", pk=report.pk)


@login_required
def share_open(request: HttpRequest, token: str) -> HttpResponse:
    """A shared report: the link only finds it; the viewer's own scope decides whether it opens."""
    link = selectors.share_link_by_token(token=token)
    if link is None:
        raise Http404
    report = _report(request, link.report_id)
    if not selectors.share_link_usable(link):
        return render(request, "reports/share_gone.html", {"link": link}, status=410)
    context = _detail_context(request, report) | {"shared_link": link}
    return render(request, "reports/detail.html", context)
