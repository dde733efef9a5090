"""Rules 7 and 8: the learned name tagger (rules 8: a second, stacked pass; repeated names)
(insights/quotes/tagger.py, trained by
insights/quotes/train_tagger.py, stored in data/anonymise/tagger.npz)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from insights.quotes import anonymise
from insights.quotes import tagger as tg
from insights.quotes import train_tagger as tt
from insights.quotes.lexicon import RULES_VERSION, AnonymiserUnavailable

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")
#: Feature-hashing bits for the training tests: what they check (the same model twice, the cache, the engine
#: agreeing with the script) does not depend on the size of the hashing space (the shipped model: tg.BITS = 18).
SMALL_BITS = 12


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


@pytest.fixture(scope="module")
def rules_only(engine) -> anonymise.Anonymiser:
    bare = anonymise.Anonymiser(NO_DENY_LIST, verify_model=False, tagger=None)
    return bare


def test_rules_version_and_label_name_the_tagger(engine):
    assert int(RULES_VERSION) >= 8  # rules 9 bumped it again (tests/test_anonymise_rules9.py)
    assert f"maternity rules {RULES_VERSION}" in engine.label
    assert f"tagger {engine.tagger.digest}" in engine.label


def test_shipped_model_is_numbers_only_and_loads():
    with np.load(tg.TAGGER_PATH, allow_pickle=False) as data:
        assert set(data.files) == {"weights", "bias", "meta", "weights2", "bias2"}
        assert data["weights"].dtype == data["weights2"].dtype == np.float16
    tagger = tg.Tagger()
    assert tagger.weights.shape == (1 << tg.BITS, len(tg.CLASSES))
    assert tagger.stack is not None and tagger.stack[0].shape == tagger.weights.shape
    assert 0 < tagger.threshold < 1


# notes the rules alone leave a name in, which the tagger removes (wordings not in any corpus)
CAUGHT = [
    ("PT GIFTY - WANTS HOME BIRTH", "GIFTY"),
    # rules 9: the tagger retrained with blind6 no longer lifts "with Rain," over the ordinary-word limit
    # (0.85); "Storm" in the same slot still goes. Measured, not tuned back (docs/anonymiser-rounds.md, rules 9).
    ("went through the survey with Storm, she had a c section", "Storm"),
]


@pytest.mark.parametrize(("text", "name"), CAUGHT)
def test_tagger_catches_names_the_rules_miss(engine, rules_only, text, name):
    assert name in rules_only.anonymise(text)
    out = engine.anonymise(text)
    assert name not in out
    assert "[NAME]" in out


KEPT = [
    "Saw the midwife at Darent Valley, on metformin for GDM, wants a VBAC",
    "Health visitor from the Baby Bank rang about the Fastrack clinic",
    "The consultant said the CTG was fine and the waters had gone",
    "Staff on the postnatal ward were kind but the food was cold",
    "Patience is key with feeding, may need a referral",
    "Praise given to the staff, I hope they listen next time",
]


@pytest.mark.parametrize("text", KEPT)
def test_must_keep_words_stay(engine, text):
    assert engine.anonymise(text) == text


def test_rules_findings_are_never_cut_by_the_tagger(engine, rules_only):
    texts = [
        "call back Aisling Moran 07700 900417 re PALS complaint",
        "Midwife Grace rang her on 07700 900123",
    ]
    for text in texts:
        mine = engine.find(text)
        for f in rules_only.find(text):
            assert all(
                any(g.start <= i < g.end for g in mine) for i in range(f.start, f.end) if text[i].isalnum()
            )


def test_missing_or_damaged_weights_fail_closed(tmp_path):
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(tmp_path / "absent.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(bad)
    wrong = tmp_path / "wrong.npz"
    meta = {"classes": ["O", "PERSON"], "bits": 4, "threshold": 0.5}
    tt.save(wrong, np.zeros((16, 2), np.float32), np.zeros(2, np.float32), meta)
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(wrong)
    with pytest.raises(AnonymiserUnavailable):
        anonymise.Anonymiser(NO_DENY_LIST, verify_model=False, tagger=bad)
    # rules 8: a model that says it has a second pass but lacks it (or has the wrong shape)
    full = {"classes": list(tg.CLASSES), "bits": 4, "threshold": 0.5, "stack": True}
    zeros = (np.zeros((16, len(tg.CLASSES)), np.float32), np.zeros(len(tg.CLASSES), np.float32))
    no_second = tmp_path / "no_second.npz"
    tt.save(no_second, *zeros, full)
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(no_second)
    misshapen = tmp_path / "misshapen.npz"
    tt.save(misshapen, *zeros, full, np.zeros((8, len(tg.CLASSES)), np.float32), zeros[1])
    with pytest.raises(AnonymiserUnavailable):
        tg.Tagger(misshapen)
    tt.save(misshapen, *zeros, full, *zeros)
    assert tg.Tagger(misshapen).stack is not None


def test_shipped_model_records_the_training_corpus_and_settings():
    meta = tg.Tagger().meta
    assert meta["corpus_sha"] == tt.corpus_fingerprint(), "labelled notes changed: retrain the tagger"
    assert meta["sets"] == list(tt.TRAIN_SETS)
    assert {"blind6", "blind7"} <= set(meta["sets"])  # rules 9, 10: retired from held-out duty, trained on
    assert {"blind8", "blind9"} <= set(meta["sets"])  # rules 13: retired and trained on (fourteen sets)
    assert (meta["C"], meta["threshold"], meta["px_weight"]) == (tt.C, tt.THRESHOLD, tt.PX_WEIGHT)
    assert (meta["stack"], meta["folds"]) == (tt.STACK, tt.FOLDS)


def test_px_training_text_excludes_the_reported_comments(tmp_path):
    path = tmp_path / "px.csv"
    rows = [f"comment number {i} about the ward and the staff" for i in range(12)]
    path.write_text(
        "FFT answer,Person identifiable info?\n"
        + "\n".join(f"{r}," for r in rows)
        + "\nMy name is Jo Bloggs,Y\n",
        encoding="utf-8",
    )
    assert tt.px_negatives(path, skip=10) == rows[10:]


def test_training_is_reproducible(rules_only, tmp_path, monkeypatch):
    monkeypatch.setattr(tg, "BITS", SMALL_BITS)  # the same fits on 2**12 buckets: seconds, not a minute
    rows = tt.load_set("dev3")[:12] + tt.load_set("dev4")[:12]
    prep = tt.Prepared(rules_only, [r["text"] for r in rows], rows, ["dev"] * len(rows))
    outs = []
    meta = {"classes": list(tg.CLASSES), "bits": tg.BITS, "threshold": 0.5, "stack": True}
    for n in range(2):
        weights, bias, weights2, bias2 = tt.train(prep, list(range(len(rows))), stack=True)
        path = tmp_path / f"t{n}.npz"
        tt.save(path, weights, bias, meta, weights2, bias2)
        outs.append(path.read_bytes())
    assert outs[0] == outs[1]
    tagger = tg.Tagger(tmp_path / "t0.npz")
    assert tagger.weights.any() and tagger.stack[0].any()
    # the engine's two passes give the training script's probabilities
    text = rows[0]["text"]
    spans = tg.tokens(text)
    rules, people = rules_only.rule_findings_many([text])[0]
    ours = tagger.predict(text, spans, rules_only.features.of(text, spans, rules, people))
    model = (tagger.weights, tagger.bias, *tagger.stack)
    assert np.allclose(ours, tt.model_probabilities(prep, 0, model), atol=1e-5)


def test_the_training_cache_serves_the_same_texts_numbered_otherwise(rules_only, tmp_path, monkeypatch):
    """Rules 19: a run that prepares another set first numbers the same training texts otherwise; the cached
    first stage (its out-of-fold chances) must still be the one for these texts, not fail or be misread."""
    monkeypatch.setattr(tg, "BITS", SMALL_BITS)
    rows = tt.load_set("dev3")[:10] + tt.load_set("dev4")[:10]
    extra = tt.load_set("dev4")[20:23]
    texts = [r["text"] for r in rows]
    plain = tt.Prepared(rules_only, texts, rows, ["dev"] * len(rows))
    shifted = tt.Prepared(
        rules_only,
        [r["text"] for r in extra] + texts,
        extra + rows,
        ["other"] * len(extra) + ["dev"] * len(rows),
    )
    cache = tmp_path / "cache"
    first = tt.train_cached(plain, list(range(len(rows))), tt.C, True, cache)
    again = tt.train_cached(shifted, list(range(len(extra), len(extra) + len(rows))), tt.C, True, cache)
    fresh = tt.train(plain, list(range(len(rows))), stack=True)
    for a, b, c in zip(first, again, fresh, strict=True):
        assert np.array_equal(a, b) and np.array_equal(a, c)


@pytest.mark.skipif(
    not os.environ.get("PXTEXTMINING_CSV"), reason="needs the pxtextmining CSV (outside the repo)"
)
def test_shipped_model_is_the_training_scripts_output(tmp_path):
    out = tmp_path / "tagger.npz"
    tt.main(["--px", os.environ["PXTEXTMINING_CSV"], "--out", str(out)])
    assert out.read_bytes() == tg.TAGGER_PATH.read_bytes()
    assert json.loads(bytes(np.load(out)["meta"]).decode())["px_comments"] > 0


def test_fit_with_only_two_classes_gives_scikit_learns_probabilities():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    x = sparse.random(40, 2**tg.BITS, density=1e-4, random_state=0, format="lil", dtype=np.float32)
    x[:20, 7] = 1.0
    x = x.tocsr()
    y = np.array([0] * 20 + [3] * 20)
    w = np.ones(40)
    weights, bias = tt.fit(x, y, w)
    model = LogisticRegression(C=tt.C, max_iter=300, solver="lbfgs", tol=1e-5).fit(x, y, sample_weight=w)
    scores = x @ weights + bias
    ours = np.exp(scores - scores.max(axis=1, keepdims=True))
    ours /= ours.sum(axis=1, keepdims=True)
    assert np.allclose(ours[:, [0, 3]], model.predict_proba(x), atol=2e-3)
    assert ours[:, [1, 2]].max() < 1e-6  # classes never seen stay impossible


# rules 8: a name found once in a note is removed wherever else the note spells it the same way
REPEATED = [
    ("Present: Kerry Ashdown, Joy, Mrs Patel. Joy agreed the wait was long.", "Joy"),
    ("Mrs Oduya rang. Later Oduya said the ward was loud", "Oduya"),
]


@pytest.mark.parametrize(("text", "name"), REPEATED)
def test_a_name_found_once_is_removed_everywhere_in_the_note(engine, text, name):
    out = engine.anonymise(text)
    assert name not in out, out


def test_repeated_names_spare_ordinary_lower_case_words_and_must_keep_terms(engine):
    def repeat(text, name, keep=()):
        start = text.index(name)
        found = [anonymise.Finding(start, start + len(name), "PERSON", "test")]
        return [text[f.start : f.end] for f in engine._repeat_names(text, found, list(keep))]

    assert repeat("Dr Hope said there is hope, and Hope agreed", "Hope") == ["Hope", "Hope"]
    text = "Mrs Valley rang; Darent Valley was busy"
    keep = [(m.start(), m.end()) for m in engine.lists.keep_pattern.finditer(text)]
    assert keep, "Darent Valley is a must-keep term"
    assert repeat(text, "Valley", keep) == ["Valley"]
    assert repeat("Told her Kerry; kerry and KERRY are other spellings", "Kerry") == ["Kerry"]
    assert repeat("midwife said the midwife was kind", "midwife") == ["midwife"]  # a context word
