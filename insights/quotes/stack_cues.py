"""Rules 14: sentence-level cues for the tagger's second pass (insights.quotes.tagger.stack_features).

The first pass reads two words either side of a token. A new writer puts the cue further away: "Kez
from the group said she ...", "her sister, who everyone calls Bex, rang", "named her baby after her nan,
Pearl". The second pass may read, for each word, which cue words stand anywhere in its sentence (before or
after it, outside the two-word window the first pass already reads): speech and contact verbs, kinship
words, naming words, "group"; and the first pass's highest chance on another word of the sentence (a
sentence that already holds a confident name, "Amara and jade came").

Switched by ENABLED (a model is trained with the cues or without them: its metadata says which, and
tests/test_anonymise_rules14.py checks the shipped model matches).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from insights.quotes.context_words import CONTACT_BEFORE, NAMING, RELATIONS, SAY_AFTER

#: Whether stack_features adds the cues (train_tagger --cues 0 measures the model without them).
ENABLED = False

_CUES: dict[str, str] = {}
for _cat, _words in (
    ("group", frozenset({"group", "groups", "session", "class"})),
    ("kin", RELATIONS),
    ("name", NAMING),
    ("contact", CONTACT_BEFORE),
    ("say", SAY_AFTER | {"told", "tells", "tell", "says", "said", "saying"}),
):
    for _w in _words:
        _CUES[_w] = _cat  # later categories win a word in two ("called": a speech verb)
_ENDS = frozenset(".!?;\n")
_BIN_EDGES = (0.1, 0.3, 0.5, 0.7, 0.9)
#: Cue words within this many tokens are the first pass's own window (w-2 .. w+2): not repeated.
WINDOW = 2


def sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The sentence number of each token (a new one after . ! ? ; or a line break)."""
    out, n = [], 0
    for i, (s, e) in enumerate(spans):
        if i and "\n" in text[spans[i - 1][1] : s]:
            n += 1
        out.append(n)
        if text[s:e] in _ENDS:
            n += 1
    return out


def cue_features(lows: Sequence[str], cases: Sequence[str], pii, sentence: Sequence[int]) -> list[list[str]]:
    """Per token: the cue categories of its sentence outside +-WINDOW ("sc=say>|T|3": a speech verb after
    a title-case word whose first-pass chance is in bin 3), and the highest first-pass chance of another
    word of the sentence ("smax=4|T|3"). Tokens that are not words get none."""
    n = len(lows)
    bins = [bisect.bisect_right(_BIN_EDGES, float(p)) for p in pii]
    out: list[list[str]] = [[] for _ in range(n)]
    start = 0
    while start < n:
        end = start
        while end < n and sentence[end] == sentence[start]:
            end += 1
        cues = [(j, _CUES[lows[j]]) for j in range(start, end) if lows[j] in _CUES]
        order = sorted(range(start, end), key=lambda j: bins[j], reverse=True)[:2]
        for i in range(start, end):
            if not lows[i][:1].isalpha():
                continue
            own, case = bins[i], cases[i]
            seen = set()
            for j, cat in cues:
                if abs(j - i) > WINDOW:
                    seen.add(cat + (">" if j > i else "<"))
            f = out[i]
            for cue in sorted(seen):
                f.append(f"sc={cue}|{case}|{own}")
            other = next((j for j in order if j != i), None)
            if other is not None:
                f.append(f"smax={bins[other]}|{case}|{own}")
        start = end
    return out
