"""Alerts on unusual personal-data access (DPIA P11): one row per account, rule and window in which the
account's reads crossed the rule's threshold. Found by the hourly job in ``alerts.py``; the data
protection officer acknowledges each one with a note of what was checked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    ACKNOWLEDGED = "ditanggapi", _("Sudah ditanggapi")


class AccessAlert(models.Model):
    """An account that read or exported more personal data in a window than its rule allows."""

    rule = models.CharField(_("aturan"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("akun"),
    )  # fmt: skip
    # The name at detection time: the alert stays readable if the account is renamed or deleted.
    username = models.CharField(_("nama pengguna"), max_length=150)
    window_start = models.DateTimeField(_("awal rentang"))
    window_end = models.DateTimeField(_("akhir rentang"))
    count = models.PositiveIntegerField(_("jumlah"))
    first_at = models.DateTimeField(_("akses pertama"))
    last_at = models.DateTimeField(_("akses terakhir"))
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ditanggapi oleh"),
    )  # fmt: skip
    acknowledged_at = models.DateTimeField(_("ditanggapi pada"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    # Set once the admins were emailed; an alert whose mail failed is sent again by the next run.
    notified_at = models.DateTimeField(_("diberitahukan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-last_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "user", "window_start"], name="privacy_alert_once")
        ]
        indexes = [models.Index(fields=["status", "last_at"], name="privacy_alert_status")]
        verbose_name = _("peringatan akses")
        verbose_name_plural = _("peringatan akses")

    def __str__(self) -> str:
        return f"{self.rule} {self.username} {self.window_start:%Y-%m-%d %H:%M}"
