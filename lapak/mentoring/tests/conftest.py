"""Mentoring test helpers: a Sampang team (the shared ``pendamping`` as member, a lead), a Surabaya team
with its own mentor, and a visit factory that goes through the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from lapak.accounts.models import Role, User
from lapak.conftest import SAMPANG, SURABAYA, make_user
from lapak.mentoring.models import MemberRole, Team, Topic, Visit, VisitStatus
from lapak.mentoring.services import MemberInput, team_create
from lapak.regions.models import Region


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(users: dict[str, User]) -> User:
    """The lead of the Sampang team (a pendamping with no assigned region of their own)."""
    return make_user("ketua", Role.PENDAMPING)


@pytest.fixture
def surabaya_mentor(users: dict[str, User]) -> User:
    return make_user("pendamping.sby", Role.PENDAMPING)


@pytest.fixture
def sampang_team(users: dict[str, User], lead: User) -> Team:
    return team_create(
        actor=users["operator"],
        name="Tim Pendamping Dinas Koperasi Kab. Sampang",
        organisation_kind="dinas",
        organisation="Dinas Koperasi dan UKM Kab. Sampang",
        region=Region.objects.get(code=SAMPANG),
        areas=[Region.objects.get(code=SAMPANG)],
        members=[MemberInput(lead, MemberRole.LEAD), MemberInput(users["pendamping"])],
        businesses=[],
    )


@pytest.fixture
def surabaya_team(users: dict[str, User], surabaya_mentor: User) -> Team:
    return team_create(
        actor=users["other_operator"],
        name="Tim Penggerak Kota Surabaya",
        organisation_kind="penggerak",
        organisation="Tim Penggerak PKK Kota Surabaya",
        region=Region.objects.get(code=SURABAYA),
        areas=[Region.objects.get(code=SURABAYA)],
        members=[MemberInput(surabaya_mentor, MemberRole.LEAD)],
        businesses=[],
    )


@pytest.fixture
def record_visit() -> Callable[..., Visit]:
    """``record_visit(actor, team, businesses, **overrides)``: a done visit of today by default."""
    from lapak.mentoring.services import visit_record

    def factory(actor: User, team: Team, businesses: list[Any], **fields: Any) -> Visit:
        data: dict[str, Any] = {
            "status": VisitStatus.DONE,
            "visit_date": timezone.localdate(),
            "topics": [Topic.PRODUCT_PHOTOS, Topic.MARKETPLACE_SHOP],
            "outcome": "Foto produk diperbaiki, toko Shopee dibuka.",
        }
        data.update(fields)
        visit, _created = visit_record(actor=actor, team=team, businesses=businesses, **data)
        return visit

    return factory


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
