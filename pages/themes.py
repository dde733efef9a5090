"""Themes: what women talked about, by group, with confidence intervals and tests of difference;
categories mentioned together; Figure 2; and the approved quotes behind a cell."""

from __future__ import annotations

import streamlit as st

from insights.analysis import breakdowns, disclosure, stats
from insights.output import insight_charts
from insights.output.wording import plural
from insights.quotes import review as quotes
from ui.cache import derived, figure, item_labels
from ui.controlled import briefing_downloads, compare_by, disclosure_note, page_link_if_available, show_table
from ui.data import query
from ui.filters import sidebar_filters
from ui.roles import require_page
from ui.vintage import deprivation_caption

role = require_page("pages/themes.py")
filters = sidebar_filters()
rule = disclosure.rule_for(role)
params = filters.params()
selection = filters.describe()

st.title("Themes")
st.caption(
    "What women talked about, coded into 3 themes (Care & support, Barriers, Judgement), 22 categories "
    f"and 2 cross-cutting themes (Infrastructure, Communication). Showing: {selection}."
)
deprivation_caption()


def _bullets(sentences: list[str]) -> str:
    """Sentences as one markdown list: one element for the page to send, not one per sentence."""
    return "\n".join(f"- {sentence}" for sentence in sentences)


def core20_finding() -> None:
    """The answer first: where Core20 women differ most from other women, in words and a chart."""
    core_dim = breakdowns.dimension("deprivation")
    core_prev = derived(
        breakdowns.prevalence,
        query("theme_prevalence_by_group", **params, **breakdowns.group_params("deprivation", rule)),
        core_dim,
        rule,
    )
    st.subheader("Where do Core20 women differ?")
    if core_prev.empty or "Core20" not in derived(breakdowns.comparable_groups, core_prev):
        st.info(
            "Too few women from Core20 neighbourhoods in this selection to compare them with other women.",
            icon=":material/shield:",
        )
        return
    versus = derived(breakdowns.compare_group, core_prev, "Core20")
    findings = derived(breakdowns.difference_findings, versus, limit=3)
    if findings:
        st.markdown(
            "**The largest clear differences between Core20 women and other women** (still clear after "
            "allowing for the number of comparisons):"
        )
        st.markdown(_bullets(findings))
    else:
        st.markdown(
            "**No theme or category differs clearly** between women in Core20 neighbourhoods and other "
            "women with these filters; the chart shows the largest differences, with their uncertainty."
        )
    if versus.frame["Difference (points)"].notna().any():
        st.plotly_chart(
            figure(insight_charts.difference_chart, versus.frame, "Core20 women", limit=8),
            width="stretch",
            key="core20-lead",
        )


core20_finding()
with st.expander("How to read these figures"):
    st.markdown(
        "**Percentages.** Each is the share of all women in the group (the denominator is every woman in the "
        "group, whether or not she mentioned anything) with at least one part of her story coded to the theme "
        "or category. A woman counts once, however many times she mentioned it, so percentages add up to more "
        "than 100%.\n\n"
        "**Differences.** Points: the Core20 share minus the share among all other women, with a 95% "
        "confidence interval (Newcombe). 'Clear' means the difference still stands after allowing for the "
        "number of comparisons (Benjamini-Hochberg). Core20 = the 20% most deprived neighbourhoods in England "
        "(IMD deciles 1-2). The tabs below compare any group and any theme."
    )

compare = compare_by()
dim = breakdowns.dimension(compare)
prev = derived(
    breakdowns.prevalence,
    query("theme_prevalence_by_group", **params, **breakdowns.group_params(compare, rule)),
    dim,
    rule,
)
sizes = derived(breakdowns.group_sizes, prev)
if prev.empty:
    st.info(
        "No narratives match these filters. Widen the dates or clear some filters in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.stop()
if derived(breakdowns.everyone_hidden, prev):
    st.info(
        f"Fewer than {plural(rule.suppress_below, 'woman', 'women')} match these filters, so nothing is shown: "
        "figures about "
        "so few women could identify them. Widen the dates or clear some filters in the sidebar.",
        icon=":material/shield:",
    )
    disclosure_note(rule)
    st.stop()
st.caption(dim.note)
disclosure_note(rule)

group_names = dict(zip(sizes["_group"], sizes["Group"], strict=True))
shown_groups = derived(breakdowns.comparable_groups, prev)
item_names, item_kinds = derived(item_labels, prev)

heat_tab, group_tab, item_tab, together_tab, figure_tab = st.tabs(
    [
        "Themes by group",
        "Where one group differs",
        "One theme or category",
        "Mentioned together",
        "Figure 2: categories in themes",
    ]
)

# --- heatmap ------------------------------------------------------------------------------------------
with heat_tab:
    size_by_label = dict(zip(sizes["Group"], sizes["Women in group"], strict=True))
    for kinds, title in (
        (("Theme", "Cross-cutting theme"), f"Themes by {dim.by}: % of women in each group"),
        (("Category",), f"Categories by {dim.by}: % of women in each group"),
    ):
        pct, counts = derived(breakdowns.heatmap_frame, prev, kinds)
        st.plotly_chart(
            figure(insight_charts.prevalence_heatmap, pct, counts, size_by_label, title),
            width="stretch",
            key=f"heat-{kinds[0]}",
        )
    st.caption(
        "n = women in the group. Darker cells are larger shares; every cell also shows its percentage. "
        "The next tabs show which differences are larger than chance would explain."
    )
    with st.expander("Table: every theme and category by group, with 95% confidence intervals"):
        show_table(prev, f"themes-by-{compare}", filters_note=selection)

# --- one group against the rest -----------------------------------------------------------------------
with group_tab:
    if not shown_groups:
        st.info("No group is large enough to compare with these filters.")
    else:
        group = st.selectbox(
            "Group",
            shown_groups,
            format_func=group_names.get,
            key="group",
            bind="query-params",
            help="Groups with too few women to show are not listed.",
        )
        versus = derived(breakdowns.compare_group, prev, group)
        label = group_names[group]
        findings = derived(breakdowns.difference_findings, versus)
        if findings:
            st.markdown(f"**Clear differences for {label}:**\n\n{_bullets(findings)}")
        else:
            st.markdown(
                f"**No theme or category differs clearly** between {label} and other women with these filters."
            )
        if versus.frame["Difference (points)"].notna().any():
            st.plotly_chart(figure(insight_charts.difference_chart, versus.frame, label), width="stretch")
        st.caption(stats.multiple_comparisons_caveat(derived(breakdowns.comparisons_made, versus)))
        with st.expander(f"Table: {label} against other women"):
            show_table(versus, f"differences-{compare}-{group}", filters_note=selection)

# --- one item across groups, and its approved quotes ---------------------------------------------------
with item_tab:
    item = st.selectbox(
        "Theme or category",
        list(item_names),
        index=list(item_names).index("judgement") if "judgement" in item_names else 0,
        format_func=lambda i: f"{item_names[i]} ({item_kinds[i].lower()})",
        key="item",
        bind="query-params",
    )
    across = derived(breakdowns.compare_item, prev, item)
    overall = derived(breakdowns.overall_share, prev, item)
    st.plotly_chart(
        figure(insight_charts.comparison_chart, across.frame, overall, item_names[item]), width="stretch"
    )
    findings = derived(breakdowns.difference_findings, across)
    if findings:
        st.markdown(_bullets(findings))
    st.caption(
        "Dots: share of women in each group; bars: 95% confidence interval (Wilson). Each group is tested "
        "against all other women (score test; difference interval: Newcombe). "
        + stats.multiple_comparisons_caveat(derived(breakdowns.comparisons_made, across))
    )
    with st.expander(f"Table: {item_names[item]} by group"):
        show_table(across, f"{item}-by-{compare}", filters_note=selection)

    st.subheader("Approved quotes behind a cell")
    cell_group = st.selectbox(
        "Women in",
        [breakdowns.ALL, *shown_groups],
        format_func=lambda g: group_names.get(g, g),
        key="cell_group",
    )
    cell = derived(
        breakdowns.cell_quote_params,
        prev,
        compare,
        item,
        cell_group,
        rule,
        min_women=quotes.group_threshold(),
    )
    if cell is None:
        st.info(
            "This cell is hidden, empty or too small, so no quotes are shown: quotes from a handful of women "
            "could identify them.",
            icon=":material/shield:",
        )
    else:
        approved = query("approved_quotes_for_cell", **params, **cell, max_quotes=10)
        if approved.empty:
            st.info(
                f"No approved quotes yet for {item_names[item]} among {group_names.get(cell_group, cell_group)}. "
                "Quotes appear here once the MNVP reviewers have approved them.",
                icon=":material/format_quote:",
            )
        for _, q in approved.iterrows():
            with st.container(border=True):
                st.text(q["quote"])
                stage = q["care_stage"] if isinstance(q["care_stage"], str) else ""
                st.caption(" · ".join(x for x in (q["theme"], q["category"], stage.capitalize()) if x))
    page_link_if_available("pages/approved_quotes.py", "All approved quotes", ":material/format_quote:")

# --- categories together ------------------------------------------------------------------------------
with together_tab:
    together = derived(breakdowns.cooccurrence, query("category_cooccurrence_pairs", **params), rule)
    st.caption(
        "Which categories the same women talk about. Each row is the women who mention one category; each "
        "cell is the share of them who also mention the column's category."
    )
    categories = list(dict.fromkeys(together.frame["Category"]))
    default = "Inconsistent care and support"
    chosen = st.selectbox(
        "Women who mention",
        categories,
        index=categories.index(default) if default in categories else 0,
        key="together",
    )
    if together.frame.loc[together.frame["Category"] == chosen, "% who also mention it"].notna().any():
        st.plotly_chart(figure(insight_charts.alongside_chart, together.frame, chosen), width="stretch")
    else:
        st.info("Too few women mention this category to show what else they talk about.")
    st.plotly_chart(figure(insight_charts.cooccurrence_heatmap, together.frame), width="stretch")
    with st.expander("Table: the pairs of categories mentioned together most often"):
        show_table(derived(breakdowns.top_pairs, together, n=20), "pairs", filters_note=selection)
    with st.expander("Table: every pair of categories"):
        show_table(together, "categories-together", filters_note=selection)

# --- Figure 2 -----------------------------------------------------------------------------------------
with figure_tab:
    figure2 = derived(breakdowns.figure2, query("category_theme_matrix", **params), rule)
    themes = [c.removeprefix("In ") for c in figure2.frame.columns if str(c).startswith("In ")]
    st.write(
        "Which categories sit in which themes (Figure 2 of the engagement report), with the number of women "
        "whose excerpts were coded to each. Care & support contains every category; Barriers and Judgement "
        "reuse some categories with an added meaning, so the coder decides the theme of each excerpt."
    )
    st.write(
        "**Cross-cutting themes.** Infrastructure (staffing, resources, facilities, antenatal education, "
        "translation, transport and venues) runs across all three themes; Communication ties them all "
        "together. A category is ticked under a cross-cutting theme when any of its codes is tagged with it."
    )
    st.plotly_chart(figure(insight_charts.figure2_chart, figure2.frame, themes), width="stretch")
    with st.expander("Table: Figure 2 with women coded to each cell"):
        show_table(figure2, "figure-2", filters_note=selection)

# --- briefing ----------------------------------------------------------------------------------------
st.header("Briefing for a meeting")
st.write(
    "A Word document and a PowerPoint slide pack for the current filters, with the themes by group and "
    "where groups differ most. Every figure in them is disclosure-controlled, as a commissioner sees it. The "
    "slides have editable charts; the Word document has tables only (no chart images)."
)
briefing_downloads(filters, role, key="themes")
