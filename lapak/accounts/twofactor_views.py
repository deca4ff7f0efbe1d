"""Pages for the second factor: set up the authenticator app, enter a code after the password, manage it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.forms import SecondFactorForm
from lapak.accounts.selectors import login_is_throttled
from lapak.accounts.services import login_failure_record, login_failures_clear
from lapak.accounts.twofactor import (
    SESSION_FLAG,
    second_factor_check,
    totp_provisioning_uri,
    totp_qr_svg_data_uri,
    totp_secret,
    totp_setup_confirm,
    totp_setup_start,
    two_factor_disable,
    two_factor_enabled,
    two_factor_required,
)
from lapak.core.middleware import form_accepted
from lapak.core.responses import refused_back

THROTTLE_PREFIX = "2fa:"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    if two_factor_enabled(request.user):
        return redirect("accounts:security")
    device = totp_setup_start(request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_setup_confirm(device, form.cleaned_data["code"])
        if codes is not None:
            request.session[SESSION_FLAG] = True
            return form_accepted(render(request, "accounts/recovery_codes.html", {"codes": codes}))
        form.add_error("code", _("Kode tidak cocok. Periksa jam di ponsel, lalu masukkan kode yang baru."))
    context = {
        "form": form,
        "secret": totp_secret(device),
        "qr": totp_qr_svg_data_uri(device),
        "uri": totp_provisioning_uri(device),
        "required": two_factor_required(request.user),
    }
    return render(request, "accounts/totp_setup.html", context)


@login_required
def totp_verify(request: HttpRequest) -> HttpResponse:
    if not two_factor_enabled(request.user):
        return redirect("accounts:totp_setup")
    key = THROTTLE_PREFIX + request.user.username
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if login_is_throttled(username=key):
            form.add_error(
                "code",
                _("Terlalu banyak kode yang salah. Coba lagi dalam %(minutes)s menit.")
                % {"minutes": settings.LAPAK_LOGIN_LOCK_MINUTES},
            )
        elif second_factor_check(request.user, form.cleaned_data["code"]):
            login_failures_clear(username=key)
            request.session.cycle_key()
            request.session[SESSION_FLAG] = True
            return redirect(_next_url(request))
        else:
            login_failure_record(username=key, ip_address=request.META.get("REMOTE_ADDR"))
            form.add_error("code", _("Kode salah atau sudah dipakai."))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    context = {
        "enabled": two_factor_enabled(request.user),
        "required": two_factor_required(request.user),
        "form": SecondFactorForm(),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    form = SecondFactorForm(request.POST)
    if two_factor_required(request.user):
        messages.error(request, _("Peran Anda wajib memakai verifikasi dua langkah."))
        return refused_back(request, "accounts:security")
    if not (form.is_valid() and second_factor_check(request.user, form.cleaned_data["code"])):
        messages.error(request, _("Kode salah atau sudah dipakai."))
        return refused_back(request, "accounts:security")
    two_factor_disable(request.user)
    messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("accounts:security")
