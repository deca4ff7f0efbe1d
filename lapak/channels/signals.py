"""Keeping live listings in step with the catalogue: a saved SKU (price, stock) queues an update."""

from typing import Any

from django.db import transaction

from lapak.catalog.models import Sku

from .models import Listing, ListingState


def sku_saved(sender: type[Sku], instance: Sku, **kwargs: Any) -> None:
    """Once the SKU is saved: queue an update for each live listing of its product, then wake the worker."""
    if (
        kwargs.get("raw")
        or not Listing.objects.filter(product_id=instance.product_id, state=ListingState.LIVE).exists()
    ):
        return

    def queue() -> None:
        from lapak.core.jobs import job_enqueue

        from .services import listings_sync_product

        if listings_sync_product(product=instance.product):
            job_enqueue(kind="channels.outbox", params={})

    transaction.on_commit(queue)


def curation_decided(sender: type, instance: Any, **kwargs: Any) -> None:
    """A kurasi result was recorded: put the product on the storefront, or take it down."""
    if kwargs.get("raw"):
        return
    from .services import storefront_follow_curation

    storefront_follow_curation(product=instance.product, decision=instance.decision)
