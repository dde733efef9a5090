"""Cached query results are invalidated only by writes to the tables they read."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st

import queries
from insights.store import versions


def test_tables_read_from_query_files():
    assert versions.tables_read(queries.load("audit_log_entries").sql) == {"audit_log"}
    assert "narratives" in versions.tables_read(queries.load("rating_distribution_by_group").sql)
    assert "audit_log" not in versions.tables_read(queries.load("rating_distribution_by_group").sql)
    assert versions.tables_read("select 1 -- from narratives") == frozenset()


def test_versions_key_changes_only_for_its_tables():
    v = versions.Versions()
    narratives, audit = frozenset({"narratives"}), frozenset({"audit_log"})
    k1, a1 = v.key(narratives), v.key(audit)
    v.bump("audit_log")
    assert v.key(narratives) == k1 and v.key(audit) != a1
    v.bump()
    assert v.key(narratives) != k1


@pytest.fixture
def dashboard_db(fixture_db_path, tmp_path, monkeypatch):
    import shutil

    path = tmp_path / "cache.duckdb"
    shutil.copy(fixture_db_path, path)
    monkeypatch.setenv("MATERNITY_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def test_a_download_audit_event_keeps_cached_queries(dashboard_db, monkeypatch):
    from ui import data, roles

    runs: list[str] = []
    real = queries.run

    def counting(con, name, **params):
        runs.append(name)
        return real(con, name, **params)

    monkeypatch.setattr(data.queries, "run", counting)
    monkeypatch.setattr(roles, "actor", lambda: "officer@example.org")
    monkeypatch.setattr(roles, "current_role", lambda: "officer")

    data.query("database_contents")
    data.query("audit_log_entries", since=None, until=None, actors=[], actions=[], search="", limit=10)
    assert len(runs) == 2
    roles.record("download", object_type="table", details={"rows": 3})  # what every audited download calls
    data.query("database_contents")
    assert runs == ["database_contents", "audit_log_entries"]  # still cached
    data.query("audit_log_entries", since=None, until=None, actors=[], actions=[], search="", limit=10)
    assert runs[-1] == "audit_log_entries"  # the trail itself is read again
    with data.writing(kind="narratives"):  # an import (its rows do not matter here)
        pass
    data.query("database_contents")
    assert runs[-1] == "database_contents"  # an import does invalidate what it changed


def test_a_cached_query_result_is_kept_as_a_frame_and_each_caller_gets_its_own_copy(dashboard_db):
    """Results were kept pickled (st.cache_data) and unpickled on every warm read; now the frame is kept and
    each caller gets a shallow copy: the same column data, never unpickled, and a page's change to its copy
    (copy-on-write) reaches no other caller."""
    import pickle

    from ui import data

    first = data.query("database_contents")
    real_loads, loads = pickle.loads, []
    try:
        pickle.loads = lambda *a, **k: loads.append(1) or real_loads(*a, **k)
        second = data.query("database_contents")
    finally:
        pickle.loads = real_loads
    assert loads == [] and second is not first and second.equals(first)
    assert np.shares_memory(second["n"].to_numpy(), first["n"].to_numpy())  # not an unpickled copy
    before = second.copy(deep=True)
    first.loc[0, "n"] = -1  # a page changing what it got
    first["added"] = 1
    third = data.query("database_contents")
    assert third.equals(before) and "added" not in third.columns and second.equals(before)
