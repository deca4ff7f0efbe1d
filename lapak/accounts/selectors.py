"""Reads for accounts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lapak.accounts.models import LoginFailure

# One address may fail this many times more than one account, across all accounts (password spraying).
IP_FACTOR = 4
# An account tried from many addresses (a botnet) is held back after this many times the limit: only a
# distributed attack can reach it, and it still ends with the window.
ACCOUNT_FACTOR = 10


def login_is_throttled(*, username: str, ip_address: str | None = None) -> bool:
    """True when this address failed this account too often within the window, or sprays many accounts.

    The account lock counts failures *from the same address*: an attacker guessing from elsewhere cannot
    keep the real user out (each lock also ends with the window, LAPAK_LOGIN_LOCK_MINUTES).
    """
    cutoff = timezone.now() - timedelta(minutes=settings.LAPAK_LOGIN_LOCK_MINUTES)
    limit = settings.LAPAK_LOGIN_MAX_FAILURES
    account = LoginFailure.objects.filter(created_at__gte=cutoff, username=username.lower())
    if ip_address is None:
        return account.count() >= limit
    if account.filter(ip_address=ip_address).count() >= limit:
        return True
    if account.count() >= limit * ACCOUNT_FACTOR:
        return True
    from_address = LoginFailure.objects.filter(created_at__gte=cutoff, ip_address=ip_address)
    return from_address.count() >= limit * IP_FACTOR
