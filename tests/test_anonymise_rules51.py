"""Anonymiser rules 51 (issue 10): given names heading a note or a line before a dash, a bracket or (typed in lower
case) "'s" (insights.quotes.added_names.heading_names, read from the tuning sets' leaks), and the rules 50 removal
review's leaks: a role between commas with no "the", roles it did not list, a given name and a family name before a
role in brackets, an inward code typed with O for its digit. Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_51_or_later():
    assert int(RULES_VERSION) >= 51


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Jade - mum of 3, home birth cancelled on the day, no staff.", ["Jade"]),
        ("Blessing - dad came too, first baby, felt ignored on the labour ward.", ["Blessing"]),
        ("Paddy (the caretaker) says I can use the hall on Tuesdays.", ["Paddy"]),
        ("patience (ghanaian, speaks twi) said the interpreter never came", ["patience"]),
        ("Grace (22, ghanaian) - she said nobody explained the forceps.", ["Grace"]),
        ("faith (nigerian) - fibroids, section at 38 wks", ["faith"]),
        ("Session went well. Sunny (3m, her sister's boy) slept the whole time.", ["Sunny"]),
        ("- Honey - her nickname, she rated the birth centre 9", ["Honey"]),
        ("charm's partner picked her up after group", ["charm"]),
        ("ivy, health visitor, came round on day 10", ["ivy"]),
        ("Amber, student midwife, stayed with me all night", ["Amber"]),
        ("the phlebotomist joy did my bloods in one go", ["joy"]),
        ("joy (doula) was allowed in theatre", ["joy"]),
        ("sarah ward (mw) was the one who listened", ["sarah", "ward"]),
        ("lisa green (mw) said baby was fine", ["green"]),  # the removal review: a name found grows
        ("storm pike (dad) very supportive", ["storm", "pike"]),
        ("amber dunmore (pt) - induction at 41+3", ["amber", "dunmore"]),
        ("her postcode is ME1 OLB, flat above the shop", ["OLB"]),
        # the removal review (a helper's invented lines): what a note says first of a woman after the dash, her
        # obstetric history in the bracket, her readings after "'s"
        ("Honey - says shes scared of the hospital after last time", ["Honey"]),
        ("Poppy - wants to know if she can bring her 2 kids to scans", ["Poppy"]),
        ("Precious (p2) said the last birth was traumatic", ["Precious"]),
        ("grace's bp was 145/92 so sent in", ["grace"]),
        ("pc: DA2 OAB", ["OAB"]),
        ("BR8 OBG - temporary accommodation", ["OBG"]),  # the removal review: no label needed when no word
        ("postcode DA1 OLD, flat 3", ["OLD"]),
    ],
)
def test_names_heading_a_note_and_beside_roles_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "faith (christian) matters a lot to her",
        "Hope (and a lot of tea) got her through the first week.",
        "Winter - the heating on the ward was broken again.",
        "Monday - baby group at the library, 6 mums.",
        "Parking - no spaces again, she was late for her scan.",
        "Trust - replied to the complaint after 3 months.",
        "thanks, midwife, for everything you did",
        "on the labour ward (midwife led unit) it was calm",
        "Lovely staff - really kind on the ward.",
        # the keep review of the first version (a helper's invented lines)
        "Honey - leaflet should say clearly not for babies under 1",
        "Lavender (oil) - allowed on the birth centre? ask the matron",
        "Amber (rag) - maternity dashboard this month for triage waits",
        "Rose (white) on the door so staff knew, didnt have to explain again",
        "dawn's the worst, feeding every hour",
        "honey's fine for mum but not for baby",
        "Dawn - worst time for feeds, every mum in the group agreed",
        "Patience - staff showed loads of it with her, she couldnt praise them enough",
        "Faith (muslim) - halal food options on ward very limited",
        "tea lady (hca) was a star",
        "she met her friend (mum) there",
        "7. Crystal - clear actions needed from the last meeting",
        "app - kept crashing",
        "joy (when she latched) - best moment",
        "honey's good for her sore throat she said",
        "amber - traffic light on the mews chart",
        "amber (mews) so obs repeated in 1hr",
    ],
)
def test_ordinary_words_heading_a_note_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("she lives in DA1 OLD town now", "OLD town"),
        (
            "DA1 ONS data shows births up",
            "ONS data",
        ),  # the keep review: O and two letters with no postcode label
        ("ME1 OPD clinic runs late", "OPD clinic"),
        ("DA3 ODD one out - no family hub at all", "ODD one out"),
        ("DA2 OBS done at home by community mw", "OBS done"),
    ],
)
def test_words_after_an_outward_code_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("out", "leaked"),
    [
        ("[NAME] green (mw) said", [True]),  # a piece left in place still leaks
        ("[NAME] (mw) said", [False]),
        ("lisa green (mw) said", [True]),
    ],
)
def test_review_sets_count_a_piece_left_in_place_as_a_leak(out, leaked):
    from benchmarks.review_sets import leaks

    assert leaks("lisa green (mw) said", out, [[0, 10]]) == leaked


def test_review_sets_are_invented_lines_in_the_documented_shapes():
    import json
    from pathlib import Path

    reviews = Path(__file__).parent / "fixtures" / "anonymise" / "reviews"
    keep = (reviews / "rules51_keep.txt").read_text(encoding="utf-8").splitlines()
    rows = [
        json.loads(line)
        for line in (reviews / "rules51_removal.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(keep) == 787 and len(rows) == 651
    for row in rows:
        for start, end in row["pii"]:
            assert 0 <= start < end <= len(row["text"]) and row["text"][start:end].strip()
