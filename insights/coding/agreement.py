"""Agreement between coders: a blind second coding of a sample, its statistics, and settling disagreements.

1. `draw_sample`: the officer draws N already-coded narratives (seeded, reproducible, optionally within
   the shared filters) for a named second coder. The first coding of each drawn narrative is copied into
   `agreement_first_excerpts` as it stands at the draw, so the statistics always compare the two codings
   the coders actually made, however the coding of record changes afterwards.
2. `save_second_coding`: the second coder codes each assigned narrative blind. Nothing they are shown
   (`note_for_coder`, queries/agreement_my_assignments.sql, queries/agreement_second_excerpts.sql) reads
   the first coding. Their excerpts (verbatim spans of the note, a code, a theme Figure 2 allows) are
   stored in `agreement_excerpts`, apart from coded_excerpts, with the coder and the time.
3. `compare` / `statistics`: at the narrative-by-category level (a category is present for a coder when
   any of that coder's excerpts carries a code of that category), per category and overall (all
   narrative x category cells pooled): percentage agreement, Cohen's kappa and Krippendorff's alpha
   (nominal, two coders, no missing values). Kappa is undefined when neither coder varied (both gave
   every narrative the same answer), alpha when no value other than one was used: said, never divided
   by zero.
4. `disagreements` lists each disagreement with both coders' excerpts side by side; `settle` applies the
   officer's decisions to the coding of record in ONE audited transaction: the category's excerpts of
   record are kept or removed, the second coder's are added (anonymised as an import would), and each
   decision is kept in `agreement_settlements` with the whole rows it removed and added.

Every write to coded_excerpts goes through `write_coded_excerpts`. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field
from fractions import Fraction

import duckdb
import pandas as pd

import queries
from insights.access import audit
from insights.access.roles import CODER, OFFICER
from insights.analysis import aggregates
from insights.analysis.filters import Filters
from insights.coding import workbench
from insights.store.db import transaction

#: Settlement outcomes: the category is absent (the record's excerpts in it removed), or present with the
#: first coder's excerpts (the record as it is), the second coder's (replacing the record's) or both.
OUTCOMES = {
    "absent": "Absent: the category is not in this narrative",
    "first": "Present: keep the first coding's excerpts",
    "second": "Present: use the second coder's excerpts",
    "both": "Present: keep both coders' excerpts",
}
MAX_SAMPLE = 500
MAX_EXCERPT = 2_000


class AgreementError(ValueError):
    """A request the agreement workflow refuses; the message says why, in plain English."""


class NotAllowed(PermissionError):
    """The role (or user) may not do this."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _need(role: str | None, *allowed: str) -> None:
    if role not in allowed:
        raise NotAllowed("This part of agreement between coders is for the engagement officer only.")


# --- sentences ---------------------------------------------------------------------------------------


def sentences(note: str | None) -> list[tuple[int, int, str]]:
    """The note's sentences as (start, end, text): verbatim spans, so `note[start:end] == text`.

    The Coding page's splitter (insights.coding.workbench.split_sentences), so both coders see the
    note cut the same way.
    """
    return [(s.start, s.end, s.text) for s in workbench.split_sentences(note)]


# --- statistics (pure) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A 2x2 agreement table: both present, first only, second only, neither."""

    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def n(self) -> int:
        """Units compared."""
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def agreement(self) -> float | None:
        """Share of units the coders agree on (None when there are none)."""
        return (self.both + self.neither) / self.n if self.n else None

    def kappa(self) -> tuple[float | None, str]:
        """Cohen's kappa and, when it is undefined, why."""
        n = self.n
        if n == 0:
            return None, "nothing compared yet"
        a, b, c, d = self.both, self.first_only, self.second_only, self.neither
        observed = Fraction(a + d, n)
        expected = Fraction((a + b) * (a + c) + (c + d) * (b + d), n * n)
        if expected == 1:  # both coders gave every unit the same single answer
            said = "present" if a else "absent"
            return None, f"undefined: neither coder varied (both marked it {said} every time)"
        return float((observed - expected) / (1 - expected)), ""

    def alpha(self) -> tuple[float | None, str]:
        """Krippendorff's alpha (nominal, two coders, no missing values) and, when undefined, why."""
        n = self.n
        if n == 0:
            return None, "nothing compared yet"
        disagree = self.first_only + self.second_only
        present = 2 * self.both + disagree  # values 'present' among the 2n values given
        absent = 2 * self.neither + disagree
        if present == 0 or absent == 0:
            said = "present" if present else "absent"
            return None, f"undefined: only one value was ever given ({said})"
        return 1 - (2 * n - 1) * disagree / (present * absent), ""


def table_of(first: pd.Series, second: pd.Series) -> Table:
    """The 2x2 table of two aligned boolean series."""
    f = first.astype(bool).to_numpy()
    s = second.astype(bool).to_numpy()
    return Table(int((f & s).sum()), int((f & ~s).sum()), int((~f & s).sum()), int((~f & ~s).sum()))


def strength(kappa: float | None) -> str:
    """Landis and Koch's words for a kappa (a convention, not a test)."""
    if kappa is None:
        return ""
    for limit, word in (
        (0.0, "poor"),
        (0.2, "slight"),
        (0.4, "fair"),
        (0.6, "moderate"),
        (0.8, "substantial"),
    ):
        if kappa <= limit:
            return word
    return "almost perfect"


@dataclass
class Agreement:
    """Agreement statistics of one comparison."""

    narratives: int
    overall: Table
    by_category: pd.DataFrame = field(repr=False)

    def overall_row(self) -> dict:
        """Overall agreement, kappa and alpha with their notes."""
        kappa, k_note = self.overall.kappa()
        alpha, a_note = self.overall.alpha()
        return {
            "narratives": self.narratives,
            "cells": self.overall.n,
            "agreement": self.overall.agreement,
            "kappa": kappa,
            "kappa_note": k_note,
            "kappa_strength": strength(kappa),
            "alpha": alpha,
            "alpha_note": a_note,
            "disagreements": self.overall.first_only + self.overall.second_only,
        }


def statistics(presence: pd.DataFrame) -> Agreement:
    """Per category and overall statistics from narrative x category presence rows.

    `presence` has columns narrative_id, category_id, first_present, second_present (category and
    sort_order are kept when present): one row per compared narrative and category.
    """
    rows = []
    if len(presence):
        order = ["category_id", *(c for c in ("category", "sort_order") if c in presence.columns)]
        for keys, group in presence.groupby(order, sort=False, dropna=False):
            keys = keys if isinstance(keys, tuple) else (keys,)
            t = table_of(group["first_present"], group["second_present"])
            kappa, k_note = t.kappa()
            alpha, a_note = t.alpha()
            rows.append(
                {
                    **dict(zip(order, keys, strict=True)),
                    "narratives": t.n,
                    "both": t.both,
                    "first_only": t.first_only,
                    "second_only": t.second_only,
                    "neither": t.neither,
                    "agreement": t.agreement,
                    "kappa": kappa,
                    "kappa_note": k_note,
                    "alpha": alpha,
                    "alpha_note": a_note,
                }
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "category_id",
            "category",
            "sort_order",
            "narratives",
            "both",
            "first_only",
            "second_only",
            "neither",
            "agreement",
            "kappa",
            "kappa_note",
            "alpha",
            "alpha_note",
        ],
    )
    overall = (
        table_of(presence["first_present"], presence["second_present"])
        if len(presence)
        else Table(0, 0, 0, 0)
    )
    n = int(presence["narrative_id"].nunique()) if len(presence) else 0
    return Agreement(n, overall, frame)


# --- drawing a sample --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A drawn sample."""

    sample_id: str
    second_coder: str
    narrative_ids: tuple[str, ...]
    seed: int
    eligible: int


def eligible(con: duckdb.DuckDBPyConnection, second_coder: str, filters: Filters | None = None) -> list[str]:
    """Coded narratives in the selection not yet drawn for this second coder, sorted."""
    frame = queries.run(
        con,
        "agreement_eligible_narratives",
        **(filters or Filters()).params(),
        second_coder=second_coder.strip(),
    )
    return sorted(frame["narrative_id"].tolist())


def draw_sample(
    con: duckdb.DuckDBPyConnection,
    size: int,
    second_coder: str,
    *,
    seed: int,
    user: str,
    role: str | None,
    filters: Filters | None = None,
) -> Sample:
    """Draw `size` coded narratives at random (seeded) for a second coder; audited, one transaction."""
    _need(role, OFFICER)
    coder = (second_coder or "").strip()
    if not coder:
        raise AgreementError("Name the second coder (the user name they sign in with).")
    if len(coder) > audit.MAX_DETAIL_TEXT:
        raise AgreementError("The second coder's user name is too long.")
    if not 1 <= int(size) <= MAX_SAMPLE:
        raise AgreementError(f"Choose between 1 and {MAX_SAMPLE} narratives.")
    now = _now()
    sample_id = f"S{now:%Y%m%d%H%M%S%f}"
    with transaction(con):
        pool = eligible(con, coder, filters)
        if len(pool) < size:
            raise AgreementError(
                f"Only {len(pool)} coded narratives in this selection have not been given to {coder} "
                f"before: choose at most {len(pool)}, or widen the selection."
            )
        chosen = sorted(random.Random(int(seed)).sample(pool, int(size)))
        selection = json.dumps((filters or Filters()).to_query(), sort_keys=True)
        con.execute(
            "insert into agreement_samples values ($id, $at, $by, $coder, $size, $seed, $selection)",
            {
                "id": sample_id,
                "at": now,
                "by": user.strip(),
                "coder": coder,
                "size": int(size),
                "seed": int(seed),
                "selection": selection,
            },
        )
        con.execute(
            "insert into agreement_assignments select $id, unnest($ids::varchar[]), $coder, null",
            {"id": sample_id, "ids": chosen, "coder": coder},
        )
        con.execute(
            """
            insert into agreement_first_excerpts
            select $id, e.narrative_id, e.excerpt_id, e.code_id, c.category_id, e.theme_id, e.excerpt_text
            from coded_excerpts as e
            inner join codes as c on c.code_id = e.code_id
            where list_contains($ids::varchar[], e.narrative_id)
            """,
            {"id": sample_id, "ids": chosen},
        )
        audit.record(
            con,
            user,
            "agreement_sample",
            role=role,
            object_type="agreement_sample",
            object_id=sample_id,
            details={
                "second_coder": coder,
                "narratives": len(chosen),
                "seed": int(seed),
                "eligible": len(pool),
            },
        )
    return Sample(sample_id, coder, tuple(chosen), int(seed), len(pool))


# --- the blind second coding -------------------------------------------------------------------------


@dataclass(frozen=True)
class SecondExcerpt:
    """One excerpt of the second coder: a verbatim span of the note with a code and a theme."""

    code_id: str
    theme_id: str
    excerpt_text: str
    care_stage: str | None = None


def note_for_coder(
    con: duckdb.DuckDBPyConnection, sample_id: str, narrative_id: str, coder: str, role: str | None
) -> dict | None:
    """The note of a narrative assigned to this coder (never its first coding), or None if not theirs."""
    _need(role, OFFICER, CODER)
    frame = queries.run(
        con,
        "agreement_note",
        _restricted_ok=True,
        sample_id=sample_id,
        narrative_id=narrative_id,
        coder=coder.strip(),
    )
    if frame.empty:
        return None
    row = frame.iloc[0]
    stages = row["care_stages"]
    return {
        "narrative_id": row["narrative_id"],
        "note": row["note"] or "",
        "care_stages": [] if stages is None else list(stages),
    }


def _allowed(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, set[str]]]:
    """code_id -> (category_id, theme ids Figure 2 allows), from the database's codebook."""
    frame = queries.run(con, "agreement_codebook")
    out: dict[str, tuple[str, set[str]]] = {}
    for row in frame.itertuples(index=False):
        out.setdefault(row.code_id, (row.category_id, set()))[1].add(row.theme_id)
    return out


def check_excerpts(
    con: duckdb.DuckDBPyConnection, note: str, excerpts: list[SecondExcerpt]
) -> list[tuple[SecondExcerpt, str]]:
    """Each excerpt with its category; raises AgreementError listing every problem found."""
    allowed = _allowed(con)
    themes = dict(con.execute("select theme_id, name from themes").fetchall())
    problems, out, seen = [], [], set()
    for i, x in enumerate(excerpts, start=1):
        text = (x.excerpt_text or "").strip()
        if x.code_id not in allowed:
            problems.append(f"excerpt {i}: the code {x.code_id!r} is not in the codebook")
            continue
        category, themes_ok = allowed[x.code_id]
        if x.theme_id not in themes_ok:
            names = ", ".join(sorted(themes.get(t, t) for t in themes_ok))
            problems.append(
                f"excerpt {i}: theme {themes.get(x.theme_id, x.theme_id)} is not allowed for this code (use {names})"
            )
        if not text:
            problems.append(f"excerpt {i}: the excerpt is empty")
        elif len(text) > MAX_EXCERPT:
            problems.append(f"excerpt {i}: the excerpt is longer than {MAX_EXCERPT} characters")
        elif text not in note:
            problems.append(f"excerpt {i}: the excerpt is not word for word in the note")
        if (x.code_id, text) in seen:
            problems.append(f"excerpt {i}: the same excerpt with the same code is there twice")
        seen.add((x.code_id, text))
        out.append((SecondExcerpt(x.code_id, x.theme_id, text, x.care_stage or None), category))
    if problems:
        raise AgreementError("Nothing was saved. " + "; ".join(problems) + ".")
    return out


def save_second_coding(
    con: duckdb.DuckDBPyConnection,
    sample_id: str,
    narrative_id: str,
    coder: str,
    excerpts: list[SecondExcerpt],
    role: str | None,
) -> int:
    """Save (or replace) the second coder's coding of one assigned narrative; audited, one transaction.

    An empty list is a valid coding (no category in this narrative). Returns the excerpts stored.
    """
    _need(role, OFFICER, CODER)
    coder = (coder or "").strip()
    with transaction(con):
        found = note_for_coder(con, sample_id, narrative_id, coder, role)
        if found is None:
            raise AgreementError(f"Narrative {narrative_id} is not in your sample to code.")
        settled = con.execute(
            "select count(*) from agreement_settlements where sample_id = $s and narrative_id = $n",
            {"s": sample_id, "n": narrative_id},
        ).fetchone()[0]
        if settled:
            raise AgreementError(
                f"The officer has already settled disagreements on narrative {narrative_id}: its coding can no "
                "longer change."
            )
        checked = check_excerpts(con, found["note"], excerpts)
        now = _now()
        con.execute(
            "delete from agreement_excerpts where sample_id = $s and narrative_id = $n and coder = $c",
            {"s": sample_id, "n": narrative_id, "c": coder},
        )
        for x, category in checked:
            con.execute(
                "insert into agreement_excerpts values ($id, $s, $n, $c, $code, $cat, $theme, $stage, $text, $at)",
                {
                    "id": f"AX{uuid.uuid4().hex[:16]}",
                    "s": sample_id,
                    "n": narrative_id,
                    "c": coder,
                    "code": x.code_id,
                    "cat": category,
                    "theme": x.theme_id,
                    "stage": x.care_stage,
                    "text": x.excerpt_text,
                    "at": now,
                },
            )
        con.execute(
            "update agreement_assignments set finished_at = $at where sample_id = $s and narrative_id = $n",
            {"at": now, "s": sample_id, "n": narrative_id},
        )
        audit.record(
            con,
            coder,
            "agreement_coding",
            role=role,
            object_type="agreement_sample",
            object_id=sample_id,
            details={"narrative_id": narrative_id, "excerpts": len(checked)},
        )
    return len(checked)


# --- comparing ---------------------------------------------------------------------------------------


def compare(con: duckdb.DuckDBPyConnection, sample_id: str) -> Agreement:
    """Statistics of one sample over the narratives its second coder has finished."""
    return statistics(queries.run(con, "agreement_presence", sample_id=sample_id))


def disagreements(con: duckdb.DuckDBPyConnection, sample_id: str, role: str | None) -> pd.DataFrame:
    """Each disagreement with both coders' excerpts side by side (officer only: women's own words)."""
    _need(role, OFFICER)
    return queries.run(con, "agreement_disagreements", _restricted_ok=True, sample_id=sample_id)


# --- settling ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The officer's decision on one disagreement (narrative x category) of a sample."""

    narrative_id: str
    category_id: str
    outcome: str  # a key of OUTCOMES
    note: str = ""


@dataclass
class Settled:
    """What settling did to the coding of record."""

    settled: int
    removed: int
    added: int
    anonymiser_error: str | None = None

    def summary(self) -> str:
        """One plain-English line."""
        return (
            f"{self.settled} disagreement{'s' if self.settled != 1 else ''} settled: {self.removed} excerpts "
            f"removed from the coding of record and {self.added} added."
            + (
                " The added excerpts could not be anonymised yet (they stay hidden from quotes)."
                if self.anonymiser_error
                else ""
            )
        )


def _record_rows(con: duckdb.DuckDBPyConnection, narrative_id: str, category_id: str) -> list[dict]:
    """The coding of record's excerpts of one narrative in one category (whole rows)."""
    frame = con.execute(
        """
        select e.*
        from coded_excerpts as e
        inner join codes as c on c.code_id = e.code_id
        where e.narrative_id = $n and c.category_id = $cat
        order by e.excerpt_id
        """,
        {"n": narrative_id, "cat": category_id},
    ).df()
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def _second_rows(
    con: duckdb.DuckDBPyConnection, sample_id: str, narrative_id: str, category_id: str
) -> list[dict]:
    frame = con.execute(
        """
        select x.agreement_excerpt_id, x.narrative_id, x.code_id, x.theme_id, x.care_stage, x.excerpt_text
        from agreement_excerpts as x
        inner join agreement_assignments as a
            on a.sample_id = x.sample_id and a.narrative_id = x.narrative_id and a.coder = x.coder
        where x.sample_id = $s and x.narrative_id = $n and x.category_id = $cat
        order by x.coded_at, x.agreement_excerpt_id
        """,
        {"s": sample_id, "n": narrative_id, "cat": category_id},
    ).df()
    return frame.to_dict(orient="records")


def write_coded_excerpts(
    con: duckdb.DuckDBPyConnection,
    remove: list[str],
    add: pd.DataFrame,
    known: tuple[dict[str, str], str] | None = None,
) -> dict:
    """THE write to coded_excerpts of this module (call inside the caller's transaction).

    Deletes the excerpts `remove` names, inserts the rows of `add` (excerpt_id, narrative_id, code_id,
    theme_id, care_stage, excerpt_text, import_id), anonymises the added ones as an import does, and
    rebuilds what derives from coded_excerpts (the pre-aggregated tables, the quote search index).
    """
    from insights.quotes import review as quotes

    touched = set(add["narrative_id"]) if len(add) else set()
    if remove:
        touched |= {
            r[0]
            for r in con.execute(
                "select distinct narrative_id from coded_excerpts where list_contains($ids::varchar[], excerpt_id)",
                {"ids": list(remove)},
            ).fetchall()
        }
        con.execute(
            "delete from coded_excerpts where list_contains($ids::varchar[], excerpt_id)",
            {"ids": list(remove)},
        )
    anonymised, error = 0, None
    if len(add):
        cols = [
            "excerpt_id",
            "narrative_id",
            "code_id",
            "theme_id",
            "care_stage",
            "excerpt_text",
            "import_id",
        ]
        con.register("_agreement_add", add[cols])
        try:
            con.execute(f"insert into coded_excerpts ({', '.join(cols)}) select * from _agreement_add")  # noqa: S608
        finally:
            con.unregister("_agreement_add")
        anonymised, error = quotes.anonymise_rows(
            con,
            "list_contains($ids::varchar[], excerpt_id)",
            {"ids": add["excerpt_id"].tolist()},
            known=known,
        )
    if remove or len(add):
        aggregates.refresh(con, sorted(touched))
        quotes.build_search_index(con)
    return {"removed": len(remove), "added": len(add), "anonymised": anonymised, "anonymiser_error": error}


def settle(
    con: duckdb.DuckDBPyConnection,
    sample_id: str,
    decisions: list[Decision],
    *,
    user: str,
    role: str | None,
) -> Settled:
    """Settle disagreements: the decisions become the coding of record, in ONE audited transaction.

    Each decision is checked against the sample (it must be an unsettled disagreement; 'first' needs the
    first coding to have had the category, 'second'/'both' the second coder's). Removed rows are kept
    whole in `agreement_settlements`, with the rows added.
    """
    _need(role, OFFICER)
    if not decisions:
        raise AgreementError("Choose at least one disagreement to settle.")
    if not user or not user.strip():
        raise AgreementError("Say who is settling.")
    for d in decisions:
        if d.outcome not in OUTCOMES:
            raise AgreementError(f"Unknown decision {d.outcome!r}: choose one of {', '.join(OUTCOMES)}.")
    from insights.quotes import review as quotes

    # The slow part (the anonymiser) first, outside the write lock: the second coder's wordings.
    texts = [
        r[0]
        for r in con.execute(
            "select distinct excerpt_text from agreement_excerpts where sample_id = $s", {"s": sample_id}
        ).fetchall()
    ]
    known = quotes.anonymise_texts(texts) if texts else None
    now = _now()
    with transaction(con):
        open_ = disagreements(con, sample_id, role)
        index = {(r.narrative_id, r.category_id): r for r in open_.itertuples(index=False)}
        remove: list[str] = []
        add_rows: list[dict] = []
        history: list[dict] = []
        seen = set()
        for k, d in enumerate(decisions):
            key = (d.narrative_id, d.category_id)
            row = index.get(key)
            if row is None:
                raise AgreementError(
                    f"Narrative {d.narrative_id}, {d.category_id}: not a disagreement of this sample."
                )
            if key in seen or (row.outcome is not None and not pd.isna(row.outcome)):
                raise AgreementError(f"Narrative {d.narrative_id}, {row.category}: already settled.")
            seen.add(key)
            if d.outcome == "first" and not row.first_present:
                raise AgreementError(
                    f"Narrative {d.narrative_id}, {row.category}: the first coding has no excerpt to keep."
                )
            if d.outcome in ("second", "both") and not row.second_present:
                raise AgreementError(
                    f"Narrative {d.narrative_id}, {row.category}: the second coder has no excerpt to use."
                )
            settlement_id = f"ST{now:%Y%m%d%H%M%S%f}-{k:03d}"
            record = _record_rows(con, d.narrative_id, d.category_id)
            removed = record if d.outcome in ("absent", "second") else []
            added = []
            if d.outcome in ("second", "both"):
                for x in _second_rows(con, sample_id, d.narrative_id, d.category_id):
                    added.append(
                        {
                            "excerpt_id": f"{d.narrative_id}-{x['agreement_excerpt_id']}",
                            "narrative_id": d.narrative_id,
                            "code_id": x["code_id"],
                            "theme_id": x["theme_id"],
                            "care_stage": x["care_stage"],
                            "excerpt_text": x["excerpt_text"],
                            "import_id": settlement_id,
                        }
                    )
            remove += [r["excerpt_id"] for r in removed]
            add_rows += added
            history.append(
                {
                    "settlement_id": settlement_id,
                    "sample_id": sample_id,
                    "narrative_id": d.narrative_id,
                    "category_id": d.category_id,
                    "first_present": bool(row.first_present),
                    "second_present": bool(row.second_present),
                    "outcome": d.outcome,
                    "settled_by": user.strip(),
                    "settled_at": now,
                    "note": (d.note or "").strip()[:500] or None,
                    "removed": json.dumps(removed, default=str),
                    "added": json.dumps(added, default=str),
                }
            )
        add = pd.DataFrame(
            add_rows,
            columns=[
                "excerpt_id",
                "narrative_id",
                "code_id",
                "theme_id",
                "care_stage",
                "excerpt_text",
                "import_id",
            ],
        )
        written = write_coded_excerpts(con, remove, add, known=known)
        con.register("_agreement_settled", pd.DataFrame(history))
        try:
            con.execute("insert into agreement_settlements by name select * from _agreement_settled")
        finally:
            con.unregister("_agreement_settled")
        audit.record(
            con,
            user,
            "agreement_settle",
            role=role,
            object_type="agreement_sample",
            object_id=sample_id,
            details={
                "settled": len(history),
                "excerpts_removed": written["removed"],
                "excerpts_added": written["added"],
                "settlements": [h["settlement_id"] for h in history][:50],
            },
        )
    return Settled(len(history), written["removed"], written["added"], written["anonymiser_error"])
