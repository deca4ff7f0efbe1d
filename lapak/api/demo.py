"""Demo tokens, so the API can be tried at once: a staff token of the Sampang operator and a TikTok
Shop partner key. Each run replaces the previous demo ones (a secret cannot be shown twice)."""

from __future__ import annotations

from lapak.accounts.models import User
from lapak.channels.models import PARTNER_SCOPES, Channel, PartnerKey

from .models import ApiToken
from .scopes import STAFF_SCOPES
from .services import api_token_create, partner_key_issue

DEMO_NAME = "Demo API"


def demo_api_tokens_create() -> list[str]:
    """Make the demo token and key; returns lines to print (with the secrets)."""
    operator = User.objects.filter(username="operator.sampang").first()
    admin = User.objects.filter(username="admin").first()
    tiktok = Channel.objects.filter(code="tiktok").first()
    if operator is None or admin is None or tiktok is None:
        return []
    ApiToken.objects.filter(name=DEMO_NAME).delete()
    PartnerKey.objects.filter(name=DEMO_NAME).delete()
    _token, staff = api_token_create(user=operator, name=DEMO_NAME, scopes=STAFF_SCOPES)
    _key, partner = partner_key_issue(actor=admin, channel=tiktok, name=DEMO_NAME, scopes=PARTNER_SCOPES)
    return [
        "API: dokumentasi di /api/v1/docs (Authorization: Bearer <token>)",
        f"  token staf operator.sampang (hanya Kab. Sampang): {staff}",
        f"  kunci mitra TikTok Shop: {partner}",
    ]
