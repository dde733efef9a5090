"""Rules 42: identifiers in the layouts the removal-side review of rules 41 found leaking, as pure functions over text.

Steps after the tagger (read by insights.quotes.spoken_shapes.with_spoken_shapes under its `document_numbers` switch),
so the tagger's inputs and the shipped model stay as they are:

- `paired_digit_spans`: digits read in pairs or threes right after an identifier's word ("case 77 31 20 41", "her
  case number is 88 - 41 - 77"): three groups or more, six digits or more; never a row of scores or readings after
  a rating's word, a series ("12 13 14"), a time or a date.
- `lookalike_number_spans`: a number typed with a letter for a digit ("hosp no 3O57 1219", "447l923 as the ref"): O
  for 0, I or l for 1 and S for 5 after a number's first digit (or an O before four digits); the
  text is read with the digits put back (same length) and what rules 40 and 41 find there
  (`spoken_shapes.long_number_spans`, `document_number_spans`) is taken where it holds a changed letter.
- `spelled_digit_spans`: single digits read out after a label or "hosp" ("hosp D 1 0 7 7 2 4 1").
- `labelled_code_spans`: a code of capitals and digits in groups after a label ("hosp D1O 22 S18", "BRP no ZR9 4417 09").
- `birth_date_spans`: a baby's day and month of birth after "born", "EMCS", "had baby" ("born 04/02").
- `bank_code_spans`: a sort code after a short label ("s/c 20 45 67", "sc: 20-45-67") or beside a bank's or an
  account's word ("acc 41239876 20-45-67"), never a date.
- `short_code_spans`: a short code of letters and digits right after a reference's or case's label ("our ref CG77",
  "case no QS12", "ticket #TK4471"); never a form's name ("ref SA302", "P45"), an acronym or a measure.
- `word_plate`: a car registration found by the current format whose last three letters are an everyday word in
  lower case after capitals ("case no QS12 was ...": "was" is no plate's letters).
"""

from __future__ import annotations

import re

from .lexicon import SpanIndex

#: Labels of identifiers: strong ones alone before a number ("ref", "MRN", "PALS"), bare ones only when the number is
#: long ("case 77 31 20 41", "claim 5512 ..."), weak ones only with a number's word after them ("staff no", "log ref";
#: the keep-side review: "feed log 120 90 150 ml", "membership 120 134 151 over 3 yrs", "booking 45 32 18 agree").
_STRONG_LABEL = (
    r"ref(?:erence)?|mrn|crime|incident|complaint|pals|datix|utr|brp|cad|passport|visa|cert(?:ificate)?|tenancy|policy"
    r"|hosp(?:ital)?"
)
_BARE_LABEL = r"case|claim|acc(?:oun)?t?|a/c"
_WEAK_LABEL = (
    r"ticket|customer|membership|member|order|tracking|payroll|staff|employee|id|application|unit|patient|badge"
    r"|booking|invoice|file|log|job|card|licence|license|permit|uc|dwp"
)
_NUMBER_WORD = r"(?:no|nos|num|number|ref|reference|id|#)"
_FILLERS = r"(?:[ ]+(?:is|was|it['’]?s|its|she|he|they|has|have|had|got|given|on|the|letter|card|it|reads|says|shows|as))*"
#: An identifier's label close before a number: the label, then at most a few words of no digits ("case number is",
#: "her hospital no. was"); group "word" is the number's word after it.
_LABEL_BEFORE = re.compile(
    rf"(?i)\b(?:(?P<strong>{_STRONG_LABEL})|(?P<bare>{_BARE_LABEL})|(?P<weak>{_WEAK_LABEL}))\b\.?"
    rf"(?:[ ]*(?P<word>{_NUMBER_WORD})(?![\w])\.?)?{_FILLERS}[ ]*[:#=,-]?[ ]*$"
)
_UNIT_AFTER = re.compile(
    r"(?i)[ ]?(?:%|(?:ml|mls|mg|mcg|g|kg|mins?|minutes|hrs?|hours|per|units?|visits|packs|responses|pounds|quid|p|pence"
    r"|people|women|babies|mums|each|over|across|agree|agreed|neutral|satisfied|yes|times|cm|mm|wks|weeks|days|mmol)\b)"
)


def _label_need(text: str, start: int, window: int = 40) -> int:
    """How many digits a number right after an identifier's label needs (six after a strong label or a number's word,
    seven after a bare one); 0: no label, or a weak one with no number's word."""
    m = _LABEL_BEFORE.search(text, max(0, start - window), start)
    if not m or (m.group("weak") and not m.group("word")):
        return 0
    return 6 if m.group("word") or (m.group("strong") or "").lower() in ("mrn", "hosp", "hospital") else 7


_RATING_BEFORE = re.compile(
    r"(?i)\b(?:rat\w*|scor\w*|aged?|ages|marks?|out[ ]of|apgars?|bp|readings?)\b[^.;!?\n]*$"
)
_PAIRED = re.compile(r"(?<![\w.,/:£$€-])\d{2,3}(?:(?:[ ]?[-.][ ]?|[ ])\d{2,3}){2,}(?![\w/:%-]|[.,]\d)")


def paired_digit_spans(text: str) -> list[tuple[int, int]]:
    """Digits in pairs or threes, three groups or more and six digits or more, right after an identifier's label."""
    out = []
    for m in _PAIRED.finditer(text):
        groups = re.findall(r"\d+", m.group())
        start = m.start()
        need = _label_need(text, start)
        if (
            not need
            or sum(len(g) for g in groups) < need
            or _UNIT_AFTER.match(text, m.end())
            or _RATING_BEFORE.search(text, max(0, start - 40), start)
            or len(set(groups)) == 1
            or _steps(groups)
            or _clock_or_date(m.group())
        ):
            continue
        out.append(m.span())
    return out


#: Rules 42 (blind47): single digits (a letter or two before them) read out after a label ("hosp D 1 0 7 7 2 4 1").
_SPELLED = re.compile(r"(?<![\w.,/:£$€-])(?:[A-Za-z][ ]){0,2}\d(?:[ ]\d){5,}(?![\w/:%-]|[.,]\d)")


def spelled_digit_spans(text: str) -> list[tuple[int, int]]:
    """Six digits or more read one by one (a letter or two first) right after an identifier's label (`_label_need`,
    "hosp" too), never after a rating's word nor before a unit's."""
    return [
        m.span()
        for m in _SPELLED.finditer(text)
        if (_label_need(text, m.start()) or _HOSP_BEFORE.search(text, 0, m.start()))
        and not _RATING_BEFORE.search(text, max(0, m.start() - 40), m.start())
        and not _UNIT_AFTER.match(text, m.end())
        and not _steps(m.group().split()[-3:])
    ]


_HOSP_BEFORE = re.compile(r"(?i)\bhosp(?:ital)?\.?(?:[ ]+(?:no|num|number)\b\.?)?[ ]*[:#]?[ ]*$")


#: Rules 42 (blind47): a code of one to three capitals and digits in groups, letters typed for some digits, right after a
#: label ("hosp D1O 22 S18", "BRP no ZR9 4417 09", "hosp no shows as Dl0.47.7S3").
_LABELLED_CODE = re.compile(
    r"(?<![\w.,/:£$€-])(?:[A-Z]{1,3}[ ]?)?[0-9OoIlS]{1,5}(?:[ .-][0-9OoIlS]{1,5}){0,4}(?![\w/:%-]|[.,]\d)"
)


def _digits_and_looks(body: str, looks: str) -> tuple[int, int]:
    """How many digits a code holds, and how many letters of `looks` typed for digits."""
    return sum(c.isdigit() for c in body), sum(c in looks for c in body)


def labelled_code_spans(text: str) -> list[tuple[int, int]]:
    """A code after an identifier's label or "hosp" (`_LABELLED_CODE`): seven characters or more that are digits or
    letters typed for them, five real digits or more, never after a rating's word nor a date."""
    out = []
    for m in _LABELLED_CODE.finditer(text):
        body = (
            re.sub(r"^[A-Z]{1,3}[ ]?(?=[0-9OoIlS])", "", m.group()) if m.group()[:1].isupper() else m.group()
        )
        digits, looks = _digits_and_looks(body, "OoIlS")
        start = m.start()
        if (
            digits >= 5
            and digits + looks >= 7
            and (_label_need(text, start, 60) or _HOSP_BEFORE.search(text, max(0, start - 30), start))
            and not _RATING_BEFORE.search(text, max(0, start - 40), start)
            and not _clock_or_date(body)
            and not re.fullmatch(r"[A-Za-z]+", m.group())
            and (looks or m.group()[0].isalpha())  # plain digits are the other finders' ("tenancy 2022-2025")
        ):
            out.append(m.span())
    return out


#: Rules 44 (blind47, blind49: tuning writers): a reference of capital-led pieces joined by "/" or "-" ("PHY/24/3O17",
#: "KM-ICB-24-11 902", "P24 /0611", "HR/26/ OO 81 4"), of capitals and digit groups ("SEC 26 044B"), or of a few
#: capitals and six digits or more ("DG7730192A"), within a clause after a reference's word ("ref", "referral",
#: "complaint", "case", "claim", "PCN", "security log"; words of no digits may come between: "ref from the ICB is").
_SLASHED = re.compile(
    r"(?<![\w/-])[A-Z][A-Za-z0-9]{0,5}(?:[/-][ ]?[A-Z0-9l]{1,6}|[ ][/-][ ]?[0-9OIl][A-Z0-9l]{0,5}){1,4}"
    r"(?:[ ][0-9OIl][0-9OIlA-Z]{0,3}){0,3}(?![\w/-])"
)
_SPACED_CODE = re.compile(r"(?<![\w/-])[A-Z]{2,4}(?:[ ]\d{2,4}[A-Z]?){2,3}(?![\w/-])")
_LONG_CODE = re.compile(r"(?<![\w/-])[A-Z]{1,3}\d{6,9}[A-Z]?(?![\w/-])")
_REF_NEAR = re.compile(
    r"(?i)\b(?:ref(?:erence)?|referral|complaint|case|claim|pcn|crime|incident|security[ ]log|ticket"
    r"|log[ ](?:no|number|ref))\b[^.;!?\n\d]{0,25}$"
)


def slashed_code_spans(text: str) -> list[tuple[int, int]]:
    """References after a reference's word (`_SLASHED`, `_SPACED_CODE`, `_LONG_CODE`): three real digits or more,
    four with letters typed for digits, never after a rating's word (a date has no capital first: none is read)."""
    out = []
    for rx in (_SLASHED, _SPACED_CODE, _LONG_CODE):
        for m in rx.finditer(text):
            digits, looks = _digits_and_looks(re.sub(r"^[A-Z]+", "", m.group()), "OIl")
            start = m.start()
            if (
                digits >= 3
                and digits + looks >= 4
                and _REF_NEAR.search(text, max(0, start - 40), start)
                and not _RATING_BEFORE.search(text, max(0, start - 40), start)
            ):
                out.append(m.span())
    return out


def _steps(groups: list[str]) -> bool:
    """Groups that count up or down by one or by a fixed step ("12 13 14", "10 20 30"): a list's numbers."""
    values = [int(g) for g in groups]
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}
    return len(steps) == 1


def _clock_or_date(piece: str) -> bool:
    """Groups that read as a date ("12-05-24": day, month, year) or as times of day ("09 30 11 45")."""
    groups = re.findall(r"\d+", piece)
    values = [int(g) for g in groups]
    if len(values) == 3 and 1 <= values[0] <= 31 and 1 <= values[1] <= 12:
        return True
    pairs = list(zip(values[::2], values[1::2], strict=False))
    return (
        len(values) % 2 == 0
        and all(len(g) == 2 for g in groups)
        and all(h <= 23 and m <= 59 for h, m in pairs)
    )


#: A letter typed for a digit inside a number: O/o for 0, I/l for 1 and S for 5 after the number's first digit
#: ("8OO 217 44S", "D1O4", "77 4I 2O 93"), or one such letter before the first of two digits or more ("O0714", "l23"); not B for 8 (batch and lot codes mix
#: that letter in: "batch 4471B29") and never a letter before the first digit ("S18", "D10" keep theirs).
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_LOOKS = frozenset("OoIlS")
_DIGIT_OF = {"O": "0", "o": "0", "I": "1", "l": "1", "S": "5"}


def _lookalikes(token: str) -> list[int]:
    """Offsets in `token` of letters typed for digits (see `_TOKEN`'s comment)."""
    first = next((i for i, c in enumerate(token) if c.isdigit()), None)
    if first is None:
        return []
    tail = token[first:]
    if any(c.isalpha() and c not in _LOOKS for c in tail) or len(tail) < 2:
        return []
    out = [first + i for i, c in enumerate(tail) if c in _LOOKS]
    if first == 1 and token[0] in "OoIl" and sum(c.isdigit() for c in tail) >= 2:
        out.insert(0, 0)  # "O7911", "o77oo", "l23" (rules 43: phones typed with letters)
    return out


def lookalike_spans(text: str, finders) -> list[list[tuple[int, int]]]:
    """Numbers with a letter typed for a digit: the text is read once with the digits put back, each of `finders`
    (functions of a text to spans) runs over it; per finder, the spans that hold a changed letter."""
    changed = [m.start() + i for m in _TOKEN.finditer(text) for i in _lookalikes(m.group())]
    if not changed:
        return [[] for _ in finders]
    chars = list(text)
    for i in changed:
        chars[i] = _DIGIT_OF[text[i]]
    read = "".join(chars)
    where = SpanIndex((i, i + 1) for i in changed)
    return [[span for span in find(read) if where.overlaps(*span)] for find in finders]


def lookalike_number_spans(text: str, finders) -> list[tuple[int, int]]:
    """`lookalike_spans` of all `finders` together."""
    return [span for spans in lookalike_spans(text, finders) for span in spans]


#: Rules 42 (blind47): a day and month after a birth's word ("born 04/02", "EMCS 14/02", "had baby here 01/03"): a
#: baby's date of birth; never a rating ("8/10") or weeks of pregnancy ("31/40").
_BIRTH_DATE = re.compile(
    r"(?i)\b(?:born|birth|delivered|arrived|emcs|elcs|c-?section|svd|had[ ](?:her[ ]|the[ ])?baby(?:[ ]here)?)\b"
    r"[^.;!?\n\d]{0,12}?(?<![\w/])((?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:\d{4}|\d\d))?)(?![\w/]|[.,]\d)"
)


_DURATION_AFTER = re.compile(
    r"(?i)[ ]*(?:ago|post|pn|po|early|late|old|weeks?|wks?|days?|hours?|hrs?|mins?|cm|am|pm|o['’]?clock|stars?|overall)\b"
)


def birth_date_spans(text: str) -> list[tuple[int, int]]:
    """A day and month (a year too) a few words after a birth's word; never a rating, a duration or a range (the
    keep-side review: "Birth 4/5.", "SVD 2/7 ago", "had baby 6/12 ago", "24/7", "born 4/5 weeks early"): one digit on
    each side, "n/10" with a day of ten or less, or a duration's word after it."""
    out = []
    for m in _BIRTH_DATE.finditer(text):
        if re.search(
            r"(?i)\b(?:rat\w*|scor\w*|gave|out[ ]of)[ ]*$", text[max(0, m.start(1) - 12) : m.start(1)]
        ):
            continue  # "birth rated 11/12"
        day, month = m.group(1).split("/")[:2]
        year = m.group(1).count("/") == 2
        if not year and (
            (
                len(day) == 1 and len(month) == 1
            )  # "Birth 4/5.", "SVD 2/7 ago", "born 4/5 weeks early": no date
            or (month == "10" and int(day) <= 10)  # "birth team, 10/10": a rating
            or m.group(1) in ("24/7", "24/07")
            or _DURATION_AFTER.match(text, m.end(1))  # "had baby 6/12 ago", "ELCS 1/12 ago"
        ):
            continue
        out.append(m.span(1))
    return out


_SORT_LABEL = re.compile(r"(?i)\b(?:sort|sortcode|sort[ ]cd)\b(?:[ ]+(?:is|was))?[ ]*[:#=-]?[ ]*$")
#: "s/c" and "sc" are sort codes only beside a bank's word ("insulin s/c 10 12 14 units": subcutaneous).
_SHORT_SORT_LABEL = re.compile(r"(?i)\b(?:s/c|s\.c\.?|sc)\b(?:[ ]+(?:is|was))?[ ]*[:#=-]?[ ]*$")
#: A bank's or an account's word (not "baby bank", "food bank", "bank holiday": the keep-side review).
_BANK_WORDS = re.compile(
    r"(?i)\b(?:(?<!baby[ ])(?<!food[ ])(?<!milk[ ])(?<!clothes[ ])bank(?![ ]+hol)|banking|acc|acct|account|a/c"
    r"|barclays|lloyds|natwest|hsbc|santander|monzo|nationwide|halifax|starling|tsb|revolut|building society)\b"
)
_SIX_DIGITS = re.compile(
    r"(?<![\w.,/:£$€-])(?<!\d[ ])(?<!\d[-.:])(\d\d)([ ]?[-. ][ ]?)(\d\d)\2(\d\d)(?![\w/:%-]|[.,]\d|[ ]?[-. :][ ]?\d)"
)


def bank_code_spans(text: str) -> list[tuple[int, int]]:
    """Sort codes: six digits in pairs (no more: "10 30 12 30" is two times) after "sort", after "s/c" or "sc" with a
    bank's or an account's word in the clause, or with such a word alone when they are no date; never before a unit."""
    out = []
    for m in _SIX_DIGITS.finditer(text):
        start, end = m.span()
        day, month = int(m.group(1)), int(m.group(3))
        if _UNIT_AFTER.match(text, end):
            continue  # "clexane s/c 40 40 40 mg"
        if _SORT_LABEL.search(text, max(0, start - 12), start):
            out.append(m.span())
            continue
        clause = (
            re.split(r"[.;!?\n]", text[max(0, start - 40) : start])[-1]
            + re.split(r"[.;!?\n]", text[end : end + 40])[0]
        )
        banked = bool(_BANK_WORDS.search(clause))
        if banked and _SHORT_SORT_LABEL.search(text, max(0, start - 12), start):
            out.append(m.span())
            continue
        if 1 <= day <= 31 and 1 <= month <= 12:
            continue  # "12-05-24": a date, unless labelled
        if banked:
            out.append(m.span())
    return out


_SHORT_LABEL = re.compile(
    r"(?i)\b(?:(?:our|my|her|his|their|your|the|a|case|claim|file|pals|complaint|booking|job)[ ]+(?:ref(?:erence)?|no\.?|num"
    r"|number)|ref(?:erence)?[ ]+(?:no\.?|num|number)|ticket(?:[ ]+(?:no\.?|num|number))?|pals|ref)\b\.?[ ]*[:#=]?[ ]*"
    r"(#?(?=[a-z]{1,4}\d)[a-z\d]{4,8})(?![\w/@.-]|\.\w)"
)
#: Forms and certificates whose names look like codes: a form's name is no one's reference.
_FORMS = frozenset(
    {
        "sa302",
        "p11d",
        "matb1",
        "mat b1",
        "fw8",
        "hc1",
        "hc2",
        "hc3",
        "sc3",
        "ma1",
        "sh1",
        "bc1",
        "dla1",
        "pip2",
        "sr1",
        "ds1500",
        "fp10",
        "fp17",
        "covid19",
        "p800",
        "p85",
        "v5c",
        "ch2",
        "mc1",
        "hc11",
        "hc12",
        "fp57",
        "fp92a",
        "uc50",
        "esa50",
        "ir35",
        "h1n1",
        "sf100",
        "sa100",
        "br19",
    }
)
#: Codes of public things: a Green-top guideline, a road, a public body's or a report's code with its year (the
#: keep-side review: "ref GTG37a", "the A296", "ref KCC21 leaflet", "ref CQC2023").
_PUBLIC_CODE = re.compile(r"(?i)gtg\d+[a-z]?|[abm]\d{1,4}[a-z]?|\d+(?:to|for|x)\d+")
_YEAR_CODE = re.compile(r"(?i)(?:19|20)\d\d[a-z]{1,2}|[a-z]{1,2}(?:19|20)\d\d")  # "2024a", "FY2024"
_MEASURE = re.compile(
    r"(?i)\d+(?:mg|mcg|ml|kg|g|mm|cm|km|am|pm|hrs?|mins?|wks?|weeks?|days?|yrs?|st|nd|rd|th)$"
)


def short_code_spans(text: str, acronyms=frozenset()) -> list[tuple[int, int]]:
    """A code of four to eight letters and digits, at least two digits and a letter, right after a reference's or a
    case's label; not a form's name, an acronym, a measure, a time or an ordinal."""
    out = []
    for m in _SHORT_LABEL.finditer(text):
        piece = m.group(1).lstrip("#")
        low = piece.lower()
        digits = sum(c.isdigit() for c in piece)
        if (
            digits < 2
            or len(piece) < 4
            or low in _FORMS
            or low in acronyms
            or _MEASURE.fullmatch(piece)
            or _YEAR_CODE.fullmatch(piece)
            or _PUBLIC_CODE.fullmatch(piece)
            or re.match(r"[a-z]+", low).group() in acronyms  # "ref KCC21", "ICB24", "UK12"
        ):
            continue
        out.append(m.span(1))
    return out


_STOP_TAIL = frozenset(
    {
        "was",
        "and",
        "the",
        "for",
        "are",
        "not",
        "has",
        "had",
        "but",
        "can",
        "you",
        "her",
        "his",
        "she",
        "who",
        "now",
        "its",
        "all",
        "our",
        "got",
        "did",
        "yet",
        "too",
        "off",
        "out",
        "per",
        "via",
        "ago",
        "due",
        "one",
        "two",
    }
)


def word_plate(piece: str) -> bool:
    """A current-format registration whose three last letters are an everyday word in lower case after capitals or
    digits typed without a space ("QS12 was"): the code's own letters end before it."""
    tail = piece[-3:]
    return tail.islower() and tail in _STOP_TAIL and not piece[:2].islower() and piece[-4] == " "
