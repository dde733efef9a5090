"""Rules 10: people written by their initials, sign-offs, spelled-out names, partial postcodes (and rules 29: closings,
titles before initials, names in capitals).

Steps after the tagger (`Anonymiser.more_names`), written after reading blind7's leaks (its writer
never saw the rules); each is a general slot, never a list of one-off words, and each can be switched
off to measure it (`train_tagger --off`):

- `initials`: a colleague written by two or three capitals in a person's slot ("ACTION: JK to call",
  "Attendees: JK, ...", "noted for JK.", "[NAME] (JK)", "TV please ring", "- KM" signing off, an
  action log's "• AO – ... • JK – ..."), unless the capitals are a known acronym (the clinical,
  service, keep and shorthand vocabularies: NHS, GP, HV, PALS, CQC, CTG, ...); once found, the same
  initials are removed wherever else the note writes them.
- `sign_offs`: a short reply signed with a first name ("Reply: 4. hope x", "... Not replying again.
  Chanelle", "Q1 5 ... Vy [EMAIL]"): the last word of a message after a sentence or a rating, when a
  names list knows it (an everyday-word name only in a short message) or it is a capitalised word no
  dictionary, place list or typo check knows.
- `closings` (rules 29): the name after a letter's or message's closing words at a line's end ("Kind regards,
  Tamsin Okafor-Reid", "speak soon, Hope", "many thanks joy", "thanks for listening, from rukhsana x"): a word
  a names list knows, or a capitalised word no dictionary, place list or typo check knows, and the capitalised
  family name after it (not a role: "Regards, Sunny Patel, Community Connector").
- `title_initials` (rules 29): a title before initials ("Mrs P.S.", "Mrs N.Ö.") or, typed in lower case, before a
  family name of the lists or a rare word ("dr hemmings").
- `capital_names` (rules 29): in a note not written in capitals, a run of capitals opening with a given name and
  holding a word no dictionary knows ("Contact me? HARMONY FELGATE").
- `spelled_names`: a name spelled letter by letter ("W-O-J-C-I-K", "C-O-M-F-O-R-T").
- `outward_codes`: a postcode's outward code alone ("BR8 area", "I'm in DA12", "da11 area", a table's
  postcode column, and since rules 21 a local district in any case after "from" or "in": "from br8"), with a keep check: one-letter areas and the codes that are also clinical or
  training grades ("B12" vitamin, "M25", "CO2", "FY1", "ST3") need a postcode word next to them.
- `name_titles`: "Sister" and "Rev"/"Pastor" before a name go inside its tag, as Dr and Mrs do.
- `table_cells`: a log's cell that is one capitalised word no dictionary, place list or typo check
  knows, between tabs, bars or semicolons ("08/04<TAB>Rukhsana<TAB>...").
- `coordinated`: a capitalised first name of the lists joined by "and", "&" or a comma to a name
  found ("Hope and [NAME]", "mum of Journey and [NAME]", "Comfort (Ghana), [NAME], [NAME]").
- `plural_families`: a family named in the plural ("the Kowalczyks", "three Kaurs").
- `opening_names`: a capitalised word no dictionary knows opening a note or line before a person's
  verb, "is", "was", a dash or a colon ("Tsering is from Tibet", "Bridgette - follow up").
- `who_names`: a capitalised first name of the lists before "who"/"(who" or "on nights/days"
  ("Ruth who runs it", "Dawn on nights").
"""

from __future__ import annotations

import re

from insights.quotes.context_words import CONTEXT_WORDS, LABELS, MONTH_PREFIXES, PERSON_VERBS, PLACE_NOUNS
from insights.quotes.lexicon import SHORTHAND, Finding, SpanIndex, fold_word

#: UK postcode areas (Royal Mail): the letters an outward code starts with.
_AREAS = """AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU
M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW
SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
POSTCODE_AREAS = frozenset(re.findall(r"[A-Z]+", _AREAS))


def typo_postcode(text: str, start: int, end: int) -> bool:
    """Rules 48: a postcode's shape that is a word typed wrong ("it10th"): written as one word with a lower-case
    letter, its letters before the first digit no UK postcode area, and no label before it ("postcode dq11 2jx",
    "DS11 6DB" typed for DA11 still go)."""
    code = text[start:end]
    m = re.match(r"([A-Za-z]{1,2})\d", code)
    if m is None or m.group(1).upper() in POSTCODE_AREAS or not re.fullmatch(r"\S+", code) or code.isupper():
        return False
    return not re.search(
        r"(?i)(?:post\s*code|\bp/?c|address|send\s+to)\W*$", text[max(0, start - 20) : start]
    )


#: Outward-code shapes that are also clinical or staff words ("CO2", a "FY1" or "ST3" doctor, "HS2"):
#: these, and one-letter areas ("B12" vitamin, "M25", "E3"), need a postcode word next to them.
#: Rules 39 (blind43): "DD1", "DD2" are a forum's "dear daughter" ("my DD2 was born at ..."), not Dundee's districts.
_AMBIGUOUS_AREAS = frozenset({"CO", "FY", "ST", "CT", "HS", "NO", "PE", "SP", "SA", "TA", "IG", "DD"})
_OUTWARD = re.compile(r"(?<![\w/+.-])([A-Za-z]{1,2})(\d{1,2}|\d[A-Za-z])(?![\w/+-]|\.\d)")
_POSTCODE_BEFORE = re.compile(
    r"(?i)(?:post\s?code|p/c|pc|lives?\s+(?:in|at)|living\s+in|moved\s+(?:to|from)|I['’]?m\s+in|she['’]?s\s+in|"
    r"area)[\s:,-]*$"
)
_POSTCODE_AFTER = re.compile(r"(?i)^[\s,]*(?:area|postcode|post code|way|side)\b")
_NOT_POSTCODE_AFTER = re.compile(
    r"(?i)^[\s,]*(?:vitamin|vit|motorway|junction|jct|bus|road|rd|route|toll|weeks?|wks?|/40|days?|"
    r"mg|mcg|units?|mmol|%)"
)
#: Rules 21: the postcode areas of Dartford, Gravesham, Swanley and Medway: in any case after "from", "in",
#: "near" or "around" their district is a postcode ("from br8").
LOCAL_AREAS = frozenset({"DA", "BR", "ME"})
_LOCAL_BEFORE = re.compile(r"(?i)\b(?:from|in|near|around)\s+$")
_NOT_POSTCODE_BEFORE = re.compile(r"(?i)(?:vitamin|vit|bus|route|junction|jct|number|no\.?|#)\s*$")

#: The words that label a list of people, in one place (insights.quotes.list_slots imports them): a roll
#: call ("Attendees:", "Present:"), who signs or writes a note ("From", "Signed", "Initials", "Staff"), and
#: who owns an action ("Action:", "Owner -", "Lead:").
ROLL_CALL = ("attendees", "attending", "present")
SIGNERS = ("signed", "initials", "from", "staff")
OWNERS = ("action", "actions", "todo", "to do", "task", "owner", "lead")
#: A label that lists people ("Attendees: JK, AB", "cc: RB", "signed KM").
_PEOPLE_LABEL = re.compile(
    rf"(?i)\b(?:{'|'.join(ROLL_CALL + SIGNERS + OWNERS)}|owners|apologies|cc|by|author|completed by|written by|noted by|"
    r"taken by)\s*[:\-–]\s*$"
)
_ACTION = re.compile(rf"(?i)\b(?:{'|'.join(OWNERS)})\s*[:\-–]?\s*$")
#: A person's slot before initials: "noted for JK.", "check with JK if", "thanks, RB", "signed KM".
_WEAK_BEFORE = re.compile(
    r"(?i)\b(?:for|with|ask|asked|tell|told|ring|call|email|thanks|thx|ta|cheers|signed)[\s,]+$"
)
_CLAUSE_START = re.compile(r"(?:^|[\n•·*;:|]|\s[-–—]\s|[.!?]\s|\d\d[:.]\d\d:?\s)\s*$")
_VOCATIVE_AFTER = re.compile(
    r"^\s*(?:please|pls|plz|did you|can you|could you|would you|are you|have you|will you|do you|"
    r"when you|if you|you)\b"
)
_DASH_AFTER = re.compile(r"^\s*[-–—]\s")
_TO_VERB = re.compile(r"^\s+to\s+([a-z]+)")
_VERB_AFTER = re.compile(r"^\s+([a-z]+)\b")
_END = re.compile(r"^\s*(?:[.!?)]|$|\n|\s[-–—]\s|,?\s*(?:if|re|about|when|before|after|by)\b)")
#: Two or three capitals that may be a colleague's initials ("JK", "RB"): not part of a longer word, a joined
#: abbreviation ("A&E", "C/S") or a dotted one. Shared with who_slots.
INITIALS = re.compile(r"(?<![\w&/.'’-])([A-Z]{2,3})(?![\w&/'’-]|\.\w)")
_BRACKETED = re.compile(r"^\s*\(([A-Z]{2,3})\)")

#: A message's last word: after a sentence, a rating ("4." / "5 -") or the start of a reply.
_SIGN_OFF = re.compile(
    r"(?:[.!?]\s+|\b\d{1,2}\s*[.)\-:]?\s+|^(?:reply|answer)\s*:\s*)([A-Za-z][a-z]+|[A-Z][A-Z]+)"
    r"(?:\s+x{1,3}|\s*[!.]|\s*,?\s*(?=\[))?\s*$",
    re.IGNORECASE,
)
#: Rules 29: a letter's or message's closing words before the writer's name ("Kind regards, Tamsin Okafor-Reid",
#: "speak soon, May", "many thanks joy", "thanks for listening, from rukhsana x", "Regards,\nBev").
_CLOSING = re.compile(
    r"(?im)(?:^|(?<=[\s.,!?;:(]))(?:(?:kind|warm|warmest|best|many|with)\s+(?:regards|wishes|thanks)|regards|"
    r"all\s+the\s+best|thanks\s+(?:again|so\s+much|a\s+lot|ever\s+so\s+much)|many\s+thanks|thanks|thank\s+you"
    r"(?:\s+(?:again|so\s+much))?|thx|cheers|(?:lots\s+of\s+|with\s+)?love(?:\s+from)?|speak\s+soon|take\s+care|"
    r"yours(?:\s+(?:sincerely|faithfully|truly))?|(?<=[,.!?\n]\s)from|(?<=[,.!?\n])from|^from)\b"
    r"[ \t]*[,\-–—:]?[ \t]*\n?[ \t]*"
    r"(?P<name>[^\W\d_][\w'’\-]*(?:[ \t]+(?-i:[A-Z])[\w'’\-]*){0,2})"
    r"(?=[ \t]*(?:x+\b|[!.]+)?[ \t]*(?:$|[(,\n]|[-–—][ \t]|[^\w\s.,!?'’\-]|[ \t]+and[ \t]))"
)
#: Rules 29: a title before initials ("Mrs P.S.", "Mrs N.Ö.", "Mr K") or, in lower case, before a word ("dr hemmings").
_TITLE_INITIALS = re.compile(
    r"(?<![\w'’-])(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?[ ]+(?:[^\W\d_a-z]\.(?:[ ]?[^\W\d_a-z]\.){0,2}|[^\W\d_a-z]{1,2}\b(?![.'’-]\w))"
)
#: A word after a lower-case title is a family name when the lists know it or it is rarer than this (Zipf 3.5:
#: "hemmings" 2.x; not "dr appointment").
_RARE_AFTER_TITLE = 3.5
_LOWER_TITLE = re.compile(r"(?<![\w'’-])(?:mrs|mr|ms|dr)\.?[ ]+([a-z][a-z'’-]{2,})\b")
#: Rules 64: "said" and "says" as hurried notes type them, never a family name after a lower-case title ("dr sed she
#: shud come back", "the dr sez its fine").
_SAID_TYPED = frozenset({"sed", "sez", "sayd", "sayed", "sais", "sayz", "siad"})
#: Rules 29: a run of two or three words in capitals inside a note that is not all capitals ("Contact me? HARMONY
#: FELGATE, 0770...").
_CAPITAL_RUN = re.compile(r"(?<![\w'’-])([^\W\d_a-z]{2,}(?:[ '’-][^\W\d_a-z]{2,}){1,2})(?![\w'’-])")
#: Words a closing is followed by that name no one ("thanks again", "love you all", "cheers hun").
_NOT_SIGNED = frozenset({
    "all", "everyone", "everybody", "again", "guys", "ladies", "team", "hun", "hunny", "babe", "babes", "love",
    "lovely", "you", "both", "so", "very", "much", "lots", "x", "xx", "xxx", "god", "lord", "jesus", "allah", "bye",
    "for", "to", "the", "a", "and", "in", "me", "us", "them", "him", "her", "anyway",
})  # fmt: skip
_REPLY_START = re.compile(r"(?i)^\s*(?:(?:survey\s+)?reply|answer|from\s|sms|text|q\d|survey|\d)")

_SPELLED = re.compile(r"(?<![\w-])((?:[A-Za-z][-‐.]){2,}[A-Za-z])(?![\w-]|\.\w)")

#: A ward's or a church's title, inside its name's tag (rules 30: "Sis Pat", "Deaconess Comfort", "Bro Kunle").
NAME_TITLE_WORDS = (
    "Sister", "Sis", "Rev", "Revd", "Reverend", "Pastor", "Deaconess", "Deacon", "Bro", "Mother", "Elder", "Father",
    "Imam", "Rabbi",
)  # fmt: skip
_NAME_TITLE = re.compile(rf"(?:\b({'|'.join(NAME_TITLE_WORDS)})\.?[ \t]+)$")
_OWNER_BEFORE = re.compile(
    r"(?i)(?:\b(?:my|her|his|your|their|our|a|the|big|little|older|younger)|\w['’]s)\s+$"
)

_WHO_AFTER = re.compile(
    r"^(?:\s*\(?\s*who\b|\s+on\s+(?:nights|days|lates|earlies|the\s+night\s+shift|the\s+day\s+shift)\b)"
)


#: The steps that add findings (Anonymiser attributes of the same names switch each on or off).
STEPS = (
    "initials",
    "sign_offs",
    "closings",
    "title_initials",
    "capital_names",
    "spelled_names",
    "outward_codes",
    "who_names",
    "table_cells",
    "coordinated",
    "plural_families",
    "opening_names",
)


def every_use(text: str, sure: set[str], found: list[Finding], source: str) -> list[Finding]:
    """Each place the note writes initials known to be a person's (`sure`) that no finding covers yet."""
    return [
        Finding(m.start(1), m.end(1), "PERSON", source)
        for m in INITIALS.finditer(text)
        if m.group(1) in sure and not any(f.start < m.end(1) and m.start(1) < f.end for f in found)
    ]


#: Rules 69: a place's word right after one of these names no one before "who" ("the lady from Stone who").
_PLACE_PREPOSITION = re.compile(r"(?i)\b(?:from|in|near|at|around)[ ]$")


class NoteRules:
    """Rules 10's slots over the project's word lists (`lists`) and dictionary (`lexicon`)."""

    def __init__(self, lists, lexicon):
        self.lists, self.lexicon = lists, lexicon
        phrases = lists.keep_pattern.pattern.split("|") if lists.keep_pattern else []
        words = {fold_word(w) for p in phrases for w in re.findall(r"[A-Za-z]+", p)}
        vocabulary = (
            lists.acronyms
            | lists.clinical
            | lists.keep_words
            | CONTEXT_WORDS
            | LABELS
            | PLACE_NOUNS
            | SHORTHAND
        )
        self.acronyms = frozenset(w for w in vocabulary | words if 2 <= len(w) <= 4)

    # -- initials -------------------------------------------------------------------------------

    def _acronym(self, token: str) -> bool:
        return token.lower() in self.acronyms

    def initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """Initials in a person's slot, then every other place the note writes the same initials."""
        people = [f for f in found if f.entity == "PERSON"]
        sure: set[str] = set()
        dashed: list[str] = []
        for m in INITIALS.finditer(text):
            token = m.group(1)
            if self._acronym(token):
                continue
            before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 40]
            start = bool(_CLAUSE_START.search(before))
            verb = _TO_VERB.match(after) or _VERB_AFTER.match(after)
            word = verb.group(1) if verb else ""
            if (
                _PEOPLE_LABEL.search(before)
                or _ACTION.search(before)
                or (start and _TO_VERB.match(after) and word in self.lexicon.base_verbs)
                or (start and _VOCATIVE_AFTER.match(after))
                or (_WEAK_BEFORE.search(before) and _END.match(after) and token.lower() not in self.lexicon)
                or (re.search(r"[(]\s*$", before) and any(0 <= m.start() - f.end <= 3 for f in people))
                or (re.search(r"(?:^|\s)[-–—]\s*$", before) and not text[m.end() :].strip())
                or (re.search(r",\s*$", before) and self._in_people_list(text, m.start(), people))
            ):
                sure.add(token)
            elif start and _DASH_AFTER.match(after):
                dashed.append(token)
        if len(set(dashed)) >= 2:  # an action log: "• JK – CQC response • AO – young parents group"
            sure.update(dashed)
        return every_use(text, sure, found, "MaternityNameRules:initials")

    @staticmethod
    def _in_people_list(text: str, start: int, people: list[Finding]) -> bool:
        """Initials in a comma list whose other items are names found ("JK, [NAME], [NAME]")."""
        line = re.split(r"[•\n;.]", text[:start])[-1]
        if re.search(rf"(?i)\b(?:{'|'.join(ROLL_CALL)}|apologies|cc)\s*:", line):
            return True
        return len([f for f in people if f.start >= start - len(line)]) >= 1 and bool(
            re.search(r"(?i)(?:with|and)\b", line)
        )

    # -- sign-offs ------------------------------------------------------------------------------

    def sign_offs(self, text: str, found: list[Finding]) -> list[Finding]:
        """The name a short reply is signed with: the note's last word (or the last before a contact
        already found: "Vy [EMAIL]") after a sentence, a rating or "Reply:"."""
        end = len(text.rstrip())
        tail = [f for f in found if f.entity in ("EMAIL_ADDRESS", "PHONE_NUMBER", "SOCIAL_MEDIA")]
        for f in sorted(tail, key=lambda f: -f.end):
            if not text[f.end : end].strip(" .,;:-"):
                end = f.start
        m = _SIGN_OFF.search(text[:end].rstrip(" ,;:-"))
        if not m:
            return []
        word = m.group(1)
        s, e = m.start(1), m.end(1)
        if any(f.start < e and s < f.end for f in found):
            return []
        w = fold_word(word)
        if (
            w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in LABELS
            or w in SHORTHAND
            or w in self.lists.keep_words
        ):
            return []
        if w in self.lists.clinical or len(w) < 2 or (word.isupper() and len(word) <= 3):
            return []
        short = len(text) <= 160 and bool(_REPLY_START.match(text))
        named = w in self.lists.names or w in self.lists.word_names
        everyday = w in self.lexicon or w in self.lists.common or w in self.lists.vocab
        unknown = not everyday and word[0].isupper() and not self.lexicon.typo(w)
        if not ((named and (short or not everyday)) or (unknown and short)):
            return []
        return [Finding(s, e, "PERSON", "MaternityNameRules:sign-off")]

    def closings(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: the name after a closing ("Kind regards, Tamsin Okafor-Reid", "speak soon, May", "from
        rukhsana x") at the end of a line: a word a names list knows, or a capitalised word no dictionary,
        place list or typo check knows; a capitalised family name after it comes too."""
        out = []
        taken = SpanIndex((f.start, f.end) for f in found)
        for m in _CLOSING.finditer(text):
            words = list(re.finditer(r"\S+", m.group("name")))
            if not self._signed(words[0].group()):
                continue
            end = words[0].end()
            for extra in words[1:]:  # "Okafor-Reid", not "Community Connector"
                w = fold_word(extra.group())
                if w in CONTEXT_WORDS or w in PLACE_NOUNS or w in LABELS or w in self.lists.keep_words:
                    break
                end = extra.end()
            start, end = m.start("name"), m.start("name") + end
            if not taken.overlaps(start, end):
                out.append(Finding(start, end, "PERSON", "MaternityNameRules:closing"))
        return out

    def title_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: a title and the initials after it ("Mrs P.S.", "Mrs N.Ö."), and a title typed in lower case
        before a word no dictionary knows or a family name of the lists ("dr hemmings")."""
        out = [
            Finding(m.start(), m.end(), "PERSON", "MaternityNameRules:title-initials")
            for m in _TITLE_INITIALS.finditer(text)
        ]
        for m in _LOWER_TITLE.finditer(text):
            w = fold_word(m.group(1))
            if (
                w in CONTEXT_WORDS
                or w in PERSON_VERBS
                or w in self.lists.clinical
                or w in SHORTHAND
                or w in _SAID_TYPED
            ):
                continue  # "dr said", "mr husband", "dr appt", "dr sed"
            if w in self.lists.names or self.lexicon.frequency.get(w, 0.0) < _RARE_AFTER_TITLE:
                out.append(Finding(m.start(), m.end(1), "PERSON", "MaternityNameRules:title-initials"))
        return out

    def capital_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: in a note not written in capitals, two or three words in capitals that open with a given name
        of the lists and hold a word no dictionary, place list or acronym list knows ("HARMONY FELGATE")."""
        if not re.search(r"[a-z]{3}", text):
            return []  # a note in capitals: read in lower case by the lower-case steps (rules 28)
        out = []
        for m in _CAPITAL_RUN.finditer(text):
            words = [fold_word(w) for w in re.split(r"[ '’-]", m.group(1))]
            first = (
                words[0] in self.lists.first_names
                or words[0] in self.lists.word_names
                or words[0] in self.lists.names
            )
            unknown = [
                w
                for w in words[1:]
                if not (
                    w in self.lexicon or w in self.lists.vocab or w in self.lists.common or w in self.acronyms
                )
            ]
            if first and unknown and words[0] not in self.acronyms:
                out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:capital-name"))
        return out

    def _signed(self, word: str) -> bool:
        """A word that signs a message: a name the lists know, or a capitalised word nothing else knows."""
        w = fold_word(word)
        if (
            len(w) < 2
            or w in _NOT_SIGNED
            or w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in LABELS
            or w in SHORTHAND
            or w in self.lists.keep_words
            or w in self.lists.clinical
            or (word.isupper() and len(word) <= 3)
        ):
            return False
        if w in self.lists.names or w in self.lists.word_names or w in self.lists.nicknames:
            return True
        everyday = w in self.lexicon or w in self.lists.common or w in self.lists.vocab
        return word[0].isupper() and not everyday and not self.lists.gazetteer(w) and not self.lexicon.typo(w)

    # -- spelled-out names ----------------------------------------------------------------------

    def spelled_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A word spelled letter by letter with hyphens ("W-O-J-C-I-K"), when the letters are not an
        acronym written with dots ("N.H.S.") nor a typo'd word; after "spell"/"name" or next to a
        name found in the same note."""
        out = []
        for m in _SPELLED.finditer(text):
            letters = re.sub(r"[^A-Za-z]", "", m.group(1))
            sep = re.sub(r"[A-Za-z]", "", m.group(1))
            if "." in sep or len(letters) < 3 or letters.lower() in self.acronyms:
                continue
            if not m.group(1).isupper():
                continue
            out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:spelled"))
        return out

    # -- partial postcodes ----------------------------------------------------------------------

    def outward_codes(self, text: str, found: list[Finding]) -> list[Finding]:
        """A postcode district alone ("DA12", "BR8 area", "da11 area")."""
        out = []
        for m in _OUTWARD.finditer(text):
            area, district = m.group(1), m.group(2)
            code = m.group(0)
            if area.upper() not in POSTCODE_AREAS or any(
                f.start < m.end() and m.start() < f.end for f in found
            ):
                continue
            before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() : m.end() + 20]
            if _NOT_POSTCODE_AFTER.match(after) or _NOT_POSTCODE_BEFORE.search(before):
                continue
            told = bool(_POSTCODE_AFTER.match(after)) or bool(
                re.search(r"(?i)(?:post\s?code|p/c|area)[\s:,-]*$", before)
            )
            if code.isupper() and _POSTCODE_BEFORE.search(before):
                told = True  # "lives in E3", "moved to M6"
            if code.isupper() and len(area) == 2 and area not in _AMBIGUOUS_AREAS and district[0] != "0":
                told = True  # "DA12", "BR8": two letters of a real area and a district
            if area.upper() in LOCAL_AREAS and district[0] != "0" and _LOCAL_BEFORE.search(before):
                told = True  # rules 21: "anon post from br8", "a mum in da12"
            if told:
                out.append(Finding(m.start(), m.end(), "UK_POSTCODE", "MaternityRules:outward-code"))
        return out

    # -- titles and "X who" ---------------------------------------------------------------------

    def name_titles(self, text: str, found: list[Finding]) -> list[Finding]:
        """A ward sister's or a minister's title inside the name's tag ("Sister Mwangi", "Rev. Akoto"),
        capitalised and not a relative ("my Sister Jane")."""
        out = []
        for f in found:
            if f.entity == "PERSON":
                m = _NAME_TITLE.search(text, max(0, f.start - 12), f.start)
                if m and not _OWNER_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                    f = Finding(m.start(), f.end, f.entity, f.source)
            out.append(f)
        return out

    def who_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A capitalised first name of the lists before "who" or "on nights": "Ruth who runs it"."""
        out = []
        for m in re.finditer(r"(?<![\w'’-])([A-Z][a-z]{2,})\b", text):
            if not _WHO_AFTER.match(text[m.end() : m.end() + 40]):
                continue
            w = fold_word(m.group(1))
            if w not in self.lists.first_names and w not in self.lists.word_names:
                continue
            if (
                w in CONTEXT_WORDS
                or w in PLACE_NOUNS
                or w in self.lists.keep_words
                or w in self.lists.clinical
            ):
                continue
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            if (
                w in self.lists.vocab
                and w not in self.lists.first_names
                and w not in self.lists.baby_words  # "a text from Ruth who runs it"
                and _PLACE_PREPOSITION.search(text, max(0, m.start() - 8), m.start())
            ):
                continue  # rules 69: a place's word names no one here ("the lady from Stone who wanted a home birth")
            out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:who"))
        return out

    # -- rules 10: cells, coordinated names, plural families, note openings ---------------------

    def _unknown(self, word: str, typos: bool = False) -> bool:
        """A capitalised word that no dictionary, names-as-words, place, medicine, keep, clinical or
        context list knows and that is no typo (`typos`: a word of 5+ letters may look like one,
        "Tsering", "Bridgette", where a slot says it is a name, unless it is two English words run
        together): a name by spelling."""
        w = fold_word(word)
        lists = self.lists
        return (
            len(w) >= 3
            and word[0].isupper()
            and not word.isupper()
            and w not in self.lexicon
            and w not in lists.common
            and w not in lists.vocab
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in self.acronyms
            and w not in CONTEXT_WORDS
            and w not in LABELS
            and w not in PLACE_NOUNS
            and ((typos and len(w) >= 5 and not self._compound(w)) or not self.lexicon.typo(w))
        )

    def _compound(self, w: str) -> bool:
        """Two English words of 3+ letters run together ("timescale", "everybody"): no name."""
        lex = self.lexicon
        return any(w[:i] in lex and w[i:] in lex for i in range(3, len(w) - 2))

    def _first_name(self, word: str) -> bool:
        """A capitalised first name of the lists, not a place, month, day or care word."""
        w = fold_word(word)
        lists = self.lists
        return (
            word[0].isupper()
            and (w in lists.first_names or w in lists.word_names or w in lists.names)
            and w not in lists.vocab
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in CONTEXT_WORDS
            and w not in PLACE_NOUNS
            and w[:3] not in MONTH_PREFIXES
            and w not in _DAYS
        )

    def table_cells(self, text: str, found: list[Finding]) -> list[Finding]:
        """A log's cell holding one capitalised word that is a name by spelling."""
        if not re.search(r"[\t│|;]", text):
            return []
        out = []
        for m in _CELL.finditer(text):
            word = m.group(1)
            if self._unknown(word, typos=True) and not any(
                f.start < m.end(1) and m.start(1) < f.end for f in found
            ):
                out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:cell"))
        return out

    def coordinated(self, text: str, found: list[Finding]) -> list[Finding]:
        """A first name joined to a name found: "Hope and [NAME]", "[NAME] & Journey"."""
        people = [f for f in found if f.entity == "PERSON"]
        if not people:
            return []
        out = []
        taken = SpanIndex((f.start, f.end) for f in found)
        for m in re.finditer(r"(?<![\w'’-])([A-Z][a-z]{2,})(?![\w'’-])", text):
            if not self._first_name(m.group(1)) or taken.overlaps(m.start(), m.end()):
                continue
            after = _JOINED_AFTER.match(text[m.end() : m.end() + 30])
            before = _JOINED_BEFORE.search(text[max(0, m.start() - 6) : m.start()])
            if (after and any(f.start == m.end() + after.end() for f in people)) or (
                before and any(f.end == m.start() - len(before.group(0)) for f in people)
            ):
                out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:joined"))
        return out

    def plural_families(self, text: str, found: list[Finding]) -> list[Finding]:
        """A family name in the plural, whose singular is a name of the lists and no English word."""
        out = []
        for m in re.finditer(r"(?<![\w'’-])([A-Z][a-z]{2,})s(?:['’](?!\w))?(?![\w-])", text):
            stem = fold_word(m.group(1))
            if stem not in self.lists.names or not self._unknown(m.group(1)) or not self._unknown(m.group(0)):
                continue
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            out.append(Finding(m.start(1), m.end(1) + 1, "PERSON", "MaternityNameRules:family"))
        return out

    def opening_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A name by spelling opening a note or line before a verb, a dash or a colon."""
        out = []
        for m in _OPENING.finditer(text):
            word = m.group(1)
            after = (m.group(2) or m.group(3)).lower()
            if not self._unknown(word, typos=True) or any(
                f.start < m.end(1) and m.start(1) < f.end for f in found
            ):
                continue
            if after in _OPENING_VERBS or after in PERSON_VERBS or after in ("-", "–", ":"):
                out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:opening"))
        return out


_DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_CELL = re.compile(r"(?:^|[\t│|;])[ \t]*([A-Z][a-z]+)[ \t]*(?=[\t│|;]|$)", re.MULTILINE)
_JOINED_AFTER = re.compile(r"^(?:\s*\([^()]{1,20}\))?\s*(?:,|and|&|\+)\s*")
_JOINED_BEFORE = re.compile(r"(?:\s+and|\s*&|,)\s+$")
_OPENING = re.compile(r"(?:^|\n|[\"“])[ \t]*([A-Z][a-z]+)(?:[ \t]+([a-z]+)|[ \t]*([-–:]))")
_OPENING_VERBS = frozenset(["is", "was", "has", "had", "will", "wants", "wanted", "can", "could", "would"])
