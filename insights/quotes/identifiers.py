"""UK identifiers the anonymiser removes, as pure functions over text (no model needed).

Each function returns (start, end) character spans. Patterns follow the published formats:

- National Insurance numbers: two prefix letters, six digits, a suffix A-D, in any case and spacing.
  HMRC's rules: the first letter is not D, F, I, Q, U or V; the second is not D, F, I, O, Q, U or V;
  the prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued.
- Car registrations (DVLA): current "AB12 CDE" (since 2001; the age identifier is 02-29 or 51-79),
  compact or spaced, any case; the older prefix "A123 BCD" and suffix "ABC 123D" forms only next to a
  clue ("reg", "car", "plate", "registration").
- Hospital numbers and MRNs: after "hosp no", "hospital number", "MRN", "unit no", "RN", a run of
  6-10 characters holding at least 6 digits (optionally a letter or two first).
- Social media: "@handle", and handles or display names after "insta", "fb", "tiktok", "snap" (insights.quotes.social_names,
  re-exported here).
- E-mail spelled out: "priya dot k at gmail dot com".
- Streets without a house number, children's schools and named blocks of flats (by their last word).
- Initials: "J.B.", "a.k." (not "e.g.", "a.m.").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.lexicon import title_case_note
from insights.quotes.social_names import handle_spans, page_spans  # noqa: F401 (moved there; the same API here)

_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BANNED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z])\s?([A-Za-z])[\s\-]?(\d{2})[\s\-]?(\d{2})[\s\-]?(\d{2})[\s\-]?([A-Da-d])(?![A-Za-z0-9])"
)


def valid_nino_prefix(prefix: str) -> bool:
    """True when HMRC could issue this two-letter prefix."""
    p = prefix.upper()
    return len(p) == 2 and p[0] in _NINO_FIRST and p[1] in _NINO_SECOND and p not in _NINO_BANNED


_NINO_NO_SUFFIX = re.compile(
    r"(?i:\bn\.?\s?i\.?(?:\s*(?:no\.?|num(?:ber)?))?|\bnino|\bnational\s+insurance(?:\s+(?:no\.?|number))?)"
    r"\s*(?:is|:|-|=)?\s*([A-Za-z])\s?([A-Za-z])[\s\-]?(\d{2})[\s\-]?(\d{2})[\s\-]?(\d{2})(?![A-Za-z0-9])"
)
#: After an NI label the number is taken whatever its prefix ("NI QQ 12 34 56 C": HMRC's own example
#: prefix is never issued, but written down it is still someone's number or a typo of it).
_NINO_LABELLED = re.compile(
    r"(?i:\bn\.?\s?i\.?(?:\s*(?:no\.?|num(?:ber)?))?|\bnino|\bnational\s+insurance(?:\s+(?:no\.?|number))?)"
    r"\s*(?:is|:|-|=)?\s*([A-Za-z]\s?[A-Za-z][\s\-]?\d{2}[\s\-]?\d{2}[\s\-]?\d{2}(?:[\s\-]?[A-Da-d])?)"
    r"(?![A-Za-z0-9])"
)


def nino_spans(text: str) -> list[tuple[int, int]]:
    """National Insurance numbers with a valid prefix, any spacing or case; after an "NI" label the
    suffix letter may be missing ("her NI is JG103721")."""
    spans = [(m.start(), m.end()) for m in _NINO.finditer(text) if valid_nino_prefix(m.group(1) + m.group(2))]
    spans.extend(
        (m.start(1), m.end(5))
        for m in _NINO_NO_SUFFIX.finditer(text)
        if valid_nino_prefix(m.group(1) + m.group(2)) and not any(s <= m.start(1) < e for s, e in spans)
    )
    spans.extend(
        (m.start(1), m.end(1))
        for m in _NINO_LABELLED.finditer(text)
        if not any(s <= m.start(1) < e for s, e in spans)
    )
    return spans


_AGE = r"(?:0[2-9]|[12]\d|5[1-9]|[67]\d)"
_REG_CURRENT = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}\s?{_AGE}\s?[A-Za-z]{{3}}(?![A-Za-z0-9])")
_REG_CLUE = (
    r"(?:reg(?:istration)?(?:\s+(?:no\.?|number|plate))?|car|plate|number\s*plate|numberplate|vehicle|"
    r"van|lorry|truck|pickup|motorbike|taxi)"  # rules 19: "van P614 KWD"
)
_REG_OLD = re.compile(
    rf"\b{_REG_CLUE}\s*(?:is|was|:|-|\(|,)?\s*"
    r"((?:[A-Za-z]\d{1,3}\s?[A-Za-z]{3})|(?-i:[A-Z] \d{1,3} [A-Z]{3})|(?:[A-Za-z]{3}\s?\d{1,3}[A-Za-z]))"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def reg_spans(text: str) -> list[tuple[int, int]]:
    """UK car registrations: the current format anywhere, older formats after a clue."""
    spans = []
    for m in _REG_CURRENT.finditer(text):
        piece = m.group(0)
        # the current format always mixes letters and digits: reject ordinary words like "ab12cde"? no
        # such words exist; but keep "mid20s"-style text out: needs 2 letters + 2 digits + 3 letters
        spaced = bool(re.match(r"[A-Za-z]{2}\s", piece))
        clue = re.search(
            rf"{_REG_CLUE}\s*(?:is|was|:|-|\()?\s*$", text[max(0, m.start() - 30) : m.start()], re.I
        )
        if not spaced or piece.isupper() or clue:
            spans.append((m.start(), m.end()))
    spans.extend((m.start(1), m.end(1)) for m in _REG_OLD.finditer(text))
    return spans


#: A hospital number's label ("hosp no", "hospital number", "MRN", "unit no", "patient ID"); reference_shapes
#: reads it too (rules 21: a number a few words after it).
HOSPITAL_LABEL = r"(?:hosp(?:ital)?\.?\s*(?:no\.?|num(?:ber)?|#)|mrn|m\.r\.n\.?|unit\s*(?:no\.?|number)|patient\s+(?:no\.?|number|id))"
_HOSP = re.compile(
    rf"\b(?:{HOSPITAL_LABEL}|hn|h/n|hospital\s+id|rn)\s*(?:is|was|:|-|=|#|no\.?)?\s*"
    r"([A-Za-z]{0,3}\s?\d[\d\s]{5,10}\d|[A-Za-z]{1,3}\d{5,9})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


#: A hospital's letter code in capitals joined to a 6-10 digit number, or "<code> no 1234567"
#: ("DVH-00482913", "DVH4410276", "MFT no 2064558"); never a phone number (those start with 0 and
#: are found first) nor a code with fewer digits ("COVID-19", "A4").
_HOSP_CODE = re.compile(
    r"(?<![A-Za-z0-9\-])([A-Z]{2,4})(?:([\-/]?)|\s?(?:[Nn]o\.?|[Nn]umber|#|:)\s?)((?:[A-Z]\s?)?\d{6,10})(?![A-Za-z0-9])"
)


def hospital_number_spans(text: str) -> list[tuple[int, int]]:
    """Hospital numbers and MRNs written after their label or joined to a hospital's letter code."""
    out = []
    for m in _HOSP.finditer(text):
        if sum(c.isdigit() for c in m.group(1)) >= 6:
            out.append((m.start(1), m.end(1)))
    for m in _HOSP_CODE.finditer(text):
        if len(m.group(1)) == 2 and re.fullmatch(r"\d{6}", m.group(3)):
            continue  # "JG103721": the shape of an NI number (nino_spans decides)
        joined = m.group(2) is not None  # "DVH-00482913", "DVH4410276": the code is part of it
        out.append((m.start() if joined else m.start(3), m.end()))
    # rules 6: a number glued to letters before it takes them along ("RN4 5510776" was "RN[...]")
    return sorted({(_glued_start(text, s), e) for s, e in out})


def _glued_start(text: str, start: int) -> int:
    """Move a span's start back over letters and digits joined to it."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return start


_SP_PART = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w@]){_SP_PART}(?:\s+(?:dot|underscore|dash|hyphen|_|\.)\s+{_SP_PART})*"
    rf"\s+(?:at|@)\s+{_SP_PART}(?:\s+(?:dot|\.)\s+[A-Za-z]{{2,6}})+\b",
    re.IGNORECASE,
)
_DOMAINS = re.compile(
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|live|aol|btinternet|sky|nhs|msn|me|mail|proton|"
    r"protonmail|virginmedia|talktalk|ymail)\b",
    re.IGNORECASE,
)


def spelled_email_spans(text: str, wider: bool = False) -> list[tuple[int, int]]:
    """E-mail addresses spelled out in words ("priya dot k at gmail dot com"). Rules 41 (`wider`, read after the
    tagger so the rule findings its features read stay rules 30's): "at" and "dot" in brackets with no spaces, said in
    Polish, Portuguese or Romanian, and "gee mail", each read as its English of the same length (`wider_reading`);
    and "was", "said" or "gave" never taken into the local part."""
    stop = _EMAIL_STOP | _WIDER_STOP if wider else _EMAIL_STOP
    if wider:
        text = wider_reading(text)
    out = []
    for m in _SPELLED_EMAIL.finditer(text):
        piece = m.group(0)
        at = re.search(r"\s(?:at|@)\s", piece, re.IGNORECASE)
        # a known provider, or any provider under a generic or a country's top-level domain
        local_word = text[: m.start() + at.start()].split()[-1:] if at else []
        addressy = bool(local_word) and (
            bool(re.search(r"[._\d]", local_word[0]))
            or text[: m.start() + at.start()].split()[-2:-1] in (["dot"], ["underscore"])
        )
        if at and (_DOMAINS.match(piece[at.end() :]) or (_TLD.search(piece) and addressy)):
            # start at the last few words before "at": the local part ("priya dot k", "roxi dot b 95")
            lo = max(0, m.start() - 60)  # the match may start late: "roxi dot b 95 at ..." matched "95 at"
            local = text[lo : m.start() + at.start()]
            words = list(re.finditer(r"\S+", local))
            first = len(words) - 1
            while first >= 1:
                prev = words[first - 1].group(0).lower()
                if first >= 2 and prev in ("dot", "underscore", "dash", "hyphen", "_", "."):
                    first -= 2
                elif _numeric(words[first].group(0)) and prev.isalpha() and prev not in stop:
                    first -= 1  # rules 6: "wendy dot hollis 63 at ...": digits typed after a space
                    # (rules 19: or said, "rowlands two at", "pike two thousand eight at")
                elif len(prev) <= 2 and prev.isalnum() and prev not in stop and first >= 2:
                    first -= 1  # "roxi dot b 95": a short piece typed with a space
                else:
                    break
            if (
                first >= 2
                and _NAME_BEFORE_AT.fullmatch(words[first - 1].group(0))
                and words[first - 1].group(0).lower() not in stop | _EMAIL_CUES
                and (
                    words[first - 2].group(0).lower() in _EMAIL_CUES
                    or words[first - 2].group(0).endswith(":")
                )
            ):
                first -= (
                    1  # rules 19: a name said with a space after the e-mail's cue ("as loveday okoro at")
                )
            out.append((lo + words[first].start(), m.end()))
    # rules 6: a dotted local part at a known provider, the top-level domain left out ("obi dot
    # ngozi at gmail")
    out.extend(
        (m.start(), m.end())
        for m in _SPELLED_NO_TLD.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in out)
    )
    # rules 6: after an e-mail label any "word at word dot tld" ("mail kasia at wp dot pl")
    out.extend(
        (m.start(1), m.end(1))
        for m in _LABELLED_SPELLED.finditer(text)
        if not any(s < m.end(1) and m.start(1) < e for s, e in out)
    )
    return out


_FOREIGN_DOT = re.compile(r"(?i)(?<=\s)(?:kropka|ponto|punct|punto)(?=\s)|[ ]?[\[(][ ]?dot[ ]?[\])][ ]?")
_FOREIGN_AT = re.compile(  # rules 45 (blind51): "a rond" (Romanian, as said), "chiocciola", "arobase", "at sign"
    r"(?i)(?<=\s)(?:ma[lł]pa|arroba|a[ ]?rond|chiocciola|arobase|at[ ]sign)(?=\s)|[ ]?[\[(][ ]?at[ ]?[\])][ ]?"
)
_SAID_MAIL = re.compile(r"(?i)\b(?:gee|g|hot|google)[ ]mail\b")
_WIDER_STOP = frozenset({"was", "be", "are", "its", "it's", "says", "said", "gave"})


def wider_reading(text: str) -> str:
    """Rules 41: the text with "[at]", "(dot)", "kropka", "małpa", "ponto", "arroba", "gee mail" ... written as " at ",
    " dot ", "gmail", each padded to its own length, so offsets hold."""

    def said(word: str):
        return lambda m: (
            f" {word} ".center(len(m.group())) if not m.group()[0].isalpha() else word.ljust(len(m.group()))
        )

    text = _FOREIGN_DOT.sub(said("dot"), text)
    text = _FOREIGN_AT.sub(said("at"), text)
    return _SAID_MAIL.sub(
        lambda m: (m.group()[0].lower() + "mail" if m.group()[0] in "gG" else "hotmail").ljust(
            len(m.group())
        ),
        text,
    )


_LABELLED_SPELLED = re.compile(
    r"(?i)\b(?:e-?mail|mail)(?:\s+(?:is|address|addy|add|its|it's))*\s*[:\-]?\s+"
    r"([a-z0-9]+(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+)*\s+at\s+[a-z0-9]+(?:\s+dot\s+[a-z]{2,6})+)\b"
)
_SPELLED_NO_TLD = re.compile(
    rf"(?<![\w@])[A-Za-z0-9]+(?:\s+(?:dot|underscore)\s+[A-Za-z0-9]+)+(?:\s+\d+)?\s+at\s+{_DOMAINS.pattern}",
    re.IGNORECASE,
)

#: Words right before an e-mail address that is spelled out ("her e-mail as ...", "email: ...").
_EMAIL_CUES = frozenset(["email", "e-mail", "mail", "as", "is", "spelled", "spelt", "address", "addy", "its"])
_NAME_BEFORE_AT = re.compile(r"[a-z][a-z'\-]{1,20}")


def _numeric(word: str) -> bool:
    """Digits, or a number word said rather than typed ("pike two thousand eight", rules 19)."""
    return word.isdigit() or bool(re.fullmatch(_NUMBER_WORD, word, re.IGNORECASE))


#: Short words never part of an address's local part.
_EMAIL_STOP = frozenset({"a", "i", "to", "is", "me", "on", "at", "my", "or", "in", "it", "of", "as", "by"})
#: The address ends "dot <top-level domain>" (generic or a country's, incl. "dot co dot uk").
_TLD = re.compile(
    r"(?i)\s(?:dot|\.)\s+(?:com|net|org|co|uk|pl|ro|lt|lv|ee|de|fr|it|es|pt|ie|bg|hu|cz|sk|gr|tr|ua|ru|al|in|"
    r"pk|bd|ng|gh|ke|za|so|er|et|io|me|info|eu|us|ca|au|nz)$"
)


_STREET_WORDS = (
    r"(?:road|street|lane|avenue|close|drive|crescent|grove|gardens|terrace|mews|way|walk|rise|"
    r"place|square|parade|hill|row|vale|court|park|green)"
)
_STREET_LOWER_WORDS = r"(?:road|street|lane|avenue|close|crescent|grove|gardens|terrace|mews)"
_CAP = r"(?:St\.?\s|Saint\s)?[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?"
_STREET_CAP = re.compile(
    rf"\b(?:{_CAP}\s+){{1,3}}(?:Road|Street|Lane|Avenue|Close|Drive|Crescent|Grove|Gardens|Terrace|Mews|Way|Walk|Rise|Square|Parade|Row|Vale|Rd|Ave|Cres|Gdns|St(?!\.?\s+[A-Z]))\b\.?"
    r"(?:\s+(?:East|West|North|South)\b)?"
)
_STREET_UPPER = re.compile(
    r"\b(?:(?!(?:THE|AND|WAS|WERE|HER|HIS|OUR|OFF|ONE|ALL|FOR|ANY|THAT|THIS|MAIN|HIGH|SAME|BUSY|LONG|WRONG|"
    r"RIGHT|NEW|OLD|ACROSS|ALONG|DOWN|FROM|INTO|ONTO|NEAR|WITH|EVERY|LIVES|LIVED|MOVED)\b)[A-Z][A-Z'’\-]{2,}\s+){1,3}"
    r"(?:ROAD|STREET|LANE|AVENUE|CLOSE|DRIVE|CRESCENT|GROVE|GARDENS|TERRACE|MEWS|"
    r"WAY|WALK|RISE|RD|AVE)\b"
)
_STREET_LOW = re.compile(
    rf"\b(?:lives?|living|moved|move|flat|house|address|is|on|in|off|along|down|up|near|to|from|at)\s+"
    rf"(?:on|in|off|to|at|near|down|up)?\s*((?:(?!(?:the|a|an|her|his|my|our|their|this|that|same|main|high|one|very|so|too|fast|memory|slow|right|wrong|really|quite|more|as|was|is|be|not|get|got|getting|come|came|went|go|going|stay|stayed|keep|kept|feel|felt|sit|stand|being|way|all|it|its|[a-z]+ly)\b)[a-z][a-z'’\-]+\s+){{1,3}}{_STREET_LOWER_WORDS})\b"  # rules 21: "-ly" ("relatively close")
    # rules 70: "buying street heroin" is no street
    r"(?!\s+(?:heroin|drugs?|valium|cocaine|crack|weed|spice|food|lights?|level|cred|value|sellers?|dealers?|homeless))",
)
_SCHOOL = re.compile(
    rf"\b((?:Our\s+Lady(?:'s|’s)?\s+of\s+(?:the\s+)?)?"  # rules 20: "Our Lady of the Rosary Primary"
    r"(?!(?:My|Your|Her|His|Their|Its|The|This|That|A|An)\s+(?:RC|CofE|CE)\b)"  # rules 34: "My RC does not listen"
    rf"(?:(?:{_CAP}|C\s+of\s+E|CofE|CE|RC|Church\s+of\s+England)\s+){{1,5}}(?:Grammar|Primary|Academy|Infants?|"
    r"Juniors?|Junior School|Infant School|Primary School|High School|Secondary|Comprehensive|School|"
    r"Technology College|College|Sixth Form(?:\s+College)?|Pre-School|Preschool|Day Nursery|Montessori|Prep|Nursery|"
    r"C\s+of\s+E|CofE|RC)"
    r"(?:\s+(?:School\s+)?for\s+(?:Girls|Boys))?)\b"
    r"|\b([A-Z]{2,5}\s+College)\b(?!\s+Hospital)"  # rules 20: "NWK College"
)
#: Rules 20: a school's name in capitals ("NORTHFLEET HEIGHTS SCHOOL"), two or more words that are not a
#: school's kind, a determiner or a school-run word before SCHOOL or COLLEGE.
_SCHOOL_UPPER = re.compile(
    r"\b((?:(?!(?:THE|AND|AT|TO|MY|HER|HIS|OUR|THEIR|SON|SONS|DAUGHTER|CHILD|KIDS|ELDEST|YOUNGEST|GOES|GO|GOING|"
    r"FROM|IN|FOR|NEW|OLD|LOCAL|SAME|THIS|THAT|SUNDAY|DRIVING|NIGHT|SUMMER|PRIMARY|SECONDARY|HIGH|GRAMMAR|INFANT|"
    r"JUNIOR|NURSERY|BOARDING|PRIVATE|STATE|FAITH|CATHOLIC|CHURCH|SPECIAL|NO|NOT|WITH|AFTER|BEFORE|WHEN|RUN|"
    r"STARTED|STARTS|ATTENDS|IS|ARE|WAS|BACK|OFF|OUT|ISSUE|NOTES?)\b)[A-Z][A-Z'’\-]+\s+){2,3}(?:SCHOOL|COLLEGE))\b"
)
#: "eldest at rosherville", "her son goes to Stone St Mary's", "picks up from st joseph's": a school
#: named after a child or a school-run verb, without the word "school".
_CHILD = (
    r"(?:eldest|youngest|oldest|son|sons|daughter|daughters|kids?|children|twins|stepson|stepdaughter|"
    r"grandson|granddaughter|grandkids|grandchildren|nephew|niece|siblings|"
    r"older (?:one|ones|two|three|boy|girl)|middle one|little one|boys?|girls?|lads?|"
    r"\d+\s?(?:yo|y/o|year old|year-old|yr old))"
)
_SCHOOL_RUN = (
    r"(?:at|goes to|go to|going to|attends|attend|started at|starts at|started|is at|are at|in reception at|"
    r"in year \d+ at|in yr \d+ at)"
)
#: Rules 69: between the child and "at", no word of care ("twins under fetal medicine at King's" is a hospital).
_NO_CARE = r"(?:(?!\b(?:medicine|clinic|unit|ward|scans?|scbu|nicu|nnu|born|delivered|care|team|consultant|inpatient|patient|admitted|induced|monitoring|surgery|operation|repair|ttts|transferred)\b)[^.;!?\n])"
_SCHOOL_CLUE = re.compile(
    rf"(?i:\b{_CHILD}\b{_NO_CARE}{{0,25}}?\b{_SCHOOL_RUN}|\b(?:picks?|picked|picking) (?:\w+ )?up (?:from|at)|"
    r"\b(?:drops?|dropped|dropping) (?:the )?(?:kids|twins|children|boys|girls|them|him|her|eldest|youngest|"
    r"older two|little one|son|daughter) (?:off )?at|\b(?:in|starting|started|starts) (?:reception|year \d+|yr \d+) at|"
    r"\bschool run to|\b(?:her|his|their|the kids'?|son'?s|daughter'?s) (?:school|nursery)(?: is)?,?:?|\bschool:|"
    r"\bschool is|\b(?:collects?|collected|collecting) (?:\w+ )?(?:\w+ )?from|"
    # rules 70: a child named between the verb and "at" ("drops Kai at", "dropped Mia off at")
    r"\b(?:drops?|dropped|dropping) (?-i:[A-Z][a-z]+)(?: and (?-i:[A-Z][a-z]+))? (?:off )?at)\s+\(?"
)
_SCHOOL_NAME = re.compile(
    r"((?:[Ss]t\.?\s+|[Ss]aint\s+)?[A-Za-z][A-Za-z'’\-]*(?:\s+(?:[Ss]t\.?\s+|[Ss]aint\s+)?[A-Za-z][A-Za-z'’\-]*){0,3})"
)
_SAINT = re.compile(
    r"(?:^|\s)(?:st\.?|saint)\s+(?!(?:at|in|on|the|and|to|of|for)\b)[a-z]+(?:'s|’s|s'|s)?$", re.IGNORECASE
)
_SCHOOL_LOW = re.compile(
    r"\b(?:at|goes to|go to|attends|started|starting|in year \d+ at|pick up from|picks? up at)\s+"
    r"((?:st\.?\s+)?(?:(?!(?:the|a|an|her|his|my|our|their|this|that|school|primary|nursery)\b)[a-z][a-z'’\-]+\s+){1,3}"
    r"(?:grammar|primary|academy|infants|juniors|high school|school|college|nursery))\b"
)
#: Rules 57: a saint's name in lower case opening a school's name, then only a church school's words: "st joseph's
#: catholic primary", "st botolph's c of e primary" (the possessive stopped `lower_schools` before).
_LOW_SAINT = re.compile(
    r"(?:^|[ ])(?:st\.?|saint)[ ][a-z]{3,}['’]s(?:[ ](?:catholic|rc|c[ ]of[ ]e|cofe|ce|church))*\Z"
)


def saint_school_start(words: list[str]) -> int | None:
    """Where a saint's name opens the words before a lower-case school's kind ("st joseph's catholic"), if it does."""
    joined = " ".join(words)
    m = _LOW_SAINT.search(joined)
    return None if m is None else len(joined[: m.start()].split())


_FLATS = re.compile(
    rf"\b((?:{_CAP}\s+){{1,3}}(?:Court|House|Tower|Towers|Heights|Point|Mansions|Lodge|Buildings|Block|Apartments|Flats|Wharf|Quay|Quays|Foyer))\b"
)
_FLATS_LOW = re.compile(
    r"\b(?:lives? in|living in|moved (?:in)?to|flat in|floor of|block,?|flats,?|building,?|top floor of|in)\s+"
    r"((?:(?!(?:the|a|an|her|his|my|our|their|this|that|same|main|one|care|mother|family|halfway|open|court|full)\b)[a-z][a-z'’\-]+\s+){1,2}"
    r"(?:court|towers|tower|heights|mansions|lodge|house|point))\b"
)


_SERVICE_AFTER = re.compile(
    r"\s+(?:hospital|surgery|medical|health|mental|clinic|centre|center|practice|team|unit|ward|"
    r"pharmacy|library|station|church|mosque|gurdwara|temple|school|children'?s|family|community)\b",
    re.IGNORECASE,
)


#: Rules 12: the tagger alone keeps a service's name too (insights.quotes.anonymise.merge_tagged).
SERVICE_AFTER = _SERVICE_AFTER


def _not_service(text: str, spans) -> list[tuple[int, int]]:
    """Drop spans that are the start of a service's name ("Wells Road Hospital", "Musters Road Mental
    Health team"): the service is kept, and names no one's home."""
    return [(s, e) for s, e in spans if not _SERVICE_AFTER.match(text, e)]


_STREET_ON = re.compile(
    r"\b(?i:on|off|along|near|lives? on|living on|lives? at|living at|moved to|moving to|moved into|"
    r"(?:top|end|bottom|corner|far end|other end) of)\s+((?:(?!(?i:the|a|an|and|or|but|her|his|my|our|their|this|that|its|it|your|me|him|"
    r"them|us|you|there|here|whichever|either|another|every|"
    r"no|any|every|each|some|other|which|what|of|one|long|own|same|right|wrong|whole|top|side|half|"
    r"rest|brow|school|nature|dog|short|sponsored)\b)[A-Za-z][A-Za-z'’\-]+\s+){1,3}"
    r"(?i:drive|place|hill|way|walk|rise|row|green|road|street|lane|avenue|close|crescent|gardens|grove|rd|ave)"
    r"(?:\s+(?i:east|west|north|south))?)\b"
)


_STREET_CAP_CLUE = re.compile(
    rf"\b(?:(?:in|at|near|to|from|of|on|off|along|by|round|around|opposite|behind)\s+((?:{_CAP}\s+){{1,3}}"
    r"(?:Place|Ln|Cl|Dr|Tce)\b\.?)|(?:at|near|on|off|along|opposite|behind)\s+((?:"
    rf"{_CAP}\s+){{1,3}}(?:Hill|Green|Park|View|Mount|Gate)\b))(?!\s*[A-Z][a-z])"
)


_ADDRESS_LABEL = re.compile(
    r"(?<!(?i:mail )|(?i:mail-))(?i:\baddress|\baddr|\blives at)\s*(?:is\s*)?[:\-–]\s*"  # rules 21: not "email address:"
    r"(?!(?i:same|not|on|n/a|na|unknown|given|withheld|none|see|as|in|tbc|no|the|her|his)\b)"
    r"((?:[A-Za-z0-9][\w'’\-]*[ \t]+){0,3}[A-Za-z0-9][\w'’\-]*)"
)


def street_spans(text: str) -> list[tuple[int, int]]:
    """Street names without a house number: capitalised anywhere, lower case after a clue, and any
    street word after "on"/"off" ("lives on kings drive", "off Milton Place")."""
    spans = [(m.start(), m.end()) for m in _STREET_CAP.finditer(text)]
    spans.extend((m.start(), m.end()) for m in _STREET_UPPER.finditer(text))
    spans.extend((m.start(1), m.end(1)) for m in _STREET_LOW.finditer(text))
    spans.extend((m.start(1), m.end(1)) for m in _STREET_ON.finditer(text))
    spans.extend(
        (m.start(g), m.end(g)) for m in _STREET_CAP_CLUE.finditer(text) for g in (1, 2) if m.group(g)
    )
    spans.extend((m.start(1), m.end(1)) for m in _ADDRESS_LABEL.finditer(text))  # "address: Kings Farm"
    spans = [(s, e) for s, e in spans if not _venue_street(text, s) and not _SCHOOL_KIND_AFTER.match(text, e)]
    return sorted(set(_not_service(text, spans)))


#: A street name followed by a kind of school names the school ("Wrotham Road primary"): the school
#: finder takes the whole name.
_SCHOOL_KIND_AFTER = re.compile(
    r"(?i)\s+(?:primary|grammar|academy|infants?|juniors?|school|nursery|c of e)\b"
)


_VENUE_ON = re.compile(
    r"(?i)\b(?:mosque|temple|church|gurdwara|chapel|synagogue|bus\s+stop|stop|bank|shops?|clinic|surgery|"
    r"centre|center|hub|library|pharmacy|chemist|station|market|hospital|practice|cafe|café|office|hall|"
    r"supermarket|tesco|asda|lidl|aldi|sainsburys|sainsbury's|costa|park|"
    # rules 69: more venues and businesses ("the Mandir on", "the Co-op on", "Jewellers on", "the B&B on")
    r"mandir|masjid|cemevi|co-?op|iceland|b&b|barbers?|salon|jewellers?|lettings|kitchen|sweets|carry|"
    r"car\s+wash|takeaway|restaurant|pub|bakery|butchers?|stores?|grocers?|garage|tyres|motors|nails|lounge|"
    r"launderette|gym|st\.?\s+[A-Z][a-z]+['’]s)\s+(?:on|in|off|along|at|near)\s+(?:the\s+)?$"
)
_HOME_BEFORE = re.compile(
    r"(?i)\b(?:live|lives|living|lived|flat|house|home|address|moved|stays?|staying|rents?|"
    # rules 69: where she is found beside a venue ("next door to the launderette on"), or someone's workplace ("her
    # husband works at the car wash on", "runs Mehta Stores on") as the tuning writers mostly mark it
    r"next\s+(?:door|to)|above|opposite|behind|works?|working|worked|runs?|owns?|owned)\b"
)
#: The end of the sentence before a street (rules 69: a home word in an earlier sentence does not make it a home).
_SENTENCE_END = re.compile(r"[.!?;\n]\s")


def _venue_street(text: str, start: int) -> bool:
    """A street that places a public venue, not a home ("the mosque on Clarence Place", "bus stop on
    London Road"); but "flat above the chippy on Spital Street" is a home."""
    before = text[max(0, start - 60) : start]
    ends = list(_SENTENCE_END.finditer(before))
    before = before[ends[-1].end() :] if ends else before
    return bool(_VENUE_ON.search(before)) and not _HOME_BEFORE.search(before)


_SCHOOL_ANYCASE = re.compile(
    r"(?i)(?<![\w'’\-])((?P<name>(?:st\.?\s+|saint\s+)?(?:[a-z][a-z'’\-]++\s+){1,3})"  # rules 34: linear on "a'a'a'..."
    r"(?P<kind>grammar|primary|academy|infants|juniors|junior school|infant school|primary school|high school|"
    r"school for (?:girls|boys)|c of e primary|catholic primary|c of e|nursery)"
    r"(?:\s+school)?(?:\s+for\s+(?:girls|boys))?)\b"  # rules 20: "DARTFORD GRAMMAR SCHOOL FOR GIRLS"
)
_SCHOOL_GENERIC = frozenset(
    [
        "the",
        "a",
        "an",
        "her",
        "his",
        "my",
        "our",
        "their",
        "this",
        "that",
        "local",
        "new",
        "old",
        "big",
        "small",
        "nearby",
        "same",
        "different",
        "good",
        "catholic",
        "church",
        "faith",
        "village",
        "state",
        "private",
        "independent",
        "special",
        "grammar",
        "primary",
        "secondary",
        "high",
        "infant",
        "infants",
        "junior",
        "juniors",
        "nursery",
        "school",
        "schools",
        "boarding",
        "free",
        "at",
        "in",
        "to",
        "from",
        "for",
        "of",
        "and",
        "or",
        "goes",
        "go",
        "going",
        "went",
        "started",
        "starts",
        "attends",
        "attend",
        "near",
        "by",
        "with",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "one",
        "two",
        "first",
        "second",
        "third",
        "year",
        "reception",
        "after",
        "before",
        "any",
        "every",
        "some",
        "both",
        "all",
        "whole",
    ]
)


_SCHOOL_PRAISE = frozenset(
    [
        "really",
        "very",
        "nice",
        "great",
        "lovely",
        "brilliant",
        "decent",
        "outstanding",
        "good",
        "bad",
        "poor",
        "rated",
        "ofsted",
        "small",
        "big",
        "tiny",
        "huge",
        "busy",
        "quiet",
        "catholic",
        "church",
        "nearest",
        "closest",
        "nearby",
        "other",
        "older",
        "younger",
        "kids",
        "children",
    ]
    + ["day", "hospital", "work", "workplace", "council", "private", "baby", "childrens"]
    + ["children's", "own", "cheap", "expensive", "funded", "full", "part", "time"]
)


_SERVICE_IN = re.compile(
    r"(?i)\b(?:hospital|surgery|clinic|centre|center|ward|unit|church|mosque|temple|gurdwara|library|"
    r"station|practice|pharmacy|scbu|nicu|hub|bank)\b"
)
GENERIC_SCHOOL_WORDS = frozenset(
    ["sunday", "bible", "driving", "night", "summer", "forest", "special", "primary", "secondary"]
    + ["high", "grammar", "infant", "infants", "junior", "juniors", "nursery", "boarding", "private"]
    + ["state", "faith", "catholic", "church", "village", "local", "new", "old", "school", "college"]
    + ["academy", "prep", "free", "language", "dance", "drama", "music", "art", "technology", "secondary"]
    # rules 29: a kind of training, not a school's name ("she is at medical school", "at nursing college")
    + ["medical", "nursing", "midwifery", "law", "beauty", "sixth", "form", "performing", "arts", "ballet"]
)
_NOT_A_SCHOOL = frozenset(
    ["sunday", "saturday", "bible", "lessons", "club", "clubs", "sunday's"]
    + ["football", "swimming", "church", "mosque", "gurdwara", "temple", "work", "uni", "university"]
    + ["cubs", "scouts", "brownies", "beavers", "rainbows", "ballet", "dance", "gym", "karate", "nan's"]
    + ["hospital", "court", "home", "dad's", "mum's", "nans", "grandma's", "breakfast", "after"]
)


#: Rules 20: words no school's name holds ("Improve communication between primary secondary care").
_NOT_IN_SCHOOL_NAMES = frozenset(
    (  # noqa: SIM905 -- a word list
        "between with from for to into about than within across via my your their his her we you they it is are "
        "was were be been have has had do does did not no can will would could should"
    ).split()
)
#: Rules 48 (real comments): pronouns, question words and verbs in lower case that open no school's name; a name read
#: before "school" or "nursery" starts after the last of them ("now knows more nursery rhymes", "as he starts nursery",
#: "at home and what school could do"; "she knows Little Learners nursery" still gives "Little Learners nursery").
_SENTENCE_WORDS = frozenset(
    (  # noqa: SIM905 -- a word list
        "he she i me us him them its what which who when where why how now more most less then so as also too just "
        "only still even ever never always know knows knew learn learns start starts started goes going and "
        "about"
    ).split()
)


def _after_sentence_words(words: list[str]) -> int:
    """How many of `words` come before the name: up to the last lower-case sentence word (`_SENTENCE_WORDS`)."""
    last = -1
    for k, w in enumerate(words):
        if w.islower() and w in _SENTENCE_WORDS:
            last = k
    return last + 1


def _town_before_owner(text: str, start: int, end: int, kept) -> tuple[int, int]:
    """A school span that starts with a kept place before a possessive name starts after the place."""
    m = re.match(r"([A-Z][a-z]+)\s+(?=[A-Z][a-z]+(?:'s|’s)\s)", text[start:end])
    return (start + m.end(), end) if m and kept(m.group(1)) else (start, end)


#: Rules 49: capitalised words before "school" or "nursery" in lower case ("go to Whitehill school", "Kids Know How
#: nursery", "St Mary's school"), and a saint's or Our Lady's school in lower case ("st joseph's school").
_TITLED_SCHOOL = re.compile(
    r"(?<![\w'’-])((?:(?:St\.?|Saint)\s+)?[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?(?:\s+(?:&\s+)?(?:(?:St\.?|Saint)\s+)?"
    r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?){0,3})\s+(?:school|nursery|pre-school|preschool)\b"
    r"|\b((?:st\.?|saint)\s+[a-z][a-z'’]+|our\s+lady(?:'s|’s)?)\s+(?:school|primary|nursery|academy|infants|juniors)\b"
)

_DETERMINERS = frozenset(
    (  # noqa: SIM905 -- a word list
        "the a an my your her his our their this that these those its big small nearby same different good first second "
        "third whole every all any both some one two"
    ).split()
)


#: Rules 49 (the keep review): kinds of school and class that are no school's name ("Swim school", "Steiner school").
_SCHOOL_KINDS = frozenset(
    (  # noqa: SIM905 -- a word list
        "swim swimming antenatal steiner montessori baby independent comprehensive pre cookery cooking riding surf "
        "sailing flight ski holiday dog puppy parenting hypnobirthing breastfeeding birth bible hebrew arabic quran "
        "business film stage theatre dental hairdressing outdoor weekend evening day dance"
    ).split()
)


def _opens(text: str, pos: int) -> bool:
    """`pos` opens the text, a sentence, a line or a quotation."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:;\"'(“‘\n"


def _titled_school_spans(text: str, known, place, kept) -> list[tuple[int, int]]:
    """Rules 49 (`_TITLED_SCHOOL`): the name is the capitalised words after the last word that opens no school's name
    ("The", "My", "Sunday", "Forest"); one English word opening a sentence is no name ("Nursery school", "Big school
    was scary"); nor kept words alone ("Northfleet Tamil school", "Kent school nurses"), a weekday's school or one
    person's ("Honey's school nurse")."""
    if title_case_note(text):
        return []
    out = []
    for m in _TITLED_SCHOOL.finditer(text):
        if m.group(2):
            out.append(m.span(2))
            continue
        words = list(re.finditer(r"[^\s&]+", m.group(1)))
        stripped = False
        while words:
            w = words[0].group(0)
            low = w.lower()
            if re.match(r"Our\s+Lady", m.group(1)[words[0].start() :]):
                break
            if (
                low in GENERIC_SCHOOL_WORDS
                or low in _DETERMINERS
                or low in STOP_WORDS
                or low in _SCHOOL_KINDS
            ):
                pass  # a determiner or a kind of school ("The", "Medical", "Big")
            elif not (low in _SCHOOL_STOP or low in _SCHOOL_GENERIC or low in _NOT_IN_SCHOOL_NAMES) or not (
                w.islower() or _opens(text, m.start(1) + words[0].start())
            ):
                break  # "teaches at Goes Green nursery": a capital mid-sentence opens the name
            words.pop(0)
            stripped = True
        if not words or any(w.group(0).lower() in _NOT_A_SCHOOL for w in words):
            continue  # "Sunday school", "Gravesend Polish Saturday school"
        if len(words) == 1 and re.search(r"[a-z](?:'s|’s)$", words[0].group(0)):
            continue  # "Honey's school nurse": someone's school
        if kept is not None and all(kept(w.group(0).strip("'’")) for w in words):
            continue  # "Northfleet Tamil school", "at Temple Hill school gate": a kept place's or community's school
        if re.search(r"\bof\s+$", text[max(0, m.start(1) - 4) : m.start(1)]):
            continue  # "Church of England school": the end of a longer name's phrase
        start, end = m.start(1) + words[0].start(), m.end()
        opening = _opens(text, m.start(1) + words[0].start())
        first = words[0].group(0).strip("'’")
        english = known is not None and known(first) and not (place is not None and place(first))
        if len(words) == 1 and (opening or stripped) and english:
            continue
        out.append((start, end))
    return out


def school_spans(text: str, known=None, place=None, kept=None) -> list[tuple[int, int]]:
    """Named schools ("Dartford Grammar", "St Josephs Primary", "at oakfield primary"), and after a
    child or a school-run verb, a saint's name or a word that is not English ("eldest at rosherville",
    "her son goes to Stone St Mary's"). `known(word)` says a word is English, a place or a service;
    `place(word)` that it is a place that is not a local service (a school may take a place's name)."""
    spans = [m.span(1) if m.group(1) else m.span(2) for m in _SCHOOL.finditer(text)]
    for m in _SCHOOL_LOW.finditer(text):
        words = m.group(1).split()
        cut = _after_sentence_words(words[:-1])  # rules 48: "at home and what school" is no school's name
        if cut == 0:
            spans.append((m.start(1), m.end(1)))
        elif cut < len(words) - 1:
            spans.append((m.start(1) + len(" ".join(words[:cut])) + 1, m.end(1)))
    spans.extend(m.span(1) for m in _SCHOOL_UPPER.finditer(text))
    # rules 20: a nursery named after "nursery" (a kept town after it stays)
    for m in _NURSERY_NAME.finditer(text):
        words = m.group(1).split()
        while len(words) > 1 and kept is not None and kept(words[-1]):
            words = words[:-1]
        if len(words) > 1 and not any(_not_a_nursery(w) or (kept is not None and kept(w)) for w in words):
            spans.append((m.start(1), m.start(1) + len(" ".join(words))))
    if kept is not None:  # rules 20: "Gravesend Sedley's Church of England Primary": the town stays
        spans = [_town_before_owner(text, st, en, kept) for st, en in spans]
    spans = _not_service(text, spans)  # "Kings College Hospital"
    spans = [  # "Sunday School", "Primary School", "Forest School": a kind of school, not a name
        (st, en)
        for st, en in spans
        if not all(w.lower() in GENERIC_SCHOOL_WORDS for w in text[st:en].split())
    ]
    if known is not None:
        # any case: "dartford grammar", "DARTFORD GRAMMAR", "st joseph's primary": named by a
        # word that is a place, a name or not English (not "the local primary", "a grammar school")
        for m in _SCHOOL_ANYCASE.finditer(text):
            words = m.group("name").split()
            start = m.start("name")
            # the name is the words after the last generic one ("eldest at Gravesend grammar"); rules 48: and after
            # the last lower-case sentence word ("as he starts nursery", "she knows Little Learners nursery")
            while any(w.lower() in _SCHOOL_GENERIC for w in words) or _after_sentence_words(words):
                start = text.index(words[0], start) + len(words[0])
                words = words[1:]
            if not words:
                continue
            named = any(
                not known(w.strip("'’")) or (place is not None and place(w.strip("'’"))) for w in words
            ) or bool(re.match(r"(?i)st\.?$|saint$", words[0]))
            if (
                not named
                and len(words) >= 2
                and re.fullmatch(
                    r"(?i)primary|infants|juniors|academy|grammar|c of e|nursery|(?:infant|junior|primary|high) school",
                    m.group("kind"),
                )
                and not any(
                    w.lower() in _NOT_IN_SCHOOL_NAMES for w in words
                )  # rules 20: "communication between primary"
            ):
                named = not any(w.lower() in _SCHOOL_PRAISE for w in words)  # "holy trinity infants"
            if (
                not named
                and kept is not None
                and any(kept(w.strip("'’")) for w in words)
                and re.fullmatch(r"(?i)primary|infants|juniors|academy|grammar", m.group("kind"))
                and not _KIND_NOT_NAME.match(text, m.end(1))
            ):
                named = True  # "eldest at Gravesend grammar", "Hextable primary": a town's own school
            if named:
                spans.append((text.index(words[0], start), m.end(1)))
    for clue in _SCHOOL_CLUE.finditer(text):
        m = _SCHOOL_NAME.match(text, clue.end())
        if not m:
            continue
        words = list(re.finditer(r"\S+", m.group(1)))
        # the name: up to a saint's name ("Stone St Mary's"), else the leading capitalised words
        end = None
        for k in range(len(words)):
            if _SAINT.search(m.group(1)[: words[k].end()]) and k >= 1:
                end = words[k].end()
                break
        if end is None and re.match(r"Our Lady(?:'s|’s)?\b", m.group(1)):
            lady = re.match(r"Our Lady(?:'s|’s)?(?:\s+of\s+[A-Z][a-z]+)?", m.group(1))
            end = lady.end()
        if end is None:
            first = words[0].group(0).strip("'’")
            if first.lower() in _SCHOOL_STOP:
                continue
            capital = first[:1].isupper() and not first.isupper() and first.lower() not in _NOT_A_SCHOOL
            if capital and kept is not None and not kept(first) and not (place is not None and place(first)):
                # "the boys go to Manor", "in nursery at Little Stars": capitalised words after a clue
                k = 0
                while k + 1 < len(words) and words[k + 1].group(0)[:1].isupper():
                    k += 1
                span_end = m.start(1) + words[k].end()
                while span_end > m.start(1) and text[span_end - 1] in ",.'’)":
                    span_end -= 1
                kind = _KIND_AFTER.match(text, span_end)
                if kind and not _KIND_NOT_NAME.match(text, kind.end()):
                    span_end = kind.end()  # rules 5: "youngest at Barming primary"
                if (
                    not _SERVICE_IN.search(text[m.start(1) : span_end])  # "at Kings College Hospital"
                    and not _SERVICE_AFTER.match(text, span_end)
                    and not any(s <= m.start(1) < e for s, e in spans)
                ):
                    spans.append((m.start(1), span_end))
                continue
            child_at = clue.group(0).rstrip().lower().endswith(" at") and re.match(
                rf"(?i){_CHILD}\b", clue.group(0)
            )
            if known is not None and known(first) and not (child_at and place is not None and place(first)):
                continue  # "goes to Bluewater"; but "eldest at rosherville" (a place after "at") is a school
            end = words[0].end()
        span_end = m.start(1) + end
        while span_end > m.start(1) and text[span_end - 1] in ",.'’":
            span_end -= 1
        if not _SERVICE_AFTER.match(text, span_end) and not any(s <= m.start(1) < e for s, e in spans):
            spans.append((m.start(1), span_end))
    spans += [
        sp
        for sp in _titled_school_spans(text, known, place, kept)
        if not any(s <= sp[0] < e for s, e in spans)
    ]
    return sorted(set(spans))


#: A kind of school right after a school's name ("Barming primary").
_KIND_AFTER = re.compile(r"(?i)\s+(?:primary|grammar|academy|infants|juniors|nursery|school)\b")
#: After "<town> primary": a kind of service or many schools, not one school ("Medway primary care").
_KIND_NOT_NAME = re.compile(
    r"(?i)\s+(?:care|schools|network|networks|team|teams|services?|pupils|teachers|children|kids|age|"
    r"years|phase|level|mental|health)\b"
)


_SCHOOL_STOP = frozenset(
    ["the", "a", "an", "her", "his", "my", "our", "their", "this", "that", "school", "nursery", "home", "work",
    "college", "uni", "university", "same", "different", "local", "new", "old", "one", "two", "three", "3", "4",
    "5", "6", "7", "8", "9", "10", "11", "12", "least", "all", "about", "around", "half"]
)  # fmt: skip


_SERVICE_BEFORE = re.compile(
    r"(?i)\b(?:seen|referred|refered|reffered|appointment|appt|clinic|team|service|session|sessions|counselling|"
    r"therapy|attended|attends|attending|assessment|group|ward|transferred|admitted|discharged|"
    r"care|staff|treatment|treated|received|nurses|doctors|patient|inpatient)\b"  # rules 21: "my care at Park House"
    r"(?:\s+\w+){0,2}\s+(?:at|to|in|from|by)\s+$"
)


_FLAT_NUMBER = re.compile(r"(?i)\b(?:flat|apt|apartment|unit)\.?\s*\d+[a-z]?,?\s+$")


#: Rules 20: hotels, hostels and B&Bs used as temporary accommodation ("Brent Lodge Hotel", "Milton Hall family
#: hostel"): one to three capitalised words before the kind.
_HOSTEL = re.compile(
    r"\b(?!(?:Premier|Holiday|Travelodge|Ibis|Hilton|Marriott|Crowne|Best Western)\b)"
    rf"((?:{_CAP}\s+){{1,3}}(?:(?:family|homeless|mother and baby)\s+)?(?:Hotel|Hostel|hostel|Guest House|B&B|Inn))\b"
)


def flats_spans(text: str, kept=None) -> list[tuple[int, int]]:
    """Named blocks of flats and houses ("Mulberry Court", "lives in kingfisher house", with "Flat 7"
    before it); not a service's house ("seen at Archer House", "referred to Brook House"). Rules 20: hotels,
    hostels and B&Bs ("Brent Lodge Hotel"; `kept(word)`: a kept place before one is not part of it)."""
    spans = [
        (m.start(1), m.end(1))
        for m in _FLATS.finditer(text)
        if not _SERVICE_BEFORE.search(text[max(0, m.start(1) - 40) : m.start(1)])
    ]
    spans.extend((m.start(1), m.end(1)) for m in _FLATS_LOW.finditer(text))
    for m in _HOSTEL.finditer(text):  # rules 20: a kept town before it stays ("Swanley B&B": a town's B&B)
        start, words = m.start(1), m.group(1).split()
        while kept is not None and len(words) > 1 and kept(words[0]):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        if len(words) > 1 and not re.fullmatch(
            r"(?:family|homeless|mother|and|baby|\W)+", " ".join(words[:-1])
        ):
            spans.append((start, m.end(1)))
    grown = []
    for s, e in _not_service(text, spans):
        flat = _FLAT_NUMBER.search(text[max(0, s - 20) : s])
        grown.append((s - (min(s, 20) - flat.start()) if flat else s, e))
    return grown


_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
#: A date of birth after its label, with a two-digit year ("dob 9th june 94", "DOB: June 9 '94").
_BIRTH_DATE = re.compile(
    r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|born(?:\s+on)?)\s*(?::|-|is|=)?\s*"
    rf"((?:{_DAY}\s+(?:of\s+)?{_MONTH_WORD}|{_MONTH_WORD}\s+{_DAY}),?\s+'?\d\d)(?![\w/])"
)


def birth_date_spans(text: str) -> list[tuple[int, int]]:
    """Dates of birth written with a two-digit year after a "dob" label (other dates are patterns)."""
    return [(m.start(1), m.end(1)) for m in _BIRTH_DATE.finditer(text)]


#: A handle written before "on <app>" with a dot, underscore or digit in it ("hope.m on the WhatsApp").
_HANDLE_ON = re.compile(
    r"(?i)(?<![\w@.])([a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+_?\d+)\s+on\s+(?:the\s+)?"
    r"(?:whatsapp|insta(?:gram)?|ig|fb|facebook|tiktok|tik\s?tok|snap(?:chat)?|twitter|messenger)\b"
)


#: Rules 70: a handle in brackets after the app it is on ("messaged her on Snapchat from prison (reece.g.2k)").
_HANDLE_BRACKET = re.compile(
    r"(?i)\b(?:whatsapp|insta(?:gram)?|ig|fb|facebook|tiktok|tik\s?tok|snap(?:chat)?|twitter|messenger|telegram|threads)"
    r"\b[^.()\n]{0,40}\(([a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+_?\d+)\)"
)
_WEB_END = re.compile(r"(?i)\.(?:com|co|uk|org|net|gov|nhs|io)$")


def handle_on_spans(text: str) -> list[tuple[int, int]]:
    """Handles named by the app they are on ("hope.m on the WhatsApp", "kaz_88 on insta"); rules 70: in brackets after
    the app ("on Snapchat (reece.g.2k)"), not a web address."""
    spans = [(m.start(1), m.end(1)) for m in _HANDLE_ON.finditer(text)]
    return spans + [m.span(1) for m in _HANDLE_BRACKET.finditer(text) if not _WEB_END.search(m.group(1))]


_INITIALS = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,3})(?![\w])")
_NOT_INITIALS = frozenset(
    {"eg", "ie", "am", "pm", "uk", "us", "nb", "ps", "gp", "hv", "aka", "etc", "nhs", "asap", "re", "vs", "dr",
    "mr", "st", "bc", "ok", "ni", "rta", "pts", "ot", "ne", "rvi", "ae", "pals"}
)  # fmt: skip


def initials_spans(text: str) -> list[tuple[int, int]]:
    """Initials written with full stops ("J.B.", "a.k."), not abbreviations ("e.g.", "a.m.")."""
    out = []
    for m in _INITIALS.finditer(text):
        letters = re.sub(r"[^A-Za-z]", "", m.group(1)).lower()
        if letters not in _NOT_INITIALS:
            out.append((m.start(1), m.start(1) + len(m.group(1).rstrip())))
    return out


_SPOKEN_DIGITS = {
    "oh": "0", "o": "0", "zero": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_SPOKEN_RUN = re.compile(
    r"(?i)\b(?:(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|hundred|"
    r"thousand|\d{1,4})[\s,\-]+){6,}(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|"
    r"hundred|thousand|\d{1,4})\b"
)


#: Rules 20: a mobile number typed without its leading 0 after a phone word ("contact 7700 900 689").
_BARE_MOBILE = re.compile(
    r"(?i)\b(?:phone|tel|mob|mobile|contact|number|no|ring|call|text|whatsapp)\.?\s*(?:is|:|=|-|on)?\s*"
    r"(7\d{3}\s?\d{3}\s?\d{3})(?![\d\s]*\d)"
)


#: Rules 21: the same anywhere, with no phone word, when it reads as a mobile (71-79, ten digits: "7700900614").
_LOOSE_MOBILE = re.compile(r"(?<![\w+.,/£$-])7[1-9]\d{2}\s?\d{3}\s?\d{3}(?![\w.,/]?\d)")


def bare_mobile_spans(text: str) -> list[tuple[int, int]]:
    """UK mobile numbers written without the leading 0: after a phone word, or anywhere as 71-79 and ten digits."""
    return sorted(
        {m.span(1) for m in _BARE_MOBILE.finditer(text)} | {m.span() for m in _LOOSE_MOBILE.finditer(text)}
    )


_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"


def _not_a_nursery(word: str) -> bool:
    """A day, a month or a staff word: not part of a nursery's name ("nursery Monday and Tuesday")."""
    return bool(
        re.fullmatch(rf"{_WEEKDAY}|{_MONTH_WORD}|nurses?|manager|staff|school|nhs", word, re.IGNORECASE)
    )


#: Rules 20: a nursery's name after "nursery" ("nursery Tiny Toes Swanley", "nursery staff at Little Conkers").
_NURSERY_NAME = re.compile(
    r"\b[Nn]ursery(?:\s+(?:staff|place|manager))?(?:\s+(?:is|at|called))?\s+((?:[A-Z][a-z'’]+)(?:\s+[A-Z][a-z'’]+){1,2})\b"
)


def spoken_phone_spans(text: str) -> list[tuple[int, int]]:
    """Rules 6: phone numbers spelled in words, as voice-to-text writes them ("oh seven seven double
    oh nine hundred five six two"): the words read as 10 or 11 digits starting with 0."""
    out = []
    for m in _SPOKEN_RUN.finditer(text):
        words = re.findall(r"[A-Za-z]+|\d+", m.group(0).lower())
        digits, repeat = "", 1
        for w in words:
            if w in ("double", "triple"):
                repeat = 2 if w == "double" else 3
                continue
            if w == "hundred":
                digits += "00"
            elif w == "thousand":
                digits += "000"
            else:
                digits += (_SPOKEN_DIGITS.get(w) or w) * repeat
            repeat = 1
        if digits.startswith("0") and len(digits) in (10, 11) and sum(w.isalpha() for w in words) >= 4:
            out.append((m.start(), m.end()))
    return out


_NUMBER_WORD = (
    r"(?:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|double|triple)"
)
#: Rules 7: a reference read out letter by letter and number by number ("p w five five zero one eight
#: seven b", "l v one nine z x p", "d a twelve four n l", "nine nine four nine nine five two").
_SPOKEN_REF = re.compile(
    rf"(?i)\b(?:(?:{_NUMBER_WORD}|[a-z]|\d{{1,4}})[ ,]+){{4,}}(?:{_NUMBER_WORD}|[a-z]|\d{{1,4}})\b"
)
_SPOKEN_LABELS = (
    (re.compile(r"(?i)\b(?:n\s?h\s?s)\b"), "UK_NHS"),
    (re.compile(r"(?i)\b(?:n\s?i|national insurance)\b"), "UK_NINO"),
    (re.compile(r"(?i)\b(?:reg|registration|number plate|car)\b"), "UK_REG"),
    (re.compile(r"(?i)\bpost\s?code\b"), "UK_POSTCODE"),
)
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[\s-]first)"
)
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
#: A day and month in words, then a year: in words ("nineteen ninety six", "two thousand and four"), in
#: digits ("1985", rules 19) or as two spoken digits ("ninety-nine", "oh four", rules 19).
_SPOKEN_DATE = re.compile(
    rf"(?i)\b(?:the\s+)?{_ORDINAL_WORD}\s+(?:of\s+)?{_MONTH_WORD}\b"
    r"(?:,?\s+(?:(?:19|20)\d{2}\b|(?:nineteen|two thousand(?:\s+and)?|twenty)"
    r"(?:\s+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven|eight|nine|oh)){0,2}\b|"
    rf"(?:seventy|eighty|ninety)(?:[\s-]{_UNIT_WORD})?\b|oh[\s-]{_UNIT_WORD}\b))?"
)
#: Rules 19: a day and month in words with no year is a birth date after its label ("DOB fifth of may",
#: "born the third of june").
_BIRTH_CUE = re.compile(r"(?i)\b(?:dob|d\.o\.b\.?|date of birth|born|birthday|bday)\b[^.;\n]{0,12}$")


#: Rules 19: letters as voice-to-text writes them when a postcode is read out ("dee ay twelve four bee ar").
_LETTER_NAMES = {
    "ay": "A", "a": "A", "bee": "B", "b": "B", "see": "C", "c": "C", "dee": "D", "d": "D", "ee": "E",
    "e": "E", "ef": "F", "f": "F", "gee": "G", "g": "G", "aitch": "H", "haitch": "H", "h": "H", "jay": "J",
    "j": "J", "kay": "K", "k": "K", "el": "L", "l": "L", "em": "M", "m": "M", "en": "N", "n": "N", "oh": "O",
    "o": "O", "pee": "P", "p": "P", "kyu": "Q", "q": "Q", "ar": "R", "r": "R", "ess": "S", "s": "S",
    "tee": "T", "t": "T", "you": "U", "u": "U", "vee": "V", "v": "V", "ex": "X", "x": "X", "why": "Y",
    "y": "Y", "zed": "Z", "z": "Z",
}  # fmt: skip
_SPOKEN_NUMBERS = {w: d for w, d in _SPOKEN_DIGITS.items() if w != "o"} | {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
}  # fmt: skip
_LETTER_NAME = "|".join(sorted(_LETTER_NAMES, key=len, reverse=True))
_NUMBER_NAME = "|".join(sorted(_SPOKEN_NUMBERS, key=len, reverse=True))
_SPOKEN_POSTCODE = re.compile(
    rf"(?i)\b(?:{_LETTER_NAME})(?:[ ,]+(?:{_LETTER_NAME}))?(?:[ ,]+(?:{_NUMBER_NAME}|\d{{1,2}})){{2,3}}"
    rf"[ ,]+(?:{_LETTER_NAME})[ ,]+(?:{_LETTER_NAME})\b"
)
_POSTCODE_SHAPE = re.compile(r"[A-Z]{1,2}\d{1,2}[A-Z]?\d[A-Z]{2}")


def spoken_postcode_spans(text: str) -> list[tuple[int, int]]:
    """Rules 19: a postcode read out in letter names and number words ("dee ay nine nine bee ar", "em ee
    seven one el kay"): the words make a postcode's shape, and the area is two letter names or a single
    letter's name (a lone "a", "you" or "see" never opens one)."""
    out = []
    for m in _SPOKEN_POSTCODE.finditer(text):
        words = re.findall(r"[A-Za-z]+|\d+", m.group(0).lower())
        first_two = words[:2]
        if (len(words[0]) == 1 or words[0] in ("you", "see", "why", "oh", "ex")) and not all(
            w in _LETTER_NAMES and len(w) > 1 for w in first_two
        ):
            continue
        code = ""
        for i, w in enumerate(words):
            letter = i < 2 and not (w in _SPOKEN_NUMBERS and w != "oh") or i >= len(words) - 2
            code += _LETTER_NAMES.get(w, "?") if letter and not w.isdigit() else _SPOKEN_NUMBERS.get(w, w)
        if _POSTCODE_SHAPE.fullmatch(code):
            out.append((m.start(), m.end()))
    return out


def spoken_reference_spans(text: str) -> list[tuple[str, int, int]]:
    """Rules 7: references and dates read out in words, as voice-to-text writes them: (entity,
    start, end). A run of five or more single letters and number words with at least two number
    words (or six of them) is an NI number, car registration or postcode after its label, else a
    hospital number; a day, month and year in words ("the third of august nineteen ninety six") is
    a date. Phone numbers in words are spoken_phone_spans."""
    out: list[tuple[str, int, int]] = [("PHONE_NUMBER", s, e) for s, e in spoken_phone_spans(text)]
    for m in _SPOKEN_DATE.finditer(text):
        has_year = m.end() > m.start() + len(
            re.match(r"(?i).*?\b" + _MONTH_WORD + r"\b", m.group(0)).group(0)
        )
        if has_year or _BIRTH_CUE.search(text[max(0, m.start() - 40) : m.start()]):
            out.append(("DATE_TIME", m.start(), m.end()))
    for m in _SPOKEN_REF.finditer(text):
        words = re.findall(r"[A-Za-z]+|\d+", m.group(0))
        start, end = m.start(), m.end()
        while words and words[0].lower() in ("a", "i"):
            start = text.index(words[0], start) + len(words[0])
            words.pop(0)
        numbers = sum(bool(re.fullmatch(_NUMBER_WORD, w, re.IGNORECASE)) for w in words)
        letters = sum(len(w) == 1 and w.isalpha() for w in words)
        if len(words) < 5 or numbers < 2 or (letters < 2 and numbers < 6):
            continue
        start = text.index(words[0], start)
        before = text[max(0, start - 30) : start]
        entity = next((e for rx, e in _SPOKEN_LABELS if rx.search(before)), "HOSPITAL_NUMBER")
        if any(s < end and start < e for _, s, e in out):
            continue
        out.append((entity, start, end))
    return [f for f in out if f[0] != "PHONE_NUMBER"]
