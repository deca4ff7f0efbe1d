"""The file of everything about one person: a ZIP with ``data.json`` (complete and machine-readable, for
portability under UU PDP Pasal 13), ``data.xlsx`` (one sheet per section, for reading) and the legality
scans the person uploaded. Spreadsheet cells pass through ``formula_safe``: a business named
``=HYPERLINK(...)`` stays text on the reader's computer."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

import xlsxwriter
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.spreadsheet import formula_safe
from lapak.registry.models import LegalityDocument

from .person_data import Section

SHEET_NAME_MAX = 31
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def export_json(sections: Sequence[Section], *, subject: str) -> bytes:
    document = {
        "format": "lapak.data-subjek/1",
        "subjek": subject,
        "dibuat": timezone.localtime().isoformat(timespec="seconds"),
        "bagian": {s.key: {"judul": s.title, "kolom": dict(s.columns), "data": s.rows} for s in sections},
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx(sections: Sequence[Section]) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    used: set[str] = set()
    for section in sections:
        sheet = workbook.add_worksheet(_sheet_name(section.title, used))
        sheet.write_row(0, 0, [label for _key, label in section.columns], bold)
        for number, cells in enumerate(section.table, start=1):
            sheet.write_row(number, 0, [formula_safe(str(c) if not _is_number(c) else c) for c in cells])
        sheet.set_column(0, max(0, len(section.columns) - 1), 22)
        sheet.freeze_panes(1, 0)
        if not section.rows:
            sheet.write(1, 0, _("(tidak ada data)"))
    workbook.close()
    return buffer.getvalue()


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sheet_name(title: str, used: set[str]) -> str:
    base = title.translate(FORBIDDEN_IN_SHEET_NAMES)[:SHEET_NAME_MAX].strip() or "data"
    name, counter = base, 2
    while name.lower() in used:
        suffix = f" {counter}"
        name, counter = base[: SHEET_NAME_MAX - len(suffix)] + suffix, counter + 1
    used.add(name.lower())
    return name


def export_zip(sections: Sequence[Section], *, subject: str, documents: Iterable[LegalityDocument]) -> bytes:
    """The whole file in memory: one person's data is small (scans are the bulk, a few MB at most)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", export_json(sections, subject=subject))
        archive.writestr("data.xlsx", export_xlsx(sections))
        archive.writestr("BACA-SAYA.txt", _readme())
        for document in documents:
            if document.scan:
                suffix = PurePosixPath(document.scan.name).suffix[:6]
                with document.scan.open("rb") as scan:
                    archive.writestr(
                        f"dokumen/{document.business_id}-{document.kind}-{document.pk}{suffix}", scan.read()
                    )
    return buffer.getvalue()


def _readme() -> str:
    return _(
        "Salinan data pribadi Anda di Lapak (UU 27/2022 tentang Pelindungan Data Pribadi).\n"
        "data.json: semua data dalam format yang dapat dibaca mesin, untuk dipindahkan ke layanan lain.\n"
        "data.xlsx: data yang sama, satu lembar kerja per bagian.\n"
        "dokumen/: pindaian dokumen legalitas yang tersimpan.\n"
    )
