"""Rollups: small tables the dashboards read instead of the registry and the sales ledger.

At province scale (about 10 million businesses and 50 million sales lines) no dashboard query may touch
the base tables, so ``services.rollups_refresh`` keeps these up to date incrementally (see its docstring
for the watermarks). Region columns hold Kemendagri codes as text (``35.27``, ``35.27.01``): no joins
and no foreign-key checks on the bulk upserts. ``SalesMonthly`` and ``DestinationMonthly`` also hold the
province's totals, under the province code (``35``) in their ``kabkota`` column, written by the same
upsert: the province dashboard (the busiest page) then reads 38 times fewer rows.

Cardinality at province scale, 24 months of sales:

- ``SalesMonthly``: month x (38 kab/kota + the province) x 8 sectors x ~4 size classes x ~6 channel
  keys (online orders carry a channel, offline ones mostly none) → at most ~180,000 rows;
- ``SalesKecamatanMonthly``: month x 666 kecamatan x 8 sectors x online/offline → at most ~255,000;
- ``DestinationMonthly``: month x (38 + 1) x 8 x online/offline x (38 provinces + countries), in practice
  far fewer (most orders go to a handful of provinces);
- ``BusinessRollup``: 666 kecamatan x 8 sectors x 5 size classes → at most ~27,000 rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesMonthly(models.Model):
    """Orders, lines, quantity and GMV (Rupiah) per month, kab/kota (or province: see the module
    docstring), sector, size class, channel and online flag. ``channel_key`` is the channel id, 0 for
    orders without a channel (offline sales)."""

    month = models.DateField(_("bulan"))
    kabkota = models.CharField(_("kab/kota"), max_length=13)
    sector = models.CharField(_("sektor"), max_length=10)
    size_class = models.CharField(_("skala usaha"), max_length=10)
    channel_key = models.IntegerField(_("kanal"))
    is_online = models.BooleanField(_("daring"))
    orders = models.BigIntegerField(default=0)
    lines = models.BigIntegerField(default=0)
    quantity = models.BigIntegerField(default=0)
    gmv = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap penjualan bulanan")
        verbose_name_plural = _("rekap penjualan bulanan")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kabkota", "sector", "size_class", "channel_key", "is_online"],
                name="insights_sales_key",
            )
        ]
        indexes = [models.Index(fields=["kabkota", "month"], name="insights_sales_kab")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kabkota} {self.sector}: {self.gmv}"


class SalesKecamatanMonthly(models.Model):
    """Orders and GMV per month, kecamatan, sector and online flag: the drill-down below a kab/kota."""

    month = models.DateField(_("bulan"))
    kabkota = models.CharField(_("kab/kota"), max_length=13)
    kecamatan = models.CharField(_("kecamatan"), max_length=13)
    sector = models.CharField(_("sektor"), max_length=10)
    is_online = models.BooleanField(_("daring"))
    orders = models.BigIntegerField(default=0)
    gmv = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap penjualan kecamatan")
        verbose_name_plural = _("rekap penjualan kecamatan")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kecamatan", "sector", "is_online"], name="insights_sales_kec_key"
            )
        ]
        indexes = [models.Index(fields=["kabkota", "month"], name="insights_sales_kec_kab")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kecamatan} {self.sector}: {self.gmv}"


class DestinationMonthly(models.Model):
    """Orders and GMV per month, seller kab/kota (or province: see the module docstring), sector, online
    flag and buyer country and province (``buyer_province`` is the ledger's text, empty when unknown or
    abroad)."""

    month = models.DateField(_("bulan"))
    kabkota = models.CharField(_("kab/kota"), max_length=13)
    sector = models.CharField(_("sektor"), max_length=10)
    is_online = models.BooleanField(_("daring"))
    buyer_country = models.CharField(_("negara pembeli"), max_length=2)
    buyer_province = models.CharField(_("provinsi pembeli"), max_length=100)
    orders = models.BigIntegerField(default=0)
    gmv = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap tujuan pasar")
        verbose_name_plural = _("rekap tujuan pasar")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kabkota", "sector", "is_online", "buyer_country", "buyer_province"],
                name="insights_destination_key",
            )
        ]
        indexes = [models.Index(fields=["kabkota", "month"], name="insights_destination_kab")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kabkota} → {self.buyer_country} {self.buyer_province}"


class BusinessRollup(models.Model):
    """Registered businesses and their facts per kecamatan, sector and size class (stock, not flow).

    ``online``: declares online selling (``online_mode``) or has a live marketplace listing (the funnel's
    ``listed`` fact). ``mentored``: met in at least one done mentoring visit. ``stage_N``: businesses whose
    current funnel stage is N (no funnel row yet counts as stage 1, registered). Product columns count
    the active products of these businesses: ``local_share_sum`` over ``products_local`` (products with
    materials) gives the average local-content share; ``export_ready``: kurasi decision "layak ekspor".
    """

    kabkota = models.CharField(_("kab/kota"), max_length=13)
    kecamatan = models.CharField(_("kecamatan"), max_length=13)
    sector = models.CharField(_("sektor"), max_length=10)
    size_class = models.CharField(_("skala usaha"), max_length=10)
    registered = models.BigIntegerField(default=0)
    online = models.BigIntegerField(default=0)
    women_owned = models.BigIntegerField(default=0)
    kopwan = models.BigIntegerField(default=0)
    koperasi = models.BigIntegerField(default=0)
    mentored = models.BigIntegerField(default=0)
    stage_1 = models.BigIntegerField(default=0)
    stage_2 = models.BigIntegerField(default=0)
    stage_3 = models.BigIntegerField(default=0)
    stage_4 = models.BigIntegerField(default=0)
    stage_5 = models.BigIntegerField(default=0)
    stage_6 = models.BigIntegerField(default=0)
    products = models.BigIntegerField(default=0)
    products_local = models.BigIntegerField(default=0)
    local_share_sum = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    exported = models.BigIntegerField(default=0)
    export_ready = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap usaha")
        verbose_name_plural = _("rekap usaha")
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "sector", "size_class"], name="insights_business_key"
            )
        ]
        indexes = [models.Index(fields=["kabkota"], name="insights_business_kab")]

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.sector} {self.size_class}: {self.registered}"


class RollupState(models.Model):
    """The watermarks of the rollups, one row (``name="default"``), locked while a refresh runs."""

    name = models.CharField(max_length=20, primary_key=True)
    sales_order_id = models.BigIntegerField(default=0)
    businesses_until = models.DateTimeField(null=True, blank=True)
    full_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status rekap")
        verbose_name_plural = _("status rekap")

    def __str__(self) -> str:
        return f"{self.name}: order {self.sales_order_id}"


class TargetSnapshot(models.Model):
    """A target's progress as ``funnel.progress.target_progress`` computed it at ``computed_at``: the
    dashboard reads this row instead of counting funnel facts of millions of businesses on each view."""

    target = models.OneToOneField(
        "funnel.Target", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField()
    actual = models.PositiveIntegerField()
    status = models.CharField(max_length=12)
    projected = models.IntegerField(null=True)
    reach_date = models.DateField(null=True)
    reached_on = models.DateField(null=True)
    shortfall = models.IntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kemajuan target (rekap)")
        verbose_name_plural = _("kemajuan target (rekap)")

    def __str__(self) -> str:
        return f"{self.target_id}: {self.actual} ({self.as_of})"
