"""Forms of the catalogue: they check input and hand clean data to the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lapak.catalog.materials import material_kind_choices
from lapak.catalog.models import CertificationKind, Origin, Product, RawMaterial, Sku
from lapak.catalog.photos import photo_inspect
from lapak.catalog.services import MATERIAL_FIELDS, MAX_PHOTOS, SKU_FIELDS
from lapak.catalog.taxonomy import ATTRIBUTE_LABELS, CATEGORIES, category_choices, category_get
from lapak.registry.models import LegalityDocument
from lapak.registry.validators import normalize_digits, validate_kbli

NO_DOCUMENT = "tanpa-dokumen"
NUMBER = {"inputmode": "numeric", "min": "0"}
DECIMAL = {"inputmode": "decimal", "min": "0", "step": "0.1"}
DESCRIPTION_MAX = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos from one input; each is checked by its content (not its name) for the form."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"accept": "image/jpeg,image/png,image/webp", "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("Paling banyak %(max)s foto per produk.") % {"max": MAX_PHOTOS})
        errors = []
        for upload in uploads:
            try:
                photo_inspect(upload, size=upload.size)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class ProductForm(forms.ModelForm):
    category = forms.ChoiceField(label=_("Kategori"), choices=[("", "—"), *category_choices()])
    # The model's TextField has no limit; marketplaces take a few thousand characters at most.
    description = forms.CharField(
        label=_("Deskripsi"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = PhotoField(
        label=_("Foto produk"),
        required=False,
        help_text=_("JPG, PNG atau WEBP, minimal 500 x 500 piksel, paling besar 5 MB per foto."),
    )

    class Meta:
        model = Product
        fields = [
            "name", "category", "brand", "description", "kbli_code", "kbli_version",
            "shelf_life_days", "storage", "capacity_per_month", "capacity_unit",
            "is_exported", "hs_code", "is_active",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "shelf_life_days": forms.NumberInput(attrs=NUMBER),
            "capacity_per_month": forms.NumberInput(attrs=NUMBER),
        }

    def __init__(self, *args: Any, documents: dict[str, list[LegalityDocument]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in ATTRIBUTE_LABELS.items():
            users = " ".join(c.code for c in CATEGORIES if key in c.attributes)
            self.fields[f"attr_{key}"] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"data-categories": users}),
            )
            self.initial.setdefault(f"attr_{key}", (self.instance.attributes or {}).get(key, ""))
        current = {c.kind: c for c in self.instance.certifications.all()} if self.instance.pk else {}
        for kind in CertificationKind:
            self.fields[f"cert_{kind.value}"] = _certification_field(kind, documents.get(kind.value, []))
            if kind.value in current:
                document_id = current[kind.value].document_id
                self.initial[f"cert_{kind.value}"] = str(document_id) if document_id else NO_DOCUMENT
        self.documents = {str(d.pk): d for docs in documents.values() for d in docs}

    @property
    def attribute_fields(self) -> list[forms.BoundField]:
        return [self[f"attr_{key}"] for key in ATTRIBUTE_LABELS]

    @property
    def certification_fields(self) -> list[forms.BoundField]:
        return [self[f"cert_{kind.value}"] for kind in CertificationKind]

    def clean_kbli_code(self) -> str:
        code = normalize_digits(self.cleaned_data["kbli_code"])
        if code:
            validate_kbli(code)
        return code

    def clean_hs_code(self) -> str:
        return self.cleaned_data["hs_code"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("is_exported") and not cleaned.get("hs_code"):
            self.add_error("hs_code", _("Isi kode HS untuk produk yang diekspor."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        category = category_get(data["category"])
        keys = category.attributes if category else ()
        data["attributes"] = {
            k: self.cleaned_data[f"attr_{k}"] for k in keys if self.cleaned_data[f"attr_{k}"]
        }
        return data

    def certifications(self) -> list[dict[str, Any]]:
        result = []
        for kind in CertificationKind:
            value = self.cleaned_data.get(f"cert_{kind.value}")
            if value:
                result.append({"kind": kind.value, "document": self.documents.get(value)})
        return result


def _certification_field(kind: CertificationKind, documents: list[LegalityDocument]) -> forms.ChoiceField:
    choices = [("", _("Tidak berlaku untuk produk ini"))]
    for document in documents:
        until = f" s.d. {document.expires_on:%d-%m-%Y}" if document.expires_on else ""
        state = document.get_status_display()
        choices.append((str(document.pk), f"{document.number}{until} ({state})"))
    choices.append((NO_DOCUMENT, _("Berlaku, dokumen belum ada / sedang diurus")))
    return forms.ChoiceField(label=kind.label, choices=choices, required=False)


class SkuForm(forms.ModelForm):
    class Meta:
        model = Sku
        fields = list(SKU_FIELDS)
        widgets = {
            "price": forms.NumberInput(attrs=NUMBER),
            "stock": forms.NumberInput(attrs=NUMBER),
            "weight_grams": forms.NumberInput(attrs=NUMBER),
            "length_cm": forms.NumberInput(attrs=DECIMAL),
            "width_cm": forms.NumberInput(attrs=DECIMAL),
            "height_cm": forms.NumberInput(attrs=DECIMAL),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Kosongkan untuk dibuat otomatis.")


class BaseSkuFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.service_rows():
            raise ValidationError(_("Isi minimal satu SKU (harga dan stok)."))

    def service_rows(self) -> list[dict[str, Any]]:
        """What the services take: one dict per SKU kept, with ``id`` for an existing one."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not (form.has_changed() or form.instance.pk):
                continue
            rows.append({"id": form.instance.pk, **{name: data.get(name) for name in SKU_FIELDS}})
        return rows


SkuFormSet = forms.inlineformset_factory(
    Product, Sku, form=SkuForm, formset=BaseSkuFormSet, extra=1, can_delete=True, max_num=50
)


class RawMaterialForm(forms.ModelForm):
    category = forms.ChoiceField(
        label=_("Jenis bahan"),
        required=False,
        choices=[("", _("— tebak dari nama —")), *material_kind_choices()],
    )

    class Meta:
        model = RawMaterial
        fields = list(MATERIAL_FIELDS)
        widgets = {
            "share": forms.NumberInput(attrs=DECIMAL),
            "origin_country": forms.TextInput(attrs={"size": 3}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        country = (cleaned.get("origin_country") or "").strip().upper()
        if cleaned.get("origin") == Origin.IMPORTED and not country:
            self.add_error("origin_country", _("Isi negara asal bahan impor (misalnya CN, IN, US)."))
        cleaned["origin_country"] = country if cleaned.get("origin") == Origin.IMPORTED else ""
        return cleaned


class BaseRawMaterialFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        total = sum((row["share"] for row in self.service_rows()), Decimal(0))
        if total > 100:
            raise ValidationError(
                _("Jumlah porsi bahan baku %(total)s persen; paling banyak 100 persen.") % {"total": total}
            )

    def service_rows(self) -> list[dict[str, Any]]:
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not (form.has_changed() or form.instance.pk):
                continue
            rows.append({name: data.get(name) for name in MATERIAL_FIELDS})
        return rows


RawMaterialFormSet = forms.inlineformset_factory(
    Product,
    RawMaterial,
    form=RawMaterialForm,
    formset=BaseRawMaterialFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
)


class PhotoAddForm(forms.Form):
    photos = PhotoField(label=_("Tambah foto"))
