"""Demo reports: the previous month's governor brief, made at once (the worker makes the rest)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from lapak.core.jobs import job_run_now
from lapak.regions.models import Region
from lapak.reports.models import Report, ReportKind
from lapak.reports.services import previous_month, report_schedule


def demo_reports_create() -> Report | None:
    """The governor's brief for last month, as the monthly schedule would make it (ready, or failed with
    its reason); ``None`` when it is in the archive already. Runs after the insights demo."""
    province = Region.objects.get(code=settings.LAPAK_HOME_PROVINCE)
    report = report_schedule(
        kind=ReportKind.BRIEF, period=previous_month(timezone.localdate()), region=province
    )
    if report is None or report.job is None:
        return None
    job_run_now(report.job)
    report.refresh_from_db()
    return report
