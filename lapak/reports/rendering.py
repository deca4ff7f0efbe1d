"""A report's files: the PDF (WeasyPrint from ``reports/pdf/report.html``) and the XLSX, both from one
``ReportContent``. A produk unggulan report reuses the curation app's own PDF and XLSX of the list."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from lapak.reports.content import ReportContent, report_content
from lapak.reports.models import Report, ReportKind
from lapak.reports.xlsx import workbook_bytes

# WeasyPrint logs every layout step at INFO: noise in a worker that makes 39 reports on the 1st.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    xlsx: bytes
    pages: int | None


def report_render(report: Report, *, progress: Callable[[int], None]) -> RenderedReport:
    """Both files of ``report``; ``progress`` hears 1 (figures read), 2 (PDF) and 3 (XLSX)."""
    if report.kind == ReportKind.UNGGULAN:
        return _unggulan(report, progress)
    content = report_content(report)
    progress(1)
    pdf, pages = pdf_render(content)
    progress(2)
    xlsx = xlsx_render(content)
    progress(3)
    return RenderedReport(pdf=pdf, xlsx=xlsx, pages=pages)


def pdf_render(content: ReportContent) -> tuple[bytes, int]:
    """The A4 PDF and its page count."""
    from weasyprint import HTML  # loading Pango takes a moment; only the worker needs it

    html = render_to_string("reports/pdf/report.html", {"report": content})
    document = HTML(string=html, base_url=None).render()
    pdf: bytes = document.write_pdf()
    return pdf, len(document.pages)


def xlsx_render(content: ReportContent) -> bytes:
    summary = [(figure.label, figure.value, figure.cell) for figure in content.summary]
    return workbook_bytes(
        title=content.title, subtitle=content.subtitle, summary=summary, tables=content.tables
    )


def _unggulan(report: Report, progress: Callable[[int], None]) -> RenderedReport:
    from lapak.curation.exports import unggulan_pdf, unggulan_xlsx

    if report.unggulan_list is None:
        raise ValueError("a produk unggulan report needs its list")
    progress(1)
    pdf = unggulan_pdf(report.unggulan_list)
    progress(2)
    xlsx = unggulan_xlsx(report.unggulan_list)
    progress(3)
    return RenderedReport(pdf=pdf, xlsx=xlsx, pages=None)
