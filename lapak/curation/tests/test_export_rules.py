from __future__ import annotations

from typing import Any

import pytest

from lapak.catalog.models import Product, ProductCertification
from lapak.curation import services
from lapak.curation.export_rules import EXPORT_MARKETS, export_checklist
from lapak.curation.models import Decision
from lapak.curation.selectors import round_export_checklist, round_export_facts
from lapak.curation.tests.test_services import submit
from lapak.registry.models import DocumentKind, LegalityDocument, VerificationStatus

READY = {
    "umur_simpan_bulan": 12, "bpom": True, "halal": True, "label_inggris": True, "informasi_gizi": True,
    "haccp": True,
}  # fmt: skip


def by_market(facts: dict[str, Any]) -> dict[str, Any]:
    return {market.code: market for market in export_checklist(facts)}


def test_every_market_is_ready_when_every_fact_is_met() -> None:
    assert all(market.ready for market in export_checklist(READY))
    assert {m.code for m in EXPORT_MARKETS} == {"MY", "SG", "SA", "EU", "US"}


def test_halal_decides_malaysia_and_the_middle_east_only() -> None:
    markets = by_market(READY | {"halal": False})
    assert not markets["MY"].ready and not markets["SA"].ready
    assert markets["SG"].ready and markets["EU"].ready
    assert markets["MY"].missing == ["Sertifikat halal"]


def test_shelf_life_has_a_minimum_per_market() -> None:
    markets = by_market(READY | {"umur_simpan_bulan": 8})
    assert markets["MY"].ready and markets["SG"].ready
    assert not markets["EU"].ready and not markets["US"].ready
    check = next(c for c in markets["EU"].checks if c.fact == "umur_simpan_bulan")
    assert (check.required, check.recorded) == ("minimal 12 bulan", "8 bulan")
    unknown = by_market(READY | {"umur_simpan_bulan": None})["SG"]
    assert not unknown.ready and "belum diisi" in [c.recorded for c in unknown.checks]


def test_nothing_is_met_before_anything_is_known() -> None:
    assert not any(market.ready for market in export_checklist({}))


@pytest.mark.django_db
def test_round_facts_join_the_catalogue_and_every_curator(
    users: dict, food_product: Product, second_curator: Any, craft_product: Product
) -> None:
    bpom = LegalityDocument.objects.create(
        business=food_product.business, kind=DocumentKind.BPOM, number="MD 224913001234",
        status=VerificationStatus.VERIFIED,
    )  # fmt: skip
    ProductCertification.objects.create(product=food_product, kind=DocumentKind.BPOM, document=bpom)
    ProductCertification.objects.create(product=food_product, kind=DocumentKind.HALAL)  # not verified
    first = services.assignment_create(
        actor=users["operator"], product=food_product, curator=users["kurator"]
    )
    second = services.assignment_create(actor=users["operator"], product=food_product, curator=second_curator)
    submit(first, export_facts={"label_inggris": True, "informasi_gizi": True, "haccp": True})
    submit(
        second,
        decision=Decision.LAYAK_EKSPOR,
        export_facts={"label_inggris": True, "informasi_gizi": False, "haccp": True},
    )
    facts = round_export_facts(first.round)
    assert facts == {
        "umur_simpan_bulan": 6, "bpom": True, "halal": False, "label_inggris": True,
        "informasi_gizi": False, "haccp": True,
    }  # fmt: skip
    checklist = {m.code: m for m in round_export_checklist(first.round) or []}
    assert checklist["SA"].missing == ["Umur simpan", "Sertifikat halal"]

    craft = services.assignment_create(
        actor=users["operator"], product=craft_product, curator=users["kurator"]
    )
    assert round_export_checklist(craft.round) is None, "the checklist is for processed food"
