"""Rules 11: more training notes for the name tagger, by swapping each labelled name for another.

A labelled note ({"text", "pii": [[start, end, kind]], "keep": [...]}) is copied with every word of
its people's names replaced by a name of the same sort from the project's lists, in the case pattern
of the original ("MERCY" -> "OLUWASEUN", "sky" -> "fern", "Fern" -> "Wren"), the same name in a note
always replaced by the same one, and the spans moved with the text. The earlier corpora reuse a few
names (sarita, deeqa, kasia ...); trained on the copies, the tagger has to learn a name's slot and
context rather than the names it has seen (docs/anonymiser-rounds.md, rules 11, for what it measured).

- NAME, TWOPART, LABEL, POSS, GROUP_NAME, FACEBOOK: each word of the span (not a title, nor "mum",
  "of", a digit ...) -> a name that is no English word, half the time from the project's own first-
  and family-name lists, half from all the names lists (Faker's too); a word of one letter (an
  initial) -> another capital.
- WORDNAME: -> a name that is also an everyday word (the lists' word_names: hope, storm, bear ...).
- NICK: initials ("JB", "K.") -> other capitals; a nickname -> the first three or four letters of a
  name of the lists.

Places written as names (PLACENAME, PLACE_NAME), addresses, schools, numbers and handles are left as
they are. Deterministic: a seeded generator per copy.

Rules 13 (`Swapper(word_share=...)`, `lowered`): a share of the other names become everyday-word names
too ("Kasia" -> "hope"), so a name's slot, not its spelling, has to tell the model; and a copy may be
written wholly in lower case, as fast-typed notes are, so the model cannot lean on a capital letter.
"""

from __future__ import annotations

import random
import re

from insights.quotes.context_words import TITLES
from insights.quotes.lexicon import fold_word

SWAP_KINDS = frozenset({"NAME", "TWOPART", "LABEL", "POSS", "GROUP_NAME", "FACEBOOK", "WORDNAME", "NICK"})
_WORD = re.compile(r"[^\W\d_]+")
#: Words inside a name's span that are not the name ("Amira Haddad Mum of 3", "Mrs May Ansah").
_NOT_NAME = frozenset(
    {"mum", "mom", "mama", "mummy", "dad", "of", "and", "the", "baby", "bump", "s", "x", "xx"}
)


def _cased(new: str, old: str) -> str:
    """`new` in the case pattern of `old`."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old.islower():
        return new.lower()
    if old[:1].isupper():
        return new[:1].upper() + new[1:].lower()
    return new


class Swapper:
    """Name pools from the anonymiser's lists (`lists`: lexicon.Lists after with_lexicon; `lexicon`)."""

    def __init__(self, lists, lexicon, word_share: float = 0.0):
        self.word_share = word_share
        names = sorted(
            w
            for w in lists.names
            if w.isalpha() and 3 <= len(w) <= 12 and w not in lexicon and w not in lists.common
        )
        self.names = names
        curated = sorted(w for w in lists.first_names | lists.surnames if w.isalpha() and w not in lexicon)
        self.curated = curated or names
        self.word_names = sorted(w for w in lists.word_names if w.isalpha() and 3 <= len(w) <= 10)
        self.short = [w for w in names if 4 <= len(w) <= 7]

    def _new(self, rng: random.Random, word: str, kind: str) -> str:
        if len(word) == 1 or (kind == "NICK" and word.isupper() and len(word) <= 3):
            return "".join(rng.choice("ABCDEFGHJKLMNPRSTW") for _ in word)
        if kind == "WORDNAME" or (self.word_share and rng.random() < self.word_share):
            return rng.choice(self.word_names)
        if kind == "NICK":
            return rng.choice(self.short)[: rng.choice((3, 4))]
        return rng.choice(self.curated if rng.random() < 0.5 else self.names)

    def copy(self, row: dict, seed: int) -> dict:
        """`row` with its people's names swapped (offsets of every span moved along)."""
        rng = random.Random(seed)
        text = row["text"]
        chosen: dict[tuple[str, str], str] = {}
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
        for start, end, kind in sorted(row["pii"]):
            if kind not in SWAP_KINDS:
                continue
            for m in _WORD.finditer(text, start, end):
                word = m.group(0)
                folded = fold_word(word)
                if (
                    folded in TITLES
                    or folded in _NOT_NAME
                    or any(s < m.end() and m.start() < e for s, e, _ in edits)
                ):
                    continue
                if m.start() > 0 and text[m.start() - 1] in "'’" and folded == "s":
                    continue
                key = (folded, "WORDNAME" if kind == "WORDNAME" else "NICK" if kind == "NICK" else "NAME")
                if key not in chosen:
                    chosen[key] = self._new(rng, word, key[1])
                edits.append((m.start(), m.end(), _cased(chosen[key], word)))
        if not edits:
            return row
        edits.sort()
        parts, shifts, last, delta = [], [], 0, 0
        for s, e, new in edits:
            parts.append(text[last:s])
            parts.append(new)
            shifts.append((s, e, delta, delta + len(new) - (e - s)))
            delta += len(new) - (e - s)
            last = e
        parts.append(text[last:])

        def move(pos: int, is_end: bool) -> int:
            shift = 0
            for s, e, before, after in shifts:
                if pos >= e or (is_end and pos > s):
                    shift = after
                    if pos < e:  # an end inside a replaced word: the end of the new word
                        return e + after
                elif pos >= s:  # a start inside a replaced word: the start of the new word
                    return s + before
                else:
                    break
            return pos + shift

        def spans(items):
            return [[move(s, False), move(e, True), k] for s, e, k in items]

        return {**row, "text": "".join(parts), "pii": spans(row["pii"]), "keep": spans(row.get("keep", []))}


#: A word with a capital first letter and lower case after it: "Shaz", "O'Neill", "Okafor's", "McDonald".
_TITLE_WORD = re.compile(r"\b[A-Z](?:[a-z]+|['’][A-Z]?[a-z]+)(?:[A-Z][a-z]+|['’][a-z]+)*\b")


def fast_typed(row: dict) -> dict:
    """`row` as a hurried note is typed (rules 15): each word written with a capital first letter and the rest
    lower case ("Shaz", "Tuesday", "Dartford") lower-cased, while acronyms and codes keep their capitals
    ("CTG", "MAU", "b1", "SROM"); spans unchanged. `row` itself when that changes nothing."""
    text = row["text"]
    low = _TITLE_WORD.sub(lambda m: m.group().lower(), text)
    if low == text:
        return row
    return {**row, "text": low}


def lowered(row: dict) -> dict:
    """`row` written wholly in lower case (its spans unchanged); `row` itself when lower-casing would move
    a span (a character whose lower case is longer, "İ") or changes nothing."""
    text = row["text"]
    low = text.lower()
    if low == text or len(low) != len(text):
        return row
    return {**row, "text": low}
