"""Agreement between coders: the officer draws a sample for a second coder, reads the statistics and
settles disagreements; the second coder codes their sample blind (never seeing the first coding)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.access.roles import OFFICER
from insights.coding import agreement
from insights.output.textsafe import plain
from insights.vocab import CARE_STAGES
from ui.data import display_cursor, query
from ui.filters import sidebar_filters
from ui.roles import access_mode, actor, require_page
from ui.writes import run_write

role = require_page("pages/agreement.py")
me = actor()

st.title("Agreement between coders")
st.caption(
    "Do two of us code the same conversation the same way? A second coder codes a sample of already-coded "
    "narratives without seeing the first coding; agreement is measured per category (is the category in "
    "this narrative or not) with percentage agreement, Cohen's kappa and Krippendorff's alpha; the "
    "engagement officer settles each disagreement, and the settled coding becomes the coding of record."
)

SAMPLE_TABLES = ("agreement_samples", "agreement_assignments", "agreement_first_excerpts", "audit_log")
CODING_TABLES = ("agreement_excerpts", "agreement_assignments", "audit_log")
SETTLE_TABLES = (
    "agreement_settlements",
    "coded_excerpts",
    "agg_narratives",
    "agg_bits",
    "quote_reviews",
    "meta",
    "audit_log",
)


def _run(action, tables: tuple[str, ...]):
    """Run one write (ui.writes); its result, or None after a refusal or failure was said plainly."""
    return run_write(action, refused=(agreement.AgreementError, agreement.NotAllowed), tables=tables)[1]


def _show_done(key: str) -> None:
    message = st.session_state.pop(key, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _number(value, digits: int = 2) -> str:
    return "undefined" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _percent(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


# --- the second coder's part (officer and coder) -----------------------------------------------------


def code_your_sample() -> None:
    """The narratives assigned to this user, coded blind: the note, its sentences, codes and themes."""
    _show_done("agr_coded")
    mine = query("agreement_my_assignments", coder=me)
    if mine.empty:
        st.info(
            "There is nothing for you to code: no agreement sample has been drawn for you "
            "(the engagement officer draws one on this page, naming you as the second coder).",
            icon=":material/inbox:",
        )
        st.text(f"Your user name: {me}")
        return
    todo = int(mine["finished_at"].isna().sum())
    st.write(f"**{todo}** of {len(mine)} narratives in your samples still to code.")
    keys = [f"{r.sample_id}|{r.narrative_id}" for r in mine.itertuples(index=False)]
    status = {
        f"{r.sample_id}|{r.narrative_id}": (
            "to code"
            if pd.isna(r.finished_at)
            else f"coded ({r.excerpts} excerpt{'s' if r.excerpts != 1 else ''})"
        )
        for r in mine.itertuples(index=False)
    }
    chosen = st.selectbox(
        "Narrative to code",
        keys,
        format_func=lambda k: f"{k.split('|')[1]}: {status[k]} (sample {k.split('|')[0]})",
        key="agr_pick",
    )
    sample_id, narrative_id = chosen.split("|")
    cur = display_cursor("agreement_note")
    try:
        found = agreement.note_for_coder(cur, sample_id, narrative_id, me, role)
    finally:
        cur.close()
    if found is None:
        st.warning("This narrative is no longer in your sample.", icon=":material/warning:")
        return
    note = found["note"]
    st.markdown("**The note**")
    with st.container(border=True):
        st.text(note or "(this narrative has no note)")
    codebook = query("agreement_codebook")
    codes = codebook.drop_duplicates("code_id").set_index("code_id")
    themes_for = codebook.groupby("code_id")["theme_id"].agg(list).to_dict()
    theme_names = dict(zip(codebook["theme_id"], codebook["theme"], strict=False))

    draft_key = f"agr_draft_{sample_id}_{narrative_id}"
    if draft_key not in st.session_state:
        saved = query("agreement_second_excerpts", sample_id=sample_id, narrative_id=narrative_id, coder=me)
        st.session_state[draft_key] = [
            {
                "code_id": r.code_id,
                "theme_id": r.theme_id,
                "care_stage": None if pd.isna(r.care_stage) else r.care_stage,
                "excerpt_text": r.excerpt_text,
            }
            for r in saved.itertuples(index=False)
        ]
    draft: list[dict] = st.session_state[draft_key]

    spans = agreement.sentences(note)
    st.markdown("**Add an excerpt**")
    if spans:
        suffix = f"{sample_id}_{narrative_id}"
        text_key = f"agr_text_{suffix}"

        def _take_sentence() -> None:
            st.session_state[text_key] = spans[st.session_state[f"agr_sentence_{suffix}"]][2]

        st.selectbox(
            "Sentence",
            range(len(spans)),
            format_func=lambda i: spans[i][2][:140],
            key=f"agr_sentence_{suffix}",
            on_change=_take_sentence,
        )
        st.session_state.setdefault(
            text_key, spans[st.session_state.get(f"agr_sentence_{suffix}", 0) or 0][2]
        )
        st.text_area(
            "Excerpt (narrow or widen it if you like: it must stay word for word in the note)",
            key=text_key,
            height=80,
        )
        c1, c2, c3 = st.columns([3, 2, 2])
        code = c1.selectbox(
            "Code (type to search)",
            codes.index.tolist(),
            index=None,
            format_func=lambda c: f"{codes.at[c, 'code']} ({codes.at[c, 'category']})",
            key=f"agr_code_{suffix}",
            placeholder="Type part of a code or category",
        )
        allowed = themes_for.get(code, []) if code else []
        theme = c2.selectbox(
            "Theme (Figure 2 allows)",
            allowed,
            format_func=lambda t: theme_names.get(t, t),
            key=f"agr_theme_{suffix}_{code}",
            disabled=not allowed,
        )
        stage = c3.selectbox(
            "Care stage",
            [None, *CARE_STAGES],
            format_func=lambda s: s or "(not said)",
            key=f"agr_stage_{suffix}",
        )
        if st.button("Add excerpt", key=f"agr_add_{suffix}", disabled=not (code and theme)):
            text = (st.session_state.get(text_key) or "").strip()
            if not text or text not in note:
                st.error("The excerpt must be word for word in the note.", icon=":material/error:")
            else:
                draft.append({"code_id": code, "theme_id": theme, "care_stage": stage, "excerpt_text": text})
                st.rerun()
    else:
        st.info("This note has no text to code; save it with no excerpts.", icon=":material/info:")

    st.markdown(
        f"**Your coding of {plain(narrative_id)}** ({len(draft)} excerpt{'s' if len(draft) != 1 else ''})"
    )
    for i, x in enumerate(draft):
        c1, c2 = st.columns([6, 1], vertical_alignment="center")
        label = codes.at[x["code_id"], "code"] if x["code_id"] in codes.index else x["code_id"]
        category = codes.at[x["code_id"], "category"] if x["code_id"] in codes.index else ""
        c1.text(
            f"{label} · {category} · {theme_names.get(x['theme_id'], x['theme_id'])}\n“{x['excerpt_text']}”"
        )
        if c2.button("Remove", key=f"agr_remove_{sample_id}_{narrative_id}_{i}"):
            draft.pop(i)
            st.rerun()
    if st.button(
        f"Save my coding of this narrative ({len(draft)} excerpt{'s' if len(draft) != 1 else ''})",
        type="primary",
        key=f"agr_save_{sample_id}_{narrative_id}",
        help="An empty coding is allowed: it says no category is in this narrative.",
    ):
        excerpts = [agreement.SecondExcerpt(**x) for x in draft]
        n = _run(
            lambda cur: agreement.save_second_coding(cur, sample_id, narrative_id, me, excerpts, role),
            CODING_TABLES,
        )
        if n is not None:
            st.session_state.pop(draft_key, None)
            st.session_state["agr_coded"] = (
                f"Saved your coding of {narrative_id}: {n} excerpt{'s' if n != 1 else ''}."
            )
            st.rerun()


if role != OFFICER:
    code_your_sample()
    st.stop()

# --- the officer's part ------------------------------------------------------------------------------
filters = sidebar_filters()
samples = query("agreement_samples")
_show_done("agr_done")


def results(sample: pd.Series) -> None:
    """Statistics per category and overall, and the settlement history."""
    stats = agreement.statistics(query("agreement_presence", sample_id=sample["sample_id"]))
    overall = stats.overall_row()
    c = st.columns(4)
    c[0].metric("Narratives compared", f"{overall['narratives']} of {int(sample['narratives'])}")
    c[1].metric("Agreement (all categories)", _percent(overall["agreement"]))
    c[2].metric("Cohen's kappa", _number(overall["kappa"]), help="All narrative x category cells pooled.")
    c[3].metric(
        "Krippendorff's alpha", _number(overall["alpha"]), help="Nominal, two coders, all cells pooled."
    )
    if overall["narratives"] == 0:
        st.info(
            "The second coder has not saved any narrative of this sample yet.",
            icon=":material/hourglass_top:",
        )
        return
    notes = [n for n in (overall["kappa_note"], overall["alpha_note"]) if n]
    words = (
        f" ({overall['kappa_strength']} agreement, by Landis and Koch's convention)"
        if overall["kappa"] is not None
        else ""
    )
    st.write(
        f"{overall['disagreements']} disagreements over {overall['cells']} narrative x category cells{words}."
        + (" " + "; ".join(notes) + "." if notes else "")
    )
    table = stats.by_category
    shown = pd.DataFrame(
        {
            "Category": table["category"],
            "Both coders": table["both"],
            "First only": table["first_only"],
            "Second only": table["second_only"],
            "Neither": table["neither"],
            "Agreement": table["agreement"].map(_percent),
            "Kappa": table["kappa"].map(_number),
            "Alpha": table["alpha"].map(_number),
            "Note": [k or a for k, a in zip(table["kappa_note"], table["alpha_note"], strict=True)],
        }
    )
    st.dataframe(shown, hide_index=True, use_container_width=True)
    st.caption(
        "A category is present for a coder when any of their excerpts in the narrative carries a code of that "
        "category. The first coding is the one on record when the sample was drawn. Kappa is undefined when "
        "both coders gave every narrative the same answer for a category (nothing to correct for chance)."
    )
    history = query("agreement_settlement_history", sample_id=sample["sample_id"])
    if len(history):
        st.markdown("**Settled so far**")
        shown = pd.DataFrame(
            {
                "Narrative": history["narrative_id"],
                "Category": history["category"],
                "Settled as": history["outcome"].map(agreement.OUTCOMES),
                "Excerpts removed": history["excerpts_removed"],
                "Excerpts added": history["excerpts_added"],
                "By": history["settled_by"],
                "When (UTC)": pd.to_datetime(history["settled_at"]).dt.strftime("%d %b %Y %H:%M"),
            }
        )
        st.dataframe(shown, hide_index=True, use_container_width=True)


def settle_part(sample: pd.Series) -> None:
    """Every disagreement side by side, and the officer's decisions."""
    cur = display_cursor("agreement_disagreements")
    try:
        rows = agreement.disagreements(cur, sample["sample_id"], role)
    finally:
        cur.close()
    if rows.empty:
        st.info("No disagreements (so far) in this sample.", icon=":material/handshake:")
        return
    open_rows = rows[rows["outcome"].isna()]
    st.write(
        f"{len(rows)} disagreements, {len(rows) - len(open_rows)} settled, **{len(open_rows)}** to settle."
    )
    if open_rows.empty:
        return
    shown = open_rows.head(30)
    if len(open_rows) > len(shown):
        st.caption(f"Showing the first {len(shown)}; settle these to see the rest.")
    with st.form("agr_settle_form"):
        for r in shown.itertuples(index=False):
            with st.container(border=True):
                st.text(f"Narrative {r.narrative_id} · {r.category}")
                left, right = st.columns(2)
                left.markdown("**First coding**")
                right.markdown("**Second coder**")
                for col, items in ((left, r.first_excerpts), (right, r.second_excerpts)):
                    items = list(items) if items is not None else []
                    col.text("\n".join(f"• {x}" for x in items) if items else "(category not coded)")
                if r.note:
                    with st.expander("Read the whole note"):
                        st.text(r.note)
                options = ["first", "absent"] if r.first_present else ["second", "absent"]
                effect = (
                    "removes the first coding's excerpts" if r.first_present else "the record stays as it is"
                )
                st.radio(
                    "Settled as",
                    options,
                    index=None,
                    format_func=lambda o, effect=effect: (
                        agreement.OUTCOMES[o] + (f" ({effect})" if o == "absent" else "")
                    ),
                    key=f"agr_decide_{sample['sample_id']}_{r.narrative_id}_{r.category_id}",
                    horizontal=True,
                )
        submitted = st.form_submit_button("Settle the chosen disagreements", type="primary")
    if submitted:
        decisions = [
            agreement.Decision(r.narrative_id, r.category_id, choice)
            for r in shown.itertuples(index=False)
            if (
                choice := st.session_state.get(
                    f"agr_decide_{sample['sample_id']}_{r.narrative_id}_{r.category_id}"
                )
            )
        ]
        if not decisions:
            st.warning("Choose how to settle at least one disagreement.", icon=":material/warning:")
            return
        done = _run(
            lambda cur: agreement.settle(cur, sample["sample_id"], decisions, user=me, role=role),
            SETTLE_TABLES,
        )
        if done is not None:
            st.session_state["agr_done"] = done.summary()
            st.rerun()


def draw_part() -> None:
    """Draw a new sample of coded narratives for a second coder."""
    st.write(
        "Choose how many coded narratives the second coder should code blind. They are drawn at random from "
        "the narratives in the sidebar selection that have coded excerpts and have not been given to this "
        "coder before; the same seed on the same data draws the same sample."
    )
    st.caption(f"Selection: {filters.describe()}")
    default_coder = "demo:coder" if access_mode().demo else ""
    coder = st.text_input(
        "Second coder (their user name: the email they sign in with)",
        value=default_coder,
        key="agr_coder",
        help="In demo mode the coder role acts as 'demo:coder'.",
    ).strip()
    pool = query("agreement_eligible_narratives", **filters.params(), second_coder=coder) if coder else None
    available = 0 if pool is None else len(pool)
    if coder:
        st.write(f"{available} coded narratives can be drawn for this coder.")
    c1, c2 = st.columns(2)
    size = c1.number_input(
        "Narratives to draw",
        min_value=1,
        max_value=agreement.MAX_SAMPLE,
        value=min(10, max(available, 1)),
        key="agr_size",
    )
    seed = c2.number_input("Random seed", min_value=0, max_value=2**31 - 1, value=1, key="agr_seed")
    if st.button("Draw the sample", type="primary", disabled=not coder or available == 0, key="agr_draw"):
        drawn = _run(
            lambda cur: agreement.draw_sample(
                cur, int(size), coder, seed=int(seed), user=me, role=role, filters=filters
            ),
            SAMPLE_TABLES,
        )
        if drawn is not None:
            st.session_state["agr_done"] = (
                f"Drew {len(drawn.narrative_ids)} narratives (of {drawn.eligible} eligible) for {drawn.second_coder}: "
                f"sample {drawn.sample_id}."
            )
            st.rerun()


sample = None
if len(samples):
    labels = {
        r.sample_id: f"{r.drawn_at:%d %b %Y %H:%M} · {r.second_coder} · {r.coded} of {r.narratives} coded · {r.settled} settled"
        for r in samples.itertuples(index=False)
    }
    picked = st.selectbox("Sample", list(labels), format_func=labels.get, key="agr_sample")
    sample = samples.set_index("sample_id").loc[picked].copy()
    sample["sample_id"] = picked

tab_results, tab_settle, tab_draw, tab_code = st.tabs(
    ["Agreement", "Disagreements", "Draw a sample", "Code your sample"]
)
with tab_results:
    if sample is None:
        st.info("No sample drawn yet: draw one in **Draw a sample**.", icon=":material/casino:")
    else:
        results(sample)
with tab_settle:
    if sample is not None:
        settle_part(sample)
with tab_draw:
    draw_part()
with tab_code:
    code_your_sample()
