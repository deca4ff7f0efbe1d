"""The record of processing activities: consistent with the retention rules, readable by the controller."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lapak.accounts.models import Role
from lapak.conftest import signed_in
from lapak.privacy.retention import RULES, RULES_BY_NAME
from lapak.privacy.ropa import ACTIVITIES, LEGAL_BASES


def test_every_retention_reference_names_a_rule() -> None:
    missing = [(str(a.name), name) for a in ACTIVITIES for name in a.retention if name not in RULES_BY_NAME]

    assert missing == []
    assert all(activity.retention for activity in ACTIVITIES)


def test_every_rule_belongs_to_some_activity() -> None:
    used = {name for activity in ACTIVITIES for name in activity.retention}

    assert {rule.name for rule in RULES} - used == set()


def test_bases_and_roles_are_real() -> None:
    for activity in ACTIVITIES:
        assert activity.bases and set(activity.bases) <= set(LEGAL_BASES), activity.name
        assert activity.roles and set(activity.roles) <= set(Role.values), activity.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "pimpinan"])
def test_the_controller_and_leadership_read_it(role: str, users: dict) -> None:
    client = signed_in(users[role])

    page = client.get(reverse("privacy:ropa")).content.decode()
    workbook = client.get(reverse("privacy:ropa"), {"format": "xlsx"})

    assert "Impor daftar dinas dan penautan rekaman" in page and "huruf e" in page and "30 hari" in page
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert len(rows) == len(ACTIVITIES) + 1
    assert rows[1][0] == "Pendaftaran UMKM (data induk usaha)"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["operator", "pendamping", "kurator", "dekranasda", "pemilik", "mitra"])
def test_others_are_refused(role: str, users: dict) -> None:
    client = signed_in(users[role])

    assert client.get(reverse("privacy:ropa")).status_code == 403
    assert client.get(reverse("privacy:ropa"), {"format": "xlsx"}).status_code == 403
