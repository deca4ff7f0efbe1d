"""Dashboard figures against hand-computed values of the small world (conftest), by role."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import QueryDict

from lapak.conftest import SAMPANG, SURABAYA
from lapak.insights.area import AreaKind
from lapak.insights.selectors import InsightFilters, dashboard_figures, insight_area, regions_for_map
from lapak.insights.tests.conftest import PERIOD, World, refresh
from lapak.registry.models import Sector

pytestmark = pytest.mark.django_db


def test_filters_default_to_the_last_twelve_full_months_and_round_trip() -> None:
    default = InsightFilters.from_query(QueryDict(""), today=date(2026, 11, 30))
    assert (default.start, default.end) == (date(2025, 11, 1), date(2026, 10, 31))
    chosen = InsightFilters(date(2026, 1, 9), date(2026, 3, 2), sector="kriya", channel_id=3, online=False,
                            size_class="mikro", region_code="35.27")  # fmt: skip
    assert (chosen.start, chosen.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert InsightFilters.from_query(QueryDict(chosen.as_query()), today=date(2026, 11, 30)) == chosen


def test_invalid_filter_values_fall_back_to_defaults() -> None:
    query = QueryDict("start=2026-13&end=2026-02&sector=tambang&online=x&region=35.27.01.2001")
    filters = InsightFilters.from_query(query, today=date(2026, 11, 30))
    # The bad start month falls back to the default (November 2025); the valid end month stays.
    assert filters == InsightFilters(date(2025, 11, 1), date(2026, 2, 28))


def test_the_province_figures_match_the_hand_computed_ones(world: World, users: dict[str, Any]) -> None:
    refresh()
    f = dashboard_figures(users["pimpinan"], PERIOD)
    assert (f.registered, f.online_businesses, f.penetration) == (4, 3, 75.0)
    assert (f.women_owned, f.women_share, f.kopwan, f.kopwan_share) == (2, 50.0, 1, 25.0)
    assert (f.gmv_online, f.gmv_offline, f.orders_online, f.orders_offline) == (650_000, 130_000, 3, 2)
    assert (f.lines, f.quantity, f.online_gmv_share) == (6, 16, 83.3)
    assert [(t.month, t.gmv_online, t.gmv_offline) for t in f.gmv_trend] == [
        (date(2026, 1, 1), 100_000, 0),
        (date(2026, 2, 1), 250_000, 80_000),
        (date(2026, 3, 1), 300_000, 50_000),
    ]  # fmt: skip
    assert [(c.key, c.label, c.gmv, c.share) for c in f.destinations_countries] == [
        ("ID", "Indonesia", 530_000, 67.9), ("MY", "Malaysia", 250_000, 32.1),
    ]  # fmt: skip
    assert [(p.label, p.gmv, p.share) for p in f.destinations_provinces] == [
        ("DKI Jakarta", 300_000, 56.6), ("Jawa Timur", 130_000, 24.5), ("Jawa Barat", 100_000, 18.9),
    ]  # fmt: skip
    assert [(c.key, c.gmv, c.orders) for c in f.channels] == [
        (str(world.tiktok.pk), 400_000, 2), (str(world.shopee.pk), 250_000, 1), ("0", 130_000, 2),
    ]  # fmt: skip
    sectors = {s.key: (s.registered, s.online, s.gmv_online, s.gmv_offline) for s in f.sectors}
    assert sectors[Sector.CRAFT] == (2, 1, 350_000, 50_000)
    assert sectors[Sector.FOOD] == (2, 2, 300_000, 80_000)


def test_the_province_funnel_products_and_context(world: World, users: dict[str, Any]) -> None:
    refresh()
    f = dashboard_figures(users["pimpinan"], PERIOD)
    assert [(r.current, r.reached, r.conversion) for r in f.funnel] == [
        (2, 4, None), (1, 2, 50.0), (0, 1, 50.0), (1, 1, 100.0), (0, 0, 0.0), (0, 0, None),
    ]  # fmt: skip
    assert (f.products, f.products_local, f.local_share) == (3, 2, Decimal("65.0"))
    assert (f.exported_products, f.export_ready, f.mentored) == (1, 1, 1)
    assert [(t.programme, t.actual, t.value, t.percent) for t in f.targets] == [
        ("Go Digital 2026", 2, 10, 20.0)
    ]
    assert (f.unggulan_count, f.unggulan[0].product_name, f.unggulan[0].kabkota_name) == (
        1, "Batik Tulis Madura", "Kabupaten Sampang",
    )  # fmt: skip
    # The ten poorest: Sampang first (2 businesses, both online, 1 met in a visit); Surabaya not among them.
    assert len(f.poorest_regencies) == 10
    first = f.poorest_regencies[0]
    assert (first.code, first.poverty_rate, first.registered, first.online, first.reached) == (
        SAMPANG, Decimal("20.83"), 2, 2, 1,
    )  # fmt: skip
    assert (f.poorest_registered, f.poorest_reached, f.poorest_reached_share) == (2, 1, 50.0)


def test_the_map_rows_cover_every_kabkota(world: World, users: dict[str, Any]) -> None:
    refresh()
    rows = {r.code: r for r in dashboard_figures(users["pimpinan"], PERIOD).regions}
    assert len(rows) == 38
    sampang, surabaya = rows[SAMPANG], rows[SURABAYA]
    assert (sampang.registered, sampang.gmv_online, sampang.gmv_offline, sampang.is_poorest) == (
        2, 350_000, 80_000, True,
    )  # fmt: skip
    assert (surabaya.registered, surabaya.gmv, surabaya.penetration, surabaya.is_poorest) == (
        2, 350_000, 50.0, False,
    )  # fmt: skip
    assert rows["35.01"].registered == 0 and rows["35.01"].gmv == 0


def test_filters_narrow_the_figures(world: World, users: dict[str, Any]) -> None:
    refresh()
    online = dashboard_figures(users["pimpinan"], replace(PERIOD, online=True))
    assert (online.gmv_online, online.gmv_offline, online.registered) == (650_000, 0, 4)
    food = dashboard_figures(users["pimpinan"], replace(PERIOD, sector=Sector.FOOD))
    assert (food.registered, food.gmv, food.women_owned) == (2, 380_000, 1)
    kecil = dashboard_figures(users["pimpinan"], replace(PERIOD, size_class="kecil"))
    assert (kecil.registered, kecil.gmv_online, kecil.gmv_offline) == (2, 300_000, 50_000)
    tiktok = dashboard_figures(users["pimpinan"], replace(PERIOD, channel_id=world.tiktok.pk))
    assert (tiktok.gmv_online, tiktok.gmv_offline, tiktok.destinations_countries) == (400_000, 0, [])
    assert tiktok.notes


def test_an_operator_sees_their_kabkota_by_kecamatan(world: World, users: dict[str, Any]) -> None:
    refresh()
    f = dashboard_figures(users["operator"], PERIOD)
    assert f.area.kind == AreaKind.KABKOTA
    assert (f.registered, f.online_businesses, f.gmv_online, f.gmv_offline) == (2, 2, 350_000, 80_000)
    assert [c.key for c in f.destinations_countries] == ["MY", "ID"]
    kecamatan = {r.code: r for r in f.regions}[world.b1.kecamatan_id]
    assert (kecamatan.level, kecamatan.registered, kecamatan.gmv) == (3, 2, 430_000)
    assert [r.code for r in f.poorest_regencies] == [SAMPANG]
    with pytest.raises(PermissionDenied):
        dashboard_figures(users["operator"], replace(PERIOD, region_code=SURABAYA))


def test_drilling_into_a_kecamatan(world: World, users: dict[str, Any]) -> None:
    refresh()
    f = dashboard_figures(users["pimpinan"], replace(PERIOD, region_code=world.b1.kecamatan_id))
    assert (f.region.level, f.registered, f.gmv_online, f.gmv_offline) == (3, 2, 350_000, 80_000)
    assert (f.channels, f.lines) == ([], None)
    unavailable = dashboard_figures(
        users["pimpinan"], replace(PERIOD, region_code=world.b1.kecamatan_id, channel_id=world.tiktok.pk)
    )
    assert (unavailable.gmv, unavailable.gmv_trend, unavailable.registered) == (None, [], 2)


def test_an_owner_reads_their_own_sales_from_the_ledger(world: World, users: dict[str, Any]) -> None:
    f = dashboard_figures(users["pemilik"], PERIOD)  # no refresh needed
    assert f.area.kind == AreaKind.OWNER and f.area.business_ids == (world.b1.pk,)
    assert (f.registered, f.gmv_online, f.gmv_offline, f.orders_online) == (1, 350_000, 0, 2)
    assert (f.lines, f.quantity) == (3, 8)
    assert [(c.key, c.gmv) for c in f.destinations_countries] == [("MY", 250_000), ("ID", 100_000)]
    assert [(t.month, t.gmv_online) for t in f.gmv_trend] == [
        (date(2026, 1, 1), 100_000), (date(2026, 2, 1), 250_000), (date(2026, 3, 1), 0),
    ]  # fmt: skip
    assert (f.products, f.export_ready, f.regions) == (1, 1, [])


def test_a_mentor_sees_their_area_and_others_no_dashboard(world: World, users: dict[str, Any]) -> None:
    refresh()
    area = insight_area(users["pendamping"])
    assert (area.kind, area.kabkota_codes) == (AreaKind.MENTOR, (SAMPANG,))
    assert dashboard_figures(users["pendamping"], PERIOD).registered == 2
    for role in ("kurator", "mitra", "dekranasda"):
        assert not insight_area(users[role]).has_dashboard
        with pytest.raises(PermissionDenied):
            dashboard_figures(users[role], PERIOD)


def test_the_map_view_bins_an_indicator(world: World, users: dict[str, Any]) -> None:
    refresh()
    view = regions_for_map(users["pimpinan"], PERIOD, "gmv")
    cells = {c.code: c for c in view.cells}
    assert len(cells) == 38 and view.tile_grid
    assert cells[SAMPANG].value == 430_000 and cells[SAMPANG].display == "Rp430.000"
    assert cells[SAMPANG].is_poorest and not cells[SURABAYA].is_poorest
    assert (cells[SAMPANG].level, cells["35.01"].level, len(view.legend)) == (4, 0, 5)
    assert cells[SAMPANG].query.endswith("region=35.27")
