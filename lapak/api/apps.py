from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "lapak.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.api.models import ApiToken
        from lapak.api.signals import connect_catalog_feed
        from lapak.channels.models import PartnerKey

        # Who made, rotated or revoked which token, and when; never the hash, nor every use.
        hidden = ["key_hash", "last_used_at"]
        auditlog.register(ApiToken, exclude_fields=hidden)
        auditlog.register(PartnerKey, exclude_fields=hidden)
        connect_catalog_feed()
