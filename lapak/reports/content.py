"""What a report says, independent of its file format: key figures, charts and tables per section, built
from the insights selectors (``lapak.insights.selectors.dashboard_figures``) for the report's region,
month and sector. The PDF template and the XLSX writer both read this, so the two files always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lapak.accounts.models import Role, User
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Sector
from lapak.reports import formatting
from lapak.reports.models import Report, ReportKind
from lapak.reports.tables import Cell, Table, format_cell


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: Any
    cell: Cell
    hint: str = ""

    @property
    def display(self) -> str:
        return format_cell(self.cell, self.value)


@dataclass(frozen=True)
class Chart:
    caption: str
    svg: SafeString


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    figures: list[KeyFigure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ReportContent:
    title: str
    kind_label: str
    region_label: str
    period_label: str
    issuer: str
    printed_label: str
    summary: list[KeyFigure]
    sections: list[Section]
    personal_data_free: bool = True

    @property
    def subtitle(self) -> str:
        return f"{self.region_label} · {self.period_label}"

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def report_reader() -> User:
    """The province's read-only view (an unsaved ``pimpinan``), through which every report reads its
    figures: the same scoping path as any user, no personal data, and the same figures whoever asked."""
    return User(username="laporan", role=Role.PIMPINAN, is_active=True)


def report_sector(kind: str) -> str:
    return Sector.CRAFT if kind == ReportKind.CRAFTS else ""


def report_region_code(region: Region) -> str:
    """The insights filter's region: empty for the whole province, else the kab/kota code."""
    return "" if region.level == RegionLevel.PROVINSI else region.code


def report_filters(*, kind: str, period: date, region: Region) -> dict[str, Any]:
    """The insights filters a report is made with, as stored on the report (its query string's values)."""
    from django.http import QueryDict

    from lapak.reports.sections import report_insight_filters

    if kind == ReportKind.UNGGULAN:
        return {}
    filters = report_insight_filters(kind=kind, period=period, region_code=report_region_code(region))
    return QueryDict(filters.as_query()).dict()


def report_content(report: Report) -> ReportContent:
    """The sections of ``report`` for its kind, with the cover's labels."""
    from lapak.reports.sections import sections_for

    summary, sections = sections_for(report, reader=report_reader())
    return ReportContent(
        title=report.title,
        kind_label=str(ReportKind(report.kind).label),
        region_label=formatting.region_label(report.region),
        period_label=formatting.bulan(report.period),
        issuer=_("Dinas Koperasi dan UKM Provinsi %(name)s") % {"name": _province_name()},
        printed_label=_("Dicetak %(date)s") % {"date": formatting.tanggal(timezone.localdate())},
        summary=summary,
        sections=sections,
    )


def _province_name() -> str:
    province = Region.objects.filter(code=settings.LAPAK_HOME_PROVINCE).first()
    return province.name.title() if province else settings.LAPAK_HOME_PROVINCE
