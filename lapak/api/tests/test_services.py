"""Token services and the feed's change log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lapak.api.models import ApiToken, CatalogChange
from lapak.api.services import (
    api_token_create,
    api_token_revoke,
    partner_key_issue,
    partner_key_revoke,
    partner_key_rotate,
    token_mark_used,
)
from lapak.channels.models import Channel, Listing, ListingState

pytestmark = pytest.mark.django_db


def test_a_token_keeps_only_a_keyed_hash_of_its_secret(users: dict) -> None:
    token, secret = api_token_create(user=users["admin"], name="  Dasbor  ", scopes=["usaha:baca"])
    assert secret.startswith("lpt_") and len(secret) > 40
    assert secret not in (token.key_hash, token.prefix) and secret.startswith(token.prefix)
    assert token.name == "Dasbor"


def test_token_rules(users: dict) -> None:
    with pytest.raises(PermissionDenied):
        api_token_create(user=users["pemilik"], name="X", scopes=["usaha:baca"])
    with pytest.raises(ValidationError) as error:
        api_token_create(user=users["admin"], name=" ", scopes=[], expires_at=timezone.now())
    assert len(error.value.messages) == 3
    token, _ = api_token_create(user=users["admin"], name="X", scopes=["usaha:baca"])
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=users["operator"], token=token)


def test_partner_keys_are_for_the_admin_and_a_revoked_one_cannot_rotate(users: dict) -> None:
    tiktok = Channel.objects.get(code="tiktok")
    with pytest.raises(PermissionDenied):
        partner_key_issue(actor=users["operator"], channel=tiktok, name="X", scopes=["pesanan:tulis"])
    key, _ = partner_key_issue(actor=users["admin"], channel=tiktok, name="X", scopes=["pesanan:tulis"])
    partner_key_revoke(actor=users["admin"], key=key)
    with pytest.raises(ValidationError):
        partner_key_rotate(actor=users["admin"], key=key)


def test_rotation_keeps_an_earlier_expiry(users: dict) -> None:
    tiktok = Channel.objects.get(code="tiktok")
    soon = timezone.now() + timedelta(days=2)
    key, _ = partner_key_issue(
        actor=users["admin"], channel=tiktok, name="X", scopes=["pesanan:tulis"], expires_at=soon
    )
    new, _ = partner_key_rotate(actor=users["admin"], key=key)
    key.refresh_from_db()
    assert key.expires_at == soon == new.expires_at


def test_last_use_is_written_at_most_once_a_minute(users: dict) -> None:
    token, _ = api_token_create(user=users["admin"], name="X", scopes=["usaha:baca"])
    token_mark_used(model=ApiToken, pk=token.pk)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    token_mark_used(model=ApiToken, pk=token.pk)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    token_mark_used(model=ApiToken, pk=token.pk)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_changes_are_noted_after_commit_and_not_after_a_rollback(
    sampang_business: Any, make_product: Any, django_capture_on_commit_callbacks: Any
) -> None:
    product = make_product(sampang_business)
    tiktok = Channel.objects.get(code="tiktok")
    with django_capture_on_commit_callbacks(execute=True):
        listing = Listing.objects.create(product=product, channel=tiktok, state=ListingState.LIVE)
        assert not CatalogChange.objects.exists()  # not before the commit
    assert list(CatalogChange.objects.values_list("channel__code", "product_id")) == [("tiktok", product.pk)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                listing.state = ListingState.DELISTED
                listing.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and CatalogChange.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        sampang_business.name = "Nama baru"
        sampang_business.save()
    assert CatalogChange.objects.count() == 2  # the seller's name is in the feed
