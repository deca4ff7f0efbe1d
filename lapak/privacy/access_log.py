"""The record of personal-data access for the data protection officer (UU PDP Pasal 31): who exported or
saw unmasked personal data, when, what and from where, on screen and as an XLSX file."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.models import AccessLog
from lapak.core.spreadsheet import formula_safe


def access_log_xlsx(entries: Iterable[AccessLog]) -> bytes:
    """One row per access: time (local), user, role, kind, object, reason, detail, address."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    sheet = workbook.add_worksheet(_("Log akses"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    stamp = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    headers = [
        _("Waktu"),
        _("Pengguna"),
        _("Peran"),
        _("Jenis akses"),
        _("Objek"),
        _("Alasan"),
        _("Rincian"),
        _("Alamat IP"),
    ]
    sheet.write_row(0, 0, headers, bold)
    for row, entry in enumerate(entries, start=1):
        user = entry.user
        sheet.write_datetime(row, 0, timezone.localtime(entry.created_at).replace(tzinfo=None), stamp)
        cells = [
            user.username if user else _("(sistem)"),
            user.get_role_display() if user else "",
            entry.get_action_display(),
            entry.object_repr,
            entry.reason,
            ", ".join(f"{key}={value}" for key, value in sorted(entry.detail.items())),
            entry.ip_address or "",
        ]
        sheet.write_row(row, 1, [formula_safe(cell) for cell in cells])
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 7, 24)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
