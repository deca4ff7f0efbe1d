"""Writes for accounts: recording failed logins for throttling."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lapak.accounts.models import LoginFailure


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    """Remember a failed login and forget those older than the lock window."""
    LoginFailure.objects.create(username=username.lower()[:150], ip_address=ip_address)
    cutoff = timezone.now() - timedelta(minutes=settings.LAPAK_LOGIN_LOCK_MINUTES)
    LoginFailure.objects.filter(created_at__lt=cutoff).delete()


def login_failures_clear(*, username: str, ip_address: str | None = None) -> None:
    """A successful login resets the count for that account from that address (not an attacker's count)."""
    failures = LoginFailure.objects.filter(username=username.lower())
    if ip_address is not None:
        failures = failures.filter(ip_address=ip_address)
    failures.delete()
