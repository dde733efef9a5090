"""Rules 31: names of rooms, suites, campaigns and places the earlier steps took for people, let go at the end.

Read from blind27 (a tuning writer who put services named like people next to people: an MNVP "15 Steps" walk-round,
a Healthwatch draft, a baby bank's log, social-media comments; scored once as new, then read). blind13-15, blind22,
blind23, blind26 and blind28 stay held out. Each guard is a switch of its own (`anonymise.SWITCHES`, measured with
`train_tagger --off`), runs after every other step (`Anonymiser._final_guards`) and never lets go of a deny-list name:

- `room_names`: a birth room, suite, bay or lounge named after a flower, a tree or a person ("the Lily Suite", "Iris
  room", "Hazel bay", "the Elizabeth Garrett Anderson Room"): one to four capitalised words right before "Suite",
  "Room", "Bay" or "Lounge" (or, after "the", "in", "to" or "at", before a lower-case "suite", "room" or "bay"); never
  a possessive ("Mr Okafor's clinic", "Sarah's room"), a title's name ("Dr Lily Room"), a number after the noun
  ("Amira room 9": a board's patient) nor "ward" (a family name: "Sarah Ward"). The same word elsewhere in the note
  stays a name ("Lily the midwife"; letting those go too was measured and dropped: it let through "Rowan" the baby
  in "Rowan bay" and "Montego" beside "Montego Bay").
- `hashtags`: a campaign's hashtag of two or more words run together ("#HelloMyNameIs", "#FlowersNotFlowers",
  "#MedwayMaritime"), unless one of its words is a name that is no English word ("#JusticeForJoanne" stays removed).
- `place_typos`: a local place typed wrong ("Gravsend", "Swanscome", "Medawy", "Dartfrod"): one word of 6 letters
  or more that no names list holds, with the same first letter as a kept place (`Lists.keep_words` that the places
  list holds too) and one edit from it (a letter left out, added, changed, or two swapped; two edits from a place
  of 9 letters or more; kept medicines count too: "paracetemol", "Entinox"). No title before it ("Dr Gravsend"), and
  never a word ending in "a" ("Ukraina", "Cristiana": given names made from a country's or a faith's word).
- `saint_places`: a one-word person finding right after "St", "St." or "Saint" (a church, hall or hospital named
  after a saint: "St Botolph's", "St Aidan's church hall") or after "County" ("County Kerry"); a title before the
  saint keeps it a name ("Dr St John").
"""

from __future__ import annotations

import functools
import re

from insights.quotes.context_words import TITLES
from insights.quotes.lexicon import Finding, Lists
from insights.quotes.plain_guards import named

STEPS = ("room_names", "hashtags", "place_typos", "saint_places")

#: A named room's noun, capitalised (anywhere) or in lower case (after an article or a preposition only:
#: "gave Sarah room to breathe" is no room's name).
_ROOM_NOUN = r"(?:Suite|Room|Bay|Lounge|SUITE|ROOM|BAY|LOUNGE)"
_ROOM_LOW = r"(?:suite|room|bay|lounge)"
_NAMED = r"[A-Z][a-z'’-]+(?:[ ][A-Z][a-z'’-]+){0,3}"
_NOT_NUMBERED = r"\b(?![ ]*(?:\d|no\.?[ ]?\d))"
_ROOMS = (
    re.compile(rf"(?<![\w'’-])({_NAMED})[ ]+{_ROOM_NOUN}{_NOT_NUMBERED}"),
    re.compile(
        rf"(?:\b(?:the|The|a|an|in|to|at|into|from|on|off)[ ]+|^|[,(][ ]*)({_NAMED})[ ]+{_ROOM_LOW}{_NOT_NUMBERED}",
        re.M,
    ),
)


def _titled(text: str, start: int) -> bool:
    """A title right before `start` ("Dr Willow")."""
    before = re.search(r"(\w+)\.?[ ]+$", text[max(0, start - 12) : start])
    return before is not None and before.group(1).lower() in TITLES


def room_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of named rooms, suites, bays and lounges, their noun included."""
    out = []
    for m in (m for rx in _ROOMS for m in rx.finditer(text)):
        start, name = m.start(1), m.group(1)
        if _titled(text, start):
            continue  # "Dr Lily Room": a person with a title
        if name.lower().split()[0] in TITLES or re.search(r"['’]", name):
            continue  # "Sister Lily Room"; "Sarah's Room", "Kezia's Lash Lounge": a person's room or business
        out.append((start, m.end()))
    return out


def without_room_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the person findings that lie inside a named room's span (`room_spans`); deny-list names
    stay. The same word elsewhere in the note stays a name ("Lily the midwife" beside "the Lily Suite")."""
    if not found:
        return found
    rooms = room_spans(text)
    if not rooms:
        return found
    deny = lists.deny_pattern
    keep = []
    for f in found:
        inside = f.entity == "PERSON" and any(s <= f.start and f.end <= e for s, e in rooms)
        if inside and not (
            f.source.endswith(":deny-list") or (deny is not None and deny.search(text[f.start : f.end]))
        ):
            continue
        keep.append(f)
    return keep


#: The words of a hashtag run together: "HelloMyNameIs" -> Hello, My, Name, Is; "15Steps" -> 15, Steps.
_TAG_PARTS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+|[a-z]+")


def hashtag(text: str, f: Finding, lists: Lists, english) -> bool:
    """A person finding that is a whole hashtag's words (`#` before it, no word character after it) of two or more
    parts, none of them a name that is no English word (`english(word)`)."""
    if f.entity != "PERSON" or f.start == 0 or text[f.start - 1] != "#":
        return False
    if f.end < len(text) and (text[f.end].isalnum() or text[f.end] == "_"):
        return False
    parts = _TAG_PARTS.findall(text[f.start : f.end])
    return len(parts) >= 2 and not any(named(p, lists) and not english(p.lower()) for p in parts)


def without_hashtags(text: str, found: list[Finding], lists: Lists, english) -> list[Finding]:
    """`found` without the campaign hashtags (`hashtag`)."""
    if "#" not in text:
        return found
    return [f for f in found if not hashtag(text, f, lists, english)]


def _edits(a: str, b: str) -> int:
    """Letters left out, added, changed or two swapped (optimal string alignment distance)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if prev2 is not None and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@functools.lru_cache(maxsize=4)
def _kept_places(lists: Lists) -> tuple[str, ...]:
    """The kept places of one word and 6 letters or more ("gravesend", "swanscombe", "medway")."""
    return tuple(sorted(w for w in lists.keep_words & lists.vocab if w.isalpha() and len(w) >= 6))


def place_typo(text: str, f: Finding, lists: Lists) -> bool:
    """A one-word person finding that is a kept place typed wrong (module docstring: `place_typos`)."""
    piece = text[f.start : f.end]
    if f.entity != "PERSON" or len(piece) < 6 or not piece.isalpha() or _titled(text, f.start):
        return False
    w = piece.lower()
    if named(w, lists, word_names=True) or w in lists.nicknames or w.endswith("a"):
        return False  # "Ukraina", "Cristiana": a given name made from a place's or faith's word
    return any(
        place[0] == w[0]
        and abs(len(place) - len(w)) <= 2
        and 0 < _edits(w, place) <= (1 if min(len(w), len(place)) < 9 else 2)
        for place in _kept_places(lists)
    )


def without_place_typos(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the kept places typed wrong (`place_typo`)."""
    return [f for f in found if not place_typo(text, f, lists)]


_SAINT_BEFORE = re.compile(r"(?<![\w'’-])(?:St\.?|ST\.?|Saint|County)[ ]+$")


def without_saints(text: str, found: list[Finding]) -> list[Finding]:
    """`found` without a one-word person finding after "St", "Saint" or "County" (`saint_places`)."""
    out = []
    for f in found:
        if f.entity == "PERSON" and " " not in text[f.start : f.end]:
            m = _SAINT_BEFORE.search(text, max(0, f.start - 8), f.start)
            if m and not _titled(text, m.start()):
                continue
        out.append(f)
    return out
