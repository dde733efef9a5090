"""The worker process (insights.ingest.worker): the same results and errors as in-process, a plain
fallback when it cannot be used, progress relayed; the import check/commit and the coding trainer
through it."""

from __future__ import annotations

import os

import pytest

from insights.coding import suggest
from insights.coding import trainer as suggestions
from insights.ingest import load as ingest
from insights.ingest import worker
from insights.store import db
from tests.conftest import FIXTURES
from tests.fixtures.messy.corpus import cases
from tests.ingest_worker_calls import (
    Unpicklable,
    die_unless_in,
    niceness,
    raise_unpicklable,
    refuse,
    setting,
    steps,
    where_am_i,
)

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def _fresh_workers():
    worker.stop()
    yield
    worker.stop()


# --- the worker itself ----------------------------------------------------------------------------------


def test_runs_in_another_process_and_is_reused():
    first = worker.call(where_am_i)
    assert first != os.getpid()
    assert worker.call(where_am_i) == first, "the worker is persistent"
    assert worker.call(where_am_i, lane="training") not in (first, os.getpid()), "one process per lane"
    # background work yields the CPU to the server's page runs
    assert worker.call(niceness, lane="training") >= min(19, os.nice(0) + worker.NICENESS["training"])
    assert worker.call(niceness) >= min(19, os.nice(0) + worker.NICENESS["import"])


def test_errors_cross_as_they_are():
    with pytest.raises(ValueError, match="^this file cannot be used: x.csv$") as raised:
        worker.call(refuse, "x.csv")
    assert type(raised.value) is ValueError
    # an error that cannot cross processes: the call runs here and raises the real thing
    notes: list[str] = []
    with pytest.raises(Unpicklable, match="a plain sentence"):
        worker.call(raise_unpicklable, on_fallback=notes.append)
    assert notes == [worker.FALLBACK_MESSAGE]


def test_a_dead_worker_falls_back_in_process_and_is_replaced():
    notes: list[str] = []
    assert worker.call(die_unless_in, PARENT, on_fallback=notes.append) == "ran here"
    assert notes == [worker.FALLBACK_MESSAGE]
    assert "Traceback" not in notes[0] and "\n" not in notes[0]
    assert worker.call(where_am_i) != os.getpid(), "the next call gets a new worker"


def test_a_worker_that_cannot_start_falls_back(monkeypatch):
    def broken(*_args):
        raise OSError("no more processes")

    monkeypatch.setattr(worker, "_Worker", broken)
    notes: list[str] = []
    assert worker.call(where_am_i, on_fallback=notes.append) == os.getpid()
    assert notes == [worker.FALLBACK_MESSAGE]
    worker.start()  # says nothing, raises nothing


def test_a_function_that_is_not_module_level_runs_here():
    notes: list[str] = []
    assert worker.call(lambda: os.getpid(), on_fallback=notes.append) == os.getpid()
    assert notes == [worker.FALLBACK_MESSAGE]


def test_progress_is_relayed():
    seen: list[tuple[float, str]] = []
    assert worker.call(steps, 3, progress=lambda f, m: seen.append((f, m))) == 3
    assert [m for _, m in seen] == ["step 1 of 3", "step 2 of 3", "step 3 of 3"]


def test_the_worker_sees_the_settings_of_each_call(monkeypatch):
    worker.start()
    monkeypatch.setenv("MATERNITY_EARLIEST_DATE", "2020-01-01")
    assert worker.call(setting, "MATERNITY_EARLIEST_DATE") == "2020-01-01"
    monkeypatch.delenv("MATERNITY_EARLIEST_DATE")
    assert worker.call(setting, "MATERNITY_EARLIEST_DATE") is None


# --- the import through the worker ---------------------------------------------------------------------


def _same(a: ingest.Checked, b: ingest.Checked) -> None:
    assert (a.kind, a.file_name, a.sha256, a.already_imported) == (
        b.kind,
        b.file_name,
        b.sha256,
        b.already_imported,
    )
    va, vb = a.validated, b.validated
    assert va.frame.equals(vb.frame) and list(va.frame.dtypes) == list(vb.frame.dtypes)
    assert (va.errors, va.warnings, va.total_rows) == (vb.errors, vb.warnings, vb.total_rows)
    assert va.report().equals(vb.report())


def _check_both(con, kind: str, data: bytes, name: str):
    """(in-process result or error, worker result or error, fallback notes)."""
    notes: list[str] = []
    out = []
    for offload in (None, worker.offloader(on_fallback=notes.append)):
        try:
            out.append(ingest.check(con, kind, data, name, offload=offload))
        except ValueError as exc:
            out.append(exc)
    return out[0], out[1], notes


def test_check_gives_the_same_result_on_the_fixture_files(fixture_con):
    for kind in ("venues", "narratives", "excerpts", "engagement"):
        here, there, notes = _check_both(
            fixture_con, kind, (FIXTURES / f"{kind}.csv").read_bytes(), f"{kind}.csv"
        )
        assert not notes, notes
        _same(here, there)


def test_check_gives_the_same_result_and_errors_on_messy_files(fixture_con, monkeypatch):
    tried = 0
    for case in cases():
        if case.big or tried >= 25:
            continue
        tried += 1
        with monkeypatch.context() as m:
            for key, value in case.env.items():
                m.setenv(key, value)
            here, there, notes = _check_both(fixture_con, case.kind, case.make(), case.file_name)
        assert not notes, (case.name, notes)
        if isinstance(here, Exception):
            assert type(there) is type(here) and str(there) == str(here), case.name
            assert "Traceback" not in str(there)
        else:
            _same(here, there)
    assert tried >= 10


def test_commit_of_excerpts_through_the_worker_matches_in_process(make_db):
    """A new excerpt anonymised in the worker is stored exactly as when anonymised here."""
    data = (
        b"excerpt_id,narrative_id,code,theme,care_stage,excerpt\n"
        b"X901,T01,C126,barriers,antenatal,Nobody explained the scan results to Sarah Jones at all\n"
    )
    stored = []
    for offload in (None, worker.offloader(on_fallback=pytest.fail)):
        con = db.connect(make_db("fixture"))
        try:
            checked = ingest.check(con, "excerpts", data, "excerpts_new.csv", offload=offload)
            seen: list[str] = []
            result = ingest.commit(
                con,
                checked,
                user="t",
                skip_invalid=True,
                offload=offload,
                progress=lambda f, m, seen=seen: seen.append(m),
            )
            assert "Committed" in seen
            stored.append(
                (
                    result.rows_accepted,
                    result.rows_inserted,
                    con.execute(
                        "select excerpt_id, anonymised_text, anonymiser from coded_excerpts order by excerpt_id"
                    ).fetchall(),
                )
            )
        finally:
            con.close()
    assert stored[0] == stored[1]


# --- the coding trainer through the worker ---------------------------------------------------------------


@pytest.mark.slow
def test_trainer_learns_the_same_in_the_worker(writable_db):
    con = db.connect(writable_db)
    try:
        version = suggestions.data_version(con)
        here = suggestions.Trainer(None)
        there = suggestions.Trainer(None, offload=worker.offloader(lane="training", on_fallback=pytest.fail))
        for t in (here, there):
            t.ensure(con, version)
            assert t.wait(300)
        a, b = here.status(), there.status()
        assert (a.model is None) == (b.model is None) and a.message == b.message
        if a.model is not None:  # the same labels, confidences equal but for floating-point noise
            texts = ["Needed an interpreter in labour", "The midwife did not listen"]
            for ra, rb in zip(a.model.rank(texts, 3), b.model.rank(texts, 3), strict=True):
                assert [lab for lab, _ in ra] == [lab for lab, _ in rb]
                assert [c for _, c in ra] == pytest.approx([c for _, c in rb], rel=1e-3)
        for level in suggestions.LEVELS:
            ea, eb = getattr(a.quality, level), getattr(b.quality, level)
            assert (ea is None) == (eb is None)
            if ea is not None:
                assert (ea.texts, ea.folds, [r["label"] for r in ea.per_label]) == (
                    eb.texts,
                    eb.folds,
                    [r["label"] for r in eb.per_label],
                )
                assert ea.top3_hit == pytest.approx(eb.top3_hit, abs=0.02)
                assert ea.micro_f1 == pytest.approx(eb.micro_f1, abs=0.02)
        assert a.quality.message == b.quality.message
    finally:
        con.close()


def test_evaluate_sets_says_what_evaluate_database_says(empty_con):
    sets = {level: suggest.training_set(empty_con, level) for level in suggestions.LEVELS}
    out, message = suggestions.evaluate_sets(sets)
    assert out == {"codes": None, "categories": None}
    with pytest.raises(suggest.SuggestError) as direct:
        suggest.evaluate_database(empty_con, "categories", folds=suggestions.FOLDS)
    assert message == str(direct.value)


def test_the_dashboards_trainer_uses_the_worker(tmp_path):
    t = suggestions.trainer_for(tmp_path / "x.duckdb")
    assert t._offload is not suggestions._here


# --- the Data page when the worker cannot be used ---------------------------------------------------------


def test_data_page_imports_in_process_when_the_worker_cannot_start(make_db, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from tests.conftest import app_using

    def broken(*_args):
        raise OSError("no more processes")

    monkeypatch.setattr(worker, "_Worker", broken)
    page = str(Path(__file__).resolve().parents[1] / "pages" / "data.py")
    with app_using(make_db("fixture")):
        at = AppTest.from_file(page, default_timeout=60)
        at.session_state["role"] = "officer"
        at.run()
        good = b"name,venue_type,postcode\nNew Hall,Library,DA11 0AA\n"
        at.file_uploader(key="upload").upload("venues_new.csv", good, "text/csv").run()
        assert not at.exception
        assert worker.FALLBACK_MESSAGE in [c.value for c in at.caption]
        next(b for b in at.button if b.label.startswith("Import")).click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("1 of 1 rows accepted" in s.value for s in at.success)
        assert not any("Traceback" in c.value for c in at.caption)
