"""The choropleth: one indicator over the regions of a dashboard, in five equal-interval classes, with
the ten poorest kab/kota marked (overlay). At province level the regions sit on the tile grid
(``tilegrid``); below it (kecamatan) they are tiles in code order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.core.templatetags.lapak import rupiah
from lapak.insights.area import InsightArea
from lapak.insights.figures import RegionRef, RegionRow
from lapak.insights.filters import InsightFilters
from lapak.insights.tilegrid import COLUMNS, ROWS, tile

PALETTE = ("#e8f4f8", "#b3dbe6", "#6fb7cc", "#2f86a6", "#0b4f6c")  # light to dark, 5 classes
DARK_FROM = 3  # classes from here on get white text


@dataclass(frozen=True)
class MapIndicator:
    key: str
    label: Promise | str
    unit: str  # "count", "percent" or "rupiah"
    value: Callable[[RegionRow], Any]


INDICATORS: dict[str, MapIndicator] = {
    i.key: i
    for i in (
        MapIndicator("penetration", _("Usaha online (%)"), "percent", lambda r: r.penetration),
        MapIndicator("registered", _("Usaha terdaftar"), "count", lambda r: r.registered),
        MapIndicator("gmv", _("Nilai penjualan (GMV)"), "rupiah", lambda r: r.gmv),
        MapIndicator("gmv_online", _("GMV daring"), "rupiah", lambda r: r.gmv_online),
        MapIndicator("gmv_offline", _("GMV luring"), "rupiah", lambda r: r.gmv_offline),
        MapIndicator("online_gmv_share", _("Porsi GMV daring (%)"), "percent", lambda r: r.online_gmv_share),
        MapIndicator("women_share", _("Usaha milik perempuan (%)"), "percent", lambda r: r.women_share),
        MapIndicator("kopwan_share", _("Anggota Kopwan (%)"), "percent", lambda r: r.kopwan_share),
        MapIndicator("reached_share", _("Terjangkau pendampingan (%)"), "percent", lambda r: r.reached_share),
        MapIndicator("poverty_rate", _("Angka kemiskinan (%)"), "percent", lambda r: r.poverty_rate),
    )
}
DEFAULT_INDICATOR = "penetration"


def indicator_get(key: str) -> MapIndicator:
    return INDICATORS.get(key, INDICATORS[DEFAULT_INDICATOR])


def format_value(value: Any, unit: str) -> str:
    """Indonesian display: Rp1.234.567, 1.234, 12,5%; "—" when unknown."""
    if value is None:
        return "—"
    if unit == "rupiah":
        return rupiah(value)
    if unit == "percent":
        # number_format cuts decimals off; round half up first (11,55 → 11,6).
        rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{number_format(rounded, decimal_pos=1, force_grouping=True)}%"
    return str(number_format(value, force_grouping=True))


@dataclass(frozen=True)
class MapCell:
    code: str
    name: str
    short: str
    kind: str
    column: int | None  # tile-grid position (province level), else None
    row: int | None
    value: Any
    display: str
    level: int | None  # class 0-4, None without a value
    colour: str
    dark: bool
    poverty_rate: Decimal | None
    is_poorest: bool
    query: str  # the dashboard's query string drilled into this region

    @property
    def css(self) -> str:
        """Classes placing and colouring the tile (no inline styles: the site's CSP forbids them)."""
        classes = ["tile", f"lvl-{'none' if self.level is None else self.level}", self.kind]
        if self.column is not None:
            classes += [f"col-{self.column}", f"row-{self.row}"]
        if self.is_poorest:
            classes.append("poorest")
        return " ".join(classes)


@dataclass(frozen=True)
class LegendBin:
    level: int
    colour: str
    low: str
    high: str


@dataclass(frozen=True)
class MapView:
    indicator: MapIndicator
    cells: list[MapCell]
    legend: list[LegendBin]
    tile_grid: bool
    columns: int
    rows: int
    region: RegionRef | None

    @property
    def indicators(self) -> list[MapIndicator]:
        return list(INDICATORS.values())

    @property
    def geo_spec(self) -> dict[str, Any]:
        """What ``charts.js`` needs for the boundary map: values by ``kode`` and the same classes."""
        known = [float(c.value) for c in self.cells if c.value is not None]
        return {
            "unit": self.indicator.unit,
            "label": str(self.indicator.label),
            "palette": list(PALETTE),
            "min": min(known) if known else 0,
            "max": max(known) if known else 0,
            "cells": [
                {"name": c.code, "label": c.name, "display": c.display, "poorest": c.is_poorest,
                 "value": None if c.value is None else float(c.value)}
                for c in self.cells
            ],
        }  # fmt: skip


def _levels(values: list[Any]) -> tuple[float, float]:
    known = [float(v) for v in values if v is not None]
    return (min(known), max(known)) if known else (0.0, 0.0)


def _level(value: Any, low: float, high: float) -> int | None:
    if value is None:
        return None
    if high <= low:
        return 0 if float(value) <= 0 else len(PALETTE) - 1
    return min(int((float(value) - low) / (high - low) * len(PALETTE)), len(PALETTE) - 1)


def _legend(indicator: MapIndicator, low: float, high: float) -> list[LegendBin]:
    if high <= low:  # one value for every region (or none): one class
        level = 0 if low <= 0 else len(PALETTE) - 1
        return [LegendBin(level, PALETTE[level], _bound(low, indicator.unit), _bound(high, indicator.unit))]
    step = (high - low) / len(PALETTE)
    bins = []
    for level, colour in enumerate(PALETTE):
        start, end = low + step * level, low + step * (level + 1)
        bins.append(LegendBin(level, colour, _bound(start, indicator.unit), _bound(end, indicator.unit)))
    return bins


def _bound(value: float, unit: str) -> str:
    return format_value(round(value) if unit != "percent" else round(value, 1), unit)


def map_view(
    rows: list[RegionRow],
    *,
    indicator: str,
    filters: InsightFilters,
    region: RegionRef | None,
    area: InsightArea,
) -> MapView:
    """The choropleth of ``indicator`` over ``rows`` (``regions`` of the dashboard figures)."""
    chosen = indicator_get(indicator)
    values = [chosen.value(row) for row in rows]
    low, high = _levels(values)
    tile_grid = bool(rows) and all(tile(row.code) is not None for row in rows) and len(rows) > 1
    cells = []
    for row, value in zip(rows, values, strict=True):
        position = tile(row.code) if tile_grid else None
        level = _level(value, low, high)
        cells.append(MapCell(
            code=row.code, name=row.name, short=position[2] if position else row.name, kind=row.kind,
            column=position[0] if position else None, row=position[1] if position else None,
            value=value, display=format_value(value, chosen.unit), level=level,
            colour=PALETTE[level] if level is not None else "#f4f4f4",
            dark=level is not None and level >= DARK_FROM,
            poverty_rate=row.poverty_rate, is_poorest=row.is_poorest,
            query=filters.with_region(row.code).as_query(),
        ))  # fmt: skip
    return MapView(chosen, cells, _legend(chosen, low, high), tile_grid, COLUMNS, ROWS, region)
