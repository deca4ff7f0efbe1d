"""The filter form of the business list: one FilterSet used by the page, the exports and the jobs."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business, LegalityStatus, OnlineMode, Sector, Sex
from lapak.registry.sizeclass import SizeClass

TYPE_FLAGS = {"ikm": "is_ikm", "ukm": "is_ukm", "koperasi": "is_koperasi", "kopwan": "is_kopwan_member"}


class BusinessFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Cari nama/merek/pemilik"))
    kabkota = django_filters.ModelChoiceFilter(
        queryset=Region.objects.none(), label=_("Kab/kota"), empty_label=_("Semua kab/kota")
    )
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=Region.objects.none(), label=_("Kecamatan"), empty_label=_("Semua kecamatan")
    )
    desa = django_filters.ModelChoiceFilter(
        queryset=Region.objects.none(), label=_("Desa/kelurahan"), empty_label=_("Semua desa")
    )
    sector = django_filters.ChoiceFilter(
        choices=Sector.choices, label=_("Sektor"), empty_label=_("Semua sektor")
    )
    size_class = django_filters.ChoiceFilter(
        choices=SizeClass.choices, label=_("Skala usaha"), empty_label=_("Semua skala")
    )
    legality_status = django_filters.ChoiceFilter(
        choices=LegalityStatus.choices, label=_("Status legalitas"), empty_label=_("Semua status")
    )
    women_owned = django_filters.ChoiceFilter(
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        method="filter_women_owned",
        label=_("Milik perempuan"),
        empty_label=_("Semua"),
    )
    type = django_filters.ChoiceFilter(
        choices=[
            ("ikm", "IKM"),
            ("ukm", "UKM"),
            ("koperasi", _("Koperasi")),
            ("kopwan", _("Anggota Kopwan")),
        ],
        method="filter_type",
        label=_("Jenis"),
        empty_label=_("Semua jenis"),
    )
    online_mode = django_filters.ChoiceFilter(
        choices=OnlineMode.choices, label=_("Kehadiran online"), empty_label=_("Semua")
    )

    class Meta:
        model = Business
        fields: list[str] = []

    def __init__(
        self,
        *args: Any,
        kabkota_choices: QuerySet[Region] | None = None,
        region_scope: Q | None = None,
        personal: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kabkotas = kabkota_choices if kabkota_choices is not None else Region.objects.none()
        scope = region_scope if region_scope is not None else Q(pk__in=[])
        self.personal = personal
        self.filters["kabkota"].queryset = kabkotas
        # What may be chosen is the whole scope, so a kecamatan alone (without its kab/kota) still filters.
        self.filters["kecamatan"].queryset = Region.objects.filter(scope, level=RegionLevel.KECAMATAN)
        self.filters["desa"].queryset = Region.objects.filter(scope, level=RegionLevel.DESA)
        if not personal:
            self.filters["q"].label = _("Cari nama/merek usaha")
        data = self.data or {}
        kabkota = data.get("kabkota") or (kabkotas[0].code if len(kabkotas) == 1 else "")
        kecamatan = data.get("kecamatan") or ""
        # What is shown in the dependent selects: only the children of what is selected above them.
        self.kecamatan_options = _children(self.filters["kecamatan"].queryset, kabkota)
        self.desa_options = _children(self.filters["desa"].queryset, kecamatan)

    @property
    def qs(self) -> QuerySet[Business]:
        """No rows for an invalid filter: a filter silently ignored would show (and export) too much."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_search(self, queryset: QuerySet[Business], name: str, value: str) -> QuerySet[Business]:
        value = value.strip()
        if not value:
            return queryset
        match = Q(name__icontains=value) | Q(brand__icontains=value)
        if self.personal:
            match |= Q(owner_name__icontains=value)
        return queryset.filter(match)

    def filter_women_owned(self, queryset: QuerySet[Business], name: str, value: str) -> QuerySet[Business]:
        if value == "ya":
            return queryset.filter(owner_sex=Sex.FEMALE)
        if value == "tidak":
            return queryset.exclude(owner_sex=Sex.FEMALE)
        return queryset

    def filter_type(self, queryset: QuerySet[Business], name: str, value: str) -> QuerySet[Business]:
        field = TYPE_FLAGS.get(value)
        return queryset.filter(**{field: True}) if field else queryset


def _children(allowed: QuerySet[Region], parent_code: str) -> QuerySet[Region]:
    if not parent_code:
        return Region.objects.none()
    return allowed.filter(parent_id=parent_code).order_by("name")
