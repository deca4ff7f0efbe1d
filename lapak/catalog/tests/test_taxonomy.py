"""The category taxonomy and the kinds of raw material are consistent data."""

from __future__ import annotations

import re

import pytest

from lapak.catalog.materials import MATERIAL_KINDS, material_kind_guess, material_lead_word
from lapak.catalog.models import Product, RawMaterial
from lapak.catalog.taxonomy import ATTRIBUTE_LABELS, CATEGORIES, GROUPS, category_choices, category_get


def test_category_codes_are_unique_stable_looking_and_fit_the_column() -> None:
    codes = [c.code for c in CATEGORIES]
    assert len(codes) == len(set(codes))
    width = Product._meta.get_field("category").max_length
    for category in CATEGORIES:
        assert re.fullmatch(r"[a-z]+\.[a-z-]+", category.code) and len(category.code) <= width
        assert category.group in GROUPS
        assert set(category.attributes) <= set(ATTRIBUTE_LABELS)
    assert sum(len(options) for _, options in category_choices()) == len(CATEGORIES)
    assert category_get("pangan.keripik") is not None and category_get("nope") is None


def test_material_kinds_fit_the_column_and_prefixes_are_digits() -> None:
    width = RawMaterial._meta.get_field("category").max_length
    for kind in MATERIAL_KINDS:
        assert len(kind.code) <= width and all(p.isdigit() for p in kind.kbli_prefixes)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Tepung tapioka", "tepung"),
        ("Minyak goreng sawit", "minyak"),
        ("Kain katun primisima", "kain"),
        ("Malam batik", "pewarna"),
        ("Daun pandan duri", "serat-alam"),
        ("Kedelai impor", "kacang"),
        ("Sesuatu yang lain", "lainnya"),
        ("Kulit sapi samak", "kulit"),
    ],
)
def test_it_guesses_the_kind_of_a_material_from_whole_words(name: str, kind: str) -> None:
    assert material_kind_guess(name) == kind


def test_the_lead_word_skips_filler() -> None:
    assert material_lead_word("Bahan baku tepung terigu") == "tepung"
    assert material_lead_word("") == ""
