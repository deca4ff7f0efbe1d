"""Where the next visits should go: kecamatan or desa ranked by poverty, registered businesses not yet on
a marketplace, and the mentoring they already had, with every part of the score shown.

Score (0-100) = 40% poverty + 40% businesses not yet online + 20% mentoring gap, each part scaled to the
highest value among the regions listed (so 100 is "the most of all shown"):

- poverty: the region's latest BPS poverty rate; a kecamatan or desa without its own figure takes its
  kecamatan's or kab/kota's (the row says which);
- not yet online: registered businesses with no live marketplace listing (the funnel's ``listed`` fact);
- mentoring gap: 1 - (done visits per business not yet online) / (the highest such rate shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lapak.funnel.selectors import funnel_visible_to
from lapak.mentoring.selectors import visits_per_region
from lapak.regions.models import POVERTY_RATE, Region, RegionIndicator, RegionLevel
from lapak.regions.selectors import region_path

WEIGHTS = {"poverty": 40, "offline": 40, "mentoring": 20}
SUGGESTED = 10  # the top rows are offered as the next places to visit
LEVELS = {RegionLevel.KECAMATAN: "kecamatan", RegionLevel.DESA: "desa"}
_PERIOD_ORDER = {"Maret": 1, "September": 2}


@dataclass
class Part:
    """One component of a score: the raw figure, its 0-100 scale, weight and contribution."""

    raw: float
    scaled: float
    weight: int

    @property
    def contribution(self) -> float:
        return round(self.scaled * self.weight / 100, 1)


@dataclass
class PriorityRow:
    code: str
    name: str
    parent_name: str
    kabkota_name: str
    businesses: int
    offline: int
    visits: int
    poverty_rate: Decimal | None
    poverty_from: str  # the level the rate was taken from: "desa", "kecamatan" or "kab/kota"
    parts: dict[str, Part] = field(default_factory=dict)
    rank: int = 0

    @property
    def score(self) -> float:
        return round(sum(part.contribution for part in self.parts.values()), 1)

    @property
    def suggested(self) -> bool:
        return self.rank <= SUGGESTED

    @property
    def visits_per_business(self) -> float:
        return round(self.visits / self.offline, 2) if self.offline else 0.0

    @property
    def reason(self) -> str:
        rate = "—" if self.poverty_rate is None else f"{self.poverty_rate}%"
        return _("kemiskinan %(rate)s, %(offline)s usaha belum online, %(visits)s kunjungan") % {
            "rate": rate, "offline": self.offline, "visits": self.visits,
        }  # fmt: skip


def priority_list(*, user: Any, level: int, kabkota: str | None = None) -> list[PriorityRow]:
    """Kecamatan (``level`` 3) or desa (4) with businesses the user may see, highest score first."""
    column = f"business__{LEVELS[RegionLevel(level)]}_id"
    rows = funnel_visible_to(user=user)
    if kabkota:
        rows = rows.filter(business__kabkota_id=kabkota)
    counted = (
        rows.values(column)
        .annotate(total=Count("pk"), offline=Count("pk", filter=Q(reached_listed_at__isnull=True)))
        .filter(offline__gt=0)
        .order_by()
    )
    counts = {row[column]: (row["total"], row["offline"]) for row in counted}
    if not counts:
        return []
    visits = visits_per_region(LEVELS[RegionLevel(level)])
    poverty = poverty_for(list(counts))
    names = _names(list(counts))
    result = [
        PriorityRow(
            code=code, name=names[code][0], parent_name=names[code][1], kabkota_name=names[code][2],
            businesses=total, offline=offline, visits=visits.get(code, 0),
            poverty_rate=poverty[code][0], poverty_from=poverty[code][1],
        )
        for code, (total, offline) in counts.items()
    ]  # fmt: skip
    return rank(result)


def rank(rows: list[PriorityRow]) -> list[PriorityRow]:
    """Score every row against the highest figures among ``rows`` and number them, best first."""
    top_rate = max((float(r.poverty_rate) for r in rows if r.poverty_rate is not None), default=0.0)
    top_offline = max((r.offline for r in rows), default=0)
    top_coverage = max((r.visits_per_business for r in rows), default=0.0)
    for row in rows:
        rate = float(row.poverty_rate) if row.poverty_rate is not None else 0.0
        coverage = row.visits_per_business
        row.parts = {
            "poverty": Part(rate, _scale(rate, top_rate), WEIGHTS["poverty"]),
            "offline": Part(row.offline, _scale(row.offline, top_offline), WEIGHTS["offline"]),
            "mentoring": Part(
                coverage, 100.0 - _scale(coverage, top_coverage) if top_coverage else 100.0,
                WEIGHTS["mentoring"],
            ),
        }  # fmt: skip
    rows.sort(key=lambda r: (-r.score, -r.offline, r.code))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def _scale(value: float, top: float) -> float:
    return round(100 * value / top, 1) if top else 0.0


def poverty_for(codes: list[str]) -> dict[str, tuple[Decimal | None, str]]:
    """Each region's latest poverty rate, from the finest level that has one: its own, its kecamatan's,
    its kab/kota's; with the level it came from."""
    paths = {code: region_path(code) for code in codes}
    wanted = {ancestor for path in paths.values() for ancestor in path[1:]}
    latest: dict[str, tuple[tuple[int, int], Decimal]] = {}
    indicators = RegionIndicator.objects.filter(indicator=POVERTY_RATE, region_id__in=wanted)
    for region_id, year, period, value in indicators.values_list("region_id", "year", "period", "value"):
        key = (year, _PERIOD_ORDER.get(period, 0))
        if region_id not in latest or key > latest[region_id][0]:
            latest[region_id] = (key, value)
    level_names = {2: _("kab/kota"), 3: _("kecamatan"), 4: _("desa")}
    result: dict[str, tuple[Decimal | None, str]] = {}
    for code, path in paths.items():
        found = next((c for c in reversed(path[1:]) if c in latest), None)
        result[code] = (latest[found][1], level_names[len(region_path(found))]) if found else (None, "")
    return result


def _names(codes: list[str]) -> dict[str, tuple[str, str, str]]:
    """(name, parent name, kab/kota name) of each region, from one query."""
    related = {ancestor for code in codes for ancestor in region_path(code)[1:]}
    names = dict(Region.objects.filter(code__in=related).values_list("code", "name"))
    return {
        code: (names.get(code, code), names.get(code.rsplit(".", 1)[0], ""), names.get(code[:5], ""))
        for code in codes
    }
