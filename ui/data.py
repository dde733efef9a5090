"""The dashboard's database access: one connection per process, a cursor per call, cached queries.

A database held by another process (a command-line import) is handled here, once for every page:
the page says in one sentence what is busy and tries again by itself (ui.data.connection).
Cached query results are keyed by the data versions of the tables each query reads
(insights.store.versions), so a write invalidates only what it changed: an audit entry for a download or
a sign-in leaves every chart's cached data in place.

After a write, other readers need not pay for recomputing what it changed (stale-while-revalidate): the
write is *held* (insights.store.versions), and for up to `MATERNITY_STALE_SECONDS` (default 30) a page run
that dashboard.py wraps in `reading_run` reads the last *published* versions' cached results, all of them
from that one moment (a run never mixes versions: a result missing from the cache at those versions makes
the run start again on the current ones), while one background thread recomputes the recently used queries,
tables and charts for the new versions and then publishes them (ui.refresh). The session that wrote reads
the current versions at once, and so does a session once a run of it had to (a missing result, a cursor)
until they are published; and so does any run outside `reading_run` (tests, the page tests, commands), or
of a page whose insights.access.roles.PAGES spec does not say `shows_published`.

A page reads the database in one of three ways, and names which (tests/test_cache_refresh.py checks the
pages that show the published data): `query` (a named query, cached, pinned to the run's versions: how
pages draw); `display_cursor(...)` (a direct read that draws the page, for what cannot be a cached named
query: a restricted query run by its domain function, a search's stemming; it says what it reads, and if
that was written since the run's versions the run goes on at the current ones, starting again if it already
showed older results, so a run never mixes versions); `action_cursor()` (for what a button, a callback or a
form asked for: it acts on the current data and the rest of the run reads it, without starting again, which
would lose the click). Writes go through `writing(...)`. A page that draws only through the first two may
show the published data. Having opened a page on the current data does not hold a session to the current
versions elsewhere: another page may then show the published data for a few seconds, with a caption saying
so (dashboard.py).

Every write the dashboard makes runs inside `writing(...)` (pages, ui.writes.run_write, ui.roles, ui.vintage;
a test checks that nothing else bumps the versions): its tables are bumped before the write's transaction
begins and again after it, and nothing read from them meanwhile is cached, so a reader computing between
the commit and the bump cannot cache the new data under the old versions' key (insights.store.versions).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd
import streamlit as st

import queries
from insights import config
from insights.demo import build as demo_build
from insights.store import db, lake, versions
from ui import cache, refresh

#: Page-level retries while the database is busy (each after the connect's own bounded wait).
BUSY_RETRIES = 12
_BUSY_TRIES = "_database_busy_tries"
#: A run restarted on newer data this many times in a row (writes kept ending during it) is not restarted again:
#: it reads the current data from there on and says its figures may be from just before a change.
MAX_RESTARTS = 3
_RESTARTS = "_run_restarts_in_a_row"
VERSIONS = versions.Versions()
#: On the shared store, other servers and the command line write too: their snapshots bump VERSIONS.
_OTHERS = lake.ChangeFeed()
#: How long (seconds) other readers may be shown results from before a write while they are recomputed.
STALE_SECONDS = 30.0
#: The newest data generation this session has been shown (it is never shown older data after that).
_SEEN = "_data_seen_generation"
#: Per script thread: which versions this run reads (`pin`: a Snapshot, None = current), whether it was shown
#: results older than the current ones (`stale`), and whether it needs to start again (`again`).
_RUN = threading.local()


def stale_seconds() -> float:
    """`MATERNITY_STALE_SECONDS` (default 30; 0 = every reader recomputes after a write at once)."""
    try:
        return max(0.0, float(os.environ.get("MATERNITY_STALE_SECONDS", STALE_SECONDS)))
    except ValueError:
        return STALE_SECONDS


class _StaleMiss(Exception):
    """A stale-only read found nothing cached at the pinned versions (never cached, never shown)."""


class _Uncached(Exception):  # noqa: N818 -- a result handed back, not an error
    """A result computed while a write to its tables was under way (or after its key's versions moved on):
    handed to the caller, never cached (it may hold data newer than its key)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        super().__init__("computed during a write")
        self.frame = frame


def _see(generation: int) -> None:
    try:
        if st.session_state.get(_SEEN, 0) < generation:
            st.session_state[_SEEN] = generation
    except Exception:  # noqa: BLE001 -- no session (a background thread, a command): nothing to remember
        pass


def _pin() -> versions.Snapshot:
    """The versions a run reads: the published ones while a held write is being recomputed, else the current
    ones as the run starts (a write that ends while the run is under way does not change what it reads)."""
    published, current = VERSIONS.published(), VERSIONS.snapshot()
    if published.generation == current.generation or stale_seconds() <= 0:
        _RUN.why = "current"
        _see(current.generation)
        return current
    seen = st.session_state.get(_SEEN, 0) > published.generation
    if seen or VERSIONS.held_for() > stale_seconds():
        _RUN.why = "seen newer" if seen else "held too long"
        _see(current.generation)  # this session wrote or was shown newer data; or it has waited long enough
        return current
    _RUN.why = "published"
    return published


_ACTIVE = {"runs": 0}
_ACTIVE_LOCK = threading.Lock()


def active_runs() -> int:
    """How many page runs (`reading_run`) are under way in this process (ui.refresh gives way to them)."""
    return _ACTIVE["runs"]


@contextmanager
def reading_run(allow_stale: bool = True) -> Iterator[None]:
    """One page run (dashboard.py): reads the published versions while a held write is recomputed, else the
    versions current when it starts, all of its reads.

    If a result is missing at those versions (never cached there, and the database has moved on: a write
    ended meanwhile) after the run read a table that write changed, the run is started again (st.rerun) on the
    current versions, so a page never shows or derives from two versions at once."""
    _RUN.why = "reads directly"
    _RUN.pin = _pin() if allow_stale else None
    _RUN.stale = False
    _RUN.read = set()
    with _ACTIVE_LOCK:
        _ACTIVE["runs"] += 1
    try:
        yield
    finally:
        _RUN.pin = None
        _RUN.read = None
        with _ACTIVE_LOCK:
            _ACTIVE["runs"] -= 1
        if not getattr(_RUN, "again", False):  # the run ended without starting again: count restarts afresh
            with contextlib.suppress(Exception):  # a session already gone (a test's abandoned run): no count
                st.session_state.pop(_RESTARTS, None)


def how_run_read() -> str:
    """How the last run chose its versions (the load test's notes): current, published, seen newer, ..."""
    return str(getattr(_RUN, "why", ""))


def run_was_stale() -> bool:
    """Whether this run was shown results older than the current versions (a write is being recomputed)."""
    return bool(getattr(_RUN, "stale", False))


def _current_from_here() -> None:
    """Read the current versions for the rest of this run; start it again if it read, at its versions, a
    table written since (older results were shown: at the published versions, or before a write ended)."""
    pin = getattr(_RUN, "pin", None)
    if pin is None:
        return
    _RUN.pin = None
    now = VERSIONS.snapshot()
    _see(now.generation)
    changed = now.changed_since(pin)
    if _RUN.stale or changed is None or changed & getattr(_RUN, "read", set()):
        restarts = st.session_state.get(_RESTARTS, 0)
        if restarts >= MAX_RESTARTS:  # a busy writer: never restart for ever; said to be from before a change
            _RUN.why = f"{_RUN.why}, not restarted again"
            _RUN.stale = True
            return
        st.session_state[_RESTARTS] = restarts + 1
        _RUN.stale = False
        _RUN.again = True
        st.rerun()


def started_again() -> bool:
    """Whether the run that just ended stopped to start again on the current versions (then forgets it)."""
    again = bool(getattr(_RUN, "again", False))
    _RUN.again = False
    return again


@st.cache_resource(show_spinner="Preparing the database (first run builds the demo)…")
def _connection() -> duckdb.DuckDBPyConnection:
    # Opening for writing applies pending schema migrations (insights.store.migrations) under the write lock.
    con = db.connect(
        demo_build.ensure_database(), wait=min(db.busy_wait(), 3.0), threads=config.server_threads()
    )
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


def action_cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor for something the user asked for in this run: a button, a callback, a form's submit.

    It acts on the current data (a decision made on a page showing the published data is applied to the
    current rows, never to older ones), so the rest of the run reads the current versions too. The run is
    not started again (that would lose the button's click): what it drew before this point may be from the
    published versions. Never for drawing the page: that is `display_cursor` (or a named query, `query`)."""
    if getattr(_RUN, "pin", None) is not None:
        _RUN.pin = None  # not a restart: the cursor is for an action a button asked for in this run
        if _RUN.why == "published":
            _RUN.why = "published, then cursor"
        _see(VERSIONS.snapshot().generation)
    return connection().cursor()


#: The older name of `action_cursor` (ui.roles, ui.writes and ui.vintage use it for their writes); pages name
#: which of the two they mean (tests/test_cache_refresh.py checks).
cursor = action_cursor


def display_cursor(*names: str, tables: tuple[str, ...] | frozenset[str] = ()) -> duckdb.DuckDBPyConnection:
    """A fresh cursor for a direct read that draws the page (a restricted query run by its domain function,
    a search term's stemming): it reads the current data, and a run never mixes two versions.

    `names` (named queries) and `tables` say what the read reads. If none of them was written since the
    versions this run reads (the published ones, or those current when it began), the current rows are the
    rows at those versions: the run keeps them. Otherwise (or when nothing is said: any table) the run reads
    the current versions from here on, and starts again on them if it already showed older results
    (`_current_from_here`, as a result missing at the published versions does). Not covered: a write to those
    tables that begins after this check and commits before the caller's read (a window as long as the read;
    a named query has the same window, and its result is then not cached)."""
    pin = getattr(_RUN, "pin", None)
    if pin is not None:
        reads = tables_of(*names) | frozenset(tables)
        now = VERSIONS.snapshot()
        moved = now.changed_since(pin)
        if not reads or moved is None or moved & reads or VERSIONS.writing_to(reads):
            _RUN.why = f"{_RUN.why}, then read directly"
            _current_from_here()
        else:
            read = getattr(_RUN, "read", None)
            if read is not None:
                read |= reads  # a later miss after a write to these tables restarts the run
    return connection().cursor()


def _leave_pin() -> None:
    """This run writes: it reads the current versions from here on (the writer sees its own write)."""
    if getattr(_RUN, "pin", None) is not None:
        _RUN.pin = None
        if _RUN.why == "published":
            _RUN.why = "published, then wrote"


@contextmanager
def writing(*tables: str, kind: str | None = None) -> Iterator[None]:
    """Every write the dashboard makes, around its transaction (begun inside the block, never before it).

    Before: the tables it writes (none: every table; `kind`: an import's or undo's tables,
    versions.import_tables) are bumped and the write noted as under way (versions.Versions.begin_write), so a
    reader computing meanwhile does not cache what it read under the old versions' key (it may have read the
    new data between the commit and the bump after it). After, whatever happened inside (a rolled-back write
    changed nothing, and one more bump costs nothing): bumped again and closed, held for the background
    refresh if readers may wait (ui.refresh), and the session that wrote reads its write at once."""
    written = versions.import_tables(kind) if kind is not None else tables
    hold = stale_seconds() > 0
    token = VERSIONS.begin_write(*written, hold=hold)
    _leave_pin()
    try:
        yield
    finally:
        VERSIONS.end_write(token, hold=hold)
        _see(VERSIONS.snapshot().generation)
        _leave_pin()
        if hold:
            refresh.wake(sys.modules[__name__])
        if "coded_excerpts" in written:  # a settlement, an import, coding: suggestions learn from them
            _suggestions_catch_up(connection())


def reread() -> None:
    """Forget every cached result (no write of this process: another may have written, e.g. the command line)."""
    hold = stale_seconds() > 0
    VERSIONS.bump(hold=hold)
    _see(VERSIONS.snapshot().generation)
    _leave_pin()
    if hold:
        refresh.wake(sys.modules[__name__])


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query from queries/ with bound parameters (cached until a table it reads changes)."""
    con = connection()  # a busy database is reported here, outside the cached function
    changed = _OTHERS.poll(con)  # the shared store: tables other processes wrote since the last look
    if changed is None or changed:
        VERSIONS.bump(*(changed or ()), hold=stale_seconds() > 0)
        if stale_seconds() > 0:
            refresh.wake(sys.modules[__name__])
        if changed is None or "coded_excerpts" in changed:  # another process (the command line) coded
            _suggestions_catch_up(con)
    recipe = ("query", name, tuple(sorted(params.items())))
    cache.used(recipe)
    pin = getattr(_RUN, "pin", None)
    if pin is not None and data_version_at(name, pin) != data_version_at(name, None):
        _RUN.stale_only = True
        try:
            frame = query_at(name, params, pin)
        except _StaleMiss:
            _RUN.why = (
                f"published, then missing {name}"
                if _RUN.why == "published"
                else f"{_RUN.why}, then written meanwhile: {name}"
            )
            _current_from_here()  # starts the run again if it read what was written meanwhile
        else:
            _RUN.stale = True
            _note_read(name)
            return frame
        finally:
            _RUN.stale_only = False
    frame = query_at(name, params, None)
    _note_read(name)
    return frame


def _note_read(name: str) -> None:
    """This run has shown what the query read (a later miss at its versions then restarts the run)."""
    read = getattr(_RUN, "read", None)
    if read is not None:
        read |= tables_of(name)


def query_at(name: str, params: dict, snapshot: versions.Snapshot | None) -> pd.DataFrame:
    """The named query's cached result at these versions (None: the current ones), computed if missing."""
    version = data_version_at(name, snapshot)
    # Streamlit's cache key follows the order of the keyword arguments: one order (sorted) for every caller,
    # so what the background refresh computes from a recipe (sorted) is what a page's call finds
    ordered = dict(sorted(params.items()))
    key = cache.plain_key("query", name, (version,), ordered)
    try:
        if key is not None:  # one exact string: Streamlit need not hash the version and every parameter
            kept = _cached_keyed(key=key, _name=name, _version=version, _params=ordered)
        else:
            kept = _cached(name, version, **ordered)
    except _Uncached as uncached:  # read while a write to its tables was under way: no origin, no recipe
        return uncached.frame
    # where this frame came from: a cheap cache key for what pages derive from it (ui.cache), and how to
    # make it again (ui.refresh); a result equal to the one before the write keeps that one's origin
    items = tuple(sorted(params.items()))
    return cache.remember(_own(kept), _origin_of(kept, name, version, items), ("query", name, items))


#: id(kept result) -> (weak reference, origin): results found equal to the previous version's result of the
#: same query and parameters, and the origin they share with it (`_same_as_before`).
_SAME: dict[int, tuple[weakref.ref, str]] = {}
#: repr((name, params)) -> (weak reference to its latest kept result, that result's origin).
_LATEST: dict[str, tuple[weakref.ref, str]] = {}
_SAME_LOCK = threading.Lock()
#: Past this many entries, those whose result the cache has let go are dropped from `_LATEST`.
LATEST_MAX = 2048
#: What `_same_as_before` found (the refresh's timing line and the tests): results computed, equal to before.
SAME_COUNTS = {"computed": 0, "same": 0}


def _origin_of(kept: pd.DataFrame, name: str, version: tuple, items: tuple) -> str:
    """The origin of a kept result: its query, versions and parameters, or, when it equals the result of
    the versions before (the write did not change what this query returns), that result's origin."""
    entry = _SAME.get(id(kept))
    if entry is not None and entry[0]() is kept:
        return entry[1]
    return repr((name, version, list(items)))


def same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two query results are the same table: columns, their types, index, values and attrs."""
    try:
        return (
            a.shape == b.shape
            and list(a.columns) == list(b.columns)
            and a.dtypes.equals(b.dtypes)
            and a.index.equals(b.index)
            and a.attrs == b.attrs
            and a.equals(b)
        )
    except (TypeError, ValueError):  # cells that cannot be compared (arrays): not known to be the same
        return False


def _same_as_before(kept: pd.DataFrame, name: str, version: tuple, params: dict) -> None:
    """Note a result about to be cached: if it equals the latest cached result of the same query and
    parameters (at older versions), it takes that result's origin, so every table, chart and Arrow table
    derived from it (keyed by origin, ui.cache) is found cached instead of made again after a write that did
    not change it (an import to other areas, an audit entry). Equal values make equal derived values."""
    items = tuple(sorted(params.items()))
    which = repr((name, list(items)))
    own = repr((name, version, list(items)))
    with _SAME_LOCK:
        before = _LATEST.get(which)
    shared = own
    if before is not None:
        older = before[0]()
        if older is not None and older is not kept and same_frame(older, kept):
            shared = before[1]
    key = id(kept)
    with _SAME_LOCK:
        SAME_COUNTS["computed"] += 1
        if shared != own:
            SAME_COUNTS["same"] += 1
            _SAME[key] = (weakref.ref(kept, lambda _, key=key: _SAME.pop(key, None)), shared)
        _LATEST[which] = (weakref.ref(kept), shared)
        if len(_LATEST) > LATEST_MAX:  # many distinct parameters over a long run (searches): forget the dead
            for gone in [k for k, (ref, _) in _LATEST.items() if ref() is None]:
                del _LATEST[gone]


_TABLES: dict[str, frozenset[str]] = {}


def tables_of(*names: str) -> frozenset[str]:
    """The tables these named queries read."""
    tables: set[str] = set()
    for name in names:
        if name not in _TABLES:  # the SQL text is read and parsed once per query, not on every call
            _TABLES[name] = versions.tables_read(queries.load(name).sql)
        tables |= _TABLES[name]
    return frozenset(tables)


def data_version(*names: str) -> tuple:
    """The data versions of the tables these named queries read (changes when one of them is written);
    in a run that reads the published versions (`reading_run`), those."""
    return VERSIONS.key(tables_of(*names), getattr(_RUN, "pin", None))


def data_version_at(name: str, snapshot: versions.Snapshot | None) -> tuple:
    """The data versions of one query's tables at `snapshot` (None: now)."""
    return VERSIONS.key(tables_of(name), snapshot)


# room for two data versions of every recently used query (the published one and the one being recomputed).
# Results are kept as frames, not pickled (st.cache_data unpickled every result on every warm run: a twentieth
# of a warm commissioner run); each caller gets a shallow copy (`_own`), as independent as a deep one under
# pandas' copy-on-write.
@st.cache_resource(ttl=600, max_entries=512, show_spinner=False)
def _cached(name: str, version: tuple, **params) -> pd.DataFrame:
    return _compute(name, version, params)


@st.cache_resource(ttl=600, max_entries=512, show_spinner=False)
def _cached_keyed(key: str, _name: str, _version: tuple, _params: dict) -> pd.DataFrame:
    return _compute(_name, _version, _params)  # `key` is exact: the name, the versions and the parameters


def _own(frame: pd.DataFrame) -> pd.DataFrame:
    """A caller's own copy of a kept result: shallow (copy-on-write), its `attrs` its own too."""
    return frame.copy(deep=False)


def _compute(name: str, version: tuple, params: dict) -> pd.DataFrame:
    """Run the query for a cached call at `version`; raise if its result must not be cached."""
    if getattr(_RUN, "stale_only", False):
        raise _StaleMiss(name)  # not cached at the pinned versions: the database holds newer data now
    cur = _connection().cursor()
    try:
        frame = queries.run(cur, name, **params)
    finally:
        cur.close()
    tables = tables_of(name)
    # cached only if no write to its tables began since its key was taken (it may have read the new data)
    if VERSIONS.writing_to(tables) or VERSIONS.key(tables) != version:
        raise _Uncached(frame)
    _same_as_before(frame, name, version, params)
    return frame


def search_index() -> str:
    """The quote search mode; the index is checked (and rebuilt when stale) once per data version in the
    process, not in every session's first Quote review (the check hashes every excerpt's wording)."""
    return _search_index(version=data_version("quote_groups"))


@st.cache_resource(max_entries=4, show_spinner=False)
def _search_index(version: tuple) -> str:
    from insights.quotes import review

    cur = (
        connection().cursor()
    )  # the index in use, not data a page draws: the run's versions stay as they are
    try:
        return review.ensure_search_index(cur)
    finally:
        cur.close()
