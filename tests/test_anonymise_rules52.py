"""Anonymiser rules 52 (issue 10): the ONS given names that are English words in the person slots after the tagger,
transcript speakers, headings before a colon, in capitals or after a numbered dash, labelled lists of people, a place
or the weather heading a woman's details (the removal side); a heading word the same sentence says again, a name's
repeat said as a place, a place beside its far region, a call's roles (the keep side). Read from the training and
tuning sets' leaks and lost keeps and from the rules 52 helper reviews; wordings are this file's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from insights.quotes.lexicon import RULES_VERSION

REVIEWS = Path(__file__).parent / "fixtures" / "anonymise" / "reviews"


def test_rules_version_is_52_or_later():
    assert int(RULES_VERSION) >= 52


def test_ons_word_names_reach_the_slots_but_not_the_tagger(no_deny_list_engine):
    engine = no_deny_list_engine
    assert {"rocky", "reign", "blaze"} <= engine.lists.ons_word_names
    assert "rocky" in engine.slot_lists.word_names
    assert (
        "rocky" not in engine.lists.word_names
    )  # the tagger's features read these: the shipped model is unchanged
    assert "reign" in engine.slot_lists.opening_names


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Rocky said the scan lady never looked up", ["Rocky"]),
        ("reign's foster carer wants a copy of the plan", ["reign"]),
        ("Blaze had jaundice, three days under the lights", ["Blaze"]),
        ("[19:42] MERCY: they left me on my own for the whole night", ["MERCY"]),
        ("[20:05] CALLER DESTINY: i was 17 and they only spoke to my mum", ["DESTINY"]),
        ("[18:31] JOY (SWANLEY): the hv never came after day 10", ["JOY"]),
        ("[19:50] AUNTY BOLA: the young ones need someone to talk to", ["BOLA"]),
        ("Grace: declined the glucose test again", ["Grace"]),
        ("Blessing: sugars 7.4 fasting, diet only", ["Blessing"]),
        ("3 - Precious - dna, letter sent", ["Precious"]),
        ("Patience : pn day 4, feeding well", ["Patience"]),
        ("Comfort -- twins, wants a vbac this time", ["Comfort"]),
        ("PATIENCE - DNA X2, LETTER SENT", ["PATIENCE"]),
        ("fern's gtt came back normal", ["fern"]),
        ("Havana - three kids, lives ME3 8HU", ["Havana"]),
        ("apologies - hope, grace, comfort", ["hope", "grace", "comfort"]),
        ("babies weighed: Genesis 5.1kg, Marvel 6.3kg", ["Genesis", "Marvel"]),
        ("present (zoom): Destiny, Unique, Honey", ["Destiny", "Unique", "Honey"]),
    ],
)
def test_names_in_the_new_slots_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Ivy: ivy over the sign by the birth centre, cant read it",
        "Olive - olive oil for baby massage? check the leaflet",
        "Mercy - no mercy from the lift, out of order for weeks",
        "Jackson, Mississippi is where she had her first",
        "her dad named her after Cheyenne where he grew up",
        "[10:20] Member: what time is the group on thurs?",
        "[18:02] HOST (RADIO KENT): welcome back to the phone-in",
        "[18:05] MIDWIFE (DVH): you can always ring triage",
        "mums: tired, anxious, hopeful",
        "apologies: none",
        "amber: stays amber til estates fix the lift",
        "Summer - fewer clinics over the holidays",
        "Isle of Sheppey mums have the longest trip",
    ],
)
def test_topics_places_and_roles_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Me: how was the birth?\nJoy: It was a joy, honestly, the midwife sang to me", ["Joy"]),  # a speaker
        ("Happy - Mavis Ogundele - 71 - not happy at all with the ward", ["Happy"]),  # a list of people
        (
            "Dakota: email dakota.r92@example.com for the survey",
            ["Dakota"],
        ),  # her own address repeats her name
        ("joy - joy said she was fine", ["joy"]),
    ],
)
def test_a_heading_said_again_by_a_person_stays_a_name(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    for piece in gone:
        assert piece not in out, (text, out)


def test_heading_words_is_a_switch(no_deny_list_engine):
    engine = no_deny_list_engine
    text = "Ivy: ivy over the sign by the birth centre, cant read it"
    try:
        engine.heading_words = False
        assert engine.anonymise(text) != text
    finally:
        engine.heading_words = True
    assert engine.anonymise(text) == text


def test_review_sets_of_rules_52_are_invented_lines_in_the_documented_shapes():
    keep = (REVIEWS / "rules52_keep.txt").read_text(encoding="utf-8").splitlines()
    rows = [
        json.loads(line)
        for line in (REVIEWS / "rules52_removal.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(keep) == 700 and len(rows) == 450
    assert sum(len(row["pii"]) for row in rows) == 747
    for row in rows:
        for start, end in row["pii"]:
            assert 0 <= start < end <= len(row["text"]) and row["text"][start:end].strip()
