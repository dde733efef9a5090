"""Rules 60: a contextual word model over what the anonymiser's rules and tagger leave.

The rules and the tagger read a few words either side of a name; on a new writer's notes they still leave about
one personal detail in fifteen, most of them names that are everyday words or nicknames ("joy said", "told
shaz"). This stage reads the whole note with a small pretrained language model and asks, for each word the engine
left, how likely it is to be a personal detail given everything around it.

- The language model is all-MiniLM-L6-v2 (sentence-transformers; Apache-2.0 weights), exported to ONNX and
  quantised to int8 (dynamic) by benchmarks/build_context_onnx.py, stored in data/minilm/ with its WordPiece
  tokenizer and run by ONNX Runtime on one thread (`insights.minilm`, shared with coding suggestions): no torch,
  nothing downloaded. Both files are checked against pinned digests before use: a changed or missing file fails
  closed (AnonymiserUnavailable).
- Each word's vector is its last-layer piece vectors averaged and normalised, plus four shape features (capital
  first letter, all lower case, all capitals, sentence start). The head is a one-hidden-layer network (256 ReLU
  units, logistic output) trained offline by `python -m insights.quotes.train_context` on the tagger's labelled
  training sets and real comments with no personal details, stored as numbers in data/anonymise/context_head.npz
  and run here in numpy.
- The stage itself (which words it may add, and when it runs) is in `insights.quotes.context_stage`.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np

from insights import minilm
from insights.quotes.lexicon import DATA_DIR, AnonymiserUnavailable

HEAD_PATH = DATA_DIR / "context_head.npz"
#: A word, as the stage (and its training) splits a note: letters and digits, with inner apostrophes.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: Word pieces per model pass (512 with the two special tokens); a longer note is read in consecutive windows.
WINDOW = 510
_SENTENCE_END = ".!?:"
#: How far back a word's sentence start is looked for (a longer run of spaces than this counts as no sentence end).
_LOOK_BACK = 200


def _flushed(weights: np.ndarray) -> np.ndarray:
    """float32 weights with subnormal values set to zero (the trained head has thousands; arithmetic on them is
    many times slower on x86, and their size, under 1.2e-38, changes no chance)."""
    w = weights.astype(np.float32)
    w[np.abs(w) < np.finfo(np.float32).tiny] = 0.0
    return w


def word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text)]


def shape_features(text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Per word: capital first letter, all lower case, all capitals (two letters or more), sentence start."""
    rows = []
    for i, (s, e) in enumerate(spans):
        w = text[s:e]
        before = text[
            max(0, s - _LOOK_BACK) : s
        ].rstrip()  # bounded: a 50,000-character text is not copied per word
        start = i == 0 or (bool(before) and before[-1] in _SENTENCE_END)
        rows.append([w[0].isupper(), w.islower(), w.isupper() and len(w) > 1, start])
    return np.array(rows, np.float32).reshape(len(spans), 4)


class ContextModel:
    """The language model and the trained head. `head=False` loads only the language model (training uses it)."""

    def __init__(
        self, head: bool = True, head_path: Path = HEAD_PATH, encoder: minilm.Encoder | None = None
    ) -> None:
        try:
            self.encoder = encoder or minilm.Encoder()
        except minilm.ModelUnavailable as exc:  # fail closed
            raise AnonymiserUnavailable(f"the contextual model cannot run: {exc}") from exc
        self.tokenizer = self.encoder.tokenizer
        self.head: dict[str, np.ndarray] | None = None
        self.threshold = 1.0
        self.meta: dict = {}
        if head:
            self._load_head(head_path)

    def _load_head(self, path: Path) -> None:
        if not path.is_file():
            raise AnonymiserUnavailable(f"the contextual model's head {path.name} is missing")
        try:
            with np.load(path, allow_pickle=False) as npz:
                self.head = {k: _flushed(npz[k]) for k in ("w1", "b1", "w2", "b2")}
                self.meta = json.loads(str(npz["meta"]))
        except (OSError, KeyError, ValueError) as exc:
            raise AnonymiserUnavailable(f"the contextual model's head cannot be read: {exc}") from exc
        self.threshold = float(self.meta["threshold"])

    def word_vectors(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """Each word's last-layer vector (its pieces averaged, then normalised); zeros for a word with no piece.

        The note is read in consecutive windows of `WINDOW` pieces (as in training); only the windows holding a piece of
        one of `spans` are run, so a long note with a few words to judge costs a few passes, not one per window."""
        out = np.zeros((len(spans), 384), np.float32)
        if not spans:
            return out
        enc = self.tokenizer.encode(text)
        ids, offsets = enc.ids[1:-1], enc.offsets[1:-1]  # without [CLS] and [SEP]: windows add their own
        if not ids:
            return out
        starts = np.array([o[0] for o in offsets])
        ends = np.array([o[1] for o in offsets])
        real = ends > starts
        pieces = [np.nonzero(real & (starts < e) & (ends > s))[0] for s, e in spans]
        states: dict[int, np.ndarray] = {}
        for window in sorted({int(p) // WINDOW for found in pieces for p in found}):
            a = window * WINDOW
            states[window] = self.encoder.last_hidden([minilm.CLS, *ids[a : a + WINDOW], minilm.SEP])[1:-1]
        for i, found in enumerate(pieces):
            if len(found):
                v = np.stack([states[int(p) // WINDOW][int(p) % WINDOW] for p in found]).mean(0)
                out[i] = v / (np.linalg.norm(v) + 1e-6)
        return out

    def features(self, text: str, spans: list[tuple[int, int]], rows: list[int] | None = None) -> np.ndarray:
        """The head's input for every word of `spans` (all the note's words, in order), or only for `rows` of them."""
        shapes = shape_features(text, spans)
        if rows is None:
            return np.hstack([self.word_vectors(text, spans), shapes])
        return np.hstack([self.word_vectors(text, [spans[i] for i in rows]), shapes[rows]])

    def chances(self, features: np.ndarray) -> np.ndarray:
        """The head's chance that each word (a row of `features`) is a personal detail."""
        h = self.head
        if h is None:
            raise AnonymiserUnavailable("the contextual model was loaded without its head")
        hidden = np.maximum(features @ h["w1"] + h["b1"], 0.0)
        z = (hidden @ h["w2"] + h["b2"])[:, 0]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def word_chances(self, text: str) -> list[tuple[int, int, float]]:
        spans = word_spans(text)
        if not spans:
            return []
        chances = self.chances(self.features(text, spans)).tolist()
        return [(s, e, p) for (s, e), p in zip(spans, chances, strict=True)]


@functools.lru_cache(maxsize=1)
def shared() -> ContextModel:
    """One loaded model per process, sharing the language model with coding suggestions."""
    try:
        encoder = minilm.shared()
    except minilm.ModelUnavailable as exc:  # fail closed
        raise AnonymiserUnavailable(f"the contextual model cannot run: {exc}") from exc
    return ContextModel(encoder=encoder)
