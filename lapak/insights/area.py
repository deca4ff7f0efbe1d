"""What a user's dashboard covers, built on ``lapak.accounts.scoping`` (the one scoping path).

- ``admin_provinsi``, ``pimpinan`` and superusers: the home province;
- ``operator_kabkota``: their kab/kota;
- ``pendamping``: the kab/kota and kecamatan of their assigned regions and active teams' areas (a desa
  in an area counts as its whole kecamatan: the rollups go down to kecamatan; figures are aggregates,
  never records). A mentor whose teams only list businesses, without an area, sees those businesses'
  figures read from the ledger;
- ``pelaku_usaha``: their own businesses, read from the ledger directly (a few rows);
- anyone else (kurator, dekranasda, mitra): no dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from lapak.accounts import scoping
from lapak.accounts.models import Role
from lapak.accounts.scoping import Action, can_see_personal_data, home_province_code, user_can
from lapak.regions.models import Region
from lapak.registry.models import Business

LEDGER_BUSINESS_LIMIT = 5_000  # a ledger-read area (an owner, a mentor's list) is small by nature


class AreaKind(StrEnum):
    PROVINCE = "provinsi"
    KABKOTA = "kabkota"
    MENTOR = "wilayah"
    OWNER = "pemilik"
    NONE = "tidak_ada"


@dataclass(frozen=True)
class InsightArea:
    """The region (or businesses) a dashboard covers. Region areas are read from the rollups; areas with
    ``business_ids`` (owners, mentors with business lists only) from the ledger."""

    kind: AreaKind
    label: str
    province_code: str
    kabkota_codes: tuple[str, ...] = ()
    kecamatan_codes: tuple[str, ...] = ()
    business_ids: tuple[int, ...] = ()
    personal: bool = False  # the viewer may see personal data; never true for pimpinan

    @property
    def has_dashboard(self) -> bool:
        return self.kind != AreaKind.NONE

    @property
    def is_province(self) -> bool:
        return self.kind == AreaKind.PROVINCE

    @property
    def reads_ledger(self) -> bool:
        """Figures come from the ledger and the register directly (owners; mentors with lists only)."""
        return self.kind == AreaKind.OWNER or (
            self.kind == AreaKind.MENTOR and not self.kabkota_codes and not self.kecamatan_codes
        )

    def covers(self, code: str) -> bool:
        """Whether the whole region ``code`` (kab/kota or kecamatan) lies inside this area."""
        if self.reads_ledger or not code.startswith(f"{self.province_code}."):
            return False
        if self.is_province:
            return True
        return code[:5] in self.kabkota_codes or (len(code) == 8 and code in self.kecamatan_codes)


def insight_area(user: Any) -> InsightArea:
    """The area of ``user``'s dashboard (see the module docstring)."""
    province = home_province_code(user) if getattr(user, "is_authenticated", False) else ""
    if not user_can(user, Action.VIEW):
        return InsightArea(AreaKind.NONE, "", province)
    personal = can_see_personal_data(user)
    if user.is_superuser or user.role in (Role.ADMIN_PROVINSI, Role.PIMPINAN):
        return InsightArea(AreaKind.PROVINCE, _region_name(province), province, personal=personal)
    if user.role == Role.OPERATOR_KABKOTA and user.region_id:
        code = user.region_id[:5]
        return InsightArea(AreaKind.KABKOTA, _region_name(code), province, (code,), personal=personal)
    if user.role == Role.PENDAMPING:
        return _mentor_area(user, province, personal)
    if user.role == Role.PELAKU_USAHA:
        ids = _visible_business_ids(user)
        return InsightArea(AreaKind.OWNER, _("Usaha saya"), province, business_ids=ids, personal=personal)
    return InsightArea(AreaKind.NONE, "", province)


def _mentor_area(user: Any, province: str, personal: bool) -> InsightArea:
    codes = [c for c in scoping.assigned_region_codes(user) if c.startswith(f"{province}.")]
    kabkotas = sorted({c for c in codes if len(c) == 5})
    kecamatans = sorted({c[:8] for c in codes if len(c) >= 8 and c[:5] not in kabkotas})
    if kabkotas or kecamatans:
        names = [_region_name(c) for c in [*kabkotas, *kecamatans][:3]]
        more = len(kabkotas) + len(kecamatans) - len(names)
        label = ", ".join(names) + (_(" dan %(n)s wilayah lain") % {"n": more} if more else "")
        return InsightArea(
            AreaKind.MENTOR, label, province, tuple(kabkotas), tuple(kecamatans), personal=personal
        )
    ids = _visible_business_ids(user)
    return InsightArea(AreaKind.MENTOR, _("Usaha dampingan"), province, business_ids=ids, personal=personal)


def _visible_business_ids(user: Any) -> tuple[int, ...]:
    ids = Business.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)
    return tuple(ids[:LEDGER_BUSINESS_LIMIT])


def _region_name(code: str) -> str:
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code
