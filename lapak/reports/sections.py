"""The sections of each kind of report, built from the insights figures (``DashboardFigures``) of the
report's month and, for the trend, of the twelve months up to it. Plain values in, tables and charts out:
no query here except through the insights selectors and ``selectors.craft_categories``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lapak.insights.figures import DashboardFigures, RegionRow, TrendRow, percent
from lapak.insights.filters import InsightFilters, add_months
from lapak.insights.selectors import dashboard_figures
from lapak.regions.models import RegionLevel
from lapak.regions.selectors import poverty_latest
from lapak.reports import charts, formatting
from lapak.reports.content import (
    Chart,
    KeyFigure,
    Section,
    report_reader,
    report_region_code,
    report_sector,
)
from lapak.reports.models import Report, ReportKind
from lapak.reports.selectors import craft_categories
from lapak.reports.tables import Cell, Column, Table

TREND_MONTHS = 12
TOP_DESTINATIONS = 10


def report_insight_filters(*, kind: str, period: date, region_code: str) -> InsightFilters:
    """The insights filters of a report: its month, its region ("" for the province), crafts only for
    the Dekranasda report."""
    return InsightFilters(start=period, end=period, sector=report_sector(kind), region_code=region_code)


def sections_for(report: Report, *, reader: Any) -> tuple[list[KeyFigure], list[Section]]:
    """The key figures (the XLSX cover) and the sections of ``report`` in print order."""
    filters = report_insight_filters(
        kind=report.kind, period=report.period, region_code=report_region_code(report.region)
    )
    month = dashboard_figures(reader, filters)
    trend = dashboard_figures(reader, replace(filters, start=add_months(report.period, -(TREND_MONTHS - 1))))
    summary = summary_figures(month, trend.gmv_trend)
    builders = SECTIONS[ReportKind(report.kind)]
    sections = [build(month, trend.gmv_trend, report) for build in builders]
    return summary, sections


def summary_figures(month: DashboardFigures, trend: list[TrendRow]) -> list[KeyFigure]:
    previous = trend[-2] if len(trend) >= 2 else None
    change = _change(month.gmv_online, previous.gmv_online if previous else None)
    return [
        KeyFigure(_("Usaha terdaftar"), month.registered, Cell.INTEGER),
        KeyFigure(_("Usaha berjualan daring"), month.online_businesses, Cell.INTEGER),
        KeyFigure(_("Penetrasi daring"), month.penetration, Cell.PERCENT),
        KeyFigure(_("GMV daring bulan ini"), month.gmv_online, Cell.RUPIAH, change),
        KeyFigure(_("GMV luring bulan ini"), month.gmv_offline, Cell.RUPIAH),
        KeyFigure(_("Porsi GMV daring"), month.online_gmv_share, Cell.PERCENT),
        KeyFigure(_("Pesanan daring"), month.orders_online, Cell.INTEGER),
        KeyFigure(_("Pesanan luring"), month.orders_offline, Cell.INTEGER),
        KeyFigure(_("Usaha milik perempuan"), month.women_share, Cell.PERCENT),
        KeyFigure(_("Usaha anggota Kopwan"), month.kopwan_share, Cell.PERCENT),
        KeyFigure(_("Produk unggulan"), month.unggulan_count, Cell.INTEGER),
        KeyFigure(_("Produk siap ekspor"), month.export_ready, Cell.INTEGER),
        KeyFigure(_("Rata-rata kandungan lokal"), month.local_share, Cell.PERCENT),
    ]


def _change(now: int | None, before: int | None) -> str:
    if now is None or not before:
        return ""
    change = (now - before) / before * 100
    return _("%(change)s dibanding bulan sebelumnya") % {
        "change": f"{'+' if change >= 0 else ''}{formatting.percent(change)}"
    }


def _trend_table(trend: list[TrendRow]) -> Table:
    columns = [
        Column(_("Bulan")), Column(_("GMV daring"), Cell.RUPIAH), Column(_("GMV luring"), Cell.RUPIAH),
        Column(_("Pesanan daring"), Cell.INTEGER), Column(_("Pesanan luring"), Cell.INTEGER),
    ]  # fmt: skip
    rows = [
        (formatting.bulan(r.month), r.gmv_online, r.gmv_offline, r.orders_online, r.orders_offline)
        for r in trend
    ]
    total = (
        _("Jumlah"), sum(r.gmv_online for r in trend), sum(r.gmv_offline for r in trend),
        sum(r.orders_online for r in trend), sum(r.orders_offline for r in trend),
    )  # fmt: skip
    return Table(_("Tren GMV"), _("GMV daring dan luring per bulan"), columns, rows, total=total)


def _trend_chart(trend: list[TrendRow]) -> Chart:
    labels = [formatting.bulan_pendek(r.month) for r in trend]
    series = [
        charts.Series(_("Daring"), [r.gmv_online for r in trend], charts.ONLINE),
        charts.Series(_("Luring"), [r.gmv_offline for r in trend], charts.OFFLINE),
    ]
    caption = _("GMV daring dan luring, %(n)s bulan terakhir") % {"n": len(trend)}
    return Chart(
        caption, charts.line_chart(labels, series, title=caption, value_format=formatting.rupiah_short)
    )


def section_summary(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    section = Section(
        "ringkasan",
        _("Ringkasan"),
        intro=_(
            "Angka penjualan untuk %(month)s; jumlah usaha dan produk menurut register per tanggal cetak."
        )
        % {"month": formatting.bulan(report.period)},
        figures=summary_figures(month, trend),
        charts=[_trend_chart(trend)],
        tables=[_trend_table(trend)],
        notes=list(month.notes),
    )
    return section


def _region_name(row: RegionRow) -> str:
    return formatting.region_short(row.name)


def section_regions(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    """The tile map and the table of the kab/kota (or, in a kab/kota report, its kecamatan). BPS publishes
    poverty per kab/kota, so a kab/kota report gives its own rate in a note instead of a column."""
    kecamatan = report.region.level == RegionLevel.KABKOTA
    level = _("Kecamatan") if kecamatan else _("Kab/kota")
    rows = month.regions
    tiles = [
        charts.Tile(_region_name(r).replace("Kab. ", ""), r.penetration, formatting.percent(r.penetration))
        for r in rows
    ]
    caption = _("Penetrasi daring per %(level)s") % {"level": level.lower()}
    columns = [
        Column(level), Column(_("Usaha terdaftar"), Cell.INTEGER),
        Column(_("Berjualan daring"), Cell.INTEGER),
        Column(_("Penetrasi"), Cell.PERCENT), Column(_("GMV daring"), Cell.RUPIAH),
        Column(_("GMV luring"), Cell.RUPIAH), Column(_("Milik perempuan"), Cell.PERCENT),
        Column(_("Tingkat kemiskinan"), Cell.PERCENT),
    ]  # fmt: skip
    table_rows: list[tuple[Any, ...]] = [
        (_region_name(r), r.registered, r.online_businesses, r.penetration, r.gmv_online, r.gmv_offline,
         r.women_share, r.poverty_rate)
        for r in rows
    ]  # fmt: skip
    total: tuple[Any, ...] = (
        _("Jumlah"), month.registered, month.online_businesses, month.penetration, month.gmv_online,
        month.gmv_offline, month.women_share, None,
    )  # fmt: skip
    notes = []
    if kecamatan:
        columns, table_rows, total = columns[:-1], [row[:-1] for row in table_rows], total[:-1]
        notes.append(_poverty_note(report))
    title = _("Per kecamatan") if kecamatan else _("Per kab/kota")
    return Section(
        "wilayah",
        _("Peta dan wilayah"),
        intro=_("Setiap kotak satu wilayah; makin gelap, makin tinggi porsi usaha yang berjualan daring."),
        charts=[Chart(caption, charts.tile_map(tiles, title=caption, legend=_("rendah → tinggi")))],
        tables=[Table(_("Wilayah"), title, columns, table_rows, total=total)],
        notes=notes,
    )


def _poverty_note(report: Report) -> str:
    latest = poverty_latest(region_code=report.region.code)
    if latest is None:
        return _("Tingkat kemiskinan %(region)s belum tercatat.") % {
            "region": formatting.region_label(report.region)
        }
    return _("Tingkat kemiskinan %(region)s: %(rate)s (%(source)s %(year)s).") % {
        "region": formatting.region_label(report.region), "rate": formatting.percent(latest.value),
        "source": latest.source, "year": latest.year,
    }  # fmt: skip


def _share_table(key: str, title: str, label: str, rows: list[Any]) -> Table:
    columns = [
        Column(label), Column(_("Pesanan"), Cell.INTEGER), Column(_("GMV"), Cell.RUPIAH),
        Column(_("Porsi GMV"), Cell.PERCENT),
    ]  # fmt: skip
    return Table(key, title, columns, [(r.label, r.orders, r.gmv, r.share) for r in rows])


def section_destinations(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    provinces = month.destinations_provinces
    countries = month.destinations_countries
    section = Section(
        "tujuan",
        _("Tujuan pasar"),
        intro=_("Ke mana produk terjual pada %(month)s, menurut alamat pembeli.")
        % {"month": formatting.bulan(report.period)},
    )
    for rows, caption in (
        (provinces, _("%(n)s provinsi tujuan teratas menurut GMV")),
        (countries, _("%(n)s negara tujuan teratas menurut GMV")),
    ):
        top = rows[:TOP_DESTINATIONS]
        if top:
            text = caption % {"n": len(top)}
            bars = charts.bar_chart(
                [(r.label, r.gmv) for r in top], title=text, value_format=formatting.rupiah_short
            )
            section.charts.append(Chart(text, bars))
    section.tables = [
        _share_table(_("Tujuan provinsi"), _("Provinsi tujuan"), _("Provinsi"), provinces),
        _share_table(_("Tujuan negara"), _("Negara tujuan"), _("Negara"), countries),
    ]
    return section


def _sector_table(month: DashboardFigures) -> Table:
    columns = [
        Column(_("Sektor")), Column(_("Usaha terdaftar"), Cell.INTEGER),
        Column(_("Berjualan daring"), Cell.INTEGER),
        Column(_("Penetrasi"), Cell.PERCENT), Column(_("GMV daring"), Cell.RUPIAH),
        Column(_("GMV luring"), Cell.RUPIAH), Column(_("Porsi GMV"), Cell.PERCENT),
    ]  # fmt: skip
    rows = [
        (r.label, r.registered, r.online, r.penetration, r.gmv_online, r.gmv_offline, r.share)
        for r in month.sectors
    ]
    return Table(_("Sektor"), _("Per sektor"), columns, rows)


def section_sectors_channels(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    section = Section("sektor", _("Sektor dan kanal"))
    if report.kind != ReportKind.CRAFTS:
        caption = _("Penetrasi daring per sektor")
        bars = [(r.label, r.penetration or 0.0) for r in month.sectors]
        section.charts.append(
            Chart(caption, charts.bar_chart(bars, title=caption, value_format=formatting.percent))
        )
        section.tables.append(_sector_table(month))
    caption = _("GMV per kanal penjualan")
    channel_bars = [(r.label, r.gmv) for r in month.channels]
    section.charts.append(
        Chart(caption, charts.bar_chart(channel_bars, title=caption, value_format=formatting.rupiah_short))
    )
    section.tables.append(_share_table(_("Kanal"), _("Per kanal penjualan"), _("Kanal"), month.channels))
    return section


def section_funnel(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    caption = _("Usaha yang mencapai setiap tahap (atau lebih jauh)")
    bars = [(r.label, r.reached) for r in month.funnel]
    columns = [
        Column(_("Tahap")), Column(_("Sedang di tahap ini"), Cell.INTEGER),
        Column(_("Mencapai tahap ini"), Cell.INTEGER),
        Column(_("Konversi dari tahap sebelumnya"), Cell.PERCENT),
    ]  # fmt: skip
    rows = [(r.label, r.current, r.reached, r.conversion) for r in month.funnel]
    return Section(
        "corong",
        _("Corong go-digital"),
        charts=[Chart(caption, charts.bar_chart(bars, title=caption, color=charts.ACCENT))],
        tables=[Table(_("Corong"), _("Tahap corong go-digital"), columns, rows)],
    )


def section_targets(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    caption = _("Capaian terhadap target")
    progress = [(f"{r.programme} ({r.region_name})", r.actual, r.value) for r in month.targets]
    columns = [
        Column(_("Program")), Column(_("Indikator")), Column(_("Wilayah")), Column(_("Periode")),
        Column(_("Target"), Cell.INTEGER), Column(_("Capaian"), Cell.INTEGER),
        Column(_("Persen"), Cell.PERCENT),
        Column(_("Keterangan")),
    ]  # fmt: skip
    rows = [
        (r.programme, r.indicator_label, r.region_name, _period(r.period_start, r.period_end), r.value,
         r.actual, r.percent, r.message)
        for r in month.targets
    ]  # fmt: skip
    section = Section(
        "target", _("Target dan capaian"), tables=[Table(_("Target"), _("Target program"), columns, rows)]
    )
    if progress:
        section.charts.append(Chart(caption, charts.progress_chart(progress, title=caption)))
    return section


def _period(start: date, end: date) -> str:
    return _("%(start)s s.d. %(end)s") % {"start": formatting.tanggal(start), "end": formatting.tanggal(end)}


def section_poorest(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    columns = [
        Column(_("Peringkat"), Cell.INTEGER), Column(_("Kab/kota")),
        Column(_("Tingkat kemiskinan"), Cell.PERCENT),
        Column(_("Tahun data"), Cell.TEXT), Column(_("Usaha terdaftar"), Cell.INTEGER),
        Column(_("Berjualan daring"), Cell.INTEGER), Column(_("Penetrasi"), Cell.PERCENT),
        Column(_("Usaha terjangkau pendampingan"), Cell.INTEGER), Column(_("Porsi terjangkau"), Cell.PERCENT),
    ]  # fmt: skip
    rows = [
        (r.rank, formatting.region_short(r.name), r.poverty_rate, str(r.year), r.registered, r.online,
         r.penetration, r.reached, r.reached_share)
        for r in month.poorest_regencies
    ]  # fmt: skip
    online = sum(r.online for r in month.poorest_regencies)
    total = (
        None, _("Jumlah"), None, "", month.poorest_registered, online,
        percent(online, month.poorest_registered), month.poorest_reached, month.poorest_reached_share,
    )  # fmt: skip
    return Section(
        "termiskin",
        _("Sepuluh kab/kota termiskin"),
        intro=_(
            "Kab/kota dengan tingkat kemiskinan tertinggi (BPS) dan usaha yang sudah dijangkau pendamping."
        ),
        tables=[Table(_("Kab-kota termiskin"), _("Kab/kota termiskin"), columns, rows, total=total)],
    )


def section_unggulan(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    columns = [
        Column(_("Tahun"), Cell.TEXT), Column(_("Kab/kota")), Column(_("Sektor")),
        Column(_("Peringkat"), Cell.INTEGER),
        Column(_("Produk")), Column(_("Usaha")), Column(_("Nilai akhir"), Cell.DECIMAL),
    ]  # fmt: skip
    rows = [
        (str(r.year), formatting.region_short(r.kabkota_name), r.sector_label, r.rank, r.product_name,
         r.business_name, r.total)
        for r in month.unggulan
    ]  # fmt: skip
    intro = _("%(n)s produk unggulan dalam daftar terakhir yang ditetapkan; berikut nilai tertinggi.") % {
        "n": formatting.number(month.unggulan_count)
    }
    return Section(
        "unggulan", _("Produk unggulan"), intro=intro,
        tables=[Table(_("Produk unggulan"), _("Produk unggulan dengan nilai tertinggi"), columns, rows)],
    )  # fmt: skip


def section_craft_categories(month: DashboardFigures, trend: list[TrendRow], report: Report) -> Section:
    rows = craft_categories(reader=report_reader(), region_code=report_region_code(report.region))
    columns = [
        Column(_("Kategori")), Column(_("Produk"), Cell.INTEGER), Column(_("Usaha"), Cell.INTEGER),
        Column(_("Lolos kurasi"), Cell.INTEGER), Column(_("Diekspor"), Cell.INTEGER),
    ]  # fmt: skip
    caption = _("Produk aktif per kategori kriya dan batik")
    bars = [(r.label, r.products) for r in rows]
    return Section(
        "kategori",
        _("Kategori kriya dan batik"),
        intro=_("Produk aktif dalam kategori kriya dan batik, dari usaha di wilayah ini (semua sektor)."),
        charts=[Chart(caption, charts.bar_chart(bars, title=caption, color=charts.OFFLINE))] if rows else [],
        tables=[Table(
            _("Kategori kriya"), caption, columns,
            [(r.label, r.products, r.businesses, r.curated, r.exported) for r in rows],
        )],
    )  # fmt: skip


SectionBuilder = Callable[[DashboardFigures, list[TrendRow], Report], Section]
SECTIONS: dict[ReportKind, list[SectionBuilder]] = {
    ReportKind.BRIEF: [
        section_summary, section_regions, section_destinations, section_sectors_channels, section_funnel,
        section_targets, section_poorest, section_unggulan,
    ],
    ReportKind.KABKOTA: [
        section_summary, section_regions, section_destinations, section_sectors_channels, section_funnel,
        section_targets, section_unggulan,
    ],
    ReportKind.CRAFTS: [
        section_summary, section_regions, section_craft_categories, section_destinations,
        section_sectors_channels, section_funnel, section_unggulan,
    ],
    ReportKind.UNGGULAN: [],
}  # fmt: skip
