"""The anonymiser's speed-ups (issue 10) give exactly what the code they replace gave: the plain-token
Doc the rules read, the feature hashing, the lemma-rule look-up by ending and the remembered must-keep
spans. (The figures: benchmarks/anonymise_eval.py --speed; no timing is asserted here.)"""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import numpy as np
import pytest

from insights.quotes import anonymise, tagger
from insights.quotes.recognisers import LightDoc

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")
TEXTS = [
    "Midwife Sarah said 2 weeks, then Dr. O'Neill rang 07700 900123 at 10.30!",
    "  hiya its jade\n\nmy mum - Rosa - came (twice) to St Mary's; 3rd baby due 14/03/2024",
    "",
    "ONE TWO three  four’s didn't",
    "Siobhán 👶🏽 came 2nd; Zoë’s nan (née Łukasz) rang\t\u00a0twice 🎉 £20",
]


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


@pytest.mark.parametrize("text", TEXTS)
def test_light_doc_reads_as_the_spacy_doc(engine, text):
    doc = engine.nlp(text)
    light = LightDoc(doc)
    assert light.text == doc.text and len(light) == len(doc)
    for tok, real in zip(light, doc, strict=True):
        for name in ("text", "idx", "i", "is_stop", "is_punct", "is_space", "like_num", "ent_type_"):
            assert getattr(tok, name) == getattr(real, name), (name, real.text)
            assert type(getattr(tok, name)) is type(getattr(real, name)), name
        assert tok.doc is light and light[tok.i] is tok
    if len(doc):
        assert light[-1].text == doc[-1].text
        assert [t.text for t in light[1:3]] == [t.text for t in doc[1:3]]
        assert light[0].is_alpha == doc[0].is_alpha  # any other attribute: read from spaCy's token


def _hash_reference(feats, bits):
    """The loop hash_features replaced."""
    mask = (1 << bits) - 1
    idx, offsets = [], []
    for token_feats in feats:
        offsets.append(len(idx))
        idx.extend(zlib.crc32(s.encode()) & mask for s in token_feats)
    return np.asarray(idx, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


@pytest.mark.parametrize("seed", range(5))
def test_hash_features_as_the_loop(seed):
    rnd = random.Random(seed)
    pool = [f"w={rnd.choice('abcdefgh')}{k}" for k in range(40)] + ["b", "sp=False", "f=firstL"]
    feats = [[rnd.choice(pool) for _ in range(rnd.randint(0, 12))] for _ in range(rnd.randint(0, 30))]
    for bits in (tagger.BITS, 10):
        got, want = tagger.hash_features(feats, bits), _hash_reference(feats, bits)
        assert got[0].dtype == want[0].dtype == np.int64 and got[1].dtype == np.int64
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_lemma_rules_by_ending_as_every_rule(engine):
    lex = engine.lexicon
    words = sorted(lex.words)[::97]
    tails = ("", "s", "es", "ing", "ed", "er", "est", "ies", "ves", "'s", "n't", "”", "ches", "xes")
    candidates = [w + t for w in words for t in tails] + [w[:-1] + t for w in words for t in tails]
    candidates += ["", "s", "ing", "'s", "a”"]
    hits = 0
    for w in candidates:
        every_rule = any(
            w.endswith(old) and w[: len(w) - len(old)] + new in lex.words for old, new in lex.rules
        )
        assert lex._inflection(w) == every_rule, w
        hits += every_rule
    assert 0 < hits < len(candidates)


def test_keep_spans_remembered_and_fresh(engine):
    text = "Seen at the Baby Bank and the Ronald McDonald House, then the baby bank again"
    want = [(m.start(), m.end()) for m in engine.lists.keep_pattern.finditer(text)]
    first = engine._keep_spans(text)
    assert first == want and len(want) >= 2
    first.append((0, 1))  # a caller changing its list changes no other caller's
    assert engine._keep_spans(text) == want


def test_typo_candidates_without_folding_as_with(engine):
    """Lexicon._typo reads lower-case ASCII candidates without fold_word: the same answer as `in`."""
    lex = engine.lexicon
    rnd = random.Random(7)
    words = sorted(lex.words)[::211]
    candidates = [w[:k] + c + w[k + 1 :] for w in words if w.isascii() for k in range(len(w)) for c in "aes"]
    candidates += ["".join(rnd.choice("abcdeilnorst") for _ in range(rnd.randint(1, 9))) for _ in range(3000)]
    for c in candidates:
        assert (c in lex.words or lex._inflection(c)) == (c in lex), c
    assert lex.typo("reffered") and lex.typo("Thankyou") and not lex.typo("kasia") and not lex.typo("Okafor")
