"""Kurasi fixtures: products made through the catalogue's service, a second curator for panels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lapak.accounts.models import Role, User
from lapak.catalog.models import Product
from lapak.catalog.services import product_create
from lapak.conftest import SAMPANG, make_user
from lapak.curation.models import Rubric
from lapak.curation.services import rubrics_install_defaults
from lapak.registry.models import Business, Sector


@pytest.fixture
def rubrics(db: Any) -> dict[str, Rubric]:
    """The shipped rubrics (installed after migrate; again here after a browser test's flush)."""
    rubrics_install_defaults()
    return {rubric.code: rubric for rubric in Rubric.objects.all()}


@pytest.fixture
def make_product(rubrics: dict[str, Rubric]) -> Callable[..., Product]:
    def factory(business: Business, name: str = "Keripik Tette Bu Halimah", **data: Any) -> Product:
        materials = data.pop("raw_materials", ())
        values = {"name": name, "category": "pangan.keripik", "shelf_life_days": 180, **data}
        return product_create(actor=None, business=business, data=values, raw_materials=materials)

    return factory


@pytest.fixture
def food_product(make_product: Callable[..., Product], sampang_business: Business) -> Product:
    """A food product of the Sampang business owned by ``users["pemilik"]``."""
    Business.objects.filter(pk=sampang_business.pk).update(sector=Sector.FOOD)
    sampang_business.refresh_from_db()
    return make_product(
        sampang_business,
        capacity_per_month=1200,
        capacity_unit="pak",
        raw_materials=[
            {"name": "Singkong", "origin": "kabkota", "share": "60"},
            {"name": "Minyak goreng", "origin": "provinsi_lain", "share": "40"},
        ],
    )


@pytest.fixture
def craft_product(make_product: Callable[..., Product], make_business: Callable[..., Business]) -> Product:
    business = make_business(SAMPANG, name="Anyaman Pandan Mandiri", owner_nik="3527015507900003")
    return make_product(business, name="Tas Anyaman Pandan", category="kriya.anyaman")


@pytest.fixture
def second_curator(users: dict[str, User]) -> User:
    return make_user("kurator2", Role.KURATOR, assigned=[SAMPANG])
