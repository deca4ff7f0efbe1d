"""Consent: given on the current wording with its hash, by the owner only; withdrawn by the owner or
staff in scope; one open answer per purpose; every change in the change log."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from lapak.privacy import selectors, services
from lapak.privacy.models import Consent, ConsentSource, ConsentWording, Purpose
from lapak.privacy.wordings import DEFAULT_WORDINGS
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db
CATALOGUE = Purpose.KATALOG_PUBLIK


def current(purpose: str = CATALOGUE) -> ConsentWording:
    wording = selectors.wording_current(purpose)
    assert wording is not None
    return wording


def test_every_purpose_has_a_first_wording_with_its_hash(db: None) -> None:
    wordings = ConsentWording.objects.order_by("purpose")
    assert [(w.purpose, w.version) for w in wordings] == sorted((p, 1) for p in Purpose.values)
    text = DEFAULT_WORDINGS[CATALOGUE][1]
    assert current().text_sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert services.wordings_install_defaults() == 0  # idempotent


def test_the_owner_grants_on_the_current_wording(sampang_business: Business, users: dict) -> None:
    owner = users["pemilik"]
    consent = services.consent_grant(
        actor=owner, business=sampang_business, purpose=CATALOGUE, wording=current()
    )
    assert (consent.granted, consent.given_by, consent.source) == (True, owner, ConsentSource.OWNER_PAGE)
    assert (consent.wording_version, consent.wording_sha256) == (1, current().text_sha256)
    assert list(selectors.businesses_consenting(CATALOGUE)) == [sampang_business]
    assert list(selectors.businesses_consenting(Purpose.MARKETPLACE)) == []


@pytest.mark.parametrize("role", ["operator", "admin", "pendamping"])
def test_nobody_else_grants(role: str, sampang_business: Business, users: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.consent_grant(
            actor=users[role], business=sampang_business, purpose=CATALOGUE, wording=current()
        )
    assert not Consent.objects.exists()


def test_an_answer_on_a_replaced_wording_is_refused(sampang_business: Business, users: dict) -> None:
    old = current()
    new = services.wording_publish(purpose=CATALOGUE, title="Versi 2", text="Teks baru.")
    assert new.version == 2
    with pytest.raises(ValidationError, match="versi 2"):
        services.consent_grant(
            actor=users["pemilik"], business=sampang_business, purpose=CATALOGUE, wording=old
        )
    with pytest.raises(ValidationError):  # a wording of another purpose
        services.consent_grant(
            actor=users["pemilik"],
            business=sampang_business,
            purpose=CATALOGUE,
            wording=current(Purpose.MARKETPLACE),
        )


def test_a_new_answer_closes_the_open_one(sampang_business: Business, users: dict) -> None:
    owner = users["pemilik"]
    first = services.consent_grant(
        actor=owner, business=sampang_business, purpose=CATALOGUE, wording=current()
    )
    refusal = services.consent_refuse(
        actor=owner, business=sampang_business, purpose=CATALOGUE, wording=current()
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None and refusal.withdrawn_at is None and not refusal.granted
    assert selectors.consent_current(business=sampang_business, purpose=CATALOGUE) == refusal
    assert list(selectors.businesses_consenting(CATALOGUE)) == []


WITHDRAWERS = [
    ("pemilik", True),
    ("operator", True),
    ("other_operator", False),
    ("kurator", False),
    ("pimpinan", False),
]


@pytest.mark.parametrize(("role", "allowed"), WITHDRAWERS)
def test_who_may_withdraw(role: str, allowed: bool, sampang_business: Business, users: dict) -> None:
    services.consent_grant(actor=None, business=sampang_business, purpose=CATALOGUE, wording=current())
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.consent_withdraw(actor=users[role], business=sampang_business, purpose=CATALOGUE)
        assert selectors.businesses_consenting(CATALOGUE).count() == 1
        return
    consent = services.consent_withdraw(
        actor=users[role], business=sampang_business, purpose=CATALOGUE, reason="permintaan pemilik"
    )
    assert consent is not None and consent.withdrawn_by == users[role]
    assert selectors.businesses_consenting(CATALOGUE).count() == 0
    assert services.consent_withdraw(actor=users[role], business=sampang_business, purpose=CATALOGUE) is None


def test_grant_and_withdrawal_are_in_the_change_log(sampang_business: Business, users: dict) -> None:
    consent = services.consent_grant(
        actor=None, business=sampang_business, purpose=CATALOGUE, wording=current()
    )
    services.consent_withdraw(actor=users["pemilik"], business=sampang_business, purpose=CATALOGUE)
    actions = list(LogEntry.objects.get_for_object(consent).order_by("pk").values_list("action", flat=True))
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]


def test_the_history_keeps_every_answer(sampang_business: Business, users: dict) -> None:
    owner = users["pemilik"]
    services.consent_grant(actor=owner, business=sampang_business, purpose=CATALOGUE, wording=current())
    services.consent_withdraw(actor=owner, business=sampang_business, purpose=CATALOGUE)
    services.consent_grant(actor=owner, business=sampang_business, purpose=CATALOGUE, wording=current())
    history = list(selectors.consent_history(business=sampang_business))
    assert [(c.granted, c.withdrawn_at is None) for c in history] == [(True, True), (True, False)]
    states = {s.purpose: s for s in selectors.business_consent_states(business=sampang_business)}
    assert states[CATALOGUE].is_active and not states[Purpose.MARKETPLACE].is_active


def test_consent_q_reaches_a_business_through_a_prefix(
    sampang_business: Business, surabaya_business: Any
) -> None:
    from lapak.catalog.models import Product

    services.consent_grant(actor=None, business=sampang_business, purpose=CATALOGUE, wording=current())
    mine = Product.objects.create(business=sampang_business, name="A", category="pangan.kue")
    Product.objects.create(business=surabaya_business, name="B", category="pangan.kue")
    assert list(Product.objects.filter(selectors.consent_q(CATALOGUE, prefix="business__"))) == [mine]
