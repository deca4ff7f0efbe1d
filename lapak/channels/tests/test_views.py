"""The channels pages: file imports into the ledger, the offline template, a channel's bulk-upload file."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapak.catalog.models import Product
from lapak.channels.models import Channel, Listing, ListingState, SalesOrder
from lapak.channels.services import listing_publish
from lapak.conftest import PASSWORD, refusal_shown
from lapak.core.jobs import jobs_run_pending
from lapak.core.models import Job

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def filled_template(client: Client, business_id: int, rows: list[list[Any]]) -> bytes:
    response = client.get(f"/kanal/usaha/{business_id}/templat-luring/")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book["Daftar SKU"]["A2"].value == "KTS-250"  # the business's own SKUs, to copy from
    for row in rows:
        book["Penjualan"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_owner_imports_galeri_sales_from_the_template(curated: Product, users: dict) -> None:
    client = login("pemilik")
    data = filled_template(
        client,
        curated.business_id,
        [
            [datetime(2026, 11, 2), "G-01", "Galeri", "KTS-250", "Keripik", 2, 15000, None, "Surabaya"],
            [datetime(2026, 11, 3), "G-02", "Galeri", "KTS-500", "Keripik", 1, 28000, None, "Surabaya"],
        ],
    )
    upload = SimpleUploadedFile("galeri november.xlsx", data)
    response = client.post(
        f"/kanal/usaha/{curated.business_id}/berkas-penjualan/",
        {"kind": "galeri", "file": upload},
        follow=True,
    )
    assert "2 pesanan baru dicatat" in response.content.decode()
    assert SalesOrder.objects.filter(is_online=False, source="galeri").count() == 2


def test_a_bad_row_is_named_and_nothing_is_imported(curated: Product, users: dict) -> None:
    client = login("pemilik")
    data = filled_template(
        client,
        curated.business_id,
        [
            [datetime(2026, 11, 2), "G-01", "Galeri", "KTS-250", "Keripik", 2, 15000, None, "Surabaya"],
            [datetime(2026, 11, 3), "G-02", "Galeri", "TIDAK-ADA", "Keripik", -1, 28000, None, "Surabaya"],
        ],
    )
    response = client.post(
        f"/kanal/usaha/{curated.business_id}/berkas-penjualan/",
        {"kind": "galeri", "file": SimpleUploadedFile("g.xlsx", data)},
    )
    page = refusal_shown(client, response)
    assert "Berkas tidak diimpor" in page and "Baris" in page
    assert not SalesOrder.objects.exists()


def test_an_empty_or_unreadable_file_is_refused_with_a_message(curated: Product, users: dict) -> None:
    client = login("pemilik")
    url = f"/kanal/usaha/{curated.business_id}/berkas-penjualan/"
    empty = client.post(url, {"kind": "galeri", "file": SimpleUploadedFile("a.xlsx", b"")})
    assert "kosong" in refusal_shown(client, empty)
    junk = client.post(url, {"kind": "blibli", "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04broken")})
    assert 'class="error"' in refusal_shown(client, junk)
    assert not SalesOrder.objects.exists()


def test_a_blibli_bulk_file_is_made_for_the_users_listings(
    curated: Product, users: dict, settings: Any
) -> None:
    from lapak.channels.models import CategoryMapping

    blibli = Channel.objects.get(code="blibli")
    CategoryMapping.objects.create(channel=blibli, category="pangan.keripik", external_category_id="KRP-01")
    listing_publish(actor=None, product=curated, channels=[blibli])
    assert not Listing.objects.get(channel=blibli).outbox.exists()  # a file channel waits for its file
    client = login("pemilik")
    response = client.post("/kanal/blibli/berkas-unggah/")
    assert response.status_code == 302
    jobs_run_pending()
    job = Job.objects.get(kind="channels.bulk_file")
    assert job.status == "succeeded", job.message
    book = openpyxl.load_workbook(job.result_file.path)
    text = " ".join(str(cell.value) for row in book.active.iter_rows() for cell in row if cell.value)
    assert "KTS-250" in text and "Keripik Tempe Bu Sri" in text
    assert Listing.objects.get(channel=blibli).state == ListingState.SUBMITTED


def test_ids_in_the_page_have_no_thousands_separator(curated: Product, users: dict) -> None:
    # Indonesian number formatting writes 1500 as "1.500": ids in values and data attributes must not be.
    Channel.objects.create(pk=1500, code="toko-desa", name="Toko Desa", kind="api", adapter="tiktok")
    page = login("pemilik").get(f"/kanal/usaha/{curated.business_id}/").content.decode()
    assert 'value="1500"' in page and 'value="1.500"' not in page
    assert f'data-product="{curated.pk}"' in page


def test_an_admin_maps_categories_and_others_only_read_them(users: dict) -> None:
    from lapak.channels.models import CategoryMapping

    admin = login("admin")
    response = admin.post(
        "/kanal/shopee/kategori/",
        {
            "id_pangan.keripik": "100629",
            "name_pangan.keripik": "Makanan Ringan > Keripik",
            "attr_pangan.keripik": "netto = Berat Bersih\nkomposisi = Komposisi",
            "id_kriya.anyaman": "",
        },
        follow=True,
    )
    assert "1 kategori terpetakan" in response.content.decode()
    mapping = CategoryMapping.objects.get(channel__code="shopee", category="pangan.keripik")
    assert mapping.external_category_id == "100629"
    assert mapping.attributes == {"netto": "Berat Bersih", "komposisi": "Komposisi"}
    owner = login("pemilik")
    assert "100629" in owner.get("/kanal/shopee/kategori/").content.decode()
    assert owner.post("/kanal/shopee/kategori/", {"id_pangan.keripik": ""}).status_code == 403
    assert CategoryMapping.objects.filter(channel__code="shopee").count() == 1
