"""The command line in odd states: a missing, foreign or unwritable database, an interrupted import, a
closed output. One plain sentence and a non-zero exit, never a traceback, never the catch-all (issue 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from insights import __main__ as cli
from insights.ingest import load as ingest
from tests.fixtures.messy.corpus import NARRATIVE_HEADER, csv_text, narratives

ROOT = Path(__file__).resolve().parents[1]
CATCH_ALL = "MATERNITY_DEBUG"  # the words of the catch-all message: an unplanned failure


def _run(
    *args: str, db: Path | str, stdout=subprocess.PIPE, timeout: int = 120
) -> subprocess.CompletedProcess:
    env = {**os.environ, "MATERNITY_DB": str(db), "MATERNITY_BUSY_WAIT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "insights", *args],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )


def _one_sentence(done: subprocess.CompletedProcess, phrase: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and CATCH_ALL not in done.stderr, done.stderr
    assert phrase in done.stderr, done.stderr
    assert len([line for line in done.stderr.splitlines() if line.startswith("error")]) == 1, done.stderr


@pytest.fixture
def notes_file(tmp_path) -> Path:
    path = tmp_path / "n.csv"
    path.write_bytes(csv_text(NARRATIVE_HEADER, narratives(3, "states")).encode())
    return path


def test_an_import_into_a_missing_database_never_adds_the_demo(tmp_path, notes_file, monkeypatch, capsys):
    """Before, the database was built WITH the synthetic demo, so 3 real narratives sat among 300+ made-up ones."""
    target = tmp_path / "new" / "real.duckdb"
    monkeypatch.setenv("MATERNITY_DB", str(target))
    assert cli.main(["import", "narratives", str(notes_file)]) == 0
    assert "no demo data" in capsys.readouterr().err
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("select count(*) from narratives").fetchone()[0] == 3
        assert con.execute("select count(*) from imports").fetchone()[0] == 1
        assert con.execute("select count(*) from codes").fetchone()[0] > 0  # the codebook is there
    finally:
        con.close()


def test_summary_of_a_missing_database_says_so_and_builds_nothing(tmp_path):
    target = tmp_path / "nowhere.duckdb"
    done = _run("summary", db=target)
    _one_sentence(done, "there is no database at")
    assert not target.exists()


@pytest.mark.parametrize(
    "command", [["summary"], ["import", "narratives", "{file}"], ["undo-import", "1", "--user", "x"]]
)
@pytest.mark.parametrize("what", ["text", "empty", "folder"])
def test_a_database_that_is_not_duckdb_is_named(command, what, tmp_path, notes_file):
    target = tmp_path / "maternity.duckdb"
    if what == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"" if what == "empty" else b"these are my notes, not a database\n")
    done = _run(*[a.format(file=notes_file) for a in command], db=target)
    _one_sentence(done, "is not a database this program can open")


@pytest.mark.parametrize("command", [["build-db", "--no-demo"], ["import", "narratives", "{file}"]])
def test_a_database_folder_that_cannot_be_written(command, notes_file):
    """/proc refuses new files even to root (a read-only folder that chmod cannot fake for root)."""
    done = _run(*[a.format(file=notes_file) for a in command], db="/proc/maternity.duckdb")
    _one_sentence(done, "cannot be opened or made")


@pytest.mark.parametrize("command", ["templates", "demo-csv"])
def test_writing_over_a_file_that_cannot_be_a_folder(command, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    done = _run(command, str(blocker / "inside"), db=tmp_path / "unused.duckdb")
    _one_sentence(done, "cannot use")


def test_every_help_works():
    for command in (
        "import", "undo-import", "postcode", "set-vintage", "build-db", "build-reference", "demo-csv",
        "templates", "anonymise", "reanonymise", "suggest", "codebook", "qdpx", "summary",
    ):  # fmt: skip
        done = _run(command, "--help", db="/nonexistent/x.duckdb")
        assert done.returncode == 0 and done.stdout.startswith("usage:"), (command, done.stderr)
        assert not done.stderr


def test_a_closed_output_ends_quietly(writable_db):
    """`python -m insights summary | head -1`: the reader went away; no catch-all sentence about a pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = _run("summary", db=writable_db, stdout=write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and CATCH_ALL not in done.stderr and not done.stderr.strip()
    assert done.returncode != 0


def _counts(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (
            con.execute("select count(*) from narratives").fetchone()[0],
            con.execute("select count(*) from imports").fetchone()[0],
        )
    finally:
        con.close()


def test_ctrl_c_during_an_import_leaves_the_database_whole_and_says_so(writable_db, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(csv_text(NARRATIVE_HEADER, narratives(30_000, "sigint")).encode())
    before = _counts(writable_db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "insights", "import", "narratives", str(big)],
        cwd=ROOT,
        env={**os.environ, "MATERNITY_DB": str(writable_db)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as from a terminal
    )
    lines = []
    for line in proc.stderr:  # progress arrives one line per step when stderr is not a terminal
        lines.append(line)
        if "Writing rows" in line or "Resolving" in line:
            proc.send_signal(signal.SIGINT)
            break
    out, rest = proc.communicate(timeout=120)
    err = "".join(lines) + rest
    assert proc.returncode == 130, err
    assert "Traceback" not in err and CATCH_ALL not in err
    assert "stopped: nothing was imported; the database is as it was." in err
    assert _counts(writable_db) == before


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt(), RuntimeError("Query interrupted")])
def test_ctrl_c_after_the_commit_says_the_import_is_there(
    interrupt, writable_db, notes_file, monkeypatch, capsys
):
    """Before, a Ctrl-C landing after the transaction committed printed only 'stopped.', and one landing
    in DuckDB's COMMIT (which raises RuntimeError('Query interrupted') yet may have committed) printed
    'error: Query interrupted': the officer was told the import failed when it was in the database."""
    monkeypatch.setenv("MATERNITY_DB", str(writable_db))
    real = ingest.commit

    def commit_then_interrupt(*args, **kwargs):
        real(*args, **kwargs)
        raise interrupt

    monkeypatch.setattr(ingest, "commit", commit_then_interrupt)
    before = _counts(writable_db)
    assert cli.main(["import", "narratives", str(notes_file)]) == 130
    err = capsys.readouterr().err
    assert "only after the import was committed" in err and "undo-import" in err
    assert _counts(writable_db) == (before[0] + 3, before[1] + 1)


@pytest.mark.parametrize(
    "command",
    [
        ["undo-import", "some-import", "--dry-run"],
        ["codebook", "import", "codes.csv"],
        ["qdpx", "export", "p.qdpx"],
        ["set-vintage", "imd2019"],
        ["import", "narratives", "n.csv"],
    ],
)
@pytest.mark.parametrize(
    "user, phrase",
    [
        ("a\x1b[31mb", "plain name"),
        ("Jo\u202eevil", "plain name"),
        ("J\u200bo", "plain name"),
        ("x" * 101, "plain name"),
        ("  ", "is blank"),
    ],
)
def test_every_user_is_a_plain_name(command, user, phrase, tmp_path, monkeypatch, capsys):
    """Before, undo-import, codebook, qdpx and set-vintage recorded any --user in the audit trail (escape
    sequences, direction overrides, any length); only import checked it."""
    monkeypatch.setenv("MATERNITY_DB", str(tmp_path / "never-opened.duckdb"))
    assert cli.main([*command, "--user", user]) == 2
    err = capsys.readouterr().err
    assert phrase in err and err.count("\n") == 1 and "\x1b" not in err
    assert not (tmp_path / "never-opened.duckdb").exists()
