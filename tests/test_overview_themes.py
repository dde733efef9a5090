"""Overview and Themes: the queries (known answers on the text fixture), the controlled tables against
an independent computation on the demo, the chart builders, and both pages under AppTest.

The AppTest sweep runs each page as a commissioner over every "compare by" choice and a set of filter
combinations, and checks that no count a person can see (metrics, tables, chart labels, text) lies
between 1 and 7, and that every visible count is a multiple of 5.
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries
from insights.analysis import breakdowns, disclosure
from insights.analysis.disclosure import EXACT, Rule
from insights.analysis.filters import Filters
from insights.output import insight_charts
from insights.store import db
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
ALL = breakdowns.ALL
P = Filters().params()


def run(con, name: str, **extra) -> pd.DataFrame:
    return queries.run(con, name, **{**P, **extra})


def by(df: pd.DataFrame, item: str, value_col: str = "women") -> dict[str, int]:
    part = df[df["item_id"] == item]
    return {g: int(v) for g, v in zip(part["grp"], part[value_col], strict=True)}


# --- queries: known answers worked out by hand from tests/fixtures/db ---------------------------------


def test_headline_known_answer(fixture_con):
    row = run(fixture_con, "overview_headline").iloc[0]
    assert row["women"] == 12
    assert (row["area_known"], row["core20"]) == (9, 7)  # 3 postcodes unknown, malformed or blank
    assert (row["ethnicity_stated"], row["ethnic_minority"]) == (11, 8)  # 3 White British, 1 not stated
    assert row["rated"] == 11 and row["median_rating"] == 6
    assert row["mean_rating"] == pytest.approx(68 / 11)
    assert str(row["first_day"])[:10] == "2023-03-14" and str(row["last_day"])[:10] == "2023-11-15"


def test_women_are_counted_not_labels(fixture_con):
    df = run(fixture_con, "theme_prevalence_by_group", group_by="all", min_group=8)
    assert set(df["grp"]) == {ALL}
    women = {row.item_id: row.women for row in df.itertuples()}
    assert women["language_barriers"] == 2  # T02 has two Language barriers excerpts, T11 one
    assert women["good_support"] == 1  # T03: two excerpts, one woman
    assert women["barriers"] == 7 and women["judgement"] == 3 and women["care_and_support"] == 6
    assert women["infrastructure"] == 5  # cross-cutting, from the codes' tags (T05 twice, counted once)
    assert women["communication"] == 5
    assert women["bias_stereotyping_discrimination"] == 0
    assert len(df) == 5 + 22 and (df["group_women"] == 12).all()


def test_prevalence_by_deprivation_and_overlapping_care_stages(fixture_con):
    dep = run(fixture_con, "theme_prevalence_by_group", group_by="deprivation", min_group=8)
    assert by(dep, "barriers", "group_women") == {ALL: 12, "Core20": 7, "Not Core20": 2, "Unknown": 3}
    assert by(dep, "barriers") == {ALL: 7, "Core20": 6, "Not Core20": 1, "Unknown": 0}
    stage = run(fixture_con, "theme_prevalence_by_group", group_by="care_stage", min_group=8)
    sizes = by(stage, "barriers", "group_women")
    assert sizes == {ALL: 12, "antenatal": 6, "labour and birth": 3, "postnatal": 6}
    assert sum(v for g, v in sizes.items() if g != ALL) == 15  # women in two stages count in both


def test_imd_groups_and_detailed_ethnicity(fixture_con):
    quint = run(fixture_con, "rating_distribution_by_group", group_by="imd_quintile", min_group=8)
    sizes = quint.groupby("grp")["group_women"].first().to_dict()
    assert sizes == {ALL: 12, "1": 7, "2": 1, "3": 1, "Unknown": 3}  # quintile = ceil(decile / 2)
    eth = run(fixture_con, "rating_distribution_by_group", group_by="ethnicity", min_group=2)
    sizes = eth.groupby("grp")["group_women"].first().to_dict()
    assert sizes == {
        ALL: 12,
        "African": 2,
        "Other White": 2,
        "White British": 3,
        "Black (smaller groups combined)": 1,
        "Asian (smaller groups combined)": 3,
        "Not stated": 1,
    }


def test_rating_distribution_known_answer(fixture_con):
    df = run(fixture_con, "rating_distribution_by_group", group_by="ethnic_group", min_group=8)
    everyone = df[df["grp"] == ALL].set_index("rating")["women"]
    assert everyone.to_dict() == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1, 6: 2, 7: 1, 8: 2, 9: 1, 10: 1}
    black = df[df["grp"] == "Black"].iloc[0]
    assert (black["group_women"], black["group_rated"], black["median_rating"]) == (3, 3, 3)
    assert len(df) == 10 * df["grp"].nunique()  # every rating 1-10 for every group, zeros included


def test_trend_keeps_empty_periods(fixture_con):
    month = run(fixture_con, "trend_by_period", period="month")
    assert len(month) == 9 and month["women"].sum() == 12
    assert month.set_index(month["period_start"].astype(str))["women"]["2023-07-01"] == 0
    quarter = run(fixture_con, "trend_by_period", period="quarter")
    assert quarter["women"].tolist() == [2, 6, 2, 2]
    assert str(quarter["period_start"].iat[0])[:10] == "2023-01-01"


def test_filters_reach_every_query(fixture_con):
    swanley = {**P, "localities": ["Swanley"]}
    assert queries.run(fixture_con, "overview_headline", **swanley)["women"].iat[0] == 3
    df = queries.run(fixture_con, "theme_prevalence_by_group", **swanley, group_by="all", min_group=8)
    assert df["group_women"].iat[0] == 3
    pairs = queries.run(fixture_con, "category_cooccurrence_pairs", **swanley)
    assert pairs["women_total"].iat[0] == 3


def test_cooccurrence_known_answer(fixture_con):
    df = run(fixture_con, "category_cooccurrence_pairs")
    assert len(df) == 22 * 22
    pair = df.set_index(["category_a", "category_b"])["women_both"]
    assert pair["inconsistent_care_and_support", "felt_judged"] == 1  # T01
    assert pair["felt_judged", "inconsistent_care_and_support"] == 1
    assert pair["poor_communication", "poor_communication"] == 2  # diagonal: T01 and T09
    assert pair["language_barriers", "language_barriers"] == 2
    assert pair["language_barriers", "good_support"] == 0


def test_category_theme_matrix_known_answer(fixture_con):
    df = run(fixture_con, "category_theme_matrix").set_index(["category_id", "theme_id"])
    assert len(df) == 22 * 5
    assert df.loc[("language_barriers", "barriers"), "women"] == 2
    assert df.loc[("language_barriers", "infrastructure"), "women"] == 2
    assert df.loc[("poor_communication", "judgement"), "women"] == 1
    assert bool(df.loc[("good_care", "care_and_support"), "in_theme"])
    assert not bool(df.loc[("good_care", "judgement"), "in_theme"])  # not in Figure 2
    assert bool(df.loc[("language_barriers", "infrastructure"), "in_theme"])  # a tagged code


def add_reviews(con, rows) -> None:
    """rows: (review_id, excerpt_id, status, minutes ago, edited text)."""
    for review_id, excerpt, status, minutes, edited in rows:
        con.execute(
            "insert into quote_reviews values ($id, $x, $s, 'tester', now() - to_minutes($m::bigint), $e, null)",
            {"id": review_id, "x": excerpt, "s": status, "m": minutes, "e": edited},
        )


def test_approved_quotes_for_a_cell(writable_db):
    con = db.connect(writable_db)
    try:
        con.execute("update coded_excerpts set anonymised_text = 'anon: ' || excerpt_id")
        add_reviews(
            con,
            [
                ("r1", "T02-1", "approved", 30, None),  # approved, still the latest: shown as anonymised
                ("r2", "T11-1", "approved", 30, "Letters came only in English."),  # edited wording wins
                ("r3", "T02-2", "approved", 60, None),
                ("r4", "T02-2", "rejected", 10, None),  # rejected later: not shown
                ("r5", "T01-3", "rejected", 60, None),
                ("r6", "T01-3", "approved", 5, None),  # approved later: shown
            ],
        )
        common = {"min_group": 8, "theme_ids": [], "max_quotes": 20}
        lang = run(
            con,
            "approved_quotes_for_cell",
            group_by="all",
            group=ALL,
            category_ids=["language_barriers"],
            **common,
        )
        assert sorted(lang["quote"]) == ["Letters came only in English.", "anon: T02-1"]
        assert set(lang.columns) == {"excerpt_id", "quote", "theme", "category", "category_id", "care_stage"}
        white = run(
            con,
            "approved_quotes_for_cell",
            group_by="ethnic_group",
            group="White",
            category_ids=[],
            **common,
        )
        assert set(white["excerpt_id"]) == {"T02-1", "T11-1"}  # T01-3 is a Black woman's
        judgement = run(
            con,
            "approved_quotes_for_cell",
            group_by="all",
            group=ALL,
            category_ids=[],
            **{**common, "theme_ids": ["judgement"]},
        )
        assert judgement["excerpt_id"].tolist() == ["T01-3"]
        infra = run(
            con,
            "approved_quotes_for_cell",
            group_by="all",
            group=ALL,
            category_ids=[],
            **{**common, "theme_ids": ["infrastructure"]},
        )
        assert set(infra["excerpt_id"]) == {"T02-1", "T11-1"}  # cross-cutting tag of the code
    finally:
        con.close()


def test_grouping_is_defined_once():
    """Every by-group query takes its groups from a grouped_* macro (over the narratives, or over the
    pre-aggregated women), and both take each woman's groups from narrative_groups, which knows every
    dimension."""
    from insights.store.db import SCHEMA_SQL

    names = ["rating_distribution_by_group", "theme_prevalence_by_group", "approved_quotes_for_cell"]
    for name in names:
        sql = queries.load(name).sql
        assert "grouped_narratives(" in sql or "grouped_women(" in sql, name
        assert "'All women' as grp" not in sql, name
    schema = SCHEMA_SQL.read_text()
    for table_macro in ("macro grouped_narratives", "macro grouped_women"):
        body = schema[schema.index(table_macro) :]
        assert "narrative_groups(" in body.split("create or replace macro", 1)[0], table_macro
    macro = schema[schema.index("macro narrative_groups") : schema.index("macro grouped_narratives")]
    assert set(breakdowns.DIMENSIONS) | {"all"} >= set(re.findall(r"when '([a-z_]+)' then", macro))
    assert set(breakdowns.DIMENSIONS) - {"all"} <= set(re.findall(r"when '([a-z_]+)' then", macro))


# --- controlled tables on the demo, against an independent computation --------------------------------


@pytest.fixture(scope="module")
def demo_db(make_db) -> Path:
    """The 321-narrative demo, with a few approved quotes."""
    path = make_db("demo_unreviewed")
    con = db.connect(path)
    try:
        rows = con.execute(
            "select x.excerpt_id from coded_excerpts as x join codes as c on c.code_id = x.code_id "
            "where c.category_id = 'good_care' order by x.excerpt_id limit 3"
        ).fetchall()
        add_reviews(
            con,
            [(f"q{i}", x, "approved", 10 + i, f"Approved quote number {i}.") for i, (x,) in enumerate(rows)],
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def demo_frames(demo_db):
    """Raw tables for computing the expected answers without the project's SQL."""
    con = duckdb.connect(str(demo_db))
    try:
        narratives = con.execute("select * from narratives").df()
        coded = con.execute(
            "select x.narrative_id, x.theme_id, c.category_id, c.cross_cutting "
            "from coded_excerpts as x join codes as c on c.code_id = x.code_id"
        ).df()
    finally:
        con.close()
    return narratives, coded


def expected_group(narratives: pd.DataFrame, key: str) -> pd.Series:
    n = narratives
    if key == "ethnic_group":
        return n["ethnic_group"]
    if key == "deprivation":
        return n["core20"].map({True: "Core20", False: "Not Core20"}).fillna("Unknown")
    if key == "imd_quintile":
        return n["imd_decile"].map(lambda d: "Unknown" if pd.isna(d) else str(math.ceil(int(d) / 2)))
    if key == "locality":
        return n["locality"]
    raise KeyError(key)


@pytest.mark.parametrize("key", ["ethnic_group", "deprivation", "imd_quintile", "locality"])
def test_prevalence_matches_an_independent_count(demo_db, demo_frames, key):
    narratives, coded = demo_frames
    con = db.connect(demo_db)
    try:
        rule = Rule()
        prev = breakdowns.prevalence(
            run(con, "theme_prevalence_by_group", **breakdowns.group_params(key, rule)),
            breakdowns.dimension(key),
            rule,
        )
    finally:
        con.close()
    groups = expected_group(narratives, key).rename("grp")
    sizes = groups.value_counts()
    table = prev.frame.set_index(["_item", "_group"])
    for category in ("judgement", "barriers", "language_barriers", "felt_judged", "good_care"):
        column = "theme_id" if category in ("judgement", "barriers") else "category_id"
        women = coded.loc[coded[column] == category, "narrative_id"].drop_duplicates()
        hits = (
            narratives.set_index("narrative_id")
            .loc[women]
            .pipe(lambda f: expected_group(f, key))
            .value_counts()
        )
        for group, size in sizes.items():
            row = table.loc[(category, group)]
            assert row["Women in group"] is pd.NA or row["Women in group"] == disclosure.count(size)
            expected = disclosure.count(int(hits.get(group, 0)))
            assert (pd.isna(row["Women with it"]) and expected is None) or row["Women with it"] == expected
            if expected is not None and disclosure.count(size):
                assert row["% of women in group"] == pytest.approx(
                    100 * expected / disclosure.count(size), abs=0.05
                )
        everyone = table.loc[(category, ALL)]
        assert everyone["Women with it"] == disclosure.count(len(women))


def test_rating_by_group_matches_an_independent_count(demo_db, demo_frames):
    narratives, _ = demo_frames
    con = db.connect(demo_db)
    try:
        rule = Rule()
        table = breakdowns.rating_by_group(
            run(con, "rating_distribution_by_group", **breakdowns.group_params("deprivation", rule)),
            breakdowns.dimension("deprivation"),
            rule,
        ).frame.set_index("_group")
    finally:
        con.close()
    groups = expected_group(narratives, "deprivation")
    for group in ("Core20", "Not Core20"):
        ratings = narratives.loc[groups == group, "rating"].dropna().astype(int)
        row = table.loc[group]
        assert row["Women who gave a rating"] == disclosure.count(len(ratings))
        assert row["Median rating"] == pytest.approx(ratings.median())
        assert row["Mean rating"] == pytest.approx(round(ratings.mean(), 1))
        low = disclosure.count(int((ratings <= 6).sum()))
        assert row["Women rating 1-6"] == low
        assert row["% rating 1-6"] == pytest.approx(100 * low / disclosure.count(len(ratings)), abs=0.05)


def count_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of a shown table that hold counts of women."""
    return [
        c
        for c in frame.columns
        if "women" in str(c).lower()
        and "%" not in str(c)
        and "points" not in str(c)
        and pd.api.types.is_numeric_dtype(frame[c])
    ]


def assert_safe_counts(values, where: str) -> None:
    bad = [v for v in values if v is not None and not pd.isna(v) and (0 < int(v) < 8 or int(v) % 5)]
    assert not bad, f"{where}: counts {bad[:10]} are between 1 and 7 or not rounded to 5"


@pytest.mark.parametrize("key", list(breakdowns.DIMENSIONS))
def test_every_controlled_table_is_safe(demo_db, key):
    rule = Rule()
    con = db.connect(demo_db)
    try:
        params = breakdowns.group_params(key, rule)
        dim = breakdowns.dimension(key)
        prev = breakdowns.prevalence(run(con, "theme_prevalence_by_group", **params), dim, rule)
        tables = [
            prev,
            breakdowns.rating_by_group(run(con, "rating_distribution_by_group", **params), dim, rule),
            breakdowns.compare_item(prev, "felt_judged"),
            breakdowns.cooccurrence(run(con, "category_cooccurrence_pairs"), rule),
            breakdowns.figure2(run(con, "category_theme_matrix"), rule),
            breakdowns.trend(run(con, "trend_by_period", period="month"), "month", rule),
        ]
        tables += [breakdowns.compare_group(prev, g) for g in breakdowns.comparable_groups(prev)]
    finally:
        con.close()
    for table in tables:
        visible = breakdowns.visible(table)
        for col in {*table.counts, *count_columns(visible)}:
            assert_safe_counts(visible[col].tolist(), f"{key}: {table.title}: {col}")
        # a hidden count hides its percentage and interval too
        if "Women with it" in visible and "% of women in group" in visible:
            hidden = visible["Women with it"].isna()
            assert visible.loc[hidden, "% of women in group"].isna().all()
            assert visible.loc[hidden, "95% CI from"].isna().all()


def test_exact_rule_for_the_officer(demo_db, demo_frames):
    narratives, _ = demo_frames
    con = db.connect(demo_db)
    try:
        prev = breakdowns.prevalence(
            run(con, "theme_prevalence_by_group", **breakdowns.group_params("ethnicity", EXACT)),
            breakdowns.dimension("ethnicity"),
            EXACT,
        )
    finally:
        con.close()
    sizes = breakdowns.group_sizes(prev).set_index("_group")["Women in group"]
    assert sizes[ALL] == len(narratives)
    assert sizes["Chinese"] == (narratives["ethnicity"] == "Chinese").sum()  # not combined for the officer


def test_findings_name_the_clear_differences(demo_db):
    rule = Rule()
    con = db.connect(demo_db)
    try:
        prev = breakdowns.prevalence(
            run(con, "theme_prevalence_by_group", **breakdowns.group_params("deprivation", rule)),
            breakdowns.dimension("deprivation"),
            rule,
        )
    finally:
        con.close()
    versus = breakdowns.compare_group(prev, "Core20")
    assert versus.frame["Difference (points)"].dropna().abs().is_monotonic_decreasing
    findings = breakdowns.difference_findings(versus)
    assert findings and findings[0].startswith("Barriers:")  # the demo's built-in Core20 pattern
    assert breakdowns.cell_quote_params(prev, "deprivation", "barriers", "Core20", rule) == {
        "group_by": "deprivation",
        "min_group": 8,
        "group": "Core20",
        "category_ids": [],
        "theme_ids": ["barriers"],
    }


# --- chart builders ------------------------------------------------------------------------------------


def test_charts_label_hidden_figures_and_never_draw_them():
    dist = pd.DataFrame(
        {
            "Rating": range(1, 11),
            "Women": pd.array([0, 0, None, 10, 30, 45, 70, 60, 55, 30], dtype="Int64"),
            "% of women who gave a rating": [0, 0, None, 3.3, 10, 15, 23, 20, 18, 10],
        }
    )
    fig = insight_charts.rating_distribution_chart(dist)
    assert isinstance(fig, go.Figure)
    bar = fig.data[0]
    assert bar.name == "Women" and list(bar.y)[:3] == [0, 0, 0] and bar.text[2] == "hidden"
    assert bar.text[3] == "10 (3%)"


def test_band_chart_shows_group_size_and_median():
    frame = pd.DataFrame(
        {
            "Group": ["All women", "Asian"],
            "Women who gave a rating": pd.array([305, None], dtype="Int64"),
            "Median rating": [7.0, None],
            "% rating 1-6": [29.5, None],
            "% rating 7-8": [42.6, 50.0],
            "% rating 9-10": [27.9, None],
        }
    )
    fig = insight_charts.rating_bands_chart(frame, ["1-6", "7-8", "9-10"], "ethnic group")
    assert list(fig.data[0].y) == ["All women (n=305, median 7)", "Asian (n=hidden, median hidden)"]
    assert list(fig.data[0].text) == ["1-6: 30%", ""]  # hidden segments are not drawn or labelled
    assert [t.name for t in fig.data] == ["Rated 1-6", "Rated 7-8", "Rated 9-10", "Hidden (1 to 7 women)"]
    # A bar that stops short is finished by a visible 'hidden' segment: Asian shows 50%, the rest is hidden.
    hidden = fig.data[3]
    assert list(hidden.text) == ["", "hidden"] and list(hidden.x) == [0, 50.0]
    assert fig.layout.title.text == "Ratings by ethnic group"


def test_every_hidden_value_is_marked_on_the_charts():
    full = pd.DataFrame(
        {"Group": ["A"], "Women who gave a rating": pd.array([40], dtype="Int64"), "Median rating": [7.0],
         "% rating 1-6": [20.0], "% rating 7-8": [50.0], "% rating 9-10": [30.0]}
    )  # fmt: skip
    assert len(insight_charts.rating_bands_chart(full, ["1-6", "7-8", "9-10"], "x").data) == 3  # no marker
    trend = pd.DataFrame(
        {"Period": ["2023 Q1", "2023 Q2", "2023 Q3"], "Women": pd.array([40, None, 0], dtype="Int64"),
         "Median rating": [7.0, None, None]}
    )  # fmt: skip
    fig = insight_charts.trend_chart(trend, "quarter")
    assert list(fig.data[0].text) == ["40", "hidden", "0"]
    marker = next(t for t in fig.data if t.name == "Median hidden")
    assert list(marker.x) == ["2023 Q2", "2023 Q3"] and set(marker.text) == {"hidden"}


def test_going_well_and_not_going_well_share_one_scale():
    good = pd.DataFrame(
        {"Category": ["a"], "% of women": [12.0], "Women with it": pd.array([40], dtype="Int64")}
    )
    bad = pd.DataFrame(
        {"Category": ["b"], "% of women": [48.0], "Women with it": pd.array([150], dtype="Int64")}
    )
    top = insight_charts.shared_top(good, bad)
    left = insight_charts.top_categories_chart(good, "Going well", "#000", top)
    right = insight_charts.top_categories_chart(bad, "Not going well", "#000", top)
    assert left.layout.xaxis.range == right.layout.xaxis.range


def test_reference_lines_do_not_cross_data_labels():
    frame = pd.DataFrame(
        {"Group": ["A", "B"], "Women in group": pd.array([40, None], dtype="Int64"),
         "% of women in group": [30.0, None], "95% CI from": [20.0, None], "95% CI to": [40.0, None]}
    )  # fmt: skip
    fig = insight_charts.comparison_chart(frame, 30.0, "Judgement")
    assert fig.data[0].mode == "markers" and "30%" in fig.data[0].y[0]  # the share is in the row label
    assert all(shape.layer == "below" for shape in fig.layout.shapes)


def test_heatmap_and_comparison_charts(demo_db):
    rule = Rule()
    con = db.connect(demo_db)
    try:
        prev = breakdowns.prevalence(
            run(con, "theme_prevalence_by_group", **breakdowns.group_params("ethnic_group", rule)),
            breakdowns.dimension("ethnic_group"),
            rule,
        )
        together = breakdowns.cooccurrence(run(con, "category_cooccurrence_pairs"), rule)
        figure2 = breakdowns.figure2(run(con, "category_theme_matrix"), rule)
    finally:
        con.close()
    pct, counts = breakdowns.heatmap_frame(prev, ("Category",))
    group_sizes = breakdowns.group_sizes(prev)
    sizes = dict(zip(group_sizes["Group"], group_sizes["Women in group"], strict=True))
    heat = insight_charts.prevalence_heatmap(pct, counts, sizes, "t")
    assert len(heat.data[0].y) == 22 and heat.data[0].x[0] == f"All women<br>n={sizes[ALL]}"
    text = [t for row in heat.data[0].text for t in row]
    assert "hidden" in text and all(t == "hidden" or t.endswith("%") for t in text)
    forest = insight_charts.comparison_chart(
        breakdowns.compare_item(prev, "judgement").frame, 20.0, "Judgement"
    )
    assert forest.data[0].error_x.array is not None
    versus = breakdowns.compare_group(prev, "Asian")
    diff = insight_charts.difference_chart(versus.frame, "Asian")
    assert len(diff.data[0].y) == min(12, versus.frame["Difference (points)"].notna().sum())
    assert insight_charts.cooccurrence_heatmap(together.frame).data[0].text[0][0] == "—"
    assert insight_charts.alongside_chart(together.frame, "Good care").data[0].orientation == "h"
    themes = [c.removeprefix("In ") for c in figure2.frame.columns if c.startswith("In ")]
    fig2 = insight_charts.figure2_chart(figure2.frame, themes)
    assert fig2.data[0].text[0][4] == ""  # Bias is not tagged Communication
    trend = breakdowns.trend(
        pd.DataFrame(
            {
                "period_start": pd.to_datetime(["2023-03-01", "2023-04-01"]),
                "women": [3, 0],
                "rated": [3, 0],
                "median_rating": [5.0, None],
                "mean_rating": [5.0, None],
            }
        ),
        "month",
        rule,
    )
    tfig = insight_charts.trend_chart(trend.frame, "month")
    assert list(tfig.data[0].text) == ["hidden", "0"] and list(tfig.data[1].y) == [None, None]


# --- the pages under AppTest ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_db(demo_db):
    """Point the app at the demo copy (one connection per process, so clear the caches around it)."""
    with app_using(demo_db) as path:
        yield path


def page(script: str, role: str = "commissioner", query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.session_state["role"] = role
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


COUNT_TEXT = re.compile(r"(?<![\d.,])(\d[\d,]*) women|n=(\d[\d,]*)|✓ (\d[\d,]*)")
#: Words before a number that make it part of the rule, not a count ("fewer than 8 women", "1 to 7 women").
RULE_WORDS = re.compile(r"(fewer than|at least|1 to|1-)\s*$", re.IGNORECASE)


def visible_counts(at: AppTest) -> list[int]:
    """Every count of women a person can read on the page."""
    out: list[int] = []
    for metric in at.metric:
        if metric.label == "Women" and metric.value != "Hidden":
            out.append(int(metric.value.replace(",", "")))
    for frame in at.dataframe:
        for col in count_columns(frame.value):
            out += [int(v) for v in frame.value[col].dropna()]
    texts = [
        e.value for kind in ("markdown", "caption", "info", "warning", "text") for e in getattr(at, kind)
    ]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts.append(json.dumps(spec, ensure_ascii=False))
        for trace in spec["data"]:
            if trace.get("name") == "Women":
                for axis in ("x", "y", "z"):
                    values = trace.get(axis)
                    if isinstance(values, list):
                        flat = [v for row in values for v in (row if isinstance(row, list) else [row])]
                        out += [int(v) for v in flat if isinstance(v, int | float)]
    for text in texts:
        for match in COUNT_TEXT.finditer(text):
            if RULE_WORDS.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            out.append(int(next(g for g in match.groups() if g).replace(",", "")))
    return out


def test_overview_numbers_match_the_database(app_db, demo_frames):
    narratives, _ = demo_frames
    at = page("pages/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Women"] == f"{disclosure.count(len(narratives)):,}"
    known = narratives["core20"].notna().sum()
    core20 = int(narratives["core20"].fillna(False).astype(bool).sum())
    assert metrics["In Core20 areas"] == f"{100 * disclosure.count(core20) / disclosure.count(known):.0f}%"
    assert metrics["Median rating"] == f"{narratives['rating'].dropna().median():g} / 10"
    assert metrics["Mean rating"] == f"{narratives['rating'].dropna().mean():.1f} / 10"
    ratings = next(d.value for d in at.dataframe if "Rating" in d.value.columns)
    sixes = int((narratives["rating"] == 6).sum())
    assert ratings.set_index("Rating")["Women"][6] == disclosure.count(sixes)
    assert any("March 2023 to February 2024" in c.value for c in at.caption)
    assert any("To protect the women" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert "Briefing (Word)" in labels and "Slides (PowerPoint)" in labels


def test_overview_compare_by_is_kept_in_the_url(app_db):
    # bound widgets keep their label in the URL: ?compare=Core20+or+not&period=Quarter
    at = page(
        "pages/overview.py", query={"compare": "Core20 or not", "period": "Quarter", "area": ["Gravesham"]}
    )
    assert at.button_group(key="compare").value == "deprivation"
    assert at.button_group(key="period").value == "quarter"
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert any(c["layout"].get("title", {}).get("text") == "Ratings by Core20 area or not" for c in charts)
    assert at.multiselect(key="flt_localities").value == ["Gravesham"]
    assert "Gravesham" in at.caption[0].value


def test_officer_sees_exact_counts(app_db, demo_frames):
    narratives, _ = demo_frames
    at = page("pages/overview.py", role="officer")
    assert {m.label: m.value for m in at.metric}["Women"] == f"{len(narratives):,}"
    assert any("exact counts" in w.value for w in at.warning)


def test_themes_numbers_match_the_database(app_db, demo_frames):
    narratives, coded = demo_frames
    at = page("pages/themes.py", query={"compare": "Core20 or not"})
    table = next(
        d.value for d in at.dataframe if "Women with it" in d.value.columns and "Kind" in d.value.columns
    )
    core20 = set(narratives.loc[narratives["core20"].fillna(False).astype(bool), "narrative_id"])
    barriers = set(coded.loc[coded["theme_id"] == "barriers", "narrative_id"])
    row = table[
        (table["Theme or category"] == "Barriers") & (table["Group"] == "Core20 (most deprived 20%)")
    ].iloc[0]
    assert row["Women with it"] == disclosure.count(len(core20 & barriers))
    assert row["Women in group"] == disclosure.count(len(core20))
    assert row["% of women in group"] == pytest.approx(
        100 * disclosure.count(len(core20 & barriers)) / disclosure.count(len(core20)), abs=0.05
    )
    assert any(m.value.startswith("**Clear differences for Core20") for m in at.markdown)


def test_themes_group_choice_and_quotes_behind_a_cell(app_db):
    at = page("pages/themes.py")
    at.selectbox(key="group").set_value("Black").run()
    assert not at.exception
    assert any("Black against other women" in e.label for e in at.expander)
    at.selectbox(key="item").set_value("good_care").run()
    assert [t.value for t in at.text][:3] == [f"Approved quote number {i}." for i in (0, 1, 2)]
    at.selectbox(key="item").set_value("bias_stereotyping_discrimination").run()
    at.selectbox(key="cell_group").set_value("Mixed").run()
    assert any("hidden, empty or too small" in i.value for i in at.info)  # no quotes from a hidden cell
    assert not at.text


@pytest.mark.parametrize(
    "script",
    ["pages/overview.py", "pages/themes.py"],
)
def test_tiny_and_empty_selections_show_no_figures(app_db, script):
    at = page(script, query={"area": ["Swanley"], "eth": ["Mixed"]})  # one woman
    assert any("Fewer than 8 women" in i.value for i in at.info)
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    at = page(script, query={"from": "2030-01-01", "to": "2030-12-31"})
    assert any("No narratives match" in i.value for i in at.info)


#: Filter combinations a commissioner can pick (URL keys as in insights.analysis.filters). The first four (no
#: filter, one area, an ethnic group within Core20, three filters at once) run by default; the rest run with the
#: slow tests (`make test-slow`, CI).
FILTER_SETS = [
    {},
    {"area": ["Swanley"]},
    {"eth": ["Asian"], "imd": ["Core20"]},
    {"area": ["Dartford"], "imd": ["Not Core20"], "stage": ["postnatal"]},
    *(
        pytest.param(f, marks=pytest.mark.slow)
        for f in (
            {"imd": ["Core20"]},
            {"eth": ["Black"]},
            {"stage": ["labour and birth"], "by": ["Community connector"]},
            {"area": ["Gravesham"], "eth": ["White"]},
            {"from": "2023-10-01", "to": "2023-12-31"},
            {"eth": ["Mixed", "Other", "Not stated"]},
        )
    ),
]


@pytest.mark.parametrize("script", ["pages/overview.py", "pages/themes.py"])
@pytest.mark.parametrize(
    "filters",
    FILTER_SETS,
    ids=lambda f: "&".join(f"{k}={v}" for k, v in f.items()) or "all",
)
def test_no_visible_count_between_1_and_7(app_db, script, filters):
    at = page(script, query=filters)
    seen = 0
    for key in breakdowns.DIMENSIONS:
        if at.button_group:
            at.button_group(key="compare").set_value(key).run()
            assert not at.exception, [e.value for e in at.exception]
        counts = visible_counts(at)
        assert_safe_counts(counts, f"{script} {filters} compare={key}")
        seen += len(counts)
    assert seen > 0 or any("Fewer than 8" in i.value or "No narratives" in i.value for i in at.info)


def test_render_times(app_db, record_property):
    """Server-side render times (AppTest) on the demo: cold (first run in a fresh process cache) and warm."""
    st.cache_data.clear()
    times = {}
    for script in ("pages/overview.py", "pages/themes.py"):
        at = AppTest.from_file(str(ROOT / script), default_timeout=60)
        at.session_state["role"] = "commissioner"
        start = time.perf_counter()
        at.run()
        cold = time.perf_counter() - start
        start = time.perf_counter()
        at.run()
        warm = time.perf_counter() - start
        times[script] = (round(cold, 2), round(warm, 2))
        record_property(script, times[script])
        assert warm < 5, f"{script} took {warm:.1f} s warm"
    print("render times (cold, warm) in seconds:", times)


def test_themes_leads_with_the_core20_finding_and_offers_the_briefing(demo_db):
    at = page("pages/themes.py")
    assert not at.exception
    assert at.subheader[0].value == "Where do Core20 women differ?"
    assert at.expander[0].label == "How to read these figures"  # the explanation is folded below
    labels = [b.label for b in at.get("download_button")]
    assert "Briefing (Word)" in labels and "Slides (PowerPoint)" in labels
    assert not any("Exact" in label for label in labels)  # a commissioner gets the controlled one only


def test_the_officers_default_briefing_is_the_controlled_one(demo_db):
    at = page("pages/overview.py", role="officer")
    assert not at.exception
    buttons = at.get("download_button")
    by_label = {b.label: b for b in buttons}
    assert {"Briefing (Word)", "Slides (PowerPoint)", "Exact briefing (Word)"} <= set(by_label)
    # The first (primary) briefing buttons are the controlled ones; the exact ones sit in an expander.
    labels = [b.label for b in buttons]
    assert labels.index("Briefing (Word)") < labels.index("Exact briefing (Word)")
    exact = next(e for e in at.expander if e.label.startswith("Exact-count briefing"))
    assert {b.label for b in exact.get("download_button")} == {
        "Exact briefing (Word)",
        "Exact slides (PowerPoint)",
    }
    assert by_label["Briefing (Word)"].proto.type == "primary"


def test_cooccurrence_heatmap_has_horizontal_numbered_columns_and_dark_text():
    frame = pd.DataFrame(
        {
            "Category": ["Good care", "Good care", "Poor communication", "Poor communication"],
            "Also mentions": ["Good care", "Poor communication", "Good care", "Poor communication"],
            "% who also mention it": [None, 40.0, 55.0, None],
            "Women with both": pd.array([None, 40, 40, None], dtype="Int64"),
        }
    )
    fig = insight_charts.cooccurrence_heatmap(frame)
    assert list(fig.data[0].x) == ["1", "2"] and fig.layout.xaxis.type == "category"
    assert fig.layout.xaxis.tickangle == 0
    assert list(fig.data[0].y) == ["1. Good care", "2. Poor communication"]
    assert fig.data[0].textfont.color == "#212B32"
    assert fig.data[0].colorscale[-1][1] == "#6BAED6"  # darkest cell still reads with dark text
