"""Engagement log (engagement officer): log a visit in seconds, correct one, and keep the venues list."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.ingest import engagement
from insights.output.textsafe import plain
from insights.vocab import ACTIVITY_TYPES, PACK_LANGUAGES, VENUE_TYPES
from ui.data import action_cursor, query, writing
from ui.roles import actor, require_page

role = require_page("pages/engagement_log.py")

st.title("Engagement log")
st.caption(
    "Log each visit or activity as you go, and keep the list of venues up to date. Every entry is "
    "checked and saved exactly like an imported file, and recorded in the audit trail."
)

NUMBERS = ("women_engaged", "narratives_collected", "connectors_present")
NUMBER_LABELS = {
    "women_engaged": "Women engaged",
    "narratives_collected": "Narratives collected",
    "connectors_present": "Connectors present",
}
FORM_KEYS = [f"log_{n}" for n in NUMBERS] + [f"log_pack_{lang}" for lang in PACK_LANGUAGES] + ["log_note"]
NEW_VENUE = "__new__"


def _show_saved(key: str) -> None:
    """The confirmation left by the last save (plain text for anything the user typed)."""
    saved = st.session_state.pop(key, None)
    if saved:
        headline, details = saved
        st.success(headline, icon=":material/check_circle:")
        st.text(details)


def _show_refused(saved: engagement.Saved, what: str) -> None:
    st.error(f"The {what} was not saved. Please fix:", icon=":material/error:")
    for issue in saved.errors:
        st.text(f"• {engagement.describe_issue(issue)}")


def _write(kind: str, frame) -> engagement.Saved | None:
    cur = action_cursor()
    try:
        with writing():  # an entry or a venue: the log, the packs, their pre-aggregates, the map
            return engagement.save(cur, kind, frame, actor=actor(), role=role)
    except Exception as exc:  # noqa: BLE001 -- any failure rolled the transaction back; say so plainly
        st.error(f"Nothing was saved: {plain(exc)}", icon=":material/error:")
        return None
    finally:
        cur.close()


venues = query("venue_list")
active = venues[venues["active"]]
venue_names = dict(zip(venues["venue_id"], venues["name"], strict=True))
venue_places = dict(zip(venues["venue_id"], venues["locality"].fillna(""), strict=True))

log_tab, venue_tab = st.tabs(["Log an activity", "Venues"])

# --- activity form ---------------------------------------------------------------------------------
with log_tab:
    _show_saved("log_saved")
    if st.session_state.pop("log_reset", False):
        extra = st.session_state.pop("log_extra_languages", [])
        for key in FORM_KEYS + ["log_entry_id", "log_linked"] + [f"log_pack_{lang}" for lang in extra]:
            st.session_state.pop(key, None)
    pending = st.session_state.pop("log_load", None)  # an entry chosen for correction
    if pending:
        st.session_state.update(
            {
                "log_entry_id": pending["entry_id"],
                "log_date": pending["activity_date"],
                "log_venue": pending["venue_id"],
                "log_activity": pending["activity_type"],
                "log_note": pending["note"],
                **{f"log_{n}": pending[n] for n in NUMBERS},
                **{f"log_pack_{lang}": n for lang, n in pending["packs"].items()},
                **{f"log_pack_{lang}": pending["packs"].get(lang, 0) for lang in PACK_LANGUAGES},
                # languages beyond the usual ten (imported as packs_<language>) stay editable
                "log_extra_languages": sorted(set(pending["packs"]) - set(PACK_LANGUAGES)),
            }
        )
    languages = [*PACK_LANGUAGES, *st.session_state.get("log_extra_languages", [])]
    if active.empty:
        st.info(
            "There are no active venues yet. Add one in the **Venues** tab (or import a venues file on the "
            "Data page), then log activities here.",
            icon=":material/add_location:",
        )
    else:
        last = query("engagement_last_entry")
        venue_options = active["venue_id"].tolist()
        editing = st.session_state.get("log_entry_id")
        if editing and st.session_state.get("log_venue") not in venue_options:
            venue_options = [st.session_state["log_venue"], *venue_options]
        default_venue = last["venue_id"].iat[0] if len(last) else None
        linked = st.query_params.get("venue")  # from Reach: "log a visit at the nearest venue"
        if linked is not None:
            del st.query_params["venue"]
            if linked in venue_options and not editing:
                st.session_state["log_venue"] = linked
                st.session_state["log_linked"] = linked
        if st.session_state.get("log_linked") and st.session_state.get("log_venue") == st.session_state.get(
            "log_linked"
        ):
            st.info(
                "Venue chosen from the Reach page (the nearest pack venue to a least-reached "
                "neighbourhood). Fill in the visit and save.",
                icon=":material/pin_drop:",
            )
        st.session_state.setdefault("log_date", dt.date.today())
        chosen = st.session_state.get("log_venue", "unset")
        if chosen == "unset" or (chosen is not None and chosen not in venue_options):
            st.session_state["log_venue"] = default_venue if default_venue in venue_options else None
        if st.session_state.get("log_activity") not in ACTIVITY_TYPES:
            last_type = last["activity_type"].iat[0] if len(last) else None
            st.session_state["log_activity"] = last_type if last_type in ACTIVITY_TYPES else ACTIVITY_TYPES[0]
        for key in FORM_KEYS:
            st.session_state.setdefault(key, "" if key == "log_note" else 0)

        if editing:
            c1, c2 = st.columns([4, 1], vertical_alignment="center")
            c1.warning(f"Correcting entry {editing}. Saving replaces it.", icon=":material/edit:")
            if c2.button("Cancel correction", key="log_cancel"):
                st.session_state["log_reset"] = True
                st.rerun()
        with st.form("log_form", border=True):
            c1, c2, c3 = st.columns([1, 2, 1])
            c1.date_input("Date", key="log_date", format="DD/MM/YYYY", max_value=dt.date.today())
            c2.selectbox(
                "Venue",
                venue_options,
                key="log_venue",
                format_func=lambda v: f"{venue_names.get(v, v)} ({venue_places.get(v) or 'area unknown'})",
                placeholder="Type to search venues",
            )
            c3.selectbox("Activity", ACTIVITY_TYPES, key="log_activity")
            cols = st.columns(3)
            for col, name in zip(cols, NUMBERS, strict=True):
                col.number_input(
                    NUMBER_LABELS[name], min_value=0, max_value=10_000, step=1, key=f"log_{name}"
                )
            st.markdown("**Information packs left, by language**")
            grid = st.columns(5)
            for i, lang in enumerate(languages):
                grid[i % 5].number_input(
                    lang.replace("_", " ").title(),
                    min_value=0,
                    max_value=100_000,
                    step=5,
                    key=f"log_pack_{lang}",
                )
            st.text_area(
                "Note (optional)",
                key="log_note",
                max_chars=2000,
                height=80,
                placeholder="What happened; no names of women.",
            )
            submitted = st.form_submit_button(
                "Save correction" if editing else "Save activity", type="primary", icon=":material/save:"
            )
        if submitted:
            state = st.session_state
            frame = engagement.activity_frame(
                state["log_date"],
                state["log_venue"],
                state["log_activity"],
                women_engaged=state["log_women_engaged"],
                narratives_collected=state["log_narratives_collected"],
                connectors_present=state["log_connectors_present"],
                packs={lang: state[f"log_pack_{lang}"] for lang in languages},
                note=state["log_note"],
                entry_id=editing,
            )
            saved = _write("engagement", frame)
            if saved is not None and not saved.ok:
                _show_refused(saved, "activity")
            elif saved is not None:
                headline = {
                    "added": "Activity added to the log.",
                    "updated": "Entry corrected.",
                    "unchanged": "This activity is already in the log; nothing was added.",
                }[saved.change]
                st.session_state["log_saved"] = (
                    headline,
                    engagement.describe_activity(saved, venue_names.get(saved.row["venue_id"])),
                )
                st.session_state["log_reset"] = True
                st.rerun()

    st.header("Recent entries")
    recent = query("engagement_recent", limit=50)
    if recent.empty:
        st.info("Nothing has been logged yet.", icon=":material/history:")
    else:
        st.caption("Latest activity first. Select a row to correct that entry.")
        picked = st.dataframe(
            recent[
                [
                    "activity_date",
                    "venue",
                    "activity_type",
                    "packs",
                    "packs_by_language",
                    "women_engaged",
                    "narratives_collected",
                    "connectors_present",
                    "note",
                    "entry_id",
                ]
            ],
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="log_recent",
            column_config={
                "activity_date": st.column_config.DateColumn("Date", format="ddd D MMM YYYY"),
                "venue": st.column_config.TextColumn("Venue"),
                "activity_type": st.column_config.TextColumn("Activity"),
                "packs": st.column_config.NumberColumn("Packs"),
                "packs_by_language": st.column_config.TextColumn("Packs by language"),
                "women_engaged": st.column_config.NumberColumn("Women"),
                "narratives_collected": st.column_config.NumberColumn("Narratives"),
                "connectors_present": st.column_config.NumberColumn("Connectors"),
                "note": st.column_config.TextColumn("Note", width="large"),
                "entry_id": st.column_config.TextColumn("Entry"),
            },
        )
        rows = picked.selection.rows if picked is not None else []
        if rows:
            entry_id = str(recent["entry_id"].iat[rows[0]])
            if st.button(f"Correct entry {entry_id}", icon=":material/edit:", key="log_correct"):
                values = engagement.entry_values(query("engagement_entry", entry_id=entry_id))
                if values is None:
                    st.error("That entry is no longer in the log.", icon=":material/error:")
                else:
                    st.session_state["log_reset"] = True
                    st.session_state["log_load"] = values
                    st.rerun()

# --- venues ------------------------------------------------------------------------------------------
with venue_tab:
    _show_saved("venue_saved")
    choice_ids = [NEW_VENUE, *venues["venue_id"].tolist()]
    pending_pick = st.session_state.pop("venue_pick_next", None)
    if pending_pick in choice_ids:
        st.session_state["venue_pick"] = pending_pick
    pick = st.selectbox(
        "Add a venue, or choose one to edit",
        choice_ids,
        key="venue_pick",
        format_func=lambda v: (
            "A new venue"
            if v == NEW_VENUE
            else f"{venue_names.get(v, v)} ({venue_places.get(v) or 'area unknown'})"
        ),
    )
    current = None if pick == NEW_VENUE else venues[venues["venue_id"] == pick].iloc[0]
    suffix = pick
    with st.form(f"venue_form_{suffix}", border=True):
        c1, c2 = st.columns([3, 2])
        name = c1.text_input(
            "Venue name", value="" if current is None else current["name"], max_chars=200, key=f"vn_{suffix}"
        )
        venue_type = c2.selectbox(
            "Type of venue",
            VENUE_TYPES,
            index=None if current is None else VENUE_TYPES.index(current["venue_type"]),
            placeholder="Choose a type",
            key=f"vt_{suffix}",
        )
        c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
        postcode = c3.text_input(
            "Postcode",
            value="" if current is None or current["postcode"] is None else current["postcode"],
            max_chars=10,
            help="The venue's own postcode; it must be in the reference lookup for the area.",
            key=f"vp_{suffix}",
        )
        still_used = c4.checkbox(
            "Still in use", value=True if current is None else bool(current["active"]), key=f"va_{suffix}"
        )
        saved_venue = st.form_submit_button(
            "Add venue" if current is None else "Save changes", type="primary", icon=":material/save:"
        )
    if saved_venue:
        frame = engagement.venue_frame(
            name, venue_type, postcode, active=still_used, venue_id=None if current is None else pick
        )
        saved = _write("venues", frame)
        if saved is not None and not saved.ok:
            _show_refused(saved, "venue")
        elif saved is not None:
            place = query("venue_list")
            row = place[place["venue_id"] == saved.object_id]
            area = " " + engagement.describe_place(row.iloc[0].to_dict()) if len(row) else ""
            headline = {
                "added": "Venue added.",
                "updated": "Venue updated.",
                "unchanged": "Nothing to change: the venue already reads like this.",
            }[saved.change]
            warnings = " ".join(engagement.describe_issue(w) for w in saved.warnings)
            st.session_state["venue_saved"] = (
                headline,
                f"{saved.row['name']} ({saved.row['venue_type']}), {saved.row['postcode']}.{area} {warnings}".strip(),
            )
            st.session_state["venue_pick_next"] = saved.object_id
            st.rerun()

    st.header("All venues")
    if venues.empty:
        st.info("No venues yet.", icon=":material/location_off:")
    else:
        st.dataframe(
            venues[
                [
                    "name",
                    "venue_type",
                    "postcode",
                    "locality",
                    "lsoa_name",
                    "imd_decile",
                    "active",
                    "last_activity",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "name": st.column_config.TextColumn("Venue"),
                "venue_type": st.column_config.TextColumn("Type"),
                "postcode": st.column_config.TextColumn("Postcode"),
                "locality": st.column_config.TextColumn("Area"),
                "lsoa_name": st.column_config.TextColumn("Neighbourhood"),
                "imd_decile": st.column_config.NumberColumn("IMD decile"),
                "active": st.column_config.CheckboxColumn("In use"),
                "last_activity": st.column_config.DateColumn("Last activity", format="D MMM YYYY"),
            },
        )
