"""Dashboard pages: role scoping, no personal data for pimpinan, htmx partials, downloads, the boundary
GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from lapak.conftest import PASSWORD, SAMPANG, SURABAYA
from lapak.insights.boundary import normalise_code
from lapak.insights.tests.conftest import PERIOD, World, refresh

pytestmark = pytest.mark.django_db
PERIOD_QUERY = PERIOD.as_query()


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_home_is_the_role_dashboard(world: World, users: dict[str, Any]) -> None:
    refresh()
    response = client_for(users["pimpinan"]).get(f"/?{PERIOD_QUERY}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dasbor Jawa Timur" in page and "Rp650.000" in page and "75,0%" in page
    assert 'data-chart-spec="spec-trend"' in page and 'id="spec-trend"' in page
    assert "vendor/echarts/echarts.min.js" in page and "<script>" not in page
    for role in ("kurator", "dekranasda", "mitra"):
        assert client_for(users[role]).get("/").url == "/usaha/"


def test_the_pimpinan_dashboard_carries_no_personal_data(world: World, users: dict[str, Any]) -> None:
    refresh()
    client = client_for(users["pimpinan"])
    pages = [client.get(f"/dasbor/?{PERIOD_QUERY}"), client.get(f"/dasbor/?region={SAMPANG}"),
             client.get(f"/dasbor/?region={world.b2.kecamatan_id}"), client.get("/dasbor/peta/")]  # fmt: skip
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        for personal in ("Siti Aminah", "Ahmad Fauzi", "Dewi Lestari", "3527014507850001", "3527010101800003",
                         "6281234567890", "6281311112222", "pemilik@contoh"):  # fmt: skip
            assert personal not in page


def test_an_operator_sees_only_their_kabkota(world: World, users: dict[str, Any]) -> None:
    refresh()
    client = client_for(users["operator"])
    page = client.get(f"/dasbor/?{PERIOD_QUERY}").content.decode()
    assert "Dasbor Kabupaten Sampang" in page and "Rp350.000" in page
    assert "Rp300.000" not in page  # Surabaya's online sales
    assert client.get(f"/dasbor/?region={SURABAYA}").status_code == 403
    assert client.get(f"/dasbor/unduh/?chart=regions&format=csv&region={SURABAYA}").status_code == 403


def test_a_filter_change_swaps_the_figures_partial(world: World, users: dict[str, Any]) -> None:
    refresh()
    client = client_for(users["pimpinan"])
    response = client.get(f"/dasbor/?{PERIOD_QUERY}&online=0", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and 'id="map"' in page
    assert "Rp130.000" in page and "Rp650.000" not in page
    bad = client.get("/dasbor/?start=2026-13&sector=tambang").content.decode()
    assert "Bulan ditulis TTTT-BB" in bad and 'aria-describedby="id_sector_error"' in bad


def test_the_map_swaps_its_indicator(world: World, users: dict[str, Any]) -> None:
    refresh()
    response = client_for(users["pimpinan"]).get(
        f"/dasbor/peta/?{PERIOD_QUERY}&indicator=gmv", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="map"')
    assert "Rp430.000" in page and "tile lvl-4 kabupaten col-7 row-0 poorest" in page
    assert "kota col-5 row-1" in page  # Surabaya, a kota, on the grid


def test_downloads_give_the_chart_tables(world: World, users: dict[str, Any]) -> None:
    refresh()
    client = client_for(users["pimpinan"])
    response = client.get(f"/dasbor/unduh/?chart=countries&format=csv&{PERIOD_QUERY}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Negara", "Pesanan", "GMV", "Porsi GMV"], ["Indonesia", "4", "530000", "67.9"],
                    ["Malaysia", "1", "250000", "32.1"]]  # fmt: skip
    response = client.get(f"/dasbor/unduh/?chart=trend&format=xlsx&{PERIOD_QUERY}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_col=3)]
    assert values == [["2026-01", 100_000, 0], ["2026-02", 250_000, 80_000], ["2026-03", 300_000, 50_000]]
    assert client.get("/dasbor/unduh/?chart=nope&format=csv").status_code == 400
    assert client_for(users["pendamping"]).get("/dasbor/unduh/?chart=trend&format=csv").status_code == 200


def test_downloads_keep_formula_like_text_as_text(world: World, users: dict[str, Any]) -> None:
    from lapak.channels.models import SalesOrder

    SalesOrder.objects.filter(buyer_province="Jawa Barat").update(buyer_province='=HYPERLINK("x")')
    refresh()
    response = client_for(users["pimpinan"]).get(f"/dasbor/unduh/?chart=provinces&format=csv&{PERIOD_QUERY}")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
    xlsx = client_for(users["pimpinan"]).get(f"/dasbor/unduh/?chart=provinces&format=xlsx&{PERIOD_QUERY}")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert '\'=HYPERLINK("x")' in [row[0].value for row in sheet.iter_rows(min_row=5)]


def test_an_owner_sees_their_own_sales_only(world: World, users: dict[str, Any]) -> None:
    page = client_for(users["pemilik"]).get(f"/?{PERIOD_QUERY}").content.decode()
    assert "Penjualan usaha saya" in page and "Rp350.000" in page and 'id="map"' not in page
    assert "Rp300.000" not in page


def test_the_boundary_geojson_is_served_normalised(world: World, users: dict[str, Any], settings: Any,
                                                   tmp_path: Path) -> None:  # fmt: skip
    square = [[[112.0, -7.0], [113.0, -7.0], [113.0, -8.0], [112.0, -7.0]]]
    features = [
        {"type": "Feature", "properties": {"kode": "3527", "nama": "Sampang"},
         "geometry": {"type": "Polygon", "coordinates": square}},
        {"type": "Feature", "properties": {"KODE": "35.78"},
         "geometry": {"type": "Polygon", "coordinates": square}},
    ]  # fmt: skip
    path = tmp_path / "jatim.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    client = client_for(users["pimpinan"])
    assert client.get("/dasbor/batas-wilayah.geojson").json() == {"type": "FeatureCollection", "features": []}
    settings.LAPAK_BOUNDARY_GEOJSON = str(path)
    served = client.get("/dasbor/batas-wilayah.geojson").json()
    assert [f["properties"]["kode"] for f in served["features"]] == [SAMPANG, SURABAYA]
    refresh()
    page = client.get(f"/dasbor/?{PERIOD_QUERY}").content.decode()
    assert 'data-geo-spec="geo-spec"' in page and 'id="geo-spec"' in page
    path.write_text("{not json")
    assert client.get("/dasbor/batas-wilayah.geojson").status_code == 404
    assert "bukan GeoJSON yang sah" in client.get(f"/dasbor/?{PERIOD_QUERY}").content.decode()
    assert (normalise_code("ID3527"), normalise_code("35.27.01"), normalise_code("35")) == (
        SAMPANG, "35.27.01", None,
    )  # fmt: skip
