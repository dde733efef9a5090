"""End to end in a real browser: every page as every role, key content, main interactions, axe-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from insights.roles import PAGES, ROLE_LABELS, pages_for
from tests.e2e.browser import exception_texts, wait_until_rendered

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
    switcher = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text="View the dashboard as"
    )
    if ROLE_LABELS[role] not in switcher.inner_text():
        switcher.locator("[data-baseweb='select'], [role='combobox']").first.click()
        page.get_by_role("option", name=ROLE_LABELS[role], exact=True).click()
        wait_until_rendered(page)


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


@pytest.mark.parametrize("role", list(ROLE_LABELS))
def test_every_page_as_every_role(role, demo_server, page, screenshots_dir):
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
        page.screenshot(path=str(screenshots_dir / f"{role}-{spec.url_path}.png"), full_page=True)
        violations = axe_violations(page)
        if violations:
            problems[spec.title] = violations
    assert not problems, json.dumps(problems, indent=2)


def test_data_page_upload_imports_a_template_file(demo_server, page, tmp_path):
    open_as(page, demo_server, "officer")
    go_to(page, "Data")
    assert "321" in page.locator("[data-testid='stMetric']").first.inner_text()
    page.get_by_role("tab", name="Import a file").click()
    upload = tmp_path / "venues_new.csv"
    upload.write_text("venue_id,name,venue_type,postcode,active\nV-E2E,E2E Test Hall,Library,DA11 0AA,yes\n")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
    wait_until_rendered(page)
    button = page.get_by_role("button", name="Import 1 rows")
    button.click()
    wait_until_rendered(page)
    assert "1 of 1 rows accepted (1 new" in page.locator("[data-testid='stAlertContentSuccess']").inner_text()
    page.get_by_role("tab", name="What is in the database").click()
    page.reload()
    wait_until_rendered(page)
    go_to(page, "Data")
    venues = page.locator("[data-testid='stMetric']").nth(2).inner_text()
    assert "33" in venues
