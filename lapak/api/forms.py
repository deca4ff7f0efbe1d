"""Forms of the token pages: a staff user's own tokens, and (for the province admin) partner keys."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.channels.models import PARTNER_SCOPES, Channel, ChannelKind

from .scopes import SCOPE_LABELS, STAFF_SCOPES

DATE = {"type": "date"}


class _TokenForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=100)
    expires_on = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("Kosongkan bila tidak kedaluwarsa. Berlaku sampai akhir hari itu (WIB)."),
    )

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max), timezone.get_default_timezone())


class ApiTokenForm(_TokenForm):
    scopes = forms.MultipleChoiceField(
        label=_("Cakupan"),
        choices=[(scope, SCOPE_LABELS[scope]) for scope in STAFF_SCOPES],
        widget=forms.CheckboxSelectMultiple,
    )


class PartnerKeyForm(_TokenForm):
    channel = forms.ModelChoiceField(
        label=_("Kanal"), queryset=Channel.objects.exclude(kind=ChannelKind.STOREFRONT).order_by("name")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Cakupan"),
        choices=[(scope, SCOPE_LABELS[scope]) for scope in PARTNER_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=list(PARTNER_SCOPES),
    )

    field_order = ["channel", "name", "scopes", "expires_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _(
            "Misalnya nama mitra dan sistemnya: “TikTok Shop, integrasi pesanan”."
        )


class ChooseForm(forms.Form):
    """One record picked by id from a button (revoke, rotate)."""

    pk = forms.IntegerField(min_value=1, max_value=2**63 - 1)
