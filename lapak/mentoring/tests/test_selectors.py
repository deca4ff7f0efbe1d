"""Selectors: who sees which visits, and the figures the funnel builds on."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.conftest import SAMPANG, SURABAYA
from lapak.mentoring import selectors
from lapak.mentoring.models import Team, VisitStatus
from lapak.mentoring.tests.conftest import days_ago
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(
    users: dict, lead: Any, surabaya_mentor: Any, sampang_team: Team, surabaya_team: Team,
    sampang_business: Any, surabaya_business: Any, make_business: Any, record_visit: Any,
) -> dict[str, Any]:  # fmt: skip
    neighbour = make_business(name="Tetangga Sampang", owner_nik="3527014507850004")
    return {
        "sampang": record_visit(users["pendamping"], sampang_team, [sampang_business, neighbour]),
        "sampang_old": record_visit(lead, sampang_team, [sampang_business], visit_date=days_ago(40)),
        "sampang_planned": record_visit(
            users["pendamping"], sampang_team, [neighbour], status=VisitStatus.PLANNED, topics=[]
        ),
        "surabaya": record_visit(surabaya_mentor, surabaya_team, [surabaya_business]),
    }


def test_a_mentor_of_one_area_cannot_read_another_areas_visits(
    users: dict, surabaya_mentor: Any, visits: dict
) -> None:
    sampang = set(selectors.visits_visible_to(user=users["pendamping"]))
    assert visits["surabaya"] not in sampang and visits["sampang"] in sampang and len(sampang) == 3
    assert set(selectors.visits_visible_to(user=surabaya_mentor)) == {visits["surabaya"]}


def test_staff_see_the_visits_placed_in_their_region(users: dict, visits: dict) -> None:
    assert len(selectors.visits_visible_to(user=users["admin"])) == 4
    assert len(selectors.visits_visible_to(user=users["pimpinan"])) == 4
    assert visits["surabaya"] not in selectors.visits_visible_to(user=users["operator"])
    assert list(selectors.visits_visible_to(user=users["other_operator"])) == [visits["surabaya"]]
    for role in ("kurator", "dekranasda", "pemilik", "mitra"):
        assert not selectors.visits_visible_to(user=users[role]).exists(), role


def test_the_supervisor_page_is_for_leads_and_staff(
    users: dict, lead: Any, sampang_team: Team, visits: dict
) -> None:
    assert selectors.can_supervise(lead) and not selectors.can_supervise(users["pendamping"])
    assert selectors.can_supervise(users["operator"]) and not selectors.can_supervise(users["pimpinan"])
    rows = list(selectors.supervisor_visits(user=lead))
    assert visits["surabaya"] not in rows and rows[0].visit_date >= rows[-1].visit_date
    recent = selectors.supervisor_visits(user=lead, date_from=days_ago(7))
    assert visits["sampang_old"] not in recent
    assert not selectors.supervisor_visits(user=users["admin"], kabkota=SURABAYA).filter(team=sampang_team)
    groups = selectors.visits_by_mentor(rows)
    assert {g.mentor for g in groups} == {users["pendamping"], lead}
    assert next(g for g in groups if g.mentor == users["pendamping"]).planned == 1


def test_team_business_q_covers_the_teams_area(
    sampang_team: Team, sampang_business: Any, surabaya_business: Any
) -> None:
    covered = Business.objects.filter(selectors.team_business_q(sampang_team))
    assert sampang_business in covered and surabaya_business not in covered


def test_mentored_businesses_and_visits_per_region(
    visits: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    recent = set(selectors.mentored_business_ids_since(days_ago(7)))
    neighbour = visits["sampang"].businesses.exclude(pk=sampang_business.pk).get()
    assert recent == {sampang_business.pk, neighbour.pk, surabaya_business.pk}  # planned ones do not count
    assert selectors.visits_per_region("kabkota") == {SAMPANG: 2, SURABAYA: 1}
    assert selectors.visits_per_region("kabkota", since=days_ago(7)) == {SAMPANG: 1, SURABAYA: 1}
    assert selectors.visits_per_region("desa")[sampang_business.desa_id] == 2  # two businesses, one visit
    with pytest.raises(ValueError):
        selectors.visits_per_region("provinsi")


def test_mentor_teams_and_business_mentors(
    users: dict, lead: Any, surabaya_mentor: Any, sampang_team: Team, surabaya_team: Team,
    sampang_business: Any, visits: dict,
) -> None:  # fmt: skip
    assert list(selectors.mentor_teams(lead)) == [sampang_team]
    assert list(selectors.mentor_teams(users["operator"])) == []
    ids = [users["pendamping"].pk, lead.pk, surabaya_mentor.pk, users["admin"].pk]
    assert selectors.business_mentor_ids(sampang_business, ids) == {users["pendamping"].pk, lead.pk}
