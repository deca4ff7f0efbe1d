"""Funnel counts, conversion, median days, stuck list and the per-team and per-mentor groupings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from lapak.accounts.models import Role
from lapak.conftest import SAMPANG, SURABAYA, make_user
from lapak.funnel import selectors
from lapak.funnel.models import BusinessFunnel, Stage
from lapak.funnel.tests.conftest import NOW, REGISTERED, at, registered
from lapak.mentoring.models import MemberRole, Team, TeamMembership
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


def place(business: Business, stage: int, *entered: datetime) -> BusinessFunnel:
    """A funnel row at ``stage`` whose stages 2.. were entered at ``entered`` (in order)."""
    stems = [selectors.STAGE_STEMS[Stage(s)] for s in range(2, 2 + len(entered))]
    fields = {f"entered_{stem}_at": when for stem, when in zip(stems, entered, strict=True)}
    facts = {f"reached_{stem}_at": when for stem, when in zip(stems, entered, strict=True)}
    since = entered[-1] if entered else REGISTERED
    return BusinessFunnel.objects.create(
        business=business, current_stage=stage, stage_since=since, reached_registered_at=REGISTERED,
        refreshed_at=NOW, **fields, **facts,
    )  # fmt: skip


@pytest.fixture
def five(make_business: Callable[..., Business]) -> list[Business]:
    """Five Sampang businesses registered 6 Jan 2025 and one in Surabaya."""
    made = [
        registered(make_business(SAMPANG, name=f"Usaha {i}", owner_nik=f"35270145078500{i:02d}"))
        for i in range(5)
    ]
    return [*made, registered(make_business(SURABAYA, name="Kue Lapis", owner_nik="3578015001900002"))]


def test_counts_conversion_and_median_days(five: list[Business], users: dict) -> None:
    # Registered 6 Jan 2025. Two still registered; three legal (16 Jan, 26 Jan, 5 Feb: 10, 20, 30 days);
    # of those one moved on to curated 10 days later.
    place(five[0], Stage.REGISTERED)
    place(five[1], Stage.REGISTERED)
    place(five[2], Stage.LEGAL, REGISTERED + timedelta(days=10))
    place(five[3], Stage.LEGAL, REGISTERED + timedelta(days=20))
    place(five[4], Stage.CURATED, REGISTERED + timedelta(days=30), REGISTERED + timedelta(days=40))
    place(five[5], Stage.REGULAR, *[REGISTERED + timedelta(days=d) for d in (1, 2, 3, 4, 5)])  # Surabaya
    rows = selectors.funnel_visible_to(user=users["operator"])
    summary = {row.stage: row for row in selectors.funnel_summary(rows, now=at(2025, 3, 7))}
    assert [summary[s].current for s in Stage] == [2, 2, 1, 0, 0, 0]
    assert [summary[s].reached for s in Stage] == [5, 3, 1, 0, 0, 0]
    assert summary[Stage.LEGAL].conversion == 60.0 and summary[Stage.CURATED].conversion == 33.3
    assert summary[Stage.LISTED].conversion == 0.0 and summary[Stage.FIRST_SALE].conversion is None
    assert summary[Stage.REGISTERED].median_days_moved == 20.0  # 10, 20, 30
    assert summary[Stage.LEGAL].median_days_moved == 10.0
    assert summary[Stage.REGISTERED].median_days_waiting == 60.0  # 6 Jan → 7 Mar
    assert summary[Stage.LEGAL].median_days_waiting == 45.0  # 50 and 40 days
    assert summary[Stage.LISTED].median_days_waiting is None


def test_skipped_counts_a_later_fact_without_the_earlier_stages(five: list[Business], users: dict) -> None:
    row = place(five[0], Stage.REGISTERED)
    BusinessFunnel.objects.filter(pk=row.pk).update(reached_listed_at=at(2025, 5, 1))
    summary = selectors.funnel_summary(selectors.funnel_visible_to(user=users["admin"]), medians=False)
    assert summary[Stage.LISTED - 1].skipped == 1


def test_the_stuck_list_starts_with_the_longest_waiting(five: list[Business], users: dict) -> None:
    place(five[0], Stage.LEGAL, at(2025, 9, 1))
    place(five[1], Stage.LEGAL, at(2025, 2, 1))
    place(five[2], Stage.CURATED, at(2025, 2, 1), at(2025, 6, 1))
    place(five[5], Stage.REGISTERED)  # Surabaya: not the Sampang operator's
    rows = selectors.funnel_visible_to(user=users["operator"])
    assert [r.business for r in selectors.stuck_businesses(rows)] == [five[1], five[2], five[0]]
    assert [r.business for r in selectors.stuck_businesses(rows, stage=Stage.LEGAL)] == [five[1], five[0]]


def test_counts_per_kabkota_team_and_mentor(five: list[Business], users: dict) -> None:
    for business in five:
        place(business, Stage.REGISTERED)
    kecamatan = five[0].kecamatan_id
    team = Team.objects.create(name="Tim Kecamatan", organisation="Dinas", region_id=SAMPANG)
    team.areas.add(five[0].kecamatan)
    listed_team = Team.objects.create(name="Tim Daftar", organisation="Shopee", region_id=SAMPANG)
    listed_team.businesses.add(five[5])
    mentor = make_user("mentor", Role.PENDAMPING)
    TeamMembership.objects.create(team=listed_team, user=mentor, role=MemberRole.MEMBER)
    rows = selectors.funnel_visible_to(user=users["admin"])
    by_kabkota = {g.key: g.total for g in selectors.counts_by_kabkota(rows)}
    assert by_kabkota == {SAMPANG: 5, SURABAYA: 1}
    in_kecamatan = Business.objects.filter(kecamatan_id=kecamatan).count()
    by_team = {g.label: g.total for g in selectors.counts_by_team(rows, [team, listed_team])}
    assert by_team == {"Tim Kecamatan": in_kecamatan, "Tim Daftar": 1}
    assert [g.total for g in selectors.counts_by_mentor(rows, [mentor])] == [1]
    assert selectors.funnel_filtered(user=users["admin"], team=listed_team).get().business == five[5]
    assert selectors.funnel_filtered(user=users["admin"], mentor=mentor).get().business == five[5]
    assert not selectors.funnel_filtered(user=users["operator"], team=listed_team).exists()


@pytest.mark.parametrize("role", ["kurator", "pemilik", "mitra"])
def test_the_funnel_is_not_for_curators_owners_or_partners(
    five: list[Business], users: dict, role: str
) -> None:
    place(five[0], Stage.REGISTERED)
    assert not selectors.funnel_visible_to(user=users[role]).exists()
    assert not selectors.targets_visible_to(user=users[role]).exists()
