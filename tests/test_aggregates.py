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


_NO_QUOTE_FILTERS = {
    "terms": [],
    "themes": [],
    "categories": [],
    "polarities": [],
    "care_stages": [],
    "statuses": [],
    "ethnic_groups": [],
    "core20": [],
}


def _quote_selections() -> list[dict]:
    """Quote review selections: none, each filter, a search, a status, and a second page."""
    every = {**_NO_QUOTE_FILTERS, "page_size": 1000, "page_offset": 0}
    return [
        every,
        {**every, "statuses": ["pending"], "page_size": 10},
        {**every, "statuses": ["approved"]},
        {**every, "statuses": ["rejected", "approved"]},
        {**every, "themes": ["barriers"], "polarities": ["negative"]},
        {
            **every,
            "categories": ["good_communication", "language_barriers"],
            "care_stages": ["labour and birth"],
        },
        {**every, "ethnic_groups": ["Asian", "White"], "core20": ["Core20"]},
        {**every, "core20": ["Not Core20"], "statuses": ["pending"]},
        {**every, "terms": ["midwif"]},
        {**every, "terms": ["pain", "midwif"], "themes": ["care_and_support", "communication"]},
        {**every, "page_size": 3, "page_offset": 3},
    ]


def _plain(value):
    """A cell as a comparable Python value: lists (arrays) as lists, missing values as None."""
    if isinstance(value, str):
        return value
    if hasattr(value, "__len__"):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return value
    return None if pd.isna(value) else value


def _same_quotes(con, **params) -> None:
    """quote_groups over the pre-aggregated contexts gives what the previous query over every excerpt gave."""
    new = queries.run(con, "quote_groups", **params)
    sql = (REFERENCE / "quote_groups.sql").read_text(encoding="utf-8")
    old = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()
    assert list(new.columns) == list(old.columns)
    assert len(new) == len(old), params
    for column in new.columns:
        a, b = new[column].tolist(), old[column].tolist()
        if column == "score":
            assert pd.Series(a, dtype="float").round(9).equals(pd.Series(b, dtype="float").round(9)), params
        else:
            assert [_plain(x) for x in a] == [_plain(x) for x in b], (params, column)


ENGAGEMENT_QUERIES = (
    "venue_reach",
    "engagement_packs_by_month",
    "reach_core20_share",
    "venue_pack_deliveries",
)


def _same_reach(con) -> None:
    """The Reach page's engagement queries over agg_venue_days give what the queries over the log gave."""
    for f in [
        *_filters(),
        Filters(start=dt.date(2023, 4, 1), end=dt.date(2023, 5, 31), localities=("Dartford",)),
    ]:
        params = f.params()
        for name in ENGAGEMENT_QUERIES:
            q = queries.load(name)
            wanted = {k: v for k, v in params.items() if k in q.params}
            new = queries.run(con, name, **wanted)
            old = con.execute((REFERENCE / f"{name}.sql").read_text(encoding="utf-8"), wanted).df()
            assert list(new.columns) == list(old.columns), name
            assert len(new) == len(old), (name, f)
            for column in new.columns:
                assert [_plain(x) for x in new[column]] == [_plain(x) for x in old[column]], (name, column, f)


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
    pd.testing.assert_frame_equal(
        have["agg_quote_contexts"].reset_index(drop=True),
        want["agg_quote_contexts"].reset_index(drop=True),
        check_dtype=False,
    )
    for selection in _quote_selections():  # the review list reads them: as the excerpt query gave
        _same_quotes(con, **selection)
    for table in aggregates.ENGAGEMENT_TABLES:
        pd.testing.assert_frame_equal(
            have[table].reset_index(drop=True), want[table].reset_index(drop=True), check_dtype=False
        )
    _same_reach(con)


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
def test_reach_queries_give_what_the_log_queries_gave(make_db, kind):
    con = db.connect(make_db(kind), read_only=True)
    try:
        assert con.execute("select count(*) from agg_venue_days").fetchone()[0] > 0
        _same_reach(con)
    finally:
        con.close()


def test_engagement_aggregates_follow_the_log_form_import_and_undo(con):
    from insights.ingest import engagement

    _assert_fresh(con)
    header = "entry_id,activity_date,venue_id,activity_type,women_engaged,narratives_collected,"
    header += "packs_english,packs_polish,packs_romanian,connectors_present,note\n"
    # a new entry, and ET3 moved from V-T2 to V-T3 with other packs
    moved = _import(
        con,
        "engagement",
        header
        + "ET9,02/04/2023,V-T1,Pack drop-off,3,0,7,0,1,1,\n"
        + "ET3,01/04/2023,V-T3,Pack drop-off,4,1,0,9,0,0,Moved\n",
        "eng.csv",
    )
    assert moved.rows_inserted == 1 and moved.rows_updated == 1
    _assert_fresh(con)
    undo.withdraw(con, moved.import_id, "officer")
    _assert_fresh(con)
    # the Engagement log form writes through the same path
    venue = con.execute("select venue_id from venues order by venue_id limit 1").fetchone()[0]
    frame = engagement.activity_frame(
        dt.date(2023, 6, 1), venue, "Pack drop-off", 2, 0, 1, packs={"english": 12}
    )
    saved = engagement.save(con, "engagement", frame, actor="officer", role="officer")
    assert saved.ok, saved.errors
    _assert_fresh(con)


@pytest.mark.parametrize("kind", ["fixture", "demo"])
def test_quote_list_gives_what_the_excerpt_query_gave(make_db, kind):
    con = db.connect(make_db(kind), read_only=True)
    try:
        if kind == "demo":  # the demo has review decisions, so every status is exercised
            statuses = set(queries.run(con, "quote_groups", **_quote_selections()[0])["status"])
            assert statuses == {"pending", "approved", "rejected"}
        for selection in _quote_selections():
            _same_quotes(con, **selection)
    finally:
        con.close()


def test_quote_list_follows_review_decisions(con):
    from insights.quotes import groups as quote_groups

    listed = queries.run(con, "quote_groups", **_quote_selections()[0])
    first, second = listed.iloc[0], listed.iloc[1]
    quote_groups.review_group(con, list(first["excerpt_ids"]), "approve", "Ada", role="mnvp")
    quote_groups.review_group(con, list(second["excerpt_ids"])[:1], "reject", "Ben", role="mnvp")
    for selection in _quote_selections():
        _same_quotes(con, **selection)


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


def test_quote_contexts_follow_the_anonymise_command_and_direct_writes(con):
    from insights.quotes import review

    with db.transaction(con):
        con.execute("update coded_excerpts set anonymised_text = null where narrative_id in ('T02', 'T05')")
        aggregates.refresh(con, ["T02", "T05"])
    _assert_fresh(con)  # unanonymised excerpts leave the review list
    review.anonymise_database(con)  # the command fills them in again, and the list follows
    _assert_fresh(con)
    # a wording rewritten by a program that did not refresh is caught when the app opens the database
    con.execute(
        "update coded_excerpts set anonymised_text = 'A wording of its own' where excerpt_id = 'T03-1'"
    )
    assert aggregates.ensure(con) is True
    _assert_fresh(con)
    assert aggregates.ensure(con) is False
