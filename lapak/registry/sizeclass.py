"""PP 7/2021 size classes (placeholder until the classifier lands)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

REGULATION = "PP 7/2021"


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


class SizeCriterion(models.TextChoices):
    OMZET = "omzet", _("Hasil penjualan tahunan")
    MODAL = "modal", _("Modal usaha")
