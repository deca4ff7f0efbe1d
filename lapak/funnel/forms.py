"""Forms of the funnel pages. They turn input into typed values; the rules of a target are checked by
``services.target_create``/``target_update``, whose errors the views put back on the form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import User
from lapak.funnel.models import Indicator, Stage, SupplyMode, Target
from lapak.funnel.services import TargetInput
from lapak.mentoring.models import Team
from lapak.regions.models import Region, RegionLevel


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class FunnelFilterForm(forms.Form):
    """Kab/kota, team and mentor filters of the dashboard; choices limited to the user's scope."""

    kabkota = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, label=_("Kab/kota"), empty_label=_("Semua")
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label=_("Tim pendamping"), empty_label=_("Semua")
    )
    mentor = MentorChoiceField(
        queryset=User.objects.none(), required=False, label=_("Pendamping"), empty_label=_("Semua")
    )
    stage = forms.TypedChoiceField(
        choices=[("", _("Semua tahap")), *Stage.choices[:-1]],
        coerce=int,
        required=False,
        empty_value=None,
        label=_("Tahap macet"),
    )

    def __init__(
        self,
        *args: Any,
        kabkotas: QuerySet[Region],
        teams: QuerySet[Team],
        mentors: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kabkota"]).queryset = kabkotas
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        cast(forms.ModelChoiceField, self.fields["mentor"]).queryset = mentors
        if not mentors.exists():
            del self.fields["mentor"]


class PriorityForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=[(RegionLevel.KECAMATAN, _("Kecamatan")), (RegionLevel.DESA, _("Desa/kelurahan"))],
        coerce=int,
        initial=RegionLevel.KECAMATAN,
        label=_("Tingkat"),
    )
    kabkota = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, label=_("Kab/kota"), empty_label=_("Semua")
    )

    def __init__(self, *args: Any, kabkotas: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kabkota"]).queryset = kabkotas


class KabkotaForm(forms.Form):
    kabkota = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, label=_("Kab/kota"), empty_label=_("Semua")
    )

    def __init__(self, *args: Any, kabkotas: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kabkota"]).queryset = kabkotas


class TargetForm(forms.Form):
    programme = forms.CharField(label=_("Program"), max_length=150)
    indicator = forms.ChoiceField(
        label=_("Indikator"),
        choices=[("", "---------"), *Indicator.choices],
        error_messages={
            "invalid_choice": _("Indikator tidak dikenal. Pilih salah satu indikator yang tersedia.")
        },
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        label=_("Wilayah"),
        error_messages={"invalid_choice": _("Wilayah tidak dikenal atau di luar wilayah kerja Anda.")},
    )
    period_start = forms.DateField(label=_("Awal periode"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Akhir periode"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.IntegerField(
        label=_("Nilai target (jumlah usaha)"),
        max_value=10_000_000,  # more than every UMKM of the province; keeps a huge number out of the database
        error_messages={
            "invalid": _("Nilai target harus bilangan bulat."),
            "max_value": _("Nilai target paling besar %(limit_value)s."),
        },
    )
    note = forms.CharField(label=_("Catatan"), max_length=250, required=False)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions

    @staticmethod
    def initial_for(target: Target) -> dict[str, Any]:
        return {
            "programme": target.programme, "indicator": target.indicator, "region": target.region_id,
            "period_start": target.period_start, "period_end": target.period_end, "value": target.value,
            "note": target.note,
        }  # fmt: skip

    def to_input(self) -> TargetInput:
        data = self.cleaned_data
        return TargetInput(
            programme=data["programme"],
            indicator=data["indicator"],
            region_code=data["region"].code,
            period_start=data["period_start"],
            period_end=data["period_end"],
            value=data["value"],
            note=data["note"],
        )


class SupplyForm(forms.Form):
    mode = forms.ChoiceField(label=_("Jenis usaha"), choices=SupplyMode.choices, widget=forms.RadioSelect)
