"""Read an uploaded CSV or Excel file and validate every row against its template.

Pure functions: no database, no Streamlit. `read_table` turns the uploaded bytes into a frame of
text cells; `validate` checks each row against the template of its kind (insights.ingest.templates) and
returns the clean, typed rows plus a plain-English reason for every problem, by spreadsheet row
number (the header is row 1, the first data row is row 2, 0 means the whole file).

Dates are ALWAYS read UK day first. 04/03/2023, 4-3-23 and 04.03.2023 are 4 March 2023, never
3 April; an American month-first date such as 03/14/2023 is rejected as not a real date rather than
silently swapped. ISO dates (2023-03-14), dates with a month name (14 March 2023, 14 Mar 2023),
ISO date-times (2023-03-14 00:00:00) and Excel serial day numbers (45000 = 15 March 2023) are
accepted too. A two-digit year is 20yy.

Cells that begin with = + - or @ are read and kept as plain text, exactly as written: nothing here
evaluates them (Excel formulas come back as their formula text). Exports neutralise them later.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from insights import config, vocab
from insights.ingest.read import (
    _PACKS_COLUMN,
    EXTRA_CELLS_COLUMN,
    ROW_INDEX_NAME,
    RowIssue,
    _short,
    _xlsx_text,
    normalise_header,
    trimmed,
)
from insights.ingest.templates import KINDS, TEMPLATES, column_names, required_columns
from insights.output.textsafe import visible
from insights.reference.geography import normalise_postcode

#: Longest text accepted per column (characters); every other free-text column allows DEFAULT_TEXT_LIMIT.
TEXT_LIMITS = {"note": 20_000, "excerpt": 5_000}
DEFAULT_TEXT_LIMIT = 200
#: Largest whole number accepted in a count column (keeps values inside a 32-bit integer).
MAX_COUNT = 1_000_000
#: Excel serial day numbers accepted as dates (20000 = 1954-10-03, 80000 = 2119-01-10).
EXCEL_SERIAL_RANGE = (20_000, 80_000)
_EXCEL_EPOCH = dt.date(1899, 12, 30)

ID_COLUMNS = {
    "venues": "venue_id",
    "narratives": "narrative_id",
    "excerpts": "excerpt_id",
    "engagement": "entry_id",
}
ID_PREFIXES = {"venues": "V-", "narratives": "N-", "excerpts": "X-", "engagement": "E-"}

#: Columns of `Validated.frame` per kind, in order.
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "venues": ("venue_id", "name", "venue_type", "postcode", "active", "source_row"),
    "narratives": (
        "narrative_id",
        "collected_on",
        "collected_by",
        "collector_ref",
        "venue_id",
        "postcode",
        "postcode_status",
        "ethnicity",
        "ethnic_group",
        "rating",
        "care_stages",
        "first_baby",
        "age_band",
        "provider",
        "note",
        "source_row",
    ),
    "excerpts": (
        "excerpt_id",
        "narrative_id",
        "code_id",
        "category_id",
        "theme_id",
        "care_stage",
        "excerpt_text",
        "source_row",
    ),
    "engagement": (
        "entry_id",
        "activity_date",
        "venue_id",
        "activity_type",
        "women_engaged",
        "narratives_collected",
        "connectors_present",
        "note",
        "packs",
        "source_row",
    ),
}

#: Free-text columns whose length is checked (coded columns fail their own check instead).
_FREE_TEXT = {
    "venues": ("venue_id", "name"),
    "narratives": ("narrative_id", "collector_ref", "venue_id", "provider", "note"),
    "excerpts": ("excerpt_id", "narrative_id", "excerpt"),
    "engagement": ("entry_id", "venue_id", "note"),
}


# --------------------------------------------------------------------------------------------
# Public types


@dataclass
class ValidationContext:
    """What validation needs from outside the file: the codebook and the ids already known."""

    #: lower-case code label AND lower-case code_id -> (code_id, category_id)
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: category_id -> theme ids a coded excerpt of that category may carry (Figure 2)
    allowed_themes: dict[str, set[str]] = field(default_factory=dict)
    #: venue ids that may be referenced (None = don't check)
    known_venue_ids: set[str] | None = None
    #: narrative ids that may be referenced (None = don't check)
    known_narrative_ids: set[str] | None = None
    #: dates after this are "in the future"; None = date.today()
    today: dt.date | None = None
    #: dates before this are refused as implausible; None = config.earliest_date() (2015-01-01)
    earliest: dt.date | None = None
    #: optional, for messages only: code_id -> label, category_id -> category name
    code_labels: dict[str, str] = field(default_factory=dict)
    category_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_codebook(
        cls,
        codes: pd.DataFrame | None = None,
        allowed_themes: dict[str, set[str]] | None = None,
        category_names: dict[str, str] | None = None,
        **kwargs,
    ) -> ValidationContext:
        """Context filled from a code list (code_id, category_id, label) and Figure 2.

        Defaults come from insights.coding.codebook (the committed files); pass frames read from the
        database instead when it holds the codebook. Other fields go through **kwargs.
        """
        from insights.coding import codebook

        if codes is None:
            codes = codebook.codes()
        if allowed_themes is None:
            allowed_themes = codebook.allowed_themes()
        if category_names is None:
            f2 = codebook.figure2()
            category_names = dict(zip(f2["category_id"], f2["category"], strict=True))
        return cls(
            codes=codes_lookup(codes),
            allowed_themes=allowed_themes,
            code_labels=dict(zip(codes["code_id"], codes["label"], strict=True)),
            category_names=category_names,
            **kwargs,
        )


@dataclass
class Validated:
    """The outcome of validating one file: clean typed rows, errors and warnings."""

    kind: str
    frame: pd.DataFrame  # rows that passed, typed, with a `source_row` column
    errors: list[RowIssue]  # blocking: a row with any error is not in `frame`
    warnings: list[RowIssue]  # non-blocking: the row is still in `frame`
    total_rows: int
    row_numbers: list[int] = field(default_factory=list, repr=False)  # every data row's number

    @property
    def rejected_rows(self) -> set[int]:
        """Spreadsheet row numbers of the data rows that are not in `frame`."""
        accepted = set(self.frame["source_row"].tolist()) if len(self.frame) else set()
        every = set(self.row_numbers) or {i.row for i in self.errors if i.row > 0}
        return every - accepted

    @property
    def ok(self) -> bool:
        """True when there is no error at all."""
        return not self.errors

    def report(self) -> pd.DataFrame:
        """One row per issue (row, column, value, severity, reason), by row, for display."""
        records = [(i.row, i.column, i.value, "error", i.reason) for i in self.errors]
        records += [(i.row, i.column, i.value, "warning", i.reason) for i in self.warnings]
        df = pd.DataFrame(records, columns=["row", "column", "value", "severity", "reason"])
        df = df.astype({"row": "int64"})
        for c in ("column", "value", "severity", "reason"):
            df[c] = df[c].map(visible).astype(object)  # control characters shown as \x1b, never sent raw
        return df.sort_values("row", kind="stable").reset_index(drop=True)


def codes_lookup(codes: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """ValidationContext.codes from a frame with code_id, category_id and label columns."""
    out: dict[str, tuple[str, str]] = {}
    for code_id, category_id, label in zip(
        codes["code_id"], codes["category_id"], codes["label"], strict=True
    ):
        out[_code_key(label)] = (code_id, category_id)
        out[_code_key(code_id)] = (code_id, category_id)
    return out


# --------------------------------------------------------------------------------------------
# Small parsers (each takes one trimmed, non-blank cell)


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
_BAD_DAY = _Bad("impossible")


def _parse_date(text: str) -> dt.date | _Bad:
    """One date, UK day first; _BAD_FORMAT when unreadable, _BAD_DAY when no such day."""
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
        return _EXCEL_EPOCH + dt.timedelta(days=serial)
    else:
        return _BAD_FORMAT
    if y < 1900:
        return _BAD_DAY
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return _BAD_DAY


_RATING = re.compile(r"^(\d{1,2})(?:\.0+)?(?:\s*(?:/|out\s+of)\s*10)?$", re.I)


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


# --------------------------------------------------------------------------------------------
# Validation machinery


class _Checker:
    """Collects issues by row position and remembers which rows have an error."""

    def __init__(self, rows: np.ndarray, earliest: dt.date | None = None) -> None:
        self.rows = rows
        self.bad = np.zeros(len(rows), dtype=bool)
        self.errors: list[RowIssue] = []
        self.warnings: list[RowIssue] = []
        self.earliest = earliest  # dates before this are refused

    def read_errors(self, errors: list[RowIssue]) -> None:
        """Row errors found while reading the file (read_table's frame.attrs), by row number."""
        position = {int(r): p for p, r in enumerate(self.rows)}
        for issue in errors:
            if issue.row in position:
                self.bad[position[issue.row]] = True
            self.errors.append(issue)

    def file_error(self, reason: str) -> None:
        self.errors.append(RowIssue(0, "", "", reason))

    def file_warning(self, reason: str) -> None:
        self.warnings.append(RowIssue(0, "", "", reason))

    def add(
        self,
        mask: np.ndarray,
        column: str,
        values: list,
        reason: str | Callable[[int], str],
        *,
        warning: bool = False,
    ) -> None:
        """Record an issue at every position where `mask` is true; `reason(position)` words it."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        target = self.warnings if warning else self.errors
        if not warning:
            self.bad[positions] = True
        rows = self.rows
        if isinstance(reason, str):
            target.extend(RowIssue(int(rows[p]), column, _short(values[p]), reason) for p in positions)
        else:
            target.extend(
                RowIssue(int(rows[p]), column, _short(values[p]), reason(int(p))) for p in positions
            )


@dataclass
class _Parsed:
    """A column parsed through a table of its unique values."""

    values: list  # parsed value per row (None where blank or bad)
    bad: np.ndarray  # True where the cell failed
    reasons: dict  # bad cell text -> reason


def _parse_column(cells: list, parser: Callable[[str], object]) -> _Parsed:
    """Run `parser` once per distinct non-blank cell and spread the results over the rows."""
    table = {u: parser(u) for u in set(cells) if u is not None}
    reasons = {u: r.reason for u, r in table.items() if isinstance(r, _Bad)}
    if reasons:
        for u in reasons:
            table[u] = None
        bad = np.fromiter((c in reasons for c in cells), dtype=bool, count=len(cells))
    else:
        bad = np.zeros(len(cells), dtype=bool)
    table[None] = None
    return _Parsed([table[c] for c in cells], bad, reasons)


def _check(chk: _Checker, column: str, cells: list, parser: Callable[[str], object]) -> list:
    """Parse a column, recording an error for every bad cell; returns parsed values."""
    parsed = _parse_column(cells, parser)
    chk.add(parsed.bad, column, cells, lambda p: parsed.reasons[cells[p]])
    return parsed.values


def _cells(series: pd.Series) -> list:
    """A raw column as trimmed text, blank -> None (cells of any type accepted)."""
    if len(series) >= _FACTORIZE_FROM and _all_text(series):
        head = series.iloc[:_FACTORIZE_SAMPLE]
        if (
            head.nunique() <= len(head) // 2
        ):  # cells repeat (codes, dates, counts): trim each distinct one once
            codes, uniques = pd.factorize(series)  # missing cells get code -1: the None at the end
            table = np.array([*(trimmed(u) for u in uniques.tolist()), None], dtype=object)
            return table[codes].tolist()
    out: list = []
    append = out.append
    for v in series.tolist():
        if type(v) is str:
            append(trimmed(v))
        elif v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            append(None)
        else:
            text = _xlsx_text(v)
            append(trimmed(text) if text else None)
    return out


#: Columns at least this long whose cells are all text (or missing) are trimmed per distinct value when the
#: first _FACTORIZE_SAMPLE cells hold at most half as many distinct values (a million cells of a few dozen
#: codes: one strip each, not a million; ids and notes, mostly distinct, take the cell-by-cell loop).
_FACTORIZE_FROM = 10_000
_FACTORIZE_SAMPLE = 2_000


def _all_text(series: pd.Series) -> bool:
    """True when every non-missing cell is a str (a text column, or an object column holding text only:
    cells of other types, e.g. numbers from a workbook, keep the cell-by-cell path, where 1 and 1.0 differ)."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def _row_numbers(raw: pd.DataFrame) -> np.ndarray:
    """Spreadsheet row numbers: read_table's 'row' index, else position + 2."""
    if raw.index.name == ROW_INDEX_NAME and pd.api.types.is_integer_dtype(raw.index):
        return raw.index.to_numpy(dtype=np.int64)
    return np.arange(2, len(raw) + 2, dtype=np.int64)


def _required(chk: _Checker, column: str, cells: list) -> None:
    missing = np.fromiter((c is None for c in cells), dtype=bool, count=len(cells))
    chk.add(missing, column, cells, f"{column} is required")


def _lengths(chk: _Checker, kind: str, text: dict[str, list]) -> None:
    for column in _FREE_TEXT[kind]:
        limit = TEXT_LIMITS.get(column, DEFAULT_TEXT_LIMIT)
        cells = text[column]
        too_long = np.fromiter(
            (c is not None and len(c) > limit for c in cells), dtype=bool, count=len(cells)
        )
        chk.add(
            too_long,
            column,
            cells,
            lambda p, c=column, lim=limit, cells=cells: (
                f"{c} is too long ({len(cells[p]):,} characters; at most {lim:,})"
            ),
        )


def _references(chk: _Checker, column: str, cells: list, known: set[str] | None, what: str) -> list:
    """Check ids against the known set (exact, else a unique case-insensitive match)."""
    if known is None:
        return cells
    by_lower: dict[str, list[str]] = {}
    for k in known:
        by_lower.setdefault(k.lower(), []).append(k)

    def resolve(text: str) -> str | _Bad:
        if text in known:
            return text
        matches = by_lower.get(text.lower(), [])
        if len(matches) == 1:
            return matches[0]
        return _Bad(
            f"{column} '{_short(text)}' is not a known {what}; import the {what}s file first or together"
        )

    return _check(chk, column, cells, resolve)


def _lower(cells: list) -> list:
    return [None if c is None else c.lower() for c in cells]


def _serial_column(values: list, positions: list[int]) -> list[str]:
    """_serial of values[p] for each position, with a fast path for text columns."""
    picked = [values[p] for p in positions]
    if all(v is None or type(v) is str for v in picked):
        return [v or "" for v in picked]
    if any(isinstance(v, (list, dict)) for v in picked):
        return [_serial(v) for v in picked]
    memo: dict = {}
    return [memo[v] if v in memo else memo.setdefault(v, _serial(v)) for v in picked]


def _serial(value: object) -> str:
    """A normalised value as stable text for derived ids."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, dict):
        return ";".join(f"{k}={value[k]}" for k in sorted(value))
    return str(value)


def _ids(chk: _Checker, kind: str, cells: list, basis: list[list]) -> list:
    """Given ids, or derived ones for blank cells; a repeated id is an error on the later rows."""
    column = ID_COLUMNS[kind]
    prefix = ID_PREFIXES[kind]
    ids = list(cells)
    derived = np.zeros(len(ids), dtype=bool)
    blank = [p for p, value in enumerate(ids) if value is None]
    if blank:
        parts = [_serial_column(col, blank) for col in basis]
        for p, values in zip(blank, zip(*parts, strict=True), strict=True):
            ids[p] = prefix + hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()[:16]
        derived[blank] = True
    earlier: dict[int, int] = {}  # position of a repeat -> row number of the first use
    first_id: dict[int, str] = {}  # position of a repeat -> the id as first written
    # ids that differ only in capitals are one id twice: references to them match regardless of case
    keys = [value.casefold() for value in ids]
    repeats = pd.Series(keys, dtype=object).duplicated(keep="first").to_numpy()
    if repeats.any():  # the common case, no repeat, costs one hashing pass in C
        first_row: dict[str, tuple[int, str]] = {}
        for p, key in enumerate(keys):
            if key in first_row:
                earlier[p], first_id[p] = first_row[key]
            else:
                first_row[key] = (int(chk.rows[p]), ids[p])
    if earlier:
        dup = np.zeros(len(ids), dtype=bool)
        dup[list(earlier)] = True

        def reason(p: int) -> str:
            if derived[p]:
                return (
                    f"row repeats row {earlier[p]}: with {column} blank, the same values make the same "
                    f"{column} ({ids[p]}); give each row its own {column} if both are real"
                )
            if first_id[p] != ids[p]:
                return (
                    f"{column} {_short(ids[p])} is {_short(first_id[p])} on row {earlier[p]} in other "
                    f"capitals; ids are matched regardless of capitals, so give each row its own {column}"
                )
            return f"{column} {_short(ids[p])} already used on row {earlier[p]}"

        chk.add(dup, column, cells, reason)
    return ids


def _empty_frame(kind: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=_dtype(kind, c)) for c in OUTPUT_COLUMNS[kind]})


def _dtype(kind: str, column: str) -> str:
    if column == "source_row" or column in ("women_engaged", "narratives_collected", "connectors_present"):
        return "int64"
    if column == "rating":
        return "Int64"
    if column == "active":
        return "bool"
    return "object"


def _frame(kind: str, columns: dict[str, list], keep: np.ndarray) -> pd.DataFrame:
    """The accepted rows as a typed frame in OUTPUT_COLUMNS order."""
    out = {}
    for name in OUTPUT_COLUMNS[kind]:
        values = columns[name]
        dtype = _dtype(kind, name)
        if dtype == "object":
            arr = np.fromiter(values, dtype=object, count=len(values))  # keeps lists/dicts whole
            out[name] = pd.Series(arr[keep], dtype=object)
        elif dtype == "Int64":
            arr = np.array([v is None for v in values], dtype=bool)
            ints = np.array([0 if v is None else v for v in values], dtype=np.int64)
            out[name] = pd.Series(pd.arrays.IntegerArray(ints[keep], arr[keep]))
        else:
            out[name] = pd.Series(np.asarray(values, dtype=dtype)[keep])
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------------
# Per-kind rules


def _venues(chk: _Checker, text: dict[str, list], ctx: ValidationContext, today: dt.date) -> dict[str, list]:
    name = text["name"]
    venue_type = _check(chk, "venue_type", text["venue_type"], _VENUE_TYPE)
    pcs = text["postcode"]
    postcode = _check(
        chk,
        "postcode",
        pcs,
        lambda v: normalise_postcode(v) or _Bad(f"postcode is not a valid UK postcode (got '{_short(v)}')"),
    )
    active = _check(chk, "active", text["active"], _bool_parser("active"))
    active = [True if a is None else a for a in active]
    name_key = [None if n is None else " ".join(n.lower().split()) for n in name]
    ids = _ids(chk, "venues", text["venue_id"], [name_key, postcode])
    return {"venue_id": ids, "name": name, "venue_type": venue_type, "postcode": postcode, "active": active}


def _bool_parser(column: str) -> Callable[[str], bool | _Bad]:
    def parse(text: str) -> bool | _Bad:
        value = _BOOLS.get(text.lower())
        if value is None:
            return _Bad(f"{column} must be yes or no (got '{_short(text)}')")
        return value

    return parse


def _dates(chk: _Checker, column: str, cells: list, today: dt.date) -> list:
    """Parse a date column (UK day first); unreadable, impossible and future dates are errors."""
    parsed = _parse_column(cells, _parse_date)
    values = parsed.values

    def reason(p: int) -> str:
        text = cells[p]
        if parsed.reasons[text] == _BAD_DAY.reason:
            return f"{column} is not a real date (got '{_short(text)}'; dates are read day first, dd/mm/yyyy)"
        return (
            f"{column} must be a date, day first: 14/03/2023, 14-03-2023, 14.03.2023, 2023-03-14 "
            f"or 14 March 2023 (got '{_short(text)}')"
        )

    chk.add(parsed.bad, column, cells, reason)
    _serial_warning(chk, column, cells, values)
    earliest = chk.earliest
    if earliest is not None:
        early = np.fromiter((d is not None and d < earliest for d in values), dtype=bool, count=len(values))
        if early.any():
            chk.add(
                early,
                column,
                cells,
                lambda p: (
                    f"date is before {_long_date(earliest)}, when the service started collecting (got "
                    f"'{_short(cells[p])}', read day first as {_long_date(values[p])}); the limit is set "
                    "by MATERNITY_EARLIEST_DATE"
                ),
            )
            for p in np.flatnonzero(early):
                values[p] = None
    future = np.fromiter((d is not None and d > today for d in values), dtype=bool, count=len(values))
    if future.any():
        chk.add(
            future,
            column,
            cells,
            lambda p: (
                f"date is in the future (got '{_short(cells[p])}', read day first as {_long_date(values[p])})"
            ),
        )
        for p in np.flatnonzero(future):
            values[p] = None
    return values


def _serial_warning(chk: _Checker, column: str, cells: list, values: list) -> None:
    """One warning when a date column holds Excel date numbers (45000): they are read in Excel's usual 1900
    date system; a workbook in the 1904 system (old Excel for Mac) would give dates four years off."""
    serials = [p for p, c in enumerate(cells) if c is not None and values[p] is not None and _SERIAL.match(c)]
    if not serials:
        return
    p = serials[0]
    chk.file_warning(
        f"{len(serials):,} {column} value{'s are' if len(serials) != 1 else ' is an'} Excel date number"
        f"{'s' if len(serials) != 1 else ''} (the column lost its date format), read in Excel's usual 1900 date "
        f"system: e.g. row {int(chk.rows[p]):,}, '{_short(cells[p])}' is {_long_date(values[p])}. Check that "
        "one in the file (format the column as a date in Excel): if it shows a date four years later, the "
        "workbook used the 1904 date system and the dates must be fixed before importing"
    )


def _long_date(d: object) -> str:
    return f"{d.day} {d:%B %Y}" if isinstance(d, dt.date) else "?"


def _narratives(
    chk: _Checker, text: dict[str, list], ctx: ValidationContext, today: dt.date
) -> dict[str, list]:
    n = len(text["note"])
    collected_on = _dates(chk, "collected_on", text["collected_on"], today)
    collected_by = _check(chk, "collected_by", text["collected_by"], _COLLECTED_BY)
    venue_id = _references(chk, "venue_id", text["venue_id"], ctx.known_venue_ids, "venue")

    raw_pc = text["postcode"]
    postcode = _parse_column(raw_pc, lambda v: normalise_postcode(v) or _Bad("malformed")).values
    malformed = np.fromiter(
        (r is not None and p is None for r, p in zip(raw_pc, postcode, strict=True)), dtype=bool, count=n
    )
    chk.add(malformed, "postcode", raw_pc, "not a valid UK postcode; imported without an area", warning=True)
    status = [
        "missing" if r is None else ("malformed" if p is None else "pending")
        for r, p in zip(raw_pc, postcode, strict=True)
    ]

    ethnicity = _check(chk, "ethnicity", text["ethnicity"], _parse_ethnicity)
    ethnicity = [vocab.NOT_STATED if e is None else e for e in ethnicity]
    groups = {**vocab.ETHNICITY_GROUPS, vocab.NOT_STATED: vocab.NOT_STATED}
    ethnic_group = [groups[e] for e in ethnicity]

    rating = _check(chk, "rating", text["rating"], _parse_rating)
    stages = _check(chk, "care_stages", text["care_stages"], _parse_care_stages)
    care_stages = [[] if s is None else list(s) for s in stages]
    first_baby = _check(chk, "first_baby", text["first_baby"], _bool_parser("first_baby"))
    age_band = _check(chk, "age_band", text["age_band"], _parse_age_band)

    columns = {
        "collected_on": collected_on,
        "collected_by": collected_by,
        "collector_ref": text["collector_ref"],
        "venue_id": venue_id,
        "postcode": postcode,
        "postcode_status": status,
        "ethnicity": ethnicity,
        "ethnic_group": ethnic_group,
        "rating": rating,
        "care_stages": care_stages,
        "first_baby": first_baby,
        "age_band": age_band,
        "provider": text["provider"],
        "note": text["note"],
    }
    # ids derive from the values as written, so they do not depend on what the database holds
    basis = {**columns, "venue_id": _lower(text["venue_id"])}
    basis = [v for k, v in basis.items() if k not in ("postcode_status", "ethnic_group")]
    columns["narrative_id"] = _ids(chk, "narratives", text["narrative_id"], basis)
    return columns


def _figure2_names() -> dict[str, str]:
    """category_id -> name from the committed Figure 2 file (messages only; {} when unreadable)."""
    try:
        from insights.coding import codebook

        f2 = codebook.figure2()
        return dict(zip(f2["category_id"], f2["category"], strict=True))
    except Exception:  # wording only: never let it break validation
        return {}


def _excerpts(
    chk: _Checker, text: dict[str, list], ctx: ValidationContext, today: dt.date
) -> dict[str, list]:
    n = len(text["excerpt"])
    narrative_id = _references(
        chk, "narrative_id", text["narrative_id"], ctx.known_narrative_ids, "narrative"
    )
    codes = {_code_key(k): v for k, v in ctx.codes.items()}
    label_keys = sorted(codes)

    def parse_code(value: str) -> tuple[str, str] | _Bad:
        found = codes.get(_code_key(value))
        if found is not None:
            return found
        close = difflib.get_close_matches(_code_key(value), label_keys, n=3, cutoff=0.6)
        shown = []
        for key in close:
            label = ctx.code_labels.get(codes[key][0], key)
            if label not in shown:
                shown.append(label)
        hint = f"; did you mean: {'; '.join(shown)}?" if shown else ""
        return _Bad(f"code '{_short(value)}' is not in the codebook{hint}")

    code = _check(chk, "code", text["code"], parse_code)
    code_id = [None if c is None else c[0] for c in code]
    category_id = [None if c is None else c[1] for c in code]
    theme_id = _check(chk, "theme", text["theme"], _parse_theme)

    allowed = ctx.allowed_themes
    not_allowed = np.fromiter(
        (
            c is not None and t is not None and t not in allowed.get(c, ())
            for c, t in zip(category_id, theme_id, strict=True)
        ),
        dtype=bool,
        count=n,
    )
    if not_allowed.any():
        names = ctx.category_names or _figure2_names()

        def reason(p: int) -> str:
            cat = category_id[p]
            ok = [vocab.THEMES[t][0] for t in vocab.THEMES if t in allowed.get(cat, ())]
            return (
                f"theme {vocab.THEMES[theme_id[p]][0]} is not allowed for category "
                f"'{names.get(cat, cat)}' "
                f"(Figure 2 allows: {', '.join(ok) or 'nothing: the category is not in Figure 2'})"
            )

        chk.add(not_allowed, "theme", text["theme"], reason)
        for p in np.flatnonzero(not_allowed):
            theme_id[p] = None
    care_stage = _check(chk, "care_stage", text["care_stage"], _parse_care_stage)
    columns = {
        "narrative_id": narrative_id,
        "code_id": code_id,
        "category_id": category_id,
        "theme_id": theme_id,
        "care_stage": care_stage,
        "excerpt_text": text["excerpt"],
    }
    basis = {**columns, "narrative_id": _lower(text["narrative_id"])}
    columns["excerpt_id"] = _ids(chk, "excerpts", text["excerpt_id"], list(basis.values()))
    return columns


def _engagement(
    chk: _Checker, text: dict[str, list], ctx: ValidationContext, today: dt.date
) -> dict[str, list]:
    activity_date = _dates(chk, "activity_date", text["activity_date"], today)
    venue_id = _references(chk, "venue_id", text["venue_id"], ctx.known_venue_ids, "venue")
    activity_type = _check(chk, "activity_type", text["activity_type"], _ACTIVITY_TYPE)
    counts: dict[str, list] = {}
    for column in [
        c for c in text if c in ("women_engaged", "narratives_collected", "connectors_present")
    ] + [c for c in text if _PACKS_COLUMN.match(c)]:
        parsed = _parse_column(text[column], _parse_count)
        chk.add(
            parsed.bad,
            column,
            text[column],
            lambda p, c=column, cells=text[column], r=parsed.reasons: (
                f"{c} {r[cells[p]]} (got '{_short(cells[p])}')"
            ),
        )
        counts[column] = [0 if v is None else v for v in parsed.values]
    languages = [(c, _PACKS_COLUMN.match(c).group(1)) for c in counts if _PACKS_COLUMN.match(c)]
    if languages:
        names = [lang for _, lang in languages]
        packs = [
            {lang: v for lang, v in zip(names, row, strict=True) if v > 0}
            for row in zip(*(counts[c] for c, _ in languages), strict=True)
        ]
    else:
        packs = [{} for _ in activity_date]
    columns = {
        "activity_date": activity_date,
        "venue_id": venue_id,
        "activity_type": activity_type,
        "women_engaged": counts["women_engaged"],
        "narratives_collected": counts["narratives_collected"],
        "connectors_present": counts["connectors_present"],
        "note": text["note"],
        "packs": packs,
    }
    basis = {**columns, "venue_id": _lower(text["venue_id"])}
    columns["entry_id"] = _ids(chk, "engagement", text["entry_id"], list(basis.values()))
    return columns


def _meant_columns(
    kind: str, unknown: list[str], by_name: dict[str, int], raw: pd.DataFrame
) -> dict[str, str]:
    """Unknown columns holding values that are surely a template column misnamed, each -> what it should
    be called: 'Rating (1-10)' when there is no 'rating' column, 'Packs Türkçe' in an engagement file.
    Ignoring them (with only a warning) would drop every value in them from the import."""
    out: dict[str, str] = {}
    for name in unknown:
        if not any(v is not None and str(v).strip() for v in raw.iloc[:, by_name[name]].tolist()):
            continue
        if kind == "engagement" and name.startswith("packs"):
            out[name] = "packs_<language>"
            continue
        for column in column_names(kind):
            if column not in by_name and name.startswith(column + "_"):
                out[name] = column
                break
    return out


def _misnamed(name: str, wanted: str) -> str:
    if wanted == "packs_<language>":
        return (
            f"the column '{_short(name)}' holds values but is not a packs column the import can read: name it "
            "packs_ and the language in plain letters a-z (e.g. packs_turkish), or delete it"
        )
    return (
        f"the column '{_short(name)}' holds values but is not named like a template column: if it is "
        f"{wanted}, name it {wanted}; otherwise delete it (its values would not be imported)"
    )


_RULES = {"venues": _venues, "narratives": _narratives, "excerpts": _excerpts, "engagement": _engagement}


# --------------------------------------------------------------------------------------------
# Entry point


def validate(kind: str, raw: pd.DataFrame, context: ValidationContext | None = None) -> Validated:
    """Check every row of `raw` (from read_table) against the template of `kind`."""
    if kind not in TEMPLATES:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    ctx = context or ValidationContext()
    today = ctx.today or dt.date.today()
    rows = _row_numbers(raw)
    n = len(raw)
    chk = _Checker(rows, ctx.earliest or config.earliest_date())
    chk.warnings.extend(raw.attrs.get("read_warnings", []))  # e.g. read as Windows-1252

    names = [normalise_header(c) if c != EXTRA_CELLS_COLUMN else c for c in raw.columns]
    by_name: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in by_name:
            chk.file_error(f"the column '{name}' appears more than once; keep one")
        by_name.setdefault(name, i)

    template = column_names(kind)
    unknown = [
        c
        for c in by_name
        if c not in template
        and c != EXTRA_CELLS_COLUMN
        and not (kind == "engagement" and _PACKS_COLUMN.match(c))
    ]
    meant = _meant_columns(kind, unknown, by_name, raw)
    for name, wanted in meant.items():
        chk.file_error(_misnamed(name, wanted))
    unknown = [c for c in unknown if c not in meant]
    if unknown:
        chk.file_warning(
            f"ignored {'a column' if len(unknown) == 1 else 'columns'} not in the {kind} template: "
            + ", ".join(unknown)
        )
    missing = [c for c in required_columns(kind) if c not in by_name and c not in meant.values()]
    if missing:
        looks_like = [k for k in KINDS if k != kind and all(c in by_name for c in required_columns(k))]
        hint = f"; this looks like a {looks_like[0]} file" if looks_like else ""
        chk.file_error(
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} "
            f"(the {kind} template's columns are: {', '.join(template)}){hint}"
        )
    if kind == "excerpts" and not chk.errors:
        if not ctx.codes:
            chk.file_error("the codebook is not loaded, so codes cannot be checked; load the codebook first")
        elif not ctx.allowed_themes:
            chk.file_error(
                "Figure 2 (which themes each category allows) is not loaded; load the codebook first"
            )
    if chk.errors:
        return Validated(kind, _empty_frame(kind), chk.errors, chk.warnings, n, rows.tolist())
    if n == 0:
        chk.file_warning("the file has a header row but no data rows")
        return Validated(kind, _empty_frame(kind), [], chk.warnings, 0, [])

    text: dict[str, list] = {}
    for column in template:
        text[column] = _cells(raw.iloc[:, by_name[column]]) if column in by_name else [None] * n
    if kind == "engagement":
        for name, i in by_name.items():
            if _PACKS_COLUMN.match(name) and name not in text:
                text[name] = _cells(raw.iloc[:, i])

    if EXTRA_CELLS_COLUMN in by_name:
        extra = _cells(raw.iloc[:, by_name[EXTRA_CELLS_COLUMN]])
        has = np.fromiter((e is not None for e in extra), dtype=bool, count=n)
        chk.add(
            has, "", extra, "row has more cells than the header row has columns (check for a stray delimiter)"
        )
    chk.read_errors(raw.attrs.get("read_errors", []))  # e.g. a CSV row with too few cells
    for column in required_columns(kind):
        _required(chk, column, text[column])
    _lengths(chk, kind, text)

    columns = _RULES[kind](chk, text, ctx, today)
    columns["source_row"] = rows.tolist()
    keep = ~chk.bad
    frame = _frame(kind, columns, keep)

    order = {c: i for i, c in enumerate(["", *template])}
    chk.errors.sort(key=lambda i: (i.row, order.get(i.column, len(order))))
    chk.warnings.sort(key=lambda i: (i.row, order.get(i.column, len(order))))
    return Validated(kind, frame, chk.errors, chk.warnings, n, rows.tolist())
