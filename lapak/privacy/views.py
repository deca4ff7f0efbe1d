"""The owner's consent page: read each purpose's current wording, give, refuse or withdraw consent, and
see the history. Staff who see the business may read it; staff who may change it may record a
withdrawal the owner asked for; only the owner gives consent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, user_can
from lapak.core.models import AccessAction
from lapak.core.responses import refused_back
from lapak.core.selectors import access_log_entries
from lapak.core.services import access_log_record
from lapak.core.spreadsheet import XLSX_TYPE
from lapak.registry.models import Business
from lapak.registry.selectors import business_for

from . import selectors, services
from .access_log import access_log_xlsx
from .alerts import access_alerts_open
from .forms import AccessLogFilterForm, ConsentAnswerForm
from .models import ConsentSource, ConsentWording


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """An owner's businesses with their consent; staff are pointed to each business's page."""
    owned = Business.objects.none()
    if request.user.role == Role.PELAKU_USAHA:  # type: ignore[union-attr]
        owned = Business.objects.visible_to(request.user).filter(owner_account=request.user).order_by("name")
    rows = [(b, selectors.business_consent_states(business=b)) for b in owned]
    return render(request, "privacy/home.html", {"rows": rows})


@login_required
def business_consent(request: HttpRequest, pk: int) -> HttpResponse:
    business = business_for(request.user, pk)
    is_owner = business.owner_account_id == request.user.pk
    may_withdraw = is_owner or user_can(request.user, Action.CHANGE)
    if request.method == "POST":
        form = ConsentAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Jawaban tidak lengkap; pilih lagi."))
            return refused_back(request, "privacy:business", pk=business.pk)
        if not _answer(request, business, form, is_owner=is_owner, may_withdraw=may_withdraw):
            return refused_back(request, "privacy:business", pk=business.pk)
        return redirect("privacy:business", pk=business.pk)
    context = {
        "business": business,
        "states": selectors.business_consent_states(business=business),
        "history": selectors.consent_history(business=business),
        "is_owner": is_owner,
        "may_withdraw": may_withdraw,
    }
    return render(request, "privacy/business.html", context)


def _answer(
    request: HttpRequest, business: Business, form: ConsentAnswerForm, *, is_owner: bool, may_withdraw: bool
) -> bool:
    """Carry out the owner's or staff's answer; ``False`` (with the reason queued) when it is refused."""
    purpose, answer = form.cleaned_data["purpose"], form.cleaned_data["answer"]
    try:
        if answer == "withdraw":
            if not may_withdraw:
                raise PermissionDenied
            source = ConsentSource.OWNER_PAGE if is_owner else ConsentSource.STAFF
            withdrawn = services.consent_withdraw(
                actor=request.user, business=business, purpose=purpose,
                reason=form.cleaned_data["reason"] or str(ConsentSource(source).label),
            )  # fmt: skip
            if withdrawn is None:
                messages.info(request, _("Tidak ada persetujuan yang berlaku untuk ditarik."))
            else:
                messages.success(request, _("Persetujuan ditarik dan langsung berlaku."))
            return True
        if not is_owner:
            raise PermissionDenied
        wording = ConsentWording.objects.filter(pk=form.cleaned_data["wording"], purpose=purpose).first()
        if wording is None:
            raise ValidationError(_("Teks persetujuan tidak ditemukan; muat ulang halaman ini."))
        give = services.consent_grant if answer == "grant" else services.consent_refuse
        give(actor=request.user, business=business, purpose=purpose, wording=wording)
        messages.success(request, _("Jawaban Anda dicatat."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    return True


ACCESS_LOG_PAGE = 200


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """The personal-data access log for the province's data protection officer (admin_provinsi)."""
    if not user_can(request.user, Action.CONFIGURE):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_log_entries(**{k: v for k, v in filters.items() if v})
    if request.GET.get("format") == "xlsx" and form.is_valid():
        content = access_log_xlsx(entries.iterator())
        access_log_record(
            user=request.user,
            action=AccessAction.EXPORT,
            object_repr="privacy:access_log",
            reason=_("Pemeriksaan log akses oleh petugas pelindungan data"),
            detail={k: str(v) for k, v in filters.items() if v},
            ip=request.META.get("REMOTE_ADDR"),
        )
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="log-akses-data-pribadi.xlsx"'
        return response
    context = {
        "form": form, "entries": entries[:ACCESS_LOG_PAGE], "total": entries.count(),
        "open_alerts": access_alerts_open().count(),
    }  # fmt: skip
    return render(request, "privacy/access_log.html", context)
