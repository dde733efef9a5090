"""Render-level caches (ui.cache) and the briefing's data-version key (ui.controlled)."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from insights.analysis.disclosure import Controlled, Rule
from insights.analysis.filters import Filters
from insights.output import briefing
from ui import cache


def test_a_remembered_frame_is_keyed_by_its_origin_and_a_copy_by_its_values():
    frame = pd.DataFrame({"a": [1, 2]})
    cache.remember(frame, "q1")
    assert cache._frame_key(frame) == ("origin", "q1")
    copy = frame.copy()  # pandas may carry attributes over to a copy; the origin is not carried over
    assert cache.origin(copy) is None
    assert cache._frame_key(copy)[0] == "values"
    changed = frame.assign(a=[1, 3])
    assert cache._frame_key(changed) != cache._frame_key(copy)
    assert cache._frame_key(pd.DataFrame({"a": [1, 2]})) == cache._frame_key(copy)


def test_an_origin_is_forgotten_with_its_frame():
    frame = pd.DataFrame({"a": [1]})
    cache.remember(frame, "gone")
    key = id(frame)
    del frame
    gc.collect()
    assert key not in cache._ORIGINS or cache._ORIGINS[key][1] != "gone"


def test_a_controlled_table_and_its_frame_are_remembered_together():
    table = Controlled(pd.DataFrame({"n": [10]}), Rule(), ("n",), "t")
    cache.remember(table, "derived")
    assert cache._table_key(table) == ("origin", "derived")
    assert cache._frame_key(table.frame) == ("origin", "derived.frame")
    other = Controlled(pd.DataFrame({"n": [10]}), Rule(), ("n",), "t")
    assert cache._table_key(other)[0][0] == "values"


def test_frames_with_list_cells_are_keyed_by_value():
    frame = pd.DataFrame({"ids": [["a", "b"], ["c"]]})
    assert cache._frame_key(frame)[0] == "values"
    assert cache._frame_key(frame) != cache._frame_key(pd.DataFrame({"ids": [["a"], ["c"]]}))


def test_only_module_level_functions_are_cached_by_name():
    import pytest

    with pytest.raises(ValueError):
        cache._name(lambda: 1)
    assert cache._name(briefing.collect) == ("insights.output.briefing", "collect")


def test_the_briefing_cache_key_covers_every_query_the_briefing_runs(fixture_con):
    """A write to any table the briefing reads must change its cache key (ui.controlled.BRIEFING_QUERIES)."""
    import queries
    from insights.analysis import disclosure
    from ui.controlled import BRIEFING_QUERIES

    asked: list[str] = []

    def fetch(name, **params):
        asked.append(name)
        return queries.run(fixture_con, name, **params)

    for rule in (disclosure.rule_from_env(), disclosure.EXACT):
        briefing.collect(fetch, Filters(), rule)
    assert set(asked) <= set(BRIEFING_QUERIES)
    assert {"overview_headline", "theme_prevalence_by_group"} <= set(asked)


def test_the_briefing_is_rebuilt_after_a_write_to_what_it_reads():
    from ui import data
    from ui.controlled import BRIEFING_QUERIES

    before = data.data_version(*BRIEFING_QUERIES)
    with data.writing("audit_log"):  # a download's audit entry: the briefing does not read it
        pass
    assert data.data_version(*BRIEFING_QUERIES) == before
    with data.writing("quote_reviews"):  # a quote approved: the briefing's quotes change
        pass
    assert data.data_version(*BRIEFING_QUERIES) != before


# --- one computation per key when many sessions ask at once (after an import every key is cold) ---------
CALLS: list[int] = []


def slow_square(n: int) -> int:
    """A cached computation that takes a while (module level: ui.cache keys functions by name)."""
    import time

    CALLS.append(n)
    time.sleep(0.3)
    return n * n


def test_concurrent_sessions_share_one_computation_of_a_cold_key():
    """Streamlit's caches compute a missing key once while the other callers wait for it (a lock per key,
    streamlit/runtime/caching/cache_utils.py), so no single-flight of our own is needed; this keeps it so."""
    import threading

    CALLS.clear()
    key = 7919  # not computed by any other test
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.derived(slow_square, key))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [key * key] * 8
    assert len(CALLS) == 1, f"computed {len(CALLS)} times"


def test_a_shared_plotly_figure_makes_its_dict_once_and_draws_the_same(monkeypatch):
    """figure() shares one Plotly figure; st.plotly_chart's to_dict (a deep copy) is made once, when it is built."""
    import plotly.graph_objects as go
    import plotly.io as pio
    import streamlit as st

    from insights.output import charts

    st.cache_resource.clear()
    months = pd.DataFrame({"month": ["2026-01-01", "2026-02-01"], "narratives": [3, 5]})
    copies = []
    original = go.Figure.to_dict
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: copies.append(1) or original(self))
    fig = cache.figure(charts.monthly_counts, months, "narratives", "Title", "Narratives")
    assert isinstance(fig, go.Figure) and isinstance(fig, cache.SharedFigure)
    assert fig is cache.figure(charts.monthly_counts, months, "narratives", "Title", "Narratives")
    assert len(copies) == 1  # made as it was built
    first = fig.to_dict()
    assert fig.to_dict() is first and len(copies) == 1
    fresh = charts.monthly_counts(months, "narratives", "Title", "Narratives")
    # what Streamlit sends is what an unshared figure gives, on every draw
    assert pio.to_json(fig, validate=False) == pio.to_json(fresh, validate=False)
    assert pio.to_json(fig, validate=False) == pio.to_json(fresh, validate=False)
    st.cache_resource.clear()


# --- cheap exact keys: a call whose arguments are all remembered or plain is keyed by one string -------
def test_a_call_of_remembered_and_plain_arguments_is_keyed_by_one_exact_string():
    import datetime as dt

    frame = cache.remember(pd.DataFrame({"a": [1, 2]}), "('q', ('x', 1), [])")
    rule = Rule()
    key = cache.plain_key("m", "f", (frame, rule, [1, "1", 1.0, True, None]), {"when": dt.date(2026, 1, 2)})
    assert key is not None and "('q', ('x', 1), [])" in key
    # each kind of value keeps its type in the key: 1, "1", 1.0 and True are four different arguments
    assert cache._plain(1) != cache._plain("1") != cache._plain(1.0) != cache._plain(True)
    assert cache._plain((1, 2)) != cache._plain([1, 2])
    # not plain: hashed by Streamlit (an array's repr is abridged, a copy of a frame has no origin)
    assert cache.plain_key("m", "f", (np.arange(5000),), {}) is None
    assert cache.plain_key("m", "f", (frame.copy(),), {}) is None
    assert cache.plain_key("m", "f", ({1, 2},), {}) is None


def twice(values) -> list:
    CALLS.append(len(values))
    return [v * 2 for v in values]


def test_arrays_that_print_alike_are_not_taken_for_each_other():
    """np.arange(5000) and the same with one value changed print the same (abridged): hashed, never confused."""
    first = np.arange(5000)
    second = first.copy()
    second[2500] = -1
    assert repr(first) == repr(second)
    assert cache.derived(twice, first)[2500] == 5000
    assert cache.derived(twice, second)[2500] == -2


def test_a_keyed_call_is_computed_once_and_found_again(monkeypatch):
    CALLS.clear()
    hashed = []
    real = cache._derived
    monkeypatch.setattr(cache, "_derived", lambda *a, **k: hashed.append(1) or real(*a, **k))
    assert cache.derived(twice, [1, 2, 3]) == [2, 4, 6]
    assert cache.derived(twice, [1, 2, 3]) == [2, 4, 6]
    assert CALLS == [3] and hashed == []  # once, and never through Streamlit's argument hashing


# --- tables for st.dataframe converted to Arrow once; derived values handed out as copies ---------------
def ratios(frame: pd.DataFrame) -> Controlled:
    CALLS.append(len(frame))
    shares = frame.assign(**{"Share %": frame["n"] / frame["n"].sum() * 100, "_hidden": 1})
    return Controlled(shares, Rule(), ("n",), "ratios")


def test_a_remembered_table_is_converted_to_arrow_once_and_streamlit_sends_the_same_bytes(monkeypatch):
    import pyarrow as pa
    import streamlit as st
    from streamlit import dataframe_util

    st.cache_resource.clear()
    source = cache.remember(pd.DataFrame({"group": ["A", "B", None], "n": [10, 20, 30]}), "('q', 'arrow')")
    table = cache.derived(ratios, source)
    visible = ["group", "Share %", "n"]
    converted = []
    real = dataframe_util.convert_pandas_df_to_arrow_table
    monkeypatch.setattr(
        dataframe_util, "convert_pandas_df_to_arrow_table", lambda df: converted.append(1) or real(df)
    )
    first = cache.arrow_table(table, visible)
    again = cache.arrow_table(
        cache.derived(ratios, source), visible
    )  # another run: another copy, same origin
    assert isinstance(first, pa.Table) and again is first and len(converted) == 1
    # what st.dataframe sends for the shared table is what it sent for the frame
    assert dataframe_util.convert_arrow_table_to_arrow_bytes(
        first
    ) == dataframe_util.convert_pandas_df_to_arrow_bytes(table.frame[visible])
    assert cache.arrow_table(table, ["n"]).column_names == ["n"]  # other columns: another conversion
    # a frame of unknown origin is handed over as it is (Streamlit converts it on every run)
    loose = pd.DataFrame({"n": [1]})
    assert cache.arrow_table(loose) is loose
    st.cache_resource.clear()


def test_each_caller_of_a_derived_value_gets_its_own_copy():
    import streamlit as st

    st.cache_resource.clear()
    CALLS.clear()
    source = cache.remember(pd.DataFrame({"group": ["A", "B"], "n": [1, 3]}), "('q', 'copies')")
    mine = cache.derived(ratios, source)
    mine.frame.loc[0, "n"] = 999  # a page changing what it got
    mine.frame["added"] = 1
    theirs = cache.derived(ratios, source)
    assert CALLS == [2] and theirs.frame["n"].tolist() == [1, 3] and theirs.frame is not mine.frame
    assert "added" not in theirs.frame.columns
    again = cache.derived(ratios, source)
    theirs.frame.iloc[1, 1] = -1  # the second caller's change does not reach a third either
    assert again.frame["n"].tolist() == [1, 3]
    st.cache_resource.clear()


def test_a_tables_download_counts_its_hidden_cells_only_when_used(monkeypatch):
    """show_table counted a table's hidden cells on every run, for an audit entry written only on a click."""
    from insights.analysis import disclosure
    from insights.analysis.disclosure import Controlled
    from ui import controlled, roles

    counted: list[int] = []
    real = Controlled.hidden
    monkeypatch.setattr(Controlled, "hidden", property(lambda self: counted.append(1) or real.fget(self)))
    buttons: list[dict] = []
    recorded: list[tuple] = []
    monkeypatch.setattr(roles.st, "download_button", lambda *args, **kwargs: buttons.append(kwargs) or False)
    monkeypatch.setattr(roles, "record", lambda action, **kwargs: recorded.append((action, kwargs)))
    frame = pd.DataFrame({"group": ["A", "B"], "n": pd.array([None, 7], dtype="Int64")})
    controlled.show_table(Controlled(frame, disclosure.EXACT, counts=("n",), title="Two groups"), "two")
    assert counted == [] and len(buttons) == 1  # drawn: nothing counted
    button = buttons[0]
    button["on_click"](*button.get("args", ()), **button["kwargs"])  # the download is used
    assert counted == [1]
    assert recorded == [
        (
            "download",
            {
                "object_type": "table",
                "details": {
                    "file_name": button["file_name"],
                    "table": "Two groups",
                    "rows": 2,
                    "hidden_cells": 1,
                },
            },
        )
    ]


def test_the_quote_pages_category_filter_lists_the_chosen_themes_categories_or_all():
    codebook = pd.DataFrame(
        {
            "theme_id": ["T1", "T1", "T2", "T2"],
            "theme": ["Care", "Care", "Barriers", "Barriers"],
            "category_id": ["C1", "C2", "C3", "C1"],
            "category": ["Good care", "Poor care", "Language", "Good care"],
        }
    )
    assert cache.category_labels(codebook, []) == {"C1": "Good care", "C2": "Poor care", "C3": "Language"}
    assert cache.category_labels(codebook, ["T2"]) == {"C3": "Language", "C1": "Good care"}
