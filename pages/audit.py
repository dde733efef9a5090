"""Audit trail (engagement officer): who did what and when; view, filter and download. Read-only."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.access import audit
from insights.output.wording import plural
from ui.data import query, reread
from ui.roles import audited_download_button, require_page

#: Newest entries shown on the page; the download holds every matching entry.
SHOW = 2_000

role = require_page("pages/audit.py")
st.title("Audit trail")
st.caption(
    "Every import, quote review, export or download, engagement log edit and sign-in: who, when and "
    "what (ids and counts, never women's words). The trail only grows: nobody can change or remove "
    "an entry through the dashboard. Times are UK time."
)

# --- integrity -------------------------------------------------------------------------------------
check = query("audit_integrity").iloc[0]
entries_total = int(check["entries"])
broken = int(check["broken_entries"])
if entries_total == 0:
    st.info("Nothing has been recorded yet. Imports, reviews, downloads and sign-ins will appear here.")
    st.stop()
if broken:
    st.error(
        f"The audit trail has been altered outside the dashboard: {broken:,} of {entries_total:,} "
        f"entries fail the integrity check, the first is entry {int(check['first_broken_id'])}. "
        "Keep a copy of the database file and report it to your information governance lead.",
        icon=":material/gpp_bad:",
    )
else:
    st.success(
        f"All {plural(entries_total, 'entry', 'entries')} are intact: each entry's fingerprint matches its "
        "contents and "
        "the entry before it.",
        icon=":material/verified_user:",
    )

# --- filters ---------------------------------------------------------------------------------------
activity = query("audit_activity")
actions = sorted(activity["action"].unique(), key=lambda a: (a not in audit.ACTIONS, audit.ACTIONS.get(a, a)))
people = sorted(activity["actor"].unique())
first_day = activity["first_logged_at"].min().date()
today = dt.datetime.now(audit.LONDON).date()

c1, c2, c3 = st.columns([2, 3, 3])
days = c1.date_input(
    "Between",
    value=(first_day, today),
    min_value=first_day,
    max_value=today,
    format="DD/MM/YYYY",
    key="audit_days",
)
chosen_actions = c2.multiselect(
    "What happened", actions, format_func=lambda a: audit.ACTIONS.get(a, a), placeholder="Everything"
)
chosen_people = c3.multiselect("Who", people, placeholder="Everyone")
search = st.text_input(
    "Find an id, file name or person",
    placeholder="e.g. an import id, an excerpt id or part of a file name",
    max_chars=100,
).strip()

if isinstance(days, tuple | list):  # while a range is being chosen it holds only its first day
    since = days[0] if days else None
    until = days[1] if len(days) > 1 else since
else:
    since = until = days
start, end = audit.day_bounds(since, until)
params = {
    "since": start,
    "until": end,
    "actions": list(chosen_actions),
    "actors": list(chosen_people),
    "search": search,
}

# --- entries ---------------------------------------------------------------------------------------
entries = query("audit_log_entries", **params, limit=SHOW)
matching = int(entries["matching"].iat[0]) if len(entries) else 0

counts = activity.groupby("action")["entries"].sum()
m1, m2, m3, m4 = st.columns(4)
m1.metric("Entries matching", f"{matching:,}")
m2.metric("Imports (all time)", f"{int(counts.get('import', 0)):,}")
m3.metric("Sign-ins (all time)", f"{int(counts.get('sign_in', 0)):,}")
m4.metric("Refused sign-ins (all time)", f"{int(counts.get('sign_in_refused', 0)):,}")

if entries.empty:
    st.info("No entries match these filters. Widen the dates or clear the other filters.")
else:
    st.dataframe(
        audit.for_display(entries),
        hide_index=True,
        width="stretch",
        column_config={
            "Entry": st.column_config.NumberColumn("Entry", format="%d", width="small"),
            "Who": st.column_config.TextColumn("Who", width="medium"),
            "Role": st.column_config.TextColumn("Role", width="medium"),
            "Action": st.column_config.TextColumn("Action", width="medium"),
            "Id": st.column_config.TextColumn("Id", width="small"),
            "Details": st.column_config.TextColumn("Details", width="large"),
        },
    )
    if matching > len(entries):
        st.caption(
            f"Showing the newest {len(entries):,} of {matching:,} matching entries; the download has them all."
        )


def _download() -> bytes:
    """Every matching entry, newest first, with each entry's fingerprint."""
    return audit.export_csv(
        audit.for_display(query("audit_log_entries", **params, limit=None), with_hash=True)
    )


d1, d2 = st.columns([1, 1])
with d1:
    audited_download_button(
        f"Download {plural(matching, 'entry', 'entries')} (CSV)",
        _download,
        file_name=f"audit-trail-{today:%Y%m%d}.csv",
        mime="text/csv",
        object_type="audit_log",
        details={
            "rows": matching,
            "since": str(since or ""),
            "until": str(until or ""),
            "actions": list(chosen_actions),
            "people": len(chosen_people),
            "search": bool(search),
        },
        key="audit_download",
        disabled=matching == 0,
        icon=":material/download:",
    )
with d2:
    if st.button("Check for new entries", icon=":material/refresh:"):
        reread()  # another process (the command line) may have written: nothing cached is kept
        st.rerun()
st.caption(
    "The download is recorded in this trail. Its last column is each entry's fingerprint: keep the newest "
    "one (first row) to check later that nothing before it has been changed."
)
