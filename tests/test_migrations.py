"""Numbered migrations: a fresh database, and a database made by the previous release upgraded in place."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from insights.store import db, migrations
from queries import run

PREVIOUS = Path(__file__).parent / "fixtures" / "previous_release" / "export"
#: Derived tables a migration dropped (rebuilt from the excerpts, never history): 0009 narrative_items.
DROPPED = {"narrative_items"}


def _previous_release(path: Path) -> Path:
    """The previous release's database, rebuilt from its EXPORT DATABASE text (its own DDL and rows)."""
    con = duckdb.connect(str(path))
    con.execute(f"import database '{PREVIOUS.as_posix()}'")
    con.close()
    return path


def _snapshot(con, like: dict | None = None) -> dict[str, tuple[list[str], list]]:
    """Every table's rows, on the columns it has (or, with `like`, on the columns it had before)."""
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and table_name <> 'schema_migrations' order by 1"
        ).fetchall()
    ]
    out = {}
    for t in tables:
        cols = like[t][0] if like and t in like else db.table_columns(con, t)
        listed = ", ".join(f'"{c}"' for c in cols)
        out[t] = (cols, sorted(map(repr, con.execute(f"select {listed} from {t}").fetchall())))  # noqa: S608
    return out


def test_fresh_database_is_at_the_latest_version():
    con = db.connect(":memory:")
    rows = con.execute("select version, name, how from schema_migrations order by version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in migrations.available()]
    assert {r[2] for r in rows} == {"applied"}
    assert migrations.migrate(con) == []  # idempotent
    assert "withdrawn_at" in db.table_columns(con, "imports")


def test_previous_release_upgrades_in_place_without_losing_a_row(tmp_path):
    path = _previous_release(tmp_path / "old.duckdb")
    con = duckdb.connect(str(path))
    before = _snapshot(con)
    assert "schema_migrations" not in {r[0] for r in con.execute("show tables").fetchall()}
    head_before = run(con, "audit_integrity")
    con.close()
    assert head_before["broken_entries"].iat[0] == 0 and head_before["entries"].iat[0] == 7

    con = db.connect(path)  # opening it for writing applies the migrations
    try:
        hows = dict(con.execute("select version, how from schema_migrations").fetchall())
        assert hows[1] == "baseline (existing database)"
        assert all(hows[m.version] == "applied" for m in migrations.available()[1:])
        after = _snapshot(con, like={t: v for t, v in before.items() if t not in DROPPED})
        assert set(before) >= DROPPED and not DROPPED & set(after)
        for table, (_, rows) in before.items():
            if table in DROPPED:
                continue
            # identical row for row on the columns the old release had (migrations only add columns)
            assert after[table][1] == rows, table
        assert db.table_columns(con, "coding_set_aside")  # 0009
        old_cols = 13
        stored = con.execute("select * from imports order by import_id").fetchall()
        old = duckdb.connect(":memory:")
        old.execute(f"import database '{PREVIOUS.as_posix()}'")
        assert [r[:old_cols] for r in stored] == old.execute(
            "select * from imports order by import_id"
        ).fetchall()
        old.close()
        check = run(con, "audit_integrity")
        assert check["broken_entries"].iat[0] == 0
        assert check["entries"].iat[0] == 7
        assert check["chain_head"].iat[0] == head_before["chain_head"].iat[0]
        # The chain goes on from the old head after the upgrade.
        from insights.access import audit

        with db.transaction(con):
            audit.record(con, "tester", "download", object_type="table", details={"rows": 1})
        check = run(con, "audit_integrity")
        assert check["broken_entries"].iat[0] == 0 and check["entries"].iat[0] == 8
    finally:
        con.close()


def test_an_edited_applied_migration_is_refused(tmp_path, monkeypatch):
    con = db.connect(":memory:")
    con.execute("update schema_migrations set checksum = 'x' where version = 1")
    with pytest.raises(migrations.MigrationError, match="changed after it was applied"):
        migrations.migrate(con)


def test_a_newer_database_is_refused():
    con = db.connect(":memory:")
    con.execute("insert into schema_migrations values (999, 'future', now()::timestamp, 'x', 'applied')")
    with pytest.raises(migrations.MigrationError, match="newer than this program"):
        migrations.migrate(con)


def test_previous_release_gets_the_quote_contexts_on_open(tmp_path):
    """Migration 0008's derived table is filled when the app opens an upgraded database."""
    import pandas as pd

    from insights.analysis import aggregates

    con = db.connect(_previous_release(tmp_path / "old.duckdb"))
    try:
        db.ensure_derived(con)  # (the open may already have filled it)
        want, have = aggregates.from_scratch(con), aggregates.stored(con)
        assert len(have["agg_quote_contexts"]) > 0
        pd.testing.assert_frame_equal(
            have["agg_quote_contexts"], want["agg_quote_contexts"], check_dtype=False
        )
        counts = run(con, "quote_group_status_counts").set_index("status")
        assert counts["excerpts"].sum() == con.execute("select count(*) from coded_excerpts").fetchone()[0]
    finally:
        con.close()
