"""Maternity Insights: the router and frame. Run: streamlit run dashboard.py

Who is this first (ui.roles.sign_in_gate: sign-in page, no-access page, or the demo switcher), then
the navigation built from insights.access.roles.PAGES for that role (a page appears once its file exists).
Each page also checks the role itself (ui.roles.require_page), so a typed URL cannot reach it: another
role's pages are registered hidden (not in the menu), so a typed or shared URL such as /data lands on
that page's own refusal instead of a "Page not found" dialog.

Each page run is wrapped in ui.data.reading_run: for a few seconds after a write, a page whose spec says
`shows_published` (it draws only through ui.data.query and ui.data.display_cursor, and acts through
ui.data.action_cursor only where a button, form, callback or upload asked: every page now) is shown the last
published data's cached results while they are recomputed in the background (ui.refresh), with a caption
saying so.
"""

import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from insights import timing
from insights.access.roles import page_visibility
from ui import data, serve
from ui.roles import sign_in_gate

ROOT = Path(__file__).resolve().parent
_started = time.perf_counter()  # the load test's server-side timing ($MATERNITY_TIMING_LOG)
_started_cpu = time.thread_time()  # and the script thread's own CPU (other threads' work is not in it)

# A local favicon: a material-icon page_icon would be fetched from the internet by the browser.
st.set_page_config(
    page_title="Maternity Insights", page_icon=str(ROOT / "data" / "assets" / "favicon.png"), layout="wide"
)

role = sign_in_gate()

sections: dict[str, list] = {}
hidden: list = []
shows_published: dict[str, bool] = {}
for spec, visibility in page_visibility(role):
    if (ROOT / spec.file).exists():
        page = st.Page(
            spec.file, title=spec.title, icon=spec.icon, url_path=spec.url_path, visibility=visibility
        )
        shows_published[spec.title] = spec.shows_published
        # Another role's page: hidden from the menu, but its URL shows the page's own refusal.
        (sections.setdefault(spec.section, []) if visibility == "visible" else hidden).append(page)

if not sections:
    st.error("There are no pages for your role yet.", icon=":material/info:")
    st.stop()
list(sections.values())[-1].extend(hidden)  # in a shown section, so no empty section heading appears
page = st.navigation(sections)
_AGAIN = "_run_started_again_after"  # seconds of a run that started again on newer data (timing only)


def _run_page() -> None:
    with data.reading_run(allow_stale=shows_published.get(page.title, False)):
        page.run()
        if data.run_was_stale():
            held = data.stale_seconds()
            st.caption(
                ":material/update: Updating after a recent change: these figures are from just before it"
                + (f" (at most {held:.0f} seconds ago)." if held >= 1 else ".")
            )


if not timing.log_path():
    _run_page()
else:
    timing.probe_gc()  # once per process (checked inside): collections that paused every session
    outcome = "ok"
    try:
        _run_page()
    except BaseException as exc:  # st.rerun/st.stop are exceptions too: record the run, then re-raise
        outcome = type(exc).__name__
        raise
    finally:
        ctx = get_script_run_ctx()
        seconds = time.perf_counter() - _started
        if data.started_again():  # counted in the run that follows, which the user waits for too
            st.session_state[_AGAIN] = seconds
        else:
            seconds += st.session_state.pop(_AGAIN, 0.0)
        timing.record(page.title, seconds, outcome, ctx.session_id if ctx else "")
        if data.run_was_stale():  # counted apart by the load test: runs shown the published data
            timing.record(page.title, seconds, "stale", ctx.session_id if ctx else "")
        timing.record(page.title, seconds, f"read: {data.how_run_read()}", ctx.session_id if ctx else "")
        timing.record(page.title, time.thread_time() - _started_cpu, "cpu", ctx.session_id if ctx else "")

# After the first run in a process has loaded what pages need: the collector stops walking it (ui.serve.settle;
# `python -m ui.serve` settles before it starts, `streamlit run dashboard.py` here).
serve.settle()
