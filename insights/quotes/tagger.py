"""Rules 7: a learned tagger of names and identifiers in context, on top of the rules.

The rules read a handful of words around a name; they reach 97-100% on the notes they were tuned on
but 83% on a new writer's notes. This tagger is a multinomial logistic regression over hashed
features of each word and its neighbours (+-2): the lower-cased word, its shape and case, prefix and
suffix, its membership in the project's word lists (first names, family names, everyday words,
places, medicines, clinical words, must-keep words, the English lexicon, typos, person words), the
rules' own finding on the word and spaCy's raw PERSON guess. It is trained offline on the labelled
notes in tests/fixtures/anonymise/ plus real comments with no personal details
(`python -m insights.quotes.train_tagger`) and stored as hashed weights in
data/anonymise/tagger.npz (numbers only: no pickle, loaded with allow_pickle=False).

Rules 8 add a second pass (stacking): a model over the same features plus the first pass's chances,
binned, of the token, its neighbours (+-2) and the same word elsewhere in the note, so that one
confident name lends weight to the words around it ("Mrs X Y", "X and Y came"); its training chances
are out-of-fold. And longer affixes (-preet, -ska) for words of five letters or more.

Its findings are added to the rules' findings (a union; the rules' precedence then resolves
overlaps); a word inside a must-keep term (keep_terms.txt, kent_keep.txt) is never removed by the
tagger alone. A missing or damaged weights file fails closed (AnonymiserUnavailable).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from insights.quotes import stack_cues
from insights.quotes.context_words import CONTEXT_WORDS, PLACE_NOUNS, RELATIONS, ROLES, TITLES
from insights.quotes.lexicon import (
    DATA_DIR,
    SHORTHAND,
    AnonymiserUnavailable,
    Finding,
    Lexicon,
    Lists,
    SpanIndex,
    fold_word,
    overlapped_tokens,
)

TAGGER_PATH = DATA_DIR / "tagger.npz"
#: Feature-hashing space (2**BITS buckets per class).
BITS = 18
#: The tagger's classes: "O" (not personal) and the entity each other class is tagged as.
CLASSES = ("O", "PERSON", "SOCIAL_MEDIA", "UK_ADDRESS", "SCHOOL", "EMAIL_ADDRESS", "NUMBER")
#: Labelled kinds in the corpora -> tagger class.
KIND_CLASS = {
    "NAME": "PERSON",
    "WORDNAME": "PERSON",
    "NICK": "PERSON",
    "PLACENAME": "PERSON",
    "PLACE_NAME": "PERSON",
    "TWOPART": "PERSON",
    "LABEL": "PERSON",
    "POSS": "PERSON",
    "GROUP_NAME": "PERSON",
    "HANDLE": "SOCIAL_MEDIA",
    "FACEBOOK": "SOCIAL_MEDIA",
    "SOCIAL": "SOCIAL_MEDIA",
    "STREET": "UK_ADDRESS",
    "BLOCK": "UK_ADDRESS",
    "FLATS": "UK_ADDRESS",
    "SCHOOL": "SCHOOL",
    "EMAIL": "EMAIL_ADDRESS",
    "SPELLED_EMAIL": "EMAIL_ADDRESS",
}
# everything else (phones, NHS / NI / hospital numbers, postcodes, car registrations, dates) -> NUMBER

_TOKEN = re.compile(r"[^\W_]+|\S")
#: Numbers and letters as voice-to-text writes them ("nine nine four", "the third of august").
_NUMBER_WORDS = frozenset(
    [
        "oh",
        "zero",
        "nought",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "double",
        "triple",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "thirtieth",
    ]
)
_SENTENCE_END = frozenset(".!?;:\n")


def tokens(text: str) -> list[tuple[int, int]]:
    """Word and punctuation tokens as (start, end): letters/digits runs, or one other character."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) < 2 or out[-1] != c or out[-2] != c:
            out.append(c)
    return "".join(out[:6])


def _case(word: str) -> str:
    if not word[0].isalnum():
        return "P"
    if word.isdigit():
        return "D"
    if any(ch.isdigit() for ch in word):
        return "A"
    if word.isupper():
        return "U" if len(word) > 1 else "I"
    if word.islower():
        return "L"
    return "T" if word[0].isupper() and word[1:].islower() else "M"


class Features:
    """The features of each token of a text (strings; hashed by the Tagger)."""

    #: Whether the rules' findings are features (see docs/anonymiser-rounds.md, rules 7: they are not, by measurement).
    use_rules = False

    def __init__(self, lists: Lists, lexicon: Lexicon):
        self.lists = lists
        self.lexicon = lexicon
        from spacy.lang.en.stop_words import STOP_WORDS

        self.stop = STOP_WORDS

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 -- one Features per engine, the same words recur
    def flags(self, low: str) -> tuple[str, ...]:
        """Which word lists know this (folded) word."""
        lists, lex = self.lists, self.lexicon
        if not low[:1].isalpha():
            return ()
        checks = (
            ("first", low in lists.first_names),
            ("sur", low in lists.surnames),
            ("gaz", low in lists.names),
            ("unamb", lists.unambiguous(low)),
            ("wname", low in lists.word_names),
            ("common", low in lists.common),
            ("vocab", low in lists.vocab),
            ("keep", low in lists.keep_words),
            ("clin", low in lists.clinical),
            ("eng", low in lex),
            ("stop", low in self.stop),
            ("ctx", low in CONTEXT_WORDS),
            ("role", low in ROLES),
            ("rel", low in RELATIONS),
            ("title", low in TITLES),
            ("placen", low in PLACE_NOUNS),
            ("short", low in SHORTHAND),
            ("verb", lex.verb_form(low)),
            ("numw", low in _NUMBER_WORDS),
        )
        out = tuple(name for name, hit in checks if hit)
        if not any(n in out for n in ("eng", "gaz", "vocab", "keep", "clin", "short")):
            out += ("typo",) if lex.typo(low) else ("unknown",)
        return out

    #: Rules 8: longer suffixes and prefixes (-preet, -ika, -ska, -uwa), with the word's case.
    rich = True

    def extra(self, low: str, case: str) -> list[str]:
        """Rules 8: the longer affixes of a word of 5+ letters (names share endings: -preet, -ska)."""
        if not self.rich or len(low) < 5 or not low.isalpha():
            return []
        return ["s4=" + low[-4:], "s5=" + low[-5:], "p4=" + low[:4], "s4c=" + low[-4:] + case]

    def of(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        rules: Sequence[Finding] = (),
        spacy_people: Sequence[tuple[int, int]] = (),
    ) -> list[list[str]]:
        """One list of feature strings per token."""
        words = [text[s:e] for s, e in spans]
        lows = [fold_word(w) for w in words]
        cases = [_case(w) for w in words]
        flags = [self.flags(w) for w in lows]
        letters = [c for c in text if c.isalpha()]
        upper_share = sum(c.isupper() for c in letters) / max(1, len(letters))
        mode = "U" if upper_share > 0.7 else "L" if upper_share == 0 else "N"
        rule_of = ["O"] * len(spans)
        spacy_of = [False] * len(spans)
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
        for f in rules if self.use_rules else ():
            for i in overlapped_tokens(starts, ends, f.start, f.end):
                rule_of[i] = f.entity
        for ps, pe in spacy_people:
            for i in overlapped_tokens(starts, ends, ps, pe):
                spacy_of[i] = True
        n = len(spans)
        out = []
        for i in range(n):
            w, low, case = words[i], lows[i], cases[i]
            prev_gap = text[spans[i - 1][1] : spans[i][0]] if i else ""
            start = i == 0 or words[i - 1] in _SENTENCE_END or "\n" in prev_gap
            f = [
                "b",
                "w=" + low,
                "sh=" + _shape(w),
                "c=" + case,
                "c=" + case + mode,
                "p3=" + low[:3],
                "s3=" + low[-3:],
                "s2=" + low[-2:],
                *self.extra(low, case),
                "len=" + str(min(len(w), 9)),
                "r=" + rule_of[i],
                "sp=" + str(spacy_of[i]),
                "r=" + rule_of[i] + "|sp=" + str(spacy_of[i]),
                "st=" + str(start) + case,
                "glue=" + str(not prev_gap) + str(i + 1 < n and spans[i + 1][0] == spans[i][1]),
            ]
            for fl in flags[i]:
                f.append("f=" + fl)
                f.append("f=" + fl + case)
                f.append("f=" + fl + "m" + mode)
                f.append("f=" + fl + "st" + str(start))
            for j in range(max(0, i - 3), min(n, i + 4)):
                if j != i:
                    f.append("win=" + lows[j])
            if not flags[i]:
                f.append("f=none" + case)
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n:
                    f.append(f"w{d}=" + lows[j])
                    if d in (-1, 1):
                        f.append(f"c{d}=" + cases[j])
                        f.append(f"c{d}=" + cases[j] + case)
                        f.append(f"r{d}=" + rule_of[j])
                        f.append(f"w{d}=" + lows[j] + "|" + case)
                        for fl in flags[j]:
                            f.append(f"f{d}=" + fl)
                            f.append(f"f{d}=" + fl + "|" + case)
                else:
                    f.append(f"w{d}=<edge>")
            if i + 2 < n:
                f.append("w12=" + lows[i + 1] + "|" + lows[i + 2])
            if i >= 2:
                f.append("w-21=" + lows[i - 2] + "|" + lows[i - 1])
            out.append(f)
        return out


def hash_features(feats: list[list[str]], bits: int = BITS) -> tuple[np.ndarray, np.ndarray]:
    """Bucket indices of all tokens' features, and each token's offset into them."""
    mask = (1 << bits) - 1
    known = _BUCKETS.setdefault(bits, {})
    if len(known) > _BUCKETS_LIMIT:  # a long-running server: forget them all, then start again
        known.clear()
    offsets = np.zeros(len(feats), dtype=np.int64)
    if len(feats) > 1:
        np.cumsum(np.fromiter(map(len, feats[:-1]), dtype=np.int64, count=len(feats) - 1), out=offsets[1:])
    try:  # most features recur (words, shapes, affixes): each is hashed once, then looked up
        return np.fromiter(
            map(known.__getitem__, itertools.chain.from_iterable(feats)), dtype=np.int64
        ), offsets
    except KeyError:  # features not met before: hash those, then look all up
        pass
    flat = list(itertools.chain.from_iterable(feats))
    for s in set(flat).difference(known):
        known[s] = zlib.crc32(s.encode()) & mask
    return np.fromiter(map(known.__getitem__, flat), dtype=np.int64, count=len(flat)), offsets


#: bits -> feature -> bucket, remembered (crc32 of every feature of every word was a tenth of the tagger's time).
_BUCKETS: dict[int, dict[str, int]] = {}
_BUCKETS_LIMIT = 500_000


_NUMBER_TAGS = (
    (re.compile(r"@"), "EMAIL_ADDRESS"),
    (re.compile(r"(?i)^[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}$"), "UK_POSTCODE"),
    (re.compile(r"^\+?[\d\s()-]{10,16}$"), "PHONE_NUMBER"),
    (
        re.compile(
            r"(?i)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
        ),
        "DATE_TIME",
    ),
)


class Tagger:
    """The trained weights; `find` returns the tagger's own findings for one text."""

    def __init__(self, path: Path = TAGGER_PATH):
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            self.digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        except Exception as exc:  # noqa: BLE001 -- any damage means fail closed
            raise AnonymiserUnavailable(f"the name tagger could not be loaded from {path}: {exc}") from exc
        classes = tuple(meta.get("classes", ()))
        if (
            classes != CLASSES
            or weights.shape != (1 << meta.get("bits", -1), len(CLASSES))
            or bias.shape != (len(CLASSES),)
            or not np.isfinite(weights).all()
        ):
            raise AnonymiserUnavailable(f"the name tagger in {path} does not match this code")
        self.weights = weights
        self.bias = bias
        self.stack: tuple[np.ndarray, np.ndarray] | None = None
        if meta.get("stack"):  # rules 8: the second pass, reading the first pass's chances
            try:
                with np.load(path, allow_pickle=False) as data:
                    stack = (data["weights2"].astype(np.float32), data["bias2"].astype(np.float32))
            except Exception as exc:  # noqa: BLE001 -- fail closed
                raise AnonymiserUnavailable(
                    f"the name tagger in {path} lacks its second pass: {exc}"
                ) from exc
            if (
                stack[0].shape != weights.shape
                or stack[1].shape != bias.shape
                or not np.isfinite(stack[0]).all()
            ):
                raise AnonymiserUnavailable(
                    f"the name tagger's second pass in {path} does not match this code"
                )
            self.stack = stack
        self.bits = int(meta["bits"])
        self.threshold = float(meta["threshold"])
        self.word_threshold = float(meta.get("word_threshold", 0.0))
        self.veto = (float(meta.get("veto", 0.0)), float(meta.get("veto_context", 0.0)))
        self.meta = meta

    def probabilities(self, feats: list[list[str]]) -> np.ndarray:
        """(tokens x classes) probabilities of the first pass."""
        return softmax(self.weights, self.bias, *hash_features(feats, self.bits))

    def predict(
        self, text: str, spans: Sequence[tuple[int, int]], feats: list[list[str]], both: bool = False
    ):
        """(tokens x classes) probabilities: the first pass, then (rules 8) the second pass over the
        same features plus the first pass's chances around each token (`stack_features`); with
        `both`, (first pass, final) probabilities. Each feature is hashed once: a token's score is a
        sum over its features, so the second pass adds the extra features' weights to the first's."""
        if not feats:
            empty = np.zeros((0, len(CLASSES)), dtype=np.float32)
            return (empty, empty) if both else empty
        idx, offsets = hash_features(feats, self.bits)
        probs = softmax(self.weights, self.bias, idx, offsets)
        final = probs
        if self.stack is not None:
            weights2, bias2 = self.stack
            idx_e, off_e = hash_features(stack_features(text, spans, 1.0 - probs[:, 0]), self.bits)
            scores = np.add.reduceat(weights2[idx], offsets, axis=0) + np.add.reduceat(
                weights2[idx_e], off_e, axis=0
            )
            final = _normalise(scores + bias2)
        return (probs, final) if both else final


def _normalise(scores: np.ndarray) -> np.ndarray:
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    return scores / scores.sum(axis=1, keepdims=True)


def softmax(weights: np.ndarray, bias: np.ndarray, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(tokens x classes) probabilities from hashed features (`hash_features`) and weights."""
    if len(offsets) == 0:
        return np.zeros((0, len(CLASSES)), dtype=np.float32)
    return _normalise(np.add.reduceat(weights[idx], offsets, axis=0) + bias)


def spans_from(
    text: str,
    spans: Sequence[tuple[int, int]],
    probs: np.ndarray,
    threshold: float,
    keep_spans: Sequence[tuple[int, int]] = (),
) -> list[Finding]:
    """Findings from token probabilities: runs of tokens whose chance of being personal is at least
    `threshold` (no line break inside), trimmed to letters and digits, never inside a must-keep term."""
    out: list[Finding] = []
    run: list[int] = []
    kept = SpanIndex(keep_spans)

    def close() -> None:
        if not run:
            return
        start, end = spans[run[0]][0], spans[run[-1]][1]
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start < end and not kept.overlaps(start, end):
            totals = probs[run, 1:].sum(axis=0)
            cls = CLASSES[1 + int(totals.argmax())]
            if cls == "NUMBER":
                piece = text[start:end]
                cls = next((tag for rx, tag in _NUMBER_TAGS if rx.search(piece)), "HOSPITAL_NUMBER")
            out.append(Finding(start, end, cls, "NameTagger"))
        run.clear()

    pii = 1.0 - probs[:, 0] if len(probs) else probs
    for i, (s, _e) in enumerate(spans):
        if pii[i] >= threshold:
            if run and "\n" in text[spans[run[-1]][1] : s]:
                close()
            run.append(i)
        else:
            close()
    close()
    return out


#: The first pass's chances are binned for the second pass's features: below 0.1 -> "0", ..., 0.9 or more -> "5".
_BIN_EDGES = (0.1, 0.3, 0.5, 0.7, 0.9)


def _bin(p: float) -> str:
    return str(bisect.bisect_right(_BIN_EDGES, p))


def stack_features(text: str, spans: Sequence[tuple[int, int]], pii: np.ndarray) -> list[list[str]]:
    """Rules 8, second pass: each token's features from the first pass's chances (binned) of it and of
    its neighbours ("X and Y came", "Mrs X Y"), and of the same word elsewhere in the note (a name found
    once is a name again)."""
    words = [text[s:e] for s, e in spans]
    lows = [fold_word(w) for w in words]
    cases = [_case(w) for w in words]
    top: dict[str, list[float]] = {}  # word -> [highest chance, second highest, occurrences]
    for low, p in zip(lows, pii, strict=True):
        if len(low) > 1 and low[0].isalpha():
            best = top.setdefault(low, [0.0, 0.0, 0])
            best[2] += 1
            if p > best[0]:
                best[0], best[1] = float(p), best[0]
            elif p > best[1]:
                best[1] = float(p)
    n = len(spans)
    out = []
    for i in range(n):
        case, low = cases[i], lows[i]
        own = _bin(pii[i])
        f = ["s0=" + own, "s0=" + own + case]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                b = _bin(pii[j])
                f.append(f"s{d}={b}")
                f.append(f"s{d}={b}|{case}|{own}")
                if d in (-2, 2):
                    f.append(f"s{d}={b}|{lows[i + d // 2]}|{case}")
        best = top.get(low)
        if best is not None and best[2] > 1:
            other = best[1] if pii[i] >= best[0] else best[0]
            f.append("same=" + _bin(other) + case)
            f.append("same=" + _bin(other) + "|" + own)
        out.append(f)
    if stack_cues.ENABLED:  # rules 14: cues anywhere in the sentence
        for f, more in zip(
            out, stack_cues.cue_features(lows, cases, pii, stack_cues.sentences(text, spans)), strict=True
        ):
            f.extend(more)
    return out
