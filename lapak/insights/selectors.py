"""Reads for the dashboards, and the interface the reports app (``lapak.reports``) calls. Keep these
names stable:

- ``InsightFilters`` (frozen): ``start``/``end`` (whole months, both included), ``sector``,
  ``channel_id``, ``online`` (True/False/None), ``size_class``, ``region_code`` (a kab/kota or kecamatan
  inside the user's area to drill into). ``InsightFilters.from_query(query, today=...)`` (default: the
  last 12 full months), ``.as_query()``, ``InsightFilters.default(today=...)``.
- ``insight_area(user) -> InsightArea``: what the user's dashboard covers (province, one kab/kota, a
  mentor's area, an owner's businesses, or nothing: ``area.has_dashboard``), from ``accounts.scoping``.
- ``dashboard_figures(user, filters) -> DashboardFigures``: every figure of the dashboard as plain frozen
  values (``figures``): registered, online businesses and penetration, GMV and orders online/offline,
  the monthly trend, buyers' provinces and countries with shares, sectors, channels, funnel stages,
  targets with progress, produk unggulan, average local-content share, export-ready products, women-owned
  and Kopwan shares, the ten poorest kab/kota with the businesses reached there, and ``regions``: one
  row per kab/kota (or kecamatan when drilled in) with every map indicator, poverty rate and
  ``is_poorest``. Raises ``PermissionDenied`` for a user without a dashboard or a region outside the area.
- ``regions_for_map(user, filters, indicator) -> MapView`` (``maps``): the choropleth of one indicator.

Region areas are read from the rollups only (``queries``), so a province dashboard never scans the
register or the ledger; owners' figures come from the ledger (``ledger``). Nothing personal is returned
(no owner names, NIK or phone): the figures are aggregates, and produk unggulan rows name the product
and the business only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lapak.channels.models import Channel
from lapak.curation.models import UnggulanEntry
from lapak.curation.selectors import unggulan_lists_visible_to
from lapak.funnel.models import Indicator, Stage
from lapak.funnel.progress import Progress
from lapak.funnel.selectors import targets_visible_to
from lapak.insights import queries
from lapak.insights.area import AreaKind, InsightArea, insight_area
from lapak.insights.figures import (
    DashboardFigures,
    FunnelRow,
    PoorRegencyRow,
    RegionRef,
    RegionRow,
    SectorRow,
    ShareRow,
    TargetRow,
    TrendRow,
    UnggulanRow,
    percent,
)
from lapak.insights.filters import InsightFilters
from lapak.insights.labels import channel_label, country_name, province_name
from lapak.insights.models import RollupState, TargetSnapshot
from lapak.insights.queries import BusinessCounts, MonthSales, Selection
from lapak.regions.models import Region, RegionIndicator, RegionLevel
from lapak.regions.selectors import kabkota_list, poverty_ranking
from lapak.registry.models import Sector

__all__ = [
    "AreaKind", "DashboardFigures", "InsightArea", "InsightFilters", "Parts", "dashboard_figures",
    "insight_area", "regions_for_map", "selection_for",
]  # fmt: skip

UNGGULAN_ROWS = 30
POOREST = 10
SalesBy = dict[Any, dict[bool, tuple[int, int]]]


@dataclass(frozen=True)
class Parts:
    """The sums a dashboard is assembled from, whichever source (rollups or ledger) they came from.
    ``None``: not available for these filters at this level."""

    counts: BusinessCounts
    counts_by_sector: dict[str, BusinessCounts]
    months: list[MonthSales] | None
    sales_by_sector: SalesBy | None
    sales_by_channel: SalesBy | None
    dest_provinces: list[tuple[str, int, int]] | None
    dest_countries: list[tuple[str, int, int]] | None


def dashboard_figures(user: Any, filters: InsightFilters) -> DashboardFigures:
    """Every figure of ``user``'s dashboard under ``filters`` (see the module docstring)."""
    area = insight_area(user)
    if not area.has_dashboard:
        raise PermissionDenied
    region = region_ref(area, filters.region_code)
    if area.reads_ledger:
        from lapak.insights.ledger import ledger_parts

        return _assemble(area, filters, region, ledger_parts(area, filters), as_of=None)
    selection = selection_for(area, filters)
    by_kecamatan = queries.business_by(selection, filters, "kecamatan")
    parts = _rollup_parts(selection, filters, by_kecamatan)
    ranking = poverty_ranking(province_code=area.province_code)
    unggulan, unggulan_count = _unggulan(user, selection, filters)
    return _assemble(
        area, filters, region, parts,
        regions=region_rows(selection, filters, by_kecamatan, ranking),
        poorest=_poorest(selection, by_kecamatan, ranking),
        targets=_targets(user, region),
        unggulan=unggulan, unggulan_count=unggulan_count,
        notes=_notes(selection, filters),
        as_of=RollupState.objects.filter(name="default").values_list("refreshed_at", flat=True).first(),
    )  # fmt: skip


def regions_for_map(user: Any, filters: InsightFilters, indicator: str) -> Any:
    """The choropleth of ``indicator`` over the user's area (or the region drilled into): a
    ``maps.MapView`` with one cell per kab/kota (tile grid) or kecamatan."""
    from lapak.insights.maps import map_view

    area = insight_area(user)
    if not area.has_dashboard or area.reads_ledger:
        raise PermissionDenied
    region = region_ref(area, filters.region_code)
    selection = selection_for(area, filters)
    by_kecamatan = queries.business_by(selection, filters, "kecamatan")
    ranking = poverty_ranking(province_code=area.province_code)
    rows = region_rows(selection, filters, by_kecamatan, ranking)
    return map_view(rows, indicator=indicator, filters=filters, region=region, area=area)


# --- Area, region, selection -------------------------------------------------------------------------


def region_ref(area: InsightArea, code: str) -> RegionRef | None:
    """The region drilled into, checked against the area (``PermissionDenied`` outside it)."""
    if not code:
        return None
    if not area.covers(code):
        raise PermissionDenied(_("Wilayah %(code)s di luar wilayah dasbor Anda.") % {"code": code})
    region = Region.objects.filter(code=code, level__in=[RegionLevel.KABKOTA, RegionLevel.KECAMATAN]).first()
    if region is None:
        raise PermissionDenied(_("Wilayah %(code)s tidak dikenal.") % {"code": code})
    return RegionRef(region.code, region.name, region.level)


def selection_for(area: InsightArea, filters: InsightFilters) -> Selection:
    """The regions the figures cover: the region drilled into, else the whole area."""
    code = filters.region_code
    if code:
        return Selection(
            area.province_code, (code,) if len(code) == 5 else (), (code,) if len(code) == 8 else ()
        )
    if area.is_province:
        return Selection(area.province_code)
    return Selection(area.province_code, area.kabkota_codes, area.kecamatan_codes)


# --- Parts from the rollups -------------------------------------------------------------------------


def _rollup_parts(
    selection: Selection, filters: InsightFilters, by_kecamatan: dict[str, BusinessCounts]
) -> Parts:
    rows = queries.sales_rows(selection, filters)
    detailed = rows is not None and not selection.has_kecamatans
    destinations = queries.destinations(selection, filters)
    return Parts(
        counts=queries.business_total(by_kecamatan),
        counts_by_sector=queries.business_by(selection, filters, "sector"),
        months=None if rows is None else queries.sales_by_month(rows),
        sales_by_sector=None if rows is None else queries.sales_by(rows, "sector"),
        sales_by_channel=queries.sales_by(rows, "channel_key") if detailed and rows is not None else None,
        dest_provinces=None
        if destinations is None
        else queries.destinations_by(destinations.filter(buyer_country="ID"), "buyer_province"),
        dest_countries=None
        if destinations is None
        else queries.destinations_by(destinations, "buyer_country"),
    )


def _notes(selection: Selection, filters: InsightFilters) -> list[str]:
    notes = []
    if not queries.sales_available(selection, filters):
        notes.append(_("Penjualan per kecamatan tidak dirinci menurut kanal dan skala usaha: hapus filter "
                       "kanal dan skala usaha untuk melihat angka penjualan."))  # fmt: skip
    elif selection.has_kecamatans:
        notes.append(_("Rincian kanal dan tujuan pasar tersedia per kab/kota, tidak per kecamatan."))
    elif filters.sales_only_filters:
        notes.append(_("Tujuan pasar tidak dirinci menurut kanal dan skala usaha: tabel tujuan pasar "
                       "kosong selama filter kanal atau skala usaha dipakai."))  # fmt: skip
    return notes


# --- Assembly ---------------------------------------------------------------------------------------


def _assemble(
    area: InsightArea,
    filters: InsightFilters,
    region: RegionRef | None,
    parts: Parts,
    *,
    regions: list[RegionRow] | None = None,
    poorest: list[PoorRegencyRow] | None = None,
    targets: list[TargetRow] | None = None,
    unggulan: list[UnggulanRow] | None = None,
    unggulan_count: int = 0,
    notes: list[str] | None = None,
    as_of: datetime | None,
) -> DashboardFigures:
    counts, months = parts.counts, parts.months
    totals = _sales_totals(months)
    total_gmv = None if totals is None else totals[0] + totals[1]
    local = counts.local_share_sum / counts.products_local if counts.products_local else None
    return DashboardFigures(
        area=area, filters=filters, region=region,
        registered=counts.registered, online_businesses=counts.online, women_owned=counts.women_owned,
        kopwan=counts.kopwan, koperasi=counts.koperasi, mentored=counts.mentored,
        gmv_online=None if totals is None else totals[0], gmv_offline=None if totals is None else totals[1],
        orders_online=None if totals is None else totals[2],
        orders_offline=None if totals is None else totals[3],
        lines=_sum_or_none(months, "lines"), quantity=_sum_or_none(months, "quantity"),
        gmv_trend=_trend(filters, months),
        destinations_provinces=_share_rows(parts.dest_provinces, province_name),
        destinations_countries=_share_rows(parts.dest_countries, country_name),
        sectors=_sectors(filters, parts, total_gmv),
        channels=_channels(parts.sales_by_channel, total_gmv),
        funnel=_funnel(counts), targets=targets or [], unggulan=unggulan or [], unggulan_count=unggulan_count,
        products=counts.products, products_local=counts.products_local,
        local_share=None if local is None else Decimal(local).quantize(Decimal("0.1")),
        exported_products=counts.exported, export_ready=counts.export_ready,
        poorest_regencies=poorest or [], regions=regions or [], notes=notes or [], as_of=as_of,
    )  # fmt: skip


def _sales_totals(months: list[MonthSales] | None) -> tuple[int, int, int, int] | None:
    """(GMV online, GMV offline, orders online, orders offline)."""
    if months is None:
        return None
    online = [m for m in months if m.is_online]
    offline = [m for m in months if not m.is_online]
    return (
        sum(m.gmv for m in online), sum(m.gmv for m in offline),
        sum(m.orders for m in online), sum(m.orders for m in offline),
    )  # fmt: skip


def _sum_or_none(months: list[MonthSales] | None, name: str) -> int | None:
    if months is None or any(getattr(m, name) is None for m in months):
        return None
    return sum(getattr(m, name) for m in months)


def _trend(filters: InsightFilters, months: list[MonthSales] | None) -> list[TrendRow]:
    """One row per month of the period (months without sales included), empty when not available."""
    if months is None:
        return []
    by_month: dict[tuple[date, bool], MonthSales] = {(m.month, m.is_online): m for m in months}
    rows = []
    for month in filters.months:
        on, off = by_month.get((month, True)), by_month.get((month, False))
        rows.append(TrendRow(month, on.gmv if on else 0, off.gmv if off else 0, on.orders if on else 0,
                             off.orders if off else 0))  # fmt: skip
    return rows


def _share_rows(rows: list[tuple[str, int, int]] | None, label: Any) -> list[ShareRow]:
    if not rows:
        return []
    total = sum(gmv for _key, _orders, gmv in rows)
    return [ShareRow(key, label(key), orders, gmv, percent(gmv, total)) for key, orders, gmv in rows]


def _sectors(filters: InsightFilters, parts: Parts, total_gmv: int | None) -> list[SectorRow]:
    rows = []
    for value, label in Sector.choices:
        if filters.sector and value != filters.sector:
            continue
        counts = parts.counts_by_sector.get(value, BusinessCounts())
        sales = None if parts.sales_by_sector is None else parts.sales_by_sector.get(value, {})
        on = None if sales is None else sales.get(True, (0, 0))[1]
        off = None if sales is None else sales.get(False, (0, 0))[1]
        share = None if on is None or off is None else percent(on + off, total_gmv)
        rows.append(SectorRow(value, str(label), counts.registered, counts.online, on, off, share))
    return rows


def _channels(sales: SalesBy | None, total_gmv: int | None) -> list[ShareRow]:
    if not sales:
        return []
    names = dict(Channel.objects.values_list("pk", "name"))
    sums = {
        key: (sum(v[0] for v in flags.values()), sum(v[1] for v in flags.values()))
        for key, flags in sales.items()
    }
    ordered = sorted(sums.items(), key=lambda item: (-item[1][1], item[0]))
    return [
        ShareRow(str(key), channel_label(key, names), orders, gmv, percent(gmv, total_gmv))
        for key, (orders, gmv) in ordered
    ]


def _funnel(counts: BusinessCounts) -> list[FunnelRow]:
    """Businesses at each stage now, at it or beyond, and conversion from the stage before."""
    current = counts.stages()
    reached = [sum(current[i:]) for i in range(len(current))]
    return [
        FunnelRow(int(stage), str(stage.label), current[i], reached[i],
                  percent(reached[i], reached[i - 1]) if i else None)
        for i, stage in enumerate(Stage)
    ]  # fmt: skip


# --- Regions, poorest, targets, unggulan -------------------------------------------------------------


def _by_kabkota(by_kecamatan: dict[str, BusinessCounts]) -> dict[str, BusinessCounts]:
    result: dict[str, BusinessCounts] = {}
    for code, counts in by_kecamatan.items():
        result.setdefault(code[:5], BusinessCounts()).add(counts.__dict__)
    return result


def _map_regions(selection: Selection) -> list[Region]:
    """What the map shows: every kab/kota of the province, the kecamatan of one kab/kota, or the
    kab/kota and kecamatan of a mentor's area."""
    if selection.whole_province:
        return list(kabkota_list(province_code=selection.province))
    if len(selection.kabkotas) == 1 and not selection.kecamatans:
        kab = selection.kabkotas[0]
        return list(Region.objects.filter(parent_id=kab, level=RegionLevel.KECAMATAN).order_by("code"))
    return list(Region.objects.filter(code__in=[*selection.kabkotas, *selection.kecamatans]).order_by("code"))


def _region_sales(
    selection: Selection, filters: InsightFilters, regions: list[Region]
) -> dict[str, tuple[int, int, int]] | None:
    """(GMV online, GMV offline, orders) per region shown; ``None`` when not available."""
    rows: QuerySet[Any] | None
    if all(r.level == RegionLevel.KABKOTA for r in regions) and not selection.has_kecamatans:
        rows, column = queries.sales_rows_by_kabkota(selection, filters), "kabkota"
    else:
        rows, column = queries.kecamatan_sales_rows(selection, filters), "kecamatan"
    if rows is None:
        return None
    sums: dict[str, list[int]] = {}
    for code, flags in queries.sales_by(rows, column).items():
        for key in {code, code[:5]}:
            acc = sums.setdefault(key, [0, 0, 0])
            acc[0] += flags.get(True, (0, 0))[1]
            acc[1] += flags.get(False, (0, 0))[1]
            acc[2] += sum(v[0] for v in flags.values())
    return {code: (v[0], v[1], v[2]) for code, v in sums.items()}


def region_rows(
    selection: Selection,
    filters: InsightFilters,
    by_kecamatan: dict[str, BusinessCounts],
    ranking: list[RegionIndicator],
) -> list[RegionRow]:
    """One row per region on the map, with every indicator."""
    regions = _map_regions(selection)
    counts = by_kecamatan | _by_kabkota(by_kecamatan)
    sales = _region_sales(selection, filters, regions)
    poverty = {i.region_id: i.value for i in ranking}
    poorest = {i.region_id for i in ranking[:POOREST]}
    rows = []
    for region in regions:
        c = counts.get(region.code, BusinessCounts())
        s = None if sales is None else sales.get(region.code, (0, 0, 0))
        rows.append(RegionRow(
            code=region.code, name=region.name, level=region.level, kind=region.kind,
            registered=c.registered, online_businesses=c.online, women_owned=c.women_owned, kopwan=c.kopwan,
            mentored=c.mentored, gmv_online=None if s is None else s[0],
            gmv_offline=None if s is None else s[1],
            orders=None if s is None else s[2], poverty_rate=poverty.get(region.code),
            is_poorest=region.code in poorest,
        ))  # fmt: skip
    return rows


def _poorest(
    selection: Selection, by_kecamatan: dict[str, BusinessCounts], ranking: list[RegionIndicator]
) -> list[PoorRegencyRow]:
    """The ten kab/kota with the highest poverty rate that the selection touches, with their reach."""
    by_kab = _by_kabkota(by_kecamatan)
    touched = {*selection.kabkotas, *(code[:5] for code in selection.kecamatans)}
    rows = []
    for rank, indicator in enumerate(ranking[:POOREST], start=1):
        code = indicator.region_id
        if not selection.whole_province and code not in touched:
            continue
        c = by_kab.get(code, BusinessCounts())
        rows.append(PoorRegencyRow(rank, code, indicator.region.name, indicator.value, indicator.year,
                                   c.registered, c.online, c.mentored))  # fmt: skip
    return rows


def _targets(user: Any, region: RegionRef | None) -> list[TargetRow]:
    """The user's visible targets (of the region drilled into), with the progress the last rollup refresh
    computed through ``funnel.progress``."""
    visible = targets_visible_to(user=user)
    if region is not None:
        visible = visible.filter(Q(region_id=region.code) | Q(region__code__startswith=f"{region.code}."))
    targets = list(visible.order_by("-period_end", "programme", "pk"))
    snapshots = {s.target_id: s for s in TargetSnapshot.objects.filter(target_id__in=[t.pk for t in targets])}
    labels = dict(Indicator.choices)
    rows = []
    for target in targets:
        snap = snapshots.get(target.pk)
        if snap is None:
            progress, message = (
                Progress(target, date.today(), 0, "belum_dihitung"),
                _("Kemajuan belum dihitung; dihitung pada pembaruan rekap berikutnya."),
            )
        else:
            progress = Progress(target, snap.as_of, snap.actual, snap.status, snap.projected, snap.reach_date,
                                snap.reached_on, snap.shortfall)  # fmt: skip
            message = progress.message
        rows.append(TargetRow(
            programme=target.programme, indicator=target.indicator,
            indicator_label=str(labels.get(target.indicator, target.indicator)), region_code=target.region_id,
            region_name=target.region.name, period_start=target.period_start, period_end=target.period_end,
            value=target.value, actual=progress.actual, percent=progress.percent, status=progress.status,
            message=message, computed_at=snap.computed_at if snap else None,
        ))  # fmt: skip
    return rows


def _unggulan(user: Any, selection: Selection, filters: InsightFilters) -> tuple[list[UnggulanRow], int]:
    """The latest confirmed produk unggulan list of each kab/kota in the selection: the best entries
    (by final score) and how many there are."""
    lists = unggulan_lists_visible_to(user=user)
    if not selection.whole_province:
        lists = lists.filter(kabkota_id__in={*selection.kabkotas, *(k[:5] for k in selection.kecamatans)})
    latest: dict[str, tuple[int, int]] = {}
    for pk, kabkota, year in lists.values_list("pk", "kabkota_id", "year"):
        if kabkota not in latest or year > latest[kabkota][0]:
            latest[kabkota] = (year, pk)
    entries = UnggulanEntry.objects.filter(unggulan_list_id__in=[pk for _year, pk in latest.values()])
    if filters.sector:
        entries = entries.filter(sector=filters.sector)
    top = entries.select_related("unggulan_list__kabkota").order_by("-total", "rank", "pk")[:UNGGULAN_ROWS]
    rows = [
        UnggulanRow(
            year=e.unggulan_list.year, kabkota_code=e.unggulan_list.kabkota_id,
            kabkota_name=e.unggulan_list.kabkota.name, sector=e.sector, sector_label=e.get_sector_display(),
            rank=e.rank, product_name=e.product_name, business_name=e.business_name, total=e.total,
        )
        for e in top
    ]  # fmt: skip
    return rows, entries.count()
