"""The one module that owns the DuckDB database: connect, create, load reference data.

Building a whole database (reference, codebook and the demo) is `insights.demo.build`, above the
store, so the store never imports the import path.

Pages get the connection through `ui.data` (cached once per process) and take a cursor per
session/thread; every write goes through `transaction()`, which serialises writers in the process
and makes each import one transaction (a failure leaves the database exactly as it was).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from insights import config
from insights.coding import codebook
from insights.store import lake, migrations

SCHEMA_SQL = Path(__file__).resolve().parent / "sql" / "schema.sql"

#: Serialises writers within one process (DuckDB allows one writing process per file).
WRITE_LOCK = threading.RLock()

Progress = Callable[[float, str], None]


class DatabaseBusy(RuntimeError):
    """The database file is held by another process (a command-line import, or the running dashboard).

    Its message is one plain sentence: what is busy and what to do. `holder` says who holds it.
    """

    def __init__(self, message: str, holder: str = "another program"):
        super().__init__(message)
        self.holder = holder


#: How long `connect()` keeps retrying a locked file before giving up (seconds; $MATERNITY_BUSY_WAIT).
BUSY_WAIT = 20.0

_HOLDER_PID = re.compile(r"\(PID (\d+)\)")


def busy_holder(error: str) -> str:
    """Who holds the file, in plain words, from DuckDB's lock error (it names the process id)."""
    match = _HOLDER_PID.search(error)
    if not match:
        return "another program"
    pid = match[1]
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [a.decode("utf-8", "replace") for a in args if a]
    except OSError:
        return f"another program (process {pid})"
    joined = " ".join(words)
    if "streamlit" in joined:
        return f"the dashboard (process {pid})"
    if "insights" in words and "import" in words:
        return f"a command-line import (process {pid})"
    if "insights" in words:
        sub = next((w for w in words[words.index("insights") + 1 :] if not w.startswith("-")), "")
        return f"the command 'python -m insights {sub}' (process {pid})"
    return f"another program (process {pid})"


#: Told once when a connect starts waiting for a busy database (the CLI prints it on stderr).
_wait_notice: Callable[[str], None] | None = None


def set_wait_notice(callback: Callable[[str], None] | None) -> None:
    """Who is told (one sentence) when `connect()` starts waiting for a busy database."""
    global _wait_notice
    _wait_notice = callback


def busy_wait() -> float:
    """Seconds to keep retrying a locked database ($MATERNITY_BUSY_WAIT, default BUSY_WAIT)."""
    try:
        return max(0.0, float(os.environ.get("MATERNITY_BUSY_WAIT", BUSY_WAIT)))
    except ValueError:
        return BUSY_WAIT


def _busy_message(target: str, holder: str, waited: float) -> str:
    waited_text = f" (waited {waited:.0f} s)" if waited >= 1 else ""
    if holder.startswith("the dashboard"):
        advice = "use the dashboard instead (its Data page imports files), or stop it and try again"
    else:
        advice = "wait for it to finish, then try again"
    return f"The database {target} is busy: {holder} is using it{waited_text}; {advice}."


def uses_lake(path: Path | str | None = None) -> bool:
    """True when `path` names the shared store: a 'ducklake:...' target, or the configured database
    (no path, or config.db_path()) while $MATERNITY_STORE=ducklake."""
    if path is not None and str(path).startswith("ducklake:"):
        return True
    if config.store() != "ducklake":
        return False
    return path is None or Path(path) == config.db_path()


def _connect_lake(path: Path | str | None, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the shared store (insights.store.lake) and bring it to the latest schema under its write lock."""
    catalog = str(path).removeprefix("ducklake:") if path and str(path).startswith("ducklake:") else None
    try:
        con = lake.connect(catalog or config.ducklake_catalog(), config.ducklake_data())
    except lake.LakeError as exc:
        raise DatabaseBusy(str(exc), "the shared store") from exc
    con.execute("set enable_progress_bar = false")
    if not read_only:
        try:
            migrations.migrate(con, lock=write_lock(con))
        except BaseException:
            con.close()
            raise
    return con


@contextmanager
def write_lock(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The store's write lock: the process's lock, plus (shared store) the lock every process takes."""
    with WRITE_LOCK:
        if lake.is_lake(con):
            try:
                with lake.write_lock(con):
                    yield
            except lake.LakeBusy as exc:
                raise DatabaseBusy(str(exc), "another process writing to the shared store") from exc
        else:
            yield


def connect(
    path: Path | str | None = None,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
    threads: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the database file (creating its folder); ':memory:' gives a scratch database.

    A file held by another process is retried with backoff for up to `wait` seconds (default
    $MATERNITY_BUSY_WAIT or 20 s; `on_wait(message)` is told once), then DatabaseBusy is raised with
    one plain sentence. A writable connection is brought to the latest schema (insights.store.migrations)
    under the write lock. `threads`: DuckDB's worker threads for this database (None: its default).
    """
    if uses_lake(path):
        return _connect_lake(path, read_only)
    target = str(path or config.db_path())
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    limit = busy_wait() if wait is None else wait
    started = time.monotonic()
    delay, told = 0.1, False
    while True:
        try:
            con = duckdb.connect(
                target, read_only=read_only, config={} if threads is None else {"threads": threads}
            )
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            holder = busy_holder(str(exc))
            waited = time.monotonic() - started
            if waited + delay > limit:
                raise DatabaseBusy(_busy_message(target, holder, waited), holder) from exc
            notice = on_wait or _wait_notice
            if notice is not None and not told:
                notice(f"The database is busy: {holder} is using it; waiting up to {limit:.0f} s.")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    con.execute("set enable_progress_bar = false")  # the CLI draws its own; keep the server's log clean
    if not read_only:
        try:
            if migrations.migrate(con, lock=WRITE_LOCK):  # an upgrade: fill what the new tables derive
                ensure_derived(con)
        except BaseException:
            con.close()
            raise
    return con


#: Connections (by id) with a transaction() open; only read or changed while WRITE_LOCK is held.
_OPEN: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One serialised write transaction: commit on success, roll back on any exception.

    Nested on the same connection (e.g. a .qdpx import that adds codes, then narratives, then excerpts,
    each a write of its own), the inner block joins the outer transaction: it all commits or rolls back
    together with the outermost block. On the shared store the lock is taken across processes before
    the transaction begins, so its snapshot holds every earlier write (insights.store.lake.write_lock).
    """
    if id(con) in _OPEN:  # the outer block of this thread holds the lock and the transaction
        yield con
        return
    with write_lock(con):
        con.execute("begin transaction")
        _OPEN.add(id(con))
        try:
            yield con
        except BaseException:
            _OPEN.discard(id(con))
            con.execute("rollback")
            raise
        _OPEN.discard(id(con))
        con.execute("commit")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table, or upgrade an older database, through the numbered migrations (idempotent)."""
    migrations.migrate(con, lock=write_lock(con))


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint under the write lock. On the shared store this is DuckLake's maintenance: small
    inserts held in the catalog are written to Parquet and small files merged (run it from a schedule)."""
    with write_lock(con):
        con.execute("checkpoint")


def upsert(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> None:
    """Run an `insert or replace into T ...` statement (the shared store has no keys: a `merge into`)."""
    if lake.is_lake(con) and sql.lstrip().lower().startswith("insert or replace"):
        table = sql.split("into", 1)[1].split()[0].strip("( ")
        sql = lake.merge_sql(sql, table_columns(con, table))
    con.execute(sql, params or {})


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of a table in their stored order."""
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = $t "
        "and table_catalog = current_database() order by ordinal_position",
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


def ensure_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Fill derived tables a database built by an earlier version lacks (cheap check otherwise)."""
    from insights.analysis import aggregates

    with transaction(con):
        aggregates.ensure(con)


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
            "lsoa_method": str,
        },
    )
    _replace_table(con, "lsoa", lsoa)
    _replace_table(con, "postcodes", postcodes)
    set_meta(con, "reference_vintage", manifest["vintage"])
    set_meta(con, "lsoa_vintage", manifest["lsoa_vintage"])
    # Both vintages side by side (insights.reference.vintage.load_comparison) is loaded by the callers that build
    # or switch a database: the store does not import the workflows above it.
    return manifest


def load_codebook(con: duckdb.DuckDBPyConnection) -> None:
    """Load Figure 2 and the code list."""
    _replace_table(con, "themes", codebook.themes())
    _replace_table(con, "categories", codebook.categories())
    _replace_table(con, "theme_categories", codebook.theme_categories())
    _replace_table(con, "codes", codebook.codes())


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Record a fact about this database (vintage, demo seed, build time)."""
    upsert(con, "insert or replace into meta values ($key, $value)", {"key": key, "value": value})


def database_exists(path: Path | str | None = None) -> bool:
    """Whether the database is built: the file exists, or the shared store holds reference data."""
    if not uses_lake(path):
        return Path(path or config.db_path()).exists()
    con = connect(path, read_only=True)
    try:
        return shared_built(con)
    finally:
        con.close()


def shared_built(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the shared store already holds a built database (its reference data is loaded)."""
    tables = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database()"
        ).fetchall()
    }
    if "meta" not in tables:
        return False
    return bool(con.execute("select count(*) from meta where key = 'reference_vintage'").fetchone()[0])
