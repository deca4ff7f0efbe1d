"""Forms of the register. They validate input and hand clean data to the services; no rules live here
beyond what a field itself means."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.uploads import document_scan_clean
from lapak.regions.models import Region, RegionLevel
from lapak.registry.models import Business, LegalityDocument, VerificationStatus
from lapak.registry.services import business_check_rules, shop_platform
from lapak.registry.validators import (
    DOCUMENT_NORMALIZERS,
    DOCUMENT_VALIDATORS,
    normalize_digits,
    normalize_phone,
    validate_kbli,
    validate_nik,
    validate_phone,
)


class BusinessForm(forms.ModelForm):
    kabkota = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Kab/kota"))
    kecamatan = forms.ModelChoiceField(queryset=Region.objects.none(), label=_("Kecamatan"))
    owner_nik = forms.CharField(
        label=_("NIK pemilik"),
        required=False,
        max_length=24,
        help_text=_("16 digit. Disimpan terenkripsi; kosongkan untuk tidak mengubah NIK yang tersimpan."),
    )
    shop_links_text = forms.CharField(
        label=_("Tautan toko online"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu tautan per baris, misalnya https://shopee.co.id/namatoko"),
    )

    class Meta:
        model = Business
        fields = [
            "name", "brand", "owner_name", "owner_sex", "phone", "email",
            "address", "desa", "latitude", "longitude",
            "sector", "kbli_code", "kbli_version",
            "is_ikm", "is_ukm", "is_koperasi", "is_kopwan_member",
            "employees", "founded_year", "capital", "annual_sales", "online_mode",
        ]  # fmt: skip

    def __init__(self, *args: Any, kabkota_choices: QuerySet[Region], region_scope: Q, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].queryset = kabkota_choices
        kabkota, kecamatan = self._selected_parents()
        allowed = Region.objects.filter(region_scope)
        self.fields["kecamatan"].queryset = allowed.filter(parent_id=kabkota, level=RegionLevel.KECAMATAN)
        self.fields["desa"].queryset = allowed.filter(parent_id=kecamatan, level=RegionLevel.DESA)
        if self.instance.pk:
            self.initial.setdefault("kabkota", self.instance.kabkota_id)
            self.initial.setdefault("kecamatan", self.instance.kecamatan_id)
            self.initial["shop_links_text"] = "\n".join(link["url"] for link in self.instance.shop_links)
        elif len(kabkota_choices) == 1:
            self.initial.setdefault("kabkota", kabkota_choices[0].pk)

    def _selected_parents(self) -> tuple[str, str]:
        if self.is_bound:
            return self.data.get("kabkota", ""), self.data.get("kecamatan", "")
        if self.instance.pk:
            return self.instance.kabkota_id, self.instance.kecamatan_id
        choices = self.fields["kabkota"].queryset
        return (choices[0].pk if len(choices) == 1 else ""), ""

    def clean_owner_nik(self) -> str:
        nik = normalize_digits(self.cleaned_data["owner_nik"])
        if nik:
            validate_nik(nik)
        return nik

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        validate_phone(phone)
        return normalize_phone(phone)

    def clean_kbli_code(self) -> str:
        code = normalize_digits(self.cleaned_data["kbli_code"])
        if code:
            validate_kbli(code)
        return code

    def clean_shop_links_text(self) -> list[dict[str, str]]:
        links = []
        for number, line in enumerate(self.cleaned_data["shop_links_text"].splitlines(), start=1):
            url = line.strip()
            if not url:
                continue
            if not url.startswith(("http://", "https://")):
                url = f"https://{url}"
            try:
                forms.URLField(assume_scheme="https").clean(url)
            except ValidationError as exc:
                raise ValidationError(
                    _("Baris %(line)s: tautan tidak sah."), params={"line": number}
                ) from exc
            links.append({"platform": shop_platform(url), "url": url})
        return links

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        desa, kecamatan, kabkota = cleaned.get("desa"), cleaned.get("kecamatan"), cleaned.get("kabkota")
        if desa and kecamatan and not desa.code.startswith(kecamatan.code):
            self.add_error("desa", _("Desa ini tidak berada di kecamatan yang dipilih."))
        if kecamatan and kabkota and not kecamatan.code.startswith(kabkota.code):
            self.add_error("kecamatan", _("Kecamatan ini tidak berada di kab/kota yang dipilih."))
        try:
            business_check_rules(cleaned)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["shop_links"] = self.cleaned_data["shop_links_text"]
        data["owner_nik"] = self.cleaned_data["owner_nik"]
        return data


# A tuple, because inline formsets append the foreign key to a form's Meta.fields list in place.
DOCUMENT_FIELDS = ("kind", "number", "issued_on", "expires_on", "scan")


class LegalityDocumentForm(forms.ModelForm):
    """One document, its number checked by the rules of its kind (a P-IRT against the kab/kota)."""

    class Meta:
        model = LegalityDocument
        fields = list(DOCUMENT_FIELDS)
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, kabkota_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kabkota_code = kabkota_code

    def clean_scan(self) -> Any:
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):
            return document_scan_clean(scan)
        return scan

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind and number:
            try:
                DOCUMENT_VALIDATORS[kind](number, kabkota_code=self.kabkota_code)
            except ValidationError as exc:
                self.add_error("number", exc)
            else:
                cleaned["number"] = DOCUMENT_NORMALIZERS[kind](number)
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."))
        return cleaned


class DocumentVerifyForm(forms.Form):
    status = forms.ChoiceField(choices=VerificationStatus.choices, label=_("Status verifikasi"))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=250)


DocumentFormSet = forms.inlineformset_factory(
    Business, LegalityDocument, form=LegalityDocumentForm, extra=3, can_delete=False, max_num=10
)
