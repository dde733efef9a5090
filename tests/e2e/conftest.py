"""A real server (`streamlit run dashboard.py`) on a free local port with the demo data, and Debian's
headless Chromium driven by Playwright (no browser download: executable_path=/usr/bin/chromium)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """Base URL of the dashboard served on loopback from a freshly built demo database."""
    _require_chromium()
    db_path = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    env = {**os.environ, "MATERNITY_DB": str(db_path)}
    subprocess.run(
        [sys.executable, "-m", "insights", "build-db", "--path", str(db_path)], check=True, env=env, cwd=ROOT
    )
    port = _free_port()
    log = open(tmp_path_factory.mktemp("e2e-log") / "streamlit.log", "w")  # noqa: SIM115 -- closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        raise RuntimeError(f"streamlit did not start; see {log.name}")
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (new Streamlit session) at a desktop size."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """Where screenshots go (git-ignored) so a person can look at every page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
