"""Pre-aggregated tables the pages read at scale (migration 0007): ONE function, `refresh()`, keeps them.

Tables (derived only, rebuilt from narratives, coded_excerpts and the codebook; never history):

- `agg_bits`: which bit of the masks stands for which theme, category and (category, theme) pair;
- `agg_narratives`: one row per narrative with the shared filter columns, the comparison-group columns and
  the rating, her excerpt count, and her themes / categories / (category, theme) pairs as bit masks;
- `agg_quote_keys`: each anonymised wording's quote grouping key (insights.quotes.groups.quote_key);
- `agg_quote_contexts` (migration 0008): one row per anonymised wording and context (theme, category, care
  stage, the woman's ethnic group and Core20 flag) with its excerpt count and first excerpt id, which the
  Quote review list and its counters read instead of every excerpt (review decisions stay in quote_reviews);
- `agg_venue_days`, `agg_venue_day_packs` (migration 0008): the engagement log per venue and day (entries,
  women engaged, narratives collected, packs) and its packs per venue, day and language, which the Reach page
  reads instead of joining every log entry to its packs. Kept by `refresh_engagement(con, venue_ids)`, called
  by the engagement log's one write path (insights.ingest.load.commit: imports and the Engagement log form)
  and by the undo, in their transaction.

Who calls `refresh(con, narrative_ids=...)`: every writer of narratives, coded_excerpts or the codebook,
inside its own write transaction, after its write: the import (insights.ingest.load.commit), the undo
(insights.ingest.undo), the deprivation-vintage switch (it rewrites area fields), and writers added later
(the coding page, agreement settlement, codebook merge). Pass the ids of the narratives whose rows or
excerpts changed for an incremental refresh (fast for a handful), or nothing for a full rebuild. A changed
codebook (themes, categories, codes or their cross-cutting tags) always rebuilds in full, since bits and
masks depend on it. A write that changes only anonymised wordings (the anonymise and re-anonymise commands)
calls `refresh_quotes(con)`. The result is the same either way; tests/test_aggregates.py checks it against a
from-scratch computation after import, undo and a second import.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

_SQL = Path(__file__).resolve().parent / "sql"

#: Tables this module writes (for insights.store.versions: cached results that read them are dropped).
TABLES = ("agg_bits", "agg_narratives", "agg_quote_keys", "agg_quote_contexts")
#: Tables refresh_engagement() writes.
ENGAGEMENT_TABLES = ("agg_venue_days", "agg_venue_day_packs")

#: An incremental refresh of more narratives than this is done as a full rebuild (cheaper at that size).
FULL_ABOVE = 50_000

_MAX_BITS = {"theme": 64, "category": 64, "category_theme": 128}


def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _bits_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when agg_bits matches the codebook as it is now (same items, same bits)."""
    wanted = con.execute(_sql("aggregates_bits_wanted")).fetchall()
    stored = con.execute("select item_kind, item_id, theme_id, bit from agg_bits order by all").fetchall()
    return sorted(wanted) == stored


def _refresh_bits(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from agg_bits")
    con.execute("insert into agg_bits " + _sql("aggregates_bits_wanted"))
    over = con.execute("select item_kind, max(bit) + 1 from agg_bits group by item_kind").fetchall()
    for kind, n in over:
        if n > _MAX_BITS[kind]:
            raise ValueError(
                f"the codebook has too many {kind.replace('_', ' ')} items ({n}) for the pre-aggregated "
                f"tables (at most {_MAX_BITS[kind]})"
            )


def refresh(con: duckdb.DuckDBPyConnection, narrative_ids: Iterable[str] | None = None) -> str:
    """Bring the pre-aggregated tables up to date after a write; call it inside the writer's transaction.

    `narrative_ids`: the narratives whose own row or whose coded excerpts were inserted, updated or
    deleted (None = rebuild everything). Returns 'full' or 'incremental' (what was done).
    """
    ids = None if narrative_ids is None else list(dict.fromkeys(narrative_ids))
    full = ids is None or len(ids) > FULL_ABOVE or not _bits_current(con)
    if full:
        _refresh_bits(con)
        con.execute("delete from agg_narratives")
        con.execute("insert into agg_narratives " + _narratives_sql(False))
        refresh_quotes(con)
        return "full"
    if ids:
        con.register("_agg_ids", pd.DataFrame({"narrative_id": pd.Series(ids, dtype="object")}))
        try:
            con.execute(
                "delete from agg_narratives where narrative_id in (select narrative_id from _agg_ids)"
            )
            con.execute("insert into agg_narratives " + _narratives_sql(True))
            con.execute(_sql("aggregates_quote_keys").replace("{where_x}", _WHERE["x"]))
            _refresh_contexts(
                con, _sql("aggregates_quote_wordings_changed").replace("{where_x}", _WHERE["x"])
            )
        finally:
            con.unregister("_agg_ids")
    return "incremental"


def refresh_quotes(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the quote tables (keys and contexts) whole: after a write that changed anonymised wordings only."""
    con.execute("delete from agg_quote_keys")
    con.execute(_sql("aggregates_quote_keys").replace("{where_x}", ""))
    con.execute("delete from agg_quote_contexts")
    con.execute(_sql("aggregates_quote_contexts").replace("{where_w}", ""))


def _refresh_contexts(con: duckdb.DuckDBPyConnection, changed_sql: str) -> bool:
    """Rebuild agg_quote_contexts for the wordings `changed_sql` selects (fixed texts from this module);
    True when there were any."""
    con.execute(f"create or replace temp table _agg_wordings as {changed_sql}")
    try:
        changed = con.execute("select count(*) from _agg_wordings").fetchone()[0]
        if changed:
            con.execute(
                "delete from agg_quote_contexts where anonymised_text in (select anonymised_text from _agg_wordings)"
            )
            con.execute(_sql("aggregates_quote_contexts").replace("{where_w}", _WHERE["w"]))
    finally:
        con.execute("drop table if exists _agg_wordings")
    return bool(changed)


# Fixed texts (no input) that restrict a rebuild to the registered ids.
_WHERE = {
    "x": "where x.narrative_id in (select narrative_id from _agg_ids)",
    "n": "where n.narrative_id in (select narrative_id from _agg_ids)",
    "w": "where x.anonymised_text in (select anonymised_text from _agg_wordings)",
    "v": "where e.venue_id in (select venue_id from _agg_venues)",
}

#: The venues an import's engagement entries are at now, and were at before it changed them (import_changes).
_IMPORT_VENUES = """
select e.venue_id
from engagement_log as e
where e.entry_id in (
    select row_key from import_changes where import_id = $id and table_name = 'engagement_log'
)
union
select json_extract_string(c.before, '$.venue_id')
from import_changes as c
where c.import_id = $id and c.table_name = 'engagement_log' and c.before is not null
"""


def engagement_venues(con: duckdb.DuckDBPyConnection, import_id: str) -> list[str]:
    """Venues whose engagement an import changed (call after its write; an undo also before its own)."""
    return [r[0] for r in con.execute(_IMPORT_VENUES, {"id": import_id}).fetchall() if r[0] is not None]


def refresh_engagement(con: duckdb.DuckDBPyConnection, venue_ids: Iterable[str] | None = None) -> str:
    """Bring agg_venue_days and agg_venue_day_packs up to date after a write to engagement_log or
    engagement_packs, inside the writer's transaction: for these venues (None = rebuild everything)."""
    ids = None if venue_ids is None else list(dict.fromkeys(venue_ids))
    if ids is None or len(ids) > FULL_ABOVE:
        for table in ENGAGEMENT_TABLES:
            con.execute(f"delete from {table}")  # noqa: S608 -- fixed names
        con.execute(_sql("aggregates_venue_days").replace("{where_v}", ""))
        con.execute(_sql("aggregates_venue_day_packs").replace("{where_v}", ""))
        return "full"
    if ids:
        con.register("_agg_venues", pd.DataFrame({"venue_id": pd.Series(ids, dtype="object")}))
        try:
            for table in ENGAGEMENT_TABLES:
                con.execute(f"delete from {table} where venue_id in (select venue_id from _agg_venues)")  # noqa: S608
            con.execute(_sql("aggregates_venue_days").replace("{where_v}", _WHERE["v"]))
            con.execute(_sql("aggregates_venue_day_packs").replace("{where_v}", _WHERE["v"]))
        finally:
            con.unregister("_agg_venues")
    return "incremental"


_ENGAGEMENT_STALE = """
select (select count(*) from engagement_log) is distinct from (select coalesce(sum(entries), 0) from agg_venue_days)
    or (select coalesce(sum(packs), 0) from engagement_packs)
       is distinct from (select coalesce(sum(packs), 0) from agg_venue_day_packs)
"""


def _select_of(name: str) -> str:
    """A build file's query without its `insert into` line (what the table should hold now)."""
    lines = _sql(name).replace("{where_v}", "").splitlines()
    return "\n".join(line for line in lines if not line.startswith("insert into"))


def _narratives_sql(only_ids: bool) -> str:
    sql = _sql("aggregates_narratives")
    for alias in ("x", "n"):
        sql = sql.replace(f"{{where_{alias}}}", _WHERE[alias] if only_ids else "")
    return sql


def ensure(con: duckdb.DuckDBPyConnection) -> bool:
    """Fill the tables when they are out of step with the data (a database from before migration 0007, or
    written by a program that did not refresh): a cheap count check; True when it rebuilt them."""
    stale = con.execute(
        """
        select (select count(*) from narratives) <> (select count(*) from agg_narratives)
            or (select count(*) from agg_bits) = 0 and exists (select 1 from themes)
            or (select sum(excerpts) from agg_narratives) is distinct from
               (select nullif(count(*), 0) from coded_excerpts)
        """
    ).fetchone()[0]
    rebuilt = False
    if con.execute(_ENGAGEMENT_STALE).fetchone()[0]:  # e.g. a database from before migration 0008
        refresh_engagement(con)
        rebuilt = True
    if stale:
        refresh(con)
        return True
    # Wordings whose excerpt count differs from agg_quote_contexts' (a database from before migration 0008,
    # or wordings rewritten by a program that did not refresh): keyed and rebuilt (one scan of the excerpts).
    con.execute(_sql("aggregates_quote_keys").replace("{where_x}", ""))
    changed = _refresh_contexts(
        con, _sql("aggregates_quote_wordings_changed").replace("{where_x}", "where false")
    )
    return changed or rebuilt


# 128-bit masks have no NumPy type: compared as text.
_AS_TEXT = "replace (category_theme_mask::varchar as category_theme_mask)"


def from_scratch(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """What the tables should hold, computed now from the source tables (for tests and checks)."""
    # Fixed texts from this module, no input.
    nar = con.execute(f"select * {_AS_TEXT} from ({_narratives_sql(False)}) order by narrative_id").df()  # noqa: S608
    keys = con.execute(
        "select distinct anonymised_text, quote_key(anonymised_text) as quote_key from coded_excerpts "
        "where anonymised_text is not null order by all"
    ).df()
    contexts = con.execute(
        "select * from (" + _CONTEXTS_FROM_SCRATCH + ") order by all"  # noqa: S608 -- fixed text
    ).df()
    engagement = {
        table: con.execute(f"select * from ({_select_of('aggregates_' + table[4:])}) order by all").df()  # noqa: S608
        for table in ENGAGEMENT_TABLES
    }
    return {"agg_narratives": nar, "agg_quote_keys": keys, "agg_quote_contexts": contexts, **engagement}


# agg_quote_contexts computed with each wording's key worked out now (not read from agg_quote_keys).
_CONTEXTS_FROM_SCRATCH = """
select x.anonymised_text, quote_key(x.anonymised_text) as quote_key, x.theme_id, co.category_id, x.care_stage,
    n.ethnic_group, n.core20, count(*)::integer as excerpts, min(x.excerpt_id) as first_excerpt_id
from coded_excerpts as x
left join codes as co on co.code_id = x.code_id
left join narratives as n on n.narrative_id = x.narrative_id
where x.anonymised_text is not null
group by all
"""


def stored(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """What the tables hold now, in the same shape as from_scratch()."""
    return {
        "agg_narratives": con.execute(f"select * {_AS_TEXT} from agg_narratives order by narrative_id").df(),  # noqa: S608
        "agg_quote_keys": con.execute("select * from agg_quote_keys order by all").df(),
        "agg_quote_contexts": con.execute("select * from agg_quote_contexts order by all").df(),
        **{t: con.execute(f"select * from {t} order by all").df() for t in ENGAGEMENT_TABLES},  # noqa: S608
    }
