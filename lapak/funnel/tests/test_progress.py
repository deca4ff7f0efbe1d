"""Target progress and the linear forecast, checked against figures worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from lapak.channels.models import SaleSource
from lapak.conftest import SAMPANG, SURABAYA
from lapak.funnel.models import BusinessFunnel, Indicator, Stage, Target
from lapak.funnel.progress import Progress, forecast, target_progress
from lapak.funnel.tests.conftest import REGISTERED, at, order, registered
from lapak.registry.models import Business

YEAR_2026 = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}


def running(value: int, actual: int) -> Progress:
    target = Target(programme="Uji", indicator=Indicator.MARKETPLACE, value=value, **YEAR_2026)
    return Progress(target, date(2026, 3, 1), actual, "berjalan")


def test_the_pace_so_far_reaches_the_target_on_a_date() -> None:
    # 3 businesses in the first 60 days (1 Jan - 1 Mar): 0.05 a day, 18.25 → 18 by 31 December.
    # 10 are reached after 10 / 0.05 = 200 days: day 200 of 2026 is 19 July.
    progress = forecast(running(value=10, actual=3), elapsed_days=60)
    assert (progress.projected, progress.reach_date, progress.shortfall) == (18, date(2026, 7, 19), None)
    assert "19 Juli 2026" in progress.message


def test_the_pace_so_far_falls_short() -> None:
    progress = forecast(running(value=30, actual=3), elapsed_days=60)
    assert (progress.projected, progress.reach_date, progress.shortfall) == (18, None, 12)
    assert "kurang 12" in progress.message


def test_no_progress_at_all_falls_short_by_the_whole_target() -> None:
    progress = forecast(running(value=30, actual=0), elapsed_days=60)
    assert (progress.projected, progress.shortfall) == (0, 30)


def test_half_a_business_is_rounded_up() -> None:
    # 1 in 2 days over 365 days: 182.5 → 183.
    assert forecast(running(value=500, actual=1), elapsed_days=2).projected == 183


@pytest.fixture
def three_listed(make_business: Callable[..., Business], db: None) -> list[Business]:
    """Three Sampang businesses onto a marketplace on 10 Jan, 5 Feb and 20 Feb 2026, one in Surabaya, and
    one Sampang business listed in December 2025 (before the period)."""
    businesses = []
    for number, when in enumerate([at(2026, 1, 10), at(2026, 2, 5), at(2026, 2, 20), at(2025, 12, 30)]):
        business = registered(
            make_business(SAMPANG, name=f"Usaha {number}", owner_nik=f"35270145078500{number:02d}")
        )
        listed(business, when)
        businesses.append(business)
    listed(
        registered(make_business(SURABAYA, name="Usaha Surabaya", owner_nik="3578015001900002")),
        at(2026, 1, 2),
    )
    return businesses


def listed(business: Business, when: datetime) -> None:
    BusinessFunnel.objects.create(
        business=business, current_stage=Stage.LISTED, stage_since=when, reached_registered_at=REGISTERED,
        reached_listed_at=when, refreshed_at=when,
    )  # fmt: skip


def sampang_target(value: int, **period: date) -> Target:
    return Target.objects.create(
        programme="Sampang Go Digital", indicator=Indicator.MARKETPLACE, region_id=SAMPANG, value=value,
        **(YEAR_2026 | period),
    )  # fmt: skip


def test_it_counts_the_businesses_of_the_region_that_began_in_the_period(three_listed: list) -> None:
    progress = target_progress(sampang_target(10), today=date(2026, 3, 1))
    assert (progress.actual, progress.status, progress.percent) == (3, "berjalan", 30.0)
    assert (progress.projected, progress.reach_date) == (18, date(2026, 7, 19))


def test_a_province_target_counts_every_kabkota(three_listed: list) -> None:
    target = Target.objects.create(
        programme="Jatim", indicator=Indicator.MARKETPLACE, region_id="35", value=27_000, **YEAR_2026
    )
    assert target_progress(target, today=date(2026, 3, 1)).actual == 4


def test_a_reached_target_says_when(three_listed: list) -> None:
    progress = target_progress(sampang_target(2), today=date(2026, 3, 1))
    assert progress.reached and progress.reached_on == date(2026, 2, 5)
    assert progress.message == "Target tercapai pada 5 Februari 2026."


def test_an_ended_period_reports_the_shortfall(three_listed: list) -> None:
    progress = target_progress(sampang_target(10), today=date(2027, 1, 5))
    assert (progress.status, progress.actual, progress.shortfall) == ("selesai", 3, 7)


def test_a_period_not_started_has_no_forecast(three_listed: list) -> None:
    progress = target_progress(sampang_target(10, period_start=date(2026, 6, 1)), today=date(2026, 3, 1))
    assert (progress.status, progress.actual, progress.projected) == ("belum_mulai", 0, None)


def test_galeri_counts_businesses_with_a_galeri_sale_in_the_period(three_listed: list) -> None:
    first, second, third, _fourth = three_listed
    order(first, at(2026, 2, 1), code=None, source=SaleSource.GALERI, online=False)
    order(first, at(2026, 2, 9), code=None, source=SaleSource.GALERI, online=False)
    order(second, at(2025, 11, 1), code=None, source=SaleSource.GALERI, online=False)  # before the period
    order(third, at(2026, 2, 2), code=None, source=SaleSource.EXPO, online=False)  # not the Galeri
    target = Target.objects.create(
        programme="Galeri", indicator=Indicator.GALERI, region_id=SAMPANG, value=500, **YEAR_2026
    )
    assert target_progress(target, today=date(2026, 3, 1)).actual == 1
