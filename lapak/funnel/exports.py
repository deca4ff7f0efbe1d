"""XLSX downloads of the stuck list and the priority list (xlsxwriter, built in memory: both are capped
at ``EXPORT_ROWS`` rows, a few seconds at most). Owner name and phone only with ``personal=True``."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.funnel.models import BusinessFunnel
from lapak.funnel.selectors import next_step
from lapak.funnel.targeting import PriorityRow


def _workbook(buffer: io.BytesIO) -> Any:
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    return xlsxwriter.Workbook(buffer, options | {"strings_to_urls": False})


def _sheet(workbook: Any, title: str, subtitle: str, headers: list[str]) -> Any:
    sheet = workbook.add_worksheet(title[:31])
    sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, subtitle)
    sheet.write_row(
        3, 0, headers, workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    )
    return sheet


def stuck_xlsx(rows: Iterable[BusinessFunnel], *, personal: bool, now: datetime | None = None) -> bytes:
    """The businesses longest in their stage: one row each, with days in stage and the next step."""
    now = now or timezone.now()
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    headers = [_("Usaha"), _("Kab/kota"), _("Kecamatan"), _("Desa/kelurahan"), _("Sektor"), _("Tahap"),
               _("Di tahap ini sejak"), _("Hari di tahap ini"), _("Langkah berikutnya")]  # fmt: skip
    if personal:
        headers += [_("Pemilik"), _("Telepon")]
    printed = timezone.localtime(now).strftime("%d-%m-%Y %H:%M")
    sheet = _sheet(workbook, _("Usaha paling lama macet"), _("Dicetak %(at)s") % {"at": printed}, headers)
    line = 3
    for line, row in enumerate(rows, start=4):
        business = row.business
        cells: list[Any] = [
            business.name, business.kabkota.name, business.kecamatan.name, business.desa.name,
            business.get_sector_display(), row.get_current_stage_display(),
            timezone.localtime(row.stage_since).strftime("%d-%m-%Y"), (now - row.stage_since).days,
            next_step(row),
        ]  # fmt: skip
        if personal:
            cells += [business.owner_name, business.phone]
        sheet.write_row(line, 0, cells)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 5, 18)
    sheet.set_column(8, 8, 50)
    sheet.autofilter(3, 0, max(line, 4), len(headers) - 1)
    workbook.close()
    return buffer.getvalue()


def priority_xlsx(rows: Iterable[PriorityRow], *, level_label: str) -> bytes:
    """The priority list with every part of the score (raw figure, scale 0-100, contribution)."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    headers = [_("Peringkat"), _("Kode"), level_label, _("Induk"), _("Kab/kota"), _("Skor"),
               _("Angka kemiskinan (%)"), _("Sumber angka"), _("Skala kemiskinan"),
               _("Kontribusi kemiskinan"), _("Usaha terdaftar"), _("Belum online"), _("Skala belum online"),
               _("Kontribusi belum online"),
               _("Kunjungan"), _("Kunjungan per usaha belum online"), _("Skala celah pendampingan"),
               _("Kontribusi celah pendampingan"), _("Disarankan")]  # fmt: skip
    subtitle = _("Skor = 40% kemiskinan + 40% usaha belum online + 20% celah pendampingan.")
    sheet = _sheet(workbook, _("Daftar prioritas kunjungan"), subtitle, headers)
    line = 3
    for line, row in enumerate(rows, start=4):
        poverty, offline, mentoring = row.parts["poverty"], row.parts["offline"], row.parts["mentoring"]
        sheet.write_row(line, 0, [
            row.rank, row.code, row.name, row.parent_name, row.kabkota_name, row.score,
            float(row.poverty_rate) if row.poverty_rate is not None else "", row.poverty_from,
            poverty.scaled, poverty.contribution, row.businesses, row.offline, offline.scaled,
            offline.contribution, row.visits, row.visits_per_business, mentoring.scaled,
            mentoring.contribution, _("ya") if row.suggested else "",
        ])  # fmt: skip
    sheet.set_column(2, 4, 22)
    sheet.autofilter(3, 0, max(line, 4), len(headers) - 1)
    workbook.close()
    return buffer.getvalue()
