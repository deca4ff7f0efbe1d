"""The one scoping path: a pendamping's scope is their assigned regions plus their teams' areas and lists."""

from __future__ import annotations

from typing import Any

import pytest

from lapak.accounts.models import Role
from lapak.accounts.scoping import kabkota_codes_for, region_allowed
from lapak.conftest import SAMPANG, first_desa, make_user
from lapak.mentoring.models import Team
from lapak.mentoring.services import MemberInput, team_create, team_update
from lapak.regions.models import Region
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db


def visible(user: Any) -> set[str]:
    return set(Business.objects.visible_to(user).values_list("name", flat=True))


@pytest.fixture
def places(regions: None) -> dict[str, Region]:
    """Two kecamatan of Sampang, a desa in the first, and a desa in the second."""
    desa_a = first_desa(SAMPANG)
    kecamatan_b = Region.objects.filter(level=3, parent_id=SAMPANG).exclude(code=desa_a.code[:8]).first()
    desa_b = Region.objects.filter(level=4, parent=kecamatan_b).first()
    return {
        "kecamatan_a": Region.objects.get(code=desa_a.code[:8]),
        "desa_a": desa_a,
        "kecamatan_b": kecamatan_b,
        "desa_b": desa_b,
    }


@pytest.fixture
def businesses(make_business: Any, places: dict[str, Region]) -> dict[str, Business]:
    return {
        "a": make_business(name="Di Kecamatan A", desa=places["desa_a"]),
        "b": make_business(name="Di Kecamatan B", desa=places["desa_b"], owner_nik="3527014507850002"),
        "surabaya": make_business("35.78", name="Di Surabaya", owner_nik="3578015001900002"),
    }


def _team(actor: Any, member: Any, areas: list[Region], listed: list[Business] | None = None) -> Team:
    return team_create(
        actor=actor, name="Tim Uji", organisation_kind="penggerak", organisation="Tim Penggerak",
        region=Region.objects.get(code=SAMPANG), areas=areas, members=[MemberInput(member)],
        businesses=listed or [],
    )  # fmt: skip


def test_a_mentor_without_regions_sees_what_their_team_covers(
    users: dict, places: dict, businesses: dict
) -> None:
    mentor = make_user("mentor", Role.PENDAMPING)
    assert visible(mentor) == set()
    _team(users["operator"], mentor, [places["kecamatan_a"]])
    assert visible(mentor) == {"Di Kecamatan A"}


def test_a_desa_area_and_an_explicit_list_add_up(users: dict, places: dict, businesses: dict) -> None:
    mentor = make_user("mentor", Role.PENDAMPING)
    _team(users["operator"], mentor, [places["desa_a"]], listed=[businesses["b"]])
    assert visible(mentor) == {"Di Kecamatan A", "Di Kecamatan B"}
    assert region_allowed(mentor, places["desa_a"].code)
    assert not region_allowed(mentor, places["desa_b"].code)  # a listed business does not open its desa
    assert kabkota_codes_for(mentor) == {SAMPANG}


def test_assigned_regions_still_count_alongside_teams(users: dict, places: dict, businesses: dict) -> None:
    mentor = users["pendamping"]
    mentor.assigned_regions.set([places["kecamatan_b"]])
    _team(users["operator"], mentor, [places["kecamatan_a"]])
    assert visible(mentor) == {"Di Kecamatan A", "Di Kecamatan B"}


def test_an_inactive_team_no_longer_opens_its_area(users: dict, places: dict, businesses: dict) -> None:
    mentor = make_user("mentor", Role.PENDAMPING)
    team = _team(users["operator"], mentor, [places["kecamatan_a"]], listed=[businesses["b"]])
    team_update(
        actor=users["operator"], team=team, name=team.name, organisation_kind=team.organisation_kind,
        organisation=team.organisation, region=team.region, areas=[places["kecamatan_a"]],
        members=[MemberInput(mentor)], businesses=[businesses["b"]], is_active=False,
    )  # fmt: skip
    assert visible(mentor) == set()


def test_team_membership_widens_only_a_pendamping(users: dict, places: dict, businesses: dict) -> None:
    """A curator in a team keeps the curator's scope (the team is a conflict of interest, not access)."""
    curator = make_user("kurator.tim", Role.KURATOR)
    _team(users["operator"], curator, [places["kecamatan_a"]])
    assert visible(curator) == set()


def test_another_teams_member_sees_nothing_of_this_team(users: dict, places: dict, businesses: dict) -> None:
    mentor, stranger = make_user("mentor", Role.PENDAMPING), make_user("lain", Role.PENDAMPING)
    _team(users["operator"], mentor, [places["kecamatan_a"]])
    _team(users["operator"], stranger, [places["kecamatan_b"]])
    assert visible(mentor) == {"Di Kecamatan A"} and visible(stranger) == {"Di Kecamatan B"}
