"""Stale-while-revalidate after a write (ui.data.reading_run, ui.refresh, held versions).

Other readers keep the published versions' cached results while one thread recomputes for the new ones;
the writer reads its own write at once; a run never mixes two versions; a failed refresh leaves the work
to the reader.
"""

from __future__ import annotations

import ast
import os
import shutil
import time

import pandas as pd
import pytest
import streamlit as st

import queries
from insights.store import versions
from ui import cache, data, refresh

#: Calls of the derived function below (what a page derives from a query).
DERIVED_CALLS: list[str] = []


def shout(frame: pd.DataFrame) -> pd.DataFrame:
    DERIVED_CALLS.append(str(frame["value"].iat[0]) if len(frame) else "")
    return frame.assign(value=frame["value"].str.upper())


def label(frame: pd.DataFrame, *, upper: bool, prefix: str) -> pd.DataFrame:
    DERIVED_CALLS.append(f"label {prefix}")
    return frame.assign(label=prefix + (frame["action"].str.upper() if upper else frame["action"]))


class Session(dict):
    """A session's st.session_state."""


class Restarted(Exception):
    """st.rerun() was called."""


@pytest.fixture
def app(fixture_db_path, tmp_path, monkeypatch):
    """The dashboard's data layer on a private database, readers allowed 30 s of staleness, no thread."""
    path = tmp_path / "refresh.duckdb"
    shutil.copy(fixture_db_path, path)
    monkeypatch.setenv("MATERNITY_DB", str(path))
    monkeypatch.setenv("MATERNITY_STALE_SECONDS", "30")
    monkeypatch.setattr(data, "VERSIONS", versions.Versions())
    monkeypatch.setattr(
        refresh, "wake", lambda source: WOKEN.append(source)
    )  # the test runs refresh_once itself
    runs: list[tuple[str, dict]] = []
    real = queries.run

    def counting(con, name, **params):
        runs.append((name, params))
        return real(con, name, **params)

    monkeypatch.setattr(data.queries, "run", counting)

    def rerun():
        raise Restarted

    monkeypatch.setattr(data.st, "rerun", rerun)
    cache._USED.clear()
    DERIVED_CALLS.clear()
    WOKEN.clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield runs
    st.cache_resource.clear()
    st.cache_data.clear()
    cache._USED.clear()


WOKEN: list[int] = []


def as_session(monkeypatch, session: Session) -> None:
    monkeypatch.setattr(data.st, "session_state", session)


def write_meta(value: str) -> None:
    """A write, as a page makes one: the row, inside ui.data.writing for its table."""
    cur = data.cursor()
    try:
        with data.writing("meta"):
            cur.execute("insert or replace into meta values ('refresh_test', ?)", [value])
    finally:
        cur.close()


def changed(*tables: str) -> None:
    """A write to these tables (its rows do not matter here), as a page makes one."""
    with data.writing(*tables):
        pass


def audit_entry() -> None:
    """A write that changes what audit_log_entries returns: one more audit row, as a page records one."""
    from insights.access import audit

    cur = data.cursor()
    try:
        with data.writing("audit_log"):
            audit.record(cur, "refresh test", "download", object_type="test")
    finally:
        cur.close()


def read(session_runs=None) -> tuple[str, pd.DataFrame, bool]:
    """One page run's reads: the meta value and what is derived from it; whether it was stale."""
    frame = data.query("meta_value", key="refresh_test")
    shouted = cache.derived(shout, frame)
    return (frame["value"].iat[0] if len(frame) else ""), shouted, data.run_was_stale()


def test_a_held_write_keeps_the_published_versions_until_published():
    v = versions.Versions()
    meta = frozenset({"meta"})
    before = v.key(meta)
    v.bump("meta", hold=True)
    assert v.key(meta) != before  # current
    assert v.key(meta, v.published()) == before  # what other readers read meanwhile
    assert v.held_for() > 0
    target = v.snapshot()
    v.bump("audit_log", hold=True)
    assert target.changed_since(v.published()) == {"meta"}
    assert v.snapshot().changed_since(target) == {"audit_log"}
    v.publish(target)
    assert v.key(meta, v.published()) == v.key(meta) and v.published().generation == target.generation
    v.publish(versions.Snapshot(0, 0, ()))  # an older snapshot is never published over a newer one
    assert v.published() == target
    v.bump("meta")  # not held: published at once
    assert v.published() == v.snapshot() and v.held_for() == 0.0
    v.bump()
    assert v.snapshot().changed_since(target) is None  # everything changed


def test_readers_keep_the_old_result_the_writer_sees_its_write_and_everyone_after_publish(app, monkeypatch):
    runs = app
    reader, writer = Session(), Session()
    write_meta("one")
    refresh.refresh_once(data)
    as_session(monkeypatch, reader)
    with data.reading_run():
        assert read()[0] == "one"
    assert len(runs) == 1 and DERIVED_CALLS == ["one"]

    as_session(monkeypatch, writer)
    write_meta("two")  # held: WOKEN the refresher
    assert WOKEN and data.VERSIONS.published().generation < data.VERSIONS.snapshot().generation
    with data.reading_run():
        value, shouted, stale = read()
    assert (value, shouted["value"].iat[0], stale) == ("two", "TWO", False)  # its own write, at once
    assert len(runs) == 2

    as_session(monkeypatch, reader)
    with data.reading_run():
        value, shouted, stale = read()
    assert (value, shouted["value"].iat[0], stale) == ("one", "ONE", True)  # the cached old result
    assert len(runs) == 2 and DERIVED_CALLS == ["one", "two"]  # nothing recomputed for the reader

    assert refresh.refresh_once(data) and refresh.last["error"] is None
    as_session(monkeypatch, Session())  # a new session
    with data.reading_run():
        value, shouted, stale = read()
    as_session(monkeypatch, reader)
    with data.reading_run():
        assert read()[:1] == ("two",)
    assert (value, shouted["value"].iat[0], stale) == ("two", "TWO", False)
    assert len(runs) == 2 and DERIVED_CALLS == ["one", "two"]  # the writer's results, reused


def test_the_refresh_recomputes_queries_and_derived_tables_before_readers_ask(app, monkeypatch):
    runs = app
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("three")
    assert len(runs) == 1
    assert refresh.refresh_once(data)
    assert refresh.last["done"] >= 2  # the query and the table derived from it
    assert len(runs) == 2 and DERIVED_CALLS[-1] == "three"
    with data.reading_run():
        value, shouted, stale = read()
    assert (value, shouted["value"].iat[0], stale) == ("three", "THREE", False)
    assert len(runs) == 2 and len(DERIVED_CALLS) == 2  # the reader computed nothing


def test_what_the_refresh_computed_is_found_whatever_order_a_page_passes_its_parameters(app, monkeypatch):
    """Streamlit's cache key follows the keyword order; the refresh calls from sorted recipes."""
    runs = app

    def page() -> pd.DataFrame:  # keyword arguments in no sorted order, as pages pass them
        entries = data.query(
            "audit_log_entries", until=None, since=None, search="", limit=5, actors=[], actions=[]
        )
        return cache.derived(label, entries, upper=True, prefix="x")

    as_session(monkeypatch, Session())
    with data.reading_run():
        page()
    assert len(runs) == 1 and DERIVED_CALLS == ["label x"]
    audit_entry()
    assert refresh.refresh_once(data) and refresh.last["done"] >= 2 and refresh.last["error"] is None
    assert len(runs) == 2 and DERIVED_CALLS == ["label x", "label x"]
    with data.reading_run():
        page()
    assert len(runs) == 2 and len(DERIVED_CALLS) == 2  # the reader found what the refresh computed
    audit_entry()  # again, not yet recomputed: a reader is shown the published results
    as_session(monkeypatch, Session())
    with data.reading_run():
        page()
        assert data.run_was_stale() and data.how_run_read() == "published"  # found, no restart
    assert len(runs) == 2


def test_a_write_to_a_table_nobody_read_recomputes_nothing(app, monkeypatch):
    runs = app
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    changed("audit_log")
    assert refresh.refresh_once(data) and refresh.last["recipes"] == 0 and len(runs) == 1


def test_a_result_missing_at_the_published_versions_restarts_the_run_on_the_current_ones(app, monkeypatch):
    runs = app
    reader = Session()
    as_session(monkeypatch, reader)
    with data.reading_run():
        read()
    as_session(monkeypatch, Session())
    write_meta("four")
    as_session(monkeypatch, reader)
    with pytest.raises(Restarted), data.reading_run():
        assert read()[2]  # stale so far
        data.query("meta_value", key="never_read_before")  # no cached result at the old versions
    assert data.started_again()
    with data.reading_run():  # the run again: current versions, all of it
        assert read()[:1] == ("four",) and not data.run_was_stale()
        assert data.query("meta_value", key="never_read_before").empty
    assert ("meta_value", {"key": "never_read_before"}) in runs


def test_a_miss_before_any_old_result_was_shown_just_reads_the_current_versions(app, monkeypatch):
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("five")
    as_session(monkeypatch, Session())
    with data.reading_run():
        assert data.query("meta_value", key="never_read_before").empty
        assert read()[:1] == ("five",) and not data.run_was_stale()


def test_a_page_that_reads_the_database_itself_reads_the_current_versions(app, monkeypatch):
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("six")
    as_session(monkeypatch, Session())
    with data.reading_run(allow_stale=False):
        assert read()[:1] == ("six",) and data.how_run_read() == "reads directly"
    with data.reading_run():  # the same session on a page that reads through queries only
        assert read()[2]  # the published data again, said to be so
    assert data.how_run_read() == "published"


def test_a_display_read_of_tables_not_written_since_keeps_the_published_versions(app, monkeypatch):
    def entries() -> int:
        frame = data.query(
            "audit_log_entries", since=None, until=None, search="", limit=50, actors=[], actions=[]
        )
        return len(frame)

    as_session(monkeypatch, Session())
    with data.reading_run():
        shown = entries()
    audit_entry()  # another session's write, held
    as_session(monkeypatch, Session())
    with pytest.raises(Restarted), data.reading_run():
        assert entries() == shown and data.run_was_stale()  # the published data
        cur = data.display_cursor(tables=("meta",))  # meta was not written since: the same rows now as then
        cur.close()
        assert entries() == shown and data.how_run_read() == "published"  # the published versions still
        data.display_cursor(tables=("audit_log",))  # written since, and older rows were shown: start again


def test_a_display_read_of_a_table_written_since_restarts_a_run_that_showed_older_data(app, monkeypatch):
    runs = app
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    as_session(monkeypatch, Session())
    write_meta("seven")  # another session's write, held
    reader = Session()
    as_session(monkeypatch, reader)
    with pytest.raises(Restarted), data.reading_run():
        assert read()[:1] == ("",) and data.run_was_stale()  # the published data so far
        data.display_cursor(tables=("meta",))  # would read "seven" beside the "" already shown
    assert data.started_again() and "then read directly" in data.how_run_read()
    with data.reading_run():  # the run again: the current versions, all of it, and the direct read agrees
        assert read()[:1] == ("seven",) and not data.run_was_stale()
        cur = data.display_cursor(tables=("meta",))
        try:
            value = cur.execute("select value from meta where key = 'refresh_test'").fetchone()[0]
        finally:
            cur.close()
        assert value == "seven" and read()[:1] == ("seven",)
    assert len(runs) == 2
    with data.reading_run():  # a display read that says nothing about its tables: any table may have changed
        read()
        data.display_cursor().close()
        assert read()[:1] == ("seven",) and not data.run_was_stale()


def test_an_action_cursor_reads_the_current_data_without_starting_the_run_again(app, monkeypatch):
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("eight")
    as_session(monkeypatch, Session())
    with data.reading_run():
        assert read()[:1] == ("",)  # the published data
        cur = data.action_cursor()  # a button's write acts on the current rows: the click is not lost
        try:
            assert cur.execute("select value from meta where key = 'refresh_test'").fetchone()[0] == "eight"
        finally:
            cur.close()
        assert read()[:1] == ("eight",) and data.how_run_read() == "published, then cursor"
    assert not data.started_again()


#: Widgets whose value says the user asked for something in this run (a click, a submit, a file).
ASKED = frozenset({"button", "form_submit_button", "file_uploader"})
#: What acts on the current data without starting the run again: only for what the user asked for.
ACTIONS = frozenset({"action_cursor", "run_write", "writing"})


def _called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
    return None


def unpinnable_reads(source: str) -> list[str]:
    """Why a page file may not show the published data (empty: it may).

    It draws only through named queries (ui.data.query) and ui.data.display_cursor; ui.data.action_cursor,
    run_write and writing appear only where the user asked for something: in the body of an `if` on a button,
    a form's submit or an upload (or after one in an `and`), or in a function used as a widget's callback or
    called only from such places. No plain `cursor()`, no `.cursor()` of a connection, and `connection()` only
    for the coding suggestions' background update (`.ensure(connection(), ...)`)."""
    tree = ast.parse(source)
    parent: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parent[child] = node
    asked_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.NamedExpr) and _called(node.value) in ASKED:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            asked_names |= {t.id for t in targets if isinstance(t, ast.Name)}
    callbacks = {
        kw.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg in ("on_click", "on_change", "on_submit") and isinstance(kw.value, ast.Name)
    }

    def asked(expr: ast.AST) -> bool:
        return any(
            _called(n) in ASKED or (isinstance(n, ast.Name) and n.id in asked_names) for n in ast.walk(expr)
        )

    def context_ok(node: ast.AST, seen: frozenset[str]) -> bool:
        prev, here = node, parent.get(node)
        while here is not None:
            if isinstance(here, ast.If) and prev in here.body and asked(here.test):
                return True
            if (
                isinstance(here, ast.BoolOp)
                and isinstance(here.op, ast.And)
                and prev in here.values
                and any(asked(v) for v in here.values[: here.values.index(prev)])
            ):
                return True
            if isinstance(here, ast.FunctionDef):
                return function_ok(here.name, seen)
            prev, here = here, parent.get(here)
        return False

    def function_ok(name: str, seen: frozenset[str]) -> bool:
        if name in callbacks:
            return True
        if name in seen:
            return False
        uses = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        ]
        return bool(uses) and all(context_ok(u, seen | {name}) for u in uses)

    problems = []
    for node in ast.walk(tree):
        name = _called(node)
        if name in ACTIONS and not context_ok(node, frozenset()):
            problems.append(f"line {node.lineno}: {name}() where nothing was asked for")
        elif name == "cursor":
            problems.append(f"line {node.lineno}: cursor(): say action_cursor or display_cursor")
        elif name == "connection" and _called(parent.get(node)) != "ensure":
            problems.append(f"line {node.lineno}: connection() read directly")
        elif name == "connect":
            problems.append(f"line {node.lineno}: a connection of its own")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "ui.data"
            and any(alias.name == "cursor" for alias in node.names)
        ):
            problems.append(f"line {node.lineno}: imports cursor: say action_cursor or display_cursor")
    return problems


def test_only_pages_that_draw_from_the_versions_they_read_may_show_the_published_data():
    """The PAGES flag, not a scan of the page file at run time, decides; a flagged page never draws from an
    action cursor (it acts on the current data without starting the run again: two versions in one run)."""
    from pathlib import Path

    from insights.access.roles import PAGES

    root = Path(__file__).resolve().parents[1]
    flagged = {spec.file for spec in PAGES if spec.shows_published}
    assert {
        "pages/overview.py",
        "pages/themes.py",
        "pages/reach.py",
        "pages/quotes.py",
        "pages/coding.py",
        "pages/codebook.py",
        "pages/data.py",
        "pages/engagement_log.py",
        "pages/agreement.py",
    } <= flagged
    for spec in PAGES:
        if spec.shows_published:
            assert unpinnable_reads((root / spec.file).read_text(encoding="utf-8")) == [], spec.file


def test_the_page_check_finds_a_page_drawing_from_an_action_cursor():
    """The check above can fail: each of these draws (or may draw) from a read that cannot be pinned."""
    page = """
from ui.data import action_cursor, display_cursor, query, writing

def _decide(eid):  # a callback: acts on the current data
    with writing():
        review(action_cursor(), eid)

def _save():
    return save(action_cursor())

st.button("Approve", on_click=_decide, args=("T1",))
go = st.form_submit_button("Save")
if go:
    _save()
if st.button("Check") and check(action_cursor()):
    pass
shown = display(display_cursor("quote_original_text"))
"""
    assert unpinnable_reads(page) == []
    drawn = {
        "terms = search_terms(action_cursor(), text)": "action_cursor() where nothing",
        "if go:\n    pass\nelse:\n    save(action_cursor())": "action_cursor() where nothing",
        "_save()": "action_cursor() where nothing",  # now also called while drawing
        "def _show():\n    return note(action_cursor())\n_show()": "action_cursor() where nothing",
        "with writing():\n    pass": "writing() where nothing",
        "run_write(lambda cur: cur, refused=(), tables=())": "run_write() where nothing",
        "shown = note(cursor())": "cursor(): say",
        "shown = note(connection().cursor())": "connection() read directly",
        "from ui.data import cursor": "imports cursor",
        "con = duckdb.connect('x')": "a connection of its own",
    }
    for line, why in drawn.items():
        found = unpinnable_reads(page + line + "\n")
        assert any(why in f for f in found), (line, found)


def test_the_refresh_gives_way_to_page_runs(app, monkeypatch):
    as_session(monkeypatch, Session())
    assert data.active_runs() == 0 and refresh.give_way(data, 0.5) < 0.05  # nobody running: no wait
    with data.reading_run():
        read()
        assert data.active_runs() == 1
        assert refresh.give_way(data, 0.15) >= 0.15  # a page is running: wait (bounded)
        waits: list[float] = []
        real = refresh.give_way
        monkeypatch.setattr(refresh, "give_way", lambda source, limit: waits.append(real(source, limit)))
        changed("meta")
        assert refresh.refresh_once(data) and refresh.last["done"] >= 2
        assert waits and all(w > 0 for w in waits)  # it waited after each recipe for the running page
    assert data.active_runs() == 0
    with pytest.raises(Restarted), data.reading_run():  # a run that ends in st.rerun is counted out too
        st.rerun()
    assert data.active_runs() == 0


def test_staleness_is_bounded(app, monkeypatch):
    monkeypatch.setenv("MATERNITY_STALE_SECONDS", "0.2")
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("seven")
    as_session(monkeypatch, Session())
    with data.reading_run():
        assert read()[2]
    time.sleep(0.3)
    as_session(monkeypatch, Session())
    with data.reading_run():
        assert read()[:1] == ("seven",)


def test_a_failing_refresh_publishes_and_the_reader_computes(app, monkeypatch, caplog):
    runs = app
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("eight")
    counting = data.queries.run

    def failing(con, name, **params):
        raise RuntimeError("the disk is unwell")

    monkeypatch.setattr(data.queries, "run", failing)
    assert refresh.refresh_once(data)  # published all the same
    assert "the disk is unwell" in refresh.last["error"] and "cache refresh stopped" in caplog.text
    monkeypatch.setattr(data.queries, "run", counting)
    as_session(monkeypatch, Session())
    with data.reading_run():
        value, shouted, stale = read()
    assert (value, shouted["value"].iat[0], stale) == ("eight", "EIGHT", False)
    assert len(runs) == 2  # the reader computed it


def test_a_write_during_the_refresh_to_what_it_read_is_not_published_under_the_older_versions(
    app, monkeypatch
):
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    write_meta("nine")
    counting = data.queries.run

    def writing_meanwhile(con, name, **params):
        con.execute("insert or replace into meta values ('refresh_test', 'ten')")
        data.VERSIONS.bump("meta", hold=True)  # the write, as another session makes it
        return counting(con, name, **params)

    monkeypatch.setattr(data.queries, "run", writing_meanwhile)
    before = data.VERSIONS.published()
    assert not refresh.refresh_once(data)
    assert refresh.last["done"] < refresh.last["recipes"]  # it stopped at once, not after every recipe
    assert data.VERSIONS.published() == before  # "ten" was read under the key for "nine": never shown
    monkeypatch.setattr(data.queries, "run", counting)
    assert refresh.refresh_once(data)
    with data.reading_run():
        assert read()[:1] == ("ten",)


def test_the_background_thread_publishes_by_itself(fixture_db_path, tmp_path, monkeypatch):
    path = tmp_path / "thread.duckdb"
    shutil.copy(fixture_db_path, path)
    monkeypatch.setenv("MATERNITY_DB", str(path))
    monkeypatch.setenv("MATERNITY_STALE_SECONDS", "30")
    monkeypatch.setattr(data, "VERSIONS", versions.Versions())
    monkeypatch.setattr(data.st, "session_state", Session())
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        with data.reading_run():
            read()
        write_meta("eleven")
        deadline = time.monotonic() + 20
        while data.VERSIONS.published() != data.VERSIONS.snapshot() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert data.VERSIONS.published() == data.VERSIONS.snapshot()
        assert refresh.last["error"] is None and refresh.last["done"] >= 2
    finally:
        refresh.stop()
        st.cache_resource.clear()
        st.cache_data.clear()


def hold_writes_for_readers(monkeypatch) -> None:
    """For the tests through dashboard.py: readers may be 30 s behind, fresh versions, and no background
    refresh (the test runs refresh_once itself) -- what the `app` fixture sets, without its query counting."""
    monkeypatch.setenv("MATERNITY_STALE_SECONDS", "30")
    monkeypatch.setattr(data, "VERSIONS", versions.Versions())
    monkeypatch.setattr(refresh, "wake", lambda source: None)


def updating(at) -> bool:
    """Whether the page says it shows the published data (a write is held)."""
    return any("Updating after a recent change" in c.value for c in at.caption)


def test_the_dashboard_says_when_a_page_shows_the_published_data(make_db, monkeypatch):
    """Through dashboard.py (AppTest): Themes shows the caption while a write is held, not after publishing."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from tests.conftest import app_using

    root = Path(__file__).resolve().parents[1]
    hold_writes_for_readers(monkeypatch)

    with app_using(make_db("fixture")):
        at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=60)
        at.session_state["role"] = "officer"
        at.run()
        at.switch_page("pages/themes.py").run()
        assert not at.exception and not updating(at)
        data.VERSIONS.bump(*versions.import_tables("narratives"), hold=True)  # another session's import
        at.run()
        assert not at.exception and updating(at)
        assert refresh.refresh_once(data) and refresh.last["done"] > 0 and refresh.last["error"] is None
        at.run()
        assert not at.exception and not updating(at)


# --- a run reading the current data keeps the versions it started with -----------------------------------
def another_session_writes(value: str) -> None:
    """Another session's write to `meta`, begun and ended while this run is under way (its own thread would
    leave this run's versions alone: only the versions move, and the row)."""
    token = data.VERSIONS.begin_write("meta", hold=True)
    cur = data.connection().cursor()
    try:
        cur.execute("insert or replace into meta values ('refresh_test', ?)", [value])
    finally:
        cur.close()
        data.VERSIONS.end_write(token, hold=True)


def test_a_write_that_ends_during_a_run_reading_the_current_data_does_not_mix_versions(app, monkeypatch):
    """Before the fix, a run on the current versions read the newer data after the write ended: the first
    half of the page showed 'one' and the second half 'two'."""
    as_session(monkeypatch, Session())
    write_meta("one")
    assert refresh.refresh_once(data)  # published: the next run reads the current versions
    with data.reading_run():
        read()
    with data.reading_run():
        assert data.how_run_read() == "current"
        before = read()
        another_session_writes("two")
        value, shouted, stale = read()  # the same query later in the same run
        assert (before[0], value, shouted["value"].iat[0]) == ("one", "one", "ONE")
        assert stale  # said to be from just before a change
    assert refresh.refresh_once(data)
    with data.reading_run():
        assert read()[:2][0] == "two" and not data.run_was_stale()


def test_a_result_missing_at_a_runs_versions_after_a_write_it_read_restarts_it(app, monkeypatch):
    runs = app
    as_session(monkeypatch, Session())
    with data.reading_run():
        read()
    with pytest.raises(Restarted), data.reading_run():
        assert read()[:1] == ("",)
        another_session_writes("three")
        data.query("meta_value", key="never_read_before")  # not cached at the run's versions
    assert data.started_again() and "written meanwhile" in data.how_run_read()
    with data.reading_run():  # the run again, on the versions after the write: all of it
        assert read()[:1] == ("three",) and not data.run_was_stale()
        assert data.query("meta_value", key="never_read_before").empty
    assert ("meta_value", {"key": "never_read_before"}) in runs


def test_a_write_to_tables_the_run_did_not_read_does_not_restart_it(app, monkeypatch):
    as_session(monkeypatch, Session())
    with data.reading_run():
        entries = data.query(
            "audit_log_entries", until=None, since=None, search="", limit=5, actors=[], actions=[]
        )
        another_session_writes("four")  # meta: not what this run read so far
        assert data.query("meta_value", key="refresh_test")["value"].iat[0] == "four"
    assert not data.started_again() and len(entries) >= 0


def _count_conversions(monkeypatch) -> tuple[list, list]:
    """Count Arrow conversions of shown tables and Plotly figure dicts made from now on (both lists grow)."""
    import plotly.graph_objects as go
    from streamlit import dataframe_util

    converted, dicts = [], []
    real_convert, real_dict = dataframe_util.convert_pandas_df_to_arrow_table, go.Figure.to_dict
    monkeypatch.setattr(
        dataframe_util, "convert_pandas_df_to_arrow_table", lambda df: converted.append(1) or real_convert(df)
    )
    monkeypatch.setattr(go.Figure, "to_dict", lambda self: dicts.append(1) or real_dict(self))
    return converted, dicts


def test_the_refresh_also_converts_the_tables_pages_show_and_makes_the_figures_dicts(app, monkeypatch):
    """After a publish, the first readers of a page found its queries and tables cached but still converted
    every shown table to Arrow and made every chart's dict: several at once took seconds on two cores.
    (Charts built here, as with MATERNITY_REFRESH_WORKER=0; the worker's test is below.)"""
    monkeypatch.setenv(refresh.WORKER_ENV, "0")
    converted, dicts = _count_conversions(monkeypatch)

    def page():
        entries = data.query(
            "audit_log_entries", until=None, since=None, search="", limit=5, actors=[], actions=[]
        )
        table = cache.derived(label, entries, upper=True, prefix="x")
        shown = cache.arrow_table(table, ["label"])
        chart = cache.figure(bars, table)
        return shown, chart.to_dict()

    as_session(monkeypatch, Session())
    with data.reading_run():
        page()
    assert len(converted) == 1 and len(dicts) == 1
    audit_entry()
    assert refresh.refresh_once(data) and refresh.last["error"] is None
    assert len(converted) == 2 and len(dicts) == 2  # done by the refresh, in the background
    with data.reading_run():
        shown, drawn = page()
        assert not data.run_was_stale()
    assert len(converted) == 2 and len(dicts) == 2  # the reader converted and serialised nothing
    assert shown.column_names == ["label"] and drawn["data"][0]["type"] == "bar"


def bars(frame: pd.DataFrame):
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=frame["label"], y=list(range(len(frame)))))


def test_a_run_is_not_restarted_for_ever_while_writes_keep_ending_during_it(app, monkeypatch):
    """A writer ending a write during every run would restart a page without end: after MAX_RESTARTS in a
    row the run carries on with the current data and says it may be from just before a change."""
    session = Session()
    as_session(monkeypatch, session)
    with data.reading_run():
        read()
    for attempt in range(data.MAX_RESTARTS + 1):
        key = f"never_read_{attempt}"
        if attempt < data.MAX_RESTARTS:
            with pytest.raises(Restarted), data.reading_run():
                read()
                another_session_writes(f"w{attempt}")
                data.query("meta_value", key=key)
            assert data.started_again()
        else:
            with data.reading_run():
                read()
                another_session_writes(f"w{attempt}")
                data.query("meta_value", key=key)
                assert data.run_was_stale() and "not restarted again" in data.how_run_read()
            assert not data.started_again()
    assert data._RESTARTS not in session  # a run that ended normally starts the count again


def test_a_run_whose_session_is_gone_is_still_counted_out(app, monkeypatch):
    """A page run ending after its session was torn down (an abandoned AppTest run) once left the count of
    runs under way raised for good, so the refresh waited on runs that had ended."""

    class Gone(Session):
        def pop(self, *args):
            raise RuntimeError("session state is gone")

        def __contains__(self, key):
            raise RuntimeError("session state is gone")

    as_session(monkeypatch, Gone())
    before = data.active_runs()
    with data.reading_run():
        assert data.active_runs() == before + 1
    assert data.active_runs() == before


def test_a_write_that_leaves_a_querys_result_unchanged_rebuilds_nothing_derived_from_it(app, monkeypatch):
    """A write bumps its tables' versions, so a query reading them is run again at the new versions; when it
    returns the same table as before (the write went to other rows: an import to other areas, a meta key
    this query does not ask for), what was derived from it, charts and Arrow tables too, is found cached."""
    monkeypatch.setenv(refresh.WORKER_ENV, "0")  # charts built here, where their dicts are counted
    runs = app
    converted, dicts = _count_conversions(monkeypatch)

    def page():
        frame = data.query("meta_value", key="refresh_test")
        shouted = cache.derived(shout, frame)
        return frame, cache.arrow_table(shouted), cache.figure(bars_of_value, shouted).to_dict()

    write_meta("one")
    refresh.refresh_once(data)
    as_session(monkeypatch, Session())
    with data.reading_run():
        before = page()
    assert len(runs) == 1 and DERIVED_CALLS == ["one"] and len(converted) == 1 and len(dicts) == 1

    cur = data.cursor()  # a write to the same table, another key: this query's result does not change
    try:
        with data.writing("meta"):
            cur.execute("insert or replace into meta values ('refresh_test_other', 'x')")
    finally:
        cur.close()
    assert refresh.refresh_once(data) and refresh.last["error"] is None
    assert len(runs) == 2  # the query ran again at the new versions ...
    assert DERIVED_CALLS == ["one"] and len(converted) == 1 and len(dicts) == 1  # ... nothing else was made
    with data.reading_run():
        after = page()
        assert not data.run_was_stale()
    assert len(runs) == 2 and DERIVED_CALLS == ["one"]
    assert after[0].equals(before[0]) and after[1] is before[1]  # the same shared Arrow table

    write_meta("two")  # a write that changes the result: everything derived from it is made again
    assert refresh.refresh_once(data)
    assert len(runs) == 3 and DERIVED_CALLS == ["one", "two"] and len(converted) == 2 and len(dicts) == 2
    with data.reading_run():
        frame, shown, drawn = page()
    assert frame["value"].iat[0] == "two" and shown.column("value").to_pylist() == ["TWO"]
    assert list(drawn["data"][0]["y"]) == ["TWO"]


def bars_of_value(frame: pd.DataFrame):
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=list(range(len(frame))), y=frame["value"]))


def test_results_are_the_same_only_with_the_same_columns_types_index_values_and_attrs():
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", None]})
    assert data.same_frame(frame, frame.copy())
    assert not data.same_frame(frame, frame.assign(a=[1.0, 2.0]))  # same numbers, another type
    assert not data.same_frame(frame, frame[["b", "a"]])  # another column order
    assert not data.same_frame(frame, frame.assign(b=["x", "y"]))
    assert not data.same_frame(frame, frame.set_axis([1, 2]))  # another index
    tagged = frame.copy()
    tagged.attrs["rule"] = "n>=5"
    assert not data.same_frame(frame, tagged)
    assert not data.same_frame(frame, frame.iloc[:1])
    lists = pd.DataFrame({"a": [[1, 2]]})  # list cells (e.g. a quote's categories) are compared too
    assert data.same_frame(lists, lists.copy()) and not data.same_frame(lists, pd.DataFrame({"a": [[1, 3]]}))


@pytest.fixture
def counted_chart(monkeypatch):
    """insights.output.charts.monthly_counts counting its calls in this process (a worker process imports
    the real one): calls made here."""
    import functools

    from insights.output import charts

    calls: list[int] = []
    real = charts.monthly_counts

    @functools.wraps(real)
    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "monthly_counts", counting)
    monkeypatch.setattr(data, "same_frame", lambda a, b: False)  # every write changes every result here
    yield calls
    from insights.ingest import worker

    worker.stop()


def chart_page():
    from insights.output import charts

    frame = data.query("narratives_by_month")
    return cache.figure(charts.monthly_counts, frame, "narratives", "Narratives collected", "Narratives")


def test_the_refresh_builds_charts_in_its_worker_process_and_readers_draw_them(
    app, monkeypatch, counted_chart
):
    """Building a chart holds the interpreter lock that every page run needs (most of a refresh's CPU): the
    refresh has them built in a worker process; readers draw the figure it made (its dict), build nothing."""
    calls = counted_chart
    monkeypatch.setenv(refresh.WORKER_ENV, "1")
    as_session(monkeypatch, Session())
    with data.reading_run():
        drawn_before = chart_page().to_dict()
    assert calls == [1]
    changed("narratives")
    assert refresh.refresh_once(data) and refresh.last["error"] is None and refresh.last["done"] >= 2
    assert calls == [1]  # built in the worker, not here
    with data.reading_run():
        shared = chart_page()
        assert not data.run_was_stale()
    assert calls == [1] and isinstance(shared, cache.SharedFigure)
    drawn_after = shared.to_dict()
    assert drawn_after["data"][0]["type"] == "bar"
    assert drawn_after["layout"]["title"] == drawn_before["layout"]["title"]
    assert list(drawn_after["data"][0]["y"]) == list(drawn_before["data"][0]["y"])


def test_without_its_worker_the_refresh_builds_charts_here(app, monkeypatch, counted_chart):
    from insights.ingest import worker

    calls = counted_chart

    def unavailable(*args, **kwargs):
        raise worker.WorkerFailed("no worker here")

    monkeypatch.setattr(worker, "run_in_worker", unavailable)
    as_session(monkeypatch, Session())
    with data.reading_run():
        chart_page()
    changed("narratives")
    assert refresh.refresh_once(data) and refresh.last["error"] is None
    assert calls == [1, 1]  # built here instead
    with data.reading_run():
        assert chart_page().to_dict()["data"][0]["type"] == "bar"
    assert calls == [1, 1]


def test_the_refresh_computes_analysis_tables_and_charts_of_any_arguments_in_its_worker(app, monkeypatch):
    """Derived tables of the analysis functions are computed in the worker too (the pandas work of a refresh),
    and charts whose arguments have no plain key (numbers from numpy) are built there as well."""
    import numpy as np

    from insights.ingest import worker
    from tests import refresh_worker_calls as calls

    monkeypatch.setattr(
        refresh, "COMPUTED_ELSEWHERE", (*refresh.COMPUTED_ELSEWHERE, "tests.refresh_worker_calls")
    )
    monkeypatch.setattr(data, "same_frame", lambda a, b: False)
    sizes = {"a": np.int64(3)}

    def page():
        frame = data.query("meta_value", key="refresh_test")
        return cache.derived(calls.shout_where, frame), cache.figure(calls.bars_where, frame, sizes)

    write_meta("one")
    refresh.refresh_once(data)
    as_session(monkeypatch, Session())
    try:
        with data.reading_run():
            table, chart = page()
        here = os.getpid()
        assert table["made_in"].iat[0] == here and chart.to_dict()["layout"]["title"]["text"] == str(here)
        write_meta("two")
        assert refresh.refresh_once(data) and refresh.last["error"] is None
        with data.reading_run():
            table, chart = page()
            assert not data.run_was_stale()
        assert table["value"].iat[0] == "TWO" and table["made_in"].iat[0] != here  # made in the worker
        assert chart.to_dict()["layout"]["title"]["text"] != str(here)
        assert cache.origin(table) is not None  # remembered, as what `derived` returns
    finally:
        worker.stop()


def test_the_latest_results_noted_for_comparison_stay_bounded(app, monkeypatch):
    """Each query and parameters' latest result is noted (weakly) to compare the next one with; a long run
    with many distinct parameters (searches) must not keep a note for every one the cache has let go."""
    monkeypatch.setattr(data, "LATEST_MAX", 5)
    monkeypatch.setattr(data, "_LATEST", {})
    for i in range(20):
        data._same_as_before(pd.DataFrame({"value": [str(i)]}), "meta_value", (0,), {"key": f"k{i}"})
    assert len(data._LATEST) <= 6  # the frames above were let go at once: at most the newest is left


def test_quote_review_shows_readers_the_published_data_and_applies_their_decisions_to_the_current_data(
    make_db, monkeypatch
):
    """Through dashboard.py (AppTest), two reviewers' sessions on Quote review while a decision is held."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from insights.store import db
    from tests.conftest import app_using

    root = Path(__file__).resolve().parents[1]
    hold_writes_for_readers(monkeypatch)
    monkeypatch.setenv("MATERNITY_REFRESH_WORKER", "0")
    computed: list[str] = []
    real = data.queries.run
    monkeypatch.setattr(
        data.queries, "run", lambda con, name, **p: computed.append(name) or real(con, name, **p)
    )

    def reviewer(name: str) -> AppTest:
        at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=60)
        at.session_state["role"] = "mnvp"
        at.session_state["reviewer_name"] = name
        at.run()
        at.switch_page("pages/quotes.py").run()
        assert not at.exception
        return at

    def waiting(at) -> str:
        return next(m.value for m in at.metric if m.label == "Waiting for review")

    def approve_buttons(at) -> list[str]:
        return [b.key for b in at.button if str(b.key).startswith("approve_") and not b.disabled]

    with app_using(make_db("fixture")) as path:
        reader, writer = reviewer("Ada Reader"), reviewer("Bea Writer")
        before = waiting(reader)
        first, second = approve_buttons(writer)[:2]
        writer.button(key=first).click().run()  # the writer's decision: held for other readers
        assert not writer.exception and not updating(writer)
        assert waiting(writer) != before  # the writer sees its own write at once
        assert data.VERSIONS.published().generation < data.VERSIONS.snapshot().generation

        computed.clear()
        reader.run()  # another reviewer, while the decision is held
        assert not reader.exception and updating(reader)
        assert waiting(reader) == before and first in approve_buttons(reader)  # the published data
        assert computed == []  # nothing computed: every result found at the published versions

        reader.button(key=second).click().run()  # a decision made on the published data
        assert not reader.exception and not updating(reader)  # the page then shows the current data
        assert first not in approve_buttons(reader) and second not in approve_buttons(reader)
        con = db.connect(path)
        try:
            decided = con.execute(
                "select reviewer, count(*) from quote_reviews where reviewer in ('Ada Reader', 'Bea Writer') "
                "group by 1 order by 1"
            ).fetchall()
        finally:
            con.close()
        assert [r[0] for r in decided] == [
            "Ada Reader",
            "Bea Writer",
        ]  # both decisions stand: the current data

        assert refresh.refresh_once(data) and refresh.last["error"] is None  # the refresh recomputes the page
        assert refresh.last["done"] > 0
        computed.clear()
        third = reviewer("Cy Third")  # a new session after the refresh published: found computed
        assert not updating(third) and waiting(third) == waiting(reader)
        assert not {"quote_group_status_counts", "quote_groups"} & set(computed)


def test_coding_shows_the_published_coding_and_leaves_the_suggestions_update_to_the_write(
    make_db, monkeypatch
):
    """Through dashboard.py: while another session's coding save is held, Coding shows the published data
    and does not ask the trainer for the older coding's model (the write started the update)."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from insights.coding import trainer
    from tests.conftest import app_using

    root = Path(__file__).resolve().parents[1]
    hold_writes_for_readers(monkeypatch)
    asked: list[str] = []

    def ensure(self, con, version):
        asked.append(version)
        return self.status()  # no training in this test

    monkeypatch.setattr(trainer.Trainer, "ensure", ensure)

    with app_using(make_db("fixture")):
        at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=60)
        at.session_state["role"] = "officer"
        at.run()
        at.switch_page("pages/coding.py").run()
        assert not at.exception and not updating(at) and len(asked) == 1
        data.VERSIONS.bump(*versions.import_tables("coding"), hold=True)  # another session's coding save
        at.run()
        assert not at.exception and updating(at)
        assert len(asked) == 1  # the trainer was not asked about the older coding
        assert refresh.refresh_once(data) and refresh.last["error"] is None
        at.run()
        assert not at.exception and not updating(at) and len(asked) == 2
