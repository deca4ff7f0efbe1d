"""The JSON shapes of the API (Pydantic, through ninja): what the OpenAPI document shows.

Field names are English, as in the partner API since its first version; paths are Indonesian.
Text inputs refuse NUL characters and surrogates (PostgreSQL cannot store them), numbers have bounds that
keep every total inside a 64-bit column, and times need a time zone and a plausible year.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"


def _plain_text(value: str) -> str:
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError(_("Teks memuat karakter yang tidak sah."))
    return value


def _plausible_year(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2100:
        raise ValueError(_("Tahun harus antara 2000 dan 2100."))
    return value


def _text(max_length: int, *, required: bool = False) -> Any:
    constraints = StringConstraints(max_length=max_length, pattern=NOT_BLANK if required else NO_NUL)
    return Annotated[str, constraints, AfterValidator(_plain_text)]


Text30, Text60, Text100, Text500 = _text(30), _text(60), _text(100), _text(500)
Id60, Id80 = _text(60, required=True), _text(80, required=True)
Moment = Annotated[AwareDatetime, AfterValidator(_plausible_year)]
Rupiah = Annotated[int, Field(ge=0, le=10_000_000_000)]


# --- Errors ----------------------------------------------------------------------------------------


class Problem(Schema):
    field: str = Field(description="Kolom yang salah; di dalam item bila `index` diisi.")
    message: str
    index: int | None = Field(None, description="Posisi item dalam daftar yang dikirim (mulai 0).")


class ErrorDetail(Schema):
    code: str = Field(description="Kode mesin, misalnya `invalid`, `unauthenticated`, `rate_limited`.")
    message: str = Field(description="Pesan dalam Bahasa Indonesia.")
    details: list[Problem]


class ErrorOut(Schema):
    error: ErrorDetail
    request_id: str


# --- Partner pushes --------------------------------------------------------------------------------


class OrderLineIn(Schema):
    seller_sku: Text60 = ""
    quantity: int = Field(ge=1, le=100_000)
    unit_price: Rupiah


class OrderIn(Schema):
    shop_id: Id60
    order_id: Id80
    created_at: Moment = Field(description="ISO 8601 dengan zona waktu.")
    status: Text30 = ""
    buyer_city: Text100 = ""
    buyer_province: Text100 = ""
    buyer_country: Text60 = Field("ID", description="Kode ISO 3166 (ID, MY) atau nama negara.")
    lines: list[OrderLineIn] = Field(min_length=1, max_length=100)
    fees: Rupiah = 0


class OrdersIn(Schema):
    orders: list[OrderIn] = Field(min_length=1, max_length=500)


class PushedOrdersOut(Schema):
    accepted: int = Field(description="Pesanan baru yang dicatat.")
    duplicates: int = Field(description="Pesanan yang sudah tercatat sebelumnya (tidak dicatat ulang).")
    request_id: str = ""


class ListingStatusIn(Schema):
    external_id: Id60
    status: Literal["live", "rejected", "delisted"]
    reason: Text500 = ""


class ListingsIn(Schema):
    listings: list[ListingStatusIn] = Field(min_length=1, max_length=500)


class PushedListingsOut(Schema):
    updated: int
    request_id: str = ""


# --- Partner reads ---------------------------------------------------------------------------------


class FeedSku(Schema):
    seller_sku: str
    variant: str
    price: int
    stock: int
    weight_grams: int | None


class FeedProduct(Schema):
    id: int
    name: str
    description: str
    category: str
    brand: str
    business_id: int
    business_name: str
    kabkota: str
    listing_state: str
    external_id: str
    skus: list[FeedSku]


class FeedItemOut(Schema):
    product_id: int
    action: Literal["upsert", "delete"] = Field(
        description="`upsert`: tambahkan atau perbarui; `delete`: produk keluar dari katalog kanal Anda."
    )
    product: FeedProduct | None = Field(description="Isi produk untuk `upsert`; `null` untuk `delete`.")


class FeedPageOut(Schema):
    items: list[FeedItemOut]
    next_cursor: str = Field(description="Simpan dan kirim pada permintaan berikutnya.")
    has_more: bool = Field(description="`false`: sudah terkini; tanyakan lagi nanti dengan cursor yang sama.")
    request_id: str = ""


class ListingOut(Schema):
    id: int
    product_id: int
    product_name: str
    state: str
    external_id: str
    external_url: str
    needs_migration: bool
    updated_at: datetime


class ListingPageOut(Schema):
    items: list[ListingOut]
    next_cursor: str | None
    request_id: str = ""


class OrderLineOut(Schema):
    seller_sku: str
    quantity: int
    unit_price: int
    amount: int


class OrderOut(Schema):
    id: int
    order_id: str
    shop_id: str | None
    ordered_at: datetime
    status: str
    buyer_city: str
    buyer_province: str
    buyer_country: str
    total_amount: int
    fees: int
    lines: list[OrderLineOut]


class OrderPageOut(Schema):
    items: list[OrderOut]
    next_cursor: str | None
    request_id: str = ""


# --- Public catalogue ------------------------------------------------------------------------------


class PublicSku(Schema):
    variant: str
    price: int
    in_stock: bool


class PublicPhoto(Schema):
    url: str
    thumbnail_url: str


class PublicBusinessOut(Schema):
    id: int
    name: str
    brand: str
    sector: str
    sector_label: str
    kabkota: str
    region: str = Field(description="Wilayah setepat yang dipilih pemilik untuk ditampilkan.")
    story: str
    phone: str = Field(description="Kosong kecuali pemilik memilih menampilkannya.")
    address: str = Field(description="Kosong kecuali pemilik memilih menampilkannya.")
    women_owned: bool
    kopwan: bool


class PublicProductOut(Schema):
    id: int
    name: str
    description: str
    category: str
    brand: str
    curation_decision: int
    curation_label: str
    business_id: int
    business_name: str
    kabkota: str
    url: str = Field(description="Halaman produk di Etalase Lapak.")
    skus: list[PublicSku]
    photos: list[PublicPhoto]


class PublicProductPageOut(Schema):
    items: list[PublicProductOut]
    next_cursor: str | None
    request_id: str = ""


class PublicProductDataOut(Schema):
    data: PublicProductOut
    request_id: str = ""


class PublicBusinessPageOut(Schema):
    items: list[PublicBusinessOut]
    next_cursor: str | None
    request_id: str = ""


class PublicBusinessDataOut(Schema):
    data: PublicBusinessOut
    request_id: str = ""


# --- Staff reads -----------------------------------------------------------------------------------


class RegionRef(Schema):
    code: str
    name: str


class PersonalOut(Schema):
    owner_name: str
    owner_nik_masked: str = Field(description="NIK yang disamarkan; NIK utuh tidak pernah dikirim.")
    phone: str
    email: str
    address: str
    latitude: float | None
    longitude: float | None


class BusinessOut(Schema):
    id: int
    name: str
    brand: str
    owner_sex: str
    sector: str
    kbli_code: str
    kabkota: RegionRef
    kecamatan: RegionRef
    desa: RegionRef
    size_class: str
    legality_status: str
    online_mode: str
    is_ikm: bool
    is_ukm: bool
    is_koperasi: bool
    is_kopwan_member: bool
    employees: int | None
    founded_year: int | None
    capital: int | None
    annual_sales: int | None
    updated_at: datetime
    personal: PersonalOut | None = Field(
        description="Data pribadi pemilik, hanya bila peran pengguna token boleh melihatnya; selain itu null."
    )


class BusinessPageOut(Schema):
    items: list[BusinessOut]
    next_cursor: str | None
    request_id: str = ""


class BusinessDataOut(Schema):
    data: BusinessOut
    request_id: str = ""


class CurationOut(Schema):
    product_id: int
    decision: int = Field(
        description="0 perlu pembinaan, 1 layak lokal, 2 layak modern/marketplace, 3 ekspor."
    )
    decision_label: str
    score: float
    round_number: int
    decided_at: datetime


class StaffSku(Schema):
    code: str
    variant: str
    price: int
    stock: int
    active: bool


class ChannelState(Schema):
    channel: str
    state: str


class ProductOut(Schema):
    id: int
    business_id: int
    business_name: str
    name: str
    description: str
    category: str
    brand: str
    is_active: bool
    local_share: float | None
    domestic_share: float | None
    curation: CurationOut | None
    skus: list[StaffSku]
    listings: list[ChannelState]
    updated_at: datetime


class ProductPageOut(Schema):
    items: list[ProductOut]
    next_cursor: str | None
    request_id: str = ""


class ProductDataOut(Schema):
    data: ProductOut
    request_id: str = ""


class CurationPageOut(Schema):
    items: list[CurationOut]
    next_cursor: str | None
    request_id: str = ""


# --- Open data -------------------------------------------------------------------------------------


class BusinessCountCell(Schema):
    key: str
    label: str
    businesses: int | None = Field(description="`null` bila disembunyikan (sel kecil).")
    suppressed: bool


class SalesCell(Schema):
    key: str
    label: str
    businesses: int | None
    orders: int | None
    gmv: int | None = Field(description="Nilai penjualan (Rupiah); `null` bila disembunyikan.")
    suppressed: bool


class BusinessCountsOut(Schema):
    group: str
    min_cell: int = Field(description="Sel dengan usaha kurang dari angka ini disembunyikan.")
    cells: list[BusinessCountCell]
    request_id: str = ""


class SalesTotalsOut(Schema):
    group: str
    year: int | None
    min_cell: int
    cells: list[SalesCell]
    request_id: str = ""
