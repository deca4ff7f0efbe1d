"""PP 7/2021 size classes: exact boundaries of both criteria and monotonicity."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lapak.registry.sizeclass import REGULATION, SizeClass, SizeCriterion, classify

ORDER = list(SizeClass)
amounts = st.integers(min_value=0, max_value=200_000_000_000)


@pytest.mark.parametrize(
    ("annual_sales", "expected"),
    [
        (0, SizeClass.MIKRO),
        (2_000_000_000, SizeClass.MIKRO),
        (2_000_000_001, SizeClass.KECIL),
        (15_000_000_000, SizeClass.KECIL),
        (15_000_000_001, SizeClass.MENENGAH),
        (50_000_000_000, SizeClass.MENENGAH),
        (50_000_000_001, SizeClass.BESAR),
    ],
)
def test_it_classifies_annual_sales_at_the_exact_boundaries(annual_sales: int, expected: SizeClass) -> None:
    assert classify(annual_sales=annual_sales, capital=None) == (expected, SizeCriterion.OMZET)


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (0, SizeClass.MIKRO),
        (1_000_000_000, SizeClass.MIKRO),
        (1_000_000_001, SizeClass.KECIL),
        (2_000_000_000, SizeClass.KECIL),
        (5_000_000_000, SizeClass.KECIL),
        (5_000_000_001, SizeClass.MENENGAH),
        (10_000_000_000, SizeClass.MENENGAH),
        (10_000_000_001, SizeClass.BESAR),
    ],
)
def test_it_classifies_capital_at_the_exact_boundaries(capital: int, expected: SizeClass) -> None:
    assert classify(annual_sales=None, capital=capital) == (expected, SizeCriterion.MODAL)


def test_it_prefers_sales_over_capital_when_both_are_known() -> None:
    assert classify(annual_sales=1_500_000_000, capital=8_000_000_000) == (
        SizeClass.MIKRO,
        SizeCriterion.OMZET,
    )


def test_it_returns_nothing_when_neither_amount_is_known() -> None:
    assert classify(annual_sales=None, capital=None) == (None, None)


def test_it_treats_zero_sales_as_known() -> None:
    assert classify(annual_sales=0, capital=20_000_000_000) == (SizeClass.MIKRO, SizeCriterion.OMZET)


def test_it_refuses_negative_amounts() -> None:
    with pytest.raises(ValueError):
        classify(annual_sales=-1, capital=None)


def test_it_names_the_regulation_and_uses_the_stored_values() -> None:
    assert REGULATION == "PP 7/2021"
    assert [c.value for c in SizeClass] == ["mikro", "kecil", "menengah", "besar"]
    assert [c.value for c in SizeCriterion] == ["omzet", "modal"]


@given(amounts, amounts)
def test_it_never_gives_a_smaller_class_for_more_sales(a: int, b: int) -> None:
    low, high = sorted((a, b))
    low_class, _ = classify(annual_sales=low, capital=None)
    high_class, _ = classify(annual_sales=high, capital=None)
    assert ORDER.index(low_class) <= ORDER.index(high_class)


@given(amounts, amounts)
def test_it_never_gives_a_smaller_class_for_more_capital(a: int, b: int) -> None:
    low, high = sorted((a, b))
    low_class, _ = classify(annual_sales=None, capital=low)
    high_class, _ = classify(annual_sales=None, capital=high)
    assert ORDER.index(low_class) <= ORDER.index(high_class)


@given(amounts, st.one_of(st.none(), amounts))
def test_it_ignores_capital_whenever_sales_are_known(sales: int, capital: int | None) -> None:
    assert classify(annual_sales=sales, capital=capital) == classify(annual_sales=sales, capital=None)
