from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "lapak.catalog"
    verbose_name = _("Katalog produk")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.catalog.models import Product, ProductCertification, RawMaterial, Sku

        # Shares are derived from the raw materials, whose own entries already show the change.
        auditlog.register(
            Product, exclude_fields=["id", "created_at", "updated_at", "local_share", "domestic_share"]
        )
        auditlog.register(Sku, exclude_fields=["id", "created_at", "updated_at"])
        auditlog.register(RawMaterial, exclude_fields=["id"])
        auditlog.register(ProductCertification, exclude_fields=["id"])
