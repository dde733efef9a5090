"""Anonymiser rules 16 (issue 10): the guards a tagger trained on fast-typed copies needs (tagger_guards.
part_of_a_word and one-word addresses): lower-case pieces of ordinary writing are not names or addresses,
while lower-case names in a fast-typed note still go."""

from __future__ import annotations

import pytest

from insights.quotes.tagger_guards import part_of_a_word
from tests.conftest import expected_training_sets

LEXICON = frozenset({"courteously", "today", "rehab", "court", "and", "dealt"})


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Re-hab - physio is good", "hab"),
        ("pre-op checks were quick", "op"),
        ("dealt with promptly and courteous ly and seen", "ly"),
        ("the unit - bravo!", "bravo"),
        ("Thanks all, cheers", "cheers"),
    ],
)
def test_pieces_of_ordinary_writing_are_not_names(text, word):
    assert part_of_a_word(text, text.rindex(word), word, LEXICON)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("spoke to shaz about it", "shaz"),  # "toshaz" is no word
        ("ex-partner kev came round", "kev"),
        ("her mw jo-ann rang", "jo"),  # "jo" opens the hyphenated name: nothing before it
        ("met sue and dan at the group", "dan"),  # "anddan" is no word
    ],
)
def test_names_are_not_taken_for_pieces_of_words(text, word):
    assert not part_of_a_word(text, text.rindex(word), word, LEXICON)


@pytest.mark.parametrize(
    "text",
    [
        "Can't fault this place. Re-hab - physio is good.",
        "I was dealt with promptly and courteous ly and an appointment was made.",
        "They still delivered a very high standard of care here - bravo!.",
        "Going to court and tribunals. Food",
        "I go to Darlington, James Cook, Sedgefield, Woodlands, and Bishop.",  # a list of places ends
        "Her family is in Savannah now.",  # rules 10: a known place after "in" stays
        "Summer was lovely this year.",  # a season keeps its sense
        "Food was lovely.",
        "she gave me a pat on the back",  # also English words: a name only in a person's slot
        "the coat peg fell off",
    ],
)
def test_ordinary_writing_is_kept_whole(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("met sue and dan at the group on tuesday", ["sue", "dan"]),
        ("her friend tash came to the scan with her", ["tash"]),
        ("Rang Sam today about the re-booking", ["Sam"]),
        ("staff at Darlington, Sedgefield and Sarah were kind", ["Sarah"]),  # a first name ends the list
        ("I spoke to Ann about it.", ["Ann"]),  # also a place's name: after "spoke to", a person
        ("she talked to Ann on the ward", ["Ann"]),
        ("Sue was lovely and explained everything.", ["Sue"]),  # what is said of a person, after "was"
        ("Ivy was kind to me on the ward", ["Ivy"]),
    ],
)
def test_names_in_fast_typed_notes_still_go(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert all(name not in out.split() for name in gone), out


def test_the_shipped_tagger_reads_fast_typed_copies():
    from insights.quotes import tagger as tg
    from insights.quotes import train_tagger as tt
    from insights.quotes.lexicon import RULES_VERSION

    meta = tg.Tagger().meta
    # rules 17 and 18 add steps after the tagger, the model is the same; rules 19 retrains it on 21 sets
    # (rules 20 adds a step after the tagger on the same model, rules 21 finders before it)
    assert int(RULES_VERSION) >= 16
    assert meta["fast_typed"] == tt.FAST == 1  # one fast-typed copy of each labelled note
    assert meta["sets"] == list(tt.TRAIN_SETS) and len(tt.TRAIN_SETS) == expected_training_sets(RULES_VERSION)
    assert (meta["threshold"], meta["word_threshold"]) == (tt.THRESHOLD, tt.WORD_THRESHOLD)
