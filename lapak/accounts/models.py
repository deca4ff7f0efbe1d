"""Users, their role and the region they may see."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN_PROVINSI = "admin_provinsi", _("Admin provinsi")
    OPERATOR_KABKOTA = "operator_kabkota", _("Operator kab/kota")
    KURATOR = "kurator", _("Kurator")
    PENDAMPING = "pendamping", _("Pendamping")
    PELAKU_USAHA = "pelaku_usaha", _("Pelaku usaha")
    MITRA = "mitra", _("Mitra")
    PIMPINAN = "pimpinan", _("Pimpinan")
    DEKRANASDA = "dekranasda", _("Dekranasda")


class User(AbstractUser):
    """A person who logs in. ``role`` says what they may do, ``region``/``assigned_regions`` where.

    Scope rules live in ``lapak.accounts.scoping``; nothing else decides visibility.
    """

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.PELAKU_USAHA)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah tugas"),
        help_text=_("Provinsi atau kab/kota yang menjadi wilayah pengguna."),
    )
    assigned_regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="+",
        verbose_name=_("wilayah penugasan"),
        help_text=_("Daftar kab/kota atau kecamatan untuk pendamping, kurator dan dekranasda."),
    )
    phone = models.CharField(_("telepon"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LoginFailure(models.Model):
    """A failed login, kept briefly so repeated guessing of one account is throttled."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.created_at:%Y-%m-%d %H:%M}"
