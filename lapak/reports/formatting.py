"""Indonesian formats for reports: ``Rp1.234.567``, ``1.606``, ``12,5%``, ``22 November 2026``.

Reports are government documents in Bahasa Indonesia whatever language the requester's screen uses, so
these helpers format in the ``id`` locale explicitly instead of following the active language.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lapak.regions.models import Region, RegionLevel

REPORT_LANGUAGE = "id"


def number(value: int | float | Decimal | None, digits: int = 0) -> str:
    """``1606`` → ``1.606``; ``1234.56`` with ``digits=1`` → ``1.234,6``; ``None`` → ``—``."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    with translation.override(REPORT_LANGUAGE):
        return number_format(rounded, digits, use_l10n=True, force_grouping=True)


def rupiah(value: int | float | Decimal | None) -> str:
    """Whole Rupiah: ``1234567`` → ``Rp1.234.567``, ``-5000`` → ``-Rp5.000``."""
    if value is None:
        return "—"
    amount = round(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{number(abs(amount))}"


def rupiah_short(value: int | float | Decimal | None) -> str:
    """Large sums for chart labels: ``Rp1,2 M`` (miliar), ``Rp1,5 jt``, ``Rp350 jt``, else ``Rp12.500``."""
    if value is None:
        return "—"
    amount = float(value)
    for threshold, suffix in ((1e12, " T"), (1e9, " M"), (1e6, " jt")):
        if abs(amount) >= threshold:
            scaled = amount / threshold
            text = number(scaled, 1 if abs(scaled) < 10 and scaled != int(scaled) else 0)
            return f"Rp{text}{suffix}"
    return rupiah(amount)


def percent(value: int | float | Decimal | None, digits: int = 1) -> str:
    """A share already in percent: ``12.345`` → ``12,3%``."""
    if value is None:
        return "—"
    return f"{number(value, digits)}%"


def share(value: int | float | Decimal | None, digits: int = 1) -> str:
    """A fraction as percent: ``0.1234`` → ``12,3%``."""
    return "—" if value is None else percent(float(value) * 100, digits)


def tanggal(value: date | None) -> str:
    """``22 November 2026``."""
    if value is None:
        return "—"
    with translation.override(REPORT_LANGUAGE):
        return dateformat.format(value, "j F Y")


def bulan(value: date) -> str:
    """The month of a date: ``November 2026``."""
    with translation.override(REPORT_LANGUAGE):
        return dateformat.format(value, "F Y")


def bulan_pendek(value: date) -> str:
    """Axis label of a month: ``Nov 26``."""
    with translation.override(REPORT_LANGUAGE):
        return dateformat.format(value, "M y")


def region_short(name: str) -> str:
    """``Kabupaten Sampang`` → ``Kab. Sampang`` (as the province writes it in tables)."""
    return name.replace("Kabupaten ", "Kab. ", 1)


def region_label(region: Region) -> str:
    """``Kabupaten Sampang`` → ``Kab. Sampang``; the province as ``Provinsi Jawa Timur``."""
    if region.level == RegionLevel.PROVINSI:
        return _("Provinsi %(name)s") % {"name": region.name.title()}
    return region_short(region.name)
