"""Anonymiser rules version 11: complaint and case references (insights/quotes/references.py) and the
slots read from blind8's leaks (insights/quotes/list_slots.py). Each rule has a catch and a must-keep
counterpart, in wordings that are not the corpora's."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.references import case_reference_spans

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def test_version(engine):
    assert int(RULES_VERSION) >= 11  # rules 12 bumped it again (tests/test_anonymise_rules12.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Your ref: WK/2024/10377. Thank you for writing", "WK/2024/10377"),
        ("complaint no. MTY 2024 0551 - we are sorry", "MTY 2024 0551"),
        ("the case reference is H/OBS/4410, please quote it", "H/OBS/4410"),
        ("Datix: SI-2024-8812 raised by the ward", "SI-2024-8812"),
        ("we logged it as CPL-70312 on Tuesday", "CPL-70312"),
        ("quoting PX/MAT/2024/0098 in any reply", "PX/MAT/2024/0098"),
    ],
)
def test_case_references_removed(engine, text, ref):
    assert ref in [text[s:e] for s, e in case_reference_spans(text)]
    out = engine.anonymise(text)
    assert ref not in out and "[HOSPITAL NUMBER]" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Waited from 12/03/2024 to 14/03/2024, ref 12/03/2024 letter",
        "had COVID-19 in 2021 and a COVID-2020 booster letter",
        "just in case 111 rings back, we kept the phone on",
        "the A4 leaflet and the M25 traffic",
        "Incident no 25153582 - the crew were kind",  # an ambulance's incident number: px marks it clean
        "the case of the 3 missing notes",
    ],
)
def test_not_a_case_reference(text):
    assert case_reference_spans(text) == []


# (step, a note where the detail must go, the words that must be gone, a note kept unchanged); each
# catch is made by its step alone (the rules 10 steps and the tagger leave it: test_cases_need_their_step)
CASES = [
    ("name_initials", "Raffle won by T. Abernethy-Okoro on the day", ["T."], "Vitamin D. Group B strep swab"),
    (
        "list_initials",
        "Staff only: DW, KT, RB. Talked about the baby bank.",
        ["DW", "KT", "RB"],
        "Staff only: GP, HV and MW. Talked about the baby bank.",
    ),
    ("list_initials", "Thanks for coming. Minutes TW.", ["TW"], "Thanks for coming. From PALS."),
    (
        "list_names",
        "Standing: Bethan Rhys, Hope, Modesty, Maureen Tait.",
        ["Modesty"],
        "Standing: Dartford, Gravesend and Swanley teams.",
    ),
    (
        "everyday_names",
        "I am the mother of Blessing (Adaeze). She is 3.",
        ["Blessing"],
        "I am the mother of two (twins). She is 3.",
    ),
    ("everyday_names", "we call him Bear, short for Barnaby", ["Barnaby"], "short for time today"),
    (
        "everyday_names",
        "known to the whole ward as Bramble",
        ["Bramble"],
        "known to the whole ward as the bay",
    ),
    ("everyday_names", "My youngest, Journey, was poorly", ["Journey"], "My youngest, sadly, was poorly"),
]


def test_cases_need_their_step(silent_tagger):
    # rules 13: the tagger retrained on fourteen sets catches most of these by itself, so each step is
    # measured with a tagger that finds nothing (conftest.silent_tagger): the step is what removes the words
    off = anonymise.Anonymiser(NO_DENY_LIST, tagger=silent_tagger)
    off.context_model = False  # rules 60: nor the contextual model (it takes "baby Biscuit" by itself)
    # rules 33: a list with no label is read too, by a later step; rules 37: a given name of the ONS tables
    # ("Barnaby") is read as a short form is, capitalised anywhere
    also = {"list_names": ("list_members",), "everyday_names": ("nicknames",)}
    for step, text, gone, _keep in CASES:
        assert not any(word in off.anonymise(text) for word in gone), step
        for name in (step, *also.get(step, ())):
            setattr(off, name, False)
        assert any(word in off.anonymise(text) for word in gone), step
        for name in (step, *also.get(step, ())):
            setattr(off, name, True)


def test_name_neighbours_step_alone(engine):
    from insights.quotes.lexicon import Finding

    text = "Sign-in: Charmaine Whitlow / 8 wk"
    found = [Finding(9, 18, "PERSON", "test")]
    grown = engine.list_slots.name_neighbours(text, found)
    assert [text[f.start : f.end] for f in grown] == ["Whitlow"]
    text = "My husband Rafiq Miah Chowdhury rang"
    found = [Finding(11, 16, "PERSON", "test"), Finding(22, 31, "PERSON", "test")]
    assert [text[f.start : f.end] for f in engine.list_slots.name_neighbours(text, found)] == ["Miah"]
    text = "Comments: I Had Pre-Eclampsia And Was Induced"  # title case: nothing grows
    assert engine.list_slots.name_neighbours(text, [Finding(16, 29, "PERSON", "test")]) == []


@pytest.mark.parametrize(
    ("step", "text", "gone", "keep"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rules11(engine, step, text, gone, keep):
    out = engine.anonymise(text)
    for word in gone:
        assert word not in out, (step, out)
    assert engine.anonymise(keep) == keep, step


def test_steps_are_optional_and_measured_apart():
    from insights.quotes import list_slots
    from insights.quotes import train_tagger as tt

    assert set(list_slots.STEPS) <= tt.OPTIONAL_STEPS
    for step in list_slots.STEPS:
        assert getattr(anonymise.Anonymiser, step) is True


def test_list_initials_step_alone(engine):
    text = "Present: no families today. Staff only: JW, AC, RH."
    found = engine.list_slots.list_initials(text, [])
    assert [text[f.start : f.end] for f in found] == ["JW", "AC", "RH"]
    assert engine.list_slots.list_initials("Staff: GP, HV and MW.", []) == []
    assert engine.list_slots.list_initials("WAITED 40 MINUTES FOR THE CONSULTANT", []) == []


def test_neighbours_only_grow_names(engine):
    # no name found in the note: the step adds nothing, so a comment with no name is never changed
    text = "Talking Therapies rang, Head of Midwifery replied"
    assert engine.list_slots.name_neighbours(text, []) == []
    assert engine.anonymise(text) == text


def test_brands_and_national_services_are_kept(engine):
    text = "Got the Isofix base at John Lewis, Dad Matters and the Family Nurse Partnership helped"
    assert engine.anonymise(text) == text


def test_augmented_copy_moves_spans():
    from insights.quotes import augment
    from insights.quotes import train_tagger as tt

    eng = anonymise.Anonymiser(NO_DENY_LIST, tagger=None)
    swapper = augment.Swapper(eng.lists, eng.lexicon)
    row = {
        "text": "Mrs Kasia Nowak (JB) rang; MERCY and sky came. Kasia's midwife at Darent Valley",
        "pii": [
            [0, 15, "NAME"],
            [17, 19, "NICK"],
            [26, 31, "WORDNAME"],
            [36, 39, "WORDNAME"],
            [47, 52, "POSS"],
        ],
        "keep": [[66, 79, "PLACE"]],
    }
    copy = swapper.copy(row, 7)
    text = copy["text"]
    assert "Kasia" not in text and "Nowak" not in text and "MERCY" not in text and "JB" not in text
    assert text.startswith("Mrs ") and text[copy["keep"][0][0] : copy["keep"][0][1]] == "Darent Valley"
    spans = [text[s:e] for s, e, _ in copy["pii"]]
    assert spans[2].isupper() and spans[3].islower() and spans[1].isupper() and len(spans[1]) == 2
    assert spans[0].split()[1] == spans[4]  # the same name swapped the same way in one note
    assert swapper.copy(row, 7) == copy  # deterministic
    assert tt.AUGMENT in (0, 1)
