from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lapak.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_logs_in_and_out(users: dict) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("registry:business_list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("registry:business_list")).status_code == 302


def test_it_says_in_indonesian_when_the_password_is_wrong(users: dict) -> None:
    response = Client().post(reverse("accounts:login"), {"username": "operator", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_it_throttles_repeated_failures_even_with_the_right_password(users: dict, settings) -> None:
    settings.LAPAK_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "operator", "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD})
    assert response.status_code == 422
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert client.get(reverse("registry:business_list")).status_code == 302


def test_it_resets_a_password_by_email(users: dict) -> None:
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "operator@contoh.go.id"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Sandi-Baru-2026!", "new_password2": "Sandi-Baru-2026!"}
    )
    assert response.status_code == 302
    assert Client().login(username="operator", password="Sandi-Baru-2026!")


def test_it_switches_the_language_to_english(users: dict) -> None:
    client = Client()
    client.login(username="operator", password=PASSWORD)
    assert 'lang="id"' in client.get(reverse("registry:business_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("registry:business_list")).content.decode()
    assert 'lang="en"' in content
    assert "Businesses" in content


def test_it_keeps_indonesian_for_an_english_browser_until_the_user_switches(users: dict) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="id"' in content and "Masuk ke Lapak" in content


def test_it_lists_demo_logins_only_when_the_demo_asks(users: dict, settings) -> None:
    assert "lapak-demo" not in Client().get(reverse("accounts:login")).content.decode()
    settings.LAPAK_SHOW_DEMO_LOGINS = True
    content = Client().get(reverse("accounts:login")).content.decode()
    assert "lapak-demo" in content and "operator.sampang" in content


def test_it_throttles_one_address_spraying_many_accounts(users: dict, settings) -> None:
    settings.LAPAK_LOGIN_MAX_FAILURES = 2
    client = Client(REMOTE_ADDR="10.9.8.7")
    for name in ["a", "b", "c", "d", "e", "f", "g", "h"]:
        client.post(reverse("accounts:login"), {"username": name, "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD})
    assert "Terlalu banyak percobaan" in response.content.decode()
    other = Client(REMOTE_ADDR="10.9.8.8")
    assert (
        other.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD}).status_code
        == 302
    )


def test_it_throttles_password_reset_requests_from_one_address(users: dict, settings) -> None:
    settings.LAPAK_LOGIN_MAX_FAILURES = 2
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(2):
        client.post(reverse("accounts:password_reset"), {"email": "operator@contoh.go.id"})
    response = client.post(reverse("accounts:password_reset"), {"email": "operator@contoh.go.id"})
    assert response.status_code == 422 and "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 2


def test_failures_from_another_address_do_not_lock_the_real_user_out(users: dict, settings) -> None:
    settings.LAPAK_LOGIN_MAX_FAILURES = 3
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(10):
        attacker.post(reverse("accounts:login"), {"username": "operator", "password": "salah"})
    owner = Client(REMOTE_ADDR="10.35.27.4")

    assert (
        owner.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD}).status_code
        == 302
    )
    blocked = attacker.post(reverse("accounts:login"), {"username": "operator", "password": PASSWORD})
    assert "Terlalu banyak percobaan" in blocked.content.decode()


def test_password_reset_answers_the_same_for_an_unknown_address(users: dict) -> None:
    known = Client().post(reverse("accounts:password_reset"), {"email": "operator@contoh.go.id"})
    unknown = Client(REMOTE_ADDR="10.0.0.2").post(
        reverse("accounts:password_reset"), {"email": "siapa@contoh.id"}
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
