"""Breach incidents: the affected-people list for a window and scope, its XLSX and its log entry."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lapak.catalog.models import Product
from lapak.conftest import SAMPANG, SURABAYA, signed_in
from lapak.core.models import AccessAction, AccessLog
from lapak.core.services import access_log_record
from lapak.ingest.models import ImportBatch, Source, SourceKind, SourceRecord
from lapak.privacy.incident_models import NOTIFICATION_WINDOW, Incident
from lapak.privacy.incidents import (
    AffectedScope,
    affected_businesses,
    affected_counts,
    affected_source_records,
)
from lapak.registry.models import Business, LegalityDocument

pytestmark = pytest.mark.django_db

MALANG = "35.07"
NOW = timezone.now()
START, END = NOW - timedelta(days=10), NOW - timedelta(days=5)


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _created(business: Business, when: datetime) -> Business:
    Business.objects.filter(pk=business.pk).update(created_at=when)
    business.refresh_from_db()
    return business


def _record(
    kabkota: str, *, name: str, business: Business | None = None, when: datetime = START
) -> SourceRecord:
    source = Source.objects.create(
        code=f"dinkop-{uuid.uuid4().hex[:8]}", name="Daftar Dinkop", kind=SourceKind.DINKOP, region_id=kabkota
    )
    batch = ImportBatch.objects.create(
        source=source, file=ContentFile(b"a,b\n", "daftar.csv"), original_name="daftar.csv",
        file_sha256=uuid.uuid4().hex, region_id=kabkota,
    )  # fmt: skip
    return SourceRecord.objects.create(
        source=source, batch=batch, record_key=uuid.uuid4().hex, row_number=2, name=name,
        owner_name=f"Pemilik {name}", owner_nik_masked="3527********0009", kabkota_id=kabkota,
        business=business, created_at=when,
    )  # fmt: skip


@pytest.fixture
def world(make_business: Any, users: dict) -> dict[str, Any]:
    """Sampang and Surabaya businesses around a window, source records, and a misused operator account."""
    inside = _created(make_business(SAMPANG, name="Batik Dalam"), START - timedelta(days=30))
    other = _created(make_business(SURABAYA, name="Kue Surabaya", owner_nik="3578015001900002"), START)
    late = _created(
        make_business(SAMPANG, name="Usaha Baru", owner_nik="3527014507850003"), END + timedelta(days=1)
    )
    opened = _created(make_business(SURABAYA, name="Dibuka Akun", owner_nik="3578015001900004"), START)
    changed = _created(make_business(MALANG, name="Diubah Akun", owner_nik="3507015001900005"), START)
    product_of = _created(make_business(MALANG, name="Produk Diubah", owner_nik="3507015001900006"), START)
    before = _created(make_business(MALANG, name="Dibuka Sebelumnya", owner_nik="3507015001900007"), START)
    operator = users["operator"]
    access_log_record(user=operator, action=AccessAction.UNMASK, object_repr=f"business:{opened.pk}")
    access_log_record(user=operator, action=AccessAction.UNMASK, object_repr=f"business:{before.pk}")
    AccessLog.objects.filter(object_repr=f"business:{opened.pk}").update(
        created_at=START + timedelta(hours=1)
    )
    AccessLog.objects.filter(object_repr=f"business:{before.pk}").update(created_at=START - timedelta(days=1))
    product = Product.objects.create(business=product_of, name="Keripik", category="pangan.keripik")
    with set_actor(operator):
        changed.phone = "+6281111111111"
        changed.save()
        product.name = "Keripik Pedas"
        product.save()
    LogEntry.objects.filter(actor=operator).update(timestamp=START + timedelta(hours=2))
    records = {
        "unlinked": _record(SAMPANG, name="Rekaman Lepas"),
        "linked": _record(SAMPANG, name="Rekaman Tertaut", business=inside),
        "surabaya": _record(SURABAYA, name="Rekaman Surabaya"),
        "late": _record(SAMPANG, name="Rekaman Baru", when=END + timedelta(hours=1)),
    }
    return {
        "inside": inside, "other": other, "late": late, "opened": opened, "changed": changed,
        "product_of": product_of, "before": before, "records": records, "operator": operator,
    }  # fmt: skip


def _scope(kabkota: tuple[str, ...] = (SAMPANG,), account: Any = None) -> AffectedScope:
    return AffectedScope(province="35", kabkota=kabkota, start=START, end=END, account=account)


def test_it_lists_the_owners_in_scope_during_the_window(world: dict) -> None:
    names = set(affected_businesses(_scope()).values_list("name", flat=True))

    assert names == {"Batik Dalam"}  # not Surabaya's, not the one registered after the window


def test_it_adds_unlinked_source_records_of_the_scope_once(world: dict) -> None:
    names = set(affected_source_records(_scope()).values_list("name", flat=True))

    # The linked record's owner is already on the list through its business; the late one came after.
    assert names == {"Rekaman Lepas"}


def test_a_misused_account_adds_what_it_opened_or_changed_in_the_window_anywhere(world: dict) -> None:
    names = set(affected_businesses(_scope(account=world["operator"])).values_list("name", flat=True))

    assert names == {"Batik Dalam", "Dibuka Akun", "Diubah Akun", "Produk Diubah"}
    assert "Dibuka Sebelumnya" not in names


def test_a_scan_the_account_opened_adds_its_business_and_odd_entries_add_nothing(
    world: dict, make_business: Any
) -> None:
    scanned = _created(make_business(MALANG, name="Pindaian Dibuka", owner_nik="3507015001900008"), START)
    document = LegalityDocument.objects.create(business=scanned, kind="nib", number="1234567890123")
    entries = [f"document:{document.pk}", f"business:{world['before'].pk}x", "business:"]
    for entry in entries:
        access_log_record(user=world["operator"], action=AccessAction.UNMASK, object_repr=entry)
    AccessLog.objects.filter(object_repr__in=entries).update(created_at=START + timedelta(hours=1))

    names = set(affected_businesses(_scope(account=world["operator"])).values_list("name", flat=True))

    assert "Pindaian Dibuka" in names
    assert "Dibuka Sebelumnya" not in names


def test_an_export_by_the_account_adds_everything_it_can_see(world: dict) -> None:
    access_log_record(user=world["operator"], action=AccessAction.EXPORT, object_repr="business_list:xlsx")
    AccessLog.objects.filter(object_repr="business_list:xlsx").update(created_at=START + timedelta(hours=3))

    names = set(affected_businesses(_scope((SURABAYA,), world["operator"])).values_list("name", flat=True))

    assert {"Batik Dalam", "Usaha Baru", "Kue Surabaya"} <= names  # the operator sees all of Sampang


def test_the_whole_province_and_counts_per_kabkota(world: dict) -> None:
    counts = {row["code"]: row for row in affected_counts(_scope(kabkota=()))}

    assert counts[SAMPANG]["businesses"] == 1 and counts[SAMPANG]["records"] == 1
    assert counts[SURABAYA]["businesses"] == 2 and counts[SURABAYA]["records"] == 1
    assert counts[MALANG]["businesses"] == 3 and counts[SAMPANG]["name"] == "Kabupaten Sampang"


@pytest.fixture
def incident(world: dict, users: dict) -> Incident:
    incident = Incident.objects.create(
        title="Akun operator Sampang disalahgunakan", discovered_at=END, window_start=START, window_end=END,
        province_id="35", compromised_user=world["operator"], created_by=users["admin"],
    )  # fmt: skip
    incident.kabkota.set([SAMPANG])
    return incident


def test_the_admin_registers_an_incident_with_its_scope(users: dict) -> None:
    response = signed_in(users["admin"]).post(
        reverse("privacy:incident_create"),
        {
            "title": "Ekspor bocor", "discovered_at": "2026-11-28T09:30", "status": "dibuka",
            "window_start": "2026-11-27T00:00", "window_end": "2026-11-28T09:00",
            "kabkota": [SAMPANG, SURABAYA], "compromised_username": "operator",
            "data_categories": ["identitas", "kontak"],
        },
    )  # fmt: skip

    incident = Incident.objects.get(title="Ekspor bocor")
    assert response.status_code == 302
    assert sorted(incident.kabkota.values_list("code", flat=True)) == [SAMPANG, SURABAYA]
    assert incident.compromised_user == users["operator"] and incident.data_categories == [
        "identitas",
        "kontak",
    ]
    assert timezone.localtime(incident.discovered_at).hour == 9  # typed in WIB
    assert incident.notification_deadline == incident.discovered_at + NOTIFICATION_WINDOW


def test_a_backwards_window_or_unknown_account_is_refused(users: dict) -> None:
    response = signed_in(users["admin"]).post(
        reverse("privacy:incident_create"),
        {"title": "X", "discovered_at": "2026-11-28T09:30", "status": "dibuka",
         "window_start": "2026-11-28T00:00", "window_end": "2026-11-27T00:00",
         "compromised_username": "tidak.ada"},
    )  # fmt: skip

    assert response.status_code in (200, 422) and not Incident.objects.exists()  # 422: form sent back
    assert "Awal rentang waktu harus sebelum akhirnya" in response.content.decode()
    assert "Tidak ada akun dengan nama pengguna ini" in response.content.decode()


def test_the_detail_page_shows_counts_deadline_and_masked_nik(incident: Incident, users: dict) -> None:
    page = signed_in(users["admin"]).get(reverse("privacy:incident_detail", kwargs={"pk": incident.pk}))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Batik Dalam" in text and "Rekaman Lepas" in text and "Dibuka Akun" in text
    assert "Kue Surabaya" not in text
    assert Business.objects.get(name="Batik Dalam").owner_nik_masked in text
    assert "3527014507850001" not in text


def test_the_xlsx_holds_masked_nik_only_and_is_logged(incident: Incident, users: dict, world: dict) -> None:
    Business.objects.filter(pk=world["inside"].pk).update(name='=HYPERLINK("http://x")')

    response = signed_in(users["admin"]).get(reverse("privacy:incident_xlsx", kwargs={"pk": incident.pk}))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    cells = {str(value) for row in rows for value in row}
    assert len(rows) == 5  # Sampang business, two touched elsewhere plus the product's, one source record
    assert world["inside"].owner_nik_masked in cells and "3527014507850001" not in cells
    assert '\'=HYPERLINK("http://x")' in cells
    assert "Daftar Dinkop" in cells  # the source of the unlinked record
    entry = AccessLog.objects.get(
        action=AccessAction.EXPORT, object_repr=f"incident:{incident.pk}:affected.xlsx"
    )
    assert entry.user == users["admin"]
    assert entry.detail["incident"] == incident.pk and entry.detail["kabkota"] == [SAMPANG]
    assert entry.detail["rows"] == 5 and entry.detail["account"] == "operator"


@pytest.mark.parametrize(
    "role", ["operator", "other_operator", "pendamping", "pimpinan", "pemilik", "kurator"]
)
def test_only_the_province_admin_reaches_incidents(role: str, incident: Incident, users: dict) -> None:
    client = signed_in(users[role])
    for name, kwargs in (
        ("privacy:incident_list", {}), ("privacy:incident_create", {}),
        ("privacy:incident_detail", {"pk": incident.pk}), ("privacy:incident_update", {"pk": incident.pk}),
        ("privacy:incident_xlsx", {"pk": incident.pk}),
    ):  # fmt: skip
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name
    assert not AccessLog.objects.filter(object_repr__startswith="incident:").exists()
