"""Writes for the public catalogue: the catalogue version, the search index, owners' public profiles
and the synonym table.

Every change that can alter a public page goes through ``catalogue_products_changed`` (called by the
signal receivers in ``signals.py`` and by the services here), in the transaction of the change: the
product's search document is written or removed and the catalogue version is bumped, so cached pages,
ETags and the search stop showing it before the request that made the change returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.scoping import Action
from lapak.catalog.models import Product
from lapak.registry.models import Business

from . import search
from .documents import documents_build
from .models import (
    CatalogueState,
    PublicProfile,
    RegionPrecision,
    SearchDocument,
    SearchTerm,
    SearchTermVariant,
    Synonym,
)
from .selectors import public_products

REBUILD_BATCH = 1000
DOCUMENT_FIELDS = [
    f.name for f in SearchDocument._meta.concrete_fields if f.name not in ("product", "updated_at")
]


def catalogue_bump() -> None:
    """A new catalogue version: every cached public page and every ETag handed out is stale."""
    now = timezone.now()
    if not CatalogueState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        CatalogueState.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


def catalogue_products_changed(*, product_ids: Iterable[int]) -> bool:
    """Bring the search documents of these products in line with what is public now; bump the catalogue
    version when any of them is or was public. Returns whether it bumped."""
    ids = sorted(set(product_ids))
    if not ids:
        return False
    public = set(public_products().filter(pk__in=ids).values_list("pk", flat=True))
    old = dict(SearchDocument.objects.filter(pk__in=ids).values_list("pk", "text"))
    if not public and not old:
        return False
    with transaction.atomic():
        documents_remove(product_ids=[pk for pk in old if pk not in public], texts=old)
        _documents_write(documents_build(sorted(public)), old)
        catalogue_bump()
    return True


def catalogue_business_changed(*, business_id: int) -> bool:
    """A business's name, region, consent or public profile changed: all its products follow."""
    ids = list(Product.objects.filter(business_id=business_id).values_list("pk", flat=True))
    return catalogue_products_changed(product_ids=ids)


def catalogue_kabkota_changed(*, kabkota: str) -> bool:
    """Every public product of a kab/kota (a produk unggulan list was confirmed there)."""
    ids = list(public_products().filter(business__kabkota_id=kabkota).values_list("pk", flat=True))
    return catalogue_products_changed(product_ids=ids)


def catalogue_refresh_expired(*, days: int = 3) -> bool:
    """Products whose certificate expired in the last ``days`` days lose its badge and filter."""
    from lapak.catalog.models import ProductCertification

    today = timezone.localdate()
    ids = ProductCertification.objects.filter(
        document__expires_on__lt=today, document__expires_on__gte=today - timedelta(days=days)
    ).values_list("product_id", flat=True)
    return catalogue_products_changed(product_ids=list(ids))


def storefront_install_defaults() -> None:
    """The catalogue version row and the shipped synonyms (after migrate and after a test flush)."""
    CatalogueState.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": timezone.now()})
    synonyms_install_defaults()


def documents_remove(*, product_ids: list[int], texts: dict[int, str] | None = None) -> int:
    """Take these products out of the search index (and their terms out of the vocabulary counts)."""
    if not product_ids:
        return 0
    if texts is None:
        texts = dict(SearchDocument.objects.filter(pk__in=product_ids).values_list("pk", "text"))
    search.vocabulary_remove(Counter(t for pk in product_ids for t in set(texts.get(pk, "").split())))
    deleted, _rows = SearchDocument.objects.filter(pk__in=product_ids).delete()
    return deleted


def _documents_write(documents: list[SearchDocument], old: dict[int, str]) -> None:
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for document in documents:
        before = set(old.get(document.product_id, "").split())
        after = set(document.text.split())
        removed.update(before - after)
        added.update(after - before)
    search.vocabulary_remove(removed)
    search.vocabulary_add(added)
    SearchDocument.objects.bulk_create(
        documents, update_conflicts=True, unique_fields=["product"], update_fields=DOCUMENT_FIELDS
    )


def search_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the catalogue (after synonyms changed, or to repair it): documents
    in batches, then the vocabulary and its variants set-based. Returns the number of documents."""
    ids = list(public_products().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchTermVariant.objects.all().delete()
        SearchTerm.objects.all().delete()
        SearchDocument.objects.all().delete()
        counts: Counter[str] = Counter()
        for start in range(0, len(ids), REBUILD_BATCH):
            documents = documents_build(ids[start : start + REBUILD_BATCH])
            SearchDocument.objects.bulk_create(documents)
            for document in documents:
                counts.update(set(document.text.split()))
            if progress:
                progress(min(start + REBUILD_BATCH, len(ids)), len(ids))
        vocabulary_load(counts)
        catalogue_bump()
    return len(ids)


def vocabulary_load(counts: dict[str, int]) -> None:
    """Write the vocabulary with its document counts and deletion variants into empty tables."""
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, documents=n) for t, n in counts.items()], batch_size=5000
    )
    ids = dict(SearchTerm.objects.values_list("term", "pk"))
    batch: list[SearchTermVariant] = []
    for term, pk in ids.items():
        batch.extend(SearchTermVariant(variant=v, term_id=pk) for v in search.deletion_variants(term))
        if len(batch) >= 20_000:
            SearchTermVariant.objects.bulk_create(batch, batch_size=5000)
            batch = []
    SearchTermVariant.objects.bulk_create(batch, batch_size=5000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO storefront_search_fts(storefront_search_fts) VALUES ('optimize')")


# --- Owners' public profile ---------------------------------------------------------------------------


def _check_owner(actor: Any, business: Business) -> None:
    """What to publish about a business is its owner's choice, nobody else's."""
    if actor is not None and not (
        getattr(actor, "is_authenticated", False)
        and business.owner_account_id == actor.pk
        and Business.objects.restrict(actor, Action.CHANGE).filter(pk=business.pk).exists()
    ):
        raise PermissionDenied(_("Hanya pemilik usaha ini yang dapat mengubah profil publiknya."))


def profile_save(
    *,
    actor: Any,
    business: Business,
    story: str,
    show_phone: bool,
    region_precision: str,
    show_women_owned: bool,
) -> PublicProfile:
    """Save what the owner chose to show; the business's public pages follow at once."""
    _check_owner(actor, business)
    if region_precision not in RegionPrecision.values:
        raise ValidationError({"region_precision": _("Pilihan wilayah tidak dikenal.")})
    if show_phone and not business.phone:
        raise ValidationError({"show_phone": _("Usaha ini belum punya nomor telepon di data Dinas.")})
    with transaction.atomic():
        profile, _created = PublicProfile.objects.update_or_create(
            business=business,
            defaults={
                "story": story.strip()[:2000],
                "show_phone": show_phone,
                "region_precision": region_precision,
                "show_women_owned": show_women_owned,
                "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        catalogue_business_changed(business_id=business.pk)
    return profile


# --- Synonyms ------------------------------------------------------------------------------------------


def synonyms_install_defaults() -> int:
    """Add the shipped synonyms that are missing; returns how many were added."""
    existing = set(Synonym.objects.values_list("phrase", flat=True))
    new = [Synonym(phrase=p, canonical=c) for p, c in search.DEFAULT_SYNONYMS.items() if p not in existing]
    Synonym.objects.bulk_create(new, ignore_conflicts=True)
    search.synonyms_forget()
    return len(new)


def synonym_save(*, phrase: str, canonical: str) -> Synonym:
    """Add or change a synonym; the index follows with a rebuild (``storefront.search_rebuild`` job)."""
    from lapak.core.jobs import job_enqueue

    phrase_words, canonical_words = search.normalise_words(phrase), search.normalise_words(canonical)
    if not phrase_words or not canonical_words:
        raise ValidationError(_("Sinonim dan bentuk bakunya harus berisi huruf atau angka."))
    if phrase_words == canonical_words:
        raise ValidationError(_("Sinonim sama dengan bentuk bakunya."))
    synonym, _created = Synonym.objects.update_or_create(
        phrase=" ".join(phrase_words), defaults={"canonical": " ".join(canonical_words)}
    )
    search.synonyms_forget()
    job_enqueue(kind="storefront.search_rebuild", params={})
    return synonym
