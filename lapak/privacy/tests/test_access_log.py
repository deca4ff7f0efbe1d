"""The data protection officer's record of personal-data access: filtered on screen, exported as XLSX."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lapak.conftest import signed_in
from lapak.core.models import AccessAction, AccessLog
from lapak.core.services import access_log_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(users: dict) -> None:
    access_log_record(
        user=users["operator"], action=AccessAction.UNMASK, object_repr="document:7", ip="10.0.0.5",
        reason="Verifikasi identitas atau legalitas",
    )  # fmt: skip
    access_log_record(
        user=users["admin"], action=AccessAction.EXPORT, object_repr="=cmd|' /C calc'!A0", detail={"rows": 3}
    )


def test_only_the_province_admin_reads_the_log(users: dict, logged: None) -> None:
    assert signed_in(users["admin"]).get(reverse("privacy:access_log")).status_code == 200
    for role in ("operator", "pimpinan", "pemilik", "kurator"):
        assert signed_in(users[role]).get(reverse("privacy:access_log")).status_code == 403, role


def test_it_filters_by_kind_and_user(users: dict, logged: None) -> None:
    page = signed_in(users["admin"]).get(reverse("privacy:access_log"), {"action": "unmask"}).content.decode()

    assert "document:7" in page and "10.0.0.5" in page
    assert "calc" not in page
    other = (
        signed_in(users["admin"]).get(reverse("privacy:access_log"), {"username": "admin"}).content.decode()
    )
    assert "document:7" not in other


def test_a_reversed_date_range_is_refused_with_a_message(users: dict, logged: None) -> None:
    page = signed_in(users["admin"]).get(
        reverse("privacy:access_log"), {"since": "2026-11-30", "until": "2026-11-01", "format": "xlsx"}
    )

    assert page["Content-Type"].startswith("text/html")
    assert "Tanggal awal harus sebelum tanggal akhir" in page.content.decode()


def test_the_export_is_neutralised_and_itself_logged(users: dict, logged: None) -> None:
    response = signed_in(users["admin"]).get(reverse("privacy:access_log"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(row[4] for row in rows) == ["'=cmd|' /C calc'!A0", "document:7"]
    assert "Verifikasi identitas atau legalitas" in [row[5] for row in rows]
    assert AccessLog.objects.filter(
        user=users["admin"], action=AccessAction.EXPORT, object_repr="privacy:access_log"
    ).exists()
