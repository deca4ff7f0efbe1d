"""Region pages: the options endpoint behind dependent selects, and the kab/kota indicator table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lapak.regions.models import Region, RegionLevel
from lapak.regions.selectors import kabkota_summaries, poverty_latest, region_children, region_get

# The select a request fills decides which level its options must be, so a stale or mismatched request
# (a kecamatan code sent for the kecamatan select) yields an empty list rather than the wrong level.
_FIELD_LEVEL = {
    "kabkota": RegionLevel.KABKOTA,
    "kecamatan": RegionLevel.KECAMATAN,
    "desa": RegionLevel.DESA,
}


@login_required
@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """``<option>`` elements for the children of ``?parent=<code>``, for htmx dependent selects.

    Region names are public reference data (Kemendagri), identical for every user, so there is no per-user
    scoping here: which region a user may *record against* is checked by the form that receives the value.
    """
    parent = request.GET.get("parent", "").strip()
    regions = region_children(parent_code=parent) if parent else Region.objects.none()
    level = _FIELD_LEVEL.get(request.GET.get("name", ""))
    if level is not None:
        regions = regions.filter(level=level)
    return render(request, "regions/_options.html", {"regions": regions.only("code", "name")})


@login_required
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The home province's kab/kota with their kecamatan and village counts and latest poverty rate."""
    province_code = settings.LAPAK_HOME_PROVINCE
    summaries = kabkota_summaries(province_code=province_code)
    context = {
        "province": region_get(code=province_code),
        "province_poverty": poverty_latest(region_code=province_code),
        "summaries": summaries,
        "totals": {
            "kecamatan": sum(s.kecamatan for s in summaries),
            "kelurahan": sum(s.kelurahan for s in summaries),
            "desa": sum(s.desa for s in summaries),
        },
    }
    return render(request, "regions/indicator_list.html", context)
