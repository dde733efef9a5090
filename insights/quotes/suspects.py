"""Possible identifiers left in an anonymised text, for the reviewer's eye (pure functions).

The anonymiser removes what it is sure of; what it only half-suspects must not pass silently. This
module lists the remaining spans a reviewer should look at first:

- "unknown word": a word that is not in the English dictionary, not a known place, service,
  medicine, nationality or language, and not an obvious typo (an unusual name looks like this);
- "capitalised word": a capitalised word in mid-sentence that is not a known place, service or
  dictionary word;
- "name-like word": a word that is also a first name ("joy", "Hope"), written with a capital in
  mid-sentence or right next to a person word;
- "reference-like number": a run of 5+ digits, or letters and digits mixed ("D123456", "KU19").

The checks take the vocabularies as predicates so this module stays pure (no model, no database);
`insights.quotes.anonymise.Anonymiser.suspects` wires in the real ones, and `basic_vocabulary()` is a
stricter fallback used when the anonymiser is unavailable (every capitalised word is then suspect).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suspect:
    """One span a reviewer should check."""

    start: int
    end: int
    word: str
    reason: str


@dataclass(frozen=True)
class Vocabulary:
    """Predicates over a lower-case word."""

    english: Callable[[str], bool]
    known: Callable[[str], bool]  # places, services, medicines, nationalities, languages
    typo: Callable[[str], bool]
    name_word: Callable[[str], bool]  # a first name that is also an everyday word
    strict: bool = False  # no dictionary: every capitalised word in mid-sentence is suspect


def basic_vocabulary() -> Vocabulary:
    """Fallback with no dictionary: only short function words count as English (fail closed)."""
    common = frozenset(
        [
            "a",
            "an",
            "and",
            "or",
            "but",
            "the",
            "i",
            "she",
            "he",
            "they",
            "we",
            "you",
            "it",
            "her",
            "his",
            "my",
            "our",
            "their",
            "me",
            "us",
            "them",
            "is",
            "was",
            "were",
            "be",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "with",
            "from",
            "by",
            "as",
            "so",
            "not",
            "no",
            "yes",
            "this",
            "that",
            "there",
            "here",
            "said",
        ]
    )
    return Vocabulary(
        english=common.__contains__,
        known=lambda w: False,
        typo=lambda w: False,
        name_word=lambda w: False,
        strict=True,
    )


_TAG = re.compile(r"\[[A-Z][A-Z ]*\]")
_TOKEN = re.compile(r"[^\W\d_]*\d\w*|[^\W\d_][^\W\d_'’\-]*[^\W\d_]|[^\W\d_]")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“'‘(\n]|\s-\s|\s–\s)\s*$")
_PERSON_WORDS = frozenset(
    [
        "said",
        "says",
        "told",
        "asked",
        "rang",
        "texted",
        "messaged",
        "spoke",
        "met",
        "mum",
        "sister",
        "brother",
        "husband",
        "partner",
        "friend",
        "named",
        "called",
        "son",
        "daughter",
        "baby",
        "midwife",
    ]
)


def _is_reference(token: str) -> bool:
    digits = sum(c.isdigit() for c in token)
    letters = sum(c.isalpha() for c in token)
    if digits >= 5 and not letters:
        return True
    if digits and letters and len(token) >= 4:
        # "D1234567", "KU19", not "10am", "3rd", "2nd", "4pm", "x2", "wk12"
        return not re.fullmatch(
            r"\d+(?:st|nd|rd|th|am|pm|s|k|kg|g|ml|mg|mins?|hrs?|wks?|yrs?|lbs?|oz)", token.lower()
        )
    return False


def find_suspects(text: str, vocab: Vocabulary) -> list[Suspect]:
    """Spans of `text` (already anonymised) that may still identify someone, in order."""
    if not text:
        return []
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)]
    out: list[Suspect] = []
    for m in _TOKEN.finditer(text):
        start, end, token = m.start(), m.end(), m.group(0)
        if any(ts <= start < te for ts, te in tags):
            continue
        if any(c.isdigit() for c in token):
            if _is_reference(token):
                out.append(Suspect(start, end, token, "reference-like number"))
            continue
        bare = token.strip("'’-")
        word = bare.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word:
            continue
        opening = bool(_SENTENCE_END.search(text[:start]))
        capital = bare[0].isupper() and not bare.isupper()
        if vocab.strict:
            if capital and not opening and not vocab.english(word):
                out.append(Suspect(start, end, bare, "capitalised word"))
            continue
        if vocab.name_word(word):
            before = text[max(0, start - 25) : start].lower().split()
            after = text[end : end + 25].lower().split()
            near_person = (before and before[-1] in _PERSON_WORDS) or (after and after[0] in _PERSON_WORDS)
            if (capital and not opening) or near_person:
                out.append(Suspect(start, end, bare, "name-like word"))
            continue
        if vocab.known(word) or vocab.english(word):
            continue
        if "-" in word and all(vocab.english(p) or vocab.known(p) for p in word.split("-") if p):
            continue  # "six-week", "self-referred"
        if vocab.typo(word):
            continue
        if capital and not opening:
            out.append(Suspect(start, end, bare, "capitalised word"))
        elif len(word) > 2:
            out.append(Suspect(start, end, bare, "unknown word"))
    return out


def marked(text: str, suspects: Sequence[Suspect], left: str = "⟦", right: str = "⟧") -> str:
    """The text with each suspect between markers, for plain-text display (never HTML/markdown)."""
    parts: list[str] = []
    last = 0
    for s in sorted(suspects, key=lambda s: s.start):
        if s.start < last:
            continue
        parts.append(text[last : s.start])
        parts.append(f"{left}{text[s.start : s.end]}{right}")
        last = s.end
    parts.append(text[last:])
    return "".join(parts)


def summary(suspects: Sequence[Suspect]) -> str:
    """One line for the reviewer: 'Check: Okoro (capitalised word), D123456 (reference-like number)'."""
    seen: dict[str, str] = {}
    for s in suspects:
        seen.setdefault(s.word, s.reason)
    return ", ".join(f"{word} ({reason})" for word, reason in seen.items())
