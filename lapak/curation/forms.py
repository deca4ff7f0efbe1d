"""Forms of kurasi and produk unggulan. They turn input into typed values; the ranges, conflicts and
sums are checked by the services, whose errors the views put back on these forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import User
from lapak.curation.export_rules import CURATOR_FACTS, FACT_LABELS
from lapak.curation.models import Decision, Rubric, RubricAspect, RubricVersion
from lapak.curation.services import AspectInput, PhotoInput, ScoreInput
from lapak.regions.models import Region
from lapak.registry.models import Sector

PHOTO_FIELDS = 3


class AssignmentForm(forms.Form):
    curator = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Kurator"))
    rubric = forms.ModelChoiceField(
        queryset=Rubric.objects.all(),
        label=_("Rubrik"),
        required=False,
        empty_label=_("Sesuai kategori produk"),
        help_text=_("Hanya dipakai bila putaran baru dibuka."),
    )

    def __init__(self, *args: Any, curators: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["curator"]).queryset = curators


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=250)


class AssessmentForm(forms.Form):
    """One score and note per aspect of the round's rubric version, the decision, feedback, photos."""

    decision = forms.TypedChoiceField(
        label=_("Keputusan"), choices=[("", "---------"), *Decision.choices], coerce=int
    )
    summary = forms.CharField(
        label=_("Catatan umum untuk pemilik"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    improvements = forms.CharField(
        label=_("Yang perlu diperbaiki"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Langkah konkret, misalnya: daftarkan P-IRT, tambahkan tanggal kedaluwarsa pada label."),
    )

    def __init__(self, *args: Any, version: RubricVersion, food: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aspects: list[RubricAspect] = list(version.aspects.all())
        scale = [(n, str(n)) for n in range(version.scale_min, version.scale_max + 1)]
        for aspect in self.aspects:
            self.fields[f"score_{aspect.code}"] = forms.IntegerField(
                label=aspect.name, required=False, widget=forms.RadioSelect(choices=scale)
            )
            self.fields[f"note_{aspect.code}"] = forms.CharField(
                label=_("Catatan %(aspect)s") % {"aspect": aspect.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.food = food
        if food:
            for fact in CURATOR_FACTS:
                self.fields[f"fact_{fact}"] = forms.BooleanField(label=FACT_LABELS[fact], required=False)
        for n in range(1, PHOTO_FIELDS + 1):
            self.fields[f"photo_{n}"] = forms.FileField(
                label=_("Foto %(n)s") % {"n": n},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"caption_{n}"] = forms.CharField(
                label=_("Keterangan foto %(n)s") % {"n": n}, required=False, max_length=200
            )

    def aspect_rows(self) -> list[tuple[RubricAspect, Any, Any]]:
        return [(a, self[f"score_{a.code}"], self[f"note_{a.code}"]) for a in self.aspects]

    def fact_fields(self) -> list[Any]:
        return [self[f"fact_{fact}"] for fact in CURATOR_FACTS] if self.food else []

    def photo_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"photo_{n}"], self[f"caption_{n}"]) for n in range(1, PHOTO_FIELDS + 1)]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "scores": {
                a.code: ScoreInput(data.get(f"score_{a.code}"), data.get(f"note_{a.code}", ""))
                for a in self.aspects
            },
            "decision": data["decision"],
            "summary": data["summary"],
            "improvements": data["improvements"],
            "export_facts": {fact: data[f"fact_{fact}"] for fact in CURATOR_FACTS} if self.food else {},
            "photos": [
                PhotoInput(data[f"photo_{n}"], data.get(f"caption_{n}", ""))
                for n in range(1, PHOTO_FIELDS + 1)
                if data.get(f"photo_{n}")
            ],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the fields they are about (an aspect code means its score)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            field = f"score_{key}" if f"score_{key}" in self.fields else key
            if field == "photos":
                field = "photo_1"
            self.add_error(field if field in self.fields else None, messages)


class RubricVersionForm(forms.Form):
    scale_min = forms.IntegerField(label=_("Nilai terendah"), min_value=0, max_value=100)
    scale_max = forms.IntegerField(label=_("Nilai tertinggi"), min_value=1, max_value=100)
    note = forms.CharField(label=_("Alasan perubahan"), max_length=250)


class AspectForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Aspek"), max_length=150)
    weight = forms.IntegerField(label=_("Bobot"), min_value=1, max_value=1000)
    guidance = forms.CharField(
        label=_("Panduan penilaian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def aspect(self) -> AspectInput:
        data = self.cleaned_data
        return AspectInput(data["code"], data["name"], data["weight"], data["guidance"])


AspectFormSet = forms.formset_factory(AspectForm, extra=1, can_delete=True, max_num=20)


class WeightsForm(forms.Form):
    curation = forms.IntegerField(label=_("Nilai kurasi"), min_value=0, max_value=100)
    market = forms.IntegerField(label=_("Kinerja pasar"), min_value=0, max_value=100)
    local_content = forms.IntegerField(label=_("Kandungan lokal"), min_value=0, max_value=100)
    capacity = forms.IntegerField(label=_("Kapasitas produksi"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Alasan perubahan"), max_length=250)


class RankingForm(forms.Form):
    """Which kab/kota (and sector) to rank, and for the confirmation the year and list length."""

    kabkota = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Kab/kota"))
    sector = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=[("", _("Semua sektor")), *Sector.choices]
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    per_sector = forms.IntegerField(label=_("Produk per sektor"), min_value=1, max_value=20, initial=3)

    def __init__(self, *args: Any, kabkota_choices: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["kabkota"]).queryset = kabkota_choices
        self.fields["year"].initial = timezone.localdate().year
