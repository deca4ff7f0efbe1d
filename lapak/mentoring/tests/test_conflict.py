"""Kurasi's conflict-of-interest rule knows mentoring: a curator who mentors a business may not assess it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lapak.accounts.models import Role
from lapak.catalog.models import Product
from lapak.conftest import SAMPANG, make_user
from lapak.curation.selectors import conflict_of_interest
from lapak.curation.services import assignment_create
from lapak.mentoring.models import MemberRole, Team, TeamMembership
from lapak.mentoring.services import MemberInput, team_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(users: dict) -> Any:
    return make_user("kurator.pendamping", Role.KURATOR, assigned=[SAMPANG])


def test_a_curator_in_a_team_covering_the_business_is_refused(
    users: dict, curator: Any, sampang_team: Team, sampang_business: Any
) -> None:
    assert conflict_of_interest(curator, sampang_business) is None
    TeamMembership.objects.create(team=sampang_team, user=curator, role=MemberRole.MEMBER)
    reason = conflict_of_interest(curator, sampang_business)
    assert reason == "kurator mendampingi usaha ini (tim pendamping atau kunjungan)"
    product = Product.objects.create(business=sampang_business, name="Batik Sekar", category="kriya.batik")
    with pytest.raises(ValidationError, match="tidak dapat menilai produk ini"):
        assignment_create(actor=users["admin"], product=product, curator=curator)


def test_a_curator_who_visited_the_business_is_refused_even_after_leaving_the_team(
    users: dict, lead: Any, sampang_team: Team, sampang_business: Any, record_visit: Any
) -> None:
    """A pendamping visits the business, leaves the team and becomes a curator."""
    mentor = make_user("dulu.pendamping", Role.PENDAMPING)
    TeamMembership.objects.create(team=sampang_team, user=mentor, role=MemberRole.MEMBER)
    record_visit(mentor, sampang_team, [sampang_business])
    team_update(
        actor=users["operator"], team=sampang_team, name=sampang_team.name, organisation_kind="dinas",
        organisation=sampang_team.organisation, region=sampang_team.region,
        areas=list(sampang_team.areas.all()), members=[MemberInput(lead, MemberRole.LEAD)], businesses=[],
    )  # fmt: skip
    mentor.role = Role.KURATOR
    mentor.save()
    assert not TeamMembership.objects.filter(user=mentor).exists()
    assert conflict_of_interest(mentor, sampang_business) is not None


def test_a_team_elsewhere_is_no_conflict(
    users: dict, curator: Any, surabaya_team: Team, sampang_business: Any
) -> None:
    TeamMembership.objects.create(team=surabaya_team, user=curator, role=MemberRole.MEMBER)
    assert conflict_of_interest(curator, sampang_business) is None
