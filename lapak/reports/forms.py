"""Forms of the reports pages: ask for a report, share one by link."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.curation.models import UnggulanList
from lapak.regions.models import Region
from lapak.reports.formatting import region_label
from lapak.reports.models import ReportKind
from lapak.reports.selectors import report_kinds_for, report_regions_for, unggulan_lists_for_reports
from lapak.reports.services import previous_month


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return region_label(obj)


class UnggulanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnggulanList) -> str:
        return obj.title


class ReportRequestForm(forms.Form):
    """Kind, month and region; a produk unggulan report takes a confirmed list instead. The service
    checks that the combination lies in the user's scope."""

    kind = forms.ChoiceField(label=_("Jenis laporan"))
    period = forms.CharField(
        label=_("Bulan"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Format TTTT-BB, misalnya 2026-10."),
    )
    region = RegionChoiceField(
        label=_("Wilayah"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("— provinsi (ringkasan gubernur) —"),
    )
    unggulan_list = UnggulanChoiceField(
        label=_("Daftar produk unggulan"),
        queryset=UnggulanList.objects.none(),
        required=False,
        help_text=_("Hanya untuk jenis daftar produk unggulan."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"period": previous_month(timezone.localdate()).strftime("%Y-%m")})
        super().__init__(*args, **kwargs)
        kinds = report_kinds_for(user=user)
        self.fields["kind"].choices = [(k, label) for k, label in ReportKind.choices if k in kinds]
        regions = Q(pk__in=[])
        for kind in kinds:
            regions |= Q(pk__in=report_regions_for(user=user, kind=kind).values("pk"))
        region_field: forms.ModelChoiceField = self.fields["region"]  # type: ignore[assignment]
        region_field.queryset = Region.objects.filter(regions).order_by("level", "code")
        if ReportKind.BRIEF not in kinds:
            region_field.empty_label = _("— pilih kab/kota —")
        unggulan_field: forms.ModelChoiceField = self.fields["unggulan_list"]  # type: ignore[assignment]
        unggulan_field.queryset = unggulan_lists_for_reports(user=user).select_related("kabkota")
        if ReportKind.UNGGULAN not in kinds:
            del self.fields["unggulan_list"]

    def clean_period(self) -> date | None:
        value = (self.cleaned_data.get("period") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Bulan tidak sah; gunakan format TTTT-BB, misalnya 2026-10.")
            ) from None


class ShareLinkForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosongkan bila tautan berlaku sampai dicabut."),
    )
