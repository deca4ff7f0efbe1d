"""Every chart of the dashboard as a table: columns with a unit, rows of raw values. The same table
feeds the chart (``spec``, read by ``static/insights/charts.js`` from a JSON block), the accessible table
view under it and the CSV/XLSX download, so the three always show the same numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lapak.insights.figures import DashboardFigures
from lapak.insights.maps import format_value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = "text"  # "text", "count", "rupiah", "percent", "date"


@dataclass(frozen=True)
class ChartTable:
    key: str
    title: str
    kind: str  # "line", "bar", "hbar", "pie", "funnel", "table" (no chart)
    columns: list[Column]
    rows: list[list[Any]]
    series: list[str] = field(default_factory=list)  # keys of the columns drawn (the first is the label)
    note: str = ""

    @property
    def spec_id(self) -> str:
        return f"spec-{self.key}"

    @property
    def display_rows(self) -> list[list[str]]:
        return [[_display(v, c.unit) for v, c in zip(row, self.columns, strict=True)] for row in self.rows]

    @property
    def spec(self) -> dict[str, Any]:
        """What ``charts.js`` draws: categories (first column) and one series per drawn column."""
        index = {c.key: i for i, c in enumerate(self.columns)}
        series = [
            {
                "name": self.columns[index[key]].label,
                "unit": self.columns[index[key]].unit,
                "data": [_number(row[index[key]]) for row in self.rows],
            }
            for key in self.series
        ]
        return {
            "kind": self.kind,
            "categories": [_display(r[0], self.columns[0].unit) for r in self.rows],
            "series": series,
        }


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    return value if isinstance(value, int) else float(value)


def _display(value: Any, unit: str) -> str:
    if unit == "text":
        return "" if value is None else str(value)
    if unit == "date":
        return date_format(value, "F Y")
    return format_value(value, unit)


def _summary(f: DashboardFigures) -> ChartTable:
    rows: list[list[Any]] = [
        [_("Usaha terdaftar"), f.registered, "count"],
        [_("Usaha online"), f.online_businesses, "count"],
        [_("Penetrasi online"), f.penetration, "percent"],
        [_("GMV daring"), f.gmv_online, "rupiah"],
        [_("GMV luring"), f.gmv_offline, "rupiah"],
        [_("Pesanan daring"), f.orders_online, "count"],
        [_("Pesanan luring"), f.orders_offline, "count"],
        [_("Usaha milik perempuan"), f.women_share, "percent"],
        [_("Anggota Koperasi Wanita"), f.kopwan_share, "percent"],
        [_("Rata-rata kandungan lokal bahan baku"), f.local_share, "percent"],
        [_("Produk layak ekspor (kurasi)"), f.export_ready, "count"],
        [_("Produk diekspor"), f.exported_products, "count"],
        [_("Usaha terjangkau di 10 kab/kota termiskin"), f.poorest_reached, "count"],
    ]
    columns = [Column("indicator", _("Indikator")), Column("value", _("Nilai"), "text")]
    return ChartTable(
        "summary",
        _("Ringkasan"),
        "table",
        columns,
        [[label, format_value(value, unit)] for label, value, unit in rows],
    )


def _trend(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("month", _("Bulan"), "date"),
        Column("gmv_online", _("GMV daring"), "rupiah"),
        Column("gmv_offline", _("GMV luring"), "rupiah"),
        Column("orders_online", _("Pesanan daring"), "count"),
        Column("orders_offline", _("Pesanan luring"), "count"),
    ]
    rows = [[t.month, t.gmv_online, t.gmv_offline, t.orders_online, t.orders_offline] for t in f.gmv_trend]
    return ChartTable(
        "trend", _("Tren GMV daring dan luring"), "line", columns, rows, ["gmv_online", "gmv_offline"]
    )


def _shares(key: str, title: str, first: str, rows: list[Any], kind: str, note: str = "") -> ChartTable:
    columns = [
        Column("name", first),
        Column("orders", _("Pesanan"), "count"),
        Column("gmv", "GMV", "rupiah"),
        Column("share", _("Porsi GMV"), "percent"),
    ]
    return ChartTable(
        key, title, kind, columns, [[r.label, r.orders, r.gmv, r.share] for r in rows], ["gmv"], note
    )


def _sectors(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("sector", _("Sektor")),
        Column("registered", _("Terdaftar"), "count"),
        Column("online", _("Online"), "count"),
        Column("penetration", _("Penetrasi"), "percent"),
        Column("gmv_online", _("GMV daring"), "rupiah"),
        Column("gmv_offline", _("GMV luring"), "rupiah"),
        Column("share", _("Porsi GMV"), "percent"),
    ]
    rows = [
        [s.label, s.registered, s.online, s.penetration, s.gmv_online, s.gmv_offline, s.share]
        for s in f.sectors
    ]
    return ChartTable("sectors", _("Sektor"), "bar", columns, rows, ["gmv_online", "gmv_offline"])


def _funnel(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("stage", _("Tahap")),
        Column("current", _("Saat ini"), "count"),
        Column("reached", _("Sudah mencapai"), "count"),
        Column("conversion", _("Konversi dari tahap sebelumnya"), "percent"),
    ]
    rows = [[r.label, r.current, r.reached, r.conversion] for r in f.funnel]
    return ChartTable("funnel", _("Corong go-digital"), "funnel", columns, rows, ["reached"])


def _targets(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("programme", _("Program")),
        Column("indicator", _("Indikator")),
        Column("region", _("Wilayah")),
        Column("period", _("Periode")),
        Column("value", _("Target"), "count"),
        Column("actual", _("Capaian"), "count"),
        Column("percent", _("Persen"), "percent"),
        Column("message", _("Keterangan")),
    ]
    rows = [
        [
            t.programme,
            t.indicator_label,
            t.region_name,
            f"{date_format(t.period_start, 'j F Y')} - {date_format(t.period_end, 'j F Y')}",
            t.value,
            t.actual,
            t.percent,
            t.message,
        ]
        for t in f.targets
    ]
    return ChartTable("targets", _("Target dan capaian"), "hbar", columns, rows, ["percent"])


def _unggulan(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("product", _("Produk")),
        Column("business", _("Usaha")),
        Column("kabkota", _("Kab/kota")),
        Column("sector", _("Sektor")),
        Column("rank", _("Peringkat"), "count"),
        Column("year", _("Tahun")),
        Column("total", _("Nilai akhir"), "count"),
    ]
    rows = [
        [u.product_name, u.business_name, u.kabkota_name, u.sector_label, u.rank, str(u.year), u.total]
        for u in f.unggulan
    ]
    return ChartTable("unggulan", _("Produk unggulan"), "table", columns, rows)


def _poorest(f: DashboardFigures) -> ChartTable:
    columns = [
        Column("name", _("Kab/kota")),
        Column("poverty", _("Angka kemiskinan"), "percent"),
        Column("registered", _("Usaha terdaftar"), "count"),
        Column("online", _("Online"), "count"),
        Column("reached", _("Terjangkau pendampingan"), "count"),
        Column("reached_share", _("Porsi terjangkau"), "percent"),
    ]
    rows = [
        [p.name, p.poverty_rate, p.registered, p.online, p.reached, p.reached_share]
        for p in f.poorest_regencies
    ]
    return ChartTable("poorest", _("Sepuluh kab/kota termiskin"), "hbar", columns, rows, ["reached_share"])


def _regions(f: DashboardFigures) -> ChartTable:
    level = _("Kecamatan") if any(r.level == 3 for r in f.regions) else _("Kab/kota")
    columns = [
        Column("code", _("Kode")),
        Column("name", level),
        Column("registered", _("Terdaftar"), "count"),
        Column("online", _("Online"), "count"),
        Column("penetration", _("Penetrasi"), "percent"),
        Column("gmv_online", _("GMV daring"), "rupiah"),
        Column("gmv_offline", _("GMV luring"), "rupiah"),
        Column("women_share", _("Milik perempuan"), "percent"),
        Column("kopwan_share", _("Kopwan"), "percent"),
        Column("reached", _("Terjangkau pendampingan"), "count"),
        Column("poverty", _("Angka kemiskinan"), "percent"),
        Column("poorest", _("10 termiskin")),
    ]
    rows = [
        [
            r.code,
            r.name,
            r.registered,
            r.online_businesses,
            r.penetration,
            r.gmv_online,
            r.gmv_offline,
            r.women_share,
            r.kopwan_share,
            r.mentored,
            r.poverty_rate,
            _("ya") if r.is_poorest else "",
        ]
        for r in f.regions
    ]
    return ChartTable("regions", _("Per wilayah"), "table", columns, rows)


BUILDERS: dict[str, Callable[[DashboardFigures], ChartTable]] = {
    "summary": _summary,
    "trend": _trend,
    "provinces": lambda f: _shares(
        "provinces",
        _("Provinsi pembeli"),
        _("Provinsi"),
        f.destinations_provinces,
        "hbar",
        _("Porsi dari GMV pembeli dalam negeri."),
    ),
    "countries": lambda f: _shares(
        "countries",
        _("Negara pembeli"),
        _("Negara"),
        f.destinations_countries,
        "pie",
        _("Porsi dari seluruh GMV."),
    ),
    "sectors": _sectors,
    "channels": lambda f: _shares("channels", _("Kanal penjualan"), _("Kanal"), f.channels, "pie"),
    "funnel": _funnel,
    "targets": _targets,
    "poorest": _poorest,
    "unggulan": _unggulan,
    "regions": _regions,
}
CHART_KEYS = tuple(BUILDERS)


def chart_table(figures: DashboardFigures, key: str) -> ChartTable:
    """The table of chart ``key`` (``KeyError`` for an unknown one)."""
    return BUILDERS[key](figures)


def dashboard_charts(figures: DashboardFigures) -> dict[str, ChartTable]:
    return {key: builder(figures) for key, builder in BUILDERS.items()}
