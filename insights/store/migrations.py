"""Numbered schema migrations, recorded in the database and applied on open under the write lock.

Each migration is a file `insights/store/sql/migrations/NNNN_name.sql`. `migrate()` applies the pending
ones in order, each in its own transaction together with its row in `schema_migrations` (version,
name, applied_at, checksum of the file), so a failed migration leaves the database as it was.
Migration 1 is the schema of the release before migrations existed: a database made by that
release (it has the tables but no `schema_migrations`) is marked at version 1 without touching its
rows, then upgraded like any other. History (audit chain, reviews, imports) is never rewritten: a
migration adds columns and tables, it does not rebuild them; only a derived table nothing reads any more
may be dropped (0009: narrative_items).

Tables live only in the migrations. `insights/store/sql/schema.sql` holds the shared macros and is
re-applied after the migrations on every open (`create or replace macro`), so macros always match the
code; a change to a table's columns needs a new numbered migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import duckdb

from insights.store import lake

FOLDER = Path(__file__).resolve().parent / "sql" / "migrations"
SCHEMA_SQL = FOLDER.parent / "schema.sql"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_LEDGER = """
create table if not exists schema_migrations (
    version     integer primary key,
    name        varchar not null,
    applied_at  timestamp not null,
    checksum    varchar not null,          -- sha256 of the migration file as applied
    how         varchar not null           -- 'applied' or 'baseline (existing database)'
)
"""


class MigrationError(RuntimeError):
    """A migration cannot be applied, or one already applied has been edited since."""


@dataclass(frozen=True)
class Migration:
    """One numbered migration file."""

    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        """The file's SQL."""
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        """sha256 of the file (line endings normalised)."""
        return hashlib.sha256(self.sql.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def available() -> list[Migration]:
    """Every migration shipped with this version, in order (numbers start at 1 and increase).

    A number may be missing: numbers are handed out to parallel branches before they are merged (0004
    coding, 0005 agreement, 0006 codebook, 0007 scale), so a branch can ship 0007 without 0004-0006;
    a migration merged later with a lower number is still applied, since `migrate()` applies every
    shipped version the database has not recorded.
    """
    found = []
    for path in sorted(FOLDER.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name} is not named NNNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path))
    versions = [m.version for m in found]
    if not versions or versions[0] != 1 or len(set(versions)) != len(versions):
        raise MigrationError("migrations must be numbered from 1, each number once")
    return found


def latest() -> int:
    """The schema version this code expects."""
    return available()[-1].version


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'main'"
    ).fetchall()
    return {r[0] for r in rows}


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Applied versions and their checksums ({} before the ledger exists)."""
    if "schema_migrations" not in _tables(con):
        return {}
    return dict(con.execute("select version, checksum from schema_migrations").fetchall())


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The database's schema version (0 = empty database)."""
    return max(applied(con), default=0)


def _record(con: duckdb.DuckDBPyConnection, m: Migration, how: str) -> None:
    con.execute(
        "insert into schema_migrations values ($v, $name, $at, $sum, $how)",
        {
            "v": m.version,
            "name": m.name,
            "at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "sum": m.checksum,
            "how": how,
        },
    )


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One migration step: commit on success, roll back on any exception.

    (insights.store.db.transaction without its lock: the caller holds the write lock for the whole upgrade,
    and this module sits below insights.store.db, which imports it.)
    """
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def migrate(con: duckdb.DuckDBPyConnection, lock: AbstractContextManager | None = None) -> list[int]:
    """Bring the database to the latest schema; returns the versions applied now (may be []).

    `lock` is the store's write lock (insights.store.db passes it), held for the whole upgrade.
    """
    shipped = available()
    with lock if lock is not None else nullcontext():
        done = applied(con)
        for m in shipped:
            if m.version in done and done[m.version] != m.checksum:
                raise MigrationError(
                    f"migration {m.version} ({m.name}) was changed after it was applied to this database; "
                    "add a new numbered migration instead of editing an applied one"
                )
        newer = [v for v in done if v > shipped[-1].version]
        if newer:
            raise MigrationError(
                f"this database is at schema version {max(newer)}, newer than this program "
                f"(version {shipped[-1].version}): use the newer program"
            )
        shared = lake.is_lake(con)  # the shared store: DDL without keys and sequences (insights.store.lake)
        now_applied = []
        if not done:
            with _transaction(con):
                had_tables = "imports" in _tables(con)
                con.execute(lake.for_ducklake(_LEDGER) if shared else _LEDGER)
                if had_tables:  # made by the release before migrations: its schema is the baseline
                    _record(con, shipped[0], "baseline (existing database)")
                    done = {1: shipped[0].checksum}
        for m in shipped:
            if m.version in done:
                continue
            with _transaction(con):
                con.execute(lake.for_ducklake(m.sql) if shared else m.sql)
                _record(con, m, "applied")
            now_applied.append(m.version)
        macros = SCHEMA_SQL.read_text(encoding="utf-8")
        if not shared:
            con.execute(macros)
        else:  # each re-creation is a snapshot every process sees: only when the code's macros changed
            checksum = hashlib.sha256(macros.encode("utf-8")).hexdigest()
            stored = con.execute("select max(value) from meta where key = 'macros_checksum'").fetchone()[0]
            if stored != checksum:
                with _transaction(con):
                    con.execute(macros)
                    con.execute("delete from meta where key = 'macros_checksum'")
                    con.execute("insert into meta values ('macros_checksum', $sum)", {"sum": checksum})
    return now_applied
