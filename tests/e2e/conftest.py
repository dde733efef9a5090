"""A real server (`streamlit run dashboard.py`) on a free local port with the demo data, and Debian's
headless Chromium driven by Playwright (no browser download: executable_path=/usr/bin/chromium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import BUILDERS, built_once
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, running_dashboard, watch_runs

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"


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
    work = tmp_path_factory.mktemp("e2e")
    db_path = work / "demo.duckdb"
    # the default demo (what `python -m insights build-db` builds), built once per run for every test that
    # needs it (tests/conftest.py built_once); the server writes to its own copy
    shutil.copyfile(built_once(tmp_path_factory, "demo", BUILDERS["demo"]), db_path)
    env = {**os.environ, "MATERNITY_DB": str(db_path)}
    with running_dashboard(env, work / "streamlit.log") as base:
        yield base


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
    watch_runs(context)  # so waits follow the script runs (tests/e2e/browser.py)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path | None:
    """Where screenshots go (git-ignored) so a person can look at every page: `make screenshots`
    ($MATERNITY_SCREENSHOTS=1). None in the default test run, which asserts nothing about them: a full-page
    screenshot is a browser re-layout at up to 9,000 px, 7-9 s for the Reach map's WebGL canvas alone."""
    if os.environ.get("MATERNITY_SCREENSHOTS", "") in ("", "0"):
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
