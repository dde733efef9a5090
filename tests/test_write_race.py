"""A reader between a write's commit and its version bump never caches the new data under the old key.

Every write goes through ui.data.writing (pages, ui.writes.run_write, ui.roles, ui.vintage): it bumps its
tables before the write's transaction begins and again after it, and nothing read from those tables while
it is under way is cached. Before it, a reader computing in that gap cached the new data under the old
versions' key, and a reader shown the published (older) versions then got the new data labelled old.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from insights.store import versions
from tests.test_cache_refresh import Session, as_session, read, write_meta
from ui import data, refresh
from ui.writes import run_write

ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.test_cache_refresh"]  # its `app` fixture: a private database, 30 s of staleness


def _insert(value: str):
    def action(cur) -> None:
        cur.execute("insert or replace into meta values ('refresh_test', ?)", [value])

    return action


def test_a_reader_between_the_commit_and_the_bump_does_not_cache_the_new_data_under_the_old_key(
    app, monkeypatch
):
    as_session(monkeypatch, Session())
    write_meta("one")
    assert refresh.refresh_once(data)  # "one" published; nothing read yet (nothing cached)
    published = data.VERSIONS.published()

    def write_then_someone_reads(cur) -> None:
        _insert("two")(cur)  # committed; the versions are bumped after the action returns
        as_session(monkeypatch, Session())  # another session's page run in that moment
        with data.reading_run():
            assert read()[0] == "two"  # it reads the database as it is now

    as_session(monkeypatch, Session())
    assert run_write(write_then_someone_reads, refused=(), tables=("meta",))[0]
    assert data.VERSIONS.published().generation == published.generation  # held: recomputed in the background
    as_session(monkeypatch, Session())  # a reader shown the published versions
    with data.reading_run():
        value, _, stale = read()
    # "two" under the published (older) versions' key would be new data labelled old
    assert (value, stale) == ("two", False)
    assert data.how_run_read() == "published, then missing meta_value"


def test_a_query_that_began_before_a_write_and_read_after_its_commit_is_not_cached(app, monkeypatch):
    as_session(monkeypatch, Session())
    write_meta("three")
    assert refresh.refresh_once(data)
    counting = data.queries.run
    writes = []

    def a_write_meanwhile(con, name, **params):  # the key was taken; another session writes and bumps
        if not writes:
            writes.append(run_write(_insert("four"), refused=(), tables=("meta",)))
        return counting(con, name, **params)

    monkeypatch.setattr(data.queries, "run", a_write_meanwhile)
    with data.reading_run():
        assert read()[0] == "four"
    monkeypatch.setattr(data.queries, "run", counting)
    as_session(monkeypatch, Session())
    with data.reading_run():
        value, _, stale = read()
    assert (value, stale) == ("four", False)  # never "four" shown as the older, published data


def test_a_write_under_way_holds_back_caching_and_publishing_of_its_tables(app, monkeypatch):
    as_session(monkeypatch, Session())
    write_meta("five")
    assert refresh.refresh_once(data)
    before = data.VERSIONS.snapshot()
    with data.writing("meta"):
        assert data.VERSIONS.snapshot().changed_since(before) == {"meta"}  # bumped before the write
        assert data.VERSIONS.writing_to(frozenset({"meta"})) and not data.VERSIONS.writing_to(
            frozenset({"audit_log"})
        )
        runs = len(app)
        read()
        read()
        assert len(app) == runs + 2  # computed each time, cached never
        assert not refresh.refresh_once(data)  # nothing recomputed or published while it is under way
        data.VERSIONS.publish(data.VERSIONS.snapshot())
        assert data.VERSIONS.published().generation <= before.generation
    assert not data.VERSIONS.writing_to(frozenset({"meta"}))
    assert refresh.refresh_once(data)  # after it: recomputed and published


def test_a_failed_write_still_closes_and_bumps():
    v = versions.Versions()
    meta = frozenset({"meta"})
    before = v.key(meta)
    token = v.begin_write("meta", hold=True)
    during = v.key(meta)
    assert during != before and v.writing_to(meta) and v.open_writes() == 1
    v.end_write(token, hold=True)
    assert v.key(meta) not in (before, during) and not v.writing_to(meta)
    token = v.begin_write(hold=False)  # every table, not held (MATERNITY_STALE_SECONDS=0)
    assert v.writing_to(frozenset({"anything"}))
    assert v.published().generation < v.snapshot().generation  # not published while under way
    v.end_write(token)
    assert v.published() == v.snapshot()


def test_every_write_in_pages_and_ui_goes_through_the_one_helper():
    """Only ui.data bumps versions; the old after-the-fact calls are gone (a write cannot forget the pre-bump)."""
    offenders = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "dashboard.py"]:
        if path.name == "data.py" and path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bdata_changed\b|\bimport_changed\b|VERSIONS\.(bump|begin_write|end_write)", text):
            offenders.append(path.name)
    assert offenders == []
    assert not hasattr(data, "data_changed") and not hasattr(data, "import_changed")


@pytest.mark.parametrize(
    "page",
    ["pages/data.py", "pages/coding.py", "pages/engagement_log.py", "pages/codebook.py", "pages/quotes.py"],
)
def test_the_pages_that_write_use_the_helper(page):
    assert re.search(r"\bwriting\(|\brun_write\(", (ROOT / page).read_text(encoding="utf-8"))
