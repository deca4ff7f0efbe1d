"""The owner's answer on a consent wording; the filter of the personal-data access log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.models import AccessAction

from .models import Purpose

ANSWERS = [("grant", _("Setuju")), ("refuse", _("Tidak setuju")), ("withdraw", _("Tarik persetujuan"))]


class ConsentAnswerForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    answer = forms.ChoiceField(choices=ANSWERS)
    # The version the owner read: an answer on a wording replaced meanwhile is refused, not applied.
    wording = forms.IntegerField(required=False, min_value=1)
    reason = forms.CharField(label=_("Alasan (boleh kosong)"), max_length=250, required=False)


class AccessLogFilterForm(forms.Form):
    since = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Jenis akses"), required=False, choices=[("", _("Semua")), *AccessAction.choices]
    )
    username = forms.CharField(label=_("Nama pengguna"), required=False, max_length=150)

    def clean(self) -> dict:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return cleaned
