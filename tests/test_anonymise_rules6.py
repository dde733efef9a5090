"""Anonymiser rules version 6: a name-word in a person's slot is a name unless an ordinary sense
shows (insights/quotes/person_slots.py), plus general shapes for spelled e-mail and phone numbers.
Each policy has a catch and a must-keep counterpart, in wordings that are not the retired blind
sets' sentences."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from insights.quotes import anonymise, identifiers
from insights.quotes.lexicon import RULES_VERSION

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "anonymise"
NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


# (policy, a note where it must remove the name, the expected output, a note it must keep unchanged)
CASES = [
    (
        "a capitalised name-word as the subject of a verb",
        "Comfort had a long labour at the birth centre",
        "[NAME] had a long labour at the birth centre",
        "Comfort was lacking on the ward at night",
    ),
    (
        "a name-word subject: the ordinary sense after a determiner",
        "Blessing wants to join the group",
        "[NAME] wants to join the group",
        "The blessing was that baby was fine",
    ),
    (
        "a name-word subject: 'Hope you' and 'Patience is key' are ordinary",
        "Hope said the scan was rushed",
        "[NAME] said the scan was rushed",
        "Hope you are well. Patience is key with feeding.",
    ),
    (
        "an English word of the large names list needs a family name or a relative after it",
        "Hunter is her eldest and misses school",
        "[NAME] is her eldest and misses school",
        "Praise given to the staff on the ward",
    ),
    (
        "a capitalised name-word opening a note before a family name",
        "Autumn Pike - first baby, due in March",
        "[NAME] - first baby, due in March",
        "Autumn leaves on the path outside the hospital",
    ),
    (
        "a name-word before 's and a relative or a teacher",
        "Crystal's mum drove her in",
        "[NAME]'s mum drove her in",
        "crystal clear instructions from the midwife",
    ),
    (
        "X is his name: even a place or a kept word",
        "Kent is his name, partner of the mum",
        "[NAME] is his name, partner of the mum",
        "Kent is a big county to cover",
    ),
    (
        "a relative, then is / was, then the name at the end of a clause",
        "mum is Ruby lol",
        "mum is [NAME] lol",
        "mum is Polish and needed an interpreter",
    ),
    (
        "a bracket that says the word before it is a person",
        "Will (dad) said there was no chair",
        "[NAME] (dad) said there was no chair",
        "Will (hopefully) be sorted next week",
    ),
    (
        "a short form of the name in brackets after it",
        "call Tegan (teg) on the ward",
        "call [NAME] ([NAME]) on the ward",
        "call the ward (twins) on Monday",
    ),
    (
        "a first name alone in brackets after an e-mail",
        "contact jp@example.com (Jade) about it",
        "contact [EMAIL] ([NAME]) about it",
        "the discharge team (Victoria) was great",
    ),
    (
        "a lower-case nickname no dictionary knows, as a subject",
        "shaz said the car park was a joke",
        "[NAME] said the car park was a joke",
        "she said the car park was a joke",
    ),
    (
        "a nickname before 'is what they call her'",
        "big T is what they call her at the group",
        "[NAME] is what they call her at the group",
        "the group is what they call a lifeline",
    ),
    (
        "a lower-case first name opening a note before a person's verb",
        "summer needed a blood transfusion after the birth",
        "[NAME] needed a blood transfusion after the birth",
        "hope came back when the consultant listened",
    ),
    (
        "an abstract-noun name in lower case only before what a person does",
        "grace rang the ward three times",
        "[NAME] rang the ward three times",
        "patience was thin on the ward",
    ),
    (
        "a season as a subject with the weather stays",
        "Summer moved to Chatham last year",
        "[NAME] moved to Chatham last year",
        "Summer was hot on the ward and there were no fans",
    ),
    (
        "a capitalised name after a person's label and a colon",
        "NAME OF BABY: STORM, born at 38 wks",
        "NAME OF BABY: [NAME], born at 38 wks",
        "BABY: BREECH AT 36 WKS, baby: Boy",
    ),
    (
        "any spelled address after an e-mail label",
        "mail kasia at wp dot pl for the leaflet",
        "mail [EMAIL] for the leaflet",
        "she was at the hub at 10 for the leaflet",
    ),
    (
        "a capitalised abstract noun as subject: only before what a person does",
        "Joy texted me after the session",
        "[NAME] texted me after the session",
        "Hope was all we had left. Faith helped me through. Patience ran out by day three.",
    ),
    (
        "an English-word name before is / was: only with what is said of a person",
        "Ivy was born at 36 weeks",
        "[NAME] was born at 36 weeks",
        "Honey was offered for the cough. Ivy was growing on the building.",
    ),
    (
        "a season or month as a name: never with what time does",
        "summer was in labour for 2 days",
        "[NAME] was in labour for 2 days",
        "summer arrived and the ward got hotter, summer was so hot",
    ),
    (
        "a time of day or weather as a name: never with what time or weather does",
        "Sky cried the whole way through",
        "[NAME] cried the whole way through",
        "Dawn came and still no doctor, then the sky went dark",
    ),
    (
        "a word introduced as a name: goes by, known as, its X here",
        "she goes by ams and its kez from the group",
        "she goes by [NAME] and its [NAME] from the group",
        "she goes by her middle name, known as the Baby Bank, its here from monday",
    ),
    (
        "a bracket after a name-word must start with what is said of a person",
        "Blessing (mum) came too",
        "[NAME] (mum) came too",
        "Amber (light) on the monitor flashed. Chelsea was where she trained.",
    ),
    (
        "two words typed together are no name",
        "Ola Nowak wants the Polish leaflet",
        "[NAME] wants the Polish leaflet",
        "I was pleased Theparamedics got there quickly",
    ),
]


@pytest.mark.parametrize("family,text,expected,kept", CASES, ids=[c[0] for c in CASES])
def test_each_policy_catches_and_keeps(engine, family, text, expected, kept):
    assert engine.anonymise(text) == expected
    assert engine.anonymise(kept) == kept


def test_a_name_glued_to_an_address_is_not_grown_into_it(engine):
    out = engine.anonymise("Ola Nowak ola.nowak@wp.pl wants a leaflet")
    assert out == "[NAME] [EMAIL] wants a leaflet"


@pytest.mark.parametrize(
    "text,found",
    [
        ("email is lena dot kaminska 87 at gmail dot com ok", ["lena dot kaminska 87 at gmail dot com"]),
        ("send it to tom dot briggs at outlook she said", ["tom dot briggs at outlook"]),
        ("the dot on the scan at 20 weeks", []),
        ("the mum at the hub said", []),
    ],
)
def test_spelled_email_general_shapes(text, found):
    assert [text[s:e] for s, e in identifiers.spelled_email_spans(text)] == found


@pytest.mark.parametrize(
    "text,found",
    [
        (
            "ring her on oh seven seven double oh nine hundred five six two please",
            ["oh seven seven double oh nine hundred five six two"],
        ),
        ("she had one two three four five six seven babies", []),
        ("seven two one", []),
    ],
)
def test_spoken_phone_numbers(text, found):
    assert [text[s:e] for s, e in identifiers.spoken_phone_spans(text)] == found


def test_phone_with_a_space_after_the_leading_zero(engine):
    assert engine.anonymise("ring 0 7700 900 769 after school") == "ring [PHONE] after school"
    assert engine.anonymise("scored 0 out of 10 for the food") == "scored 0 out of 10 for the food"


def test_the_shortest_uk_number_is_still_found_after_the_digit_gate(engine):
    """Presidio's phone matcher is skipped on a text with fewer than 7 digits (speed); the shortest valid
    UK number (8 digits with its leading 0) is found only by it, so it must still run there."""
    gated = next(r for r in engine.analyzer.registry.recognizers if r.name == "PhoneRecognizer")
    assert gated.analyze(
        "she rang 0800 1111 from the ward", ["PHONE_NUMBER"]
    )  # found (rules 44 then keep it:
    assert (
        engine.anonymise("she rang 0800 1111 from the ward") == "she rang 0800 1111 from the ward"
    )  # a freephone)
    assert gated.analyze("rang 0800 111 twice", ["PHONE_NUMBER"]) == []  # 7 digits: no valid UK number
    assert gated.analyze("rated 7/10, 3 wks, 45 min", ["PHONE_NUMBER"]) == []


def test_maternity_acronyms_in_capitals_stay(engine):
    text = "MIHAELA AND IONUT STAN ROMANIAN, 3RD BABY, VBAC WANTED BUT TOLD NO"
    assert "VBAC" in engine.anonymise(text)


def test_rules_version_bumped_so_stored_excerpts_reanonymise(engine):
    assert int(RULES_VERSION) >= 6  # rules 7 bumped it again (tests/test_anonymise_tagger.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


def test_dev4_corpus_is_reproducible_and_caught(engine):
    spec = importlib.util.spec_from_file_location("make_notes_dev4", CORPUS / "make_notes_dev4.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stored = [
        json.loads(line) for line in (CORPUS / "notes_dev4.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert module.build() == stored
    assert len(stored) >= 40


def test_a_hospital_number_takes_letters_glued_to_it_but_not_its_label(engine):
    out = engine.anonymise("RN4 5510776 (DVH number) - placenta praevia, admitted at 32 wks")
    assert out.startswith("[HOSPITAL NUMBER] (DVH number) - placenta praevia")
    assert engine.anonymise("hosp no. 9949950 on the letter").startswith("hosp no. [")


def test_a_display_name_in_title_case_runs_on():
    text = "fb name is Kelly Mum Of Two lol, will join"
    assert [text[s:e] for s, e in identifiers.handle_spans(text)] == ["Kelly Mum Of Two"]
    text = "on insta all night she said"
    assert identifiers.handle_spans(text) == []
