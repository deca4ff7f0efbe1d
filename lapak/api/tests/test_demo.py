from __future__ import annotations

import pytest

from lapak.accounts.demo import demo_users_create
from lapak.api.demo import demo_api_tokens_create
from lapak.api.models import ApiToken
from lapak.channels.models import PartnerKey

from .conftest import call

pytestmark = pytest.mark.django_db


def test_the_demo_prints_a_working_token_and_key_and_replaces_them(regions: None) -> None:
    demo_users_create()
    demo_api_tokens_create()
    lines = demo_api_tokens_create()
    staff, partner = lines[1].rsplit(" ", 1)[1], lines[2].rsplit(" ", 1)[1]
    assert (ApiToken.objects.count(), PartnerKey.objects.count()) == (1, 1)
    assert call("get", "/api/v1/usaha/", staff).status_code == 200
    assert call("get", "/api/v1/mitra/tayangan/", partner).status_code == 200
