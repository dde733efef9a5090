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
        first, last = bounds["first_day"].iat[0], bounds["last_day"].iat[0]
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
            st.query_params.clear()
            st.rerun()
    start = end = None
    if isinstance(dates, tuple | list) and len(dates) == 2:
        start, end = dates
    elif isinstance(dates, dt.date):
        start = dates
    selection = Filters(start=start, end=end, **{k: tuple(v) for k, v in values.items()})
    st.query_params.from_dict(selection.to_query())
    return selection
