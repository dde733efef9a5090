"""Command-line output: the progress bar's lines are whole, and the templates regenerate byte-for-byte."""

from __future__ import annotations

import io
import time
import zipfile

from insights import config
from insights.__main__ import ProgressBar
from insights.ingest.templates import write_templates


def test_progress_bar_on_a_terminal_pads_over_longer_lines_and_ends_complete():
    out = io.StringIO()
    bar = ProgressBar("Building database", stream=out, tty=True, columns=200)
    bar(0.72, "Demo excerpts: Anonymising 1,017 excerpts (475 of 475 wordings)")
    bar(1.0, "Demo ready")
    bar.close()
    frames = out.getvalue().split("\r")[1:]
    assert frames[0].endswith("(475 of 475 wordings)")  # nothing cut off when it fits
    first, last = frames
    assert len(last.rstrip("\n")) >= len(first)  # the shorter line pads over the longer one
    assert last.rstrip().endswith("100% Demo ready") and out.getvalue().endswith("\n")


def test_progress_bar_shortens_only_to_fit_the_terminal():
    out = io.StringIO()
    bar = ProgressBar("Building database", stream=out, tty=True, columns=60)
    bar(0.5, "Demo excerpts: Anonymising 1,017 excerpts (475 of 475 wordings)")
    line = out.getvalue().lstrip("\r")
    assert len(line) == 59 and line.endswith("\u2026")


def test_progress_bar_without_a_terminal_prints_each_message_once_as_a_whole_line():
    out = io.StringIO()
    bar = ProgressBar("Building database", stream=out)  # StringIO is not a terminal
    for message in (
        "Demo excerpts: Anonymising 1,017 excerpts (475 of 475 wordings)",
        "Demo ready",
        "Demo ready",
    ):
        bar(1.0, message)
    bar.close()
    assert out.getvalue().splitlines() == [
        "Building database: 100% Demo excerpts: Anonymising 1,017 excerpts (475 of 475 wordings)",
        "Building database: 100% Demo ready",
    ]
    assert "\r" not in out.getvalue()


def test_templates_are_byte_for_byte_reproducible_and_equal_to_the_committed_files(tmp_path):
    first = {p.name: p.read_bytes() for p in write_templates(tmp_path / "a")}
    time.sleep(1.1)  # a different second: a timestamp in the output would show
    second = {p.name: p.read_bytes() for p in write_templates(tmp_path / "b")}
    assert first == second
    for name, data in first.items():
        assert (config.TEMPLATES_DIR / name).read_bytes() == data, f"data/templates/{name} is out of date"
    with zipfile.ZipFile(io.BytesIO(first["venues.xlsx"])) as book:
        assert {i.date_time for i in book.infolist()} == {(2023, 3, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert "2023-03-01T00:00:00Z</dcterms:modified>" in core


def test_streamlit_start_up_does_not_look_up_ip_addresses():
    """With browser.serverAddress set, Streamlit prints one URL and skips its internal/external IP
    look-ups (net_util.get_internal_ip / get_external_ip in streamlit/web/bootstrap.py)."""
    import tomllib
    from pathlib import Path

    from streamlit.web import bootstrap

    settings = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit/config.toml").read_text())
    assert settings["browser"]["serverAddress"] == "localhost"
    source = Path(bootstrap.__file__).read_text()
    assert 'config.is_manually_set("browser.serverAddress")' in source  # the gate this setting relies on
