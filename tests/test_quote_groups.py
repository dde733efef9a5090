"""Duplicate quotes: the grouping rule, one decision per group (each excerpt audited), the pages,
the pluraliser, and the demo's seeded decisions."""

from __future__ import annotations

import json

import duckdb
import pytest

import queries
from insights import config
from insights.analysis import disclosure
from insights.analysis.filters import Filters
from insights.demo import build as demo_build
from insights.demo import reviews as demo_reviews
from insights.output import briefing
from insights.output.wording import noun, plural
from insights.quotes import export as quote_export
from insights.quotes import groups as quote_groups
from insights.quotes import review as quotes
from insights.store import db
from tests.test_quotes import (  # noqa: F401 -- page_db is a fixture
    NO_FILTERS,
    click,
    import_excerpts,
    open_page,
    page_db,
    plain_texts,
)

DUPLICATES = [
    # the same wording from three women, with different case, punctuation, spacing and a tag
    ("T01-8", "T01", "Long waits at clinic", "Barriers", "antenatal", "She waited three hours at the clinic!"),
    ("T02-8", "T02", "Long waits at clinic", "Barriers", "antenatal", "she waited   three hours at the clinic"),
    ("T03-8", "T03", "Long waits at clinic", "Barriers", "antenatal", "She waited three hours, at the clinic."),
    # one word different: a different quote
    ("T04-8", "T04", "Long waits at clinic", "Barriers", "antenatal", "She waited four hours at the clinic"),
]  # fmt: skip


# --- the rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("She felt listened to.", "she felt listened to", True),
        ("She felt   listened\nto!!", "She felt, listened to", True),
        ("Midwife [NAME] was kind", "midwife was kind", True),
        ("Dr [NAME] rang on [PHONE]", "dr rang on", True),
        ("She didn\u2019t get help", "she didn't get help", True),
        ("Café was shut", "CAFÉ WAS SHUT", True),
        ("She was not listened to", "She was listened to", False),
        ("the baby was fine", "the fine baby was", False),  # word order counts
        ("[NAME]", "[PHONE]", False),  # tag-only wordings are never merged
        ("waited 3 hours", "waited 4 hours", False),
    ],
)
def test_quote_key_rule(a, b, same):
    assert (quote_groups.quote_key(a) == quote_groups.quote_key(b)) is same


def test_sql_grouping_equals_the_python_rule(quotes_db):
    con = db.connect(quotes_db)
    try:
        import_excerpts(con, DUPLICATES, name="dups.csv")
        groups = queries.run(con, "quote_groups", terms=[], page_size=1000, page_offset=0, **NO_FILTERS)
        texts = dict(con.execute("select excerpt_id, anonymised_text from coded_excerpts").fetchall())
    finally:
        con.close()
    by_key: dict[str, set[str]] = {}
    for excerpt_id, text in texts.items():
        by_key.setdefault(quote_groups.quote_key(text), set()).add(excerpt_id)
    assert sorted(map(sorted, by_key.values())) == sorted(sorted(ids) for ids in groups["excerpt_ids"])
    row = groups[groups["excerpt_ids"].map(lambda ids: "T01-8" in ids)].iloc[0]
    assert sorted(row["excerpt_ids"]) == ["T01-8", "T02-8", "T03-8"] and row["women"] == 3
    assert row["excerpt_id"] == "T01-8" and row["status"] == "pending"
    assert len(groups) == int(groups["total_rows"].iat[0])


def test_group_decision_reviews_and_audits_every_excerpt(quotes_db):
    con = db.connect(quotes_db)
    try:
        import_excerpts(con, DUPLICATES, name="dups.csv")
        results = quote_groups.review_group(con, ["T01-8", "T02-8", "T03-8"], "approve", "Ada", role="mnvp")
        assert [r.status for r in results] == ["approved"] * 3
        audit = con.execute(
            "select object_id, details from audit_log where action = 'quote_review' order by object_id"
        ).fetchall()
        assert [a[0] for a in audit] == ["T01-8", "T02-8", "T03-8"]
        assert all(json.loads(a[1])["status"] == "approved" for a in audit)
        approved = queries.run(
            con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[]
        )
        assert len(approved) == 1 and approved["women"].iat[0] == 3 and approved["excerpts"].iat[0] == 3
        # a later different decision on one member makes the group's decisions differ: back to pending
        quotes.review(con, "T02-8", "reject", "Ben")
        groups = queries.run(con, "quote_groups", terms=[], page_size=1000, page_offset=0, **NO_FILTERS)
        row = groups[groups["excerpt_ids"].map(lambda ids: "T02-8" in ids)].iloc[0]
        assert row["status"] == "pending" and bool(row["decisions_differ"])
        with pytest.raises(quotes.ReviewError, match="Enter your name"):
            quote_groups.review_group(con, ["T04-8"], "approve", "  ")
    finally:
        con.close()


def test_said_by_is_exact_for_the_officer_and_controlled_for_others():
    rule = disclosure.Rule()
    assert quote_groups.said_by(1) == "Said by 1 woman"
    assert quote_groups.said_by(3) == "Said by 3 women"
    assert [quote_groups.said_by(n, rule) for n in (1, 3, 7)] == ["", "", ""]
    assert quote_groups.said_by(8, rule) == "Said by about 10 women"
    assert quote_groups.said_by(12, rule) == "Said by about 10 women"


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "Enter your name"), ("  ", "Enter your name"), ("A", "at least 2"), ("123", "one letter"),
     ("x" * 81, "too long"), ("A. Reviewer, MNVP", None)],
)  # fmt: skip
def test_reviewer_name_check(name, problem):
    message = quote_groups.check_reviewer_name(name)
    assert (message is None) if problem is None else (problem in message)


def test_plural():
    assert plural(1, "woman", "women") == "1 woman"
    assert plural(0, "woman", "women") == "0 women"
    assert plural(2, "rating") == "2 ratings"
    assert plural(1234, "quote") == "1,234 quotes"
    assert plural(1, "category", "categories") == "1 category"
    assert noun(1, "quote") == "quote" and noun(5, "quote") == "quotes"


def test_exports_list_each_wording_once_with_a_controlled_count(quotes_db):
    con = db.connect(quotes_db)
    try:
        import_excerpts(con, DUPLICATES, name="dups.csv")
        quote_groups.review_group(con, ["T01-8", "T02-8", "T03-8", "T04-8"], "approve", "Ada")
        approved = queries.run(
            con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[]
        )
    finally:
        con.close()
    frame = quote_export.export_frame(approved)
    assert len(frame) == 2  # three women's identical wording once, the other wording once
    assert set(frame["said_by"]) == {""}  # 3 and 1 women: below the disclosure threshold


# --- pages -------------------------------------------------------------------------------------------


def test_review_page_groups_duplicates_and_decides_once(page_db):  # noqa: F811
    con = db.connect(page_db)
    try:
        import_excerpts(con, DUPLICATES, name="dups.csv")
    finally:
        con.close()
    at = open_page("pages/quotes.py", "mnvp")
    assert at.multiselect(key="q_statuses").value == ["pending"]  # starts on what needs a decision
    at.text_input(key="reviewer_name").input("Ada Reviewer").run()
    at.text_input(key="quote_search").input("waited hours clinic").run()
    texts = plain_texts(at)
    assert sum("waited» three" in t for t in texts) == 1  # one card for three excerpts
    assert any("Said by 3 women (3 excerpts; one decision covers them all)" in c.value for c in at.caption)
    at = click(at, "approve_T01-8")
    assert any("for all 3 excerpts with this wording" in s.value for s in at.success)
    assert not any("waited» three" in t for t in plain_texts(at))  # approved: off the waiting list
    con = db.connect(page_db)
    try:
        audited = con.execute(
            "select count(*) from audit_log a join quote_reviews r "
            "on json_extract_string(a.details, '$.review_id') = r.review_id "
            "where a.action = 'quote_review' and r.reviewer = 'Ada Reviewer'"
        ).fetchone()[0]
    finally:
        con.close()
    assert audited == 3
    at = open_page("pages/approved_quotes.py", "commissioner")
    assert sum("three hours" in t for t in plain_texts(at)) == 1
    assert not any("Said by" in c.value for c in at.caption)  # 3 women: hidden for commissioners
    at = open_page("pages/approved_quotes.py", "officer")
    assert any("Said by 3 women" in c.value for c in at.caption)


# --- demo --------------------------------------------------------------------------------------------


def test_demo_build_seeds_approved_rejected_and_edited_decisions_with_audit(make_db, tmp_path):
    path = make_db("demo")  # demo_build.build_database's default demo, built once per run
    con = duckdb.connect(str(path), read_only=True)
    try:
        reviews = con.execute(
            "select status, count(*), count(edited_text), count(distinct reviewer) from quote_reviews group by 1"
        ).fetchall()
        by_status = {r[0]: r for r in reviews}
        assert by_status["approved"][1] >= 20 and by_status["approved"][2] >= 5  # edited-then-approved
        assert by_status["rejected"][1] >= 5
        n_reviews = con.execute("select count(*) from quote_reviews").fetchone()[0]
        audited = con.execute(
            "select count(*) from audit_log a join quote_reviews r "
            "on json_extract_string(a.details, '$.review_id') = r.review_id where a.action = 'quote_review'"
        ).fetchone()[0]
        assert audited == n_reviews  # every seeded decision went through the audited path
        approved = queries.run(
            con, "quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[]
        )
        assert approved["theme"].nunique() >= 2 and not approved["quote"].str.contains(r"\[").any()
        assert approved["quote"].map(quote_groups.quote_key).is_unique
        # the briefing's quotes slide has content, each wording once
        brief = briefing.collect(lambda name, **p: queries.run(con, name, **p), Filters(), disclosure.Rule())
        assert len(brief.quotes) >= 5 and brief.quotes["quote"].map(quote_groups.quote_key).is_unique
        pending = con.execute(
            "select count(*) from coded_excerpts e where not exists "
            "(select 1 from quote_reviews r where r.excerpt_id = e.excerpt_id)"
        ).fetchone()[0]
        assert pending > 500  # most quotes still wait for a reviewer
        first = sorted(con.execute("select excerpt_id, status, edited_text from quote_reviews").fetchall())
    finally:
        con.close()
    # deterministic from the seed: the same build makes the same decisions
    again = demo_build.build_database(tmp_path / "again.duckdb")
    con = duckdb.connect(str(again), read_only=True)
    try:
        second = sorted(con.execute("select excerpt_id, status, edited_text from quote_reviews").fetchall())
    finally:
        con.close()
    assert first == second
    assert demo_reviews.tidy("she felt listened to") == "She felt listened to."
    assert config.DEMO_SEED is not None
