"""CPU-heavy work of the dashboard in separate worker processes, so other sessions are not held up.

One Streamlit process runs every session's page on one Python interpreter: while an import validates
and anonymises a file, or the coding trainer fits its model, in that process, it holds the interpreter
lock (the GIL) most of the time, and every other session's page waits for it (benchmarks/RESULTS.md,
load test: the trainer alone held the lock a third of the time under load). So the Data page hands
the pure-Python part of an import (reading and validating the file's rows, anonymising new excerpts)
to a worker process, and the dashboard's coding trainer its fitting and cross-validation to another
("lanes": one persistent process each, started when first needed, one call at a time), and waits for
the answer while its own thread sleeps. A worker never opens the database: DuckDB allows one process
to write a file, so everything that reads or writes the database stays in the server process (the
import's write under the store's write lock, in one transaction, as before).

`call(fn, *args, progress=None, lane="import")` runs the module-level function `fn(*args)` in the
lane's worker and returns what it returns, or raises what it raised (the same exception type and
message as when run in the server). `progress(fraction, message)` receives the function's own
reports (the function is then called with `progress=`). When the worker cannot be used (it could not
start, it died, or a value could not be sent across), the work runs in the calling process as before,
`on_fallback` gets one plain sentence for the page, and the reason is logged. Settings ($MATERNITY_*)
are sent with every call, so the worker sees them as the server does at that moment. The worker is a
fresh interpreter started with the server's import path (not multiprocessing's 'spawn', which would
import the server's main module again in it); it ends when the server process ends. No Streamlit
here; the command line does not use the workers.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

#: What a page shows when the work ran in the dashboard's own process instead.
FALLBACK_MESSAGE = (
    "The separate import process was not available, so this step ran inside the dashboard itself: "
    "it worked as usual, but other people's pages may have been slower meanwhile."
)
#: Settings the worker must see as the server sees them at the time of each call (e.g. the earliest
#: plausible date, row limits, the anonymiser's deny list).
ENV_PREFIX = "MATERNITY_"
#: Seconds between checks that the worker is still alive while waiting for its answer.
_POLL = 0.5


class WorkerFailed(RuntimeError):
    """The worker process could not do the call (not the function's own error)."""


# --- inside the worker process -------------------------------------------------------------------


def _resolve(module: str, name: str) -> Callable:
    return getattr(importlib.import_module(module), name)


def _apply_env(env: dict[str, str]) -> None:
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
        del os.environ[key]
    os.environ.update(env)


def _send(conn, message: tuple) -> None:
    """Send one message; a value or exception that cannot cross processes becomes a 'failed' message."""
    try:
        conn.send(message)
    except Exception as exc:  # noqa: BLE001 -- e.g. an unpicklable result: the caller falls back
        conn.send(("failed", f"{message[0]} could not be sent back: {type(exc).__name__}: {exc}"))


def _serve(conn) -> None:
    """The worker's loop: one call at a time until the server goes away (the pipe closes)."""
    while True:
        try:
            module, name, args, kwargs, env, wants_progress = conn.recv()
        except (EOFError, OSError):
            return
        try:
            _apply_env(env)
            fn = _resolve(module, name)
            if wants_progress:
                kwargs = {**kwargs, "progress": lambda f, m: conn.send(("progress", f, m))}
            value = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 -- the function's own error goes back to the caller as it is
            _send(conn, ("raised", exc))
        else:
            _send(conn, ("ok", value))


def _main() -> None:
    """Entry point of the worker process: `python -c ... PATHS FD NICENESS` (see _Worker)."""
    with contextlib.suppress(OSError, AttributeError):  # lower priority is a courtesy, not a need
        os.nice(int(sys.argv[3]))
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C on the server reaches its workers too: end quietly
        _serve(Connection(int(sys.argv[2])))


# --- in the server process --------------------------------------------------------------------------


#: The worker's command: a fresh interpreter with the server's import path, then _main. Started this
#: way rather than by multiprocessing's 'spawn', which would import the server's main module again
#: (Streamlit's, or pytest's) in the worker.
_BOOT = "import json, sys; sys.path[:0] = json.loads(sys.argv[1]); from insights.ingest.worker import _main; _main()"


class _Worker:
    """One worker process and its end of a socket pair (a multiprocessing Connection on each side)."""

    def __init__(self, niceness: int = 0) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(  # noqa: S603 -- this interpreter, fixed code, no input
                [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(theirs.fileno()), str(niceness)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def exit_code(self) -> int | None:
        return self.process.poll()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()  # the worker reads the end of its input and exits
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=2)


#: One worker process per lane, each doing one call at a time: imports ("import") and the coding
#: trainer ("training") have a process each, so a minute of training never delays an import's check.
#: Each lane's process runs at a lower CPU priority than the server (Unix niceness), so that on a small
#: machine the people waiting for a page get the cores first: an import a little (the officer waits for
#: it), background training a lot (nobody waits for it; it held a core for minutes in the load test).
#: The dashboard's background refresh builds its charts in a third ("refresh", ui.refresh) at the server's own
#: priority: it is work the server did itself before, for readers; niced 5 on a busy machine, it often took longer
#: than the 15 s between the load test's imports and was thrown away unpublished.
NICENESS = {"import": 5, "training": 15, "refresh": 0}
LANES = tuple(NICENESS)
_WORKERS: dict[str, _Worker] = {}
_LOCKS = {lane: threading.Lock() for lane in LANES}


def _worker(lane: str) -> _Worker:
    worker = _WORKERS.get(lane)
    if worker is None or not worker.alive():
        if worker is not None:
            worker.stop()
        worker = _WORKERS[lane] = _Worker(NICENESS[lane])
    return worker


def start(lane: str = "import") -> None:
    """Start the lane's worker now if it is not running (returns at once; it gets ready while a file
    uploads)."""
    if not _LOCKS[lane].acquire(blocking=False):
        return  # a call is under way: the worker is running
    try:
        _worker(lane)
    except Exception:  # noqa: BLE001 -- a worker that cannot start is reported when it is used
        log.warning("the %s worker process could not be started", lane, exc_info=True)
    finally:
        _LOCKS[lane].release()


def stop() -> None:
    """Stop every worker (tests; they also end by themselves when the server process ends)."""
    for lane in LANES:
        with _LOCKS[lane]:
            _reset(lane)


def cpu_seconds(lane: str) -> float | None:
    """CPU seconds (user + system) the lane's worker process has used so far, from /proc; None if it is not
    running or this is not Linux (the load test's timing log: what the refresh's worker did)."""
    worker = _WORKERS.get(lane)
    if worker is None:
        return None
    try:
        with open(f"/proc/{worker.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _name(fn: Callable) -> tuple[str, str]:
    if fn.__name__ == "<lambda>" or "." in fn.__qualname__:
        raise WorkerFailed(f"{fn!r} is not a module-level function")
    return fn.__module__, fn.__name__


def run_in_worker(
    fn: Callable,
    *args: Any,
    progress: Callable[[float, str], None] | None = None,
    lane: str = "import",
    **kwargs: Any,
) -> Any:
    """`fn(*args, **kwargs)` in the lane's worker process; raises WorkerFailed when it could not do it."""
    module, name = _name(fn)
    env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    with _LOCKS[lane]:
        try:
            worker = _worker(lane)
            worker.conn.send((module, name, args, kwargs, env, progress is not None))
            while True:
                while not worker.conn.poll(_POLL):
                    if not worker.alive():
                        raise WorkerFailed(f"the worker process ended (exit code {worker.exit_code()})")
                message = worker.conn.recv()
                if message[0] == "progress":
                    if progress is not None:
                        progress(message[1], message[2])
                    continue
                break
        except WorkerFailed:
            _reset(lane)
            raise
        except (OSError, EOFError, ValueError, TypeError, AttributeError, RuntimeError) as exc:
            # could not start, the pipe broke, or the arguments could not be sent (pickling)
            _reset(lane)
            raise WorkerFailed(f"{type(exc).__name__}: {exc}") from exc
        except BaseException:
            # e.g. the page's run stopped (StopException) while waiting: the worker still owes an
            # answer on this pipe, so a new worker is started for the next call
            _reset(lane)
            raise
    status, value = message[0], message[1]
    if status == "raised":
        raise value
    if status == "failed":
        raise WorkerFailed(value)
    return value


def _reset(lane: str) -> None:
    """Throw the lane's worker away (the caller holds the lane's lock); the next call starts a new one."""
    worker = _WORKERS.pop(lane, None)
    if worker is not None:
        try:
            worker.stop()
        except Exception:  # noqa: BLE001 -- it is being thrown away
            log.debug("stopping the worker failed", exc_info=True)


def call(
    fn: Callable,
    *args: Any,
    progress: Callable[[float, str], None] | None = None,
    on_fallback: Callable[[str], None] | None = None,
    lane: str = "import",
    **kwargs: Any,
) -> Any:
    """`fn(*args, **kwargs)` in the lane's worker process, or here when the worker cannot do it.

    The function's own exceptions are raised as they are. `progress`, when given, is passed on to
    `fn` as its `progress=` argument (relayed from the worker). On fallback, `on_fallback` gets
    FALLBACK_MESSAGE once and the reason is logged.
    """
    try:
        return run_in_worker(fn, *args, progress=progress, lane=lane, **kwargs)
    except WorkerFailed as exc:
        log.warning("the worker process could not run %s (%s); running it in this process", fn.__name__, exc)
        if on_fallback is not None:
            on_fallback(FALLBACK_MESSAGE)
    if progress is not None:
        kwargs["progress"] = progress
    return fn(*args, **kwargs)


def offloader(on_fallback: Callable[[str], None] | None = None, lane: str = "import") -> Callable[..., Any]:
    """A function `offload(fn, *args, progress=None)` that runs `fn` through `call` in `lane`
    (for insights.ingest.load and insights.coding.trainer)."""

    def offload(fn: Callable, *args: Any, **kwargs: Any) -> Any:
        return call(fn, *args, on_fallback=on_fallback, lane=lane, **kwargs)

    return offload
