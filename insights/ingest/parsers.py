"""Parsers of single cells, one per kind of value: UK day-first dates, ratings, counts, yes/no, ethnicity,
care stages and the closed lists of the templates. Each takes one trimmed, non-blank cell and returns the
value or a _Bad with the reason."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable

from insights import vocab
from insights.ingest.frame import _short

MAX_COUNT = 1_000_000
#: Excel serial day numbers accepted as dates (20000 = 1954-10-03, 80000 = 2119-01-10).
EXCEL_SERIAL_RANGE = (20_000, 80_000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Day 0 of the 1904 date system (workbooks from old Excel for Mac).
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)


class _Bad:
    """A cell that failed to parse, with the reason (or a code the caller turns into one)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?"
_ISO_DATE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + "$")
_DMY_DATE = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _TIME + "$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]*([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})$", re.I)
_MONTH_D_Y = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")

_BAD_FORMAT = _Bad("format")
#: Excel's error values (openpyxl gives them as text; a CSV saved from Excel holds them as text too).
EXCEL_ERRORS = re.compile(
    r"^#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!)$"
)
_BAD_DAY = _Bad("impossible")


def _parse_date(text: str, epoch: dt.date = _EXCEL_EPOCH) -> dt.date | _Bad:
    """One date, UK day first; _BAD_FORMAT when unreadable, _BAD_DAY when no such day. An Excel date number
    counts days from `epoch` (the 1900 system's, or _EXCEL_EPOCH_1904)."""
    if m := _ISO_DATE.match(text):
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    elif m := _DMY_DATE.match(text):
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(4)) == 2:
            y += 2000
    elif m := _D_MONTH_Y.match(text):
        mo = _MONTHS.get(m.group(2).lower())
        if mo is None:
            return _BAD_FORMAT
        d, y = int(m.group(1)), int(m.group(3))
        if len(m.group(3)) == 2:
            y += 2000
    elif m := _MONTH_D_Y.match(text):
        mo = _MONTHS.get(m.group(1).lower())
        if mo is None:
            return _BAD_FORMAT
        d, y = int(m.group(2)), int(m.group(3))
    elif m := _SERIAL.match(text):
        serial = int(m.group(1))
        if not EXCEL_SERIAL_RANGE[0] <= serial <= EXCEL_SERIAL_RANGE[1]:
            return _BAD_FORMAT
        return epoch + dt.timedelta(days=serial)
    else:
        return _BAD_FORMAT
    if y < 1900:
        return _BAD_DAY
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return _BAD_DAY


#: A whole rating: 8, 8.0, 8,0 (a decimal comma), 8/10, 8 out of 10.
_RATING = re.compile(r"^(\d{1,2})(?:[.,]0+)?(?:\s*(?:/|out\s+of)\s*10)?$", re.I)


def _parse_rating(text: str) -> int | _Bad:
    m = _RATING.match(text)
    if m and 1 <= int(m.group(1)) <= 10:
        return int(m.group(1))
    return _Bad(f"rating must be a whole number from 1 to 10 (got '{_short(text)}')")


_COUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$")


def _parse_count(text: str) -> int | _Bad:
    m = _COUNT.match(text)
    if not m:
        return _Bad("must be a whole number, 0 or more")
    value = int(m.group(1).replace(",", ""))
    if value > MAX_COUNT:
        return _Bad(f"must be at most {MAX_COUNT:,}")
    return value


_BOOLS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}


def _fold(text: str) -> str:
    """Lower-case, '&' -> 'and', punctuation -> space, whitespace collapsed."""
    text = text.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _squash(text: str) -> str:
    """Lower-case letters and digits only ("Children’s centre" -> 'childrenscentre')."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _code_key(text: object) -> str:
    """Codebook lookup key: lower-case, curly quotes straightened, whitespace collapsed."""
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def _age_key(text: str) -> str:
    return re.sub(r"\s+", "", text.lower().replace("\u2013", "-").replace("\u2014", "-"))


_ETHNICITY = {_fold(k): k for k in vocab.ETHNICITY_GROUPS}
_ETHNICITY.update({_fold(k): v for k, v in vocab.ETHNICITY_SYNONYMS.items()})
_ETHNICITY[_fold(vocab.NOT_STATED)] = vocab.NOT_STATED
_OTHER_GROUP = re.compile(r"^any other (asian|black|mixed|white)\b")
_ETHNICITY_EXAMPLES = (
    "African, Caribbean, Indian, Pakistani, Bangladeshi, White British, Other White or Not stated"
)


def _parse_ethnicity(text: str) -> str | _Bad:
    candidates = [text]
    for sep in (":", " - ", " \u2013 "):
        if sep in text:
            candidates.append(text.rsplit(sep, 1)[1])
    for candidate in candidates:
        key = _fold(candidate)
        if key in _ETHNICITY:
            return _ETHNICITY[key]
        if m := _OTHER_GROUP.match(key):
            return f"Other {m.group(1).title()}"
    close = [m for c in candidates for m in difflib.get_close_matches(_fold(c), _ETHNICITY, n=1, cutoff=0.75)]
    hint = f"; did you mean {_ETHNICITY[close[-1]]}?" if close else f"; use e.g. {_ETHNICITY_EXAMPLES}"
    return _Bad(f"ethnicity is not an ONS 2021 ethnic group (got '{_short(text)}'){hint}")


_CARE_STAGE = {_squash(k): v for k, v in vocab.CARE_STAGE_SYNONYMS.items()}
_CARE_STAGE.update({_squash(s): s for s in vocab.CARE_STAGES})
_CARE_STAGE_LIST = ", ".join(vocab.CARE_STAGES)


def _parse_care_stages(text: str) -> list[str] | _Bad:
    found: set[str] = set()
    for part in re.split(r"[;,/]", text):
        if not part.strip():
            continue
        stage = _CARE_STAGE.get(_squash(part))
        if stage is None:
            return _Bad(
                f"care_stages: '{_short(part.strip())}' is not a care stage; use {_CARE_STAGE_LIST}, "
                "separated by ';'"
            )
        found.add(stage)
    return [s for s in vocab.CARE_STAGES if s in found]


def _parse_care_stage(text: str) -> str | _Bad:
    stage = _CARE_STAGE.get(_squash(text))
    if stage is None:
        return _Bad(f"care_stage must be one of: {_CARE_STAGE_LIST} (got '{_short(text)}')")
    return stage


def _choice_parser(column: str, table: dict[str, str], allowed: Iterable[str]) -> Callable[[str], str | _Bad]:
    """Parser for a closed list matched by squashed text."""
    allowed_text = "; ".join(allowed)

    def parse(text: str) -> str | _Bad:
        value = table.get(_squash(text))
        if value is None:
            return _Bad(f"{column} must be one of: {allowed_text} (got '{_short(text)}')")
        return value

    return parse


_COLLECTED_BY = _choice_parser(
    "collected_by",
    {
        **{_squash(k): v for k, v in vocab.COLLECTOR_SYNONYMS.items()},
        **{_squash(c): c for c in vocab.COLLECTORS},
    },
    vocab.COLLECTORS,
)
_VENUE_TYPE = _choice_parser("venue_type", {_squash(v): v for v in vocab.VENUE_TYPES}, vocab.VENUE_TYPES)
_ACTIVITY_TYPE = _choice_parser(
    "activity_type", {_squash(v): v for v in vocab.ACTIVITY_TYPES}, vocab.ACTIVITY_TYPES
)

_AGE_BANDS = {_age_key(a): a for a in vocab.AGE_BANDS}
_AGE_BANDS.update(
    {"40+": "40 and over", "40plus": "40 and over", "40orover": "40 and over", "<20": "Under 20"}
)


def _parse_age_band(text: str) -> str | _Bad:
    value = _AGE_BANDS.get(_age_key(text))
    if value is None:
        return _Bad(f"age_band must be one of: {'; '.join(vocab.AGE_BANDS)} (got '{_short(text)}')")
    return value


_THEMES = {}
for _tid, (_name, _cross) in vocab.THEMES.items():
    _THEMES[_squash(_tid)] = _tid
    _THEMES[_squash(_name)] = _tid
_THEMES.update({_squash(k): v for k, v in vocab.THEME_SYNONYMS.items()})
_CODED_THEMES = [tid for tid, (_, cross) in vocab.THEMES.items() if not cross]
_CODED_THEME_TEXT = ", ".join(vocab.THEMES[t][0] for t in _CODED_THEMES[:-1]) + (
    f" or {vocab.THEMES[_CODED_THEMES[-1]][0]}"
)


def _parse_theme(text: str) -> str | _Bad:
    tid = _THEMES.get(_squash(text))
    if tid is None:
        return _Bad(f"theme must be {_CODED_THEME_TEXT} (got '{_short(text)}')")
    if vocab.THEMES[tid][1]:
        return _Bad(
            f"theme {vocab.THEMES[tid][0]} is cross-cutting and is not coded directly; "
            f"use {_CODED_THEME_TEXT} (got '{_short(text)}')"
        )
    return tid


def _bool_parser(column: str) -> Callable[[str], bool | _Bad]:
    def parse(text: str) -> bool | _Bad:
        value = _BOOLS.get(text.lower())
        if value is None:
            return _Bad(f"{column} must be yes or no (got '{_short(text)}')")
        return value

    return parse


def _month_first_only(text: str) -> bool:
    """A d/m/y date that can only be month first (03/14/2023: there is no month 14)."""
    m = _DMY_DATE.match(text)
    return m is not None and 1 <= int(m.group(1)) <= 12 < int(m.group(3)) <= 31


def _both_ways(text: str) -> tuple[dt.date, dt.date] | None:
    """(day first, month first) readings of a d/m/y date that is a real date both ways and two different
    days (03/04/2023: 3 April or 4 March); None otherwise."""
    m = _DMY_DATE.match(text)
    if m is None:
        return None
    a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if a == b or not (1 <= a <= 12 and 1 <= b <= 12):
        return None
    y += 2000 if len(m.group(4)) == 2 else 0
    return dt.date(y, b, a), dt.date(y, a, b)


def _as_month_first(text: str) -> dt.date | None:
    """The date a d/m/y text that can only be month first means read so ('03/14/2023' -> 14 March 2023),
    when that is a real date; None otherwise."""
    if not _month_first_only(text):
        return None
    m = _DMY_DATE.match(text)
    y = int(m.group(4)) + (2000 if len(m.group(4)) == 2 else 0)
    try:
        return dt.date(y, int(m.group(1)), int(m.group(3)))
    except ValueError:
        return None
