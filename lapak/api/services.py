"""Writes of the API app: staff tokens, partner keys (their scopes, expiry, rotation) and the feed's
change log."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action, user_can
from lapak.channels.models import PARTNER_SCOPES, Channel, PartnerKey
from lapak.channels.services import partner_key_create
from lapak.core.crypto import keyed_hash

from .models import ApiToken, CatalogChange
from .scopes import STAFF_SCOPES
from .selectors import can_hold_api_token

TOKEN_PREFIX = "lpt_"
# How long the old key of a rotated partner key keeps working, so the partner can switch without a gap.
ROTATION_GRACE = timedelta(days=7)
# A token's last use is written at most this often: not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _clean(*, name: str, scopes: Sequence[str], allowed: Sequence[str], expires_at: datetime | None) -> str:
    name = name.strip()
    problems = []
    if not name:
        problems.append(_("Beri nama token, misalnya nama sistem yang memakainya."))
    if not scopes:
        problems.append(_("Pilih minimal satu cakupan."))
    unknown = sorted(set(scopes) - set(allowed))
    if unknown:
        problems.append(_("Cakupan tidak dikenal: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if expires_at is not None and expires_at <= timezone.now():
        problems.append(_("Tanggal berlaku harus di masa depan."))
    if problems:
        raise ValidationError(problems)
    return name[:100]


def api_token_create(
    *, user: Any, name: str, scopes: Sequence[str], expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``user`` for an integration; returns it with its secret, which is never stored.

    Only staff may hold one; what the token sees is what the user sees (``accounts.scoping``).
    """
    if not can_hold_api_token(user):
        raise PermissionDenied(_("Peran Anda tidak dapat membuat token API."))
    name = _clean(name=name, scopes=scopes, allowed=STAFF_SCOPES, expires_at=expires_at)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scopes=sorted(set(scopes)),
        key_hash=keyed_hash(raw),
        prefix=raw[:12],
        expires_at=expires_at,
    )
    return token, raw


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (at once; revoking twice keeps the first time)."""
    if token.user_id != actor.pk:
        raise PermissionDenied(_("Token ini bukan milik Anda."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _check_manages_partner_keys(actor: Any) -> None:
    if not user_can(actor, Action.CONFIGURE):
        raise PermissionDenied(_("Hanya admin provinsi yang mengelola kunci mitra."))


def partner_key_issue(
    *, actor: Any, channel: Channel, name: str, scopes: Sequence[str], expires_at: datetime | None = None
) -> tuple[PartnerKey, str]:
    """A new key for a marketplace partner on ``channel``; returns it with its secret (shown once)."""
    _check_manages_partner_keys(actor)
    name = _clean(name=name, scopes=scopes, allowed=PARTNER_SCOPES, expires_at=expires_at)
    with transaction.atomic():
        key, raw = partner_key_create(channel=channel, name=name)
        key.scopes = sorted(set(scopes))
        key.expires_at = expires_at
        key.prefix = raw[: len(f"lpk_{channel.code}_") + 6]
        key.save(update_fields=["scopes", "expires_at", "prefix"])
    return key, raw


def partner_key_revoke(*, actor: Any, key: PartnerKey) -> PartnerKey:
    """Stop a partner key at once."""
    _check_manages_partner_keys(actor)
    if key.is_active:
        key.is_active = False
        key.save(update_fields=["is_active"])
    return key


def partner_key_rotate(*, actor: Any, key: PartnerKey) -> tuple[PartnerKey, str]:
    """A new key with the same channel, name and scopes; the old one keeps working for
    ``ROTATION_GRACE`` (or until it expired anyway), so the partner can switch without downtime."""
    _check_manages_partner_keys(actor)
    if not key.is_active:
        raise ValidationError(_("Kunci yang sudah dicabut tidak dapat diganti; buat kunci baru."))
    now = timezone.now()
    expires_at = key.expires_at if key.expires_at and key.expires_at > now else None
    with transaction.atomic():
        new, raw = partner_key_issue(
            actor=actor, channel=key.channel, name=key.name, scopes=key.scopes, expires_at=expires_at
        )
        grace_end = now + ROTATION_GRACE
        key.expires_at = min(key.expires_at, grace_end) if key.expires_at else grace_end
        key.save(update_fields=["expires_at"])
    return new, raw


def token_mark_used(*, model: type[ApiToken] | type[PartnerKey], pk: int) -> None:
    """Note that a token was used now (one conditional UPDATE, at most once a minute per token)."""
    now = timezone.now()
    stale = model.objects.filter(pk=pk).exclude(last_used_at__gt=now - LAST_USED_RESOLUTION)
    stale.update(last_used_at=now)


def catalog_changes_record(*, pairs: Iterable[tuple[int, int]]) -> int:
    """Note that each (channel id, product id) changed; returns how many rows were written."""
    rows = [CatalogChange(channel_id=channel, product_id=product) for channel, product in pairs]
    CatalogChange.objects.bulk_create(rows)
    return len(rows)
