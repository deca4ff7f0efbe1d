"""Note every change that can move a product in or out of a channel's feed, or change what the feed
says of it, as (channel, product) rows in ``CatalogChange`` once the change has committed.

Bulk writes send no signal; the ones that touch listings (``channels.jobs``: READY → SUBMITTED) do not
move a product in or out of a feed, so nothing is lost by missing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def connect_catalog_feed() -> None:
    from lapak.catalog.models import Product, Sku
    from lapak.channels.models import Listing
    from lapak.privacy.models import Consent
    from lapak.registry.models import Business

    for signal in (post_save, post_delete):
        signal.connect(listing_changed, sender=Listing, dispatch_uid=f"api.feed.listing.{id(signal)}")
        signal.connect(sku_changed, sender=Sku, dispatch_uid=f"api.feed.sku.{id(signal)}")
    post_save.connect(product_changed, sender=Product, dispatch_uid="api.feed.product")
    post_save.connect(business_changed, sender=Business, dispatch_uid="api.feed.business")
    post_save.connect(consent_changed, sender=Consent, dispatch_uid="api.feed.consent")


def listing_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _note([(instance.channel_id, instance.product_id)])


def sku_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _note_products(product_id=instance.product_id)


def product_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created"):  # a new product has no listing yet
        _note_products(product_id=instance.pk)


def business_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created"):
        _note_products(business_id=instance.pk)


def consent_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _note_products(business_id=instance.business_id)


def _note_products(**where: int) -> None:
    from lapak.channels.models import Listing

    lookup = {f"product__{name}" if name == "business_id" else name: value for name, value in where.items()}
    _note(Listing.objects.filter(**lookup).values_list("channel_id", "product_id"))


def _note(pairs: Iterable[tuple[int, int]]) -> None:
    rows = sorted(set(pairs))
    if not rows:
        return

    def record() -> None:
        from lapak.api.services import catalog_changes_record

        catalog_changes_record(pairs=rows)

    # After the commit, in a statement of its own: ids then follow commit order (see CatalogChange).
    transaction.on_commit(record, robust=True)
