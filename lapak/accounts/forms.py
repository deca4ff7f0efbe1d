from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import login_is_throttled
from lapak.accounts.services import login_failure_record, login_failures_clear

# Reset requests are counted in the same table as failed logins, under this prefix and the address.
RESET_PREFIX = "reset:"


def client_ip(request: object) -> str | None:
    return getattr(request, "META", {}).get("REMOTE_ADDR")


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, refusing an address that asks for too many reset mails (mail flooding)."""

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        key = f"{RESET_PREFIX}{client_ip(self.request)}"
        if login_is_throttled(username=key):
            raise forms.ValidationError(
                _("Terlalu banyak permintaan kata sandi baru. Coba lagi dalam %(minutes)s menit."),
                code="throttled",
                params={"minutes": settings.LAPAK_LOGIN_LOCK_MINUTES},
            )
        login_failure_record(username=key, ip_address=None)  # kept apart from the per-address login count
        return cleaned


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing an account for a while after repeated wrong passwords."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "throttled": _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit."),
    }

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        if username and login_is_throttled(username=username, ip_address=client_ip(self.request)):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LAPAK_LOGIN_LOCK_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip_address=client_ip(self.request))
            raise
        login_failures_clear(username=username, ip_address=client_ip(self.request))
        return cleaned


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )
