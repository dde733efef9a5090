"""Anonymiser rules 14 (issue 10): the tagger trained on sixteen sets (blind10 and blind11 retired), the
thing-words guard for a span that ends in the thing noun, sentence-level cues for the second pass
(insights/quotes/stack_cues.py) and the training cache of the first stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from insights.quotes import anonymise, stack_cues, tagger_guards
from insights.quotes import tagger as tg
from insights.quotes import train_tagger as tt
from insights.quotes.lexicon import RULES_VERSION

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")
#: Feature-hashing bits for the training tests: what they check (the same model twice, the cache, the engine
#: agreeing with the script) does not depend on the size of the hashing space (the shipped model: tg.BITS = 18).
SMALL_BITS = 12


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def test_blind10_and_blind11_are_retired_and_trained_on(engine):
    import benchmarks.anonymise_eval as ev

    assert int(RULES_VERSION) >= 14  # rules 15 bumped it again (tests/test_anonymise_rules15.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label
    assert {"blind10", "blind11"} <= set(tt.TRAIN_SETS)
    assert not {"blind10", "blind11"} & ev.BLIND
    assert engine.tagger.meta["sets"] == list(tt.TRAIN_SETS)
    assert engine.tagger.meta.get("cues", False) is stack_cues.ENABLED  # the model and the code agree


@pytest.mark.parametrize(
    ("text", "piece", "thing"),
    [
        ("lily and poppy flowers on the windowsill", "poppy flowers", True),
        ("lily and poppy flowers on the windowsill", "lily and poppy flowers", True),
        ("she brought rose bushes", "rose bushes", True),
        ("Kasia flowers on the sill", "Kasia flowers", False),  # a name no dictionary knows
        ("poppy rang about the flowers", "poppy rang", False),  # no thing noun ends it
        ("rose bushes", "rose", True),  # rules 13's case: the noun after the span
    ],
)
def test_thing_words_span_ending_in_the_noun(engine, text, piece, thing):
    start = text.index(piece)
    assert tagger_guards.thing_words(text, start, start + len(piece), engine._everyday) is thing


def test_sentence_cues_reach_past_the_window():
    text = "Kez from the new group said she was fine. Amara came"
    spans = tg.tokens(text)
    pii = np.zeros(len(spans))
    feats = stack_cues.cue_features(
        [text[s:e].lower() for s, e in spans],
        [tg._case(text[s:e]) for s, e in spans],
        pii,
        stack_cues.sentences(text, spans),
    )
    words = [text[s:e] for s, e in spans]
    kez = feats[words.index("Kez")]
    assert "sc=group>|T|0" in kez and "sc=say>|T|0" in kez
    assert not any(f.startswith("sc=") for f in feats[words.index("said")])  # nothing further off
    assert not any("say" in f for f in feats[words.index("Amara")])  # "said" is in the sentence before
    assert feats[words.index(".")] == []


def test_stack_features_add_cues_only_when_enabled(monkeypatch):
    text = "Kez from the new group said she was fine"
    spans = tg.tokens(text)
    pii = np.linspace(0, 1, len(spans))
    monkeypatch.setattr(stack_cues, "ENABLED", False)
    plain = tg.stack_features(text, spans, pii)
    monkeypatch.setattr(stack_cues, "ENABLED", True)
    cued = tg.stack_features(text, spans, pii)
    assert not any(f.startswith(("sc=", "smax=")) for fs in plain for f in fs)
    assert [f[: len(p)] for f, p in zip(cued, plain, strict=True)] == plain
    assert any(f.startswith("sc=") for f in cued[0])


def test_train_cached_reuses_the_first_stage(tmp_path, monkeypatch):
    """The cached model equals a fresh one; a second-pass change (the cues) trains the second pass alone."""
    monkeypatch.setattr(tg, "BITS", SMALL_BITS)  # the same fits on 2**12 buckets: seconds, not half a minute
    eng = anonymise.Anonymiser(NO_DENY_LIST, tagger=None)
    rows = [
        {"text": "Kasia rang the ward", "pii": [[0, 5, "NAME"]], "keep": []},
        {"text": "spoke to Bex from the group", "pii": [[9, 12, "NAME"]], "keep": []},
        {"text": "the ward was busy today", "pii": [], "keep": []},
        {"text": "Amara said the midwife was kind", "pii": [[0, 5, "NAME"]], "keep": []},
        {"text": "no one rang back", "pii": [], "keep": []},
        {"text": "Jade and Tom came", "pii": [[0, 4, "NAME"], [9, 12, "NAME"]], "keep": []},
    ]
    prep = tt.Prepared(eng, [r["text"] for r in rows], rows, ["dev"] * len(rows))
    keep = list(range(len(rows)))
    monkeypatch.setattr(stack_cues, "ENABLED", False)
    fresh = tt.train(prep, keep, tt.C, True)
    cached = tt.train_cached(prep, keep, tt.C, True, tmp_path)
    again = tt.train_cached(prep, keep, tt.C, True, tmp_path)
    for a, b, c in zip(fresh, cached, again, strict=True):
        assert np.array_equal(a, b) and np.array_equal(b, c)
    assert len(list(tmp_path.glob("stage1_*.npz"))) == 1
    monkeypatch.setattr(stack_cues, "ENABLED", True)
    calls = []
    real_fit = tt.fit
    monkeypatch.setattr(tt, "fit", lambda *a, **k: calls.append(1) or real_fit(*a, **k))
    cued = tt.train_cached(prep, keep, tt.C, True, tmp_path)
    assert len(calls) == 1  # the second pass alone
    assert np.array_equal(cued[0], fresh[0]) and len(list(tmp_path.glob("second_*.npz"))) == 2


def test_tagger_alone_keeps_a_street_that_places_a_venue(engine):
    """The sixteen-set model takes "Clarence Place" after "the mosque on" as an address by itself; the tagger
    alone now keeps a street that places a venue, as the address rules do; a home on a street still goes."""
    text = "the mosque on Clarence Place runs a mums group"
    spans = tg.tokens(text)
    probs = np.zeros((len(spans), len(tg.CLASSES)), dtype=np.float32)
    probs[:, 0] = 1.0
    street = [i for i, (s, _e) in enumerate(spans) if text[s:_e] in ("Clarence", "Place")]
    probs[street] = [0.0, 0.0, 0.0, 1.0, 0, 0, 0]
    found = engine.merge_tagged(text, spans, probs, [], 0.4, word_threshold=0.0, first=probs)
    assert not found
    assert engine.anonymise("flat above the chippy on Spital Street") == "flat above the chippy on [ADDRESS]"
    assert engine.anonymise(text) == text
