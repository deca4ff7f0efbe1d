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
