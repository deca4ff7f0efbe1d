"""Reads for accounts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lapak.accounts.models import LoginFailure

# One address may fail this many times more than one account, across all accounts (password spraying).
IP_FACTOR = 4


def login_is_throttled(*, username: str, ip_address: str | None = None) -> bool:
    """True when the account, or the address trying it, saw too many failed logins within the window."""
    cutoff = timezone.now() - timedelta(minutes=settings.LAPAK_LOGIN_LOCK_MINUTES)
    recent = LoginFailure.objects.filter(created_at__gte=cutoff)
    if recent.filter(username=username.lower()).count() >= settings.LAPAK_LOGIN_MAX_FAILURES:
        return True
    if ip_address is None:
        return False
    return recent.filter(ip_address=ip_address).count() >= settings.LAPAK_LOGIN_MAX_FAILURES * IP_FACTOR
