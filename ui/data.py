"""The dashboard's database access: one connection per process, a cursor per call, cached queries."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

import queries
from insights import db, demo_build


@st.cache_resource(show_spinner="Preparing the database (first run builds the demo)…")
def connection() -> duckdb.DuckDBPyConnection:
    """The process's one DuckDB connection (the database is built with the demo on first run).

    The schema script is re-applied on open (idempotent), so a database built by an earlier version
    gains new tables and macros; a changed column still needs a rebuild (`make db`).
    """
    con = db.connect(demo_build.ensure_database())
    db.create_schema(con)
    db.ensure_derived(con)
    return con


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor for this session's thread (DuckDB connections are not shared across threads)."""
    return connection().cursor()


@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def query(name: str, **params) -> pd.DataFrame:
    """Run a named query from queries/ with bound parameters (cached until data changes)."""
    cur = cursor()
    try:
        return queries.run(cur, name, **params)
    finally:
        cur.close()


def data_changed() -> None:
    """Forget cached query results after a write."""
    query.clear()
