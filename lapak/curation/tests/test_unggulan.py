from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, Value

from lapak.catalog.models import Product
from lapak.conftest import SAMPANG
from lapak.curation import ranking, services
from lapak.curation.models import Decision, UnggulanEntry, UnggulanWeights
from lapak.curation.ranking import SCORE, unggulan_ranking, weights_current
from lapak.curation.tests.test_services import submit
from lapak.regions.models import Region
from lapak.registry.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def curate(users: dict) -> Callable[..., Product]:
    def run(product: Product, score: int, decision: int = Decision.LAYAK_MODERN, **overrides: int) -> Product:
        assignment = services.assignment_create(
            actor=users["admin"], product=product, curator=users["kurator"]
        )
        submit(assignment, score=score, decision=decision, overrides=overrides)
        return product

    return run


@pytest.fixture
def sampang_foods(make_product: Any, make_business: Any, curate: Callable[..., Product]) -> list[Product]:
    business = make_business(SAMPANG, name="Dapur Madura", sector=Sector.FOOD, owner_nik="3527015507900004")
    local = [{"name": "Singkong", "origin": "kabkota", "share": "100"}]
    imported = [{"name": "Tepung", "origin": "impor", "origin_country": "AU", "share": "100"}]
    return [
        curate(make_product(business, "Keripik Tette", raw_materials=local), 4),
        curate(make_product(business, "Kerupuk Ikan", raw_materials=imported), 4, kapasitas_produksi=5),
        curate(make_product(business, "Petis Madura"), 2, decision=Decision.PERLU_PEMBINAAN),
    ]


def test_it_ranks_per_sector_and_explains_every_component(
    sampang_foods: list[Product], craft_product: Product, curate: Callable[..., Product]
) -> None:
    curate(craft_product, 3)
    weights = UnggulanWeights(version=0, curation=50, market=20, local_content=15, capacity=15)
    rows = unggulan_ranking(kabkota_code=SAMPANG, weights=weights)
    names = [(row.sector, row.rank, row.product_name) for row in rows]
    assert names == [
        ("kriya", 1, "Tas Anyaman Pandan"),
        ("pangan", 1, "Keripik Tette"),
        ("pangan", 2, "Kerupuk Ikan"),
    ], "the product still needing pembinaan is not ranked"

    top = rows[1]
    parts = {c.key: c for c in top.components}
    # Kurasi 75 (all 4 on 1-5), local content 100 %, capacity 75, no sales data.
    assert parts["curation"].score == Decimal("75.00") and parts["curation"].contribution == Decimal("37.50")
    assert parts["local_content"].score == Decimal("100.00")
    assert parts["capacity"].score == Decimal("75.00")
    assert parts["market"].score is None and parts["market"].detail == "belum ada data penjualan"
    assert top.total == Decimal("37.50") + Decimal("15.00") + Decimal("11.25")
    assert top.total == sum(c.contribution for c in top.components)
    assert rows[2].components[2].score == Decimal("0.00"), "imported input: no local content"


def test_weights_change_the_order(sampang_foods: list[Product]) -> None:
    capacity_heavy = UnggulanWeights(version=0, curation=10, market=0, local_content=0, capacity=90)
    rows = unggulan_ranking(kabkota_code=SAMPANG, weights=capacity_heavy, sector=Sector.FOOD)
    assert [row.product_name for row in rows] == ["Kerupuk Ikan", "Keripik Tette"]


class FakeSales:
    def annotate(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        return queryset.annotate(market_score=Value(Decimal(80), output_field=SCORE))


def test_a_market_source_plugs_in(sampang_foods: list[Product]) -> None:
    previous = ranking.market_source_set(FakeSales())
    try:
        rows = unggulan_ranking(kabkota_code=SAMPANG, weights=weights_current())
    finally:
        ranking.market_source_set(previous)
    market = rows[0].components[1]
    assert market.score == Decimal("80.00") and market.contribution == Decimal("16.00")


def test_weights_are_versioned_and_must_sum_to_100(users: dict) -> None:
    with pytest.raises(ValidationError) as error:
        services.unggulan_weights_set(
            actor=users["admin"], curation=50, market=20, local_content=20, capacity=20, note="coba"
        )
    assert "Jumlah bobot harus 100" in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.unggulan_weights_set(
            actor=users["operator"], curation=40, market=20, local_content=20, capacity=20, note="coba"
        )
    first = services.unggulan_weights_set(
        actor=users["admin"], curation=40, market=20, local_content=20, capacity=20, note="Kandungan lokal"
    )
    second = services.unggulan_weights_set(
        actor=users["admin"], curation=60, market=10, local_content=20, capacity=10, note="Kurasi utama"
    )
    assert (first.version, second.version) == (1, 2)
    assert weights_current() == second and second.created_by == users["admin"]


def test_a_confirmed_list_is_frozen(users: dict, sampang_foods: list[Product]) -> None:
    sampang = Region.objects.get(code=SAMPANG)
    with pytest.raises(PermissionDenied):
        services.unggulan_confirm(actor=users["other_operator"], kabkota=sampang, year=2026)
    confirmed = services.unggulan_confirm(actor=users["operator"], kabkota=sampang, year=2026, per_sector=1)
    assert confirmed.title == "Produk Unggulan Kab. Sampang 2026"
    entry = confirmed.entries.get()
    assert (entry.product_name, entry.rank, entry.sector) == ("Keripik Tette", 1, "pangan")
    assert entry.breakdown["market"]["detail"] == "belum ada data penjualan"
    assert confirmed.weights.version == 1, "the default weights are saved when first used"

    services.unggulan_weights_set(
        actor=users["admin"], curation=10, market=0, local_content=0, capacity=90, note="Kapasitas"
    )
    assert entry.product_id is not None
    Product.objects.filter(pk=entry.product_id).update(name="Nama Baru")
    entry.refresh_from_db()
    assert entry.product_name == "Keripik Tette" and entry.total == Decimal("63.75")
    with pytest.raises(ValidationError) as error:
        services.unggulan_confirm(actor=users["admin"], kabkota=sampang, year=2026)
    assert "sudah ditetapkan" in error.value.messages[0]
    assert UnggulanEntry.objects.count() == 1


def test_confirming_needs_curated_products(users: dict) -> None:
    malang = Region.objects.get(code="35.07")
    with pytest.raises(ValidationError) as error:
        services.unggulan_confirm(actor=users["admin"], kabkota=malang, year=2026)
    assert "Belum ada produk terkurasi" in error.value.messages[0]


def test_it_ranks_only_the_kabkota_asked(
    sampang_foods: list[Product], make_product: Any, make_business: Any, curate: Any
) -> None:
    surabaya = make_business("35.78", name="Lapis Kukus", sector=Sector.FOOD, owner_nik="3578015001900002")
    curate(make_product(surabaya, "Lapis Surabaya"), 5)
    rows = unggulan_ranking(kabkota_code=SAMPANG, weights=weights_current())
    assert "Lapis Surabaya" not in [row.product_name for row in rows]
    rows = unggulan_ranking(kabkota_code="35.78", weights=weights_current())
    assert [row.product_name for row in rows] == ["Lapis Surabaya"]
