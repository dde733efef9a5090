"""Undo (withdraw) a mistaken import: added rows removed, changed rows restored, refused when later work depends on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.ingest import load as ingest
from insights.ingest import undo
from insights.store import db
from queries import run

FIXTURES = Path(__file__).parent / "fixtures" / "db"


def _snapshot(con) -> dict[str, list]:
    out = {}
    for table in (*undo.KEYS, "engagement_packs", "agg_narratives", "agg_bits"):
        out[table] = sorted(map(repr, con.execute(f"select * from {table}").fetchall()))  # noqa: S608
    return out


def _import(con, kind: str, text: str, name: str) -> ingest.ImportResult:
    checked = ingest.check(con, kind, text.encode("utf-8"), name)
    assert not checked.validated.errors, checked.validated.report()
    return ingest.commit(con, checked, user="tester")


@pytest.fixture
def con(writable_db):
    con = db.connect(writable_db)
    yield con
    con.close()


def _lines(kind: str) -> list[str]:
    return (FIXTURES / f"{kind}.csv").read_text(encoding="utf-8").splitlines()


def test_undo_an_import_that_added_rows(con):
    before = _snapshot(con)
    header, *rows = _lines("narratives")
    new = rows[0].replace("T01,", "T99,", 1)
    result = _import(con, "narratives", "\n".join([header, new]) + "\n", "extra.csv")
    assert result.rows_inserted == 1
    assert con.execute("select count(*) from narratives where narrative_id = 'T99'").fetchone()[0] == 1

    done = undo.withdraw(con, result.import_id, "officer")
    assert (done.rows_removed, done.rows_restored) == (1, 0)
    assert _snapshot(con) == before
    withdrawn = con.execute(
        "select withdrawn_by from imports where import_id = $id", {"id": result.import_id}
    ).fetchone()
    assert withdrawn == ("officer",)
    entry = con.execute("select action, object_id from audit_log order by audit_id desc limit 1").fetchone()
    assert entry == ("import_undo", result.import_id)
    assert run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    with pytest.raises(undo.UndoRefused, match="already withdrawn"):
        undo.withdraw(con, result.import_id, "officer")


def test_undo_an_import_that_updated_rows_restores_them(con):
    before = _snapshot(con)
    # Engagement: one entry's figures and packs changed, one new entry.
    header, *rows = _lines("engagement")
    changed = rows[0].replace(",8,1,20,5,5,1,First visit", ",9,2,30,0,1,2,Corrected")
    added = rows[0].replace("ET1,", "ET99,", 1)
    result = _import(con, "engagement", "\n".join([header, changed, added]) + "\n", "fix.csv")
    assert (result.rows_updated, result.rows_inserted) == (1, 1)
    assert _snapshot(con) != before
    done = undo.withdraw(con, result.import_id, "officer")
    assert (done.rows_removed, done.rows_restored) == (1, 1)
    assert _snapshot(con) == before


def test_undo_excerpt_changes_restores_wording_and_derived_tables(con):
    before = _snapshot(con)
    header, *rows = _lines("excerpts")
    changed = (
        rows[0]
        .replace("Care & support", "Barriers")
        .replace("Different midwife at every appointment", "C126")
    )
    result = _import(con, "excerpts", "\n".join([header, changed]) + "\n", "recode.csv")
    assert result.rows_updated == 1
    done = undo.withdraw(con, result.import_id, "officer")
    assert done.rows_restored == 1
    assert _snapshot(con) == before


def test_undo_is_refused_when_a_later_import_changed_the_same_rows(con):
    header, *rows = _lines("narratives")
    first = _import(con, "narratives", "\n".join([header, rows[0].replace(",3,", ",4,", 1)]) + "\n", "a.csv")
    second = _import(con, "narratives", "\n".join([header, rows[0].replace(",3,", ",6,", 1)]) + "\n", "b.csv")
    before = _snapshot(con)
    with pytest.raises(undo.UndoRefused, match=f"changed later \\(by {second.import_id}\\)"):
        undo.withdraw(con, first.import_id, "officer")
    assert _snapshot(con) == before  # nothing changed
    undo.withdraw(con, second.import_id, "officer")  # newest first, then the earlier one
    undo.withdraw(con, first.import_id, "officer")
    rating = con.execute("select rating from narratives where narrative_id = 'T01'").fetchone()[0]
    assert rating == 3


def test_undo_is_refused_when_later_rows_refer_to_rows_it_added(con):
    header, *rows = _lines("narratives")
    added = _import(
        con, "narratives", "\n".join([header, rows[0].replace("T01,", "T98,", 1)]) + "\n", "n.csv"
    )
    eh, *erows = _lines("excerpts")
    _import(con, "excerpts", "\n".join([eh, erows[0].replace("T01-1,T01,", "T98-1,T98,")]) + "\n", "e.csv")
    with pytest.raises(undo.UndoRefused, match="refer to narratives it added"):
        undo.withdraw(con, added.import_id, "officer")


def test_imports_made_before_undo_existed_are_refused(con):
    old = con.execute("select import_id from imports order by imported_at limit 1").fetchone()[0]
    con.execute("update imports set undoable = false where import_id = $id", {"id": old})
    with pytest.raises(undo.UndoRefused, match="made before imports kept what they changed"):
        undo.withdraw(con, old, "officer")
    with pytest.raises(undo.UndoRefused, match="There is no import"):
        undo.withdraw(con, "nope", "officer")


def test_undo_import_from_the_command_line(writable_db, monkeypatch, capsys):
    from insights.__main__ import main

    monkeypatch.setenv("MATERNITY_DB", str(writable_db))
    con = db.connect(writable_db)
    header, *rows = _lines("venues")
    result = _import(con, "venues", "\n".join([header, rows[0].replace("V-T1,", "V-T9,", 1)]) + "\n", "v.csv")
    con.close()
    assert main(["undo-import", result.import_id, "--user", "officer", "--dry-run"]) == 0
    assert main(["undo-import", result.import_id, "--user", "officer"]) == 0
    out = capsys.readouterr().out
    assert "can be withdrawn" in out and "1 added rows removed" in out
    assert main(["undo-import", result.import_id, "--user", "officer"]) == 1
    assert "refused: " in capsys.readouterr().err
    assert main(["undo-import", result.import_id, "--user", "   "]) == 2


def test_excerpts_are_anonymised_before_the_write_lock_is_taken(con, monkeypatch):
    import threading

    from insights.quotes import anonymise

    held_during: list[bool] = []

    class Fake:
        label = "fake-engine-1"

        def anonymise_many(self, texts):
            def probe():
                got = db.WRITE_LOCK.acquire(timeout=0.5)
                if got:
                    db.WRITE_LOCK.release()
                held_during.append(not got)

            t = threading.Thread(target=probe)
            t.start()
            t.join()
            return [f"[{t}]" for t in texts]

    monkeypatch.setattr(anonymise, "get", lambda: Fake())
    header, *rows = _lines("excerpts")
    _import(con, "excerpts", "\n".join([header, rows[0].replace("T01-1,", "T01-9,", 1)]) + "\n", "new.csv")
    assert held_during == [False]  # anonymised once, and not under the write lock
    stored = con.execute(
        "select anonymised_text, anonymiser from coded_excerpts where excerpt_id = 'T01-9'"
    ).fetchone()
    assert stored == ("[the midwife changed every visit]", "fake-engine-1")


def test_withdraw_an_import_on_the_data_page(writable_db, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    con = db.connect(writable_db)
    header, *rows = _lines("narratives")
    result = _import(
        con, "narratives", "\n".join([header, rows[0].replace("T01,", "T97,", 1)]) + "\n", "p.csv"
    )
    con.close()
    monkeypatch.setenv("MATERNITY_DB", str(writable_db))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(Path(__file__).parents[1] / "pages" / "data.py"), default_timeout=60)
        at.session_state["role"] = "officer"  # demo mode starts as the commissioner
        at.run()
        assert not at.exception
        at.selectbox(key="undo_choice").set_value(result.import_id).run()
        assert "can be withdrawn" in " ".join(m.value for m in at.markdown)
        at.checkbox(key="undo_sure").check().run()
        at.button(key="undo_go").click().run()
        assert not at.exception
        assert "withdrawn: 1 added rows removed" in at.success[0].value.replace("\\", "")
    finally:
        from ui.data import connection

        connection().close()
        st.cache_resource.clear()
        st.cache_data.clear()
    con = db.connect(writable_db, read_only=True)
    assert con.execute("select count(*) from narratives where narrative_id = 'T97'").fetchone()[0] == 0
    con.close()


def test_an_import_notes_its_write_around_the_transaction_only(con):
    """`around_write` (the dashboard's ui.data.writing) is entered after the slow work and before the
    transaction, and left after it has committed; a file that is refused never enters it."""
    header, *rows = _lines("narratives")
    new = rows[0].replace("T01,", "T98,", 1)
    checked = ingest.check(con, "narratives", ("\n".join([header, new]) + "\n").encode("utf-8"), "x.csv")
    seen = []

    def count() -> int:
        return con.execute("select count(*) from narratives where narrative_id = 'T98'").fetchone()[0]

    class Window:
        def __enter__(self):
            seen.append(("enter", count(), con.execute("select count(*) from imports").fetchone()[0]))

        def __exit__(self, *exc):
            seen.append(("exit", count()))
            return False

    imports_before = con.execute("select count(*) from imports").fetchone()[0]
    ingest.commit(con, checked, user="tester", around_write=Window)
    assert seen == [("enter", 0, imports_before), ("exit", 1)]  # the row is committed when it is left

    bad = ingest.check(con, "narratives", b"narrative_id\nT97\n", "bad.csv")
    assert bad.validated.errors
    seen.clear()
    with pytest.raises(ingest.ImportRejected):
        ingest.commit(con, bad, user="tester", around_write=Window)
    assert seen == []
