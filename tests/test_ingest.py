"""Import: resolution, no stored postcodes, idempotence, all-or-nothing, rollback, CLI."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from insights.__main__ import main
from insights.demo import build as demo_build
from insights.ingest import load as ingest
from insights.store import db
from tests.conftest import FIXTURES

TABLES = ["narratives", "coded_excerpts", "venues", "engagement_log", "engagement_packs", "imports"]
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


def snapshot(con) -> dict[str, list]:
    """Every row of every data table, sorted, to compare before and after."""
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in TABLES}  # noqa: S608


def test_fixture_postcodes_resolved(fixture_con):
    rows = fixture_con.execute(
        "select narrative_id, postcode_status, postcode_district, lsoa_code, imd_decile, core20, locality "
        "from narratives order by narrative_id"
    ).fetchall()
    by_id = {r[0]: r[1:] for r in rows}
    assert by_id["T01"] == ("ok", "DA11", "E01032799", 2, True, "Gravesham")
    assert by_id["T06"][0] == "ok" and by_id["T06"][4] is False and by_id["T06"][5] == "Swanley"
    assert by_id["T08"] == ("terminated", "BR8", "E01024477", 2, True, "Swanley")
    assert by_id["T09"] == ("unknown", "DA12", None, None, None, "Unknown")
    assert by_id["T10"] == ("malformed", None, None, None, None, "Unknown")
    assert by_id["T12"] == ("missing", None, None, None, None, "Unknown")


def test_full_postcodes_never_stored_for_women(fixture_con):
    for table in ("narratives", "coded_excerpts", "imports", "engagement_log"):
        cols = [
            r[0]
            for r in fixture_con.execute(
                "select column_name from information_schema.columns "
                "where table_name = $t and data_type = 'VARCHAR'",
                {"t": table},
            ).fetchall()
        ]
        for col in cols:
            values = [v for (v,) in fixture_con.execute(f"select {col} from {table}").fetchall() if v]  # noqa: S608
            leaked = [v for v in values if FULL_POSTCODE.search(v)]
            assert not leaked, f"{table}.{col} holds a full postcode: {leaked[:3]}"


def test_same_file_twice_changes_nothing(writable_db):
    con = db.connect(writable_db)
    before = snapshot(con)
    checked, result = ingest.import_file(con, "narratives", FIXTURES / "narratives.csv", user="t")
    assert checked.already_imported, "the second import should know the file came in before"
    assert (result.rows_inserted, result.rows_updated, result.rows_unchanged) == (0, 0, 12)
    after = snapshot(con)
    assert before["narratives"] == after["narratives"]
    assert len(after["imports"]) == len(before["imports"]) + 1  # the attempt is still recorded
    con.close()


def test_changed_row_is_updated_not_duplicated(writable_db, tmp_path):
    text = (FIXTURES / "narratives.csv").read_text().replace("T01,14/03/2023", "T01,15/03/2023")
    path = tmp_path / "narratives.csv"
    path.write_text(text)
    con = db.connect(writable_db)
    _, result = ingest.import_file(con, "narratives", path)
    assert (result.rows_inserted, result.rows_updated, result.rows_unchanged) == (0, 1, 11)
    assert con.execute("select count(*) from narratives").fetchone()[0] == 12
    assert str(
        con.execute("select collected_on from narratives where narrative_id = 'T01'").fetchone()[0]
    ) == ("2023-03-15")
    con.close()


def test_invalid_rows_reject_the_whole_file_unless_asked(writable_db, tmp_path):
    path = tmp_path / "narratives.csv"
    path.write_text(
        "narrative_id,collected_on,collected_by,rating,note\n"
        "X1,01/06/2023,Engagement officer,7,Fine visit\n"
        "X2,31/02/2023,Engagement officer,7,Impossible date\n"
        "X3,02/06/2023,Engagement officer,11,Rating out of range\n"
    )
    con = db.connect(writable_db)
    before = snapshot(con)
    with pytest.raises(ingest.ImportRejected, match="2 of 3 rows are invalid"):
        ingest.import_file(con, "narratives", path)
    assert snapshot(con) == before
    checked, result = ingest.import_file(con, "narratives", path, skip_invalid=True)
    assert (result.rows_accepted, result.rows_rejected, result.rows_inserted) == (1, 2, 1)
    mode = con.execute("select mode from imports where import_id = $i", {"i": result.import_id}).fetchone()[0]
    assert mode == "skip-invalid-rows"
    con.close()


def test_failed_import_leaves_database_exactly_as_before(writable_db, tmp_path, monkeypatch):
    path = tmp_path / "engagement.csv"
    path.write_text((FIXTURES / "engagement.csv").read_text().replace(",8,1,20,", ",9,1,21,"))
    con = db.connect(writable_db)
    before = snapshot(con)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "_write_packs", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest.import_file(con, "engagement", path)
    assert snapshot(con) == before
    con.close()


def test_interrupted_import_rolls_back(writable_db, tmp_path, monkeypatch):
    """A failure after some chunks were written (e.g. Ctrl+C) still leaves nothing behind."""
    rows = "\n".join(f"Y{i},01/07/2023,Engagement officer,7,Note {i}" for i in range(10))
    path = tmp_path / "narratives.csv"
    path.write_text("narrative_id,collected_on,collected_by,rating,note\n" + rows + "\n")
    con = db.connect(writable_db)
    before = snapshot(con)
    monkeypatch.setattr(ingest, "_CHUNK", 3)
    calls = []

    def progress(fraction, message):
        calls.append(fraction)
        if len(calls) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest.import_file(con, "narratives", path, progress=progress)
    assert snapshot(con) == before
    _, result = ingest.import_file(con, "narratives", path, progress=lambda f, m: calls.append(f))
    assert result.rows_inserted == 10 and calls[-1] == 1.0
    con.close()


def test_spreadsheet_formulas_are_stored_as_text(writable_db, tmp_path):
    path = tmp_path / "narratives.csv"
    path.write_text(
        "narrative_id,collected_on,collected_by,note\n"
        'F1,01/06/2023,Engagement officer,"=HYPERLINK(""http://x"",""click"")"\n'
        "F2,01/06/2023,Engagement officer,@SUM(A1)\n"
    )
    con = db.connect(writable_db)
    ingest.import_file(con, "narratives", path)
    notes = dict(
        con.execute("select narrative_id, note from narratives where narrative_id like 'F%'").fetchall()
    )
    assert notes == {"F1": '=HYPERLINK("http://x","click")', "F2": "@SUM(A1)"}
    con.close()


def test_venue_with_unknown_postcode_is_refused(empty_con):
    checked = ingest.check(
        empty_con, "venues", b"name,venue_type,postcode\nNowhere Hall,Library,DA12 9XX\n", "venues.csv"
    )
    assert [(e.row, e.column) for e in checked.validated.errors] == [(2, "postcode")]
    assert "not in the reference postcode lookup" in checked.validated.errors[0].reason


def test_cli_import_and_postcode(tmp_path, monkeypatch, capsys, make_db):
    monkeypatch.setenv("MATERNITY_DB", str(tmp_path / "cli.duckdb"))
    monkeypatch.setattr(
        demo_build, "build_database", lambda path, **kw: shutil.copyfile(make_db("empty"), path)
    )
    assert main(["import", "venues", str(FIXTURES / "venues.csv")]) == 0
    out = capsys.readouterr()
    assert "3 of 3 rows accepted (3 new, 0 updated, 0 unchanged), 0 rejected" in out.out

    bad = tmp_path / "bad_venues.csv"
    bad.write_text("name,venue_type,postcode\nA Hall,Castle,DA11 0AA\n")
    assert main(["import", "venues", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column venue_type" in err and "rejected" in err

    assert main(["postcode", "da11 0aa", "DA11 OD"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["postcode"] == "DA11 0AA" and lines[0]["status"] == "ok"
    assert lines[0]["lsoa_code"] == "E01032799" and lines[0]["imd_decile"] == 2 and lines[0]["core20"] is True
    assert lines[1]["status"] == "malformed"


_ITEMS = """
    select a.narrative_id, b.item_kind, b.item_id
    from agg_narratives as a
    inner join agg_bits as b
        on b.item_kind in ('theme', 'category')
        and ((case when b.item_kind = 'theme' then a.theme_mask else a.category_mask end) >> b.bit::ubigint) & 1 = 1
"""


def test_women_items_follow_the_excerpts(writable_db, tmp_path):
    """Each woman's items (pre-aggregated, insights.analysis.aggregates) follow each excerpts import and are
    refilled on open if missing."""
    con = db.connect(writable_db)
    items = set(con.execute(_ITEMS).fetchall())
    assert ("T01", "category", "inconsistent_care_and_support") in items
    assert ("T01", "theme", "judgement") in items
    assert ("T02", "theme", "infrastructure") in items  # a cross-cutting theme of 'Interpreter not offered'
    path = tmp_path / "excerpts.csv"
    path.write_text(
        "excerpt_id,narrative_id,code,theme,excerpt\nT12-2,T12,Felt listened to,Care & support,Midwife phoned\n"
    )
    assert ("T12", "category", "good_communication") not in items
    ingest.import_file(con, "excerpts", path)
    assert ("T12", "category", "good_communication") in set(con.execute(_ITEMS).fetchall())
    con.execute("delete from agg_narratives")
    db.ensure_derived(con)
    assert set(con.execute(_ITEMS).fetchall()) >= items
    con.close()
