"""Possible identifiers left in an anonymised text, for the reviewer's eye (pure functions).

The anonymiser removes what it is sure of; what it only half-suspects must not pass silently. This
module lists the remaining spans a reviewer should look at first:

- "unknown word": a word that is not in the English dictionary, not a known place, service,
  medicine, nationality or language, and not an obvious typo (an unusual name looks like this);
- "capitalised word": a capitalised word in mid-sentence that is not a known place, service or
  dictionary word;
- "name-like word": a word that is also a first name ("joy", "Hope"), written with a capital in
  mid-sentence or right next to a person word;
- "reference-like number": a run of 5+ digits, or letters and digits mixed ("D123456", "KU19");
- "may be a name" (or an address, a school, ...), since marks 2: a word the anonymiser's learned
  tagger half-suspects. The tagger reads the anonymised text again; a word left in whose chance of
  being personal is at least MODEL_CHANCE is marked (it was below the removal threshold, or a rule
  overruled the tagger: "Destiny txt'd", "Sage - home birth cancelled", "the man who is Ginger").

Marks 2 (4 Dec 2026) also stopped marking what is plainly not a name: the stem before "n't" ("didn"),
common spellings WordNet lacks (word_frequency.txt: "dont", "ok"), service and clinical acronyms
("CPN", "COPD") and a number typed against a word ("10minutes", "NHS111"). The anonymised text is
unchanged, so RULES_VERSION stays 22 and stored excerpts are not re-anonymised.

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
_NEGATION = re.compile(r"['’]t\b", re.IGNORECASE)
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


#: Marks 3: what a person does, right after a lone capital ("V passed", "K said", "J didn't want to").
_INITIAL_VERBS = _PERSON_WORDS | frozenset(
    "passed came went gave rated scored did didn't didnt was is has had wants wanted wasn't wasnt felt feels "  # noqa: SIM905
    "thinks thought emailed replied left arrived mentioned explained added agreed declined laughed cried "
    "booked missed phoned rings texts".split()
)
#: What may come right before a lone initial that names someone: a sentence start, a comma or a joining word.
_INITIAL_BEFORE = re.compile(r"(?:^|[.!?:;,(\n]|\band|\bwith|\bto|\bfrom|\bby|\s-)\s*$", re.IGNORECASE)


def _lone_initial(text: str, start: int, end: int, token: str) -> bool:
    """Marks 3: a lone capital (not "I" or "A") that opens a clause and is followed by a person's verb: an
    initial standing for a name ("Rissa 3, V passed", "K said"); not "vitamin D was low", "Plan B is"."""
    if len(token) != 1 or not token.isupper() or token in "IA":
        return False
    after = text[end : end + 20].split()
    return (
        bool(after)
        and after[0].lower().rstrip(".,;:!?") in _INITIAL_VERBS
        and bool(_INITIAL_BEFORE.search(text, max(0, start - 8), start))
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


_GLUED = re.compile(r"(\d+)([^\W\d_]{3,})|([^\W\d_]{3,})(\d{1,4})")


def _number_and_word(token: str, vocab: Vocabulary) -> bool:
    """Marks 2: a number typed against a word, not a reference: "10minutes", "1hour", "aciclovir800",
    "NHS111" (a word of 3+ letters; after the word at most 4 digits, so "NHS9434765919" stays suspect)."""
    m = _GLUED.fullmatch(token)
    if not m:
        return False
    word = (m.group(2) or m.group(3)).lower()
    return vocab.english(word) or vocab.known(word)


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
            if _is_reference(token) and not _number_and_word(token, vocab):
                out.append(Suspect(start, end, token, "reference-like number"))
            continue
        if _NEGATION.match(text, end):
            continue  # marks 2: "didn't", "wasn’t" (the token stops at the apostrophe)
        if _lone_initial(text, start, end, token):
            out.append(Suspect(start, end, token, "may be an initial"))
            continue
        bare = token.strip("'’-")
        word = bare.lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word:
            continue
        opening = bool(_SENTENCE_END.search(text, max(0, start - 40), start))  # a window: O(n) a word
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


#: Marks 2: a word left in an anonymised text is marked when the tagger's chance that it is personal is at
#: least this. Chosen on two writers' notes with a model trained without them (blind20, blind21) and on real
#: comments with no personal details (pxtextmining's first 1,500): see docs/anonymiser-rounds.md ("Figures by rules version", marks 2).
MODEL_CHANCE = 0.1
_MODEL_REASONS = {
    "PERSON": "may be a name",
    "SOCIAL_MEDIA": "may be a social media name",
    "UK_ADDRESS": "may be an address",
    "SCHOOL": "may be a school",
    "EMAIL_ADDRESS": "may be an e-mail address",
    "NUMBER": "may be a reference number",
}
#: Titles stay outside a name's tag by design ("Dr [NAME]"): never marked on their own.
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sr"})


#: Rules 55 (the tagger retrained on forty-two sets half-suspected "javascript" and "alert" in pasted markup): a word
#: before "(" and a digit, a quote or ")", or before ":" and "//" or a call, is code or a web address's scheme
#: ("alert(1)", "javascript:alert(", "https://"), no one ("Jo:thanks", "Ann(the midwife)" stay marked).
_CODE_AFTER = re.compile(r"\((?=[\d'\")])|:(?=//|\w+\()")


def model_suspects(
    text: str,
    spans: Sequence[tuple[int, int]],
    chances: Sequence[float],
    kinds: Sequence[str],
    threshold: float = MODEL_CHANCE,
    plain: Callable[[str], bool] = lambda w: False,
) -> list[Suspect]:
    """Words of an anonymised `text` the anonymiser's model half-suspects: token `spans` with the model's
    chance that each is personal (`chances`) and its likeliest kind (`kinds`, the tagger's classes). Tags,
    numbers (see "reference-like number"), titles, lone lower-case letters ("p.m.") and lower-case words
    for which `plain` is true (everyday words no names list holds: "away", "house") are left out."""
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)]
    out: list[Suspect] = []
    for (start, end), chance, kind in zip(spans, chances, kinds, strict=True):
        word = text[start:end]
        if (
            chance < threshold
            or not word[:1].isalpha()
            or any(c.isdigit() for c in word)
            or (len(word) == 1 and not word.isupper())
            or word.lower() in _TITLES
            or (word.islower() and plain(word))
            or any(ts <= start < te for ts, te in tags)
            or _CODE_AFTER.match(text, end)
        ):
            continue
        out.append(Suspect(start, end, word, _MODEL_REASONS.get(kind, "may identify someone")))
    return out


def combined(first: Sequence[Suspect], second: Sequence[Suspect]) -> list[Suspect]:
    """Both lists in text order; a span that overlaps one of `first` is left to `first` (its reason)."""
    out = list(first)
    out += [s for s in second if not any(f.start < s.end and s.start < f.end for f in first)]
    return sorted(out, key=lambda s: (s.start, s.end))


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
