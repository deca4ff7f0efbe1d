"""Exports of the business list (CSV streamed, XLSX as a background job), same columns and scope as
the page. Rows are streamed from the database; personal columns only for roles that may see them."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.core.files import File
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapak.accounts.models import User
from lapak.accounts.scoping import Action, can_see_personal_data
from lapak.core.jobs import JobContext, job_handler
from lapak.core.spreadsheet import formula_safe
from lapak.registry.models import Business, LegalityStatus, OnlineMode, Sector, Sex
from lapak.registry.selectors import business_filterset, business_sorted
from lapak.registry.sizeclass import SizeClass, SizeCriterion

XLSX_JOB = "registry.export_xlsx"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    personal: bool = False
    labels: dict[str, str] | None = None


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def export_columns(*, personal: bool) -> list[Column]:
    columns = [
        Column(_("ID"), "id"),
        Column(_("Nama usaha"), "name"),
        Column(_("Merek"), "brand"),
        Column(_("Nama pemilik"), "owner_name", personal=True),
        Column(_("Jenis kelamin pemilik"), "owner_sex", labels=_labels(Sex)),
        Column(_("NIK (disamarkan)"), "owner_nik_masked", personal=True),
        Column(_("Telepon"), "phone", personal=True),
        Column(_("Email"), "email", personal=True),
        Column(_("Alamat"), "address", personal=True),
        Column(_("Kode desa"), "desa_id"),
        Column(_("Desa/kelurahan"), "desa__name"),
        Column(_("Kecamatan"), "kecamatan__name"),
        Column(_("Kab/kota"), "kabkota__name"),
        Column(_("Sektor"), "sector", labels=_labels(Sector)),
        Column(_("KBLI"), "kbli_code"),
        Column(_("Versi KBLI"), "kbli_version"),
        Column(_("IKM"), "is_ikm"),
        Column(_("UKM"), "is_ukm"),
        Column(_("Koperasi"), "is_koperasi"),
        Column(_("Anggota Kopwan"), "is_kopwan_member"),
        Column(_("Tenaga kerja"), "employees"),
        Column(_("Tahun berdiri"), "founded_year"),
        Column(_("Modal usaha (Rp)"), "capital"),
        Column(_("Omzet tahunan (Rp)"), "annual_sales"),
        Column(_("Skala usaha"), "size_class", labels=_labels(SizeClass)),
        Column(_("Kriteria skala"), "size_criterion", labels=_labels(SizeCriterion)),
        Column(_("Kehadiran online"), "online_mode", labels=_labels(OnlineMode)),
        Column(_("Status legalitas"), "legality_status", labels=_labels(LegalityStatus)),
        Column(_("Diubah"), "updated_at"),
    ]
    return [c for c in columns if personal or not c.personal]


def export_rows(queryset: QuerySet[Business], columns: list[Column]) -> Iterator[list[Any]]:
    """Stream rows as lists of cell values, translating codes to labels."""
    fields = [c.field for c in columns]
    for values in queryset.values_list(*fields).iterator(chunk_size=2000):
        yield [_cell(column, value) for column, value in zip(columns, values, strict=True)]


def _cell(column: Column, value: Any) -> Any:
    if column.labels is not None:
        return column.labels.get(value, value or "")
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv_lines(queryset: QuerySet[Business], *, personal: bool) -> Iterator[str]:
    """CSV text for a streaming response; starts with a BOM so Excel reads the UTF-8 correctly."""
    columns = export_columns(personal=personal)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([c.header for c in columns])
    for row in export_rows(queryset, columns):
        yield writer.writerow([formula_safe(value) for value in row])


def export_queryset(*, user: User, query: str) -> QuerySet[Business]:
    """Re-create the list the user was looking at from its query string (used by views and jobs)."""
    data = QueryDict(query)
    filterset = business_filterset(user=user, data=data, action=Action.EXPORT)
    return business_sorted(filterset.qs, data.get("sort"))


def write_xlsx(rows: Iterable[list[Any]], columns: list[Column], target: Any, *, progress: Any = None) -> int:
    # Cell text stays text: a business name like "=HYPERLINK(...)" must never become a live formula.
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(target, options | {"strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Usaha"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    sheet.write_row(0, 0, [c.header for c in columns], bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, row)
        if progress is not None and count % 500 == 0:
            progress(count)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return count


@job_handler(XLSX_JOB, label=gettext_lazy("Ekspor daftar usaha (XLSX)"))
def export_xlsx_job(context: JobContext) -> None:
    """Build the XLSX of a filtered list in the scope of the user who asked for it."""
    user = User.objects.get(pk=context.params["user_id"])
    queryset = export_queryset(user=user, query=context.params.get("query", ""))
    columns = export_columns(personal=can_see_personal_data(user))
    context.set_total(queryset.order_by().count())
    with tempfile.TemporaryFile() as handle:
        count = write_xlsx(export_rows(queryset, columns), columns, handle, progress=context.report)
        handle.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        context.attach_result(f"usaha-{stamp}.xlsx", File(handle))
    context.report(count, force=True)
