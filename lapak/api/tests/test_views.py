"""Token pages: staff make and revoke their own tokens (secret shown once); the province admin manages
partner keys (expiry, rotation with a grace period, revocation)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from lapak.api.models import ApiToken
from lapak.api.services import api_token_create
from lapak.channels.models import Channel, PartnerKey
from lapak.conftest import PASSWORD
from lapak.core.crypto import keyed_hash

from .conftest import call

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_a_staff_user_makes_a_token_and_sees_its_secret_once(users: dict) -> None:
    client = logged_in("operator")
    response = client.post("/api-token/", {"name": "Dasbor kab", "scopes": ["usaha:baca", "produk:baca"]})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("lpt_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.name, token.scopes, token.key_hash) == (
        "Dasbor kab",
        ["produk:baca", "usaha:baca"],
        keyed_hash(secret),
    )
    assert secret not in client.get("/api-token/").content.decode()
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.actor is None or entry.actor.username == "operator"
    assert "key_hash" not in entry.changes_dict and entry.changes_dict["name"] == ["None", "Dasbor kab"]
    assert call("get", "/api/v1/usaha/", secret).status_code == 200


def test_a_token_form_with_problems_saves_nothing(users: dict) -> None:
    client = logged_in("operator")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post("/api-token/", {"name": "X", "scopes": ["usaha:baca"], "expires_on": yesterday})
    assert "Tanggal berlaku harus di masa depan." in response.content.decode()
    response = client.post("/api-token/", {"name": "X", "scopes": ["pesanan:tulis"]})
    assert response.context["form"].errors["scopes"]
    assert not ApiToken.objects.exists()


def test_an_expiry_date_lasts_to_the_end_of_that_day(users: dict) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    logged_in("admin").post(
        "/api-token/", {"name": "X", "scopes": ["usaha:baca"], "expires_on": tomorrow.isoformat()}
    )
    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert (expires.date(), expires.hour, expires.minute) == (tomorrow, 23, 59)


@pytest.mark.parametrize("role", ["pemilik", "mitra"])
def test_owners_and_partner_accounts_have_no_tokens(users: dict, role: str) -> None:
    client = logged_in(users[role].username)
    assert client.get("/api-token/").status_code == 403
    assert client.post("/api-token/", {"name": "X", "scopes": ["usaha:baca"]}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_user_revokes_only_their_own_tokens(users: dict) -> None:
    mine, secret = api_token_create(user=users["operator"], name="Saya", scopes=["usaha:baca"])
    theirs, _ = api_token_create(user=users["other_operator"], name="Dia", scopes=["usaha:baca"])
    client = logged_in("operator")
    assert client.post("/api-token/cabut/", {"pk": theirs.pk}).status_code == 404
    assert client.post("/api-token/cabut/", {"pk": mine.pk}).status_code == 302
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert call("get", "/api/v1/usaha/", secret).status_code == 401


def test_the_admin_issues_rotates_and_revokes_partner_keys(users: dict) -> None:
    client = logged_in("admin")
    tiktok = Channel.objects.get(code="tiktok")
    response = client.post(
        "/api-token/mitra/",
        {"channel": tiktok.pk, "name": "TikTok Shop", "scopes": ["pesanan:tulis", "katalog:baca"]},
    )
    old_secret = response.context["secret"]
    old = PartnerKey.objects.get()
    assert (old.scopes, old.expires_at, old.prefix) == (
        ["katalog:baca", "pesanan:tulis"],
        None,
        old_secret[:17],
    )
    rotated = client.post("/api-token/mitra/ganti/", {"pk": old.pk})
    new_secret = rotated.context["secret"]
    assert new_secret != old_secret and PartnerKey.objects.count() == 2
    old.refresh_from_db()
    assert timedelta(days=6, hours=23) < old.expires_at - timezone.now() <= timedelta(days=7)
    new = PartnerKey.objects.exclude(pk=old.pk).get()
    assert (new.channel, new.name, new.scopes, new.expires_at) == (tiktok, "TikTok Shop", old.scopes, None)
    feed = "/api/v1/mitra/katalog/perubahan/"
    assert call("get", feed, old_secret).status_code == call("get", feed, new_secret).status_code == 200
    client.post("/api-token/mitra/cabut/", {"pk": old.pk})
    assert call("get", feed, old_secret).status_code == 401
    assert call("get", feed, new_secret).status_code == 200


def test_only_the_admin_manages_partner_keys(users: dict) -> None:
    for username in ("operator", "pimpinan"):
        client = logged_in(username)
        assert client.get("/api-token/mitra/").status_code == 403
        assert client.post("/api-token/mitra/ganti/", {"pk": 1}).status_code == 403
