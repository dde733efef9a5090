"""Server-side script-run timing for the load test: one JSON line per page run when
$MATERNITY_TIMING_LOG names a file (off otherwise). Measured inside the server, so the numbers are the
server's own work, not a browser's."""

from __future__ import annotations

import json
import os
import threading
import time

ENV = "MATERNITY_TIMING_LOG"
_LOCK = threading.Lock()


def log_path() -> str | None:
    """The timing log file, or None when timing is off."""
    return os.environ.get(ENV) or None


def record(page: str, seconds: float, outcome: str, session: str = "") -> None:
    """Append one line {t, page, seconds, outcome, session} (one write per line, under a lock)."""
    path = log_path()
    if not path:
        return
    line = json.dumps(
        {"t": time.time(), "page": page, "seconds": round(seconds, 4), "outcome": outcome, "session": session}
    )
    with _LOCK, open(path, "a", encoding="utf-8") as out:
        out.write(line + "\n")


_gc_started: dict[int, float] = {}
#: Collections shorter than this are not logged (seconds): the young generations take microseconds.
GC_LOGGED = 0.005


def _gc_probe(phase: str, info: dict) -> None:
    gen = info.get("generation", 0)
    if phase == "start":
        _gc_started[gen] = time.perf_counter()
        return
    began = _gc_started.pop(gen, None)
    if began is not None and (seconds := time.perf_counter() - began) >= GC_LOGGED:
        record("(garbage collection)", seconds, f"gc{gen}")


def probe_gc() -> None:
    """With timing on, log each garbage collection that paused the interpreter for `GC_LOGGED` or longer
    (every thread waits for it): the load test sets them beside the page runs they lengthened."""
    import gc

    if log_path() and _gc_probe not in gc.callbacks:
        gc.callbacks.append(_gc_probe)
