"""The anonymiser's recognisers: Presidio patterns and the context rules that find names, addresses and identifiers."""

from __future__ import annotations

import re

from insights.quotes import identifiers, reference_shapes, references, school_shapes
from insights.quotes.context_words import (  # names callers use as anonymise.<name> too
    BABY_FOLLOWS,
    BABY_THINGS,
    BEFORE_WORDS,
    CONTEXT_WORDS,
    MONTH_WORDS,
    NAME_FOLLOWS,
    NAME_MODALS,
    NAMING,
    NOT_BEFORE,
    PERSON_VERBS,
    PLACE_NOUNS,
    RELATIONS,
    ROLES,
    SAY_AFTER,
    THING_DET,
    TIME_NAMES,
    TITLES,
)
from insights.quotes.lexicon import (  # names callers use as anonymise.<name> too
    Lexicon,
    Lists,
    fold_word,
)
from insights.quotes.name_slots import ABSTRACT_NAMES, BABY_DOING, EPONYM_NOUNS, SlotNameRules, is_word
from insights.quotes.person_slots import PersonSlots

# --- recognisers ---------------------------------------------------------------------------------


def load_presidio():
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
#: Rules 22: nouns that make "on the 2nd" an ordinal, not a date ("on the 2nd call", "on the 3rd attempt").
_NOT_ORDINAL_NOUN = (
    r"(?!\s+(?:calls?|times?|attempts?|tries|try|visits?|occasions?|floors?|days?|nights?|weeks?|"
    r"appointments?|doses?|scans?|rounds?|shifts?|stages?|go|goes|one|ones|person|people|lines?|pages?|"
    r"levels?|operators?|ambulances?|crews?|wards?|centiles?|percentiles?)\b)"  # rules 58: centiles
)
DATE_PATTERNS = (
    # 14/03/2023, 14.03.23, 14-3-2023
    # rules 48: the same mark between day and month as between month and year ("9.30-12.00", "10-11.30" are times)
    (
        "numeric date",
        r"\b(?:0?[1-9]|[12]\d|3[01])([/.\-])(?:0?[1-9]|1[0-2])\1(?:19|20)?\d\d\b",
        0.9,
    ),
    # 17-Mar-1995, 17/mar/95, 17.March.1995 (rules 21)
    ("day month-word year", rf"\b(?:0?[1-9]|[12]\d|3[01])[/.\-]{_MONTHS}[/.\-](?:19|20)?\d\d\b", 0.9),
    # 1991.04.12, 1991/4/12 (rules 21)
    ("year month day", r"\b(?:19|20)\d\d[/.](?:0?[1-9]|1[0-2])[/.](?:0?[1-9]|[12]\d|3[01])\b", 0.9),
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
    # A month and year with no day ("March 2023") is a personal detail only as a birth or due date, which
    # reference_shapes.birth_month_year_spans finds (rules 22: "the lockdown started in March 2020" stays).
    # on Monday the 3rd / on the 21st; not an ordinal before a noun (rules 22: "on the 2nd call")
    ("weekday ordinal", rf"\b(?:{_DAYNAME}\s+the\s+|on\s+the\s+){_ORD_SUFFIXED}\b{_NOT_ORDINAL_NOUN}", 0.7),
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
#: Any decimal digit, in any script (the phone matcher reads them all), and the fewest digits a valid UK
#: number has (libphonenumber's GB lengths, with the leading 0).
_DIGIT = re.compile(r"\d")
_PHONE_MIN_DIGITS = 7

#: Candidate UK phone numbers: +44 / 0044 / 0, then digits with single spaces, dots, dashes or brackets. Rules 26:
#: never across a line break (two numbers on two lines were read as one too long to be a number, and both leaked).
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0 ?)\d[\d \t\r\f\v().\-]{7,20}\d(?!\w)", re.IGNORECASE
)
_NHS_CONTEXT = re.compile(
    r"\bnhs\s*(?:number|no\.?|num|#)?\s*(?:is|:|-)?\s*(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b", re.IGNORECASE
)


def _uk_phone_spans(text: str, rescan: bool = False) -> list[tuple[int, int]]:
    """UK numbers: the longest run of digit groups from a candidate that is 10-11 national digits. Rules 26: the
    search goes on right after a number found, so a second number typed after it ("07700 900123 07700 900124")
    is read too, not swallowed by the first one's candidate. Rules 41 (`rescan`, read after the tagger): after a
    candidate with no number read from its start, the search goes on one character later ("10:00 - 07700 900947")."""
    spans = []
    at = 0
    while m := _PHONE_CANDIDATE.search(text, at):
        at = m.start() + 1 if rescan else m.end()
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
                at = m.start() + len(piece)
                break
    return spans


#: Word sets the rules test every token against, made once (not per token).
_PLACE_OR_EPONYM = PLACE_NOUNS | EPONYM_NOUNS
_NAMED_RELATIONS = RELATIONS - {"baby", "boy", "girl", "twin", "law", "friend", "babies"}
_ROLES_RELATIONS = ROLES | RELATIONS

#: spaCy entity labels that say a word is a place, group or thing, not a person.
_THING_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "LANGUAGE", "PRODUCT", "EVENT", "LAW"})


def near_stop(word: str) -> bool:
    """One letter away from a short stop word of the same length ("thay", "whith", "thier")."""
    if not 3 <= len(word) <= 5:
        return False
    from spacy.lang.en.stop_words import STOP_WORDS

    for stop in _SHORT_STOPS.get(len(word), ()):
        diff = [k for k in range(len(word)) if word[k] != stop[k]]
        if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == stop[diff[1]]):
            return stop in STOP_WORDS
    return False


_SHORT_STOPS: dict[int, tuple[str, ...]] = {
    k: tuple(
        w
        for w in (
            "they",
            "them",
            "then",
            "than",
            "that",
            "this",
            "there",
            "their",
            "were",
            "where",
            "when",
            "what",
            "with",
            "which",
            "while",
            "your",
            "very",
            "have",
            "from",
            "been",
            "just",
            "also",
            "would",
            "could",
            "should",
            "about",
            "after",
            "the",
            "and",
            "but",
            "was",
            "she",
            "her",
            "his",
            "you",
            "are",
        )
        if len(w) == k
    )
    for k in (3, 4, 5)
}


class _Token:
    """A spaCy token's attributes the rules read, as plain Python values (`LightDoc`); anything
    else is read from the spaCy token itself."""

    __slots__ = ("text", "idx", "i", "doc", "is_stop", "is_punct", "is_space", "like_num")

    def __getattr__(self, name: str):
        return getattr(self.doc.spacy[self.i], name)


class LightDoc:
    """A spaCy Doc read once into plain tokens (speed: the rules index and iterate a note's tokens
    a dozen times over, and each `doc[i]` and `tok.text` on a spaCy Doc builds a new Python object).
    Supports what the rules use: len, iteration, `doc[i]`, `doc[a:b]` (a list), `doc.text`."""

    __slots__ = ("text", "tokens", "spacy")

    def __init__(self, doc):
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LIKE_NUM

        text = self.text = doc.text
        self.spacy = doc
        tokens = []
        rows = doc.to_array([IDX, LENGTH, IS_STOP, IS_PUNCT, IS_SPACE, LIKE_NUM]).tolist() if len(doc) else []
        for i, (idx, length, stop, punct, space, number) in enumerate(rows):
            tok = _Token()
            tok.text, tok.idx, tok.i, tok.doc = text[idx : idx + length], idx, i, self
            tok.is_stop, tok.is_punct, tok.is_space, tok.like_num = (
                stop == 1,
                punct == 1,
                space == 1,
                number == 1,
            )
            tokens.append(tok)
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def __getitem__(self, key):
        return self.tokens[key]


class _Rules(SlotNameRules):
    """The project's name, phone and NHS-number rules over one spaCy Doc."""

    def __init__(self, lists: Lists, lexicon: Lexicon):
        self.lists, self.lexicon = lists, lexicon
        self.slots = PersonSlots(self)  # rules 6: names by the parse's person slots

    def english(self, word: str) -> bool:
        return word in self.lexicon

    @staticmethod
    def person_follows(doc, j: int) -> bool:
        """Token j (the word after a candidate) reads as what follows a person, never a modal verb:
        "'s", "who", a speech or action verb in the past or third person, punctuation, the end."""
        if j >= len(doc):
            return True
        t = doc[j]
        w = fold_word(t.text)
        if t.is_punct and t.text not in {"'", "’", "-", "‐"}:
            return True
        if j + 1 < len(doc) and doc[j + 1].text.lower() in {"n't", "n’t", "nt"}:
            return w in {"could", "did", "was", "wo", "ca", "has", "is", "does"}
        if w in NAME_FOLLOWS or w in SAY_AFTER:
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
        return i > 0 and fold_word(doc[i - 1].text) in THING_DET

    def candidate(self, tok, strength: str) -> bool:
        """Is this token a person's name, given a clue before it (title, role) or after it (weak)?"""
        if not is_word(tok):
            return False
        w = fold_word(tok.text)
        if (
            strength in ("relation", "role")
            and w in self.lists.first_names
            and w not in CONTEXT_WORDS
            and (w not in NOT_BEFORE or w in NAME_MODALS)
            and self.person_follows(tok.doc, tok.i + 1)
        ):
            return True  # "her son May was in SCBU", "baby hope was born", "midwife joy said"
        if w in CONTEXT_WORDS or tok.is_stop or w in {"s", "t"} or tok.text == "w":
            return False
        if strength != "title" and w in self.lists.clinical:
            return False  # rules 5: "emergency C-sec", "mum w pnd"
        if (
            strength == "relation"
            and (w in self.lists.vocab or w in self.lists.word_names)
            and w not in NOT_BEFORE
            and not (tok.text.islower() and self.lexicon.verb_form(w))  # "her mum lay", "husband heard"
        ):
            return True  # "her partner Milan", "husband kenya", "partner sienna": a place or word as a name
        if strength == "baby":
            # "baby Sienna", "baby dallas was born", never "baby bank" or "baby born at 36 weeks"
            after = fold_word(tok.doc[tok.i + 1].text) if tok.i + 1 < len(tok.doc) else ""
            # rules 5: "baby summer doing well", "baby india born 2 wks early", "baby london is 6 wks"
            doing = after in BABY_FOLLOWS or after in BABY_DOING
            return (
                w not in BABY_THINGS
                and (w not in self.lists.keep_words or (doing and w in self.lists.vocab))
                and w not in self.lists.clinical
                and (
                    w in self.lists.first_names
                    or w in self.lists.word_names
                    or self.lists.unambiguous(w)
                    or (doing and w in self.lists.vocab)
                )
                and (
                    (tok.text[0].isupper() and not tok.text.isupper())
                    or self.person_follows(tok.doc, tok.i + 1)
                    or doing
                )
            )
        if strength == "relation":
            if (
                w in self.lists.first_names
                and w not in NOT_BEFORE
                and tok.text.islower()
                and w not in self.lexicon.irregular_verbs  # "my husband hung up", "her mum lay down"
            ):
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
            return (
                capital
                or self.lists.unambiguous(w)
                or (
                    not self.english(w) and not self.lexicon.typo(w) and not self.misspelt_common(w)
                )  # rules 22
            )
        if w in NOT_BEFORE:
            return False
        return self.lists.unambiguous(w) or (
            capital
            and (
                self.lists.gazetteer(w)
                or (
                    not self.english(w) and not (len(w) > 4 and self.misspelt_common(w))
                )  # rules 22: "Expecially"
            )
        )

    def namey(self, tok, loose: bool = False) -> bool:
        """Could this word be a name, given a clue around it? Known names (also everyday ones like
        joy or hope), capitalised or unknown words that are not places, medicines or typos."""
        if not is_word(tok):
            return False
        w = fold_word(tok.text)
        if w in CONTEXT_WORDS or w in PLACE_NOUNS or w in {"s", "t"} or w in self.lists.clinical:
            return False
        if w in self.lists.first_names or self.lists.unambiguous(w):
            return True
        if tok.is_stop or self.lists.known_thing(w):
            return False
        if not self.english(w):
            return not self.lexicon.typo(w)
        return loose and tok.text[0].isupper() and not tok.text.isupper()

    def opening_names(self, doc) -> list[tuple[int, int, str]]:
        """Rules 5: a name opening the note or a line, as a list entry: before a dash or colon
        ("mandeep - gestational diabetes", "amber W - 3rd pregnancy") or a phone number ("amber on
        07..."); a name that is also an everyday word ("hope - hope.k@...") only before a contact."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)
        for i in range(n - 1):
            if i > 0 and "\n" not in doc[i - 1].text and doc[i - 1].text not in {";", "\n"}:
                continue
            tok = doc[i]
            w = fold_word(tok.text)
            if (
                not is_word(tok)
                or tok.is_stop
                or len(w) < 2
                or w in CONTEXT_WORDS
                or w in NOT_BEFORE
                or w in self.lists.keep_words
                or w in self.lists.clinical
                or w in ROLES
                or w in RELATIONS
                or (tok.text.isupper() and len(w) <= 4)
            ):
                continue
            name = w in self.lists.first_names or w in self.lists.word_names or self.lists.unambiguous(w)
            foreign = not self.english(w) and not self.lexicon.typo(w) and not self.lists.known_thing(w)
            if not (name or foreign):
                continue
            j = i + 1
            if j + 1 < n and re.fullmatch(r"[A-Z]\.?", doc[j].text):
                j += 1  # "amber W -"
            if j < n and doc[j].text == "." and j > i + 1:
                j += 1
            rest = doc.text[doc[j].idx + len(doc[j].text) :].lstrip() if j < n else ""
            contact = bool(
                re.match(
                    r"(?i)(?:\+?\d|@|\S+@|\S+ dot |(?:fb|insta|ig|tiktok|snap|email|e-mail|mob|tel|tel\.)\b)",
                    rest,
                )
            )
            everyday = (
                w in ABSTRACT_NAMES or w in TIME_NAMES or w in MONTH_WORDS or (self.english(w) and not name)
            )
            strong = j > i + 1 or not self.english(w) or self.lists.unambiguous(w)
            listed = (
                j < n
                and rest
                and doc[j].text in {"-", "–", ":"}
                and (
                    doc[j].text == ":" or doc.text[doc[j].idx - 1 : doc[j].idx].isspace()
                )  # not "pre-eclampsia"
                and (
                    contact
                    # a name that is also an English word ("Amber - the light kept flashing") only
                    # with an initial, a number or a clinical word after the dash
                    or (strong and rest[:1].isalnum())
                    or (
                        not everyday
                        and (
                            rest[:1].isdigit()
                            or fold_word(re.match(r"[\w\-]*", rest).group(0)) in self.lists.clinical
                        )
                    )
                )
            )
            phoned = j + 1 < n and fold_word(doc[j].text) == "on" and re.match(r"\+?0\d", doc[j + 1].text)
            if not (listed or phoned):
                continue
            spans.append((tok.idx, doc[j - 1].idx + len(doc[j - 1].text.rstrip(".")), "context"))
        return spans

    def names(self, doc) -> list[tuple[int, int, str]]:
        """Character spans of names by clue, gazetteer and spelling."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            w = fold_word(tok.text)
            nxt = i + 1
            if nxt < n and doc[nxt].text == "." and w in TITLES:  # "Dr. Okafor"
                nxt += 1
            strength = None
            before = fold_word(doc[i - 1].text) if i > 0 else ""
            if w in TITLES:
                strength = "title"
            elif w in _NAMED_RELATIONS:
                strength = "relation"
            elif w in {"baby", "twin", "lo", "newborn"} or (
                w in {"one", "girl", "boy"} and before == "little"
            ):
                strength = "baby"  # "baby Sienna", "her little one willow"; rules 58: "with newborn sunny"
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
                    or fold_word(doc[nxt + 1].text) in self.lists.vocab
                    or not self.english(fold_word(doc[nxt + 1].text))
                )
            ):
                nxt += 1  # "partner - Jordan - came along", "husband (Kenya)", not "my mam - Crew ID"
            if strength == "title" and nxt < n and re.fullmatch(r"[A-Za-z]\.?", doc[nxt].text):
                spans.append((doc[nxt].idx, doc[nxt].idx + 1, "context"))  # "Mrs K."
                i = nxt + 1
                continue
            phoned = (
                strength == "relation"
                and nxt + 2 < n
                and is_word(doc[nxt])
                and not doc[nxt].is_stop
                and fold_word(doc[nxt + 1].text) == "on"
                and re.match(r"\+?0\d", doc[nxt + 2].text) is not None
            )  # rules 5: "call nanna pat on 07..."
            if strength and nxt < n and (phoned or self.candidate(doc[nxt], strength)):
                j = nxt + 1
                # a second name or a hyphenated family name ("Tamar Goldberg", "Adeyemi-Cole")
                while j < n:
                    if (
                        doc[j].text in "-‐"
                        and j + 1 < n
                        and is_word(doc[j + 1])
                        and doc[j + 1].text[0].isupper()
                    ):
                        j += 2
                    elif (
                        is_word(doc[j])
                        and (doc[j].text[0].isupper() or self.lists.unambiguous(doc[j].text))
                        and not doc[j].is_stop
                        and fold_word(doc[j].text) not in CONTEXT_WORDS
                        and fold_word(doc[j].text) not in PLACE_NOUNS
                        and fold_word(doc[j].text) not in self.lists.keep_words
                        and (not doc[j].text.isupper() or not self.english(doc[j].text))
                    ):
                        j += 1
                    else:
                        break
                if (
                    strength == "role"
                    and j < n
                    and fold_word(doc[j].text) in _PLACE_OR_EPONYM
                    and doc[j].text[:1].isupper()
                    and not self.lists.gazetteer(doc[nxt].text)
                ):
                    i = j  # "called Parkway Medical", "goes to Desmond course": a place or a course
                    continue
                spans.append((doc[nxt].idx, doc[j - 1].idx + len(doc[j - 1].text), "context"))
                i = j
                continue
            i += 1
        # "Grace the midwife", "Kwame, her partner", "Ileana (midwife)"
        for i in range(n - 2):
            k = i + 1
            if doc[k].text in {",", "(", "-", "–"}:
                k += 1
            if k < n and fold_word(doc[k].text) in {"the", "her", "my", "our", "his", "their", "a"}:
                k += 1
            if (
                k < n
                and fold_word(doc[k].text) in _ROLES_RELATIONS
                and k > i + 1
                # rules 70: a verb after a modal ("she would ring my cousin"), not a name
                and not (doc[i].text.islower() and i > 0 and fold_word(doc[i - 1].text) in _MODALS_BEFORE)
                and (
                    self.candidate(doc[i], "weak")
                    or (
                        # "Austin, her fella,", "camden (dad)", "Sydney the baby's dad": a place or word
                        # as a name before a relative (not "moved from Bexley, her mum ...")
                        fold_word(doc[k].text) in RELATIONS
                        and is_word(doc[i])
                        and (
                            fold_word(doc[i].text) in self.lists.word_names
                            or fold_word(doc[i].text) in self.lists.first_names
                        )
                        and fold_word(doc[i].text) not in self.lists.keep_words
                        and fold_word(doc[i].text) not in NOT_BEFORE
                        and self._free(doc, i)
                        and not (i > 0 and fold_word(doc[i - 1].text) in {"near", "around", "outside", "via"})
                    )
                    or (
                        # rules 5: "talked to dan (dad)", "mo (dad) said": a relative in brackets
                        doc[i + 1].text == "("
                        and k + 1 < n
                        and doc[k + 1].text in {")", ","}
                        and fold_word(doc[k].text) in RELATIONS
                        and is_word(doc[i])
                        and len(doc[i].text) > 1
                        and not doc[i].is_stop
                        and fold_word(doc[i].text) not in self.lists.keep_words
                        and fold_word(doc[i].text) not in CONTEXT_WORDS
                        and fold_word(doc[i].text) not in NOT_BEFORE
                        and (
                            fold_word(doc[i].text) in self.lists.first_names
                            or fold_word(doc[i].text) in self.lists.word_names
                            or fold_word(doc[i].text) in self.lists.vocab
                            or not self.english(fold_word(doc[i].text))
                        )
                    )
                )
            ):
                spans.append((doc[i].idx, doc[i].idx + len(doc[i].text), "context"))
        for tok in doc:
            if not is_word(tok):
                continue
            w = fold_word(tok.text)
            prev = doc[tok.i - 1] if tok.i > 0 else None
            while prev is not None and prev.is_space and prev.i > 0:
                prev = doc[prev.i - 1]
            # "Richardson Hospital", "James Cook hospital": a place named after a person
            before_place = (tok.i + 1 < n and fold_word(doc[tok.i + 1].text) in _PLACE_OR_EPONYM) or (
                tok.i + 2 < n
                and doc[tok.i + 1].text[:1].isupper()
                and fold_word(doc[tok.i + 2].text) in PLACE_NOUNS
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
                and fold_word(prev.text) not in BEFORE_WORDS
                and w not in self.lists.keep_words
                and not (tok.i + 1 < n and fold_word(doc[tok.i + 1].text) in _PLACE_OR_EPONYM)
            ):
                spans.append((tok.idx, tok.idx + len(tok.text), "gazetteer"))
            elif (
                tok.text[0].isupper()
                and not tok.text.isupper()
                and len(tok.text) > 2
                and w not in self.lists.keep_words
                and w not in self.lists.common
                and w not in CONTEXT_WORDS
                and not self.english(w)
                and not self.lists.known_thing(w)
                and not self.lexicon.typo(w)
                and not (len(w) > 4 and self.misspelt_common(w))  # rules 22: "Fromm the beginning"
                and not re.match(r"[A-Z]{2}[a-z]|[A-Z][a-z]{0,3}[A-Z]", tok.text)
                and tok.ent_type_ not in _THING_LABELS
                and not (tok.i + 1 < n and fold_word(doc[tok.i + 1].text) in PLACE_NOUNS)
                and not (  # "Thay were": a typo of a short common word opening a sentence
                    near_stop(w) and (tok.i == 0 or doc[tok.i - 1].text in {".", "!", "?", "\n"})
                )
                and not self._names_a_thing(doc, tok.i)  # "Rushcliffe local community mental health team"
            ):
                spans.append((tok.idx, tok.idx + len(tok.text), "spelling"))
        spans.extend(self.context_names(doc))
        spans.extend(self.slot_names(doc))
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
                    # rules 18: "sarah n said" is a name, an initial and a verb ("n" is no "and" there)
                    and not (
                        tok.text == "n"
                        and nxt.text.islower()
                        and (fold_word(nxt.text) in SAY_AFTER or fold_word(nxt.text) in PERSON_VERBS)
                    )
                    and self.namey(nxt, loose=True)
                    and (fold_word(nxt.text) not in NAME_MODALS or self.person_follows(doc, nxt.i + 1))
                ):
                    spans.append((nxt.idx, ne, "context"))
                behind = nxt.idx in starts or (
                    fold_word(nxt.text) in {"baby", "partner", "husband", "mum", "sister"}
                    and nxt.i + 1 < n
                    and doc[nxt.i + 1].idx in starts
                    and prev.i == 0
                )  # rules 5: "liv and baby [NAME] came"
                if (
                    behind
                    and prev.idx not in starts
                    and fold_word(prev.text) in self.lists.first_names
                    and fold_word(prev.text) not in CONTEXT_WORDS
                    and (fold_word(prev.text) not in NOT_BEFORE or fold_word(prev.text) in NAME_MODALS)
                    and not self.thing_before(doc, prev.i)
                ):
                    spans.append((prev.idx, pe, "context"))
        spans.extend(self.opening_names(doc))
        # rules 5: "[NAME], gem and abi all said": a name listed after a comma before "and"
        ends = {e for _, e, _ in spans}
        for tok in doc:
            if (
                tok.text == ","
                and 0 < tok.i < n - 2
                and doc[tok.i - 1].idx + len(doc[tok.i - 1].text) in ends
                and fold_word(doc[tok.i + 2].text) in {"and", "&", "n", "+"}
                and self.namey(doc[tok.i + 1], loose=True)
                and fold_word(doc[tok.i + 1].text) not in NAME_MODALS
            ):
                nxt = doc[tok.i + 1]
                spans.append((nxt.idx, nxt.idx + len(nxt.text), "context"))
                after = doc[tok.i + 3] if tok.i + 3 < n else None
                if (
                    after is not None
                    and self.namey(after, loose=True)
                    and fold_word(after.text) not in NAME_MODALS
                ):
                    spans.append((after.idx, after.idx + len(after.text), "context"))
        # rules 5: an initial right after a name ("[NAME] h complained", "Jo m. - 07...")
        ends = {e for _, e, _ in spans}
        for tok in doc:
            if (
                re.fullmatch(r"[A-Za-z]\.", tok.text)
                and tok.i > 0
                and tok.idx - 1 in ends
                and tok.text[0] not in "aiAI"
            ):
                spans.append((tok.idx, tok.idx + 1, "context"))  # "Jo m. - 07..."
                continue
            if (
                tok.i > 0
                and len(tok.text) == 1
                and tok.text.isalpha()
                and tok.idx - 1 in ends
                and doc.text[tok.idx - 1] == " "
                and (
                    (
                        tok.text.lower() not in "aixwstc"
                        and (tok.i + 1 >= n or not doc[tok.i + 1].text[:1].isalnum())
                        and not (tok.i + 1 < n and doc[tok.i + 1].text[:1] in "/&'’")  # "b/c", "b&b"
                    )
                    or (tok.i + 1 < n and doc[tok.i + 1].text == "." and tok.text not in "ai")
                    or (
                        tok.text.isupper()
                        and tok.text not in "AI"
                        and tok.i + 1 < n
                        and doc[tok.i + 1].is_punct
                    )
                    or (
                        tok.text.lower() not in "aixwstc"
                        and tok.i + 1 < n
                        and (
                            fold_word(doc[tok.i + 1].text) in SAY_AFTER
                            or fold_word(doc[tok.i + 1].text) in PERSON_VERBS
                        )
                    )
                )
            ):
                end = tok.idx + 1
                spans.append((tok.idx, end, "context"))
        spans.extend(self.slots.spans(doc))
        # "Agnieszka (Aga)": a short name in brackets right after a name
        ends = {e for _, e, _ in spans}
        for tok in doc:
            if (
                tok.text == "("
                and 0 < tok.i < n - 2
                and doc[tok.i - 1].idx + len(doc[tok.i - 1].text) in ends
                and doc[tok.i + 2].text == ")"
                and is_word(doc[tok.i + 1])
                and doc[tok.i + 1].text[0].isupper()
                and not doc[tok.i + 1].text.isupper()
                and fold_word(doc[tok.i + 1].text) not in self.lists.keep_words
                and fold_word(doc[tok.i + 1].text) not in CONTEXT_WORDS
                and not self.lists.known_thing(doc[tok.i + 1].text)
            ):
                nick = doc[tok.i + 1]
                spans.append((nick.idx, nick.idx + len(nick.text), "context"))
        if self.lists.deny_pattern is not None:
            spans.extend(
                (m.start(), m.end(), "deny-list") for m in self.lists.deny_pattern.finditer(doc.text)
            )
        return spans


#: Rules 71: a kept word this common (Zipf) is no local area a child's school is named after ("kids at Christmas").
LOCAL_AREA_ZIPF = 3.5
#: Rules 70: words after which a lower-case word is a verb ("would ring my cousin").
_MODALS_BEFORE = frozenset(
    ["would", "will", "can", "could", "should", "might", "must", "shall", "gonna", "wanna", "'ll", "’ll", "ll",
    "didn't", "didnt", "don't", "dont", "won't", "wont", "cant", "can't", "to"]
)  # fmt: skip


def make_recognisers(pa, base, lists: Lists, lexicon: Lexicon):
    """The project's recognisers as Presidio recognisers."""
    rules = _Rules(lists, lexicon)

    def known(word: str) -> bool:
        """An English word, a typo of one, a place, a service or a medicine: not a school's name."""
        return (
            word in lexicon
            or lists.known_thing(word)
            or lexicon.typo(word)
            or fold_word(word) in lists.clinical
        )

    def place(word: str) -> bool:
        """A gazetteer place that is not on the keep list of services."""
        w = fold_word(word)
        return w in lists.vocab and w not in lists.keep_words and word not in lexicon

    def kept(word: str) -> bool:
        """A word of the keep lists (a service, venue or place the officer keeps)."""
        return fold_word(word) in lists.keep_words

    def school_spans(text: str) -> list[tuple[int, int]]:
        """identifiers.school_spans with the anonymiser's dictionaries."""
        spans = [
            sp
            for sp in identifiers.school_spans(text, known, place, kept)
            if not school_shapes.care_after(text, sp)
        ]
        return sorted(set(spans + school_shapes.second_schools(text, spans)))  # rules 70

    def local_area(word: str) -> bool:
        """Rules 71: a kept word that is no common English word ("Westgate", "Rosherville"; not "Christmas")."""
        return kept(word) and lexicon.frequency.get(fold_word(word), 0.0) < LOCAL_AREA_ZIPF

    def local_school_spans(text: str) -> list[tuple[int, int]]:
        """school_shapes.local_school_spans with the keep lists (rules 70: "kids at Westgate"), and a school after it."""
        spans = school_shapes.local_school_spans(text, local_area)
        return spans + school_shapes.second_schools(text, spans)

    def page_word(word: str) -> bool:
        """Not a name (rules 20, a page's name): an English word, place or service that is no
        gazetteer name, nor such a name with an "s" ("Kirans")."""
        stem = word[:-1] if word.endswith("s") else word
        if lists.gazetteer(word) or lists.gazetteer(stem):
            return False
        return word in lexicon or lists.known_thing(word)

    def page_spans(text: str) -> list[tuple[int, int]]:
        """identifiers.page_spans with the anonymiser's dictionaries (rules 20)."""
        return identifiers.page_spans(text, page_word)

    class NameRules(pa.EntityRecognizer):
        """Names by clue, gazetteer, spelling and the deny-list (uses the shared spaCy Doc)."""

        def load(self) -> None:
            """Nothing to load."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find names."""
            doc = LightDoc(nlp_artifacts.tokens)
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
            ("HOSPITAL_NUMBER", references.case_reference_spans),  # rules 11
            ("SOCIAL_MEDIA", identifiers.handle_spans),
            ("SOCIAL_MEDIA", identifiers.handle_on_spans),
            ("SOCIAL_MEDIA", page_spans),  # rules 20
            ("DATE_TIME", identifiers.birth_date_spans),
            ("EMAIL_ADDRESS", identifiers.spelled_email_spans),
            ("UK_ADDRESS", identifiers.street_spans),
            ("UK_ADDRESS", lambda text: identifiers.flats_spans(text, kept)),
            ("SCHOOL", school_spans),
            ("SCHOOL", local_school_spans),  # rules 70
            ("PERSON", identifiers.initials_spans),
            ("PHONE_NUMBER", identifiers.spoken_phone_spans),
            ("PHONE_NUMBER", identifiers.bare_mobile_spans),  # rules 20 (after a phone word), 21 (anywhere)
            ("UK_POSTCODE", identifiers.spoken_postcode_spans),  # rules 19
            ("HOSPITAL_NUMBER", reference_shapes.hospital_shape_spans),  # rules 21
            ("DATE_TIME", reference_shapes.birth_year_spans),
            ("DATE_TIME", reference_shapes.birth_month_year_spans),  # rules 22
            ("DATE_TIME", reference_shapes.birth_day_month_spans),  # rules 48
            ("UK_POSTCODE", reference_shapes.loose_postcode_spans),  # rules 49
            ("UK_REG", reference_shapes.old_reg_spans),
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
            ] + [
                pa.RecognizerResult(
                    entity,
                    s,
                    e,
                    0.95,
                    recognition_metadata={
                        "recognizer_name": "UkIdentifiers",
                        "rule": "spoken_reference_spans",
                    },
                )
                for entity, s, e in (
                    *identifiers.spoken_reference_spans(text),
                    *reference_shapes.labelled_spoken_spans(text),  # rules 21
                )
            ]

    def patterns(entity: str, items, name: str):
        return pa.PatternRecognizer(
            supported_entity=entity,
            name=name,
            patterns=[pa.Pattern(label, regex, score) for label, regex, score in items],
        )

    nhs, phone, spacy_rec, postcode = base

    class GbPhone(phone):
        """Presidio's phone recogniser for GB numbers, not run on a text with fewer digits than the shortest
        valid UK number has (7, as "0800 1111"): the matcher could find nothing there, and most notes have
        no phone number (it was 8% of the anonymiser's time)."""

        def analyze(self, text, entities, nlp_artifacts=None):
            """Find phone numbers, if the text holds enough digits to hold one."""
            if len(_DIGIT.findall(text)) < _PHONE_MIN_DIGITS:
                return []
            return super().analyze(text, entities, nlp_artifacts)

    return [
        spacy_rec(supported_entities=["PERSON"]),
        NameRules(supported_entities=["PERSON"], name="MaternityNameRules"),
        GbPhone(supported_regions=("GB",), leniency=1, name="PhoneRecognizer"),
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
                "DATE_TIME",
                "PHONE_NUMBER",
                "UK_POSTCODE",
            ],
            name="UkIdentifiers",
        ),
        postcode(),
        patterns("EMAIL_ADDRESS", [("e-mail", EMAIL_PATTERN, 0.9)], "EmailOffline"),
        patterns("UK_ADDRESS", ADDRESS_PATTERNS, "UkStreetAddress"),
        patterns("DATE_TIME", DATE_PATTERNS, "SpecificDate"),
    ]
