"""Marks 2 (issue 10): what Quote review marks for the reviewer's eye. The anonymiser's learned tagger
reads the anonymised text again and every word it half-suspects is marked; words that are plainly not
names (the stem before "n't", acronyms of services, a number typed against a word) are no longer
marked. Wordings are this file's own, not the corpora's."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from insights.quotes import suspects


def reasons(engine, text: str) -> dict[str, str]:
    return {s.word: s.reason for s in engine.suspects(engine.anonymise(text))}


# --- the pure pieces ---------------------------------------------------------------------------------


def test_model_suspects_keep_words_at_or_above_the_chance():
    text = "Kit came with [NAME] at 10 and Dr Bo, p.m."
    words = ["Kit", "came", "NAME", "10", "Dr", "Bo", "p"]
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    chances = [0.5, 0.05, 0.9, 0.9, 0.9, 0.1, 0.9]
    kinds = ["PERSON", "PERSON", "PERSON", "NUMBER", "PERSON", "SCHOOL", "PERSON"]
    found = suspects.model_suspects(text, spans, chances, kinds, threshold=0.1)
    # "came" is below the chance; the tag, the number, the title and the lone lower-case letter never count
    assert [(s.word, s.reason) for s in found] == [("Kit", "may be a name"), ("Bo", "may be a school")]


def test_combined_leaves_an_overlap_to_the_word_checks():
    first = [suspects.Suspect(0, 3, "Kit", "capitalised word")]
    second = [suspects.Suspect(0, 3, "Kit", "may be a name"), suspects.Suspect(9, 11, "Bo", "may be a name")]
    assert [(s.word, s.reason) for s in suspects.combined(first, second)] == [
        ("Kit", "capitalised word"),
        ("Bo", "may be a name"),
    ]


# --- the word checks: fewer marks on plain words -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "She didn't get a call back and the ward wasn’t told.",
        "My CPN was lovely and the COPD nurse came twice.",
        "The ambulance came in 10minutes and the 1hour wait was fine.",
        "NHS111 sent an ambulance and aciclovir800 was prescribed.",
        "dont know why it took so long, ok now",
    ],
)
def test_plain_words_are_not_marked(no_deny_list_engine, text):
    assert suspects.find_suspects(text, no_deny_list_engine.vocabulary) == []


@pytest.mark.parametrize("token", ["D1234567", "NHS9434765919", "KU19", "no2570"])
def test_reference_like_numbers_stay_marked(no_deny_list_engine, token):
    found = suspects.find_suspects(f"her ref is {token} on the letter", no_deny_list_engine.vocabulary)
    assert [(s.word, s.reason) for s in found] == [(token, "reference-like number")]


# --- the tagger's half-suspicions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # rules 31 removes "Destiny txt'd: ..." (a name opening a sentence before a person's verb); rules 52 "Destiny:
        # bp up again" (a heading before a woman's record); "hope" is a verb too, so no heading rule takes it
        ("Hope: bp up again and nobody explained the new dose", "Hope"),
        ("I do not want the man who is Ginger to come to my home again", "Ginger"),
        ("Sage - home birth cancelled on the day, no staff", "Sage"),
    ],
)
def test_a_name_the_anonymiser_left_is_marked(no_deny_list_engine, text, word):
    assert no_deny_list_engine.anonymise(text).count(word) == 1  # left in by the anonymiser ...
    assert reasons(no_deny_list_engine, text)[word] == "may be a name"  # ... but marked for the reviewer


@pytest.mark.parametrize(
    "text",
    [
        "the midwife was kind and the scan was fine",
        "Waited four hours in triage with no water and nobody checked on me.",
        "The birth centre was calm and the staff listened to what I wanted.",
        # very common lower-case words the tagger half-suspects are not marked (PLAIN_ZIPF)
        "nobody told her what was going on when they took her son away",
        "She had a great midwife until she moved house and then it was someone new every time",
    ],
)
def test_plain_notes_carry_no_mark(no_deny_list_engine, text):
    assert no_deny_list_engine.suspects(no_deny_list_engine.anonymise(text)) == []


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Rissa 3, V passed.", ["V"]),
        ("V didn't want to score, just listened", ["V"]),
        ("spoke to her twice, K said no", ["K"]),
        ("and J rang back", ["J"]),
        # capitals that are no initial
        ("vitamin D was low at booking", []),
        ("Plan B is to go to the birth centre", []),
        ("bay B was full so she waited", []),
        ("A was fine", []),
        ("I was fine after", []),
        ("the A&E said it can last 2 weeks", []),
        ("Q: was it ok", []),
    ],
)
def test_a_lone_initial_before_a_persons_verb_is_marked(no_deny_list_engine, text, initials):
    """Marks 3: an initial standing for a name ("V passed") is marked, whatever the model thinks of it; a
    capital that is a vitamin, a plan, a bay, "A&E" or a label is not."""
    found = suspects.find_suspects(text, no_deny_list_engine.vocabulary)
    assert [s.word for s in found if s.reason == "may be an initial"] == initials


def test_without_the_tagger_only_the_word_checks_run(no_deny_list_engine, monkeypatch):
    monkeypatch.setattr(no_deny_list_engine, "tagger", None)
    text = "Sage - home birth cancelled on the day, no staff (check again)"
    assert no_deny_list_engine._model_suspects(text) == []


# --- the benchmark's counting (benchmarks/anonymise_eval.py --highlights) ------------------------------


def _evaluation():
    spec = importlib.util.spec_from_file_location(
        "anonymise_eval", Path(__file__).resolve().parents[1] / "benchmarks" / "anonymise_eval.py"
    )
    evaluation = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluation)
    return evaluation


def test_highlights_counts_missed_details_and_marked_notes(no_deny_list_engine):
    rows = [
        # "Sage" is left in and marked
        {"text": "Sage - home birth cancelled on the day, no staff", "pii": [[0, 4, "WORDNAME"]], "keep": []},
        # removed, so no missed detail
        {"text": "midwife Sarah was kind", "pii": [[8, 13, "NAME"]], "keep": []},
        # a missed detail nothing marks ("the" is labelled here only for that)
        {"text": "the scan was fine", "pii": [[0, 3, "NICK"]], "keep": []},
    ]
    result = _evaluation().highlights(no_deny_list_engine, rows)
    assert result["missed"] == 2 and result["marked"] == 1
    assert result["by_kind"] == {"NICK": (0, 1), "WORDNAME": (1, 1)}
    assert result["notes_marked"] == 1 and result["notes"] == 3


# --- real comments with no personal details (pxtextmining, MIT; kept outside the repository) ----------

PX = Path(os.environ.get("PXTEXTMINING_CSV", "/tmp/px_v6.csv"))


@pytest.mark.skipif(
    not PX.is_file(), reason="pxtextmining v6framework CSV not available (set PXTEXTMINING_CSV)"
)
def test_few_real_comments_carry_a_mark(no_deny_list_engine):
    evaluation = _evaluation()
    texts = evaluation.px_comments(PX)
    marked = evaluation.marked_share(no_deny_list_engine, texts)
    # marks 2: 75 of 1,500 (5.0%; before: 120, 8.0%). The tagger retrained on forty-two sets (rules 55) marks 97, the
    # one retrained for rules 63 94 (6.3%). A higher MODEL_CHANCE would mark fewer (0.15: 88, 0.2: 83) but would also
    # unmark personal details the anonymiser missed (on the tuning sets 1,081 of 1,205 marked at 0.1, 1,072 at 0.15,
    # 1,067 at 0.2; 7 Dec 2026), so the reviewer's safety net keeps 0.1 and this guard is 6.5%.
    assert marked <= 0.065 * len(texts), marked
