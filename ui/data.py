"""The dashboard's database access: one connection per process, a cursor per call, cached queries.

A database held by another process (a command-line import) is handled here, once for every page:
the page says in one sentence what is busy and tries again by itself (ui.data.connection).
Cached query results are keyed by the data versions of the tables each query reads
(insights.store.versions), so a write invalidates only what it changed: an audit entry for a download or
a sign-in leaves every chart's cached data in place.
"""

from __future__ import annotations

import os
import time

import duckdb
import pandas as pd
import streamlit as st

import queries
from insights.demo import build as demo_build
from insights.store import db, lake, versions
from ui import cache

#: Page-level retries while the database is busy (each after the connect's own bounded wait).
BUSY_RETRIES = 12
_BUSY_TRIES = "_database_busy_tries"
VERSIONS = versions.Versions()
#: On the shared store, other servers and the command line write too: their snapshots bump VERSIONS.
_OTHERS = lake.ChangeFeed()


@st.cache_resource(show_spinner="Preparing the database (first run builds the demo)…")
def _connection() -> duckdb.DuckDBPyConnection:
    # Opening for writing applies pending schema migrations (insights.store.migrations) under the write lock.
    con = db.connect(demo_build.ensure_database(), wait=min(db.busy_wait(), 3.0))
    db.ensure_derived(con)
    _suggestions_catch_up(con, on_start=True)  # coding changed while stopped (a command-line import)
    return con


def _suggestions_catch_up(con: duckdb.DuckDBPyConnection, on_start: bool = False) -> None:
    """Coding suggestions learn from the coded excerpts: retrain them in the background when those changed."""
    from insights.coding import trainer
    from insights.config import db_path

    keeper = trainer.trainer_for(db_path())
    if on_start:
        keeper.refresh_if_kept(con)
    else:
        keeper.refresh(con)


def _busy_retries() -> int:
    try:
        return max(0, int(os.environ.get("MATERNITY_BUSY_RETRIES", BUSY_RETRIES)))
    except ValueError:
        return BUSY_RETRIES


def _show_busy(exc: db.DatabaseBusy) -> None:
    """One plain sentence; retry by itself with backoff (bounded), then offer a button. Never returns."""
    tries = st.session_state.get(_BUSY_TRIES, 0)
    limit = _busy_retries()
    if tries < limit:
        st.session_state[_BUSY_TRIES] = tries + 1
        st.info(
            f"The database is busy: {exc.holder} is writing to it. This page will open by itself when it "
            f"has finished (trying again, {tries + 1} of {limit}); nothing needs doing.",
            icon=":material/hourglass_top:",
        )
        time.sleep(min(2.0 * 1.5**tries, 10.0))
        st.rerun()
    st.warning(
        f"The database is still busy: {exc.holder} is writing to it. Wait for it to finish, then press "
        "Try again.",
        icon=":material/hourglass_top:",
    )
    if st.button("Try again", key="_database_busy_retry"):
        st.session_state[_BUSY_TRIES] = 0
        st.rerun()
    st.stop()


def connection() -> duckdb.DuckDBPyConnection:
    """The process's one DuckDB connection (the database is built with the demo on first run)."""
    try:
        con = _connection()
    except db.DatabaseBusy as exc:
        _show_busy(exc)
    if _BUSY_TRIES in st.session_state:
        del st.session_state[_BUSY_TRIES]
    return con


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor for this session's thread (DuckDB connections are not shared across threads)."""
    return connection().cursor()


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query from queries/ with bound parameters (cached until a table it reads changes)."""
    con = connection()  # a busy database is reported here, outside the cached function
    changed = _OTHERS.poll(con)  # the shared store: tables other processes wrote since the last look
    if changed is None or changed:
        VERSIONS.bump(*(changed or ()))
        if changed is None or "coded_excerpts" in changed:  # another process (the command line) coded
            _suggestions_catch_up(con)
    version = data_version(name)
    frame = _cached(name, version, **params)
    # where this frame came from: a cheap cache key for what pages derive from it (ui.cache)
    return cache.remember(frame, repr((name, version, sorted(params.items()))))


_TABLES: dict[str, frozenset[str]] = {}


def data_version(*names: str) -> tuple:
    """The data versions of the tables these named queries read (changes when one of them is written)."""
    tables: set[str] = set()
    for name in names:
        if name not in _TABLES:  # the SQL text is read and parsed once per query, not on every call
            _TABLES[name] = versions.tables_read(queries.load(name).sql)
        tables |= _TABLES[name]
    return VERSIONS.key(frozenset(tables))


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _cached(name: str, version: tuple, **params) -> pd.DataFrame:
    cur = cursor()
    try:
        return queries.run(cur, name, **params)
    finally:
        cur.close()


def search_index() -> str:
    """The quote search mode; the index is checked (and rebuilt when stale) once per data version in the
    process, not in every session's first Quote review (the check hashes every excerpt's wording)."""
    return _search_index(data_version("quote_groups"))


@st.cache_resource(max_entries=4, show_spinner=False)
def _search_index(version: tuple) -> str:
    from insights.quotes import review

    cur = cursor()
    try:
        return review.ensure_search_index(cur)
    finally:
        cur.close()


def data_changed(*tables: str) -> None:
    """Forget cached results that read these tables (no table: every cached result) after a write."""
    VERSIONS.bump(*tables)
    if "coded_excerpts" in tables:  # a settlement, a merge: suggestions learn from the coded excerpts
        _suggestions_catch_up(connection())


def import_changed(kind: str) -> None:
    """Forget cached results an import (or undo) of this kind may have changed."""
    VERSIONS.bump(*versions.import_tables(kind))
    if kind in ("excerpts", "coding"):  # coding suggestions learn from the coded excerpts: retrain them
        _suggestions_catch_up(connection())
