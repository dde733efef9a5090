"""Rules 70: schools named by where they stand in a note, not by a school word.

- `local_school_spans`: a kept local area right after "<child> at" ("Her own kids at Westgate", "Older girl Lexi at
  Westcourt"): the keep lists hold Gravesham's estates and wards, and a child "at" one of them is at its school;
  never where a birth or a hospital is meant ("had her daughter at Darent Valley", "3 children, all at DVH").
- `care_after` (rules 71): care named right after the name makes it a hospital ("our son was at King's in London for
  heart surgery").
- `second_schools`: a second school named right after one already found ("older two at Westgate and Little Acorns",
  "kids at Rosherville primary and Chantry?").

They read `insights.quotes.identifiers`' school clue (`_SCHOOL_CLUE`, `_CHILD`) and service words; the recognisers call
them beside `identifiers.school_spans` (rules 71: `kept` is then a kept word rarer than Zipf 3.5, not "Christmas").
"""

from __future__ import annotations

import re

from insights.quotes.identifiers import _CHILD, _SCHOOL_CLUE, _SERVICE_AFTER, _SERVICE_IN

#: Rules 70: a kept local area after "<child> at" names the child's school ("Older girl Lexi at Westcourt"), unless a
#: birth or a hospital is meant ("had her daughter at Darent Valley", "3 children, all at DVH").
_BIRTH_BEFORE = re.compile(
    r"(?i)\b(?:had|has|having|have|lost|deliver\w*|birth|born|bore|expecting|pregnant)\b[^.;!?\n]*$"
)
_HOSPITAL_SHORT = frozenset(
    ["darent", "dvh", "medway", "qeh", "kings", "king's", "guys", "guy's", "evelina", "pembury", "maidstone",
    "lewisham", "woolwich", "tunbridge", "william", "gravesend", "dartford", "swanley", "kent", "london"]
)  # fmt: skip
_HOSPITAL_AFTER = re.compile(r"(?i)\s+(?:valley|maritime|hospital|general|birth|labour|maternity)\b")
_CAPITAL_WORD = re.compile(r"[A-Z][A-Za-z'’\-]+")


def local_school_spans(text: str, kept) -> list[tuple[int, int]]:
    """Rules 70: a kept local area right after "<child> at" is the child's school ("Her own kids at Westgate", "Older
    girl Lexi at Westcourt"), unless a birth or a hospital is meant ("had her daughter at Darent Valley")."""
    spans = []
    for clue in _SCHOOL_CLUE.finditer(text):
        if not (
            clue.group(0).rstrip().lower().endswith(" at") and re.match(rf"(?i){_CHILD}\b", clue.group(0))
        ):
            continue
        m = _CAPITAL_WORD.match(text, clue.end())
        if not m or not kept(m.group(0)) or m.group(0).lower() in _HOSPITAL_SHORT or m.group(0).isupper():
            continue
        if _HOSPITAL_AFTER.match(text, m.end()) or _SERVICE_AFTER.match(text, m.end()):
            continue
        if _BIRTH_BEFORE.search(text[max(0, clue.start() - 60) : clue.start()]):
            continue
        spans.append(m.span())
    return spans


#: Rules 70: a second school named right after a school ("older two at Westgate and Little Acorns").
_SCHOOL_AND = re.compile(
    r"\s*,?\s+(?:and|&|or)\s+((?:St\.?\s+)?[A-Z][A-Za-z'’\-]+(?:\s+(?:[A-Z][A-Za-z'’\-]+|C of E))*"
    r"(?:\s+(?:primary|nursery|infants|juniors|academy|grammar|school))?)"
)
_NOT_SECOND_SCHOOL = frozenset(
    ["mum", "mums", "dad", "dads", "mr", "mrs", "ms", "miss", "dr", "i", "nan", "nana", "her", "his", "the",
    "she", "he", "they", "we", "then", "now", "but", "so", "also", "nursery", "school", "home", "year", "yr",
    "reception"]
)  # fmt: skip


def second_schools(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`_SCHOOL_AND`'s second name after each school span, unless it is a person, a title, a hospital or a service."""
    out = []
    for _start, end in spans:
        m = _SCHOOL_AND.match(text, end)
        if not m:
            continue
        first = m.group(1).split()[0].strip("'’").lower()
        if (
            first in _NOT_SECOND_SCHOOL
            or first in _HOSPITAL_SHORT
            or _SERVICE_IN.search(m.group(1))
            or m.group(1).split()[0].isupper()  # "Virtual School and PEP meetings"
        ):
            continue
        if _SERVICE_AFTER.match(text, m.end(1)):
            continue
        out.append(m.span(1))
    return out


#: Rules 71: care right after the name makes it a hospital ("our son was at King's in London for heart surgery").
_CARE_AFTER = re.compile(
    r"(?i)[^.;!?\n]{0,30}?\b(?:for\s+(?:\w+\s+)?(?:surgery|operation|treatment|an\s+op|scans?|tests?)|because\s+of|"
    r"nicu|picu|scbu|neonatal)\b"
)


def care_after(text: str, span: tuple[int, int]) -> bool:
    """Care named in the rest of the clause after a school's span: the place is a hospital, not a school."""
    return _CARE_AFTER.match(text, span[1]) is not None
