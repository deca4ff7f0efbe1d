"""The alerts page and the officer's acknowledgement: province admin only, bad input refused with 422."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from lapak.conftest import refusal_shown, signed_in
from lapak.privacy.alert_models import AccessAlert, AlertStatus

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def alert(users: dict) -> AccessAlert:
    start = datetime(2026, 11, 17, 0, 0, tzinfo=WIB)
    return AccessAlert.objects.create(
        rule="bulk_reveals", user=users["operator"], username="operator", window_start=start,
        window_end=datetime(2026, 11, 18, 0, 0, tzinfo=WIB), count=64,
        first_at=start.replace(hour=9), last_at=start.replace(hour=12),
    )  # fmt: skip


def acknowledge_url(alert: AccessAlert) -> str:
    return reverse("privacy:access_alert_acknowledge", kwargs={"pk": alert.pk})


def test_the_admin_sees_open_alerts_with_a_link_to_the_filtered_log(users: dict, alert: AccessAlert) -> None:
    page = signed_in(users["admin"]).get(reverse("privacy:access_alerts")).content.decode()

    assert "Banyak data pribadi dibuka" in page and "64 kali dibuka" in page and "batas 50" in page
    assert "/privasi/log-akses/?username=operator&amp;since=2026-11-17&amp;until=2026-11-17" in page
    assert "Akses di luar jam kerja" in page  # the rules with their thresholds


def test_the_access_log_links_to_the_alerts_with_the_open_count(users: dict, alert: AccessAlert) -> None:
    page = signed_in(users["admin"]).get(reverse("privacy:access_log")).content.decode()

    assert reverse("privacy:access_alerts") in page and "1 terbuka" in page


def test_the_admin_acknowledges_with_a_note(users: dict, alert: AccessAlert) -> None:
    client = signed_in(users["admin"])

    response = client.post(acknowledge_url(alert), {"note": "Verifikasi massal program KUR, sudah dicek"})

    alert.refresh_from_db()
    assert response.status_code == 302
    assert (alert.status, alert.acknowledged_by, alert.note) == (
        AlertStatus.ACKNOWLEDGED, users["admin"], "Verifikasi massal program KUR, sudah dicek",
    )  # fmt: skip
    assert alert.acknowledged_at is not None
    page = client.get(reverse("privacy:access_alerts")).content.decode()
    assert "Tidak ada peringatan terbuka" in page and "Verifikasi massal program KUR" in page


@pytest.mark.parametrize("note", ["", "   ", "x" * 1001])
def test_a_missing_or_long_note_is_refused(users: dict, alert: AccessAlert, note: str) -> None:
    client = signed_in(users["admin"])

    response = client.post(acknowledge_url(alert), {"note": note})

    assert "Tulis catatan hasil pemeriksaan" in refusal_shown(client, response)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.note == ""


def test_an_alert_is_acknowledged_once(users: dict, alert: AccessAlert) -> None:
    client = signed_in(users["admin"])
    client.post(acknowledge_url(alert), {"note": "Pertama"})

    response = client.post(acknowledge_url(alert), {"note": "Kedua"})

    assert "sudah ditanggapi" in refusal_shown(client, response)
    alert.refresh_from_db()
    assert alert.note == "Pertama"


def test_an_unknown_alert_is_404(users: dict) -> None:
    response = signed_in(users["admin"]).post(
        reverse("privacy:access_alert_acknowledge", kwargs={"pk": 999}), {"note": "x"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["operator", "pendamping", "pimpinan", "pemilik", "mitra"])
def test_only_the_province_admin_sees_and_acknowledges(role: str, users: dict, alert: AccessAlert) -> None:
    client = signed_in(users[role])

    assert client.get(reverse("privacy:access_alerts")).status_code == 403
    assert client.post(acknowledge_url(alert), {"note": "bukan urusan saya"}).status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_acknowledging_needs_a_post(users: dict, alert: AccessAlert) -> None:
    assert signed_in(users["admin"]).get(acknowledge_url(alert)).status_code == 405
