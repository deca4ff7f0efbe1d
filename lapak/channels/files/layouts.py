"""Sales files as data: which column titles carry which field, per channel report and for offline sales.

Titles are matched after normalisation (``lapak.ingest.mapping.header_key``), exactly first and then as
the start of a longer title ("Harga Satuan (Rp)" is "harga satuan"). A channel's own variants come
before the common ones. The Bukalapak and Blibli variants are the titles their seller exports are known
to use in Indonesian and English; a report with other titles can be imported with the generic layout
after renaming its columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.channels.models import SaleSource

from .parsing import FileField

COMMON_ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("no pesanan", "nomor pesanan", "id pesanan", "kode pesanan", "no order", "nomor order",
                 "id order", "order id", "order no", "order number", "no invoice", "nomor invoice",
                 "invoice$", "no transaksi", "nomor transaksi", "id transaksi", "kode transaksi"),
    "ordered_at": ("tanggal pesanan", "waktu pesanan", "tanggal order", "waktu order", "tanggal transaksi",
                   "waktu transaksi", "tanggal pembelian", "waktu pembelian", "order date", "order time",
                   "created time", "tanggal$", "tgl$", "waktu$", "date$"),
    "status": ("status pesanan", "status order", "status transaksi", "status$", "order status"),
    "seller_sku": ("sku penjual", "sku seller", "seller sku", "merchant sku", "sku merchant", "kode sku",
                   "sku barang", "sku produk", "nomor referensi sku", "kode barang", "kode produk", "sku"),
    "quantity": ("jumlah", "jumlah barang", "jumlah produk", "jumlah item", "kuantitas", "qty", "quantity",
                 "banyaknya", "jml", "terjual"),
    "unit_price": ("harga satuan", "harga barang", "harga produk", "harga item", "harga jual", "harga$",
                   "unit price", "price$", "harga per unit"),
    "amount": ("total harga", "total harga produk", "total harga item", "total harga barang", "jumlah harga",
               "subtotal", "sub total", "total$", "total rp", "nilai$", "total penjualan", "nilai penjualan",
               "amount$"),
    "buyer_city": ("kota pembeli", "kota tujuan", "kota penerima", "kota pengiriman", "kabupaten/kota",
                   "kota/kabupaten", "kab/kota", "kota", "city"),
    "buyer_province": ("provinsi pembeli", "provinsi tujuan", "provinsi penerima", "provinsi pengiriman",
                       "provinsi", "propinsi", "province"),
    "buyer_country": ("negara pembeli", "negara tujuan", "negara", "country"),
    "fees": ("biaya layanan", "biaya admin", "biaya administrasi", "komisi", "biaya marketplace",
             "potongan marketplace", "biaya kanal", "fee$", "fees$"),
}  # fmt: skip

OFFLINE_ALIASES: dict[str, tuple[str, ...]] = {
    "sold_on": ("tanggal penjualan", "tanggal jual", "tanggal", "tgl", "bulan", "periode", "bulan laporan",
                "date"),
    "receipt": ("no nota", "nomor nota", "no kuitansi", "nomor kuitansi", "no faktur", "nomor faktur",
                "no transaksi", "nomor transaksi", "no bukti", "nomor bukti"),
    "source": ("sumber", "sumber penjualan", "jenis penjualan", "tempat penjualan", "saluran"),
}  # fmt: skip

LABELS: dict[str, Promise] = {
    "order_id": _("Nomor pesanan"),
    "ordered_at": _("Tanggal pesanan"),
    "status": _("Status"),
    "seller_sku": _("SKU"),
    "quantity": _("Jumlah"),
    "unit_price": _("Harga satuan"),
    "amount": _("Total"),
    "buyer_city": _("Kota pembeli"),
    "buyer_province": _("Provinsi pembeli"),
    "buyer_country": _("Negara pembeli"),
    "fees": _("Biaya kanal"),
    "sold_on": _("Tanggal"),
    "receipt": _("No. nota"),
    "source": _("Sumber"),
}
CHANNEL_REQUIRED = frozenset({"order_id", "ordered_at", "seller_sku", "quantity"})
OFFLINE_REQUIRED = frozenset({"sold_on", "seller_sku", "quantity"})
OFFLINE_FIELDS = ("sold_on", "receipt", "source", "seller_sku", "quantity", "unit_price", "amount",
                  "buyer_city", "buyer_province", "buyer_country")  # fmt: skip


@dataclass(frozen=True)
class SalesFileLayout:
    """How one kind of sales file is read."""

    code: str
    name: str | Promise
    fields: tuple[FileField, ...]
    online: bool = True
    # Rows dated after this cannot be real orders of the channel (Bukalapak's last physical-goods orders).
    last_order_date: date | None = None


def _fields(keys: tuple[str, ...], required: frozenset[str], extra: dict[str, tuple[str, ...]]) -> tuple:
    aliases = {**COMMON_ALIASES, **OFFLINE_ALIASES}
    return tuple(
        FileField(key, LABELS[key], (*extra.get(key, ()), *aliases[key]), key in required) for key in keys
    )


CHANNEL_FIELDS = tuple(COMMON_ALIASES)

BUKALAPAK = SalesFileLayout(
    code="bukalapak",
    name=_("Laporan penjual Bukalapak"),
    fields=_fields(
        CHANNEL_FIELDS,
        CHANNEL_REQUIRED,
        {
            "order_id": ("id transaksi", "no transaksi", "kode transaksi", "invoice$"),
            "ordered_at": ("tanggal transaksi", "waktu transaksi", "tanggal dibayar"),
            "seller_sku": ("sku barang", "kode barang", "sku"),
            "quantity": ("jumlah barang", "jumlah"),
            "unit_price": ("harga barang", "harga satuan"),
            "amount": ("total harga barang", "subtotal"),
        },
    ),
    # Bukalapak took its last orders for physical goods on 9 February 2025 (domain-facts §5.4).
    last_order_date=date(2025, 2, 9),
)

BLIBLI = SalesFileLayout(
    code="blibli",
    name=_("Laporan pesanan Blibli"),
    fields=_fields(
        CHANNEL_FIELDS,
        CHANNEL_REQUIRED,
        {
            "order_id": ("no order", "nomor order", "order no", "order id"),
            "ordered_at": ("tanggal order", "order date"),
            "seller_sku": ("merchant sku", "sku merchant", "seller sku", "sku seller"),
            "quantity": ("kuantitas", "qty", "total barang"),
            "unit_price": ("harga item", "harga produk"),
            "amount": ("total harga item", "subtotal"),
            "buyer_city": ("kota penerima",),
            "buyer_province": ("provinsi penerima",),
        },
    ),
)

GENERIC = SalesFileLayout(
    code="generic",
    name=_("Laporan penjualan kanal (umum)"),
    fields=_fields(CHANNEL_FIELDS, CHANNEL_REQUIRED, {}),
)

OFFLINE = SalesFileLayout(
    code="offline",
    name=_("Penjualan luring"),
    fields=_fields(OFFLINE_FIELDS, OFFLINE_REQUIRED, {}),
    online=False,
)

LAYOUTS: dict[str, SalesFileLayout] = {layout.code: layout for layout in (BUKALAPAK, BLIBLI, GENERIC)}

# What owners and Galeri staff write in the "Sumber" column of offline sales.
OFFLINE_SOURCES: dict[str, str] = {
    "galeri": SaleSource.GALERI,
    "galeri umkm": SaleSource.GALERI,
    "galeri dinas": SaleSource.GALERI,
    "pameran": SaleSource.EXPO,
    "expo": SaleSource.EXPO,
    "bazar": SaleSource.EXPO,
    "bazaar": SaleSource.EXPO,
    "laporan mandiri": SaleSource.SELF_REPORT,
    "laporan bulanan": SaleSource.SELF_REPORT,
    "laporan pelaku usaha": SaleSource.SELF_REPORT,
    "mandiri": SaleSource.SELF_REPORT,
    "self report": SaleSource.SELF_REPORT,
    "self_report": SaleSource.SELF_REPORT,
}
OFFLINE_SOURCE_VALUES = frozenset({SaleSource.GALERI, SaleSource.EXPO, SaleSource.SELF_REPORT})


def layout_for(channel_code: str) -> SalesFileLayout:
    """The layout of a channel's seller report, or the generic one."""
    return LAYOUTS.get(channel_code, GENERIC)
