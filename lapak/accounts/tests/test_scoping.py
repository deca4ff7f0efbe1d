from __future__ import annotations

from typing import Any

import pytest

from lapak.accounts.scoping import Action, can_see_personal_data, user_can
from lapak.registry.models import Business, Sector

pytestmark = pytest.mark.django_db


def visible_names(user: Any) -> set[str]:
    return set(Business.objects.visible_to(user).values_list("name", flat=True))


def test_it_limits_each_role_to_its_region(users: dict, make_business: Any) -> None:
    make_business(name="Sampang Kriya", sector=Sector.CRAFT)
    make_business(name="Sampang Pangan", sector=Sector.FOOD)
    make_business("35.78", name="Surabaya Pangan", sector=Sector.FOOD)
    make_business("35.26", name="Bangkalan Kriya", sector=Sector.CRAFT)
    everything = {"Sampang Kriya", "Sampang Pangan", "Surabaya Pangan", "Bangkalan Kriya"}
    assert visible_names(users["admin"]) == everything
    assert visible_names(users["pimpinan"]) == everything
    assert visible_names(users["operator"]) == {"Sampang Kriya", "Sampang Pangan"}
    assert visible_names(users["other_operator"]) == {"Surabaya Pangan"}
    assert visible_names(users["pendamping"]) == {"Sampang Kriya", "Sampang Pangan"}
    assert visible_names(users["dekranasda"]) == {"Sampang Kriya"}
    assert visible_names(users["mitra"]) == set()


def test_it_shows_the_owner_only_their_own_business(users: dict, make_business: Any) -> None:
    make_business(name="Milik Sendiri", owner_account=users["pemilik"])
    make_business(name="Tetangga")
    assert visible_names(users["pemilik"]) == {"Milik Sendiri"}


def test_it_scopes_a_pendamping_by_kecamatan_assignment(users: dict, make_business: Any) -> None:
    from lapak.conftest import first_desa

    business = make_business(name="Di Kecamatan")
    make_business("35.78", name="Di Tempat Lain")
    users["pendamping"].assigned_regions.set([first_desa("35.27").code[:8]])
    assert visible_names(users["pendamping"]) == {business.name}


def test_it_gives_no_personal_data_to_pimpinan_kurator_or_dekranasda(users: dict) -> None:
    assert not can_see_personal_data(users["pimpinan"])
    assert not can_see_personal_data(users["kurator"])
    assert not can_see_personal_data(users["dekranasda"])
    assert can_see_personal_data(users["operator"])


def test_it_lets_only_staff_verify(users: dict) -> None:
    assert user_can(users["operator"], Action.VERIFY)
    assert not user_can(users["pemilik"], Action.VERIFY)
    assert not user_can(users["pendamping"], Action.VERIFY)


def test_it_restricts_by_action(users: dict, make_business: Any) -> None:
    make_business()
    assert Business.objects.restrict(users["pimpinan"], Action.CHANGE).count() == 0
    assert Business.objects.restrict(users["operator"], Action.CHANGE).count() == 1


def test_it_sees_nothing_for_an_inactive_user(users: dict, make_business: Any) -> None:
    make_business()
    users["admin"].is_active = False
    assert visible_names(users["admin"]) == set()


def _team(kind: str, member: Any, business: Business) -> None:
    from lapak.mentoring.models import Team, TeamMembership

    team = Team.objects.create(
        name=f"Tim {kind}", organisation_kind=kind, organisation=kind, region_id=business.kabkota_id
    )
    team.businesses.add(business)
    TeamMembership.objects.create(team=team, user=member)


@pytest.mark.django_db
def test_a_partner_mentor_sees_personal_data_only_where_the_owner_agreed(
    users: dict, sampang_business: Business
) -> None:
    from lapak.accounts.scoping import can_reveal_nik, can_see_personal_data_of, is_partner_mentor
    from lapak.privacy.models import Purpose
    from lapak.privacy.selectors import wording_current
    from lapak.privacy.services import consent_grant, wordings_install_defaults

    mentor = users["pendamping"]
    assert can_see_personal_data(mentor) and not is_partner_mentor(mentor)  # placed by the Dinas itself
    _team("marketplace", mentor, sampang_business)
    assert is_partner_mentor(mentor) and not can_see_personal_data(mentor)
    assert not can_see_personal_data_of(mentor, sampang_business)
    wordings_install_defaults()
    wording = wording_current(Purpose.MITRA_PENDAMPINGAN)
    assert wording is not None
    consent_grant(actor=None, business=sampang_business, purpose=Purpose.MITRA_PENDAMPINGAN, wording=wording)
    assert can_see_personal_data_of(mentor, sampang_business)
    assert not can_reveal_nik(mentor, sampang_business)  # the full NIK stays with the Dinas roles
    _team("dinas", mentor, sampang_business)
    assert can_see_personal_data(mentor)  # also in a Dinas team: a Dinas mentor


@pytest.mark.django_db
def test_a_partner_mentor_gets_no_personal_data_on_the_business_page(
    users: dict, sampang_business: Business, client: Any
) -> None:
    from django.urls import reverse

    from lapak.conftest import PASSWORD

    mentor = users["pendamping"]
    _team("kampus", mentor, sampang_business)
    client.login(username=mentor.username, password=PASSWORD)
    page = client.get(reverse("registry:business_detail", args=[sampang_business.pk])).content.decode()
    assert sampang_business.name in page and sampang_business.owner_name not in page
    reveal = client.post(
        reverse("registry:business_phone_reveal", args=[sampang_business.pk]), {"reason": "kontak"}
    )
    assert reveal.status_code == 403
