"""Anonymiser rules version 13: the name tagger retrained on fourteen sets with lower-cased, name-swapped
copies of its training notes (insights/quotes/augment.py), and a guard on the tagger alone for everyday
words naming things (insights/quotes/tagger_guards.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise, augment, tagger, tagger_guards
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def test_version(engine):
    assert int(RULES_VERSION) >= 13  # rules 14 bumped it again (tests/test_anonymise_rules14.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label
    assert {"blind8", "blind9"} <= set(engine.tagger.meta["sets"])


@pytest.mark.parametrize(
    ("text", "word", "thing"),
    [
        ("lily and poppy flowers on the windowsill", "lily", True),
        ("lily and poppy flowers on the windowsill", "poppy", True),
        ("bought Daisy, Rose & Iris seeds at the market", "Daisy", True),
        ("a daisy chain for the baby", "daisy", True),
        ("lily and poppy (twins) both poorly", "lily", False),
        ("lily and Kasia flowers", "lily", False),  # a name of no dictionary in the list
        ("spoke to poppy about the flowers", "poppy", False),
        ("Kasia flowers", "Kasia", False),
    ],
)
def test_thing_words(engine, text, word, thing):
    start = text.index(word)
    assert tagger_guards.thing_words(text, start, start + len(word), engine._everyday) is thing


def test_thing_guard_is_in_merge(engine):
    """The tagger alone never removes "poppy" before "flowers", whatever its chance; the same chance on a
    name with no thing after it is kept as a finding."""
    import numpy as np

    for text, gone in [("poppy flowers on the sill", False), ("poppy rang on the sill", True)]:
        spans = tagger.tokens(text)
        probs = np.zeros((len(spans), 7), dtype=np.float32)
        probs[:, 0] = 1.0
        probs[0] = [0.0, 1.0, 0, 0, 0, 0, 0]
        found = engine.merge_tagged(text, spans, probs, [], 0.4, word_threshold=0.0, first=probs)
        assert any(f.start == 0 for f in found) is gone, text


def test_lowered_copy_keeps_spans():
    row = {"text": "Kasia rang HV", "pii": [[0, 5, "NAME"]], "keep": [[11, 13, "ROLE"]]}
    low = augment.lowered(row)
    assert low["text"] == "kasia rang hv" and low["pii"] == row["pii"] and low["keep"] == row["keep"]
    assert augment.lowered({"text": "all lower", "pii": [], "keep": []})["text"] == "all lower"
    odd = {"text": "İpek rang", "pii": [[0, 4, "NAME"]], "keep": []}  # lower case would move the spans
    assert augment.lowered(odd) is odd


def test_word_share_swaps_names_for_everyday_words():
    eng = anonymise.Anonymiser(NO_DENY_LIST, tagger=None)
    plain = augment.Swapper(eng.lists, eng.lexicon)
    mixed = augment.Swapper(eng.lists, eng.lexicon, word_share=1.0)
    row = {"text": "Kasia rang", "pii": [[0, 5, "NAME"]], "keep": []}
    for seed in range(5):
        assert mixed.copy(row, seed)["text"].split()[0].lower() in mixed.word_names
        assert plain.copy(row, seed)["text"].split()[0].lower() not in plain.word_names


def test_retrained_tagger_reads_initials_in_a_slot(engine):
    """Rules 13's model (fourteen sets, blind8's and blind9's handovers and minutes among them) removes
    initials in who-does-what slots by itself, with the rules 10-12 steps that catch them switched off
    (rules 12's model left "RB" and "GW" to the steps)."""
    off = anonymise.Anonymiser(NO_DENY_LIST)
    for step in ("initials", "list_initials", "speaker_initials"):
        setattr(off, step, False)
    for text, gone in [
        ("ACTION: KW to phone the family hub", "KW"),
        ("Handover Leanne -> GW: the mosque wants leaflets in Urdu.", "GW"),
    ]:
        assert gone not in off.anonymise(text), text
