"""Export pairing: for each kab/kota and sector with businesses but no exporter, the kab/kota that
already export in that sector, with exporting businesses and mentors who coach exporters there.

An exporter is a business with a product marked as exported or whose latest kurasi decision is
``layak ekspor``. Counts per region are aggregates (no personal data); exporting businesses are named
only when the user may see them, mentors only for users who may see personal data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lapak.accounts.models import Role, User
from lapak.accounts.scoping import Action, kabkota_codes_for, user_can
from lapak.catalog.models import Product
from lapak.curation.models import Decision
from lapak.funnel.selectors import can_view_funnel, team_business_ids
from lapak.mentoring.selectors import mentor_teams
from lapak.regions.models import Region
from lapak.registry.models import Business, Sector

PARTNERS = 3  # partner kab/kota suggested per gap
EXAMPLES = 3  # exporting businesses and mentors named per partner
MAX_GAPS = 150


def exporter_q() -> Q:
    """Businesses with export experience (on ``Business``)."""
    exported = Product.objects.filter(business_id=OuterRef("pk")).filter(
        Q(is_exported=True) | Q(curation_status__decision=Decision.LAYAK_EKSPOR)
    )
    return Q(Exists(exported))


@dataclass
class Partner:
    kabkota: str
    kabkota_name: str
    exporters: int
    businesses: list[str] = field(default_factory=list)
    mentors: list[str] = field(default_factory=list)


@dataclass
class Gap:
    kabkota: str
    kabkota_name: str
    sector: str
    sector_label: str
    businesses: int
    partners: list[Partner] = field(default_factory=list)


def _province_businesses() -> QuerySet[Business]:
    return Business.objects.filter(province_id=settings.LAPAK_HOME_PROVINCE)


def export_matrix() -> dict[tuple[str, str], tuple[int, int]]:
    """(kab/kota, sector) → (businesses, exporters), province-wide, one GROUP BY."""
    rows = (
        _province_businesses()
        .values("kabkota_id", "sector")
        .annotate(total=Count("pk"), exporters=Count("pk", filter=exporter_q()))
        .order_by()
    )
    return {(r["kabkota_id"], r["sector"]): (r["total"], r["exporters"]) for r in rows}


def pairing_suggestions(*, user: Any, kabkota: str | None = None) -> list[Gap]:
    """Gaps in the user's kab/kota (largest first) with their partner kab/kota (most exporters first)."""
    if not can_view_funnel(user):
        return []
    matrix = export_matrix()
    scope = kabkota_codes_for(user)
    names = dict(Region.objects.filter(code__in={k for k, _ in matrix}).values_list("code", "name"))
    sectors = {str(value): str(label) for value, label in Sector.choices}
    gaps = [
        Gap(code, names.get(code, code), sector, sectors.get(sector, sector), total)
        for (code, sector), (total, exporters) in matrix.items()
        if exporters == 0 and (scope is None or code in scope) and (not kabkota or code == kabkota)
    ]
    gaps.sort(key=lambda g: (-g.businesses, g.kabkota, g.sector))
    gaps = gaps[:MAX_GAPS]
    exporting: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (code, sector), (_total, exporters) in matrix.items():
        if exporters:
            exporting[sector].append((exporters, code))
    for gap in gaps:
        best = sorted(exporting.get(gap.sector, []), key=lambda item: (-item[0], item[1]))[:PARTNERS]
        gap.partners = [Partner(code, names.get(code, code), count) for count, code in best]
    _name_examples(user, gaps)
    return gaps


def _name_examples(user: Any, gaps: list[Gap]) -> None:
    """Exporting businesses the user may see, and (for users who may see names) their mentors."""
    visible = Business.objects.visible_to(user).filter(exporter_q())
    wanted = {(p.kabkota, g.sector) for g in gaps for p in g.partners}
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kabkota, sector in wanted:
        names = visible.filter(kabkota_id=kabkota, sector=sector).order_by("name", "pk")
        examples[(kabkota, sector)] = list(names.values_list("name", flat=True)[:EXAMPLES])
    mentors = _export_mentors(wanted) if user_can(user, Action.VIEW_PERSONAL) else {}
    for gap in gaps:
        for partner in gap.partners:
            partner.businesses = examples[(partner.kabkota, gap.sector)]
            partner.mentors = mentors.get((partner.kabkota, gap.sector), [])[:EXAMPLES]


def _export_mentors(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """Mentors whose active teams cover exporters, per (kab/kota, sector) asked for."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    if not wanted:
        return found
    mentors = User.objects.filter(role=Role.PENDAMPING, is_active=True, mentoring_memberships__isnull=False)
    for mentor in mentors.distinct().order_by("first_name", "username"):
        covered = Q(pk__in=[])
        for team in mentor_teams(mentor):
            covered |= Q(pk__in=team_business_ids(team))
        pairs = (
            _province_businesses().filter(covered).filter(exporter_q()).values_list("kabkota_id", "sector")
        )
        for pair in set(pairs):
            if pair in wanted:
                found[pair].append(mentor.get_full_name() or mentor.username)
    return found
