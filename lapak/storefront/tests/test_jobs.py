"""The index jobs: a full rebuild, a new produk unggulan list marked, expired certificates dropped."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from lapak.catalog.models import Product, ProductCertification
from lapak.core.jobs import job_enqueue, jobs_run_pending
from lapak.core.models import Job, JobStatus
from lapak.curation.models import Decision, UnggulanEntry, UnggulanList, UnggulanWeights
from lapak.registry.models import Business, DocumentKind, LegalityDocument, VerificationStatus
from lapak.storefront.models import SearchDocument, SearchTerm, Synonym
from lapak.storefront.selectors import catalogue_state
from lapak.storefront.services import synonym_save

pytestmark = pytest.mark.django_db


def test_a_new_synonym_rebuilds_the_index(public_product: Product) -> None:
    synonym_save(phrase="Tempeh Chips", canonical="keripik tempe")
    assert Synonym.objects.get(phrase="tempeh chips").canonical == "keripik tempe"
    SearchTerm.objects.all().delete()  # whatever was there, the rebuild writes it again
    assert jobs_run_pending() == 1
    assert Job.objects.get(kind="storefront.search_rebuild").status == JobStatus.SUCCEEDED
    assert SearchTerm.objects.get(term="keripik").documents == 1


def test_a_confirmed_unggulan_list_marks_its_products(
    public_product: Product, django_capture_on_commit_callbacks: Callable
) -> None:
    weights = UnggulanWeights.objects.create(version=9, curation=50, market=20, local_content=15, capacity=15)
    with django_capture_on_commit_callbacks(execute=True):
        unggulan = UnggulanList.objects.create(
            kabkota_id="35.27", year=2026, title="Unggulan Sampang", per_sector=3, weights=weights
        )
    UnggulanEntry.objects.create(
        unggulan_list=unggulan, sector="kriya", rank=1, product=public_product, product_name="x",
        business_name="y", decision=Decision.LAYAK_MODERN, total=80,
    )  # fmt: skip
    assert SearchDocument.objects.get().unggulan  # the entry itself already marks it
    SearchDocument.objects.update(unggulan=False)
    assert jobs_run_pending() == 1
    assert SearchDocument.objects.get().unggulan


def test_the_daily_pass_drops_an_expired_certificate(
    public_product: Product, sampang_business: Business
) -> None:
    document = LegalityDocument.objects.create(
        business=sampang_business, kind=DocumentKind.HALAL, number="ID351100001234",
        status=VerificationStatus.VERIFIED, expires_on=timezone.localdate(),
    )  # fmt: skip
    ProductCertification.objects.create(product=public_product, kind="halal", document=document)
    assert SearchDocument.objects.get().halal
    LegalityDocument.objects.filter(pk=document.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    version = catalogue_state()[0]
    job_enqueue(kind="storefront.daily_refresh", params={})
    assert jobs_run_pending() == 1
    assert not SearchDocument.objects.get().halal
    assert catalogue_state()[0] == version + 1
