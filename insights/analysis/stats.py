"""Confidence intervals and tests of difference for shares of women (statsmodels; no Streamlit).

- A share (e.g. 12 of 40 women mention Felt judged): Wilson score 95% interval
  (`statsmodels.stats.proportion.proportion_confint(method="wilson")`), which behaves well for
  small groups and for shares near 0% or 100%.
- A group against the rest of the women: the difference in percentage points with Newcombe's
  hybrid score interval (built from the two Wilson intervals;
  `confint_proportions_2indep(method="newcomb")`) and the score test for two independent
  proportions (`test_proportions_2indep(method="score")`).
- Many comparisons at once: Benjamini-Hochberg false discovery rate adjustment
  (`statsmodels.stats.multitest.multipletests(method="fdr_bh")`).

Callers pass counts that have already been through disclosure control (insights.analysis.disclosure), so
no interval or p-value can reveal more than the controlled counts do.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

#: Two-sided 95% intervals and 5% tests throughout.
ALPHA = 0.05


def _ok(k, n) -> bool:
    return k is not None and n is not None and not _nan(k) and not _nan(n) and n > 0 and 0 <= k <= n


def _nan(value) -> bool:
    try:
        return math.isnan(value)
    except TypeError:
        return value is None


def wilson_interval(k, n, alpha: float = ALPHA) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval for k of n, as percentages; (None, None) when it cannot be worked out."""
    if not _ok(k, n):
        return None, None
    low, high = proportion_confint(int(k), int(n), alpha=alpha, method="wilson")
    return 100.0 * float(low), 100.0 * float(high)


def wilson_intervals(ks, ns, alpha: float = ALPHA) -> tuple[list[float | None], list[float | None]]:
    """`wilson_interval` for many shares at once (one statsmodels call); None where it cannot be worked out."""
    ks, ns = list(ks), list(ns)
    ok = [i for i, (k, n) in enumerate(zip(ks, ns, strict=True)) if _ok(k, n)]
    low: list[float | None] = [None] * len(ks)
    high: list[float | None] = [None] * len(ks)
    if ok:
        lo, hi = proportion_confint(
            np.array([int(ks[i]) for i in ok]),
            np.array([int(ns[i]) for i in ok]),
            alpha=alpha,
            method="wilson",
        )
        for i, a, b in zip(ok, np.atleast_1d(lo), np.atleast_1d(hi), strict=True):
            low[i], high[i] = 100.0 * float(a), 100.0 * float(b)
    return low, high


@dataclass(frozen=True)
class Difference:
    """A group's share against the rest: difference in percentage points, its 95% CI and p-value."""

    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None


NO_DIFFERENCE = Difference(None, None, None, None)


def compare_shares(k1, n1, k2, n2, alpha: float = ALPHA) -> Difference:
    """Share k1/n1 against k2/n2: difference (points), Newcombe 95% CI and score-test p-value."""
    if not (_ok(k1, n1) and _ok(k2, n2)):
        return NO_DIFFERENCE
    k1, n1, k2, n2 = int(k1), int(n1), int(k2), int(n2)
    diff = 100.0 * (k1 / n1 - k2 / n2)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=alpha)
        if k1 * n2 == k2 * n1 and k1 in (0, n1):
            p = 1.0  # both 0% or both 100%: the score statistic is 0/0, and there is no difference
        else:
            p = float(test_proportions_2indep(k1, n1, k2, n2, method="score", compare="diff").pvalue)
    if _nan(p):
        p = 1.0 if diff == 0 else None
    return Difference(diff, 100.0 * float(low), 100.0 * float(high), p)


def adjust_p_values(p_values) -> list[float | None]:
    """Benjamini-Hochberg adjusted p-values (None stays None), for a family of comparisons."""
    values = list(p_values)
    present = [i for i, p in enumerate(values) if p is not None and not _nan(p)]
    out: list[float | None] = [None] * len(values)
    if present:
        adjusted = multipletests([values[i] for i in present], alpha=ALPHA, method="fdr_bh")[1]
        for i, p in zip(present, adjusted, strict=True):
            out[i] = float(p)
    return out


def multiple_comparisons_caveat(n_comparisons: int) -> str:
    """Plain-English warning about many comparisons, for under a comparison table."""
    expected = n_comparisons / 20
    if expected >= 1.5:
        chance = f"about {expected:.0f} of them"
    elif expected >= 0.5:
        chance = "about one of them"
    else:
        chance = "any one of them"
    return (
        f"This table makes {n_comparisons} comparisons. Even when there is no real difference, about 1 "
        f"comparison in 20 looks 'significant' at the 5% level by chance alone, so {chance} could be "
        "chance. 'Clear difference' means the difference still stands after allowing for the number of "
        "comparisons (Benjamini-Hochberg method, 5% false discovery rate). Treat other differences as "
        "leads to explore with the stories, not findings."
    )
