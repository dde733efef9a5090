"""Import: one code path for the CLI, the Data page and the demo.

`check()` reads a file and validates every row (nothing is written); `commit()` writes the accepted
rows of a checked file in ONE transaction with a record in `imports`. A file with any invalid row
is rejected whole unless the caller explicitly asks to skip invalid rows. Full postcodes are
resolved to district, LSOA, IMD decile, Core20 and locality here and are never stored for women.
Re-importing the same rows changes nothing (stable ids; unchanged rows are left untouched).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from insights.access import audit
from insights.analysis import aggregates
from insights.coding import settled
from insights.ingest.frame import RowIssue
from insights.ingest.read import read_table
from insights.ingest.validate import Validated, ValidationContext, validate
from insights.store.db import Progress, append_frame, table_columns, transaction, upsert

#: Import order when several kinds arrive together (references point backwards only).
ORDER = ("venues", "narratives", "excerpts", "engagement")

_TABLE = {
    "venues": "venues",
    "narratives": "narratives",
    "excerpts": "coded_excerpts",
    "engagement": "engagement_log",
}
_KEY = {
    "venues": "venue_id",
    "narratives": "narrative_id",
    "excerpts": "excerpt_id",
    "engagement": "entry_id",
}
_CHUNK = 50_000  # rows written per step at least
# Steps of a large write: ONE statement. Measured at 1,000,000 narratives on the 2-core machine: 10 chunks of
# 100,000 rows took 27-36 s with the commit, one 15 s (each chunk re-reads _changes, and DuckDB writes one big
# append straight to the file).
_STEPS = 1


class ImportRejected(ValueError):
    """The file has invalid rows and the caller did not ask to skip them."""

    def __init__(self, checked: Checked):
        self.checked = checked
        n = len(checked.validated.rejected_rows)
        super().__init__(
            f"{checked.file_name}: {n} of {checked.validated.total_rows} rows are invalid, nothing was "
            "imported. Fix them, or import the valid rows only (skip invalid rows)."
        )


@dataclass
class Checked:
    """A file read and validated against the database, ready to commit."""

    kind: str
    file_name: str
    sha256: str
    validated: Validated
    already_imported: list[str] = field(default_factory=list)  # when this exact file came in before

    @property
    def ok(self) -> bool:
        """True when every row is valid."""
        return not self.validated.errors


@dataclass
class ImportResult:
    """What one committed import did."""

    import_id: str
    kind: str
    file_name: str
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    rows_inserted: int
    rows_updated: int
    rows_unchanged: int

    def summary(self) -> str:
        """One plain-English line."""
        return (
            f"{self.file_name}: {self.rows_accepted} of {self.rows_total} rows accepted "
            f"({self.rows_inserted} new, {self.rows_updated} updated, {self.rows_unchanged} unchanged), "
            f"{self.rows_rejected} rejected."
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ids(con: duckdb.DuckDBPyConnection, table: str, key: str) -> set[str]:
    return {r[0] for r in con.execute(_SELECT_IDS[table]).fetchall()} if key else set()


_SELECT_IDS = {
    "venues": "select venue_id from venues",
    "narratives": "select narrative_id from narratives",
}


def context_for(con: duckdb.DuckDBPyConnection, kind: str) -> ValidationContext:
    """What validation needs to know from the database: codebook and existing ids."""
    ctx = ValidationContext.from_codebook(
        codes=con.execute("select code_id, category_id, label from codes").df(),
        known_venue_ids=_ids(con, "venues", "venue_id") if kind in ("narratives", "engagement") else None,
        known_narrative_ids=_ids(con, "narratives", "narrative_id") if kind == "excerpts" else None,
        **codebook_context(con),
    )
    ctx.codes.update(merged_codes(con))
    return ctx


def codebook_context(con: duckdb.DuckDBPyConnection) -> dict:
    """Figure 2 as the database holds it (categories added in the app included), for validation."""
    allowed: dict[str, set[str]] = {}
    for theme_id, category_id in con.execute("select theme_id, category_id from theme_categories").fetchall():
        allowed.setdefault(category_id, set()).add(theme_id)
    names = dict(con.execute("select category_id, name from categories").fetchall())
    return {"allowed_themes": allowed, "category_names": names} if allowed else {}


def merged_codes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """A merged code's label and id -> the code it was merged into (an old file then codes the successor)."""
    from insights.ingest.validate import codes_lookup

    rows = con.execute(
        "select m.code_id, m.label, t.code_id as target, t.category_id from codes as m "
        "inner join codes as t on t.code_id = m.merged_into"
    ).df()
    if rows.empty:
        return {}
    out = codes_lookup(rows[["target", "category_id", "label"]].rename(columns={"target": "code_id"}))
    out.update(
        codes_lookup(
            rows[["target", "category_id", "code_id"]].rename(
                columns={"code_id": "label", "target": "code_id"}
            )
        )
    )
    return out


def check_frame(
    con: duckdb.DuckDBPyConnection, kind: str, raw: pd.DataFrame, file_name: str, sha256: str
) -> Checked:
    """Validate rows already read into a frame, then apply the rules that need the database."""
    if kind not in _TABLE:
        raise ValueError(f"unknown import kind {kind!r}: choose one of {', '.join(ORDER)}")
    return _checked(con, kind, validate(kind, raw, context_for(con, kind)), file_name, sha256)


def _checked(
    con: duckdb.DuckDBPyConnection, kind: str, validated: Validated, file_name: str, sha256: str
) -> Checked:
    _check_against_database(con, kind, validated)
    if kind == "excerpts":  # rows an agreement settlement removed stay removed (warned, not restored)
        settled.skip_settled(con, validated)
    earlier = con.execute(
        "select import_id from imports where sha256 = $sha and kind = $kind order by imported_at",
        {"sha": sha256, "kind": kind},
    ).fetchall()
    return Checked(kind, file_name, sha256, validated, [r[0] for r in earlier])


#: `offload(fn, *args, progress=None)` runs a CPU-heavy function with no database access and returns
#: what it returns (the Data page: insights.ingest.worker, in a separate process); None: in this process.
Offload = Callable[..., object]


def _read_validated(data: bytes, file_name: str, kind: str, context: ValidationContext) -> Validated:
    """The CPU-heavy part of `check`, with no database access: read the file's bytes, validate every row."""
    return validate(kind, read_table(data, file_name, kind=kind), context)


def check(
    con: duckdb.DuckDBPyConnection, kind: str, data: bytes, file_name: str, offload: Offload | None = None
) -> Checked:
    """Read and validate a CSV/XLSX file's bytes; nothing is written.

    With `offload`, reading and validating run through it (same result, same errors); the rules that
    need the database run here.
    """
    if offload is None or kind not in _TABLE:
        return check_frame(con, kind, read_table(data, file_name, kind=kind), file_name, _sha256(data))
    validated = offload(_read_validated, data, file_name, kind, context_for(con, kind))
    return _checked(con, kind, validated, file_name, _sha256(data))


def _reject(validated: Validated, rows: pd.Series, column: str, values: pd.Series, reason: str) -> None:
    for row, value in zip(rows, values, strict=True):
        validated.errors.append(RowIssue(int(row), column, str(value)[:60], reason.format(value=value)))
    validated.frame = validated.frame[~validated.frame["source_row"].isin(set(rows))].reset_index(drop=True)


def _warn(validated: Validated, rows: pd.Series, column: str, values: pd.Series, reason: str) -> None:
    for row, value in zip(rows, values, strict=True):
        validated.warnings.append(RowIssue(int(row), column, str(value)[:60], reason.format(value=value)))


def _check_against_database(con: duckdb.DuckDBPyConnection, kind: str, validated: Validated) -> None:
    frame = validated.frame
    if frame.empty:
        return
    if kind in ("venues", "narratives"):
        pcs = frame["postcode"].dropna().unique().tolist()
        known = con.execute(
            "select postcode, terminated from postcodes where postcode in (select unnest($p::varchar[]))",
            {"p": pcs},
        ).df()
        live = set(known.loc[known["terminated"].isna(), "postcode"])
        terminated = set(known.loc[known["terminated"].notna(), "postcode"])
        has_pc = frame["postcode"].notna()
        unknown = frame[has_pc & ~frame["postcode"].isin(live | terminated)]
        ended = frame[frame["postcode"].isin(terminated)]
        if kind == "venues":
            _reject(
                validated,
                unknown["source_row"],
                "postcode",
                unknown["postcode"],
                "postcode {value} is not in the reference postcode lookup for this area",
            )
            _warn(
                validated,
                ended["source_row"],
                "postcode",
                ended["postcode"],
                "postcode {value} has been terminated; its last known area is used",
            )
        else:
            _warn(
                validated,
                unknown["source_row"],
                "postcode",
                unknown["postcode"],
                "postcode {value} is not in the reference lookup for this area: imported without an area",
            )
            _warn(
                validated,
                ended["source_row"],
                "postcode",
                ended["postcode"],
                "postcode {value} has been terminated: area taken from its last known LSOA",
            )
    if kind == "excerpts":
        con.register("_excerpts_check", validated.frame[["source_row", "narrative_id", "excerpt_text"]])
        try:
            missing = con.execute(
                """
                select e.source_row, e.excerpt_text
                from _excerpts_check as e
                inner join narratives as n on n.narrative_id = e.narrative_id
                where strpos(lower(n.note), lower(e.excerpt_text)) = 0
                """
            ).df()
        finally:
            con.unregister("_excerpts_check")
        _warn(
            validated,
            missing["source_row"],
            "excerpt",
            missing["excerpt_text"],
            "the excerpt is not word for word in its narrative's note",
        )
        retired = dict(
            con.execute(
                "select code_id, strftime(valid_to, '%d %b %Y') from codes "
                "where coalesce(retired, false) and merged_into is null"
            ).fetchall()
        )
        old = validated.frame[validated.frame["code_id"].isin(set(retired))]
        _warn(
            validated,
            old["source_row"],
            "code",
            old["code_id"],
            "code {value} is retired (kept for history): imported as it is; use a current code for new coding",
        )


# --- writing -------------------------------------------------------------------------------------


def _staged(kind: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Rows in the shape the staging SQL expects (+ the packs of engagement rows)."""
    frame = frame.drop(columns=["source_row"], errors="ignore")
    if kind != "engagement":
        return frame, None
    entries: list[str] = []
    languages: list[str] = []
    counts: list[int] = []
    sigs: list[str] = []  # per row, its packs as 'language:n;...' (ids are unique after validation)
    for entry, langs in zip(frame["entry_id"], frame["packs"], strict=True):
        parts = []
        for lang, n in sorted((langs or {}).items()):
            if n:
                entries.append(entry)
                languages.append(lang)
                counts.append(int(n))
                parts.append(f"{lang}:{int(n)}")
        sigs.append(";".join(parts))
    packs_frame = pd.DataFrame(
        {
            "entry_id": pd.Series(entries, dtype=object),
            "language": pd.Series(languages, dtype=object),
            "packs": pd.Series(counts, dtype="int64"),
        }
    )
    frame = frame.drop(columns=["packs"]).assign(packs_sig=sigs)
    return frame, packs_frame


_RESOLVE = {
    "narratives": """
        create or replace temp view _incoming as
        select
            s.narrative_id, s.collected_on::date as collected_on, s.collected_by, s.collector_ref, s.venue_id,
            coalesce(p.postcode_district, case when s.postcode_status = 'pending'
                                               then split_part(s.postcode, ' ', 1) end) as postcode_district,
            case
                when s.postcode_status <> 'pending' then s.postcode_status
                when p.postcode is null then 'unknown'
                when p.terminated is not null then 'terminated'
                else 'ok'
            end as postcode_status,
            p.lsoa_code, l.imd_decile, l.core20,
            coalesce(l.locality, 'Unknown') as locality,
            s.ethnicity, s.ethnic_group, s.rating::tinyint as rating, s.care_stages::varchar[] as care_stages,
            s.first_baby::boolean as first_baby, s.age_band, s.provider, s.note
        from _staged as s
        -- one equality (a hash join): 'pending' and p.postcode = s.postcode in the join condition made DuckDB
        -- compare every narrative with every reference postcode (a nested loop, 50 s at a million)
        left join postcodes as p on p.postcode = case when s.postcode_status = 'pending' then s.postcode end
        left join lsoa as l on l.lsoa_code = p.lsoa_code
    """,
    "venues": """
        create or replace temp view _incoming as
        select
            s.venue_id, s.name, s.venue_type, s.postcode, p.postcode_district, p.lsoa_code,
            coalesce(l.locality, 'Unknown') as locality, p.lon, p.lat, s.active::boolean as active
        from _staged as s
        left join postcodes as p on p.postcode = s.postcode
        left join lsoa as l on l.lsoa_code = p.lsoa_code
    """,
    # The anonymised wording done before the write lock (_known) is written with the row, so no update of
    # millions of rows follows; a wording not in _known stays null and is anonymised in the transaction.
    "excerpts": """
        create or replace temp view _incoming as
        select
            s.excerpt_id, s.narrative_id, s.code_id, s.theme_id, s.care_stage, s.excerpt_text,
            k.anonymised_text, k.anonymiser
        from _staged as s
        left join _known as k on k.excerpt_text = s.excerpt_text
    """,
    "engagement": """
        create or replace temp view _incoming as
        select
            s.entry_id, s.activity_date::date as activity_date, s.venue_id, s.activity_type,
            s.women_engaged::integer as women_engaged, s.narratives_collected::integer as narratives_collected,
            s.connectors_present::integer as connectors_present, s.note, s.packs_sig
        from _staged as s
    """,
}


def _classify_sql(kind: str, columns: list[str]) -> str:
    """SQL that labels each incoming row insert / update / same against the stored table."""
    table, key = _TABLE[kind], _KEY[kind]
    data_cols = [c for c in columns if c not in (key, "import_id", "anonymised_text", "anonymiser")]
    incoming = ", ".join(f"i.{c}" for c in data_cols)
    stored = ", ".join(f"t.{c}" for c in data_cols)
    extra_from = ""
    if kind == "engagement":
        incoming += ", i.packs_sig"
        stored += ", coalesce(pk.sig, '')"
        extra_from = (
            " left join (select entry_id, string_agg(language || ':' || packs, ';' order by language) as sig"
            " from engagement_packs group by entry_id) as pk on pk.entry_id = i.entry_id"
        )
    # Identifiers come from the schema and the constants above, never from input.
    return (
        "create or replace temp table _changes as select i.*, row_number() over () as _n, "  # noqa: S608
        f"case when t.{key} is null then 'insert' "
        f"when row({incoming}) is distinct from row({stored}) then 'update' else 'same' end as _change "
        f"from _incoming as i left join {table} as t on t.{key} = i.{key}{extra_from}"
    )


def _write_sql(kind: str, columns: list[str], replace: bool = True) -> str:
    """SQL that upserts one chunk of changed rows, stamping the import id (a plain insert, much faster at a
    million rows, when no row of the file replaces a stored one)."""
    table = _TABLE[kind]
    cols = [c for c in columns if c != "import_id"]
    names = ", ".join(cols + ["import_id"])
    values = ", ".join(cols + ["$import_id"])
    # Identifiers come from the schema; values are bound parameters.
    return (
        f"insert {'or replace ' if replace else ''}into {table} ({names}) select {values} from _changes "  # noqa: S608
        "where _change <> 'same' and _n > $lo and _n <= $hi"
    )


def commit(
    con: duckdb.DuckDBPyConnection,
    checked: Checked,
    user: str | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    on_commit: Callable[[duckdb.DuckDBPyConnection, ImportResult], None] | None = None,
    role: str | None = None,
    record_kind: str | None = None,
    offload: Offload | None = None,
    around_write: Callable[[], AbstractContextManager] | None = None,
) -> ImportResult:
    """Write a checked file's accepted rows in one transaction and record the import.

    `on_commit(con, result)` runs inside the same transaction just before it commits (e.g. to write
    an audit row); if it raises, the whole write is rolled back. `record_kind` names the import in
    `imports` and the audit trail when it is not a file of `checked.kind` (e.g. 'coding' for the
    Coding page); the rows are still checked and written as `checked.kind`. `offload` (see `check`)
    runs the anonymisation done before the write lock. `around_write()` is entered just before the
    transaction begins and left once it has committed or rolled back, after the slow work (the dashboard
    notes the write as under way there, ui.data.writing).
    """
    validated = checked.validated
    if validated.errors and not skip_invalid:
        raise ImportRejected(checked)
    kind = checked.kind
    recorded = record_kind or kind
    report = progress or (lambda fraction, message: None)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    import_id = f"{recorded}-{now:%Y%m%d%H%M%S%f}-{checked.sha256[:8]}"
    staged, packs = _staged(kind, validated.frame)
    columns = [c for c in table_columns(con, _TABLE[kind]) if c != "import_id"]
    counts = {"insert": 0, "update": 0, "same": 0}
    con.register("_staged", staged)
    try:
        # Slow work first, without the write lock: audit rows, sign-ins and other writers are not held up.
        known = _anonymise_before_lock(con, report, offload) if kind == "excerpts" else None
        if known is not None:
            con.register("_known", _known_frame(known))
        with around_write() if around_write is not None else nullcontext(), transaction(con):
            report(0.05, "Resolving postcodes and references")
            con.execute(_RESOLVE[kind])
            con.execute(_classify_sql(kind, columns))
            for change, n in con.execute("select _change, count(*) from _changes group by all").fetchall():
                counts[change] = n
            _record_changes(con, kind, import_id, updates=counts["update"] > 0)
            feeds, touched = _touched_narratives(con, kind)
            total = len(staged)
            write = _write_sql(kind, columns, replace=counts["update"] > 0)
            # at most _STEPS chunks (see there), of at least _CHUNK rows
            chunk = max(_CHUNK, -(-total // _STEPS))
            for lo in range(0, max(total, 1), chunk):
                report(0.1 + 0.8 * lo / max(total, 1), f"Writing rows {lo + 1:,}-{min(lo + chunk, total):,}")
                upsert(con, write, {"import_id": import_id, "lo": lo, "hi": lo + chunk})
            if kind == "engagement":
                _write_packs(con, packs, every_entry_changed=counts["same"] == 0)
                # the engagement pre-aggregates follow, for the venues this import touched, in this transaction
                aggregates.refresh_engagement(con, aggregates.engagement_venues(con, import_id))
            if kind == "excerpts":  # anonymise each new or changed excerpt once, in this transaction
                from insights.quotes import review as quotes

                quotes.after_import(
                    con, import_id, progress=lambda f, m: report(0.9 + 0.09 * f, m), known=known
                )
            if feeds:  # the pre-aggregated tables follow in this transaction
                report(0.99, "Updating the summary tables")
                aggregates.refresh(con, touched)
            append_frame(
                con,
                "imports",
                pd.DataFrame(
                    [
                        {
                            "import_id": import_id,
                            "kind": recorded,
                            "file_name": checked.file_name,
                            "sha256": checked.sha256,
                            "imported_at": now,
                            "imported_by": user or _default_user(),
                            "rows_total": validated.total_rows,
                            "rows_accepted": len(staged),
                            "rows_rejected": len(validated.rejected_rows),
                            "rows_inserted": counts["insert"],
                            "rows_updated": counts["update"],
                            "rows_unchanged": counts["same"],
                            "mode": "skip-invalid-rows" if skip_invalid else "all-or-nothing",
                            "undoable": True,
                        }
                    ]
                ),
            )
            result = ImportResult(
                import_id,
                recorded,
                checked.file_name,
                validated.total_rows,
                len(staged),
                len(validated.rejected_rows),
                counts["insert"],
                counts["update"],
                counts["same"],
            )
            audit.record(
                con,
                user or _default_user(),
                "import",
                role=role,
                object_type=recorded,
                object_id=import_id,
                details={
                    "file_name": checked.file_name[: audit.MAX_DETAIL_TEXT],
                    "sha256": checked.sha256,
                    "mode": "skip-invalid-rows" if skip_invalid else "all-or-nothing",
                    "rows_total": result.rows_total,
                    "rows_accepted": result.rows_accepted,
                    "rows_rejected": result.rows_rejected,
                    "rows_inserted": result.rows_inserted,
                    "rows_updated": result.rows_updated,
                    "rows_unchanged": result.rows_unchanged,
                },
            )
            if on_commit is not None:
                on_commit(con, result)
            report(1.0, "Committed")
    finally:
        con.unregister("_staged")
        if kind == "excerpts":
            con.unregister("_known")
        for temp in ("_incoming", "_changes"):
            con.execute(_DROP[temp])
    return result


#: _incoming is a view over the registered frame (resolving postcodes and references as _changes is
#: made): a table of its own was a third copy of the file's rows, 120 MB more at the 200,000-row import.
_DROP = {"_incoming": "drop view if exists _incoming", "_changes": "drop table if exists _changes"}

# Identifiers come from the constants above, never from input; the import id is bound.
_RECORD_CHANGES = {
    kind: (
        "insert into import_changes select $import_id, "  # noqa: S608
        f"'{_TABLE[kind]}', c.{_KEY[kind]}, c._change, "
        f"case when c._change = 'update' then to_json(t)::varchar end "
        f"from _changes as c left join {_TABLE[kind]} as t on t.{_KEY[kind]} = c.{_KEY[kind]} "
        "where c._change <> 'same'"
    )
    for kind in _TABLE
}
_RECORD_INSERTS = {
    kind: (
        "insert into import_changes select $import_id, "  # noqa: S608
        f"'{_TABLE[kind]}', c.{_KEY[kind]}, c._change, null::varchar "
        "from _changes as c where c._change <> 'same'"
    )
    for kind in _TABLE
}
_RECORD_PACK_INSERTS = (
    "insert into import_changes select $import_id, 'engagement_packs', c.entry_id, c._change, null::varchar "
    "from _changes as c where c._change <> 'same'"
)
_RECORD_PACKS = """
    insert into import_changes
    select $import_id, 'engagement_packs', c.entry_id, c._change,
        case when c._change = 'update' then coalesce((
            select to_json(list({'language': p.language, 'packs': p.packs} order by p.language))
            from engagement_packs as p where p.entry_id = c.entry_id
        ), '[]')::varchar end
    from _changes as c
    where c._change <> 'same'
"""


_NEEDS_ANONYMISING = """
    select distinct s.excerpt_text
    from _staged as s
    left join coded_excerpts as e on e.excerpt_id = s.excerpt_id
    where e.excerpt_id is null
        or e.anonymised_text is null
        or row(s.narrative_id, s.code_id, s.theme_id, s.care_stage, s.excerpt_text)
            is distinct from row(e.narrative_id, e.code_id, e.theme_id, e.care_stage, e.excerpt_text)
"""


_STALE_ANONYMISED = """
    select distinct excerpt_text from coded_excerpts
    where anonymised_text is not null and anonymiser is distinct from $label
"""


def _anonymise_before_lock(
    con: duckdb.DuckDBPyConnection, report: Progress, offload: Offload | None = None
) -> tuple[dict[str, str], str]:
    """Anonymise the wordings of new or changed excerpts before the write transaction.

    Inside the transaction the rows are classified again (authoritatively); any wording not done here
    (a row changed meanwhile) is anonymised there, as before.
    """
    from insights.quotes import review as quotes

    texts = [r[0] for r in con.execute(_NEEDS_ANONYMISING).fetchall()]
    # stored excerpts anonymised by older rules are redone by this import too (quotes.after_import); the
    # engine's label comes from where the anonymising runs (the import worker): asking for it here loaded
    # presidio and spaCy into the server's interpreter on the first excerpts import (13.7 s, every session
    # waiting)
    label = (offload or _here)(anonymiser_label)
    if label:
        stale = con.execute(_STALE_ANONYMISED, {"label": label}).fetchall()
        texts = list(dict.fromkeys([*texts, *(r[0] for r in stale)]))
    if not texts:
        return {}, ""
    return (offload or _here)(quotes.anonymise_texts, texts, progress=lambda f, m: report(0.05 * f, m))


def anonymiser_label() -> str | None:
    """The anonymiser's engine label, or None when it is unavailable (run where the anonymising runs)."""
    from insights.quotes import anonymise

    try:
        return anonymise.get().label
    except anonymise.AnonymiserUnavailable:
        return None


def _here(fn: Callable, *args, **kwargs):
    return fn(*args, **kwargs)


_TOUCHED = {
    "narratives": "select narrative_id from _changes where _change <> 'same'",
    "excerpts": (
        "select narrative_id from _changes where _change <> 'same' "
        "union select e.narrative_id from coded_excerpts as e "
        "inner join _changes as c on c.excerpt_id = e.excerpt_id and c._change = 'update'"
    ),
}


def _touched_narratives(con: duckdb.DuckDBPyConnection, kind: str) -> tuple[bool, list[str] | None]:
    """Whether this import feeds the pre-aggregated tables, and the narratives whose row or excerpts it
    changes (read before the write, so an updated excerpt's old narrative is included; None = so many
    that insights.analysis.aggregates.refresh rebuilds everything)."""
    if kind not in _TOUCHED:
        return False, None
    # at most one more than FULL_ABOVE is fetched: past that the refresh rebuilds everything
    rows = con.execute(_TOUCHED[kind]).fetchmany(aggregates.FULL_ABOVE + 1)
    if len(rows) > aggregates.FULL_ABOVE:
        return True, None
    return True, [r[0] for r in rows]


def _known_frame(known: tuple[dict[str, str], str]) -> pd.DataFrame:
    """Wordings anonymised before the write lock, as rows (excerpt_text, anonymised_text, anonymiser)."""
    done, label = known
    return pd.DataFrame(
        {
            "excerpt_text": pd.Series(list(done.keys()), dtype="str"),
            "anonymised_text": pd.Series(list(done.values()), dtype="str"),
            "anonymiser": pd.Series([label] * len(done), dtype="str"),
        }
    )


def _record_changes(con: duckdb.DuckDBPyConnection, kind: str, import_id: str, updates: bool = True) -> None:
    """Keep, per row this import inserts or updates, its key and its stored values before (for undo).
    With no update among the changes there are no stored values to keep: the join to the table is skipped."""
    con.execute((_RECORD_CHANGES if updates else _RECORD_INSERTS)[kind], {"import_id": import_id})
    if kind == "engagement":
        con.execute(_RECORD_PACKS if updates else _RECORD_PACK_INSERTS, {"import_id": import_id})


def _write_packs(
    con: duckdb.DuckDBPyConnection, packs: pd.DataFrame | None, every_entry_changed: bool = False
) -> None:
    """Replace the packs of every inserted or updated engagement entry (`every_entry_changed`: no entry of
    the file is unchanged, so all its packs are written without matching them to the changes)."""
    con.execute(
        "delete from engagement_packs where entry_id in (select entry_id from _changes where _change <> 'same')"
    )
    if packs is not None and len(packs):
        con.register("_packs", packs)
        try:
            con.execute(_INSERT_PACKS[every_entry_changed])
        finally:
            con.unregister("_packs")


_INSERT_PACKS = {
    False: """
        insert into engagement_packs
        select p.entry_id, p.language, p.packs
        from _packs as p
        inner join _changes as c on c.entry_id = p.entry_id and c._change <> 'same'
    """,
    True: "insert into engagement_packs select entry_id, language, packs from _packs",
}


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 -- no login name in some containers
        return "unknown"


def kind_from_name(file_name: str) -> str | None:
    """Guess the template kind from a file name such as 'narratives_march.xlsx'."""
    stem = Path(file_name).stem.lower()
    for kind in ORDER:
        if kind.rstrip("s") in stem:
            return kind
    return None


def import_file(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    path: Path,
    user: str | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> tuple[Checked, ImportResult]:
    """Check then commit one file (the CLI path)."""
    checked = check(con, kind, Path(path).read_bytes(), Path(path).name)
    return checked, commit(con, checked, user=user, skip_invalid=skip_invalid, progress=progress)
