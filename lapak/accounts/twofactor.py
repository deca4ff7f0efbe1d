"""Two-factor sign-in with an authenticator app (TOTP): who must use it, setting it up, checking codes.

Staff roles (everyone but business owners and partners' API users) must add a second factor before they
reach any page; owners may. A code is accepted once (the step it belongs to is remembered) within one step
of clock drift either way. Ten recovery codes, shown once, stand in for a lost phone.
"""

from __future__ import annotations

import secrets

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lapak.accounts.models import RecoveryCode, Role, TotpDevice, User
from lapak.core.crypto import decrypt_text, encrypt_text, keyed_hash, keyed_hash_candidates

ISSUER = "Lapak Jatim"
RECOVERY_CODES = 10
SESSION_FLAG = "lapak_2fa_ok"
STAFF_ROLES = frozenset(
    {
        Role.ADMIN_PROVINSI,
        Role.OPERATOR_KABKOTA,
        Role.KURATOR,
        Role.PENDAMPING,
        Role.PIMPINAN,
        Role.DEKRANASDA,
    }
)


def two_factor_required(user: User) -> bool:
    return bool(settings.LAPAK_2FA_REQUIRED) and (user.role in STAFF_ROLES or user.is_superuser)


def two_factor_enabled(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def totp_setup_start(user: User) -> TotpDevice:
    """The secret the user scans: kept until confirmed, so reloading the page does not undo a scan."""
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret_encrypted": encrypt_text(pyotp.random_base32())}
    )
    return device


def totp_secret(device: TotpDevice) -> str:
    return decrypt_text(device.secret_encrypted)


def totp_provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(totp_secret(device)).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def totp_qr_svg_data_uri(device: TotpDevice) -> str:
    """The otpauth:// address as a QR code (an SVG data URI), drawn here without any outside service."""
    return segno.make(totp_provisioning_uri(device), error="m").svg_data_uri(scale=5)


def _accepted_step(device: TotpDevice, code: str) -> int | None:
    totp = pyotp.TOTP(totp_secret(device))
    now = int(timezone.now().timestamp())
    for drift in (0, -1, 1):
        step = now // totp.interval + drift
        if step > device.last_step and secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def totp_setup_confirm(device: TotpDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code; returns the new recovery codes (shown once), or None."""
    device = TotpDevice.objects.select_for_update().get(pk=device.pk)
    step = _accepted_step(device, _normalised(code))
    if step is None:
        return None
    device.last_step = step
    device.confirmed_at = timezone.now()
    device.save(update_fields=["last_step", "confirmed_at"])
    return recovery_codes_renew(device.user)


def recovery_codes_renew(user: User) -> list[str]:
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=keyed_hash(_normalised(code))) for code in codes
    )
    return codes


@transaction.atomic
def second_factor_check(user: User, code: str) -> bool:
    """True for a current, unused authenticator code or an unused recovery code (which is then spent)."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    cleaned = _normalised(code)
    if cleaned.isdigit() and len(cleaned) == 6:
        step = _accepted_step(device, cleaned)
        if step is None:
            return False
        TotpDevice.objects.filter(pk=device.pk).update(last_step=step)
        return True
    spent = RecoveryCode.objects.filter(
        user=user, code_hash__in=keyed_hash_candidates(cleaned), used_at__isnull=True
    ).update(used_at=timezone.now())
    return spent == 1


def two_factor_disable(user: User) -> None:
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
