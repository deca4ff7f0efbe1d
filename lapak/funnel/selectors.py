"""Reads of the funnel: who sees it, counts per stage, conversion, median time in stage, the businesses
stuck longest, groupings per kab/kota, team and mentor, the creator/reseller split and the targets.

Every business-linked read goes through ``scope_q`` (``funnel_visible_to``); teams and mentors come from
``lapak.mentoring.selectors``. Target progress and forecasts are in ``progress``, the priority list in
``targeting``, export pairing in ``pairing``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.fields import DateTimeField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, User
from lapak.accounts.scoping import Action, kabkota_codes_for, scope_q, user_can
from lapak.funnel.models import STAGE_STEMS, BusinessFunnel, Stage, SupplyMode, Target
from lapak.mentoring.models import Team
from lapak.mentoring.selectors import mentor_teams, team_business_q, teams_visible_to
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business

# Roles the funnel is for: staff who steer mentoring, mentors, the leadership and the craft council.
FUNNEL_ROLES = frozenset(
    {Role.ADMIN_PROVINSI, Role.OPERATOR_KABKOTA, Role.PENDAMPING, Role.PIMPINAN, Role.DEKRANASDA}
)
STUCK_ROWS = 50
EXPORT_ROWS = 10_000

# What a mentor can do next for a business stuck at each stage.
NEXT_STEP = {
    Stage.REGISTERED: _("Bantu melengkapi legalitas (NIB; pangan: P-IRT/BPOM dan halal)."),
    Stage.LEGAL: _("Siapkan produk untuk kurasi: foto, kemasan, label, deskripsi."),
    Stage.CURATED: _("Bantu membuka toko di marketplace; produk perlu kurasi minimal layak pasar modern."),
    Stage.LISTED: _("Dampingi sampai penjualan daring pertama: foto, harga, promosi."),
    Stage.FIRST_SALE: _("Dampingi agar berjualan daring setiap bulan."),
}


def can_view_funnel(user: Any) -> bool:
    if not user_can(user, Action.VIEW):
        return False
    return bool(user.is_superuser or user.role in FUNNEL_ROLES)


def funnel_visible_to(*, user: Any) -> QuerySet[BusinessFunnel]:
    """Funnel rows of the businesses the user may see (the one scoping path)."""
    if not can_view_funnel(user):
        return BusinessFunnel.objects.none()
    return BusinessFunnel.objects.filter(scope_q(user, prefix="business__"))


def team_business_ids(team: Team) -> QuerySet[Any]:
    return Business.objects.filter(team_business_q(team)).values("pk")


def mentor_business_q(mentor: Any) -> Q:
    """Businesses covered by any active team of ``mentor`` (on ``BusinessFunnel``)."""
    q = Q(pk__in=[])
    for team in mentor_teams(mentor):
        q |= Q(business_id__in=team_business_ids(team))
    return q


def funnel_filtered(
    *, user: Any, kabkota: str | None = None, team: Team | None = None, mentor: Any = None
) -> QuerySet[BusinessFunnel]:
    """The user's funnel rows narrowed to a kab/kota, a team's businesses, a mentor's businesses."""
    rows = funnel_visible_to(user=user)
    if kabkota:
        rows = rows.filter(business__kabkota_id=kabkota)
    if team is not None:
        rows = rows.filter(business_id__in=team_business_ids(team))
    if mentor is not None:
        rows = rows.filter(mentor_business_q(mentor))
    return rows


def team_choices_for(*, user: Any) -> QuerySet[Team]:
    return teams_visible_to(user=user).order_by("name", "pk")


def mentor_choices_for(*, user: Any) -> QuerySet[User]:
    """Mentors in active teams the user sees; names are personal data, so only for users who may see it."""
    if not user_can(user, Action.VIEW_PERSONAL):
        return User.objects.none()
    teams = team_choices_for(user=user).filter(is_active=True)
    return (
        User.objects.filter(role=Role.PENDAMPING, is_active=True, mentoring_memberships__team__in=teams)
        .distinct()
        .order_by("first_name", "username")
    )


# --- Counts, conversion, medians --------------------------------------------------------------------


def entered_field(stage: int) -> str:
    """The column holding when a business entered ``stage`` in funnel order."""
    stem = STAGE_STEMS[Stage(stage)]
    return "reached_registered_at" if stage == Stage.REGISTERED else f"entered_{stem}_at"


@dataclass
class StageRow:
    """One stage of a funnel summary. ``reached``: at this stage or beyond; ``fact``: the stage's own
    fact holds whatever the earlier stages; medians in days."""

    stage: Stage
    current: int = 0
    reached: int = 0
    fact: int = 0
    conversion: float | None = None
    median_days_moved: float | None = None
    median_days_waiting: float | None = None

    @property
    def label(self) -> str:
        return str(self.stage.label)

    @property
    def skipped(self) -> int:
        """Businesses whose fact of this stage holds while an earlier stage does not."""
        return max(self.fact - self.reached, 0)


def stage_counts(rows: QuerySet[BusinessFunnel]) -> dict[int, int]:
    """How many businesses are at each stage now (one GROUP BY)."""
    counted = rows.values("current_stage").annotate(n=Count("pk")).order_by()
    return {row["current_stage"]: row["n"] for row in counted}


def funnel_counts(rows: QuerySet[BusinessFunnel]) -> tuple[dict[int, int], dict[int, int]]:
    """Businesses at each stage now, and holding each stage's own fact: one scan for both."""
    aggregates = {f"at{stage}": Count("pk", filter=Q(current_stage=stage)) for stage in Stage}
    aggregates |= {f"fact{stage}": Count(f"reached_{STAGE_STEMS[stage]}_at") for stage in Stage}
    totals = rows.aggregate(**aggregates)
    return {s: totals[f"at{s}"] for s in Stage}, {s: totals[f"fact{s}"] for s in Stage}


def funnel_summary(
    rows: QuerySet[BusinessFunnel], *, now: datetime | None = None, medians: bool = True
) -> list[StageRow]:
    """Counts per stage, conversion from the previous stage (percent) and median days in stage."""
    current, facts = funnel_counts(rows)
    summary = [StageRow(stage=stage, current=current.get(stage, 0), fact=facts[stage]) for stage in Stage]
    reached = 0
    for row in reversed(summary):
        reached += row.current
        row.reached = reached
    for previous, row in pairwise(summary):
        row.conversion = round(100 * row.reached / previous.reached, 1) if previous.reached else None
    if medians:
        for row, (moved, waiting) in zip(summary, stage_medians(rows, now=now), strict=True):
            row.median_days_moved, row.median_days_waiting = moved, waiting
    return summary


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class _EpochDays(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s) / 86400.0"
    output_field = FloatField()


def _durations(stage: int, now: datetime) -> tuple[Any, Q, Any, Q]:
    """(moved-on duration, its filter, waiting duration, its filter) of one stage."""
    moved = F(entered_field(stage + 1)) - F(entered_field(stage)) if stage < Stage.REGULAR else None
    waiting = Value(now, output_field=DateTimeField()) - F("stage_since")
    return moved, Q(current_stage__gt=stage), waiting, Q(current_stage=stage)


def stage_medians(rows: QuerySet[BusinessFunnel], *, now: datetime | None = None) -> list[tuple[Any, Any]]:
    """Per stage: median days spent there by businesses that moved on, and median days so far of those
    still there. PostgreSQL: one scan with ``percentile_cont``; SQLite (small offices): ordered offsets."""
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        aggregates = {}
        for stage in Stage:
            moved, moved_q, waiting, waiting_q = _durations(stage, now)
            if moved is not None:
                aggregates[f"m{stage}"] = _Median(_EpochDays(moved), filter=moved_q)
            aggregates[f"w{stage}"] = _Median(_EpochDays(waiting), filter=waiting_q)
        values = rows.aggregate(**aggregates)
        return [(_days(values.get(f"m{s}")), _days(values[f"w{s}"])) for s in Stage]
    result = []
    for stage in Stage:
        moved, moved_q, waiting, waiting_q = _durations(stage, now)
        moved_days = _median_by_offset(rows.filter(moved_q), moved) if moved is not None else None
        result.append((moved_days, _median_by_offset(rows.filter(waiting_q), waiting)))
    return result


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _median_by_offset(rows: QuerySet[BusinessFunnel], duration: Any) -> float | None:
    total = rows.count()
    if not total:
        return None
    ordered = rows.annotate(d=duration).order_by("d").values_list("d", flat=True)
    middle = list(ordered[(total - 1) // 2 : total // 2 + 1])
    days = [d.total_seconds() / 86400 for d in middle]
    return _days(sum(days) / len(days))


# --- Groupings --------------------------------------------------------------------------------------


@dataclass
class GroupCounts:
    """Counts per stage of one kab/kota, team or mentor."""

    key: Any
    label: str
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def per_stage(self) -> list[int]:
        return [self.counts.get(stage, 0) for stage in Stage]

    @property
    def listed_share(self) -> float | None:
        """Percent of the group at the marketplace stage or beyond."""
        listed = sum(n for stage, n in self.counts.items() if stage >= Stage.LISTED)
        return round(100 * listed / self.total, 1) if self.total else None


def counts_by_kabkota(rows: QuerySet[BusinessFunnel]) -> list[GroupCounts]:
    """Counts per stage for every kab/kota present in ``rows`` (one GROUP BY), in code order."""
    grouped = rows.values("business__kabkota_id", "current_stage").annotate(n=Count("pk")).order_by()
    groups: dict[str, GroupCounts] = {}
    for row in grouped:
        code = row["business__kabkota_id"]
        groups.setdefault(code, GroupCounts(code, code)).counts[row["current_stage"]] = row["n"]
    for region in Region.objects.filter(code__in=groups):
        groups[region.code].label = region.name
    return [groups[code] for code in sorted(groups)]


def counts_by_team(rows: QuerySet[BusinessFunnel], teams: Iterable[Team]) -> list[GroupCounts]:
    """Counts per stage of each team's businesses within ``rows``; teams with none are left out."""
    result = []
    for team in teams:
        counts = stage_counts(rows.filter(business_id__in=team_business_ids(team)))
        if counts:
            result.append(GroupCounts(team.pk, team.name, counts))
    return result


def counts_by_mentor(rows: QuerySet[BusinessFunnel], mentors: Iterable[Any]) -> list[GroupCounts]:
    result = []
    for mentor in mentors:
        counts = stage_counts(rows.filter(mentor_business_q(mentor)))
        if counts:
            result.append(GroupCounts(mentor.pk, mentor.get_full_name() or mentor.username, counts))
    return result


# --- Stuck businesses --------------------------------------------------------------------------------


def stuck_businesses(
    rows: QuerySet[BusinessFunnel], *, stage: int | None = None, limit: int = STUCK_ROWS
) -> list[BusinessFunnel]:
    """Businesses longest in their current stage (not yet selling regularly), longest first."""
    stuck = rows.filter(current_stage__lt=Stage.REGULAR)
    if stage:
        stuck = stuck.filter(current_stage=stage)
    stuck = stuck.select_related("business__kabkota", "business__kecamatan", "business__desa")
    return list(stuck.order_by("stage_since", "business_id")[:limit])


def next_step(row: BusinessFunnel) -> str:
    return str(NEXT_STEP.get(Stage(row.current_stage), ""))


def days_in_stage(row: BusinessFunnel, *, now: datetime | None = None) -> int:
    return ((now or timezone.now()) - row.stage_since).days


# --- Creator or reseller -----------------------------------------------------------------------------


@dataclass
class SupplySplit:
    key: str
    label: str
    creator: int
    reseller: int
    both: int
    unknown: int

    @property
    def total(self) -> int:
        return self.creator + self.reseller + self.both + self.unknown

    @property
    def reseller_share(self) -> float | None:
        """Percent of the recorded businesses that resell only."""
        known = self.creator + self.reseller + self.both
        return round(100 * self.reseller / known, 1) if known else None


def supply_split(*, user: Any, by: str, kabkota: str | None = None) -> list[SupplySplit]:
    """Creators, resellers, both and not recorded, per kab/kota (``by="kabkota"``) or sector."""
    if not can_view_funnel(user):
        return []
    businesses = Business.objects.visible_to(user)
    if kabkota:
        businesses = businesses.filter(kabkota_id=kabkota)
    column = "kabkota_id" if by == "kabkota" else "sector"
    counted = (
        businesses.values(column)
        .annotate(
            creator=Count("pk", filter=Q(supply__mode=SupplyMode.CREATOR)),
            reseller=Count("pk", filter=Q(supply__mode=SupplyMode.RESELLER)),
            both=Count("pk", filter=Q(supply__mode=SupplyMode.BOTH)),
            unknown=Count("pk", filter=Q(supply__isnull=True)),
        )
        .order_by(column)
    )
    labels = _supply_labels(by, [row[column] for row in counted])
    return [
        SupplySplit(row[column], labels.get(row[column], row[column]), row["creator"], row["reseller"],
                    row["both"], row["unknown"])
        for row in counted
    ]  # fmt: skip


def _supply_labels(by: str, keys: list[str]) -> dict[str, str]:
    from lapak.registry.models import Sector

    if by == "kabkota":
        return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    return {str(value): str(label) for value, label in Sector.choices}


# --- Targets -----------------------------------------------------------------------------------------


def _within_codes(codes: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(code=code) | Q(code__startswith=f"{code}.")
    return q


def target_regions_for(*, user: Any) -> QuerySet[Region]:
    """Regions a target may be set for by this user: the province and its kab/kota (admins)."""
    province = settings.LAPAK_HOME_PROVINCE
    regions = Region.objects.filter(Q(code=province) | Q(level=RegionLevel.KABKOTA, parent_id=province))
    if not user_can(user, Action.CONFIGURE):
        return regions.none()
    return regions.order_by("code")


def targets_visible_to(*, user: Any) -> QuerySet[Target]:
    """Targets of the user's region: the whole province for admin and pimpinan, the own kab/kota (and
    below) for an operator, the kab/kota of their areas for mentors."""
    if not can_view_funnel(user):
        return Target.objects.none()
    codes = kabkota_codes_for(user)
    province = settings.LAPAK_HOME_PROVINCE
    regions = Region.objects.filter(_within_codes([province] if codes is None else codes))
    return Target.objects.filter(region__in=regions.values("code")).select_related("region")


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as [start of its first day, start of the day after its last day), Asia/Jakarta."""
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return first, after
