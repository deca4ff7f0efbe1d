"""UMKM size classes of PP 7/2021 (Pasal 35 and 36).

Two alternative criteria: annual sales (hasil penjualan tahunan) for a business that already trades, and
business capital (modal usaha, excluding land and buildings) for a new one. Amounts are whole Rupiah.
Store the raw amounts, the criterion and :data:`REGULATION` next to the derived class.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REGULATION = "PP 7/2021"

MILIAR = 1_000_000_000


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


class SizeCriterion(models.TextChoices):
    OMZET = "omzet", _("Hasil penjualan tahunan")
    MODAL = "modal", _("Modal usaha")


# Upper limits, inclusive: an amount up to and including the limit belongs to the class.
UPPER_LIMITS: dict[SizeCriterion, tuple[tuple[int, SizeClass], ...]] = {
    SizeCriterion.OMZET: (
        (2 * MILIAR, SizeClass.MIKRO),
        (15 * MILIAR, SizeClass.KECIL),
        (50 * MILIAR, SizeClass.MENENGAH),
    ),
    SizeCriterion.MODAL: (
        (1 * MILIAR, SizeClass.MIKRO),
        (5 * MILIAR, SizeClass.KECIL),
        (10 * MILIAR, SizeClass.MENENGAH),
    ),
}


def _class_for(amount: int, criterion: SizeCriterion) -> SizeClass:
    """The smallest class whose upper limit the amount does not exceed; BESAR above them all."""
    if amount < 0:
        raise ValueError("A size-class amount cannot be negative.")
    for limit, size_class in UPPER_LIMITS[criterion]:
        if amount <= limit:
            return size_class
    return SizeClass.BESAR


def classify(
    *, annual_sales: int | None, capital: int | None
) -> tuple[SizeClass | None, SizeCriterion | None]:
    """Size class and the criterion used: annual sales when known, else capital, else (None, None)."""
    if annual_sales is not None:
        return _class_for(annual_sales, SizeCriterion.OMZET), SizeCriterion.OMZET
    if capital is not None:
        return _class_for(capital, SizeCriterion.MODAL), SizeCriterion.MODAL
    return None, None
