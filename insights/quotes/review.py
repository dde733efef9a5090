"""Quotes: anonymise excerpts at import, the MNVP review workflow, and the full-text search index.

Review history is kept as rows in `quote_reviews` (never updated or deleted): an excerpt's current
status is its latest row, and an excerpt with no row is pending. Every decision records who made it
and when, and is written in one transaction with an audit row that holds ids only (never excerpt
text). Only approved, anonymised excerpts reach commissioners and exports; an excerpt whose
anonymisation failed (anonymised_text is null) cannot be reviewed or shown outside the engagement
officer's view.

Search: the DuckDB full-text-search extension, loaded from the duckdb-extension-fts package's
folder (`LOAD '<path>'`, signature checked by DuckDB, nothing downloaded), indexes the anonymised
text (English stemmer and stop words) in the schema `fts_main_coded_excerpts`. If the extension
cannot load, the same tables are built in plain SQL from lower-case words (no stemming), so the
same BM25 ranking query (queries/quote_groups.sql) still works; `search_mode()` says which is in use.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

import queries
from insights.access import audit
from insights.access.roles import OFFICER
from insights.analysis import aggregates, disclosure
from insights.quotes import anonymise, suspects
from insights.store import db

STATUSES = ("pending", "approved", "rejected")
STATUS_LABELS = {"pending": "Waiting for review", "approved": "Approved", "rejected": "Rejected"}
DECISIONS = {"approve": "approved", "reject": "rejected", "edit": "approved"}
GROUP_DIMENSIONS = ("Ethnic group", "Deprivation")
INDEX_SCHEMA = "fts_main_coded_excerpts"
_CHUNK = 5_000

Progress = Callable[[float, str], None]


class ReviewError(ValueError):
    """A review that cannot be recorded (unknown excerpt, not anonymised, empty edit, ...)."""


class NeedsConfirmation(ReviewError):
    """Approving wording that still holds possible identifiers needs one extra, audited confirmation."""

    def __init__(self, found: list[suspects.Suspect]):
        self.suspects = found
        # the words themselves are not in the message (pages may show it as markdown): they are marked
        # on the quote as plain text and listed in `suspects`
        super().__init__(
            f"This wording still has {len(found)} word{'s' if len(found) != 1 else ''} that might identify "
            "someone (marked ⟦like this⟧ on the quote). Check them, edit the wording if needed, or confirm "
            "that they identify no one."
        )


class AccessDenied(PermissionError):
    """Original (not anonymised) wording asked for by a role that may not see it."""


def original_wording(
    con: duckdb.DuckDBPyConnection, excerpt_ids: list[str], role: str | None
) -> dict[str, str]:
    """excerpt_id -> original wording, for the engagement officer only (raises AccessDenied otherwise)."""
    if role != OFFICER:
        raise AccessDenied("Only the engagement officer may see the original wording of an excerpt.")
    if not excerpt_ids:
        return {}
    frame = queries.run(con, "quote_original_text", _restricted_ok=True, excerpt_ids=list(excerpt_ids))
    return dict(zip(frame["excerpt_id"], frame["excerpt_text"], strict=True))


def possible_identifiers(text: str | None) -> list[suspects.Suspect]:
    """Spans of anonymised wording a reviewer should check first (see insights.quotes.suspects)."""
    return anonymise.possible_identifiers(text or "")


@dataclass(frozen=True)
class ReviewResult:
    """What one review decision stored."""

    review_id: str
    excerpt_id: str
    status: str
    edited_text: str | None
    edit_changed_by_anonymiser: bool = False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _review_id(now: dt.datetime) -> str:
    # Sortable by time, unique across reviewers working at the same moment.
    return f"R{now:%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:8]}"


def group_threshold() -> int:
    """Fewest women a broad group needs before quotes may be filtered by it.

    $MATERNITY_QUOTE_GROUP_MIN, else the disclosure rule's threshold (counts below it are hidden).
    """
    raw = os.environ.get("MATERNITY_QUOTE_GROUP_MIN")
    if raw is None:
        return disclosure.rule_from_env().suppress_below
    value = int(raw)
    if value < 1:
        raise ValueError("MATERNITY_QUOTE_GROUP_MIN must be 1 or more")
    return value


def allowed_groups(sizes: pd.DataFrame, threshold: int | None = None) -> dict[str, list[str]]:
    """The group values large enough to filter by, per dimension (from queries/quote_group_sizes.sql)."""
    limit = group_threshold() if threshold is None else threshold
    out: dict[str, list[str]] = {d: [] for d in GROUP_DIMENSIONS}
    for row in sizes.itertuples(index=False):
        if row.dimension in out and row.value not in ("Unknown", "Not stated") and int(row.women) >= limit:
            out[row.dimension].append(row.value)
    return out


# --- reviews -------------------------------------------------------------------------------------


def status_of(decision: str) -> str:
    """The status a decision records."""
    return DECISIONS[decision]


_EXCERPT = "select anonymised_text from coded_excerpts where excerpt_id = $id"
_INSERT_REVIEW = (
    "insert into quote_reviews (review_id, excerpt_id, status, reviewer, reviewed_at, edited_text, note) "
    "values ($review_id, $excerpt_id, $status, $reviewer, $reviewed_at, $edited_text, $note)"
)


def review(
    con: duckdb.DuckDBPyConnection,
    excerpt_id: str,
    decision: str,
    reviewer: str,
    *,
    edited_text: str | None = None,
    note: str | None = None,
    role: str | None = None,
    actor: str | None = None,
    confirm_suspects: bool = False,
) -> ReviewResult:
    """Record approve / reject / edit (approve with edited wording) for one excerpt.

    `reviewer` is stored with the decision; `actor` (default: the reviewer) goes in the audit trail.
    Approving wording that still holds possible identifiers raises NeedsConfirmation unless
    `confirm_suspects` is set; the confirmation and the words confirmed go in the audit trail.
    """
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r}: choose approve, reject or edit")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("Enter your name first: every decision records who made it.")
    row = con.execute(_EXCERPT, {"id": excerpt_id}).fetchone()
    if row is None:
        raise ReviewError(f"There is no excerpt {excerpt_id}.")
    if row[0] is None:
        raise ReviewError("This excerpt has not been anonymised, so it cannot be reviewed.")
    changed = False
    stored_edit = None
    if decision == "edit":
        wording = (edited_text or "").strip()
        if not wording:
            raise ReviewError(
                "The edited wording is empty. Write the wording to approve, or approve it as it is."
            )
        try:
            engine = anonymise.get()
        except anonymise.AnonymiserUnavailable as exc:
            raise ReviewError(
                f"Edited wording cannot be checked for names and numbers right now ({exc}). "
                "Approve the anonymised wording as it is, or try again later."
            ) from exc
        stored_edit = engine.anonymise(wording)
        changed = stored_edit != wording
    found: list[suspects.Suspect] = []
    if status_of(decision) == "approved":
        found = possible_identifiers(stored_edit if stored_edit is not None else row[0])
        if found and not confirm_suspects:
            raise NeedsConfirmation(found)
    now = _now()
    review_id = _review_id(now)
    status = DECISIONS[decision]
    with db.transaction(con):
        con.execute(
            _INSERT_REVIEW,
            {
                "review_id": review_id,
                "excerpt_id": excerpt_id,
                "status": status,
                "reviewer": reviewer,
                "reviewed_at": now,
                "edited_text": stored_edit,
                "note": (note or "").strip() or None,
            },
        )
        audit.record(
            con,
            actor or reviewer,
            "quote_review",
            role=role,
            object_type="excerpt",
            object_id=excerpt_id,
            details={
                "review_id": review_id,
                "status": status,
                "edited": stored_edit is not None,
                **(
                    {
                        "confirmed_possible_identifiers": len(found),
                        "reasons": sorted({f.reason for f in found}),
                    }
                    if found
                    else {}
                ),
            },
        )
    return ReviewResult(review_id, excerpt_id, status, stored_edit, changed)


_REOPEN = """
    insert into quote_reviews (review_id, excerpt_id, status, reviewer, reviewed_at, edited_text, note)
    select 'R' || strftime($now, '%Y%m%d%H%M%S%f') || '-' || md5(l.excerpt_id)[:8], l.excerpt_id,
           'pending', $reviewer, $now, null, $note
    from (
        select excerpt_id, status
        from quote_reviews
        qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
    ) as l
    where l.status <> 'pending' and l.excerpt_id in (select unnest($ids::varchar[]))
"""


def reopen(con: duckdb.DuckDBPyConnection, ids: list[str], reviewer: str, note: str) -> int:
    """Send reviewed excerpts back to pending (their wording changed since the decision)."""
    if not ids:
        return 0
    before = con.execute("select count(*) from quote_reviews").fetchone()[0]
    con.execute(_REOPEN, {"now": _now(), "ids": ids, "reviewer": reviewer, "note": note})
    return con.execute("select count(*) from quote_reviews").fetchone()[0] - before


def reopen_changed(con: duckdb.DuckDBPyConnection, import_id: str) -> int:
    """Excerpts changed by an import go back to pending (an approval was for the old wording)."""
    # Only excerpts with a decision can be reopened: those few ids are passed, not every row of a big import.
    ids = [
        r[0]
        for r in con.execute(
            "select distinct r.excerpt_id from quote_reviews as r "
            "inner join coded_excerpts as e on e.excerpt_id = r.excerpt_id where e.import_id = $id",
            {"id": import_id},
        ).fetchall()
    ]
    return reopen(con, ids, "import", f"The excerpt changed in import {import_id}; review it again.")


# --- anonymisation at import ---------------------------------------------------------------------


def _meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("select value from meta where key = $key", {"key": key}).fetchone()
    return row[0] if row else None


def anonymise_texts(texts: list[str], progress: Progress | None = None) -> tuple[dict[str, str], str]:
    """Anonymise distinct wordings with no database involved (so an import can do it before it takes the
    write lock); returns ({wording: anonymised}, engine label), or ({}, '') when the anonymiser is
    unavailable (the import then fails closed inside its transaction as before)."""
    report = progress or (lambda fraction, message: None)
    try:
        engine = anonymise.get()
    except anonymise.AnonymiserUnavailable:
        return {}, ""
    unique = list(dict.fromkeys(t for t in texts if t is not None))
    done: dict[str, str] = {}
    for lo in range(0, len(unique), _CHUNK):
        chunk = unique[lo : lo + _CHUNK]
        report(lo / max(len(unique), 1), f"Anonymising {lo + len(chunk):,} of {len(unique):,} wordings")
        done.update(zip(chunk, engine.anonymise_many(chunk), strict=True))
    return done, engine.label


def anonymise_rows(
    con: duckdb.DuckDBPyConnection,
    where: str,
    params: dict,
    progress: Progress | None = None,
    known: tuple[dict[str, str], str] | None = None,
) -> tuple[int, str | None]:
    """Anonymise the excerpts selected by `where` (a fixed clause from this module) and store them.

    Returns (rows anonymised, None) or (0, why the anonymiser is unavailable): fail closed, the
    rows keep anonymised_text null and the reason is kept in meta 'anonymiser_error'.
    """
    report = progress or (lambda fraction, message: None)
    rows = con.execute(
        f"select excerpt_id, excerpt_text from coded_excerpts where {where} order by excerpt_id",  # noqa: S608
        params,
    ).fetchall()
    if not rows:
        return 0, None
    try:
        engine = anonymise.get()
    except anonymise.AnonymiserUnavailable as exc:
        db.set_meta(con, "anonymiser_error", f"{_now():%Y-%m-%d %H:%M} UTC: {exc}")
        return 0, str(exc)
    # Identical wording is analysed once (across the whole import), then written back in one update.
    texts = [text for _, text in rows]
    anonymised: dict[str, str] = {}
    if known is not None and known[1] == engine.label:  # done before the write lock (insights.ingest.load)
        anonymised.update(known[0])
    unique = [t for t in dict.fromkeys(texts) if t not in anonymised]
    for lo in range(0, len(unique), _CHUNK):
        chunk = unique[lo : lo + _CHUNK]
        report(
            lo / len(unique),
            f"Anonymising {len(rows):,} excerpts ({lo + len(chunk):,} of {len(unique):,} wordings)",
        )
        anonymised.update(zip(chunk, engine.anonymise_many(chunk), strict=True))
    frame = pd.DataFrame(
        {
            "excerpt_id": [excerpt_id for excerpt_id, _ in rows],
            "anonymised_text": [anonymised[text] for text in texts],
            "anonymiser": engine.label,
        }
    )
    con.register("_anonymised", frame)
    try:
        con.execute(
            "update coded_excerpts as e set anonymised_text = a.anonymised_text, anonymiser = a.anonymiser "
            "from _anonymised as a where e.excerpt_id = a.excerpt_id"
        )
    finally:
        con.unregister("_anonymised")
    done = len(rows)
    con.execute("delete from meta where key = 'anonymiser_error'")
    return done, None


def after_import(
    con: duckdb.DuckDBPyConnection,
    import_id: str,
    progress: Progress | None = None,
    known: tuple[dict[str, str], str] | None = None,
) -> dict:
    """Called by insights.ingest.load inside an excerpts import's transaction.

    Anonymises every excerpt the import inserted or updated (and any left without anonymised text
    by an earlier failure), sends changed excerpts back for review, and rebuilds the search index.
    """
    report = progress or (lambda fraction, message: None)
    # The engine that anonymised before the write lock (the import's worker) says its label, so a server that
    # never anonymised does not load presidio and spaCy just to ask.
    if known is not None:
        label = known[1]
    else:
        try:
            label = anonymise.get().label
        except anonymise.AnonymiserUnavailable:
            label = None
    # excerpts anonymised by older rules (RULES_VERSION or word lists changed) are redone too
    stale = (
        con.execute(
            "select excerpt_id, anonymised_text from coded_excerpts where anonymised_text is not null "
            "and import_id is distinct from $import_id and anonymiser is distinct from $label",
            {"import_id": import_id, "label": label},
        ).fetchall()
        if label
        else []
    )
    # The import writes the wordings it anonymised before its write lock with the rows (insights.ingest.load),
    # by this engine: only rows left null, or made by other rules, are done here.
    n, error = anonymise_rows(
        con,
        "anonymised_text is null or anonymiser is distinct from $label"
        if label
        else "anonymised_text is null",
        {"label": label} if label else {},
        lambda f, m: report(0.8 * f, m),
        known=known,
    )
    if label and error is None:
        con.execute("delete from meta where key = 'anonymiser_error'")
    reopened = reopen_changed(con, import_id)
    if stale and not error:
        now_text = dict(
            con.execute(
                "select excerpt_id, anonymised_text from coded_excerpts where list_contains($ids::varchar[], excerpt_id)",
                {"ids": [eid for eid, _ in stale]},
            ).fetchall()
        )
        changed = [eid for eid, old in stale if now_text.get(eid) != old]
        reopened += reopen(
            con, changed, "anonymiser", "The anonymised wording changed with new rules; review it again."
        )
    report(0.85, "Building the search index")
    mode = build_search_index(con)
    report(1.0, "Excerpts anonymised and indexed")
    return {"anonymised": n, "anonymiser_error": error, "reopened": reopened, "search": mode}


def anonymise_database(
    con: duckdb.DuckDBPyConnection, refresh: bool = False, progress: Progress | None = None
) -> dict:
    """Fill in missing anonymised text (and, with refresh, redo any made by another engine version)."""
    try:
        label = anonymise.get().label
    except anonymise.AnonymiserUnavailable as exc:
        return {"anonymised": 0, "anonymiser_error": str(exc), "reopened": 0}
    where = (
        "anonymised_text is null or anonymiser is distinct from $label"
        if refresh
        else "anonymised_text is null"
    )
    params = {"label": label} if refresh else {}
    with db.transaction(con):
        before = con.execute(
            "select excerpt_id, anonymised_text from coded_excerpts where anonymised_text is not null"
        ).df()
        n, error = anonymise_rows(con, where, params, progress)
        after = con.execute("select excerpt_id, anonymised_text from coded_excerpts").df()
        changed = before.merge(after, on="excerpt_id", suffixes=("_old", "_new"))
        changed = changed[changed["anonymised_text_old"] != changed["anonymised_text_new"]][
            "excerpt_id"
        ].tolist()
        reopened = reopen(con, changed, "anonymiser", "The anonymised wording changed; review it again.")
        aggregates.refresh_quotes(con)  # the review list's wordings follow, in this transaction
        build_search_index(con)
        audit.record(
            con,
            "anonymiser",
            "anonymise",
            object_type="coded_excerpts",
            details={"anonymised": n, "reopened": reopened, "refresh": refresh},
        )
    return {"anonymised": n, "anonymiser_error": error, "reopened": reopened}


def reanonymise(
    con: duckdb.DuckDBPyConnection, actor: str = "anonymiser", progress: Progress | None = None
) -> dict:
    """Re-anonymise every stored excerpt with the rules in force, in one audited transaction.

    The slow part (the anonymiser) runs first, on a snapshot and without the write lock; then one
    transaction writes the new wording of every excerpt whose text is still the one anonymised (an
    excerpt changed meanwhile is done again inside), sends changed ones back for review, rebuilds
    the search index and records who did it, with the old and new engine labels and the counts.
    """
    report = progress or (lambda fraction, message: None)
    try:
        engine = anonymise.get()
    except anonymise.AnonymiserUnavailable as exc:
        return {"anonymised": 0, "changed": 0, "reopened": 0, "anonymiser_error": str(exc)}
    snapshot = con.execute(
        "select excerpt_id, excerpt_text from coded_excerpts where excerpt_text is not null order by excerpt_id"
    ).fetchall()
    unique = list(dict.fromkeys(text for _, text in snapshot))
    done: dict[str, str] = {}
    for lo in range(0, len(unique), _CHUNK):
        chunk = unique[lo : lo + _CHUNK]
        report(0.9 * lo / max(1, len(unique)), f"Anonymising {lo + len(chunk):,} of {len(unique):,} wordings")
        done.update(zip(chunk, engine.anonymise_many(chunk), strict=True))
    report(0.9, "Writing the new wording")
    with db.transaction(con):
        current = con.execute(
            "select excerpt_id, excerpt_text, anonymised_text, anonymiser from coded_excerpts "
            "where excerpt_text is not null"
        ).fetchall()
        late = [text for _, text, _, _ in current if text not in done]
        if late:  # changed since the snapshot: anonymise inside (few rows)
            done.update(zip(late, engine.anonymise_many(late), strict=True))
        frame = pd.DataFrame(
            {
                "excerpt_id": [eid for eid, _, _, _ in current],
                "anonymised_text": [done[text] for _, text, _, _ in current],
                "anonymiser": engine.label,
            }
        )
        changed = [eid for (eid, text, old, _) in current if old != done[text]]
        old_labels = sorted({label for *_, label in current if label})
        con.register("_reanonymised", frame)
        try:
            con.execute(
                "update coded_excerpts as e set anonymised_text = a.anonymised_text, anonymiser = a.anonymiser "
                "from _reanonymised as a where e.excerpt_id = a.excerpt_id"
            )
        finally:
            con.unregister("_reanonymised")
        con.execute("delete from meta where key = 'anonymiser_error'")
        reopened = reopen(
            con, changed, "anonymiser", "The anonymised wording changed with new rules; review it again."
        )
        aggregates.refresh_quotes(con)  # the review list's wordings follow, in this transaction
        build_search_index(con)
        audit.record(
            con,
            actor,
            "reanonymise",
            object_type="coded_excerpts",
            details={
                "anonymised": len(current),
                "changed": len(changed),
                "reopened": reopened,
                "engine": engine.label,
                "previous_engines": "; ".join(old_labels)[:200],
            },
        )
    report(1.0, "Excerpts re-anonymised")
    return {
        "anonymised": len(current),
        "changed": len(changed),
        "reopened": reopened,
        "anonymiser_error": None,
    }


# --- full-text search ----------------------------------------------------------------------------


@functools.cache
def fts_extension_path() -> Path | None:
    """The fts extension file shipped by the duckdb-extension-fts package, if installed."""
    spec = importlib.util.find_spec("duckdb_extension_fts")
    if spec is None or not spec.submodule_search_locations:
        return None
    version = duckdb.__version__
    for folder in spec.submodule_search_locations:
        exact = Path(folder) / "extensions" / f"v{version}" / "fts.duckdb_extension"
        if exact.is_file():
            return exact
    return None


def _load_statement(path: Path) -> str:
    """`LOAD '<path>'` for an extension file from the installed package (LOAD takes no parameters;
    the path never comes from input, and quotes in it are doubled)."""
    return "load '" + str(path).replace("'", "''") + "'"


def load_fts(con: duckdb.DuckDBPyConnection) -> str | None:
    """Load full-text search from the package folder; None when loaded, else why not (no download)."""
    path = fts_extension_path()
    if path is None:
        return f"the duckdb-extension-fts package for DuckDB {duckdb.__version__} is not installed"
    try:
        con.execute(_load_statement(path))
    except duckdb.Error as exc:
        return f"the full-text search extension did not load: {exc}"
    return None


_FINGERPRINT = (
    "select count(*)::varchar || ':' || coalesce(sum(hash(excerpt_id || '|' || coalesce(anonymised_text, ''))), 0)"
    "::varchar from coded_excerpts"
)
#: The fallback index: the same tables as the fts extension makes, from lower-case words (no stemming).
_PLAIN_INDEX = """
    create or replace temp table _index_words as
        select row_number() over (order by excerpt_id) as docid, excerpt_id as name,
               list_filter(string_split_regex(lower(anonymised_text), '[^a-z0-9]+'), w -> w <> '') as words
        from coded_excerpts
        where anonymised_text is not null;
    create schema fts_main_coded_excerpts;
    create table fts_main_coded_excerpts.docs as
        select docid, name, len(words)::bigint as len from _index_words;
    create table fts_main_coded_excerpts.dict as
        select row_number() over (order by term) as termid, term, df
        from (
            select term, count(distinct docid) as df
            from (select docid, unnest(words) as term from _index_words)
            group by term
        );
    create table fts_main_coded_excerpts.terms as
        select w.docid, 0::bigint as fieldid, d.termid
        from (select docid, unnest(words) as term from _index_words) as w
        inner join fts_main_coded_excerpts.dict as d on d.term = w.term;
    create table fts_main_coded_excerpts.stats as
        select count(*) as num_docs, coalesce(avg(len), 0)::double as avgdl from fts_main_coded_excerpts.docs;
    drop table _index_words;
"""


#: The scratch index over distinct wordings (one document per wording) and how many excerpts share each.
_WORDINGS = """
    select anonymised_text, count(*) as excerpts
    from coded_excerpts where anonymised_text is not null group by all
"""
#: The index per excerpt from the index per wording (`_w_docs`, `_w_terms`, `_w_dict` from the scratch
#: database, `_w_names` = wording id -> wording, excerpts). `docs` has one row per excerpt carrying its
#: wording's docid and length, so excerpts with the same wording share a docid; `terms` stays one row per
#: term occurrence in each distinct wording; a term's df counts excerpts and the stats count excerpts. The
#: BM25 queries (queries/quote_groups.sql: terms -> docs by docid, summed per docs.name)
#: therefore score every excerpt exactly as over the index create_fts_index makes over coded_excerpts
#: itself (an excerpt with no anonymised text is a document of length 0 there; here its docid is null),
#: without tokenising, stemming and storing a repeated wording again (tests/test_quotes.py compares them).
_EXPAND = """
    create table fts_main_coded_excerpts.docs as
        select wd.docid, e.excerpt_id as name, coalesce(wd.len, 0)::bigint as len
        from coded_excerpts as e
        left join _w_names as n on n.anonymised_text = e.anonymised_text
        left join _w_docs as wd on wd.name = n.wid;
    create table fts_main_coded_excerpts.terms as select docid, fieldid, termid from _w_terms;
    create table fts_main_coded_excerpts.dict as
        select d.termid, d.term, coalesce(f.df, 0)::bigint as df
        from _w_dict as d
        left join (
            select t.termid, sum(n.excerpts) as df
            from (select distinct docid, termid from _w_terms) as t
            inner join _w_docs as wd on wd.docid = t.docid
            inner join _w_names as n on n.wid = wd.name
            group by t.termid
        ) as f on f.termid = d.termid;
    create table fts_main_coded_excerpts.stats as
        select count(*)::bigint as num_docs, coalesce(avg(len), 0)::double as avgdl
        from fts_main_coded_excerpts.docs;
"""
#: The scratch index's tables, in the order they are read back.
#: The scratch index's tables read into the main connection, each under a registered name (DuckDB's fts schema).
_SCRATCH_TABLES = {
    "_w_docs": "select * from fts_main_wordings.docs",
    "_w_terms": "select * from fts_main_wordings.terms",
    "_w_dict": "select * from fts_main_wordings.dict",
}
#: The scratch index's tables copied as they are: (read in the scratch database, write in the main one).
_COPIED_TABLES = (
    (
        "select * from fts_main_wordings.stopwords",
        "create table fts_main_coded_excerpts.stopwords as select * from _fts_rows",
    ),
    (
        "select * from fts_main_wordings.fields",
        "create table fts_main_coded_excerpts.fields as select * from _fts_rows",
    ),
)


def _build_fts_index(con: duckdb.DuckDBPyConnection) -> None:
    """The fts extension's index over coded_excerpts, built over DISTINCT anonymised wordings in a scratch
    in-memory database, with one document per excerpt pointing at its wording's terms (see _EXPAND). Also right for the shared
    store: the pragma's own intermediate tables have types DuckLake cannot store, and one transaction writes
    to one database only. The caller has dropped the old schema, inside its write transaction."""
    scratch = duckdb.connect(":memory:")
    registered: list[str] = []
    try:
        load_fts(scratch)
        wordings = con.execute(_WORDINGS).df()
        wordings.insert(0, "wid", [str(i) for i in range(len(wordings))])
        scratch.register("_source", wordings[["wid", "anonymised_text"]])
        scratch.execute("create table wordings as select * from _source")
        scratch.unregister("_source")
        scratch.execute(
            "pragma create_fts_index('wordings', 'wid', 'anonymised_text', "
            "stemmer = 'english', stopwords = 'english', overwrite = 1)"
        )
        con.execute("create schema fts_main_coded_excerpts")
        for read, write in _COPIED_TABLES:  # fixed statements: identifiers cannot be bound as parameters
            con.register("_fts_rows", scratch.execute(read).arrow())
            try:
                con.execute(write)
            finally:
                con.unregister("_fts_rows")
        for name, read in _SCRATCH_TABLES.items():
            con.register(name, scratch.execute(read).to_arrow_table())
            registered.append(name)
        con.register("_w_names", wordings)
        registered.append("_w_names")
        con.execute(_EXPAND)
    finally:
        for name in registered:
            con.unregister(name)
        scratch.close()


def build_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """(Re)build the search index over anonymised text; returns the mode recorded in meta 'quote_search'."""
    con.execute("drop schema if exists fts_main_coded_excerpts cascade")
    error = load_fts(con)
    if error is None:
        _build_fts_index(con)
        mode = "full-text (English stemming)"
    else:
        con.execute(_PLAIN_INDEX)
        mode = f"plain words (no stemming): {error}"
    db.set_meta(con, "quote_search", mode)
    db.set_meta(con, "quote_search_fingerprint", con.execute(_FINGERPRINT).fetchone()[0])
    return mode


def ensure_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """Build the index if it is missing or out of date (e.g. a database made before it existed)."""
    current = con.execute(_FINGERPRINT).fetchone()[0]
    exists = con.execute(
        "select count(*) from duckdb_tables() where schema_name = $s and table_name = 'stats'",
        {"s": INDEX_SCHEMA},
    ).fetchone()[0]
    if exists and _meta(con, "quote_search_fingerprint") == current:
        if (_meta(con, "quote_search") or "").startswith("full-text"):
            load_fts(con)
        return _meta(con, "quote_search") or ""
    with db.transaction(con):
        return build_search_index(con)


def search_mode(con: duckdb.DuckDBPyConnection) -> str:
    """How search works in this database ('full-text (English stemming)' or the fallback and why)."""
    return _meta(con, "quote_search") or "not built yet"


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def search_terms(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """The index terms for a search box entry (stemmed like the index when full-text search is on)."""
    words = [w.lower() for w in _WORD.findall(text or "")][:20]
    if not words:
        return []
    if (_meta(con, "quote_search") or "").startswith("full-text") and load_fts(con) is None:
        rows = con.execute(
            f"select distinct stem(w, 'english') from unnest($words::varchar[]) as t(w) "  # noqa: S608
            f"where w not in (select sw from {INDEX_SCHEMA}.stopwords)",
            {"words": words},
        ).fetchall()
        return sorted(r[0] for r in rows if r[0])
    return sorted(set(words))


def highlight(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split text into (piece, matched) parts: a word matches when it starts with a search stem."""
    if not terms:
        return [(text, False)]
    stems = [t.lower() for t in terms if t]
    parts: list[tuple[str, bool]] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group(0).lower()
        hit = any(
            word == s
            or (word.startswith(s) and len(word) - len(s) <= 4)
            or (s.endswith("i") and word.startswith(s[:-1]) and len(word) - len(s) <= 3)
            for s in stems
        )
        if hit:
            if m.start() > last:
                parts.append((text[last : m.start()], False))
            parts.append((m.group(0), True))
            last = m.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def marked(text: str, terms: list[str], left: str = "«", right: str = "»") -> str:
    """Plain text with matched words wrapped in markers (shown with st.text, so nothing renders)."""
    return "".join(f"{left}{piece}{right}" if hit else piece for piece, hit in highlight(text, terms))
