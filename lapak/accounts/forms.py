from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import login_is_throttled
from lapak.accounts.services import login_failure_record, login_failures_clear


def client_ip(request: object) -> str | None:
    return getattr(request, "META", {}).get("REMOTE_ADDR")


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
        login_failures_clear(username=username)
        return cleaned
