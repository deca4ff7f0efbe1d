"""Every event that moves a business forward or back in the funnel, through ``funnel_refresh``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from lapak.channels.models import Listing, ListingState, SaleSource
from lapak.conftest import SAMPANG, SURABAYA
from lapak.curation.models import Decision
from lapak.funnel.models import BusinessFunnel, Stage
from lapak.funnel.services import funnel_refresh
from lapak.funnel.tests.conftest import (
    NOW,
    REGISTERED,
    at,
    curate,
    document,
    listing,
    make_legal,
    order,
    refreshed,
    registered,
)
from lapak.registry.models import Business, DocumentKind, LegalityDocument, Sector, VerificationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rubric_versions")]


def selling(business: Business) -> None:
    """Legal, curated, live on Shopee since June 2025, first online sale 10 June 2025."""
    make_legal(business)
    listing(curate(business))
    order(business, at(2025, 6, 10))


def test_it_starts_a_new_business_at_registered(business: Business) -> None:
    row = refreshed(business)
    assert row.current_stage == Stage.REGISTERED
    assert row.stage_since == REGISTERED == row.reached_registered_at
    assert row.reached_legal_at is None and row.entered_legal_at is None


def test_a_verified_nib_completes_a_craft_business_legality(business: Business) -> None:
    document(business, verified_at=at(2025, 2, 3))
    row = refreshed(business)
    assert row.current_stage == Stage.LEGAL
    assert row.reached_legal_at == at(2025, 2, 3) == row.stage_since


@pytest.mark.parametrize("status", [VerificationStatus.PENDING, VerificationStatus.REJECTED])
def test_an_unverified_nib_does_not_count(business: Business, status: str) -> None:
    document(business, status=status, verified_at=None)
    assert refreshed(business).current_stage == Stage.REGISTERED


def test_food_needs_an_izin_edar_and_from_17_october_2026_halal(
    make_business: Callable[..., Business],
) -> None:
    food = registered(
        make_business(SURABAYA, name="Kue Lapis", owner_nik="3578015001900002", sector=Sector.FOOD)
    )
    document(food, verified_at=at(2025, 2, 1))
    assert refreshed(food).current_stage == Stage.REGISTERED
    document(food, DocumentKind.PIRT, verified_at=at(2025, 4, 1))
    before_halal_rule = refreshed(food, now=at(2026, 9, 1))
    assert before_halal_rule.current_stage == Stage.LEGAL
    assert before_halal_rule.reached_legal_at == at(2025, 4, 1)
    assert refreshed(food, now=NOW).current_stage == Stage.REGISTERED  # halal now mandatory
    document(food, DocumentKind.HALAL, verified_at=at(2026, 10, 30))
    row = refreshed(food, now=NOW)
    assert (row.current_stage, row.reached_legal_at) == (Stage.LEGAL, at(2026, 10, 30))


def test_an_expired_document_moves_the_business_back(business: Business) -> None:
    document(business, expires_on=date(2026, 12, 31))
    assert refreshed(business, now=at(2026, 12, 31)).current_stage == Stage.LEGAL
    row = refreshed(business, now=at(2027, 1, 1))
    assert row.current_stage == Stage.REGISTERED
    assert row.reached_legal_at is None and row.stage_since == REGISTERED


def test_a_rejected_document_moves_the_business_back(business: Business) -> None:
    nib = document(business)
    assert refreshed(business).current_stage == Stage.LEGAL
    LegalityDocument.objects.filter(pk=nib.pk).update(status=VerificationStatus.REJECTED)
    assert refreshed(business).current_stage == Stage.REGISTERED


def test_kurasi_moves_forward_and_a_failed_recuration_back(business: Business) -> None:
    make_legal(business, at(2025, 3, 1))
    product = curate(business, at(2025, 5, 1))
    row = refreshed(business)
    assert (row.current_stage, row.reached_curated_at, row.stage_since) == (
        Stage.CURATED,
        at(2025, 5, 1),
        at(2025, 5, 1),
    )
    curate(business, at(2026, 8, 1), decision=Decision.PERLU_PEMBINAAN, product=product)
    row = refreshed(business)
    assert row.current_stage == Stage.LEGAL and row.reached_curated_at is None


def test_a_passing_recuration_keeps_the_curated_since_time(business: Business) -> None:
    make_legal(business)
    product = curate(business, at(2025, 5, 1))
    refreshed(business)
    curate(business, at(2026, 8, 1), decision=Decision.LAYAK_EKSPOR, product=product)
    assert refreshed(business).reached_curated_at == at(2025, 5, 1)


def test_a_live_marketplace_listing_moves_to_listed(business: Business) -> None:
    make_legal(business)
    product = curate(business)
    listing(product, "lapak", at(2025, 5, 2))  # the storefront is not a marketplace
    listing(product, "bukalapak", at(2025, 5, 3))  # a closed channel takes no listings
    assert refreshed(business).current_stage == Stage.CURATED
    listing(product, "tiktok", at(2025, 7, 1), state=ListingState.SUBMITTED)
    assert refreshed(business).current_stage == Stage.CURATED
    listing(product, "tiktok", at(2025, 7, 2))
    row = refreshed(business)
    assert (row.current_stage, row.reached_listed_at) == (Stage.LISTED, at(2025, 7, 2))


def test_delisting_moves_back_and_relisting_starts_a_new_spell(business: Business) -> None:
    make_legal(business)
    item = listing(curate(business), when=at(2025, 6, 1))
    assert refreshed(business).reached_listed_at == at(2025, 6, 1)
    Listing.objects.filter(pk=item.pk).update(updated_at=at(2025, 9, 1))  # a price update while live
    assert refreshed(business).reached_listed_at == at(2025, 6, 1)
    Listing.objects.filter(pk=item.pk).update(state=ListingState.DELISTED, updated_at=at(2026, 1, 5))
    row = refreshed(business)
    assert row.current_stage == Stage.CURATED and row.reached_listed_at is None
    Listing.objects.filter(pk=item.pk).update(state=ListingState.LIVE, updated_at=at(2026, 2, 1))
    assert refreshed(business).reached_listed_at == at(2026, 2, 1)


def test_a_first_listing_seen_late_is_dated_by_its_earlier_sales(business: Business) -> None:
    make_legal(business)
    listing(curate(business), "shopee", at(2026, 11, 1))
    order(business, at(2026, 3, 15), code="shopee")
    order(business, at(2026, 2, 1), code="tiktok")  # not live on TikTok now: says nothing
    assert refreshed(business).reached_listed_at == at(2026, 3, 15)


def test_the_first_online_sale_moves_forward_offline_sales_do_not(business: Business) -> None:
    make_legal(business)
    listing(curate(business))
    order(business, at(2025, 6, 5), code=None, source=SaleSource.GALERI, online=False)
    assert refreshed(business).current_stage == Stage.LISTED
    order(business, at(2025, 6, 10))
    order(business, at(2025, 8, 1))
    row = refreshed(business)
    assert (row.current_stage, row.reached_first_sale_at) == (Stage.FIRST_SALE, at(2025, 6, 10))


def test_online_sales_in_3_of_the_last_4_months_are_regular(business: Business) -> None:
    selling(business)
    for month in (8, 9, 11):
        order(business, at(2026, month, 3))
        order(business, at(2026, month, 20))
    row = refreshed(business)
    assert row.current_stage == Stage.REGULAR
    assert row.reached_regular_at == at(2026, 11, 3)  # the month that made three of four
    assert row.stage_since == at(2026, 11, 3) == row.entered_regular_at


def test_a_run_continues_through_one_empty_month_after_three_in_a_row(business: Business) -> None:
    selling(business)
    for month in (5, 6, 7, 9, 10, 11):
        order(business, at(2026, month, 8))
    assert refreshed(business).reached_regular_at == at(2026, 7, 8)


def test_two_empty_months_break_the_run(business: Business) -> None:
    selling(business)
    for month in (3, 4, 5, 8, 9, 10):
        order(business, at(2026, month, 8))
    assert refreshed(business).reached_regular_at == at(2026, 10, 8)


def test_no_sale_yet_this_month_keeps_a_business_that_sold_the_three_before(business: Business) -> None:
    selling(business)
    for month in (8, 9, 10):
        order(business, at(2026, month, 8))
    assert refreshed(business, now=at(2026, 11, 2)).current_stage == Stage.REGULAR


def test_months_without_sales_move_a_regular_seller_back(business: Business) -> None:
    selling(business)
    for month in (8, 9, 10):
        order(business, at(2026, month, 8))
    assert refreshed(business, now=at(2026, 11, 30)).current_stage == Stage.REGULAR
    row = refreshed(business, now=at(2026, 12, 1))
    assert row.current_stage == Stage.FIRST_SALE and row.reached_regular_at is None


def test_a_stage_counts_only_when_every_earlier_stage_holds(business: Business) -> None:
    listing(curate(business), when=at(2025, 6, 1))
    order(business, at(2025, 6, 10))
    row = refreshed(business)
    assert row.current_stage == Stage.REGISTERED  # no legality yet
    assert row.reached_listed_at == at(2025, 6, 1) and row.entered_listed_at is None
    document(business, verified_at=at(2026, 2, 1))
    row = refreshed(business)
    assert row.current_stage == Stage.FIRST_SALE
    assert row.entered_legal_at == row.entered_curated_at == row.entered_listed_at == at(2026, 2, 1)
    assert row.stage_since == at(2026, 2, 1)


def test_a_refresh_of_some_businesses_leaves_the_others(business: Business, make_business: Callable) -> None:
    other = registered(make_business(SAMPANG, name="Batik Gedog", owner_nik="3527014507850009"))
    funnel_refresh(now=NOW)
    assert BusinessFunnel.objects.count() == 2
    document(business)
    document(other)
    assert funnel_refresh(business_ids=[business.pk], now=NOW) == 1
    stages = dict(BusinessFunnel.objects.values_list("business_id", "current_stage"))
    assert stages == {business.pk: Stage.LEGAL, other.pk: Stage.REGISTERED}
    assert funnel_refresh(business_ids=[], now=NOW) == 0
    funnel_refresh(now=NOW)
    assert BusinessFunnel.objects.get(business=other).current_stage == Stage.LEGAL
