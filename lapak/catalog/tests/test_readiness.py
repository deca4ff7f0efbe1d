"""The channel rules, checked on plain product snapshots (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lapak.catalog.readiness import (
    CHANNEL_RULES,
    HALAL_MANDATORY_FROM,
    CertState,
    ProductFacts,
    SkuFacts,
    readiness_all,
    readiness_evaluate,
)

TODAY = date(2026, 11, 22)
SKU = SkuFacts(price=25_000, stock=40, weight_grams=300, has_dimensions=True)
COMPLETE_FOOD = ProductFacts(
    name="Kerupuk Ikan Tenggiri Bu Halimah 250 g",
    description="Kerupuk ikan tenggiri asli Sampang, renyah, tanpa pengawet, digoreng sendiri. " * 2,
    category="pangan.keripik",
    brand="Bu Halimah",
    attributes={"netto": "250 g", "komposisi": "ikan tenggiri, tapioka, garam"},
    photo_sizes=((1600, 1600), (1200, 900), (800, 800)),
    skus=(SKU,),
    certifications={"pirt": CertState.VALID, "halal": CertState.VALID},
    shelf_life_days=180,
    storage="sejuk_kering",
)
BATIK = ProductFacts(
    name="Batik Tulis Tanjung Bumi Motif Sisik",
    description="Batik tulis pewarna alam dari Tanjung Bumi, Bangkalan, dikerjakan tiga bulan. " * 2,
    category="fesyen.batik-tulis",
    brand="Tanpa Merek",
    attributes={"bahan": "katun primisima", "ukuran": "200 x 115 cm", "motif": "sisik", "pewarna": "alam"},
    photo_sizes=((1600, 1200),) * 3,
    skus=(SKU,),
)


@pytest.mark.parametrize("channel", list(CHANNEL_RULES))
def test_it_finds_a_complete_product_ready_everywhere(channel: str) -> None:
    result = readiness_evaluate(COMPLETE_FOOD, channel, today=TODAY)
    assert result.percent == 100 and result.missing == [] and result.is_ready


def test_it_lists_what_is_missing_in_indonesian_with_a_percentage() -> None:
    facts = replace(COMPLETE_FOOD, photo_sizes=((1600, 1600),), brand="", certifications={})
    lazada = readiness_evaluate(facts, "lazada", today=TODAY)
    missing = " | ".join(lazada.missing)
    assert "Minimal 3 foto produk (sekarang 1)." in missing
    assert "Isi merek" in missing
    assert "P-IRT atau BPOM MD/ML" in missing and "sertifikat halal" in missing
    failed = sum(not check.ok for check in lazada.checks)
    assert failed == 4
    assert lazada.percent == 100 * (len(lazada.checks) - 4) // len(lazada.checks)


def test_it_asks_brand_and_dimensions_only_where_the_channel_does() -> None:
    facts = replace(COMPLETE_FOOD, brand="", skus=(replace(SKU, has_dimensions=False),))
    shopee = readiness_evaluate(facts, "shopee", today=TODAY)
    lazada = readiness_evaluate(facts, "lazada", today=TODAY)
    assert shopee.is_ready
    assert {c.code for c in lazada.checks if not c.ok} == {"brand", "dimensions"}


def test_it_applies_the_tiktok_title_length() -> None:
    facts = replace(COMPLETE_FOOD, name="Kerupuk Ikan")
    assert (
        "Nama produk 25 sampai 255 karakter (sekarang 12)."
        in readiness_evaluate(facts, "tiktok", today=TODAY).missing
    )
    assert readiness_evaluate(facts, "shopee", today=TODAY).is_ready


def test_it_requires_halal_for_food_only_from_the_deadline() -> None:
    facts = replace(COMPLETE_FOOD, certifications={"bpom": CertState.VALID})
    before = readiness_evaluate(facts, "shopee", today=HALAL_MANDATORY_FROM.replace(day=16))
    after = readiness_evaluate(facts, "shopee", today=HALAL_MANDATORY_FROM)
    assert before.is_ready
    assert [c.code for c in after.checks if not c.ok] == ["halal"]


def test_it_accepts_a_pending_document_with_a_note_and_refuses_an_expired_one() -> None:
    pending = replace(COMPLETE_FOOD, certifications={"pirt": CertState.PENDING, "halal": CertState.VALID})
    licence = next(c for c in readiness_evaluate(pending, "lapak", today=TODAY).checks if c.code == "licence")
    assert licence.ok and "menunggu verifikasi" in licence.note
    expired = replace(COMPLETE_FOOD, certifications={"pirt": CertState.EXPIRED, "halal": CertState.VALID})
    licence = next(c for c in readiness_evaluate(expired, "lapak", today=TODAY).checks if c.code == "licence")
    assert not licence.ok and "kedaluwarsa" in licence.message


def test_it_asks_no_food_certificate_of_a_batik_cloth() -> None:
    results = readiness_all(BATIK, today=TODAY)
    assert all(result.is_ready for result in results), [r.missing for r in results]
    assert not any(c.code in ("licence", "halal", "shelf_life") for r in results for c in r.checks)


def test_it_asks_sni_for_toys_and_bpom_for_jamu() -> None:
    toy = replace(
        BATIK, category="kriya.mainan", attributes={"bahan": "kayu", "ukuran": "20 cm", "usia": "3+"}
    )
    assert [c.code for c in readiness_evaluate(toy, "lapak", today=TODAY).checks if not c.ok] == ["sni"]
    jamu = replace(
        BATIK,
        category="herbal.jamu",
        attributes={"netto": "250 ml", "komposisi": "kunyit", "cara_pakai": "minum"},
    )
    assert [c.code for c in readiness_evaluate(jamu, "lapak", today=TODAY).checks if not c.ok] == ["licence"]


def test_it_names_the_missing_category_attributes() -> None:
    facts = replace(BATIK, attributes={"bahan": "katun"})
    missing = readiness_evaluate(facts, "shopee", today=TODAY).missing
    assert len(missing) == 1 and "Ukuran" in missing[0] and "Motif" in missing[0] and "pewarna" in missing[0]


def test_it_counts_small_photos_and_sku_without_stock_or_weight() -> None:
    facts = replace(
        BATIK, photo_sizes=((1600, 1200), (400, 400), (800, 450)), skus=(SkuFacts(price=150_000, stock=0),)
    )
    missing = readiness_evaluate(facts, "shopee", today=TODAY).missing
    assert "2 foto lebih kecil dari 500 x 500 piksel." in missing
    assert any("stok tersedia" in m for m in missing)
    assert any("berat (gram)" in m for m in missing)


def test_it_ignores_skus_not_for_sale() -> None:
    facts = replace(BATIK, skus=(SKU, SkuFacts(price=0, stock=0, is_active=False)))
    assert readiness_evaluate(facts, "lazada", today=TODAY).is_ready


def test_an_unknown_category_fails_only_the_category_check() -> None:
    result = readiness_evaluate(replace(BATIK, category="tidak-ada"), "lapak", today=TODAY)
    assert [c.code for c in result.checks if not c.ok] == ["category"]
