"""Two-factor sign-in: staff must set it up, codes work once, recovery codes stand in, owners may opt out."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from lapak.accounts.models import RecoveryCode, TotpDevice
from lapak.accounts.twofactor import totp_secret
from lapak.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings: Any) -> None:
    settings.LAPAK_2FA_REQUIRED = True


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _set_up(client: Client, username: str) -> tuple[str, list[str]]:
    client.get(reverse("accounts:totp_setup"))
    secret = totp_secret(TotpDevice.objects.get(user__username=username))
    response = client.post(reverse("accounts:totp_setup"), {"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", response.content.decode())
    return secret, codes


def test_staff_cannot_reach_a_page_before_setting_up_the_second_factor(users: dict) -> None:
    client = _signed_in("operator")

    response = client.get(reverse("registry:business_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:totp_setup")
    page = client.get(reverse("accounts:totp_setup")).content.decode()
    assert "data:image/svg+xml" in page  # the QR code is drawn here, not fetched
    assert TotpDevice.objects.get(user=users["operator"]).confirmed_at is None


def test_setting_up_gives_ten_recovery_codes_and_opens_the_pages(users: dict) -> None:
    client = _signed_in("operator")
    _secret, codes = _set_up(client, "operator")

    assert len(codes) == 10
    assert RecoveryCode.objects.filter(user=users["operator"]).count() == 10
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()  # only keyed hashes are stored
    assert client.get(reverse("registry:business_list")).status_code == 200


def test_a_wrong_first_code_does_not_confirm(users: dict) -> None:
    client = _signed_in("operator")
    client.get(reverse("accounts:totp_setup"))

    response = client.post(reverse("accounts:totp_setup"), {"code": "000000"})

    assert "Kode tidak cocok" in response.content.decode()
    assert TotpDevice.objects.get(user=users["operator"]).confirmed_at is None
    assert client.get(reverse("registry:business_list")).status_code == 302


def test_the_next_sign_in_asks_for_a_code_that_works_only_once(users: dict) -> None:
    secret, _codes = _set_up(_signed_in("operator"), "operator")
    client = _signed_in("operator")

    assert client.get(reverse("registry:business_list"))["Location"].startswith(
        reverse("accounts:totp_verify")
    )
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the setup spent the current step's code
    assert client.post(reverse("accounts:totp_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("registry:business_list")).status_code == 200

    again = _signed_in("operator")
    replay = again.post(reverse("accounts:totp_verify"), {"code": code})
    assert "Kode salah atau sudah dipakai" in replay.content.decode()
    assert again.get(reverse("registry:business_list")).status_code == 302


def test_a_recovery_code_works_once(users: dict) -> None:
    _secret, codes = _set_up(_signed_in("operator"), "operator")

    first = _signed_in("operator")
    assert first.post(reverse("accounts:totp_verify"), {"code": codes[0].upper()}).status_code == 302
    second = _signed_in("operator")
    response = second.post(reverse("accounts:totp_verify"), {"code": codes[0]})

    assert response.status_code == 422
    assert RecoveryCode.objects.filter(user=users["operator"], used_at__isnull=False).count() == 1


def test_guessing_codes_is_throttled(users: dict, settings: Any) -> None:
    settings.LAPAK_LOGIN_MAX_FAILURES = 3
    secret, _codes = _set_up(_signed_in("operator"), "operator")
    client = _signed_in("operator")
    for guess in ("111111", "222222", "333333"):
        client.post(reverse("accounts:totp_verify"), {"code": guess})

    response = client.post(reverse("accounts:totp_verify"), {"code": pyotp.TOTP(secret).now()})

    assert "Terlalu banyak kode yang salah" in response.content.decode()
    assert client.get(reverse("registry:business_list")).status_code == 302


def test_an_owner_may_sign_in_without_a_second_factor_and_may_turn_it_off(users: dict) -> None:
    client = _signed_in("pemilik")
    assert client.get(reverse("accounts:security")).status_code == 200
    _secret, codes = _set_up(client, "pemilik")

    client.post(reverse("accounts:two_factor_off"), {"code": "999999"})
    assert TotpDevice.objects.filter(user=users["pemilik"]).exists()
    client.post(reverse("accounts:two_factor_off"), {"code": codes[0]})
    assert not TotpDevice.objects.filter(user=users["pemilik"]).exists()
    assert not RecoveryCode.objects.filter(user=users["pemilik"]).exists()


def test_staff_cannot_turn_the_second_factor_off(users: dict) -> None:
    client = _signed_in("operator")
    _secret, codes = _set_up(client, "operator")

    client.post(reverse("accounts:two_factor_off"), {"code": codes[1]})

    assert TotpDevice.objects.filter(user=users["operator"]).exists()
