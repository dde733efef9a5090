"""Anonymiser rules 36 (issue 10): on the keep side, English words the dictionary lacks, service acronyms, a role's
compound and misspellings on real comments; on the removal side, short forms opening a sentence, a child's school or
nursery after a sibling, a name before a date of birth, a family name after a title's initial and display names'
tails. Wordings are this file's own (none is a note of a labelled corpus or a real comment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.lexicon import RULES_VERSION
from tests.anonymise_steps import assert_optional_step, assert_step_alone

NEW_STEPS = ("dob_names", "title_initials")
DATA = Path(__file__).resolve().parents[1] / "data" / "anonymise"


def test_rules_version_is_36_or_later():
    assert int(RULES_VERSION) >= 36


@pytest.mark.parametrize("step", NEW_STEPS)
def test_each_new_step_is_a_switch_measured_apart(step):
    assert_optional_step(step, LABEL_STEPS)


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
        ("Ros left her number at the desk.", "Ros"),
        ("Bel sold the cot for a tenner.", "Bel"),
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
    assert_step_alone(step, *SWITCH_CASES[step], silent_tagger)


def test_hand_short_forms_are_in_the_word_nicknames_file():
    """make_nicknames.py writes its hand-added short forms after the generated list; the committed file holds them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_nicknames", DATA / "make_nicknames.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = {line.strip() for line in (DATA / "word_nicknames.txt").read_text(encoding="utf-8").splitlines()}
    assert set(module.HAND_SHORT_FORMS) <= lines


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # first review: a past act or a role opening a sentence is a nicknames list's short form only
        ("Case escalated to the consultant midwife.", "Case escalated"),
        ("Post was a volunteer role.", "Post was"),
        ("Bill went up again this month", "Bill went"),
        # a place, a hospital, a shop or a relative's home after a sibling's word is no school
        ("Lives with her sister at Northfleet", "Northfleet"),
        ("Twins at Woolwich in NICU", "Woolwich"),
        ("Her son at QEQM for a week", "QEQM"),
        ("Her sister at Tesco said", "Tesco"),
        ("Children at Grandma's for the weekend", "Grandma's"),
        # a thing of nurseries, or a common word before "nursery"
        ("Starts nursery in September", "Starts nursery"),
        ("Sang nursery rhymes with the group", "Sang nursery rhymes"),
        ("Plant nursery in Swanley", "Plant nursery"),
        # a first name's number is her age; a time is no display name's tail
        ("Facebook comments: Kayleigh 19, first baby", "19, first baby"),
        ("Facebook post: Stacey 12:30 said she was fine", "12:30"),
        # a specialty after a title's initial, a word before a date of birth
        ("Reviewed by Dr K Anaesthetics.", "Anaesthetics"),
        ("Safeguarding, DOB 1/1/90 on the form", "Safeguarding"),
    ],
)
def test_review_keeps(engine, text, kept):
    assert kept in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # first review: a name before an age after "to" or "from" is no ward
        ("Spoke to Kayleigh 19, first baby", "Kayleigh"),
        ("Facebook post: thanks to Jade 20!", "Jade"),
        # an initial's dot ends no sentence; two initials and no space after the dot
        ("Signed Mrs S. Gladwin", "Gladwin"),
        ("Seen by Mrs S.Gladwin today", "Gladwin"),
        ("Mrs S J Gladwin rang about the form", "Gladwin"),
        # a date of birth in brackets, and a Mc family name before it
        ("Nova Brightwell (DOB 03/04/25)", "Brightwell"),
        ("Nova McDonald, DOB 03/04/25", "McDonald"),
        # irregular past acts of a short form
        ("Di came at 10 with the urn", "Di"),
        ("Kit ran the stall all day.", "Kit"),
    ],
)
def test_review_removals(engine, text, gone):
    assert gone not in engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # second review: a name after a role, the everyday-word family names and short forms too
        ("Midwife Young was absolutely fantastic throughout", "Young"),
        ("consultant Green said baby is breech", "Green"),
        ("nurse Pat was so kind to me", "Pat"),
        # a name in capitals before a referral, a lower-case given name the frequency list holds
        ("Sent AHMED referral to perinatal mental health", "AHMED"),
        ("dropped alfie at nursery then came to group", "alfie"),
        ("big thanks to aubrey on delivery suite", "aubrey"),
        # a name before a number that is no ward's, a family name ending like an English suffix, a kept word as a name
        ("will talk to Jade 2moro about the group", "Jade"),
        ("Applegate rang back about the car seat", "Applegate"),
        ("Bebe came to the drop in with her grandson", "Bebe"),
        ("Marie Currie came to group with her 3 kids", "Currie"),
        # initials of the acronyms list after a relative
        ("daughter TIA started nursery this week", "TIA"),
        # a family name after a title's dot, a common word too (older than rules 36; the second review found it)
        ("thanks to Mrs. Appleton and the team", "Appleton"),
        ("Seen by Dr. Holdgate on the ward", "Holdgate"),
        ("spoke to Mr. Bright about the form", "Bright"),
    ],
)
def test_second_review_removals(engine, text, gone):
    assert gone not in engine.anonymise(text)


def test_long_runs_read_in_pieces_one_for_one():
    """Rules 36: a run of `LONGEST_RUN` characters or more with no space reads with a space every `LONGEST_RUN`
    characters, so spaCy's tokenizer never peels suffixes off one huge token; lengths and offsets stay the same."""
    from insights.quotes.lexicon import LONGEST_RUN, reading

    blob = "Jo" + "'s" * 600
    text = f"pasted {blob} then Sarah Okafor rang"
    read = reading(text)
    assert len(read.text) == len(text)
    assert read.text.startswith("pasted Jo's")
    assert max(len(run) for run in read.text.split()) < LONGEST_RUN
    assert reading("a short note, nothing long").text == "a short note, nothing long"


def test_a_name_after_a_long_blob_is_still_removed(engine):
    out = engine.anonymise("x" * 5000 + " then Sarah Okafor rang about the scan")
    assert "Okafor" not in out
    assert out.startswith("x" * 100)
