"""Dashboard pages: the role dashboard (also the site's home page), the map, chart downloads and the
boundary GeoJSON. Thin: figures come from ``selectors``; filter changes swap the figures partial (htmx)
and work as plain GET links and forms without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action, user_can
from lapak.core.spreadsheet import XLSX_TYPE
from lapak.insights import exports
from lapak.insights.area import AreaKind, InsightArea
from lapak.insights.boundary import BoundaryError, boundary_geojson, boundary_path
from lapak.insights.charts import CHART_KEYS, chart_table, dashboard_charts
from lapak.insights.figures import DashboardFigures
from lapak.insights.filters import InsightFilters
from lapak.insights.forms import filters_form, filters_parse
from lapak.insights.maps import DEFAULT_INDICATOR, map_view
from lapak.insights.selectors import dashboard_figures, insight_area
from lapak.regions.models import Region

FORMATS = {"csv": exports.CSV_TYPE, "xlsx": XLSX_TYPE}


def _area(request: HttpRequest) -> InsightArea:
    return insight_area(request.user)


def _filters(request: HttpRequest) -> tuple[InsightFilters, Any]:
    """The filters of the request and the form to show (the request's, with its errors, when invalid)."""
    today = timezone.localdate()
    filters, bound = filters_parse(request.GET, today=today)
    return filters, bound if bound.errors else filters_form(filters, today=today)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The role dashboard; roles without one (curators, craft council, partners) go to the business list."""
    area = _area(request)
    if not area.has_dashboard:
        return redirect("registry:business_list")
    filters, form = _filters(request)
    figures = dashboard_figures(request.user, filters)
    context = _context(request, figures, form)
    template = "insights/_figures.html" if getattr(request, "htmx", False) else "insights/dashboard.html"
    return render(request, template, context)


def _context(request: HttpRequest, figures: DashboardFigures, form: Any) -> dict[str, Any]:
    indicator = request.GET.get("indicator") or DEFAULT_INDICATOR
    has_map = bool(figures.regions)
    chosen = (
        map_view(figures.regions, indicator=indicator, filters=figures.filters, region=figures.region,
                 area=figures.area)
        if has_map
        else None
    )  # fmt: skip
    return {
        "figures": figures,
        "area": figures.area,
        "filters": figures.filters,
        "query": figures.filters.as_query(),
        "form": form,
        "charts": dashboard_charts(figures),
        "map": chosen,
        "map_geo_spec": chosen.geo_spec if chosen else None,
        "map_hidden": list(QueryDict(figures.filters.as_query()).items()),
        "geo": _geo(figures) if has_map else None,
        "crumbs": _crumbs(figures),
        "is_owner": figures.area.kind == AreaKind.OWNER,
        "can_download": _can_download(request.user, figures.area),
    }


def _can_download(user: Any, area: InsightArea) -> bool:
    return user_can(user, Action.EXPORT) or area.kind == AreaKind.OWNER


def _geo(figures: DashboardFigures) -> dict[str, Any] | None:
    """Whether the true map can be drawn: a boundary file is configured and readable, at kab/kota level."""
    if boundary_path() is None or any(r.level != 2 for r in figures.regions):
        return None
    try:
        boundary_geojson()
    except BoundaryError as error:
        return {"error": str(error)}
    return {"error": ""}


def _crumbs(figures: DashboardFigures) -> list[tuple[str, str]]:
    """(label, query) from the area down to the region drilled into."""
    filters, region = figures.filters, figures.region
    crumbs = [(figures.area.label, filters.without_region().as_query())]
    if region is not None and region.level == 3 and figures.area.covers(region.code[:5]):
        name = Region.objects.filter(code=region.code[:5]).values_list("name", flat=True).first() or ""
        crumbs.append((name, filters.with_region(region.code[:5]).as_query()))
    if region is not None:
        crumbs.append((region.name, filters.as_query()))
    return crumbs


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    """The choropleth alone (the indicator chooser swaps it in the dashboard; a full page without JS)."""
    area = _area(request)
    if not area.has_dashboard or area.reads_ledger:
        raise PermissionDenied
    filters, form = _filters(request)
    figures = dashboard_figures(request.user, filters)
    context = _context(request, figures, form)
    template = "insights/_map.html" if getattr(request, "htmx", False) else "insights/map.html"
    return render(request, template, context)


@login_required
def download(request: HttpRequest) -> HttpResponse:
    """One chart's table as CSV or XLSX (``?chart=…&format=csv|xlsx`` plus the dashboard's filters)."""
    area = _area(request)
    if not area.has_dashboard or not _can_download(request.user, area):
        raise PermissionDenied
    chart, kind = request.GET.get("chart") or "summary", request.GET.get("format") or "csv"
    if chart not in CHART_KEYS or kind not in FORMATS:
        message = _("Unduhan tidak dikenal: pilih chart salah satu dari %(keys)s dan format csv atau xlsx.")
        return HttpResponseBadRequest(message % {"keys": ", ".join(CHART_KEYS)})
    filters, _form = filters_parse(request.GET, today=timezone.localdate())
    figures = dashboard_figures(request.user, filters)
    table = chart_table(figures, chart)
    if kind == "csv":
        content = exports.chart_csv(table)
    else:
        content = exports.chart_xlsx(table, subtitle=_subtitle(figures))
    response = HttpResponse(content, content_type=FORMATS[kind])
    name = f"dasbor-{chart}-{filters.start:%Y%m}-{filters.end:%Y%m}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _subtitle(figures: DashboardFigures) -> str:
    place = figures.region.name if figures.region else figures.area.label
    period = f"{date_format(figures.filters.start, 'F Y')} - {date_format(figures.filters.end, 'F Y')}"
    return f"{place} · {period}"


@login_required
def boundary(request: HttpRequest) -> HttpResponse:
    """The configured boundary GeoJSON, its ``kode`` property normalised; an empty collection when none
    is configured, 404 when the configured file is unusable."""
    if not _area(request).has_dashboard:
        raise PermissionDenied
    try:
        content = boundary_geojson()
    except BoundaryError as error:
        raise Http404(str(error)) from error
    if content is None:
        content = b'{"type":"FeatureCollection","features":[]}'
    response = HttpResponse(content, content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=3600"
    return response
