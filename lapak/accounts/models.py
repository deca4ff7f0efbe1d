"""Users, their role and the region they may see."""

from django.conf import settings
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


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238). The shared secret is stored encrypted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret_encrypted = models.CharField(max_length=200)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last 30-second step a code was accepted for: the same code cannot be used twice.
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aplikasi autentikator")
        verbose_name_plural = _("aplikasi autentikator")

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code for when the phone with the authenticator is lost; only its keyed hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery {self.user_id}"
