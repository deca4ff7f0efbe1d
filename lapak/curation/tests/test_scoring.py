from decimal import Decimal

import pytest

from lapak.curation.scoring import WeightedScore, is_disagreement, panel_decision, panel_total, weighted_total

SCALE = {"scale_min": 1, "scale_max": 5}


def test_the_total_runs_from_0_to_100() -> None:
    assert weighted_total([WeightedScore(10, 1), WeightedScore(90, 1)], **SCALE) == Decimal("0.00")
    assert weighted_total([WeightedScore(10, 5), WeightedScore(90, 5)], **SCALE) == Decimal("100.00")
    assert weighted_total([], **SCALE) == Decimal("0.00")


def test_weights_are_relative() -> None:
    small = weighted_total([WeightedScore(1, 2), WeightedScore(3, 4)], **SCALE)
    large = weighted_total([WeightedScore(10, 2), WeightedScore(30, 4)], **SCALE)
    assert small == large == Decimal("62.50")


def test_other_scales_normalise_the_same_way() -> None:
    assert weighted_total([WeightedScore(1, 7)], scale_min=0, scale_max=10) == Decimal("70.00")


def test_the_panel_takes_the_middle_decision_and_the_mean_score() -> None:
    assert panel_decision([3, 1, 2]) == 2
    assert panel_decision([3, 1]) == 1, "an even panel takes the cautious middle"
    assert panel_total([Decimal("80"), Decimal("61.5")]) == Decimal("70.75")
    with pytest.raises(ValueError):
        panel_decision([])


def test_a_gap_of_two_points_on_five_is_a_disagreement() -> None:
    assert not is_disagreement(1, **SCALE)
    assert is_disagreement(2, **SCALE)
