"""Anonymiser rules version 9: a title goes inside its name's tag; names grown over a hyphenated part, a
neighbouring first or family name and a lower-case initial; chat writers' names; the person a group is
named after. Each step has a catch and a must-keep counterpart, in wordings that are not the corpora's."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise, context_words
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def test_version(engine):
    assert int(RULES_VERSION) >= 9  # rules 10 bumped it again (tests/test_anonymise_rules10.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


# (step, a note where the name must go, the name's words that must be gone, a note kept unchanged)
CASES = [
    (
        "title inside",
        "the consultant Mrs Okonjo was lovely",
        ["Mrs", "Okonjo"],
        "she was told she may miss the bus",
    ),
    (
        "title inside, lower case",
        "mr adeyemi rang the ward",
        ["mr", "adeyemi"],
        "she saw the dr at 9 and the mr scan was fine",
    ),
    ("Miss only capitalised", "Miss Oyelaran came at 9", ["Miss", "Oyelaran"], "I miss the old ward"),
    (
        "hyphenated, second part",
        "Tanisha-Mae said the food was cold",
        ["Tanisha", "Mae"],
        "a midwife-led unit",
    ),
    (
        "hyphenated, first part",
        "her GP Dr Okonkwo-Blake was kind",
        ["Okonkwo", "Blake"],
        "the post-natal ward",
    ),
    (
        "next family name",
        "I spoke to Kerry Pratt about the group",
        ["Kerry", "Pratt"],
        "she went to Darent Valley Hospital with her mum",
    ),
    (
        "initial after a lower-case name",
        "chat w leanne h abt the form",
        ["leanne", " h "],
        "saw her at 8 h later",
    ),
    ("chat writer with an emoji", "Shaz 🌸: anyone at DVH tonight?", ["Shaz"], "Comments: the ward was calm"),
    ("chat writer after a time", "[09:12] Tamsin: on my way", ["Tamsin"], "[09:12] Plan: see alone"),
    (
        "group named after a person",
        "come to Destiny's Mums Circle on Friday",
        ["Destiny"],
        "Dartford's Mums group",
    ),
]


@pytest.mark.parametrize(("step", "text", "gone", "keep"), CASES, ids=[c[0] for c in CASES])
def test_rules9(engine, step, text, gone, keep):
    out = engine.anonymise(text)
    for word in gone:
        assert word not in f" {out} ", (step, out)
    assert engine.anonymise(keep) == keep, step


def test_roles_stay_outside(engine):
    assert engine.anonymise("Midwife Grace rang her") == "Midwife [NAME] rang her"
    assert engine.anonymise("her husband Tomasz came") == "her husband [NAME] came"


def test_title_case_note_does_not_grow(engine):
    text = "Q5 What Went Well: Dr Promise Eze Told Me Everything About My Diabetes."
    off = anonymise.Anonymiser(NO_DENY_LIST)
    off.grow_names = False
    assert engine.anonymise(text) == off.anonymise(text)  # a capital says nothing in Title Case


@pytest.mark.parametrize(
    "step", ["titles_inside", "grow_names", "speaker_labels", "group_owners", "short_relations"]
)
def test_steps_can_be_measured_apart(step, engine):
    off = anonymise.Anonymiser(NO_DENY_LIST)  # a fresh engine: the step is switched off in it alone
    setattr(off, step, False)
    text = {
        "titles_inside": "Mrs Okonjo was lovely",
        "grow_names": "stacey p car got clamped",
        "speaker_labels": "Tiff 🦋: girls anyone",
        "group_owners": "Harmony's Hextable Mums",
        "short_relations": "Pt attended with FOB Reno.",
    }[step]
    assert off.anonymise(text) != engine.anonymise(text)  # the default engine (was a second one built here)


def test_context_words_file_read_once():
    sections = context_words.read_sections(context_words.WORDS_PATH)
    assert sections["not_slot_names"] == context_words.NOT_SLOT_NAMES
    assert "dad" in context_words.RELATIONS and "midwife" in context_words.ROLES


def test_context_words_file_rejects_stray_entries(tmp_path):
    bad = tmp_path / "words.txt"
    bad.write_text("stray\n[section]\nword\n", encoding="utf-8")
    with pytest.raises(ValueError, match="before the first"):
        context_words.read_sections(bad)
