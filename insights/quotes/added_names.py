"""Rules 49 to 51: the steps after the tagger that add names rather than let them go (`ADD_STEPS`, each a switch of
`anonymise.SWITCHES`, run by `Anonymiser.more_names` on the findings so far). Moved here from service_guards (whose
steps let go of findings) after rules 50; findings unchanged.

- `ward_names` (rules 49): Ward as a family name. A person finding followed by "Ward" written like it ("Gurpreet Ward",
  "[donna] ward at baby cafe") grows over it, always before "'s" ("off [Catchpole] Ward's list"), and "Ward" after a
  title or a midwife's or nurse's role is a name ("Midwife Ward", "Sister Ward"). Not after a given name that is also a
  word ("Ruby Ward", "Pearl Ward": wards are named so), after "on", "in", "at", "off", "the" or a move's "to" ("on Ruby
  Ward", "transferred to Amber ward"), before a ward's own words ("Ward round", "ward sister", "ward staff"), nor as a
  heading on its own line ("Burne Ward").
- `lower_family_names` (rules 49): family names typed in lower case that are English words, after "Dr", "Mr", "Mrs",
  "Ms" or "Prof" ("Dr sharp", "dr parsons did section"; not "Dr said", "dr junior"), and right after a lower-case given
  name already found ("Midwife [rob] steer", "thank [hope] page"); a word of the names lists, never a stop word
  ("[jade] will"). Rules 55 (blind62): a lower-case given name right before a family name found in lower case
  ("jasmine [o'leary]"), and a given and a family name in lower case before the bracket of her short form found
  ("taylor wilkes ([tay])": the short form's first two letters are the given name's); one or two lower-case words
  thanked before her team or her unit ("thank you to walls and her team", "thank hunter snow in triage").
- `role_names` (rules 50, insights.quotes.role_names): given names that are everyday words beside the role that names
  them ("Joy the healthcare assistant", "joy (hca)").
- `heading_names` (rules 51): a given name heading a note, a line or a sentence before a spaced dash, a bracket or (in
  lower case) "'s", when what it heads says a person ("Paddy (the caretaker) says", "Honey - her family nickname",
  "charm's partner"; not "Lavender (oil) - allowed?", "dawn's the worst": the keep review).
- `o_inward` (rules 51): an outward code grown over an inward code typed with O for 0 ("ME1 OLB"); a word or an
  acronym there only after a postcode label ("DA1 ONS data" stays).
- Rules 52, in `heading_names`: a heading before a colon, " : " or "--", after a numbered dash or a letter's bracket
  (and in a note in capitals, read in lower case by `Anonymiser.more_names`); more of a woman's record after the mark
  (`_WOMAN_NOTE`) and after "'s"; a place or the weather heading her own details ("Havana - lives ME3 8HU").
- `label_lists` (rules 52): the items of a labelled list of people that are given names of the lists ("apologies -
  hope, grace, comfort"). These steps get the person slots' lists (`Lists.slot_view`: the ONS word names too).
- `alias_names` (rules 54, blind60): the name a woman goes by, said so ("Liberty (calls herself Libby)", "uses the name
  Apple", "Lucky is the English name of ..."), a service rank before a family name ("Sgt Dawes") or opening a bracket
  after a nickname ("Tug (LCpl Wilson)"), a Vietnamese family name before "Thi" or "Van" ("Do Thi Anh") and a baby's
  given name before her age in a bracket ("baby may (11 wks)"); under a source of its own, which keep spans do not undo.
- `schools_run_on` (rules 54, blind57; part of `year_schools`, run last by `Anonymiser.more_names`): a school found
  without the "for girls" its name runs on to; rules 55: a school's web address ("holytrinity.kent.sch.uk").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, PLACE_NOUNS, RELATIONS, ROLES
from insights.quotes.lexicon import Finding, Lists, SpanIndex, fold_word, resolve_overlaps
from insights.quotes.name_slots import ABSTRACT_NAMES
from insights.quotes.plain_guards import CALENDAR
from insights.quotes.role_names import VERB_WORDS, role_word_names

#: Switches of `anonymise.SWITCHES`.
STEPS = (
    "ward_names", "lower_family_names", "role_names", "heading_names", "o_inward", "label_lists", "hyphen_names",
    "alias_names",
)  # fmt: skip

#: Words after "Ward" that make it a hospital ward ("Ruby Ward round", "ward sister", "ward staff").
_WARD_OWN = re.compile(
    r"[ ]+(?:rounds?|sisters?|managers?|staff|clerks?|nurses?|bays?|beds?|rota|reception|desk|entrance|doors?|"
    r"kitchen|phone|team|visiting|receptionist|matron)\b",
    re.IGNORECASE,
)
_WARD_WORD = re.compile(r"[ ]+(Ward|ward)\b(?!-\w|['’](?!s\b)\w)")
#: Before a name: a place's preposition or a move's verb ("on Ruby Ward", "transferred to Amber ward").
_WARD_PLACE_BEFORE = re.compile(
    r"(?i)(?:\b(?:on|onto|in|into|at|off|the|of)|\b(?:moved|transferred|taken|sent|went|go|going|back|admitted|"
    r"brought|wheeled|came|come|returned)[ ]+(?:back[ ]+)?to)[ ]+$"
)
_WARD_TITLE = re.compile(
    r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Midwife|Sister|Nurse|Matron|Consultant|MW|mw|Sr|Dr\.|Mrs\.|Mr\.)"
    r"[ ]+(Ward)\b(?!-\w|['’](?!s\b)\w)"
)


def ward_family_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 49: Ward as a family name (module docstring): each person finding grown over a "Ward" after it, and
    "Ward" after a title or role."""
    if "ward" not in text and "Ward" not in text:
        return []
    out = []
    for f in found:
        m = _WARD_WORD.match(text, f.end)
        if f.entity != "PERSON" or not m:
            continue
        piece = text[f.start : f.end]
        possessive = text[m.end() : m.end() + 2] in ("'s", "’s")
        alike = (m.group(1) == "Ward") == (piece[:1].isupper() and not piece.islower())
        if fold_word(piece.split()[0]) in lists.word_names:
            alike = False  # "Ruby Ward", "Pearl Ward": a ward may be meant
        heading = re.search(r"(?m)(?::[ ]*|^[ \t]*)$", text[max(0, f.start - 3) : f.start]) or f.start == 0
        if heading and re.match(r"[ \t]*(?:\n|$)", text[m.end() :]):
            continue  # "Service for Women: Emerald Ward", "Burne Ward" on a line of its own: a heading
        if possessive or (
            alike
            and not _WARD_OWN.match(text, m.end())
            and not _WARD_PLACE_BEFORE.search(text, max(0, f.start - 30), f.start)
        ):
            out.append(Finding(f.start, m.end(1), "PERSON", "MaternityRules:ward-name"))
    for m in _WARD_TITLE.finditer(text):
        if not _WARD_OWN.match(text, m.end()) and not any(f.start <= m.start(1) < f.end for f in found):
            out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityRules:ward-name"))
    return out


_LOWER_TITLED = re.compile(
    r"\b(?:Dr|dr|DR|Doctor|Mr|mr|MR|Mrs|mrs|MRS|Ms|ms|Prof)\.?[ ]+([a-z][a-z'’\-]{2,})\b(?![-'’]\w)"
)
#: Grades and words after "dr" that are no family name ("dr junior did the bloods", the review of rules 49).
_NOT_FAMILY = frozenset(
    {"junior", "senior", "registrar", "reg", "locum", "trainee", "student", "house", "call", "duty"}
)
_LOWER_NEXT = re.compile(r"[ ]+([a-z][a-z\-]{2,})\b(?![-'’]\w)")
#: Rules 55 (tests the tagger retrained on forty-two sets broke: "thank you to walls and her team", "thank hunter snow in
#: triage"): one or two lower-case words thanked, then her team or the unit she works in.
_THANKED = re.compile(
    r"\b(?i:thank(?:s|[ ]you)?)(?:[ ]to)?[ ]([a-z]{3,}(?:[ ][a-z]{3,})?)[ ](?=and[ ](?:her|his|their)[ ]team\b|"
    r"in[ ](?:triage|theatres?|recovery|scbu|nicu|nnu|[a-z]+[ ]ward)\b|on[ ](?:[a-z]+[ ])?ward\b)"
)
_NOT_THANKED = frozenset(
    {"god", "goodness", "heavens", "everyone", "everybody", "all", "staff", "team", "them"}
)
#: Rules 55: the lower-case word right before a finding, and a lower-case pair right before a short form's bracket.
_LOWER_PREV = re.compile(r"(?<![\w'’@.-])([a-z]{3,})[ ]+$")
_LOWER_PAIR = re.compile(r"(?:^|(?<=[.!?;\n])[ ]*)([a-z]{3,})[ ]+([a-z][a-z'’\-]{2,})[ ]?\($")
#: Words the lists hold as given names that stand before a lower-case family name as words ("will smith", "met ...").
_NOT_GIVEN = frozenset(
    {"will", "may", "can", "mark", "bill", "said", "met", "saw", "and", "the", "for", "from"}
)


def rare_family_word(word: str, after: str, lexicon, lists: Lists) -> bool:
    """Rules 55 (a test the tagger retrained on forty-two sets broke: "mum [evie] keelson, baby ..."): a lower-case
    word after a lower-case name found that a dictionary holds but no frequency list does, before a comma (asked by
    `Anonymiser._grow`)."""
    w = fold_word(word)
    kept = w in lists.keep_words or w in lists.vocab or w in STOP_WORDS
    return len(w) > 3 and w not in lexicon.frequency and not kept and after in (",", ";")


def lower_family_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 49: family names in lower case that are English words (module docstring)."""

    def family(word: str) -> bool:
        w = fold_word(word)
        return (
            (w in lists.word_names or w in lists.surnames or (lists.gazetteer(w) and w not in lists.common))
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in PLACE_NOUNS
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in _NOT_FAMILY
        )

    def given(
        word: str,
    ) -> bool:  # a given name of the lists, not a piece of an address ("twinstrust.[org] link")
        w = fold_word(word)
        return w in lists.first_names or w in lists.ons or w in lists.nicknames or w in lists.word_names

    def _unlisted(word: str) -> bool:  # "wilkes": no word of the lists at all
        w = fold_word(word)
        return not (
            w in lists.common
            or w in STOP_WORDS
            or w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in lists.keep_words
            or w in lists.clinical
        )

    def staff(words: str) -> bool:  # "walls", "hunter snow": no stop, role, relation, keep or care word
        return not any(
            w in STOP_WORDS or w in CONTEXT_WORDS or w in RELATIONS or w in ROLES or w in _NOT_THANKED
            or w in lists.keep_words or w in lists.clinical
            for w in map(fold_word, words.split())
        )  # fmt: skip

    thanked = [
        Finding(*m.span(1), "PERSON", "MaternityRules:lower-family")
        for m in _THANKED.finditer(text)
        if staff(m.group(1)) and not any(f.start < m.end(1) and m.start(1) < f.end for f in found)
    ]
    out = thanked + [
        Finding(m.start(), m.end(1), "PERSON", "MaternityRules:lower-family")  # the title inside: "Dr sharp"
        for m in _LOWER_TITLED.finditer(text)
        if family(m.group(1)) and not any(f.start <= m.start(1) < f.end for f in found)
    ]
    for f in found:
        piece = text[f.start : f.end]
        m = _LOWER_NEXT.match(text, f.end)
        place = re.match(r"[ ]+(\w+)", text[m.end() : m.end() + 20]) if m else None
        if place and fold_word(place.group(1)) in PLACE_NOUNS:
            continue  # "in [rose] proctor ward": a ward's name
        if (
            f.entity == "PERSON"
            and m
            and piece.islower()
            and " " not in piece
            and family(m.group(1))
            and given(piece)
        ):
            out.append(Finding(f.start, m.end(1), "PERSON", "MaternityRules:lower-family"))
        # rules 55 (blind62: "jazz = jasmine [o'leary]"): a lower-case given name right before a family name found in
        # lower case, and (blind62: "taylor wilkes ([tay])") a given and family name before her short form's bracket
        if f.entity != "PERSON" or not piece.islower():
            continue
        before = _LOWER_PREV.search(text, max(0, f.start - 40), f.start)
        first = piece.split()[0]
        if (
            before
            and given(before.group(1))
            and fold_word(before.group(1)) not in _NOT_GIVEN
            and len(piece.split()) <= 2
            and family(first)
            and fold_word(first) not in lists.common
        ):
            out.append(Finding(before.start(1), f.end, "PERSON", "MaternityRules:lower-family"))
        pair = _LOWER_PAIR.search(text, max(0, f.start - 60), f.start)
        if (
            pair
            and " " not in piece
            and (family(pair.group(2)) or _unlisted(pair.group(2)))
            and given(pair.group(1))
            and fold_word(pair.group(1)) not in _NOT_GIVEN
            and fold_word(pair.group(1))[:2] == fold_word(piece)[:2]
        ):
            out.append(Finding(pair.start(1), pair.end(2), "PERSON", "MaternityRules:lower-family"))
    return out


#: Rules 51: a word heading a note or a line ("Jade - her nickname", "paddy (the caretaker) says", "charm's partner
#: rang"): after an optional bullet or a sentence's end, the word, then a spaced dash, a bracket or (lower case) "'s".
_HEADING = re.compile(
    r"(?m)(?:^[ \t]*(?:[-*•>]+[ \t]+|\d{1,3}[.)][ \t]+|[a-z][)][ \t]+|\d{1,3}[ \t]+[-–—][ \t]+)?|(?<=[.!?])[ ]{1,2})"
    r"([A-Za-z][a-z'’-]{1,14})"
    r"(?:[ \t]+(?P<dash>[-–—]{1,2})[ \t]+|[ \t]?(?P<colon>:)[ \t]+(?=\S)|[ \t]*\((?P<bracket>[^()\n]{1,80})\)"
    r"|(?P<owner>['’]s)[ ]+(?P<owned>[a-z]+)\b)"
)
#: Seasons and the weather, which head a note as themselves ("Winter - heating broken", "Storm (Ciara) closed roads").
_NOT_HEADING = frozenset({"summer", "autumn", "winter", "spring", "storm", "snow", "rain", "frost", "sky"})
#: The keep review of rules 51's first version ("Honey - leaflet should say", "Lavender (oil) - allowed?", "Amber (rag)",
#: "Rose (white) on the door", "dawn's the worst"): the heading is a person's only where what it heads says so.
#: Words saying a person in the bracket or first after the dash: kin, roles, people, nationalities, a nickname.
_PERSON_WORDS = (
    (RELATIONS - {"baby", "babies", "law", "eldest", "youngest"})
    | (ROLES - {"visitor", "worker"})
    | frozenset(
        (  # noqa: SIM905 -- a word list
            "person lady man woman girl boy guy lad cashier warden caretaker student manager owner nickname aka i.e. "
            "doula mca hca"
        ).split()
    )
)
#: Pronouns, said of a person inside the bracket only ("Clare (not the county, she said)"); after a dash they are too
#: often the note's subject ("Patience - staff showed loads of it with her").
_PRONOUNS = frozenset({"she", "he", "her", "his", "him", "herself", "himself", "she's", "he's"})
#: Words opening a clause in the bracket, whose pronoun is the clause's ("joy (when she latched) - best moment").
_CLAUSE_OPENERS = frozenset(
    {"when", "while", "after", "before", "because", "as", "if", "since", "until", "once"}
)
#: Faiths, which a quality is (and a person of), after "faith" or "grace": no nationality here ("faith (christian)").
_FAITHS = frozenset(
    {"christian", "muslim", "catholic", "hindu", "sikh", "jewish", "buddhist", "orthodox", "pentecostal"}
)
_NATIONALITY = re.compile(r"(?:ese|ian|ish|an|i)$")
_AGE_OR_PLACE = re.compile(
    r"(?i)\b(?:yr|year|cot|bed|bay|room|rm)[ ]?\d|\b\d{1,2}[ ]?(?:m|mo|mths?|months?|wks?|weeks?|yrs?|y/?o)\b|^[ ]*\d{2}\b|"
    r"\b(?:real|full|first|nick)[ ]?name\b|\bcalls[ ]her\b|\bi[ ]mean\b|\b[gp]\d(?:p\d)?\b|\bthey/them\b|"
    r"\b\d(?:st|nd|rd|th)[ ](?:preg|pregnancy|baby)\b|\bpp[ ]day\b"
)
#: The removal review: what a note says first of a woman after the dash ("Honey - says shes scared", "Faith - wants water
#: birth", "Star - didnt turn up", "Promise - declined whooping cough vax"); not "Honey - leaflet should say".
_PERSON_FIRST = frozenset(
    (  # noqa: SIM905 -- a word list
        "says said wants wanted asked asks rang called texted lives lived stays staying declined refused tired anxious "
        "worried scared feeling feels felt pregnant preg didnt didn't dna cant can't she she's shes he he's hes"
    ).split()
)
#: Rules 52 (the removal review's headings with nothing of a person's after them): what a note records first of a woman
#: after a dash or a colon ("Hope - booked in for 28wk bloods", "Grace: sugars 7.2 fasting", "Joy: cried during visit");
#: never a service's or a place's word ("Summer - reduced clinic sessions", "Amber - staffing level flagged").
_WOMAN_NOTE = frozenset(
    (  # noqa: SIM905 -- a word list
        "booked bloods interpreter moved moving lovely anxiety ivf weight homebirth cried crying sleeping seen referred "
        "phoned sugars fm bp gtt ctg bmi epds phq pn gd gdm pih pnd twins breech hyperemesis admitted readmitted "
        "discharged"
    ).split()
)
#: Rules 52: a woman's own details, which make the place or weather word heading them her name ("Havana - mum of 4, lives
#: ME3 8HU", "RAIN - DA11 ... - HOME VISIT").
_HER_DETAILS = frozenset(
    {
        "PHONE_NUMBER",
        "UK_POSTCODE",
        "UK_ADDRESS",
        "EMAIL_ADDRESS",
        "SOCIAL_MEDIA",
        "UK_NHS",
        "HOSPITAL_NUMBER",
        "UK_NINO",
        "UK_REG",
    }
)
#: A heading's marks; a text without one has no heading (`heading_names`).
_HEADING_MARKS = ("-", "(", "'s", "–", "—", "’s", ":")
#: What follows "'s" at a lower-case heading when a person owns it ("charm's partner", "angel's college"; not "dawn's the
#: worst", "honey's fine").
_OWNED = (
    RELATIONS
    | ROLES
    | frozenset(
        "college school nursery foster carer phone number mob mobile email address dob insta fb facebook oko gp hv bp "  # noqa: SIM905
        "bloods weight housing pronouns ctg gtt scan scans placenta oxygen jabs appt appointment booking results notes "
        "midwife mw feedback visa car birth induction section epidural sugars meds".split()
    )
)


#: After a bracket that follows a word name also used for a quality ("faith (nigerian) - fibroids", "patience (congolese)
#: said"): a dash, a comma or a verb only people do.
_PERSON_AFTER = re.compile(
    r"[ \t]*(?:[-–—,:]|(?:also[ ]+|then[ ]+)?(?:said|says|rang|asked|told|texted|came|brought|wants|needs|rated|rates|"
    r"gave|explained|mentioned|is[ ]+\d|was[ ]+\d))"
)


def heading_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 51: a given name heading a note, a line or a sentence before a dash, a bracket or (typed in lower case) "'s"
    and a word, when what it heads says a person (`person_said`); never a stop, keep, clinical, calendar, context or
    role word."""
    if not any(mark in text for mark in _HEADING_MARKS):
        return []

    def given(word: str) -> bool:
        w = fold_word(word)
        return (
            lists.given_word(w)
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in ROLES
            and w not in CALENDAR
            and w not in _NOT_HEADING
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in VERB_WORDS
        )

    # rules 52: a place or the weather heads a woman's own details too ("Havana - lives ME3 8HU")
    def placed(word: str) -> bool:
        w = fold_word(word)
        return (w in lists.world or w in _NOT_HEADING) and w not in STOP_WORDS and w not in CONTEXT_WORDS

    # rules 52: her phone, postcode, address or number in what the word heads
    def identifier_after(start: int) -> bool:
        clause = re.match(r"[^\n]{0,60}", text[start:]).group()
        return any(f.entity in _HER_DETAILS and start <= f.start < start + len(clause) for f in found)

    def found_in(start: int, end: int) -> bool:  # a name or an identifier already found there ("([NAME])")
        return any(f.start < end and start < f.end for f in found)

    def nationality(word: str) -> bool:
        return word in lists.keep_words and word not in _FAITHS and _NATIONALITY.search(word) is not None

    def person_said(m: re.Match) -> bool:
        if m.group("owner"):
            return m.group("owned") in _OWNED
        if m.group("bracket"):
            start, end = m.span("bracket")
            words = re.findall(r"[a-z.'’]+", m.group("bracket").lower())
            clause = (
                bool(words) and words[0] in _CLAUSE_OPENERS
            )  # "joy (when she latched)": a clause, not a person
            return (
                found_in(start, end)
                or _AGE_OR_PLACE.search(m.group("bracket")) is not None
                or any(w in _PERSON_WORDS or (w in _PRONOUNS and not clause) or nationality(w) for w in words)
            )
        clause = re.match(r"[^.;!?\n]{0,60}", text[m.end() :]).group()  # after the dash
        words = re.findall(r"[a-z.'’]+", clause.lower())
        return (
            found_in(m.end(), m.end() + len(clause))
            or _AGE_OR_PLACE.search(clause) is not None
            or bool(
                words
                and (
                    words[0] in _PERSON_WORDS
                    or words[0] in _PERSON_FIRST
                    or words[0] in _WOMAN_NOTE
                    or nationality(words[0])
                )
            )
        )

    out = []
    for m in _HEADING.finditer(text):
        word = m.group(1)
        if found_in(*m.span(1)):
            continue
        if not given(word):
            if (m.group("dash") or m.group("colon")) and placed(word) and identifier_after(m.end()):
                out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityRules:heading-name"))
            continue
        if m.group("owner") and not word.islower():
            continue  # capitalised owners: label_slots' opening owners
        if not person_said(m):
            continue
        if (
            m.group("bracket")
            and fold_word(word) in ABSTRACT_NAMES
            and not _PERSON_AFTER.match(text, m.end())
        ):
            continue  # "faith (christian) matters a lot": a person's name only before a dash or what a person does
        out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityRules:heading-name"))
    return out


#: Rules 51: an inward code typed with the letter O for its digit after an outward code found alone ("ME1 OLB"): O and two
#: letters Royal Mail uses there (never C, I, K, M, O or V), in the outward code's case; a word or an acronym only after
#: a postcode's label (the keep review: "DA1 ONS data", "ME1 OPD clinic", "DA3 ODD one out"; "postcode DA1 OLD").
_O_INWARD = re.compile(r"[ ]?([Oo][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})\b(?![-'’]\w)")
#: Short words of care no list holds as words ("DA2 OBS done at home": observations).
_CARE_SHORT = frozenset({"obs"})
_POSTCODE_LABEL = re.compile(r"(?i)\b(?:post[ ]?code|pc|p/c)(?:[ ]+(?:is|was))?[ ]*[:=-]?[ ]*$")


def o_inward_codes(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 51: an outward code grown over an inward code typed with O for 0 (`_O_INWARD`)."""
    out = []
    for f in found:
        if f.entity != "UK_POSTCODE" or " " in text[f.start : f.end].strip():
            continue
        m = _O_INWARD.match(text, f.end)
        if not m:
            continue
        code, inward = text[f.start : f.end], m.group(1)
        w = fold_word(inward)
        word = w in lists.short_words or w in lists.acronyms or w in STOP_WORDS or w in _CARE_SHORT
        if inward.isupper() != code.isupper() or (
            word and not _POSTCODE_LABEL.search(text, max(0, f.start - 20), f.start)
        ):
            continue  # "DA1 ONS data", "DA3 ODD one out": a word after an outward code, unless a label says postcode
        out.append(Finding(f.start, m.end(1), "UK_POSTCODE", "MaternityRules:o-inward"))
    return out


#: Rules 52: a label of a list of people, then a colon or a spaced dash ("apologies - hope, grace, comfort", "present
#: (zoom): Destiny, Unique", "babies weighed: Genesis 5.1kg, Marvel 6.3kg", "call list: Chance, Brook, Trust").
_LIST_LABEL = re.compile(
    r"(?im)(?:^|(?<=[.;!?])[ ]+|(?<=\n)|(?<=[ ][-–—])[ ]+)[ \t]*(?:[-*•][ \t]+)?"  # rules 53: after "list - "
    r"(?:apologies|apols|present|attendance|in[ ]attendance|attending|attendees|dna|did[ ]not[ ]attend|call[ ]list|"
    r"(?:(?:ppl|people|mums|women|girls)[ ])?to[ ](?:ring|call|text|chase)(?:[ ]back)?|ring[ ]back|in[ ]group|(?:stall[ ])?helpers|volunteers|panel|members|"
    r"babies(?:[ ](?:weighed|today|born[ ]this[ ](?:week|month)))?|mums|dads|new[ ]mums|(?:survey[ ])?done[ ]by|"
    r"(?:bf|baby)[ ]caf[eé])"
    r"(?:[ ]\([a-z ]{1,15}\))?[ \t]*(?::|[ ][-–—])[ \t]*"
)
#: Where such a list ends: a sentence's end (not "5.1kg") or the line's.
_LIST_END = re.compile(r"[.!?](?=\s|$)|\n")
#: One item of such a list: a word, an optional bracket or measure ("Bliss (twins)", "Blaze 8wks", "Genesis 5.1kg").
_LIST_ITEM = re.compile(
    r"([A-Za-z][a-z'’-]+)(?:[ ]\([^()\n]{1,20}\))?"
    r"(?:[ ]\d+(?:\.\d+)?[ ]?(?:kg|g|lb|oz|wks?|weeks?|months?|mths?|m)\b)?[ \t]*(?:[,;/&+]|\band\b|$)[ \t]*"
)


def label_list_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 52 (the removal review: "apologies - hope, grace, comfort", "dna: lucky, sunny, trust"): after a label of a
    list of people (`_LIST_LABEL`), two or more items to the line's or sentence's end, each a name found or a given name
    of the lists (even an everyday word: the label says people); every item not found is a name. Never a list holding a
    word that is no given name ("mums: tired, anxious" stays), nor a stop, context, clinical or calendar word."""
    if ":" not in text and "-" not in text and "–" not in text and "—" not in text:
        return []

    def given(word: str) -> bool:
        w = fold_word(word)
        return (
            (lists.given_word(w) or w in lists.word_names_traditions)
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in CALENDAR
            and w not in lists.clinical
        )

    out: list[Finding] = []
    people = all_found = None  # built at the first list (a scan per item was quadratic on a long list)
    for label in _LIST_LABEL.finditer(text):
        stop = _LIST_END.search(text, label.end())
        end = stop.start() if stop else len(text)
        pos, items = label.end(), []
        while pos < end:
            m = _LIST_ITEM.match(text, pos, end)
            if not m or m.end() == pos:
                break
            items.append(m.span(1))
            pos = m.end()
        if pos < end or len(items) < 2:
            continue  # the list runs into other words: not one of people only
        if people is None:
            people = SpanIndex((f.start, f.end) for f in found if f.entity == "PERSON")
            all_found = SpanIndex((f.start, f.end) for f in found)
        taken = [people.overlaps(s, s + 1) for s, _e in items]
        if not all(t or given(text[s:e]) for t, (s, e) in zip(taken, items, strict=True)):
            continue
        out += [
            Finding(s, e, "PERSON", "MaternityRules:list-label")
            for t, (s, e) in zip(taken, items, strict=True)
            if not t and not all_found.overlaps(s, e)
        ]
    return out


#: The steps, in the order `Anonymiser.more_names` runs them.
#: Rules 53 (found writing rules 53's tests: "lily-may had jaundice", "Lily-May had jaundice" were left whole): two
#: given names joined by a hyphen, in any case.
_HYPHEN_PAIR = re.compile(
    r"(?<![\w'’@./-])([A-Za-z][a-z]+|[A-Z]{2,})-([A-Za-z][a-z]+|[A-Z]{2,})(?![\w@/-]|['’]\w\w)"
)


#: Months that are given names too ("Lily-May", "Ella-June"), and months written short ("Jan-Jun" is a range).
_MONTH_NAMES = frozenset({"april", "may", "june"})
_MONTH_SHORT = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())  # noqa: SIM905


def hyphen_pair_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 53: a double-barrelled name ("Lily-May", "amelia-grace", "LACEY-MAY"): both halves names of the lists (given
    or family: `Lists.given_word`, `names`, `more_names`) of three letters or more ("mo-di" twins), neither a month written short ("Jan-Jun")
    nor a weekday, keep, clinical or acronym word; April, May and June only beside another name ("June-May" is a
    range). Under a source of its own, which the months' keep spans do not undo."""
    if "-" not in text:
        return []
    taken = SpanIndex((f.start, f.end) for f in found)
    out = []
    for m in _HYPHEN_PAIR.finditer(text):
        if taken.contains(*m.span()):
            continue
        halves = [fold_word(m.group(1)), fold_word(m.group(2))]
        if all(
            len(w) > 2
            and (lists.given_word(w) or w in lists.names or w in lists.more_names)
            and w not in _MONTH_SHORT
            and (w in _MONTH_NAMES or (w not in CALENDAR and w not in lists.keep_words))
            and w not in lists.clinical
            and w not in lists.acronyms
            for w in halves
        ) and not all(w in _MONTH_NAMES for w in halves):
            out.append(Finding(m.start(), m.end(), "PERSON", "MaternityNameRules:hyphen-name"))
    return out


#: Rules 54 (blind60, a tuning writer): the name a woman goes by, said so. "Liberty (calls herself Libby)": the word
#: before the bracket; "uses the name Apple", "her English name is Sunny", "Lucky is the English name of": the name.
_GOES_BY_AFTER = re.compile(
    r"(?<![\w'’@.-])([A-Z][a-z'’]+)[ ]?\((?:she[ ]|he[ ])?(?:calls[ ](?:herself|himself)|goes[ ]by|known[ ]as|"
    r"prefers|likes[ ]to[ ]be[ ]called)\b"
)
_GOES_BY_NAME = re.compile(
    r"\b(?:uses|goes[ ]by|chose|took)[ ]the[ ](?:English[ ])?name[ ]+([A-Z][a-z'’]+)\b"
    r"|\b(?:her|his)[ ](?:English|work|chosen)[ ]name[ ](?:is[ ]|was[ ]|:[ ]?)?([A-Z][a-z'’]+)\b"
    r"|(?<![\w'’@.-])([A-Z][a-z'’]+)[ ](?:is|was)[ ](?:the|her|his)[ ](?:English|work|chosen)[ ]name\b"
)
#: Rules 54 (blind60: "till Sgt Dawes is back", "Tug (LCpl Wilson)"): a service rank written before a family name.
_FORCES_RANKS = (
    r"Sgt|SSgt|CSgt|Cpl|LCpl|L/Cpl|Pte|Spr|Gnr|Sig|Tpr|Cfn|Rfn|Bdr|LBdr|Capt|Maj|Lt|2Lt|Col|Lt[ ]Col|Brig|Cdr|"
    r"Lt[ ]Cdr|Flt[ ]Lt|Sqn[ ]Ldr|Wg[ ]Cdr|WO1|WO2"
)
_RANKS = rf"(?:{_FORCES_RANKS})\.?[ ][A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?(?![\w'’-])"
#: Rules 57: the ranks a name's finding is widened over (`Anonymiser.with_titles`): the forces' and a police, council
#: or church rank, capitalised only ("PC Hollis", "Cllr Shah", "Revd Ogun"; the corpora label it inside the name).
TITLE_RANKS = rf"{_FORCES_RANKS}|PC|DC|DCI|Insp|Cllr|Rev|Revd"
#: Ranks written in full after a rank's short form ("Sgt Major", "Lt General"): no family name.
_RANK_WORDS = frozenset(
    ("major", "general", "corporal", "sergeant", "colonel", "captain", "lieutenant", "private", "officer", "commander",
     "marshal", "brigadier", "col", "maj", "gen", "sgt", "cpl", "capt", "lt", "cdr", "brig")
)  # fmt: skip
_RANK_NAME = re.compile(rf"(?<![\w'’@.-])({_RANKS})")
#: Rules 54 (blind60: "Tug (LCpl Wilson) rang"): a nickname before a bracket that opens with a rank and a family name.
_RANK_GLOSS = re.compile(rf"(?<![\w'’@.-])([A-Z][a-z'’]+)[ ]?\((?={_RANKS})")
#: Rules 59 (blind69: "Tiny (Andrea Clarke, who is six foot) rated her care 1"): a capitalised word opening a sentence
#: before a bracket that opens with a full name found in the note, the sentence going on with her rating or her words
#: after it (`_GLOSS_THEN`; not "Update (Sarah Jones): ...", "Delivery (Jane Smith) was calm"): her nickname.
_GLOSS_THEN = re.compile(r"[ ](?:rated|rates|says|said|wants|wanted|rang|asked|told)\b")
_NICK_GLOSS = re.compile(
    r"(?:^|(?<=[.!?;][ ])|(?<=\n))([A-Z][a-z'’]{2,})[ ]?\((?=[A-Z][\w'’-]+[ ][A-Z][a-z]+)"
)
#: Rules 59 (blind69: "Fielding family: the daughter ..."): a family's name before "family" after "the" or opening a
#: sentence; not a service's ("the Family Hub", "the Kent family support team").
_FAMILY_OF = re.compile(
    r"(?:(?<=\b[Tt]he[ ])|^|(?<=[.!?;][ ])|(?<=\n))([A-Z][a-z]{2,})[ ]family\b(?![ ]+(?i:hubs?|centres?|centers?|"
    r"court|support|services?|liaison|nurses?|workers?|practitioners?|planning|groups?|rooms?|law|doctors?|gp|"
    r"partnership|partners|team|clinic|programme|fun|day|days|session|sessions|friendly|room|members?))"
)
_NOT_FAMILY_OF = frozenset(
    "royal holy host foster whole extended blended adoptive new other romany romani roma gypsy traveller "  # noqa: SIM905
    # faiths ("Jain family, strict vegetarian", "Ahmadi family, mosque in Gravesend": rules 42 and 44 reviews)
    "jain ahmadi sikh hindu muslim christian catholic baptist methodist pentecostal orthodox jewish buddhist quaker "
    "mormon sunni shia ismaili parsi rastafarian bahai".split()
)
#: Rules 54 (blind60: "Do Thi Anh"): a Vietnamese family name before the middle name "Thi" or "Van" and a given name.
_BEFORE_THI = re.compile(r"(?<![\w'’@.-])([A-Z][a-z]{1,6})[ ](?=(?:Thi|Thị|Van|Văn)[ ][A-Z])")
#: Vietnamese family names that the East Asian list leaves out as English words ("Do", "Ho", "Le").
_VIET_SHORT = frozenset({"do", "ho", "le", "ly", "vo", "vu", "ha", "mai", "lam", "to", "la"})
#: Rules 54 (blind60: "at Wong's Garden", "Chen Family Takeaway", "chef at Ho's Kitchen"): a family's eatery named after
#: them ("'s" or "Family" before its kind; "Grace Restaurant", "the Family Kitchen" may be words').
_EATERY = re.compile(
    r"(?<![\w'’@.-])([A-Z][a-z'’-]+?)(?:['’]s|[ ]Family)[ ](?:Takeaway|Kitchen|Restaurant|Garden|Noodle[ ]Bar|Chinese|"
    r"Cantonese|Chippy|Fish[ ]Bar|Nails|Cafe|Café)\b"
)
#: Rules 54 (blind60: "mads w baby may (11 wks)"): a baby's given name typed in lower case before her age in a bracket.
_BABY_AGED = re.compile(
    r"\bbaby[ ]([a-z]{3,})[ ]?\((?:\d{1,2}|one|two|three|four|five|six)[ ]?(?:wks?|weeks?|days?|mths?|months?|m)\b"
)

#: Rules 58 (blind67: "Journey now 9 wks", "Legend has jaundice"): a given name opening a sentence before a baby's age
#: or a baby's ailment is the baby's; no place ("Lincoln 4 months" is one, and then the city's name went with it) and no
#: "one day" ("Hope one day CQC will ...", a real comment).
_BABY_OPENS = re.compile(
    r"(?:^|(?<=[.!?;][ ])|(?<=\n))([A-Z][a-z]{2,})(?:(?:[ ]is)?(?:[ ]now)?[ ]"
    r"(?:\d{1,2}[ ]?|(?:two|three|four|five|six)[ ])(?:wks?|weeks?|days?|mths?|months?)\b(?![ ]pregnant)"
    r"|[ ](?:has|had|has[ ]got|got)[ ](?:bad[ ]|mild[ ])?"
    r"(?:jaundice|reflux|colic|oral[ ]thrush|tongue[ -]tie|cmpa|cows'?[ ]milk[ ]allergy|bronchiolitis)\b"
    # rules 59 (blind69: "Willow feeding 2 hourly", "Poppy fussy at the breast")
    r"|[ ](?:is[ ])?(?:feeding[ ](?:\d|every|on[ ]demand)|fussy[ ]at[ ]the[ ]breast|cluster[ ]feeding)\b)"
)
#: Rules 59 (blind69: "Kingston's christening is at ...", "Jordan new to the group"): a given name before her or his
#: christening or naming day, or opening a sentence before "new to the group"; a place's name too (a person is meant).
_PERSON_OPENS = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})['’]s[ ](?:christening|baptism|naming[ ]ceremony|naming[ ]day|dedication|aqiqah)\b"
    r"|(?:^|(?<=[.!?;][ ])|(?<=\n))([A-Z][a-z]{2,})[ ](?:is[ ])?new[ ]to[ ]the[ ]group\b"
)


def alias_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 54: the name a woman goes by, said so (`_GOES_BY_AFTER`, `_GOES_BY_NAME`), a service rank before a family
    name (`_RANK_NAME`) or opening a bracket after a nickname (`_RANK_GLOSS`), a Vietnamese family name before "Thi"
    (`_BEFORE_THI`), a family eatery's owner (`_EATERY`), a baby's given name before her age in a bracket
    (`_BABY_AGED`) or opening a sentence before her age or ailment (`_BABY_OPENS`, rules 58), a given name before a
    christening or opening a sentence before "new to the group" (`_PERSON_OPENS`, rules 59), a word opening a sentence
    before a bracket that opens with a full name found (`_NICK_GLOSS`, rules 59), a family's name before "family"
    (`_FAMILY_OF`, rules 59); never a stop, keep,
    clinical or calendar word, nor (the baby's) a word no names list holds."""

    def plain(word: str) -> bool:
        w = fold_word(word)
        return (
            w in STOP_WORDS
            or w in lists.keep_words
            or w in lists.clinical
            or w in CALENDAR
            or w in CONTEXT_WORDS
        )

    spans = [m.span(1) for m in _GOES_BY_AFTER.finditer(text) if not plain(m.group(1))]
    for m in _GOES_BY_NAME.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        if not plain(m.group(g)):
            spans.append(m.span(g))
    spans += [
        m.span(1)
        for m in _RANK_NAME.finditer(text)
        if not plain(m.group(1).split()[-1]) and fold_word(m.group(1).split()[-1]) not in _RANK_WORDS
    ]
    spans += [m.span(1) for m in _RANK_GLOSS.finditer(text) if not plain(m.group(1))]
    full_names = {f.start for f in found if f.entity == "PERSON" and " " in text[f.start : f.end]}
    for m in _NICK_GLOSS.finditer(text):
        w = fold_word(m.group(1))
        close = text.find(")", m.end(), m.end() + 80)  # her rating or words after the bracket
        gloss = close > 0 and _GLOSS_THEN.match(text, close + 1) is not None
        if (
            gloss
            and m.end() in full_names
            and not plain(m.group(1))
            and w not in RELATIONS
            and w not in ROLES
        ):
            spans.append(m.span(1))
    for m in _BEFORE_THI.finditer(text):
        w = fold_word(m.group(1))
        if w in lists.east_asia or w in _VIET_SHORT:
            spans.append(m.span(1))
    for m in _EATERY.finditer(text):
        w = fold_word(m.group(1))
        # a family name no everyday word ("Hope's Kitchen", "Pastor's Kitchen" may be words')
        named = (w in lists.names or w in lists.surnames) and w not in lists.common and not plain(m.group(1))
        if w in lists.east_asia or w in _VIET_SHORT or named:
            spans.append(m.span(1))
    for m in _BABY_OPENS.finditer(text):
        w = fold_word(m.group(1))
        place = w in lists.world
        if not plain(m.group(1)) and w not in RELATIONS and not place and lists.given_word(w):
            spans.append(m.span(1))
    for m in _FAMILY_OF.finditer(text):
        w = fold_word(m.group(1))
        named = lists.given_word(w) or w in lists.names or w in lists.surnames
        if (
            named
            and w not in lists.world
            and w not in lists.common
            and w not in _NOT_FAMILY_OF
            and not plain(m.group(1))
        ):
            spans.append(m.span(1))
    for m in _PERSON_OPENS.finditer(text):
        g = 1 if m.group(1) else 2
        w = fold_word(m.group(g))
        if not plain(m.group(g)) and w not in RELATIONS and (lists.given_word(w) or w in lists.names):
            spans.append(m.span(g))
    for m in _BABY_AGED.finditer(text):
        w = m.group(1)
        if (
            (w in _MONTH_NAMES or not plain(w))
            and w not in RELATIONS
            and (lists.given_word(w) or w in lists.names)
        ):
            spans.append(m.span(1))
    return [Finding(s, e, "PERSON", "MaternityNameRules:alias") for s, e in spans]


_FOR_GIRLS = re.compile(r"[ ](?i:for[ ](?:girls|boys))\b")


#: Rules 55 (a test the tagger retrained on forty-two sets broke: "her son goes to holytrinity.kent.sch.uk"): a school's
#: web address names the school.
_SCHOOL_DOMAIN = re.compile(
    r"(?<![\w.@-])(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)?\.sch\.uk\b", re.IGNORECASE
)


def schools_run_on(text: str, found: list[Finding]) -> list[Finding]:
    """Rules 54 (blind57): a school found without the "for girls" its name runs on to ("at [northfleet school] for
    girls yr 11") grown over it; part of the `year_schools` step (the engine's findings, after the other steps)."""
    out = []
    for f in found:
        m = _FOR_GIRLS.match(text, f.end) if f.entity == "SCHOOL" else None
        out.append(Finding(f.start, m.end(), f.entity, f.source) if m else f)
    if ".sch." in text.lower():  # rules 55: a school's web address, in place of the pieces found inside it
        sites = [
            Finding(*m.span(), "SCHOOL", "MaternityRules:school-web") for m in _SCHOOL_DOMAIN.finditer(text)
        ]
        out = [f for f in out if not any(w.start <= f.start and f.end <= w.end for w in sites)]
        out = resolve_overlaps(out + sites)
    return out


ADD_STEPS = (
    ("ward_names", ward_family_names),
    ("lower_family_names", lower_family_names),
    ("role_names", role_word_names),  # rules 50
    ("heading_names", heading_names),  # rules 51
    ("o_inward", o_inward_codes),  # rules 51
    ("label_lists", label_list_names),  # rules 52
    ("hyphen_names", hyphen_pair_names),  # rules 53
    ("alias_names", alias_names),  # rules 54
)
