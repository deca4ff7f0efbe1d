from __future__ import annotations

from collections.abc import Callable

import pytest

from lapak.catalog.models import Product
from lapak.conftest import SAMPANG
from lapak.funnel.demo import demo_funnel_create
from lapak.funnel.models import BusinessFunnel, BusinessSupply, Indicator, SupplySource, Target
from lapak.registry.models import Business, OnlineMode, Sector

pytestmark = pytest.mark.django_db


def test_the_demo_ships_the_example_targets_flags_and_a_refresh(
    make_business: Callable[..., Business],
) -> None:
    reseller = make_business(SAMPANG, name="Toko Oleh-oleh", online_mode=OnlineMode.RESELLER)
    trader = make_business(SAMPANG, name="Toko Kelontong", owner_nik="3527014507850002", sector=Sector.TRADE)
    maker = make_business(SAMPANG, name="Anyaman", owner_nik="3527014507850003")
    Product.objects.create(business=maker, name="Tas Pandan", category="kriya.anyaman")
    unknown = make_business(SAMPANG, name="Usaha Baru", owner_nik="3527014507850004")

    made = demo_funnel_create()

    assert (made.targets, made.supply_flags, made.refreshed) == (3, 3, 4)
    province = Target.objects.get(region_id="35", indicator=Indicator.MARKETPLACE)
    assert (province.value, str(province.period_start), str(province.period_end)) == (
        27_000,
        "2026-01-01",
        "2026-12-31",
    )
    assert Target.objects.get(region_id="35", indicator=Indicator.GALERI).value == 500
    modes = dict(BusinessSupply.objects.values_list("business_id", "mode"))
    assert modes == {reseller.pk: "reseller", trader.pk: "reseller", maker.pk: "kreator"}
    assert unknown.pk not in modes
    assert set(BusinessSupply.objects.values_list("source", flat=True)) == {SupplySource.INFERRED}
    assert BusinessFunnel.objects.count() == 4
    again = demo_funnel_create()
    assert (again.targets, again.supply_flags) == (0, 0) and Target.objects.count() == 3
