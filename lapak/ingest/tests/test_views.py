from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lapak.conftest import PASSWORD, SAMPANG, SURABAYA, first_desa
from lapak.core.jobs import (
    STALE_AFTER,
    JobContext,
    job_claim_next,
    job_run,
    jobs_fail_stale,
    jobs_run_pending,
)
from lapak.core.models import Job, JobStatus
from lapak.ingest.models import (
    BatchStatus,
    FieldProvenance,
    ImportBatch,
    LinkState,
    MatchCandidate,
    Merge,
    MergeKind,
    ReviewStatus,
    Source,
    SourceKind,
    SourceRecord,
)
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"

# A Dinas Koperasi list as agencies send them: a title line above the header, a row without a name, a
# row of another kab/kota, a row whose NIK, phone and turnover a spreadsheet mangled, a repeated row.
UMKM_CSV = """DAFTAR UMKM BINAAN DINAS KOPERASI KABUPATEN SAMPANG TAHUN 2026
No,Nama Usaha,Nama Pemilik,NIK,No HP,Desa,Kecamatan,Kabupaten/Kota,Omzet
1,Keripik Tette Bu Halimah,Halimah,3527014507850001,0812-3456-7890,Noreh,Sreseh,Sampang,Rp 12.000.000
2,,Ahmad,,081234567891,Labuhan,Sreseh,Sampang,
3,Lapis Kukus Surabaya,Dewi,,081234567892,,,Kota Surabaya,5 juta
4,Batik Gentongan,Sri,3.52701E+15,08123,Taman,Sreseh,Kab. Sampang,abc
5,Keripik Tette Bu Halimah,Halimah,3527014507850001,0812-3456-7890,Noreh,Sreseh,Sampang,Rp 12.000.000
"""
SUGGESTED = {
    "name": "Nama Usaha",
    "owner_name": "Nama Pemilik",
    "nik": "NIK",
    "phone": "No HP",
    "desa": "Desa",
    "kecamatan": "Kecamatan",
    "kabkota": "Kabupaten/Kota",
    "annual_sales": "Omzet",
}
# Every ingest URL and what its <pk> is.
INGEST_URLS = [
    ("home", None), ("source_create", None), ("review_list", None), ("batch_detail", "batch"),
    ("batch_map", "batch"), ("batch_sheet", "batch"), ("batch_commit", "batch"), ("batch_cancel", "batch"),
    ("batch_report", "batch"), ("review_detail", "review"), ("merge_undo", "merge"),
]  # fmt: skip
NOT_IMPORT_ROLES = ["pendamping", "kurator", "dekranasda", "pemilik", "pimpinan", "mitra"]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # The linkage engine is tested on its own; here a commit stops at the source records.
    settings.LAPAK_LINK_AFTER_IMPORT = False


@pytest.fixture(autouse=True)
def side_channel_in_the_test_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """A job's cancel check reads through the test's own connection.

    The check normally opens a second connection, which cannot see the rows of the test's transaction.
    """
    monkeypatch.setattr(JobContext, "_side_connection", lambda self: connection)


@pytest.fixture
def source(users: dict) -> Source:
    """A province-wide list: every kab/kota office loads its own part of it."""
    return Source.objects.create(
        code="dinkop-2026", name="Dinas Koperasi — UKM binaan 2026", kind=SourceKind.DINKOP, region_id="35"
    )


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client: Client, source: Source, content: bytes | str, name: str = "umkm-sampang.csv") -> Any:
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("ingest:home"), {"source": source.pk, "file": SimpleUploadedFile(name, data)}, follow=True
    )


def mapping_post(mapping: dict[str, str], **extra: str) -> dict[str, str]:
    return {f"map_{key}": title for key, title in mapping.items()} | {"save_profile": "on"} | extra


def staged(client: Client, source: Source, content: str = UMKM_CSV) -> ImportBatch:
    """Upload, accept the suggested mapping and run the staging job."""
    batch = upload(client, source, content).context["batch"]
    response = client.post(reverse("ingest:batch_map", args=[batch.pk]), mapping_post(batch.column_mapping))
    assert response.status_code == 302
    jobs_run_pending()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.STAGED
    return batch


def committed(client: Client, source: Source, content: str = UMKM_CSV) -> ImportBatch:
    batch = staged(client, source, content)
    client.post(reverse("ingest:batch_commit", args=[batch.pk]))
    jobs_run_pending()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    return batch


def preview_rows(html: str) -> list[tuple[str, int]]:
    """(status, row number) of each row in the preview table."""
    return [
        (status, int(number))
        for status, number in re.findall(r'<tr data-status="(\w+)">\s*<td class="num">(\d+)</td>', html)
    ]


def page_messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- upload ----------------------------------------------------------------------------------------------


def test_it_uploads_a_csv_and_suggests_a_mapping(users: dict, source: Source) -> None:
    response = upload(login(users["operator"]), source, UMKM_CSV)
    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("ingest:batch_detail", args=[batch.pk]), 302)]
    assert batch.column_mapping == SUGGESTED
    assert batch.status == BatchStatus.UPLOADED
    assert batch.region_id == SAMPANG and batch.original_name == "umkm-sampang.csv"
    html = response.content.decode()
    assert re.search(r'name="map_name"[^>]*>.*?<option value="Nama Usaha" selected>', html, re.S)
    assert re.search(r'name="map_kabkota"[^>]*>.*?<option value="Kabupaten/Kota" selected>', html, re.S)
    assert "Periksa berkas" in html


def test_it_prefers_the_saved_profile_of_the_source(users: dict, source: Source) -> None:
    source.column_mapping = {"address": "Desa", "sector": "Kolom yang tidak ada"}
    source.save()
    upload(login(users["operator"]), source, UMKM_CSV)
    mapping = ImportBatch.objects.get().column_mapping
    assert mapping["address"] == "Desa"
    assert "desa" not in mapping, "a column serves one field only"
    assert "sector" not in mapping and mapping["name"] == "Nama Usaha"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("daftar-umkm.pdf", b"%PDF-1.4\n%%EOF\n", "Jenis berkas tidak didukung"),
        ("daftar-umkm.xlsx", b"PK\x03\x04 ini bukan workbook", "tidak dapat dibuka"),
        ("daftar-umkm.csv", b"\x00\x01\x02\x00\xff\x00" * 50, "bukan file teks CSV"),
        ("daftar-umkm.csv", b"", "kosong"),
    ],
)
def test_it_refuses_an_unreadable_file_on_the_form(
    users: dict, source: Source, name: str, content: bytes, error: str, tmp_path: Path
) -> None:
    response = upload(login(users["operator"]), source, content, name=name)
    assert response.status_code == 422 and response.redirect_chain == []
    assert error in " ".join(response.context["form"].errors["file"])
    assert error in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not any(path.is_file() for path in (tmp_path / "media").rglob("*")), "the upload was kept"


def test_it_creates_a_source_in_the_operators_kabkota(users: dict) -> None:
    client = login(users["operator"])
    data = {"code": "dekranasda-sampang", "name": "Dekranasda Sampang", "kind": SourceKind.DEKRANASDA}
    assert client.post(reverse("ingest:source_create"), data).status_code == 302
    assert Source.objects.get(code="dekranasda-sampang").region_id == SAMPANG
    again = client.post(reverse("ingest:source_create"), data)
    assert again.status_code == 422 and "sudah dipakai" in again.content.decode()
    assert Source.objects.count() == 1


# --- mapping and staging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "unmapped", "message"),
    [
        ("operator", "name", "Kolom wajib belum dipetakan: Nama usaha."),
        # A province-wide upload cannot fall back on the uploader's kab/kota.
        pytest.param("admin", "kabkota", "Kolom wajib belum dipetakan: Kabupaten/kota."),
    ],
)
def test_it_requires_the_required_columns(
    role: str, unmapped: str, message: str, users: dict, source: Source
) -> None:
    client = login(users[role])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    mapping = {key: title for key, title in SUGGESTED.items() if key != unmapped}
    response = client.post(reverse("ingest:batch_map", args=[batch.pk]), mapping_post(mapping))
    assert response.status_code == 400
    assert message in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UPLOADED and batch.job is None
    assert not Job.objects.exists()


def test_it_refuses_a_column_the_file_does_not_have(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    data = mapping_post(SUGGESTED, map_phone="Telepon Kantor")
    response = client.post(reverse("ingest:batch_map", args=[batch.pk]), data)
    assert response.status_code == 400
    assert "Telepon Kantor" in " ".join(response.context["mapping_form"].errors["map_phone"])
    assert not Job.objects.exists()


def test_it_queues_the_check_and_saves_the_mapping_profile(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    response = client.post(reverse("ingest:batch_map", args=[batch.pk]), mapping_post(SUGGESTED))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.STAGING
    assert batch.job is not None and batch.job.kind == "ingest.stage" and batch.job.status == JobStatus.QUEUED
    source.refresh_from_db()
    assert source.column_mapping == SUGGESTED
    page = client.get(reverse("ingest:batch_detail", args=[batch.pk])).content.decode()
    assert "sedang diperiksa" in page and reverse("ingest:batch_cancel", args=[batch.pk]) in page
    assert 'hx-trigger="every 1s"' in page, "the state polls while the job runs"


def test_it_shows_counts_problems_and_rows_after_the_check(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = staged(client, source)
    assert (batch.rows_total, batch.rows_valid, batch.rows_warning, batch.rows_error) == (5, 1, 1, 3)
    response = client.get(reverse("ingest:batch_detail", args=[batch.pk]))
    html = response.content.decode()
    assert "siap ditinjau" in html and "Impor 2 baris" in html and "Ringkasan masalah" in html
    summary = {(item["field"], item["level"]): item for item in response.context["summary"]}
    assert summary["name", "error"]["rows"] == 2 and summary["name", "error"]["first_row"] == 4
    assert summary["kabkota", "error"]["first_row"] == 5
    assert summary["nik", "warning"]["label"] == "NIK pemilik"
    assert preview_rows(html) == [("valid", 3), ("error", 4), ("error", 5), ("warning", 6), ("error", 7)]
    assert "Nama usaha kosong." in html
    assert "Kota Surabaya di luar wilayah kerja Anda." in html
    assert "NIK tertulis dalam notasi ilmiah (3.52701E+15)" in html
    assert "Nomor telepon “08123” tidak dikenali; tidak disimpan." in html
    assert "Baris ini sama dengan baris 3; tidak diimpor dua kali." in html


def test_it_lets_a_province_admin_import_every_kabkota(users: dict, source: Source) -> None:
    client = login(users["admin"])
    batch = staged(client, source)
    assert batch.rows_error == 2
    html = client.get(reverse("ingest:batch_detail", args=[batch.pk])).content.decode()
    assert "di luar wilayah kerja" not in html
    assert ("valid", 5) in preview_rows(html)


def test_it_filters_the_preview_by_status(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = staged(client, source)
    url = reverse("ingest:batch_detail", args=[batch.pk])
    assert preview_rows(client.get(url, {"status": "error"}).content.decode()) == [
        ("error", 4),
        ("error", 5),
        ("error", 7),
    ]
    assert preview_rows(client.get(url, {"status": "warning"}).content.decode()) == [("warning", 6)]
    assert len(preview_rows(client.get(url, {"status": "bogus"}).content.decode())) == 5


def test_it_swaps_only_the_rows_for_htmx(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = staged(client, source)
    response = client.get(
        reverse("ingest:batch_detail", args=[batch.pk]),
        {"status": "valid"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="staged-rows",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="staged-rows">')
    assert "<html" not in html and "Ringkasan masalah" not in html
    assert preview_rows(html) == [("valid", 3)]
    assert 'aria-current="page">Sah<' in html


def test_it_polls_the_state_until_the_check_is_done(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    client.post(reverse("ingest:batch_map", args=[batch.pk]), mapping_post(SUGGESTED))
    url = reverse("ingest:batch_detail", args=[batch.pk])
    running = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="batch-state").content.decode()
    assert running.lstrip().startswith('<section id="batch-state"') and "<html" not in running
    assert 'hx-trigger="every 1s"' in running and "staged-rows" not in running
    jobs_run_pending()
    done = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="batch-state").content.decode()
    assert 'hx-trigger="every 1s"' not in done, "polling stops"
    assert "<html" not in done and "Impor 2 baris" in done
    assert ("error", 4) in preview_rows(done), "the result replaces the polled state without a reload"


# --- commit ----------------------------------------------------------------------------------------------


def test_it_commits_the_valid_and_warning_rows(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = staged(client, source)
    response = client.post(reverse("ingest:batch_commit", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTING and batch.job.kind == "ingest.commit"
    assert not SourceRecord.objects.exists(), "nothing is written before the job runs"
    jobs_run_pending()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.rows_committed == 2
    records = {record.row_number: record for record in SourceRecord.objects.filter(batch=batch)}
    assert sorted(records) == [3, 6]
    halimah, gentongan = records[3], records[6]
    assert halimah.name == "Keripik Tette Bu Halimah" and halimah.phone == "+6281234567890"
    assert halimah.desa_id.startswith(f"{SAMPANG}.") and halimah.kabkota_id == SAMPANG
    assert halimah.owner_nik_masked == "3527********0001" and halimah.annual_sales == 12_000_000
    assert gentongan.owner_nik_masked == "" and gentongan.phone == "" and gentongan.annual_sales is None
    assert all(record.link_state == LinkState.UNLINKED for record in records.values())
    html = client.get(reverse("ingest:batch_detail", args=[batch.pk])).content.decode()
    assert "selesai diimpor" in html
    assert reverse("ingest:batch_commit", args=[batch.pk]) not in html


def test_it_refuses_to_commit_a_batch_not_checked_yet(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    response = client.post(reverse("ingest:batch_commit", args=[batch.pk]), follow=True)
    assert "Batch ini belum siap diimpor." in page_messages(response)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UPLOADED and not Job.objects.exists()


def test_it_says_a_file_was_already_imported(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = committed(client, source)
    response = upload(client, source, UMKM_CSV)
    assert response.redirect_chain[-1][0] == reverse("ingest:batch_detail", args=[batch.pk])
    assert "Berkas ini sudah pernah diimpor untuk sumber ini; tidak ada yang diubah." in page_messages(
        response
    )
    assert ImportBatch.objects.count() == 1
    assert SourceRecord.objects.count() == 2


def test_it_adds_only_the_corrected_rows_of_a_reupload(users: dict, source: Source) -> None:
    client = login(users["operator"])
    committed(client, source)
    corrected = UMKM_CSV.replace("2,,Ahmad", "2,Sate Madura Pak Ahmad,Ahmad")
    batch = committed(client, source, corrected)
    assert (batch.rows_committed, batch.rows_existing) == (1, 2)
    assert SourceRecord.objects.count() == 3
    assert SourceRecord.objects.get(batch=batch).name == "Sate Madura Pak Ahmad"


# --- report and cancel -----------------------------------------------------------------------------------


def test_it_builds_the_validation_report_as_a_job(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = staged(client, source)
    response = client.post(reverse("ingest:batch_report", args=[batch.pk]))
    job = Job.objects.get(kind="ingest.report")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    jobs_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result_file.name.endswith(".xlsx")
    download = client.get(reverse("core:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Baris" and rows[0][-2:] == ("Status", "Keterangan")
    assert "Nama Usaha" in rows[0]
    by_row = {row[0]: row for row in rows[1:]}
    assert sorted(by_row) == [3, 4, 5, 6, 7]
    assert by_row[4][-2:] == ("galat", "Nama usaha kosong.")
    assert by_row[3][-2:] == ("sah", None)
    assert by_row[6][-2] == "peringatan" and "Omzet “abc” bukan angka rupiah" in by_row[6][-1]


def test_it_asks_to_check_before_a_report(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    response = client.post(reverse("ingest:batch_report", args=[batch.pk]), follow=True)
    assert "Periksa berkas dulu sebelum mengunduh laporan." in page_messages(response)
    assert not Job.objects.exists()


def test_it_cancels_a_queued_check(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = upload(client, source, UMKM_CSV).context["batch"]
    client.post(reverse("ingest:batch_map", args=[batch.pk]), mapping_post(SUGGESTED))
    response = client.post(reverse("ingest:batch_cancel", args=[batch.pk]), follow=True)
    assert "Pembatalan diminta; tidak ada data yang ditulis." in page_messages(response)
    job = Job.objects.get()
    assert job.cancel_requested and job.status == JobStatus.CANCELLED
    assert response.context["batch"].status == BatchStatus.UPLOADED, "the batch can be checked again"
    assert jobs_run_pending() == 0


def running_commit(client: Client, source: Source) -> tuple[ImportBatch, Job]:
    """A staged batch whose commit job a worker has claimed."""
    batch = staged(client, source)
    client.post(reverse("ingest:batch_commit", args=[batch.pk]))
    job = job_claim_next(worker="uji")
    assert job is not None and job.kind == "ingest.commit"
    return batch, job


def test_it_asks_a_running_commit_to_stop(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch, job = running_commit(client, source)
    response = client.post(reverse("ingest:batch_cancel", args=[batch.pk]), follow=True)
    assert "Pembatalan diminta; tidak ada data yang ditulis." in page_messages(response)
    job.refresh_from_db()
    assert job.cancel_requested and job.status == JobStatus.RUNNING


def test_it_rolls_back_a_commit_cancelled_midway(users: dict, source: Source) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's single writer lock: a commit there runs to its end")
    client = login(users["operator"])
    batch, job = running_commit(client, source)
    client.post(reverse("ingest:batch_cancel", args=[batch.pk]))
    assert job_run(job).status == JobStatus.CANCELLED
    assert not SourceRecord.objects.exists()
    response = client.get(reverse("ingest:batch_detail", args=[batch.pk]))
    assert response.context["batch"].status == BatchStatus.STAGED, "it can be committed again"
    html = response.content.decode()
    assert "Dibatalkan atas permintaan pengguna; tidak ada data yang ditulis." in html
    assert "Impor 2 baris" in html


def test_it_puts_back_a_batch_whose_commit_worker_died(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch, _ = running_commit(client, source)
    jobs_fail_stale(now=timezone.now() + STALE_AFTER + timedelta(seconds=1))
    response = client.get(reverse("ingest:batch_detail", args=[batch.pk]))
    assert response.context["batch"].status == BatchStatus.STAGED
    html = response.content.decode()
    assert "Pekerjaan terhenti karena worker berhenti; silakan ulangi." in html
    assert reverse("ingest:batch_commit", args=[batch.pk]) in html
    assert not SourceRecord.objects.exists()


def test_it_does_not_cancel_a_committed_batch(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = committed(client, source)
    response = client.post(reverse("ingest:batch_cancel", args=[batch.pk]), follow=True)
    assert "Batch ini sudah diimpor." in page_messages(response)
    assert not Job.objects.filter(cancel_requested=True).exists()


# --- workbooks with several sheets -----------------------------------------------------------------------


def workbook_batch(client: Client, source: Source) -> ImportBatch:
    content = (FIXTURES / "umkm_openpyxl.xlsx").read_bytes()
    return upload(client, source, content, name="daftar-dinkop.xlsx").context["batch"]


def test_it_offers_the_sheets_and_reads_the_one_chosen(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = workbook_batch(client, source)
    html = client.get(reverse("ingest:batch_detail", args=[batch.pk])).content.decode()
    assert all(f'<option value="{name}"' in html for name in ("UKM", "IKM", "Kosong"))
    response = client.post(reverse("ingest:batch_sheet", args=[batch.pk]), {"sheet": "IKM"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("ingest:batch_detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.sheet == "IKM" and batch.column_mapping["name"] == "Nama Perusahaan"
    assert ImportBatch.objects.count() == 1
    assert "[IKM]" in response.content.decode()


def test_it_takes_another_sheet_of_a_checked_workbook_as_a_new_batch(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = workbook_batch(client, source)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.STAGED)
    response = client.post(reverse("ingest:batch_sheet", args=[batch.pk]), {"sheet": "IKM"})
    new = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == reverse("ingest:batch_detail", args=[new.pk])
    assert new.sheet == "IKM" and new.status == BatchStatus.UPLOADED
    assert new.file.name == batch.file.name and new.file_sha256 == batch.file_sha256
    batch.refresh_from_db()
    assert batch.sheet == "" and batch.status == BatchStatus.STAGED


def test_it_says_why_an_empty_sheet_cannot_be_used(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = workbook_batch(client, source)
    response = client.post(reverse("ingest:batch_sheet", args=[batch.pk]), {"sheet": "Kosong"}, follow=True)
    assert any("tidak ada judul kolom maupun data" in text for text in page_messages(response))
    batch.refresh_from_db()
    assert batch.sheet == ""


# --- who may see what ------------------------------------------------------------------------------------


def test_it_hides_another_kabkotas_batch(users: dict, source: Source) -> None:
    theirs = upload(login(users["other_operator"]), source, UMKM_CSV).context["batch"]
    client = login(users["operator"])
    assert client.get(reverse("ingest:batch_detail", args=[theirs.pk])).status_code == 404
    for name in ("batch_map", "batch_sheet", "batch_commit", "batch_cancel", "batch_report"):
        assert client.post(reverse(f"ingest:{name}", args=[theirs.pk])).status_code == 404, name
    assert "umkm-sampang.csv" not in client.get(reverse("ingest:home")).content.decode()
    assert not Job.objects.exists()


def test_it_lists_only_the_users_own_kabkota_batches(users: dict, source: Source) -> None:
    upload(login(users["other_operator"]), source, UMKM_CSV, name="surabaya.csv")
    upload(login(users["operator"]), source, UMKM_CSV, name="sampang.csv")
    batches = login(users["operator"]).get(reverse("ingest:home")).context["page"]
    assert [batch.original_name for batch in batches] == ["sampang.csv"]


def test_it_lists_every_kabkotas_batches_for_the_province_admin(users: dict, source: Source) -> None:
    upload(login(users["other_operator"]), source, UMKM_CSV, name="surabaya.csv")
    upload(login(users["operator"]), source, UMKM_CSV, name="sampang.csv")
    batches = login(users["admin"]).get(reverse("ingest:home")).context["page"]
    assert {batch.original_name for batch in batches} == {"sampang.csv", "surabaya.csv"}


@pytest.mark.parametrize("role", NOT_IMPORT_ROLES)
def test_it_refuses_every_ingest_page_to_a_role_without_import(
    role: str, users: dict, source: Source, make_record: Callable[..., SourceRecord], sampang_business: Any
) -> None:
    batch = upload(login(users["operator"]), source, UMKM_CSV).context["batch"]
    record = make_record()
    candidate = make_candidate(record, sampang_business)
    merge = Merge.objects.create(business=sampang_business, record=record, kind=MergeKind.AUTO)
    pk_of = {"batch": batch.pk, "review": candidate.pk, "merge": merge.pk}
    client = login(users[role])
    for name, kind in INGEST_URLS:
        url = reverse(f"ingest:{name}", args=[pk_of[kind]] if kind else [])
        assert client.get(url).status_code in (403, 405), f"{role} GET {name}"
        assert client.post(url, {"decision": "accept"}).status_code == 403, f"{role} POST {name}"
    assert not Job.objects.exists()
    candidate.refresh_from_db()
    merge.refresh_from_db()
    assert candidate.status == ReviewStatus.PENDING and merge.undone_at is None


# --- review queue, golden records and undo ---------------------------------------------------------------


@pytest.fixture
def make_record(users: dict) -> Callable[..., SourceRecord]:
    """A committed source record from a Dekranasda list, in Sampang unless told otherwise."""

    def factory(kabkota: str = SAMPANG, **fields: Any) -> SourceRecord:
        source, _ = Source.objects.get_or_create(
            code=f"dekranasda-{kabkota}",
            defaults={"name": f"Dekranasda {kabkota}", "kind": SourceKind.DEKRANASDA, "region_id": kabkota},
        )
        batch = ImportBatch.objects.create(
            source=source, file="ingest/uji/upload.csv", original_name="perajin-2026.xlsx",
            file_sha256=uuid.uuid4().hex, region_id=kabkota, status=BatchStatus.COMMITTED,
        )  # fmt: skip
        desa = first_desa(kabkota)
        values = {
            "name": "Batik Tulis Sekar Jagad Madura", "owner_name": "Siti Aminah", "phone": "+6281399998888",
            "email": "sekarjagad@contoh.id", "row_number": 7, "record_key": uuid.uuid4().hex,
            "desa_id": desa.code, "kecamatan_id": desa.code[:8], "kabkota_id": kabkota,
        }  # fmt: skip
        values.update(fields)
        return SourceRecord.objects.create(source=source, batch=batch, created_at=timezone.now(), **values)

    return factory


def make_candidate(record: SourceRecord, business: Business, probability: float = 0.82) -> MatchCandidate:
    return MatchCandidate.objects.create(
        record=record,
        business=business,
        probability=probability,
        kabkota_id=record.kabkota_id,
        evidence=[{"label": "Nama pemilik sama", "weight": 4.5}],
    )


@pytest.fixture
def candidate(make_record: Callable[..., SourceRecord], sampang_business: Business) -> MatchCandidate:
    return make_candidate(make_record(), sampang_business)


def test_it_queues_and_shows_a_candidate_for_review(users: dict, candidate: MatchCandidate) -> None:
    client = login(users["operator"])
    queue = client.get(reverse("ingest:review_list")).content.decode()
    assert "Batik Tulis Sekar Jagad Madura" in queue and "82%" in queue
    assert reverse("ingest:review_detail", args=[candidate.pk]) in queue
    html = client.get(reverse("ingest:review_detail", args=[candidate.pk])).content.decode()
    assert "Nama pemilik sama" in html and "+6281399998888" in html and "+6281234567890" in html
    assert 'name="fields" value="phone"' in html and 'value="owner_nik_masked"' not in html


def test_it_merges_an_accepted_candidate_with_the_fields_picked(
    users: dict,
    candidate: MatchCandidate,
    sampang_business: Business,
    make_record: Callable[..., SourceRecord],
) -> None:
    rival = make_candidate(candidate.record, make_business_like(sampang_business), probability=0.7)
    response = login(users["operator"]).post(
        reverse("ingest:review_detail", args=[candidate.pk]), {"decision": "accept", "fields": ["name"]}
    )
    assert response["Location"] == reverse("ingest:review_list")
    business = Business.objects.get(pk=sampang_business.pk)
    assert business.name == "Batik Tulis Sekar Jagad Madura", "picked by the reviewer"
    assert business.email == "sekarjagad@contoh.id", "empty in the registry, filled from the record"
    assert business.phone == "+6281234567890", "not picked: the registry's value stays"
    merge = Merge.objects.get()
    assert (merge.business, merge.record, merge.kind) == (business, candidate.record, MergeKind.REVIEW)
    assert merge.created_by == users["operator"] and merge.probability == pytest.approx(0.82)
    origins = dict(FieldProvenance.objects.filter(business=business).values_list("field", "rule"))
    assert origins == {"name": "dipilih peninjau", "email": "mengisi yang kosong"}
    assert set(FieldProvenance.objects.values_list("record", flat=True)) == {candidate.record.pk}
    candidate.refresh_from_db()
    rival.refresh_from_db()
    assert candidate.status == ReviewStatus.ACCEPTED and candidate.reviewed_by == users["operator"]
    assert rival.status == ReviewStatus.REJECTED, "a record joins one golden record only"
    record = SourceRecord.objects.get(pk=candidate.record.pk)
    assert record.business == business and record.link_state == LinkState.REVIEWED


def make_business_like(business: Business) -> Business:
    twin = Business.objects.get(pk=business.pk)
    twin.pk = None
    twin.name = "Batik Sekar Jagad (cabang)"
    twin.save()
    return twin


def test_it_makes_a_rejected_candidate_its_own_golden_record(
    users: dict, candidate: MatchCandidate, sampang_business: Business
) -> None:
    client = login(users["operator"])
    client.post(reverse("ingest:review_detail", args=[candidate.pk]), {"decision": "reject"})
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.REJECTED and candidate.reviewed_by == users["operator"]
    record = SourceRecord.objects.get(pk=candidate.record.pk)
    assert record.link_state == LinkState.NEW
    golden = record.business
    assert golden is not None and golden.pk != sampang_business.pk
    assert (golden.name, golden.kabkota_id, golden.desa_id) == (record.name, SAMPANG, record.desa_id)
    assert Business.objects.get(pk=sampang_business.pk).name == "Batik Tulis Sekar Jagad"
    assert Merge.objects.get().kind == MergeKind.NEW
    assert client.get(reverse("ingest:review_list")).context["page"].object_list.count() == 0


def test_it_refuses_to_review_a_candidate_twice(users: dict, candidate: MatchCandidate) -> None:
    client = login(users["operator"])
    url = reverse("ingest:review_detail", args=[candidate.pk])
    client.post(url, {"decision": "reject"})
    assert client.post(url, {"decision": "accept"}).status_code == 404, "it left the queue"
    assert not Merge.objects.filter(kind=MergeKind.REVIEW).exists()


def accepted(users: dict, candidate: MatchCandidate) -> Merge:
    login(users["operator"]).post(
        reverse("ingest:review_detail", args=[candidate.pk]), {"decision": "accept", "fields": ["name"]}
    )
    return Merge.objects.get()


def test_it_shows_the_source_records_on_the_business_page(
    users: dict, candidate: MatchCandidate, sampang_business: Business
) -> None:
    merge = accepted(users, candidate)
    url = reverse("registry:business_detail", args=[sampang_business.pk])
    html = login(users["operator"]).get(url).content.decode()
    sources = html[html.index('id="sumber-data"') : html.index("Riwayat perubahan")]
    assert "Dekranasda 35.27" in sources and "perajin-2026.xlsx" in sources and "baris 7" in sources
    assert "ditautkan peninjau" in sources and "(82%)" in sources
    assert reverse("ingest:merge_undo", args=[merge.pk]) in sources
    assert "dipilih peninjau" in sources and "mengisi yang kosong" in sources
    viewer = login(users["pimpinan"]).get(url).content.decode()
    assert "perajin-2026.xlsx" in viewer and reverse("ingest:merge_undo", args=[merge.pk]) not in viewer


def test_it_says_a_business_was_registered_directly(users: dict, sampang_business: Business) -> None:
    url = reverse("registry:business_detail", args=[sampang_business.pk])
    html = login(users["operator"]).get(url).content.decode()
    assert "Usaha ini didaftarkan langsung, bukan dari impor daftar sumber." in html


def test_it_undoes_a_merge(users: dict, candidate: MatchCandidate, sampang_business: Business) -> None:
    merge = accepted(users, candidate)
    client = login(users["operator"])
    response = client.post(reverse("ingest:merge_undo", args=[merge.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:business_detail", args=[sampang_business.pk])
    assert "Penggabungan dibatalkan; rekaman sumber kembali belum ditautkan." in page_messages(response)
    business = Business.objects.get(pk=sampang_business.pk)
    assert (business.name, business.email, business.phone) == (
        "Batik Tulis Sekar Jagad",
        "",
        "+6281234567890",
    )
    assert not FieldProvenance.objects.filter(business=business).exists()
    record = SourceRecord.objects.get(pk=candidate.record.pk)
    assert record.business is None and record.link_state == LinkState.UNLINKED
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == users["operator"]
    candidate.refresh_from_db()
    assert candidate.status == ReviewStatus.REJECTED, "the next linkage must not merge the pair again"
    assert "perajin-2026.xlsx" not in response.content.decode()
    again = client.post(reverse("ingest:merge_undo", args=[merge.pk]), follow=True)
    assert "Penggabungan ini sudah dibatalkan." in page_messages(again)


def test_it_keeps_a_value_changed_after_the_merge_when_undoing(
    users: dict, candidate: MatchCandidate, sampang_business: Business
) -> None:
    merge = accepted(users, candidate)
    Business.objects.filter(pk=sampang_business.pk).update(email="baru@contoh.id")
    login(users["operator"]).post(reverse("ingest:merge_undo", args=[merge.pk]))
    business = Business.objects.get(pk=sampang_business.pk)
    assert business.email == "baru@contoh.id" and business.name == "Batik Tulis Sekar Jagad"


def test_it_removes_a_golden_record_when_undoing_the_merge_that_made_it(
    users: dict, candidate: MatchCandidate
) -> None:
    client = login(users["operator"])
    client.post(reverse("ingest:review_detail", args=[candidate.pk]), {"decision": "reject"})
    merge = Merge.objects.get(kind=MergeKind.NEW)
    golden_pk = merge.business_id
    response = client.post(reverse("ingest:merge_undo", args=[merge.pk]))
    assert response["Location"] == reverse("ingest:home")
    assert not Business.objects.filter(pk=golden_pk).exists()
    record = SourceRecord.objects.get(pk=candidate.record.pk)
    assert record.business is None and record.link_state == LinkState.UNLINKED


def test_it_hides_another_kabkotas_candidate_and_merge(users: dict, candidate: MatchCandidate) -> None:
    merge = Merge.objects.create(business=candidate.business, record=candidate.record, kind=MergeKind.AUTO)
    client = login(users["other_operator"])
    url = reverse("ingest:review_detail", args=[candidate.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept", "fields": ["name"]}).status_code == 404
    assert client.post(reverse("ingest:merge_undo", args=[merge.pk])).status_code == 404
    assert client.get(reverse("ingest:review_list")).context["page"].object_list.count() == 0
    candidate.refresh_from_db()
    merge.refresh_from_db()
    assert candidate.status == ReviewStatus.PENDING and merge.undone_at is None
    assert Business.objects.get(pk=candidate.business_id).name == "Batik Tulis Sekar Jagad"


def test_it_queues_a_surabaya_candidate_for_surabaya_only(
    users: dict, make_record: Callable[..., SourceRecord], surabaya_business: Business
) -> None:
    theirs = make_candidate(make_record(SURABAYA, name="Kue Lapis Surabaya"), surabaya_business)
    assert login(users["operator"]).get(reverse("ingest:review_detail", args=[theirs.pk])).status_code == 404
    queue = login(users["other_operator"]).get(reverse("ingest:review_list")).context["page"]
    assert [item.pk for item in queue] == [theirs.pk]


def test_an_unreadable_workbook_is_named_as_the_user_named_it(users: dict, source: Source) -> None:
    response = upload(login(users["operator"]), source, b"PK\x03\x04 bukan workbook", name="daftar-umkm.xlsx")
    errors = " ".join(response.context["form"].errors["file"])
    assert "daftar-umkm.xlsx tidak dapat dibuka" in errors
    assert "upload.xlsx" not in errors and "zip" not in errors.lower()


def test_choosing_a_sheet_already_imported_returns_that_batch(users: dict, source: Source) -> None:
    client = login(users["operator"])
    batch = workbook_batch(client, source)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.STAGED)
    client.post(reverse("ingest:batch_sheet", args=[batch.pk]), {"sheet": "IKM"})
    ikm = ImportBatch.objects.get(sheet="IKM")
    ImportBatch.objects.filter(pk=ikm.pk).update(status=BatchStatus.COMMITTED)
    response = client.post(reverse("ingest:batch_sheet", args=[batch.pk]), {"sheet": "IKM"})
    assert response["Location"] == reverse("ingest:batch_detail", args=[ikm.pk])
    assert ImportBatch.objects.filter(sheet="IKM").count() == 1
