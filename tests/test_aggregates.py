"""Pre-aggregated tables (insights.analysis.aggregates): equal to a from-scratch computation after every writer,
and the queries that read them give exactly what the previous queries over the excerpts gave."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import queries
from insights.analysis import aggregates
from insights.analysis.filters import Filters
from insights.ingest import load as ingest
from insights.ingest import undo
from insights.store import db

REFERENCE = Path(__file__).parent / "fixtures" / "reference_queries"

#: The previous release's derived (woman, item) table, computed from the excerpts on the fly.
_ITEMS = """
narrative_items as (
    select distinct narrative_id, item_kind, item_id
    from (
        select x.narrative_id, 'theme' as item_kind, x.theme_id as item_id
        from coded_excerpts as x
        union all
        select x.narrative_id, 'category' as item_kind, c.category_id as item_id
        from coded_excerpts as x
        inner join codes as c on c.code_id = x.code_id
        union all
        select x.narrative_id, 'theme' as item_kind, unnest(string_split(c.cross_cutting, ';')) as item_id
        from coded_excerpts as x
        inner join codes as c on c.code_id = x.code_id
        where c.cross_cutting <> ''
    )
),
"""


def _reference(con, name: str, **params) -> pd.DataFrame:
    """The query as the previous release wrote it (over the excerpts), with the same parameters."""
    sql = (REFERENCE / f"{name}.sql").read_text(encoding="utf-8")
    sql = sql.replace("with base as (", "with " + _ITEMS + "base as (", 1)
    return con.execute(sql, params).df()


def _same(con, name: str, **params) -> None:
    new = queries.run(con, name, **params)
    old = _reference(con, name, **params)
    assert list(new.columns) == list(old.columns), name
    assert len(new) == len(old), name
    for column in new.columns:
        a, b = new[column].tolist(), old[column].tolist()
        if new[column].dtype.kind == "f" or old[column].dtype.kind == "f":
            assert pd.Series(a, dtype="float").round(9).equals(pd.Series(b, dtype="float").round(9)), (
                name,
                column,
            )
        else:
            assert [None if pd.isna(x) else x for x in a] == [None if pd.isna(x) else x for x in b], (
                name,
                column,
            )


def _filters() -> list[Filters]:
    return [
        Filters(),
        Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        Filters(localities=("Dartford", "Gravesham")),
        Filters(care_stages=("postnatal",), deprivation=("Core20", "Unknown")),
        Filters(collectors=("Community connector",), ethnic_groups=("Asian", "Black")),
    ]


def _assert_fresh(con) -> None:
    """The stored tables hold exactly what a from-scratch computation gives now."""
    want, have = aggregates.from_scratch(con), aggregates.stored(con)
    pd.testing.assert_frame_equal(
        have["agg_narratives"].reset_index(drop=True), want["agg_narratives"].reset_index(drop=True)
    )
    keys = have["agg_quote_keys"]
    assert not keys["anonymised_text"].duplicated().any()
    merged = want["agg_quote_keys"].merge(keys, on="anonymised_text", how="left", suffixes=("", "_stored"))
    assert merged["quote_key"].equals(merged["quote_key_stored"])  # every wording keyed, and rightly


def _import(con, kind: str, text: str, name: str) -> ingest.ImportResult:
    checked = ingest.check(con, kind, text.encode("utf-8"), name)
    assert not checked.validated.errors, checked.validated.report()
    return ingest.commit(con, checked, user="tester")


@pytest.fixture
def con(writable_db):
    con = db.connect(writable_db)
    yield con
    con.close()


def test_aggregates_follow_import_undo_and_a_second_import(con):
    _assert_fresh(con)
    assert con.execute("select count(*) from agg_narratives").fetchone()[0] == 12
    # an excerpts import: a new excerpt for T12, one excerpt moved from T01 to T02 with another code
    added = _import(
        con,
        "excerpts",
        "excerpt_id,narrative_id,code,theme,excerpt\n"
        "T12-2,T12,Felt listened to,Care & support,Midwife phoned\n"
        "T01-1,T02,Interpreter not offered,Barriers,Needed an interpreter in labour\n",
        "more.csv",
    )
    assert added.rows_inserted == 1 and added.rows_updated == 1
    _assert_fresh(con)
    # a narratives import that changes filter and group columns
    header, first, *_ = (
        (Path(__file__).parent / "fixtures" / "db" / "narratives.csv").read_text().splitlines()
    )
    changed = _import(
        con, "narratives", "\n".join([header, first.replace("T01,", "T98,", 1)]) + "\n", "n.csv"
    )
    assert changed.rows_inserted == 1
    _assert_fresh(con)
    undo.withdraw(con, changed.import_id, "officer")
    _assert_fresh(con)
    undo.withdraw(con, added.import_id, "officer")
    _assert_fresh(con)
    # a second import of the same excerpts after the undo
    again = _import(
        con,
        "excerpts",
        "excerpt_id,narrative_id,code,theme,excerpt\nT12-2,T12,Felt listened to,Care & support,Midwife phoned\n",
        "again.csv",
    )
    assert again.rows_inserted == 1
    _assert_fresh(con)


def test_incremental_and_full_refresh_agree(con):
    with db.transaction(con):
        con.execute("update narratives set rating = 2, locality = 'Swanley' where narrative_id = 'T03'")
        con.execute("delete from coded_excerpts where narrative_id = 'T04'")
        assert aggregates.refresh(con, ["T03", "T04"]) == "incremental"
    _assert_fresh(con)
    with db.transaction(con):
        con.execute("delete from agg_narratives")
    assert aggregates.ensure(con) is True  # out of step: rebuilt in full
    _assert_fresh(con)
    assert aggregates.ensure(con) is False


def test_codebook_change_rebuilds_the_bits(con):
    with db.transaction(con):
        con.execute("update categories set sort_order = -1 where category_id = 'good_communication'")
        assert aggregates.refresh(con, ["T01"]) == "full"
    _assert_fresh(con)


def test_old_database_is_filled_on_open(con):
    with db.transaction(con):
        con.execute("delete from agg_narratives")
        con.execute("delete from agg_bits")
    db.ensure_derived(con)
    _assert_fresh(con)


@pytest.mark.parametrize("kind", ["fixture", "demo"])
def test_queries_give_what_the_excerpt_queries_gave(make_db, kind):
    con = db.connect(make_db(kind), read_only=True)
    try:
        for f in _filters():
            params = f.params()
            _same(con, "category_cooccurrence_pairs", **params)
            _same(con, "category_theme_matrix", **params)
            for group_by in ("all", "ethnic_group", "ethnicity", "deprivation", "imd_quintile", "care_stage"):
                for name in ("theme_prevalence_by_group", "rating_distribution_by_group"):
                    _same(con, name, **params, group_by=group_by, min_group=8)
    finally:
        con.close()
