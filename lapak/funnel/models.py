"""The go-digital funnel of every business (derived from facts by ``services.funnel_refresh``, never
typed), the province's targets as data, and whether a business makes or resells what it sells."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Stage(models.IntegerChoices):
    """The funnel stages in order; a business is at the highest stage whose facts, and those of every
    earlier stage, hold now (``derivation`` has the rules)."""

    REGISTERED = 1, _("Terdaftar")
    LEGAL = 2, _("Legalitas lengkap")
    CURATED = 3, _("Terkurasi")
    LISTED = 4, _("Tayang di marketplace")
    FIRST_SALE = 5, _("Sudah terjual daring")
    REGULAR = 6, _("Rutin berjualan daring")


# Column stems in stage order: ``reached_<stem>_at`` (the stage's own fact) and ``entered_<stem>_at``.
STAGE_STEMS = {
    Stage.REGISTERED: "registered",
    Stage.LEGAL: "legal",
    Stage.CURATED: "curated",
    Stage.LISTED: "listed",
    Stage.FIRST_SALE: "first_sale",
    Stage.REGULAR: "regular",
}


class BusinessFunnel(models.Model):
    """Where one business stands in the funnel, recomputed set-based by ``funnel_refresh``.

    ``reached_<stage>_at``: since when the stage's own fact holds (a verified, valid legality set; a
    curated product; a live marketplace listing; the first online sale; regular online sales), or
    ``None`` when it does not hold now. ``entered_<stage>_at``: when the business entered the stage in
    funnel order, i.e. the latest of the reached times of that stage and every earlier one, or ``None``
    when it is not that far. ``stage_since`` is the entry time of ``current_stage``.
    """

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, primary_key=True, related_name="funnel"
    )
    current_stage = models.PositiveSmallIntegerField(_("tahap"), choices=Stage.choices)
    stage_since = models.DateTimeField(_("di tahap ini sejak"))

    reached_registered_at = models.DateTimeField(_("terdaftar"))
    reached_legal_at = models.DateTimeField(_("legalitas lengkap sejak"), null=True)
    reached_curated_at = models.DateTimeField(_("terkurasi sejak"), null=True)
    reached_listed_at = models.DateTimeField(_("tayang di marketplace sejak"), null=True)
    reached_first_sale_at = models.DateTimeField(_("penjualan daring pertama"), null=True)
    reached_regular_at = models.DateTimeField(_("rutin berjualan sejak"), null=True)

    entered_legal_at = models.DateTimeField(null=True)
    entered_curated_at = models.DateTimeField(null=True)
    entered_listed_at = models.DateTimeField(null=True)
    entered_first_sale_at = models.DateTimeField(null=True)
    entered_regular_at = models.DateTimeField(null=True)

    refreshed_at = models.DateTimeField(_("dihitung ulang"))

    class Meta:
        verbose_name = _("posisi corong usaha")
        verbose_name_plural = _("posisi corong usaha")
        indexes = [
            models.Index(fields=["current_stage", "stage_since"], name="funnel_stage_since"),
            models.Index(fields=["stage_since"], name="funnel_since"),
            models.Index(fields=["reached_listed_at"], name="funnel_listed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.business_id}: {self.get_current_stage_display()}"


class Indicator(models.TextChoices):
    """What a target counts: businesses whose fact began within the target's period (``indicators``)."""

    LEGAL = "legalitas_lengkap", _("Usaha yang melengkapi legalitas")
    CURATED = "terkurasi", _("Usaha yang produknya lolos kurasi")
    MARKETPLACE = "masuk_marketplace", _("Usaha yang masuk marketplace")
    FIRST_SALE = "terjual_daring", _("Usaha dengan penjualan daring pertama")
    GALERI = "usaha_galeri", _("Usaha yang berjualan di Galeri")


class Target(models.Model):
    """A target of a programme: reach ``value`` businesses on ``indicator`` in ``region`` within the
    period (both ends included). Progress and forecast are computed by ``selectors.target_progress``."""

    programme = models.CharField(_("program"), max_length=150)
    indicator = models.CharField(_("indikator"), max_length=24, choices=Indicator.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    value = models.PositiveIntegerField(_("nilai target"))
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["-period_end", "programme", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="funnel_target_value_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="funnel_target_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.value} ({self.get_indicator_display()})"


class SupplyMode(models.TextChoices):
    CREATOR = "kreator", _("Kreator (membuat produk sendiri)")
    RESELLER = "reseller", _("Reseller (menjual produk pihak lain)")
    BOTH = "keduanya", _("Keduanya")


class SupplySource(models.TextChoices):
    OBSERVED = "petugas", _("Dicatat petugas atau pendamping")
    DECLARED = "pemilik", _("Dinyatakan pemilik usaha")
    INFERRED = "perkiraan", _("Perkiraan dari data registri")


class BusinessSupply(models.Model):
    """Whether a business makes its own products or resells others' (kept beside the registry, which
    has only an ``online_mode`` mixing this with being online), with who said so."""

    business = models.OneToOneField(
        "registry.Business", on_delete=models.CASCADE, primary_key=True, related_name="supply"
    )
    mode = models.CharField(_("jenis usaha"), max_length=8, choices=SupplyMode.choices)
    source = models.CharField(_("sumber"), max_length=9, choices=SupplySource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"))

    class Meta:
        verbose_name = _("kreator atau reseller")
        verbose_name_plural = _("kreator atau reseller")

    def __str__(self) -> str:
        return f"{self.business_id}: {self.mode}"
