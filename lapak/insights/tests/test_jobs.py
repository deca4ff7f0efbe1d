"""The periodic refresh job and the demo hook."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import Sum

from lapak.core import jobs
from lapak.core.models import Job, JobStatus
from lapak.insights import services
from lapak.insights.demo import demo_insights_create
from lapak.insights.models import SalesMonthly
from lapak.insights.services import REFRESH_JOB
from lapak.insights.tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_refresh_runs_every_five_minutes_as_a_job(world: World) -> None:
    assert jobs._EVERY[REFRESH_JOB] == timedelta(minutes=5)
    job = Job.objects.create(kind=REFRESH_JOB, params={})
    # The job runs with the default commit lag; the test's orders were just made, so without lag here.
    without_lag = mock.patch(
        "lapak.insights.jobs.rollups_refresh",
        lambda **kw: services.rollups_refresh(commit_lag=timedelta(0), **kw),
    )
    with without_lag:
        jobs.job_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message == "7 pesanan baru, 666 kecamatan dihitung ulang (penuh)."
    assert (
        SalesMonthly.objects.filter(kabkota="35").aggregate(g=Sum("gmv"))["g"]
        == 100_000 + 250_000 + 80_000 + 300_000 + 50_000 + 70_000 + 15_000
    )


def test_the_demo_refreshes_everything_without_lag(world: World) -> None:
    result = demo_insights_create()
    assert (result.orders, result.lines, result.full) == (7, 8, True)
