"""Reads of field mentoring: which teams, visits and trainings a user may see, the supervisor's view,
and the set-based figures the funnel and targets (``lapak.funnel``) and kurasi build on.

Visibility follows ``lapak.accounts.scoping``: staff see the work done in their region (the visit's or
training's place), a pendamping sees the work of their own teams, other roles see none of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lapak.accounts.models import Role
from lapak.accounts.scoping import NOTHING, Action, area_q, home_province_code, user_can
from lapak.mentoring.models import (
    MemberRole,
    Team,
    TeamMembership,
    Training,
    TrainingMaterial,
    TrainingParticipant,
    Visit,
    VisitStatus,
)
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business
from lapak.registry.selectors import kabkota_choices_for

REGION_LEVELS = ("kabkota", "kecamatan", "desa")
VISIT_FORM_CANDIDATES = 400  # businesses listed in the visit form (filtered on the phone, offline too)
SUPERVISOR_ROWS = 300

# --- For the funnel and targets (lapak.funnel) -------------------------------------------------------


def team_business_q(team: Team) -> Q:
    """The businesses a team covers: those in its areas (kab/kota, kecamatan or desa) and those on its
    explicit list. Use as ``Business.objects.filter(team_business_q(team))``; one query for the area
    codes, the list stays a subquery."""
    codes = list(team.areas.values_list("code", flat=True))
    listed = Team.businesses.through.objects.filter(team=team).values("business_id")
    return area_q(codes) | Q(pk__in=listed)


def mentored_business_ids_since(since: date) -> QuerySet[Any]:
    """Ids of the businesses met in a done visit on or after ``since`` (distinct), as a lazy queryset:
    use as ``Business.objects.filter(pk__in=mentored_business_ids_since(d))``. Not scoped to a user:
    filter the businesses by ``scope_q`` on the outside."""
    return (
        Visit.businesses.through.objects.filter(visit__status=VisitStatus.DONE, visit__visit_date__gte=since)
        .values_list("business_id", flat=True)
        .distinct()
    )


def visits_per_region(level: str, *, since: date | None = None) -> dict[str, int]:
    """Done visits per region of the businesses met: ``level`` is "kabkota", "kecamatan" or "desa".

    One GROUP BY over the visit-business link; a visit that met three businesses of one desa counts
    once for that desa (and once for each other region its businesses lie in). ``since`` limits the
    visits to those on or after a date. Province-wide, not scoped to a user.
    """
    if level not in REGION_LEVELS:
        raise ValueError(f"level must be one of {REGION_LEVELS}, not {level!r}")
    key = f"business__{level}_id"
    links = Visit.businesses.through.objects.filter(visit__status=VisitStatus.DONE)
    if since is not None:
        links = links.filter(visit__visit_date__gte=since)
    rows = links.values(key).annotate(visits=Count("visit_id", distinct=True)).order_by(key)
    return {row[key]: row["visits"] for row in rows}


def mentor_teams(user: Any) -> QuerySet[Team]:
    """The active teams ``user`` is a member of (lead or member), by name."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(is_active=True, memberships__user=user).order_by("name", "pk").distinct()


def business_mentor_ids(business: Business, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` mentor ``business``: members of an active team covering it (its areas or
    its list), or the mentor of a visit (planned or done) that included it. Two queries; used by the
    kurasi conflict-of-interest rule."""
    ids = set(user_ids)
    codes = [business.kabkota_id, business.kecamatan_id, business.desa_id]
    covering = Q(team_id__in=Team.areas.through.objects.filter(region_id__in=codes).values("team_id"))
    covering |= Q(team_id__in=Team.businesses.through.objects.filter(business=business).values("team_id"))
    members = TeamMembership.objects.filter(covering, user_id__in=ids, team__is_active=True)
    visitors = Visit.objects.filter(businesses=business, mentor_id__in=ids)
    return set(members.values_list("user_id", flat=True)) | set(visitors.values_list("mentor_id", flat=True))


# --- Who sees what -----------------------------------------------------------------------------------


def _staff_region(user: Any) -> str | None:
    """The region code whose work an admin, pimpinan (province) or operator (kab/kota) sees."""
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.PIMPINAN):
        return home_province_code(user)
    if user.role == Role.OPERATOR_KABKOTA:
        return user.region_id
    return None


def _place_q(code: str) -> Q:
    return Q(place_id=code) | Q(place__code__startswith=f"{code}.")


def _work_q(user: Any) -> Q:
    """Visits and trainings the user may see: staff by place, a pendamping those of their teams."""
    if not user_can(user, Action.VIEW):
        return NOTHING
    region = _staff_region(user)
    if region is not None:
        return _place_q(region)
    if user.role == Role.PENDAMPING:
        teams = TeamMembership.objects.filter(user=user).values("team_id")
        return Q(team_id__in=teams)
    return NOTHING


def teams_visible_to(*, user: Any) -> QuerySet[Team]:
    """Teams the user may see: the province's for admin and pimpinan, those based in an operator's
    kab/kota, a pendamping's own teams (active or not)."""
    if not user_can(user, Action.VIEW):
        return Team.objects.none()
    region = _staff_region(user)
    if region is not None:
        return Team.objects.filter(Q(region_id=region) | Q(region__code__startswith=f"{region}."))
    if user.role == Role.PENDAMPING:
        return Team.objects.filter(pk__in=TeamMembership.objects.filter(user=user).values("team_id"))
    return Team.objects.none()


def visits_visible_to(*, user: Any) -> QuerySet[Visit]:
    """Visits the user may see (``_work_q``); a mentor of one area never sees another area's visits."""
    return Visit.objects.filter(_work_q(user))


def trainings_visible_to(*, user: Any) -> QuerySet[Training]:
    """Trainings and events the user may see: the same rule as visits (``_work_q``)."""
    return Training.objects.filter(_work_q(user))


def materials_visible_to(*, user: Any) -> QuerySet[TrainingMaterial]:
    """Materials of the trainings the user may see."""
    return TrainingMaterial.objects.filter(training__in=trainings_visible_to(user=user).values("pk"))


def sees_mentoring(user: Any) -> bool:
    """Whether the mentoring pages have anything for the user (staff of a region, or a pendamping)."""
    if not user_can(user, Action.VIEW):
        return False
    return _staff_region(user) is not None or user.role == Role.PENDAMPING


def recordable_teams(*, user: Any) -> QuerySet[Team]:
    """Active teams the user may record visits and trainings for: their own, or for a supervising
    admin/operator who belongs to none, the teams they manage."""
    if not user_can(user, Action.ADD):
        return Team.objects.none()
    own = mentor_teams(user)
    if own.exists() or not user_can(user, Action.SUPERVISE):
        return own
    return teams_visible_to(user=user).filter(is_active=True).order_by("name", "pk")


def is_team_lead(user: Any, team: Team) -> bool:
    """Whether ``user`` leads ``team`` (reads all its visits, may complete its members' visits)."""
    return TeamMembership.objects.filter(team=team, user=user, role=MemberRole.LEAD).exists()


def supervisor_teams(*, user: Any) -> QuerySet[Team]:
    """Teams whose visits the user supervises: staff with ``SUPERVISE`` those they see, a lead theirs."""
    if user_can(user, Action.SUPERVISE):
        return teams_visible_to(user=user)
    if not user_can(user, Action.VIEW):
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, memberships__role=MemberRole.LEAD)


def can_supervise(user: Any) -> bool:
    """Whether the supervisor page has anything for the user: staff with ``SUPERVISE`` or a team lead."""
    return user_can(user, Action.SUPERVISE) or supervisor_teams(user=user).exists()


def can_manage_team(user: Any, team: Team) -> bool:
    """Admins manage any team they see, an operator the teams based in their kab/kota."""
    return user_can(user, Action.SUPERVISE) and teams_visible_to(user=user).filter(pk=team.pk).exists()


def can_change_visit(user: Any, visit: Visit) -> bool:
    """The visit's mentor, a lead of its team, or a supervising staff member who sees it."""
    if not user_can(user, Action.CHANGE) or not visits_visible_to(user=user).filter(pk=visit.pk).exists():
        return False
    return visit.mentor_id == user.pk or is_team_lead(user, visit.team) or user_can(user, Action.SUPERVISE)


def can_change_training(user: Any, training: Training) -> bool:
    """A member of the organising team, or a supervising staff member who sees the training."""
    if (
        not user_can(user, Action.CHANGE)
        or not trainings_visible_to(user=user).filter(pk=training.pk).exists()
    ):
        return False
    member = TeamMembership.objects.filter(team_id=training.team_id, user=user).exists()
    return member or user_can(user, Action.SUPERVISE)


# --- Pages -------------------------------------------------------------------------------------------


def visit_list(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """Visits with what a list shows: team, mentor, place and the names of the businesses met."""
    names = Prefetch("businesses", queryset=Business.objects.only("pk", "name").order_by("name"))
    return visits.select_related("team", "mentor", "place").prefetch_related(names)


def planned_visits(*, user: Any) -> QuerySet[Visit]:
    """The user's own planned visits, soonest first (today's and overdue ones included)."""
    return visit_list(
        Visit.objects.filter(mentor=user, status=VisitStatus.PLANNED).order_by("visit_date", "pk")
    )


def recent_visits(*, user: Any, limit: int = 20) -> list[Visit]:
    """The latest done visits the user may see."""
    return list(visit_list(visits_visible_to(user=user).filter(status=VisitStatus.DONE))[:limit])


def upcoming_trainings(*, user: Any, limit: int = 10) -> list[Training]:
    """Trainings the user may see that are coming or ended less than 30 days ago, soonest first."""
    since = timezone.now() - timedelta(days=30)
    trainings = trainings_visible_to(user=user).filter(ends_at__gte=since).select_related("team", "place")
    return list(trainings.order_by("starts_at", "pk")[:limit])


@dataclass(frozen=True)
class Candidates:
    """The businesses a form offers, and whether more exist than it lists."""

    rows: list[Business]
    capped: bool


def visit_candidates(*, user: Any, include: Iterable[int] = (), search: str = "") -> Candidates:
    """Businesses offered in the visit and training forms: those covered by the user's teams that the
    user may record for, by kab/kota and name, at most ``VISIT_FORM_CANDIDATES`` (the page filters them
    on the phone, offline too); ``search`` narrows by name on the server; ``include`` adds those asked for.
    The order follows the (kab/kota, name) index, so a kab/kota of 100,000 businesses stays quick."""
    covered = NOTHING
    for team in recordable_teams(user=user):
        covered |= team_business_q(team)
    businesses = (
        Business.objects.restrict(user, Action.ADD)
        .filter(covered)
        .select_related("desa")
        .only("pk", "name", "desa__name", "kabkota_id", "kecamatan_id", "desa_id")
    )
    found = businesses.filter(name__icontains=search.strip()) if search.strip() else businesses
    rows = list(found.order_by("kabkota_id", "name", "pk")[: VISIT_FORM_CANDIDATES + 1])
    capped = len(rows) > VISIT_FORM_CANDIDATES
    rows = rows[:VISIT_FORM_CANDIDATES]
    missing = set(include) - {b.pk for b in rows}
    if missing:
        rows = list(businesses.filter(pk__in=missing)) + rows
    return Candidates(rows, capped)


def team_businesses(team: Team, *, user: Any, limit: int = 50) -> list[Business]:
    """The first businesses a team covers that the user may see, for the team page."""
    covered = Business.objects.visible_to(user).filter(team_business_q(team))
    return list(covered.select_related("desa").order_by("name", "pk")[:limit])


def team_members(team: Team) -> QuerySet[TeamMembership]:
    """A team's members with their users, leads first ("ketua" sorts after "anggota", hence descending)."""
    return team.memberships.select_related("user").order_by("-role", "user__first_name", "user__username")


def team_kabkota_choices(*, user: Any) -> QuerySet[Region]:
    """The regions a team may be based in: the province (admin) or the user's kab/kota."""
    province = settings.LAPAK_HOME_PROVINCE
    region = _staff_region(user)
    regions = Region.objects.filter(Q(code=province) | Q(level=RegionLevel.KABKOTA, parent_id=province))
    if region is None:
        return regions.none()
    return regions if region == province else regions.filter(code=region)


def training_participants(training: Training) -> QuerySet[TrainingParticipant]:
    """A training's participants with their business and desa, by name."""
    return training.participations.select_related("business__desa").order_by("business__name")


# --- Supervisor page ---------------------------------------------------------------------------------


@dataclass
class MentorVisits:
    """One mentor's visits on the supervisor page, latest first, with counts."""

    mentor: Any
    visits: list[Visit] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for v in self.visits if v.status == VisitStatus.DONE)

    @property
    def planned(self) -> int:
        return len(self.visits) - self.done


def supervisor_visits(
    *,
    user: Any,
    team: Team | None = None,
    kabkota: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Visit]:
    """The visits a supervisor reads: staff every visit they see, a team lead those of the teams they
    lead; narrowed by team, kab/kota of the place and date range; latest first."""
    visits = (
        visits_visible_to(user=user)
        if user_can(user, Action.SUPERVISE)
        else Visit.objects.filter(team__in=supervisor_teams(user=user).values("pk"))
    )
    if team is not None:
        visits = visits.filter(team=team)
    if kabkota:
        visits = visits.filter(place__code__startswith=f"{kabkota}.")
    if date_from is not None:
        visits = visits.filter(visit_date__gte=date_from)
    if date_to is not None:
        visits = visits.filter(visit_date__lte=date_to)
    return visit_list(visits).order_by("-visit_date", "-pk")


def visits_by_mentor(visits: Iterable[Visit]) -> list[MentorVisits]:
    """Visits grouped by mentor (the mentor with the latest visit first), each group latest first."""
    groups: dict[int, MentorVisits] = {}
    for visit in visits:
        groups.setdefault(visit.mentor_id, MentorVisits(visit.mentor)).visits.append(visit)
    return list(groups.values())


def supervisor_kabkota_choices(*, user: Any) -> QuerySet[Region]:
    """The kab/kota a supervisor may filter by: those of their scope (``scoping.kabkota_codes_for``)."""
    return kabkota_choices_for(user=user)
