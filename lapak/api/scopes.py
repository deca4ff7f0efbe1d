"""The scopes a token may carry. A partner key (channels.PartnerKey) reaches its own channel; a staff
token (api.ApiToken) reaches what its user may see in the UI, and no more, whatever its scopes."""

from django.utils.translation import gettext_lazy as _

from lapak.channels.models import PARTNER_SCOPES

CATALOGUE_READ = "katalog:baca"
LISTINGS_READ = "tayangan:baca"
LISTINGS_WRITE = "tayangan:tulis"
ORDERS_READ = "pesanan:baca"
ORDERS_WRITE = "pesanan:tulis"
BUSINESSES_READ = "usaha:baca"
PRODUCTS_READ = "produk:baca"
CURATION_READ = "kurasi:baca"

STAFF_SCOPES = (BUSINESSES_READ, PRODUCTS_READ, CURATION_READ)
assert {CATALOGUE_READ, LISTINGS_READ, LISTINGS_WRITE, ORDERS_READ, ORDERS_WRITE} == set(PARTNER_SCOPES)

SCOPE_LABELS = {
    CATALOGUE_READ: _("Membaca perubahan katalog kanal sendiri"),
    LISTINGS_READ: _("Membaca tayangan kanal sendiri"),
    LISTINGS_WRITE: _("Mengirim status tayangan"),
    ORDERS_READ: _("Membaca pesanan kanal sendiri"),
    ORDERS_WRITE: _("Mengirim pesanan"),
    BUSINESSES_READ: _("Membaca data usaha (sesuai wilayah pengguna)"),
    PRODUCTS_READ: _("Membaca produk (sesuai wilayah pengguna)"),
    CURATION_READ: _("Membaca status kurasi (sesuai wilayah pengguna)"),
}
