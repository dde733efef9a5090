"""Agreement between coders: statistics against a hand computation, blindness, settling, the page per role."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from insights.access import audit
from insights.analysis.filters import Filters
from insights.coding import agreement as ag
from insights.store import db
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = Path(__file__).parent / "fixtures" / "previous_release" / "export"
CODER = "demo:coder"
OFFICER = "demo:officer"


# --- statistics: a worked example computed by hand ---------------------------------------------------


def _presence(cells: dict[str, list[tuple[bool, bool]]]) -> pd.DataFrame:
    rows = []
    for category, pairs in cells.items():
        for i, (first, second) in enumerate(pairs):
            rows.append(
                {
                    "narrative_id": f"N{i:02d}",
                    "category_id": category,
                    "category": category.title(),
                    "first_present": first,
                    "second_present": second,
                }
            )
    return pd.DataFrame(rows)


YY, YN, NY, NN = (True, True), (True, False), (False, True), (False, False)

# 10 narratives x 3 categories. Per category the 2x2 table (a both, b first only, c second only, d neither):
#   A: a=4 b=1 c=1 d=4   po = 8/10 = 0.8; first present 5/10, second 5/10
#      pe = 0.5*0.5 + 0.5*0.5 = 0.5; kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
#      alpha: 20 values, present n1 = 2*4+1+1 = 10, absent n0 = 2*4+1+1 = 10
#      alpha = 1 - (2*10 - 1) * (b + c) / (n0 * n1) = 1 - 19*2/100 = 0.62
#   B: a=0 b=0 c=0 d=10  po = 1; pe = 0*0 + 1*1 = 1 -> kappa undefined (neither coder varied), alpha undefined
#   C: a=2 b=3 c=0 d=5   po = 7/10 = 0.7; first 5/10, second 2/10
#      pe = 0.5*0.2 + 0.5*0.8 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4
#      alpha: n1 = 2*2+3 = 7, n0 = 2*5+3 = 13; alpha = 1 - 19*3/91 = 34/91 = 0.373626...
#   Overall (30 cells pooled): a=6 b=4 c=1 d=19
#      po = 25/30; first 10/30, second 7/30; pe = (10*7 + 20*23)/900 = 530/900
#      kappa = (750 - 530) / (900 - 530) = 220/370 = 0.594594...
#      alpha: n1 = 12+5 = 17, n0 = 38+5 = 43; alpha = 1 - 59*5/(43*17) = 1 - 295/731 = 436/731 = 0.596443...
WORKED = {
    "a": [YY] * 4 + [YN] + [NY] + [NN] * 4,
    "b": [NN] * 10,
    "c": [YY] * 2 + [YN] * 3 + [NN] * 5,
}


def test_statistics_match_the_hand_computation():
    result = ag.statistics(_presence(WORKED))
    assert result.narratives == 10
    table = result.by_category.set_index("category_id")
    assert table.loc["a", ["both", "first_only", "second_only", "neither"]].tolist() == [4, 1, 1, 4]
    assert table.loc["a", "agreement"] == pytest.approx(0.8)
    assert table.loc["a", "kappa"] == pytest.approx(0.6)
    assert table.loc["a", "alpha"] == pytest.approx(0.62)
    assert table.loc["b", "agreement"] == pytest.approx(1.0)
    assert pd.isna(table.loc["b", "kappa"]) and "neither coder varied" in table.loc["b", "kappa_note"]
    assert "absent" in table.loc["b", "kappa_note"]
    assert pd.isna(table.loc["b", "alpha"]) and "undefined" in table.loc["b", "alpha_note"]
    assert table.loc["c", "agreement"] == pytest.approx(0.7)
    assert table.loc["c", "kappa"] == pytest.approx(0.4)
    assert table.loc["c", "alpha"] == pytest.approx(34 / 91)
    overall = result.overall_row()
    assert (overall["cells"], overall["disagreements"]) == (30, 5)
    assert overall["agreement"] == pytest.approx(25 / 30)
    assert overall["kappa"] == pytest.approx(220 / 370)
    assert overall["alpha"] == pytest.approx(436 / 731)
    assert overall["kappa_strength"] == "moderate"


def test_degenerate_cases_never_divide_by_zero():
    empty = ag.statistics(
        pd.DataFrame(columns=["narrative_id", "category_id", "first_present", "second_present"])
    )
    row = empty.overall_row()
    assert row["narratives"] == 0 and row["agreement"] is None
    assert row["kappa"] is None and row["kappa_note"] == "nothing compared yet"
    assert row["alpha"] is None
    # both coders marked the category present every time: agreement 100%, kappa undefined
    k, why = ag.Table(5, 0, 0, 0).kappa()
    assert k is None and "present every time" in why
    assert ag.Table(5, 0, 0, 0).agreement == 1.0
    # the coders always disagree, each constant: pe = 0, kappa = 0 (no better than chance), defined
    assert ag.Table(0, 4, 0, 0).kappa() == (0.0, "")
    # alpha for one unit on which they disagree: n1 = n0 = 1, alpha = 1 - 1*1/1 = 0
    assert ag.Table(0, 1, 0, 0).alpha() == (0.0, "")
    # a single narrative, both absent: undefined, never a ZeroDivisionError
    assert ag.Table(0, 0, 0, 1).alpha()[0] is None
    assert ag.strength(None) == "" and ag.strength(-0.1) == "poor" and ag.strength(0.95) == "almost perfect"


def test_sentences_are_verbatim_spans():
    note = 'She said "go home." Then I went.\nLabour was 3.5 hours!  ok  '
    spans = ag.sentences(note)
    assert [s for *_, s in spans] == ['She said "go home."', "Then I went.", "Labour was 3.5 hours!", "ok"]
    assert all(note[a:b] == s for a, b, s in spans)
    assert ag.sentences("") == [] and ag.sentences(None) == []


# --- the workflow on a database ---------------------------------------------------------------------


@pytest.fixture
def con(writable_db):
    c = db.connect(writable_db)
    yield c
    c.close()


def _codes(con, narrative_id: str) -> list[tuple[str, str, str, str]]:
    """The first coding of a narrative: (code, category, theme, text)."""
    return con.execute(
        "select e.code_id, c.category_id, e.theme_id, e.excerpt_text from coded_excerpts as e "
        "join codes as c using (code_id) where narrative_id = $n order by excerpt_id",
        {"n": narrative_id},
    ).fetchall()


def _draw_all(con) -> ag.Sample:
    return ag.draw_sample(con, 11, CODER, seed=3, user=OFFICER, role="officer")


def test_draw_is_seeded_filtered_and_audited(con, make_db):
    sample = ag.draw_sample(con, 4, CODER, seed=42, user=OFFICER, role="officer")
    assert len(sample.narrative_ids) == 4 and sample.eligible == 11  # T10 has no coded excerpt
    other = db.connect(make_db("fixture"))
    try:
        again = ag.draw_sample(other, 4, CODER, seed=42, user=OFFICER, role="officer")
    finally:
        other.close()
    assert again.narrative_ids == sample.narrative_ids  # same seed, same data, same sample
    # the first coding is kept as drawn
    kept = con.execute(
        "select count(*) from agreement_first_excerpts where sample_id = $s", {"s": sample.sample_id}
    ).fetchone()[0]
    assert kept == sum(len(_codes(con, n)) for n in sample.narrative_ids)
    entry = con.execute(
        "select actor, role, object_id, details from audit_log where action = 'agreement_sample'"
    ).fetchone()
    assert entry[:3] == (OFFICER, "officer", sample.sample_id)
    assert json.loads(entry[3])["narratives"] == 4
    # already drawn for this coder: not eligible again; too many asked for is refused plainly
    assert set(ag.eligible(con, CODER)).isdisjoint(sample.narrative_ids)
    with pytest.raises(ag.AgreementError, match="Only 7 coded narratives"):
        ag.draw_sample(con, 8, CODER, seed=1, user=OFFICER, role="officer")
    with pytest.raises(ag.NotAllowed):
        ag.draw_sample(con, 1, CODER, seed=1, user=CODER, role="coder")
    # filters: only Gravesham narratives
    gravesham = set(ag.eligible(con, "someone.else", Filters(localities=("Gravesham",))))
    expected = {
        r[0]
        for r in con.execute(
            "select distinct n.narrative_id from narratives as n join coded_excerpts using (narrative_id) "
            "where n.locality = 'Gravesham'"
        ).fetchall()
    }
    assert gravesham == expected and gravesham


def test_the_second_coder_never_sees_the_first_coding(con):
    sample = _draw_all(con)
    first = con.execute("select code_id, excerpt_text, excerpt_id from coded_excerpts").fetchall()
    secret = {text for _, text, _ in first} | {eid for *_, eid in first}
    seen: list[str] = []
    mine = queries.run(con, "agreement_my_assignments", coder=CODER)
    assert len(mine) == 11
    seen += mine.astype(str).to_numpy().ravel().tolist()
    for n in sample.narrative_ids:
        found = ag.note_for_coder(con, sample.sample_id, n, CODER, "coder")
        seen += [str(v) for v in found.values()]
        seen += (
            queries.run(
                con, "agreement_second_excerpts", sample_id=sample.sample_id, narrative_id=n, coder=CODER
            )
            .astype(str)
            .to_numpy()
            .ravel()
            .tolist()
        )
    leaked = [v for v in seen if v in secret]
    assert not leaked
    # and the SQL behind the coder's view cannot read the first coding at all
    for name in (
        "agreement_my_assignments",
        "agreement_note",
        "agreement_second_excerpts",
        "agreement_codebook",
    ):
        sql = queries.load(name).sql.lower()
        body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
        assert "coded_excerpts" not in body and "agreement_first_excerpts" not in body, name
    # another user gets nothing; the disagreements (both codings) are the officer's only
    assert ag.note_for_coder(con, sample.sample_id, "T01", "someone.else", "coder") is None
    with pytest.raises(PermissionError):
        queries.run(con, "agreement_note", sample_id=sample.sample_id, narrative_id="T01", coder=CODER)
    with pytest.raises(ag.NotAllowed):
        ag.disagreements(con, sample.sample_id, "coder")
    with pytest.raises(ag.NotAllowed):
        ag.note_for_coder(con, sample.sample_id, "T01", CODER, "commissioner")


def test_second_coding_is_checked(con):
    sample = _draw_all(con)
    code, category, theme, _ = _codes(con, "T01")[0]
    good = ag.SecondExcerpt(code, theme, "the midwife changed every visit")
    with pytest.raises(ag.AgreementError, match="not word for word"):
        ag.save_second_coding(
            con, sample.sample_id, "T01", CODER, [ag.SecondExcerpt(code, theme, "made up words")], "coder"
        )
    allowed = {
        r[0]
        for r in con.execute(
            "select theme_id from theme_categories where category_id = $c", {"c": category}
        ).fetchall()
    }
    wrong = next(t for t in ("care_and_support", "barriers", "judgement") if t not in allowed)
    with pytest.raises(ag.AgreementError, match="not allowed for this code"):
        ag.save_second_coding(
            con, sample.sample_id, "T01", CODER, [ag.SecondExcerpt(code, wrong, good.excerpt_text)], "coder"
        )
    with pytest.raises(ag.AgreementError, match="not in the codebook"):
        ag.save_second_coding(
            con, sample.sample_id, "T01", CODER, [ag.SecondExcerpt("NOPE", theme, good.excerpt_text)], "coder"
        )
    with pytest.raises(ag.AgreementError, match="not in your sample"):
        ag.save_second_coding(con, sample.sample_id, "T01", "someone.else", [good], "coder")
    assert con.execute("select count(*) from agreement_excerpts").fetchone()[0] == 0
    assert ag.save_second_coding(con, sample.sample_id, "T01", CODER, [good], "coder") == 1
    # saving again replaces (the coder may revise before the officer settles)
    assert (
        ag.save_second_coding(
            con, sample.sample_id, "T01", CODER, [good, ag.SecondExcerpt(code, theme, "Felt judged")], "coder"
        )
        == 2
    )
    stored = con.execute("select coder, category_id, coded_at is not null from agreement_excerpts").fetchall()
    assert stored == [(CODER, category, True)] * 2
    assert (
        con.execute(
            "select count(*) from audit_log where action = 'agreement_coding' and actor = $a", {"a": CODER}
        ).fetchone()[0]
        == 2
    )


def _code_three(con, sample: ag.Sample) -> dict:
    """Second coding: T01 exactly as the first coder; T02 nothing; T03 its first code plus one more category."""
    t01 = [ag.SecondExcerpt(code, theme, text) for code, _, theme, text in _codes(con, "T01")]
    ag.save_second_coding(con, sample.sample_id, "T01", CODER, t01, "coder")
    ag.save_second_coding(con, sample.sample_id, "T02", CODER, [], "coder")
    t03 = _codes(con, "T03")
    extra_code, extra_theme = con.execute(
        "select c.code_id, min(tc.theme_id) from codes as c join theme_categories as tc using (category_id) "
        "where c.category_id not in (select unnest($cats::varchar[])) group by all order by 1 limit 1",
        {"cats": [r[1] for r in t03]},
    ).fetchone()
    second_t03 = [
        ag.SecondExcerpt(t03[0][0], t03[0][2], t03[0][3]),
        ag.SecondExcerpt(extra_code, extra_theme, "Felt well supported at home"),
    ]
    ag.save_second_coding(con, sample.sample_id, "T03", CODER, second_t03, "coder")
    extra_cat = con.execute("select category_id from codes where code_id = $c", {"c": extra_code}).fetchone()[
        0
    ]
    return {"t03_second": second_t03, "extra_category": extra_cat}


def test_compare_counts_categories_per_narrative(con):
    sample = _draw_all(con)
    info = _code_three(con, sample)
    n_cat = con.execute("select count(*) from categories").fetchone()[0]
    cats = {n: {r[1] for r in _codes(con, n)} for n in ("T01", "T02", "T03")}
    result = ag.compare(con, sample.sample_id)
    assert result.narratives == 3  # unfinished narratives are not compared
    # expected, counted independently: T01 agrees everywhere; T02 first-only on its categories;
    # T03 agrees on its first excerpt's category, first-only on its other categories, second-only on the extra one
    t03_first_cat = _codes(con, "T03")[0][1]
    both = len(cats["T01"]) + 1
    first_only = len(cats["T02"]) + len(cats["T03"] - {t03_first_cat})
    second_only = 1 if info["extra_category"] not in cats["T03"] else 0
    t = result.overall
    assert (t.both, t.first_only, t.second_only) == (both, first_only, second_only)
    assert t.n == 3 * n_cat and t.neither == 3 * n_cat - both - first_only - second_only
    rows = ag.disagreements(con, sample.sample_id, "officer")
    assert len(rows) == first_only + second_only
    extra = rows[rows["category_id"] == info["extra_category"]].iloc[0]
    assert (
        list(extra["first_excerpts"]) == [] and "Felt well supported at home" in extra["second_excerpts"][0]
    )


def test_settling_changes_the_record_keeps_history_and_is_audited(con):
    sample = _draw_all(con)
    info = _code_three(con, sample)
    before_stats = ag.compare(con, sample.sample_id).overall_row()
    t02_cat = _codes(con, "T02")[0][1]
    removed_ids = {
        r[0]
        for r in con.execute(
            "select e.excerpt_id from coded_excerpts as e join codes using (code_id) where narrative_id = 'T02' and category_id = $c",
            {"c": t02_cat},
        ).fetchall()
    }
    decisions = [
        ag.Decision("T02", t02_cat, "absent", note="second look: not a barrier"),
        ag.Decision("T03", info["extra_category"], "second"),
    ]
    with pytest.raises(ag.AgreementError, match="no excerpt to keep"):
        ag.settle(
            con,
            sample.sample_id,
            [ag.Decision("T03", info["extra_category"], "first")],
            user=OFFICER,
            role="officer",
        )
    done = ag.settle(con, sample.sample_id, decisions, user=OFFICER, role="officer")
    assert (done.settled, done.removed, done.added) == (2, len(removed_ids), 1)
    assert not con.execute(
        "select count(*) from coded_excerpts where list_contains($ids::varchar[], excerpt_id)",
        {"ids": list(removed_ids)},
    ).fetchone()[0]
    added = con.execute(
        "select e.narrative_id, e.code_id, e.excerpt_text, e.anonymised_text is not null, e.import_id "
        "from coded_excerpts as e join agreement_settlements as s on s.settlement_id = e.import_id"
    ).fetchall()
    assert [(n, c, t) for n, c, t, *_ in added] == [
        ("T03", info["t03_second"][1].code_id, "Felt well supported at home")
    ]
    assert added[0][3]  # anonymised as an import would
    # the pre-aggregated tables follow the record (what a from-scratch computation gives)
    from insights.analysis import aggregates

    want, have = aggregates.from_scratch(con), aggregates.stored(con)
    pd.testing.assert_frame_equal(
        have["agg_narratives"].reset_index(drop=True), want["agg_narratives"].reset_index(drop=True)
    )
    # history: the removed rows are kept whole
    hist = con.execute(
        "select narrative_id, outcome, settled_by, removed, added, note from agreement_settlements order by narrative_id"
    ).fetchall()
    assert [(h[0], h[1], h[2]) for h in hist] == [("T02", "absent", OFFICER), ("T03", "second", OFFICER)]
    assert {r["excerpt_id"] for r in json.loads(hist[0][3])} == removed_ids
    assert json.loads(hist[0][3])[0]["excerpt_text"] and hist[0][5] == "second look: not a barrier"
    assert len(json.loads(hist[1][4])) == 1
    entry = con.execute("select actor, details from audit_log where action = 'agreement_settle'").fetchone()
    assert entry[0] == OFFICER and json.loads(entry[1])["excerpts_removed"] == len(removed_ids)
    assert queries.run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    # the import that brought the removed excerpts can no longer be withdrawn blindly
    from insights.ingest import undo

    excerpts_import = con.execute("select import_id from imports where kind = 'excerpts'").fetchone()[0]
    with pytest.raises(undo.UndoRefused, match="changed later"):
        undo.check(con, excerpts_import)
    # statistics compare the codings as made, not the settled record; settled ones are refused again
    assert ag.compare(con, sample.sample_id).overall_row() == before_stats
    with pytest.raises(ag.AgreementError, match="already settled"):
        ag.settle(con, sample.sample_id, decisions[:1], user=OFFICER, role="officer")
    with pytest.raises(ag.AgreementError, match="already settled"):
        ag.save_second_coding(con, sample.sample_id, "T02", CODER, [], "coder")
    with pytest.raises(ag.NotAllowed):
        ag.settle(con, sample.sample_id, decisions, user=CODER, role="coder")


@pytest.mark.parametrize("breaks", ["audit", "search_index"])
def test_a_failed_settlement_leaves_nothing(con, monkeypatch, breaks):
    sample = _draw_all(con)
    info = _code_three(con, sample)
    t02_cat = _codes(con, "T02")[0][1]
    tables = ("coded_excerpts", "agreement_settlements", "agg_narratives", "audit_log")
    before = {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}  # noqa: S608

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    if breaks == "audit":
        monkeypatch.setattr(audit, "record", boom)
    else:
        from insights.quotes import review

        monkeypatch.setattr(review, "build_search_index", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        ag.settle(
            con,
            sample.sample_id,
            [ag.Decision("T02", t02_cat, "absent"), ag.Decision("T03", info["extra_category"], "second")],
            user=OFFICER,
            role="officer",
        )
    after = {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in tables}  # noqa: S608
    assert after == before


def test_previous_release_upgrades_and_can_draw_a_sample(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(f"import database '{PREVIOUS.as_posix()}'")
    old.close()
    con = db.connect(path)  # applies the migrations, 0005 among them
    try:
        assert 5 in dict(con.execute("select version, how from schema_migrations").fetchall())
        sample = ag.draw_sample(con, 2, CODER, seed=1, user=OFFICER, role="officer")
        assert len(sample.narrative_ids) == 2
        assert queries.run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    finally:
        con.close()


# --- the page, per role -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_db(make_db):
    with app_using(make_db("fixture")) as path:
        yield path


def _page(role: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "agreement.py"), default_timeout=90)
    at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", ["commissioner", "mnvp"])
def test_page_refuses_other_roles(page_db, role):
    at = _page(role)
    assert any("does not have access" in e.value for e in at.error)
    assert not at.title and not at.dataframe and not at.text_area


def test_page_officer_draws_coder_codes_officer_settles(page_db):
    at = _page("officer")
    assert at.title[0].value == "Agreement between coders"
    assert any("No sample drawn yet" in i.value for i in at.info)
    at.text_input(key="agr_coder").set_value(CODER).run()
    at.number_input(key="agr_size").set_value(3).run()
    at.button(key="agr_draw").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Drew 3 narratives" in s.value for s in at.success)

    coder = _page("coder")
    assert not coder.tabs  # the coder sees only their own part: no statistics, no disagreements
    assert any("still to code" in m.value for m in coder.markdown)
    assert coder.text[0].value  # the note
    # blind: nothing drawn names the first coding's codes or categories for this narrative
    narrative = coder.selectbox(key="agr_pick").value.split("|")[1]
    coded = (
        _cursor()
        .execute(
            "select c.label, k.name from coded_excerpts as e join codes as c using (code_id) "
            "join categories as k on k.category_id = c.category_id where e.narrative_id = $n",
            {"n": narrative},
        )
        .fetchall()
    )
    assert coded
    drawn = [e.value for kind in ("text", "markdown", "caption", "info", "success") for e in coder.get(kind)]
    assert not [name for pair in coded for name in pair if any(name in str(v) for v in drawn)]
    codes = queries.run(_cursor(), "agreement_codebook")
    code_key = next(s.key for s in coder.selectbox if s.key and s.key.startswith("agr_code_"))
    coder.selectbox(key=code_key).set_value(codes["code_id"].iat[0]).run()
    next(b for b in coder.button if b.key and b.key.startswith("agr_add_")).click().run()
    assert not coder.exception, [e.value for e in coder.exception]
    save = next(b for b in coder.button if b.key and b.key.startswith("agr_save_"))
    assert "(1 excerpt)" in save.label
    save.click().run()
    assert not coder.exception, [e.value for e in coder.exception]
    assert any("Saved your coding" in s.value for s in coder.success)

    at = _page("officer")
    assert any(m.label == "Narratives compared" and m.value == "1 of 3" for m in at.metric)
    assert at.dataframe  # the per-category table
    radios = [r for r in at.radio if r.key and r.key.startswith("agr_decide_")]
    assert radios  # each disagreement listed with a choice
    radios[0].set_value("absent")
    next(b for b in at.button if "Settle the chosen" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1 disagreement settled" in s.value for s in at.success)


def _cursor():
    from ui.data import cursor

    return cursor()
