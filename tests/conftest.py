"""Shared fixtures: the one database factory every test uses, and pointing the app at a database.

`make_db(kind)` gives a fresh private database file: "fixture" (reference, codebook and the small
text fixtures in tests/fixtures/db imported through the real import path), "empty" (reference and
codebook only) or "demo" (the default synthetic demo). Each kind is built once per session and
copied, so a test that writes never disturbs another and no test pays for a build twice (the xdist
workers of a run share the builds: see built_once).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from insights import config
from insights.demo import build as demo_build
from insights.ingest import load as ingest
from insights.reference import vintage
from insights.store import db

# The dashboard waits until writes have settled (60 s) before retraining coding suggestions; tests that wait
# for that retrain would wait as long, so they retrain at once (tests/test_trainer_settle.py checks the wait).
os.environ.setdefault("MATERNITY_RETRAIN_SETTLE", "0")
# Readers are shown the published data while a write is recomputed in the background (ui.refresh); tests read
# every write at once, except tests/test_cache_refresh.py, which checks the wait.
os.environ.setdefault("MATERNITY_STALE_SECONDS", "0")


def _scan_component_manifests_once() -> None:
    """Streamlit's AppTest scans every installed distribution's metadata for v2 component manifests on each
    new AppTest's first run (about 0.25 s here, with a few hundred packages installed); the installed
    packages do not change during a test run, so each process scans once. The app registers no such
    component (the scan finds none), and the scan itself is Streamlit's, unchanged."""
    import functools

    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # a Streamlit without v2 components: nothing to scan
        return
    if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


_scan_component_manifests_once()

FIXTURES = Path(__file__).parent / "fixtures" / "db"
SHARED_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


#: The slowest test files, slowest first (per-file test time of a whole run, `--durations` and the junit
#: report; see README "Tests"). `make test` runs two workers with `--dist loadfile --no-loadscope-reorder`:
#: a worker takes the next file in collection order when it runs out, so starting with the longest files
#: lets the many short ones fill in at the end and both workers finish together (longest-first packing).
#: Files not listed keep their place after these. Order only: every test still runs.
SLOWEST_FILES = (  # from the junit report of a whole run on 2026-12-03 (branch testspeed3)
    "e2e/test_browser.py",
    "test_messy_red.py",
    "test_overview_themes.py",
    "test_shared_store.py",
    "test_cli_states.py",
    "test_aggregates.py",
    "test_roles.py",
    "test_ingest_worker.py",
    "test_coding.py",
    "e2e/test_signin.py",
    "test_vintage.py",
    "test_anonymise.py",
    "test_coding_polish.py",
    "test_anonymise_rules10.py",
    "test_anonymise_notes.py",
    "test_messy_files.py",
    "test_quotes.py",
    "test_quote_groups.py",
)


#: Where a run's temporary files go when there is room: a memory file system. The tests write a few hundred
#: small DuckDB files and DuckDB syncs every commit to disk (about 3 ms a sync on the CI machine's disk,
#: nothing in memory): the database-heavy test files ran about a quarter faster there
#: (docs/test-runtime-history.md). A run writes about 4 GB at its peak (private database copies;
#: pyproject.toml's tmp_path_retention_policy removes it all after a run that passed), so it needs that much
#: room to spare, else the usual /tmp is used. MATERNITY_TEST_TMP=disk keeps the usual /tmp;
#: PYTEST_DEBUG_TEMPROOT or --basetemp win over both.
MEMORY_TEMP = Path("/dev/shm")
MEMORY_TEMP_ROOM = 8 << 30


def memory_temp_root(mounts: str, free: int, available: int) -> Path | None:
    """MEMORY_TEMP if it is a tmpfs with MEMORY_TEMP_ROOM free and that much memory available, else None.

    `mounts` is /proc/mounts' text, `free` the file system's free bytes, `available` MemAvailable in bytes."""
    tmpfs = any(
        line.split()[1:3] == [str(MEMORY_TEMP), "tmpfs"]
        for line in mounts.splitlines()
        if len(line.split()) > 2
    )
    return MEMORY_TEMP if tmpfs and min(free, available) >= MEMORY_TEMP_ROOM else None


def _memory_temp_here() -> Path | None:
    try:
        mounts = Path("/proc/mounts").read_text()
        meminfo = Path("/proc/meminfo").read_text()
        fs = os.statvfs(MEMORY_TEMP)
    except OSError:
        return None
    available = next(
        (int(line.split()[1]) * 1024 for line in meminfo.splitlines() if line.startswith("MemAvailable:")), 0
    )
    if not os.access(MEMORY_TEMP, os.W_OK | os.X_OK):
        return None
    return memory_temp_root(mounts, fs.f_bavail * fs.f_frsize, available)


def pytest_configure(config) -> None:
    """The run's temporary folder in memory when there is room (MEMORY_TEMP); set before pytest makes it."""
    if hasattr(config, "workerinput"):  # an xdist worker: its folder is inside the controller's
        return
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    if os.environ.get("MATERNITY_TEST_TMP", "").lower() == "disk":
        return
    root = _memory_temp_here()
    if root is not None:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(root)  # pytest's own override of the temporary root


def pytest_collection_modifyitems(config, items) -> None:
    """Slowest files first (SLOWEST_FILES), the rest in their usual order (a stable sort)."""
    tests = Path(__file__).parent
    rank = {name: i for i, name in enumerate(SLOWEST_FILES)}

    def place(item) -> int:
        try:
            return rank.get(item.path.relative_to(tests).as_posix(), len(rank))
        except ValueError:
            return len(rank)

    items.sort(key=place)


def build_fixture_db(path: Path) -> Path:
    """Reference extract + codebook + the fixture files imported through the real import path."""
    con = db.connect(path)
    try:
        db.create_schema(con)
        with db.transaction(con):
            db.load_reference(con)
            vintage.load_comparison(con)
            db.load_codebook(con)
        for kind in ingest.ORDER:
            file = FIXTURES / f"{kind}.csv"
            checked, _ = ingest.import_file(con, kind, file, user="fixture", skip_invalid=False)
            assert not checked.validated.errors, checked.validated.report()
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def build_empty_db(path: Path) -> Path:
    """Schema, reference extract and codebook; no engagement data."""
    con = db.connect(path)
    try:
        db.create_schema(con)
        with db.transaction(con):
            db.load_reference(con)
            vintage.load_comparison(con)
            db.load_codebook(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "fixture": build_fixture_db,
    "empty": build_empty_db,
    "demo": demo_build.build_database,
    "demo_unreviewed": lambda path: demo_build.build_database(path, reviews=False),
}


def _shared_build_dir(tmp_path_factory) -> Path:
    """Where built databases live for this run: shared by the xdist workers of one run, never across runs."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build: Callable[[Path], object]) -> Path:
    """The file `build(path)` makes, built once per test run and reference vintage, shared by every xdist
    worker: the first worker to ask builds it under a lock, the others wait for it. Callers copy it."""
    folder = _shared_build_dir(tmp_path_factory) / "built-databases"
    folder.mkdir(exist_ok=True)
    name = f"{name}-{config.vintage()}"  # the builders load the reference of $MATERNITY_VINTAGE
    target = folder / f"{name}.duckdb"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not target.exists():
                building = folder / f"{name}.{os.getpid()}.building.duckdb"
                build(building)
                os.replace(building, target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target


@pytest.fixture(scope="session")
def make_db(tmp_path_factory) -> Callable[..., Path]:
    """Factory: make_db(kind="fixture") -> a fresh private copy of a database built once per test run.

    Built once for the whole run (shared by the xdist workers) per kind and reference vintage
    ($MATERNITY_VINTAGE, which the builders read).
    """

    def make(kind: str = "fixture") -> Path:
        template = built_once(tmp_path_factory, kind, BUILDERS[kind])
        target = tmp_path_factory.mktemp(kind) / f"{kind}.duckdb"
        shutil.copyfile(template, target)
        return target

    return make


@contextmanager
def app_using(path: Path, roles_file: Path | None = None) -> Iterator[Path]:
    """Point the app (ui.data, auth) at a database for a block: demo mode, no developer config leaking in.

    The app keeps one connection per process, so Streamlit's caches are cleared on the way in and out.
    """
    import streamlit as st

    from insights.access import auth

    mp = pytest.MonkeyPatch()
    mp.setenv("MATERNITY_DB", str(path))
    mp.delenv("MATERNITY_REQUIRE_SIGNIN", raising=False)
    mp.delenv("MATERNITY_BASEMAP", raising=False)
    if roles_file is None:
        mp.delenv("MATERNITY_ROLES", raising=False)
    else:
        mp.setenv("MATERNITY_ROLES", str(roles_file))
    mp.setattr(auth, "ROLE_FILES", ())  # a developer's own config/roles.toml must not leak in
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        yield path
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        mp.undo()


@pytest.fixture(scope="session")
def fixture_db_path(make_db) -> Path:
    """Path of a database built once per test session from the text fixtures (treat as read-only)."""
    return make_db("fixture")


@pytest.fixture
def fixture_con(fixture_db_path):
    """Read-only connection to the session fixture database."""
    con = db.connect(fixture_db_path, read_only=True)
    yield con
    con.close()


@pytest.fixture
def writable_db(make_db) -> Path:
    """A private copy of the fixture database that a test may change."""
    return make_db("fixture")


@pytest.fixture
def empty_con(make_db):
    """A private database with the schema, reference and codebook but no engagement data."""
    con = db.connect(make_db("empty"))
    yield con
    con.close()


@pytest.fixture(scope="session")
def quotes_template(tmp_path_factory) -> Path:
    """tests/test_quotes.build_quotes_db's database, built once per run (read-only: tests get copies)."""
    from tests.test_quotes import build_quotes_db

    return built_once(tmp_path_factory, "quotes", build_quotes_db)


@pytest.fixture
def quotes_db(quotes_template, tmp_path) -> Path:
    """A private copy of the quotes database (fixtures plus excerpts with PII, markup, formulas)."""
    path = tmp_path / "quotes.duckdb"
    shutil.copyfile(quotes_template, path)
    return path


@pytest.fixture(scope="session")
def silent_tagger(tmp_path_factory) -> Path:
    """A name tagger that finds nothing (every token "O"): the anonymiser with it runs the rules and every
    step after the tagger, so a step is measured on the rules alone (rules 13: the retrained tagger catches
    many of the steps' cases by itself)."""
    import numpy as np

    from insights.quotes import tagger as tg
    from insights.quotes import train_tagger as tt

    path = tmp_path_factory.mktemp("silent") / "tagger.npz"
    bias = np.full(len(tg.CLASSES), -30.0, np.float32)
    bias[0] = 30.0
    meta = {"classes": list(tg.CLASSES), "bits": 4, "threshold": 0.4, "stack": False}
    tt.save(path, np.zeros((16, len(tg.CLASSES)), np.float32), bias, meta)
    return path


#: How many labelled sets the shipped tagger is trained on under each rules version (rules 15 to 18: 17;
#: rules 19 retrained on 21; rules 20 on 23, and rules 21 to 28 kept that model).
TRAINING_SETS_BY_RULES = {
    "19": 21,
    "20": 23,
    "21": 23,
    "22": 23,
    "23": 23,
    "24": 23,
    "25": 23,
    "26": 23,
    "27": 23,
    "28": 23,
    "29": 23,
    "30": 23,
    "31": 23,
    "32": 23,
    "33": 23,
    "34": 23,
    "35": 23,
    "36": 23,
    "37": 23,
    "38": 23,
    "39": 23,
    "40": 23,
    "41": 23,
    "42": 23,
    "43": 23,
    "44": 23,
    "45": 23,
    "46": 23,
    "47": 23,
    "48": 23,
    "49": 23,
    "50": 23,
    "51": 23,
    "52": 23,
    "53": 23,
    "54": 23,
    "55": 42,
    "56": 42,
    "57": 42,
    "58": 42,
    "59": 42,
    "60": 42,
    "61": 42,
    "62": 42,
    "63": 42,
    "64": 42,
    "65": 42,
    "66": 42,
    "67": 42,
    "68": 42,
    "69": 42,
    "70": 42,
    "71": 42,
}


def expected_training_sets(rules_version: str) -> int:
    return TRAINING_SETS_BY_RULES.get(rules_version, 17)


@pytest.fixture(scope="session")
def no_deny_list_engine():
    """The default anonymiser without the deny-list (the figures measure the rules alone), one per test
    process for every test file that only uses it: building one loads spaCy's model, Presidio, the word lists
    and the tagger, 2-3.5 s on a quiet machine (more under load), and 14 files each built their own. Tests
    that change what an engine is built from (the keep list, the tagger, the deny-list) still build theirs."""
    from insights.quotes import anonymise

    return anonymise.Anonymiser(Path("/nonexistent/deny_list.txt"))
