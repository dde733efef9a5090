"""Rules 21: reference numbers, dates of birth, registrations and codes in the shapes the other finders
missed, as pure functions over text (no model needed).

The labelled training sets still leaked about forty structured identifiers after rules 20, all of a
few shapes (the cases in tests/test_anonymise_rules21.py are new sentences of the same shapes):

- `hospital_shape_spans`: a hospital number written with no label, one capital joined to seven digits
  ("B3372910"); and a number a little after its label, with words between ("MRN on her wristband
  HD 5528174", "hospital number, which she read slowly, is T 553 8102", "patient number at Guy's,
  GST-K44120"); rules 69: a prisoner's number ("A4821DK").
- `birth_year_spans`: a date of birth in digits with spaces after its label ("dob 12 7 1990"), and a year
  of birth right after "born" or its label ("born 1979", "year of birth: 1984").
- `birth_day_month_spans` (rules 48): a day and month with no year after a birth clue ("born 27.05-04.06", "dob 1.12").
- `birth_month_year_spans` (rules 22): a month and year with no day after a birth or due-date clue ("baby due
  march 2024"); other months and years are kept since rules 22. It finds nothing in the v6 file's clean
  comments or the phase 1 tune half (8,723 real comments).
- `old_reg_spans`: an older registration ("R582 JWT", the prefix format DVLA issued until 2001) in
  capitals anywhere, not only after "reg" or "car"; never in a text written in capitals ("TOOK THE M25
  AND ...") nor with a stop word for its letters ("Q12 ANY").
- `labelled_spoken_spans`: what follows a registration, postcode, NI or hospital-number label when it is
  read out in letter names, letters and number words ("car reg bee jay sixty two el em oh", "postcode is
  em ee four", "national insurance JK three one four four two nine C", "hosp number MFT two two one").

A local postcode district in lower case after "from" or "in" ("from da12") is the outward-code rule's
(insights.quotes.note_rules.outward_codes), and a mobile typed without its 0 anywhere ("7700900614") is
identifiers.bare_mobile_spans'.

None of these shapes occurs in the 12,543 real comments of the two pxtextmining files (v6 framework and
phase 1), so they add no false change there.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.identifiers import _LETTER_NAMES, _MONTH_WORD, _NUMBER_WORD, HOSPITAL_LABEL
from insights.quotes.note_rules import LOCAL_AREAS, POSTCODE_AREAS

_BARE_HOSPITAL = re.compile(r"(?<![A-Za-z0-9\-/])[A-Z]\d{7}(?![A-Za-z0-9\-/])")
#: Rules 69 (blind71, a prison liaison worker's notes): a prisoner's number as HM Prison and Probation Service
#: gives it, a capital, four digits and two capitals ("A4821DK"), in capitals anywhere or in any case after its label.
_PRISON_NUMBER = re.compile(
    r"(?<![A-Za-z0-9\-/])[A-Z]\d{4}[A-Z]{2}(?![A-Za-z0-9\-/])"
    r"|(?i:\b(?:prison(?:er)?|nomis)\s*(?:no\.?|number|#)?\s*(?:is\s*)?[:\-]?\s*)([a-z]\d{4}[a-z]{2})\b"
)
_HOSPITAL_LABEL = re.compile(rf"(?i)\b{HOSPITAL_LABEL}(?![a-z])")
#: After a hospital-number label, within 40 characters of the same sentence: letters (optional) and a
#: run of digits in groups holding at least five ("HD 5528174", "T 553 8102", "GST-K44120").
_NUMBER_AFTER = re.compile(
    r"(?:[^.;!?\n]|\.{2,}|…){0,40}?(?<![A-Za-z0-9])((?:[A-Z]{1,4}[\- ]?)?[A-Z]?\d[\d \-]{3,14}\d)(?![A-Za-z0-9]|[ \-]\d)"
)


def hospital_shape_spans(text: str) -> list[tuple[int, int]]:
    """Hospital numbers with no label (one capital and seven digits) or a few words after their label;
    a phone number's shape (0 then 9-10 digits) is left to the phone finders."""
    out = [m.span() for m in _BARE_HOSPITAL.finditer(text)]
    out.extend(m.span(1) if m.group(1) else m.span() for m in _PRISON_NUMBER.finditer(text))  # rules 69
    for label in _HOSPITAL_LABEL.finditer(text):
        m = _NUMBER_AFTER.match(text, label.end())
        if not m:
            continue
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) >= 5 and not (digits.startswith("0") and len(digits) in (10, 11)):
            out.append(m.span(1))
    return out


_BIRTH_LABEL = r"(?:dob|d\.o\.b\.?|date\s+of\s+birth|year\s+of\s+birth|yob|born(?:\s+in)?)"
_BIRTH_SPACED = re.compile(
    rf"(?i)\b{_BIRTH_LABEL}\s*(?::|-|is|=)?\s*((?:0?[1-9]|[12]\d|3[01])\s+(?:0?[1-9]|1[0-2])\s+(?:19|20)?\d\d)(?![\w/.])"
)
_BIRTH_YEAR = re.compile(rf"(?i)\b{_BIRTH_LABEL}\s*(?::|-|=)?\s*((?:19|20)\d\d)\b(?![/.\-]\d)")


def birth_year_spans(text: str) -> list[tuple[int, int]]:
    """A date of birth in spaced digits, or a year of birth, right after its label."""
    return [m.span(1) for m in _BIRTH_SPACED.finditer(text)] + [m.span(1) for m in _BIRTH_YEAR.finditer(text)]


#: Rules 22: a month and year with no day ("march 2024") after a birth or due-date clue in the same clause.
_BIRTH_CLUE = re.compile(
    r"(?i)\b(?:born|dob|d\.o\.b|date\s+of\s+birth|birthday|b'?day|due|edd|delivered|gave\s+birth|birth|arrived|arrival)\b"
    r"[^.;!?\n]{0,30}$"
)
_MONTH_YEAR = re.compile(rf"(?i)\b{_MONTH_WORD}\.?,?\s+(?:19|20)\d\d\b")


def birth_month_year_spans(text: str) -> list[tuple[int, int]]:
    """A month and year with no day when a birth or due date is meant ("dob march 2024", "baby due march 2024",
    "born april 2023"); elsewhere a month and year is not a personal detail ("the lockdown started in March
    2020") and stays."""
    return [
        m.span()
        for m in _MONTH_YEAR.finditer(text)
        if _BIRTH_CLUE.search(text, max(0, m.start() - 60), m.start())
    ]


#: Rules 48 (the removal review): a day and month with no year after a birth clue ("born 27.05-04.06 overnight",
#: "twins born 14.9/15.4", "dob 1.12"), one or a range of two; never a time or a measure ("born at 10.05", "10.05am",
#: "when it arrived it took 2.5 hours", "born 3.4kg").
_DAY_MONTH = r"(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])"
_BIRTH_DAY_MONTH = re.compile(
    rf"(?<![\w.:/-]){_DAY_MONTH}(?:[-/–]{_DAY_MONTH})?"
    r"(?![\w.:/-]|[ ]?(?:am|pm|hrs?|h|hours?|mins?|minutes?|days?|weeks?|wks?|months?|kg|kgs|lbs?|g|ml|miles?|cm)\b|%)",
    re.IGNORECASE,
)


def birth_day_month_spans(text: str) -> list[tuple[int, int]]:
    """A day and month with no year where a birth or a date of birth is meant (`_BIRTH_DAY_MONTH`)."""
    out = []
    for m in _BIRTH_DAY_MONTH.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        if m.group() == "24/7" or re.search(
            r"(?i)\b(?:at|@|around|about|by|rated?|rates|scored?|gave|out[ ]of)[ ]+$", before
        ):
            continue  # "birth support 24/7", "birth rated 11/12", "Birth centre 5/5": a rating, not a date
        if _BORN_CLUE.search(before):
            out.append(m.span())
    return out


#: The clues `birth_day_month_spans` needs: a birth or a date of birth, not a birth centre or a birth plan.
_BORN_CLUE = re.compile(
    r"(?i)\b(?:born|dob|d\.o\.b|date\s+of\s+birth|birthday|b'?day|due|edd|delivered|gave\s+birth|arrived)\b[^.;!?\n]{0,30}$"
)


_OLD_REG = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{1,3} ?([A-Z]{3})(?![A-Za-z0-9])")


def _mostly_capitals(text: str, start: int, end: int) -> bool:
    around = [c for c in text[max(0, start - 40) : end + 40] if c.isalpha()]
    return sum(c.isupper() for c in around) > 0.6 * max(1, len(around))


def old_reg_spans(text: str) -> list[tuple[int, int]]:
    """Prefix-format registrations in capitals ("R582 JWT"), outside text written in capitals."""
    return [
        m.span()
        for m in _OLD_REG.finditer(text)
        if m.group(1).lower() not in STOP_WORDS and not _mostly_capitals(text, m.start(), m.end())
    ]


_SPOKEN_LABEL = re.compile(
    r"(?i)\b(?:(?P<reg>(?:car\s+)?reg(?:istration)?(?:\s+(?:no\.?|number|plate))?|number\s*plate)|"
    rf"(?P<postcode>post\s?code)|(?P<hospital>{HOSPITAL_LABEL}(?![a-z]))|(?P<nino>n\.?\s?i(?:\s+(?:no\.?|number))?|national\s+insurance(?:\s+(?:no\.?|number))?))"
    r"(?:\s+(?:is|was))?\s*[:\-=]?\s+"
)
#: Letter names that are also common words are not read as letters here ("you", "why", "see", "oh" ...):
#: only as one of a run that already holds a number.
_LETTER_WORDS = frozenset(w for w in _LETTER_NAMES if len(w) > 1)
_TOKEN = re.compile(
    rf"(?i)(?:{_NUMBER_WORD}|\d{{1,4}}|[a-z]{{1,2}}|{'|'.join(sorted(_LETTER_WORDS, key=len, reverse=True))})\b"
)
_ENTITY = {"reg": "UK_REG", "postcode": "UK_POSTCODE", "nino": "UK_NINO", "hospital": "HOSPITAL_NUMBER"}
#: A hospital's letter code opening a number read out ("DVH four four seven ...").
_CODE = re.compile(r"[A-Z]{3,4}\b")
_SPACE = re.compile(r"[ ,]+")


def labelled_spoken_spans(text: str) -> list[tuple[str, int, int]]:
    """After a registration, postcode, NI or hospital-number label: a run of three or more letter names, single
    letters, capital pairs, number words or digit groups holding at least one number (after a hospital-number
    label, a hospital's letter code may open it), as (entity, start, end)."""
    out = []
    for label in _SPOKEN_LABEL.finditer(text):
        pos, words = label.end(), []
        while m := _TOKEN.match(text, pos) or (
            not words and label.group("hospital") and _CODE.match(text, pos)
        ):
            word = m.group(0)
            if (
                len(word) == 2
                and not word.isupper()
                and word.lower() not in _LETTER_WORDS
                and not word.isdigit()
            ):
                break  # "is", "on", "to": a two-letter word ends the run unless in capitals ("JK")
            words.append(m)
            gap = _SPACE.match(text, m.end())
            if not gap:
                break
            pos = gap.end()
        while words and words[-1].group(0).lower() in ("a", "i"):  # "... el em oh i think"
            words.pop()
        numbers = sum(bool(re.fullmatch(rf"(?i){_NUMBER_WORD}|\d+", m.group(0))) for m in words)
        if len(words) >= 3 and numbers >= 1:
            kind = next(k for k in _ENTITY if label.group(k))
            out.append((_ENTITY[kind], words[0].start(), words[-1].end()))
    return out


#: Rules 49: a whole postcode in a shape the postcode recogniser does not read (`loose_postcode_spans`).
_PC_JOINED = re.compile(
    r"(?<![\w/+.\-])([A-Za-z]{1,2})(\d[A-Za-z\d]?) ?[.\-/] ?(\d)([A-Za-z]{2})(?![\w\-/]|\.\w)"
)
_PC_AREA_APART = re.compile(r"(?<![\w/+.\-])([A-Za-z]{2}) (\d{1,2}) (\d)([A-Za-z]{2})(?![\w\-/]|\.\w)")
_PC_INWARD_APART = re.compile(
    r"(?<![\w/+.\-])([A-Za-z]{1,2})(\d[A-Za-z\d]?) (\d) ([A-Za-z]{2})(?![\w\-/]|\.\w)"
)
_PC_SWAPPED = re.compile(r"(?<![\w/+.\-])(\d)([A-Za-z]{2}),? ([A-Za-z]{1,2})(\d[A-Za-z\d]?)(?![\w\-/]|\.\w)")
_PC_PLAIN = re.compile(r"(?<![\w/+.\-])([A-Z]{1,2})(\d[A-Z\d]?) (\d)([A-Z]{2})(?![\w\-/]|\.\w)")
#: Letters an inward code never holds (Royal Mail): C, I, K, M, O, V.
_NOT_INWARD = re.compile(r"[CIKMOVcikmov]")
_ORDINAL = re.compile(r"(?i)1st|2nd|3rd|\dth")


def _postcode_parts(area: str, district: str, digit: str, letters: str) -> bool:
    """The parts make a postcode: a UK area, a district that starts with a digit, inward letters Royal Mail uses
    (not C, I, K, M, O or V: "B12 1MG", "ROOM E1 3PM" are doses and times, the review of rules 49) and no ordinal
    ("2nd"); lower case only for a local area (DA, BR, ME)."""
    if (
        area.upper() not in POSTCODE_AREAS
        or _ORDINAL.fullmatch(digit + letters)
        or _NOT_INWARD.search(letters)
    ):
        return False
    return (area + district + letters).isupper() or area.upper() in LOCAL_AREAS


def loose_postcode_spans(text: str) -> list[tuple[int, int]]:
    """Rules 49: a whole postcode written loosely: its halves joined by a full stop, dash or slash ("DA12.4FU",
    "DA13-5HX"), its area apart from its district ("DA 11 9XT"), its inward code split ("DA13 9 JR"), its halves
    swapped ("9QU DA13", "3yl da3"), or a letter O for a zero in capitals ("DA1O 3JB"). The district alone is the
    outward-code rule's (insights.quotes.note_rules)."""
    out = []
    for rx in (_PC_JOINED, _PC_AREA_APART, _PC_INWARD_APART, _PC_PLAIN):
        for m in rx.finditer(text):
            area, district, digit, letters = m.groups()
            if _postcode_parts(area, district, digit, letters):
                out.append(m.span())
    for m in _PC_SWAPPED.finditer(text):
        digit, letters, area, district = m.groups()
        if _postcode_parts(area, district, digit, letters):
            out.append(m.span())
    return out
