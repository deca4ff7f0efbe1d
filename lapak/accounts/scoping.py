"""The one place that decides which records a user may see and what they may do with them.

Every view, export, job and API endpoint reaches business-linked data through
``Business.objects.visible_to(user)`` / ``restrict(user, action)`` or, for models that hang off a
business, through ``scope_q(user, prefix="business__")``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from lapak.accounts.models import Role

if TYPE_CHECKING:
    from lapak.accounts.models import User


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    VERIFY = "verify"
    EXPORT = "export"
    VIEW_PERSONAL = "view_personal"
    IMPORT = "import"
    MERGE = "merge"
    ASSESS = "assess"  # kurasi: score a product assigned to oneself
    CURATE = "curate"  # kurasi: assign curators, open rounds, confirm the produk unggulan list
    CONFIGURE = "configure"  # province-wide settings: kurasi rubrics, produk unggulan weights
    SUPERVISE = "supervise"  # pendampingan: organise field teams and read their visits
    HANDLE_REQUESTS = "handle_requests"  # UU PDP: answer owners' data subject requests


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN_PROVINSI: frozenset(Action) - {Action.ASSESS},
    Role.OPERATOR_KABKOTA: frozenset(Action) - {Action.ASSESS, Action.CONFIGURE},
    Role.PENDAMPING: frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.EXPORT, Action.VIEW_PERSONAL}),
    Role.PELAKU_USAHA: frozenset({Action.VIEW, Action.CHANGE, Action.VIEW_PERSONAL}),
    Role.KURATOR: frozenset({Action.VIEW, Action.ASSESS}),
    Role.DEKRANASDA: frozenset({Action.VIEW, Action.EXPORT}),
    Role.PIMPINAN: frozenset({Action.VIEW, Action.EXPORT}),
    Role.MITRA: frozenset(),
}

NOTHING = Q(pk__in=[])


def user_can(user: Any, action: Action | str) -> bool:
    """Whether the user's role allows ``action`` at all (the region is checked by ``scope_q``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Action(action) in ROLE_ACTIONS.get(user.role, frozenset())


def can_see_personal_data(user: Any) -> bool:
    """Whether the user sees owners' personal data (name, contact, masked NIK) in lists and exports.

    A pendamping working only through partner teams (marketplace village teams, campuses, community
    movers) does not: a partner sees a business's personal data only where its owner agreed to share it
    with mentoring partners (``can_see_personal_data_of``)."""
    return user_can(user, Action.VIEW_PERSONAL) and not is_partner_mentor(user)


def is_partner_mentor(user: Any) -> bool:
    """A pendamping whose active teams are all outside the Dinas (a pendamping with no team was placed
    by the Dinas itself through assigned regions)."""
    if getattr(user, "role", None) != Role.PENDAMPING:
        return False
    from lapak.mentoring.models import OrganisationKind, Team

    teams = Team.objects.filter(memberships__user=user, is_active=True)
    return teams.exists() and not teams.filter(organisation_kind=OrganisationKind.DINAS).exists()


def can_see_personal_data_of(user: Any, business: Any) -> bool:
    """``can_see_personal_data`` for one business the user already sees: a partner mentor too, when the
    owner consents to sharing with mentoring partners (UU PDP Pasal 20)."""
    if can_see_personal_data(user):
        return True
    if not user_can(user, Action.VIEW_PERSONAL):
        return False
    from lapak.privacy.models import Purpose
    from lapak.privacy.selectors import consent_is_active

    return consent_is_active(business_id=business.pk, purpose=Purpose.MITRA_PENDAMPINGAN)


def can_reveal_nik(user: Any, business: Any) -> bool:
    """The full NIK is for the Dinas roles that verify identity (and the owner's own); mentors and
    partners work with the masked number."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.OPERATOR_KABKOTA):
        return True
    return business.owner_account_id == user.pk


def home_province_code(user: Any) -> str:
    region = getattr(user, "region", None)
    return region.code[:2] if region is not None else settings.LAPAK_HOME_PROVINCE


def scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter that limits business-linked rows to the user's scope; ``prefix`` reaches the business."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.PIMPINAN):
        return Q(**{f"{prefix}province_id": home_province_code(user)})
    if user.role == Role.OPERATOR_KABKOTA:
        return Q(**{f"{prefix}kabkota_id": user.region_id}) if user.region_id else NOTHING
    if user.role == Role.PELAKU_USAHA:
        return Q(**{f"{prefix}owner_account_id": user.pk})
    if user.role in (Role.PENDAMPING, Role.KURATOR, Role.DEKRANASDA):
        return _assignment_q(user, prefix)
    return NOTHING


def _assignment_q(user: User, prefix: str) -> Q:
    codes = assigned_region_codes(user)
    q = area_q(codes, prefix=prefix)
    if user.role == Role.PENDAMPING:
        q |= _team_business_list_q(user, prefix)
    elif not codes:
        return NOTHING
    if user.role == Role.DEKRANASDA:
        q &= Q(**{f"{prefix}sector": "kriya"})
    return q


def area_q(codes: list[str], *, prefix: str = "") -> Q:
    """Businesses placed in any of the kab/kota, kecamatan or desa ``codes`` (told apart by length)."""
    if not codes:
        return NOTHING
    q = Q(**{f"{prefix}kabkota_id__in": [c for c in codes if len(c) == 5]})
    q |= Q(**{f"{prefix}kecamatan_id__in": [c for c in codes if len(c) == 8]})
    return q | Q(**{f"{prefix}desa_id__in": [c for c in codes if len(c) > 8]})


def assigned_region_codes(user: User) -> list[str]:
    """The region codes a user is assigned to: their list, a pendamping's team areas, their own region."""
    codes = [r.code for r in user.assigned_regions.all()]
    if user.role == Role.PENDAMPING:
        codes += _team_area_codes(user)
    return [*codes, user.region_id] if user.region_id else codes


# A pendamping also covers what their active field teams cover (issue 6): the teams' areas join the
# assigned regions, and the teams' explicit business lists are added to the filter. The mentoring app
# builds on this module, so its models are imported where they are used.


def _team_area_codes(user: User) -> list[str]:
    from lapak.mentoring.models import Team

    areas = Team.areas.through.objects.filter(team__memberships__user=user, team__is_active=True)
    return list(areas.values_list("region_id", flat=True).distinct())


def _team_business_list_q(user: User, prefix: str) -> Q:
    from lapak.mentoring.models import Team

    listed = Team.businesses.through.objects.filter(team__memberships__user=user, team__is_active=True)
    return Q(**{f"{prefix}pk__in": listed.values("business_id")})


def region_q(user: Any) -> Q:
    """The regions (any level) where the user may place a record: the same rule as ``scope_q``, on codes.

    Used for the kab/kota, kecamatan and desa choices in forms and for the check in the services.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.PIMPINAN):
        return Q(code__startswith=f"{home_province_code(user)}.")
    if user.role == Role.PELAKU_USAHA:
        return Q(code__startswith=f"{home_province_code(user)}.")
    if user.role == Role.OPERATOR_KABKOTA:
        return Q(code__startswith=f"{user.region_id}.") if user.region_id else NOTHING
    if user.role in (Role.PENDAMPING, Role.KURATOR, Role.DEKRANASDA):
        q = NOTHING
        for code in assigned_region_codes(user):
            q |= Q(code=code) | Q(code__startswith=f"{code}.")
        return q
    return NOTHING


def region_allowed(user: Any, code: str) -> bool:
    """Whether a record placed at ``code`` (a desa or kecamatan) falls inside the user's scope."""
    from lapak.regions.models import Region

    return Region.objects.filter(region_q(user), code=code).exists()


def kabkota_codes_for(user: Any) -> set[str] | None:
    """The kab/kota a user works in; ``None`` means every kab/kota of the home province."""
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.PIMPINAN, Role.PELAKU_USAHA):
        return None
    if user.role == Role.OPERATOR_KABKOTA:
        return {user.region_id} if user.region_id else set()
    return {code[:5] for code in assigned_region_codes(user) if len(code) >= 5}


class BusinessQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> BusinessQuerySet:
        """Businesses the user may see at all."""
        if not user_can(user, Action.VIEW):
            return self.none()
        return self.filter(scope_q(user))

    def restrict(self, user: Any, action: Action | str) -> BusinessQuerySet:
        """Businesses on which the user may perform ``action``."""
        if not user_can(user, action):
            return self.none()
        return self.filter(scope_q(user))
