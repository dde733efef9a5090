"""The tables behind the Overview and Themes pages and the briefing, after disclosure control.

No Streamlit. Each function takes the raw frame of a query in queries/ and the rule in force
(`insights.analysis.disclosure.rule_for(role)`) and returns a `disclosure.Controlled` table, the only kind
of table pages show or export. The order inside is always the same:

1. counts go through `disclosure.protect_grid` (suppress 1-7, round to 5, and never leave a
   hidden cell alone in a line of cells that adds up to a shown total);
2. every percentage, confidence interval and test is then worked out from those controlled
   counts (insights.analysis.stats), and is blank wherever a count it needs is hidden;
3. means and medians are shown only when at least `rule.min_for_average` women gave a rating.

Columns whose names start with '_' are ids for the page's own use; they are never displayed or
exported. Women are counted, not labels: the queries count a woman once per category or theme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from insights.analysis import disclosure, stats
from insights.analysis.disclosure import Controlled, Rule
from insights.vocab import ETHNIC_GROUPS, ETHNICITY_GROUPS, NOT_STATED

ALL = "All women"
COMBINED = " (smaller groups combined)"


# --- the ways women can be grouped ------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A way of grouping women: the key bound as $group_by, labels, and whether groups partition."""

    key: str
    label: str
    partition: bool
    order: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)
    note: str = ""
    phrase: str = ""

    @property
    def by(self) -> str:
        """For titles: 'Ratings by ethnic group'."""
        return self.phrase or self.label.lower()

    def group_label(self, value: str) -> str:
        """Plain-English label of one group value."""
        return ALL if value == ALL else self.labels.get(value, value)

    def sort_key(self, value: str) -> tuple[int, int, str]:
        """All women first, then the dimension's own order, anything unexpected last."""
        if value == ALL:
            return (0, 0, "")
        if value in self.order:
            return (1, self.order.index(value), "")
        return (2, 0, value)


def _ethnicity_order() -> tuple[str, ...]:
    out: list[str] = []
    for broad in ETHNIC_GROUPS:
        out += [e for e, g in ETHNICITY_GROUPS.items() if g == broad]
        out.append(broad + COMBINED)
    return (*out, NOT_STATED)


_AREA_UNKNOWN = "Home area not known"

DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension(
            "ethnic_group",
            "Ethnic group",
            True,
            (*ETHNIC_GROUPS, NOT_STATED),
            note="The five ONS 2021 ethnic groups; 'Other' includes Arab and any other ethnic group.",
        ),
        Dimension(
            "ethnicity",
            "Ethnicity (detailed)",
            True,
            _ethnicity_order(),
            note="ONS 2021 categories. Categories with too few women to show on their own are combined "
            "within their broad group.",
            phrase="detailed ethnicity",
        ),
        Dimension(
            "deprivation",
            "Core20 or not",
            True,
            ("Core20", "Not Core20", "Unknown"),
            {"Core20": "Core20 (most deprived 20%)", "Not Core20": "Not Core20", "Unknown": _AREA_UNKNOWN},
            note="Core20: the woman's home is in one of the most deprived 20% of areas (LSOAs) in England "
            "(national IMD deciles 1 and 2; the index, IMD 2019 or 2025, is named under the page title).",
            phrase="Core20 area or not",
        ),
        Dimension(
            "imd_quintile",
            "Deprivation fifth (IMD quintile)",
            True,
            ("1", "2", "3", "4", "5", "Unknown"),
            {
                "1": "1 (most deprived)",
                "2": "2",
                "3": "3",
                "4": "4",
                "5": "5 (least deprived)",
                "Unknown": _AREA_UNKNOWN,
            },
            note="National IMD quintile of the woman's home area: quintile = decile / 2 rounded up; "
            "quintile 1 is Core20.",
            phrase="deprivation fifth",
        ),
        Dimension(
            "imd_decile",
            "Deprivation tenth (IMD decile)",
            True,
            (*(str(d) for d in range(1, 11)), "Unknown"),
            {"1": "1 (most deprived)", "10": "10 (least deprived)", "Unknown": _AREA_UNKNOWN},
            note="National IMD decile of the woman's home area (IMD 2019 or 2025: named under the page title).",
            phrase="deprivation tenth",
        ),
        Dimension(
            "locality",
            "Area",
            True,
            ("Dartford", "Gravesham", "Swanley", "Other", "Unknown"),
            {"Other": "Outside Dartford, Gravesham and Swanley", "Unknown": _AREA_UNKNOWN},
            note="Where the woman lives (from her postcode).",
        ),
        Dimension(
            "care_stage",
            "Care stage",
            False,
            ("antenatal", "labour and birth", "postnatal", "Not recorded"),
            {
                "antenatal": "Antenatal",
                "labour and birth": "Labour and birth",
                "postnatal": "Postnatal",
                "Not recorded": "Stage not recorded",
            },
            note="A woman who spoke about more than one stage of care is counted in each of them, so the "
            "groups add up to more than all women.",
        ),
    )
}


def dimension(key: str) -> Dimension:
    """The dimension for a key (KeyError for anything else)."""
    return DIMENSIONS[key]


def group_params(key: str, rule: Rule) -> dict:
    """The $group_by and $min_group parameters for a dimension key ('all' for no grouping)."""
    if key != "all":
        dimension(key)
    return {"group_by": key, "min_group": max(rule.suppress_below, rule.min_for_average, 1)}


# --- shared helpers ---------------------------------------------------------------------------------


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _average(value, n, rule: Rule, decimals: int = 1) -> float | None:
    shown = disclosure.average(value, n, rule)
    return None if shown is None else round(float(shown), decimals)


def _control_sizes(sizes: pd.Series, rule: Rule, partition: bool) -> pd.Series:
    """Control group sizes (index = group, ALL included).

    Sizes are rounded like every count. When the rule does not round and the groups partition all
    women, a lone hidden group size would be exact by subtraction from 'All women', so a second one
    is hidden too (disclosure.needs_secondary).
    """
    grid = sizes.to_frame().T
    protected = disclosure.protect_grid(grid, rule, rows_add_up=partition)
    return protected.iloc[0]


def _blank_pct(values) -> list[float | None]:
    return [None if v is None or pd.isna(v) else float(v) for v in values]


# --- headline ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The headline figures for the current filters, controlled."""

    women: int | None
    area_known: int | None
    core20: int | None
    core20_pct: float | None
    ethnicity_stated: int | None
    ethnic_minority: int | None
    ethnic_minority_pct: float | None
    rated: int | None
    rated_pct: float | None
    median_rating: float | None
    mean_rating: float | None
    first_month: dt.date | None
    last_month: dt.date | None
    raw_women: int

    @property
    def period(self) -> str | None:
        """'March 2023 to February 2024' (None when there is nothing to show)."""
        if self.first_month is None or self.last_month is None:
            return None
        if self.first_month == self.last_month:
            return f"{self.first_month:%B %Y}"
        return f"{self.first_month:%B %Y} to {self.last_month:%B %Y}"


def headline(raw: pd.DataFrame, rule: Rule) -> Headline:
    """Headline figures from `overview_headline`; the period is hidden when the women are."""
    row = raw.iloc[0] if len(raw) else pd.Series(dtype=object)
    get = lambda col: _int_or_none(row.get(col, 0)) or 0  # noqa: E731
    women = disclosure.count(get("women"), rule)
    area_known = disclosure.count(get("area_known"), rule)
    core20 = disclosure.count(get("core20"), rule)
    stated = disclosure.count(get("ethnicity_stated"), rule)
    minority = disclosure.count(get("ethnic_minority"), rule)
    rated = disclosure.count(get("rated"), rule)
    show_period = women not in (None, 0)
    first = row.get("first_day") if show_period else None
    last = row.get("last_day") if show_period else None
    return Headline(
        women=women,
        area_known=area_known,
        core20=core20,
        core20_pct=disclosure.share(core20, area_known),
        ethnicity_stated=stated,
        ethnic_minority=minority,
        ethnic_minority_pct=disclosure.share(minority, stated),
        rated=rated,
        rated_pct=disclosure.share(rated, women),
        median_rating=_average(row.get("median_rating"), get("rated"), rule),
        mean_rating=_average(row.get("mean_rating"), get("rated"), rule),
        first_month=_month(first),
        last_month=_month(last),
        raw_women=get("women"),
    )


def _month(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    value = pd.Timestamp(value)
    return dt.date(value.year, value.month, 1)


def headline_table(h: Headline, rule: Rule) -> Controlled:
    """The headline figures as a table (for download and the briefing)."""
    rows = [
        ("Women who shared a narrative", h.women, None, None, None),
        (
            "Women living in Core20 areas (of women whose home area is known)",
            h.core20,
            h.area_known,
            h.core20_pct,
            None,
        ),
        (
            "Women from ethnic minority groups (of women who stated their ethnicity)",
            h.ethnic_minority,
            h.ethnicity_stated,
            h.ethnic_minority_pct,
            None,
        ),
        ("Women who gave a rating", h.rated, h.women, h.rated_pct, None),
        ("Median rating (1-10)", h.rated, None, None, h.median_rating),
        ("Mean rating (1-10)", h.rated, None, None, h.mean_rating),
    ]
    frame = pd.DataFrame(rows, columns=["Figure", "Women", "Out of (women)", "%", "Rating"])
    for col in ("Women", "Out of (women)"):
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    frame["%"] = pd.array(frame["%"].tolist(), dtype="Float64")
    frame["Rating"] = pd.array(frame["Rating"].tolist(), dtype="Float64")
    return Controlled(frame, rule, ("Women", "Out of (women)"), "Headline figures")


# --- ratings ----------------------------------------------------------------------------------------

#: Rating bands for comparing groups (ten ratings split across many groups would be mostly hidden).
#: The lowest band is also the share compared between groups ('rated 6 or lower').
RATING_BANDS: tuple[tuple[str, int, int], ...] = (("1-6", 1, 6), ("7-8", 7, 8), ("9-10", 9, 10))


def rating_distribution(raw: pd.DataFrame, rule: Rule) -> Controlled:
    """Women giving each rating 1-10 (the 'All women' rows of `rating_distribution_by_group`)."""
    rows = raw[raw["grp"] == ALL].sort_values("rating")
    if rows.empty:
        frame = pd.DataFrame({"Rating": range(1, 11), "Women": pd.array([0] * 10, dtype="Int64")})
        frame["% of women who gave a rating"] = pd.array([None] * 10, dtype="Float64")
        return Controlled(frame, rule, ("Women",), "Ratings given")
    grid = rows.set_index("rating")[["women"]].T
    controlled = disclosure.protect_grid(grid, rule, rows_add_up=True).iloc[0]
    rated = disclosure.count(int(rows["group_rated"].iat[0]), rule)
    frame = pd.DataFrame(
        {
            "Rating": rows["rating"].astype(int).to_numpy(),
            "Women": pd.array(controlled.tolist(), dtype="Int64"),
        }
    )
    frame["% of women who gave a rating"] = pd.array(
        [disclosure.share(c, rated) for c in frame["Women"]], dtype="Float64"
    )
    return Controlled(frame, rule, ("Women",), "Ratings given")


def rating_not_given(raw: pd.DataFrame, rule: Rule) -> int | None:
    """Women (all women in the selection) who gave no rating, controlled."""
    rows = raw[raw["grp"] == ALL]
    if rows.empty:
        return 0
    return disclosure.count(int(rows["group_women"].iat[0]) - int(rows["group_rated"].iat[0]), rule)


def rating_by_group(raw: pd.DataFrame, dim: Dimension, rule: Rule) -> Controlled:
    """Rating bands, median and mean for each group; the lowest band's share (with its Wilson CI) is
    compared with all other women."""
    counts = [f"Women rating {b}" for b, _, _ in RATING_BANDS]
    pcts = [f"% rating {b}" for b, _, _ in RATING_BANDS]
    columns = [
        "Group",
        "Women",
        "Women who gave a rating",
        "Median rating",
        "Mean rating",
        *pcts,
        "95% CI from",
        "95% CI to",
        f"% of other women rating {RATING_BANDS[0][0]}",
        "Difference from other women (points)",
        "Clear difference from other women",
        *counts,
        "_group",
    ]
    count_cols = ("Women", "Women who gave a rating", *counts)
    if raw.empty:
        return Controlled(pd.DataFrame(columns=columns), rule, count_cols, "Ratings by group")
    summary = raw.groupby("grp", sort=False)[
        ["group_women", "group_rated", "mean_rating", "median_rating"]
    ].first()
    groups = sorted(summary.index, key=dim.sort_key)
    summary = summary.loc[groups]
    bands = pd.DataFrame(
        {
            band: raw[(raw["rating"] >= lo) & (raw["rating"] <= hi)].groupby("grp")["women"].sum()
            for band, lo, hi in RATING_BANDS
        }
    ).reindex(groups, fill_value=0)
    controlled = disclosure.protect_grid(bands, rule, rows_add_up=True, cols_add_up=dim.partition)
    women = _control_sizes(summary["group_women"], rule, dim.partition)
    rated = _control_sizes(summary["group_rated"], rule, dim.partition)
    frame = pd.DataFrame(
        {
            "Group": [dim.group_label(g) for g in groups],
            "Women": pd.array(women.tolist(), dtype="Int64"),
            "Women who gave a rating": pd.array(rated.tolist(), dtype="Int64"),
            "Median rating": [
                None if pd.isna(shown) else _average(m, n, rule)
                for m, n, shown in zip(summary["median_rating"], summary["group_rated"], rated, strict=True)
            ],
            "Mean rating": [
                None if pd.isna(shown) else _average(m, n, rule)
                for m, n, shown in zip(summary["mean_rating"], summary["group_rated"], rated, strict=True)
            ],
        }
    )
    for (band, _, _), pct_col, count_col in zip(RATING_BANDS, pcts, counts, strict=True):
        frame[count_col] = pd.array(controlled[band].tolist(), dtype="Int64")
        frame[pct_col] = [
            disclosure.share(c, r)
            for c, r in zip(frame[count_col], frame["Women who gave a rating"], strict=True)
        ]
    low = [_int_or_none(v) for v in frame[counts[0]]]
    ci = [
        stats.wilson_interval(k, _int_or_none(n))
        for k, n in zip(low, frame["Women who gave a rating"], strict=True)
    ]
    frame["95% CI from"] = [c[0] for c in ci]
    frame["95% CI to"] = [c[1] for c in ci]
    _add_difference_from_rest(frame, low, "Women who gave a rating", groups, rule)
    frame["_group"] = groups
    return Controlled(frame[columns], rule, count_cols, "Ratings by group")


def _add_difference_from_rest(
    frame: pd.DataFrame, k: list, n_col: str, groups: list[str], rule: Rule
) -> None:
    """Each group against all other women (All minus the group, from controlled counts)."""
    try:
        at = groups.index(ALL)
    except ValueError:
        at = None
    total_k = k[at] if at is not None else None
    total_n = _int_or_none(frame[n_col].iat[at]) if at is not None else None
    diffs: list[stats.Difference] = []
    rest_pct: list[float | None] = []
    for i, g in enumerate(groups):
        n = _int_or_none(frame[n_col].iat[i])
        rest_pct.append(None)
        if g == ALL or None in (k[i], n, total_k, total_n):
            diffs.append(stats.NO_DIFFERENCE)
            continue
        rest_n = disclosure.count(total_n - n, rule)
        rest_k = disclosure.count(max(total_k - k[i], 0), rule)
        if rest_n in (None, 0) or rest_k is None:
            diffs.append(stats.NO_DIFFERENCE)
            continue
        rest_k = min(rest_k, rest_n)
        rest_pct[-1] = disclosure.share(rest_k, rest_n)
        diffs.append(stats.compare_shares(k[i], n, rest_k, rest_n))
    adjusted = stats.adjust_p_values([d.p_value for d in diffs])
    frame[f"% of other women rating {RATING_BANDS[0][0]}"] = rest_pct
    frame["Difference from other women (points)"] = [
        None if d.difference is None else round(d.difference, 1) for d in diffs
    ]
    frame["Clear difference from other women"] = [
        None if p is None else ("Yes" if p < stats.ALPHA else "No") for p in adjusted
    ]


def rating_findings(table: Controlled) -> list[str]:
    """Plain-English sentences on which groups rate their care lower (from `rating_by_group`)."""
    f = table.frame
    low = RATING_BANDS[0][0]
    out = []
    for _, row in f[f["_group"] != ALL].iterrows():
        pct, rest = row[f"% rating {low}"], row[f"% of other women rating {low}"]
        if pd.isna(pct) or pd.isna(rest) or row["Clear difference from other women"] != "Yes":
            continue
        direction = "more" if pct > rest else "fewer"
        out.append(
            f"{row['Group']}: {pct:.0f}% rated their care {low} (95% CI {row['95% CI from']:.0f}-"
            f"{row['95% CI to']:.0f}%) against {rest:.0f}% of other women, clearly {direction} low ratings."
        )
    tested = f[f["Clear difference from other women"] == "No"]["Group"].tolist()
    if not out:
        out.append(
            f"No group's share of ratings of {low} differs clearly from other women's"
            + (f" ({len(tested)} groups compared)." if tested else " (too few women to compare).")
        )
    elif tested:
        out.append(f"No clear difference for: {', '.join(tested)}.")
    untested = f[(f["_group"] != ALL) & f["Clear difference from other women"].isna()]["Group"].tolist()
    if untested:
        out.append(f"Too few women to compare: {', '.join(untested)}.")
    return out


# --- trend ------------------------------------------------------------------------------------------


def trend(raw: pd.DataFrame, period: str, rule: Rule) -> Controlled:
    """Women and median rating per month or quarter (`trend_by_period`); empty periods stay as 0."""
    columns = ["Period", "Women", "Women who gave a rating", "Median rating", "Mean rating", "_start"]
    if raw.empty:
        return Controlled(pd.DataFrame(columns=columns), rule, ("Women", "Women who gave a rating"), "Trend")
    women = disclosure.protect_grid(
        raw[["women"]].T.set_axis(range(len(raw)), axis=1), rule, rows_add_up=True
    ).iloc[0]
    rated = disclosure.protect_grid(
        raw[["rated"]].T.set_axis(range(len(raw)), axis=1), rule, rows_add_up=True
    ).iloc[0]
    starts = pd.to_datetime(raw["period_start"])
    frame = pd.DataFrame(
        {
            "Period": [_period_label(s, period) for s in starts],
            "Women": pd.array(women.tolist(), dtype="Int64"),
            "Women who gave a rating": pd.array(rated.tolist(), dtype="Int64"),
        }
    )
    frame["Median rating"] = [
        None if pd.isna(w) else _average(m, n, rule)
        for w, m, n in zip(frame["Women"], raw["median_rating"], raw["rated"], strict=True)
    ]
    frame["Mean rating"] = [
        None if pd.isna(w) else _average(m, n, rule)
        for w, m, n in zip(frame["Women"], raw["mean_rating"], raw["rated"], strict=True)
    ]
    frame["_start"] = starts.dt.date.to_numpy()
    return Controlled(frame[columns], rule, ("Women", "Women who gave a rating"), "Trend")


def _period_label(start: pd.Timestamp, period: str) -> str:
    if period == "quarter":
        end = start + pd.DateOffset(months=2)
        return f"{start:%b}-{end:%b %Y}"
    return f"{start:%b %Y}"


# --- themes and categories --------------------------------------------------------------------------

PREVALENCE_COLUMNS = [
    "Kind",
    "Theme or category",
    "Polarity",
    "Group",
    "Women in group",
    "Women with it",
    "% of women in group",
    "95% CI from",
    "95% CI to",
    "_item",
    "_group",
    "_order",
]


def prevalence(raw: pd.DataFrame, dim: Dimension | None, rule: Rule) -> Controlled:
    """Share of women in each group with at least one excerpt coded to each theme and category.

    Denominator: all women in the group (whether or not they mentioned anything). From
    `theme_prevalence_by_group`; with `dim=None`, only 'All women'.
    """
    counts = ("Women in group", "Women with it")
    if raw.empty:
        return Controlled(pd.DataFrame(columns=PREVALENCE_COLUMNS), rule, counts, "Themes and categories")
    key = raw["item_kind"] + ":" + raw["item_id"]
    grid = raw.assign(_key=key).pivot(index="_key", columns="grp", values="women")
    groups = sorted(grid.columns, key=(dim.sort_key if dim else lambda g: (0, 0, g)))
    grid = grid[groups]
    controlled = disclosure.protect_grid(grid, rule, rows_add_up=bool(dim and dim.partition))
    sizes = raw.groupby("grp")["group_women"].first().reindex(groups)
    sizes_c = _control_sizes(sizes, rule, bool(dim and dim.partition))
    items = (
        raw.assign(_key=key)
        .drop_duplicates("_key")
        .set_index("_key")[["item_kind", "item_id", "item_name", "polarity", "cross_cutting", "sort_order"]]
    )
    items = items.loc[grid.index]
    items["_order"] = [
        (0 if k == "theme" else 1) * 100 + o
        for k, o in zip(items["item_kind"], items["sort_order"], strict=True)
    ]
    long = controlled.stack(future_stack=True).rename("Women with it").reset_index()
    long.columns = ["_key", "_group", "Women with it"]
    long = long.join(items, on="_key")
    long["Women in group"] = pd.array([sizes_c[g] for g in long["_group"]], dtype="Int64")
    long["Women with it"] = long["Women with it"].astype("Int64")
    long.loc[long["Women in group"].isna(), "Women with it"] = pd.NA
    long["% of women in group"] = [
        disclosure.share(k, n) for k, n in zip(long["Women with it"], long["Women in group"], strict=True)
    ]
    long["95% CI from"], long["95% CI to"] = stats.wilson_intervals(
        [_int_or_none(k) for k in long["Women with it"]], [_int_or_none(n) for n in long["Women in group"]]
    )
    long["Kind"] = [_kind_label(k, c) for k, c in zip(long["item_kind"], long["cross_cutting"], strict=True)]
    long["Theme or category"] = long["item_name"]
    long["Polarity"] = long["polarity"].fillna("")
    long["Group"] = [dim.group_label(g) if dim else g for g in long["_group"]]
    long["_item"] = long["item_id"]
    group_rank = {g: i for i, g in enumerate(groups)}
    long = long.sort_values(
        ["_order", "_group"], key=lambda s: s.map(group_rank) if s.name == "_group" else s
    )
    return Controlled(long[PREVALENCE_COLUMNS].reset_index(drop=True), rule, counts, "Themes and categories")


def _kind_label(kind: str, cross_cutting) -> str:
    if kind == "category":
        return "Category"
    return "Cross-cutting theme" if bool(cross_cutting) else "Theme"


def group_sizes(prev: Controlled) -> pd.DataFrame:
    """Group, its label and its controlled size, in display order (from a prevalence table)."""
    f = prev.frame.drop_duplicates("_group")
    return f[["_group", "Group", "Women in group"]].reset_index(drop=True)


def comparable_groups(prev: Controlled) -> list[str]:
    """Groups (not 'All women') whose size is shown and not zero, in display order."""
    sizes = group_sizes(prev)
    return [
        g
        for g, n in zip(sizes["_group"], sizes["Women in group"], strict=True)
        if g != ALL and not pd.isna(n) and int(n) > 0
    ]


def everyone_hidden(prev: Controlled) -> bool:
    """True when the 'All women' total itself is hidden (1-7 women in the selection)."""
    sizes = group_sizes(prev)
    return bool(sizes.loc[sizes["_group"] == ALL, "Women in group"].isna().all())


def overall_share(prev: Controlled, item: str) -> float | None:
    """The 'All women' share for one theme or category (None when hidden)."""
    f = prev.frame
    row = f[(f["_item"] == item) & (f["_group"] == ALL)]
    if row.empty or pd.isna(row["% of women in group"].iat[0]):
        return None
    return float(row["% of women in group"].iat[0])


def heatmap_frame(
    prev: Controlled, kinds: tuple[str, ...] = ("Category",)
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Percent and controlled-count grids (rows: themes/categories, columns: group labels)."""
    f = prev.frame[prev.frame["Kind"].isin(kinds)]
    order_rows = list(dict.fromkeys(f["Theme or category"]))
    order_cols = list(dict.fromkeys(f["Group"]))
    pct = f.pivot(index="Theme or category", columns="Group", values="% of women in group").reindex(
        index=order_rows, columns=order_cols
    )
    cnt = f.pivot(index="Theme or category", columns="Group", values="Women with it").reindex(
        index=order_rows, columns=order_cols
    )
    return pct, cnt


def compare_item(prev: Controlled, item: str) -> Controlled:
    """One theme or category across the groups: share with Wilson CI, and each group against the rest."""
    f = prev.frame[prev.frame["_item"] == item]
    rows = f[f["_group"] != ALL]
    totals = f[f["_group"] == ALL]
    name = f["Theme or category"].iat[0] if len(f) else item
    return _comparison(
        rows, totals.iloc[[0] * len(rows)] if len(totals) else None, prev.rule, f"{name} by group", "group"
    )


def compare_group(prev: Controlled, group: str) -> Controlled:
    """Every theme and category for one group against all other women, largest differences first."""
    f = prev.frame
    rows = f[f["_group"] == group]
    totals = f[f["_group"] == ALL].set_index("_item").reindex(rows["_item"])
    label = rows["Group"].iat[0] if len(rows) else group
    return _comparison(rows, totals, prev.rule, f"{label} against other women", "item")


COMPARISON_COLUMNS = [
    "Kind",
    "Polarity",
    "Women in group",
    "Women with it",
    "% of women in group",
    "95% CI from",
    "95% CI to",
    "Other women",
    "Other women with it",
    "% of other women",
    "Difference (points)",
    "Difference CI from",
    "Difference CI to",
    "p-value",
    "Clear difference",
    "_item",
    "_group",
]
COMPARISON_COUNTS = ("Women in group", "Women with it", "Other women", "Other women with it")


def _comparison(
    rows: pd.DataFrame, totals: pd.DataFrame | None, rule: Rule, title: str, by: str
) -> Controlled:
    """Each row's share against the rest of the women: its 'All women' row (`totals`, aligned) minus it.

    The rest is worked out from controlled counts and controlled again, so a rest of 1-7 is hidden
    and no test is made with it.
    """
    label = "Group" if by == "group" else "Theme or category"
    columns = [label, *COMPARISON_COLUMNS]
    frame = pd.DataFrame(
        {
            label: rows[label].to_numpy(),
            "Kind": rows["Kind"].to_numpy(),
            "Polarity": rows["Polarity"].to_numpy(),
            "Women in group": pd.array(rows["Women in group"].tolist(), dtype="Int64"),
            "Women with it": pd.array(rows["Women with it"].tolist(), dtype="Int64"),
            "% of women in group": pd.array(_blank_pct(rows["% of women in group"]), dtype="Float64"),
            "95% CI from": pd.array(_blank_pct(rows["95% CI from"]), dtype="Float64"),
            "95% CI to": pd.array(_blank_pct(rows["95% CI to"]), dtype="Float64"),
            "_item": rows["_item"].to_numpy(),
            "_group": rows["_group"].to_numpy(),
        }
    )
    ks, ns = (
        [_int_or_none(v) for v in frame["Women with it"]],
        [_int_or_none(v) for v in frame["Women in group"]],
    )
    if totals is None:
        tks = tns = [None] * len(frame)
    else:
        tks = [_int_or_none(v) for v in totals["Women with it"]]
        tns = [_int_or_none(v) for v in totals["Women in group"]]
    rest_k, rest_n, diffs = [], [], []
    for k, n, tk, tn in zip(ks, ns, tks, tns, strict=True):
        other_n = other_k = None
        if None not in (k, n, tk, tn):
            other_n = disclosure.count(tn - n, rule)
            other_k = disclosure.count(max(tk - k, 0), rule)
            if other_n is None or other_k is None:
                other_n = other_k = None
            else:
                other_k = min(other_k, other_n)
        rest_k.append(other_k)
        rest_n.append(other_n)
        diffs.append(stats.compare_shares(k, n, other_k, other_n))
    frame["Other women"] = pd.array(rest_n, dtype="Int64")
    frame["Other women with it"] = pd.array(rest_k, dtype="Int64")
    frame["% of other women"] = pd.array(
        [disclosure.share(k, n) for k, n in zip(rest_k, rest_n, strict=True)], dtype="Float64"
    )
    frame["Difference (points)"] = pd.array(
        [None if d.difference is None else round(d.difference, 1) for d in diffs], dtype="Float64"
    )
    frame["Difference CI from"] = pd.array([d.ci_low for d in diffs], dtype="Float64")
    frame["Difference CI to"] = pd.array([d.ci_high for d in diffs], dtype="Float64")
    frame["p-value"] = pd.array([d.p_value for d in diffs], dtype="Float64")
    adjusted = stats.adjust_p_values([d.p_value for d in diffs])
    frame["Clear difference"] = [
        None if p is None else ("Yes" if p < stats.ALPHA else "No") for p in adjusted
    ]
    if by == "item" and len(frame):
        order = frame["Difference (points)"].abs().sort_values(ascending=False, na_position="last").index
        frame = frame.loc[order]
    return Controlled(frame[columns].reset_index(drop=True), rule, COMPARISON_COUNTS, title)


def difference_findings(table: Controlled, limit: int = 5) -> list[str]:
    """Plain-English sentences for the clear differences in a `compare_group` or `compare_item` table."""
    f = table.frame[table.frame["Clear difference"] == "Yes"].head(limit)
    label_col = "Theme or category" if "Theme or category" in f.columns[:1] else "Group"
    out = []
    for _, row in f.iterrows():
        direction = "more" if row["Difference (points)"] > 0 else "less"
        out.append(
            f"{row[label_col]}: {row['% of women in group']:.0f}% against {row['% of other women']:.0f}% of "
            f"other women ({direction} common, {row['Difference (points)']:+.0f} points, 95% CI "
            f"{row['Difference CI from']:+.0f} to {row['Difference CI to']:+.0f})."
        )
    return out


def cell_quote_params(
    prev: Controlled, dim_key: str, item: str, group: str, rule: Rule, min_women: int = 0
) -> dict | None:
    """Parameters of `approved_quotes_for_cell` for one (theme or category, group) cell.

    None when the cell is hidden, empty or has fewer than `min_women` women (the quotes page's
    group threshold, insights.quotes.review.group_threshold): quotes from a small cell would show how few
    women are in it and label their words with a small group.
    """
    f = prev.frame
    cell = f[(f["_item"] == item) & (f["_group"] == group)]
    if cell.empty or pd.isna(cell["Women with it"].iat[0]) or int(cell["Women with it"].iat[0]) == 0:
        return None
    if pd.isna(cell["Women in group"].iat[0]) or int(cell["Women with it"].iat[0]) < min_women:
        return None
    is_category = cell["Kind"].iat[0] == "Category"
    return {
        **group_params(dim_key if group != ALL else "all", rule),
        "group": group,
        "category_ids": [item] if is_category else [],
        "theme_ids": [] if is_category else [item],
    }


def comparisons_made(table: Controlled) -> int:
    """How many comparisons a comparison table made (rows with a p-value)."""
    return int(table.frame["p-value"].notna().sum()) if "p-value" in table.frame else 0


def top_categories(prev: Controlled, polarities: tuple[str, ...], n: int = 5) -> Controlled:
    """The n categories of the given polarities mentioned by the largest share of all women."""
    f = prev.frame[
        (prev.frame["Kind"] == "Category")
        & (prev.frame["_group"] == ALL)
        & prev.frame["Polarity"].isin(polarities)
    ]
    f = f[f["Women with it"].fillna(0) > 0].sort_values(
        ["Women with it", "Theme or category"], ascending=[False, True], na_position="last"
    )
    frame = f[["Theme or category", "Polarity", "Women with it", "% of women in group", "_item"]].head(n)
    frame = frame.rename(columns={"Theme or category": "Category", "% of women in group": "% of women"})
    return Controlled(frame.reset_index(drop=True), prev.rule, ("Women with it",), "Most mentioned")


# --- categories together, and Figure 2 ---------------------------------------------------------------


def cooccurrence(raw: pd.DataFrame, rule: Rule) -> Controlled:
    """For each pair of categories, women who mention both, as a share of women who mention the first.

    From `category_cooccurrence_pairs`. 'Other women' are those who do not mention the first
    category; their share mentioning the second is worked out from controlled counts.
    """
    columns = [
        "Category",
        "Also mentions",
        "Women with the category",
        "Women with both",
        "% who also mention it",
        "Other women",
        "Other women who mention it",
        "% of other women who mention it",
        "_a",
        "_b",
    ]
    counts = ("Women with the category", "Women with both", "Other women", "Other women who mention it")
    if raw.empty:
        return Controlled(pd.DataFrame(columns=columns), rule, counts, "Categories mentioned together")
    order = list(dict.fromkeys(raw["category_a"]))
    names = dict(zip(raw["category_a"], raw["name_a"], strict=False))
    grid = raw.pivot(index="category_a", columns="category_b", values="women_both").reindex(
        index=order, columns=order
    )
    both = disclosure.protect_grid(grid, rule)
    singles = {
        a: disclosure.count(int(v), rule) for a, v in raw.groupby("category_a")["women_a"].first().items()
    }
    total = disclosure.count(int(raw["women_total"].iat[0]), rule)
    rows = []
    for a in order:
        for b in order:
            if a == b:
                continue
            k, n = _int_or_none(both.at[a, b]), singles[a]
            other_n = other_k = None
            if None not in (n, total, singles[b], k):
                other_n = disclosure.count(total - n, rule)
                other_k = disclosure.count(max(singles[b] - k, 0), rule)
                if other_n is None or other_k is None:
                    other_n = other_k = None
                else:
                    other_k = min(other_k, other_n)
            rows.append(
                {
                    "Category": names[a],
                    "Also mentions": names[b],
                    "Women with the category": n,
                    "Women with both": k,
                    "% who also mention it": disclosure.share(k, n),
                    "Other women": other_n,
                    "Other women who mention it": other_k,
                    "% of other women who mention it": disclosure.share(other_k, other_n),
                    "_a": a,
                    "_b": b,
                }
            )
    frame = pd.DataFrame(rows, columns=columns)
    for col in counts:
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    for col in ("% who also mention it", "% of other women who mention it"):
        frame[col] = pd.array(_blank_pct(frame[col]), dtype="Float64")
    return Controlled(frame, rule, counts, "Categories mentioned together")


def top_pairs(co: Controlled, n: int = 10) -> Controlled:
    """The pairs of categories mentioned together by the most women (each pair once)."""
    f = co.frame[co.frame["_a"] < co.frame["_b"]]
    f = f[f["Women with both"].fillna(0) > 0].sort_values(
        ["Women with both", "Category"], ascending=[False, True]
    )
    frame = (
        f[["Category", "Also mentions", "Women with both"]]
        .head(n)
        .rename(columns={"Category": "One category", "Also mentions": "With this category"})
    )
    return Controlled(frame.reset_index(drop=True), co.rule, ("Women with both",), "Most common pairs")


def figure2(raw: pd.DataFrame, rule: Rule) -> Controlled:
    """Figure 2 with women counts: for each category, women coded to it under each theme.

    Cells outside a theme (not in Figure 2, or no code tagged with the cross-cutting theme) are
    marked in the 'In ...' columns; their counts are 0 by construction.
    """
    themes = list(dict.fromkeys(raw["theme"]))
    cats = list(dict.fromkeys(raw["category"]))
    grid = raw.pivot(index="category", columns="theme", values="women").reindex(index=cats, columns=themes)
    inside = raw.pivot(index="category", columns="theme", values="in_theme").reindex(
        index=cats, columns=themes
    )
    controlled = disclosure.protect_grid(grid, rule)
    polarity = raw.drop_duplicates("category").set_index("category")["polarity"]
    frame = pd.DataFrame({"Category": cats, "Polarity": [polarity[c] for c in cats]})
    for t in themes:
        frame[f"In {t}"] = ["✓" if bool(v) else "" for v in inside[t]]
    for t in themes:
        frame[f"Women: {t}"] = pd.array(controlled[t].tolist(), dtype="Int64")
    cross = raw.drop_duplicates("theme").set_index("theme")["cross_cutting"]
    title = "Categories in themes (Figure 2), with women coded to each"
    return Controlled(frame, rule, tuple(f"Women: {t}" for t in themes), title + ("" if cross.any() else ""))


# --- display helpers --------------------------------------------------------------------------------


def visible(table: Controlled) -> pd.DataFrame:
    """The columns a person sees or downloads (internal '_' columns dropped)."""
    return table.frame[[c for c in table.frame.columns if not str(c).startswith("_")]]
