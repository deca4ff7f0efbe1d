"""Forms of the breach incident screen and the retention run button."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import User
from lapak.regions.models import Region

from .incident_models import DataCategory, IncidentStatus

LOCAL = {"type": "datetime-local"}
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _moment(label: Any) -> forms.DateTimeField:
    # The site's time zone is Asia/Jakarta, so a value typed without a zone is WIB.
    return forms.DateTimeField(
        label=label, input_formats=LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs=LOCAL, format="%Y-%m-%dT%H:%M"),
    )  # fmt: skip


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    discovered_at = _moment(_("Diketahui pada (WIB)"))
    description = forms.CharField(
        label=_("Uraian"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    window_start = _moment(_("Rentang waktu dari (WIB)"))
    window_end = _moment(_("sampai (WIB)"))
    kabkota = forms.ModelMultipleChoiceField(
        label=_("Kab/kota terdampak (kosongkan untuk seluruh provinsi)"),
        queryset=Region.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip
    compromised_username = forms.CharField(
        label=_("Akun yang disalahgunakan (nama pengguna, boleh kosong)"), max_length=150, required=False
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Jenis data terdampak"), choices=DataCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=IncidentStatus.choices)

    def __init__(self, *args: Any, province: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.province = province
        kabkota = self.fields["kabkota"]
        kabkota.queryset = Region.objects.filter(level=2, parent=province).order_by("name")  # type: ignore[attr-defined]

    def clean_compromised_username(self) -> User | None:
        username = self.cleaned_data["compromised_username"].strip()
        if not username:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada akun dengan nama pengguna ini."))
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and start >= end:
            raise forms.ValidationError(_("Awal rentang waktu harus sebelum akhirnya."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["compromised_user"] = data.pop("compromised_username")
        data["province"] = self.province
        return data


class RetentionRunForm(forms.Form):
    mode = forms.ChoiceField(choices=[("uji", _("Uji coba")), ("sungguhan", _("Sungguhan"))])
