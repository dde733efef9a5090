"""Disclosure control (insights.analysis.disclosure) and the CSV exports built on it (insights.output.exports)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from insights.access.roles import COMMISSIONER, MNVP, OFFICER
from insights.analysis import disclosure
from insights.analysis.disclosure import EXACT, Controlled, Rule
from insights.output import exports

# --- single figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, 0),
        (1, None),
        (2, None),
        (5, None),
        (7, None),
        (8, 10),
        (10, 10),
        (12, 10),
        (13, 15),
        (57, 55),
        (58, 60),
    ],
)
def test_count_default_rule(n, expected):
    assert disclosure.count(n) == expected


def test_count_missing_is_hidden():
    assert disclosure.count(None) is None
    assert disclosure.count(float("nan")) is None
    assert disclosure.count(pd.NA) is None


def test_rounding_halves_go_up_and_base_is_configurable():
    rule = Rule(suppress_below=10, round_to=10)
    assert disclosure.count(9, rule) is None
    assert disclosure.count(15, rule) == 20
    assert disclosure.count(14, rule) == 10


def test_percent_from_suppressed_numerator_or_denominator_is_suppressed():
    assert disclosure.percent(5, 100) is None
    assert disclosure.percent(50, 5) is None
    assert disclosure.percent(0, 100) == 0.0
    assert disclosure.percent(57, 100) == 55.0  # 55 of 100: worked out from the rounded counts
    assert disclosure.percent(13, 57, decimals=1) == round(100 * 15 / 55, 1)


def test_average_needs_eight_women():
    assert disclosure.average(7.25, 7) is None
    assert disclosure.average(7.25, 8) == 7.25
    assert disclosure.average(None, 100) is None


def test_share_uses_controlled_counts_as_given():
    assert disclosure.share(15, 55) == round(100 * 15 / 55, 1)
    assert disclosure.share(None, 55) is None
    assert disclosure.share(10, None) is None
    assert disclosure.share(0, 0) is None


def test_exact_rule_changes_nothing():
    assert [disclosure.count(n, EXACT) for n in (0, 1, 3, 7, 8, 57)] == [0, 1, 3, 7, 8, 57]
    assert disclosure.average(4.0, 1, EXACT) == 4.0


def test_rule_for_roles():
    assert disclosure.rule_for(OFFICER) == EXACT
    assert disclosure.rule_for(COMMISSIONER) == Rule()
    assert disclosure.rule_for(MNVP) == Rule()
    assert disclosure.rule_for(None) == Rule()  # unknown means controlled, never exact


def test_rule_is_configurable_from_the_environment(monkeypatch):
    monkeypatch.setenv("MATERNITY_SUPPRESS_BELOW", "11")
    monkeypatch.setenv("MATERNITY_ROUND_TO", "10")
    rule = disclosure.rule_for(COMMISSIONER)
    assert rule == Rule(suppress_below=11, round_to=10, min_for_average=11)
    assert disclosure.count(10, rule) is None
    assert disclosure.count(11, rule) == 10
    assert "1 to 10 are hidden" in disclosure.note(rule)


def test_notes():
    assert "1 to 7 are hidden" in disclosure.note(Rule())
    assert "rough range" in disclosure.note(Rule())
    assert "at least two of them are hidden" in disclosure.note(Rule(round_to=1))
    assert "exact counts" in disclosure.note(EXACT)


# --- grids and secondary suppression ------------------------------------------------------------------


def test_protect_grid_primary_only_when_rounding():
    raw = pd.DataFrame({"a": [3, 20], "b": [30, 0], "c": [40, 9]})
    out = disclosure.protect_grid(raw, Rule(), rows_add_up=True, cols_add_up=True)
    assert out["a"].tolist() == [pd.NA, 20]
    assert out["b"].tolist() == [30, 0]
    assert out["c"].tolist() == [40, 10]
    assert str(out["a"].dtype) == "Int64"


def test_protect_grid_secondary_when_not_rounding():
    rule = Rule(round_to=1)
    assert disclosure.needs_secondary(rule) and not disclosure.needs_secondary(Rule())
    raw = pd.DataFrame({"a": [3, 20, 25], "b": [30, 12, 50], "c": [40, 9, 0]})
    out = disclosure.protect_grid(raw, rule, rows_add_up=True)
    # row 0: 3 is hidden, so its smallest neighbour (30) is hidden too; the others are exact
    assert out.iloc[0].tolist() == [pd.NA, pd.NA, 40]
    assert out.iloc[1].tolist() == [20, 12, 9]
    assert out.iloc[2].tolist() == [25, 50, 0]  # zero is never the partner: a true zero discloses no one


def test_protect_grid_secondary_spreads_across_rows_and_columns():
    rule = Rule(round_to=1)
    raw = pd.DataFrame([[3, 20, 30], [40, 50, 60], [70, 80, 90]], columns=list("xyz"))
    out = disclosure.protect_grid(raw, rule, rows_add_up=True, cols_add_up=True)
    hidden = out.isna().to_numpy()
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1


@pytest.mark.parametrize("seed", range(25))
def test_protect_grid_never_leaves_one_hidden_cell_in_a_line(seed):
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(
        rng.choice([0, 1, 2, 5, 7, 8, 9, 15, 30, 80], size=(rng.integers(2, 7), rng.integers(2, 7)))
    )
    rule = Rule(round_to=1)
    out = disclosure.protect_grid(raw, rule, rows_add_up=True, cols_add_up=True)
    shown = out.to_numpy(dtype=float, na_value=np.nan)
    assert not ((shown >= 1) & (shown <= 7)).any()
    hidden_nonzero = np.isnan(shown) & (raw.to_numpy() > 0)
    shown_nonzero = ~np.isnan(shown) & (raw.to_numpy() > 0)
    for hidden_line, shown_line in [
        *zip(hidden_nonzero, shown_nonzero, strict=True),
        *zip(hidden_nonzero.T, shown_nonzero.T, strict=True),
    ]:
        # a lone hidden cell is only allowed when nothing else in its line is non-zero: then the
        # line's total equals it, so that total is hidden too
        assert hidden_line.sum() != 1 or not shown_line.any()
    # with rounding the same grid shows no count 1-7 and every shown count is a multiple of 5
    rounded = disclosure.protect_grid(raw, Rule(), rows_add_up=True, cols_add_up=True).to_numpy(
        dtype=float, na_value=np.nan
    )
    values = rounded[~np.isnan(rounded)]
    assert not ((values >= 1) & (values <= 7)).any() and (values % 5 == 0).all()


def test_protect_grid_exact_keeps_everything():
    raw = pd.DataFrame({"a": [1, 2], "b": [3, 0]})
    out = disclosure.protect_grid(raw, EXACT, rows_add_up=True, cols_add_up=True)
    assert out.to_numpy().tolist() == [[1, 3], [2, 0]]


def test_controlled_counts_hidden_cells():
    table = Controlled(
        pd.DataFrame({"Women": pd.array([None, 10, 0], dtype="Int64"), "%": [None, 50.0, 0.0]}),
        Rule(),
        ("Women",),
        "T",
    )
    assert table.hidden == 1 and not table.empty


# --- exports -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert exports.neutralise(f"{start}1+1") == f"'{start}1+1"


def test_plain_text_and_numbers_are_untouched():
    assert exports.neutralise("Good care") == "Good care"
    assert exports.neutralise(-4.5) == -4.5
    assert exports.neutralise(None) is None


def test_csv_export_of_a_controlled_table():
    frame = pd.DataFrame(
        {
            "Group": ['=HYPERLINK("http://x")', "@SUM(A1)", "Black"],
            "Women": pd.array([None, 10, 55], dtype="Int64"),
            "Difference (points)": [None, -4.5, 3.0],
            "_group": ["a", "b", "c"],
        }
    )
    data = exports.csv_bytes(Controlled(frame, Rule(), ("Women",), "T"), note="-note")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Group", "Women", "Difference (points)"]  # internal '_' columns left out
    assert rows[1] == ['\'=HYPERLINK("http://x")', "", ""]  # hidden count is blank
    assert rows[2] == ["'@SUM(A1)", "10", "-4.5"]  # a negative number stays a number
    assert rows[3] == ["Black", "55", "3.0"]
    assert rows[4] == ["'-note"]


def test_only_controlled_tables_can_be_exported():
    with pytest.raises(TypeError, match="disclosure-controlled"):
        exports.csv_bytes(pd.DataFrame({"Women": [3]}))


def test_export_file_names():
    assert exports.file_name("Ratings by group") == "ratings-by-group.csv"
    assert exports.file_name("") == "table.csv"
