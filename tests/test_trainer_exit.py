"""A process that ends while the coding-suggestions thread is inside a DuckDB query exits cleanly.

Before insights.coding.trainer.stop_all ran at exit, the daemon thread was still executing its query when
the interpreter ended and the process died with "terminate called without an active exception" (exit code
134), e.g. at the end of the 1M benchmark, whose Coding page had started a training run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    import duckdb
    from insights.coding import suggest, trainer

    def slow(cur, level="codes"):  # a training read that would run for minutes
        cur.execute("select count(*) from range(5000000000) t(i) where i % 7 = 3").fetchall()
        return [], []

    suggest.training_set = slow
    trainer.data_version = lambda cur: "v1"
    con = duckdb.connect()
    t = trainer.trainer_for(None)
    assert t.ensure(con, "v1").updating
    time.sleep(0.5)
    print("ending while the update runs", flush=True)
    """
)


def test_exit_while_training_is_clean():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "ending while the update runs" in done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "terminate called" not in done.stderr


def test_stop_interrupts_and_refuses_new_updates():
    import duckdb

    from insights.coding import suggest, trainer

    started = []

    def slow(cur, level="codes"):
        started.append(True)
        cur.execute("select count(*) from range(5000000000) t(i) where i % 7 = 3").fetchall()
        return [], []

    t = trainer.Trainer()
    con = duckdb.connect()
    original = (suggest.training_set, trainer.data_version)
    suggest.training_set, trainer.data_version = slow, lambda cur: "v1"
    try:
        t.ensure(con, "v1")
        for _ in range(100):
            if started:
                break
            time.sleep(0.05)
        assert t.stop(timeout=30)
        assert not t.ensure(con, "v2").updating  # a stopping trainer starts nothing new
    finally:
        suggest.training_set, trainer.data_version = original
        con.close()


def test_stop_reaches_a_query_that_begins_after_the_first_interrupt():
    """The race behind a flaky run under load: the update's cursor was registered but its query had not
    begun when stop() interrupted it once, so the query ran on and stop() timed out. stop() now interrupts
    again until the thread ends. Here the query is held back until stop() has begun, deterministically."""
    import duckdb

    from insights.coding import suggest, trainer

    t = trainer.Trainer()

    def late(cur, level="codes"):
        while not t._stopping.is_set():  # stop() has been called: its first interrupt has gone or is going
            time.sleep(0.01)
        time.sleep(0.5)  # well after it
        cur.execute("select count(*) from range(50000000000) t(i) where i % 7 = 3").fetchall()
        return [], []

    con = duckdb.connect()
    original = (suggest.training_set, trainer.data_version)
    suggest.training_set, trainer.data_version = late, lambda cur: "v1"
    try:
        t.ensure(con, "v1")
        time.sleep(0.2)
        began = time.monotonic()
        assert t.stop(timeout=20)
        assert time.monotonic() - began < 20
    finally:
        for _ in range(200):  # a failed stop() leaves the query running: end it, or close() waits for it
            for cur in list(t._cursors):
                cur.interrupt()
            if t.wait(0.1):
                break
        suggest.training_set, trainer.data_version = original
        con.close()
