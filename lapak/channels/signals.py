"""Keeping live listings in step with the catalogue: a saved SKU (price, stock) queues an update."""

from typing import Any

from django.db import transaction

from lapak.catalog.models import Sku

from .models import Listing, ListingState


def sku_saved(sender: type[Sku], instance: Sku, **kwargs: Any) -> None:
    """A SKU was saved (price, stock): queue an update for each live listing of its product."""
    if not kwargs.get("raw"):
        _queue_sync(instance.product_id)


def product_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    """A product was saved (title, description, photos): queue an update for each live listing."""
    if not kwargs.get("raw") and not kwargs.get("created"):
        _queue_sync(instance.pk)


def _queue_sync(product_id: int) -> None:
    """After the transaction commits: an outbox update per live listing of the product, and a worker nudge."""
    if not Listing.objects.filter(product_id=product_id, state=ListingState.LIVE).exists():
        return

    def queue() -> None:
        from lapak.catalog.models import Product
        from lapak.core.jobs import job_enqueue

        from .services import listings_sync_product

        product = Product.objects.filter(pk=product_id).first()
        if product is not None and listings_sync_product(product=product):
            job_enqueue(kind="channels.outbox", params={})

    transaction.on_commit(queue)


def curation_decided(sender: type, instance: Any, **kwargs: Any) -> None:
    """A kurasi result was recorded: put the product on the storefront, or take it down."""
    if kwargs.get("raw"):
        return
    from .services import storefront_follow_curation

    storefront_follow_curation(product=instance.product, decision=instance.decision)


def consent_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    """A marketplace consent closed: once the change commits, and unless a new answer grants it again,
    the business's products come off every marketplace (the worker is nudged to send the delistings)."""
    from lapak.privacy.models import Purpose

    if kwargs.get("raw") or instance.purpose != Purpose.MARKETPLACE or instance.is_active:
        return
    business_id = instance.business_id

    def withdraw() -> None:
        from lapak.core.jobs import job_enqueue

        from .services import listings_withdraw_consent

        if listings_withdraw_consent(business_id=business_id):
            job_enqueue(kind="channels.outbox", params={})

    transaction.on_commit(withdraw)
