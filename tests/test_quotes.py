"""Quotes: anonymised at import, review workflow and history, search, exports, fail closed, and the pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from insights.analysis import aggregates
from insights.ingest import load as ingest
from insights.quotes import anonymise
from insights.quotes import export as quote_export
from insights.quotes import review as quotes
from insights.store import db
from tests.conftest import app_using, build_fixture_db

ROOT = Path(__file__).resolve().parents[1]
XSS = "<script>alert(1)</script> **bold** [link](javascript:alert(1)) she was refused pain relief"
EXTRA = [
    # excerpt_id, narrative, code, theme, care stage, text
    ("T01-9", "T01", "Not listened to about pain", "Care & support", "labour and birth", XSS),
    ("T02-9", "T02", "Not listened to about pain", "Care & support", "labour and birth",
     "midwife Sarah refused her pain relief, ring 07700 900123"),
    ("T03-9", "T03", "Not listened to about pain", "Care & support", "labour and birth",
     "the epidural was refused twice and she was told to wait"),
    ("T04-9", "T04", "Not listened to about pain", "Care & support", "labour and birth",
     "=SUM(1+1) nobody offered gas and air"),
    ("T05-9", "T05", "Not listened to about pain", "Care & support", "labour and birth",
     "her pain relief was refused until it was too late"),
]  # fmt: skip
NO_FILTERS = {
    "themes": [],
    "categories": [],
    "polarities": [],
    "care_stages": [],
    "statuses": [],
    "ethnic_groups": [],
    "core20": [],
}


def excerpts_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["excerpt_id", "narrative_id", "code", "theme", "care_stage", "excerpt"])
    writer.writerows(rows)
    return out.getvalue().encode()


def import_excerpts(con, rows, name="extra_excerpts.csv"):
    checked = ingest.check(con, "excerpts", excerpts_csv(rows), name)
    assert not checked.validated.errors, checked.validated.report()
    return ingest.commit(con, checked, user="test")


def build_quotes_db(path: Path) -> Path:
    build_fixture_db(path)
    con = db.connect(path)
    try:
        import_excerpts(con, EXTRA)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture
def con(quotes_db):
    """A private database: the test fixtures plus a few excerpts with PII, markup and formulas."""
    connection = db.connect(quotes_db)
    yield connection
    connection.close()


def listing(con, terms=(), **filters) -> pd.DataFrame:
    params = {**NO_FILTERS, **filters}
    return queries.run(con, "quote_groups", terms=list(terms), page_size=100, page_offset=0, **params)


# --- anonymised at import ----------------------------------------------------------------------------


def test_every_imported_excerpt_is_anonymised_once_with_its_engine(con):
    rows = con.execute(
        "select excerpt_id, excerpt_text, anonymised_text, anonymiser from coded_excerpts"
    ).df()
    assert len(rows) == 23 and rows["anonymised_text"].notna().all()
    assert rows["anonymiser"].str.startswith("presidio-analyzer").all()
    sarah = rows.set_index("excerpt_id").loc["T02-9"]
    assert sarah["anonymised_text"] == "midwife [NAME] refused her pain relief, ring [PHONE]"
    assert "Sarah" in sarah["excerpt_text"]  # the original is kept, restricted to the officer


def test_import_fails_closed_when_the_anonymiser_cannot_load(con, monkeypatch):
    def unavailable():
        raise anonymise.AnonymiserUnavailable("the language model package is not installed")

    monkeypatch.setattr(anonymise, "get", unavailable)
    import_excerpts(
        con, [("T06-9", "T06", "Long waits at clinic", "Barriers", "antenatal", "Dr Mensah was late")]
    )
    row = con.execute(
        "select anonymised_text, anonymiser from coded_excerpts where excerpt_id = 'T06-9'"
    ).fetchone()
    assert row == (None, None)
    error = con.execute("select value from meta where key = 'anonymiser_error'").fetchone()[0]
    assert "not installed" in error
    assert "T06-9" not in listing(con)["excerpt_id"].tolist()
    with pytest.raises(quotes.ReviewError, match="not been anonymised"):
        quotes.review(con, "T06-9", "approve", "Ada")
    counts = queries.run(con, "quote_status_counts").set_index("status")["excerpts"]
    assert counts["not anonymised"] == 1

    monkeypatch.undo()  # the anonymiser works again: fill in what is missing
    result = quotes.anonymise_database(con)
    assert result["anonymised"] == 1 and result["anonymiser_error"] is None
    assert con.execute("select anonymised_text from coded_excerpts where excerpt_id = 'T06-9'").fetchone()[
        0
    ] == ("[NAME] was late")  # rules 9: a title goes inside the tag
    assert con.execute("select count(*) from meta where key = 'anonymiser_error'").fetchone()[0] == 0


# --- review workflow ---------------------------------------------------------------------------------


def test_review_history_current_status_and_audit(con):
    quotes.review(con, "T03-9", "approve", "Ada Reviewer", role="mnvp")
    quotes.review(con, "T03-9", "reject", "Ben Reviewer", note="too similar to another quote", role="mnvp")
    edit = quotes.review(
        con, "T03-9", "edit", "Ada Reviewer", edited_text="The epidural was refused twice.", role="mnvp"
    )
    assert edit.status == "approved" and edit.edited_text == "The epidural was refused twice."
    history = queries.run(con, "quote_review_history", excerpt_id="T03-9")
    assert history["status"].tolist() == ["approved", "rejected", "approved"]
    assert history["reviewer"].tolist() == ["Ada Reviewer", "Ben Reviewer", "Ada Reviewer"]
    assert history["reviewed_at"].is_monotonic_decreasing
    row = listing(con).set_index("excerpt_id").loc["T03-9"]
    assert (row["status"], row["edited_text"], row["reviewer"]) == (
        "approved",
        "The epidural was refused twice.",
        "Ada Reviewer",
    )
    approved = queries.run(
        con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[]
    )
    assert approved["quote"].tolist() == ["The epidural was refused twice."]
    audit = con.execute(
        "select actor, action, object_id, details from audit_log where action = 'quote_review'"
    ).df()
    assert len(audit) == 3 and set(audit["object_id"]) == {"T03-9"}
    for details in audit["details"]:
        assert "epidural" not in details and set(json.loads(details)) == {"review_id", "status", "edited"}


def test_only_approved_quotes_reach_commissioners(con):
    quotes.review(con, "T01-1", "approve", "Ada")
    quotes.review(con, "T01-2", "reject", "Ada")
    quotes.review(con, "T01-3", "approve", "Ada")
    quotes.review(con, "T01-3", "reject", "Ada")  # the latest decision counts
    approved = queries.run(
        con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[]
    )
    assert approved["excerpt_id"].tolist() == ["T01-1"]
    assert set(approved.columns) >= {"theme", "category", "polarity", "care_stage", "quote"}
    for forbidden in ("collected_on", "rating", "lsoa_code", "postcode", "postcode_district", "venue_id"):
        assert forbidden not in approved.columns
        assert forbidden not in listing(con).columns


def test_edited_wording_is_anonymised_too(con):
    result = quotes.review(con, "T01-1", "edit", "Ada", edited_text="Midwife Grace changed every visit.")
    assert result.edited_text == "Midwife [NAME] changed every visit." and result.edit_changed_by_anonymiser


@pytest.mark.parametrize(
    ("excerpt", "decision", "reviewer", "edited", "message"),
    [
        ("T01-1", "approve", "  ", None, "Enter your name"),
        ("NOPE", "approve", "Ada", None, "no excerpt"),
        ("T01-1", "edit", "Ada", "   ", "empty"),
        ("T01-1", "publish", "Ada", None, "unknown decision"),
    ],
)
def test_bad_reviews_are_refused(con, excerpt, decision, reviewer, edited, message):
    with pytest.raises(quotes.ReviewError, match=message):
        quotes.review(con, excerpt, decision, reviewer, edited_text=edited)
    assert con.execute("select count(*) from quote_reviews").fetchone()[0] == 0


def test_changed_excerpt_goes_back_for_review_on_reimport(con):
    quotes.review(con, "T03-9", "approve", "Ada")
    # marks 2: the tagger half-suspects "SUM" in capitals (initials look like that), so one more tick
    quotes.review(con, "T04-9", "approve", "Ada", confirm_suspects=True)
    changed = [list(r) for r in EXTRA]
    changed[2][5] = "the epidural was refused three times"  # T03-9 reworded
    import_excerpts(con, changed, "extra_excerpts_v2.csv")
    status = listing(con).set_index("excerpt_id")["status"]
    assert status["T03-9"] == "pending" and status["T04-9"] == "approved"
    last = queries.run(con, "quote_review_history", excerpt_id="T03-9").iloc[0]
    assert last["reviewer"] == "import" and "changed" in last["note"]


# --- search ------------------------------------------------------------------------------------------


def test_search_is_ranked_and_stemmed(con):
    assert quotes.search_mode(con) == "full-text (English stemming)"
    terms = quotes.search_terms(con, "refusing pain relief")
    assert terms == ["pain", "refus", "relief"]
    hits = listing(con, terms)
    assert hits["excerpt_id"].iloc[0] in {"T01-9", "T02-9", "T05-9"}  # all three words
    assert set(hits["excerpt_id"]) >= {"T01-9", "T02-9", "T03-9"}
    assert hits["score"].is_monotonic_decreasing
    assert listing(con, quotes.search_terms(con, "the and of")).shape[0] == len(
        listing(con)
    )  # stop words only
    assert listing(con, ["zzzznotaword"]).empty
    filtered = listing(con, terms, statuses=["approved"])
    assert filtered.empty


def _index_content(con) -> dict:
    """An fts index's content by excerpt and term (docids and termids are internal numbering)."""
    return {
        "docs": con.execute("select name, len from fts_main_coded_excerpts.docs order by all").fetchall(),
        "terms": con.execute(
            "select d.name, t.fieldid, x.term, count(*) from fts_main_coded_excerpts.terms as t "
            "inner join fts_main_coded_excerpts.docs as d using (docid) inner join fts_main_coded_excerpts.dict as x using (termid) "
            "group by all order by all"
        ).fetchall(),
        "dict": con.execute("select term, df from fts_main_coded_excerpts.dict order by all").fetchall(),
        "stats": con.execute(
            "select num_docs, round(avgdl, 12) from fts_main_coded_excerpts.stats"
        ).fetchall(),
        "stopwords": con.execute("select sw from fts_main_coded_excerpts.stopwords order by all").fetchall(),
        "fields": con.execute("select * from fts_main_coded_excerpts.fields").fetchall(),
    }


def test_index_built_over_distinct_wordings_equals_the_index_over_excerpts(con):
    # repeated wordings, a wording with stop words only, an empty one and one not anonymised (null)
    con.execute("update coded_excerpts set anonymised_text = 'the and of' where excerpt_id = 'T01-1'")
    con.execute("update coded_excerpts set anonymised_text = '' where excerpt_id = 'T02-9'")
    con.execute("update coded_excerpts set anonymised_text = null where excerpt_id = 'T03-9'")
    con.execute("update coded_excerpts set anonymised_text = 'Café NAÏVE midwives, midwife!' "
                "where excerpt_id in ('T04-9', 'T05-9')")  # fmt: skip
    assert (
        con.execute("select count(*) - count(distinct anonymised_text) from coded_excerpts").fetchone()[0]
        >= 2
    )
    quotes.build_search_index(con)
    built = _index_content(con)
    con.execute(
        "pragma create_fts_index('coded_excerpts', 'excerpt_id', 'anonymised_text', "
        "stemmer = 'english', stopwords = 'english', overwrite = 1)"
    )
    assert built == _index_content(con)
    assert ("T03-9", 0) in built["docs"] and ("T02-9", 0) in built["docs"]


def test_search_falls_back_to_plain_words_without_the_extension(tmp_path, monkeypatch):
    path = tmp_path / "plain.duckdb"
    monkeypatch.setattr(quotes, "fts_extension_path", lambda: None)
    build_quotes_db(path)
    con = db.connect(path)
    try:
        assert quotes.search_mode(con).startswith("plain words")
        terms = quotes.search_terms(con, "Refused epidural")
        assert terms == ["epidural", "refused"]
        assert listing(con, terms)["excerpt_id"].iloc[0] == "T03-9"
    finally:
        con.close()


def test_index_is_rebuilt_when_out_of_date(con):
    con.execute("update coded_excerpts set anonymised_text = 'a brand new phrase about hydrotherapy' "
                "where excerpt_id = 'T01-1'")  # fmt: skip
    aggregates.refresh_quotes(con)  # what every writer of wordings does; the index is left stale
    assert listing(con, ["hydrotherapi"]).empty
    quotes.ensure_search_index(con)
    assert listing(con, quotes.search_terms(con, "hydrotherapy"))["excerpt_id"].tolist() == ["T01-1"]


def test_highlight_marks_stemmed_matches_as_plain_text():
    text = "She was refused pain relief; REFUSAL again."
    assert quotes.marked(text, ["refus", "pain"]) == "She was «refused» «pain» relief; «REFUSAL» again."
    assert quotes.highlight("happy midwife", ["happi", "midwif"]) == [
        ("happy", True),
        (" ", False),
        ("midwife", True),
    ]
    assert quotes.marked(text, []) == text


# --- groups ------------------------------------------------------------------------------------------


def test_group_filters_only_for_large_groups(con, monkeypatch):
    sizes = queries.run(con, "quote_group_sizes", pool="review")
    assert sizes.groupby("dimension")["women"].sum().to_dict() == {
        "Deprivation": 11,
        "Ethnic group": 11,
    }  # T10 has no excerpt
    assert quotes.allowed_groups(sizes) == {"Ethnic group": [], "Deprivation": []}  # all below 8
    monkeypatch.setenv("MATERNITY_QUOTE_GROUP_MIN", "3")
    allowed = quotes.allowed_groups(sizes)
    big = sizes[(sizes["women"] >= 3) & ~sizes["value"].isin(["Unknown", "Not stated"])]
    assert allowed["Ethnic group"] == big[big["dimension"] == "Ethnic group"]["value"].tolist()
    assert "White" in allowed["Ethnic group"] and "Mixed" not in allowed["Ethnic group"]
    monkeypatch.setenv("MATERNITY_SUPPRESS_BELOW", "2")
    monkeypatch.delenv("MATERNITY_QUOTE_GROUP_MIN")
    assert quotes.group_threshold() == 2
    white = listing(con, ethnic_groups=["White"])
    assert not white.empty and len(white) < len(listing(con))


# --- exports -----------------------------------------------------------------------------------------


def approved_frame(con) -> pd.DataFrame:
    for excerpt in ("T01-1", "T01-9", "T04-9", "T09-1"):  # T04-9's "SUM" is marked (marks 2): confirmed
        quotes.review(con, excerpt, "approve", "Ada", confirm_suspects=True)
    return queries.run(con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[])


def test_csv_export_neutralises_formulas(con):
    rows = list(csv.DictReader(io.StringIO(quote_export.to_csv(approved_frame(con)).decode("utf-8-sig"))))
    assert [r["Ref"] for r in rows] == ["Q1", "Q2", "Q3", "Q4"]
    assert list(rows[0]) == ["Ref", "Theme", "Category", "Polarity", "Care stage", "Quote", "Said by"]
    quotes_out = [r["Quote"] for r in rows]
    assert "'=SUM(1+1) nobody offered gas and air" in quotes_out
    assert all(not q.startswith(("=", "+", "-", "@")) for q in quotes_out)
    assert quote_export.neutralise("@cmd") == "'@cmd" and quote_export.neutralise("\tx") == "'\tx"
    assert quote_export.neutralise(None) == "" and quote_export.neutralise("fine") == "fine"


def test_word_export_groups_by_theme_and_category_with_counts(con):
    from docx import Document

    document = Document(io.BytesIO(quote_export.to_docx(approved_frame(con), selection="test selection")))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == ("Title", "Approved quotes")
    assert ("Heading 1", "Care & support (3 quotes)") in headings
    assert ("Heading 1", "Judgement (1 quote)") in headings
    assert any(name == "Heading 2" and text == "Issues with care (negative): 2 quotes"
               for name, text in headings)  # fmt: skip
    body = "\n".join(p.text for p in document.paragraphs)
    assert "4 quotes in 3 categories" in body and "test selection" in body
    assert XSS in body  # the words exactly as approved, inert in Word
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Theme", "Category", "Quotes"]
    assert sum(int(r.cells[2].text) for r in table.rows[1:]) == 4
    for narrative_detail in ("T01", "2023", "DA11"):
        assert narrative_detail not in body


def test_empty_word_export_says_so():
    from docx import Document

    empty = pd.DataFrame(columns=["excerpt_id", "theme", "category", "polarity", "care_stage", "quote"])
    document = Document(io.BytesIO(quote_export.to_docx(empty)))
    assert any("No quotes have been approved" in p.text for p in document.paragraphs)


# --- pages -------------------------------------------------------------------------------------------

DEMO_SECRETS = {"maternity_tests": {"mode": "demo"}}


@pytest.fixture
def page_db(quotes_db, monkeypatch):
    """The app's own database for one test (the app keeps one connection per process)."""
    with app_using(quotes_db) as path:
        yield path


def open_page(script: str, role: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.secrets = dict(DEMO_SECRETS)
    at.session_state["role"] = role
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain_texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def markdown_texts(at: AppTest) -> list[str]:
    return [m.value for m in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_reviewer_finds_approves_three_edits_one_and_exports(page_db):
    at = open_page("pages/quotes.py", "mnvp")
    at.text_input(key="reviewer_name").input("Ada Reviewer").run()
    at.text_input(key="quote_search").input("pain relief refused").run()
    assert any("best matches first" in m for m in markdown_texts(at))
    shown = [t for t in plain_texts(at) if "«" in t]
    assert shown and all("Sarah" not in t and "07700" not in t for t in plain_texts(at))
    assert any("«refused» her «pain» «relief»" in t for t in shown)
    for excerpt in ("T01-9", "T02-9", "T03-9"):
        at = click(at, f"approve_{excerpt}")
        assert any("Approved." in s.value for s in at.success)
    at.toggle(key="editing_T05-9").set_value(True).run()
    at.text_area(key="edit_text_T05-9").input("Her pain relief was refused, said midwife Kofi.").run()
    at = click(at, "save_T05-9")
    assert any("replaced by a tag" in s.value for s in at.success)

    export_tab = " ".join(m.value for m in at.tabs[1].markdown)
    assert "Every approved quote" in export_tab
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Approved"] == "4" and metrics["Approved quotes"] == "4"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Word document"]


def test_review_without_a_name_is_refused_on_the_page(page_db):
    at = open_page("pages/quotes.py", "mnvp")
    # the name is checked where it is typed, before any decision: error next to the field, buttons off
    assert any("Enter your name" in e.value for e in at.error)
    assert at.button(key="approve_T01-1").disabled and at.button(key="reject_T01-1").disabled
    assert {m.label: m.value for m in at.metric}["Approved"] == "0"
    at.text_input(key="reviewer_name").input("42").run()
    assert any("at least one letter" in e.value for e in at.error)
    at.text_input(key="reviewer_name").input("Ada Reviewer").run()
    assert not at.error and any("recorded as Ada Reviewer" in s.value for s in at.success)
    assert not at.button(key="approve_T01-1").disabled


def test_markup_in_a_quote_stays_inert(page_db):
    at = open_page("pages/quotes.py", "mnvp", quote_search="refused")
    texts = plain_texts(at)
    assert any(
        t.startswith("<script>alert(1)</script> **bold** [link](javascript:alert(1)) she was «refused»")
        for t in texts
    )
    for value in markdown_texts(at):
        assert "<script>" not in value and "javascript:" not in value and "**bold**" not in value


def test_approved_page_shows_only_approved_quotes_without_narrative_details(page_db):
    con = db.connect(page_db)
    try:
        quotes.review(con, "T01-9", "approve", "Ada")
        quotes.review(con, "T02-9", "reject", "Ada")
    finally:
        con.close()
    at = open_page("pages/approved_quotes.py", "commissioner")
    texts = plain_texts(at)
    assert any(XSS in t for t in texts)  # the markup is shown as the literal characters
    everything = " ".join(texts + markdown_texts(at))
    assert "07700" not in everything and "[PHONE]" not in everything  # the rejected one is absent
    for detail in ("14/03/2023", "2023-03-14", "DA11", "E0103", "V-T1", "/10"):
        assert detail not in everything
    for value in markdown_texts(at):
        assert "<script>" not in value
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Word document"]


def test_commissioner_cannot_open_quote_review(page_db):
    at = open_page("pages/quotes.py", "commissioner")
    assert any("does not have access" in e.value for e in at.error)
    assert not at.text


def test_officer_can_see_original_wording(page_db):
    at = open_page("pages/quotes.py", "officer", quote_search="midwife")
    assert not any("Sarah" in t for t in plain_texts(at))
    at.toggle(key="q_original").set_value(True).run()
    assert any(t.startswith("Original wording (not anonymised): midwife Sarah") for t in plain_texts(at))


def test_pages_say_why_when_excerpts_are_not_anonymised(page_db):
    con = db.connect(page_db)
    try:
        con.execute("update coded_excerpts set anonymised_text = null, anonymiser = null")
        db.set_meta(con, "anonymiser_error", "the language model package is not installed")
    finally:
        con.close()
    at = open_page("pages/quotes.py", "mnvp")
    assert any("could not be anonymised" in w.value for w in at.warning)
    assert any("not installed" in t for t in plain_texts(at))
    assert not any("refused" in t for t in plain_texts(at))
    at = open_page("pages/approved_quotes.py", "commissioner")
    assert any("could not be anonymised" in i.value for i in at.info)


# --- possible identifiers, original wording, re-anonymising (issue 10) ------------------------------


def test_approving_a_quote_with_possible_identifiers_needs_an_audited_confirmation(con):
    # "Zubeyde" is not a name the rules know and "D1234567" has no label: both stay, both are highlighted
    con.execute(
        "update coded_excerpts set anonymised_text = 'Zubeyde said her ref D1234567 was lost' "
        "where excerpt_id = 'T05-9'"
    )
    with pytest.raises(quotes.NeedsConfirmation, match="2 words that might identify") as refused:
        quotes.review(con, "T05-9", "approve", "Ada", role="mnvp")
    assert {s.word for s in refused.value.suspects} == {"Zubeyde", "D1234567"}
    assert con.execute("select count(*) from quote_reviews where excerpt_id = 'T05-9'").fetchone()[0] == 0
    result = quotes.review(con, "T05-9", "approve", "Ada", role="mnvp", confirm_suspects=True)
    assert result.status == "approved"
    details = json.loads(
        con.execute(
            "select details from audit_log where action = 'quote_review' and object_id = 'T05-9'"
        ).fetchone()[0]
    )
    assert details["confirmed_possible_identifiers"] == 2
    assert "Zubeyde" not in json.dumps(details)  # the words themselves stay out of the audit trail
    # an edit that removes them needs no confirmation
    quotes.review(con, "T05-9", "edit", "Ada", edited_text="She said her reference was lost")
    # rejecting never needs one
    quotes.review(con, "T05-9", "reject", "Ada")


def test_original_wording_only_for_the_engagement_officer(con):
    from insights.access.roles import COMMISSIONER, MNVP, OFFICER

    originals = quotes.original_wording(con, ["T02-9"], OFFICER)
    assert "07700 900123" in originals["T02-9"]
    for role in (MNVP, COMMISSIONER, None):
        with pytest.raises(quotes.AccessDenied):
            quotes.original_wording(con, ["T02-9"], role)
    with pytest.raises(PermissionError):
        queries.run(con, "quote_original_text", excerpt_ids=["T02-9"])  # not by the generic runner


def test_reanonymise_redoes_every_excerpt_in_one_audited_transaction(con):
    quotes.review(con, "T02-9", "approve", "Ada", confirm_suspects=True)
    con.execute(
        "update coded_excerpts set anonymised_text = 'midwife Sarah refused', anonymiser = 'old rules' "
        "where excerpt_id = 'T02-9'"
    )
    result = quotes.reanonymise(con, actor="officer@example")
    assert result["anonymiser_error"] is None and result["changed"] >= 1 and result["reopened"] >= 1
    row = con.execute(
        "select anonymised_text, anonymiser from coded_excerpts where excerpt_id = 'T02-9'"
    ).fetchone()
    assert row[0] == "midwife [NAME] refused her pain relief, ring [PHONE]"
    assert row[1] == anonymise.get().label
    status = listing(con).set_index("excerpt_id")["status"]
    assert status["T02-9"] == "pending"
    logged = con.execute("select actor, details from audit_log where action = 'reanonymise'").fetchall()
    assert len(logged) == 1 and logged[0][0] == "officer@example"
    assert json.loads(logged[0][1])["changed"] == result["changed"]


def test_import_redoes_excerpts_made_by_older_rules(con):
    con.execute(
        "update coded_excerpts set anonymised_text = 'stale', anonymiser = 'rules 1' where excerpt_id = 'T01-1'"
    )
    import_excerpts(con, EXTRA[:1], "one_more.csv")
    row = con.execute(
        "select anonymised_text, anonymiser from coded_excerpts where excerpt_id = 'T01-1'"
    ).fetchone()
    assert row[0] != "stale" and row[1] == anonymise.get().label


def test_page_marks_possible_identifiers_and_asks_for_one_more_confirmation(page_db):
    con = db.connect(page_db)
    try:
        con.execute(
            "update coded_excerpts set anonymised_text = 'Zubeyde said **it** was lost' where excerpt_id = 'T05-9'"
        )
    finally:
        con.close()
    at = open_page("pages/quotes.py", "mnvp", quote_search="lost")
    at.text_input(key="reviewer_name").input("Ada Reviewer").run()
    assert any(t.startswith("⟦Zubeyde⟧ said **it** was") for t in plain_texts(at)), plain_texts(at)
    assert any("Check first" in t and "Zubeyde (" in t for t in plain_texts(at))
    at = click(at, "approve_T05-9")
    assert any("might identify someone" in e.value for e in at.error)
    assert all("Zubeyde" not in m for m in markdown_texts(at))  # user words never go through markdown
    assert at.button(key="confirmed_T05-9").disabled
    at.checkbox(key="sure_T05-9").check().run()
    at = click(at, "confirmed_T05-9")
    assert any("Approved." in s.value for s in at.success)
    con = db.connect(page_db)
    try:
        details = con.execute(
            "select details from audit_log where action = 'quote_review' and object_id = 'T05-9'"
        ).fetchone()[0]
    finally:
        con.close()
    assert json.loads(details)["confirmed_possible_identifiers"] == 1
