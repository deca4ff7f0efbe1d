"""The consent page: owners read and answer, staff in scope read and may record a withdrawal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lapak.conftest import PASSWORD, refusal_shown
from lapak.privacy.models import Consent, ConsentSource, Purpose
from lapak.privacy.selectors import wording_current
from lapak.privacy.services import consent_grant, wording_publish
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def page(business: Business) -> str:
    return reverse("privacy:business", kwargs={"pk": business.pk})


def test_the_owner_reads_the_wording_and_consents(sampang_business: Business, users: dict) -> None:
    client = client_for("pemilik")
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    html = client.get(page(sampang_business)).content.decode()
    assert "Persetujuan tampil di Etalase Lapak" in html and wording.text_sha256 in html
    data = {"purpose": Purpose.KATALOG_PUBLIK, "answer": "grant", "wording": wording.pk}
    assert client.post(page(sampang_business), data).status_code == 302
    consent = Consent.objects.get()
    assert (consent.granted, consent.given_by, consent.source) == (
        True,
        users["pemilik"],
        ConsentSource.OWNER_PAGE,
    )


def test_an_answer_on_an_old_wording_is_refused_with_a_message(
    sampang_business: Business, users: dict
) -> None:
    client = client_for("pemilik")
    old = wording_current(Purpose.KATALOG_PUBLIK)
    wording_publish(purpose=Purpose.KATALOG_PUBLIK, title="v2", text="Teks kedua.")
    data = {"purpose": Purpose.KATALOG_PUBLIK, "answer": "grant", "wording": old.pk}
    response = client.post(page(sampang_business), data)
    assert "Teks persetujuan sudah diperbarui (versi 2)" in refusal_shown(client, response)
    assert not Consent.objects.exists()


def test_staff_cannot_consent_for_the_owner(sampang_business: Business, users: dict) -> None:
    wording = wording_current(Purpose.KATALOG_PUBLIK)
    data = {"purpose": Purpose.KATALOG_PUBLIK, "answer": "grant", "wording": wording.pk}
    assert client_for("operator").post(page(sampang_business), data).status_code == 403
    assert not Consent.objects.exists()


def test_staff_record_a_withdrawal_the_owner_asked_for(sampang_business: Business, users: dict) -> None:
    consent_grant(
        actor=None, business=sampang_business, purpose=Purpose.KATALOG_PUBLIK,
        wording=wording_current(Purpose.KATALOG_PUBLIK),
    )  # fmt: skip
    data = {"purpose": Purpose.KATALOG_PUBLIK, "answer": "withdraw", "reason": "lewat telepon"}
    assert client_for("kurator").post(page(sampang_business), data).status_code == 403
    assert client_for("operator").post(page(sampang_business), data).status_code == 302
    consent = Consent.objects.get()
    assert (consent.withdrawn_by, consent.withdrawal_reason) == (users["operator"], "lewat telepon")


def test_the_owner_home_lists_their_businesses(
    sampang_business: Business, surabaya_business: Business, users: dict
) -> None:
    html = client_for("pemilik").get(reverse("privacy:home")).content.decode()
    assert sampang_business.name in html and surabaya_business.name not in html
    html = client_for("admin").get(reverse("privacy:home")).content.decode()
    assert sampang_business.name not in html
