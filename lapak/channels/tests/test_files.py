"""Bulk-upload sheets out, seller reports and offline sales in (``lapak.channels.files``)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lapak.accounts.models import User
from lapak.catalog.models import Product, ProductPhoto
from lapak.channels.files import (
    LedgerLine,
    bulk_export,
    bulk_file_write,
    bulk_files_write,
    bulk_files_zip,
    feed_items,
    ledger_bulk_ingest,
    offline_sales_import,
    offline_template_write,
    sales_file_import,
)
from lapak.channels.files.export import part_bounds
from lapak.channels.files.feed import feed_listings
from lapak.channels.files.parsing import match_columns, parse_moment, parse_period, parse_rupiah
from lapak.channels.files.templates import TEMPLATES
from lapak.channels.models import CategoryMapping, Channel, Listing, SalesLine, SalesOrder
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def listing_on(product: Product, code: str, *, mapped: bool = True, photos: int = 2) -> Listing:
    channel = Channel.objects.get(code=code)
    if mapped:
        CategoryMapping.objects.get_or_create(
            channel=channel, category=product.category, defaults={"external_category_id": "100123"}
        )
    for position in range(photos):
        ProductPhoto.objects.create(
            product=product,
            image=f"produk/{product.pk}/foto{position}.jpg",
            thumbnail=f"produk/{product.pk}/kecil{position}.jpg",
            width=800,
            height=800,
            original_width=800,
            original_height=800,
            position=position,
        )
    return Listing.objects.create(product=product, channel=channel, state="ready")


def write_sheet(path: Path, rows: list[list[Any]], *, above: list[list[Any]] | None = None) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for number, row in enumerate([*(above or []), *rows]):
        sheet.write_row(number, 0, row)
    workbook.close()
    return path


def ledger_counts() -> tuple[int, int]:
    return SalesOrder.objects.count(), SalesLine.objects.count()


# --- bulk-upload sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["shopee", "tiktok", "blibli"])
def test_a_bulk_file_has_the_templates_headers_and_one_row_per_sku(
    product: Product, tmp_path: Path, code: str
) -> None:
    listing_on(product, code)
    channel = Channel.objects.get(code=code)
    template = TEMPLATES[code]
    path = tmp_path / f"{code}.xlsx"

    rows = bulk_file_write(
        channel=channel, listings_rows=feed_items(channel=channel, site_url="https://lapak.test"), path=path
    )

    assert rows == 2
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[template.header_row]]
    assert header == template.titles
    data = [
        dict(zip(template.titles, (cell.value for cell in sheet[number]), strict=True))
        for number in (template.data_row, template.data_row + 1)
    ]
    assert sheet.max_row == template.data_row + 1
    sku_title = next(c.title for c in template.columns if c.field == "sku")
    weight_title = next(c.title for c in template.columns if c.field == "weight")
    assert [row[sku_title] for row in data] == ["KTS-250", "KTS-500"]
    assert data[0][weight_title] == (0.26 if template.weight_unit == "kg" else 260)
    cover = next(c.title for c in template.columns if c.field == "image_1")
    assert data[0][cover] == f"https://lapak.test/media/produk/{product.pk}/foto0.jpg"
    assert data[0]["Catatan Lapak"] is None


def test_shopee_data_starts_at_row_6_with_variants_grouped(product: Product, tmp_path: Path) -> None:
    listing_on(product, "shopee")
    shopee = Channel.objects.get(code="shopee")
    path = tmp_path / "shopee.xlsx"
    bulk_file_write(channel=shopee, listings_rows=feed_items(channel=shopee), path=path)

    sheet = openpyxl.load_workbook(path).active
    assert sheet["A2"].value == "Category"
    assert sheet["A3"].value == "Wajib"
    assert sheet["A6"].value == "100123" and sheet["B6"].value == product.name
    titles = [cell.value for cell in sheet[2]]
    group = titles.index("Variation Integration No.") + 1
    option = titles.index("Option for Variation 1") + 1
    assert sheet.cell(6, group).value == sheet.cell(7, group).value == product.pk
    assert [sheet.cell(6, option).value, sheet.cell(7, option).value] == ["250 g", "500 g"]


def test_rule_breaking_listings_are_flagged_not_dropped(
    product: Product, sampang_business: Business, tmp_path: Path
) -> None:
    product.name = "Keripik Tempe " * 10  # 140 characters: Shopee takes 120
    product.save()
    listing_on(product, "shopee")
    bare = Product.objects.create(business=sampang_business, name="=HYPERLINK(1)", category="kriya.anyaman")
    listing_on(bare, "shopee", mapped=False, photos=0)
    shopee = Channel.objects.get(code="shopee")
    path = tmp_path / "shopee.xlsx"

    rows = bulk_file_write(channel=shopee, listings_rows=feed_items(channel=shopee), path=path)

    assert rows == 3
    sheet = openpyxl.load_workbook(path).active
    notes = [sheet.cell(row, sheet.max_column).value for row in range(6, 9)]
    assert "140 karakter, lebih dari batas 120" in notes[0]
    assert notes[0] == notes[1]
    assert "belum dipetakan" in notes[2] and "Belum ada foto" in notes[2] and "tidak punya SKU" in notes[2]
    assert sheet.cell(8, 2).value == "=HYPERLINK(1)" and sheet.cell(8, 2).data_type == "s"


def test_the_feed_reads_set_based_in_chunks(
    product: Product, sampang_business: Business, django_assert_max_num_queries: Any
) -> None:
    listing_on(product, "blibli")
    for number in range(4):
        other = Product.objects.create(
            business=sampang_business, name=f"Batik {number}", category="pangan.keripik"
        )
        Listing.objects.create(product=other, channel=product.listings.get().channel, state="live")
    blibli = Channel.objects.get(code="blibli")
    with django_assert_max_num_queries(1 + 3 * 3 + 1):
        items = list(feed_items(channel=blibli, chunk_size=2))
    assert items[0].product_id == product.pk
    assert len(items) == 5 and items[0].parent_sku == f"LPK-{product.pk}"


def test_a_large_feed_is_split_into_files_and_zipped(
    product: Product, sampang_business: Business, tmp_path: Path
) -> None:
    listing_on(product, "tiktok")
    other = Product.objects.create(
        business=sampang_business, name="Tas Anyaman Pandan", category="pangan.keripik"
    )
    Listing.objects.create(product=other, channel=Channel.objects.get(code="tiktok"), state="ready")
    tiktok = Channel.objects.get(code="tiktok")

    export = bulk_files_write(
        channel=tiktok, listings_rows=feed_items(channel=tiktok), directory=tmp_path, listings_per_file=1
    )

    assert [path.name for path in export.paths] == [
        "tiktok-unggah-massal-01.xlsx",
        "tiktok-unggah-massal-02.xlsx",
    ]
    assert (export.listings, export.rows, export.flagged) == (2, 3, 1)  # the second: short title, no photo
    archive = bulk_files_zip(export.paths, tmp_path / "tiktok.zip")
    assert archive.stat().st_size > sum(path.stat().st_size for path in export.paths)


def test_an_export_in_parts_gives_the_same_rows_in_one_process(
    product: Product, sampang_business: Business, tmp_path: Path
) -> None:
    listing_on(product, "blibli")
    blibli = Channel.objects.get(code="blibli")
    for number in range(4):
        other = Product.objects.create(
            business=sampang_business, name=f"Batik {number}", category="pangan.keripik"
        )
        Listing.objects.create(product=other, channel=blibli, state="live")

    ids = sorted(Listing.objects.filter(channel=blibli).values_list("pk", flat=True))
    assert part_bounds(feed_listings(channel=blibli), 2) == [(0, ids[1]), (ids[1], ids[3]), (ids[3], ids[4])]
    export = bulk_export(channel=blibli, directory=tmp_path, listings_per_file=2)

    assert [path.name for path in export.paths] == [f"blibli-unggah-massal-0{n}.xlsx" for n in (1, 2, 3)]
    assert (export.listings, export.rows) == (5, 6)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="workers need a server"
)
def test_an_export_is_written_by_worker_processes(
    product: Product, sampang_business: Business, tmp_path: Path
) -> None:
    listing_on(product, "blibli")
    blibli = Channel.objects.get(code="blibli")
    for number in range(4):
        other = Product.objects.create(
            business=sampang_business, name=f"Batik {number}", category="pangan.keripik"
        )
        Listing.objects.create(product=other, channel=blibli, state="live")

    export = bulk_export(channel=blibli, directory=tmp_path, listings_per_file=2, workers=2)

    assert [path.name for path in export.paths] == [f"blibli-unggah-massal-0{n}.xlsx" for n in (1, 2, 3)]
    assert (export.listings, export.rows) == (5, 6)
    skus = [openpyxl.load_workbook(path).active.cell(4, 7).value for path in export.paths]
    assert skus[0] == "KTS-250"


# --- seller reports into the ledger -------------------------------------------------------------------


BUKALAPAK_HEADER = ["No", "ID Transaksi", "Tanggal Transaksi", "Status", "Nama Barang", "SKU Barang",
                    "Jumlah Barang", "Harga Barang", "Total Harga Barang", "Kota Tujuan",
                    "Provinsi Tujuan"]  # fmt: skip


def bukalapak_report(path: Path) -> Path:
    rows = [
        BUKALAPAK_HEADER,
        [1, "BL2501AA", datetime(2025, 1, 20, 10, 5), "Selesai", "Keripik", "KTS-250", 2, 15000, 30000,
         "Bekasi", "Jawa Barat"],
        [2, "BL2501AA", datetime(2025, 1, 20, 10, 5), "Selesai", "Keripik", "KTS-500", 1, 28000, 28000,
         "Bekasi", "Jawa Barat"],
        [3, "BL2502BB", "08/02/2025 21:30", "Selesai", "Keripik", "kts-250", "3", "Rp15.000", "Rp45.000",
         "Medan", "Sumatera Utara"],
        ["Jumlah", "", "", "", "", "", 6, "", 103000, "", ""],
    ]  # fmt: skip
    return write_sheet(
        path, rows, above=[["Laporan Transaksi Pelapak"], ["Periode Januari - Februari 2025"], []]
    )


def test_a_bukalapak_report_becomes_channel_file_sales_once(product: Product, tmp_path: Path) -> None:
    bukalapak = Channel.objects.get(code="bukalapak")
    path = bukalapak_report(tmp_path / "bukalapak.xlsx")

    first = sales_file_import(
        actor=None, business=product.business, channel=bukalapak, path=path, today=TODAY
    )

    assert first.ok, [str(e) for e in first.errors]
    assert (first.rows, first.orders, first.orders_added, first.lines_added) == (3, 2, 2, 3)
    order = SalesOrder.objects.get(external_id="BL2501AA")
    assert (order.source, order.is_online, order.total_amount, order.buyer_province) == (
        "channel_file",
        True,
        58000,
        "Jawa Barat",
    )
    assert timezone.localtime(order.ordered_at).hour == 10
    assert SalesLine.objects.filter(sku__code="KTS-250").count() == 2  # "kts-250" matched too

    again = sales_file_import(
        actor=None, business=product.business, channel=bukalapak, path=path, today=TODAY
    )
    assert again.ok and (again.orders, again.orders_added, again.lines_added) == (2, 0, 0)
    assert ledger_counts() == (2, 3)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    product: Product, tmp_path: Path
) -> None:
    blibli = Channel.objects.get(code="blibli")
    rows = [
        ["No. Order", "Tanggal Order", "Merchant SKU", "Kuantitas", "Harga Item", "Kota Penerima"],
        ["BB-1", "01/11/2026", "KTS-250", 1, 15000, "Surabaya"],
        ["BB-2", "01/11/2026", "KTS-999", 1, 15000, "Surabaya"],
        ["BB-3", "01/12/2026", "KTS-250", 1, 15000, "Surabaya"],
        ["BB-4", "02/11/2026", "KTS-500", 1, -28000, "Surabaya"],
        ["BB-5", "02/11/2026", "KTS-500", "dua", 28000, "Surabaya"],
        ["", "02/11/2026", "KTS-500", 1, 28000, "Surabaya"],
    ]
    path = write_sheet(tmp_path / "blibli.xlsx", rows)

    report = sales_file_import(actor=None, business=product.business, channel=blibli, path=path, today=TODAY)

    assert not report.ok and report.error_count == 5
    messages = [str(error) for error in report.errors]
    assert messages[0].startswith("Baris 3, kolom “Merchant SKU”: SKU “KTS-999” tidak ada di katalog")
    assert messages[1] == "Baris 4, kolom “Tanggal Order”: Tanggal 1 Desember 2026 ada di masa depan."
    assert messages[2] == "Baris 5, kolom “Harga Item”: Tidak boleh negatif (-28000)."
    assert messages[3].startswith("Baris 6, kolom “Kuantitas”: “dua” harus bilangan bulat")
    assert messages[4] == "Baris 7, kolom “No. Order”: Nomor pesanan kosong."
    assert ledger_counts() == (0, 0)


def test_bukalapak_rows_after_its_closure_are_refused(product: Product, tmp_path: Path) -> None:
    rows = [["ID Transaksi", "Tanggal", "SKU", "Jumlah", "Harga"], ["BL9", "10/02/2025", "KTS-250", 1, 15000]]
    path = write_sheet(tmp_path / "bl.xlsx", rows)
    bukalapak = Channel.objects.get(code="bukalapak")
    report = sales_file_import(
        actor=None, business=product.business, channel=bukalapak, path=path, today=TODAY
    )
    assert "setelah 9 Februari 2025" in str(report.errors[0])
    assert ledger_counts() == (0, 0)


def test_a_missing_column_is_named(product: Product, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "x.xlsx", [["Nomor Pesanan", "Tanggal", "Jumlah", "Harga"], ["A1", "01/11/2026", 1, 5]]
    )
    report = sales_file_import(
        actor=None,
        business=product.business,
        channel=Channel.objects.get(code="lazada"),
        path=path,
        today=TODAY,
    )
    assert [(e.row, e.field) for e in report.errors] == [(1, "SKU")]
    assert "“Nomor Pesanan”, “Tanggal”, “Jumlah”, “Harga”" in report.errors[0].message


def test_a_libreoffice_csv_in_windows_1252_with_semicolons_is_read(product: Product, tmp_path: Path) -> None:
    text = (
        "Laporan Penjualan;;;;;;\r\n"
        ";;;;;;\r\n"
        "No. Pesanan;Tanggal Pesanan;Nama Produk;SKU Penjual;Jumlah;Harga Satuan (Rp);Kota Pembeli\r\n"
        "T-001;05/11/2026 08:15;Keripik Tempe \u2013 Bu Sri\u2019s;KTS-250;2;15.000;Kediri\r\n"
        "T-002;2026-11-06;Keripik Tempe \u2013 Bu Sri\u2019s;KTS-500;1;28.000,00;"
        "Bandung \u2013 Jawa Barat\r\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    channel = Channel.objects.get(code="tiktok")

    report = sales_file_import(actor=None, business=product.business, channel=channel, path=path, today=TODAY)

    assert report.ok, [str(e) for e in report.errors]
    assert (report.orders_added, report.lines_added) == (2, 2)
    assert SalesOrder.objects.get(external_id="T-002").buyer_city == "Bandung \u2013 Jawa Barat"
    assert list(SalesLine.objects.order_by("order__external_id").values_list("unit_price", "amount")) == [
        (15000, 30000),
        (28000, 28000),
    ]


def test_a_file_that_breaks_mid_way_writes_nothing(product: Product, tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["No Pesanan", "Tanggal", "SKU", "Jumlah", "Harga"])
    for number in range(3000):
        writer.writerow([f"P-{number}", "01/11/2026", "KTS-250", 1, 15000])
    path = tmp_path / "broken.csv"
    path.write_bytes(out.getvalue().encode() + b"P-x,01/11/2026,KTS-250,1,\xff\xfe\n")
    channel = Channel.objects.get(code="shopee")

    report = sales_file_import(actor=None, business=product.business, channel=channel, path=path, today=TODAY)

    assert not report.ok and "baris 3002" in str(report.errors[0])
    assert ledger_counts() == (0, 0)


def test_only_someone_who_may_change_the_business_imports(
    product: Product, users: dict[str, User], tmp_path: Path
) -> None:
    path = bukalapak_report(tmp_path / "b.xlsx")
    bukalapak = Channel.objects.get(code="bukalapak")
    with pytest.raises(PermissionDenied):
        sales_file_import(
            actor=users["other_operator"],
            business=product.business,
            channel=bukalapak,
            path=path,
            today=TODAY,
        )
    report = sales_file_import(
        actor=users["operator"], business=product.business, channel=bukalapak, path=path, today=TODAY
    )
    assert report.ok and report.orders_added == 2


# --- offline sales ------------------------------------------------------------------------------------


def test_offline_sales_are_offline_with_their_source_and_import_once(
    product: Product, tmp_path: Path
) -> None:
    path = tmp_path / "galeri.xlsx"
    offline_template_write(path=path, business=product.business)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Penjualan", "Petunjuk", "Daftar SKU"]
    assert book["Daftar SKU"]["A2"].value == "KTS-250"
    sheet = book["Penjualan"]
    sheet.append([datetime(2026, 11, 2), "G-01", "Galeri", "KTS-250", "Keripik", 2, 15000, None, "Surabaya"])
    sheet.append([datetime(2026, 11, 2), "G-01", "Galeri", "KTS-500", "Keripik", 1, 28000, 28000, "Surabaya"])
    sheet.append(
        ["14/11/2026", None, "Pameran", "KTS-250", "Keripik", 5, None, 70000, "Kuala Lumpur", None, "MY"]
    )
    sheet.append(
        ["14/11/2026", None, "Pameran", "KTS-250", "Keripik", 5, None, 70000, "Kuala Lumpur", None, "MY"]
    )
    sheet.append(["Oktober 2026", None, None, "KTS-500", "Keripik", 40, 27000])
    book.save(path)

    report = offline_sales_import(
        actor=None, business=product.business, path=path, source="self_report", today=TODAY
    )

    assert report.ok, [str(e) for e in report.errors]
    assert (report.orders_added, report.lines_added) == (4, 5)
    orders = SalesOrder.objects.order_by("ordered_at", "pk")
    assert not any(order.is_online for order in orders) and {o.channel_id for o in orders} == {None}
    assert [o.source for o in orders] == ["self_report", "galeri", "expo", "expo"]
    assert orders[1].total_amount == 58000 and orders[2].buyer_country == "MY"
    assert timezone.localtime(orders[0].ordered_at).date() == date(2026, 10, 1)

    again = offline_sales_import(
        actor=None, business=product.business, path=path, source="self_report", today=TODAY
    )
    assert again.ok and (again.orders, again.orders_added) == (4, 0)
    assert ledger_counts() == (4, 5)


def test_offline_rows_follow_the_same_rules(product: Product, tmp_path: Path) -> None:
    rows = [
        ["Tanggal", "SKU", "Jumlah", "Harga Satuan", "Sumber", "Negara Pembeli"],
        ["01/11/2026", "KTS-250", 1, -1, "Galeri", "ID"],
        ["01/01/2027", "KTS-250", 1, 1000, "Galeri", "ID"],
        ["01/11/2026", "TIDAK-ADA", 1, 1000, "Galeri", "ID"],
        ["01/11/2026", "KTS-250", 1, 1000, "Warung", "Atlantis"],
    ]
    path = write_sheet(tmp_path / "salah.xlsx", rows)
    report = offline_sales_import(actor=None, business=product.business, path=path, today=TODAY)
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "Harga Satuan"),
        (3, "Tanggal"),
        (4, "SKU"),
        (5, "Negara Pembeli"),
        (5, "Sumber"),
    ]
    assert ledger_counts() == (0, 0)


# --- the bulk ledger path -----------------------------------------------------------------------------


def test_ledger_bulk_ingest_adds_each_order_once(product: Product, surabaya_business: Business) -> None:
    shopee = Channel.objects.get(code="shopee")
    sku = product.skus.get(code="KTS-250")
    at = timezone.make_aware(datetime(2026, 11, 1, 9))
    mine = product.business_id
    lines = [
        LedgerLine(mine, shopee.pk, "channel", True, "S-1", at, "KTS-250", 2, 15000, 30000, sku.pk),
        LedgerLine(mine, shopee.pk, "channel", True, "S-1", at, "KTS-500", 1, 28000, 28000, None, fees=1500),
        LedgerLine(mine, None, "galeri", False, "N-1", at, "KTS-250", 1, 15000, 15000, sku.pk),
        LedgerLine(surabaya_business.pk, None, "galeri", False, "N-1", at, "X", 1, 1000, 1000),
    ]  # fmt: skip

    first = ledger_bulk_ingest(lines)
    assert (first.lines, first.orders, first.orders_added, first.lines_added) == (4, 3, 3, 4)
    order = SalesOrder.objects.get(external_id="S-1")
    assert (order.total_amount, order.fees, order.lines.count()) == (58000, 1500, 2)

    staged: list[int] = []
    second = ledger_bulk_ingest(lines, ready=staged.append)
    assert staged == [4] and (second.orders_added, second.lines_added, second.orders_existing) == (0, 0, 3)
    assert ledger_counts() == (3, 4)


def test_a_ledger_csv_file_is_loaded_as_it_is(product: Product, tmp_path: Path) -> None:
    sku = product.skus.get(code="KTS-250")
    path = tmp_path / "ledger.csv"
    path.write_text(
        ",".join(LedgerLine._fields) + "\n"
        f"{product.business_id},,galeri,false,N-9,"
        f"2026-11-01T09:00:00+07:00,KTS-250,2,15000,30000,{sku.pk},,,,ID,0\n"
        f"{product.business_id},{Channel.objects.get(code='lazada').pk},channel,true,L-1,"
        f"2026-11-01T10:00:00+07:00,X-1,1,5000,5000,,shipped,Malang,Jawa Timur,ID,250\n",
        encoding="utf-8",
    )

    first = ledger_bulk_ingest(path)
    again = ledger_bulk_ingest(path)

    assert (first.lines, first.orders_added, first.lines_added) == (2, 2, 2)
    assert (again.orders_added, again.lines_added) == (0, 0)
    offline = SalesOrder.objects.get(external_id="N-9")
    assert (offline.channel_id, offline.is_online, offline.status, offline.total_amount) == (
        None,
        False,
        "",
        30000,
    )
    assert SalesOrder.objects.get(external_id="L-1").fees == 250
    bad = tmp_path / "bad.csv"
    bad.write_text("business,order\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        ledger_bulk_ingest(bad)


# --- cells --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("15.000", 15000), ("Rp 15.000,00", 15000), ("15,000", 15000), ("Rp1.250.000", 1250000),
     (15000.0, 15000), ("(2.500)", -2500), ("-5", -5), ("15.000,-", 15000), ("12,5", 13),
     ("lima", None), ("", None)],
)  # fmt: skip
def test_rupiah_as_files_write_it(text: Any, value: int | None) -> None:
    assert parse_rupiah(text) == value


def test_order_times_and_months() -> None:
    assert parse_moment("17/08/2025 13:45") == datetime(2025, 8, 17, 13, 45)
    assert parse_moment("2025-08-17T13:45:10") == datetime(2025, 8, 17, 13, 45, 10)
    assert parse_moment("17-08-2025 13:45 WIB") == datetime(2025, 8, 17, 13, 45)
    assert parse_moment(45886.5) == datetime(2025, 8, 17, 12, 0)
    assert parse_moment("31/02/2025 10:00") is None
    assert (
        parse_period("Agustus 2025")
        == parse_period("08/2025")
        == parse_period("2025-08")
        == datetime(2025, 8, 1)
    )


def test_columns_match_exactly_first_then_by_the_longest_prefix() -> None:
    from lapak.channels.files.layouts import GENERIC

    columns = [
        "Tanggal Pengiriman",
        "Waktu Pesanan Dibuat",
        "No. Pesanan",
        "Total Pembayaran",
        "Jumlah",
        "SKU",
    ]
    mapping = match_columns(columns, GENERIC.fields)
    assert mapping["ordered_at"] == 1 and mapping["order_id"] == 2 and mapping["quantity"] == 4
    assert "amount" not in mapping
