"""Rules 13: what the name tagger alone may not remove (the rules' own findings are not touched).

`Anonymiser.merge_tagged` asks `thing_words` of each PERSON span the tagger found by itself. A retrained
tagger that reads a name's slot more than its spelling also takes everyday-word names used as things:
"lily and poppy flowers on the windowsill", "a daisy chain", "rose bushes". An everyday word (or a run of
them joined by "and", "or", "&" or commas) followed by a noun for a plant, a colour, a pattern or an object
of that kind is a thing, not a person.

Rules 16 (`part_of_a_word`, asked by `Anonymiser._tagger_plausible` of a lone lower-case word the tagger
took for a name): a tagger trained on fast-typed copies (lower-case names) also reads lower-case pieces of
ordinary writing as names. The piece after an English prefix and a hyphen ("Re-hab", "pre-op"), half of a
word split by a stray space ("courteous ly", "to day") and an interjection ("- bravo!") are not names.

Rules 19 (`thing_pair`): a lower-case word the tagger alone found, joined by "and" to the capital that opens
its sentence when nothing found that capital as a name, names a thing ("Clover and honey are the best for a
cough").
"""

from __future__ import annotations

import re

from insights.quotes.context_words import CONTEXT_WORDS, TIME_NAMES
from insights.quotes.identifiers import _venue_street
from insights.quotes.lexicon import Finding, fold_word

#: Nouns after which an everyday-word name is the thing it names ("poppy flowers", "daisy chain").
THING_NOUNS = frozenset(
    {
        "flower",
        "flowers",
        "plant",
        "plants",
        "seed",
        "seeds",
        "bulb",
        "bulbs",
        "petal",
        "petals",
        "bush",
        "bushes",
        "tree",
        "trees",
        "leaf",
        "leaves",
        "bloom",
        "blooms",
        "bouquet",
        "bouquets",
        "garden",
        "gardens",
        "chain",
        "chains",
        "field",
        "fields",
        "pattern",
        "patterns",
        "print",
        "prints",
        "colour",
        "colours",
        "color",
        "colors",
        "scent",
        "scented",
        "oil",
        "oils",
        "tea",
        "teas",
        "wreath",
        "wreaths",
        "pot",
        "pots",
    }
)
_WORD = re.compile(r"[A-Za-z]+")
#: Further words of the same list after the span: ", daisy", " and poppy", " & rose".
_MORE = re.compile(r"(?:\s*(?:,|&|\band\b|\bor\b)\s*[A-Za-z]+)*\s+([A-Za-z]+)")


def thing_words(text: str, start: int, end: int, everyday) -> bool:
    """Whether text[start:end] is one or more everyday words (`everyday(folded word)` true for each)
    naming things: followed, after any more everyday words of its list, by a THING_NOUNS noun. Rules 14:
    or a span that itself ends in the thing noun ("poppy flowers", "lily and poppy flowers" taken as one
    name by a model trained on lower-cased copies)."""
    words = _WORD.findall(text[start:end])
    if not words or not all(everyday(fold_word(w)) for w in words):
        return False
    if len(words) > 1 and fold_word(words[-1]) in THING_NOUNS:
        return True
    m = _MORE.match(text, end)
    if not m:
        return False
    listed = _WORD.findall(text[end : m.start(1)])
    listed = [w for w in listed if fold_word(w) not in ("and", "or")]
    return fold_word(m.group(1)) in THING_NOUNS and all(everyday(fold_word(w)) for w in listed)


def venue_street(text: str, start: int) -> bool:
    """Rules 14: a street the tagger alone found that places a public venue, as the address rules keep it
    ("the mosque on Clarence Place", "the bus stop on London Road"; "flat above the chippy on Spital Street"
    is a home and stays removed)."""
    return _venue_street(text, start)


#: English prefixes written with a hyphen: the word after one is the rest of one word, not a name.
_PREFIX_BEFORE = re.compile(
    r"(?i)\b(?:re|pre|non|co|post|anti|sub|semi|mid|multi|self|over|under|de|dis|mis|un)-$"
)
#: The word right before a finding, one space between: with it, a split word may be whole again.
_WORD_BEFORE = re.compile(r"([A-Za-z]{2,}) $")
#: Exclamations of praise, greeting or dismay: never a person's name on the tagger's word alone.
INTERJECTIONS = frozenset(
    {
        "bravo",
        "hooray",
        "hurray",
        "yay",
        "wow",
        "cheers",
        "kudos",
        "congrats",
        "phew",
        "oops",
        "ugh",
        "alas",
        "hello",
        "hiya",
        "bye",
        "thanks",
        "thankyou",
        "ta",
    }
)


def part_of_a_word(text: str, start: int, word: str, lexicon) -> bool:
    """The lower-case `word` at `start` is part of ordinary writing, not a name: the rest of a prefixed word
    ("Re-hab"), the second half of a word split by a space when both halves make an English word of
    `lexicon` ("courteous ly"), or an interjection ("bravo")."""
    if fold_word(word) in INTERJECTIONS:
        return True
    if _PREFIX_BEFORE.search(text, max(0, start - 8), start):
        return True
    split = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(split) and (split.group(1) + word).lower() in lexicon


#: Verbs of speaking or writing followed by "to": the word after is someone spoken to, not a place gone to.
_SPOKEN_TO = re.compile(
    r"(?i)\b(?:spoke|speak|speaks|speaking|spoken|talked|talk|talks|talking|chatted|chat|chatting|said|say|says|"
    r"explained|explain|wrote|write|writes|written|texted|messaged|listened|listen|listening|replied|reply|"
    r"complained|mentioned|introduced|reached\s+out|opened\s+up)\s+to\s+$"
)


def spoken_to(text: str, start: int) -> bool:
    """The finding at `start` follows "spoke to", "talked to", "said to", ...: a person, even when the word is
    also a place's name ("spoke to Ann", "chatted to Kelly"). Rules 10 let a known place after "to" stay."""
    return bool(_SPOKEN_TO.search(text, max(0, start - 40), start))


_PAIR_OPENING = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)\s+(?:and|&)\s+$")


def thing_pair(text: str, f: Finding, found: list[Finding]) -> bool:
    """Rules 19: a lower-case word the tagger alone found, joined by "and" to the capitalised word that opens
    its sentence, which nothing found as a name: the writer capitalises sentences, not this word, so the pair
    names things ("Clover and honey are the best for a cough"; "Thistle and Clover are the twins" and "mercy
    and comfort - sisters" are not such pairs)."""
    if f.entity != "PERSON" or not re.fullmatch(r"[a-z]{3,}", text[f.start : f.end]):
        return False
    lo = max(0, f.start - 40)
    m = _PAIR_OPENING.search(text, lo, f.start)
    if not m:
        return False
    first_start, first_end = m.span(1)
    return not any(g.start < first_end and first_start < g.end for g in found if g.entity == "PERSON")


#: Rules 41: words that never belong to a person's full name at a sentence's opening ("Christmas Eve", "May Day").
_NOT_IN_FULL_NAME = frozenset(
    {"christmas", "easter", "day", "eve", "new", "year", "st", "saint", "lord", "god"}
)


def full_name(words: list[str], lists) -> bool:
    """Rules 41 (blind45, a tuning writer: "Joyce Ann Willis: my granddaughter ..."): two or three words in title case
    that are all names of the lists (given names that are also words, family names) make a person's full name even at
    a sentence's opening, where `Anonymiser._tagger_plausible` leaves a lone ordinary word to the rules' slots; never
    with a keep, clinical, local place's or context word in it."""
    if not 2 <= len(words) <= 3 or not all(w.istitle() for w in words):
        return False
    folded = [fold_word(w) for w in words]
    if any(
        w in _NOT_IN_FULL_NAME
        or w in CONTEXT_WORDS  # "Nana Ama": a title of respect stays
        or w in lists.keep_words
        or w in lists.clinical
        or w in lists.local
        or len(w) < 2
        for w in folded
    ):
        return False
    named = [w in lists.first_names or w in lists.word_names or lists.gazetteer(w) for w in folded[:-1]]
    return all(named) and (
        folded[-1] in lists.surnames or lists.gazetteer(folded[-1]) or folded[-1] in lists.word_names
    )


_PLACE_BEFORE = re.compile(  # the removal-side review: "heard from Florence", "sat near Sofia" are people
    r"(?i)\b(?:in|(?:is|are|was|were|['’]s|originally|moved|family|parents|dad|mum)[ ]from)[ ]+$"
)


def place_use(text: str, start: int, end: int, lists) -> bool:
    """Rules 41 (blind45): a repeat of a found name that is the place it was named after ("Sofia ... born in Sofia so
    the name", "training in Florence in Italy"): a world place in title case after "in" or "is from", not a
    possessive nor before a verb of saying ("the toddler in Denver said": a full stop left out)
    (`Anonymiser._repeat_names` lets it stay)."""
    word = text[start:end]
    return (
        word.istitle()
        and fold_word(word) in lists.world
        and bool(_PLACE_BEFORE.search(text, max(0, start - 20), start))
        and not re.match(
            r"['’]s\b|[ ]+(?:said|says|told|asked|rang|called|thinks|thought|wants|was|is)\b", text[end:]
        )
    )


#: Rules 41: a place in title case before a family name ("Kenya Morris", "Paris Holloway").
_PLACE_THEN_FAMILY = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})[ ]([A-Z][a-z]{2,})(?![\w-])")


def place_family_spans(text: str, lists, not_before: frozenset[str]) -> list[tuple[int, int]]:
    """Rules 41 (blind45, read by `RecordSlots.place_people`): a world place in title case before a family name of the
    lists that is no place itself ("Kenya Morris (named after ...)"), the pair no place either ("Milton Keynes"), and
    no word of `not_before` ("in", "from", "the" ...) before it ("moved from Kenya Ward said")."""
    out = []
    for m in _PLACE_THEN_FAMILY.finditer(text):
        first, family = fold_word(m.group(1)), fold_word(m.group(2))
        before = re.search(r"([A-Za-z]+)[ ]+$", text[max(0, m.start() - 20) : m.start()])
        if (
            first in lists.world
            and family in lists.surnames
            and family not in lists.vocab
            and f"{first} {family}" not in lists.world
            and first not in lists.local
            and first not in CONTEXT_WORDS
            and first not in TIME_NAMES
            and not (before and before.group(1).lower() in not_before)
        ):
            out.append(m.span())
    return out
