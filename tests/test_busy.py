"""A database held by another process: the CLI and pages say so in one sentence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from insights.store import db

ROOT = Path(__file__).resolve().parents[1]

HOLD = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.readline()
    """
)


@pytest.fixture
def held_db(writable_db):
    """The fixture database with a write connection held open by another process."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(writable_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    yield writable_db
    proc.stdin.close()
    proc.wait(timeout=30)


def _cli(*args: str, db_path: Path, wait: str = "1") -> subprocess.CompletedProcess:
    env = {**os.environ, "MATERNITY_DB": str(db_path), "MATERNITY_BUSY_WAIT": wait}
    return subprocess.run(
        [sys.executable, "-m", "insights", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_summary_during_an_import_says_what_is_busy(held_db):
    done = _cli("summary", db_path=held_db)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1
    assert "is busy" in lines[0] and "another program (process" in lines[0]
    assert "wait for it to finish, then try again" in lines[0]
    assert "waiting up to 1 s" in done.stderr  # it retried by itself first


def test_undo_import_during_an_import_says_what_is_busy(held_db):
    done = _cli("undo-import", "x", "--user", "officer", db_path=held_db, wait="0")
    assert done.returncode == 3 and "Traceback" not in done.stderr and "is busy" in done.stderr


def test_connect_retries_until_the_holder_is_gone(writable_db):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD.replace("sys.stdin.readline()", "time.sleep(1.5)"), str(writable_db)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    told = []
    con = db.connect(writable_db, read_only=True, wait=30, on_wait=told.append)
    con.close()
    proc.wait(timeout=30)
    assert len(told) == 1 and "waiting up to 30 s" in told[0]


def test_holder_is_named_from_the_lock_error():
    me = os.getpid()
    assert db.busy_holder("Conflicting lock is held in /usr/bin/python (PID 999999999)").startswith(
        "another program (process 999999999)"
    )
    assert "process" in db.busy_holder(f"Conflicting lock is held in x (PID {me})")
    assert db.busy_holder("no pid here") == "another program"


def test_a_page_opened_during_an_import_says_so(held_db, monkeypatch):
    monkeypatch.setenv("MATERNITY_DB", str(held_db))
    monkeypatch.setenv("MATERNITY_BUSY_WAIT", "0")
    monkeypatch.setenv("MATERNITY_BUSY_RETRIES", "0")
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60)
        at.session_state["role"] = "officer"  # demo mode starts as the commissioner
        at.run()
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
    assert not at.exception
    assert len(at.warning) == 1
    assert "The database is still busy" in at.warning[0].value
    assert "another program (process" in at.warning[0].value
    assert [b.label for b in at.button] == ["Try again"]


def test_server_threads_setting(monkeypatch, tmp_path):
    """$MATERNITY_DUCKDB_THREADS sets the dashboard database's DuckDB threads; unset or bad keeps the default."""
    import duckdb

    from insights import config

    monkeypatch.delenv("MATERNITY_DUCKDB_THREADS", raising=False)
    assert config.server_threads() is None
    monkeypatch.setenv("MATERNITY_DUCKDB_THREADS", "1")
    assert config.server_threads() == 1
    for bad in ("0", "two", "-3"):
        monkeypatch.setenv("MATERNITY_DUCKDB_THREADS", bad)
        assert config.server_threads() is None
    con = db.connect(tmp_path / "t.duckdb", threads=1)
    try:
        assert con.execute("select current_setting('threads')").fetchone()[0] == 1
    finally:
        con.close()
    default = db.connect(tmp_path / "d.duckdb")
    try:
        plain = duckdb.connect(":memory:").execute("select current_setting('threads')").fetchone()[0]
        assert default.execute("select current_setting('threads')").fetchone()[0] == plain
    finally:
        default.close()
