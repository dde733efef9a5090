"""After a write, one background thread recomputes what readers recently asked for, then publishes it.

A write the dashboard makes (or sees another process make) is *held* (insights.store.versions): its
versions are current, but other readers' runs keep reading the last published versions' cached results
(ui.data.reading_run) for at most `MATERNITY_STALE_SECONDS`. Meanwhile this thread takes the recipes pages
used in the last `RECENT` seconds (ui.cache: named queries with their parameters, and the tables and charts
derived from them), recomputes those that read a table the write changed, at the new versions, and then
publishes the versions, so the next reader of each page finds its queries, tables and charts cached.

- Only one refresh runs at a time, in this one daemon thread; it waits `SETTLE` seconds after a write so an
  import's several bumps are recomputed once, and after each recipe, while a page run is under way, waits
  for it as long as the recipe took (one interpreter serves every session: page runs get at least half of
  it meanwhile; with no page running it goes straight on).
- If the database was written again while it worked, to a table what it recomputed reads, it stops and does
  not publish (a result may hold the newer data under the older versions' key): it starts again at once on
  the newer versions (what the write did not change is found in the cache). Readers are never held longer
  than `MATERNITY_STALE_SECONDS` either way.
- If a recipe fails, the refresh stops and publishes: readers then compute what is missing themselves, as
  they did before. The failure is logged, never shown.
- Charts, maps and the analysis tables (`COMPUTED_ELSEWHERE`) are made in a worker process ("refresh" lane of
  insights.ingest.worker, insights.output.drawn): this thread sends their tables and installs what comes back in
  the caches (a Plotly figure as its dict, cache.SharedFigure.from_dict), so it holds the interpreter lock
  page runs need only for the queries, the Arrow conversions and the hand-over. `MATERNITY_REFRESH_WORKER=0`,
  or a worker that cannot be used, makes them here. A query result equal to the one before the write keeps its
  origin (ui.data), so what is derived from it is found cached and not made again at all.
- Its CPU in this process (by kind of step) and its worker's go to the timing log ($MATERNITY_TIMING_LOG).
- It stops at interpreter exit (a thread still inside DuckDB when the interpreter ends kills the process).

It works on a data layer handed to it (`source`: ui.data, which imports this module): its `VERSIONS`,
`query_at`, `tables_of` and `stale_seconds`.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from types import ModuleType
from typing import Any

from insights import timing
from insights.ingest import worker
from insights.output import drawn
from ui import cache

log = logging.getLogger(__name__)

#: Seconds to wait after a write before recomputing (an import bumps its tables more than once).
SETTLE = 0.3
#: Recipes used within this many seconds are recomputed after a write.
RECENT = 600.0
#: The longest rest between two recipes (seconds).
PAUSE_MAX = 0.2
#: The key in a refresh's memo (`evaluate`) of its CPU seconds by kind of step, each without its parts.
CPU = "(cpu by kind)"
#: How many of a refresh's costliest recipes (each with its parts) the timing log names.
TOP = 8

#: `MATERNITY_REFRESH_WORKER`: "0" builds the refresh's charts and maps in the server's interpreter.
WORKER_ENV = "MATERNITY_REFRESH_WORKER"
#: Derived tables computed in the worker too: the pandas-only analysis functions (not ui.cache's helpers,
#: which would import Streamlit there, nor the quote checks, which would load the anonymiser there).
COMPUTED_ELSEWHERE = ("insights.analysis.",)

_wake = threading.Event()
_stop = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None
_source: ModuleType | None = None
#: What the last refresh did (for tests and the benchmark's notes): recipes recomputed, published, error.
last: dict[str, Any] = {}


def wake(source: ModuleType) -> None:
    """A held write happened in `source` (ui.data): make sure the thread runs (started on first use)."""
    global _thread, _source
    with _lock:
        _source = source
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(target=_loop, name="maternity-cache-refresh", daemon=True)
            _thread.start()
            if elsewhere():
                worker.start("refresh")  # ready (plotly imported) by the time the first recipe is built
    _wake.set()


def stop(timeout: float = 10.0) -> None:
    """Stop the thread (interpreter exit, tests)."""
    _stop.set()
    _wake.set()
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join(timeout)
    if thread is None or not thread.is_alive():
        _stop.clear()  # a later refresh (or thread) may run again


atexit.register(stop)


def _loop() -> None:
    while not _stop.is_set():
        _wake.wait()
        _wake.clear()
        if _stop.wait(SETTLE):
            return
        source = _source
        if source is None:
            continue
        try:
            refresh_once(source)
        except Exception:  # noqa: BLE001 -- never let the thread die: readers compute themselves
            log.exception("cache refresh failed")
            source.VERSIONS.publish(source.VERSIONS.snapshot())


def tables_of(source: ModuleType, recipe: tuple) -> frozenset[str]:
    """The tables a recipe's queries read."""
    kind = recipe[0]
    if kind == "query":
        return source.tables_of(recipe[1])
    if kind in ("item", "frame", "arrow"):
        return tables_of(source, recipe[1])
    if kind == "value":
        return frozenset()
    found: set[str] = set()
    for part in (*recipe[3], *(v for _, v in recipe[4])):
        found |= tables_of(source, part)
    return frozenset(found)


def evaluate(source: ModuleType, recipe: tuple, snapshot, memo: dict[str, Any]) -> Any:
    """The value a recipe makes at these versions, computed into the shared caches if missing."""
    key = repr(recipe)
    if key in memo:
        return memo[key]
    kind = recipe[0]
    began = time.thread_time()  # this step's own CPU, its parts' apart (`CPU` in memo: by kind)
    if kind == "value":
        value = recipe[1]
    elif kind == "query":
        value = source.query_at(recipe[1], dict(recipe[2]), snapshot)
    elif kind == "item":
        value = evaluate(source, recipe[1], snapshot, memo)[recipe[2]]
    elif kind == "frame":
        value = evaluate(source, recipe[1], snapshot, memo).frame
    elif kind == "arrow":  # a table as st.dataframe is given it (ui.cache.arrow_table)
        columns = None if recipe[2] is None else list(recipe[2])
        part = evaluate(source, recipe[1], snapshot, memo)
        began = time.thread_time()
        value = cache.arrow_table(part, columns)
    else:
        fn = cache._resolve(recipe[1], recipe[2])
        args = [evaluate(source, a, snapshot, memo) for a in recipe[3]]
        kwargs = {k: evaluate(source, v, snapshot, memo) for k, v in recipe[4]}
        began = time.thread_time()
        if kind == "derived" and elsewhere() and recipe[1].startswith(COMPUTED_ELSEWHERE):
            value = cache.derived_made_by(compute_elsewhere, fn, *args, **kwargs)
        elif kind == "derived":
            value = cache.derived(fn, *args, **kwargs)
        elif elsewhere():
            value = cache.figure_made_by(build_elsewhere, fn, *args, **kwargs)
        else:
            value = cache.figure(fn, *args, **kwargs)
    if kind in ("query", "arrow", "derived", "figure"):
        spent = memo.setdefault(CPU, {})
        spent[kind] = spent.get(kind, 0.0) + time.thread_time() - began
    memo[key] = value
    return value


def elsewhere() -> bool:
    """Whether charts and maps are built in the refresh's worker process (`MATERNITY_REFRESH_WORKER`, on)."""
    return os.environ.get(WORKER_ENV, "1").strip() != "0"


def build_elsewhere(module: str, name: str, args: tuple, kwargs: dict) -> Any:
    """A chart or map built in the "refresh" worker process (insights.output.drawn), so building it does not
    hold this interpreter's lock while page runs wait: a Plotly figure comes back as its dict
    (cache.SharedFigure.from_dict), a map with its JSON made. If the worker cannot do it, built here."""
    try:
        kind, value = worker.run_in_worker(drawn.build, module, name, args, kwargs, lane="refresh")
    except worker.WorkerFailed as exc:
        log.warning("the refresh worker could not build %s.%s (%s); building it here", module, name, exc)
        return cache._build(module, name, args, kwargs)
    return cache.SharedFigure.from_dict(value) if kind == "plotly" else value


def compute_elsewhere(module: str, name: str, args: tuple, kwargs: dict) -> Any:
    """A derived table (`COMPUTED_ELSEWHERE`) computed in the "refresh" worker process, or here if the
    worker cannot do it."""
    try:
        return worker.run_in_worker(drawn.compute, module, name, args, kwargs, lane="refresh")
    except worker.WorkerFailed as exc:
        log.warning("the refresh worker could not compute %s.%s (%s); computing it here", module, name, exc)
        return cache._resolve(module, name)(*args, **kwargs)


def _spent(before: float | None, after: float | None) -> float | None:
    """The worker's CPU seconds between two readings (None: not known; a new worker counts from 0)."""
    if after is None:
        return None
    return round(after - (before if before is not None and before <= after else 0.0), 3)


def describe(recipe: tuple) -> str:
    """A short name for a recipe (the timing log): its kind and query or function name."""
    kind = recipe[0]
    if kind == "query":
        return f"query {recipe[1]}"
    if kind in ("item", "frame", "arrow"):
        return f"{kind} of {describe(recipe[1])}"
    if kind == "value":
        return "value"
    return f"{kind} {recipe[2]}"


def give_way(source: ModuleType, limit: float) -> float:
    """Wait while page runs are under way in this process, at most `limit` seconds; seconds waited.

    One interpreter serves every session: a recipe computed while a page runs takes the interpreter lock
    and a core from it, so after each recipe the refresh waits for running pages to finish, for as long
    as the recipe took (at most PAUSE_MAX), and goes straight on when none is running."""
    began = time.monotonic()
    while source.active_runs() > 0 and time.monotonic() - began < limit:
        if _stop.wait(0.005):
            break
    return time.monotonic() - began


def refresh_once(source: ModuleType) -> bool:
    """Recompute the recently used recipes a held write changed; publish its versions. True if published."""
    versions = source.VERSIONS
    published, target = versions.published(), versions.snapshot()
    if target.generation == published.generation:
        return False
    if versions.open_writes():  # a write is under way: its end wakes this thread again (ui.data.writing)
        return False
    changed = target.changed_since(published)
    recipes = [
        r for r in reversed(cache.recently_used(RECENT)) if changed is None or tables_of(source, r) & changed
    ]  # the most recently used first
    started, done, read, error = time.monotonic(), 0, set(), None
    cpu_started, costs = time.thread_time(), []
    same_before = dict(getattr(source, "SAME_COUNTS", {}))
    worker_before = worker.cpu_seconds("refresh")
    memo: dict[str, Any] = {}
    with cache.quietly():  # recomputing is not a use: recipes nobody asks for again age out
        for recipe in recipes:
            if _stop.is_set() or versions.held_for() > source.stale_seconds():
                break  # readers compute for themselves now
            read |= tables_of(source, recipe)
            began, began_cpu = time.monotonic(), time.thread_time()
            try:
                evaluate(source, recipe, target, memo)
            except Exception as exc:  # noqa: BLE001 -- readers will compute it (and say what went wrong)
                error = f"{type(exc).__name__}: {exc}"
                log.warning("cache refresh stopped at %s: %s", recipe[:3], error)
                break
            done += 1
            costs.append((time.thread_time() - began_cpu, describe(recipe)))
            later = versions.snapshot().changed_since(target)
            if later is None or later & read:
                break  # written again, to what was recomputed: not publishable; start again at once
            # page runs first: after each recipe, give way to running pages as long as it took (at most
            # PAUSE_MAX), so this thread takes at most about half of the interpreter while pages run
            give_way(source, min(time.monotonic() - began, PAUSE_MAX))
    later = versions.snapshot().changed_since(target)
    published_now = not (later is None or later & read)
    # what this refresh did is recorded before its versions are published, in one step: whoever sees the
    # new versions published (a test, the benchmark) also sees this record, never a half-written one
    last.update(
        dict(
            recipes=len(recipes),
            done=done,
            seconds=round(time.monotonic() - started, 3),
            published=published_now,
            error=error,
            cpu=round(time.thread_time() - cpu_started, 3),
            costs=sorted(costs, reverse=True),
            by_kind={k: round(v, 3) for k, v in sorted(memo.get(CPU, {}).items())},
            worker_cpu=_spent(worker_before, worker.cpu_seconds("refresh")),
            same={k: n - same_before.get(k, 0) for k, n in getattr(source, "SAME_COUNTS", {}).items()},
        )
    )
    if not published_now:
        _wake.set()  # written again meanwhile, to what was recomputed: again, for the newer versions
    else:
        versions.publish(target)
        if versions.snapshot().generation != target.generation:
            _wake.set()
    # the load test's server-side timing ($MATERNITY_TIMING_LOG): one line per refresh, apart from page runs
    top = "; ".join(f"{c * 1000:.0f}ms {d}" for c, d in last["costs"][:TOP])
    timing.record(
        "(cache refresh)",
        last["seconds"],
        "refresh",
        f"{done}/{len(recipes)} published={published_now} cpu={last['cpu']:.3f}s changed={sorted(changed or ['*'])}"
        f" worker cpu={last['worker_cpu']} cpu by kind: {last['by_kind']} query results {last['same']} top (with parts): {top}",
    )
    return published_now
