"""Who may read and request which reports, and the archive as each user sees it.

Reports hold aggregates only, never a person, so they are read by the staff who answer for a region's
figures: the province (``admin_provinsi``, ``pimpinan``) reads every report; a kab/kota operator reads the
reports of their kab/kota; Dekranasda coordinators read the crafts reports of theirs. The governor's brief
is the province's. Regions come from ``lapak.accounts.scoping`` like every other scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, area_q, home_province_code, kabkota_codes_for, user_can
from lapak.catalog.models import Product
from lapak.catalog.taxonomy import category_get
from lapak.curation.models import Decision, UnggulanList
from lapak.curation.selectors import unggulan_lists_visible_to
from lapak.regions.models import Region, RegionLevel
from lapak.reports.models import Report, ReportKind, ShareLink

PROVINCE_ROLES = frozenset({Role.ADMIN_PROVINSI, Role.PIMPINAN})
# Besides the province: which roles read (and request) each kind for their own kab/kota.
KABKOTA_READERS: dict[str, frozenset[str]] = {
    ReportKind.BRIEF: frozenset(),
    ReportKind.KABKOTA: frozenset({Role.OPERATOR_KABKOTA}),
    ReportKind.CRAFTS: frozenset({Role.OPERATOR_KABKOTA, Role.DEKRANASDA}),
    ReportKind.UNGGULAN: frozenset({Role.OPERATOR_KABKOTA}),
}
# Kinds reported for the whole province (besides per kab/kota).
PROVINCE_KINDS = frozenset({ReportKind.BRIEF, ReportKind.CRAFTS})


def _is_province(user: Any) -> bool:
    return bool(user.is_superuser or user.role in PROVINCE_ROLES)


def report_kinds_for(*, user: Any) -> list[str]:
    """The kinds of report the user may read, in menu order (empty: no reports at all)."""
    if not user_can(user, Action.VIEW):
        return []
    if _is_province(user):
        return list(ReportKind.values)
    return [kind for kind in ReportKind.values if user.role in KABKOTA_READERS[kind]]


def can_see_reports(user: Any) -> bool:
    """For the menu: whether the user reads any kind of report."""
    return bool(report_kinds_for(user=user))


def can_request_reports(user: Any) -> bool:
    return can_see_reports(user) and user_can(user, Action.EXPORT)


def reports_visible_to(*, user: Any) -> QuerySet[Report]:
    """The reports in the user's archive, newest first."""
    reports = Report.objects.select_related("region", "created_by", "job")
    kinds = report_kinds_for(user=user)
    if not kinds:
        return reports.none()
    if _is_province(user):
        province = home_province_code(user)
        return reports.filter(Q(region__code=province) | Q(region__code__startswith=f"{province}."))
    codes = kabkota_codes_for(user) or set()
    return reports.filter(kind__in=kinds, region_id__in=codes)


def report_regions_for(*, user: Any, kind: str) -> QuerySet[Region]:
    """The regions for which the user may request ``kind``: the province first, then kab/kota by code."""
    if not can_request_reports(user) or kind not in report_kinds_for(user=user):
        return Region.objects.none()
    kabkotas = Region.objects.filter(level=RegionLevel.KABKOTA, parent_id=settings.LAPAK_HOME_PROVINCE)
    if _is_province(user):
        if kind == ReportKind.BRIEF:
            return Region.objects.filter(code=home_province_code(user))
        regions = Q(code=home_province_code(user)) if kind in PROVINCE_KINDS else Q(pk__in=[])
        return Region.objects.filter(regions | Q(pk__in=kabkotas.values("pk"))).order_by("level", "code")
    return kabkotas.filter(code__in=kabkota_codes_for(user) or set()).order_by("code")


def unggulan_lists_for_reports(*, user: Any) -> QuerySet[UnggulanList]:
    """Confirmed produk unggulan lists the user may turn into a report (and read in curation)."""
    if ReportKind.UNGGULAN not in report_kinds_for(user=user) or not user_can(user, Action.EXPORT):
        return UnggulanList.objects.none()
    return unggulan_lists_visible_to(user=user).order_by("-year", "kabkota_id")


def report_for(*, user: Any, pk: int) -> Report | None:
    """One report of the user's archive, or ``None`` (the views answer 404 without saying why)."""
    return reports_visible_to(user=user).filter(pk=pk).first()


def share_links_of(*, report: Report) -> QuerySet[ShareLink]:
    return report.share_links.select_related("created_by", "revoked_by")


def share_link_by_token(*, token: str) -> ShareLink | None:
    return ShareLink.objects.select_related("report").filter(token=token).first()


def share_link_usable(link: ShareLink) -> bool:
    """Not revoked and not expired."""
    return link.is_active(now=timezone.now())


# Dekranasda's crafts: the kriya categories and batik (a textile craft, filed under fashion).
CRAFT_CATEGORIES = Q(category__startswith="kriya.") | Q(category__startswith="fesyen.batik")


@dataclass(frozen=True)
class CraftCategoryRow:
    code: str
    label: str
    products: int
    businesses: int
    curated: int  # latest kurasi decision at least "layak pasar lokal"
    exported: int


def craft_categories(*, reader: Any, region_code: str = "") -> list[CraftCategoryRow]:
    """Active craft and batik products per category in the reader's scope (one kab/kota with
    ``region_code``), most products first: one grouped query over the catalogue."""
    products = Product.objects.visible_to(reader).filter(CRAFT_CATEGORIES, is_active=True)
    if region_code:
        products = products.filter(area_q([region_code], prefix="business__"))
    grouped = (
        products.values("category")
        .annotate(
            products=Count("pk"),
            businesses=Count("business", distinct=True),
            curated=Count("pk", filter=Q(curation_status__decision__gte=Decision.LAYAK_LOKAL)),
            exported=Count("pk", filter=Q(is_exported=True)),
        )
        .order_by("-products", "category")
    )
    rows = []
    for row in grouped:
        category = category_get(row["category"])
        label = str(category.name) if category else row["category"]
        rows.append(
            CraftCategoryRow(
                row["category"], label, row["products"], row["businesses"], row["curated"], row["exported"]
            )
        )
    return rows
