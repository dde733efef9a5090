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
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import (
    CONTEXT_WORDS,
    FAITH_TITLES,
    FORM_WORDS,
    HONORIFICS,
    LABELS,
    PLACE_NOUNS,
    TIME_NAMES,
)
from insights.quotes.identifiers import _venue_street
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, resolve_overlaps
from insights.quotes.message_names import with_message_names
from insights.quotes.minutes_names import with_minutes_names
from insights.quotes.name_shapes import (
    THING_NEXT,
    TIME_BEFORE,
    east_asian_names,
    note_heads,
    person_pairs,
    thread_names,
)

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


#: Rules 42: what a person does, said right after a name opening a sentence (an acronym of a team between: "Tracy PCN
#: rang").
_SAID_AFTER = re.compile(
    r"[ ]+(?:[A-Z]{2,5}[ ]+)?(?:said|says|rang|phoned|called|told|texted|messaged|emailed|asked|explained|mentioned"
    r"|rated|rates|replied|reckons|thinks|thought|wants|wanted|feels|felt|brought|booked|joined|shared|spoke|added"
    r"|agreed|admitted|complained|confirmed|came[ ]+(?:to|along|in|with|back))\b"
)
#: Rules 42: first words that make a named storm, event or thing, never a person's full name ("Storm Darragh").
_NOT_FIRST_NAME = frozenset(
    {"storm", "hurricane", "cyclone", "typhoon", "operation", "project", "team", "baby"}
)


def said_name(text: str, end: int, words: list[str], lists, lexicon) -> bool:
    """Rules 42 (the removal-side review of rules 41: "Jade Green said", "Bill Cross phoned", "Tracy PCN rang" leaked
    although the tagger was sure of them): at a sentence's opening, before what a person does (`_SAID_AFTER`), two or
    three words in title case whose first is a given name of the lists and whose last is no keep, clinical, context
    or place-noun word; or one given name that is a rare English word (Zipf under 4) or none or a pet name
    (pet_names.txt: "Lovely said"), not a local place."""
    if not 1 <= len(words) <= 3 or not all(w.istitle() for w in words) or not _SAID_AFTER.match(text, end):
        return False
    folded = [fold_word(w) for w in words]
    first, last = folded[0], folded[-1]
    given = (
        first in lists.first_names
        or first in lists.word_names
        or first in lists.nicknames
        or first in lists.word_nicknames
        or first in lists.opening_names
    )
    if (
        not given
        or first in _NOT_FIRST_NAME
        or any(
            w in CONTEXT_WORDS
            or w in lists.keep_words
            or w in lists.clinical
            or w in _NOT_IN_FULL_NAME
            or len(w) < 2
            for w in folded
        )
    ):
        return False
    if len(words) == 1:
        return (
            (
                first not in lists.common
                and lexicon.frequency.get(first, 0.0) < 4.0
                or first in lists.pet_names
            )
            and first not in lists.local
            and first not in lists.vocab
        )
    return last not in lists.local or last in lists.word_names


#: Rules 42: a found name's word said again before what a person does or has ("Kenya rates 6", "Kenya's mum").
_PERSON_AFTER = re.compile(
    _SAID_AFTER.pattern + r"|['’]s[ ]+(?:mum|mother|dad|partner|husband|baby|son|daughter|sister)\b"
)


def said_repeats(text: str, found: list[Finding], lists) -> list[Finding]:
    """Rules 42 (the removal-side review of rules 41: "Kenya Morris came along. Kenya rates 6" kept the second
    "Kenya": a place the keep lists hold): a word in title case of a name found, said again before what a person does
    or has (`_PERSON_AFTER`), goes even where a keep list holds it; never a context, clinical or local word."""
    words = {
        w
        for f in found
        if f.entity == "PERSON"
        for w in re.findall(r"[A-Z][a-z]{2,}", text[f.start : f.end])
        if fold_word(w) not in CONTEXT_WORDS
        and fold_word(w) not in lists.clinical
        and fold_word(w) not in lists.local
    }
    if not words:
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = [
        Finding(m.start(), m.end(), "PERSON", "NameRepeat:said")
        for m in _TITLE_TOKEN.finditer(text)  # one pass, not one per word: 5,000 names were quadratic
        if m.group() in words
        and _PERSON_AFTER.match(text, m.end())
        and not taken.overlaps(m.start(), m.end())
    ]
    return resolve_overlaps(found + extra) if extra else found


#: A word in title case standing alone: what a found name's word said again is.
_TITLE_TOKEN = re.compile(r"(?<![\w'’@.-])[A-Z][a-z]{2,}(?![\w@-])")


#: Rules 42 (the keep-side review of rules 41): public venues after a house-like name ("Rose Cottage hospice"), the
#: web addresses of public bodies ("kent.gov.uk"), named storms ("Storm Darragh") and e-mail shapes without an address.
_VENUE_AFTER = re.compile(
    r"[ ]+(?:hospice|hospital|surgery|clinic|centre|center|practice|pub|inn|tavern|church|chapel|mosque|gurdwara"
    r"|temple|mandir|library|cafe|café|restaurant|pharmacy)\b",
    re.IGNORECASE,
)
_PUBLIC_DOMAIN = re.compile(
    r"(?i)(?<![\w@.-])(?:www\.)?(?:[a-z0-9-]+\.)*(?:gov|nhs|org|ac|police|mod|parliament)\.uk\b"
    r"|(?<![\w@.-])(?:www\.)?[a-z0-9-]+\.nhs\.net\b"
    r"|(?<![\w@.-])(?:www\.)?[a-z0-9-]+\.org(?=/|\b)(?!\.\w)"  # rules 44: a charity's site ("twinstrust.org/support")
)
_EVENT_FIRST = (
    r"(?:summer|winter|spring|autumn|christmas|xmas|easter|diwali|eid|vaisakhi|baisakhi|holi|harvest|halloween|charity"
    r"|village|school|church|craft|baby|family|community|county|may|midsummer)"
)
_EVENT_WORD = r"(?:fair|fete|fête|festival|gala|mela|market|carnival|parade|bazaar|fun[ ]day)"
_EVENT_FIRST_BEFORE = re.compile(rf"(?i)\b{_EVENT_FIRST}[ ]$")
_EVENT_PIECE = re.compile(rf"(?i)(?:.*[ ])?{_EVENT_FIRST}[ ]{_EVENT_WORD}")
_EVENT_NEXT = re.compile(rf"(?i)[ ]+{_EVENT_WORD}\b")
#: Rules 42: the storms the Met Office, Met Éireann and KNMI named for Britain and Ireland, 2015 to 2026 (public facts):
#: "Storm X" or "storm X" is the storm only with one of these names (the removal-side review: "named Storm Riley",
#: "after the storm Kerry rang" are people).
_STORM_NAMES = frozenset(
    "abigail barney clodagh desmond eva frank gertrude henry imogen jake katie angus barbara conor doris ewan aileen "  # noqa: SIM905
    "brian caroline dylan eleanor fionn georgina hector ali bronagh callum deirdre erik freya gareth hannah atiyah "
    "brendan ciara dennis ellen francis jorge aiden bella christoph darcy evert arwen barra corrie dudley eunice "
    "franklin antoni betty agnes babet ciaran debi elin fergus gerrit henk isha jocelyn kathleen lilian ashley bert "
    "conall darragh eowyn floris amy benjamin claudia".split()
)
_STORM_BEFORE = re.compile(r"\b(?:[Ss]torm|[Hh]urricane)[ ]+$")
_STORM_WORDS = ("storm", "hurricane")
_ADDRESS_WORDS = re.compile(
    r"(?i)@|\b(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|btinternet|aol|proton(?:mail)?|sky|ymail|msn)\b"
    r"|\bdot[ ]+(?:com|co|uk|org|net|gov|nhs|ac|ie|pl|ro|pt|in)\b"
)


_JOINER_WORDS = frozenset({"underscore", "dash", "hyphen"})


#: Rules 42 (the keep-side review of rules 41: "Ted Baker changing bag"): brands named after people, kept only before a
#: product's or a shop's word (the removal-side review: "Ted Baker rang", "my midwife Jo Malone" are people).
_BRANDS = frozenset(
    {"ted baker", "cath kidston", "jo malone", "emma bridgewater", "ralph lauren", "calvin klein"}
)
_PRODUCT_AFTER = re.compile(
    r"(?i)[ ]+(?:changing[ ])?(?:bag|bags|coat|coats|dress|dresses|perfume|candle|candles|mug|mugs|shop|store|outlet"
    r"|top|tops|babygrow|babygrows|gift|gifts|set|print|jumper|blanket|scarf|purse|wash[ ]bag|voucher)\b"
)


def _named_storm(text: str, start: int, piece: str) -> bool:
    """ "Storm Darragh", "storm Bert": a named storm of `_STORM_NAMES` (the finding, "storm" right before it, or a
    finding "storm" right before the name: "[storm] Bert knocked the power out")."""
    words = [fold_word(w) for w in piece.split()]
    if len(words) == 2 and words[0] in _STORM_WORDS:
        return words[1] in _STORM_NAMES
    if len(words) == 1 and words[0] in _STORM_WORDS:
        after = re.match(r"[ ]+([A-Z][a-z]+)", text[start + len(piece) :])
        return bool(after) and fold_word(after.group(1)) in _STORM_NAMES
    return (
        len(words) == 1
        and words[0] in _STORM_NAMES
        and bool(_STORM_BEFORE.search(text, max(0, start - 12), start))
    )


def without_public_shapes(text: str, found: list[Finding], lexicon=None) -> list[Finding]:
    """Rules 42: findings that are public things: a named home before a venue's word, a name inside a public body's
    web address, a named storm or event ("Summer Fair"), an e-mail the tagger read into ordinary lower-case words with
    no provider, domain or "@" near ("arrived at dot of nine")."""
    domains = [m.span() for m in _PUBLIC_DOMAIN.finditer(text)]
    out = []
    for f in found:
        piece = text[f.start : f.end]
        if f.entity == "UK_ADDRESS" and not re.search(r"\d", piece) and _VENUE_AFTER.match(text, f.end):
            continue
        if (f.entity == "PERSON" or f.source == "NameTagger") and any(
            s <= f.start and f.end <= e for s, e in domains
        ):
            continue
        if f.entity == "PERSON" and piece.lower() in _BRANDS and _PRODUCT_AFTER.match(text, f.end):
            continue
        if f.entity == "PERSON" and _named_storm(text, f.start, piece):
            continue
        if f.entity == "PERSON" and (
            _EVENT_PIECE.fullmatch(piece)
            or (re.fullmatch(_EVENT_FIRST, piece, re.I) and _EVENT_NEXT.match(text, f.end))
            or (
                re.fullmatch(_EVENT_WORD, piece, re.I)
                and _EVENT_FIRST_BEFORE.search(text, max(0, f.start - 12), f.start)
            )
        ):
            continue  # "Summer Fair", "Diwali Mela": a public event
        if (
            f.entity == "EMAIL_ADDRESS"
            and f.source == "NameTagger"
            and lexicon is not None
            and all(w.islower() and w in lexicon and len(w) > 1 for w in piece.split())
            and sum(w in _JOINER_WORDS for w in piece.split()) < 2
            and not _ADDRESS_WORDS.search(text, max(0, f.start - 40), min(len(text), f.end + 40))
        ):
            continue
        out.append(f)
    return out


#: Rules 42 (blind47, a tuning writer: "[09:24] Jo: pearl calls her ...", "victory also said"): a given name typed in
#: lower case at a message's or a sentence's start, before what a person does.
_LOWER_SAID = re.compile(
    r"(?:^|(?<=[.!?:\]][ ])|(?<=[.!?:][ ][ ])|(?<=\n))([a-z]{3,})(?:[ ]+(?:also|then|just|now|still|always))?[ ]+"
    r"(?:said|says|told|asked|rang|phoned|texted|messaged|calls|called|rates|rated|reckons)\b"
)


def lower_said_names(text: str, found: list[Finding], lists) -> list[Finding]:
    """Rules 42: a word of the given-name lists in lower case opening a message or sentence before what a person does
    ("pearl calls her", "echo said"); never a stop, context, keep or clinical word ("everyone said", "mum rang")."""
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _LOWER_SAID.finditer(text):
        w = m.group(1)
        if (
            (
                w in lists.word_names
                or w in lists.first_names
                or w in lists.word_nicknames
                or w in lists.opening_names
            )
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in FAITH_TITLES
            and not taken.overlaps(m.start(1), m.end(1))
        ):
            extra.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:lower-said"))
    return resolve_overlaps(found + extra) if extra else found


#: Rules 42 (blind47: "Fisher family all there", "Page family not happy", "Cooper side are English"): a family name
#: before "family" or "side".
_FAMILY_AFTER = re.compile(
    r"(?<![\w'’@.-])([A-Z][a-z]{2,})[ ]+(?:family|families|side|clan|household)\b(?![ ]+(?:hub|hubs|centre|center|support|of[ ]things"
    r"|nurse|nurses|partnership|worker|workers|group|groups|room|liaison|service|services|therapy|court|law|planning"
    r"|friendly|doctor|gp|practice|unit|day|fun|of[ ]the))"
)
_NOT_FAMILY_NAMES = frozenset(
    "royal holy foster host birth extended whole big nuclear young new other same own blended traveller gypsy roma "  # noqa: SIM905
    "muslim christian sikh hindu jewish catholic asian black white military army forces lone single working modern "
    "step adoptive wider close immediate entire lovely nice kind good great poor whose every each either this that "
    "one mum dad mums dads maternal paternal british english jain windrush mirpuri hazara bajan bohra memon oromo "
    "sylheti punjabi gujarati tamil somali kurdish pashtun bright lucky inlaws admin ahmadi ahmadiyya ismaili".split()
)


def family_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """Rules 42: a family name of the lists, or a word of the names lists no dictionary knows, in title case before
    "family" or "side"; never a kind or a community of families ("Foster family", "Polish family", "Jain family",
    "Windrush families"), "side of things", a keep, clinical or place word (rules 44: a family name of the lists that
    only a village's name shares is no place here: "Khan family", "Rai family")."""
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _FAMILY_AFTER.finditer(text):
        w = fold_word(m.group(1))
        named = w in lists.surnames or (
            (w in lists.names or w in lists.word_names or w in lists.opening_names or w in lists.nicknames)
            and w not in lexicon
        )
        if (
            named
            and w not in _NOT_FAMILY_NAMES
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in lists.local
            and (
                w not in lists.vocab or (w in lists.surnames and w not in lists.world)
            )  # rules 44: "Khan family"
            and not taken.overlaps(m.start(1), m.end(1))
        ):
            extra.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:family-name"))
    return resolve_overlaps(found + extra) if extra else found


def _place_given(text: str, at: int, w: str, f: Finding, lists) -> bool:
    """Rules 46: a place abroad or a word name of the naming traditions in title case right before a family name found
    ("Vienna [Hartley-Moss] scored 2", "Kenya [Achieng-Lowe] came"); never a Kent place, a context, clinical or stop
    word, nor after a preposition, a determiner or another capitalised word ("from Lagos Ade said", "the Trust")."""
    if not (w in lists.world or w in lists.word_names_traditions):
        return False
    if w in lists.keep_words and w not in lists.first_names:
        return False  # "Swanscombe  Sunny Bhardwaj" (a town in a table's row), "Bliss"
    if (
        w in lists.local
        or w in CONTEXT_WORDS
        or w in STOP_WORDS
        or w in lists.clinical
        or w in TIME_NAMES
        or w in HONORIFICS
    ):
        return False
    if w in lists.word_nicknames or w in lists.pet_names or w in _SIGN_OFFS or w in _ADDRESS_TERMS:
        return False
    head = text[max(0, at - 16) : at]
    if re.search(
        r"(?i)\b(?:in|from|to|at|near|of|for|via|the|a|an|my|our|their|his|her|visit|visiting|back)[ ]+$",
        head,
    ):
        return False
    if re.search(r"[A-Z][\w'’-]*[ ]+$", head):
        return False  # "Swanscombe  Sunny Bhardwaj": the word before is capitalised too
    return bool(re.match(r"[A-Z][a-z]", text[f.start : f.end]))


_GIVEN_BEFORE = re.compile(r"(?<![\w'’@.&/-])([A-Z][a-z]+)[ ]$")
_CAPS_BEFORE = re.compile(r"(?<![\w'’@.&/-])([A-Z]{2,}),[ ]$")
_WORD_AFTER = re.compile(r"[ ]([A-Z][a-z]+)(?![\w'’@&-]|\.\w)")


_FIELD_WORDS = frozenset(
    "reg tel dob mob email ph contact caller address hosp ref no nhs postcode phone mobile fb ig insta".split()  # noqa: SIM905
)
_SIGN_OFFS = frozenset(
    {"thanks", "thank", "cheers", "regards", "dear", "hi", "hello", "hey", "from", "xx", "xxx"}
)
_COMPASS = frozenset(
    {"north", "south", "east", "west", "new", "upper", "lower", "great", "little", "old", "st", "saint"}
)


def grown_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """Rules 42 (blind47, a tuning writer: "Candy [Ho]", "Mrs P. [Brown]", "GREEN, [Autumn]", "[Alfie] Young"): a name
    found grows over the half left beside it: a given name of the lists in title case before it, a family name in
    capitals and a comma before it (a record's "SURNAME, Given"), and after it a family name of the lists or a word no
    dictionary knows, or after a title and an initial a word of the names lists ("Mr R. Swan"; not "seen by Dr M.
    Plan is ..."); never a context, keep, clinical, stop, local or pet-name word ("Lovely Sarah", "URGENT, Sarah")."""

    def plain(w: str) -> bool:
        return (
            w in _COMPASS
            or w in LABELS
            or w in FORM_WORDS
            or w in _FIELD_WORDS
            or w in _ADDRESS_TERMS
            or w in _SIGN_OFFS
            or (
                lists.keep_after is not None and lists.keep_after.fullmatch(w) is not None
            )  # "[Rukhsana] Apa"
            or w in CONTEXT_WORDS
            or w in STOP_WORDS
            or w in lists.keep_words
            or w in lists.clinical
            or w in lists.local
            or w in _NOT_IN_FULL_NAME
        )

    out, changed = [], False
    taken = SpanIndex((f.start, f.end) for f in found)
    for f in found:
        start, end = f.start, f.end
        if f.entity == "PERSON":
            before = text[max(0, start - 30) : start]
            given = (m := _GIVEN_BEFORE.search(before)) and not plain(w := fold_word(m.group(1)))
            given = given and (w in lists.first_names or w in lists.word_names or w in lists.nicknames)
            given = (
                given and w not in lists.word_nicknames and w not in lists.pet_names
            )  # "Lovely Sarah on nights"
            if not given and m:  # rules 46: a place abroad or a word name of the traditions as a given name
                given = _place_given(text, start - (len(before) - m.start(1)), w, f, lists)
            if not given:  # a record's "SURNAME, Given"
                m = _CAPS_BEFORE.search(before)
                given = (
                    m
                    and len(m.group(1)) > 2
                    and not plain(w := fold_word(m.group(1)))
                    and (w in lists.names or w in lists.surnames)  # not "URGENT, Sarah to call"
                    and w not in lists.acronyms
                    and text[f.start : f.end].istitle()
                    and not re.match(r"(?:Mr|Mrs|Ms|Miss|Dr)\b", text[f.start : f.end])
                )
            if given and not taken.overlaps(
                start - (len(before) - m.start(1)), start - (len(before) - m.end(1))
            ):
                start -= len(before) - m.start(1)
            if (
                (m := _WORD_AFTER.match(text, end))
                and not taken.overlaps(*m.span(1))
                and not re.match(r"[ ]*[\d:]", text[m.end(1) : m.end(1) + 3])  # "Mrs Q.H. Rating 9"
            ):
                w = fold_word(m.group(1))
                initial = re.search(r"\b[A-Z]\.$", text[f.start : f.end])
                if not plain(w) and (
                    (initial and (w in lists.word_names or w in lists.names or w not in lexicon))
                    or w in lists.surnames
                    or (
                        w not in lexicon
                        and w not in lists.common
                        and w not in lists.vocab
                        and w not in lists.world
                    )
                ):
                    end = m.end(1)
        if (start, end) != (f.start, f.end):
            changed = True
            f = Finding(start, end, f.entity, f.source)
        out.append(f)
    return resolve_overlaps(out) if changed else found


#: Rules 42 (blind47: "calls her Sugar", "the twins are Goldy and Bubbly at home", "Pinky her real name is ...",
#: "Chops - her uncle, real name ..."): what a person is called at home.
_NICK_CUES = (
    re.compile(r"\bcalls?[ ]+(?:her|him|me|them|the[ ]baby)[ ]+[\"“']?([A-Z][a-z]+)\b"),
    re.compile(r"(?<![\w'’@.-])([A-Z][a-z]+)(?:[ ]+(?:and|&)[ ]+([A-Z][a-z]+))?[\"”']?[ ]+at[ ]+home\b"),
    re.compile(
        r"(?<![\w'’@.-])([A-Z][a-z]+)[\"”']?(?:[ ,]+|[ ]+-[ ][^.;!?\n]{0,30}?[ ,]+)(?:(?:her|his)[ ]+)?real[ ]+name\b"
    ),
)


#: Words of address, no one's name ("she calls me Darling").
_ADDRESS_TERMS = frozenset(
    "darling love babe baby hun honey sweetie sweetheart dear duck pet mate sis bro bruv angel petal chick flower "  # noqa: SIM905
    "treasure trouble madam sir boss".split()
)


def nickname_cues(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """Rules 42: a name a person is called at home (`_NICK_CUES`): a word of the names or pet-name lists, or one no
    dictionary knows; before "at home" and "real name" one that is no English word (the keep-side review: "Happy at
    home now", "Settled at home", "Anonymous, real name withheld"), after "calls her" never a kinship or time word nor
    the first of two capitals ("Mama", "Beta", "Tuesdays", "Braxton Hicks"); never a context, stop, keep, clinical or
    local word."""
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []

    def english(w: str) -> bool:
        return lexicon is not None and w in lexicon

    def named(w: str) -> bool:
        return w in lists.names or w in lists.nicknames or w in lists.pet_names or w in lists.word_nicknames

    for k, rx in enumerate(_NICK_CUES):
        for m in rx.finditer(text):
            words = [
                (i, fold_word(m.group(i))) for i in range(1, (m.lastindex or 0) + 1) if m.group(i) is not None
            ]
            if k == 0:  # "calls her X"
                ok = [
                    (i, w)
                    for i, w in words
                    if (named(w) or w in lists.word_names or not english(w))
                    and w not in _KIN_CALLS
                    and w not in TIME_NAMES
                    and not re.match(r"[ ]+[A-Z][a-z]", text[m.end(i) :])
                ]
            elif k == 1:  # "X at home", "X and Y at home"
                strong = [(i, w) for i, w in words if named(w) and not english(w)]
                ok = words if strong and all(named(w) or not english(w) for _, w in words) else []
            else:  # "X, real name"
                ok = [(i, w) for i, w in words if (named(w) or not english(w)) and w not in _NO_NAME]
            for i, w in ok:
                if (
                    w in CONTEXT_WORDS
                    or w in STOP_WORDS
                    or w in lists.keep_words
                    or w in lists.clinical
                    or w in lists.local
                    or w in _NOT_IN_FULL_NAME
                    or w in _ADDRESS_TERMS
                    or taken.overlaps(m.start(i), m.end(i))
                ):
                    continue
                extra.append(Finding(m.start(i), m.end(i), "PERSON", "MaternityNameRules:nickname-cue"))
    return resolve_overlaps(found + extra) if extra else found


_NO_NAME = frozenset(
    "anon anonymous unknown redacted withheld confidential optional online blank caller private".split()  # noqa: SIM905
)
#: Kinship and address words after "calls her" (the keep-side review: "the baby calls her Mama", "calls her Beta").
_KIN_CALLS = frozenset(
    "mama mamma mum mummy mom mommy dad daddy papa nanny nana nan granny grandma gran beta beti jaan jaanu sister "  # noqa: SIM905
    "brother baby bubba princess prince boss superwoman sleepy lazy brave tiny".split()
)


#: Rules 42 (blind47: a group's register, "Echo Chan 8/10.", "Jelly Chin 7, 2nd baby", "Moon Yip 8."): two words in title
#: case at a clause's start, then a rating.
_RATED_PAIR = re.compile(
    r"(?:^|(?<=[.!?:;,][ ])|(?<=\n))([A-Z][a-z]+)[ ]([A-Z][a-z]+)[ ](?:10|[1-9])(?:[ ]?/[ ]?10)?(?=[.,;:!)]|[ ]*$|[ ]+[a-z(\"“])"
)


def rated_full_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """Rules 42: a full name in title case before its rating at a clause's start ("Echo Chan 8/10."): a given name of the
    lists in it, or a second word no dictionary knows; never a context, keep, clinical, local or place-noun word
    ("Labour Ward 8", "Darent Valley 9", "Birth Centre 9"), nor two places ("Tai Po 9")."""

    def given(w: str) -> bool:
        return (
            w in lists.first_names
            or w in lists.word_names
            or w in lists.nicknames
            or w in lists.word_nicknames
        )

    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _RATED_PAIR.finditer(text):
        first, last = fold_word(m.group(1)), fold_word(m.group(2))
        if any(
            w in CONTEXT_WORDS
            or w in STOP_WORDS
            or w in lists.keep_words
            or w in lists.clinical
            or w in lists.local
            or w in PLACE_NOUNS
            for w in (first, last)
        ):
            continue
        if first in lists.vocab and last in lists.vocab and not given(first):
            continue
        if (given(first) or given(last) or last not in lexicon) and not taken.overlaps(m.start(1), m.end(2)):
            extra.append(Finding(m.start(1), m.end(2), "PERSON", "MaternityNameRules:rated-name"))
    return resolve_overlaps(found + extra) if extra else found


#: Rules 42: what a name's word said again after these is a thing ("mango jelly", "the peach walls").
_THING_BEFORE = re.compile(r"(?i)\b(?:the|a|an|my|her|his|our|their|some|no|of)[ ]+$")
_LATE_SOURCES = (
    ":rated-name",
    ":lower-said",
    ":nickname-cue",
    ":family-name",
    "NameRepeat:said",
    ":sender",
    ":east-asian-name",
    ":thread-name",
    ":pair-name",
)


def late_repeats(text: str, found: list[Finding], lists) -> list[Finding]:
    """Rules 42: the words in title case of the names rules 42 found (`_LATE_SOURCES`; the repeats of the rules' and
    the tagger's names were taken before), said again in title case, go too ("Echo Chan 8/10 ... Echo only complaint");
    never after a determiner, nor a place after "in"/"from" (`place_use`), nor a context, keep or local word."""
    words = {
        w
        for f in found
        if f.entity == "PERSON" and f.source.endswith(_LATE_SOURCES)
        for w in re.findall(r"[A-Z][a-z]{2,}", text[f.start : f.end])
        if fold_word(w) not in CONTEXT_WORDS
        and fold_word(w) not in STOP_WORDS
        and fold_word(w) not in lists.keep_words
        and fold_word(w) not in lists.local
    }
    if not words:
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = [
        Finding(m.start(), m.end(), "PERSON", "NameRepeat:late")
        for m in _TITLE_TOKEN.finditer(text)  # one pass, not one per word (rules 44)
        if (w := m.group()) in words
        and not taken.overlaps(*m.span())
        and not _THING_BEFORE.search(text, max(0, m.start() - 8), m.start())
        and not THING_NEXT.match(
            text, m.end()
        )  # rules 44: "Hazel asked ... off Hazel ward", "Goodness knows"
        and not (fold_word(w) in TIME_NAMES and TIME_BEFORE.search(text, max(0, m.start() - 10), m.start()))
        and not place_use(text, m.start(), m.end(), lists)
    ]
    return resolve_overlaps(found + extra) if extra else found


_PLACE_BEFORE = re.compile(  # the removal-side review: "heard from Florence", "sat near Sofia" are people
    r"(?i)\b(?:in|(?:is|are|was|were|['’]s|originally|moved|family|parents|dad|mum)[ ]from)[ ]+$"
)


def place_use(text: str, start: int, end: int, lists) -> bool:
    """Rules 41 (blind45): a repeat of a found name that is the place it was named after ("Sofia ... born in Sofia so
    the name", "training in Florence in Italy"): a world place in title case after "in" or "is from", not a
    possessive nor before a verb of saying ("the toddler in Denver said": a full stop left out)
    (`Anonymiser._repeat_names` lets it stay); rules 49: "Ward" before a ward's number or own words ("Ward 5", "Ward
    staff")."""
    word = text[start:end]
    if word in ("Ward", "ward", "WARD") and re.match(
        r"[ ]*(?:\d|[A-Z]\b)|[ ]+(?:manager|staff|round|sister|clerk)", text[end:], re.I
    ):
        return True  # rules 49, the review: "Ward 5", "Ward staff" beside "Nurse Ward" is the hospital's ward
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


def with_rules42_names(text: str, found: list[Finding], lists, lexicon, cues: bool = True) -> list[Finding]:
    """Rules 42's steps after the guards (`Anonymiser._final_guards`): names in lower case before what a person does,
    names a person is called at home (when `cues`, the naming slots' switch `Anonymiser.naming_slots`, is on), halves
    of names grown over, a name's word said again before what a person does, family names before "family", full names
    before a rating, (rules 44) given names before an East Asian family name and names the note shows are people's
    (`name_shapes`), (rules 45) chat writers, names beside kinship words, in dictated notes and references in pieces
    (`message_names`), the words of those names said again (rules 44: not a month after a time's word, "due in May",
    nor before a thing's noun), then public things let go (`without_public_shapes`)."""
    found = lower_said_names(text, found, lists)
    found = grown_names(text, nickname_cues(text, found, lists, lexicon) if cues else found, lists, lexicon)
    found = family_names(text, said_repeats(text, found, lists), lists, lexicon)
    found = east_asian_names(text, rated_full_names(text, found, lists, lexicon), lists, lexicon)  # rules 44
    found = thread_names(text, found, lists, lexicon)  # rules 44
    found = person_pairs(text, found, lists, lexicon)  # rules 46
    found = note_heads(text, found, lists, lexicon)  # rules 64
    found = with_minutes_names(text, found, lists, lexicon)  # rules 46
    found = with_message_names(text, found, lists, lexicon)  # rules 45
    found = late_repeats(text, found, lists)
    return without_public_shapes(text, found, lexicon)


#: Rules 55: the words a place's name ends with, after which a one-word name the tagger alone found is the place's
#: ("the Bev Centre", "Archer House by the perinatal team").
_SERVICE_NOUN = re.compile(r"[ ]+(?:Centre|Center|Clinic|Surgery|Library|Hub|Unit)\b")
#: A lower-case street's words that say no street: an article or a possessive and one place noun ("the road", "our
#: close"), and a court's kind ("crown court", "county court").
_NO_STREET = re.compile(
    r"(?:(?:the|a|our|my|her|his|their|this|that|next|main|back|same)[ ]+)+[a-z]+|(?:crown|county|family|magistrates'?)[ ]court"
)


def retrained_misreading(text: str, f: Finding, lists, lexicon) -> bool:
    """Rules 55: what the tagger retrained on forty-two sets reads as personal that the rules' tests say is not; asked
    of its own findings only (`Anonymiser.merge_tagged`): a piece cut out of a word in a script with combining marks
    (Tamil: "நன்றி" read as "நன" and "ற"), an acronym the text defines in a bracket after its words ("Labour Ward (LW)
    ... LW"), a one-word name before a service's noun ("the Bev Centre"), a lower-case address that is only an
    article and a place noun or a court ("went down the road", "at crown court"), a house a team works from ("seen at
    Archer House by the perinatal team"), ordinary words after an outward code ("DA1 OLD town"), an English word in a
    list of things with colons ("Ginger: yes, Peppermint: yes") and a lower-case word said again after the same word
    heads its line ("amber: stays amber")."""
    piece = text[f.start : f.end]
    edges = text[f.start - 1 : f.start] + text[f.end : f.end + 1]
    if any(unicodedata.category(c).startswith("M") for c in edges):
        return True
    if f.entity == "PERSON" and re.fullmatch(r"[A-Z]{2,5}", piece) and _defined(text, piece, lists, lexicon):
        return True
    if f.entity == "PERSON" and " " not in piece and _SERVICE_NOUN.match(text, f.end):
        return True
    if (
        f.entity == "PERSON"
        and " " not in piece
        and text[f.end : f.end + 2] == ": "
        and fold_word(piece) in lexicon  # an English word no names list holds ("Ginger", not "Robin")
        and not lists.gazetteer(piece)
    ):
        before = re.split(r"[.!?\n]", text[max(0, f.start - 300) : f.start])[-1]  # a window: O(n) a finding
        sentence = before + " " + re.split(r"[.!?\n]", text[f.end : f.end + 300], maxsplit=1)[0]
        if any(fold_word(w) in lexicon and not lists.gazetteer(w) for w in _LABEL_WORD.findall(sentence)):
            return True
    if f.entity == "PERSON" and piece.islower() and piece.isalpha():
        # "amber: stays amber til ...": the heading's topic said again (the line's start read within 200 characters)
        nl = text.rfind("\n", max(0, f.start - 200), f.start)
        line = text[nl + 1 : f.start].lstrip() if nl >= 0 or f.start <= 200 else ""
        if line.lower().startswith(piece + ":"):
            return True
    if f.entity == "UK_ADDRESS" and _TEAM_HOUSE.fullmatch(piece) and _TEAM_AFTER.match(text, f.end):
        return True
    outward = _OUTWARD_THEN.fullmatch(piece) if f.entity == "UK_ADDRESS" else None
    if outward and all(fold_word(w) in lexicon for w in outward.group(1).split()):
        return True
    if f.entity == "UK_ADDRESS" and piece.islower():
        m = _NO_STREET.fullmatch(piece)
        if m and (piece.split()[-1] in PLACE_NOUNS or "court" in piece):
            return True
    return False


_LABEL_WORD = re.compile(r"(?<![\w'’-])([A-Z][a-z]+):[ ]")
_TEAM_HOUSE = re.compile(r"[A-Z][a-z]+[ ](?:House|Lodge)")
_TEAM_AFTER = re.compile(
    r"[ ]+(?:by|with|from)[ ]+the[ ]+(?:[a-z]+[ ]+){0,3}(?:team|unit|service|clinic)s?\b"
)
_OUTWARD_THEN = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?[ ]+([A-Za-z][A-Za-z ]*)")


def _defined(text: str, acronym: str, lists, lexicon) -> bool:
    """The text defines `acronym` in a bracket after words whose first letters spell it, one of them an English word
    ("Labour Ward (LW)"); never after names alone ("Maureen Okafor (MO)": her initials)."""
    for m in re.finditer(rf"\({acronym}\)", text):
        words = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 80) : m.start()])[-len(acronym) :]
        plain = any(fold_word(w) in lexicon and not lists.gazetteer(w) for w in words)  # not only names
        if plain and "".join(w[0] for w in words).upper() == acronym:
            return True
    return False
