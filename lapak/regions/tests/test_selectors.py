"""Reads of the region tree (province 35 is loaded by ``lapak/conftest.py``) and of the poverty rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lapak.regions.models import RegionLevel
from lapak.regions.selectors import (
    kabkota_list,
    kabkota_summaries,
    poverty_latest,
    poverty_ranking,
    region_children,
    region_get,
    region_path,
)
from lapak.regions.services import indicators_seed


@pytest.fixture
def poverty(db: Any) -> None:
    indicators_seed()


def test_it_lists_a_village_and_its_ancestors() -> None:
    assert region_path("35.27.01.2001") == ["35", "35.27", "35.27.01", "35.27.01.2001"]
    assert region_path("35.78") == ["35", "35.78"]
    assert region_path("35") == ["35"]


@pytest.mark.django_db
def test_it_lists_kabkota_in_official_order() -> None:
    codes = list(kabkota_list(province_code="35").values_list("code", flat=True))

    assert len(codes) == 38
    assert codes[0] == "35.01"
    assert codes[-9:] == [f"35.{n}" for n in range(71, 80)]
    assert kabkota_list(province_code="36").count() == 0


@pytest.mark.django_db
def test_it_lists_children_by_name() -> None:
    kecamatan = list(region_children(parent_code="35.27"))

    assert len(kecamatan) == 14
    assert {k.level for k in kecamatan} == {RegionLevel.KECAMATAN}
    assert [k.name for k in kecamatan][:3] == ["Banyuates", "Camplong", "Jrengik"]
    assert region_children(parent_code="35.27.01").count() > 0
    assert not region_children(parent_code="99.99").exists()


@pytest.mark.django_db
def test_it_gets_a_region_or_none() -> None:
    surabaya = region_get(code="35.78")

    assert surabaya is not None and surabaya.name == "Kota Surabaya"
    assert region_get(code="35.99") is None


@pytest.mark.django_db
def test_it_ranks_each_kabkota_by_its_latest_rate(poverty: None) -> None:
    ranking = poverty_ranking(province_code="35")

    # 11 kabupaten from March 2024, plus Trenggalek, Kab. Blitar and Tulungagung from 2025.
    assert len(ranking) == 14
    assert [(i.region.name, i.year, i.value) for i in ranking[:2]] == [
        ("Kabupaten Sampang", 2024, Decimal("20.83")),
        ("Kabupaten Bangkalan", 2024, Decimal("18.66")),
    ]
    by_code = {i.region_id: i for i in ranking}
    assert (by_code["35.28"].year, by_code["35.28"].value) == (2025, Decimal("12.77"))
    assert "35" not in by_code
    values = [i.value for i in ranking]
    assert values == sorted(values, reverse=True)


@pytest.mark.django_db
def test_it_ranks_one_year_only_when_asked(poverty: None) -> None:
    ranking = poverty_ranking(province_code="35", year=2022)

    assert len(ranking) == 10
    top = ranking[0]
    assert (top.region_id, top.value, top.period) == ("35.27", Decimal("21.61"), "September")
    assert ranking[-1].region_id == "35.24"
    assert poverty_ranking(province_code="35", year=2019) == []


@pytest.mark.django_db
def test_it_gives_the_latest_province_rate(poverty: None) -> None:
    latest = poverty_latest(region_code="35")

    assert latest is not None and (latest.year, latest.value) == (2025, Decimal("9.50"))
    assert poverty_latest(region_code="35.78") is None


@pytest.mark.django_db
def test_it_summarises_every_kabkota_in_three_queries(poverty: None, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):
        summaries = kabkota_summaries(province_code="35")

    assert len(summaries) == 38
    by_code = {s.region.code: s for s in summaries}
    sampang, surabaya = by_code["35.27"], by_code["35.78"]
    assert (sampang.kecamatan, sampang.kelurahan, sampang.desa) == (14, 6, 180)
    assert sampang.poverty_rate == Decimal("20.83")
    assert (surabaya.kecamatan, surabaya.kelurahan, surabaya.desa) == (31, 153, 0)
    assert surabaya.poverty is None and surabaya.poverty_rate is None
    assert sum(s.kecamatan for s in summaries) == 666
    assert sum(s.kelurahan + s.desa for s in summaries) == 8494
