"""Issue 14 leftovers: setting narratives aside, suggestions that follow the codebook and catch up with any
write, and re-imports that keep an agreement settlement."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from insights import __main__ as cli
from insights.access.roles import CODER, OFFICER
from insights.analysis.filters import Filters
from insights.coding import agreement as ag
from insights.coding import codebook as reference_codebook
from insights.coding import manage, set_aside
from insights.coding import trainer as suggestions
from insights.ingest import load as ingest
from insights.store import db
from insights.vocab import THEMES
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
EXCERPTS = ROOT / "tests" / "fixtures" / "db" / "excerpts.csv"
CODER_USER = "coder@example.nhs.uk"
OFFICER_USER = "officer@example.nhs.uk"


@pytest.fixture
def con(writable_db):
    c = db.connect(writable_db)
    yield c
    c.close()


def _filters() -> dict:
    return {k: v for k, v in Filters().params().items() if k in ("start", "end", "localities", "collectors")}


def _queue(con) -> list[str]:
    return queries.run(con, "coding_queue", **_filters())["narrative_id"].tolist()


def _aside(con) -> pd.DataFrame:
    return queries.run(con, "coding_set_aside", **_filters())


# --- setting a narrative aside ----------------------------------------------------------------------------


def test_set_aside_leaves_the_queue_is_audited_and_only_the_officer_puts_it_back(con):
    assert _queue(con) == ["T10"] and _aside(con).empty
    set_aside.set_aside(con, "T10", "not codeable", "  note is  about a  house move ", CODER_USER, CODER)
    assert _queue(con) == []
    aside = _aside(con)
    assert aside[["narrative_id", "kind", "reason", "set_by"]].values.tolist() == [
        ["T10", "not codeable", "note is about a house move", CODER_USER]
    ]
    entry = con.execute(
        "select actor, role, object_id, details from audit_log where action = 'coding_set_aside'"
    ).fetchone()
    assert entry[:3] == (CODER_USER, CODER, "T10")
    assert (
        "house" not in entry[3] and json.loads(entry[3])["kind"] == "not codeable"
    )  # no free text in the trail

    with pytest.raises(set_aside.SetAsideError, match="already set aside"):
        set_aside.set_aside(con, "T10", "skip for now", "again", CODER_USER, CODER)
    with pytest.raises(set_aside.SetAsideError, match="Only the engagement officer"):
        set_aside.put_back(con, "T10", CODER_USER, CODER)
    assert _queue(con) == []

    set_aside.put_back(con, "T10", OFFICER_USER, OFFICER, note="codeable after all")
    assert _queue(con) == ["T10"] and _aside(con).empty
    history = con.execute(
        "select kind, set_by, returned_by, return_note, returned_at is not null from coding_set_aside"
    ).fetchall()
    assert history == [("not codeable", CODER_USER, OFFICER_USER, "codeable after all", True)]  # kept
    assert (
        con.execute("select count(*) from audit_log where action = 'coding_set_aside_return'").fetchone()[0]
        == 1
    )
    with pytest.raises(set_aside.SetAsideError, match="not set aside"):
        set_aside.put_back(con, "T10", OFFICER_USER, OFFICER)
    # set aside again later: a second row, the first one's history untouched
    set_aside.set_aside(con, "T10", "skip for now", "needs a Polish speaker", CODER_USER, CODER)
    assert con.execute("select count(*) from coding_set_aside").fetchone()[0] == 2
    assert queries.run(con, "audit_integrity")["broken_entries"].iat[0] == 0


@pytest.mark.parametrize(
    ("narrative", "kind", "reason", "message"),
    [
        ("T10", "not codeable", "   ", "Say in a few words why"),
        ("T10", "because", "x", "Choose why"),
        ("T10", "skip for now", "x" * 301, "keep it to 300"),
        ("T01", "skip for now", "x", "has been coded"),
        ("NOPE", "skip for now", "x", "no narrative"),
    ],
)
def test_bad_set_asides_are_refused_and_write_nothing(con, narrative, kind, reason, message):
    with pytest.raises(set_aside.SetAsideError, match=message):
        set_aside.set_aside(con, narrative, kind, reason, CODER_USER, CODER)
    assert con.execute("select count(*) from coding_set_aside").fetchone()[0] == 0


def _page(role: str, at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(ROOT / "pages" / "coding.py"), default_timeout=120)
    at.secrets = {"maternity_tests": {"mode": "demo"}}
    at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _no_quality(monkeypatch) -> None:
    """The page's background trainer skips the cross-validated quality (measured in tests/test_coding.py)."""

    def quick(self, con, version):
        return suggestions.Quality(version, None, None, "not measured in this test")

    monkeypatch.setattr(suggestions.Trainer, "_evaluate", quick)


def test_page_coder_sets_aside_officer_puts_back(make_db, monkeypatch):
    _no_quality(
        monkeypatch
    )  # the page trains suggestions in the background; this test is about setting aside
    path = make_db("fixture")
    with app_using(path):
        at = _page(CODER)
        assert at.subheader[0].value == "1 narrative left to code"
        at.radio(key="coding_aside_kind:T10").set_value("skip for now")
        at.text_input(key="coding_aside_reason:T10").set_value("needs the venue's context")
        at.button(key="FormSubmitter:coding_aside_form:T10-Set aside").click().run()
        assert not at.exception
        assert any("T10 is set aside" in s.value for s in at.success)
        assert at.subheader[0].value == "0 narratives left to code (1 set aside)"
        assert not [b for b in at.button if b.label == "Put back in the queue"]  # the coder cannot

        officer = _page(OFFICER)
        assert officer.subheader[0].value == "0 narratives left to code (1 set aside)"
        assert officer.dataframe[0].value["Reason"].tolist() == ["needs the venue's context"]
        officer.button(key="FormSubmitter:coding_put_back-Put back in the queue").click().run()
        assert any("T10 is back in the queue" in s.value for s in officer.success)
        assert officer.subheader[0].value == "1 narrative left to code"
        suggestions.trainer_for(path).wait(300)


# --- suggestions follow the codebook -------------------------------------------------------------------------


class _Ranked:
    """A model stand-in that ranks fixed labels (the trained model's interface: rank(texts, top))."""

    def __init__(self, labels: list[str]):
        self.labels = labels

    def rank(self, texts, top=3):
        return [[(label, 0.9 - 0.1 * i) for i, label in enumerate(self.labels[:top])] for _ in texts]


def test_suggestions_follow_renames_and_merges_and_never_offer_retired_codes(con):
    codebook = queries.run(con, "coding_codebook")
    a, b, c, d = codebook["code_id"].iloc[:4]
    old_a = codebook.set_index("code_id")["label"][a]
    manage.rename_code(con, a, "Renamed on the Codebook page", OFFICER_USER)
    manage.retire_code(con, b, OFFICER_USER)
    manage.merge_codes(con, c, d, OFFICER_USER)
    codebook = queries.run(con, "coding_codebook")
    aliases = queries.run(con, "coding_code_aliases")
    # a model of an older release learned labels: the old name of a renamed code still finds it
    picks = suggestions.suggestions(_Ranked([old_a, b, c, d]), ["text"], codebook, top=3, aliases=aliases)[0]
    assert [p["code_id"] for p in picks] == [a, d]  # b retired: never; c merged into d: d once
    assert picks[0]["label"] == "Renamed on the Codebook page"
    # a model that learned code ids
    picks = suggestions.suggestions(_Ranked([b, a, c]), ["text"], codebook, aliases=aliases)[0]
    assert [p["code_id"] for p in picks] == [a, d]
    # without the history, the old name is unknown and is skipped, never shown under a stale name
    picks = suggestions.suggestions(_Ranked([old_a, a]), ["text"], codebook)[0]
    assert [p["code_id"] for p in picks] == [a]


def test_a_codebook_import_rename_is_followed_too(con):
    from insights.coding import refi

    book = refi.read_codebook(con)[["code_id", "category", "label", "cross_cutting"]].copy()
    code, old = book["code_id"].iat[0], book["label"].iat[0]
    book.loc[book["code_id"] == code, "label"] = "Renamed by a file"
    plan, change = manage.apply_codebook(con, book, OFFICER_USER, "codes.csv")
    assert change is not None and [r["code_id"] for r in plan.renamed] == [code]
    aliases = queries.run(con, "coding_code_aliases")
    picks = suggestions.suggestions(
        _Ranked([old]), ["text"], queries.run(con, "coding_codebook"), aliases=aliases
    )[0]
    assert [(p["code_id"], p["label"]) for p in picks] == [(code, "Renamed by a file")]


# --- suggestions catch up with writes from anywhere ----------------------------------------------------------


def _t10_excerpts(path: Path) -> Path:
    rows = pd.DataFrame(
        [
            {
                "excerpt_id": "T10-1",
                "narrative_id": "T10",
                "code": "C126",
                "theme": "Barriers",
                "care_stage": "antenatal",
                "excerpt": "",
            }
        ]
    )
    rows.to_csv(path, index=False)
    return path


def test_a_command_line_import_is_learned_when_the_dashboard_starts(make_db, tmp_path, monkeypatch, capsys):
    path = make_db("fixture")
    folder = tmp_path / "kept"
    con = db.connect(path)
    try:
        first = suggestions.Trainer(folder)
        version = suggestions.data_version(con)
        assert first.update_now(con, evaluate=False).current(version)
        note = con.execute("select note from narratives where narrative_id = 'T10'").fetchone()[0]
        n = con.execute("select count(*) from coded_excerpts").fetchone()[0]
    finally:
        con.close()
    # the dashboard is stopped; an excerpts file comes in on the command line
    csv = _t10_excerpts(tmp_path / "t10.csv")
    frame = pd.read_csv(csv)
    frame["excerpt"] = note.split(".")[0].strip()
    frame.to_csv(csv, index=False)
    monkeypatch.setenv("MATERNITY_DB", str(path))
    assert cli.main(["import", "excerpts", str(csv), "--user", "tester"]) == 0
    assert "suggest train" in capsys.readouterr().err
    con = db.connect(path)
    try:
        new_version = suggestions.data_version(con)
        assert new_version != version
        # the dashboard starts: a trainer on the same folder finds the kept model behind, and catches up
        started = suggestions.Trainer(folder)
        assert suggestions.Trainer(tmp_path / "never-used").refresh_if_kept(con) is False
        assert started.refresh_if_kept(con) is True
        assert started.wait(300)
        status = started.status()
        assert status.current(new_version) and status.behind(new_version) is None
        behind = suggestions.Status(status.model, version, False, None, None).behind(new_version)
        assert behind and f"{n} coded excerpts then, {n + 1} now" in behind
    finally:
        con.close()


def test_suggest_train_command_keeps_the_model_for_the_dashboard(make_db, monkeypatch, capsys):
    path = make_db("fixture")
    monkeypatch.setenv("MATERNITY_DB", str(path))
    con = db.connect(path, read_only=True)
    n = con.execute("select count(*) from coded_excerpts").fetchone()[0]
    con.close()
    assert cli.main(["suggest", "train", "--no-evaluate"]) == 0
    out = capsys.readouterr().out
    assert f"Coding suggestions are up to date: learned from {n} coded excerpts" in out
    kept = suggestions.Trainer(path.parent / suggestions.CACHE_DIR / path.stem)
    con = db.connect(path, read_only=True)
    try:
        kept._load_disk()
        assert kept.status().current(suggestions.data_version(con))
    finally:
        con.close()
    assert cli.main(["suggest", "predict"]) == 2
    assert "needs --train" in capsys.readouterr().err


# --- a re-import keeps what an agreement settlement decided --------------------------------------------------


def test_reimport_does_not_undo_a_settlement(con, capsys, monkeypatch):
    sample = ag.draw_sample(con, 11, "demo:coder", seed=3, user="demo:officer", role=OFFICER)
    ag.save_second_coding(con, sample.sample_id, "T02", "demo:coder", [], CODER)
    category = con.execute(
        "select c.category_id from coded_excerpts as e join codes as c using (code_id) "
        "where narrative_id = 'T02' order by excerpt_id limit 1"
    ).fetchone()[0]
    removed = {
        r[0]
        for r in con.execute(
            "select e.excerpt_id from coded_excerpts as e join codes as c using (code_id) "
            "where narrative_id = 'T02' and c.category_id = $c",
            {"c": category},
        ).fetchall()
    }
    ag.settle(
        con, sample.sample_id, [ag.Decision("T02", category, "absent")], user="demo:officer", role=OFFICER
    )
    before = con.execute("select count(*) from coded_excerpts").fetchone()[0]

    checked, result = ingest.import_file(con, "excerpts", EXCERPTS, user="tester", skip_invalid=False)
    assert not checked.validated.errors
    reasons = [w.reason for w in checked.validated.warnings]
    day = con.execute("select strftime(max(settled_at), '%d %b %Y') from agreement_settlements").fetchone()[0]
    assert (
        f"{len(removed)} row{'s' if len(removed) != 1 else ''} skipped: settled by agreement on {day}"
        in " ".join(reasons)
    )
    assert sum("skipped: settled by agreement" in r for r in reasons) == len(removed) + 1
    assert con.execute("select count(*) from coded_excerpts").fetchone()[0] == before
    assert not con.execute(
        "select count(*) from coded_excerpts where list_contains($ids::varchar[], excerpt_id)",
        {"ids": list(removed)},
    ).fetchone()[0]
    # the command line says so in its report too
    monkeypatch.setenv(
        "MATERNITY_DB",
        con.execute(
            "select path from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0],
    )
    con.close()
    assert cli.main(["import", "excerpts", str(EXCERPTS), "--user", "tester"]) == 0
    err = capsys.readouterr().err
    assert f"skipped: settled by agreement on {day}" in err


# --- issue 14 "done means", on the demo --------------------------------------------------------------------


def _all_women(role: str = OFFICER) -> dict[str, int]:
    """Themes page as the officer: women with each theme or category, all women (exact counts)."""
    at = AppTest.from_file(str(ROOT / "pages" / "themes.py"), default_timeout=120)
    at.secrets = {"maternity_tests": {"mode": "demo"}}
    at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if {"Women with it", "Kind", "Group"} <= set(d.value.columns))
    everyone = table[table["Group"] == "All women"]
    return dict(zip(everyone["Theme or category"], everyone["Women with it"].astype(int), strict=True))


def test_demo_officer_codes_a_narrative_with_one_click_suggestions_and_themes_counts_it(make_db, monkeypatch):
    """On the demo, an officer opens Coding, codes a new narrative mostly by accepting suggestions in one
    click, saves, and the Themes page counts her at once."""

    _no_quality(monkeypatch)  # the cross-validated quality is measured in test_coding; not needed here
    path = make_db("demo")
    with app_using(path):
        before = _all_women()
        at = _page(OFFICER)
        assert suggestions.trainer_for(path).wait(300)
        at = _page(OFFICER, at)  # the suggestions learned from the demo's coding are in use now
        left = int(at.subheader[0].value.split()[0])
        nid = at.selectbox(key="coding_narrative").value
        sentences = [
            b.key.rsplit(":", 1)[1] for b in at.button if b.key and b.key.startswith(f"coding_w1:{nid}:")
        ]
        clicks = 0
        for i in sentences:
            accepts = [
                b
                for b in at.button
                if b.key and b.key.startswith("coding_accept_") and b.key.endswith(f":{nid}:{i}")
            ]
            if accepts:
                accepts[0].click().run()
                clicks += 1
        assert clicks >= 1 and clicks * 2 >= len(sentences), (clicks, len(sentences))
        chosen = [at.selectbox(key=f"coding_code:{nid}:{i}").value for i in sentences]
        themes = [at.selectbox(key=f"coding_theme:{nid}:{i}").value for i in sentences if chosen[int(i)]]
        at.button(key="FormSubmitter:coding_save-Save coding").click().run()
        assert not at.exception
        assert any(f"Saved {clicks} coded excerpt" in s.value for s in at.success), [
            e.value for e in at.error
        ]
        assert at.subheader[0].value.startswith(f"{left - 1} narrative")

        category_of = reference_codebook.codes().set_index("code_id")["category_id"]
        names = reference_codebook.categories().set_index("category_id")["name"]
        categories = {names[category_of[c]] for c in chosen if c}
        theme_names = {THEMES[t][0] for t in themes}
        after = _all_women()
        for item in categories | theme_names:
            assert after[item] == before[item] + 1, item  # she is counted once for each theme and category
        suggestions.trainer_for(path).wait(300)
