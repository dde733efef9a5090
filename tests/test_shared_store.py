"""The shared store (issue 16): DuckLake on a real PostgreSQL catalog, used by several processes at once.

PostgreSQL: $MATERNITY_TEST_PG ("host=... port=... user=...", .ci/run starts one with
.ci/start-postgres), else a throwaway cluster started here from Debian's binaries (initdb, pg_ctl);
without either the PostgreSQL tests are skipped with the reason ($MATERNITY_REQUIRE_PG=1 makes that a
failure, as in CI). Each test gets its own catalog database and data folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path

import duckdb
import pytest

import queries
from insights.access import audit
from insights.ingest import load as ingest
from insights.ingest import undo
from insights.store import db, lake, migrations
from queries import run

FIXTURES = Path(__file__).parent / "fixtures" / "db"
REPO = Path(__file__).resolve().parents[1]

# --- without PostgreSQL: the SQL rewrites -----------------------------------------------------------


def test_migrations_lose_keys_sequences_and_boolean_defaults_for_ducklake():
    con = duckdb.connect()  # and what is left still parses and runs, migration after migration
    for m in migrations.available():
        text = lake.for_ducklake(m.sql).lower()
        con.execute(text)
        assert "primary key" not in text and "unique" not in text
        assert "sequence" not in text and "nextval" not in text
        assert "default false;" not in text
    assert lake.primary_keys()["meta"] == ("key",)
    assert lake.primary_keys()["engagement_packs"] == ("entry_id", "language")
    assert lake.primary_keys()["audit_log"] == ("audit_id",)


def test_merge_rewrite_does_what_insert_or_replace_does():
    con = duckdb.connect()
    for name in ("a", "b"):
        con.execute(f"create table {name} (k varchar primary key, x integer, y varchar default 'kept')")
        con.execute(f"insert into {name} values ('one', 1, 'old'), ('two', 2, 'old')")  # noqa: S608
    statement = "insert or replace into {t} (k, x) select * from (values ('two', 20), ('three', 3))"
    con.execute(statement.format(t="a"))
    lake.primary_keys()["b"] = ("k",)
    try:
        con.execute(lake.merge_sql(statement.format(t="b"), ["k", "x", "y"]))
    finally:
        del lake.primary_keys()["b"]
    assert (
        con.execute("select * from a order by k").fetchall()
        == con.execute("select * from b order by k").fetchall()
    )
    assert con.execute("select y from b where k = 'two'").fetchone() == ("old",)


def test_the_file_store_stays_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("MATERNITY_STORE", raising=False)
    assert not db.uses_lake(None)
    con = db.connect(tmp_path / "plain.duckdb")
    assert not lake.is_lake(con)
    con.close()
    monkeypatch.setenv("MATERNITY_STORE", "lakehouse")
    with pytest.raises(ValueError, match="must be 'duckdb' or 'ducklake'"):
        db.uses_lake(None)


# --- PostgreSQL ------------------------------------------------------------------------------------


def _binary(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """libpq settings of a running PostgreSQL (without dbname)."""
    given = os.environ.get("MATERNITY_TEST_PG", "").strip()
    if given:
        yield given
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not (initdb and pg_ctl):
        if os.environ.get("MATERNITY_REQUIRE_PG"):
            pytest.fail("MATERNITY_REQUIRE_PG is set but no PostgreSQL is available")
        pytest.skip("no PostgreSQL: install Debian's postgresql package or set MATERNITY_TEST_PG")
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="maternity-pg-"))
    if as_user:
        shutil.chown(folder, "postgres")
    port = _free_port()
    data = folder / "data"
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"], check=True, capture_output=True
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"host=127.0.0.1 port={port} user=postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def target(postgres, tmp_path, monkeypatch):
    """A fresh catalog database and data folder: the 'ducklake:postgres:...' target and its env."""
    name = f"lake_{uuid.uuid4().hex[:12]}"
    psql = _binary("psql")
    if not psql:
        pytest.skip("no psql to create a catalog database with")
    subprocess.run([psql, f"dbname=postgres {postgres}", "-qc", f"create database {name}"], check=True)
    catalog = f"postgres:dbname={name} {postgres}"
    data = tmp_path / "parquet"
    monkeypatch.setenv("MATERNITY_STORE", "ducklake")
    monkeypatch.setenv("MATERNITY_DUCKLAKE_CATALOG", catalog)
    monkeypatch.setenv("MATERNITY_DUCKLAKE_DATA", str(data))
    monkeypatch.setenv("MATERNITY_DB", str(tmp_path / "unused.duckdb"))
    return {"catalog": catalog, "data": data}


def _import(con, kind: str, text: str, name: str) -> ingest.ImportResult:
    checked = ingest.check(con, kind, text.encode("utf-8"), name)
    assert not checked.validated.errors, checked.validated.report()
    return ingest.commit(con, checked, user="tester")


def _reference(con) -> None:
    from insights.reference import vintage

    with db.transaction(con):
        db.load_reference(con)
        vintage.load_comparison(con)
        db.load_codebook(con)


def test_migrations_imports_undo_and_audit_on_ducklake(target):
    con = db.connect()
    assert lake.is_lake(con)
    assert migrations.current_version(con) == migrations.latest()
    con.close()
    con = db.connect()  # opening again applies nothing and keeps the ledger
    assert migrations.migrate(con) == []
    _reference(con)
    for kind in ingest.ORDER:
        checked, result = ingest.import_file(con, kind, FIXTURES / f"{kind}.csv", user="fixture")
        assert not checked.validated.errors
        assert result.rows_inserted > 0
    counts = {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608
        for t in ("narratives", "coded_excerpts")
    }

    again = ingest.import_file(con, "narratives", FIXTURES / "narratives.csv", user="fixture")[1]
    assert (again.rows_inserted, again.rows_updated) == (0, 0)  # re-importing changes nothing
    header, *rows = (FIXTURES / "narratives.csv").read_text(encoding="utf-8").splitlines()
    changed = _import(
        con, "narratives", "\n".join([header, rows[0].replace("T01,", "T98,", 1)]) + "\n", "x.csv"
    )
    assert changed.rows_inserted == 1
    keys = con.execute("select count(*), count(distinct narrative_id) from narratives").fetchone()
    assert keys == (counts["narratives"] + 1,) * 2  # one row per key without a primary key

    done = undo.withdraw(con, changed.import_id, "officer")
    assert done.rows_removed == 1
    assert con.execute("select count(*) from narratives").fetchone()[0] == counts["narratives"]
    assert run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    ids = [r[0] for r in con.execute("select audit_id from audit_log order by audit_id").fetchall()]
    assert ids == list(range(1, len(ids) + 1))
    # every page query runs unchanged through a cursor (as the dashboard uses it), same answers as the file
    from tests.test_queries import example_params

    file_con = db.connect(target["data"].parent / "same.duckdb")
    _reference(file_con)
    for kind in ingest.ORDER:
        ingest.import_file(file_con, kind, FIXTURES / f"{kind}.csv", user="fixture")
    cur = con.cursor()
    for name in (
        "data_quality_checks",
        "rating_distribution_by_group",
        "reach_lsoa",
        "theme_prevalence_by_group",
    ):
        params = example_params(queries.load(name))
        on_lake = queries.run(cur, name, **params)
        on_file = queries.run(file_con, name, **params)
        assert on_lake.astype(str).values.tolist() == on_file.astype(str).values.tolist(), name
    for name in queries.names():
        queries.run(
            cur, name, _restricted_ok=name in queries.RESTRICTED, **example_params(queries.load(name))
        )
    file_con.close()
    con.close()


_APPENDER = textwrap.dedent(
    """
    import sys
    from insights.access import audit
    from insights.store import db
    con = db.connect()
    print("connected", flush=True)
    sys.stdin.readline()  # both processes start appending together
    for i in range(int(sys.argv[2])):
        audit.record(con, sys.argv[1], "download", object_type="test", object_id=str(i))
        if i % 3 == 0:  # and some inside a longer write transaction, as an import does
            with db.transaction(con):
                audit.record(con, sys.argv[1], "export", object_type="test", object_id=f"t{i}")
    con.close()
    """
)


def test_two_processes_append_to_the_audit_chain_at_once(target):
    con = db.connect()
    before = con.execute("select count(*) from audit_log").fetchone()[0]
    con.close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, who, "12"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("server-a", "server-b")
    ]
    for p in procs:  # wait until both are connected, then let them go at once
        assert p.stdout.readline().strip() == "connected", p.communicate(timeout=60)[1][-2000:]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-2000:]
    con = db.connect()
    rows = con.execute("select actor, count(*) from audit_log group by actor order by actor").fetchall()
    assert rows == [("server-a", 16), ("server-b", 16)]
    total, distinct = con.execute("select count(*), count(distinct audit_id) from audit_log").fetchone()
    assert total == distinct == before + 32
    heads = con.execute("select count(*) - count(distinct prev_hash) from audit_log").fetchone()[0]
    assert heads == 0  # no two entries chained onto the same one
    assert run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    con.close()


@pytest.mark.slow
def test_demo_builds_into_the_shared_store_and_pages_query_it(target):
    from insights.demo import build

    build.build_database(n_narratives=12, reviews=False)
    con = db.connect()
    assert con.execute("select count(*) from narratives").fetchone()[0] == 12
    assert (
        con.execute("select value from meta where key = 'quote_search'").fetchone()[0].startswith("full-text")
    )
    assert run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    con.close()
    assert build.ensure_database() is not None  # already built: left as it is
    con = db.connect()
    assert con.execute("select count(*) from imports").fetchone()[0] == 4
    con.close()


def test_audit_record_outside_a_transaction_is_chained_and_other_servers_see_it(target):
    con = db.connect()
    other_server = lake.ChangeFeed(every=0)
    assert other_server.poll(con) == []  # first look: where the lake is now
    writer = db.connect()  # another process's connection, as far as the lake is concerned
    audit.record(writer, "someone", "download", object_type="file", object_id="x")
    audit.record(writer, "someone", "download", object_type="file", object_id="y")
    assert run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    assert other_server.poll(con) == ["audit_log"]  # its cached audit results are invalidated, nothing else
    assert other_server.poll(con) == []
    writer.close()
    con.close()
    assert lake.ChangeFeed(every=0).poll(duckdb.connect()) == []  # the file store: nothing to follow
