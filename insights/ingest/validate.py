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
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from insights import config, vocab
from insights.ingest.checks import (
    _cells,
    _check,
    _Checker,
    _error_values,
    _lower,
    _parse_column,
    _references,
    _required,
    _row_numbers,
    _serial_column,
)
from insights.ingest.dates import _dates
from insights.ingest.frame import _PACKS_COLUMN, EXTRA_CELLS_COLUMN, RowIssue, _short, normalise_header
from insights.ingest.parsers import (
    _ACTIVITY_TYPE,
    _COLLECTED_BY,
    _VENUE_TYPE,
    _Bad,
    _bool_parser,
    _code_key,
    _parse_age_band,
    _parse_care_stage,
    _parse_care_stages,
    _parse_count,
    _parse_ethnicity,
    _parse_rating,
    _parse_theme,
)
from insights.ingest.templates import KINDS, TEMPLATES, column_names, required_columns
from insights.output.textsafe import visible
from insights.reference.geography import normalise_postcode

#: Longest text accepted per column (characters); every other free-text column allows DEFAULT_TEXT_LIMIT.
TEXT_LIMITS = {"note": 20_000, "excerpt": 5_000}
DEFAULT_TEXT_LIMIT = 200
#: Largest whole number accepted in a count column (keeps values inside a 32-bit integer).

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
    _hidden_in_ids(chk, column, cells)
    _rounded_ids(chk, column, cells)
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


def _hidden_in_ids(chk: _Checker, column: str, cells: list) -> None:
    """An id holding a character that does not show (a zero-width space, a right-to-left mark, a line
    separator, a no-break space) is an error on its row: it looks like the id the officer typed but is
    another key, so importing the file again without it would make a second row (before 2026-12-03 it
    was imported as it was)."""
    odd = np.fromiter(
        (value is not None and not value.isprintable() for value in cells), dtype=bool, count=len(cells)
    )
    if not odd.any():
        return

    def reason(p: int) -> str:
        char = next(c for c in cells[p] if not c.isprintable())
        name = unicodedata.name(char, "a control character").lower()
        return (
            f"{column} {visible(cells[p])} holds a character that does not show (U+{ord(char):04X}, {name}), "
            f"so it is a different id from the one you see: retype the {column} and upload again"
        )

    chk.add(odd, column, cells, reason)


#: Excel's "General" format writes a long number as "1.23457E+15" in a cell and in a saved CSV.
_SCIENTIFIC = re.compile(r"[+-]?\d(?:\.\d+)?[eE]\+?\d{1,3}")


def rounded_by_excel(value: str) -> bool:
    """An id that Excel has already changed: written in scientific notation ("1.23457E+15"), or a whole
    number of 16 or more digits that is what Excel keeps of one (15 significant digits, then zeros, or the
    binary double a workbook stores for such a number: "1234567890123460096")."""
    if _SCIENTIFIC.fullmatch(value):
        return True
    if len(value) < 16 or not value.isdigit():
        return False
    number = int(value)
    if value[15:].strip("0") == "":
        return True
    kept = float(f"{number:.15g}")
    return kept.is_integer() and int(kept) == number


def _rounded_ids(chk: _Checker, column: str, cells: list) -> None:
    """An id that Excel rounded is an error on its row (before 2026-12-03 it was imported as it was): the
    digits it lost cannot be told from the file, so two women's ids may have become one, or the id no
    longer matches the one in the officer's other records."""
    odd = np.fromiter(
        (value is not None and value[-1:].isdigit() and rounded_by_excel(value) for value in cells),
        dtype=bool,
        count=len(cells),
    )
    if not odd.any():
        return
    chk.add(
        odd,
        column,
        cells,
        lambda p: (
            f"{column} {visible(cells[p])} looks rounded by Excel (it keeps only 15 digits of a number): "
            f"format the {column} column as Text, type the full ids again and upload again"
        ),
    )


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
    chk.date1904 = bool(raw.attrs.get("date1904"))
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
    shown_errors = _error_values(chk, text, raw.attrs.get("read_errors", []))
    for column in required_columns(kind):
        _required(chk, column, text[column], skip=shown_errors.get(column))
    _lengths(chk, kind, text)

    columns = _RULES[kind](chk, text, ctx, today)
    columns["source_row"] = rows.tolist()
    keep = ~chk.bad
    frame = _frame(kind, columns, keep)

    order = {c: i for i, c in enumerate(["", *template])}
    chk.errors.sort(key=lambda i: (i.row, order.get(i.column, len(order))))
    chk.warnings.sort(key=lambda i: (i.row, order.get(i.column, len(order))))
    return Validated(kind, frame, chk.errors, chk.warnings, n, rows.tolist())
