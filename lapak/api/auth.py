"""Who is calling: a partner key (its channel), a staff token (its user) or the public; then the rate
limit of that caller, then whether this kind of caller with these scopes may use the operation.

The order matters: a request with a token that does not work is 401 (never quietly served as public),
a caller over its limit is 429 before any work, and only then 403 for a wrong kind or scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security.base import AuthBase

from lapak.channels.models import Channel, PartnerKey

from .errors import ApiError, unauthenticated
from .models import ApiToken
from .ratelimit import RateState, rate_limit_hit, rate_limits
from .selectors import can_hold_api_token, token_for_secret
from .services import token_mark_used

PUBLIC, PARTNER, STAFF = "public", "partner", "staff"

SECURITY_SCHEMES = {
    "TokenMitra": {
        "type": "http",
        "scheme": "bearer",
        "description": "Kunci mitra marketplace (diawali `lpk_`): hanya kanal mitra itu sendiri.",
    },
    "TokenStaf": {
        "type": "http",
        "scheme": "bearer",
        "description": (
            "Token staf (diawali `lpt_`): hanya data yang dapat dilihat penggunanya di aplikasi "
            "(wilayah dan peran yang sama)."
        ),
    },
}
SCHEME_OF = {PARTNER: "TokenMitra", STAFF: "TokenStaf"}


@dataclass(frozen=True)
class Principal:
    kind: str
    scopes: frozenset[str] = frozenset()
    user: Any = field(default_factory=AnonymousUser)
    channel: Channel | None = None
    bucket: str = ""

    def __bool__(self) -> bool:  # ninja treats a falsy result as "not authenticated"
        return True


def principal_for(request: HttpRequest) -> Principal:
    """The caller of ``request``; raises a 401 ``ApiError`` for a token that does not work."""
    header = request.headers.get("Authorization", "")
    if not header:
        return Principal(PUBLIC, bucket=_address(request))
    scheme, _space, secret = header.partition(" ")
    token = token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
    if isinstance(token, PartnerKey):
        token_mark_used(model=PartnerKey, pk=token.pk)
        return Principal(PARTNER, frozenset(token.scopes), channel=token.channel, bucket=f"pk:{token.pk}")
    if isinstance(token, ApiToken) and can_hold_api_token(token.user):
        token_mark_used(model=ApiToken, pk=token.pk)
        return Principal(STAFF, frozenset(token.scopes), user=token.user, bucket=f"at:{token.pk}")
    raise unauthenticated()


class Access(AuthBase):
    """Ninja's auth hook: who may call an operation. ``kinds`` are the callers it serves (``PUBLIC``
    serves everyone, with or without a token); ``scope`` is the scope a token needs."""

    openapi_type = "http"

    def __init__(self, *kinds: str, scope: str | None = None) -> None:
        super().__init__()
        self.kinds = kinds
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Principal:
        try:
            principal = principal_for(request)
        except ApiError:  # a token that does not work counts against the address, like no token
            _count(request, PUBLIC, _address(request))
            raise
        _count(request, principal.kind, principal.bucket)
        if PUBLIC in self.kinds:
            return principal
        if principal.kind == PUBLIC:
            raise unauthenticated(_("Operasi ini memerlukan token (Authorization: Bearer …)."))
        if principal.kind not in self.kinds:
            raise ApiError(403, "wrong_token_kind", _("Jenis token ini tidak dapat memakai operasi ini."))
        if self.scope and self.scope not in principal.scopes:
            message = _("Token ini tidak memiliki cakupan “%(scope)s”.") % {"scope": self.scope}
            raise ApiError(403, "missing_scope", message)
        return principal

    def security_requirements(self) -> list[dict[str, list[str]]]:
        """The OpenAPI security of the operation (3.1 allows scopes for bearer schemes)."""
        scopes = [self.scope] if self.scope else []
        required = [{SCHEME_OF[kind]: scopes} for kind in self.kinds if kind in SCHEME_OF]
        if PUBLIC in self.kinds:
            anyone: list[dict[str, list[str]]] = [{}]
            return anyone + [{name: []} for name in SECURITY_SCHEMES]
        return required

    def rate_limit_description(self) -> dict[str, Any]:
        limits = rate_limits()
        kinds = [PUBLIC, PARTNER, STAFF] if PUBLIC in self.kinds else list(self.kinds)
        return {kind: {"requests": limits[kind][0], "window_seconds": limits[kind][1]} for kind in kinds}


def _address(request: HttpRequest) -> str:
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def _count(request: HttpRequest, kind: str, bucket: str) -> None:
    state = rate_limit_hit(kind=kind, bucket=bucket)
    request.rate_state = state  # type: ignore[attr-defined]
    if state.exceeded:
        raise too_many(state)


def too_many(state: RateState) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)s detik.") % {"seconds": state.reset_seconds},
        headers={"Retry-After": str(state.reset_seconds)},
    )
