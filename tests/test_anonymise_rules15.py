"""Anonymiser rules 15 (issue 10): blind12 (held out for rules 14, scored once) is retired from held-out duty;
its leaks are printed by benchmarks/anonymise_eval.py (UNTRAINED until a model trained on it ships), and the
thirteenth writer's blind13 is the held-out set."""

from __future__ import annotations

from insights.quotes import train_tagger as tt
from tests.conftest import expected_training_sets


def test_blind12_is_retired_and_blind13_is_held_out():
    import benchmarks.anonymise_eval as ev

    # the 13th to 15th writers, (since rules 27) the 22nd, (since rules 29) the 23rd, (since rules 30) the 26th, (since
    # rules 31) the 28th, (since rules 32) the 30th, and the 32nd, 34th, 36th, (since rules 36) 38th, (since
    # rules 37) 40th and (since rules 38) 42nd and (since rules 41) 46th and (since rules 53) 58th: only the
    # lead scores them, and no tagger trains on them
    assert {
        "blind13",
        "blind14",
        "blind15",
        "blind22",
        "blind23",
        "blind26",
        "blind28",
        "blind30",
        "blind32",
        "blind34",
        "blind36",
        "blind38",
        "blind40",
        "blind42",
        "blind44",
        "blind46",
        "blind48",
        "blind50",
        "blind52",
        "blind54",
        "blind56",
        "blind58",  # rules 53
        "blind59",  # rules 54
        "blind61",  # rules 55
        "blind64",  # rules 56
        "blind66",  # rules 57
        "blind68",  # rules 58
        "blind70",  # rules 59
        "blind72",  # rules 69
        "blind74",  # rules 70
    } == set(ev.BLIND)
    assert not set(ev.BLIND) & set(tt.TRAIN_SETS)
    # rules 18's tuning set (written blind, then its leaks read), rules 19's three new writers and rules 20's two:
    # trained on
    assert {"blind16", "blind17", "blind18", "blind19", "blind20", "blind21"} <= set(tt.TRAIN_SETS)
    assert "blind12" not in ev.BLIND
    assert "blind12" in ev.UNTRAINED or "blind12" in tt.TRAIN_SETS  # retired: scored with its leaks
    assert not set(ev.UNTRAINED) & set(tt.TRAIN_SETS)


def test_a_fast_typed_copy_lowers_title_case_words_and_keeps_acronyms():
    from insights.quotes.augment import fast_typed

    row = {
        "text": "Board: b1 Shaz O'Neill ?SROM, CTG ok. Seen Tuesday at Darent Valley by Dr Okafor's team, McDonald House",
        "pii": [[10, 14, "NICK"]],
        "keep": [[30, 33, "CLINICAL"]],
    }
    out = fast_typed(row)
    assert (
        out["text"]
        == "board: b1 shaz o'neill ?SROM, CTG ok. seen tuesday at darent valley by dr okafor's team, mcdonald house"
    )
    assert len(out["text"]) == len(row["text"])  # spans stay where they were
    assert out["pii"] == row["pii"] and out["keep"] == row["keep"]
    assert out["text"][10:14] == "shaz" and out["text"][30:33] == "CTG"
    assert (
        fast_typed({"text": "already fast typed, CTG ok", "pii": []})["text"] == "already fast typed, CTG ok"
    )


def test_fast_typed_training_copies_are_made_only_when_asked():
    from insights.quotes.anonymise import Anonymiser

    engine = Anonymiser(tt.NO_DENY_LIST, tagger=None)
    plain = tt.prepare_all(engine, ("dev",), None, fast=0)
    fast = tt.prepare_all(engine, ("dev",), None, fast=1)
    extra = [k for k in range(len(fast.texts)) if k in fast.copies]
    assert len(plain.texts) < len(fast.texts) == len(plain.texts) + len(extra)
    # every copy is its note (names swapped) typed fast: no title-case word is left in it
    import re

    assert all(not re.search(r"\b[A-Z][a-z]+\b", fast.texts[k]) for k in extra)


def test_the_shipped_tagger_is_trained_on_seventeen_sets():
    from insights.quotes import tagger as tg
    from insights.quotes.lexicon import RULES_VERSION

    meta = tg.Tagger().meta
    assert int(RULES_VERSION) >= 15  # rules 16 ships the same seventeen sets with fast-typed copies
    assert "blind12" in tt.TRAIN_SETS and len(tt.TRAIN_SETS) == expected_training_sets(RULES_VERSION)
    assert meta["sets"] == list(tt.TRAIN_SETS)
    assert (meta["augment"], meta["lower"]) == (0, 0)  # the lowered copies: measured, not shipped
