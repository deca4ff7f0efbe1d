"""The demo makes last month's governor brief once, as the schedule would."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.reports.demo import demo_reports_create
from lapak.reports.models import Report, ReportKind, ReportStatus
from lapak.reports.services import previous_month, reports_schedule_monthly
from lapak.reports.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_demo_makes_last_months_brief_once(world: World) -> None:
    report = demo_reports_create()
    assert report is not None and report.status == ReportStatus.READY, report and report.message
    assert (report.kind, report.region_id, report.scheduled) == (ReportKind.BRIEF, "35", True)
    assert report.period == previous_month(timezone.localdate())
    assert report.pdf.name.endswith(".pdf") and report.pdf_pages and report.pdf_pages > 5
    assert demo_reports_create() is None
    # The schedule then adds the kab/kota reports only.
    queued = reports_schedule_monthly(today=timezone.localdate())
    assert {r.kind for r in queued} == {ReportKind.KABKOTA}
    assert Report.objects.filter(kind=ReportKind.BRIEF).count() == 1
