"""Pages of the data protection officer's desk: breach incidents and their affected people (runbook §4.9),
the retention schedule with its runs, and the record of processing activities (Pasal 31).

Incidents and retention are for the province admin (``Action.CONFIGURE``, like the access log); the
record of processing is also readable by the leadership (``ropa_readable``).
"""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lapak.accounts.forms import client_ip
from lapak.accounts.scoping import Action, home_province_code, user_can
from lapak.core.jobs import job_enqueue
from lapak.core.models import AccessAction
from lapak.core.responses import refused_back
from lapak.core.services import access_log_record
from lapak.core.spreadsheet import XLSX_TYPE
from lapak.regions.models import Region

from . import incidents, retention, ropa
from .incident_forms import IncidentForm, RetentionRunForm
from .incident_models import Incident

PAGE_ROWS = 50


def _require_configure(request: HttpRequest) -> None:
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied


def _province(request: HttpRequest) -> Region:
    return get_object_or_404(Region, code=home_province_code(request.user))


def _incident(request: HttpRequest, pk: int) -> Incident:
    _require_configure(request)
    return get_object_or_404(Incident, pk=pk, province_id=home_province_code(request.user))


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    found = Incident.objects.filter(province_id=home_province_code(request.user)).select_related(
        "compromised_user"
    )
    return render(request, "privacy/incident_list.html", {"incidents": found, "now": timezone.now()})


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    return _incident_form(request, None)


@login_required
def incident_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_form(request, _incident(request, pk))


def _incident_form(request: HttpRequest, incident: Incident | None) -> HttpResponse:
    province = incident.province if incident else _province(request)
    initial = {}
    if incident is not None:
        initial = {
            "title": incident.title, "description": incident.description, "status": incident.status,
            "discovered_at": timezone.localtime(incident.discovered_at),
            "window_start": timezone.localtime(incident.window_start),
            "window_end": timezone.localtime(incident.window_end),
            "kabkota": list(incident.kabkota.all()), "data_categories": incident.data_categories,
            "compromised_username": incident.compromised_user.username if incident.compromised_user else "",
        }  # fmt: skip
    form = IncidentForm(request.POST or None, initial=initial, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            saved = incidents.incident_save(actor=request.user, data=form.service_data(), incident=incident)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Insiden disimpan."))
            return redirect("privacy:incident_detail", pk=saved.pk)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": incident})


@login_required
@require_GET
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The incident, its 72-hour deadline, and the affected people: counts per kab/kota and a list."""
    incident = _incident(request, pk)
    scope = incidents.incident_scope(incident)
    businesses = (
        incidents.affected_businesses(scope).select_related("kabkota").order_by("kabkota_id", "name", "pk")
    )
    records = incidents.affected_source_records(scope).select_related("kabkota", "source")
    counts = incidents.affected_counts(scope)
    context = {
        "incident": incident,
        "scope": scope,
        "kabkota_names": [region.name for region in incident.kabkota.order_by("name")],
        "counts": counts,
        "total": sum(row["total"] for row in counts),
        "businesses": Paginator(businesses, PAGE_ROWS).get_page(request.GET.get("page")),
        "records": Paginator(records.order_by("kabkota_id", "name", "pk"), PAGE_ROWS).get_page(
            request.GET.get("rpage")
        ),
        "now": timezone.now(),
    }
    return render(request, "privacy/incident_detail.html", context)


@login_required
@require_GET
def incident_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    """The affected people as XLSX (masked NIK only); written to a temporary file while streaming rows
    from the database, and logged as an export with the incident and its scope."""
    incident = _incident(request, pk)
    scope = incidents.incident_scope(incident)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        rows = incidents.affected_xlsx(scope, handle)
    except BaseException:
        handle.close()
        raise
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        object_repr=f"incident:{incident.pk}:affected.xlsx",
        reason=_("Pemberitahuan insiden pelindungan data: %(title)s") % {"title": incident.title},
        detail={
            "incident": incident.pk,
            "window": [scope.start.isoformat(), scope.end.isoformat()],
            "kabkota": list(scope.kabkota) or f"provinsi {scope.province}",
            "account": scope.account.username if scope.account else "",
            "rows": rows,
        },
        ip=client_ip(request),
    )
    handle.seek(0)
    filename = f"insiden-{incident.pk}-orang-terdampak.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    """The schedule, its last runs, and a button to run it now (dry run here, real run as a job)."""
    _require_configure(request)
    if request.method == "POST":
        form = RetentionRunForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih uji coba atau sungguhan."))
            return refused_back(request, "privacy:retention")
        if form.cleaned_data["mode"] == "uji":
            runs = retention.retention_run(dry_run=True, actor=request.user)
            found = sum(run.rows + run.files for run in runs)
            messages.info(
                request, _("Uji coba selesai: %(n)s baris atau berkas akan terhapus.") % {"n": found}
            )
        else:
            job = job_enqueue(
                kind=retention.RETENTION_JOB, params={"dry_run": False}, created_by=request.user
            )
            messages.success(
                request, _("Retensi dijalankan sebagai pekerjaan latar #%(pk)s.") % {"pk": job.pk}
            )
            return redirect(reverse("core:job_detail", kwargs={"pk": job.pk}))
        return redirect("privacy:retention")
    last_real = retention.retention_last_real_run()
    rules = [(rule, last_real.get(rule.name)) for rule in retention.RULES]
    context = {"rules": rules, "runs": retention.retention_last_runs(), "form": RetentionRunForm()}
    return render(request, "privacy/retention.html", context)


@login_required
@require_GET
def ropa_page(request: HttpRequest) -> HttpResponse:
    """The record of processing activities, on screen or as XLSX."""
    if not ropa.ropa_readable(request.user):
        raise PermissionDenied
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(ropa.ropa_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="catatan-aktivitas-pemrosesan.xlsx"'
        return response
    return render(request, "privacy/ropa.html", {"activities": ropa.ACTIVITIES})
