from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lapak.conftest import PASSWORD, SAMPANG, first_desa
from lapak.core.jobs import jobs_run_pending
from lapak.core.models import AccessLog, Job, JobStatus
from lapak.registry import services
from lapak.registry.models import Business, DocumentKind

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def business_post_data(**overrides: Any) -> dict[str, Any]:
    desa = first_desa(SAMPANG)
    data = {
        "name": "Keripik Singkong Bu Sri", "owner_name": "Sri Wahyuni", "owner_sex": "P",
        "owner_nik": "3527014507850001", "phone": "0812-3456-7890", "email": "",
        "address": "Dusun Krajan RT 001/RW 002",
        "kabkota": SAMPANG, "kecamatan": desa.code[:8], "desa": desa.code,
        "sector": "pangan", "kbli_code": "10794", "kbli_version": "2020", "is_ukm": "on",
        "employees": "3", "founded_year": "2015", "capital": "20000000", "annual_sales": "90000000",
        "online_mode": "kreator", "shop_links_text": "https://shopee.co.id/keripikbusri",
        "doc-TOTAL_FORMS": "3", "doc-INITIAL_FORMS": "0", "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "10",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_it_lists_only_the_operators_kabkota(
    users: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    response = login(users["operator"]).get(reverse("registry:business_list"))
    assert response.status_code == 200
    assert sampang_business.name in response.content.decode()
    assert surabaya_business.name not in response.content.decode()


def test_it_lists_every_kabkota_for_the_province_admin(
    users: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    content = login(users["admin"]).get(reverse("registry:business_list")).content.decode()
    assert sampang_business.name in content and surabaya_business.name in content


def test_it_swaps_only_the_table_for_htmx(users: dict, sampang_business: Any) -> None:
    response = login(users["operator"]).get(
        reverse("registry:business_list"),
        {"sector": "kriya"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="business-table",
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="business-table">')
    assert "<html" not in content and sampang_business.name in content


def test_it_filters_sorts_and_pages(users: dict, make_business: Any) -> None:
    for i in range(30):
        make_business(
            name=f"Usaha {i:02d}", sector="pangan" if i % 2 else "kriya", owner_sex="L" if i % 3 else "P"
        )
    client = login(users["operator"])
    content = client.get(
        reverse("registry:business_list"), {"sector": "pangan", "sort": "-name"}
    ).content.decode()
    assert "Usaha 29" in content and "Usaha 28" not in content
    assert content.index("Usaha 29") < content.index("Usaha 27")
    women = client.get(reverse("registry:business_list"), {"women_owned": "ya"}).content.decode()
    assert "Usaha 00" in women and "Usaha 01" not in women
    page2 = client.get(reverse("registry:business_list"), {"page": "2"}).content.decode()
    assert "Usaha 29" in page2 and "Usaha 00" not in page2


def test_it_hides_personal_data_from_pimpinan(users: dict, sampang_business: Any) -> None:
    client = login(users["pimpinan"])
    detail = client.get(reverse("registry:business_detail", args=[sampang_business.pk])).content.decode()
    listing = client.get(reverse("registry:business_list")).content.decode()
    for content in (detail, listing):
        assert "Siti Aminah" not in content
        assert "+6281234567890" not in content and "3527********0001" not in content
    assert sampang_business.name in detail


def test_it_creates_a_business_with_a_document_and_scan(users: dict) -> None:
    scan = SimpleUploadedFile("nib.pdf", PDF_BYTES, content_type="application/pdf")
    data = business_post_data(**{"doc-0-kind": "nib", "doc-0-number": "9120 0012 3456 7", "doc-0-scan": scan})
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    business = Business.objects.get(name="Keripik Singkong Bu Sri")
    assert business.phone == "+6281234567890"
    assert business.kabkota_id == SAMPANG and business.size_class == "mikro"
    assert business.shop_links == [{"platform": "shopee", "url": "https://shopee.co.id/keripikbusri"}]
    document = business.documents.get()
    assert (document.kind, document.number) == ("nib", "9120001234567")
    assert document.scan.read().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("owner_nik", "12345", "NIK"),
        ("phone", "12ab", "telepon"),
        ("doc-0-number", "12345", "NIB"),
    ],
)
def test_it_refuses_invalid_identifiers_in_indonesian(
    users: dict, field: str, value: str, message: str
) -> None:
    data = business_post_data(**{"doc-0-kind": "nib", "doc-0-number": "9120001234567", field: value})
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert response.status_code == 422
    assert message.lower() in response.content.decode().lower()
    assert not Business.objects.filter(name="Keripik Singkong Bu Sri").exists()


def test_it_refuses_a_pirt_from_another_kabkota(users: dict) -> None:
    data = business_post_data(**{"doc-0-kind": "pirt", "doc-0-number": "206357801012327"})
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert response.status_code == 422
    assert "3578" in response.content.decode()
    assert not Business.objects.exists()


@pytest.mark.parametrize(
    ("filename", "content"),
    [("nib.exe", b"MZ\x90\x00"), ("nib.pdf", b"not really a pdf"), ("foto.jpg", b"\x00\x01 not an image")],
)
def test_it_refuses_uploads_that_are_not_pdf_or_image(users: dict, filename: str, content: bytes) -> None:
    scan = SimpleUploadedFile(filename, content)
    data = business_post_data(**{"doc-0-kind": "nib", "doc-0-number": "9120001234567", "doc-0-scan": scan})
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert response.status_code == 422
    assert "PDF" in response.content.decode()
    assert not Business.objects.exists()


def test_it_refuses_uploads_over_the_size_limit(users: dict, settings: Any) -> None:
    settings.LAPAK_UPLOAD_MAX_BYTES = 100
    scan = SimpleUploadedFile("nib.pdf", PDF_BYTES + b"0" * 200)
    data = business_post_data(**{"doc-0-kind": "nib", "doc-0-number": "9120001234567", "doc-0-scan": scan})
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert "terlalu besar" in response.content.decode()
    assert not Business.objects.exists()


def test_it_refuses_a_desa_outside_the_operators_kabkota(users: dict) -> None:
    desa = first_desa("35.78")
    data = business_post_data(kabkota="35.78", kecamatan=desa.code[:8], desa=desa.code)
    response = login(users["operator"]).post(reverse("registry:business_create"), data)
    assert response.status_code == 422
    assert not Business.objects.exists()


def test_it_edits_a_business_and_shows_the_audit_entry(users: dict, sampang_business: Any) -> None:
    client = login(users["operator"])
    data = business_post_data(name="Batik Sampang Jaya", owner_nik="")
    response = client.post(reverse("registry:business_update", args=[sampang_business.pk]), data)
    assert response.status_code == 302
    detail = client.get(reverse("registry:business_detail", args=[sampang_business.pk])).content.decode()
    assert "Batik Sampang Jaya" in detail
    assert "Batik Tulis Sekar Jagad" in detail.split('id="audit-log"')[1]
    assert "operator" in detail.split('id="audit-log"')[1]


def test_it_returns_404_for_another_regions_business(users: dict, surabaya_business: Any) -> None:
    client = login(users["operator"])
    assert client.get(reverse("registry:business_detail", args=[surabaya_business.pk])).status_code == 404
    response = client.post(
        reverse("registry:business_update", args=[surabaya_business.pk]), business_post_data()
    )
    assert response.status_code == 404
    surabaya_business.refresh_from_db()
    assert surabaya_business.name == "Kue Lapis Surabaya"


def test_it_verifies_a_document_and_requires_a_reason_to_reject(users: dict, make_business: Any) -> None:
    business = make_business(documents=[{"kind": DocumentKind.NIB, "number": "9120001234567"}])
    document = business.documents.get()
    client = login(users["operator"])
    url = reverse("registry:document_verify", args=[business.pk, document.pk])
    client.post(url, {"status": "ditolak", "note": ""})
    document.refresh_from_db()
    assert document.status == "menunggu"
    client.post(url, {"status": "terverifikasi"})
    document.refresh_from_db()
    assert document.status == "terverifikasi" and document.verified_by == users["operator"]


def test_it_does_not_let_the_owner_verify_their_documents(users: dict, sampang_business: Any) -> None:
    document = sampang_business.documents.create(kind="nib", number="9120001234567")
    response = login(users["pemilik"]).post(
        reverse("registry:document_verify", args=[sampang_business.pk, document.pk]),
        {"status": "terverifikasi"},
    )
    assert response.status_code == 403


REASON = {"reason": "verifikasi"}


def test_it_exports_the_filtered_list_to_csv_and_logs_it(users: dict, make_business: Any) -> None:
    make_business(name="Kopi Robusta Dampit", sector="pangan")
    make_business(name="Anyaman Pandan Mandiri", sector="kriya")
    make_business("35.78", name="Di Surabaya", sector="pangan")
    response = login(users["operator"]).get(
        reverse("registry:business_export"), {"format": "csv", "sector": "pangan", **REASON}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Kopi Robusta Dampit" in body
    assert "Anyaman Pandan Mandiri" not in body and "Di Surabaya" not in body
    assert "3527********0001" in body
    log = AccessLog.objects.get(user=users["operator"], action="export")
    assert log.reason == "Verifikasi identitas atau legalitas" and log.detail["query"] == "sector=pangan"
    assert log.detail["rows"] == 1  # the Sampang operator's one food business


def test_it_leaves_personal_columns_out_of_the_pimpinan_export(users: dict, sampang_business: Any) -> None:
    response = login(users["pimpinan"]).get(reverse("registry:business_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert sampang_business.name in body
    assert "Siti Aminah" not in body and "0001" not in body and "+62" not in body


def test_it_exports_xlsx_through_a_job(users: dict, make_business: Any) -> None:
    make_business(name="Kopi Robusta Dampit", sector="pangan")
    make_business(name="Anyaman Pandan Mandiri", sector="kriya")
    client = login(users["operator"])
    response = client.get(
        reverse("registry:business_export"), {"format": "xlsx", "sector": "kriya", **REASON}
    )
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert jobs_run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 1
    download = client.get(reverse("core:job_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    names = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Anyaman Pandan Mandiri"]


def test_it_keeps_a_kecamatan_pendamping_inside_their_kecamatan(users: dict) -> None:
    from lapak.regions.models import Region

    kecamatans = list(Region.objects.filter(parent_id=SAMPANG).order_by("code")[:2])
    pendamping = users["pendamping"]
    pendamping.assigned_regions.set([kecamatans[0].code])
    other_desa = Region.objects.filter(parent=kecamatans[1]).first()
    data = business_post_data(kecamatan=kecamatans[1].code, desa=other_desa.code)
    response = login(pendamping).post(reverse("registry:business_create"), data)
    assert response.status_code == 422
    assert not Business.objects.exists()
    own_desa = Region.objects.filter(parent=kecamatans[0]).first()
    data = business_post_data(kecamatan=kecamatans[0].code, desa=own_desa.code)
    assert login(pendamping).post(reverse("registry:business_create"), data).status_code == 302


def test_it_filters_by_kecamatan_alone_and_refuses_an_invalid_filter(users: dict, make_business: Any) -> None:
    from lapak.regions.models import Region

    inside = make_business(name="Di Kecamatan Pertama")
    second_kecamatan = Region.objects.filter(parent_id=SAMPANG).exclude(code=inside.kecamatan_id).first()
    make_business(name="Di Kecamatan Lain", desa=Region.objects.filter(parent=second_kecamatan).first())
    client = login(users["admin"])
    content = client.get(
        reverse("registry:business_list"), {"kecamatan": inside.kecamatan_id}
    ).content.decode()
    assert "Di Kecamatan Pertama" in content and "Di Kecamatan Lain" not in content
    refused = (
        login(users["operator"]).get(reverse("registry:business_list"), {"kabkota": "35.78"}).content.decode()
    )
    assert "Saringan tidak sah" in refused and "Di Kecamatan Pertama" not in refused


def test_it_does_not_let_pimpinan_search_by_owner_name(users: dict, sampang_business: Any) -> None:
    content = (
        login(users["pimpinan"]).get(reverse("registry:business_list"), {"q": "Siti Aminah"}).content.decode()
    )
    assert sampang_business.name not in content
    by_name = login(users["pimpinan"]).get(reverse("registry:business_list"), {"q": "Sekar"}).content.decode()
    assert sampang_business.name in by_name


def test_it_keeps_formulas_out_of_exports(users: dict, make_business: Any) -> None:
    make_business(name='=HYPERLINK("http://jahat.example","klik")', brand="+62 merek")
    client = login(users["operator"])
    body = b"".join(
        client.get(reverse("registry:business_export"), {"format": "csv", **REASON}).streaming_content
    )
    assert "'=HYPERLINK" in body.decode("utf-8-sig") and "'+62 merek" in body.decode("utf-8-sig")
    client.get(reverse("registry:business_export"), {"format": "xlsx", **REASON})
    jobs_run_pending()
    download = client.get(reverse("core:job_download", args=[Job.objects.get().pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cell = workbook.active.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.parametrize("role", ["pimpinan", "kurator", "dekranasda"])
def test_it_hides_personal_data_in_history_and_documents(role: str, users: dict, make_business: Any) -> None:
    users["pemilik"].first_name = "Halimatus"
    users["pemilik"].save()
    business = make_business(owner_account=users["pemilik"])
    business.documents.create(kind="npwp", number="3527014507850001")
    services.business_update(actor=users["operator"], business=business, data={"phone": "+6281111111111"})
    text = login(users[role]).get(reverse("registry:business_detail", args=[business.pk])).content.decode()
    for secret in ("Siti Aminah", "+6281234567890", "+6281111111111", "3527014507850001", "Halimatus"):
        assert secret not in text, secret
    assert "3527********0001" in text  # the NPWP that is a NIK, masked


@pytest.mark.parametrize(
    ("field", "value"), [("capital", "-5"), ("annual_sales", "-1"), ("founded_year", "1850")]
)
def test_it_refuses_impossible_amounts_and_years(users: dict, field: str, value: str) -> None:
    response = login(users["operator"]).post(
        reverse("registry:business_create"), business_post_data(**{field: value})
    )
    assert response.status_code == 422
    assert not Business.objects.exists()


def test_it_marks_an_expired_pirt(users: dict, make_business: Any) -> None:
    business = make_business(documents=[{"kind": DocumentKind.PIRT, "number": "206352701012320"}])
    content = (
        login(users["operator"]).get(reverse("registry:business_detail", args=[business.pk])).content.decode()
    )
    assert "kedaluwarsa" in content and "31 Des 2020" in content


def test_it_serves_a_scan_only_with_a_log_entry(
    users: dict, sampang_business: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("nib.pdf", PDF_BYTES)
    document = sampang_business.documents.create(kind="nib", number="9120001234567", scan=scan)
    url = reverse("registry:document_scan", args=[sampang_business.pk, document.pk])
    response = login(users["operator"]).get(url, {"reason": "verifikasi"})
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Security-Policy"].endswith("sandbox")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_repr) == (users["operator"], "unmask", f"document:{document.pk}")
    assert login(users["pimpinan"]).get(url).status_code == 403


def test_a_personal_export_asks_why_first_and_writes_nothing_until_told(
    users: dict, make_business: Any
) -> None:
    make_business(name="Kopi Robusta Dampit")
    client = login(users["operator"])
    asked = client.get(reverse("registry:business_export"), {"format": "csv", "sector": "pangan"})
    assert asked.status_code == 200 and 'name="sector" value="pangan"' in asked.content.decode()
    other = client.get(reverse("registry:business_export"), {"format": "csv", "reason": "lainnya"})
    assert other.status_code == 422 and "Lainnya" in other.content.decode()
    assert not AccessLog.objects.exists()


def test_a_phone_number_is_masked_until_revealed_with_a_reason(users: dict, make_business: Any) -> None:
    business = make_business(phone="+6281234567890")
    client = login(users["operator"])
    page = client.get(reverse("registry:business_detail", args=[business.pk])).content.decode()
    assert "+6281234567890" not in page and "+6281******890" in page
    url = reverse("registry:business_phone_reveal", args=[business.pk])
    refused = client.post(url, {"reason": "lainnya", "note": ""})
    assert refused.status_code == 422 and not AccessLog.objects.exists()
    shown = client.post(url, {"reason": "lainnya", "note": "konfirmasi jadwal pameran"})
    assert "+6281234567890" in shown.content.decode()
    log = AccessLog.objects.get()
    assert (log.action, log.object_repr, log.detail) == (
        "unmask",
        f"business:{business.pk}",
        {"field": "phone"},
    )
    assert log.reason == "Lainnya (tulis keterangan): konfirmasi jadwal pameran"


def test_the_owner_sees_their_own_phone_without_a_log(users: dict, make_business: Any) -> None:
    business = make_business(phone="+6281234567890", owner_account=users["pemilik"])
    page = login(users["pemilik"]).get(reverse("registry:business_detail", args=[business.pk]))
    assert "+6281234567890" in page.content.decode() and not AccessLog.objects.exists()


def test_only_dinas_roles_reveal_the_full_nik(users: dict, make_business: Any) -> None:
    business = make_business()
    url = reverse("registry:business_nik_reveal", args=[business.pk])
    assert login(users["pendamping"]).post(url, REASON).status_code == 403
    shown = login(users["operator"]).post(url, REASON)
    assert "3527014507850001" in shown.content.decode()
    assert AccessLog.objects.get().user == users["operator"]


def test_a_scan_opens_only_after_a_reason_and_is_logged(users: dict, make_business: Any) -> None:
    from django.core.files.base import ContentFile

    from lapak.registry.models import DocumentKind, LegalityDocument

    business = make_business()
    document = LegalityDocument.objects.create(
        business=business,
        kind=DocumentKind.NIB,
        number="1234567890123",
        scan=ContentFile(b"%PDF-1.4", "nib.pdf"),
    )
    client = login(users["operator"])
    url = reverse("registry:document_scan", args=[business.pk, document.pk])
    assert "Alasan" in client.get(url).content.decode() and not AccessLog.objects.exists()
    opened = client.get(url, REASON)
    assert b"".join(opened.streaming_content) == b"%PDF-1.4"
    assert AccessLog.objects.get().object_repr == f"document:{document.pk}"
