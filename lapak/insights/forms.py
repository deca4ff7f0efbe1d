"""The dashboard's filter form: it parses the query string into ``InsightFilters`` and says, in
Indonesian, which value it could not use and why (that value falls back to its default)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lapak.channels.models import Channel
from lapak.insights.filters import MAX_MONTHS, ONLINE_VALUES, REGION_CODE, InsightFilters, months_between
from lapak.registry.models import Sector
from lapak.registry.sizeclass import SizeClass

ONLINE_CHOICES = [("", _("Daring dan luring")), ("1", _("Daring saja")), ("0", _("Luring saja"))]
SIZE_CHOICES = [("", _("Semua skala"))] + [
    (value, label) for value, label in SizeClass.choices if value != SizeClass.BESAR
]


def _month(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        return None


class InsightFilterForm(forms.Form):
    start = forms.CharField(label=_("Dari bulan"), required=False)
    end = forms.CharField(label=_("Sampai bulan"), required=False)
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    channel = forms.ChoiceField(label=_("Kanal"), required=False)
    online = forms.ChoiceField(label=_("Daring/luring"), required=False, choices=ONLINE_CHOICES)
    size_class = forms.ChoiceField(label=_("Skala usaha"), required=False, choices=SIZE_CHOICES)
    region = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        sector = cast(forms.ChoiceField, self.fields["sector"])
        sector.choices = [("", _("Semua sektor")), *Sector.choices]
        channels = Channel.objects.order_by("name").values_list("pk", "name")
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [("", _("Semua kanal"))] + [(str(pk), n) for pk, n in channels]
        for name in ("start", "end"):
            self.fields[name].widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})

    def clean_start(self) -> date | None:
        return self._clean_month("start")

    def clean_end(self) -> date | None:
        return self._clean_month("end")

    def _clean_month(self, name: str) -> date | None:
        value = self.cleaned_data.get(name) or ""
        if not value:
            return None
        month = _month(value)
        if month is None:
            raise forms.ValidationError(_("Bulan ditulis TTTT-BB, misalnya 2026-01."))
        return month

    def clean_region(self) -> str:
        value = (self.cleaned_data.get("region") or "").strip()
        if value and not REGION_CODE.match(value):
            raise forms.ValidationError(_("Kode wilayah harus kode kab/kota atau kecamatan, mis. 35.27."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Bulan akhir tidak boleh sebelum bulan awal."))
        elif start and end and len(months_between(start, end)) > MAX_MONTHS:
            self.add_error("end", _("Rentang paling panjang %(n)s bulan.") % {"n": MAX_MONTHS})
        return data

    def filters(self) -> InsightFilters:
        """The filters from the valid fields; invalid or empty ones take their defaults."""
        default = InsightFilters.default(today=self.today)
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        start = data.get("start") or default.start
        end = data.get("end") or default.end
        if end < start:
            start, end = default.start, default.end
        channel = data.get("channel")
        return InsightFilters(
            start=start,
            end=end,
            sector=data.get("sector") or "",
            channel_id=int(channel) if channel else None,
            online=ONLINE_VALUES.get(data.get("online") or ""),
            size_class=data.get("size_class") or "",
            region_code=data.get("region") or "",
        )


def filters_parse(
    query: QueryDict | dict[str, Any], *, today: date
) -> tuple[InsightFilters, InsightFilterForm]:
    """The filters of a query string and the bound form (with its errors, for the page)."""
    form = InsightFilterForm(query or {}, today=today)
    return form.filters(), form


def filters_form(filters: InsightFilters, *, today: date) -> InsightFilterForm:
    """A form showing ``filters`` (what the page renders after parsing)."""
    return InsightFilterForm(QueryDict(filters.as_query()), today=today)
