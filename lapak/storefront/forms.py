"""Forms of the public catalogue: the search filters (GET) and the owner's public profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.catalog.taxonomy import GROUPS, category_choices
from lapak.registry.models import Sector

from .models import PublicProfile
from .selectors import CatalogueFilters, kabkota_names

PRICE = {"inputmode": "numeric", "min": "0", "step": "1000"}
MAX_PRICE = 1_000_000_000


def _category_choices() -> list[Any]:
    groups = [(code, _("Semua: %(group)s") % {"group": name}) for code, name in GROUPS.items()]
    return [("", _("Semua kategori")), (_("Kelompok"), groups), *category_choices()]


class SearchForm(forms.Form):
    """The search box and filters; an invalid value is reported beside its field and left out."""

    q = forms.CharField(label=_("Cari produk"), max_length=100, required=False)
    kabkota = forms.ChoiceField(label=_("Kab/kota"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), required=False)
    sektor = forms.ChoiceField(label=_("Sektor"), required=False)
    harga_min = forms.IntegerField(
        label=_("Harga dari (Rp)"), required=False, min_value=0, max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs=PRICE),
    )  # fmt: skip
    harga_max = forms.IntegerField(
        label=_("Harga sampai (Rp)"), required=False, min_value=0, max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs=PRICE),
    )  # fmt: skip
    sertifikasi = forms.MultipleChoiceField(
        label=_("Sertifikasi"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("halal", _("Halal")), ("bpom", "BPOM"), ("pirt", "P-IRT"), ("sni", "SNI")],
    )  # fmt: skip
    perempuan = forms.BooleanField(label=_("Usaha milik perempuan"), required=False)
    kopwan = forms.BooleanField(label=_("Anggota Koperasi Wanita"), required=False)
    unggulan = forms.BooleanField(label=_("Produk unggulan saja"), required=False)
    hal = forms.IntegerField(required=False, min_value=1, max_value=1000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].choices = [("", _("Semua kab/kota")), *kabkota_names().items()]
        self.fields["kategori"].choices = _category_choices()
        self.fields["sektor"].choices = [("", _("Semua sektor")), *Sector.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("harga_min"), data.get("harga_max")
        if low is not None and high is not None and low > high:
            self.add_error("harga_max", _("Harga sampai harus lebih besar dari harga dari."))
        return data

    def filters(self) -> tuple[CatalogueFilters, int]:
        """The valid filters and the page number; invalid fields count as not given."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        filters = CatalogueFilters(
            q=data.get("q", "").strip(),
            kabkota=data.get("kabkota", ""),
            category=data.get("kategori", ""),
            sector=data.get("sektor", ""),
            price_min=data.get("harga_min"),
            price_max=data.get("harga_max"),
            certifications=tuple(data.get("sertifikasi", ())),
            women_owned=bool(data.get("perempuan")),
            kopwan=bool(data.get("kopwan")),
            unggulan=bool(data.get("unggulan")),
        )
        return filters, data.get("hal") or 1


class ProfileForm(forms.ModelForm):
    class Meta:
        model = PublicProfile
        fields = ["story", "region_precision", "show_phone", "show_women_owned"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}
