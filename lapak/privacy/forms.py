"""The owner's answer on a consent wording."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Purpose

ANSWERS = [("grant", _("Setuju")), ("refuse", _("Tidak setuju")), ("withdraw", _("Tarik persetujuan"))]


class ConsentAnswerForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    answer = forms.ChoiceField(choices=ANSWERS)
    # The version the owner read: an answer on a wording replaced meanwhile is refused, not applied.
    wording = forms.IntegerField(required=False, min_value=1)
    reason = forms.CharField(label=_("Alasan (boleh kosong)"), max_length=250, required=False)
