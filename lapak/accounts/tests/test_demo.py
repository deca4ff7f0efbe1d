from __future__ import annotations

import pytest

from lapak.accounts.demo import DEMO_PASSWORD, demo_logins, demo_owner_link, demo_users_create
from lapak.accounts.models import Role, User
from lapak.registry.demo import businesses_insert
from lapak.registry.models import Business

pytestmark = pytest.mark.django_db

EXPECTED = {
    # username: (role, region, assigned regions)
    "admin": (Role.ADMIN_PROVINSI, "35", set()),
    "operator.sampang": (Role.OPERATOR_KABKOTA, "35.27", set()),
    "operator.surabaya": (Role.OPERATOR_KABKOTA, "35.78", set()),
    "pendamping": (Role.PENDAMPING, None, {"35.27", "35.26"}),
    "kurator": (Role.KURATOR, None, {"35.78"}),
    "pemilik": (Role.PELAKU_USAHA, None, set()),
    "mitra": (Role.MITRA, None, set()),
    "pimpinan": (Role.PIMPINAN, "35", set()),
    "dekranasda": (Role.DEKRANASDA, None, {"35.28"}),
}


def test_it_creates_one_demo_user_per_role_with_regions(regions: None) -> None:
    logins = demo_users_create()
    assert [login.username for login in logins] == list(EXPECTED)
    assert {login.role for login in logins} == set(Role.values)
    assert all(login.description for login in logins)
    for username, (role, region, assigned) in EXPECTED.items():
        user = User.objects.get(username=username)
        assert (user.role, user.region_id) == (role, region), username
        assert set(user.assigned_regions.values_list("code", flat=True)) == assigned, username
        assert user.check_password(DEMO_PASSWORD)
        assert user.get_full_name()


def test_it_is_idempotent_and_restores_roles_without_touching_passwords(regions: None) -> None:
    demo_users_create()
    ids = dict(User.objects.values_list("username", "id"))
    kurator = User.objects.get(username="kurator")
    kurator.role = Role.ADMIN_PROVINSI
    kurator.set_password("diganti-sendiri")
    kurator.save()
    kurator.assigned_regions.set(["35.01"])
    assert demo_users_create() == demo_logins()
    assert dict(User.objects.values_list("username", "id")) == ids
    kurator.refresh_from_db()
    assert kurator.role == Role.KURATOR
    assert set(kurator.assigned_regions.values_list("code", flat=True)) == {"35.78"}
    assert kurator.check_password("diganti-sendiri")


def test_it_links_pemilik_to_the_first_two_sampang_businesses(regions: None) -> None:
    demo_users_create()
    pemilik = User.objects.get(username="pemilik")
    assert not Business.objects.filter(owner_account=pemilik).exists()
    businesses_insert(size=300, seed=9)
    assert demo_owner_link(pemilik) == 2
    first_two = list(
        Business.objects.filter(kabkota_id="35.27").order_by("id").values_list("id", flat=True)[:2]
    )
    assert sorted(Business.objects.filter(owner_account=pemilik).values_list("id", flat=True)) == first_two
    demo_users_create()
    assert Business.objects.filter(owner_account=pemilik).count() == 2
