"""API tokens of staff and integrations, and the change log behind the partners' catalogue feed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A staff user's token for an integration: it sees what the user sees in the UI, within its scopes.

    Only a keyed hash of the secret is stored (``lapak.core.crypto.keyed_hash``); the secret is shown
    once, when the token is made, and ``prefix`` lets the owner tell their tokens apart afterwards.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    scopes = models.JSONField(_("cakupan"), default=list)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("awalan"), max_length=16)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"


class CatalogChange(models.Model):
    """Something about a product on a channel changed (content, SKUs, listing state, consent) or the
    product left it. The partner feed reads these in id order and looks up the product's state now, so a
    row carries no content; a product that is gone becomes a tombstone.

    Rows are written after the change commits, each in its own statement, so ids grow in commit order
    (a reader that has seen id N will not later find a smaller id appear).
    """

    id = models.BigAutoField(primary_key=True)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # No foreign key: the row must outlive the product, to tell the partner it was removed.
    product_id = models.BigIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["channel", "id"], name="api_change_channel_id"),
            models.Index(fields=["channel", "recorded_at"], name="api_change_channel_time"),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}/{self.product_id} #{self.pk}"
