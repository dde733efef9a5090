"""Wilson intervals, differences between shares and the multiple-comparison adjustment (insights.analysis.stats)."""

from __future__ import annotations

import math

import pytest

from insights.analysis import stats

Z = 1.959963984540054  # two-sided 95%


def wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    """The Wilson score interval from its formula (independent of statsmodels), as percentages."""
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (5, 10), (10, 10), (15, 70), (110, 320), (1, 8)])
def test_wilson_matches_the_formula(k, n):
    low, high = stats.wilson_interval(k, n)
    exp_low, exp_high = wilson_by_hand(k, n)
    assert low == pytest.approx(exp_low, abs=1e-9)
    assert high == pytest.approx(exp_high, abs=1e-9)
    assert 0 <= low <= 100 * k / n <= high <= 100


def test_wilson_known_values():
    low, high = stats.wilson_interval(5, 10)
    assert (round(low, 2), round(high, 2)) == (23.66, 76.34)


@pytest.mark.parametrize(("k", "n"), [(None, 10), (5, None), (5, 0), (11, 10), (-1, 10), (float("nan"), 10)])
def test_wilson_refuses_what_it_cannot_work_out(k, n):
    assert stats.wilson_interval(k, n) == (None, None)


def test_difference_between_shares():
    d = stats.compare_shares(10, 40, 30, 200)
    assert d.difference == pytest.approx(10.0)
    # Newcombe's hybrid score interval, from the two Wilson intervals (Newcombe 1998, method 10)
    l1, u1 = wilson_by_hand(10, 40)
    l2, u2 = wilson_by_hand(30, 200)
    p1, p2 = 25.0, 15.0
    assert d.ci_low == pytest.approx(10.0 - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), abs=1e-6)
    assert d.ci_high == pytest.approx(10.0 + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), abs=1e-6)
    assert d.p_value == pytest.approx(0.1221, abs=1e-4)


def test_difference_is_symmetric():
    a = stats.compare_shares(33, 45, 35, 275)
    b = stats.compare_shares(35, 275, 33, 45)
    assert a.difference == pytest.approx(-b.difference)
    assert a.p_value == pytest.approx(b.p_value)
    assert a.p_value < 0.001  # 73% against 13%: a large, clear difference


def test_no_difference_when_both_are_zero_or_all():
    for args in ((0, 10, 0, 200), (10, 10, 200, 200)):
        d = stats.compare_shares(*args)
        assert d.difference == 0 and d.p_value == 1.0
        assert d.ci_low <= 0 <= d.ci_high


def test_difference_needs_all_four_counts():
    assert stats.compare_shares(None, 10, 5, 20) == stats.NO_DIFFERENCE
    assert stats.compare_shares(5, 10, 5, 0) == stats.NO_DIFFERENCE


def test_benjamini_hochberg():
    assert stats.adjust_p_values([0.01, 0.04, 0.5]) == pytest.approx([0.03, 0.06, 0.5])
    assert stats.adjust_p_values([None, 0.01, float("nan"), 0.04]) == [None, pytest.approx(0.02), None, 0.04]
    assert stats.adjust_p_values([]) == []


def test_caveat_is_plain_english():
    text = stats.multiple_comparisons_caveat(21)
    assert "21 comparisons" in text and "1 comparison in 20" in text and "Benjamini-Hochberg" in text
    assert "about one of them" in text
    assert "about 3 of them" in stats.multiple_comparisons_caveat(60)
    assert "any one of them" in stats.multiple_comparisons_caveat(3)
