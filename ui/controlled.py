"""Drawing disclosure-controlled tables: the table, its CSV download and the note (Streamlit glue).

Pages hand over `disclosure.Controlled` tables only (built in insights.analysis.breakdowns), so what is
shown and what is downloaded are the same controlled figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from insights.analysis import breakdowns, disclosure
from insights.analysis.disclosure import Controlled
from insights.analysis.filters import Filters
from insights.output import briefing, exports
from insights.quotes import export as quote_export
from ui.cache import arrow_table
from ui.data import data_version, query
from ui.roles import audited_download_button

ROOT = Path(__file__).resolve().parents[1]
PERCENT = st.column_config.NumberColumn(format="%.1f%%")
RATING = st.column_config.NumberColumn(format="%.1f")
COUNT = st.column_config.NumberColumn(format="%d")
POINTS = st.column_config.NumberColumn(format="%+.1f", help="Percentage points")


def column_config(table: Controlled, extra: dict | None = None) -> dict:
    """Number formats from the column names: counts whole, shares and CIs as %, differences signed."""
    config: dict = {}
    for col in table.frame.columns:
        name = str(col)
        if name.startswith("_"):
            config[name] = None
        elif name in table.counts:
            config[name] = COUNT
        elif name.startswith("Difference"):
            config[name] = POINTS
        elif "%" in name or "CI" in name:
            config[name] = PERCENT
        elif name == "p-value":
            config[name] = st.column_config.NumberColumn(format="%.3f")
        elif "rating" in name.lower():
            config[name] = RATING
    config.update(extra or {})
    return config


def show_table(
    table: Controlled,
    key: str,
    *,
    filters_note: str = "",
    columns: list[str] | None = None,
    height: int | str = "auto",
    extra_config: dict | None = None,
) -> None:
    """The table (blank cells = hidden) and a CSV download of the same controlled figures."""
    if table.empty:
        st.info("Nothing to show for this selection.", icon=":material/info:")
        return
    visible = [c for c in table.frame.columns if not str(c).startswith("_")]
    st.dataframe(
        arrow_table(table, visible),  # converted to Arrow once per table and shared (ui.cache)
        hide_index=True,
        width="stretch",
        height=height,
        column_order=columns or visible,
        column_config=column_config(table, extra_config),
    )
    note = disclosure.note(table.rule)
    if filters_note:
        note = f"Selection: {filters_note}. {note}"
    audited_download_button(
        "Download this table (CSV)",
        # Written only when the button is pressed (Streamlit calls the function on click), not on every render.
        lambda: exports.csv_bytes(table, note=note),
        file_name=exports.file_name(table.title or key),
        mime="text/csv",
        object_type="table",
        # counted when the button is used (ui.roles.audited_download_button), not on every run
        details={"table": table.title or key, "rows": len(table.frame), "hidden_cells": lambda: table.hidden},
        key=f"csv-{key}",
        icon=":material/download:",
    )


def page_link_if_available(file: str, label: str, icon: str, query_params: dict | None = None) -> bool:
    """A link to another page when that page exists and is in this session's navigation."""
    if not (ROOT / file).exists():
        return False
    try:
        st.page_link(file, label=label, icon=icon, query_params=query_params)
    except StreamlitAPIException:  # the page is not in the navigation (e.g. a page run on its own)
        return False
    return True


#: The queries insights.output.briefing.collect runs (tests/test_load_cache.py checks the list).
BRIEFING_QUERIES = (
    "overview_headline",
    "rating_distribution_by_group",
    "theme_prevalence_by_group",
    "meta_value",
    "approved_quotes_for_cell",
    "deprivation_vintage",
)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _briefing(filters: Filters, rule: disclosure.Rule, version: tuple) -> briefing.Briefing:
    return briefing.collect(query, filters, rule)


def briefing_for(filters: Filters, rule: disclosure.Rule) -> briefing.Briefing:
    """The briefing's controlled tables for a selection, cached until a table they read is written."""
    return _briefing(filters, rule, data_version(*BRIEFING_QUERIES))


def _briefing_buttons(
    filters: Filters, rule: disclosure.Rule, key: str, labels: tuple[str, str], primary: bool
) -> None:
    """A Word and a PowerPoint download of the briefing under `rule`, built only on click."""
    today = dt.date.today()
    suffix = "" if rule != disclosure.EXACT else "-exact"
    w, p, _ = st.columns([1, 1, 2])
    for column, kind, label, mime, icon in (
        (
            w,
            "docx",
            labels[0],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "description",
        ),
        (
            p,
            "pptx",
            labels[1],
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "slideshow",
        ),
    ):
        build = briefing.to_docx if kind == "docx" else briefing.to_pptx
        with column:
            audited_download_button(
                label,
                # Built only when the button is pressed (Streamlit calls the function on click).
                lambda build=build: build(briefing_for(filters, rule)),
                file_name=briefing.file_name_on(today, kind).replace(f".{kind}", f"{suffix}.{kind}"),
                mime=mime,
                object_type="briefing",
                details={"format": kind, "filters": filters.to_query(), "exact": rule == disclosure.EXACT},
                key=f"{key}-briefing-{kind}{suffix}",
                icon=f":material/{icon}:",
                type="primary" if primary and kind == "docx" else "secondary",
            )


def briefing_downloads(filters: Filters, role: str | None, key: str) -> None:
    """The briefing downloads: the controlled briefing (what a commissioner gets) for every role.

    The engagement officer gets the controlled briefing by default, and the exact-count one only as
    a second, labelled choice; every page and slide of that one is marked (briefing.EXACT_MARK).
    """
    _briefing_buttons(
        filters, disclosure.rule_from_env(), key, ("Briefing (Word)", "Slides (PowerPoint)"), primary=True
    )
    if disclosure.rule_for(role) == disclosure.EXACT:
        st.caption(":material/shield: These are the controlled figures a commissioner gets: safe to share.")
        with st.expander("Exact-count briefing (engagement officer only)", icon=":material/visibility:"):
            st.warning(
                "Exact counts can identify women. Every page and slide of this briefing is marked "
                f"'{briefing.EXACT_MARK}'",
                icon=":material/warning:",
            )
            _briefing_buttons(
                filters,
                disclosure.EXACT,
                key,
                ("Exact briefing (Word)", "Exact slides (PowerPoint)"),
                primary=False,
            )


def disclosure_note(rule: disclosure.Rule) -> None:
    """The short visible note explaining blank cells (or the exact-counts warning for the officer)."""
    if rule == disclosure.EXACT:
        st.warning(disclosure.note(rule), icon=":material/visibility:")
    else:
        st.caption(f":material/shield: {disclosure.note(rule)}")


def compare_by() -> str:
    """The shared "Compare by" choice of Overview and Themes (kept in the URL)."""
    return st.segmented_control(
        "Compare by",
        list(breakdowns.DIMENSIONS),
        format_func=lambda k: breakdowns.DIMENSIONS[k].label,
        default="ethnic_group",
        required=True,
        key="compare",
        bind="query-params",
    )


def approved_quote_downloads(approved, selection: str | None = None, key: str = "approved") -> None:
    """CSV and Word downloads of approved quotes, built only when a button is pressed, and audited."""
    stamp = f"{dt.date.today():%Y-%m-%d}"
    ids = (
        [i for group in approved["excerpt_ids"] for i in group]
        if "excerpt_ids" in approved.columns
        else approved["excerpt_id"].tolist()
    )
    details = {"quotes": len(approved), "excerpt_ids": ids}
    if selection is not None:
        details["selection"] = selection
    d1, d2, _ = st.columns([1, 1, 2])
    with d1:
        audited_download_button(
            "Download CSV",
            lambda: quote_export.to_csv(approved),
            f"approved-quotes-{stamp}.csv",
            quote_export.CSV_MIME,
            object_type="approved_quotes",
            details={"format": "csv", **details},
            key=f"{key}_csv",
            icon=":material/table:",
        )
    with d2:
        audited_download_button(
            "Download Word document",
            lambda: quote_export.to_docx(approved, **({"selection": selection} if selection else {})),
            f"approved-quotes-{stamp}.docx",
            quote_export.DOCX_MIME,
            object_type="approved_quotes",
            details={"format": "docx", **details},
            key=f"{key}_docx",
            icon=":material/description:",
        )
