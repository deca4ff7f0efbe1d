"""Channels (marketplaces, the storefront), shop connections, listings, the outbox and the sales ledger."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.models import TimeStampedModel


class ChannelKind(models.TextChoices):
    API = "api", _("API marketplace")
    FILE = "file", _("Berkas unggah massal")
    STOREFRONT = "storefront", _("Etalase Lapak")


class ChannelStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    CLOSED = "closed", _("Ditutup")


class Channel(models.Model):
    """A place where products are sold online; a closed channel takes no new listings."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=80)
    kind = models.CharField(_("jenis"), max_length=12, choices=ChannelKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ChannelStatus.choices, default=ChannelStatus.ACTIVE
    )
    closed_on = models.DateField(_("ditutup sejak"), null=True, blank=True)
    closure_note = models.CharField(_("catatan penutupan"), max_length=250, blank=True)
    adapter = models.CharField(_("adaptor API"), max_length=20, blank=True)
    base_url = models.URLField(_("alamat API"), blank=True)
    authorize_page = models.URLField(_("halaman izin toko"), blank=True)
    token_host = models.URLField(_("alamat API token"), blank=True)
    # Title and description rules, image limits: {"title_max": 255, "description_min": 100, "images_max": 8}
    rules = models.JSONField(_("aturan isi"), default=dict, blank=True)
    requests_per_second = models.PositiveSmallIntegerField(_("batas panggilan per detik"), default=10)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kanal")
        verbose_name_plural = _("kanal")

    def __str__(self) -> str:
        return self.name

    @property
    def accepts_new_listings(self) -> bool:
        return self.status == ChannelStatus.ACTIVE


class CategoryMapping(models.Model):
    """A Lapak taxonomy category on one channel: the channel's category id and attribute names."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="category_mappings")
    category = models.CharField(_("kategori Lapak"), max_length=20)
    external_category_id = models.CharField(_("ID kategori kanal"), max_length=40)
    external_category_name = models.CharField(_("nama kategori kanal"), max_length=200, blank=True)
    attributes = models.JSONField(_("pemetaan atribut"), default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "category"], name="channels_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.external_category_id}"


class ConnectionStatus(models.TextChoices):
    ACTIVE = "active", _("Tersambung")
    EXPIRED = "expired", _("Perlu disambung ulang")
    REVOKED = "revoked", _("Diputus")


class ShopConnection(TimeStampedModel):
    """A business's shop on a channel, with its tokens (encrypted at rest, refreshed before expiry)."""

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="shop_connections"
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="connections")
    shop_id = models.CharField(_("ID toko"), max_length=60)
    shop_name = models.CharField(_("nama toko"), max_length=150, blank=True)
    access_token_encrypted = models.TextField(blank=True)
    refresh_token_encrypted = models.TextField(blank=True)
    access_expires_at = models.DateTimeField(_("token berlaku sampai"), null=True, blank=True)
    refresh_expires_at = models.DateTimeField(_("token pembaru berlaku sampai"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ConnectionStatus.choices, default=ConnectionStatus.ACTIVE
    )
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    orders_synced_until = models.DateTimeField(_("pesanan diambil sampai"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "channel"], name="channels_connection_unique")
        ]
        verbose_name = _("sambungan toko")
        verbose_name_plural = _("sambungan toko")


class ListingState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    READY = "ready", _("Siap kirim")
    SUBMITTED = "submitted", _("Dikirim")
    LIVE = "live", _("Tayang")
    REJECTED = "rejected", _("Ditolak kanal")
    ERROR = "error", _("Galat")
    DELISTED = "delisted", _("Diturunkan")


class Listing(TimeStampedModel):
    """One product on one channel (Saleor's ProductChannelListing): its state and the channel's ids."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="listings")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="listings")
    state = models.CharField(
        _("status"), max_length=10, choices=ListingState.choices, default=ListingState.DRAFT
    )
    external_id = models.CharField(_("ID di kanal"), max_length=60, blank=True)
    external_url = models.URLField(_("tautan di kanal"), max_length=300, blank=True)
    sku_ids = models.JSONField(_("ID SKU di kanal"), default=dict, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    last_synced_at = models.DateTimeField(_("terakhir disinkronkan"), null=True, blank=True)
    error_code = models.CharField(_("kode galat"), max_length=60, blank=True)
    error_text = models.TextField(_("pesan kanal"), blank=True)
    needs_migration = models.BooleanField(_("perlu dipindah ke kanal lain"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="channels_listing_unique")]
        indexes = [models.Index(fields=["channel", "state"])]
        verbose_name = _("tayangan")
        verbose_name_plural = _("tayangan")


class OutboxKind(models.TextChoices):
    PUBLISH = "publish", _("Tayangkan")
    UPDATE = "update", _("Perbarui isi, harga dan stok")
    DELIST = "delist", _("Turunkan")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DONE = "done", _("Terkirim")
    FAILED = "failed", _("Gagal")


class OutboxEntry(models.Model):
    """A change waiting to reach a channel; kept until delivered, so nothing is lost while it is down."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(max_length=8, choices=OutboxKind.choices)
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"


class CallLogEntry(models.Model):
    """One call to a channel's API: what, when, how it went. Never a token, signature or body."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(ShopConnection, on_delete=models.SET_NULL, null=True, related_name="+")
    method = models.CharField(max_length=6)
    path = models.CharField(max_length=200)
    attempt = models.PositiveSmallIntegerField()
    status = models.PositiveSmallIntegerField(null=True)
    duration_ms = models.PositiveIntegerField()
    outcome = models.CharField(max_length=20)
    code = models.CharField(max_length=60, blank=True)
    request_id = models.CharField(max_length=80, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.outcome}"


class SaleSource(models.TextChoices):
    CHANNEL = "channel", _("Marketplace")
    CHANNEL_FILE = "channel_file", _("Laporan penjual dari marketplace")
    GALERI = "galeri", _("Galeri UMKM")
    EXPO = "expo", _("Pameran")
    SELF_REPORT = "self_report", _("Laporan bulanan pelaku usaha")


class SalesOrder(models.Model):
    """One order in the sales ledger, online or offline; a channel's order id is recorded only once."""

    # Indexed by (business, ordered_at) and by the (channel, external_id) constraint: no single-column
    # indexes to maintain on every bulk load.
    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="sales_orders", db_index=False
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    source = models.CharField(_("sumber"), max_length=12, choices=SaleSource.choices)
    is_online = models.BooleanField(_("daring"))
    external_id = models.CharField(_("nomor pesanan"), max_length=80, blank=True)
    ordered_at = models.DateTimeField(_("waktu pesanan"))
    status = models.CharField(_("status"), max_length=30, blank=True)
    buyer_city = models.CharField(_("kota pembeli"), max_length=100, blank=True)
    buyer_province = models.CharField(_("provinsi pembeli"), max_length=100, blank=True)
    buyer_country = models.CharField(_("negara pembeli"), max_length=2, default="ID")
    total_amount = models.BigIntegerField(_("nilai (Rp)"))
    fees = models.BigIntegerField(_("biaya kanal (Rp)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="channels_order_once_per_channel",
            ),
            models.CheckConstraint(condition=models.Q(total_amount__gte=0), name="channels_order_amount_ok"),
        ]
        indexes = [models.Index(fields=["business", "ordered_at"])]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")

    def __str__(self) -> str:
        return self.external_id or f"#{self.pk}"


class SalesLine(models.Model):
    # No database constraint: lines are only ever written in the same statement or transaction as their
    # order (the bulk merge joins on the orders it just inserted), and Django deletes them with it. The
    # deferred check cost ~7 s per million lines at commit (benchmarks/feed.py).
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines", db_constraint=False)
    # No database constraint: a million-line load skips a trigger per line; Django still sets it to
    # NULL when a SKU is deleted (SET_NULL runs in Python).
    sku = models.ForeignKey(
        "catalog.Sku", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    seller_sku = models.CharField(_("SKU penjual"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit_price = models.BigIntegerField(_("harga satuan (Rp)"))
    amount = models.BigIntegerField(_("nilai (Rp)"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(unit_price__gte=0), name="channels_line_price_ok"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.seller_sku}"


# What a partner key may do through the API (lapak/api); each is checked per endpoint.
PARTNER_SCOPES = ("katalog:baca", "tayangan:baca", "tayangan:tulis", "pesanan:baca", "pesanan:tulis")


def partner_scopes_all() -> list[str]:
    """Keys made before scopes existed keep everything they could do (and the new reads)."""
    return list(PARTNER_SCOPES)


class PartnerKey(models.Model):
    """A marketplace partner's key for the API; it reaches its own channel only, within its scopes.

    Only a keyed hash of the key is stored; the key itself is shown once, when it is made.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="partner_keys")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("awalan kunci"), max_length=24, blank=True)
    scopes = models.JSONField(_("cakupan"), default=partner_scopes_all, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.channel} · {self.name}"
