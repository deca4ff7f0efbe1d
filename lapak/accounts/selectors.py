"""Reads for accounts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lapak.accounts.models import LoginFailure


def login_is_throttled(*, username: str) -> bool:
    """True when the account saw too many failed logins within the lock window."""
    cutoff = timezone.now() - timedelta(minutes=settings.LAPAK_LOGIN_LOCK_MINUTES)
    recent = LoginFailure.objects.filter(username=username.lower(), created_at__gte=cutoff).count()
    return recent >= settings.LAPAK_LOGIN_MAX_FAILURES
