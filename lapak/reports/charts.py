"""Small server-side charts as inline SVG for the PDF reports: horizontal bars, a line chart with several
series, progress against targets and a tile map of kab/kota. No dependency: WeasyPrint draws SVG itself.

Every function takes plain values and a formatter for the value labels and returns SVG markup (labels are
escaped). Sizes are in CSS pixels of a 96 dpi page: 680 px wide fits an A4 page with 15 mm margins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lapak.reports.formatting import number

Formatter = Callable[[float], str]
FONT = 'font-family="DejaVu Sans, sans-serif"'
INK, MUTED, GRID = "#222222", "#666666", "#dddddd"
ONLINE, OFFLINE, ACCENT = "#1f6fb2", "#e08a1e", "#2e8b57"
# Five steps from light to dark for the tile map (lowest share → highest).
SHADES = ("#e8f1f8", "#bcd6ea", "#86b5d9", "#4d8fc4", "#1f5f96")
NO_DATA = "#f4f4f4"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    color: str


@dataclass(frozen=True)
class Tile:
    label: str
    value: float | None  # None: no figure (nothing registered), drawn apart from the five shades
    display: str


def nice_ceiling(value: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above ``value``: an axis maximum."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def axis_top(value: float) -> tuple[float, int]:
    """A round axis maximum for ``value`` and the number of gridline steps (4 or 5) that divide it into
    round steps: 2.3 million → (2.5 million, 5 steps of 500,000)."""
    return min((nice_ceiling(value / steps) * steps, steps) for steps in (4, 5))


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, size: int = 10, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" {FONT}>'
        f"{escape(text)}</text>"
    )


def _clip(label: str, length: int) -> str:
    return label if len(label) <= length else f"{label[: length - 1]}…"


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    value_format: Formatter = number,
    width: int = 680,
    color: str = ONLINE,
    label_width: int = 190,
) -> SafeString:
    """Horizontal bars, one row per item in the given order, the value printed after each bar."""
    row, top = 20, 6
    height = top * 2 + row * max(len(items), 1)
    maximum = nice_ceiling(max((value for _, value in items), default=0))
    span = width - label_width - 90
    body: list[str] = []
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = max(0.0, value) / maximum * span
        body.append(_text(label_width - 6, y + 13, _clip(label, 30), anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="{color}"/>'
        )
        body.append(_text(label_width + length + 4, y + 13, value_format(value), fill=MUTED))
    if not items:
        body.append(_text(width / 2, top + 13, "—", anchor="middle", fill=MUTED))
    return _svg(width, height, body, title)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    value_format: Formatter = number,
    width: int = 680,
    height: int = 200,
) -> SafeString:
    """One line per series over the labelled points (months), with a y axis of five gridlines and a legend."""
    left, right, top, bottom = 78, 26, 26, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum, steps = axis_top(max((v for s in series for v in s.values), default=0))
    body = _legend(series, left, 12)
    for step in range(steps + 1):
        value = maximum * step / steps
        y = top + plot_h - plot_h * step / steps
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 3, value_format(value), size=9, anchor="end", fill=MUTED))
    count = max(len(labels), 1)
    xs = [left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2) for i in range(count)]
    every = max(1, math.ceil(count / 12))
    for index, label in enumerate(labels):
        if index % every == 0:
            body.append(_text(xs[index], height - bottom + 16, label, size=9, anchor="middle", fill=MUTED))
    for line in series:
        points = [
            (xs[i], top + plot_h - plot_h * max(0.0, float(v)) / maximum) for i, v in enumerate(line.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{line.color}" stroke-width="2"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{line.color}"/>' for x, y in points]
    return _svg(width, height, body, title)


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    body: list[str] = []
    for line in series:
        body.append(f'<rect x="{x:.1f}" y="{y - 8}" width="10" height="10" fill="{line.color}"/>')
        body.append(_text(x + 14, y, line.name, size=9))
        x += 24 + 6.5 * len(line.name)
    return body


def progress_chart(
    rows: Sequence[tuple[str, float, float]],
    *,
    title: str,
    value_format: Formatter = number,
    width: int = 680,
    label_width: int = 230,
) -> SafeString:
    """Achieved against target per row: a grey track for the target, the achieved part filled, the
    percentage and ``achieved / target`` printed after it (a row past its target fills the track)."""
    row, top = 24, 6
    height = top * 2 + row * max(len(rows), 1)
    span = width - label_width - 170
    body: list[str] = []
    for index, (label, achieved, target) in enumerate(rows):
        y = top + index * row
        ratio = achieved / target if target else 0.0
        filled = span * min(1.0, max(0.0, ratio))
        color = ACCENT if ratio >= 1 else ONLINE
        body.append(_text(label_width - 6, y + 15, _clip(label, 36), anchor="end"))
        body.append(f'<rect x="{label_width}" y="{y + 4}" width="{span}" height="{row - 8}" fill="{GRID}"/>')
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{filled:.1f}" height="{row - 8}" fill="{color}"/>'
        )
        caption = f"{number(ratio * 100, 1)}% · {value_format(achieved)} / {value_format(target)}"
        body.append(_text(label_width + span + 6, y + 15, caption, size=9, fill=MUTED))
    return _svg(width, height, body, title)


def tile_map(
    tiles: Sequence[Tile], *, title: str, columns: int = 6, width: int = 680, legend: str = ""
) -> SafeString:
    """A grid of tiles in the given order (kab/kota by code), shaded by value in five equal steps from
    the lowest to the highest: where the share is high or low at a glance, without a geographic map."""
    gap, rows = 4, max(1, math.ceil(len(tiles) / columns))
    tile_w = (width - gap * (columns - 1)) / columns
    tile_h = 42
    values = [tile.value for tile in tiles if tile.value is not None]
    low, high = min(values, default=0.0), max(values, default=0.0)
    body: list[str] = []
    for index, tile in enumerate(tiles):
        x, y = (index % columns) * (tile_w + gap), (index // columns) * (tile_h + gap)
        if tile.value is None:
            fill, ink = NO_DATA, MUTED
        else:
            step = 0 if high == low else min(4, int((tile.value - low) / (high - low) * 5))
            fill, ink = SHADES[step], "#ffffff" if step >= 3 else INK
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{tile_w:.1f}" height="{tile_h}" fill="{fill}"/>')
        body.append(_text(x + 5, y + 16, _clip(tile.label, 18), size=9, fill=ink))
        body.append(_text(x + 5, y + 33, tile.display, size=11, fill=ink))
    legend_y = rows * (tile_h + gap) + 12
    for step, shade in enumerate(SHADES):
        body.append(f'<rect x="{step * 22}" y="{legend_y}" width="20" height="10" fill="{shade}"/>')
    body.append(_text(len(SHADES) * 22 + 6, legend_y + 9, legend, size=9, fill=MUTED))
    return _svg(width, legend_y + 16, body, title)
