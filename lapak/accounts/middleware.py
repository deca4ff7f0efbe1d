"""Keep a signed-in user who still owes a second factor on the pages that collect it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lapak.accounts.twofactor import SESSION_FLAG, two_factor_enabled, two_factor_required

ALWAYS_OPEN = ("accounts:logout", "accounts:totp_verify", "accounts:totp_setup", "set_language")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(SESSION_FLAG):
            return self.get_response(request)
        open_paths = {reverse(name) for name in ALWAYS_OPEN}
        if request.path in open_paths or request.path.startswith("/static/"):
            return self.get_response(request)
        if two_factor_enabled(user):
            return redirect(f"{reverse('accounts:totp_verify')}?next={request.get_full_path()}")
        if two_factor_required(user):
            return redirect("accounts:totp_setup")
        request.session[SESSION_FLAG] = True  # owes nothing: no need to ask the database again
        return self.get_response(request)
