"""Every page runs under AppTest against the fixture database; the Data page's import flow works."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insights.output.textsafe import plain
from tests.conftest import FIXTURES, app_using

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="module")
def page_db(make_db):
    """The pages' own database (the app keeps one connection open for the process)."""
    with app_using(make_db("fixture")) as path:
        yield path


def run(script: str, role: str = "officer") -> AppTest:
    """Run a page as `role` (demo mode starts as the commissioner; the smoke tests use the officer)."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("script", ["dashboard.py", *PAGES])
def test_page_runs(script, page_db):
    at = run(script)
    assert at.title, f"{script} shows no title"


def test_data_page_shows_contents(page_db):
    at = run("pages/data.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Narratives"] == "12"
    assert metrics["Venues"] == "3"
    assert metrics["Engagement log entries"] == "6"
    quality = at.dataframe[0].value.set_index("check_name")["affected"]
    assert quality["Narratives with an unknown postcode (not in the lookup)"] == 1
    assert any("14 March 2023" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 8  # CSV and Excel for each of the four templates


def test_data_page_rejects_then_imports(page_db):
    at = run("pages/data.py")
    bad = b"name,venue_type,postcode\nGood Hall,Library,DA11 0AA\nBad Hall,Castle,DA11 0AB\n"
    at.file_uploader(key="upload").upload("venues_new.csv", bad, "text/csv").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows in file"] == "2" and metrics["Rows with errors"] == "1"
    report = next(t.value for t in at.table if "Severity" in t.value.columns)  # a short list: in full
    assert report["Row"].tolist() == [3] and report["Column"].tolist() == [
        plain("venue_type")
    ]  # inert markdown
    import_button = next(b for b in at.button if b.label.startswith("Import"))
    assert import_button.disabled
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label.startswith("Import")).click().run()
    assert not at.exception
    assert any("1 of 2 rows accepted" in s.value for s in at.success)
    at = run("pages/data.py")
    assert {m.label: m.value for m in at.metric}["Venues"] == "4"


def test_data_page_says_a_whole_file_warning_in_full(page_db):
    """A warning about the file (row 0: its encoding) is said in full above the table, not as "row 0"."""
    from tests.fixtures.messy.red2 import red2_cases

    case = next(c for c in red2_cases() if c.name == "narratives_mac_roman_old_excel_for_mac")
    at = run("pages/data.py")
    at.file_uploader(key="upload").upload("narratives_mac.csv", case.make(), "text/csv").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Warnings"] == "1"
    said = [w.value for w in at.warning if w.value.startswith("The whole file:")]
    assert len(said) == 1 and "Mac Roman" in said[0]
    assert not [t for t in at.table if "Severity" in t.value.columns]  # no row-level problems to list


def test_data_page_reports_unreadable_file(page_db):
    at = run("pages/data.py")
    at.file_uploader(key="upload").upload(
        "narratives.xlsx", b"not really a spreadsheet", "application/zip"
    ).run()
    assert not at.exception
    assert any("cannot be read" in e.value for e in at.error)


def test_fixture_files_are_templates():
    """The test fixtures use the template headers, so they double as worked examples."""
    from insights.ingest.templates import column_names

    for kind in ("venues", "narratives", "engagement"):
        header = (FIXTURES / f"{kind}.csv").read_text().splitlines()[0].split(",")
        assert set(header) <= set(column_names(kind))


def test_filters_survive_a_page_without_filters(page_db):
    """Streamlit forgets widget state on pages that do not draw the widget; the selection must not be lost."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["role"] = "officer"
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    at.sidebar.multiselect(key="flt_localities").select("Dartford").run()
    assert at.query_params.get("area") in ("Dartford", ["Dartford"])
    at.switch_page("pages/data.py").run()
    at.switch_page("pages/themes.py").run()
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_localities").value == ["Dartford"]
    assert len(at.sidebar.date_input) == 1


def test_a_warm_themes_run_does_not_redo_its_tables_group_and_item_work(page_db, monkeypatch):
    """Group sizes, shown groups, labels, shares and a cell's quote parameters follow from the prevalence
    table alone: made once per table (ui.cache.derived), not again on every run of the page."""
    import functools

    from insights.analysis import breakdowns

    calls: list[str] = []
    for name in ("group_sizes", "comparable_groups", "everyone_hidden", "overall_share", "cell_quote_params"):
        real = getattr(breakdowns, name)

        @functools.wraps(real)
        def counted(*args, _real=real, **kwargs):
            calls.append(_real.__name__)
            return _real(*args, **kwargs)

        monkeypatch.setattr(breakdowns, name, counted)
    first = run("pages/themes.py", role="commissioner")
    assert calls  # the first run made them
    calls.clear()
    again = run("pages/themes.py", role="commissioner")  # another session, the same selection: warm
    assert calls == []
    assert [m.value for m in again.markdown] == [m.value for m in first.markdown]


def test_warm_quote_pages_do_not_redo_their_codebook_names(page_db, monkeypatch):
    """The filters' theme and category names follow from the cached codebook query: made once per data version
    (ui.cache.derived), not again on every run of the page (so are the export tab's counts per category)."""
    from ui import cache

    cache._derived_keyed.clear()  # cold, whatever ran before in this module
    real_drop, dropped = pd.DataFrame.drop_duplicates, []
    monkeypatch.setattr(
        pd.DataFrame, "drop_duplicates", lambda self, *a, **k: dropped.append(a) or real_drop(self, *a, **k)
    )
    for script in ("pages/quotes.py", "pages/approved_quotes.py"):
        first = run(script)
        assert ("theme_id",) in dropped or script != "pages/quotes.py"  # the first run made them
        dropped.clear()
        again = run(script)  # another session, nothing chosen: warm
        assert ("theme_id",) not in dropped and ("category_id",) not in dropped, script
        assert [m.value for m in again.multiselect] == [m.value for m in first.multiselect]
        assert [m.options for m in again.multiselect] == [m.options for m in first.multiselect]
