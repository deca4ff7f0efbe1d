from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "lapak.channels"
    verbose_name = _("Kanal penjualan")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lapak.catalog.models import Product, Sku
        from lapak.channels import jobs  # noqa: F401  (registers the job handlers)
        from lapak.channels.signals import consent_saved, curation_decided, product_saved, sku_saved
        from lapak.curation.models import CurationStatus
        from lapak.privacy.models import Consent

        post_save.connect(sku_saved, sender=Sku, dispatch_uid="channels.sku_saved")
        post_save.connect(product_saved, sender=Product, dispatch_uid="channels.product_saved")
        post_save.connect(curation_decided, sender=CurationStatus, dispatch_uid="channels.curation_decided")
        post_save.connect(consent_saved, sender=Consent, dispatch_uid="channels.consent_saved")
        from lapak.channels.market import LedgerMarketSource
        from lapak.curation.ranking import market_source_set

        market_source_set(LedgerMarketSource())  # produk unggulan: market performance from the ledger
        # After every migrate and every test flush: the channels a deployment starts with.
        post_migrate.connect(_install_channels, sender=self)


def _install_channels(sender: Any, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    from lapak.channels.services import channels_seed

    if using != "default":
        return
    if apps is not None:  # migrate passes its model state; a test flush passes none (the tables exist)
        try:
            apps.get_model("channels", "PartnerKey")
        except LookupError:  # migrated back past the channel tables
            return
    channels_seed()
