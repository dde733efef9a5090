"""Browser helpers shared by the end-to-end tests and the screenshot command.

python -m tests.e2e.browser URL OUT.png   saves a full-page screenshot of a running dashboard.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-unsafe-swiftshader",
]

_RENDERED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning';
    const running = document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const drawn = main && main.querySelector('h1, [data-testid="stAlert"], [data-testid="stException"]');
    return idle && drawn && !running && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_dashboard(
    env: dict, log_path: Path, port: int | None = None, extra_args: tuple = ()
) -> Iterator[str]:
    """`streamlit run dashboard.py` on loopback until the block ends; yields the base URL."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *extra_args,
    ]  # fmt: skip
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError(f"streamlit did not start: {Path(log_path).read_text()}") from None
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


#: Installed in every page (context.add_init_script; also on first use) to follow Streamlit's script-run
#: state: how many runs have started, and when the state last changed, so a wait knows that the run an
#: action set off has started and that no rerun followed, instead of sleeping for fixed times.
WATCH_RUNS = """(() => {
    if (window.__miRuns) return true;
    const w = window.__miRuns = {started: 0, seen: 0, state: null, changed: performance.now()};
    const look = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        const state = app ? app.dataset.testScriptState : null;
        if (state === w.state) return;
        if (state === 'running' || state === 'rerunRequested') w.started += 1;
        w.state = state;
        w.changed = performance.now();
    };
    new MutationObserver(look).observe(document, {
        subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
    look();
    return false;
})()"""

_QUIET = (
    "([settle]) => ("
    + _RENDERED
    + ")() && performance.now() - window.__miRuns.changed >= settle && window.__miRuns.state === 'notRunning'"
)


def watch_runs(context) -> None:
    """Follow script runs in every page of a browser context (see WATCH_RUNS)."""
    context.add_init_script(script=WATCH_RUNS)


def wait_until_rendered(page, settle_ms: int = 300, timeout_ms: int = 60_000) -> None:
    """Wait until the script run an action set off has finished and Streamlit has drawn every element.

    Idle is read from the script-run state Streamlit puts on its app element (data-test-script-state,
    what Streamlit's own browser tests wait on; set as the state changes, unlike the status widget's
    running icon, which is shown after a delay). A run counts once it has started after the previous
    wait (an action that starts none, such as a tab, is given 400 ms to start one), and the page is
    rendered once it is drawn and the state has not changed for `settle_ms` (no rerun followed).
    Pages opened without WATCH_RUNS get it here and the old fixed 400 ms for the run to start.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(5):
        try:
            return _wait_once(page, settle_ms, timeout_ms)
        except PlaywrightError as exc:  # a navigation (a sign-in's redirects) replaced the document meanwhile
            if "context was destroyed" not in str(exc) or attempt == 4:
                raise
            page.wait_for_load_state("domcontentloaded")


def _wait_once(page, settle_ms: int, timeout_ms: int) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if page.evaluate(WATCH_RUNS):
        with contextlib.suppress(PlaywrightTimeout):  # a timeout: the action started no script run
            page.wait_for_function("() => window.__miRuns.started > window.__miRuns.seen", timeout=400)
    else:
        page.wait_for_timeout(400)
    page.wait_for_function(_QUIET, arg=[settle_ms], timeout=timeout_ms)
    page.evaluate("() => { window.__miRuns.seen = window.__miRuns.started; }")


def screenshot_full(page, path: str, max_height: int = 9000) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport to fit."""
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] *')]
              .slice(0, 50).map(e => e.scrollHeight))"""
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height + 40, size["height"]), max_height)}
    )
    # the page lays out again at the new size (only its height changes): two frames
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=path)
    page.set_viewport_size(size)


def exception_texts(page) -> list[str]:
    """Texts of any Streamlit exception boxes on the page."""
    return page.locator("[data-testid='stException']").all_inner_texts()


def shoot(url: str, out: str) -> None:
    """Open `url` in headless Chromium and save a full-page PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        watch_runs(context)
        page = context.new_page()
        page.goto(url)
        wait_until_rendered(page)
        screenshot_full(page, out)
        browser.close()


if __name__ == "__main__":
    shoot(sys.argv[1], sys.argv[2])
