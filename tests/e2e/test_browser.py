"""End to end in a real browser: every page as every role, key content, main interactions, axe-core."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from insights.access.roles import PAGES, ROLE_LABELS, pages_for
from tests.e2e.browser import exception_texts, screenshot_full, wait_until_rendered

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Framework markup we do not write and cannot change (checked in our content everywhere else):
#: Streamlit's sidebar navigation wraps <li> in <div>s inside its <ul>.
AXE_EXCLUDE = ['[data-testid="stSidebarNav"]']
EXISTING = [p for p in PAGES if (ROOT / p.file).exists()]


def open_as(page, base: str, role: str, url_path: str = "") -> None:
    """Open the app, choose the role in the demo-mode switcher, then go to a page by its nav link."""
    page.goto(f"{base}/{url_path}")
    wait_until_rendered(page)
    switch_role(page, role)


def switch_role(page, role: str) -> None:
    """Choose the role in the demo-mode switcher of the page already open (the same session)."""
    switcher = page.get_by_role("combobox", name="View the dashboard as")
    if switcher.input_value() != ROLE_LABELS[role]:
        switcher.click()
        page.get_by_role("option", name=ROLE_LABELS[role], exact=True).click()
        page.wait_for_function(
            "([label]) => document.querySelector('input[aria-label=\"View the dashboard as\"]').value === label",
            arg=[ROLE_LABELS[role]],
        )
        wait_until_rendered(page)
    assert switcher.input_value() == ROLE_LABELS[role], f"could not switch to {ROLE_LABELS[role]}"


def nav_text(page) -> str:
    """The sidebar navigation's text ('' when the role has a single page, which hides the navigation)."""
    nav = page.locator("[data-testid='stSidebarNav']")
    return nav.inner_text() if nav.count() else ""


def go_to(page, title: str) -> None:
    """Click a page's link in the sidebar navigation (no-op when the navigation is hidden)."""
    nav = page.locator("[data-testid='stSidebarNav']")
    if nav.count():
        nav.get_by_role("link", name=title, exact=True).click()
        wait_until_rendered(page)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations in the app's own content (main area and sidebar)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the test command does it)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # once per document: pages change in place
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (exclude) => {
            const r = await axe.run(
                {include: [['[data-testid="stMain"]'], ['[data-testid="stSidebar"]']],
                 exclude: exclude.map(s => [s])},
                {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        AXE_EXCLUDE,
    )
    return result


def outside_requests(page) -> list[str]:
    """Start recording every request the page makes to a host other than this machine."""
    seen: list[str] = []

    def check(request) -> None:
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in (
            "127.0.0.1",
            "localhost",
        ):
            seen.append(request.url)

    page.on("request", check)
    return seen


def metric_value(page, label: str) -> str:
    """The shown value of the metric with this label."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


@pytest.fixture(scope="module")
def one_session(demo_server, browser):
    """One page (one Streamlit session) that every role's walk through the pages shares, switching role in
    place as the demo's switcher is used: a first page load costs 10-20 s of the browser's JavaScript on a
    busy 2-core machine, a role switch a page run."""
    from tests.e2e.browser import watch_runs

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch_runs(context)
    page = context.new_page()
    yield page
    context.close()


#: The MNVP's pages are the officer's Quote review and the commissioners' pages, each visited by another role
#: here, so its walk runs with the slow tests (`make test-slow`, CI).
@pytest.mark.parametrize(
    "role", [pytest.param(r, marks=pytest.mark.slow) if r == "mnvp" else r for r in ROLE_LABELS]
)
def test_every_page_as_every_role(role, demo_server, one_session, screenshots_dir):
    page = one_session
    outside = outside_requests(page)
    if page.url.startswith(demo_server):
        go_to(page, "About")  # every role's page: the switch never leaves a role on a page it may not open
        switch_role(page, role)
    else:
        open_as(page, demo_server, role)
    nav = nav_text(page)
    allowed = [p for p in pages_for(role) if p in EXISTING]
    if len(allowed) > 1:
        for spec in EXISTING:
            assert (spec.title in nav) == (spec in allowed), f"{spec.title} in navigation for {role}?"
    problems = {}
    for spec in allowed:
        go_to(page, spec.title)
        assert not exception_texts(page), f"{spec.title} as {role}: {exception_texts(page)}"
        heading = page.locator("[data-testid='stMain'] h1").first.inner_text()
        assert heading, f"{spec.title} shows no heading"
        if screenshots_dir is not None:
            screenshot_full(page, str(screenshots_dir / f"{role}-{spec.url_path}.png"))
        violations = axe_violations(page)
        if violations:
            problems[spec.title] = violations
    assert not problems, json.dumps(problems, indent=2)
    assert not outside, f"the app reached outside this machine: {outside[:5]}"


def test_data_page_upload_imports_a_template_file(demo_server, page, tmp_path):
    open_as(page, demo_server, "officer", "data")  # straight to the page: the sidebar is tested above
    assert "321" in page.locator("[data-testid='stMetric']").first.inner_text()
    page.get_by_role("tab", name="Import a file").click()
    upload = tmp_path / "venues_new.csv"
    upload.write_text("venue_id,name,venue_type,postcode,active\nV-E2E,E2E Test Hall,Library,DA11 0AA,yes\n")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
    wait_until_rendered(page)
    button = page.get_by_role("button", name="Import 1 row")
    button.click()
    wait_until_rendered(page)
    assert "1 of 1 rows accepted (1 new" in page.locator("[data-testid='stAlertContentSuccess']").inner_text()
    page.get_by_role("tab", name="What is in the database").click()
    # A reload is a new session, which demo mode starts as the commissioner: switch up again.
    open_as(page, demo_server, "officer", "data")
    venues = page.locator("[data-testid='stMetric']").nth(2).inner_text()
    assert "33" in venues


def test_filter_changes_the_numbers(demo_server, page):
    open_as(page, demo_server, "commissioner")
    go_to(page, "Overview")
    before = metric_value(page, "Women")
    area = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Area")
    area.locator("input").first.click()
    page.get_by_role("option", name="Dartford", exact=True).click()
    page.keyboard.press("Escape")
    wait_until_rendered(page)
    after = metric_value(page, "Women")
    assert before != after, f"Women stayed {before} after filtering to Dartford"
    assert "area=Dartford" in page.url  # the view can be shared as a link
    assert not exception_texts(page)


def test_search_quotes_and_approve_one(demo_server, page):
    open_as(page, demo_server, "mnvp", "quotes")
    approved_before = int(metric_value(page, "Approved").replace(",", ""))
    page.get_by_role("textbox", name="Your name (recorded with every decision)").fill("E2E Reviewer")
    page.keyboard.press("Enter")
    wait_until_rendered(page)
    page.get_by_role("textbox", name="Search the anonymised quotes").fill("pain relief")
    page.keyboard.press("Enter")
    wait_until_rendered(page)
    page.get_by_role("button", name="Approve", exact=True).first.click()
    wait_until_rendered(page)
    assert not exception_texts(page)
    # one decision covers every excerpt with the same wording (one or more)
    assert int(metric_value(page, "Approved").replace(",", "")) > approved_before


def test_add_an_engagement_log_entry(demo_server, page):
    open_as(page, demo_server, "officer", "engagement_log")
    page.get_by_role("spinbutton", name="Women engaged").fill("4")
    page.get_by_role("spinbutton", name="English", exact=True).fill("15")
    page.get_by_role("textbox", name="Note (optional)").fill("E2E visit: restocked the rack")
    page.get_by_role("button", name="Save activity").click()
    wait_until_rendered(page)
    assert not exception_texts(page)
    assert page.locator("[data-testid='stAlertContentSuccess']").count() == 1


@pytest.mark.slow
def test_briefing_downloads_are_built_on_click(demo_server, page):
    open_as(page, demo_server, "commissioner")
    go_to(page, "Overview")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Slides (PowerPoint)").click()
    path = download.value.path()
    data = Path(path).read_bytes()
    assert data[:2] == b"PK" and len(data) > 20_000  # a real .pptx (zip) with the slide pack
    assert download.value.suggested_filename.endswith(".pptx")


@pytest.mark.slow
def test_data_page_refuses_a_workbook_bomb_and_a_swallowing_quote(demo_server, page, tmp_path):
    """Issue 11 on the Data page: the same bounded reader and plain refusals as the command line."""
    from tests.fixtures.messy.corpus import cases

    open_as(page, demo_server, "officer", "data")
    page.get_by_role("tab", name="Import a file").click()
    wanted = {c.name: c for c in cases()}
    for name, phrase in [
        ("stray_cells_bomb", "column XFD"),
        ("unclosed_quote_swallows_rows", "a quote mark opens a cell in row 3"),
    ]:
        case = wanted[name]
        upload = tmp_path / f"narratives-{case.file_name}"
        upload.write_bytes(case.make())
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        wait_until_rendered(page)
        alert = page.locator("[data-testid='stAlertContentError']").first
        alert.wait_for(timeout=30_000)
        assert phrase in alert.inner_text()
        assert "This file cannot be read" in alert.inner_text()
        assert not exception_texts(page)


def test_a_new_session_starts_as_the_commissioner(demo_server, page):
    page.goto(demo_server)
    wait_until_rendered(page)
    switcher = page.get_by_role("combobox", name="View the dashboard as")
    assert switcher.input_value() == ROLE_LABELS["commissioner"]
    assert "Data" not in nav_text(page).splitlines() and "Audit trail" not in nav_text(page)


@pytest.mark.parametrize(
    "spec",
    [s for s in EXISTING if "commissioner" not in s.roles],
    ids=lambda s: s.url_path,
)
def test_a_typed_url_opens_as_commissioner_and_is_refused(spec, demo_server, page):
    """A fresh browser session that types /data (or /audit, ...) sees the page's refusal, nothing else."""
    page.goto(f"{demo_server}/{spec.url_path}")
    wait_until_rendered(page)
    main = page.locator("[data-testid='stMain']")
    assert "does not have access" in main.inner_text(), main.inner_text()[:300]
    assert "ICB commissioner" in main.inner_text()
    assert main.locator("h1, [data-testid='stDataFrame'], [data-testid='stMetric']").count() == 0
    assert not page.get_by_role("dialog").count(), "a 'Page not found' dialog instead of the refusal"
    assert not exception_texts(page)


def test_a_shared_filtered_link_opens_as_commissioner(demo_server, page):
    page.goto(f"{demo_server}/overview?area=Swanley&eth=Mixed")
    wait_until_rendered(page)
    switcher = page.get_by_role("combobox", name="View the dashboard as")
    assert switcher.input_value() == ROLE_LABELS["commissioner"]
    text = page.locator("[data-testid='stMain']").inner_text()
    assert not exception_texts(page)
    assert "Ratings from 1 women" not in text and "Women\n1\n" not in text


@pytest.mark.slow
def test_reach_log_a_visit_opens_the_log_in_this_session(demo_server, page):
    """Choosing a neighbourhood on Reach and pressing "Log a visit" opens the log as the same officer."""
    open_as(page, demo_server, "officer")
    go_to(page, "Reach and coverage")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection box (canvas grid)
    wait_until_rendered(page)
    button = page.get_by_role("button", name="Log a visit at")
    button.click()
    wait_until_rendered(page)
    assert not exception_texts(page)
    assert "/engagement_log" in page.url
    assert page.get_by_text("Venue chosen from the Reach page").count() == 1


def test_code_a_narrative_with_the_keyboard(demo_server, page):
    """Issue 14: a coder picks a code by typing in the searchable list, saves, and the queue shrinks."""
    open_as(page, demo_server, "coder", "coding")
    main = page.locator("[data-testid='stMain']")
    heading = main.locator("h3").filter(has_text="left to code").first.inner_text()
    left = int(heading.split()[0])
    page.get_by_role("combobox", name="Code (type to search)").first.click()
    page.keyboard.type("Felt safe during labour")
    page.keyboard.press("Enter")
    wait_until_rendered(page)
    page.get_by_role("button", name="Save coding").click()
    wait_until_rendered(page)
    assert not exception_texts(page)
    assert "Saved 1 coded excerpt" in page.locator("[data-testid='stAlertContentSuccess']").first.inner_text()
    heading = main.locator("h3").filter(has_text="left to code").first.inner_text()
    assert heading.startswith(f"{left - 1} narrative")
