"""Forms of the ingest pages; the rules themselves live in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.ingest.linking import SURVIVING_FIELDS
from lapak.ingest.mapping import TARGET_FIELDS
from lapak.ingest.models import Source, SourceKind
from lapak.ingest.readers import CSV_SUFFIXES, EXCEL_SUFFIXES


class SourceForm(forms.Form):
    code = forms.SlugField(
        label=_("Kode"), max_length=40, help_text=_("Huruf kecil tanpa spasi, mis. dinkop-2026")
    )
    name = forms.CharField(label=_("Nama sumber"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis sumber"), choices=SourceKind.choices)


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Sumber data"), queryset=Source.objects.none())
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("CSV (UTF-8 atau Windows-1252, koma atau titik koma), XLSX atau XLS; maks. 200 MB."),
    )

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
            raise forms.ValidationError(_("Jenis berkas tidak didukung. Gunakan CSV, XLSX atau XLS."))
        return upload


class MappingForm(forms.Form):
    """One choice of column per target field, plus whether to keep the choice as the source's profile."""

    save_profile = forms.BooleanField(
        label=_("Simpan sebagai profil pemetaan sumber ini"), required=False, initial=True
    )

    def __init__(self, *args: Any, columns: list[str], mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— tidak dipakai —")), *((title, title) for title in columns)]
        for target in TARGET_FIELDS:
            label = f"{target.label} *" if target.required else target.label
            self.fields[f"map_{target.key}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=mapping.get(target.key, "")
            )
        self.order_fields([f"map_{target.key}" for target in TARGET_FIELDS] + ["save_profile"])

    def mapping(self) -> dict[str, str]:
        return {
            target.key: self.cleaned_data[f"map_{target.key}"]
            for target in TARGET_FIELDS
            if self.cleaned_data.get(f"map_{target.key}")
        }


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label=_("Lembar kerja"))

    def __init__(self, *args: Any, sheets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheets]  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    """Accept or reject a candidate; on accept, fields the record should overwrite in the golden record."""

    decision = forms.ChoiceField(choices=[("accept", _("Sama")), ("reject", _("Berbeda"))])
    fields = forms.MultipleChoiceField(
        label=_("Ambil nilai dari rekaman sumber untuk"),
        required=False,
        choices=[(field, field) for field in SURVIVING_FIELDS if not field.startswith("owner_nik")],
        widget=forms.CheckboxSelectMultiple,
    )
