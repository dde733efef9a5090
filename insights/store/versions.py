"""Per-table data versions: cached query results are invalidated only by writes to the tables they read.

Each query's tables are read from its SQL (table names and the table macros that read
`narratives`). A write bumps the version of the tables it changed (`bump("audit_log")` after a
download's audit row); a query's cache key carries the versions of its tables, so an audit event
does not throw away every cached chart for every session. `bump()` with no table bumps everything
(for a write whose tables are not known). Versions live in the process: the dashboard is the only
process that writes while it runs (DuckDB admits one writing process per file), and a restart
starts with empty caches.

A write can also be *held*: its versions are current (the writer's own session reads them) but not yet
published, so other readers may keep the last published versions' cached results for a few seconds while
one background thread recomputes the busiest of them (ui.refresh); `Snapshot` is the versions at one moment.

A write is also *open* from just before its transaction begins until its versions are bumped after it
(`begin_write` ... `end_write`): `begin_write` bumps its tables first (a "writing" pre-bump, held, and the
refresh is not woken for it), so a reader that computes meanwhile does so under a key no reader will use once
the write is over; and while a write is open, nothing read from its tables is cached (`writing_to`; a reader
cannot tell whether it read before or after the commit), nor is a snapshot that includes its pre-bump
published. Without it a reader could compute on the new data between the commit and the bump, and cache it
under the old versions' key, for every later reader.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_SQL = Path(__file__).resolve().parent / "sql"
_CREATE = re.compile(r"create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)", re.IGNORECASE)
_WORD = re.compile(r"[a-z_][a-z0-9_]*")

#: Table macros (insights/store/sql/schema.sql) and the tables they read.
MACROS = {
    "filtered_narratives": ("narratives",),
    "grouped_narratives": ("narratives",),
    # the pre-aggregated women are derived from the narratives and their excerpts: a write to either
    # (whoever bumps it) also drops what was read from them
    "filtered_women": ("agg_narratives", "narratives", "coded_excerpts"),
    "grouped_women": ("agg_narratives", "narratives", "coded_excerpts"),
}

#: The pre-aggregated tables (insights.analysis.aggregates.TABLES), written with narratives and excerpts.
AGGREGATES = ("agg_bits", "agg_narratives", "agg_quote_keys", "agg_quote_contexts")
#: The engagement pre-aggregates (aggregates.ENGAGEMENT_TABLES), written with the engagement log.
ENGAGEMENT_AGGREGATES = ("agg_venue_days", "agg_venue_day_packs")

#: Tables each import kind writes (and what every import writes besides).
IMPORT_TABLES = {
    "venues": ("venues",),
    "narratives": ("narratives", *AGGREGATES),
    "excerpts": ("coded_excerpts", "quote_reviews", "meta", *AGGREGATES),
    "coding": ("coded_excerpts", "quote_reviews", "meta", *AGGREGATES),  # the Coding page
    "engagement": ("engagement_log", "engagement_packs", *ENGAGEMENT_AGGREGATES),
}
EVERY_IMPORT = ("imports", "import_changes", "audit_log")


@cache
def tables() -> frozenset[str]:
    """Every table the schema creates."""
    names: set[str] = set()
    for path in [_SQL / "schema.sql", *sorted((_SQL / "migrations").glob("*.sql"))]:
        names.update(m.lower() for m in _CREATE.findall(path.read_text(encoding="utf-8")))
    return frozenset(names)


def tables_read(sql: str) -> frozenset[str]:
    """The tables a query reads (names in its SQL text, comments removed, macros expanded)."""
    text = "\n".join(line.split("--", 1)[0] for line in sql.lower().splitlines())
    words = set(_WORD.findall(text))
    found = set(words & tables())
    for macro, read in MACROS.items():
        if macro in words:
            found.update(read)
    return frozenset(found)


def import_tables(kind: str) -> tuple[str, ...]:
    """Tables an import of this kind (or its withdrawal) may change."""
    return IMPORT_TABLES.get(kind, tuple(tables())) + EVERY_IMPORT


@dataclass(frozen=True)
class Snapshot:
    """The data versions at one moment: `generation` counts every write; keys are made from the counters."""

    generation: int
    every: int
    by_table: tuple[tuple[str, int], ...]

    def key(self, tables: frozenset[str]) -> tuple:
        counts = dict(self.by_table)
        return (self.every, *sorted((t, counts.get(t, 0)) for t in tables))

    def changed_since(self, older: Snapshot) -> frozenset[str] | None:
        """Tables written between `older` and this snapshot (None: every table)."""
        if self.every != older.every:
            return None
        before = dict(older.by_table)
        return frozenset(t for t, n in self.by_table if before.get(t, 0) != n)


class Versions:
    """Thread-safe per-table change counters (plus one for 'everything').

    Besides the current versions there are the *published* ones: a write made with `hold=True` is not
    published until `publish()` (ui.refresh recomputes the busiest cached results for it first, and readers
    meanwhile may use the published versions' cached results); any other write is published at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._all = 0
        self._by_table: dict[str, int] = {}
        self._generation = 0
        self._published = Snapshot(0, 0, ())
        #: generation -> monotonic time of each write not yet published (oldest first)
        self._held: dict[int, float] = {}
        #: token -> (the tables of a write under way (None: every table), the generation of its pre-bump)
        self._open: dict[int, tuple[frozenset[str] | None, int]] = {}
        self._tokens = 0

    def _snapshot(self) -> Snapshot:
        return Snapshot(self._generation, self._all, tuple(sorted(self._by_table.items())))

    def bump(self, *tables: str, hold: bool = False) -> None:
        """Record a write to these tables (none = to every table); `hold`: publish it later (`publish`)."""
        with self._lock:
            self._bump(tables, hold)

    def _bump(self, tables: tuple[str, ...], hold: bool) -> None:
        """(Under self._lock.) A write not held is published at once, unless one is still under way."""
        if not tables:
            self._all += 1
        for table in tables:
            self._by_table[table] = self._by_table.get(table, 0) + 1
        self._generation += 1
        if hold or self._open:
            self._held[self._generation] = time.monotonic()
        else:
            self._published = self._snapshot()
            self._held.clear()

    def begin_write(self, *tables: str, hold: bool = False) -> int:
        """A write to these tables (none: every table) is about to begin: bump them now, note it open.

        Returns the token for `end_write`. Call it before the write's transaction begins."""
        with self._lock:
            self._tokens += 1
            self._open[self._tokens] = (frozenset(tables) or None, self._generation + 1)
            self._bump(tables, hold)
            return self._tokens

    def end_write(self, token: int, *, hold: bool = False) -> None:
        """The write is over (committed or rolled back): bump its tables again and close it, at once."""
        with self._lock:
            entry = self._open.pop(token, None)
            if entry is None:
                return
            tables = tuple(sorted(entry[0])) if entry[0] is not None else ()
            self._bump(tables, hold)

    def writing_to(self, tables: frozenset[str]) -> bool:
        """Whether a write to any of these tables is under way (begun, not yet ended)."""
        with self._lock:
            return any(written is None or written & tables for written, _ in self._open.values())

    def open_writes(self) -> int:
        """How many writes are under way."""
        with self._lock:
            return len(self._open)

    def key(self, tables: frozenset[str], snapshot: Snapshot | None = None) -> tuple:
        """A hashable key that changes when any of these tables (or everything) was written.

        The current versions, or those of `snapshot` (the same key as the current one had then)."""
        if snapshot is not None:
            return snapshot.key(tables)
        with self._lock:
            return (self._all, *sorted((t, self._by_table.get(t, 0)) for t in tables))

    def snapshot(self) -> Snapshot:
        """The current versions."""
        with self._lock:
            return self._snapshot()

    def published(self) -> Snapshot:
        """The versions last published (the current ones when no held write is waiting)."""
        with self._lock:
            return self._published

    def held_for(self) -> float:
        """Seconds since the oldest write that is not yet published (0.0: none)."""
        with self._lock:
            if not self._held:
                return 0.0
            return time.monotonic() - min(self._held.values())

    def publish(self, snapshot: Snapshot) -> None:
        """Publish `snapshot` (taken earlier with `snapshot()`); an older one than the published is ignored."""
        with self._lock:
            if snapshot.generation <= self._published.generation:
                return
            if any(generation <= snapshot.generation for _, generation in self._open.values()):
                return  # it includes a write under way: what was computed for it may be either side of it
            self._published = snapshot
            self._held = {g: t for g, t in self._held.items() if g > snapshot.generation}
