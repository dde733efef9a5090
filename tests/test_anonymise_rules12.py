"""Anonymiser rules version 12: colleagues' initials in who-does-what slots and everyday words in a
person's slot (insights/quotes/who_slots.py), read from blind8's and blind9's leaks, and two guards on
the tagger alone. Each rule has a catch and a must-keep counterpart, in wordings that are not the
corpora's."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def test_version(engine):
    assert int(RULES_VERSION) >= 12  # rules 13 bumped it again (tests/test_anonymise_rules13.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


# (step, a note where the detail must go, the words that must be gone, a note kept unchanged); each
# catch is made by its step alone (test_cases_need_their_step)
CASES = [
    (
        "speaker_initials",
        "WH: How was the wait? P3: Long. P4: Four hours in triage.",
        ["WH"],
        "NB: the clinic moves to Tuesdays from next week.",
    ),
    (
        "speaker_initials",
        "Handover Leanne -> GW: the mosque wants leaflets in Urdu.",
        ["GW"],
        "Handover to the community team: the mosque wants leaflets in Urdu.",
    ),
    (
        "speaker_initials",
        "To do for KW: the baby bank wants cots.",
        ["KW"],
        "To do for PALS: the baby bank wants cots.",
    ),
    (
        "speaker_initials",
        "Listening session at the family hub. Facilitator WH (Dads Matter). Six dads came.",
        ["WH"],
        "Listening session at the family hub. Facilitator from the MNVP. Six dads came.",
    ),
    (
        "speaker_initials",
        "Draft quote bank [comment: consent first? GW] for the ICB",
        ["GW"],
        "Draft quote bank [comment: consent first? ICB] for the board",
    ),
    (
        "baby_names",
        "Dad brought baby Pebble to the drop-in.",
        ["Pebble"],
        "Dad brought the baby to the Baby Bank drop-in.",
    ),
    ("baby_names", "She loves baby Biscuit so much.", ["Biscuit"], "She asked about Baby Friendly feeding."),
    (
        "naming_slots",
        "Thistle and Clover are the twins, born at 34 weeks.",
        ["Thistle", "Clover"],
        "Clover and honey are the best for a cough, she said.",
    ),
    (
        "naming_slots",
        "her real name is Adaora but the family calls her Dimples.",
        ["Dimples"],
        "the family calls her back after every appointment.",
    ),
    (
        "naming_slots",
        "She is Pickle to everyone on the ward.",
        ["Pickle"],
        "She is kind to everyone on the ward.",
    ),
    (
        "opening_speakers",
        "blessing at the northfleet stay and play said the scan was rushed.",
        ["blessing"],
        "staff at the northfleet stay and play said the scan was rushed.",
    ),
    (
        "opening_speakers",
        "Client Chime moved to the new flat on Monday.",  # rules 22: "Dimity", rare in English, is a person slot's too
        ["Chime"],
        "Client services moved to the new office on Monday.",
    ),
]


def test_cases_need_their_step(silent_tagger):
    # rules 13: the tagger retrained on fourteen sets catches most of these by itself, so each step is
    # measured with a tagger that finds nothing (conftest.silent_tagger): the step is what removes the words
    off = anonymise.Anonymiser(NO_DENY_LIST, tagger=silent_tagger)
    off.context_model = False  # rules 60: nor the contextual model (it takes "baby Biscuit" by itself)
    for step, text, gone, _keep in CASES:
        assert not any(word in off.anonymise(text) for word in gone), (step, text)
        setattr(off, step, False)
        assert any(word in off.anonymise(text) for word in gone), (step, text)
        setattr(off, step, True)


@pytest.mark.parametrize(
    ("step", "text", "gone", "keep"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rules12(engine, step, text, gone, keep):
    out = engine.anonymise(text)
    for word in gone:
        assert word not in out, (step, out)
    assert engine.anonymise(keep) == keep, step


def test_steps_are_optional_and_measured_apart():
    from insights.quotes import train_tagger as tt
    from insights.quotes import who_slots

    assert set(who_slots.STEPS) <= tt.OPTIONAL_STEPS
    for step in who_slots.STEPS:
        assert getattr(anonymise.Anonymiser, step) is True


def test_speaker_initials_spread_over_the_note(engine):
    text = "TW: who wants to start? P1: me. TW: go on then. Later TW said thanks."
    found = engine.who_slots.speaker_initials(text, [])
    assert [text[f.start : f.end] for f in found] == ["TW", "TW", "TW"]
    assert engine.who_slots.speaker_initials("OK: that was fine. PS: thanks", []) == []
    assert engine.who_slots.speaker_initials("WAITED 40 MINUTES. TW: NO ONE CAME", []) == []


@pytest.mark.parametrize(
    "text",
    [
        "The staff on Wells Road Hospital ward were kind.",  # a service's name, kept as the rules keep it
        "the paramedic who came was Brilliant and so Calm with my dad",
        "they said they would call me back and they did",
        "Baby Bank and Baby Loss Awareness Week at the hub",
        "my mum at the hospital said the food was cold",
    ],
)
def test_must_keep_rules12(engine, text):
    assert engine.anonymise(text) == text


def test_person_glosses_step_alone(engine):
    text = "Case 4: Crumpet, a Ghanaian mother from Swanscombe, waited six hours. Toffee (age 2) came too."
    found = engine.who_slots.opening_speakers(text, [])
    assert [text[f.start : f.end] for f in found] == ["Crumpet", "Toffee"]
    for keep in (
        "In Swanscombe, a Ghanaian mother waited six hours.",
        "Ward (2 wks) then home",
        "Dartford, a Polish mum",
    ):
        assert engine.who_slots.opening_speakers(keep, []) == [], keep


def test_tagger_predicate_guard(engine):
    """The tagger alone keeps an English word described after "is"/"was"/"so" (the retrained model removed
    "Ginger" from a real comment); names of the lists and words in capitals are not guarded."""
    for text, word, guarded in [
        ("the man who is Ginger came", "Ginger", True),
        ("the crew were so Calm with him", "Calm", True),
        ("my midwife is Kerry and she", "Kerry", False),
        ("PATIENCE FOR SHORT IS PAT.", "PAT", False),
        ("we met Ginger at the hub", "Ginger", False),
    ]:
        start = text.index(word)
        assert engine._tagger_predicate(text, start, start + len(word)) is guarded, text
