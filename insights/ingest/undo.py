"""Withdraw (undo) one mistaken import: its new rows removed, the rows it changed restored.

Every import records in `import_changes`, per row it inserted or updated, the row's key and (for an
update) the row as it was before (insights.ingest.load._record_changes). `withdraw()` then, in ONE
transaction with its audit row: deletes the rows the import inserted, puts back the before-image of
the rows it updated (engagement packs included), marks the import withdrawn (`withdrawn_at`,
`withdrawn_by`), and keeps derived data consistent: the pre-aggregated tables are refreshed (insights.analysis.aggregates), the quote search
index is rebuilt, and any excerpt whose wording is removed or restored goes back to pending review
(its decision was about the withdrawn wording; the review history itself is kept, never deleted).

It is refused, with the reason, when:
- the import is unknown, already withdrawn, or was made before imports recorded their changes;
- a row it wrote has been changed since by a later import or an in-app edit (withdraw that first);
- a row it added is used by rows that came later (excerpts of a woman it added, a narrative or
  engagement entry at a venue it added).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from insights.access import audit
from insights.analysis import aggregates
from insights.store.db import transaction

#: table -> key column (the tables an import writes).
KEYS = {
    "venues": "venue_id",
    "narratives": "narrative_id",
    "coded_excerpts": "excerpt_id",
    "engagement_log": "entry_id",
}

#: Rows that point at a row of the key table: (table, column) pairs that must not be left dangling.
_DEPENDENTS = {
    "narratives": [("coded_excerpts", "narrative_id")],
    "venues": [("narratives", "venue_id"), ("engagement_log", "venue_id")],
}

_MAX_LISTED = 3


class UndoRefused(ValueError):
    """The import cannot be withdrawn; the message says why and what to do."""


@dataclass
class UndoResult:
    """What withdrawing an import did."""

    import_id: str
    kind: str
    file_name: str
    rows_removed: int
    rows_restored: int
    reviews_reopened: int

    def summary(self) -> str:
        """One plain-English line."""
        return (
            f"Import {self.import_id} ({self.file_name}) withdrawn: {self.rows_removed} added rows removed, "
            f"{self.rows_restored} changed rows restored to their earlier values"
            + (f", {self.reviews_reopened} quotes sent back for review." if self.reviews_reopened else ".")
        )


def _import(con: duckdb.DuckDBPyConnection, import_id: str) -> dict:
    row = con.execute(
        "select import_id, kind, file_name, imported_at, withdrawn_at, withdrawn_by, undoable "
        "from imports where import_id = $id",
        {"id": import_id},
    ).fetchone()
    if row is None:
        raise UndoRefused(f"There is no import {import_id!r}: see the import history for the ids.")
    keys = ("import_id", "kind", "file_name", "imported_at", "withdrawn_at", "withdrawn_by", "undoable")
    return dict(zip(keys, row, strict=True))


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:_MAX_LISTED])
    return shown + (f" and {len(items) - _MAX_LISTED} more" if len(items) > _MAX_LISTED else "")


def check(con: duckdb.DuckDBPyConnection, import_id: str) -> dict:
    """Why this import cannot be withdrawn (raises UndoRefused), else its record."""
    imp = _import(con, import_id)
    if imp["withdrawn_at"] is not None:
        raise UndoRefused(
            f"Import {import_id} was already withdrawn on {imp['withdrawn_at']:%d %b %Y %H:%M} UTC "
            f"by {imp['withdrawn_by']}."
        )
    if not imp["undoable"]:
        raise UndoRefused(
            f"Import {import_id} was made before imports kept what they changed, so it cannot be withdrawn "
            "automatically: correct the rows with a new import instead."
        )
    for table, key in KEYS.items():
        # Rows this import wrote whose current version is not this import's any more.
        later = con.execute(
            f"""
            select coalesce(t.import_id, '(deleted)') as by_import, count(*) as n
            from import_changes as c
            left join {table} as t on t.{key} = c.row_key
            where c.import_id = $id and c.table_name = '{table}'
                and t.import_id is distinct from $id
            group by all order by all
            """,  # noqa: S608 -- identifiers from KEYS, the id is bound
            {"id": import_id},
        ).fetchall()
        if later:
            n = sum(r[1] for r in later)
            merged = sorted({r[0] for r in later if str(r[0]).startswith("codebook-v")})
            if merged:  # insights.coding.manage.recode_excerpts stamps the rows a merge recoded
                raise UndoRefused(
                    f"Import {import_id} cannot be withdrawn: {n} of the {table.replace('_', ' ')} rows it wrote "
                    f"were changed later, some recoded by a codebook merge ({_listed(merged)}, see the Codebook "
                    "page's history), which is not undone automatically. Correct the rows with a new import instead."
                )
            raise UndoRefused(
                f"Import {import_id} cannot be withdrawn: {n} of the {table.replace('_', ' ')} rows it wrote "
                f"were changed later (by {_listed([r[0] for r in later])}). Withdraw the later import(s) "
                "first, newest first."
            )
        for dep_table, column in _DEPENDENTS.get(table, []):
            users = con.execute(
                f"""
                select d.import_id, count(*) as n
                from {dep_table} as d
                inner join import_changes as c
                    on c.row_key = d.{column} and c.import_id = $id
                    and c.table_name = '{table}' and c.change = 'insert'
                where d.import_id is distinct from $id
                group by all order by all
                """,  # noqa: S608 -- identifiers from the constants above
                {"id": import_id},
            ).fetchall()
            if users:
                n = sum(r[1] for r in users)
                raise UndoRefused(
                    f"Import {import_id} cannot be withdrawn: {n} {dep_table.replace('_', ' ')} rows from "
                    f"later imports ({_listed([str(r[0]) for r in users])}) refer to {table} it added. "
                    "Withdraw those imports first."
                )
    return imp


def _struct_type(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The table's row type as a json_transform structure (from the schema, never from input)."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns where table_name = $t "
        "order by ordinal_position",
        {"t": table},
    ).fetchall()
    return "{" + ", ".join(f'"{c}": "{t}"' for c, t in rows) + "}"


_TOUCHED = """
    select row_key from import_changes where import_id = $id and table_name = 'narratives'
    union
    select e.narrative_id from coded_excerpts as e
    where e.excerpt_id in (
        select row_key from import_changes where import_id = $id and table_name = 'coded_excerpts'
    )
"""


def _touched_narratives(con: duckdb.DuckDBPyConnection, import_id: str) -> set[str]:
    """Narratives whose row or excerpts the import changed (for insights.analysis.aggregates.refresh)."""
    return {r[0] for r in con.execute(_TOUCHED, {"id": import_id}).fetchall()}


def withdraw(
    con: duckdb.DuckDBPyConnection, import_id: str, user: str, role: str | None = None
) -> UndoResult:
    """Withdraw one import in one transaction, audited (see the module docstring)."""
    if not user or not user.strip():
        raise ValueError("say who is withdrawing the import")
    with transaction(con):
        imp = check(con, import_id)
        removed = restored = 0
        touched = _touched_narratives(con, import_id)  # before: the narratives the excerpts belong to now
        venues = aggregates.engagement_venues(con, import_id)  # likewise the venues of its engagement entries
        changed_excerpts: list[str] = []
        for table, key in KEYS.items():
            counts = dict(
                con.execute(
                    "select change, count(*) from import_changes where import_id = $id and table_name = $t "
                    "group by all",
                    {"id": import_id, "t": table},
                ).fetchall()
            )
            if not counts:
                continue
            if table == "coded_excerpts":
                changed_excerpts = [
                    r[0]
                    for r in con.execute(
                        "select row_key from import_changes where import_id = $id and table_name = $t",
                        {"id": import_id, "t": table},
                    ).fetchall()
                ]
            # Identifiers from KEYS and the schema; values bound.
            con.execute(
                f"delete from {table} where {key} in (select row_key from import_changes "  # noqa: S608
                "where import_id = $id and table_name = $t)",
                {"id": import_id, "t": table},
            )
            con.execute(
                f"insert into {table} by name select unnest(json_transform(before, '{_struct_type(con, table)}')) "  # noqa: S608
                "from import_changes where import_id = $id and table_name = $t and change = 'update'",
                {"id": import_id, "t": table},
            )
            removed += counts.get("insert", 0)
            restored += counts.get("update", 0)
        con.execute(
            "delete from engagement_packs where entry_id in (select row_key from import_changes "
            "where import_id = $id and table_name = 'engagement_packs')",
            {"id": import_id},
        )
        con.execute(
            """
            insert into engagement_packs
            select c.row_key, p.language, p.packs
            from import_changes as c,
                unnest(json_transform(c.before, '[{"language": "VARCHAR", "packs": "INTEGER"}]')) as u(p)
            where c.import_id = $id and c.table_name = 'engagement_packs' and c.change = 'update'
            """,
            {"id": import_id},
        )
        reopened = 0
        if changed_excerpts:
            from insights.quotes import review as quotes

            reopened = quotes.reopen(
                con, changed_excerpts, "import undo", f"Import {import_id} was withdrawn; review it again."
            )
            quotes.build_search_index(con)
        if touched:  # ... and after, since a restored excerpt may belong to another narrative
            aggregates.refresh(con, touched | _touched_narratives(con, import_id))
        if venues:  # ... and a restored engagement entry to another venue
            aggregates.refresh_engagement(con, [*venues, *aggregates.engagement_venues(con, import_id)])
        con.execute(
            "update imports set withdrawn_at = $at, withdrawn_by = $by where import_id = $id",
            {"at": dt.datetime.now(dt.UTC).replace(tzinfo=None), "by": user.strip(), "id": import_id},
        )
        audit.record(
            con,
            user,
            "import_undo",
            role=role,
            object_type=imp["kind"],
            object_id=import_id,
            details={
                "file_name": str(imp["file_name"])[: audit.MAX_DETAIL_TEXT],
                "rows_removed": removed,
                "rows_restored": restored,
                "reviews_reopened": reopened,
            },
        )
    return UndoResult(import_id, imp["kind"], imp["file_name"], removed, restored, reopened)
