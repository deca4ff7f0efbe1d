"""Kemendagri administrative regions and statistics attached to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")


class Region(models.Model):
    """One region at any of the four levels, keyed by its dotted Kemendagri code (e.g. ``35.27.01.2001``)."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def kabkota_code(self) -> str | None:
        return self.code[:5] if self.level >= RegionLevel.KABKOTA else None


class RegionIndicator(models.Model):
    """A statistic for one region and period, with the source it came from (e.g. BPS poverty rate)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(_("indikator"), max_length=40)
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=20, blank=True)
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=20, blank=True)
    source = models.CharField(_("sumber"), max_length=200)
    source_url = models.URLField(_("tautan sumber"), max_length=400, blank=True)

    class Meta:
        ordering = ["region_id", "indicator", "-year"]
        verbose_name = _("indikator wilayah")
        verbose_name_plural = _("indikator wilayah")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year", "period"], name="uniq_region_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.indicator} {self.year}: {self.value}"


POVERTY_RATE = "poverty_rate"
