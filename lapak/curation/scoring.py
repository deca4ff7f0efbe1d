"""The arithmetic of kurasi, free of the database: weighted totals, panel results, disagreement.

Scores are given on a rubric version's scale (e.g. 1-5); totals are reported on 0-100 so rubrics with
different scales or numbers of aspects compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median_low

TWO_PLACES = Decimal("0.01")
# Curators disagree on an aspect when their scores differ by at least this share of the scale.
DISAGREEMENT_SHARE = Decimal("0.4")


@dataclass(frozen=True)
class WeightedScore:
    weight: int
    score: int


def normalized(score: Decimal | int | float, *, scale_min: int, scale_max: int) -> Decimal:
    """A score on the rubric's scale as 0-100."""
    span = Decimal(scale_max - scale_min)
    return (Decimal(str(score)) - scale_min) * 100 / span


def weighted_total(scores: Iterable[WeightedScore], *, scale_min: int, scale_max: int) -> Decimal:
    """The weighted mean of the normalized aspect scores, 0-100, rounded to two places.

    Weights are relative: a rubric whose weights sum to 40 scores the same as one with each weight
    doubled.
    """
    items = list(scores)
    weight_sum = sum(item.weight for item in items)
    if not weight_sum:
        return Decimal("0.00")
    weighted = sum(
        item.weight * normalized(item.score, scale_min=scale_min, scale_max=scale_max) for item in items
    )
    return (Decimal(weighted) / weight_sum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def panel_decision(decisions: Sequence[int]) -> int:
    """The panel's decision: the middle one, and with an even panel the lower middle (the cautious one)."""
    if not decisions:
        raise ValueError("a panel result needs at least one decision")
    return int(median_low(decisions))


def panel_total(totals: Sequence[Decimal]) -> Decimal:
    """The panel's score: the mean of the curators' totals."""
    if not totals:
        raise ValueError("a panel result needs at least one total")
    return (sum(totals, Decimal(0)) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def is_disagreement(spread: int, *, scale_min: int, scale_max: int) -> bool:
    """Whether the gap between the highest and lowest score of one aspect is large enough to discuss."""
    return Decimal(spread) >= DISAGREEMENT_SHARE * (scale_max - scale_min)
