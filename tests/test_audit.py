"""The audit trail: rows for each audited action, never text, append-only, tamper-evident; its page."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from insights.access import audit
from insights.access.roles import OFFICER
from insights.ingest import load as ingest
from insights.store import db
from tests.conftest import FIXTURES, app_using

ROOT = Path(__file__).resolve().parents[1]
DEMO_SECRETS = {"maternity_tests": {"mode": "demo"}}


def integrity(con) -> dict:
    return queries.run(con, "audit_integrity").iloc[0].to_dict()


def entries(con, **filters) -> pd.DataFrame:
    params = {"since": None, "until": None, "actions": [], "actors": [], "search": "", "limit": None}
    params.update(filters)
    return queries.run(con, "audit_log_entries", **params)


@pytest.fixture
def con(writable_db):
    c = db.connect(writable_db)
    yield c
    c.close()


# --- writing ---------------------------------------------------------------------------------------


def test_imports_are_audited_inside_their_transaction(con):
    """The fixture build imported four files: one audit row each, with ids and counts only."""
    rows = entries(con, actions=["import"])
    assert sorted(rows["object_type"]) == ["engagement", "excerpts", "narratives", "venues"]
    assert set(rows["actor"]) == {"fixture"}
    imports = con.execute("select import_id, rows_accepted from imports").fetchall()
    assert sorted(rows["object_id"]) == sorted(i for i, _ in imports)
    details = {r.object_type: json.loads(r.details) for r in rows.itertuples()}
    assert (
        details["narratives"]["rows_accepted"] == 12
        and details["narratives"]["file_name"] == "narratives.csv"
    )
    assert set(details["narratives"]) == {
        "file_name",
        "sha256",
        "mode",
        "rows_total",
        "rows_accepted",
        "rows_rejected",
        "rows_inserted",
        "rows_updated",
        "rows_unchanged",
    }
    notes = [note.lower() for (note,) in con.execute("select note from narratives").fetchall()]
    phrases = {
        " ".join(ws[i : i + 3])
        for n in notes
        for ws in [re.findall(r"[a-z']+", n)]
        for i in range(len(ws) - 2)
    }
    trail = " ".join(
        f"{d} {o}" for d, o in con.execute("select details, object_id from audit_log").fetchall()
    )
    trail = " ".join(re.findall(r"[a-z']+", trail.lower()))
    assert not [p for p in phrases if p in trail], "words of a note in the audit trail"


def test_an_import_records_who_and_which_role(con):
    checked = ingest.check(con, "venues", (FIXTURES / "venues.csv").read_bytes(), "venues-again.csv")
    result = ingest.commit(con, checked, user="officer@example.nhs.uk", role=OFFICER)
    row = entries(con, search=result.import_id).iloc[0]
    assert (row["actor"], row["role"], row["action"], row["object_type"]) == (
        "officer@example.nhs.uk",
        OFFICER,
        "import",
        "venues",
    )
    assert json.loads(row["details"])["rows_unchanged"] == 3  # re-import: nothing changed, still audited


def test_a_failed_import_leaves_no_audit_row(con):
    before = integrity(con)
    checked = ingest.check(
        con, "venues", b"venue_id,name,venue_type,postcode\nV9,New Hall,Library,DA11 0AA\n", "v.csv"
    )

    def explode(_con, _result):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        ingest.commit(con, checked, user="someone", on_commit=explode)
    assert integrity(con)["entries"] == before["entries"]
    assert integrity(con)["chain_head"] == before["chain_head"]
    assert con.execute("select count(*) from venues where venue_id = 'V9'").fetchone()[0] == 0


def test_record_refuses_text_and_anonymous_rows(con):
    before = integrity(con)["entries"]
    story = "She said the midwife " + "x" * 300
    with pytest.raises(ValueError, match="never excerpt"):
        audit.record(con, "a@b", "quote_review", details={"excerpt_id": "E1", "edited": story})
    with pytest.raises(ValueError, match="never excerpt"):
        audit.record(con, "a@b", "export", details={"rows": [1, 2, {"text": story}]})
    with pytest.raises(ValueError, match="actor"):
        audit.record(con, " ", "export")
    assert integrity(con)["entries"] == before
    audit.record(
        con,
        "a@b",
        "quote_review",
        role="mnvp",
        object_type="excerpt",
        object_id="E1",
        details={"status": "approved"},
    )
    assert integrity(con)["entries"] == before + 1


def test_the_chain_links_every_entry_and_survives_concurrent_writers(con):
    def write(n: int) -> None:
        cur = con.cursor()
        for i in range(20):
            with db.transaction(cur):
                audit.record(cur, f"user{n}@example.nhs.uk", "download", object_type="test", details={"i": i})
        cur.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = integrity(con)
    assert check["broken_entries"] == 0 and check["entries"] == 4 + 80
    hashes = con.execute("select prev_hash, row_hash from audit_log order by audit_id").fetchall()
    assert hashes[0][0] == "" and all(hashes[i][0] == hashes[i - 1][1] for i in range(1, len(hashes)))
    assert len({h for _, h in hashes}) == len(hashes)


@pytest.mark.parametrize(
    "tamper",
    [
        "update audit_log set actor = 'someone.else@example.nhs.uk' where audit_id = 2",
        "update audit_log set details = replace(details, '12', '13') where audit_id = 2",
        "delete from audit_log where audit_id = 2",
        "delete from audit_log where audit_id = 1",
        "insert into audit_log (logged_at, actor, action) values (now(), 'intruder', 'import')",
    ],
    ids=["edit-actor", "edit-details", "delete-middle", "delete-first", "insert-unchained"],
)
def test_changes_made_outside_the_app_break_the_chain(con, tamper):
    assert integrity(con)["broken_entries"] == 0
    con.execute(tamper)
    check = integrity(con)
    assert check["broken_entries"] >= 1
    assert check["first_broken_id"] is not None


def _app_files() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for folder in ("pages", "ui", "insights", "queries"):
        files += sorted((ROOT / folder).rglob("*.py")) + sorted((ROOT / folder).rglob("*.sql"))
    return files


def test_no_code_path_changes_or_removes_audit_entries():
    """Append-only through the app: nothing updates, deletes, truncates, drops or alters audit_log."""
    pattern = re.compile(
        r"(update\s+audit_log|delete\s+from\s+audit_log|truncate\s+(table\s+)?audit_log|"
        r"drop\s+(table|sequence)\s+(if\s+exists\s+)?audit_(log|seq)|alter\s+(table|sequence)\s+audit_(log|seq)|"
        r"(insert\s+or\s+replace|replace)\s+into\s+audit_log|on\s+conflict.*audit_log|copy\s+audit_log\s+from)",
        re.I | re.S,
    )
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)!r}"
        for path in _app_files()
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
    writers = [
        path.relative_to(ROOT).as_posix()
        for path in _app_files()
        if re.search(r"insert\s+into\s+audit_log", path.read_text(encoding="utf-8"), re.I)
    ]
    assert writers == ["insights/access/audit.py"], "only insights.access.audit may write audit rows"
    assert "audit_log" not in "".join(db._CLEAR), "rebuilding reference tables must never clear the trail"


def test_the_audit_page_offers_no_way_to_edit():
    source = (ROOT / "pages" / "audit.py").read_text(encoding="utf-8")
    assert "data_editor" not in source and "audit.record(" not in source


# --- sign-ins ----------------------------------------------------------------------------------------


def test_a_sign_in_is_recorded_once_per_token(con):
    claims = {"iss": "https://login.example", "sub": "abc", "iat": 1_700_000_000, "nonce": "n1"}
    assert audit.record_sign_in(
        con, "a@example.nhs.uk", OFFICER, claims, reason="user listed", provider="microsoft"
    )
    assert not audit.record_sign_in(con, "a@example.nhs.uk", OFFICER, claims)
    assert audit.record_sign_in(
        con, "a@example.nhs.uk", OFFICER, {**claims, "iat": 1_700_003_600, "nonce": "n2"}
    )
    assert audit.record_sign_in(
        con, "x@example.com", None, {**claims, "sub": "x"}, reason="not in the role mapping"
    )
    signed = entries(con, actions=["sign_in", "sign_in_refused"])
    assert sorted(signed["action"]) == ["sign_in", "sign_in", "sign_in_refused"]
    first = json.loads(signed[signed["action"] == "sign_in"].iloc[-1]["details"])
    assert first == {
        "outcome": "user listed",
        "provider": "microsoft",
        "token_issued_at": "2023-11-14 22:13:20 UTC",
    }
    assert signed[signed["action"] == "sign_in_refused"]["role"].isna().all()


# --- pure helpers ---------------------------------------------------------------------------------


def test_day_bounds_follow_uk_time():
    summer, winter = audit.day_bounds(dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert summer == dt.datetime(2024, 6, 30, 23, 0)  # BST: midnight in the UK is 23:00 UTC
    assert winter == dt.datetime(2025, 1, 1, 0, 0)  # GMT: end of 31 December
    assert audit.day_bounds(None, None) == (None, None)


def test_describe_and_display():
    assert (
        audit.describe('{"file_name": "a.csv", "rows_accepted": 12}')
        == "file name: a.csv · rows accepted: 12"
    )
    assert audit.describe(None) == "" and audit.describe("not json") == "not json"
    frame = pd.DataFrame(
        {
            "audit_id": [2],
            "logged_at": [pd.Timestamp("2024-07-01 09:30:00")],
            "actor": ["a@example.nhs.uk"],
            "role": ["officer"],
            "action": ["sign_in"],
            "object_type": ["sign_in"],
            "object_id": ["abc"],
            "details": ['{"outcome": "ok"}'],
            "row_hash": ["f00"],
        }
    )
    shown = audit.for_display(frame, with_hash=True).iloc[0]
    assert shown["When (UK time)"] == "2024-07-01 10:30:00"
    assert (shown["Role"], shown["Action"], shown["Entry hash"]) == ("Engagement officer", "Sign-in", "f00")
    no_role = frame.assign(role=pd.Series([None], dtype="string"), action=["tea_break"])
    assert audit.for_display(no_role)[["Role", "Action"]].values.tolist() == [["", "tea_break"]]


def test_export_neutralises_spreadsheet_formulas():
    frame = pd.DataFrame({"Who": ['=HYPERLINK("x")', "@cmd", "plain"], "Entry": [1, 2, 3]})
    text = audit.export_csv(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@cmd" in text and "\r\nplain,3\r\n" in text


# --- the page ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit_db(make_db):
    path = make_db("fixture")
    c = duckdb.connect(str(path))
    for n in range(3):
        audit.record(
            c,
            "mnvp.reviewer@example.nhs.uk",
            "quote_review",
            role="mnvp",
            object_type="excerpt",
            object_id=f"T0{n + 1}-1",
            details={"status": "approved"},
        )
    audit.record(
        c, "=cmd|' /C calc'!A0", "download", role="officer", object_type="quotes", details={"rows": 4}
    )
    c.close()
    with app_using(path):
        yield path


def open_audit_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "audit.py"), default_timeout=60)
    at.secrets = DEMO_SECRETS
    at.session_state["role"] = OFFICER
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_audit_page_lists_filters_and_offers_the_download(audit_db):
    at = open_audit_page()
    assert at.title[0].value == "Audit trail"
    assert "All 8 entries are intact" in at.success[0].value
    table = at.dataframe[0].value
    assert len(table) == 8 and table["Entry"].tolist() == sorted(table["Entry"].tolist(), reverse=True)
    assert {"Import of a file", "Quote review (approve, reject or edit)", "Download"} <= set(table["Action"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Entries matching"] == "8" and metrics["Imports (all time)"] == "4"
    [download] = at.get("download_button")
    assert "Download 8 entries" in download.proto.label
    at.multiselect[0].select("quote_review").run()
    assert len(at.dataframe[0].value) == 3
    at.text_input[0].input("T02-1").run()
    assert at.dataframe[0].value["Id"].tolist() == ["T02-1"]
    at.text_input[0].input("no-such-id").run()
    assert not at.dataframe and "No entries match" in at.info[0].value


def test_the_download_holds_every_entry_safely(audit_db):
    con = duckdb.connect(str(audit_db))  # same settings as the app's open connection
    frame = audit.for_display(entries(con), with_hash=True)
    head = integrity(con)["chain_head"]
    con.close()
    text = audit.export_csv(frame).decode("utf-8-sig")
    assert text.count("\r\n") == 9 and head in text.splitlines()[1]
    assert "'=cmd|" in text  # an actor name that a spreadsheet would run is neutralised


def test_downloads_through_the_app_are_audited(audit_db):
    """ui.roles.record (the download button's on_click) writes who, role and what, and refreshes the page."""
    script = """
import streamlit as st
from ui.roles import record
if st.button("Export"):
    record("export", object_type="quotes", details={"rows": 12, "file_name": "approved-quotes.csv"})
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.secrets = DEMO_SECRETS
    at.session_state["role"] = OFFICER
    at.run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    page = open_audit_page()
    row = page.dataframe[0].value.iloc[0]
    assert (row["Who"], row["Role"], row["Action"], row["What"]) == (
        "demo:officer",
        "Engagement officer",
        "Export",
        "quotes",
    )
    assert "rows: 12" in row["Details"]


def test_the_page_warns_when_the_trail_was_altered(audit_db):
    from ui.data import connection, reread

    connection().execute("update audit_log set actor = 'nobody' where audit_id = 5")
    reread()  # written outside the dashboard: every cached result is forgotten
    at = open_audit_page()
    assert not at.success
    assert "altered outside the dashboard" in at.error[0].value and "entry 5" in at.error[0].value
