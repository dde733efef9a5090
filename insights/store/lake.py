"""The shared store: DuckLake (a PostgreSQL catalog and Parquet data files) for several processes at once.

Chosen by configuration (insights.config.store(): $MATERNITY_STORE=ducklake with
$MATERNITY_DUCKLAKE_CATALOG and $MATERNITY_DUCKLAKE_DATA); the embedded DuckDB file stays the default.
Pages and queries do not change: the lake is opened as the connection's default database, so every
cursor sees the same unqualified tables and macros as with the file.

What differs from the single file, and how it is handled here:

- Extensions come from the duckdb-extension-ducklake and duckdb-extension-postgres packages (laid out
  in a private extension folder, nothing downloaded; `autoinstall_known_extensions` is off).
- DuckLake has no primary keys, unique constraints, indexes or sequences: `for_ducklake()` strips them
  from the migrations' DDL (the keys are still known, from the same files, to `merge_sql()`), and the
  audit trail numbers its entries `max + 1` under the write lock instead of from a sequence.
- `insert or replace` needs a primary key: `merge_sql()` rewrites it into the equivalent `merge into`
  (update the listed columns of a matching row, insert the others).
- Writers: DuckLake isolates by snapshot and only detects conflicting deletes/updates, so two processes
  appending to the audit log at once would both chain onto the same head. Every write therefore runs
  under one cluster-wide PostgreSQL advisory lock (`write_lock()`), taken on its own connection BEFORE
  the write's transaction begins (so the transaction's snapshot sees every earlier write) and released
  only after it commits. Readers never wait. This is the file's write lock, stretched across processes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

_MIGRATIONS = Path(__file__).resolve().parent / "sql" / "migrations"

#: The advisory-lock key every writer of one catalog database takes (any fixed 64-bit number).
LOCK_KEY = int.from_bytes(hashlib.sha256(b"maternity-insights write lock").digest()[:8], "big", signed=True)
#: The database attached (PostgreSQL, the catalog's own) that holds the writers' lock connection.
LOCK_DB = "maternity_write_lock"
#: PostgreSQL connections one process keeps to the catalog (sessions' queries each need one at a time).
POOL = 16
#: How long a writer waits for another process's write before giving up (seconds; $MATERNITY_BUSY_WAIT).
LOCK_WAIT = 60.0

_EXTENSIONS = {"ducklake": "duckdb_extension_ducklake", "postgres_scanner": "duckdb_extension_postgres"}


class LakeError(RuntimeError):
    """The shared store cannot be opened; the message is one plain sentence saying what to do."""


# --- opening ------------------------------------------------------------------------------------


@functools.cache
def extension_dir() -> Path:
    """A private extension folder pointing at the packaged DuckLake and PostgreSQL extension files."""
    version = duckdb.__version__
    platform = duckdb.execute("pragma platform").fetchone()[0]
    folder = Path(tempfile.gettempdir()) / f"maternity-duckdb-extensions-{os.getuid()}"
    target = folder / f"v{version}" / platform
    target.mkdir(parents=True, exist_ok=True)
    for name, package in _EXTENSIONS.items():
        spec = importlib.util.find_spec(package)
        files = [
            Path(p) / "extensions" / f"v{version}" / f"{package.rsplit('_', 1)[-1]}.duckdb_extension"
            for p in (spec.submodule_search_locations or [] if spec else [])
        ]
        found = next((f for f in files if f.is_file()), None)
        if found is None:
            pip_name = package.replace("_", "-")
            raise LakeError(
                f"The shared store needs the {pip_name} package for DuckDB {version}: "
                f"install it with 'pip install {pip_name}=={version}' (see requirements.txt)."
            )
        link = target / f"{name}.duckdb_extension"
        if not (link.is_symlink() and link.resolve() == found.resolve()):
            tmp = target / f".{name}.{os.getpid()}.link"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(found)
            os.replace(tmp, link)
    return folder


def _config() -> dict:
    return {
        "extension_directory": str(extension_dir()),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
        # every session's query reads the catalog: more than the default 4 pooled catalog connections
        "pg_pool_max_connections": POOL,
    }


def libpq(catalog: str) -> str:
    """The PostgreSQL connection string inside a 'postgres:...' catalog setting."""
    if not catalog.startswith("postgres:"):
        raise LakeError(
            "The shared store's catalog must be a PostgreSQL database: set MATERNITY_DUCKLAKE_CATALOG to "
            "'postgres:dbname=... host=...' (see README, 'A shared store')."
        )
    return catalog.removeprefix("postgres:")


def _ident(name: str) -> str:
    """A name as a quoted SQL identifier (embedded double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def _quote(text: str) -> str:
    """A SQL string literal (ATTACH takes no parameters; the text comes from configuration)."""
    return "'" + text.replace("'", "''") + "'"


def connect(catalog: str, data_path: str | None) -> duckdb.DuckDBPyConnection:
    """Open the lake as the connection's default database (created on first use with its data path)."""
    dsn = libpq(catalog)
    try:
        if data_path:  # first use creates the catalog with its data path; later ones check it is the same
            Path(data_path).mkdir(parents=True, exist_ok=True) if "://" not in data_path else None
            boot = duckdb.connect(":memory:", config=_config())
            try:
                boot.execute(
                    f"attach {_quote('ducklake:' + catalog)} as lake (data_path {_quote(data_path)})"
                )
            finally:
                boot.close()
        con = duckdb.connect("ducklake:" + catalog, config=_config())
        # ATTACH takes no bound parameters: the DSN is a quoted literal, LOCK_DB a constant.
        con.execute(f"attach if not exists {_quote(dsn)} as {LOCK_DB} (type postgres)")
    except duckdb.Error as exc:
        raise LakeError(
            "The shared store could not be opened: check that PostgreSQL is running and that "
            f"MATERNITY_DUCKLAKE_CATALOG is right ({_short(exc)})."
        ) from exc
    return con


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's default database is a DuckLake."""
    row = con.execute(
        "select type from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    return bool(row) and row[0] == "ducklake"


# --- the cross-process write lock ---------------------------------------------------------------

_held = threading.local()


def lock_wait() -> float:
    """Seconds a writer waits for another process's write ($MATERNITY_BUSY_WAIT, else LOCK_WAIT)."""
    try:
        return max(1.0, float(os.environ.get("MATERNITY_BUSY_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


@contextmanager
def write_lock(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Hold the catalog's advisory write lock (re-entrant within a thread; bounded wait).

    Taken on a cursor of its own whose transaction holds `pg_advisory_xact_lock`; the caller's
    transaction begins after it is granted and commits before it is released.
    """
    depth = getattr(_held, "depth", 0)
    if depth:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    holder = con.cursor()
    try:
        holder.execute("begin transaction")
        try:
            wait_ms = int(lock_wait() * 1000)
            holder.execute(
                f"call postgres_execute('{LOCK_DB}', "
                f"'set local lock_timeout = {wait_ms}; select pg_advisory_xact_lock({LOCK_KEY})')"
            )
        except duckdb.Error as exc:
            holder.execute("rollback")
            if "lock timeout" in str(exc).lower():
                raise LakeBusy(
                    f"The shared database is busy: another process has been writing to it for over "
                    f"{lock_wait():.0f} s; wait for it to finish, then try again."
                ) from exc
            raise
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            holder.execute("rollback")  # ends the lock's transaction: the lock is released
    finally:
        holder.close()


class LakeBusy(RuntimeError):
    """Another process held the shared store's write lock for longer than the wait allows."""


# --- SQL differences ----------------------------------------------------------------------------

_COMMENT = re.compile(r"--[^\n]*")
_CREATE = re.compile(
    r"create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)\s*\((.*?)\n\);", re.IGNORECASE | re.DOTALL
)
_TABLE_PK = re.compile(r",\s*primary\s+key\s*\(([^)]*)\)", re.IGNORECASE)
_TABLE_UNIQUE = re.compile(r",\s*unique\s*\(([^)]*)\)", re.IGNORECASE)
_INLINE_PK = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s[^,]*?\bprimary\s+key\b", re.IGNORECASE | re.MULTILINE)
_ADD_DEFAULT = re.compile(
    r"alter\s+table\s+([a-z_][a-z0-9_]*)\s+add\s+column\s+(if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)\s+"
    r"([a-z0-9_\[\]]+)\s+default\s+([^;]+);",
    re.IGNORECASE,
)


def for_ducklake(sql: str) -> str:
    """A migration's DDL as DuckLake accepts it: no keys, unique constraints, sequences or added defaults.

    Uniqueness is kept by the code that writes (imports upsert by key; `merge_sql`); the audit trail
    numbers its entries itself. An added column's boolean default is written as a quoted literal (DuckLake
    refuses `default false` in ALTER TABLE but takes `default 'false'`).
    """
    text = _COMMENT.sub("", sql)
    text = re.sub(r"create\s+sequence[^;]*;", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+default\s+nextval\('[^']*'\)", "", text, flags=re.IGNORECASE)
    text = _TABLE_PK.sub("", text)
    text = _TABLE_UNIQUE.sub("", text)
    text = re.sub(r"\s+primary\s+key\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+unique\b", "", text, flags=re.IGNORECASE)

    def quoted_default(m: re.Match) -> str:
        table, if_not, column, kind, default = m.groups()
        default = default.strip()
        if default.lower() in ("true", "false"):  # DuckLake takes only a plain literal here
            default = f"'{default.lower()}'"
        return f"alter table {table} add column {if_not or ''}{column} {kind} default {default};"

    return _ADD_DEFAULT.sub(quoted_default, text)


@functools.cache
def primary_keys() -> dict[str, tuple[str, ...]]:
    """Each table's key columns, read from the migrations (the file store enforces them; the lake cannot)."""
    keys: dict[str, tuple[str, ...]] = {"schema_migrations": ("version",)}
    for path in sorted(_MIGRATIONS.glob("*.sql")):
        text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
        for table, body in _CREATE.findall(text):
            compound = _TABLE_PK.search(body)
            if compound:
                keys[table.lower()] = tuple(c.strip().lower() for c in compound[1].split(","))
                continue
            inline = _INLINE_PK.search(body)
            if inline:
                keys[table.lower()] = (inline[1].lower(),)
    return keys


_INSERT_OR_REPLACE = re.compile(
    r"^\s*insert\s+or\s+replace\s+into\s+([a-z_][a-z0-9_]*)\s*(\(([^)]*)\))?\s*(.*?)\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)


def merge_sql(sql: str, table_columns: list[str]) -> str:
    """`insert or replace into T [(cols)] <select | values>` as the equivalent `merge into` on the key.

    A matching row has the listed columns replaced (the others are kept, as the file store does);
    a new row is inserted. `table_columns` are T's columns (used when no list is given).
    """
    text = _COMMENT.sub("", sql)
    match = _INSERT_OR_REPLACE.match(text)
    if not match:
        raise ValueError("not an 'insert or replace into' statement")
    table, _, listed, body = match.groups()
    table = table.lower()
    keys = primary_keys().get(table)
    if not keys:
        raise ValueError(f"{table} has no primary key to replace rows by")
    cols = [c.strip().lower() for c in listed.split(",")] if listed else list(table_columns)
    names = ", ".join(cols)
    on = " and ".join(f"t.{k} = s.{k}" for k in keys)
    updates = ", ".join(f"{c} = s.{c}" for c in cols if c not in keys)
    values = ", ".join(f"s.{c}" for c in cols)
    # Identifiers come from the statement and the schema, never from input; values stay bound.
    matched = f"when matched then update set {updates} " if updates else ""
    return (
        f"merge into {table} as t using (select * from ({body}) as u({names})) as s on {on} "  # noqa: S608
        f"{matched}when not matched then insert ({names}) values ({values})"
    )


def drop_everything(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the lake's own schemas (tables, views, macros) so a fresh database can be built in place."""
    schemas = [
        r[0]
        for r in con.execute(
            "select schema_name from duckdb_schemas() where database_name = current_database() "
            "and schema_name not in ('main', 'information_schema', 'pg_catalog')"
        ).fetchall()
    ]
    # DDL takes no bound parameters: names read from the catalog just above, quoted as identifiers.
    for schema in schemas:
        con.execute(f"drop schema if exists {_ident(schema)} cascade")
    for (name,) in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'"
    ).fetchall():
        con.execute(f"drop table if exists {_ident(name)}")
    for (name,) in con.execute(
        "select view_name from duckdb_views() where database_name = current_database() and schema_name = 'main' "
        "and not internal"
    ).fetchall():
        con.execute(f"drop view if exists {_ident(name)}")
    for name, kind in con.execute(
        "select distinct function_name, function_type from duckdb_functions() where database_name = current_database() "
        "and schema_name = 'main' and function_type in ('macro', 'table_macro') and not internal"
    ).fetchall():
        con.execute(f"drop {'macro table' if kind == 'table_macro' else 'macro'} if exists {_ident(name)}")


# --- other processes' writes --------------------------------------------------------------------

#: Snapshot changes that name the tables (by id) whose rows changed; any other table change means "all".
_ROW_CHANGES = ("inserted_into", "deleted_from", "inlined_insert", "inlined_delete", "compacted", "merge")


class ChangeFeed:
    """Which tables changed since the last look, from the lake's snapshots (any process's writes).

    A dashboard server's cached query results are keyed by per-table versions bumped by its own writes
    (insights.store.versions); on the shared store the other servers and the command line write too, so
    `poll()` (at most every `every` seconds) names the tables their snapshots changed. [] = nothing new,
    None = everything (a table was created, altered or dropped). Not the shared store: always [].
    """

    def __init__(self, every: float = 2.0):
        self.every = every
        self._lock = threading.Lock()
        self._last: int | None = None
        self._checked = float("-inf")
        self._shared: bool | None = None

    def poll(self, con: duckdb.DuckDBPyConnection) -> list[str] | None:
        """Tables changed since the previous poll (see the class)."""
        import time

        now = time.monotonic()
        if self._shared is False or now - self._checked < self.every:
            return []
        if not self._lock.acquire(blocking=False):
            return []
        try:
            self._checked = now
            cur = con.cursor()
            try:
                if self._shared is None:
                    self._shared = is_lake(cur)
                if not self._shared:
                    return []
                return self._changes(cur)
            finally:
                cur.close()
        finally:
            self._lock.release()

    def _changes(self, cur: duckdb.DuckDBPyConnection) -> list[str] | None:
        catalog = cur.execute("select current_database()").fetchone()[0]
        latest = cur.execute("select id from ducklake_current_snapshot($c)", {"c": catalog}).fetchone()[0]
        if self._last is None or latest == self._last:
            self._last = latest
            return []
        rows = cur.execute(
            "select changes from ducklake_snapshots($c) where snapshot_id > $s",
            {"c": catalog, "s": self._last},
        ).fetchall()
        self._last = latest
        ids: set[str] = set()
        for (changes,) in rows:
            for key, values in (changes or {}).items():
                if "macro" in key:
                    continue  # macros are re-created on open with the code's definitions
                if any(part in key for part in _ROW_CHANGES):
                    ids.update(str(v) for v in values)
                else:
                    return None
        if not ids:
            return []
        names = cur.execute(
            "select table_name from ducklake_table_info($c) where cast(table_id as varchar) in (select unnest($ids))",
            {"c": catalog, "ids": sorted(ids)},
        ).fetchall()
        return sorted({n[0] for n in names})
