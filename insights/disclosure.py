"""Disclosure control for every aggregate a commissioner (or MNVP reviewer) sees.

Default rule, as NHS England publishes sub-national statistics: counts 1-7 are suppressed, all
other counts are rounded to the nearest 5, percentages are computed from the rounded figures, and a
mean or median from fewer than 8 women is suppressed. Zero stays zero (a true zero discloses no one).
The threshold and rounding base are configurable ($MATERNITY_SUPPRESS_BELOW, $MATERNITY_ROUND_TO).
Suppressed values are None, shown on pages as blank cells with a note explaining why.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Rule:
    """Suppress counts 1..suppress_below-1, round others to `round_to`, averages need `min_for_average`."""

    suppress_below: int = 8
    round_to: int = 5
    min_for_average: int = 8

    def explain(self) -> str:
        """The plain-English note shown under controlled figures."""
        return (
            f"To protect the women who spoke to us, counts from 1 to {self.suppress_below - 1} are hidden "
            f"(blank), other counts are rounded to the nearest {self.round_to}, percentages are worked out "
            f"from the rounded counts, and averages from fewer than {self.min_for_average} women are hidden."
        )


def rule_from_env() -> Rule:
    """The rule in force, from the environment (defaults as above)."""
    below = int(os.environ.get("MATERNITY_SUPPRESS_BELOW", "8"))
    base = int(os.environ.get("MATERNITY_ROUND_TO", "5"))
    if below < 1 or base < 1:
        raise ValueError("MATERNITY_SUPPRESS_BELOW and MATERNITY_ROUND_TO must be 1 or more")
    return Rule(suppress_below=below, round_to=base, min_for_average=below)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def count(n, rule: Rule = Rule()) -> int | None:
    """A controlled count: 0 -> 0, 1..threshold-1 -> None, else rounded (halves up) to the base."""
    if _missing(n):
        return None
    n = int(n)
    if n == 0:
        return 0
    if n < rule.suppress_below:
        return None
    return int(math.floor(n / rule.round_to + 0.5) * rule.round_to)


def percent(numerator, denominator, rule: Rule = Rule(), decimals: int = 0) -> float | None:
    """Percentage from the controlled numerator and denominator; None when either is suppressed."""
    num, den = count(numerator, rule), count(denominator, rule)
    if num is None or den is None or den == 0:
        return None
    return round(100.0 * num / den, decimals)


def average(value, n, rule: Rule = Rule()):
    """A mean or median, or None when it comes from fewer than `min_for_average` women."""
    if _missing(n) or int(n) < rule.min_for_average or _missing(value):
        return None
    return value


def control_counts(df: pd.DataFrame, columns: list[str], rule: Rule = Rule()) -> pd.DataFrame:
    """Apply `count` to the named columns (nullable Int64 so suppressed cells stay blank)."""
    out = df.copy()
    for col in columns:
        out[col] = pd.array([count(v, rule) for v in df[col]], dtype="Int64")
    return out


def protect_row_shares(
    df: pd.DataFrame, group_cols: list[str], count_col: str, total_col: str, rule: Rule = Rule()
) -> pd.DataFrame:
    """Control counts that add up to a group total, and their percentages, against differencing.

    Each count and total is suppressed/rounded; when exactly one count in a group is suppressed,
    the next smallest count in that group is suppressed too, so the hidden one cannot be got back
    by subtracting the shown ones from the shown total. Adds `percent` (of the controlled total).
    """
    out = df.copy()
    out["_raw"] = out[count_col]
    out[count_col] = pd.array([count(v, rule) for v in df[count_col]], dtype="Int64")
    out[total_col] = pd.array([count(v, rule) for v in df[total_col]], dtype="Int64")
    keys = group_cols or [lambda _: 0]
    for _, idx in out.groupby(keys, dropna=False).groups.items():
        group = out.loc[idx]
        hidden = group[count_col].isna() & group["_raw"].gt(0)
        if hidden.sum() == 1:
            shown = group[~group[count_col].isna() & group["_raw"].gt(0)]
            if len(shown):
                out.loc[shown["_raw"].idxmin(), count_col] = pd.NA
    out["percent"] = [
        None if pd.isna(c) or pd.isna(t) or t == 0 else round(100.0 * c / t, 1)
        for c, t in zip(out[count_col], out[total_col], strict=True)
    ]
    return out.drop(columns="_raw")
