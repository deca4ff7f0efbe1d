"""Writes of the reports app: request a report (a job makes it), the monthly schedule, generation into
the archive, and share links.

A report's figures are the region's, whoever asked for it: the archive is read by everyone whose scope
covers the region, so the requester's scope is checked when they ask (``report_request``) and the job
then reads the region through the province's read-only view (``content.report_reader``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lapak.core.jobs import job_enqueue
from lapak.curation.models import UnggulanList
from lapak.insights.filters import add_months, month_start
from lapak.regions.models import Region
from lapak.regions.selectors import kabkota_list
from lapak.reports import formatting
from lapak.reports.models import Report, ReportKind, ReportStatus, ShareLink
from lapak.reports.selectors import (
    can_request_reports,
    report_kinds_for,
    report_regions_for,
    reports_visible_to,
    unggulan_lists_for_reports,
)

GENERATE_JOB = "reports.generate"
MONTHLY_JOB = "reports.monthly"
EARLIEST_PERIOD = date(2020, 1, 1)


def previous_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    return add_months(today, -1)


def report_title(
    *, kind: str, period: date, region: Region, unggulan_list: UnggulanList | None = None
) -> str:
    """The title printed on the cover and listed in the archive, always in Indonesian."""
    if kind == ReportKind.UNGGULAN and unggulan_list is not None:
        return unggulan_list.title
    with translation.override(formatting.REPORT_LANGUAGE):
        names = {
            ReportKind.BRIEF: _("Ringkasan Bulanan UMKM %(region)s, %(month)s"),
            ReportKind.KABKOTA: _("Laporan UMKM %(region)s, %(month)s"),
            ReportKind.CRAFTS: _("Laporan Kriya %(region)s, %(month)s"),
        }
        return names[ReportKind(kind)] % {
            "region": formatting.region_label(region),
            "month": formatting.bulan(period),
        }


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    period: date
    region: Region
    unggulan_list: UnggulanList | None = None


def report_request_check(
    *,
    actor: Any,
    kind: str,
    period: date | None,
    region: Region | None = None,
    unggulan_list: UnggulanList | None = None,
    today: date | None = None,
) -> ReportRequest:
    """What the actor asks for, completed (the province for the brief, the list's kab/kota and year),
    or a ``ValidationError`` saying which field is wrong and why."""
    if not can_request_reports(actor) or kind not in report_kinds_for(user=actor):
        raise ValidationError({"kind": _("Anda tidak berwenang membuat laporan jenis ini.")})
    if kind == ReportKind.UNGGULAN:
        if unggulan_list is None:
            raise ValidationError({"unggulan_list": _("Pilih daftar produk unggulan yang sudah ditetapkan.")})
        if not unggulan_lists_for_reports(user=actor).filter(pk=unggulan_list.pk).exists():
            raise ValidationError({"unggulan_list": _("Daftar produk unggulan ini di luar cakupan Anda.")})
        return ReportRequest(kind, date(unggulan_list.year, 1, 1), unggulan_list.kabkota, unggulan_list)
    if period is None:
        raise ValidationError({"period": _("Isi bulan laporan.")})
    period = month_start(period)
    if not EARLIEST_PERIOD <= period <= month_start(today or timezone.localdate()):
        raise ValidationError({"period": _("Bulan laporan harus antara Januari 2020 dan bulan ini.")})
    regions = report_regions_for(user=actor, kind=kind)
    if region is None and kind == ReportKind.BRIEF:
        region = regions.first()
    if region is None:
        raise ValidationError({"region": _("Pilih wilayah laporan.")})
    if not regions.filter(pk=region.pk).exists():
        raise ValidationError(
            {"region": _("Wilayah ini tidak tersedia untuk jenis laporan ini atau di luar cakupan Anda.")}
        )
    return ReportRequest(kind, period, region)


def report_request(
    *,
    actor: Any,
    kind: str,
    period: date | None,
    region: Region | None = None,
    unggulan_list: UnggulanList | None = None,
) -> Report:
    """Queue a report the actor asked for; a worker builds its PDF and XLSX (``report_generate``)."""
    wanted = report_request_check(
        actor=actor, kind=kind, period=period, region=region, unggulan_list=unggulan_list
    )
    return _report_queue(wanted, actor=actor, scheduled=False)


def _report_queue(wanted: ReportRequest, *, actor: Any, scheduled: bool) -> Report:
    from lapak.reports.content import report_filters

    with transaction.atomic():
        report = Report.objects.create(
            kind=wanted.kind,
            period=wanted.period,
            region=wanted.region,
            unggulan_list=wanted.unggulan_list,
            filters=report_filters(kind=wanted.kind, period=wanted.period, region=wanted.region),
            title=report_title(
                kind=wanted.kind,
                period=wanted.period,
                region=wanted.region,
                unggulan_list=wanted.unggulan_list,
            ),
            scheduled=scheduled,
            created_by=actor,
        )
        report.job = job_enqueue(kind=GENERATE_JOB, params={"report_id": report.pk}, created_by=actor)
        report.save(update_fields=["job"])
    return report


def reports_schedule_monthly(*, today: date) -> list[Report]:
    """Queue the previous month's governor brief and every kab/kota report, once per month.

    Runs from the worker every hour, so the reports are made in the first hour of the 1st (or as soon as
    a worker runs again). A report already scheduled for that month is skipped, and the database's
    unique constraint keeps two workers racing from making it twice.
    """
    period = previous_month(today)
    province = Region.objects.get(code=settings.LAPAK_HOME_PROVINCE)
    wanted = [ReportRequest(ReportKind.BRIEF, period, province)]
    wanted += [
        ReportRequest(ReportKind.KABKOTA, period, k) for k in kabkota_list(province_code=province.code)
    ]
    done = set(Report.objects.filter(scheduled=True, period=period).values_list("kind", "region_id"))
    queued = [
        report_schedule(kind=r.kind, period=r.period, region=r.region)
        for r in wanted
        if (r.kind, r.region.pk) not in done
    ]
    return [report for report in queued if report is not None]


def report_schedule(*, kind: str, period: date, region: Region) -> Report | None:
    """Queue the scheduled report of ``kind`` for ``period`` and ``region`` unless it exists (``None``)."""
    try:
        return _report_queue(ReportRequest(kind, period, region), actor=None, scheduled=True)
    except IntegrityError:  # scheduled already (by another worker a moment ago, or the demo)
        return None


def report_generate(*, report: Report, progress: Callable[[int], None]) -> Report:
    """Build the report's PDF and XLSX into the archive; on failure the report says why and the error
    propagates (the job records it too)."""
    from lapak.insights.services import rollups_refresh
    from lapak.reports.rendering import report_render

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, message="")
    try:
        if report.kind != ReportKind.UNGGULAN:
            rollups_refresh()  # incremental: the figures as current as the ledger allows
        with translation.override(formatting.REPORT_LANGUAGE):
            rendered = report_render(report, progress=progress)
        stem = slugify(report.title) or f"laporan-{report.pk}"
        report.pdf.save(f"{stem}.pdf", ContentFile(rendered.pdf), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(rendered.xlsx), save=False)
        report.pdf_pages = rendered.pages
        report.status, report.message, report.finished_at = ReportStatus.READY, "", timezone.now()
        report.save(update_fields=["pdf", "xlsx", "pdf_pages", "status", "message", "finished_at"])
    except Exception as error:
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, message=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return report


def share_link_create(*, actor: Any, report: Report, expires_on: date | None = None) -> ShareLink:
    """A new link to a report the actor may see; ``expires_on`` is the last day it opens."""
    if not reports_visible_to(user=actor).filter(pk=report.pk).exists() or not can_request_reports(actor):
        raise ValidationError(_("Anda tidak berwenang membagikan laporan ini."))
    if report.status != ReportStatus.READY:
        raise ValidationError(_("Laporan belum selesai dibuat; bagikan setelah siap."))
    expires_at = None
    if expires_on is not None:
        if expires_on < timezone.localdate():
            raise ValidationError({"expires_on": _("Tanggal berlaku sampai tidak boleh sebelum hari ini.")})
        end_of_day = datetime.combine(expires_on + timedelta(days=1), time.min)
        expires_at = timezone.make_aware(end_of_day)
    return ShareLink.objects.create(report=report, created_by=actor, expires_at=expires_at)


def share_link_revoke(*, actor: Any, link: ShareLink) -> ShareLink:
    """Revoke a link: it stops opening at once. Anyone who may share the report may revoke its links."""
    if not reports_visible_to(user=actor).filter(pk=link.report_id).exists() or not can_request_reports(
        actor
    ):
        raise ValidationError(_("Anda tidak berwenang mencabut tautan ini."))
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), actor
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link
