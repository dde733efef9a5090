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


# --- additions for the Overview and Themes pages -----------------------------------------------------

#: The engagement officer's view: nothing suppressed or rounded (count(n) == n, averages from 1 woman).
EXACT = Rule(suppress_below=1, round_to=1, min_for_average=1)


def rule_for(role: str | None) -> Rule:
    """The rule for a role: exact for the engagement officer, the configured rule for everyone else."""
    from insights.access.roles import exact_counts

    return EXACT if exact_counts(role) else rule_from_env()


def note(rule: Rule) -> str:
    """The note shown under every controlled figure (or the warning for exact counts)."""
    if rule == EXACT:
        return (
            "You are seeing exact counts (engagement officer view). Small numbers can identify women: "
            "do not share these figures outside the team. Commissioners and MNVP reviewers see "
            "controlled figures."
        )
    return (
        f"{rule.explain()} Blank cells and bars marked 'hidden' are such small numbers. "
        + (
            "Totals are rounded too, so subtracting shown figures from a total gives only a rough "
            "range, never a hidden count. "
            if not needs_secondary(rule)
            else "Where cells add up to a shown total, at least two of them are hidden, never just one, "
            "so a hidden count cannot be found by subtraction. "
        )
        + "Percentages, confidence intervals and tests are worked out from the controlled counts."
    )


def share(numerator, denominator, decimals: int = 1) -> float | None:
    """Percentage from counts that are already controlled; None when either is hidden or zero."""
    if _missing(numerator) or _missing(denominator) or int(denominator) == 0:
        return None
    return round(100.0 * int(numerator) / int(denominator), decimals)


def needs_secondary(rule: Rule) -> bool:
    """Whether differencing needs secondary suppression under this rule.

    With rounding (round_to 2 or more) every shown figure, totals included, is off by up to half
    the base, so subtracting shown cells from a shown total gives a range (at least 1-4 for the
    default rule), never a hidden count exactly. Without rounding the subtraction is exact, so a
    second cell must be hidden.
    """
    return rule.round_to == 1 and rule.suppress_below > 1


def protect_grid(
    raw: pd.DataFrame,
    rule: Rule = Rule(),
    *,
    rows_add_up: bool = False,
    cols_add_up: bool = False,
    secondary: bool | None = None,
) -> pd.DataFrame:
    """Control a grid of counts (e.g. categories x groups) against small numbers and differencing.

    Every cell goes through `count`. Then, when `secondary` (default: `needs_secondary(rule)`) and
    the cells of each row (`rows_add_up`) or each column (`cols_add_up`) are tied by a sum to a
    figure shown elsewhere (a group total, or an 'All women' cell inside the line), no line is left
    with exactly one hidden non-zero cell: the smallest other non-zero cell of that line is hidden
    too, repeated until nothing changes. Returns a grid of the same shape (nullable Int64; hidden
    cells are <NA>).
    """
    if secondary is None:
        secondary = needs_secondary(rule)
    values = raw.to_numpy(dtype=float, na_value=math.nan)
    n_rows, n_cols = values.shape
    controlled = [[count(v, rule) for v in row] for row in values]
    hidden = {(i, j) for i in range(n_rows) for j in range(n_cols) if controlled[i][j] is None}
    lines: list[list[tuple[int, int]]] = []
    if secondary and rows_add_up:
        lines += [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    if secondary and cols_add_up:
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_here = [c for c in line if c in hidden and values[c] > 0]
            if len(hidden_here) != 1:
                continue
            shown = [c for c in line if c not in hidden and values[c] > 0]
            if shown:
                hidden.add(min(shown, key=lambda c: (values[c], c)))
                changed = True
    out = pd.DataFrame(
        {
            col: pd.array(
                [None if (i, j) in hidden else controlled[i][j] for i in range(n_rows)], dtype="Int64"
            )
            for j, col in enumerate(raw.columns)
        },
        index=raw.index,
    )
    return out


@dataclass(frozen=True)
class Controlled:
    """A table that has been through disclosure control: the only kind of table pages show or export.

    `counts` names the columns holding controlled counts (hidden cells are <NA>), so exports and
    tests know which figures are counts; `hidden` is how many count cells are hidden.
    """

    frame: pd.DataFrame
    rule: Rule
    counts: tuple[str, ...] = ()
    title: str = ""

    @property
    def hidden(self) -> int:
        """Number of hidden (suppressed) count cells."""
        return int(sum(self.frame[c].isna().sum() for c in self.counts if c in self.frame))

    @property
    def empty(self) -> bool:
        """True when the table has no rows."""
        return self.frame.empty
