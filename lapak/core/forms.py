"""Forms shared by every app: why someone needs to see personal data."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lapak.core.models import AccessReason


class AccessReasonForm(forms.Form):
    """The reason asked before a masked NIK, phone number or legality scan is shown (UU PDP Pasal 31:
    the access log records who saw what and why)."""

    reason = forms.ChoiceField(label=_("Alasan"), choices=AccessReason.choices)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("reason") == AccessReason.OTHER and not data.get("note", "").strip():
            raise ValidationError(_("Tuliskan keterangan alasan bila memilih “Lainnya”."))
        return data

    def reason_text(self) -> str:
        """The reason as the access log keeps it: the choice's words, then the note if any."""
        label = str(AccessReason(self.cleaned_data["reason"]).label)
        note = self.cleaned_data.get("note", "").strip()
        return f"{label}: {note}" if note else label

    def error_text(self) -> str:
        return " ".join(message for errors in self.errors.values() for message in errors)
