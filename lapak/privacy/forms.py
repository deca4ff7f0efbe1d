"""The owner's answer on a consent wording; the filter of the personal-data access log; data subject
requests (the owner's submission, staff handling and the queue filter)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.models import AccessAction

from .models import DsrKind, DsrStatus, Purpose

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


class AlertAcknowledgeForm(forms.Form):
    """The officer's note on an access alert: what was checked and what it turned out to be."""

    note = forms.CharField(
        label=_("Catatan pemeriksaan"), max_length=1000,
        help_text=_("Misalnya: sudah dikonfirmasi dengan atasan operator; verifikasi massal program X."),
    )  # fmt: skip


# --- Data subject requests -------------------------------------------------------------------------------


class DsrSubmitForm(forms.Form):
    """What an owner asks; the business choices are their own businesses only (set by the view)."""

    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=[])
    business: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Usaha"), queryset=None, required=False, empty_label=_("Semua usaha saya")
    )
    description = forms.CharField(
        label=_("Uraian"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Untuk perbaikan: data mana yang salah dan seharusnya menjadi apa."),
    )  # fmt: skip

    def __init__(self, *args: Any, businesses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DsrKind.choices  # type: ignore[attr-defined]
        self.fields["business"].queryset = businesses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == DsrKind.PERBAIKAN and not (cleaned.get("description") or "").strip():
            self.add_error("description", _("Tuliskan data mana yang salah dan seharusnya menjadi apa."))
        return cleaned


DSR_DECISIONS = [
    ("proses", _("Tangani")),
    ("selesai", _("Selesaikan")),
    ("tolak", _("Tolak")),
]


class DsrHandleForm(forms.Form):
    decision = forms.ChoiceField(choices=DSR_DECISIONS)
    note = forms.CharField(
        label=_("Catatan untuk pemohon"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DsrQueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("terbuka", _("Terbuka (baru dan diproses)")),
            *DsrStatus.choices,
            ("semua", _("Semua")),
        ]
        self.fields["kind"].choices = [("", _("Semua")), *DsrKind.choices]  # type: ignore[attr-defined]
