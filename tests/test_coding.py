"""The Coding page's domain: sentences with verbatim offsets, excerpt spans, the save path, the coder role,
background suggestions, and the page itself under AppTest (officer and coder; the commissioner refused)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from insights.access import auth
from insights.access.roles import CODER, COMMISSIONER, MNVP, OFFICER, ROLE_LABELS, pages_for
from insights.analysis.filters import Filters
from insights.coding import codebook, workbench
from insights.coding import trainer as suggestions
from insights.coding.workbench import Choice, CodingError, adjust_span, locate, split_sentences
from insights.ingest import load as ingest
from insights.ingest import undo
from insights.store import db
from insights.vocab import THEMES
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
CODER_USER = "coder@example.nhs.uk"

# --- sentences ---------------------------------------------------------------------------------------

NOTES = [
    "Chatted at the stay and play. Had her little girl at Queen Mary's in September, her third. "
    "Gave her care 3 out of 10.",
    "said midwife was rude. didnt explain anything!! felt rushed at approx. 3am; saw Dr. Patel after",
    'She said "why me?" she asked. Then "it was awful." Next one',
    "induced at 41 wks. felt rushed\nsecond line  ",
    "J. Smith helped. e.g. she was kind. N.H.S. said no.",
    "   \n  ",
    "",
    "No full stop at all",
    "Wait… what?! (she laughed.) ok",
]


@pytest.mark.parametrize("note", NOTES)
def test_sentences_keep_verbatim_offsets_and_every_word(note):
    sentences = split_sentences(note)
    for s in sentences:
        assert note[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    # no word is lost between sentences
    assert " ".join(s.text for s in sentences).split() == note.split()


def test_sentences_where_a_person_would_split():
    texts = lambda note: [s.text for s in split_sentences(note)]  # noqa: E731
    assert texts(NOTES[0]) == [
        "Chatted at the stay and play.",
        "Had her little girl at Queen Mary's in September, her third.",
        "Gave her care 3 out of 10.",
    ]
    # hurried lower-case notes; abbreviations and titles do not end a sentence; '; ' does
    assert texts(NOTES[1]) == [
        "said midwife was rude.",
        "didnt explain anything!!",
        "felt rushed at approx. 3am;",
        "saw Dr. Patel after",
    ]
    # a quoted question followed by 'she asked' goes on; a closing quote stays with its sentence
    assert texts(NOTES[2]) == ['She said "why me?" she asked.', 'Then "it was awful."', "Next one"]
    assert texts(NOTES[3]) == ["induced at 41 wks.", "felt rushed", "second line"]
    assert texts(NOTES[4]) == ["J. Smith helped.", "e.g. she was kind.", "N.H.S. said no."]
    assert texts("   \n  ") == [] and texts("") == [] and texts(None) == []


def test_demo_like_notes_split_verbatim(fixture_con):
    notes = [r[0] for r in fixture_con.execute("select note from narratives").fetchall()]
    for note in notes:
        sentences = split_sentences(note)
        assert sentences and all(note[s.start : s.end] == s.text for s in sentences)


def test_adjust_span_widens_and_narrows_by_words():
    note = "one two three four five"
    start, end = 4, 13  # "two three"
    assert note[slice(*adjust_span(note, start, end, 1, 1))] == "one two three four"
    assert note[slice(*adjust_span(note, start, end, -1, 0))] == "three"
    assert note[slice(*adjust_span(note, start, end, 0, -1))] == "two"
    assert note[slice(*adjust_span(note, start, end, -5, 0))] == "three"  # never fewer than one word
    assert note[slice(*adjust_span(note, start, end, 9, 9))] == note  # never beyond the note
    with pytest.raises(CodingError):
        adjust_span(note, 10, 5)


def test_locate_accepts_only_a_verbatim_span():
    note = "She was fine. She was fine later too."
    assert locate(note, "She was fine", near=0) == (0, 12)
    assert locate(note, "She was fine", near=20) == (14, 26)  # the occurrence nearest the sentence
    assert locate(note, "  was fine later ") == (18, 32)
    for bad in ("she was FINE", "She was fine, later", "", "   ", "not in it"):
        with pytest.raises(CodingError):
            locate(note, bad)


# --- the save path ------------------------------------------------------------------------------------

NOTE = (
    "Saw Dr Jones at Darent Valley. Nobody explained her scan results. "
    "Call her on 07700 900123 about the group; she felt judged when asking for help."
)


def _add_narrative(con, narrative_id: str = "T90", note: str = NOTE) -> None:
    raw = pd.DataFrame(
        [
            {
                "narrative_id": narrative_id,
                "collected_on": "2024-02-01",
                "collected_by": "Community connector",
                "venue_id": "V-T1",
                "postcode": "DA11 0AA",
                "ethnicity": "African",
                "rating": "4",
                "care_stages": "antenatal",
                "note": note,
            }
        ],
        dtype=object,
    )
    digest = hashlib.sha256(raw.to_csv().encode()).hexdigest()
    checked = ingest.check_frame(con, "narratives", raw, "new.csv", digest)
    assert checked.ok, checked.validated.errors
    ingest.commit(con, checked, user="officer@example.nhs.uk")


def _choices(note: str = NOTE) -> list[Choice]:
    s = split_sentences(note)
    # the phone-number sentence widened to the end of the next one: "... group; she felt judged ..."
    start, end = adjust_span(note, s[2].start, s[2].end, 0, 7)
    return [
        Choice(s[1].start, s[1].end, "C126", "barriers", "antenatal"),  # Poor communication
        Choice(start, end, "Made to feel like a time waster", "judgement"),
    ]


@pytest.fixture
def con(writable_db):
    con = db.connect(writable_db)
    _add_narrative(con)
    yield con
    con.close()


def _queue(con) -> list[str]:
    params = {
        k: v for k, v in Filters().params().items() if k in ("start", "end", "localities", "collectors")
    }
    return queries.run(con, "coding_queue", **params)["narrative_id"].tolist()


def _women(con, item_id: str) -> int:
    df = queries.run(con, "theme_prevalence_by_group", **Filters().params(), group_by="all", min_group=8)
    return int(df.loc[df["item_id"] == item_id, "women"].iat[0])


def test_save_writes_through_the_import_path(con):
    assert _queue(con)[0] == "T90"  # newest first
    assert "T10" in _queue(con)
    judged_before, barriers_before = _women(con, "judgement"), _women(con, "barriers")
    audit_before = con.execute("select count(*) from audit_log").fetchone()[0]

    out = workbench.save_coding(con, "T90", _choices(), user=CODER_USER, role=CODER)

    assert out.ok, out.errors
    assert len(out.saved) == 2 and "Saved 2 coded excerpts for narrative T90" in out.summary()
    rows = con.execute(
        "select code_id, theme_id, care_stage, excerpt_text, anonymised_text, anonymiser, import_id "
        "from coded_excerpts where narrative_id = 'T90' order by excerpt_text"
    ).df()
    assert rows["excerpt_text"].tolist() == [
        "Call her on 07700 900123 about the group; she felt judged when asking for help.",
        "Nobody explained her scan results.",
    ]
    assert all(t in NOTE for t in rows["excerpt_text"])
    # anonymised exactly like an imported excerpt: the phone number does not reach the anonymised text
    assert rows["anonymiser"].notna().all() and rows["anonymised_text"].notna().all()
    assert "900123" not in rows["anonymised_text"].iat[0]
    # recorded as an import of kind 'coding' by the coder; audited in the same transaction
    imp = con.execute(
        "select kind, imported_by, file_name, rows_inserted from imports where import_id = $i",
        {"i": out.result.import_id},
    ).fetchone()
    assert imp == ("coding", CODER_USER, "Coding page: narrative T90", 2)
    actions = con.execute(
        "select action, actor, role, object_type from audit_log order by audit_id desc limit 2"
    ).fetchall()
    assert ("coding_save", CODER_USER, CODER, "narratives") in actions
    assert ("import", CODER_USER, CODER, "coding") in actions
    assert con.execute("select count(*) from audit_log").fetchone()[0] == audit_before + 2
    # waiting for MNVP review like any imported excerpt (no decision yet)
    status = queries.run(con, "quote_status_counts").set_index("status")["excerpts"]
    assert status["pending"] >= 2 and status["not anonymised"] == 0
    assert not con.execute(
        "select count(*) from quote_reviews r join coded_excerpts x using (excerpt_id) where x.narrative_id = 'T90'"
    ).fetchone()[0]
    # the narrative leaves the queue, and Themes counts it
    assert "T90" not in _queue(con)
    assert _women(con, "judgement") == judged_before + 1
    assert _women(con, "barriers") == barriers_before + 1


def test_save_can_be_withdrawn_like_an_import(con):
    out = workbench.save_coding(con, "T90", _choices(), user=CODER_USER, role=CODER)
    assert out.ok
    undo.withdraw(con, out.result.import_id, "officer@example.nhs.uk", role=OFFICER)
    assert con.execute("select count(*) from coded_excerpts where narrative_id = 'T90'").fetchone()[0] == 0
    assert "T90" in _queue(con)


def _count(con) -> tuple:
    return con.execute(
        "select (select count(*) from coded_excerpts), (select count(*) from imports), "
        "(select count(*) from audit_log)"
    ).fetchone()


def test_save_refuses_bad_choices_and_writes_nothing(con):
    before = _count(con)
    s = split_sentences(NOTE)
    cases = [
        ([], "at least one sentence"),
        ([Choice(s[1].start, s[1].end, "C043", "judgement")], "not allowed"),  # not in Figure 2
        ([Choice(s[1].start, s[1].end, "no such code", "barriers")], "not in the codebook"),
        ([Choice(0, len(NOTE) + 5, "C126", "barriers")], "not inside the note"),
        ([Choice(s[1].start, s[1].end, "C126", "barriers", "pregnancy week 3")], "not a care stage"),
    ]
    for picks, reason in cases:
        out = workbench.save_coding(con, "T90", picks, user=CODER_USER, role=CODER)
        assert not out.ok and any(reason in e for e in out.errors), (reason, out.errors)
    assert not workbench.save_coding(con, "NOPE", _choices(), user=CODER_USER).ok
    assert _count(con) == before


def test_save_is_one_transaction(con, monkeypatch):
    before = _count(con)

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(workbench.audit, "record", broken)
    with pytest.raises(RuntimeError):
        workbench.save_coding(con, "T90", _choices(), user=CODER_USER, role=CODER)
    assert _count(con) == before
    assert "T90" in _queue(con)


def test_a_narrative_coded_meanwhile_is_refused(con):
    assert workbench.save_coding(con, "T90", _choices()[:1], user=CODER_USER).ok
    before = _count(con)
    out = workbench.save_coding(con, "T90", _choices()[1:], user="someone@example.nhs.uk")
    assert not out.ok and "coded meanwhile" in out.errors[0]
    assert _count(con) == before


# --- the coder role -------------------------------------------------------------------------------------


def test_coder_role_sees_coding_and_about_only():
    assert ROLE_LABELS[CODER] == "Coder"
    assert [p.file for p in pages_for(CODER)] == ["pages/coding.py", "pages/agreement.py", "pages/about.py"]
    assert "pages/coding.py" in [p.file for p in pages_for(OFFICER)]
    assert "pages/coding.py" not in [p.file for p in pages_for(COMMISSIONER)]
    assert "pages/coding.py" not in [p.file for p in pages_for(MNVP)]
    from insights.access.roles import exact_counts

    assert not exact_counts(CODER)


def test_coder_role_from_the_mapping_file():
    role_map = auth.parse_role_map('[users]\n"c@example.nhs.uk" = "coder"\n[groups]\n"coders" = "coder"\n')
    claims = {"email": "c@example.nhs.uk", "email_verified": True, "is_logged_in": True}
    assert auth.decide_role(claims, role_map).role == CODER
    other = {"email": "x@example.nhs.uk", "groups": ["coders"], "is_logged_in": True}
    assert auth.decide_role(other, role_map).role == CODER


# --- suggestions in the background ------------------------------------------------------------------------


def test_trainer_trains_in_the_background_and_measures_quality(writable_db):
    con = db.connect(writable_db)
    try:
        trainer = suggestions.Trainer(writable_db.parent / "cache")
        version = suggestions.data_version(con)
        first = trainer.ensure(con, version)
        assert first.model is None  # never waits: nothing yet on a first run
        assert trainer.wait(300)
        status = trainer.status()
        assert status.current(version) and not status.updating
        codebook = queries.run(con, "coding_codebook")
        picks = suggestions.suggestions(status.model, ["Needed an interpreter in labour"], codebook)[0]
        assert 1 <= len(picks) <= 3
        figure2 = codebook.set_index("code_id")["theme_ids"]
        for pick in picks:
            assert 0 <= pick["confidence"] <= 1 and pick["category"]
            assert pick["theme_ids"] == list(figure2[pick["code_id"]])
        quality = status.quality
        assert quality is not None and quality.version == version
        table = suggestions.quality_table(quality.categories)
        if quality.categories is not None:  # the fixture is small: most categories have too few examples
            few = table[table["Precision"].isna()]
            assert (few["Note"].str.contains("too few examples")).all()
        # a new trainer on the same folder starts from the kept model, without training: the first visit after a
        # start (or after `suggest train`) already has suggestions and their quality, and no update starts
        again = suggestions.Trainer(writable_db.parent / "cache")
        kept = again.ensure(con, version)
        assert kept.current(version) and kept.quality is not None and kept.quality.version == version
        assert not kept.updating
        assert again.wait(300) and again.status().current(version)
        # the data changes: the last model stays in use while the new one is trained
        _add_narrative(con)
        out = workbench.save_coding(con, "T90", _choices(), user=CODER_USER, role=CODER)
        assert out.ok
        new_version = suggestions.data_version(con)
        assert new_version != version
        trainer.refresh(con)  # what an import or a save on the Data page calls
        during = trainer.status()
        assert during.model is status.model or during.current(new_version)
        assert trainer.wait(300) and trainer.status().current(new_version)
        assert trainer.status().quality.version == new_version
    finally:
        con.close()


# --- the page ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_db(make_db):
    path = make_db("fixture")
    con = db.connect(path)
    _add_narrative(con)
    con.close()
    with app_using(path) as p:
        yield p


def run_page(role: str | None, at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(ROOT / "pages" / "coding.py"), default_timeout=120)
    at.secrets = {"maternity_tests": {"mode": "demo"}}
    if role is not None:
        at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_commissioner_and_mnvp_are_refused(page_db):
    for role in (COMMISSIONER, MNVP):
        at = run_page(role)
        assert any("does not have access" in e.value for e in at.error)
        assert not at.text and not at.selectbox


@pytest.mark.parametrize("role", [CODER, OFFICER])
def test_page_codes_a_narrative(page_db, role):
    suggestions.trainer_for(page_db).wait(300)
    at = run_page(role)
    suggestions.trainer_for(page_db).wait(300)
    at = run_page(None, at)  # suggestions now trained
    heading = at.subheader[0].value
    left = int(heading.split()[0])
    assert heading.endswith("left to code") and left >= 1
    nid = at.selectbox(key="coding_narrative").value
    assert nid in ("T90", "T10")
    note = at.text[0].value
    sentences = split_sentences(note)
    assert len([t for t in at.text if t.value in {s.text for s in sentences}]) == len(sentences)

    # an edit that is not word for word is refused, and the excerpt stays as it was
    at.text_input(key=f"coding_edit:{nid}:0").set_value("words that are not in the note")
    at.button(key=f"FormSubmitter:coding_edit_form:{nid}:0-Use this wording").click().run()
    assert any("word for word" in e.value for e in at.error)
    assert at.text[1].value == sentences[0].text
    # one-click accept of the first suggestion, when there is one; else pick from the list
    accepts = [
        b for b in at.button if b.key and b.key.startswith("coding_accept_") and b.key.endswith(f":{nid}:0")
    ]
    if accepts:
        accepts[0].click().run()
        code = at.selectbox(key=f"coding_code:{nid}:0").value
        assert code and accepts[0].key.startswith(f"coding_accept_{code}:")
    else:
        at.selectbox(key=f"coding_code:{nid}:0").set_value("C126").run()
        code = "C126"
    theme = at.selectbox(key=f"coding_theme:{nid}:0")
    category = codebook.codes().set_index("code_id")["category_id"][code]
    allowed = [t for t in THEMES if t in codebook.allowed_themes()[category]]
    assert theme.options == [THEMES[t][0] for t in allowed] and theme.value == allowed[0]
    # widen/narrow by a word
    at.button(key=f"coding_w2:{nid}:0").click().run()
    narrowed = at.text[1].value
    assert narrowed in note and len(narrowed) < len(sentences[0].text)
    at.button(key="FormSubmitter:coding_save-Save coding").click().run()
    assert not at.exception
    assert any("Saved 1 coded excerpt" in s.value for s in at.success), [e.value for e in at.error]
    assert at.subheader[0].value.startswith(f"{left - 1} narrative")


def test_page_shows_suggestion_quality(page_db):
    suggestions.trainer_for(page_db).wait(300)
    at = run_page(OFFICER)
    assert any(s.value == "How good the suggestions are" for s in at.subheader)
    shown = [m.label for m in at.metric] + [i.value for i in at.info]
    assert shown, "neither a measured quality nor a reason is shown"
    if at.metric:
        assert at.metric[0].label == "A right code in the top 3" and at.metric[0].value.endswith("%")


def test_trainer_with_no_coding_says_so(empty_con):
    trainer = suggestions.Trainer(None)
    version = suggestions.data_version(empty_con)
    trainer.ensure(empty_con, version)
    assert trainer.wait(120)
    status = trainer.status()
    assert status.model is None and "no suggestions yet" in status.message
    assert status.quality.codes is None and status.quality.categories is None
    assert "too few" in status.quality.message or "no labelled" in status.quality.message
    assert suggestions.suggestions(None, ["a sentence"], queries.run(empty_con, "coding_codebook")) == [[]]
    assert suggestions.quality_table(None).empty


def test_queue_filters(con):
    base = {k: v for k, v in Filters().params().items() if k in ("start", "end", "localities", "collectors")}

    def ids(**change) -> list[str]:
        return queries.run(con, "coding_queue", **(base | change))["narrative_id"].tolist()

    assert ids() == ["T90", "T10"]  # newest first
    assert ids(collectors=["Community connector"]) == ["T90"]
    assert ids(localities=["Nowhere"]) == []
    assert "T90" not in ids(end=pd.Timestamp("2023-12-31").date())
    choices = queries.run(con, "coding_queue_filters")
    assert "Community connector" in set(choices.loc[choices["kind"] == "collector", "value"])
    assert str(choices["last_day"].max())[:10] == "2024-02-01"


def test_a_retired_code_is_not_offered_for_new_coding(con):
    """The Coding page's picker (and its suggestions) offer current codes only."""
    from insights.coding import manage

    before = queries.run(con, "coding_codebook")
    gone = before["code_id"].iat[0]
    manage.retire_code(con, gone, "officer@example.nhs.uk")
    after = queries.run(con, "coding_codebook")
    assert gone not in set(after["code_id"]) and len(after) == len(before) - 1
