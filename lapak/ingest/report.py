"""The validation report of a staged batch as XLSX: the user's own rows and columns, plus what is wrong.

The user fixes the rows marked in the "Keterangan" column and uploads the file again; rows already
imported are recognised by their key and skipped, so a corrected re-upload adds only what was missing.
"""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import xlsxwriter
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.jobs import JobContext
from lapak.ingest.models import ImportBatch
from lapak.ingest.staging import connect

STATUS_LABELS = {"error": "galat", "warning": "peringatan", "valid": "sah"}
REPORT_BATCH_ROWS = 10_000


def report_rows(path: Path, width: int) -> Iterator[list[Any]]:
    """Rows in file order: row number, original cells, status, problems joined in one sentence each."""
    con = connect()
    try:
        cells = ", ".join(f"c{index}" for index in range(width))
        reader = con.execute(
            f"SELECT row_number, {cells}, status, "
            "array_to_string(list_transform(problems, p -> p.message), ' · ') FROM read_parquet($path) "
            "ORDER BY row_number",
            {"path": str(path)},
        ).to_arrow_reader(REPORT_BATCH_ROWS)
        for batch in reader:
            for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                yield [*row[:-2], _(STATUS_LABELS.get(row[-2], row[-2])), row[-1] or ""]
    finally:
        con.close()


def write_report(batch: ImportBatch, columns: list[str], path: Path, target: Any, *, progress: Any) -> int:
    """Write the report workbook; rows with an error are red, rows with a warning yellow."""
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    workbook = xlsxwriter.Workbook(target, options)
    sheet = workbook.add_worksheet(_("Laporan validasi"))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
    tint = {"error": workbook.add_format({"bg_color": "#F8D7DA"}),
            "warning": workbook.add_format({"bg_color": "#FFF3CD"})}  # fmt: skip
    sheet.write_row(0, 0, [_("Baris"), *columns, _("Status"), _("Keterangan")], bold)
    sheet.freeze_panes(1, 1)
    count = 0
    reverse = {label: key for key, label in STATUS_LABELS.items()}
    for count, row in enumerate(report_rows(path, len(columns)), start=1):
        sheet.write_row(count, 0, row, tint.get(reverse.get(row[-2], "")))
        if count % 1000 == 0:
            progress(count)
    sheet.autofilter(0, 0, max(count, 1), len(columns) + 2)
    workbook.close()
    return count


def batch_report_run(context: JobContext) -> None:
    """Job body: the batch's validation report as an XLSX download."""
    from lapak.ingest.services import batch_columns, staged_path

    batch = ImportBatch.objects.get(pk=context.params["batch_id"])
    context.set_total(batch.rows_total)
    with tempfile.TemporaryFile() as handle:
        count = write_report(batch, batch_columns(batch), staged_path(batch), handle, progress=context.report)
        handle.seek(0)
        stem = Path(batch.original_name).stem[:60] or "impor"
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        context.attach_result(f"laporan-validasi-{stem}-{stamp}.xlsx", File(handle))
    context.report(count, force=True)
