"""The briefing export: Word and PowerPoint built from the same controlled tables as the pages."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

import queries
from insights.analysis import breakdowns, disclosure
from insights.analysis.disclosure import EXACT, Rule
from insights.analysis.filters import Filters
from insights.demo import build as demo_build
from insights.output import briefing
from insights.store import db

TODAY = dt.date(2024, 3, 4)


@pytest.fixture(scope="module")
def demo(make_db):
    """The demo with approved quotes: five in Good care (two per category kept), one approved then rejected."""
    path = make_db("demo_unreviewed")
    con = db.connect(path)
    good = [
        r[0]
        for r in con.execute(
            "select x.excerpt_id from coded_excerpts as x join codes as c on c.code_id = x.code_id "
            "where c.category_id = 'good_care' order by x.excerpt_id limit 6"
        ).fetchall()
    ]
    reviews = [(f"a{i}", x, "approved", 100 - i, f"Good care quote {i}.") for i, x in enumerate(good[:5])]
    reviews += [("b1", good[5], "approved", 50, "Withdrawn quote."), ("b2", good[5], "rejected", 5, None)]
    for review_id, excerpt, status, minutes, edited in reviews:
        con.execute(
            "insert into quote_reviews values ($id, $x, $s, 'mnvp', now() - to_minutes($m::bigint), $e, null)",
            {"id": review_id, "x": excerpt, "s": status, "m": minutes, "e": edited},
        )
    con.execute("checkpoint")
    yield con
    con.close()


def fetch_from(con):
    return lambda name, **params: queries.run(con, name, **params)


@pytest.fixture(scope="module")
def brief(demo):
    return briefing.collect(fetch_from(demo), Filters(), Rule(), today=TODAY)


def small_counts(text: str) -> list[int]:
    """Counts of women written in the text that are 1-7 or not multiples of 5."""
    found = [
        int(m.group(1).replace(",", ""))
        for m in re.finditer(r"(?<![\d.,-])(\d[\d,]*) women", text)
        if not re.search(r"(fewer than|at least|1 to)\s*$", text[max(0, m.start() - 12) : m.start()], re.I)
    ]
    found += [int(m) for m in re.findall(r"n=(\d+)", text)]
    return [n for n in found if 0 < n < 8 or n % 5]


def test_collect_uses_the_controlled_tables(demo, brief):
    raw_women = demo.execute("select count(*) from narratives").fetchone()[0]
    assert brief.headline.women == disclosure.count(raw_women)
    assert [label for label, _, _ in brief.rating_groups] == ["ethnic group", "Core20 area or not"]
    assert [label for label, _ in brief.heatmaps] == ["ethnic group", "Core20 area or not"]
    assert {label for label, _, _ in brief.differences} == {"Black", "Asian", "Core20 (most deprived 20%)"}
    core20 = next(table for label, table, _ in brief.differences if label.startswith("Core20"))
    assert core20.frame["Theme or category"].iat[0] == "Barriers"  # the demo's built-in pattern
    assert brief.demo and "synthetic" in brief.demo
    assert brief.caveats[-1] == disclosure.note(Rule())


def test_quotes_are_approved_latest_and_varied(brief):
    quotes = brief.quotes
    assert quotes["quote"].tolist() == [
        "Good care quote 4.",
        "Good care quote 3.",
    ]  # newest, two per category
    assert "Withdrawn quote." not in quotes["quote"].tolist()  # its latest review is a rejection
    assert set(quotes.columns) >= {"quote", "theme", "category", "care_stage"}
    assert "approved by the MNVP reviewers" in brief.quotes_note


def test_word_document(brief):
    data = briefing.to_docx(brief)
    doc = Document(io.BytesIO(data))
    text = briefing.plain_text(data, "docx")
    assert doc.paragraphs[0].text == briefing.TITLE
    assert "Selection: all narratives. Produced 04 March 2024." in text
    assert "Synthetic demonstration data" in text
    assert f"Women who shared a narrative: {brief.headline.women}" in text
    assert "\u201cGood care quote 4.\u201d" in text and "Withdrawn quote." not in text
    assert "Caveats" in text and "To protect the women who spoke to us" in text
    assert "Benjamini-Hochberg" in text
    assert len(doc.tables) >= 5  # ratings, 2 rating tables, 2 heatmaps, differences
    heat = doc.tables[3]
    assert heat.rows[0].cells[1].text.startswith("All women (n=")
    shaded = heat.rows[1].cells[1]._tc.xml
    assert "w:shd" in shaded and 'w:fill="' in shaded  # the heatmap shading
    assert small_counts(text) == []


def test_slide_pack(brief):
    data = briefing.to_pptx(brief)
    prs = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == briefing.TITLE
    for expected in (
        "Headline figures",
        "How women rated their care (1 = very poor, 10 = excellent)",
        "Ratings by ethnic group",
        "Ratings by Core20 area or not",
        "Themes by ethnic group: % of women in each group",
        "Categories by Core20 area or not: % of women in each group",
        "Where Black differ most from other women",
        "In women's words: approved quotes",
        "Caveats and disclosure control",
    ):
        assert expected in titles, expected
    ratings = prs.slides[titles.index("How women rated their care (1 = very poor, 10 = excellent)")]
    chart = next(sh.chart for sh in ratings.shapes if sh.has_chart)
    values = list(chart.plots[0].series[0].values)
    expected = [0 if pd.isna(v) else int(v) for v in brief.distribution.frame["Women"]]
    assert values == expected  # a native, editable chart of the controlled counts
    assert all(v == 0 or (v >= 8 and v % 5 == 0) for v in values)
    labels = list(chart.plots[0].categories)
    hidden = brief.distribution.frame["Women"].isna()
    assert [("hidden" in str(label)) for label in labels] == hidden.tolist()
    bands = prs.slides[titles.index("Ratings by ethnic group")]
    band_chart = next(sh.chart for sh in bands.shapes if sh.has_chart)
    assert [s.name for s in band_chart.plots[0].series] == ["Rated 1-6", "Rated 7-8", "Rated 9-10"]
    assert small_counts(briefing.plain_text(data, "pptx")) == []


def test_tiny_selection_has_no_figures_or_quotes(demo):
    tiny = Filters(localities=("Swanley",), ethnic_groups=("Mixed",))
    brief = briefing.collect(fetch_from(demo), tiny, Rule(), today=TODAY)
    assert brief.headline.women is None and brief.quotes.empty
    assert not brief.rating_groups and not brief.heatmaps and not brief.differences
    text = briefing.plain_text(briefing.to_docx(brief), "docx")
    assert "Too few women in this selection" in text and "hidden" in text
    assert "Swanley" in text  # the selection is named on the cover
    briefing.to_pptx(brief)  # still a valid slide pack


def test_no_approved_quotes_says_so(tmp_path):
    path = demo_build.build_database(tmp_path / "plain.duckdb", n_narratives=60, reviews=False)
    con = db.connect(path)
    try:
        brief = briefing.collect(fetch_from(con), Filters(), Rule(), today=TODAY)
    finally:
        con.close()
    assert brief.quotes.empty
    text = briefing.plain_text(briefing.to_pptx(brief), "pptx")
    assert "No quotes from this selection have been approved by the MNVP reviewers yet" in text


def test_officer_briefing_is_exact_and_says_so(demo):
    brief = briefing.collect(fetch_from(demo), Filters(), EXACT, today=TODAY)
    raw_women = demo.execute("select count(*) from narratives").fetchone()[0]
    assert brief.headline.women == raw_women
    assert "exact counts" in briefing.plain_text(briefing.to_docx(brief), "docx")


def test_every_exact_page_and_slide_is_marked(demo, brief):
    exact = briefing.collect(fetch_from(demo), Filters(), EXACT, today=TODAY)
    assert exact.exact and not brief.exact
    prs = Presentation(io.BytesIO(briefing.to_pptx(exact)))
    for number, slide in enumerate(prs.slides, start=1):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert briefing.EXACT_MARK in texts, f"slide {number} of the exact pack is not marked"
    doc = Document(io.BytesIO(briefing.to_docx(exact)))
    assert all(briefing.EXACT_MARK in sec.header.paragraphs[0].text for sec in doc.sections)
    # The controlled briefing (the commissioner's, and the officer's default) carries no such mark.
    assert briefing.EXACT_MARK not in briefing.plain_text(briefing.to_pptx(brief), "pptx")
    assert all(
        briefing.EXACT_MARK not in sec.header.paragraphs[0].text
        for sec in Document(io.BytesIO(briefing.to_docx(brief))).sections
    )


def test_file_names(brief):
    assert briefing.file_name(brief, "docx") == "maternity-insights-briefing-2024-03-04.docx"
    assert briefing.file_name(brief, "pptx").endswith(".pptx")


def test_briefing_matches_the_page_tables(demo, brief):
    """The heatmap in the briefing is the same controlled table the Themes page shows."""
    rule = Rule()
    prev = breakdowns.prevalence(
        queries.run(
            demo,
            "theme_prevalence_by_group",
            **Filters().params(),
            **breakdowns.group_params("ethnic_group", rule),
        ),
        breakdowns.dimension("ethnic_group"),
        rule,
    )
    pd.testing.assert_frame_equal(prev.frame, brief.heatmaps[0][1].frame)
