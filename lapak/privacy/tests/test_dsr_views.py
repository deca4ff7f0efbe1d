""" "Data saya" and the staff queue: the owner sees every section and only their own data, downloads all
of it (logged, formulas neutralised), submits requests; staff of the area see deadlines and handle
requests, staff of another kab/kota get 404."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lapak.conftest import PASSWORD, refusal_shown
from lapak.core.models import AccessAction, AccessLog
from lapak.privacy import dsr
from lapak.privacy.models import DataSubjectRequest, DsrKind, DsrStatus
from lapak.registry.models import Business

from .dsr_data import NIK, populate

pytestmark = pytest.mark.django_db
SECTIONS = [
    "akun", "usaha", "dokumen_legalitas", "produk", "sku", "toko_terhubung", "tayangan",
    "ringkasan_penjualan", "persetujuan", "rekaman_sumber", "kunjungan", "pelatihan", "hasil_kurasi",
    "nilai_kurasi", "log_akses", "permintaan",
]  # fmt: skip
FORMULA = '=HYPERLINK("http://contoh.test","klik")'


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def unzip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_the_owner_sees_every_section_and_only_their_data(
    sampang_business: Business, surabaya_business: Business, users: dict
) -> None:
    populate(sampang_business)
    populate(surabaya_business, name="Lapis Legit Rahasia")
    html = client_for("pemilik").get(reverse("privacy:my_data")).content.decode()
    for section in SECTIONS:
        assert f'id="{section}"' in html
    expected = (
        "Keripik Tempe Sagu", "3527********0001", "Dinas Koperasi Sampang", "daftar-umkm.csv",
        "Belajar foto produk", "Kelas Kemasan", "Kemasan rapi", "Kurator 1", "siti@contoh.id",
    )  # fmt: skip
    for text in expected:
        assert text in html, text
    assert NIK not in html and "kurator.panel" not in html
    assert "Lapis Legit Rahasia" not in html and surabaya_business.name not in html


def test_another_owners_business_is_not_found(
    sampang_business: Business, surabaya_business: Business, users: dict
) -> None:
    client = client_for("pemilik")
    for name in ("privacy:my_data", "privacy:my_data_export"):
        assert client.get(reverse(name), {"usaha": surabaya_business.pk}).status_code == 404
        assert client.get(reverse(name), {"usaha": sampang_business.pk}).status_code == 200
    assert not AccessLog.objects.filter(detail__usaha=str(surabaya_business.pk)).exists()


def test_data_saya_is_for_owners(users: dict) -> None:
    for role in ("admin", "operator", "pendamping"):
        assert client_for(users[role].username).get(reverse("privacy:my_data")).status_code == 403
        assert client_for(users[role].username).get(reverse("privacy:my_data_export")).status_code == 403


def test_the_export_holds_everything_readably_and_is_logged(sampang_business: Business, users: dict) -> None:
    populate(sampang_business)
    Business.objects.filter(pk=sampang_business.pk).update(brand=FORMULA)
    response = client_for("pemilik").get(reverse("privacy:my_data_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = unzip(response.content)
    names = archive.namelist()
    assert {"data.json", "data.xlsx", "BACA-SAYA.txt"} <= set(names)
    assert any(name.startswith("dokumen/") and name.endswith(".pdf") for name in names)
    data = json.loads(archive.read("data.json"))
    assert list(data["bagian"]) == SECTIONS
    business = data["bagian"]["usaha"]["data"][0]
    assert business["owner_nik"] == NIK and business["brand"] == FORMULA  # the owner's own file: full NIK
    assert data["bagian"]["ringkasan_penjualan"]["data"][0]["amount"] == 205_000
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("data.xlsx")))
    assert workbook.sheetnames == [section["judul"][:31] for section in data["bagian"].values()]
    cells = [cell.value for row in workbook["Usaha"].iter_rows() for cell in row]
    assert f"'{FORMULA}" in cells and FORMULA not in cells
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [v for v in values if isinstance(v, str) and v.startswith("=")]
    export = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (export.user, export.object_repr, export.detail["nik"]) == (
        users["pemilik"], f"person:{users['pemilik'].pk}", "lengkap",
    )  # fmt: skip
    assert AccessLog.objects.filter(action=AccessAction.UNMASK, user=users["pemilik"]).count() == 1


def test_staff_download_the_requesters_file_with_the_nik_masked(
    sampang_business: Business, users: dict
) -> None:
    populate(sampang_business)
    request = dsr.dsr_submit(requester=users["pemilik"], kind=DsrKind.AKSES, business=sampang_business)
    response = client_for("operator").get(reverse("privacy:dsr_export", kwargs={"pk": request.pk}))
    assert response.status_code == 200
    data = json.loads(unzip(response.content).read("data.json"))
    assert data["bagian"]["usaha"]["data"][0]["owner_nik"] == "3527********0001"
    assert NIK not in json.dumps(data)
    entry = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (entry.user, entry.detail["permintaan"], entry.detail["nik"]) == (
        users["operator"], request.pk, "disamarkan",
    )  # fmt: skip


def test_the_owner_submits_a_request_and_follows_it(sampang_business: Business, users: dict) -> None:
    client = client_for("pemilik")
    data = {"kind": DsrKind.PERBAIKAN, "business": sampang_business.pk, "description": "Alamat: Jl. Melati 5"}
    assert client.post(reverse("privacy:dsr_create"), data).status_code == 302
    request = DataSubjectRequest.objects.get()
    assert (request.requester, request.business, request.status) == (
        users["pemilik"],
        sampang_business,
        "baru",
    )
    assert request.due_at == request.received_at + timedelta(hours=72)
    html = client.get(reverse("privacy:my_data")).content.decode()
    assert "Perbaikan data yang salah" in html and "Baru" in html


def test_bad_requests_are_refused_in_indonesian(
    sampang_business: Business, surabaya_business: Business, users: dict
) -> None:
    client = client_for("pemilik")
    empty = {"kind": DsrKind.PERBAIKAN, "business": sampang_business.pk, "description": "  "}
    response = client.post(reverse("privacy:dsr_create"), empty)
    assert response.status_code in (200, 422)
    assert "Tuliskan data mana yang salah" in response.content.decode()
    other = {"kind": DsrKind.AKSES, "business": surabaya_business.pk}
    assert "Masukkan pilihan yang valid" in client.post(reverse("privacy:dsr_create"), other).content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_the_queue_shows_deadlines_nearest_first_with_overdue_marked(
    sampang_business: Business, users: dict
) -> None:
    fresh = dsr.dsr_submit(requester=users["pemilik"], kind=DsrKind.AKSES, business=sampang_business)
    late = dsr.dsr_submit(requester=users["pemilik"], kind=DsrKind.PENGHAPUSAN, business=sampang_business)
    DataSubjectRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(hours=3, minutes=5)
    )
    html = client_for("operator").get(reverse("privacy:dsr_queue")).content.decode()
    assert "2 terbuka" in html and "1 lewat batas waktu" in html and "lewat 3 jam" in html
    assert 'class="overdue"' in html and "71 jam lagi" in html
    assert html.index(f"#{late.pk} ") < html.index(f"#{fresh.pk} ")
    filtered = (
        client_for("operator").get(reverse("privacy:dsr_queue"), {"kind": DsrKind.AKSES}).content.decode()
    )
    assert f"#{fresh.pk} " in filtered and f"#{late.pk} " not in filtered
    assert client_for("pendamping").get(reverse("privacy:dsr_queue")).status_code == 403


def test_staff_of_another_kabkota_get_404(sampang_business: Business, users: dict) -> None:
    request = dsr.dsr_submit(requester=users["pemilik"], kind=DsrKind.PENGHAPUSAN, business=sampang_business)
    other = client_for("operator2")
    assert other.get(reverse("privacy:dsr_detail", kwargs={"pk": request.pk})).status_code == 404
    assert other.get(reverse("privacy:dsr_export", kwargs={"pk": request.pk})).status_code == 404
    data = {"decision": "selesai", "note": "hapus"}
    assert other.post(reverse("privacy:dsr_handle", kwargs={"pk": request.pk}), data).status_code == 404
    request.refresh_from_db()
    assert request.status == DsrStatus.BARU and not AccessLog.objects.exists()
    html = (
        client_for("operator").get(reverse("privacy:dsr_detail", kwargs={"pk": request.pk})).content.decode()
    )
    assert "Hapus data pribadi dan selesaikan" in html and sampang_business.name in html


def test_staff_handle_a_request_from_its_page(sampang_business: Business, users: dict) -> None:
    request = dsr.dsr_submit(
        requester=users["pemilik"],
        kind=DsrKind.PERBAIKAN,
        business=sampang_business,
        description="Nama salah",
    )
    client = client_for("operator")
    url = reverse("privacy:dsr_handle", kwargs={"pk": request.pk})
    detail = client.get(reverse("privacy:dsr_detail", kwargs={"pk": request.pk})).content.decode()
    assert reverse("registry:business_update", kwargs={"pk": sampang_business.pk}) in detail
    refused = refusal_shown(client, client.post(url, {"decision": "tolak", "note": ""}))
    assert "Tuliskan alasan penolakan" in refused
    request.refresh_from_db()
    assert request.status == DsrStatus.BARU
    client.post(url, {"decision": "proses"})
    client.post(url, {"decision": "selesai", "note": "Nama pemilik diperbaiki."})
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.resolution) == (
        DsrStatus.SELESAI, users["operator"], "Nama pemilik diperbaiki.",
    )  # fmt: skip
    html = client_for("pemilik").get(reverse("privacy:my_data")).content.decode()
    assert "Nama pemilik diperbaiki." in html and "Selesai" in html
