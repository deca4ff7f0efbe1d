"""Writes of the storefront: the owner's profile, and the index following deletions and edits."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lapak.catalog.models import Product
from lapak.registry.models import Business
from lapak.storefront.models import SearchDocument, SearchTerm
from lapak.storefront.selectors import catalogue_state
from lapak.storefront.services import catalogue_products_changed, profile_save

from .conftest import make_product

pytestmark = pytest.mark.django_db
CHOICES = {"story": "", "show_phone": False, "region_precision": "kabkota", "show_women_owned": False}


def test_only_the_owner_chooses_what_is_public(public_product: Product, users: dict) -> None:
    business = public_product.business
    with pytest.raises(PermissionDenied):
        profile_save(actor=users["operator"], business=business, **CHOICES)
    profile = profile_save(actor=users["pemilik"], business=business, **CHOICES | {"story": "  Sejak 1998. "})
    assert (profile.story, profile.updated_by) == ("Sejak 1998.", users["pemilik"])


def test_a_phone_can_be_shown_only_when_there_is_one(public_product: Product, users: dict) -> None:
    Business.objects.filter(pk=public_product.business_id).update(phone="")
    business = Business.objects.get(pk=public_product.business_id)
    with pytest.raises(ValidationError) as error:
        profile_save(actor=users["pemilik"], business=business, **CHOICES | {"show_phone": True})
    assert error.value.message_dict == {"show_phone": ["Usaha ini belum punya nomor telepon di data Dinas."]}
    with pytest.raises(ValidationError):
        profile_save(actor=None, business=business, **CHOICES | {"region_precision": "rt_rw"})


def test_changes_to_private_products_do_not_touch_the_catalogue(
    sampang_business: Business, rubrics: None
) -> None:
    product = make_product(sampang_business)  # curated and live, but no consent
    version = catalogue_state()[0]
    assert catalogue_products_changed(product_ids=[product.pk]) is False
    assert catalogue_state()[0] == version
    assert not SearchDocument.objects.exists()


def test_a_deleted_product_leaves_the_index(public_product: Product) -> None:
    version = catalogue_state()[0]
    public_product.delete()
    assert not SearchDocument.objects.exists()
    assert SearchTerm.objects.get(term="tempe").documents == 0
    assert catalogue_state()[0] > version


def test_a_deleted_consent_unpublishes(public_product: Product) -> None:
    from lapak.privacy.models import Consent

    Consent.objects.all().delete()
    assert not SearchDocument.objects.exists()


def test_a_deleted_business_leaves_the_index(public_product: Product) -> None:
    business = public_product.business
    assert SearchDocument.objects.count() == 1
    business.delete()
    assert not SearchDocument.objects.exists()
    assert SearchTerm.objects.get(term="keripik").documents == 0
