"""The offline sales sheet a Galeri clerk, an expo team or an owner fills in, ready to download.

Its column titles are the ones ``layouts.OFFLINE`` reads, so a filled copy imports without mapping.
The sheet "Daftar SKU" lists the business's SKU codes when the sheet is made for one business.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _

from lapak.catalog.models import Sku
from lapak.registry.models import Business

OFFLINE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Tanggal", 12),
    ("No. Nota", 14),
    ("Sumber", 16),
    ("SKU", 16),
    ("Nama Produk", 32),
    ("Jumlah", 9),
    ("Harga Satuan (Rp)", 16),
    ("Total (Rp)", 16),
    ("Kota Pembeli", 18),
    ("Provinsi Pembeli", 18),
    ("Negara Pembeli", 10),
)
TEMPLATE_ROWS = 2000
SOURCE_CHOICES = ("Galeri", "Pameran", "Laporan mandiri")


def offline_template_write(*, path: Path, business: Business | None = None) -> Path:
    """Write the offline sales template (XLSX) to ``path``; with ``business``, list its SKUs as well."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        sheet = workbook.add_worksheet(_("Penjualan"))
        for index, (title, width) in enumerate(OFFLINE_COLUMNS):
            sheet.write_string(0, index, title, header)
            sheet.set_column(index, index, width)
        sheet.set_column(0, 0, 12, workbook.add_format({"num_format": "dd/mm/yyyy"}))
        sheet.set_column(6, 7, 16, workbook.add_format({"num_format": "#,##0"}))
        sheet.data_validation(1, 2, TEMPLATE_ROWS, 2, {"validate": "list", "source": list(SOURCE_CHOICES)})
        sheet.data_validation(
            1, 5, TEMPLATE_ROWS, 5,
            {"validate": "integer", "criteria": ">", "value": 0,
             "error_message": str(_("Jumlah harus bilangan bulat lebih dari 0."))},
        )  # fmt: skip
        sheet.freeze_panes(1, 0)
        _write_guide(workbook, header)
        if business is not None:
            _write_skus(workbook, header, business)
    finally:
        workbook.close()
    return path


def _write_guide(workbook: xlsxwriter.Workbook, header: object) -> None:
    sheet = workbook.add_worksheet(_("Petunjuk"))
    sheet.set_column(0, 0, 100)
    lines = (
        _("Isi lembar “Penjualan”, satu baris per produk yang terjual. Jangan ubah judul kolom."),
        _("Tanggal: tanggal penjualan (17/08/2026). Untuk laporan bulanan boleh ditulis bulannya saja "
          "(Agustus 2026)."),
        _("No. Nota: boleh kosong. Baris dengan nomor nota yang sama menjadi satu transaksi."),
        _("Sumber: Galeri, Pameran atau Laporan mandiri."),
        _("SKU: kode SKU produk seperti di katalog Lapak (lihat lembar “Daftar SKU”)."),
        _("Jumlah: bilangan bulat lebih dari 0. Harga satuan dan total dalam Rupiah tanpa desimal; "
          "isi salah satu atau keduanya."),
        _("Negara pembeli: kode 2 huruf (ID, MY, SG ...); kosong berarti Indonesia."),
        _("Tanggal di masa depan, nilai negatif dan SKU yang tidak dikenal ditolak; bila ada satu baris "
          "salah, tidak ada yang disimpan. Mengunggah berkas yang sama dua kali tidak menggandakan data."),
    )  # fmt: skip
    sheet.write_string(0, 0, _("Petunjuk pengisian penjualan luring"), header)
    for row, line in enumerate(lines, start=2):
        sheet.write_string(row, 0, str(line))
    example_row = len(lines) + 3
    sheet.write_string(example_row, 0, _("Contoh baris:"), header)
    example = ("17/08/2026", "G-0012", "Galeri", "KTS-250", "Keripik Tempe 250 g", "3", "15.000", "45.000",
               "Surabaya", "Jawa Timur", "ID")  # fmt: skip
    sheet.write_row(example_row + 1, 0, [" | ".join(example)])


def _write_skus(workbook: xlsxwriter.Workbook, header: object, business: Business) -> None:
    sheet = workbook.add_worksheet(_("Daftar SKU"))
    titles = (_("SKU"), _("Nama Produk"), _("Varian"), _("Harga (Rp)"))
    for index, title in enumerate(titles):
        sheet.write_string(0, index, str(title), header)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 3, 14)
    rows = (
        Sku.objects.filter(product__business=business, is_active=True)
        .order_by("product__name", "position", "pk")
        .values_list("code", "product__name", "variant", "price")
    )
    for number, (code, name, variant, price) in enumerate(rows.iterator(), start=1):
        sheet.write_string(number, 0, code)
        sheet.write_string(number, 1, name)
        sheet.write_string(number, 2, variant)
        sheet.write_number(number, 3, price)
