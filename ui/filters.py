"""The shared sidebar filters, kept in the URL query string so a view can be shared as a link."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.filters import _URL, DEPRIVATION, ETHNIC_GROUP_CHOICES, LOCALITIES, Filters
from insights.vocab import CARE_STAGES, COLLECTORS
from ui.data import query

_WIDGETS = {
    "localities": ("Area", LOCALITIES),
    "deprivation": ("Deprivation", DEPRIVATION),
    "ethnic_groups": ("Ethnic group", ETHNIC_GROUP_CHOICES),
    "care_stages": ("Care stage", CARE_STAGES),
    "collectors": ("Collected by", COLLECTORS),
}


def _day(value):
    """A plain date from what DuckDB returns (pandas gives a Timestamp, whose isoformat has a time)."""
    if isinstance(value, dt.datetime):
        return value.date() if value == value else None  # NaT (no narratives) is not equal to itself
    return value


def _from_url() -> Filters:
    raw = {key: st.query_params.get_all(key) for key in _URL.values() if key in st.query_params}
    return Filters.from_query(raw)


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar (seeded from the URL) and return the selection."""
    if "filters_seeded" not in st.session_state:
        initial = _from_url()
        st.session_state["filters_seeded"] = True
        for name in _WIDGETS:
            st.session_state[f"flt_{name}"] = list(getattr(initial, name))
        bounds = query("narrative_date_range")
        first, last = (_day(bounds[col].iat[0]) for col in ("first_day", "last_day"))
        if first is not None and not (isinstance(first, float)):
            st.session_state["flt_dates"] = (initial.start or first, initial.end or last)
    with st.sidebar:
        st.header("Filters")
        dates = st.session_state.get("flt_dates")
        if dates is not None:
            dates = st.date_input("Collected between", key="flt_dates", format="DD/MM/YYYY")
        values = {
            name: st.multiselect(label, options, key=f"flt_{name}", placeholder="All")
            for name, (label, options) in _WIDGETS.items()
        }
        if st.button("Clear filters", width="stretch"):
            for name in _WIDGETS:
                st.session_state.pop(f"flt_{name}", None)
            st.session_state.pop("flt_dates", None)
            st.session_state.pop("filters_seeded", None)
            _sync_url(Filters())
            st.rerun()
    start = end = None
    if isinstance(dates, tuple | list) and len(dates) == 2:
        start, end = dates
    elif isinstance(dates, dt.date):
        start = dates
    selection = Filters(start=start, end=end, **{k: tuple(v) for k, v in values.items()})
    _sync_url(selection)
    return selection


def _sync_url(selection: Filters) -> None:
    """Write the filters to the URL, leaving other parameters (e.g. a page's own bound widgets) alone."""
    wanted = selection.to_query()
    for key in _URL.values():
        if key in wanted:
            value = wanted[key]
            current = st.query_params.get_all(key)
            if current != (value if isinstance(value, list) else [value]):
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]
