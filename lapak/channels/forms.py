"""Forms of the channels pages: which channels to publish on, and an offline sale."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lapak.catalog.models import Sku

from .models import Channel, SaleSource


class PublishForm(forms.Form):
    channels = forms.ModelMultipleChoiceField(
        label=_("Tayangkan di"), queryset=Channel.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, channels: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels


OFFLINE_SOURCES = [
    (SaleSource.GALERI, SaleSource.GALERI.label),
    (SaleSource.EXPO, SaleSource.EXPO.label),
    (SaleSource.SELF_REPORT, SaleSource.SELF_REPORT.label),
]


class OfflineSaleForm(forms.Form):
    """One offline sale (Galeri, expo, or the owner's monthly report): what was sold, when, to where."""

    source = forms.ChoiceField(label=_("Sumber"), choices=OFFLINE_SOURCES)
    sold_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    sku = forms.ModelChoiceField(label=_("Produk (SKU)"), queryset=Sku.objects.none())
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=1_000_000)
    unit_price = forms.IntegerField(label=_("Harga satuan (Rp)"), min_value=0, max_value=10_000_000_000)
    buyer_city = forms.CharField(label=_("Kota pembeli"), max_length=100, required=False)
    buyer_province = forms.CharField(label=_("Provinsi pembeli"), max_length=100, required=False)
    buyer_country = forms.CharField(label=_("Negara pembeli (kode 2 huruf)"), max_length=2, initial="ID")

    def __init__(self, *args: Any, skus: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sku"].queryset = skus
        self.fields["sku"].label_from_instance = lambda sku: f"{sku.product.name} — {sku.variant or sku.code}"

    def clean_sold_on(self) -> date:
        value: date = self.cleaned_data["sold_on"]
        if value > date.today():
            raise ValidationError(_("Tanggal penjualan tidak boleh di masa depan."))
        return value

    def clean_buyer_country(self) -> str:
        value = self.cleaned_data["buyer_country"].strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise ValidationError(_("Tulis kode negara dua huruf, misalnya ID atau MY."))
        return value


class SalesFileForm(forms.Form):
    """A sales file: a marketplace's seller report (channel code) or offline sales (source)."""

    OFFLINE = ("galeri", "expo", "self_report")
    KINDS = [
        ("galeri", _("Penjualan Galeri (templat Lapak)")),
        ("expo", _("Penjualan pameran (templat Lapak)")),
        ("self_report", _("Laporan bulanan pelaku usaha (templat Lapak)")),
        ("bukalapak", _("Laporan penjual Bukalapak (arsip)")),
        ("blibli", _("Laporan pesanan Blibli")),
    ]
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=KINDS)
    file = forms.FileField(label=_("Berkas (XLSX, XLS atau CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError(_("Berkas kosong."))
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("Berkas lebih dari 20 MB; pecah menjadi beberapa berkas."))
        return upload
