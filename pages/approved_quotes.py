"""Approved quotes (everyone): women's words the MNVP approved for sharing, with coarse context only."""

from __future__ import annotations

import streamlit as st

from insights.access.roles import OFFICER
from insights.analysis import disclosure
from insights.output.wording import plural
from insights.quotes import groups as quote_groups
from insights.quotes import review as quotes
from ui.cache import category_labels, derived, labels
from ui.controlled import approved_quote_downloads
from ui.data import query
from ui.roles import require_page

role = require_page("pages/approved_quotes.py")
st.title("Approved quotes")
st.caption(
    "Women's words, approved for sharing by the Maternity and Neonatal Voices Partnership. Names, phone numbers, "
    "addresses and dates have been replaced by tags such as [NAME]. Each quote shows only its theme, category "
    "and care stage, never the woman's area, date, rating or group."
)

status_counts = query("quote_status_counts").set_index("status")["excerpts"]
if int(status_counts.get("not anonymised", 0)):
    st.info(
        "Some excerpts could not be anonymised when they were imported. They are not shown to anyone except "
        "the engagement officer, and cannot be approved, until they have been anonymised.",
        icon=":material/lock:",
    )


codebook = query("quote_codebook")
theme_names = derived(labels, codebook, "theme_id", "theme")
threshold = quotes.group_threshold()
groups = quotes.allowed_groups(query("quote_group_sizes", pool="approved"), threshold)

f1, f2, f3, f4 = st.columns(4)
chosen_themes = f1.multiselect(
    "Theme", list(theme_names), format_func=theme_names.get, placeholder="All themes"
)
category_names = category_labels(codebook, chosen_themes)
chosen_categories = f2.multiselect(
    "Category", list(category_names), format_func=category_names.get, placeholder="All categories"
)


def group_filter(column, label: str) -> list[str]:
    """A group filter, or a plain note when no group is large enough to filter by safely."""
    if groups[label]:
        return column.multiselect(label, groups[label], placeholder="All")
    column.caption(f"{label}: no group is large enough to filter by yet.")
    return []


chosen_ethnic = group_filter(f3, "Ethnic group")
chosen_core20 = group_filter(f4, "Deprivation")
st.caption(
    f"Ethnic group and deprivation filters list only groups with at least {plural(threshold, 'woman', 'women')} "
    "among the approved "
    "quotes, so that a quote cannot be traced to a small group."
)

approved = query(
    "quote_approved_groups",
    themes=list(chosen_themes),
    categories=list(chosen_categories),
    ethnic_groups=list(chosen_ethnic),
    core20=list(chosen_core20),
)
filtered = bool(chosen_themes or chosen_categories or chosen_ethnic or chosen_core20)
if approved.empty:
    st.info(
        "No approved quotes match these filters."
        if filtered
        else "No quotes have been approved yet. MNVP reviewers approve quotes on the Quote review page."
    )
    st.stop()

selection = (
    "; ".join(
        part
        for part in (
            "theme: " + ", ".join(theme_names[t] for t in chosen_themes) if chosen_themes else "",
            "category: " + ", ".join(category_names[c] for c in chosen_categories)
            if chosen_categories
            else "",
            "ethnic group: " + ", ".join(chosen_ethnic) if chosen_ethnic else "",
            "deprivation: " + ", ".join(chosen_core20) if chosen_core20 else "",
        )
        if part
    )
    or "all approved quotes"
)

approved_quote_downloads(approved, selection=selection)

# Exact "said by" counts for the data owner; everyone else gets the disclosure rule (1-7 not shown).
said_rule = None if role == OFFICER else disclosure.rule_from_env()
st.write(f"{plural(len(approved), 'approved quote')} ({selection}).")
st.caption(
    "Each wording is listed once, however many women said it."
    + (
        ""
        if said_rule is None
        else f" How many women said it is shown only from {plural(said_rule.suppress_below, 'woman', 'women')} "
        f"up, rounded to the nearest {said_rule.round_to}."
    )
)
# Grouped in one pass (itertuples once: it builds a row class per call, which per group cost more than
# drawing the quotes).
by_theme: dict[str, dict[str, list]] = {}
for row in approved.itertuples(index=False):
    by_theme.setdefault(row.theme, {}).setdefault(row.category, []).append(row)
for theme, categories in by_theme.items():
    st.subheader(f"{theme} ({sum(len(rows) for rows in categories.values())})")
    for category, rows in categories.items():
        polarity = rows[0].polarity
        st.markdown(f"**{category}** ({polarity}): {plural(len(rows), 'quote')}")
        for row in rows:
            with st.container(border=True):
                st.text(f"\u201c{row.quote}\u201d")
                said = quote_groups.said_by(int(row.women), said_rule)
                st.caption(f"Care stage: {row.care_stage or 'not recorded'}" + (f" · {said}" if said else ""))
