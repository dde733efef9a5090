"""Loopback load test (not part of the test run): many sessions clicking through pages while imports run.

    .venv/bin/python -m benchmarks.load_test                        # 1 user, then 10 users + imports
    .venv/bin/python -m benchmarks.load_test --sessions 10 --seconds 60 --narratives 321

It builds a demo database in a temporary folder, starts `streamlit run dashboard.py` on 127.0.0.1
with $MATERNITY_TIMING_LOG set (dashboard.py then appends each script run's page and server-side run
time to that file), and drives sessions in two phases of `--seconds` each. By default (`--client
protocol`) each session is a websocket speaking Streamlit's own protocol (benchmarks/protocol_client.py:
it asks for page runs and waits for each run to finish, as a browser tab does, at a few per cent of one
core for ten sessions); `--client browser` drives headless Chromium pages instead (Playwright,
/usr/bin/chromium), which on a 2-core machine take most of the CPU the server needs:

1. the single-user baseline: by default (`--single-mix replay`) the same `--sessions` reader sessions as
   phase 2, with the same roles and the same seeded click sequences, but driven one click at a time (one
   page run under way at any moment; each click goes to the next session in turn, which follows its own
   sequence, with a pause of `--think` divided by the number of sessions between clicks, so the phase has
   about as many runs as the loaded one). The two phases then compare the same roles and the same page mix,
   and differ only in concurrency. `--single-mix officer` keeps the baseline used until 2026-12-02: one
   engagement officer's session clicking at random (about 20 runs in 90 s, none of the commissioner's or
   the reviewer's sessions, which mostly open the heaviest pages: in one run it never opened Overview),
   so its p95 rested on a different page mix and on its slowest one or two runs;
2. `--sessions` sessions clicking at once (each its own seeded random sequence of menu links), while one more session imports files on the Data
   page (new narratives, their coded excerpts (anonymised at import) and new engagement log entries,
   one file every `--import-every` seconds): every import writes an audit entry, as do the downloads.

With `--think`, a reader pauses 0-1 times that before its first click too (its page was drawn when the
session was opened), so the sessions do not all click in the same instant; `--together` keeps the old
behaviour (every reader's first click at once: ten page runs sharing one interpreter, about 5% of a
90-second phase's runs: in a run at 22:25 UTC they were 10 of the 12 slowest reader runs).

The server's own run time is what is compared (a few browsers on a 2-core machine mostly measure
themselves). The load average and the load generator's own CPU time are printed with each phase.
Reported: errors (an exception box, a page not found or not finished, an import without its "rows
accepted", a traceback in the server log; 0 expected) and p50/p95 per page for each phase with the per-page
p95 ratio, as a Markdown table, over the reading sessions' runs, and the overall p95 ratio; the importing session's runs (upload, check, import)
are summarised apart (protocol client; the browser client counts them in).
The timing log also notes how each run chose its data versions (`read: current`, `read: published`: shown
the published data while a write is recomputed, ui.refresh; `read: reads directly`, ...) and each
background refresh (with its own CPU in the server, by kind of step: queries, derived tables, charts, Arrow
tables), and each page run's script-thread CPU (`cpu`); their counts are printed, and `--keep DIR` keeps the
timing and server logs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.protocol_client import ProtocolError, Session  # noqa: E402
from insights import timing  # noqa: E402
from insights.output.exports import write_csv  # noqa: E402
from tests.e2e.browser import _RENDERED, CHROMIUM, CHROMIUM_ARGS, running_dashboard  # noqa: E402

TIMEOUT_MS = 120_000
#: Mean pause between a reader's clicks (0: click again as soon as the page has drawn); --think.
THINK = {"seconds": 0.0, "together": False}
#: Seconds from the start of one import to the start of the next (0: back to back); --import-every.
IMPORT_EVERY = {"seconds": 15.0}


def _build(folder: Path, narratives: int) -> Path:
    path = folder / "load.duckdb"
    subprocess.run(
        [sys.executable, "-m", "insights", "build-db", "--path", str(path), "--narratives", str(narratives)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def _import_files(folder: Path, narratives: int, rounds: int) -> list[list[Path]]:
    """Per round: a narratives file of new women, their coded excerpts, and new engagement entries."""
    from insights import config
    from insights.demo import generate as demo

    frames = demo.generate(n_narratives=narratives, seed=config.DEMO_SEED)
    out = []
    for r in range(rounds):
        tag = f"L{r:03d}"
        women = frames["narratives"].head(10).copy()
        ids = dict(zip(women["narrative_id"], [f"{tag}-{i}" for i in women["narrative_id"]], strict=True))
        women["narrative_id"] = women["narrative_id"].map(ids)
        excerpts = frames["excerpts"][frames["excerpts"]["narrative_id"].isin(ids)].copy()
        excerpts["excerpt_id"] = [f"{tag}-{e}" for e in excerpts["excerpt_id"]]
        excerpts["narrative_id"] = excerpts["narrative_id"].map(ids)
        engagement = frames["engagement"].head(5).copy()
        engagement["entry_id"] = [f"{tag}-{e}" for e in engagement["entry_id"]]
        files = []
        for kind, frame in (("narratives", women), ("excerpts", excerpts), ("engagement", engagement)):
            path = folder / f"{kind}-load-{tag}.csv"
            write_csv(frame, path, bom=False)
            files.append(path)
        out.append(files)
    return out


async def _settle(page) -> None:
    await page.wait_for_timeout(300)
    await page.wait_for_function(_RENDERED, timeout=TIMEOUT_MS)


#: Readers take these roles in turn; the importing session is the engagement officer.
ROLES = ("Engagement officer", "ICB commissioner", "MNVP reviewer")  # a single session: the officer


async def _open(browser, url: str, role: str = "ICB commissioner"):
    """A new session (browser context) with the page drawn once, as `role`.

    Demo mode starts every session as the commissioner (the least privileged role), so another role is
    chosen in the sidebar's switcher, as a person would.
    """
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    await _settle(page)
    switcher = page.get_by_role("combobox", name="View the dashboard as")
    if await switcher.count() and await switcher.input_value() != role:
        await switcher.click()
        await page.get_by_role("option", name=role, exact=True).click()
        await page.wait_for_function(
            "([label]) => document.querySelector('input[aria-label=\"View the dashboard as\"]').value === label",
            arg=[role],
            timeout=TIMEOUT_MS,
        )
        await page.wait_for_timeout(1000)
        await _settle(page)
    return context, page


# A plain DOM click on the sidebar link: Streamlit navigates in the same session (no reload), and the
# browser does not wait for the link to be "stable" (links re-render while a page runs).
_CLICK = "href => document.querySelector(`[data-testid='stSidebarNav'] a[href='${href}']`).click()"


async def _reader(page, clock: dict, errors: list, clicks: list, seed: int, warm_up: bool = False) -> None:
    """One session clicking sidebar pages in random order until the phase ends (warm_up: each once)."""
    rnd = random.Random(seed)
    links = await page.locator("[data-testid='stSidebarNav'] a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    order = list(links[1:]) if warm_up else []
    here = links[0]
    while order or (not warm_up and time.monotonic() < clock["stop_at"]):
        label = order.pop(0) if warm_up else rnd.choice([link for link in links if link != here])
        try:
            link = page.locator(f"[data-testid='stSidebarNav'] a[href='{label}']")
            if await link.count():
                await page.evaluate(_CLICK, label)
                await page.wait_for_url(label, timeout=TIMEOUT_MS)  # the new page's run has started
            else:  # the link is not drawn (sidebar still updating): open the page by its URL
                await page.goto(label, timeout=TIMEOUT_MS)
            await _settle(page)
            here = label
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"exception box on {label}")
            clicks.append(label)
            if THINK["seconds"] and not warm_up:  # a person reads the page before the next click
                await page.wait_for_timeout(1000 * THINK["seconds"] * rnd.uniform(0.5, 1.5))
        except Exception as exc:  # noqa: BLE001 -- a page that never finished is an error to count
            errors.append(f"{label}: {type(exc).__name__}: {str(exc)[:120]}")


async def _writer(page, base: str, clock: dict, files: list[list[Path]], errors: list, done: list) -> None:
    """One officer session importing files on the Data page until the phase ends."""
    for batch in files:
        for path in batch:
            if time.monotonic() >= clock["stop_at"]:
                return
            try:
                await page.get_by_role("tab", name="Import a file").click()
                await page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
                await _settle(page)
                skip = page.get_by_text(re.compile(r"^Import the [\d,]+ valid rows"))
                if await skip.count():
                    await skip.first.click()
                    await _settle(page)
                await page.get_by_role("button", name=re.compile(r"^Import [\d,]+ rows")).click(
                    timeout=TIMEOUT_MS
                )
                await page.wait_for_selector("text=rows accepted", timeout=TIMEOUT_MS)
                done.append(path.name)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"import {path.name}: {type(exc).__name__}: {str(exc)[:120]}")
                await page.goto(f"{base}/data", timeout=TIMEOUT_MS)
                await _settle(page)


async def _browser_phase(
    base: str, sessions: int, seconds: float, files: list[list[Path]] | None, warm_up: bool = False
) -> dict:
    """Browsers: open every session first, then run them together for `seconds` (the window measured)."""
    from playwright.async_api import async_playwright

    errors: list[str] = []
    clicks: list[str] = []
    imported: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        readers = await asyncio.gather(
            *[_open(browser, base, ROLES[i % len(ROLES)]) for i in range(sessions)]
        )
        writer = await _open(browser, f"{base}/data", "Engagement officer") if files else None
        started = time.time()
        clock = {"stop_at": time.monotonic() + seconds}
        tasks = [
            _reader(page, clock, errors, clicks, seed, warm_up) for seed, (_, page) in enumerate(readers)
        ]
        if writer:
            tasks.append(_writer(writer[1], base, clock, files, errors, imported))
        await asyncio.gather(*tasks)
        ended = time.time()
        for context, _ in [*readers, *([writer] if writer else [])]:
            await context.close()
        await browser.close()
    return {"start": started, "end": ended, "errors": errors, "clicks": len(clicks), "imported": imported}


# --- protocol-level sessions (the default) ----------------------------------------------------------
ROLE_PATHS = {"Engagement officer": "data", "ICB commissioner": "", "MNVP reviewer": "quotes"}


def _run_errors(state, label: str) -> list[str]:
    """What a person would see as broken after a run: an exception box, 'page not found'."""
    found = [f"exception box on {label or 'home'}: {text}" for text in state.exceptions]
    if state.page_not_found:
        found.append(f"page not found: {label}")
    return found


async def _open_session(base: str, role: str) -> Session:
    """A new session with the default page drawn, switched to `role` in the sidebar as a person would."""
    session = Session(base, timeout=TIMEOUT_MS / 1000)
    await session.connect()
    await session.open("")
    if role != "ICB commissioner":
        await session.choose("View the dashboard as", role)
    return session


class _Clicks:
    """One reader's seeded click sequence: the same seed gives the same pages in the same order, whether the
    session clicks at its own pace among others (the loaded phase) or in turn with them (`--single-mix
    replay`): the random draws (first pause, link, pause, link, ...) are made in the same order either way."""

    def __init__(self, session: Session, seed: int) -> None:
        self.session, self.rnd = session, random.Random(seed)
        self.links, self.here = session.state.menu(), ""
        self.first = THINK["seconds"] * self.rnd.uniform(0.0, 1.0) if THINK["seconds"] else 0.0

    async def click(self, errors: list, clicks: list, label: str | None = None) -> bool:
        """The next link (or `label`); False if the session broke (counted in `errors`)."""
        label = label or self.rnd.choice([link for link in self.links if link != self.here])
        try:
            state = await self.session.goto(label)
        except (ProtocolError, OSError, KeyError) as exc:
            errors.append(f"{label}: {type(exc).__name__}: {str(exc)[:120]}")
            return False
        errors.extend(_run_errors(state, label))
        self.here = label
        clicks.append(label)
        self.links = state.menu() or self.links
        return True

    def pause(self) -> float:
        """A person reads the page before the next click: `--think`, 0.5-1.5 times at random."""
        return THINK["seconds"] * self.rnd.uniform(0.5, 1.5) if THINK["seconds"] else 0.0


async def _protocol_reader(
    session: Session, clock: dict, errors: list, clicks: list, seed: int, warm_up: bool = False
) -> None:
    """One session following menu links in random order until the phase ends (warm_up: each page once)."""
    script = _Clicks(session, seed)
    if warm_up:
        for label in list(script.links[1:]):
            if not await script.click(errors, clicks, label):
                return
        return
    if script.first and not THINK["together"]:
        # the session's page was drawn when it was opened: a person reads it before the first click too
        # (without this pause every session clicked in the same instant, a burst no real group makes)
        await asyncio.sleep(script.first)
    while time.monotonic() < clock["stop_at"]:
        if not await script.click(errors, clicks):
            return
        await asyncio.sleep(script.pause())


async def _protocol_in_turn(sessions: list[Session], clock: dict, errors: list, clicks: list) -> None:
    """The readers' own click sequences, one click at a time across them (one page run at any moment).

    Session i follows the sequence it follows in the loaded phase (seed i, its role's menu); between two
    clicks the machine is idle for `--think` / sessions (0.5-1.5 times at random), about the loaded phase's
    mean gap between clicks, so the phase has about as many runs per page as the loaded one."""
    scripts = [_Clicks(session, seed) for seed, session in enumerate(sessions)]
    gaps = random.Random(len(sessions))
    alive = list(range(len(scripts)))
    turn = 0
    while alive and time.monotonic() < clock["stop_at"]:
        i = alive[turn % len(alive)]
        if await scripts[i].click(errors, clicks):
            scripts[i].pause()  # drawn, not waited: the next draw is the same as in the loaded phase
            turn += 1
        else:
            alive.remove(i)
        await asyncio.sleep(THINK["seconds"] * gaps.uniform(0.5, 1.5) / len(sessions))


async def _protocol_writer(
    session: Session, clock: dict, files: list[list[Path]], errors: list, done: list
) -> None:
    """One officer session importing files on the Data page until the phase ends."""
    await session.goto("data")
    for batch in files:
        for path in batch:
            if time.monotonic() >= clock["stop_at"]:
                return
            started = time.monotonic()
            try:
                state = await session.upload("File to import", path)
                if state.widget("checkbox", "Import the "):
                    state = await session.tick("Import the ")
                state = await session.press("Import ")
                errors.extend(_run_errors(state, "data (import)"))
                if any("rows accepted" in alert for alert in state.alerts):
                    done.append(path.name)
                else:
                    errors.append(f"import {path.name}: no 'rows accepted' message")
                await session.clear_upload("File to import")
            except (ProtocolError, OSError) as exc:
                errors.append(f"import {path.name}: {type(exc).__name__}: {str(exc)[:120]}")
                return
            # an officer imports a file now and then, not back to back
            pause = IMPORT_EVERY["seconds"] - (time.monotonic() - started)
            await asyncio.sleep(max(0.0, min(pause, clock["stop_at"] - time.monotonic())))


async def _protocol_phase(
    base: str,
    sessions: int,
    seconds: float,
    files: list[list[Path]] | None,
    warm_up: bool = False,
    in_turn: bool = False,
) -> dict:
    """Protocol sessions: open every session first, then run them together for `seconds` (in_turn: one
    click at a time across them, `_protocol_in_turn`)."""
    errors: list[str] = []
    clicks: list[str] = []
    imported: list[str] = []
    readers = await asyncio.gather(*[_open_session(base, ROLES[i % len(ROLES)]) for i in range(sessions)])
    writer = await _open_session(base, "Engagement officer") if files else None
    started = time.time()
    clock = {"stop_at": time.monotonic() + seconds}
    if in_turn:
        tasks = [_protocol_in_turn(readers, clock, errors, clicks)]
    else:
        tasks = [_protocol_reader(s, clock, errors, clicks, seed, warm_up) for seed, s in enumerate(readers)]
    if writer:
        tasks.append(_protocol_writer(writer, clock, files, errors, imported))
    await asyncio.gather(*tasks)
    ended = time.time()
    for session in [*readers, *([writer] if writer else [])]:
        await session.close()
    return {
        "start": started,
        "end": ended,
        "errors": errors,
        "clicks": len(clicks),
        "imported": imported,
        "writer": writer.state.session_id if writer else None,
    }


PHASES = {"protocol": _protocol_phase, "browser": _browser_phase}


def _measured(client: str, *args, **kwargs) -> dict:
    """Run one phase; note the load average around it and the load generator's own CPU seconds."""
    cpu, load = time.process_time(), os.getloadavg()[0]
    result = asyncio.run(PHASES[client](*args, **kwargs))
    result["client_cpu"] = time.process_time() - cpu
    result["load"] = (load, os.getloadavg()[0])
    return result


def _percentiles(runs: pd.DataFrame) -> pd.DataFrame:
    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

    rows = []
    for page, group in runs.groupby("page"):
        secs = group["seconds"].tolist()
        rows.append({"page": page, "runs": len(secs), "p50": statistics.median(secs), "p95": pct(secs, 0.95)})
    return pd.DataFrame(rows).set_index("page")


def _markdown(frame: pd.DataFrame) -> str:
    head = ["page", *map(str, frame.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page, row in frame.iterrows():
        cells = ["" if pd.isna(v) else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row]
        lines.append("| " + " | ".join([str(page), *cells]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="copy the timing log and the server log into this folder")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--narratives", type=int, default=321)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a reader pauses on a page (0: none)"
    )
    parser.add_argument(
        "--together",
        action="store_true",
        help="every reader's first click in the same instant (before 2026-12-01 22:40 UTC: always so)",
    )
    parser.add_argument(
        "--import-every",
        type=float,
        default=15.0,
        help="seconds from one import to the next during the loaded phase (0: back to back; "
        "protocol client only)",
    )
    parser.add_argument(
        "--single-with-imports",
        action="store_true",
        help="also measure one reader while the same imports run (a third phase; protocol client only)",
    )
    parser.add_argument(
        "--single-mix",
        choices=("replay", "officer"),
        default="replay",
        help="the single-user baseline: replay (default) the loaded phase's roles and click sequences one "
        "click at a time; officer: one engagement officer's session (before 2026-12-02; a different page mix)",
    )
    parser.add_argument(
        "--client",
        choices=sorted(PHASES),
        default="protocol",
        help="protocol: websocket sessions (default); browser: headless Chromium pages",
    )
    args = parser.parse_args(argv)
    THINK["seconds"] = max(0.0, args.think)
    THINK["together"] = args.together
    IMPORT_EVERY["seconds"] = max(0.0, args.import_every)

    with tempfile.TemporaryDirectory(prefix="load-test-") as tmp:
        folder = Path(tmp)
        db_path = _build(folder, args.narratives)
        files = _import_files(folder, args.narratives, rounds=40)
        timing_log = folder / "timing.jsonl"
        env = {
            **os.environ,
            "MATERNITY_DB": str(db_path),
            "MATERNITY_TIMING_LOG": str(timing_log),
            "PYTHONUNBUFFERED": "1",
        }
        server_log = folder / "server.log"
        with running_dashboard(env, server_log) as base:
            # every page once as each role (the loaded phase has all three): caches filled
            warm = _measured(args.client, base, len(ROLES), 0, None, warm_up=True)
            replay = args.single_mix == "replay" and args.client == "protocol"
            if replay:
                single = _measured(args.client, base, args.sessions, args.seconds, None, in_turn=True)
            else:
                single = _measured(args.client, base, 1, args.seconds, None)
            loaded = _measured(args.client, base, args.sessions, args.seconds, files[:20])
            # the same imports with one reader: separates what writes cost (cold caches) from concurrency
            alone = (
                _measured(
                    args.client,
                    base,
                    args.sessions if replay else 1,
                    args.seconds,
                    files[20:],
                    **({"in_turn": True} if replay else {}),
                )
                if args.single_with_imports and args.client == "protocol"
                else None
            )
        runs = pd.DataFrame([json.loads(line) for line in timing_log.read_text().splitlines()])
        tracebacks = server_log.read_text(errors="replace").count("Traceback")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for kept in (timing_log, server_log):
                (args.keep / kept.name).write_bytes(kept.read_bytes())
            # each phase's window and importing session, for benchmarks.load_tail
            phases = {"single": single, "loaded": loaded, **({"alone": alone} if alone else {})}
            (args.keep / "phases.json").write_text(
                json.dumps(
                    {name: {k: p.get(k) for k in ("start", "end", "writer")} for name, p in phases.items()}
                )
            )

    def window(phase):  # completed runs only (a run stopped by the session's next click is counted apart)
        inside = runs[(runs["t"] >= phase["start"]) & (runs["t"] <= phase["end"])]
        return inside[inside["outcome"] == "ok"]

    def readers(phase):  # the reading sessions' runs (the importing session's runs are reported apart)
        inside = window(phase)
        return inside[inside["session"] != phase["writer"]] if phase.get("writer") else inside

    one, many = _percentiles(readers(single)), _percentiles(readers(loaded))
    one.columns = [f"{c} 1 user" for c in one.columns]
    many.columns = [f"{c} {args.sessions} users" for c in many.columns]
    table = one.join(many, how="outer")
    table["p95 ratio"] = table[f"p95 {args.sessions} users"] / table["p95 1 user"]
    all_one, all_many = readers(single)["seconds"], readers(loaded)["seconds"]
    print(
        f"client: {args.client}; single-user baseline: {args.single_mix}; warm-up: {warm['clicks']} page "
        f"clicks, errors {len(warm['errors'])}"
    )
    for name, phase in (("1 user", single), (f"{args.sessions} users", loaded)):
        print(
            f"{name}: load average {phase['load'][0]:.1f} before, {phase['load'][1]:.1f} after; "
            f"load generator CPU {phase['client_cpu']:.1f} s (this process)"
        )
    print(
        f"1 user: {single['clicks']} page clicks in {args.seconds:.0f} s, errors {len(single['errors'])}; "
        f"{args.sessions} users: {loaded['clicks']} page clicks, {len(loaded['imported'])} files imported "
        f"during the run, errors {len(loaded['errors'])}; tracebacks in the server log: {tracebacks}"
    )
    for error in (warm["errors"] + single["errors"] + loaded["errors"])[:20]:
        print(f"  error: {error}")
    print()
    print(_markdown(table.round(3)))
    print()
    p95_one, p95_many = all_one.quantile(0.95), all_many.quantile(0.95)
    print(
        f"all pages: p50 {all_one.median():.3f} s -> {all_many.median():.3f} s, "
        f"p95 {p95_one:.3f} s -> {p95_many:.3f} s (ratio {p95_many / p95_one:.2f}; target <= 2)"
    )
    both = table.dropna(subset=["p95 ratio"])
    if len(both):
        print(
            f"per-page p95 ratio ({len(both)} pages opened in both phases): median "
            f"{both['p95 ratio'].median():.2f}, max {both['p95 ratio'].max():.2f} ({both['p95 ratio'].idxmax()})"
        )
    if loaded.get("writer"):
        every = window(loaded)["seconds"]
        import_runs = window(loaded)[window(loaded)["session"] == loaded["writer"]]["seconds"]
        print(
            f"the importing session's own runs (upload, check, import; not in the table): {len(import_runs)}, "
            f"p50 {import_runs.median():.3f} s, p95 {import_runs.quantile(0.95):.3f} s; all sessions together: "
            f"p95 {every.quantile(0.95):.3f} s (ratio {every.quantile(0.95) / p95_one:.2f})"
        )
    if alone is not None:
        with_imports = readers(alone)["seconds"]
        p95_alone = with_imports.quantile(0.95)
        print(
            f"1 user while {len(alone['imported'])} files were imported: {len(with_imports)} runs, "
            f"p50 {with_imports.median():.3f} s, p95 {p95_alone:.3f} s, errors {len(alone['errors'])}; "
            f"{args.sessions} users against it: p95 ratio {p95_many / p95_alone:.2f}"
        )
        for error in alone["errors"][:10]:
            print(f"  error: {error}")
    outcomes = (
        runs[(runs["t"] >= loaded["start"]) & (runs["t"] <= loaded["end"])]["outcome"]
        .value_counts()
        .to_dict()
    )
    print(f"script-run outcomes under load: {outcomes}")
    during = runs[(runs["t"] >= loaded["start"]) & (runs["t"] <= loaded["end"])]
    refreshes = during[during["outcome"] == "refresh"]
    if len(refreshes):  # ui.refresh: recomputing after a write while readers are shown the published data
        print(
            f"background refreshes under load: {len(refreshes)}, p50 {refreshes['seconds'].median():.2f} s, "
            f"max {refreshes['seconds'].max():.2f} s; reader runs shown the published data while one ran: "
            f"{int((during['outcome'] == 'stale').sum())}"
        )
        cpu = refreshes["session"].str.extract(r"cpu=([0-9.]+)s")[0].astype(float)
        if cpu.notna().any():  # the refresh thread's own CPU in the server (its worker's is not in it)
            print(
                f"server CPU of the refreshes under load: {cpu.sum():.2f} s in all, p50 {cpu.median():.2f} s each; "
                f"page runs' script-thread CPU (every session): {during[during['outcome'] == 'cpu']['seconds'].sum():.2f} s"
            )
    for name, phase in (("1 user", single), (f"{args.sessions} users", loaded)):
        span = runs[(runs["t"] >= phase["start"]) & (runs["t"] <= phase["end"])]
        pauses = span[span["outcome"].str.startswith("gc")]  # insights.timing.probe_gc: every thread waited
        by_gen = ", ".join(
            f"{gen} {len(g)} ({g['seconds'].sum():.2f} s, longest {g['seconds'].max():.3f} s)"
            for gen, g in pauses.groupby("outcome")
        )
        print(f"garbage collections of {timing.GC_LOGGED * 1000:.0f} ms or more, {name}: {by_gen or 'none'}")
    failed = single["errors"] or loaded["errors"] or (alone and alone["errors"]) or tracebacks
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
