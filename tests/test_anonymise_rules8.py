"""Anonymiser rules version 8: names in a message's greeting, a form's other name fields, a tagger's
name that extends a name the rules found, and a name removed wherever the note repeats it. Each rule
has a catch and a must-keep counterpart, in wordings that are not the corpora's sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


@pytest.fixture(scope="module")
def rules_only() -> anonymise.Anonymiser:
    return anonymise.Anonymiser(NO_DENY_LIST, verify_model=False, tagger=None)


def test_version():
    assert int(RULES_VERSION) >= 8  # rules 9 bumped it again (tests/test_anonymise_rules9.py)


# (rule, a note where the rules alone must remove the name, the name, a note they must keep unchanged)
CASES = [
    ("greeting: its X", 'sms: "hey its ivy, can u ring me back abt the form"', "ivy", "its ivy league stuff"),
    ("greeting: X here", 'wa: "pearl here 👋 cant make tues"', "pearl", "the pearl earrings were lost"),
    (
        "greeting: hiya X",
        "msg: hiya rosa, baby has jaundice again",
        "rosa",
        "msg: hi there, baby has jaundice",
    ),
    (
        "form: surname",
        "FIRST NAME: ANN ; SURNAME: WINTERBOTTOM ; DOB: 1990",
        "WINTERBOTTOM",
        "surname unknown",
    ),
    ("form: last", "First: Ann ; Last: Greenhalgh ; mob: none", "Greenhalgh", "Last: seen 2 weeks ago"),
    ("form: witness", "Signed by mum | Witness: Olwen Prothero | date", "Prothero", "Witness: none present"),
]


@pytest.mark.parametrize(("rule", "text", "name", "kept"), CASES, ids=[c[0] for c in CASES])
def test_rules8_catch_and_keep(rules_only, rule, text, name, kept):
    out = rules_only.anonymise(text)
    assert name not in out, (rule, out)
    assert "[NAME]" in out
    assert rules_only.anonymise(kept) == kept, rule


def test_greeting_needs_a_first_name(rules_only):
    for text in ('"its fine here", she said', "hi there, its late", '"ward here was clean"'):
        assert rules_only.anonymise(text) == text


def test_tagger_name_extending_a_rules_name_is_taken_whole(engine):
    text = "Meadow Ashdown said the ward was cold. Meadow agreed it was late."
    out = engine.anonymise(text)
    assert "Meadow" not in out and "Ashdown" not in out, out


def test_extension_needs_capitals_and_a_rules_name(engine):
    f = anonymise.Finding(0, 13, "PERSON", "NameTagger")
    text = "Rose garden said nothing"
    assert not engine._extends_name(text, anonymise.Finding(0, 11, "PERSON", "t"), [])
    rules = [anonymise.Finding(0, 4, "PERSON", "rules")]
    assert not engine._extends_name(text, anonymise.Finding(0, 11, "PERSON", "t"), rules)  # "garden"
    text = "Rose Kempton said"
    assert engine._extends_name(text, f, rules)
    assert not engine._extends_name(text, anonymise.Finding(0, 13, "EMAIL_ADDRESS", "t"), rules)
