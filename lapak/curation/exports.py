"""A confirmed produk unggulan list as PDF (WeasyPrint, from an HTML template) and XLSX (xlsxwriter).

A list holds tens of rows, so both are built in memory and downloaded directly (about a second for the
PDF); no background job is needed.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lapak.curation.models import UnggulanEntry, UnggulanList
from lapak.curation.selectors import unggulan_entries_by_sector

COMPONENTS = ("curation", "market", "local_content", "capacity")


def unggulan_filename(unggulan_list: UnggulanList, extension: str) -> str:
    return f"{slugify(unggulan_list.title)}.{extension}"


def unggulan_pdf(unggulan_list: UnggulanList) -> bytes:
    """The list as a printable A4 PDF with the breakdown of every rank."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment, pages do not need it

    html = render_to_string(
        "curation/unggulan_pdf.html",
        {
            "list": unggulan_list,
            "groups": unggulan_entries_by_sector(unggulan_list),
            "components": COMPONENTS,
            "printed_at": timezone.localtime(),
        },
    )
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def unggulan_xlsx(unggulan_list: UnggulanList) -> bytes:
    """The list as one sheet: a title row, then one row per product with every component."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(buffer, options | {"strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Produk unggulan"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    sheet.write(0, 0, unggulan_list.title, workbook.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, _weights_line(unggulan_list))
    headers = _headers()
    sheet.write_row(3, 0, headers, bold)
    row = 3
    for row, entry in enumerate(unggulan_list.entries.order_by("sector", "rank"), start=4):
        sheet.write_row(row, 0, _cells(entry))
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 3, 32)
    sheet.set_column(4, len(headers) - 1, 14)
    sheet.autofilter(3, 0, max(row, 4), len(headers) - 1)
    workbook.close()
    return buffer.getvalue()


def _weights_line(unggulan_list: UnggulanList) -> str:
    weights = unggulan_list.weights
    return _(
        "Bobot v%(v)s: kurasi %(c)s%%, kinerja pasar %(m)s%%, kandungan lokal %(l)s%%, kapasitas %(k)s%%. "
        "Ditetapkan %(date)s."
    ) % {
        "v": weights.version, "c": weights.curation, "m": weights.market, "l": weights.local_content,
        "k": weights.capacity, "date": timezone.localtime(unggulan_list.confirmed_at).strftime("%d-%m-%Y"),
    }  # fmt: skip


def _headers() -> list[str]:
    headers = [_("Sektor"), _("Peringkat"), _("Produk"), _("Usaha"), _("Keputusan kurasi"), _("Nilai akhir")]
    for label in (_("Nilai kurasi"), _("Kinerja pasar"), _("Kandungan lokal"), _("Kapasitas produksi")):
        headers += [label, _("Kontribusi"), _("Keterangan")]
    return headers


def _cells(entry: UnggulanEntry) -> list[Any]:
    cells: list[Any] = [
        entry.get_sector_display(), entry.rank, entry.product_name, entry.business_name,
        entry.get_decision_display(), float(entry.total),
    ]  # fmt: skip
    for key in COMPONENTS:
        part = entry.breakdown.get(key, {})
        score = part.get("score")
        cells += [
            float(score) if score is not None else "",
            float(part.get("contribution", 0)),
            part.get("detail", ""),
        ]
    return cells
