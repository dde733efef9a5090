"""The shared sidebar filters, kept in the URL query string so a view can be shared as a link."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.analysis.filters import _URL, DEPRIVATION, ETHNIC_GROUP_CHOICES, LOCALITIES, Filters
from insights.vocab import CARE_STAGES, COLLECTORS
from ui.data import query

#: Session key of the current selection (not a widget key, so Streamlit keeps it across pages).
STORE = "filters_selection"

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
    """Draw the filters in the sidebar and return the selection.

    The selection is kept in the session (so it survives visits to pages without filters, where
    Streamlit forgets widget state) and in the URL (so a view can be shared as a link). A date range
    equal to the whole data period is stored as open-ended, so later data is not cut off.
    """
    if STORE not in st.session_state:
        st.session_state[STORE] = _from_url()
    stored: Filters = st.session_state[STORE]
    bounds = query("narrative_date_range")
    first, last = (_day(bounds[col].iat[0]) for col in ("first_day", "last_day"))
    has_dates = first is not None and not isinstance(first, float)
    for name in _WIDGETS:
        st.session_state.setdefault(f"flt_{name}", list(getattr(stored, name)))
    if has_dates:
        st.session_state.setdefault("flt_dates", (stored.start or first, stored.end or last))
    with st.sidebar:
        st.header("Filters")
        dates = None
        if has_dates:
            dates = st.date_input("Collected between", key="flt_dates", format="DD/MM/YYYY")
        values = {
            name: st.multiselect(label, options, key=f"flt_{name}", placeholder="All")
            for name, (label, options) in _WIDGETS.items()
        }
        if st.button("Clear filters", width="stretch"):
            for key in [f"flt_{name}" for name in _WIDGETS] + ["flt_dates"]:
                st.session_state.pop(key, None)
            st.session_state[STORE] = Filters()
            _sync_url(Filters())
            st.rerun()
    start = end = None
    if isinstance(dates, tuple | list) and len(dates) == 2:
        start, end = dates
    elif isinstance(dates, tuple | list) and len(dates) == 1:
        start = dates[0]  # the second date is still being picked
    elif isinstance(dates, dt.date):
        start = dates
    if start == first:
        start = None
    if end == last:
        end = None
    selection = Filters(start=start, end=end, **{k: tuple(v) for k, v in values.items()})
    st.session_state[STORE] = selection
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
