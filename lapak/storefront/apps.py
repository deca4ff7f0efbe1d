from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "lapak.storefront"
    verbose_name = _("Etalase Lapak (katalog publik)")

    def ready(self) -> None:
        from lapak.storefront import jobs  # noqa: F401  (registers the index jobs)

        self._follow_the_catalogue()
        # The shipped synonyms, in every database and after every test flush (like the rubrics).
        post_migrate.connect(_install_defaults, sender=self)

    @staticmethod
    def _follow_the_catalogue() -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from lapak.catalog.models import Product, ProductCertification, ProductPhoto, Sku
        from lapak.channels.models import Listing
        from lapak.curation.models import CurationStatus, UnggulanEntry, UnggulanList
        from lapak.privacy.models import Consent
        from lapak.registry.models import Business
        from lapak.storefront import signals

        post_save.connect(signals.product_saved, sender=Product, dispatch_uid="storefront.product")
        pre_delete.connect(signals.product_deleting, sender=Product, dispatch_uid="storefront.product_del")
        for model in (Sku, ProductPhoto, ProductCertification, Listing, CurationStatus, UnggulanEntry):
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.product_part_changed,
                    sender=model,
                    dispatch_uid=f"storefront.{model.__name__}.{signal}",
                )
        post_save.connect(signals.business_saved, sender=Business, dispatch_uid="storefront.business")
        pre_delete.connect(signals.business_deleting, sender=Business, dispatch_uid="storefront.business_del")
        for signal in (post_save, post_delete):
            signal.connect(signals.consent_saved, sender=Consent, dispatch_uid=f"storefront.consent.{signal}")
        post_save.connect(signals.unggulan_confirmed, sender=UnggulanList, dispatch_uid="storefront.unggulan")


def _install_defaults(sender: Any, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    from lapak.storefront.services import storefront_install_defaults

    if using != "default":
        return
    if apps is not None:  # migrate passes its model state; a test flush passes none (the tables exist)
        try:
            apps.get_model("storefront", "Synonym")
        except LookupError:
            return
    storefront_install_defaults()
