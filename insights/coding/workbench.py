"""The coding workbench: a note split into sentences with verbatim offsets, excerpt spans, and saving.

A note is split into sentences whose (start, end) character offsets index the note exactly, so an
excerpt is always `note[start:end]`. Excerpts can be widened or narrowed by words, or typed in an
edit box, but only a verbatim span of the note is accepted. `save_coding` is the ONE function that
writes coded excerpts from the Coding page: the rows go through the importer's own validation,
anonymisation, audit and single transaction (insights.ingest.load), recorded as an import of kind
'coding' with the coder's name, so they show in the import history and can be withdrawn like one.
No Streamlit here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from insights.access import audit
from insights.ingest import load as ingest
from insights.ingest.frame import RowIssue
from insights.vocab import CARE_STAGES, THEMES

#: The kind recorded in `imports` for a save from the Coding page.
IMPORT_KIND = "coding"
FILE_NAME = "Coding page: narrative {narrative_id}"

#: Words whose full stop never ends a sentence (lower case, without the final stop). Words that often
#: end one ("etc.", "wks.") are left out: a hurried note's next sentence may start in lower case.
ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "st",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "approx",
        "vs",
        "cf",
        "incl",
        "esp",
    }
)
_OPENERS = "\"'“‘(["
_CLOSERS = "\"'”’)]"
#: Candidate ends: . ! ? … (possibly repeated), then closing quotes/brackets; or ; or a line break.
_END = re.compile(r"(?:[.!?…]+[" + re.escape(_CLOSERS) + r"]*)(?=\s|$)|;(?=\s)|\n")


class CodingError(ValueError):
    """A coding choice that cannot be saved; the message is for people."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a note: `note[start:end] == text`."""

    start: int
    end: int
    text: str


def _strip_span(note: str, start: int, end: int) -> tuple[int, int]:
    while start < end and note[start].isspace():
        start += 1
    while end > start and note[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(note: str, match: re.Match) -> bool:
    """Whether a candidate end really ends a sentence (not 'Dr.', 'e.g.', 'J.' or '"why?" she said')."""
    mark = match.group(0)
    if mark in ("\n", ";"):
        return True
    word = re.search(r"(\S+)$", note[: match.start()])
    raw = word.group(1).lstrip(_OPENERS) if word else ""
    token = raw.lower()
    rest = note[match.end() :].lstrip(" \t")
    if mark == ".":
        if token in ABBREVIATIONS:
            return False
        if len(raw) == 1 and raw.isalpha() and raw.isupper() and rest[:1].isupper():
            return False  # an initial: "J. Smith"
        if "." in token and rest[:1].islower():
            return False  # "N.H.S. said", "a.m. she"
    if not rest:
        return True
    return not (mark[-1] in _CLOSERS and rest[0].islower())  # '"why me?" she asked' goes on


def split_sentences(note: str | None) -> list[Sentence]:
    """The note's sentences with verbatim offsets (blank pieces dropped; never loses a word).

    Ends at . ! ? … (after any closing quote or bracket), at '; ' and at line breaks, also when the
    next word starts in lower case (hurried notes), but not after an abbreviation ('approx.', 'Dr.',
    'e.g.'), an initial, or a quoted question followed by 'she said'.
    """
    text = note or ""
    out: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        end = match.end() if match.group(0) != "\n" else match.start()
        s, e = _strip_span(text, start, end)
        if e > s:
            out.append(Sentence(s, e, text[s:e]))
        start = match.end()
    s, e = _strip_span(text, start, len(text))
    if e > s:
        out.append(Sentence(s, e, text[s:e]))
    return out


def _words(note: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", note)]


def adjust_span(note: str, start: int, end: int, start_words: int = 0, end_words: int = 0) -> tuple[int, int]:
    """Move an excerpt's edges by whole words: positive widens (start earlier, end later), negative narrows.

    An edge not moved stays where it is; the result always holds at least one word of the note.
    """
    if not 0 <= start < end <= len(note):
        raise CodingError("the excerpt is not inside the note")
    words = _words(note)
    inside = [i for i, (s, e) in enumerate(words) if e > start and s < end]
    if not inside:
        raise CodingError("the excerpt holds no words")
    first, last = inside[0], inside[-1]
    new_start, new_end = start, end
    if start_words:
        first = min(max(first - start_words, 0), last)
        new_start = words[first][0]
    if end_words:
        last = max(min(last + end_words, len(words) - 1), first)
        new_end = words[last][1]
    return _strip_span(note, new_start, new_end)


def locate(note: str, text: str, near: int = 0) -> tuple[int, int]:
    """Where an edited excerpt sits in the note, word for word (the occurrence nearest `near`).

    Raises CodingError when the text is blank or not a verbatim span of the note.
    """
    wanted = (text or "").strip()
    if not wanted:
        raise CodingError("The excerpt is empty: keep at least one word of the note.")
    found = [m.start() for m in re.finditer(re.escape(wanted), note or "")]
    if not found:
        raise CodingError(
            "The excerpt must be copied word for word from the note (same spelling and punctuation); "
            "this wording is not in it, so it was not changed."
        )
    best = min(found, key=lambda i: abs(i - near))
    return best, best + len(wanted)


# --- choices and saving ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One excerpt to save: a verbatim span of the note, its code, theme and optional care stage."""

    start: int
    end: int
    code_id: str
    theme_id: str
    care_stage: str | None = None


@dataclass
class SaveResult:
    """What one save did (or why nothing was saved)."""

    narrative_id: str
    saved: list[dict] = field(default_factory=list)  # excerpt, code, theme, care stage
    errors: list[str] = field(default_factory=list)
    result: ingest.ImportResult | None = None

    @property
    def ok(self) -> bool:
        """True when the excerpts were written."""
        return self.result is not None and not self.errors

    def summary(self) -> str:
        """One plain sentence."""
        if not self.ok:
            return f"Nothing was saved for narrative {self.narrative_id}."
        n = len(self.saved)
        return (
            f"Saved {n} coded excerpt{'s' if n != 1 else ''} for narrative {self.narrative_id} "
            f"(import {self.result.import_id})."
        )


def _row_frame(narrative_id: str, note: str, choices: list[Choice]) -> tuple[pd.DataFrame, list[str]]:
    """The choices as rows of the excerpts template, and the problems found before validation."""
    problems: list[str] = []
    rows = []
    seen = set()
    for i, c in enumerate(choices, start=1):
        if not (0 <= c.start < c.end <= len(note)):
            problems.append(f"Excerpt {i} is not inside the note.")
            continue
        text = note[c.start : c.end]
        if not text.strip():
            problems.append(f"Excerpt {i} is empty.")
            continue
        if c.theme_id not in THEMES:
            problems.append(f"Excerpt {i}: choose a theme.")
            continue
        if c.care_stage is not None and c.care_stage not in CARE_STAGES:
            problems.append(f"Excerpt {i}: '{c.care_stage}' is not a care stage.")
            continue
        key = (c.code_id, c.theme_id, c.care_stage, text)
        if key in seen:
            continue  # the same excerpt coded the same way twice is saved once
        seen.add(key)
        rows.append(
            {
                "excerpt_id": None,
                "narrative_id": narrative_id,
                "code": c.code_id,
                "theme": THEMES[c.theme_id][0],
                "care_stage": c.care_stage,
                "excerpt": text,
            }
        )
    return pd.DataFrame(
        rows, columns=["excerpt_id", "narrative_id", "code", "theme", "care_stage", "excerpt"], dtype=object
    ), problems


def _describe(issue: RowIssue) -> str:
    where = f"Excerpt {issue.row - 1}" if issue.row else "The coding"
    return f"{where}: {issue.reason}"


def save_coding(
    con: duckdb.DuckDBPyConnection,
    narrative_id: str,
    choices: list[Choice],
    user: str,
    role: str | None = None,
) -> SaveResult:
    """Write a narrative's coding (THE one writer of coded excerpts for the Coding page).

    Validated, anonymised and written in one transaction exactly like an imported excerpts file,
    with an `imports` record of kind 'coding' (undoable from the Data page) and an audit row. Refused
    (nothing written) when a choice is invalid, when there is nothing to save, or when the narrative
    has been coded meanwhile.
    """
    if not user or not str(user).strip():
        raise ValueError("say who is coding")
    out = SaveResult(narrative_id)
    row = con.execute("select note from narratives where narrative_id = $id", {"id": narrative_id}).fetchone()
    if row is None:
        out.errors.append(f"There is no narrative {narrative_id}.")
        return out
    note = row[0] or ""
    frame, problems = _row_frame(narrative_id, note, list(choices))
    if problems:
        out.errors += problems
        return out
    if frame.empty:
        out.errors.append("Choose a code for at least one sentence before saving.")
        return out
    already = con.execute(
        "select count(*) from coded_excerpts where narrative_id = $id", {"id": narrative_id}
    ).fetchone()[0]
    if already:
        out.errors.append(
            f"Narrative {narrative_id} has been coded meanwhile ({already} excerpts); it has left the queue."
        )
        return out
    digest = hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
    checked = ingest.check_frame(con, "excerpts", frame, FILE_NAME.format(narrative_id=narrative_id), digest)
    validated = checked.validated
    if validated.errors:
        out.errors += [_describe(issue) for issue in validated.errors]
        return out
    stored = validated.frame

    def record_audit(write: duckdb.DuckDBPyConnection, result: ingest.ImportResult) -> None:
        # Inside the write transaction: if someone else coded this narrative meanwhile, roll back.
        others = write.execute(
            "select count(*) from coded_excerpts where narrative_id = $id and import_id <> $imp",
            {"id": narrative_id, "imp": result.import_id},
        ).fetchone()[0]
        if others:
            raise CodingError(f"Narrative {narrative_id} has been coded meanwhile; it has left the queue.")
        audit.record(
            write,
            user,
            "coding_save",
            role=role,
            object_type="narratives",
            object_id=narrative_id,
            details={
                "import_id": result.import_id,
                "excerpts": int(len(stored)),
                "codes": sorted({str(c) for c in stored["code_id"]}),
            },
        )

    try:
        out.result = ingest.commit(
            con, checked, user=user, role=role, on_commit=record_audit, record_kind=IMPORT_KIND
        )
    except CodingError as exc:
        out.errors.append(str(exc))
        return out
    out.saved = [
        {
            "excerpt": r.excerpt_text,
            "code_id": r.code_id,
            "theme_id": r.theme_id,
            "care_stage": r.care_stage,
        }
        for r in stored.itertuples(index=False)
    ]
    return out
