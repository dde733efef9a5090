"""Coding (engagement officer, coder): code new narratives sentence by sentence, helped by suggestions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from insights.access.roles import OFFICER
from insights.coding import set_aside, workbench
from insights.coding import trainer as suggestions
from insights.config import db_path
from insights.output.textsafe import plain
from insights.vocab import CARE_STAGES, THEMES
from ui.data import action_cursor, connection, query, run_was_stale, writing
from ui.roles import actor, require_page
from ui.writes import run_write

role = require_page("pages/coding.py")

st.title("Coding")
st.caption(
    "Code the narratives nobody has coded yet. Each sentence of the note gets the three codes that past "
    "coding suggests; accept one with a click, or choose any code. Saving checks, anonymises and records "
    "the excerpts exactly like an imported file (Data page, import history)."
)

saved = st.session_state.pop("coding_saved", None)
if saved:
    st.success(saved[0], icon=":material/check_circle:")
    st.text(saved[1])
notice = st.session_state.pop("coding_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

# --- suggestions: the last trained model, updated in the background --------------------------------
version_row = query("coding_data_version").iloc[0]
version = suggestions.version_of(version_row["excerpts"], version_row["fingerprint"])
trainer = suggestions.trainer_for(db_path())
if run_was_stale():  # the published coding, while a write is recomputed: the write started the model's update
    status, behind = trainer.status(), None  # (the model may already be newer than what this run shows)
else:
    status = trainer.ensure(connection(), version)
    behind = status.behind(version)  # a model learned from older coding (an import, a save, an undo since)
if status.updating and not status.current(version):
    st.info(
        (f"{behind}. " if behind else "")
        + "Suggestions are being updated from the latest coding; the page uses the last ones meanwhile"
        + ("." if status.model is not None else " (none yet: choose codes from the list)."),
        icon=":material/autorenew:",
    )
elif behind:
    st.warning(f"{behind}; they are updated in the background.", icon=":material/history:")
elif status.model is None and status.message:
    st.info(plain(status.message[0].upper() + status.message[1:]) + ".", icon=":material/info:")

# --- how good suggestions are on this database's own coding ------------------------------------------


def _show_quality() -> None:
    """The cross-validated quality of suggestions (shown at the foot of the page, also when the queue is empty)."""
    st.divider()
    st.subheader("How good the suggestions are")
    quality = status.quality
    if quality is None:
        st.info(
            "Being measured in the background (cross-validation on this database's coding); "
            "it appears here when done.",
            icon=":material/hourglass_top:",
        )
    else:
        if quality.codes is not None:
            st.metric("A right code in the top 3", f"{quality.codes.top3_hit:.0%}")
            st.caption(
                f"Cross-validated: each of {quality.codes.texts:,} coded excerpts in this database was "
                f"suggested by a model trained without it ({quality.codes.folds} folds); top 1: "
                f"{quality.codes.top1_hit:.0%}."
                + (" Being re-measured for the latest coding." if quality.version != version else "")
            )
        if quality.categories is not None:
            st.markdown("**Precision and recall per category** (per cent)")
            st.dataframe(suggestions.quality_table(quality.categories), hide_index=True, width="stretch")
        if quality.message:
            st.info(plain(quality.message), icon=":material/info:")


codebook = query("coding_codebook")
code_rows = {r.code_id: r for r in codebook.itertuples(index=False)}
code_ids = list(code_rows)

# --- the queue ---------------------------------------------------------------------------------------
choices = query("coding_queue_filters")
localities = choices.loc[choices["kind"] == "locality", "value"].tolist()
collectors = choices.loc[choices["kind"] == "collector", "value"].tolist()
first_day = choices["first_day"].min() if not choices.empty else None
last_day = choices["last_day"].max() if not choices.empty else None

start, end = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
chosen_places: list[str] = []
chosen_collectors: list[str] = []
if first_day is not None and last_day is not None:
    with st.expander("Filter the queue", expanded=False), st.form("coding_filters", border=False):
        c1, c2, c3 = st.columns(3)
        period = c1.date_input(
            "Collected between",
            value=(first_day.date(), last_day.date()),
            format="DD/MM/YYYY",
            key="coding_period",
        )
        chosen_places = c2.multiselect("Locality", localities, key="coding_localities")
        chosen_collectors = c3.multiselect("Collected by", collectors, key="coding_collectors")
        st.form_submit_button("Apply filters")
    if isinstance(period, tuple | list) and len(period) >= 1:
        start = period[0]
        end = period[1] if len(period) == 2 else period[0]
queue_filter = {"start": start, "end": end, "localities": chosen_places, "collectors": chosen_collectors}
queue = query("coding_queue", **queue_filter)
aside = query("coding_set_aside", **queue_filter)
left = len(queue)
st.subheader(
    f"{left} narrative{'s' if left != 1 else ''} left to code"
    + (f" ({len(aside)} set aside)" if len(aside) else "")
)


def _write(action, *args, **kwargs) -> bool:
    """One set-aside write through insights.coding.set_aside (ui.writes); False (after saying why) when refused."""
    ok, _ = run_write(
        lambda cur: action(cur, *args, **kwargs),
        refused=(set_aside.SetAsideError,),
        tables=("coding_set_aside",),
        failed="Nothing was changed",
    )
    return ok


if len(aside):
    with st.expander(f"Set aside ({len(aside)}): not in the queue", expanded=False):
        shown = aside.assign(set_at=aside["set_at"].dt.strftime("%d %b %Y %H:%M"))
        st.dataframe(
            shown[["narrative_id", "kind", "reason", "set_by", "set_at", "locality"]].rename(
                columns={
                    "narrative_id": "Narrative",
                    "kind": "Why",
                    "reason": "Reason",
                    "set_by": "Set aside by",
                    "set_at": "When",
                    "locality": "Locality",
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if role == OFFICER:
            with st.form("coding_put_back", border=False):
                back = st.selectbox(
                    "Put back in the queue", aside["narrative_id"].tolist(), key="coding_back_id"
                )
                back_note = st.text_input("Note (optional)", key="coding_back_note")
                put = st.form_submit_button("Put back in the queue")
            if put and back and _write(set_aside.put_back, back, actor(), role, note=back_note):
                st.session_state["coding_notice"] = f"Narrative {back} is back in the queue."
                st.rerun()
        else:
            st.caption("The engagement officer can put a narrative back in the queue.")

if queue.empty:
    st.success("Nothing left to code with these filters.", icon=":material/task_alt:")
    _show_quality()
    st.stop()


def _queue_labels() -> dict[str, str]:
    """Each queued narrative's option label (a selectbox calls its format_func once per option per run)."""
    labels = {}
    for nid, on, where, who in zip(
        queue["narrative_id"], queue["collected_on"], queue["locality"], queue["collected_by"], strict=True
    ):
        when = f"{on:%d %b %Y}" if on is not None else "no date"
        labels[nid] = f"{nid} · {when} · {where or 'Unknown'} · {who or ''}"
    return labels


_QUEUE_LABELS = _queue_labels()


def _queue_label(nid: str) -> str:
    return _QUEUE_LABELS[nid]


nid = st.selectbox(
    "Narrative to code (newest first)",
    queue["narrative_id"].tolist(),
    format_func=_queue_label,
    key="coding_narrative",
)
narrative = query("coding_narrative", narrative_id=nid)
if narrative.empty:
    st.warning("That narrative is no longer in the database.", icon=":material/block:")
    _show_quality()
    st.stop()
note = narrative["note"].iat[0] or ""
stages = list(narrative["care_stages"].iat[0] if narrative["care_stages"].iat[0] is not None else [])
st.markdown("**The note**")
st.text(note)
if stages:
    st.caption("Care stages recorded: " + ", ".join(stages))

with (
    st.expander("Set this narrative aside (not codeable, or skip for now)"),
    st.form(f"coding_aside_form:{nid}", border=False),
):
    kind = st.radio("Why", set_aside.KINDS, horizontal=True, key=f"coding_aside_kind:{nid}")
    reason = st.text_input(
        "Reason (for whoever picks it up)",
        max_chars=set_aside.MAX_REASON,
        key=f"coding_aside_reason:{nid}",
    )
    if st.form_submit_button("Set aside") and _write(set_aside.set_aside, nid, kind, reason, actor(), role):
        st.session_state["coding_notice"] = (
            f"Narrative {nid} is set aside ({kind}); the engagement officer can put it back in the queue."
        )
        st.session_state.pop("coding_narrative", None)
        st.rerun()

sentences = workbench.split_sentences(note)
if not sentences:
    st.info("This narrative has no note to code.", icon=":material/info:")
    _show_quality()
    st.stop()

# --- per sentence: span, suggestions, code, theme, care stage ----------------------------------------
spans_key = f"coding_spans:{nid}"
spans: dict[int, tuple[int, int]] = st.session_state.setdefault(
    spans_key, {i: (s.start, s.end) for i, s in enumerate(sentences)}
)
texts = [note[spans[i][0] : spans[i][1]] for i in range(len(sentences))]
suggested = suggestions.suggestions(status.model, texts, codebook, aliases=query("coding_code_aliases"))


def _k(what: str, i: int) -> str:
    return f"coding_{what}:{nid}:{i}"


def _accept(i: int, code_id: str) -> None:
    st.session_state[_k("code", i)] = code_id
    allowed = list(code_rows[code_id].theme_ids)
    st.session_state[_k("theme", i)] = allowed[0] if allowed else None


def _move(i: int, start_words: int, end_words: int) -> None:
    s, e = spans[i]
    try:
        spans[i] = workbench.adjust_span(note, s, e, start_words, end_words)
    except workbench.CodingError as exc:
        st.session_state[_k("problem", i)] = str(exc)
    st.session_state.pop(_k("edit", i), None)


def _use_edit(i: int) -> None:
    try:
        spans[i] = workbench.locate(note, st.session_state.get(_k("edit", i), ""), near=spans[i][0])
    except workbench.CodingError as exc:
        st.session_state[_k("problem", i)] = str(exc)


def _code_label(code_id: str) -> str:
    row = code_rows[code_id]
    return f"{row.category} — {row.label}"


for i in range(len(sentences)):
    s, e = spans[i]
    with st.container(border=True):
        st.markdown(f"**Sentence {i + 1}**")
        st.text(note[s:e])
        problem = st.session_state.pop(_k("problem", i), None)
        if problem:
            st.error(plain(problem), icon=":material/error:")
        picks = suggested[i]
        if picks:
            cols = st.columns(len(picks))
            for col, pick in zip(cols, picks, strict=False):
                themes = ", ".join(THEMES[t][0] for t in pick["theme_ids"])
                col.button(
                    f"{pick['label']} ({pick['confidence']:.0%})",
                    key=_k(f"accept_{pick['code_id']}", i),
                    help=f"Category: {pick['category']}. Themes Figure 2 allows: {themes}.",
                    on_click=_accept,
                    args=(i, pick["code_id"]),
                    width="stretch",
                )
                col.caption(f"{pick['category']} · {themes}")
        c_code, c_theme, c_stage = st.columns([3, 1.3, 1.3])
        code = c_code.selectbox(
            "Code (type to search)",
            code_ids,
            index=None,
            format_func=_code_label,
            placeholder="No code: this sentence is not saved",
            key=_k("code", i),
        )
        if code:
            allowed = list(code_rows[code].theme_ids)
            if st.session_state.get(_k("theme", i)) not in allowed:
                st.session_state[_k("theme", i)] = allowed[0] if allowed else None
            c_theme.selectbox(
                "Theme (Figure 2 allows)", allowed, format_func=lambda t: THEMES[t][0], key=_k("theme", i)
            )
        else:
            c_theme.markdown("**Theme**")
            c_theme.write("Choose a code first.")
        c_stage.selectbox(
            "Care stage (optional)",
            list(CARE_STAGES),
            index=None,
            placeholder="Not said",
            key=_k("stage", i),
        )
        with st.expander("Widen or narrow the excerpt"):
            b1, b2, b3, b4 = st.columns(4)
            b1.button("Start one word earlier", key=_k("w1", i), on_click=_move, args=(i, 1, 0))
            b2.button("Start one word later", key=_k("w2", i), on_click=_move, args=(i, -1, 0))
            b3.button("End one word earlier", key=_k("w3", i), on_click=_move, args=(i, 0, -1))
            b4.button("End one word later", key=_k("w4", i), on_click=_move, args=(i, 0, 1))
            with st.form(_k("edit_form", i), border=False):
                st.text_input(
                    "Excerpt (must stay word for word from the note)", value=note[s:e], key=_k("edit", i)
                )
                st.form_submit_button("Use this wording", on_click=_use_edit, args=(i,))

# --- save: one write, through the import path --------------------------------------------------------
chosen = [
    workbench.Choice(
        spans[i][0],
        spans[i][1],
        st.session_state[_k("code", i)],
        st.session_state.get(_k("theme", i)),
        st.session_state.get(_k("stage", i)),
    )
    for i in range(len(sentences))
    if st.session_state.get(_k("code", i))
]


def _save(narrative_id: str, picks: list[workbench.Choice]) -> workbench.SaveResult | None:
    """The page's one write: the narrative's coding through insights.coding.workbench.save_coding."""
    cur = action_cursor()
    try:
        with writing(kind=workbench.IMPORT_KIND):
            return workbench.save_coding(cur, narrative_id, picks, user=actor(), role=role)
    except Exception as exc:  # noqa: BLE001 -- the transaction rolled back; say so plainly
        st.error(f"Nothing was saved: {plain(exc)}", icon=":material/error:")
        return None
    finally:
        cur.close()


with st.form("coding_save"):
    st.write(
        f"{len(chosen)} of {len(sentences)} sentences have a code."
        if chosen
        else "Choose a code for at least one sentence, then save."
    )
    go = st.form_submit_button("Save coding", type="primary")
if go:
    result = _save(nid, chosen)
    if result is not None and not result.ok:
        st.error("Nothing was saved. Please fix:", icon=":material/error:")
        for problem in result.errors:
            st.text(f"• {problem}")
    elif result is not None:
        lines = [
            f"• {_code_label(r['code_id'])} · {THEMES[r['theme_id']][0]}"
            + (f" · {r['care_stage']}" if r["care_stage"] else "")
            + f': "{r["excerpt"]}"'
            for r in result.saved
        ]
        st.session_state["coding_saved"] = (plain(result.summary()), "\n".join(lines))
        for key in [k for k in st.session_state if str(k).endswith(f":{nid}") or f":{nid}:" in str(k)]:
            del st.session_state[key]
        st.session_state.pop("coding_narrative", None)
        st.rerun()

_show_quality()
