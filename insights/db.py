"""The one module that owns the DuckDB database: connect, create, load reference data.

Building a whole database (reference, codebook and the demo) is `insights.demo_build`, above the
store, so the store never imports the import path.

Pages get the connection through `ui.data` (cached once per process) and take a cursor per
session/thread; every write goes through `transaction()`, which serialises writers in the process
and makes each import one transaction (a failure leaves the database exactly as it was).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from insights import codebook, config

SCHEMA_SQL = Path(__file__).resolve().parent / "sql" / "schema.sql"

#: Serialises writers within one process (DuckDB allows one writing process per file).
WRITE_LOCK = threading.RLock()

Progress = Callable[[float, str], None]


class DatabaseBusy(RuntimeError):
    """The database file is open for writing in another process (e.g. the running dashboard)."""


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file (creating its folder); ':memory:' gives a scratch database."""
    target = str(path or config.db_path())
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"{target} is in use by another program (is the dashboard running?). "
                "Stop it, or import through the dashboard's Data page."
            ) from exc
        raise
    con.execute("set enable_progress_bar = false")  # the CLI draws its own; keep the server's log clean
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One serialised write transaction: commit on success, roll back on any exception."""
    with WRITE_LOCK:
        con.execute("begin transaction")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of a table in their stored order."""
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = $t order by ordinal_position",
        {"t": table},
    ).fetchall()
    return [r[0] for r in rows]


def append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a frame's rows to a table, matching columns by name (absent ones are null)."""
    cols = table_columns(con, table)
    unknown = set(frame.columns) - set(cols)
    if unknown:
        raise ValueError(f"{table} has no columns {sorted(unknown)}")
    if len(frame):
        con.from_df(frame.reindex(columns=cols)).insert_into(table)


# Identifiers come from this fixed list, never from input; values are always bound.
_CLEAR = {
    t: f"delete from {t}"  # noqa: S608
    for t in ("lsoa", "postcodes", "themes", "categories", "theme_categories", "codes")
}


def _replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Replace a reference table's rows."""
    con.execute(_CLEAR[table])
    append_frame(con, table, frame)


def refresh_narrative_items(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the derived (woman, theme/category) table from the coded excerpts."""
    con.execute((SCHEMA_SQL.parent / "refresh_narrative_items.sql").read_text(encoding="utf-8"))


def ensure_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Fill derived tables a database built by an earlier version lacks (cheap check otherwise)."""
    empty = con.execute("select not exists (select 1 from narrative_items)").fetchone()[0]
    coded = con.execute("select exists (select 1 from coded_excerpts)").fetchone()[0]
    if empty and coded:
        with transaction(con):
            refresh_narrative_items(con)


def load_reference(con: duckdb.DuckDBPyConnection, folder: Path | None = None) -> dict:
    """Load one vintage's committed extract (postcodes, LSOAs with IMD and boundaries)."""
    folder = folder or config.reference_dir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lsoa = pd.read_csv(folder / "lsoa.csv", dtype={"lsoa_code": str, "lad_code": str})
    geo = json.loads((folder / "lsoa_boundaries.geojson").read_text(encoding="utf-8"))
    shapes = {f["properties"]["lsoa_code"]: json.dumps(f["geometry"]) for f in geo["features"]}
    lsoa["boundary"] = lsoa["lsoa_code"].map(shapes)
    lsoa["core20"] = lsoa["core20"].astype(bool)
    postcodes = pd.read_csv(
        folder / "postcodes.csv",
        dtype={
            "postcode": str,
            "postcode_district": str,
            "lsoa_code": str,
            "lad_code": str,
            "introduced": str,
            "terminated": str,
        },
    )
    _replace_table(con, "lsoa", lsoa)
    _replace_table(con, "postcodes", postcodes)
    set_meta(con, "reference_vintage", manifest["vintage"])
    set_meta(con, "lsoa_vintage", manifest["lsoa_vintage"])
    return manifest


def load_codebook(con: duckdb.DuckDBPyConnection) -> None:
    """Load Figure 2 and the code list."""
    _replace_table(con, "themes", codebook.themes())
    _replace_table(con, "categories", codebook.categories())
    _replace_table(con, "theme_categories", codebook.theme_categories())
    _replace_table(con, "codes", codebook.codes())


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Record a fact about this database (vintage, demo seed, build time)."""
    con.execute("insert or replace into meta values ($key, $value)", {"key": key, "value": value})
