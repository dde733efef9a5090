"""Anonymiser rules 36 (issue 10): on the keep side, English words the dictionary lacks, service acronyms, a role's
compound and misspellings on real comments; on the removal side, short forms opening a sentence, a child's school or
nursery after a sibling, a name before a date of birth, a family name after a title's initial and display names'
tails. Wordings are this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise, train_tagger
from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.lexicon import RULES_VERSION

NEW_STEPS = ("dob_names", "title_initials")
DATA = Path(__file__).resolve().parents[1] / "data" / "anonymise"


def test_rules_version_is_36_or_later():
    assert int(RULES_VERSION) >= 36


@pytest.mark.parametrize("step", NEW_STEPS)
def test_each_new_step_is_a_switch_measured_apart(step):
    assert step in anonymise.SWITCHES
    assert step in train_tagger.OPTIONAL_STEPS
    assert step in LABEL_STEPS
    assert getattr(anonymise.Anonymiser, step) is True


@pytest.fixture(scope="module")
def engine():
    return anonymise.Anonymiser()


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a lower-case word the frequency list holds and the dictionary lacks, outside a person's slot
        ("The nurse showed me how to login to the app.", "login"),
        ("They referred me to neuro physio in the end", "neuro"),
        # a service's acronym in capitals, or capitals before a team's word
        ("the first meeting with CAMHS went badly", "CAMHS"),
        ("The PALS office never rang back", "PALS office"),
        ("we saw the KDAS staff on Tuesday", "KDAS staff"),
        # a common capitalised word after a role that nouns follow
        ("booked in after the GP Visit last week", "GP Visit"),
        ("two lady Paramedic crews came out", "Paramedic"),
        # a ward by its name and number after "on" or "to"
        ("there was no bed on Florence 3 so I waited", "Florence 3"),
        # misspelt adverbs opening a sentence, and spaCy's misspellings of common words
        ("Exeptionally kind staff all round.", "Exeptionally"),
        ("I would definetley recomend the group", "definetley recomend"),
        # keep-list terms of rules 36
        ("Kegel exercises every day since the birth", "Kegel"),
        ("the tuna mayo was the only thing left", "tuna mayo"),
        ("she did the Sukhmani Sahib path at home", "Sukhmani Sahib"),
        ("her dadi saas stayed with her in the hospital", "dadi saas"),
        ("we drove out to Fawkham for the group", "Fawkham"),
    ],
)
def test_kept(engine, text, kept):
    assert kept in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a lower-case name in a person's slot or before what a person does stays removed
        ("zelda said the triage line was engaged", "zelda"),
        ("malibu (19) came with her mum", "malibu"),
        # a word name of the lists after a role stays a name
        ("spoke to the midwife Blessing about it", "Blessing"),
        # a capitalised name before a number that is no ward's
        ("spoke to Sarah 2 times about the bill", "Sarah"),
    ],
)
def test_still_removed(engine, text, gone):
    assert gone not in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a short form opening a sentence with company, kin, a role or a past act
        ("Rob and Kayleigh Ashdown did the teas today.", "Rob"),
        ("Max is Tanisha's son, he helps on Saturdays.", "Max"),
        ("Dot was a midwife in Gravesend for thirty years.", "Dot"),
        ("Ros left at 12 to feed the baby.", "Ros"),
        ("Kit packed the spare nappies into the van.", "Kit"),
        ("Mo's husband brought the trestle tables.", "Mo"),
        ("Di's daughter had her baby at Darent Valley.", "Di"),
        # a child's school or nursery after a sibling
        ("older boy Tyler at Knockhall, younger one at home", "Knockhall"),
        ("her sister at St Anselm's has nits again", "St Anselm's"),
        ("twins at Rainbow pre-school three days a week", "Rainbow"),
        ("her son starts at Acorn nursery in May", "Acorn"),
        # a name before a date of birth, a family name after a title's initial
        ("Visit 12. Juno Westerby, DOB 04/05/2025, weight fine", "Westerby"),
        ("The card was signed Mrs R. Gladwin.", "Gladwin"),
        # a display name's tail in a note copying posts
        ("reported post from Kelly Mum-of-3 about the car park", "Mum-of-3"),
        ("blocked a fake account on Facebook, Leanne Price 86.", "86"),
    ],
)
def test_removed(engine, text, gone):
    assert gone not in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a short form's word in its ordinary sense opening a sentence
        ("Pat the sheets dry before folding them.", "Pat the sheets"),
        ("Bill for the hall came to £40.", "Bill for the hall"),
        ("Will you ring the clinic tomorrow?", "Will you"),
        # a town, a hospital, a faith's place or a kind of nursery after a sibling's word
        ("his sister at Gravesend said she would drive", "Gravesend"),
        ("had twins at Evelina, both fine now", "Evelina"),
        ("met the sisters at Northfleet mosque parent group", "Northfleet mosque"),
        ("looking for a Montessori nursery near work", "Montessori nursery"),
        ("the hospital nursery was full that week", "hospital nursery"),
        # a common word before a date of birth, a common word after a title's initial
        ("Form 4, DOB 12/03/1990 on the sheet", "Form 4"),
    ],
)
def test_kept_in_their_ordinary_sense(engine, text, kept):
    assert kept in engine.anonymise(text)


SWITCH_CASES = {
    "dob_names": ("Visit 12. Juno Westerby, DOB 04/05/2025, weight fine", "Westerby"),
    "title_initials": ("The card was signed Mrs R. Gladwin.", "Gladwin"),
}


@pytest.mark.parametrize("step", NEW_STEPS)
def test_a_switched_off_step_finds_nothing_of_its_own(step, silent_tagger):
    """With a tagger that finds nothing, each case is the step's alone: found with it, left with it off."""
    text, gone = SWITCH_CASES[step]
    on = anonymise.Anonymiser(tagger=silent_tagger)
    off = anonymise.Anonymiser(tagger=silent_tagger)
    setattr(off, step, False)
    assert gone not in on.anonymise(text)
    assert gone in off.anonymise(text)


def test_hand_short_forms_are_in_the_word_nicknames_file():
    """make_nicknames.py writes its hand-added short forms after the generated list; the committed file holds them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_nicknames", DATA / "make_nicknames.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = {line.strip() for line in (DATA / "word_nicknames.txt").read_text(encoding="utf-8").splitlines()}
    assert set(module.HAND_SHORT_FORMS) <= lines
