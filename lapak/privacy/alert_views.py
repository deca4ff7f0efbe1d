"""The data protection officer's alerts on unusual personal-data access (``alerts.py``): the open ones
first, the rules with their thresholds, and the acknowledgement with a note. For the province admin
(``Action.CONFIGURE``), like the access log itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lapak.accounts.scoping import Action, user_can
from lapak.core.responses import refused_back

from . import alerts
from .alert_models import AccessAlert
from .forms import AlertAcknowledgeForm


def _require_configure(request: HttpRequest) -> None:
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied


@login_required
@require_GET
def access_alerts(request: HttpRequest) -> HttpResponse:
    _require_configure(request)
    context = {
        "open_rows": alerts.alert_rows(alerts.access_alerts_open()),
        "acknowledged_rows": alerts.alert_rows(alerts.access_alerts_acknowledged()),
        "rules": alerts.ALERT_RULES,
        "form": AlertAcknowledgeForm(),
    }
    return render(request, "privacy/access_alerts.html", context)


@login_required
@require_POST
def access_alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    _require_configure(request)
    alert = get_object_or_404(AccessAlert, pk=pk)
    form = AlertAcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis catatan hasil pemeriksaan (paling banyak 1000 karakter)."))
        return refused_back(request, "privacy:access_alerts")
    try:
        alerts.access_alert_acknowledge(actor=request.user, alert=alert, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return refused_back(request, "privacy:access_alerts")
    messages.success(
        request, _("Peringatan untuk %(user)s ditandai sudah ditanggapi.") % {"user": alert.username}
    )
    return redirect("privacy:access_alerts")
