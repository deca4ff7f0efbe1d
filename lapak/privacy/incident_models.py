"""Breach incidents (UU PDP Pasal 46) and the record of retention runs (Pasal 43-44).

An incident holds what the runbook (``docs/breach-runbook.md``) asks to write down first: when the breach
became known (the 3x24-hour clock starts there), the window and kab/kota it covers, the account that was
misused if any, and which kinds of data were exposed. The list of affected people is computed from it on
demand (``incidents.py``), never stored: the list is itself personal data.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.models import TimeStampedModel

# Pasal 46(1): notify the data subjects and the agency within 3x24 hours of knowing.
NOTIFICATION_WINDOW = timedelta(hours=72)


class IncidentStatus(models.TextChoices):
    OPEN = "dibuka", _("Dibuka (sedang ditangani)")
    CONTAINED = "ditahan", _("Kebocoran sudah dihentikan")
    NOTIFIED = "diberitahukan", _("Pemberitahuan sudah dikirim")
    CLOSED = "ditutup", _("Ditutup (tinjauan selesai)")
    NOT_BREACH = "bukan", _("Bukan kegagalan pelindungan data")


class DataCategory(models.TextChoices):
    """The kinds of data a notice must name (Pasal 46(2)a), in the words of the runbook's templates."""

    IDENTITY = "identitas", _("Nama pemilik dan nama usaha")
    NIK_MASKED = "nik_samaran", _("NIK yang disamarkan")
    NIK_FULL = "nik_lengkap", _("NIK lengkap")
    CONTACT = "kontak", _("Telepon, email dan alamat")
    LOCATION = "lokasi", _("Koordinat lokasi usaha")
    FINANCIAL = "keuangan", _("Omzet, modal dan tenaga kerja")
    LEGALITY = "legalitas", _("Nomor dan pindaian dokumen legalitas")
    SALES = "penjualan", _("Data penjualan")
    STAFF = "akun_petugas", _("Akun petugas (nama, email, telepon)")


class Incident(TimeStampedModel):
    """One suspected or confirmed personal-data breach, from awareness to the post-incident review."""

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    discovered_at = models.DateTimeField(_("diketahui pada"))
    window_start = models.DateTimeField(_("awal rentang waktu"))
    window_end = models.DateTimeField(_("akhir rentang waktu"))
    province = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("provinsi")
    )
    # Empty means the whole province.
    kabkota = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("kab/kota terdampak")
    )
    compromised_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("akun yang disalahgunakan"),
    )  # fmt: skip
    data_categories = models.JSONField(_("jenis data terdampak"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("insiden data pribadi")

    def __str__(self) -> str:
        return self.title

    @property
    def notification_deadline(self) -> datetime:
        return self.discovered_at + NOTIFICATION_WINDOW

    def data_category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(code, code)) for code in self.data_categories]


class RetentionRun(models.Model):
    """What one retention rule did (or, in a dry run, would do) at one time: the proof of deletion."""

    rule = models.CharField(_("aturan"), max_length=40, db_index=True)
    dry_run = models.BooleanField(_("uji coba"), default=False)
    rows = models.PositiveIntegerField(_("baris"), default=0)
    files = models.PositiveIntegerField(_("berkas"), default=0)
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    ran_at = models.DateTimeField(_("dijalankan"), db_index=True)
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("oleh"),
    )  # fmt: skip

    class Meta:
        ordering = ["-ran_at", "rule"]
        verbose_name = _("jalannya retensi")
        verbose_name_plural = _("jalannya retensi")

    def __str__(self) -> str:
        return f"{self.rule} {self.ran_at:%Y-%m-%d %H:%M}"
