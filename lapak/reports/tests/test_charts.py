"""The SVG charts: geometry proportional to the values, labels escaped, well-formed XML."""

from xml.etree import ElementTree

from lapak.reports import charts
from lapak.reports.formatting import rupiah_short

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_nice_ceiling_rounds_up_to_one_two_or_five() -> None:
    assert [charts.nice_ceiling(v) for v in (0, 7, 13, 180, 230, 2_600_000)] == [
        1,
        10,
        20,
        200,
        250,
        5_000_000,
    ]


def test_axis_top_takes_four_or_five_round_steps() -> None:
    assert charts.axis_top(2_300_000) == (2_500_000, 5)
    assert charts.axis_top(7_900) == (8_000, 4)
    assert charts.axis_top(0) == (4.0, 4)


def test_bars_are_proportional_and_labels_escaped() -> None:
    svg = charts.bar_chart(
        [("Jawa <Timur>", 50), ("Bali & NTB", 100)], title="Tujuan", width=680, label_width=190
    )
    root = parse(svg)
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    span = 680 - 190 - 90
    assert widths == [span / 2, span]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Jawa <Timur>" in texts and "Bali & NTB" in texts  # escaped in the markup, intact when parsed
    assert "&lt;Timur&gt;" in svg


def test_line_chart_draws_one_polyline_per_series_with_its_points() -> None:
    series = [
        charts.Series("Daring", [0, 50, 100], charts.ONLINE),
        charts.Series("Luring", [100, 0, 0], "#e08a1e"),
    ]
    root = parse(charts.line_chart(["Jan", "Feb", "Mar"], series, title="Tren", value_format=rupiah_short))
    lines = list(root.iter(f"{SVG}polyline"))
    assert [line.get("stroke") for line in lines] == [charts.ONLINE, "#e08a1e"]
    online = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    top, bottom = 26, 200 - 30
    assert [y for _, y in online] == [bottom, (top + bottom) / 2, top]
    assert online[0][0] < online[1][0] < online[2][0]
    assert "Rp100" in [t.text for t in root.iter(f"{SVG}text")]


def test_progress_fills_the_achieved_share_and_caps_at_the_target() -> None:
    root = parse(charts.progress_chart([("Go Digital", 100, 400), ("Galeri", 900, 500)], title="Target"))
    rects = list(root.iter(f"{SVG}rect"))
    track, half, track2, full = (float(r.get("width")) for r in rects)
    assert half == track / 4 and full == track2
    assert "25,0% · 100 / 400" in [t.text for t in root.iter(f"{SVG}text")]


def test_tile_map_shades_lowest_and_highest_apart() -> None:
    tiles = [
        charts.Tile("Sampang", 2.0, "2,0%"),
        charts.Tile("Surabaya", 40.0, "40,0%"),
        charts.Tile("Malang", 21.0, "21,0%"),
        charts.Tile("Batu", None, "—"),
    ]
    root = parse(charts.tile_map(tiles, title="Peta", legend="rendah → tinggi"))
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")][:4]
    assert fills == [charts.SHADES[0], charts.SHADES[4], charts.SHADES[2], charts.NO_DATA]
