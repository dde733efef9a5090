"""Shared fixtures: a temporary database built from the small text fixtures in tests/fixtures/db."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights import db, ingest

FIXTURES = Path(__file__).parent / "fixtures" / "db"
SHARED_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def build_fixture_db(path: Path) -> Path:
    """Reference extract + codebook + the fixture files imported through the real import path."""
    con = db.connect(path)
    try:
        db.create_schema(con)
        with db.transaction(con):
            db.load_reference(con)
            db.load_codebook(con)
        for kind in ingest.ORDER:
            file = FIXTURES / f"{kind}.csv"
            checked, _ = ingest.import_file(con, kind, file, user="fixture", skip_invalid=False)
            assert not checked.validated.errors, checked.validated.report()
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def fixture_db_path(tmp_path_factory) -> Path:
    """Path of a database built once per test session from the text fixtures (treat as read-only)."""
    return build_fixture_db(tmp_path_factory.mktemp("fixturedb") / "fixture.duckdb")


@pytest.fixture
def fixture_con(fixture_db_path):
    """Read-only connection to the session fixture database."""
    con = db.connect(fixture_db_path, read_only=True)
    yield con
    con.close()


@pytest.fixture
def writable_db(tmp_path) -> Path:
    """A private copy of the fixture database that a test may change."""
    return build_fixture_db(tmp_path / "writable.duckdb")


@pytest.fixture
def empty_con():
    """In-memory database with the schema, reference and codebook but no engagement data."""
    con = db.connect(":memory:")
    db.create_schema(con)
    db.load_reference(con)
    db.load_codebook(con)
    yield con
    con.close()
