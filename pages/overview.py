"""Overview: headline figures, how women rated their care overall and by group, the trend, and what
is going well or badly. Every figure is disclosure-controlled for commissioners and MNVP reviewers."""

from __future__ import annotations

import streamlit as st

from insights.analysis import breakdowns, disclosure
from insights.output import insight_charts
from insights.output.charts import PALETTE
from insights.output.wording import plural
from ui.cache import derived, figure
from ui.controlled import briefing_downloads, compare_by, disclosure_note, page_link_if_available, show_table
from ui.data import query
from ui.filters import sidebar_filters
from ui.roles import require_page
from ui.vintage import deprivation_caption

role = require_page("pages/overview.py")
filters = sidebar_filters()
rule = disclosure.rule_for(role)
params = filters.params()
selection = filters.describe()

st.title("Overview")
st.caption(f"How women rated their maternity care and what they talked about. Showing: {selection}.")
deprivation_caption()

head = breakdowns.headline(query("overview_headline", **params), rule)
if head.raw_women == 0:
    st.info(
        "No narratives match these filters. Widen the dates or clear some filters in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
if head.women is None:
    st.info(
        f"Fewer than {plural(rule.suppress_below, 'woman', 'women')} match these filters, so nothing is shown: "
        "figures about "
        "so few women could identify them. Widen the dates or clear some filters in the sidebar.",
        icon=":material/shield:",
    )
    disclosure_note(rule)
    st.stop()


def _value(value, fmt: str = "{:,}") -> str:
    return "Hidden" if value is None else fmt.format(value)


# --- headline figures --------------------------------------------------------------------------------
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Women", _value(head.women), help="Women who shared a narrative (one narrative per woman).")
c2.metric(
    "In Core20 areas",
    _value(head.core20_pct, "{:.0f}%"),
    help="Share of women whose home area is known who live in the most deprived 20% of areas in England.",
)
c3.metric(
    "Ethnic minority groups",
    _value(head.ethnic_minority_pct, "{:.0f}%"),
    help="Every ethnic group except White British, as a share of women who stated their ethnicity.",
)
c4.metric("Median rating", _value(head.median_rating, "{:g} / 10"))
c5.metric("Mean rating", _value(head.mean_rating, "{:.1f} / 10"))
facts = [f"Collected {head.period}." if head.period else ""]
if head.core20 is not None and head.area_known is not None:
    facts.append(
        f"Core20: {head.core20:,} of {plural(head.area_known, 'woman', 'women')} whose home area is known."
    )
if head.ethnic_minority is not None and head.ethnicity_stated is not None:
    facts.append(
        f"Ethnic minority groups: {head.ethnic_minority:,} of {plural(head.ethnicity_stated, 'woman', 'women')} "
        "who stated "
        "their ethnicity."
    )
if head.rated is not None:
    facts.append(f"Ratings from {plural(head.rated, 'woman', 'women')}.")
st.caption(" ".join(f for f in facts if f))
disclosure_note(rule)

# --- ratings -------------------------------------------------------------------------------------
st.header("How women rated their care")
st.caption(
    'The question: "How would you rate the maternity care you received on a scale of 1 to 10?" '
    "Percentages are of the women who gave a rating."
)
overall_raw = query("rating_distribution_by_group", **params, **breakdowns.group_params("all", rule))
distribution = derived(breakdowns.rating_distribution, overall_raw, rule)
st.plotly_chart(figure(insight_charts.rating_distribution_chart, distribution.frame), width="stretch")
not_given = breakdowns.rating_not_given(overall_raw, rule)
if not_given:
    st.caption(f"{plural(not_given, 'woman', 'women')} did not give a rating.")
elif not_given is None:
    st.caption(f"Fewer than {plural(rule.suppress_below, 'woman', 'women')} did not give a rating.")
with st.expander("Table: women giving each rating"):
    show_table(distribution, "ratings", filters_note=selection)

st.subheader("Do some groups rate their care lower?")
compare = compare_by()
dim = breakdowns.dimension(compare)
by_group = derived(
    breakdowns.rating_by_group,
    query("rating_distribution_by_group", **params, **breakdowns.group_params(compare, rule)),
    dim,
    rule,
)
bands = [band for band, _, _ in breakdowns.RATING_BANDS]
st.plotly_chart(figure(insight_charts.rating_bands_chart, by_group.frame, bands, dim.by), width="stretch")
low = bands[0]
st.caption(
    f"{dim.note} n = women in the group who gave a rating. Each group's share rating {low} is compared "
    "with all other women (95% confidence interval; 'clear' allows for comparing several groups at once)."
)
findings = derived(breakdowns.rating_findings, by_group)
if findings:  # one markdown list: one element to send, not one per sentence
    st.markdown("\n".join(f"- {sentence}" for sentence in findings))
with st.expander("Table: ratings by group, with confidence intervals"):
    show_table(by_group, f"ratings-by-{compare}", filters_note=selection)

# --- trend -----------------------------------------------------------------------------------------
st.header("Over time")
period = st.segmented_control(
    "Show by",
    ["month", "quarter"],
    format_func=str.capitalize,
    default="month",
    required=True,
    key="period",
    bind="query-params",
)
trend = derived(breakdowns.trend, query("trend_by_period", **params, period=period), period, rule)
if trend.empty:
    st.info("No periods to show for these dates.")
else:
    st.plotly_chart(figure(insight_charts.trend_chart, trend.frame, period), width="stretch")
    st.caption(
        "A period with no narratives shows 0."
        + (
            f" 'hidden' means 1 to {plural(rule.suppress_below - 1, 'woman', 'women')}; their median is hidden "
            f"too (medians need at least {plural(rule.min_for_average, 'rating')})."
            if rule.suppress_below > 1
            else ""
        )
    )
    with st.expander(f"Table: women and ratings by {period}"):
        show_table(trend, f"trend-{period}", filters_note=selection)

# --- going well and badly -----------------------------------------------------------------------------
st.header("What is going well, and what is not")
st.caption(
    "Share of all women with at least one part of their story coded to each category. A woman counts once "
    "per category however many times she mentioned it."
)
everyone = derived(
    breakdowns.prevalence,
    query("theme_prevalence_by_group", **params, **breakdowns.group_params("all", rule)),
    None,
    rule,
)
good = derived(breakdowns.top_categories, everyone, ("positive",))
bad = derived(breakdowns.top_categories, everyone, ("negative", "unmet need"))
top = insight_charts.shared_top(good.frame, bad.frame)  # one scale, so bar lengths compare across
left, right = st.columns(2)
with left:
    if good.empty:
        st.info("No positive categories to show for this selection.")
    else:
        st.plotly_chart(
            figure(
                insight_charts.top_categories_chart, good.frame, "Going well: most mentioned", PALETTE[2], top
            ),
            width="stretch",
        )
with right:
    if bad.empty:
        st.info("No negative categories or unmet needs to show for this selection.")
    else:
        st.plotly_chart(
            figure(
                insight_charts.top_categories_chart,
                bad.frame,
                "Not going well: problems and unmet needs",
                PALETTE[5],
                top,
            ),
            width="stretch",
        )
if not page_link_if_available(
    "pages/themes.py", "Compare every theme and category across groups", ":material/category:"
):
    st.caption("The Themes page compares every theme and category across groups, with confidence intervals.")


# --- briefing ----------------------------------------------------------------------------------------
st.header("Briefing for a meeting")
st.write(
    "A Word document and a PowerPoint slide pack for the current filters: the headline figures, ratings "
    "overall and by ethnic group and deprivation, the themes by group, approved quotes and the caveats. "
    "Every figure in them is disclosure-controlled, as a commissioner sees it. The slides have editable "
    "charts; the Word document has tables only (heatmaps as shaded tables, no chart images)."
)
briefing_downloads(filters, role, key="overview")
