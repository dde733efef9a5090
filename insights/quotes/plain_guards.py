"""Rules 20: the last look at every text's findings: placeholders and misspellings let go, kept words in a
person's slot taken.

Rules 1-19 were checked for false changes on one corpus of real comments (pxtextmining's v6 framework
file). The same project's phase 1 file (other trusts, other years; never read before rules 20) holds
comments that someone already anonymised: "Dr XXXX was lovely", "thank you to xxxx", "Mr X, the
occupational therapist". The rules took each placeholder for a name and the comment came back changed
(26 of the first 1,500 comments of its tuning half). A placeholder is not a personal detail, so a
finding made only of placeholders, titles and service acronyms ("XXXX", "Dr XXXX", "XXXX OT", "Dr x")
is dropped; a name beside one ("Vicky X") is not touched.

Misspelt long words (`misspelt`): a lower-case word of 8 letters or more that no names list holds and
that ends in an English suffix (-able, -ally, -ment, -tion, ...) is a misspelling, not a name
("quick and accesable", "dealt with satisfatually", "including manangemement"); so is such a word with
a capital where it opens a sentence ("Treatement is good").

Kept words in a person's slot (`slot_names`, `kept_word`): a capitalised month or weekday, or a one-word
keep term that a names list holds, right after a relative or a title is a person's name ("baby Sunday",
"her daughter June", "Mrs May"), unless a noun or a verb after it says otherwise ("baby Sunday morning
group", "her mum May be able to"). The keep lists still win everywhere else ("on Sunday", "in May"). A keep
term no names list holds stays even there ("mum Tamil speaking only"; so "her daughter Bliss", a charity's
name on the keep list, leaked until rules 69 counted the ONS baby names as a names list).

Tried and not shipped (docs/anonymiser-rounds.md, rules 20): letting go of any word one edit from an English word, of
close matches to a dictionary word, and of dictionary words after an article in a name's slot ("a
fabulous job"). On the labelled sets these let through lower-case names ("chanelle", "tyreese",
"nattie", "inderpreet") and people named with ordinary words ("Lovely", "the same florida").
"""

from __future__ import annotations

import dataclasses
import functools
import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, PLACE_NOUNS, RELATIONS, ROLES, TITLES
from insights.quotes.lexicon import NEGATED_BASES, Finding, Lists, fold_word
from insights.quotes.record_slots import PEOPLE_VERBS

#: A redaction placeholder: three or more x's.
_PLACEHOLDER = re.compile(r"(?i)x{3,}")
#: One x after a title ("Dr X", "Mrs x."): a placeholder too.
_TITLE_X = re.compile(r"(?i)(?:dr|mr|mrs|ms|miss|mx|prof|nurse|sister)\.?\s+x\.?")


def placeholder(piece: str, acronyms: frozenset[str]) -> bool:
    """A finding that is only redaction placeholders, titles and service acronyms ("XXXX", "Dr XXXX",
    "XXXX OT", "Dr x"); not a name beside a placeholder ("Vicky XXXX")."""
    if _TITLE_X.fullmatch(piece.strip()):
        return True
    words = re.findall(r"[^\W_]+", piece)
    return any(_PLACEHOLDER.fullmatch(w) for w in words) and all(
        _PLACEHOLDER.fullmatch(w) or w.lower() in TITLES or w.lower() in acronyms for w in words
    )


def named(word: str, lists: Lists, word_names: bool = False) -> bool:
    """A names list holds `word` (first names, family names, nicknames, the gazetteer; with `word_names`, the
    names that are also English words too: "Constance")."""
    w = word.lower()
    return (
        w in lists.names
        or w in lists.first_names
        or w in lists.surnames
        or w in lists.nicknames
        or (word_names and w in lists.word_names)
    )


#: English suffixes no given name ends with, at 8 letters or more ("accesable", "manangemement"; rules 21:
#: "-ate", "-ated": "to accomidate").
_SUFFIX = re.compile(
    r"[a-z]{4,}(?:[ai]ble|[ai]bly|ally|ment|ments|tion|tions|ously|fully|ised|ized|ate|ated)"
    r"|[a-z]{7,}ly"  # rules 36: an adverb misspelt ("Proffesionly treated")
)


def misspelt(piece: str, lists: Lists, opening: bool = False) -> bool:
    """A lower-case word of 8 letters or more with an English suffix that no names list holds; with a
    capital too when it opens a sentence (`opening`: "Treatement is good", "Perscriptions could ...")."""
    word = piece[0].lower() + piece[1:] if opening and piece[:1].isupper() else piece
    return len(word) >= 8 and _SUFFIX.fullmatch(word) is not None and not named(word, lists)


@functools.lru_cache(maxsize=64)
def _capital_words(text: str) -> frozenset[str]:
    """The words a text writes with a capital first letter (read once per text, not once per finding)."""
    return frozenset(re.findall(r"(?<![\w'’-])[A-Z][a-z]+(?![\w'’-])", text))


#: Second review: "Baby Ward", "Nan Ward", "Sir Ward": a relative's or a title's family name, not a ward.
_NOT_WARD_NAMES = RELATIONS | {
    "baby",
    "sir",
    "dame",
    "lady",
    "lord",
    "cousin",
    "rang",
    "called",
    "named",
    "with",
}


#: Rules 35 (review): words right before a person in a note ("spoke to", "rang", "w", "with", "mum"; not "and": "diet
#: and exersice").
_NAME_CUE = re.compile(
    r"(?i)(?:\b(?:spoke|speak|speaking|talked|talking|said|wrote|texted|messaged|chatted)[ ]to|\bwith|\bw/?|\brang|"
    r"\bcalled|\bnamed|\bmet|\btold|\basked|\bcall[ ]with|\bmum|\bdad|\bpartner|\bbaby|\bsister|\bbrother|"
    r"\bhusband|\bwife|\bcc|\bthanks?)[ ]+$"
)


def far_misspelt(text: str, piece: str, lists: Lists, lexicon, start: int) -> bool:
    """Rules 35: one lower-case word two edits from a common word (`Lexicon.far_neighbours`) that no names list
    holds, nor the words it is near ("bethanie" is near "bethany": a name's spelling, not a typo), and that the text
    never writes with a capital ("Inderpreet ... inderpreet rated 4")."""
    if not piece.islower() or not piece.isalpha() or named(piece, lists, word_names=True):
        return False
    if piece[0].upper() + piece[1:] in _capital_words(text):
        return False
    if _NAME_CUE.search(text, max(0, start - 20), start):
        return False  # review: "spoke to yousseff (dad)", "rang krystyne": a person's slot keeps a name
    near = lexicon.far_neighbours(piece)
    return bool(near) and not any(named(u, lists, word_names=True) for u in near)


#: Rules 35: the endings of a dictionary's words for a job ("the audiologist was good", "see Doctors"), in lower case or,
#: as a plural, capitalised: no names list holds them.
_JOB_ENDS = (
    "ologist",
    "ologists",
    "iatrist",
    "iatrists",
    "ician",
    "icians",
    "apist",
    "apists",
    "ographer",
    "ographers",
)


def _job_word(piece: str, lists: Lists) -> bool:
    if not piece.isalpha() or named(piece, lists, word_names=True):
        return False
    w = piece.lower()
    if piece.islower() and len(w) >= 8 and w.endswith(_JOB_ENDS):
        return True  # "The audiologist was extremely good with my son"
    singular = w[:-1] if w.endswith("s") else ""
    return piece[:1].isupper() and piece[1:].islower() and singular in ROLES  # "More time to see Doctors"


#: Rules 35: letters with dots between that spell a service's acronym or a thing, not a person's initials.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){1,4}[A-Za-z]\.?")
#: Only these: two letters and the acronyms list's entries are people's initials too ("M.S.", "C.D.", "T.V. said").
_DOTTED_THINGS = frozenset({"dvd", "nmc", "hcpc", "cqc", "nhs"})


#: ... and these after an article ("on the T.V.", "a C.D. player", "enough P.T."): a thing, not a person.
_DOTTED_AFTER_ARTICLE = frozenset({"tv", "cd", "dvd", "pt", "ot", "pe"})
_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|enough|no|more|some|any|on|watched|watch|watching)[ ]+$")


def _dotted_acronym(text: str, f: Finding) -> bool:
    piece = text[f.start : f.end]
    if _DOTTED.fullmatch(piece) is None:
        return False
    letters = piece.replace(".", "").lower()
    return letters in _DOTTED_THINGS or (
        letters in _DOTTED_AFTER_ARTICLE
        and _ARTICLE_BEFORE.search(text, max(0, f.start - 8), f.start) is not None
    )


#: Rules 21: "I" and its contractions, alone or after a title ("I’m", "Dr I").
_I_WORD = re.compile(r"(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?\s+)?I(?:['’](?:m|ve|d|ll))?")
#: Rules 21: a hospital's noun after a person finding makes it the hospital's name ("Royal Victoria
#: Infirmary", "James Cook Hospital").
_CARE_PLACE = re.compile(r"Infirmary|Hospital|Hospice|Maritime")
_CARE_PLACE_AFTER = re.compile(rf"\s+(?:{_CARE_PLACE.pattern})\b")
#: Rules 21: a capitalised adverb of 8 letters or more ("helped Immensely", "Absolutely").
_ADVERB = re.compile(r"[A-Z][a-z]{5,}ly")
#: Rules 21: four capitals or more with no vowel: an acronym, not a name ("I thank RRLP so much").
_NO_VOWEL = re.compile(r"[B-DF-HJ-NP-TV-XZ]{4,}")
#: Rules 21: a capitalised English noun of 8 letters or more in -tion, -sion or -ment ("paramedics Explanation of";
#: not -ness, -ance, -ity: "Sweetness", "Temperance", "Divinity" are names).
_NOUN = re.compile(r"[A-Z][a-z]{4,}(?:tion|sion|ment)")

#: Words before a person's name at the end of a note ("by Rhi", "w jas"): not a word cut off.
_PERSON_BEFORE = re.compile(r"(?i)\b(?:w/?|with|by|from|is|said|called|named|thanks?|cc|signed)\s+$")


def cut_off(text: str, f: Finding, lists: Lists, starts_word) -> bool:
    """Rules 21: the last word of a comment cut off mid-word by a survey tool's length limit ("... I was very ill
    and neede", "came and helped instead. Shou"): a one-word finding at the very end of the text, with no
    punctuation after it, of 3 letters or more, in lower case (or capitalised where it opens a sentence), that
    starts a longer dictionary word (`starts_word`) and that no names list or place list holds. A capitalised word
    ending a note mid-sentence is a sign-off ("- by Rhi") and stays a name."""
    piece = text[f.start : f.end]
    if f.entity != "PERSON" or f.end != len(text.rstrip()) or len(piece) < 3 or not piece.isalpha():
        return False
    opening = (
        re.search(r"[.!?]\s+$", text[max(0, f.start - 3) : f.start]) is not None
        and re.search(r"(?<![\w.])[A-Z]\.\s+$", text[max(0, f.start - 4) : f.start]) is None
    )  # rules 36 (review): "Signed Mrs S. Baptiste": an initial's dot ends no sentence
    if not (piece.islower() or (opening and piece[1:].islower())):
        return False  # "- by Rhi", "SW is Jas": a capitalised sign-off stays a name
    return (
        not lists.known_thing(piece)  # "partner israel"
        and not _PERSON_BEFORE.search(text, max(0, f.start - 12), f.start)  # "took notes w jas"
        and starts_word(piece)
        and not named(piece, lists)
    )


def plain_word(text: str, f: Finding, lists: Lists, english) -> bool:
    """Rules 21: a person finding that is plainly not a name: "I" or its contractions (after a title too: "Dr I
    saw"); a hospital's name or noun ("Royal Victoria Infirmary"); a finding opened by "eg" or "ie"; a verb of
    saying in lower case ("said"); an acronym with no vowel, or in capitals after "@ " ("urology @ LGH"); and, when
    no names list holds it, a capitalised English adverb of 8+ letters or noun with a noun's suffix
    (`english(word)`: "helped Immensely", "paramedics Explanation of"); a capitalised word that a lower-case
    "ward" follows here or anywhere else in the text ("Highbury Cherry ward ... Kingsley & Cherry")."""
    if f.entity != "PERSON":
        return False
    piece = text[f.start : f.end]
    words = piece.split()
    if not words:
        return False
    if _I_WORD.fullmatch(piece):
        return True  # "well-being.I’m forever grateful", "the female Dr I saw"
    if _CARE_PLACE.fullmatch(words[-1]) or _CARE_PLACE_AFTER.match(text, f.end):
        return words[0].lower() not in TITLES  # "Royal Victoria Infirmary"; a title keeps it a name
    if words[0].lower().rstrip(".") in ("eg", "ie") and len(words) > 1:
        return True  # "Eg Surrounding ‘Fluid balance’"
    if not piece.isalpha():
        return False
    if piece in ("Ward", "Wing") and (
        ward := re.search(r"(?<![\w'’-])([A-Z][a-z]+)[ ]$", text[max(0, f.start - 30) : f.start])
    ):
        name = ward.group(1).lower()  # rules 35: "on Pelham Ward": a ward's name before it, not a given name
        if (
            name not in lists.first_names
            and name not in TITLES
            and name not in ROLES
            and name not in _NOT_WARD_NAMES
        ):
            return True
    if piece in PEOPLE_VERBS or _NO_VOWEL.fullmatch(piece):
        return True  # '... safe" said "just keep busy"', "I thank RRLP"
    if piece.isupper() and re.search(r"@\s+$", text[max(0, f.start - 3) : f.start]):
        return True  # "@ LGH": "at" a place; a handle has no space after "@"
    if piece.islower() and re.search(r"\d-$", text[max(0, f.start - 2) : f.start]):
        return True  # rules 22: the second half of a compound with a number ("5-star", "24-hour")
    if (
        (_ADVERB.fullmatch(piece) or _NOUN.fullmatch(piece))
        and english(piece.lower())
        and not named(piece, lists, word_names=True)  # "Constance" is a word-name
    ):
        return True
    before = re.search(r"(\w+)\W*$", text[max(0, f.start - 20) : f.start])
    titled = before is not None and (before.group(1).lower() in TITLES or before.group(1).lower() in ROLES)
    return piece[:1].isupper() and piece[1:].islower() and not titled and piece in _before_ward(text)


_BEFORE_WARD = re.compile(r"(?<![\w'’])([^\W\d_]+)\s+ward\b")


@functools.lru_cache(maxsize=64)
def _before_ward(text: str) -> frozenset[str]:
    """The words right before a lower-case "ward" anywhere in a text (read once per text, not per finding)."""
    return frozenset(_BEFORE_WARD.findall(text))


#: Rules 36: a role right before a capitalised word ("after GP Visit", "two lady Ambulance crew").
_ROLE_BEFORE = re.compile(r"(?i)\b([a-z]+)[ ]+$")
#: Rules 36: informal English words the dictionary lacks that real comments write in lower case (review: a hand list,
#: since the frequency list holds given names too: "alfie", "roxy", "macy").
_INFORMAL = frozenset(
    "login logon logins logout neuro physio physios circa rehab admin chemo wifi online offline webchat "  # noqa: SIM905
    "helpline hotline signposted signposting paperwork aftercare homecare healthcare voicemail voicemails "
    "email emails emailed texted facetime dept depts approx info".split()
)
#: Rules 36: what follows a person's name ("said", "is", "'s", "(17"), not a word's ("how to login.").
_PERSON_NEXT = re.compile(
    r"['’]s\b|[ ]*\(|[ ]+(?:said|says|is|was|rated|rates|asked|told|wants|wanted|had|has|and|&|n|who|from|came|rang|"
    r"texted|messaged|called|thinks|felt|feels|gave|got|went|did|does|will|would|can|could)\b"
)
#: Rules 36: roles a noun follows in a compound ("GP Visit", "lady Ambulance crew", "midwife Appointment"), not
#: "their cleaner Blessed".
_COMPOUND_ROLES = frozenset(
    {"gp", "gps", "hv", "mw", "lady", "man", "doctor", "nurse", "midwife", "consultant"}
)
#: Rules 36: a ward known by a name and its number after "on", or "to"/"from" after a move ("no room on Winifred 2",
#: "transferred to Lister 4 at night"); the number ends a sentence or a clause goes on (review: "Spoke to Kayleigh 19,
#: first baby", "thanks to Jade 20!", "Comment from Sam 15 (year 11)" are ages).
_WARD_NUMBER = re.compile(
    r"[ ]\d{1,2}(?=[ ]*(?:\.(?!\d)|$|[ ](?:and|for|so|but|because|was|is|had|which|where|at|in|with|until|till|"
    r"overnight|tonight|then)\b))"
)
#: Rules 36: a service's people after its letters ("DRC staff", "the KDAS team"; review: not "AHMED referral").
_STAFF_AFTER = re.compile(r"[ ]+(?:staff|team|service|services|nurses|workers|clinic|people)\b")
_WARD_BEFORE = re.compile(
    r"(?i)(?:\b(?:on|onto|off)|\b(?:moved|transferred|sent|taken|back|went|came|discharged|admitted|brought)"
    r"[ ]+(?:up[ ]+|down[ ]+|back[ ]+)?(?:to|from|onto))[ ]+$"
)


def _plain_english(text: str, f: Finding, lists: Lists, lexicon) -> bool:
    """Rules 36, from the phase 1 tune half's unlabelled comments: a word that is English and no one's name.
    - an informal word the dictionary lacks (`_INFORMAL`: "how to login", "referred to neuro physio", "circa 4.30"),
      outside a person's slot;
    - a service's acronym in capitals, not after a relative's or a role's word ("the meeting with CAMHS"; review:
      "daughter TIA"), or letters no names list holds before a team's word ("seeing DRC staff");
    - a common capitalised word (Zipf 4 or more) that no names list holds, right after a role a noun follows and
      before no person's verb ("after GP Visit", "lady Ambulance crew"; review: not "Midwife Young was", "nurse Pat");
    - a capitalised name before a ward's number after "on", or "to" or "from" after a move ("no room on Winifred 2")."""
    piece = text[f.start : f.end]
    if not piece.isalpha():
        return False
    w = piece.lower()
    before = _ROLE_BEFORE.search(text, max(0, f.start - 20), f.start)
    before_word = before.group(1).lower() if before else ""
    if piece.isupper() and len(piece) > 2:
        if before_word in RELATIONS or before_word in ROLES or before_word in TITLES:
            return False
        return w in lists.acronyms or (
            _STAFF_AFTER.match(text, f.end) is not None
            and not _any_name(w, lists)
            and not _NAME_CUE.search(text, max(0, f.start - 20), f.start)
        )
    if named(piece, lists, word_names=True):
        return (
            piece[:1].isupper()
            and _WARD_NUMBER.match(text, f.end) is not None
            and _WARD_BEFORE.search(text, max(0, f.start - 30), f.start) is not None
        )
    if piece.islower():
        return (
            w in _INFORMAL
            and not _NAME_CUE.search(text, max(0, f.start - 20), f.start)
            and not _PERSON_NEXT.match(text, f.end)
        )
    return (
        piece[:1].isupper()
        and piece[1:].islower()
        and lexicon.frequency.get(w, 0.0) >= 4.0
        and w in lexicon
        and before_word in _COMPOUND_ROLES
        and not _any_name(w, lists)
        and not _PERSON_NEXT.match(text, f.end)
    )


def _any_name(w: str, lists: Lists) -> bool:
    """Rules 36 (review): a word any names list holds, the everyday-word ones too ("young", "green", "pat", "will")."""
    return (
        named(w, lists, word_names=True)
        or w in lists.common
        or w in lists.more_names
        or w in lists.word_nicknames
        or lists.gazetteer(w)
    )


def _opens(text: str, start: int) -> bool:
    """Rules 36: a finding that opens the text or a sentence ("Proffesionly treated")."""
    return start == 0 or re.search(r"[.!?\n]\s*$", text[max(0, start - 3) : start]) is not None


def _spacy_typos(text: str, piece: str, f: Finding, lists: Lists, lexicon) -> bool:
    """Rules 36: spaCy's person made only of lower-case misspellings of common words ("would definetley recomend"),
    each a `_typo_word`, outside a person's slot."""
    if not f.source.endswith("SpacyRecognizer"):
        return False
    if _NAME_CUE.search(text, max(0, f.start - 20), f.start) or _PERSON_NEXT.match(text, f.end):
        return False  # "rang krystyne today": a person's slot keeps a name
    words = piece.split()
    return bool(words) and all(_typo_word(w, lists, lexicon) for w in words)


def _typo_word(w: str, lists: Lists, lexicon) -> bool:
    """A lower-case word of 6 letters or more that is a typo of a dictionary word or two edits from a common one,
    and that no names list holds nor the words it is near ("recomend", "definetley"; not "jools", "lennox")."""
    if len(w) < 6 or not (w.isalpha() and w.islower()) or named(w, lists, word_names=True):
        return False
    near = lexicon.common_neighbours(w) + lexicon.far_neighbours(w)
    return (lexicon.typo(w) or bool(near)) and not any(named(u, lists, word_names=True) for u in near)


#: Rules 40: sentence adverbs no one is named, which the rules took into a name opening an item ("(Particularly Jane
#: and ...)"); the removal-side review found "Even", "Nor", "An", "Her", "Plus" and "To" as real names, and "Early",
#: "Manly", "Daily" as family names, so the list holds only these.
SENTENCE_ADVERBS = frozenset(
    "especially particularly mainly mostly specifically notably certainly definitely obviously sadly"  # noqa: SIM905
    " unfortunately fortunately thankfully hopefully honestly personally finally luckily recently generally also".split()
)
#: Rules 40: a last word the model took into a name before the sentence goes on ("Natasha Such a good listener",
#: "Jo Really lovely"): the word and what must follow it.
_EDGE_AFTER = re.compile(r"(?:Such[ ]+an?|(?:Really|Very|Always|Also|So)[ ]+[a-z]+)\b")


_ACRONYM_AFTER = re.compile(r"[A-Z]{3,6}")


_SPACED_DASH = re.compile(r"[ ]+[-–—][ ]+")


def without_stray_edges(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 40: each person's name without a closing quote mark it ends with ("goes 'pete tong'"), a first word that
    is a sentence adverb (`SENTENCE_ADVERBS`: "Particularly Jane") and a last word that the sentence goes on from
    (`_EDGE_AFTER`: "Such" before "a"), when no names list holds the word."""

    def stray(word: str) -> bool:
        return not named(word, lists, word_names=True) and not lists.gazetteer(word)

    out = []
    for f in found:
        start, end = f.start, f.end
        if f.entity == "PERSON":
            while end - start > 1 and text[end - 1] in "'’" and text[end - 2].isalpha():
                end -= 1
            words = list(re.finditer(r"\S+", text[start:end]))
            last = words[-1] if len(words) >= 2 else None
            if last and _EDGE_AFTER.match(text, start + last.start()) and stray(last.group()):
                end = start + words[-2].end()
            elif last and words[0].group().lower() in SENTENCE_ADVERBS and stray(words[0].group()):
                start = start + words[1].start()
            elif (  # rules 41: "Amina HSIB/MNSI family contact": a service's acronym after a name in title case
                last
                and _ACRONYM_AFTER.fullmatch(last.group())
                and last.group().lower() in lists.acronyms
                and not words[0].group().isupper()
                and stray(last.group())  # the removal-side review: "Amit SEN", "Sophie PIP" are family names
            ):
                end = start + words[-2].end()
                while end > start and not text[end - 1].isalnum():
                    end -= 1  # "Bernadine Kwarteng + LMNS": no joiner left at its end
            # rules 54 (blind60): "[mel w arlo] - cmpa, nutramigen": a care word after a spaced dash is no name
            dash = _SPACED_DASH.search(text, start, end) if f.entity == "PERSON" else None
            if dash and dash.start() > start:
                after = re.findall(r"[^\W\d_]+", text[dash.end() : end])
                care = [fold_word(w) in lists.clinical or fold_word(w) in lists.acronyms for w in after]
                if after and (
                    all(care) or (lists.keep_after and lists.keep_after.fullmatch(" ".join(after)))
                ):
                    end = dash.start()
        out.append(f if (start, end) == (f.start, f.end) else Finding(start, end, f.entity, f.source))
    return out


def without_non_names(text: str, found: list[Finding], lists: Lists, lexicon, starts_word) -> list[Finding]:
    """`found` without the findings that are only placeholders, a misspelt word, a plain word or a word cut off at
    the end (rules 21: `plain_word` and `cut_off`, with the dictionary's tests: `lexicon` and `starts_word`); rules
    35: a lower-case word two edits from a common word (`Lexicon.far_neighbours`: "my treamtemt") that neither a names
    list nor its nearest words name ("kristiana" is one from "kristina"), and dotted letters that spell a service's
    acronym or a thing ("T.V", "N.M.C", "P.T"); never a deny-list name. Rules 40: the rest without stray edges
    (`without_stray_edges`)."""
    deny = lists.deny_pattern
    english = lexicon.__contains__
    keep = []
    for f in found:
        piece = text[f.start : f.end]
        if (
            placeholder(piece, lists.acronyms)
            or (
                f.entity == "PERSON"
                and misspelt(
                    piece,
                    lists,
                    f.source.endswith(":opening")
                    or (
                        _opens(text, f.start) and not _PERSON_NEXT.match(text, f.end)
                    ),  # review: "Applegate rang"
                )
            )
            or (f.entity == "PERSON" and far_misspelt(text, piece, lists, lexicon, f.start))
            or (f.entity == "PERSON" and _dotted_acronym(text, f))
            or (f.entity == "PERSON" and _job_word(piece, lists))
            or (f.entity == "PERSON" and _plain_english(text, f, lists, lexicon))
            or (f.entity == "PERSON" and _spacy_typos(text, piece, f, lists, lexicon))
            or plain_word(text, f, lists, english)
            or cut_off(text, f, lists, starts_word)
        ) and not (f.source.endswith(":deny-list") or (deny is not None and deny.search(piece))):
            continue
        keep.append(f)
    return without_stray_edges(text, keep, lists)  # rules 40


#: Rules 27: a form's field labels, which a name written in capitals before them swallowed ("NAME: AMARA OKAFOR
#: TEL: ...", "PRECIOUS NDLOVU NHS: ..."): cut from the end of a person's name when a colon follows.
_FIELD_LABELS = frozenset(
    ["tel", "mob", "mobile", "phone", "ph", "email", "e-mail", "dob", "d.o.b", "nhs", "ni", "nino", "address"]
    + ["addr", "postcode", "pc", "ref", "reg", "hosp", "mrn", "baby", "kids", "lives", "insta", "fb", "age"]
)
#: Rules 28: the labels no one is named, cut with no colon after them too ("May Tillotson DOB 30/05/1988").
_NEVER_NAME_LABELS = frozenset({"dob", "d.o.b", "nhs", "mrn", "nino"})
#: Rules 28: the labels dropped when a name is only the label before its colon ("dob: 3/4/90", "fb: ...").
_ONLY_LABELS = _FIELD_LABELS - {"baby", "kids", "lives", "age", "ni"}
_LABEL_AT_END = re.compile(r"\s+([A-Za-z][\w.-]*)$")


def without_field_labels(text: str, found: list[Finding]) -> list[Finding]:
    """Rules 27: each person's name without a form's field label it ends with ("AMARA OKAFOR TEL" before ": 07700
    ..." -> "AMARA OKAFOR"). Rules 28: a label that never names anyone is cut before a space too ("Tillotson DOB
    30/05/1988"), and a name that is only a label before its colon is dropped ("dob: 3/4/90")."""
    out = []
    for f in found:
        if (
            f.entity == "PERSON"
            and text[f.end : f.end + 1] == ":"
            and text[f.start : f.end].lower() in _ONLY_LABELS
        ):
            continue  # rules 28: "dob: 3/4/90", "fb: ...": a field label alone is no one's name
        if f.entity == "PERSON" and f.end < len(text) and text[f.end] in ": \t,(":
            m = _LABEL_AT_END.search(text, f.start, f.end)
            label = m.group(1).lower() if m and m.start() > f.start else ""
            if label in _FIELD_LABELS and (text[f.end] == ":" or label in _NEVER_NAME_LABELS):
                end = m.start()
                while end > f.start and not (text[end - 1].isalnum() or text[end - 1] in ".'’"):
                    end -= 1  # and the separator before the label ("Name: Lacey Dunn ¦ Addr:")
                f = dataclasses.replace(f, end=end)
        out.append(f)
    return out


#: Months and weekdays (a kept word that is a name in a person's slot: "baby Sunday", "Mrs May").
CALENDAR = frozenset(
    "january february march april may june july august september october november december "  # noqa: SIM905
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
#: Rules 20: relatives and titles right before a person's name ("her daughter June", "Mrs May").
#: What follows a word when it names an organisation, not a person ("the Bliss charity", "the Bliss nurse").
_ORGANISATION_NOUNS = (
    r"charity|bank|hub|centre|center|ward|unit|team|group|club|service|nurses?|leaflets?|volunteers?|support"
)
_SLOT = re.compile(
    r"\b(?:(?:baby|daughter|son|partner|husband|wife|sister|brother|mum|mother|dad|father|nan|gran|grandma|"
    r"aunty|auntie|niece|nephew|cousin|twin|girlfriend|boyfriend)|(?:Mrs|Mr|Ms|Miss|Dr)\.?)\s+([A-Z][a-z]+)\b"
    rf"(?!['’]?\s*(?:{_ORGANISATION_NOUNS}|family\s+support|day|morning|night|'s\s+day))"  # rules 69: "Bliss nurse"
    r"(?!\s+(?:be|have|not|need|want|come|go|get|take|ask|call|also|well)\b)",  # "her mum May be able to"
    re.IGNORECASE,
)
#: Rules 69: the same word elsewhere in the note is her name too, unless it names an organisation there ("the Bliss
#: charity", "volunteer for Bliss", "a leaflet from Bliss").
_SLOT_NOT_AFTER = re.compile(rf"(?i)['’]?\s*(?:{_ORGANISATION_NOUNS}|helpline|website|\(the)\b")
_ORGANISATION_BEFORE = re.compile(r"(?i)\b(?:the|from|for|with|via|by|at|to|contacted|called|rang)\s+$")


#: Rules 69 (the tuning writers' Nepali families): the peoples of Nepal, also the family names of most of their members
#: (surnames.txt): the people, not a person, where the words around say so ("Gurung families", "speaks Tamang", "she's
#: Gurung, husband is Tamang", "Gurung and Tamang ladies"); "Sita Gurung", "Mrs Gurung said", "the Gurung Stores", "Rai
#: family live at" stay names.
_NEPAL_PEOPLES = frozenset(
    "gurung tamang limbu rai magar sherpa newar thakali tharu kirat kirati chhetri".split()  # noqa: SIM905
)
_PEOPLE_AFTER = re.compile(
    r"(?i)[ ]+(?:and[ ]+\w+[ ]+)?(?:families|ladies|women|woman|men|man|people|community|communities|group|"
    r"new[ ]year|lhosar|losar|language|speaking|speakers?|mums|girls|boys|culture|village|ethnic|clan)\b"
)
#: ... or one of them followed by another ("Gurung and Tamang").
_PEOPLE_AND = re.compile(r"(?i)[ ]+and[ ]+(?:" + "|".join(sorted(_NEPAL_PEOPLES)) + r")\b")
_PEOPLE_BEFORE = re.compile(
    r"(?i)\b(?:speaks?|spoke|speaking|in|an?|she['’]s|he['’]s|is|are|mostly|both|all|only)[ ]+$"
)


def without_peoples(text: str, found: list[Finding]) -> list[Finding]:
    """Rules 69: `found` without a one-word name that is one of `_NEPAL_PEOPLES` said as the people."""
    out = []
    for f in found:
        word = text[f.start : f.end]
        if (
            f.entity == "PERSON"
            and fold_word(word) in _NEPAL_PEOPLES
            and (
                _PEOPLE_AFTER.match(text, f.end)
                or _PEOPLE_BEFORE.search(text, max(0, f.start - 12), f.start)
                or _PEOPLE_AND.match(text, f.end)
            )
        ):
            continue
        out.append(f)
    return out


#: Rules 69: peoples among the ONS baby names that are keep terms: after a relative they say who she is ("her mum Roma").
_PEOPLES = frozenset({"roma", "thai", "gypsy"})


#: Rules 69: a month that is a woman's name, said as a person: the subject of what only a person does ("June rated her
#: care 7", "May (table 5, mum of four) said"), or named beside a role ("The ward clerk on Bluebell, May, has").
_MONTH_NAME = r"(April|May|June|July|August)"
_MONTH_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?;:]\s)|(?<=\n)|(?<=,\s)|(?<=\band\s)|(?<=\bbut\s)){_MONTH_NAME}"
    r"(?:\s*\((?:[^()]{1,40})\))?\s+(?:said|says|rated|rates|gave|gives|told|tells|asked|asks|rang|rings|texted|"
    r"messaged|emailed|wants|wanted|thinks|thought|felt|feels|laughed|cried|agreed|explained|mentioned|added|"
    r"(?:is|was)\s+(?:due|pregnant|expecting|the\s+(?:mum|grandmother|nan|midwife|one))|had\s+her|has\s+her)\b"
)
_MONTH_BRACKET = re.compile(
    rf"(?:^|(?<=[.!?;:]\s)|(?<=\n)){_MONTH_NAME}\s*\((?=[^()]{{0,30}}\b(?:mum|mother|lady|nan|grandmother|older|"
    r"dad|table|aged|midwife|she|her)\b)",
    re.IGNORECASE,
)
_MONTH_APPOSITION = re.compile(
    r"\b(?:clerk|receptionist|midwife|nurse|sister|matron|volunteer|cleaner|porter|hca|mca|hv|doula|interpreter|"
    rf"manager|lady|mum|nan)(?:\s+on\s+[A-Z]\w+)?,\s+{_MONTH_NAME},"
)


#: Rules 69 (blind71, a Teams transcript): a display name as NHS mail and Teams write it, "Surname, Given (ORG)" ("Hartley,
#: Sian (DGT)  0:01:20"): the surname before a given name already found, whatever else the word is (Hartley is a Kent
#: village).
_DISPLAY_SURNAME = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+|[A-Z]{2,}),[ ]$")
#: ... followed by its organisation in capitals, "(DGS ICB)", "(DARTFORD AND GRAVESHAM NHS TRUST)".
_DISPLAY_ORG_AFTER = re.compile(r"(?:[ ][A-Z][a-z'’-]+)?[ ]\([A-Z]{2,}(?:[A-Za-z&/ -]{0,60}[A-Z])?\)")
#: Rules 69 (blind71, survey rows pasted from a spreadsheet): a cell of initials ("KA", "D.M.R.") right after a cell
#: holding a date or a time, in a row of three tabs or more.
_INITIALS_CELL = re.compile(r"(?<=\t)([A-Z]{2,3}|(?:[A-Z]\.[ ]?){2,3})(?=\t)")
_DATE_OR_TIME_CELL = re.compile(r"(?:\d{1,2}[:.]\d{2}|\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\[DATE\])[ ]*\t\Z")


#: Rules 69 (blind71, a baby-loss befriender): a baby's name that is an everyday word, before "'s" and a relative or
#: what is said only of a person ("Bear's parents", "Willow's funeral").
_KIN_POSSESSIVE = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]+)['’]s[ ](?:mum|mummy|mam|mother|dad|daddy|father|parents|nan|nanny|nana|gran|grandma|"
    r"grandad|grandparents|auntie|aunty|uncle|sister|brother|cousin|funeral|memory[ ]box|ashes|headstone|grave|"
    r"christening|naming|first[ ]birthday|anniversary)\b"
)


#: Rules 69 (the tuning writers' lower-case notes): a short form opening a sentence of a note written all in lower case,
#: before what only a person does ("tay had a girl", "des wants a memory box", "jazz walked in soaked"; not "said" or
#: "had" alone: "gemini said", "pandit said", "misty had the baby walk cancelled" stay, as earlier reviews judged).
_LOWER_OPENING = re.compile(
    r"(?:^|(?<=[.!?]\s))([a-z]{3,8})\s+(?:wants|wanted|got|walked|recieved|received|rang|cried|laughed|texted|"
    r"messaged|had\s+(?:a|her|twins)\s+(?:(?:baby\s+)?(?:girl|boy)|baby|twins|section|c[ -]?section))\b"
)
_SENTENCE_OPENING = re.compile(r"(?:^|(?<=[.!?]\s))([A-Za-z])")
#: Words as common as this (Zipf) or more open sentences as themselves ("group had", "staff said").
_LOWER_OPENING_ZIPF = 4.5


def lower_openings(
    text: str, found: list[Finding], lists: Lists, frequency: dict[str, float]
) -> list[Finding]:
    """Rules 69: `found` with `_LOWER_OPENING`'s word as a person, in a note whose every sentence opens in lower case,
    unless the word is a role, relation, service, place, keep, clinical or stop word or a common one."""
    if not text[:1].islower() or any(m.group(1).isupper() for m in _SENTENCE_OPENING.finditer(text)):
        return found
    added = []
    for m in _LOWER_OPENING.finditer(text):
        w = m.group(1)
        if (
            w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in lists.keep_words
            or w in lists.clinical
            or w in lists.acronyms
            or w in STOP_WORDS
            or frequency.get(w, 0.0) >= _LOWER_OPENING_ZIPF
            or (
                len(w) >= 4 and w.endswith("s") and frequency.get(w[:-1], 0.0) >= 3.0
            )  # "dads asked", "deacons"
            or any(f.start < m.end(1) and m.start(1) < f.end for f in found)
        ):
            continue
        added.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:lower-opening"))
    return sorted(found + added, key=lambda f: f.start) if added else found


#: Rules 69: a given name before the desk or the team she works on ("Ray in estates worked out", "May on Bluebell
#: reception is the heart of that ward"), not after a preposition of time ("in May on nights").
_AT_THE_DESK = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{1,12})[ ](?:on|in|at)[ ](?:[A-Z][a-z]+[ ])?(?:reception|estates|switchboard|security|"
    r"the[ ](?:front[ ])?desk|main[ ]desk)\b"
)
_TIME_BEFORE = re.compile(r"(?i)\b(?:in|on|since|by|during|until|till|from|of|early|late|mid|last|next)[ ]$")


def late_names(text: str, found: list[Finding], baby_words: frozenset[str] = frozenset()) -> list[Finding]:
    """Rules 69: `found` with names read from their shape at the very end, where no finding covers them: the months
    `_MONTH_SUBJECT`, `_MONTH_BRACKET` and `_MONTH_APPOSITION` read as a woman (title case only), the surname of a
    display name (`_DISPLAY_SURNAME`), a cell of initials (`_INITIALS_CELL`) and an ONS baby name (`baby_words`)
    before a relative (`_KIN_POSSESSIVE`) or a desk (`_AT_THE_DESK`)."""
    added = [
        Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:kin-possessive")
        for m in _KIN_POSSESSIVE.finditer(text)
        if fold_word(m.group(1)) in baby_words
    ]
    added += [
        Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:at-the-desk")
        for m in _AT_THE_DESK.finditer(text)
        if fold_word(m.group(1)) in baby_words
        and not _TIME_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    for pattern in (_MONTH_SUBJECT, _MONTH_BRACKET, _MONTH_APPOSITION):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            if text[start].isupper() and text[start + 1 : end].islower():
                added.append(Finding(start, end, "PERSON", "MaternityNameRules:month-name"))
    for f in found:
        m = _DISPLAY_SURNAME.search(text, max(0, f.start - 40), f.start)
        if f.entity == "PERSON" and m and _DISPLAY_ORG_AFTER.match(text, f.end):
            added.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:display-name"))
    if text.count("\t") >= 3:
        for m in _INITIALS_CELL.finditer(text):
            if _DATE_OR_TIME_CELL.search(text, max(0, m.start() - 30), m.start()):
                added.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:initials-cell"))
    kept: list[Finding] = []
    for a in added:
        if not any(f.start < a.end and a.start < f.end for f in found + kept):
            kept.append(a)
    return sorted(found + kept, key=lambda f: f.start) if kept else found


#: Rules 70: a capitalised word opening a sentence before what is said only of a woman ("Fen is pregnant!!", "Cookie gave
#: birth"): a nickname that is also an English word.
_PERSON_OPENING = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=[\"“]))([A-Z][a-z]{1,11})(?:\s+(?:is|was)\s+(?:now\s+)?(?:pregnant|"
    r"expecting|due\s+(?:in|on|end|mid|early|late|\d))|\s+gave\s+birth|\s+had\s+(?:her|a)\s+(?:baby|(?:baby\s+)?"
    r"(?:girl|boy)|section|c[ -]?section))\b"
)
#: A word this common (Zipf) is read as itself there ("Patient is pregnant"); "Cookie" is 4.1.
_PERSON_OPENING_ZIPF = 4.5
#: ... and, for a word a names list holds, her own details after "'s" ("Storm's email for the project:"; not
#: "Orbit's email", "Patient's partner").
_NAME_POSSESSIVE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=[\"“]))([A-Z][a-z]{1,11})['’]s\s+(?:e-?mail|mobile|mob|phone|number|"
    r"insta|instagram|snap|tiktok|waters|epidural|induction|c[ -]?section|partner|husband|boyfriend|fella|wife|twins|"
    r"due\s+date|edd)\b"
)
#: ... and, for a word a names list holds in any case, a rating or a vocative ("may rated 9", "Hope, you said").
_NAME_OPENING = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=[.!?]\s\s)|(?<=\n)|(?<=[\"“]))([A-Za-z][a-z]{1,11})(?:\s+(?:rated|rates|scored|scores|gave)"
    r"\s+(?:it\s+|us\s+|her\s+care\s+)?\d|,\s+you\s+(?:said|were|had|mentioned|told|wrote))\b"
)
#: ... and, for a word a names list or the places hold, a gestation right after it ("Sofia 34 weeks", "twins Leo and
#: Sierra, 11 weeks") or a medicine taken ("jade on sertraline now").
_NAME_GESTATION = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,11}),?[ ](?:\d{1,2}(?:\+\d)?[ ]?(?:weeks|wks|wk)|\d{1,2}(?:\+\d)?/40)\b"
    r"(?![ ]+(?:ago|later|old|before|after|time|left|to[ ]go|of|in|into|since))"
)
_NAME_ON_MEDICINE = re.compile(
    r"(?<![\w'’-])([A-Za-z][a-z]{2,11})[ ](?:still[ ]|now[ ])?on[ ]([a-z][a-z-]{3,})\b"
)
_NO_SUBJECT_BEFORE = re.compile(
    r"(?i)\b(?:in|at|from|to|for|of|since|by|until|after|before|within|about|around|near|the|a|her|his|my|our)[ ]$"
)
#: ... and a single capital standing for a woman at the start of a sentence, before what a person does or feels ("K
#: very anxious baby will be removed", "S. said the only bad bit", "C not keen").
_INITIAL_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?][ ])|(?<=\n))([B-HJ-Z])\.?[ ](?:says|said|rates|rated|tearful|anxious|upset|very|still|not[ ]keen|"
    r"wants|wanted|asked|feels|felt|came|went|rang|texted|cried|agreed|declined|on[ ](?:the[ ])?ward|happy|worried|"
    r"scared|thinks|told)\b"
)
_QUOTED_AFTER = re.compile(r"[ ]?[\"“‘']([A-Z][a-z]{1,11})[\"”’'](?=[\s,.;:)]|$)")
_NOT_PERSON_OPENINGS = frozenset(
    {"she", "he", "it", "this", "that", "mum", "baby", "everyone", "nobody", "somebody"}
)


def person_openings(
    text: str, found: list[Finding], lists: Lists, frequency: dict[str, float], english=lambda word: False
) -> list[Finding]:
    """Rules 70: `found` with names read from what only a person does, where no finding covers them: `_PERSON_OPENING`'s
    word; `_NAME_OPENING`'s, `_NAME_POSSESSIVE`'s (or a rarer English word's, `english`), `_NAME_GESTATION`'s and
    `_NAME_ON_MEDICINE`'s where a names list (or for a gestation the places) holds it; `_INITIAL_SUBJECT`'s capital; a
    nickname in quotes right after a name (`_QUOTED_AFTER`); then the note's other uses of a word so found. Never a
    role, relation, service, place noun, keep, clinical, stop word or a word the after-tagger keep list holds."""
    added = []
    listed = [
        m
        for rx in (_NAME_OPENING, _NAME_POSSESSIVE)
        for m in rx.finditer(text)
        if (
            fold_word(m.group(1)) in lists.first_names
            or fold_word(m.group(1)) in lists.word_names
            or (  # "Fen's email", "Jelly's email": a rarer English word before her own details (not "Patient's")
                rx is _NAME_POSSESSIVE
                and english(fold_word(m.group(1)))
                and frequency.get(fold_word(m.group(1)), 0.0) < _PERSON_OPENING_ZIPF
            )
        )
        and not (
            rx is _NAME_OPENING and re.match(r"[\d/]*\s+for\b", text[m.end() : m.end() + 12])
        )  # "Sky rates 2 for"
    ]
    # a nickname in quotes right after a name found ("Lauren Pickering \"Lolly\" from Swanley")
    added += [
        Finding(f.end + m.start(1), f.end + m.end(1), "PERSON", "MaternityNameRules:quoted-nickname")
        for f in found
        if f.entity == "PERSON" and (m := _QUOTED_AFTER.match(text[f.end : f.end + 16]))
    ]
    opening = [
        m
        for m in _PERSON_OPENING.finditer(text)
        if frequency.get(fold_word(m.group(1)), 0.0) < _PERSON_OPENING_ZIPF
    ]
    medicine_words = lists.medicines
    listed += [
        m
        for m in _NAME_GESTATION.finditer(text)
        if _named_or_place(fold_word(m.group(1)), lists)
        and not _NO_SUBJECT_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    listed += [
        m
        for m in _NAME_ON_MEDICINE.finditer(text)
        if m.group(2) in medicine_words
        and (fold_word(m.group(1)) in lists.first_names or fold_word(m.group(1)) in lists.word_names)
        and not _NO_SUBJECT_BEFORE.search(text, max(0, m.start() - 8), m.start())
    ]
    added += [
        Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:initial-subject")
        for m in _INITIAL_SUBJECT.finditer(text)
        if not any(f.start < m.end(1) and m.start(1) < f.end for f in found)
    ]
    kept_after = [k.span() for k in lists.keep_after.finditer(text)] if lists.keep_after is not None else []
    for m in [*opening, *listed]:
        w = fold_word(m.group(1))
        if any(a < m.end(1) and m.start(1) < b for a, b in kept_after):
            continue  # rules 70: "Orbit's email" (a housing association the keep list holds)
        if (
            w in _NOT_PERSON_OPENINGS
            or (w in STOP_WORDS and not (w in CALENDAR and m.re is _NAME_OPENING))
            or w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in ROLES
            or w in RELATIONS
            or w in TITLES
            or (w in CALENDAR and m.re is _PERSON_OPENING)  # "May is due": a month; "may rated 9" is a woman
            or (w in lists.keep_words and w not in CALENDAR)
            or w in lists.clinical
            or w in lists.acronyms
            or re.fullmatch(_ORGANISATION_NOUNS, w)
            or any(f.start < m.end(1) and m.start(1) < f.end for f in found)
        ):
            continue
        added.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:person-opening"))
    # her other uses in the note, written the same way ("Sofia 34 weeks ... Sofia plans to go back"), not after a
    # preposition or a determiner ("named after Sofia", "the Grace")
    for word in {
        text[a.start : a.end]
        for a in added
        if a.end - a.start > 1
        and text[a.start].isupper()
        and fold_word(text[a.start : a.end]) not in CALENDAR
    }:  # rules 71: not a month's other uses ("May rated 9 ... due in May 2026")
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text):
            if _NO_SUBJECT_BEFORE.search(text, max(0, m.start() - 8), m.start()) or any(
                f.start < m.end() and m.start() < f.end for f in found + added
            ):
                continue
            added.append(Finding(m.start(), m.end(), "PERSON", "MaternityNameRules:person-opening"))
    return sorted(found + added, key=lambda f: f.start) if added else found


def _named_or_place(w: str, lists: Lists) -> bool:
    """A word a names list holds, or a place's name (a person may be named after one)."""
    return w in lists.first_names or w in lists.word_names or w in lists.baby_words or w in lists.vocab


def kept_word(word: str, lists: Lists) -> bool:
    """A month, a weekday, or a one-word keep term that a names list holds ("Bliss"; not "Tamil"); rules 69: the ONS
    baby names count as a names list here ("her daughter Bliss", "baby Bliss", "son Christian")."""
    w = fold_word(word)
    return w in lists.keep_words and (
        w in CALENDAR
        or lists.gazetteer(w)
        or w in lists.word_names
        or w in lists.first_names
        or (w in lists.baby_words and w not in _PEOPLES)
    )


def slot_names(text: str, found: list[Finding], kept) -> list[Finding]:
    """`found` with a kept word (`kept(word)`, see `kept_word`) right after a relative or a title added as a
    person's name, where no finding covers it."""
    added = []
    for m in _SLOT.finditer(text):
        start, end = m.span(1)
        word = m.group(1)
        if not word[0].isupper() or word[1:] != word[1:].lower() or not kept(word):
            continue
        if any(f.start < end and start < f.end for f in found):
            continue
        added.append(Finding(start, end, "PERSON", "MaternityNameRules:slot-keep"))
    # rules 69: her other uses ("Bliss is home now", "Bliss DOB"); not a month's or a weekday's ("In May she moved")
    for word in {text[f.start : f.end] for f in added if fold_word(text[f.start : f.end]) not in CALENDAR}:
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
            start, end = m.span()
            if (
                _SLOT_NOT_AFTER.match(text, end)
                or _ORGANISATION_BEFORE.search(text, max(0, start - 12), start)
                or any(f.start < end and start < f.end for f in found + added)
            ):
                continue
            added.append(Finding(start, end, "PERSON", "MaternityNameRules:slot-keep"))
    return sorted(found + added, key=lambda f: f.start) if added else found


_MONTH_ABBR = r"(?:jan|feb|mar|apr|may|jun|june|jul|july|aug|sep|sept|oct|nov|dec)"
_MONTH_RANGE = re.compile(rf"(?i){_MONTH_ABBR}\s*[-–/]\s*{_MONTH_ABBR}\b")
_MONTH_RANGE_END = re.compile(rf"(?i)\b{_MONTH_ABBR}\s*[-–/]\s*{_MONTH_ABBR}$")
#: A verb's negative ending ("won't" is "wo" + "n't" to spaCy) and the stems it follows: never a name.
_NEGATED = re.compile(r"n[’']t\b", re.IGNORECASE)
_NEGATED_TYPED = re.compile(r"n[’']?t\b", re.IGNORECASE)


def month_range(text: str, start: int, end: int) -> bool:
    """A month range starts at `start` or ends at `end` ("Jan-June": months, not a name); read within 80
    characters, not the whole text (speed: it is asked once per finding)."""
    return bool(
        _MONTH_RANGE.match(text[start : start + 80]) or _MONTH_RANGE_END.search(text[max(0, end - 80) : end])
    )


def negated_stem(text: str, start: int, end: int, typed: bool = False) -> bool:
    """The stem before "n't" ("midwife won't call": spaCy splits "wo|n't", and "wo" is no name); with `typed`
    (rules 29, read after the tagger) also before "nt" typed without its apostrophe ("GP wont see her")."""
    rx = _NEGATED_TYPED if typed else _NEGATED
    return rx.match(text, end) is not None and text[start:end].lower() in NEGATED_BASES
