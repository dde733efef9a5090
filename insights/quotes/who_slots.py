"""Rules 12: colleagues' initials in who-does-what slots, and everyday words in a person's slot.

Steps after the tagger (`Anonymiser.more_names`, after rules 11's), written after reading blind8's and
blind9's leaks (blind9 was held out for rules 11 and is retired). Each is a general slot, never a list of
one-off words, and each can be switched off to measure it (`train_tagger --off`):

- `speaker_initials`: two or three capitals (no acronym of the vocabularies, no English word) that a note
  uses as a person: a speaker's tag ("TK: So if you think ...", "[comment BK: ...", "comment: ... - BK]"),
  a handover ("[NAME] -> BK", "BK -> [NAME]", "For [NAME] from BK:", "To do for BK:", "BK to [NAME]:",
  "BK reply to", "BK done:"), a role ("Facilitator JS", "sorry BK,"), "(draft, RM to cut)", and initials
  written after a name found before a comma or colon ("[NAME] BK, Fri:"); then every other place the
  note writes the same initials.
- `baby_names`: a capitalised word after "baby" ("baby Bear (2 wks)", "Baby Bliss is 5 weeks", "first baby
  Ocean"), unless it is a care, place-noun, month or day word, a keep term, or the first word of a
  capitalised run ("Baby Loss Awareness").
- `naming_slots`: a word the note says is a name: "X is the baby's name", "May is the grandmother, June is
  the mum", "Chanel and Mercedes are the twins", "everyone calls her sunny", "They call me Pops", "Pebbles
  is what everyone calls", "She is Gracie to everyone", "his name is Wales", "patience is my name", a
  transcript's "P2 (Mollie):"; once found so, the same word capitalised is removed wherever else the
  note writes it ("Patience (from Gravesend ...)").
- `opening_speakers`: a note that opens with who spoke, where ("joy at the greenhithe coffee morning said
  ...", "bliss (yes really, lovely lady) at swanley baby bank said", "hope again at gravesend baby bank
  ... says"): the first word, when a names list knows it or no dictionary does; a person written after
  a role that is not a care word ("new mum chanelle says", "Client Rosa", "Producer Bally", "deaconess
  bimpe"); an unknown capitalised word joined to a name found by "and" ("Jas and [NAME] please").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, LABELS, PLACE_NOUNS, TITLES
from insights.quotes.lexicon import Finding, fold_word
from insights.quotes.note_rules import INITIALS, every_use

STEPS = ("speaker_initials", "baby_names", "naming_slots", "opening_speakers")

_LINE_START = re.compile(r"(?:^|\n|[.!?]\s+|\[\s*(?:comment|note|nb|query)?\s*(?:from\s+)?)\s*$", re.I)
_COLON_AFTER = re.compile(r"^\s*:\s*\S")
_ARROW_BEFORE = re.compile(r"(?:->|→|=>)\s*$")
_ARROW_AFTER = re.compile(r"^\s*(?:->|→|=>)")
_HEADER_BEFORE = re.compile(r"(?i)\b(?:from|for|to)\s+$")
_OPENS = re.compile(r"(?:^|\n|[.!?]\s+|[,(]\s*)$")
_HANDOVER_AFTER = re.compile(r"^\s+(?:reply|replied|replies|done|here|to\s+all)\b|^\s+to\s+(?=\S)")
_ROLE_BEFORE = re.compile(
    r"(?i)\b(?:comments?\s+(?:from|by)|facilitator|facilitated\s+by|interviewer|moderator|chair|chaired\s+by|scribe|note[- ]?taker|"
    r"hosted\s+by|run\s+by|led\s+by|sorry|thanks|thank\s+you|cheers)\s+$"
)
_ROLE_AFTER = re.compile(r"^\s*(?:[,.;:)(]|$|\s+(?:in|and|to|on|at)\b)")
_ANNOTATION = re.compile(r"(?i)^\[\s*(?:comment|tracked\s+change|note|nb|query|edit)")
_TO_VERB = re.compile(r"^\s+to\s+([a-z]+)\b")

_BABY = re.compile(r"(?<![\w'’-])[Bb]aby\s+([A-Z][a-z]{2,})(?![\w'’-])")
_BABY_NOT_AFTER = re.compile(
    r"(?i)^[ \t]+(?:(?-i:[A-Z][a-z]+)|bank|banks|unit|group|club|caf[eé]|clinic|massage|room|ward|week|loss|blues|"
    r"friendly|shower|box|pack|basket|sling|monitor|show|care|feeding|sensory|yoga|signing|"
    r"class|classes|sessions?|courses?|lessons?)\b"  # rules 69: "Baby Bop classes"
)
#: Rules 69: "went to Baby Bop", "signed up for Baby Boogie": a class or group she goes to, not a baby.
_BABY_CLASS_BEFORE = re.compile(
    r"(?i)\b(?:went|go|goes|going|gone|attends?|attended|attending|started|tried|signed\s+up\s+for|booked)"
    r"(?:\s+(?:to|on|onto|into))?(?:\s+the)?\s+$"
)

_FAMILY = (
    r"baby|baby['’]s\s+name|son|daughter|twins?|triplets|mum|mom|mother|dad|father|grandmother|grandma|"
    r"grandad|grandfather|granny|nan|nana|nanny|eldest|youngest|sister|brother|partner|husband|wife|aunt|"
    r"auntie|uncle|stepmum|stepdad|godmother|little\s+one|newborn"
)
_IS_THE = re.compile(
    r"(?:^|(?<=[.!?,;:\-–—]\s)|(?<=\n))([A-Z][a-z]+)(?:\s+(?:and|&)\s+([A-Z][a-z]+))?\s+(?:is|are|was|were)\s+"
    rf"(?:the|our|her|his|my|their)\s+(?:{_FAMILY})\b"
)
_CALLS = re.compile(
    r"(?i)\b(?:everyone|everybody|they|we|people|family|friends|she|he|mum|dad|all)\s+(?:all\s+)?"
    r"(?:calls?|called)\s+(?:her|him|me|them|us|the\s+baby)\s+[\"“']?((?-i:[A-Za-z][a-z]+))\b"
)
_WHAT_CALLS = re.compile(
    r"\b([A-Z][a-z]+)\s+is\s+what\s+(?:everyone|everybody|they|we|people|friends|family)\s+(?:calls?|call)"
)
_TO_EVERYONE = re.compile(
    r"\b(?:is|am|was)\s+([A-Z][a-z]+)\s+to\s+(?:everyone|everybody|all|us|friends|the\s+family)\b"
)
_NAME_IS = re.compile(
    r"(?i)\b(?:his|her|my|their|the\s+baby['’]s|baby['’]s)\s+(?:first\s+|middle\s+|real\s+|actual\s+)?"
    r"name\s+is\s+[\"“']?((?-i:[A-Za-z][a-z]+))\b"
)
_IS_MY_NAME = re.compile(r"(?i)\b((?-i:[A-Za-z][a-z]+))\s+is\s+(?:my|her|his)\s+(?:real\s+)?name\b")
_SPEAKER_CODE = re.compile(r"\b[A-Z]{1,2}\d{1,2}\s*\(([A-Z][a-z]+)\)\s*:")

_OPENING = re.compile(
    r"(?:^|(?<=\n)|(?<=[.:]\s))[ \t]*([A-Za-z][a-z]+)([ \t]*\([^()\n]{0,60}\))?(?:[ \t]+again)?[ \t]+(?:at|from)[ \t]+"
    r"(?!(?:how|what|why|when|where|least|all|first|last|times?|night|home|once|work|school)\b)"
    r"[^.!?\n]{1,60}?\b(?:said|says|told|tells|rated|rates|wants|wanted|asked|mentioned|explained|felt|had)\b"
)
#: "..., esther rated dvh 8": a lower-case name of the lists before a speaker's verb, after a clause.
_LOWER_SPEAKER = re.compile(
    r"(?:^|(?<=[,;.:!?]\s)|(?<=\n))([a-z]{3,})\s+(?:rated|rates|said|says|told|tells|wants|wanted|asked)\b"
)
#: "Marvellous, a Nigerian mother from Gravesend": a word glossed as a woman or man of a nationality.
_APPOSITIVE_PERSON = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,}),\s+an?\s+(?:(?:young|older|first-time|single|new)\s+)?[A-Z][a-z]+\s+"
    r"(?:mother|mum|woman|lady|father|dad|man|grandmother|teenager|girl)\b"
)
#: "Faith (age 3)", "Bear (2 wks)": a child's age in brackets after a word.
_AGE_AFTER = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})\s*\((?:aged?\s*\d{1,2}|\d{1,2}\s*(?:wks?|weeks?|months?|mths?|yrs?|years?)"
    r"(?:\s+old)?)\)"
)
_ROLE_NAME = re.compile(
    r"(?i)\b(?:new\s+mum|nanny|nana|granny|grandma|auntie|aunty|client|producer|presenter|deaconess|deacon|"
    r"elder)\s+((?-i:[A-Za-z][a-z]+))\b(?![-'’@.]\w)"
)
_PERSON_AFTER = re.compile(
    r"\s*(?:[,.;:!?)]|$|\s(?:(says|said|rated|rates|wants|wanted|told|asked)|came|next|from|at|on|who)\b)"
)
_AND_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]{1,})\s+(?:and|&)\s+$")

#: Capitals that are words or abbreviations, never a colleague's initials ("OK:", "PS:", "FYI:").
_NOT_INITIALS = frozenset(
    [
        "OK",
        "NO",
        "YES",
        "PS",
        "NB",
        "RE",
        "AM",
        "PM",
        "UK",
        "US",
        "ID",
        "TV",
        "FYI",
        "BTW",
        "TBC",
        "OMG",
        "LOL",
        "IT",
        "IF",
        "OR",
        "AND",
        "THE",
        "BUT",
        "SO",
        "TO",
        "IN",
        "ON",
        "AT",
        "BY",
        "OF",
        "IS",
        "BE",
        "WE",
        "HE",
        "ME",
        "MY",
        "AN",
        "AS",
        "UP",
        "DO",
        "GO",
        "HI",
    ]
)
#: Words that stand in a person's slot without being a name ("She is the mum", "they call me back").
_NOT_NAMES = frozenset(STOP_WORDS) | frozenset(
    ["back", "out", "up", "later", "again", "today", "tomorrow", "now", "baby", "mum", "dad", "babe", "love"]
)


class WhoSlots:
    """Rules 12's slots over the project's word lists (`lists`), dictionary (`lexicon`), the acronyms
    rules 10 read (`acronyms`) and rules 11's care-word check (`care_word`)."""

    def __init__(self, lists, lexicon, acronyms: frozenset[str], care_word):
        self.lists, self.lexicon, self.acronyms, self._care_word = lists, lexicon, acronyms, care_word

    @staticmethod
    def _free(found: list[Finding], start: int, end: int) -> bool:
        return not any(f.start < end and start < f.end for f in found)

    def _named(self, word: str) -> bool:
        w = fold_word(word)
        return w in self.lists.first_names or w in self.lists.names or w in self.lists.word_names

    def _role_word(self, word: str) -> bool:
        """A role, title, care, place-noun or keep word, or a stop word: never a name in these slots
        (months and days may be: "May is the grandmother")."""
        w = fold_word(word)
        return (
            w in _NOT_NAMES
            or w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in LABELS
            or w in TITLES
            or w in self.lists.keep_words
            or w in self.lists.clinical
            or w in self.acronyms
        )

    # -- initials in who-does-what slots -----------------------------------------------------------

    def speaker_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """Initials a note uses as a person (speaker tags, handovers, comments, roles), then every other
        place the note writes them."""
        if text.isupper() or not re.search(r"[a-z]", text):
            return []
        people = [f for f in found if f.entity == "PERSON"]
        sure: set[str] = set()
        for m in INITIALS.finditer(text):
            token = m.group(1)
            if token in sure or token.lower() in self.acronyms or token in _NOT_INITIALS:
                continue
            s, e = m.span(1)
            before, after = text[max(0, s - 40) : s], text[e : e + 40]
            opens = bool(_OPENS.search(before))
            to_verb = _TO_VERB.match(after)
            bracket = text.rfind("[", 0, s)
            if (
                (_LINE_START.search(before) and _COLON_AFTER.match(after))
                or _ARROW_BEFORE.search(before)
                or _ARROW_AFTER.match(after)
                or (_HEADER_BEFORE.search(before) and _COLON_AFTER.match(after))
                or (opens and _HANDOVER_AFTER.match(after) and self._handover(text, e, people))
                or (opens and to_verb and to_verb.group(1) in self.lexicon.base_verbs)
                or (_ROLE_BEFORE.search(before) and _ROLE_AFTER.match(after))
                or (
                    bracket > text.rfind("]", 0, s)
                    and _ANNOTATION.match(text[bracket:])
                    and re.match(r"^\s*\]", after)
                )
                or (
                    any(0 <= s - f.end <= 1 for f in people)
                    and re.match(r"^\s*[,:]", after)
                    and token.lower() not in self.lexicon
                )
            ):
                sure.add(token)
        return every_use(text, sure, found, "MaternityNameRules:speaker-initials")

    @staticmethod
    def _handover(text: str, end: int, people: list[Finding]) -> bool:
        """ "BK reply", "BK done", "BK to all", or "BK to <a name found>"."""
        m = re.match(r"^\s+to\s+", text[end : end + 8])
        if not m or re.match(r"^\s+to\s+all\b", text[end : end + 12]):
            return True
        return any(f.start == end + m.end() for f in people)

    # -- "baby X" ----------------------------------------------------------------------------------

    def baby_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A capitalised word after "baby", unless a care word, keep term or a capitalised run."""
        out = []
        for m in _BABY.finditer(text):
            s, e = m.span(1)
            word = m.group(1)
            if (
                self._care_word(word)
                or self._role_word(word)
                or _BABY_NOT_AFTER.match(text[e : e + 20])
                or _BABY_NOT_AFTER.match(" " + word.lower())
                or (
                    _BABY_CLASS_BEFORE.search(text, max(0, m.start() - 30), m.start())
                    and text[e : e + 1] not in ("'", "’")  # "went to baby Mia's christening"
                )
            ):
                continue
            if text[m.start()] == "B" and re.search(r"(?<![\w'’-])[A-Z][a-z]+[ \t]+$", text[: m.start()]):
                continue  # inside a title-case run ("Bliss Baby Unit", "Gravesend Baby Bank")
            if self._free(found, s, e):
                out.append(Finding(s, e, "PERSON", "MaternityNameRules:baby-name"))
        return out

    # -- "X is the baby's name", "everyone calls her X" --------------------------------------------

    def naming_slots(self, text: str, found: list[Finding]) -> list[Finding]:
        """Words the note says are names; then the same word, capitalised, wherever else it stands."""
        spans: list[tuple[int, int]] = []
        for m in _IS_THE.finditer(text):
            for g in (1, 2):
                if m.group(g) and not self._role_word(m.group(g)):
                    spans.append(m.span(g))
        said: list[tuple[int, int]] = []  # "patience is my name": the name, not removed in its quote
        for rx in (_CALLS, _NAME_IS, _IS_MY_NAME):
            for m in rx.finditer(text):
                word = m.group(1)
                if self._role_word(word):
                    continue
                if word[0].isupper() or self._named(word) or fold_word(word) not in self.lexicon:
                    (said if rx is _IS_MY_NAME and word.islower() else spans).append(m.span(1))
        for rx in (_WHAT_CALLS, _TO_EVERYONE, _SPEAKER_CODE):
            for m in rx.finditer(text):
                if not self._role_word(m.group(1)):
                    spans.append(m.span(1))
        out = [
            Finding(s, e, "PERSON", "MaternityNameRules:naming") for s, e in spans if self._free(found, s, e)
        ]
        words = {text[s].upper() + text[s + 1 : e] for s, e in spans + said}
        for w in words:
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(w)}(?![\w'’-])", text):
                if self._free(found + out, m.start(), m.end()):
                    out.append(Finding(m.start(), m.end(), "PERSON", "MaternityNameRules:naming"))
        return out

    # -- who spoke, where ---------------------------------------------------------------------------

    def opening_speakers(self, text: str, found: list[Finding]) -> list[Finding]:
        """A note opening "X at <place> said", a person after a role, an unknown word "and [NAME]"."""
        out = []
        for m in _OPENING.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if self._role_word(word) or self._care_word(word) and not self._named(word):
                continue
            if (
                self._named(word)
                or (w not in self.lexicon and not self.lists.known_thing(word))
                or (m.group(2) and word.islower() and not self.lists.known_thing(word))
            ):
                s, e = m.span(1)
                if self._free(found, s, e):
                    out.append(Finding(s, e, "PERSON", "MaternityNameRules:opening-speaker"))
        for m in _LOWER_SPEAKER.finditer(text):
            word = m.group(1)
            if self._named(word) and not self._role_word(word) and not self._care_word(word):
                s, e = m.span(1)
                if self._free(found + out, s, e):
                    out.append(Finding(s, e, "PERSON", "MaternityNameRules:opening-speaker"))
        for rx in (_APPOSITIVE_PERSON, _AGE_AFTER):
            for m in rx.finditer(text):
                word = m.group(1)
                w = fold_word(word)
                if self._role_word(word) or self._care_word(word) or w in _NOT_NAMES:
                    continue
                if self.lists.known_thing(word) and not self._named(word):
                    continue  # "Dartford, a ...": a place
                s, e = m.span(1)
                if self._free(found + out, s, e):
                    out.append(Finding(s, e, "PERSON", "MaternityNameRules:person-gloss"))
        for m in _ROLE_NAME.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if self._role_word(word) or self._care_word(word):
                continue
            if word[0].isupper():
                ok = self._named(word) or not self.lists.known_thing(word)
            else:
                after = _PERSON_AFTER.match(text, m.end(1))
                ok = (
                    w not in self.lexicon
                    and not self.lists.known_thing(word)
                    and bool(after)
                    and (self._named(word) or not self.lexicon.typo(w) or bool(after.group(1)))
                )
            s, e = m.span(1)
            if ok and self._free(found + out, s, e):
                out.append(Finding(s, e, "PERSON", "MaternityNameRules:role-name"))
        for f in found:
            if f.entity != "PERSON":
                continue
            m = _AND_NAME.search(text, max(0, f.start - 20), f.start)
            if not m:
                continue
            word = m.group(1)
            w = fold_word(word)
            if (
                self._role_word(word)
                or self._care_word(word)
                or w in self.lexicon
                or self.lists.known_thing(word)
                or self.lexicon.typo(w)
            ):
                continue
            s, e = m.span(1)
            if self._free(found + out, s, e):
                out.append(Finding(s, e, "PERSON", "MaternityNameRules:and-name"))
        return out
