"""The funnel follows the facts it is derived from: a saved or deleted fact refreshes its business.

Receivers on the models whose rows are saved one at a time (legality documents, kurasi results,
listings, businesses). Bulk writes that send no signal (the sales ledger's bulk inserts) call
``funnel_refresh_after_commit`` themselves; the daily full refresh catches what time alone changes.
"""

from typing import Any

from .services import funnel_refresh_after_commit


def _refresh(business_id: int | None) -> None:
    if business_id:
        funnel_refresh_after_commit(business_ids=[business_id])


def document_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _refresh(instance.business_id)


def kurasi_decided(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _refresh(instance.product.business_id)


def listing_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _refresh(instance.product.business_id)


def business_created(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        _refresh(instance.pk)
