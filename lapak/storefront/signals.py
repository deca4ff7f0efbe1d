"""Receivers that keep the public catalogue in step with the records it shows.

Each one only says which products changed; ``services.catalogue_products_changed`` decides, in the same
transaction, whether they are public and what the index and the catalogue version become.
"""

from __future__ import annotations

from typing import Any

from . import services


def _changed(*product_ids: int | None) -> None:
    services.catalogue_products_changed(product_ids=[pk for pk in product_ids if pk is not None])


def product_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _changed(instance.pk)


def product_part_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """A SKU, photo, certification, listing, kurasi status or unggulan entry of a product."""
    if not kwargs.get("raw"):
        _changed(instance.product_id)


def product_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    """Before the cascade: its document leaves the index with its vocabulary counts."""
    if services.documents_remove(product_ids=[instance.pk]):
        services.catalogue_bump()


def business_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created"):
        services.catalogue_business_changed(business_id=instance.pk)


def business_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    from lapak.catalog.models import Product

    ids = list(Product.objects.filter(business_id=instance.pk).values_list("pk", flat=True))
    if services.documents_remove(product_ids=ids):
        services.catalogue_bump()


def consent_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    """A catalogue consent given or withdrawn: the business's products appear or go, in this request."""
    from lapak.privacy.models import Purpose

    if not kwargs.get("raw") and instance.purpose == Purpose.KATALOG_PUBLIK:
        services.catalogue_business_changed(business_id=instance.business_id)


def unggulan_confirmed(sender: type, instance: Any, **kwargs: Any) -> None:
    """A new produk unggulan list: its entries are written after the list, so a job marks them."""
    from django.db import transaction

    from lapak.core.jobs import job_enqueue

    if kwargs.get("created") and not kwargs.get("raw"):
        kabkota = instance.kabkota_id
        transaction.on_commit(
            lambda: job_enqueue(kind="storefront.unggulan_refresh", params={"kabkota": kabkota})
        )
