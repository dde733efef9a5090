"""Codebook (engagement officer): categories and codes, changes to them, codebook files, and the history."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from insights.access.audit import LONDON
from insights.coding import manage, refi
from insights.output.textsafe import plain
from insights.output.wording import plural
from insights.vocab import THEMES
from ui import cache
from ui.data import action_cursor, display_cursor, query, writing
from ui.roles import actor, require_page
from ui.writes import run_write

#: Tables a codebook change may write (cached results that read them are refreshed).
CHANGED = (
    "codes",
    "categories",
    "theme_categories",
    "codebook_versions",
    "coded_excerpts",
    "agg_narratives",
    "agg_bits",
    "audit_log",
)
CHANGE_LABELS = {
    "add_code": "Code added",
    "rename_code": "Code renamed",
    "retire_code": "Code retired",
    "merge_codes": "Codes merged",
    "add_category": "Category added",
    "rename_category": "Category renamed",
    "edit_category": "Category changed",
    "import": "Codebook file applied",
}
SAVED = "_codebook_saved"

role = require_page("pages/codebook.py")
st.title("Codebook")
st.caption(
    "For the engagement officer: the categories (Figure 2: their polarity and the themes they allow) and "
    "the codes under them. Every change is one numbered version, recorded with who made it and when; "
    "codes are never deleted, so older periods stay explainable."
)

saved = st.session_state.pop(SAVED, None)
if saved:
    st.success(saved, icon=":material/check_circle:")

cats = query("codebook_categories")
codes = query("codebook_codes")
current = codes[~codes["retired"]]
# option labels by id (a selectbox calls its format_func once per option on every run)
_CODE_NAMES = {
    c: f"{c} · {lab} ({cat})"
    for c, lab, cat in zip(codes["code_id"], codes["label"], codes["category"], strict=True)
}
_CATEGORY_NAMES = {k: str(n) for k, n in zip(cats["category_id"], cats["category"], strict=True)}


def _code_name(code_id: str) -> str:
    return _CODE_NAMES[code_id]


def _category_name(category_id: str) -> str:
    return _CATEGORY_NAMES[category_id]


def _run(change, *args) -> None:
    """Make one change; on success remember its summary for the rerun, else say why (nothing changed)."""
    ok, done = run_write(
        lambda cur: change(cur, *args, actor(), role),
        refused=(manage.CodebookError,),
        tables=CHANGED,
        failed="Nothing was changed",
        refused_icon=":material/block:",
    )
    if not ok:
        return
    st.session_state[SAVED] = f"Version {done.version}: {done.summary}."
    st.rerun()


def _applied(outcome: tuple) -> manage.Change:
    change = outcome[1]
    if change is None:
        raise manage.CodebookError("The codebook already matches this file: nothing was changed.")
    return change


book_tab, change_tab, file_tab, project_tab, history_tab = st.tabs(
    ["Categories and codes", "Change the codebook", "Codebook files", "QDA project (.qdpx)", "History"]
)

# --- the codebook ------------------------------------------------------------------------------------
with book_tab:
    c1, c2, c3 = st.columns(3)
    c1.metric("Categories", f"{len(cats):,}")
    c2.metric("Current codes", f"{len(current):,}")
    c3.metric("Retired or merged codes", f"{len(codes) - len(current):,}")
    st.subheader("Categories")
    st.dataframe(
        cats[["category", "polarity", "allowed_themes", "current_codes", "retired_codes", "excerpts"]],
        hide_index=True,
        width="stretch",
        column_config={
            "category": st.column_config.TextColumn("Category", width="large"),
            "polarity": "Polarity",
            "allowed_themes": st.column_config.TextColumn("Themes it allows (Figure 2)", width="medium"),
            "current_codes": st.column_config.NumberColumn("Current codes"),
            "retired_codes": st.column_config.NumberColumn("Retired codes"),
            "excerpts": st.column_config.NumberColumn("Coded excerpts"),
        },
    )
    st.subheader("Codes")
    f1, f2 = st.columns([3, 1])
    chosen = f1.selectbox(
        "Category",
        cats["category_id"].tolist(),
        index=None,
        format_func=_category_name,
        placeholder="All categories",
        key="book_category",
    )
    show_retired = f2.checkbox("Show retired and merged codes", key="book_retired")
    shown = codes if show_retired else current
    if chosen is not None:
        shown = shown[shown["category_id"] == chosen]
    st.dataframe(
        shown[
            ["code_id", "label", "category", "cross_cutting", "excerpts", "status", "valid_from", "valid_to"]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "code_id": "Code",
            "label": st.column_config.TextColumn("Label", width="large"),
            "category": "Category",
            "cross_cutting": "Cross-cutting",
            "excerpts": st.column_config.NumberColumn("Coded excerpts"),
            "status": st.column_config.TextColumn("Status", width="medium"),
            "valid_from": st.column_config.DateColumn("In use from"),
            "valid_to": st.column_config.DateColumn("In use until"),
        },
    )
    st.caption(
        "A retired code is hidden from new coding but keeps its excerpts; a merged code's excerpts now carry "
        "the code it was merged into. Blank 'in use from' means from the start of the codebook."
    )
    with st.expander("The codebook on an earlier day"):
        on = st.date_input("Codes in use on", value=dt.date.today(), key="book_on", format="DD/MM/YYYY")
        then = query("codebook_codes_at", on=on)
        st.write(f"{plural(len(then), 'code')} in use on {on:%d %B %Y}.")
        st.dataframe(
            then[["code_id", "label", "category", "since"]],
            hide_index=True,
            width="stretch",
            column_config={
                "code_id": "Code",
                "label": st.column_config.TextColumn("Label (as it is now)", width="large"),
                "category": "Category",
                "since": st.column_config.TextColumn("What happened to it since", width="medium"),
            },
        )
        st.caption("Labels are today's; earlier labels of renamed codes are in the History tab.")

# --- changes -----------------------------------------------------------------------------------------
with change_tab:
    action = st.radio(
        "What do you want to do?",
        [
            "Add a code",
            "Rename a code",
            "Retire a code",
            "Merge two codes",
            "Add a category",
            "Rename a category",
            "Change a category's polarity or allowed themes",
        ],
        horizontal=True,
        key="change_action",
    )
    if action == "Add a code":
        with st.form("add_code"):
            category = st.selectbox("Category", cats["category_id"].tolist(), format_func=_category_name)
            label = st.text_input("Label of the new code", max_chars=manage.MAX_LABEL)
            cross = st.multiselect(
                "Cross-cutting themes (optional)",
                list(manage.CROSS_CUTTING),
                format_func=lambda t: THEMES[t][0],
            )
            if st.form_submit_button("Add the code", type="primary"):
                _run(
                    lambda con, a, r: manage.add_code(
                        con, label, category, a, r, cross_cutting=";".join(cross)
                    )
                )
    elif action == "Rename a code":
        with st.form("rename_code"):
            code = st.selectbox("Code", current["code_id"].tolist(), format_func=_code_name)
            label = st.text_input("New label", max_chars=manage.MAX_LABEL)
            if st.form_submit_button("Rename the code", type="primary"):
                _run(lambda con, a, r: manage.rename_code(con, code, label, a, r))
    elif action == "Retire a code":
        st.write(
            "A retired code is no longer offered for new coding. Its coded excerpts keep it, so earlier "
            "periods still show it. To move its excerpts to another code, merge it instead."
        )
        with st.form("retire_code"):
            code = st.selectbox("Code to retire", current["code_id"].tolist(), format_func=_code_name)
            sure = st.checkbox("I understand: this code will not be offered for new coding")
            if st.form_submit_button("Retire the code", type="primary"):
                if not sure:
                    st.warning("Tick the box to confirm first.", icon=":material/warning:")
                else:
                    _run(lambda con, a, r: manage.retire_code(con, code, a, r))
    elif action == "Merge two codes":
        st.write(
            "Every excerpt coded with the first code is recoded to the second, and the first code is retired "
            "with a note of where it went. The theme of each excerpt must be allowed in the second code's "
            "category."
        )
        with st.form("merge_codes"):
            source = st.selectbox("Merge this code", current["code_id"].tolist(), format_func=_code_name)
            target = st.selectbox("into this code", current["code_id"].tolist(), format_func=_code_name)
            sure = st.checkbox(
                "I understand: its excerpts will be recoded (this is recorded, not undone here)"
            )
            if st.form_submit_button("Merge", type="primary"):
                if not sure:
                    st.warning("Tick the box to confirm first.", icon=":material/warning:")
                else:
                    _run(lambda con, a, r: manage.merge_codes(con, source, target, a, r))
    elif action == "Add a category":
        with st.form("add_category"):
            name = st.text_input("Name of the new category", max_chars=manage.MAX_LABEL)
            polarity = st.selectbox("Polarity", list(manage.POLARITIES))
            themes = st.multiselect(
                "Themes it allows besides Care & support (Figure 2: every category is in Care & support)",
                [t for t in manage.CODED_THEMES if t != manage.ALWAYS_ALLOWED],
                format_func=lambda t: THEMES[t][0],
            )
            if st.form_submit_button("Add the category", type="primary"):
                _run(lambda con, a, r: manage.add_category(con, name, polarity, themes, a, r))
    elif action == "Change a category's polarity or allowed themes":
        st.write(
            "Care & support stays allowed for every category (Figure 2). A theme that coded excerpts of the "
            "category still carry cannot be taken away: recode those excerpts or merge their codes first."
        )
        category = st.selectbox(
            "Category", cats["category_id"].tolist(), format_func=_category_name, key="edit_category"
        )
        now = cats.loc[cats["category_id"] == category].iloc[0]
        allowed_now = [
            t
            for t in manage.CODED_THEMES
            if t != manage.ALWAYS_ALLOWED and THEMES[t][0] in str(now["allowed_themes"]).split("; ")
        ]
        with st.form("edit_category_form"):
            polarity = st.selectbox(
                "Polarity",
                list(manage.POLARITIES),
                index=list(manage.POLARITIES).index(now["polarity"])
                if now["polarity"] in manage.POLARITIES
                else 0,
                key=f"edit_polarity:{category}",
            )
            themes = st.multiselect(
                "Themes it allows besides Care & support",
                [t for t in manage.CODED_THEMES if t != manage.ALWAYS_ALLOWED],
                default=allowed_now,
                format_func=lambda t: THEMES[t][0],
                key=f"edit_themes:{category}",
            )
            if st.form_submit_button("Change the category", type="primary"):
                _run(lambda con, a, r: manage.edit_category(con, category, polarity, themes, actor=a, role=r))
    else:
        with st.form("rename_category"):
            category = st.selectbox("Category", cats["category_id"].tolist(), format_func=_category_name)
            name = st.text_input("New name", max_chars=manage.MAX_LABEL)
            if st.form_submit_button("Rename the category", type="primary"):
                _run(lambda con, a, r: manage.rename_category(con, category, name, a, r))

# --- files ---------------------------------------------------------------------------------------------
with file_tab:
    st.write(
        "Download the current codebook to use in NVivo, ATLAS.ti, MAXQDA or QualCoder (REFI-QDA `.qdc`), or "
        "as a spreadsheet (CSV). Bring a changed codebook back here: you see what would change first, and "
        "nothing changes until you apply it."
    )
    # built once per data version of the codebook's tables, not on every run (ui.cache)
    qdc, csv = cache.derived(refi.codebook_files, query("refi_codebook"))
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button("Codebook (.qdc)", qdc, "codebook.qdc", "application/xml")
    d2.download_button("Codebook (CSV)", csv, "codebook.csv", "text/csv")
    upload = st.file_uploader("Codebook file to import", type=["csv", "qdc"], key="codebook_upload")
    if upload is not None:
        data = upload.getvalue()
        key = f"codebook_file:{hashlib.sha256(data).hexdigest()}"
        cur = display_cursor()  # the plan is drawn: never from two versions
        try:
            incoming = refi.read_codebook_file(data, upload.name)
            plan = manage.plan_codebook(cur, incoming)
        except (refi.RefiError, manage.CodebookError) as exc:
            st.error(f"This file cannot be used: {plain(exc)}", icon=":material/error:")
            plan = None
        finally:
            cur.close()
        if plan is not None:
            st.markdown("**What would change**")
            for line in plan.lines():
                if not line.startswith("REFUSED"):
                    st.text(line)
            if plan.refused:
                st.error("This codebook cannot be applied as it is:", icon=":material/block:")
                for reason in plan.reasons:
                    st.text(f"• {reason}")
            elif not plan.changes:
                st.info("The codebook already matches this file: nothing to change.", icon=":material/info:")
            else:
                sure = st.checkbox(
                    f"Apply these {plural(plan.changes, 'change')} as one new codebook version", key=key
                )
                if st.button("Apply the codebook", type="primary", disabled=not sure, key="codebook_apply"):
                    _run(lambda con, a, r: _applied(manage.apply_codebook(con, incoming, a, upload.name, r)))

# --- a project from a QDA tool ---------------------------------------------------------------------------
with project_tab:
    st.write(
        "Import a REFI-QDA project (`.qdpx`) exported from NVivo, ATLAS.ti, MAXQDA or QualCoder: its text "
        "sources become narratives and its coded passages become excerpts. First say where each of the "
        "project's codes goes: an existing code, a new code under one of the categories, or nowhere "
        "(skip). Check it, then import: everything (new codes included) is written in one step, or nothing."
    )
    with st.expander("Export the coded data as a project (.qdpx) to open in a QDA tool"):
        st.write(
            "The officer's copy holds every narrative's note with its coded excerpts at their positions "
            "(restricted: it contains women's words). The anonymised copy holds the anonymised excerpts "
            "only, with five attributes; it is not disclosure-controlled, so treat it as restricted too. "
            "Each export is recorded in the audit trail."
        )
        anonymised = st.toggle("Anonymised excerpts only", key="qdpx_anonymised")
        if st.button("Prepare the project export", key="qdpx_prepare"):
            cur = action_cursor()
            try:
                with writing("audit_log"), tempfile.TemporaryDirectory() as folder:  # the export is audited
                    out = Path(folder) / "project.qdpx"
                    result = refi.export_project(cur, out, anonymised=anonymised, audit_actor=actor())
                    st.session_state["qdpx_export"] = (out.read_bytes(), anonymised, result)
            except refi.RefiError as exc:
                st.error(plain(exc), icon=":material/error:")
            finally:
                cur.close()
        prepared = st.session_state.get("qdpx_export")
        if prepared is not None:
            blob, was_anonymised, result = prepared
            st.write(
                f"{plural(result.sources, 'source')}, {plural(result.selections, 'coded selection')}"
                + (
                    f"; {plural(len(result.skipped), 'excerpt')} left out (not word for word in its note, or not anonymised)"
                    if result.skipped
                    else ""
                )
                + "."
            )
            st.download_button(
                "Download the project (.qdpx)",
                blob,
                "maternity_insights_anonymised.qdpx" if was_anonymised else "maternity_insights.qdpx",
                "application/zip",
                key="qdpx_download",
            )
    project = st.file_uploader("Project to import", type=["qdpx"], key="qdpx_upload")
    if project is not None:
        data = project.getvalue()
        digest = hashlib.sha256(data).hexdigest()[:16]
        cur = display_cursor()  # the mapping is drawn: never from two versions
        try:
            draft = refi.project_mapping(cur, data, project.name)
        except refi.RefiError as exc:
            st.error(f"This project cannot be used: {plain(exc)}", icon=":material/error:")
            draft = None
        finally:
            cur.close()
        if draft is not None:
            code_options = [
                f"{c} · {lab}" for c, lab in zip(current["code_id"], current["label"], strict=True)
            ]
            shown_code = {c: o for c, o in zip(current["code_id"], code_options, strict=True)}
            draft["target_code"] = draft["target_code"].map(lambda c: shown_code.get(c, c or None))
            draft["action"] = draft["action"].replace("", None)
            draft["new_category"] = draft["new_category"].replace("", None)
            todo = int(draft["action"].isna().sum())
            st.write(
                f"The project has {plural(len(draft), 'code')}"
                + (f"; **{todo} need an action**." if todo else "; each has a suggested action: check them.")
            )
            edited = st.data_editor(
                draft,
                key=f"mapping:{digest}",
                hide_index=True,
                width="stretch",
                disabled=["source_guid", "source_code", "codings"],
                column_order=["source_code", "codings", "action", "target_code", "new_label", "new_category"],
                column_config={
                    "source_code": st.column_config.TextColumn("Code in the project", width="large"),
                    "codings": st.column_config.NumberColumn("Codings"),
                    "action": st.column_config.SelectboxColumn(
                        "Action", options=list(refi.MAPPING_ACTIONS), help="code, new or skip"
                    ),
                    "target_code": st.column_config.SelectboxColumn(
                        "Existing code (action: code)", options=code_options, width="large"
                    ),
                    "new_label": st.column_config.TextColumn("New code's label (action: new)"),
                    "new_category": st.column_config.SelectboxColumn(
                        "New code's category (action: new)", options=cats["category"].tolist(), width="medium"
                    ),
                },
            )
            mapping = edited.astype(object).where(edited.notna(), "")
            mapping["target_code"] = mapping["target_code"].map(lambda v: str(v).split(" · ", 1)[0])
            st.download_button(
                "Download this mapping (CSV)",
                refi.mapping_csv(mapping),
                f"{project.name.rsplit('.', 1)[0]}_mapping.csv",
                "text/csv",
            )
            mapped = hashlib.sha256(refi.mapping_csv(mapping)).hexdigest()[:16]
            outcome_key = f"qdpx_outcome:{digest}:{mapped}"  # a changed mapping needs a new check
            if st.button("Check the import", key="qdpx_check"):
                cur = action_cursor()
                try:
                    st.session_state[outcome_key] = refi.import_project(
                        cur, data, project.name, actor(), dry_run=True, mapping=mapping, role=role
                    )
                except refi.RefiError as exc:
                    st.session_state[outcome_key] = exc
                except Exception as exc:  # noqa: BLE001 -- rolled back; say so plainly
                    st.session_state[outcome_key] = RuntimeError(f"Nothing was changed: {exc}")
                finally:
                    cur.close()
            outcome = st.session_state.get(outcome_key)
            if isinstance(outcome, Exception):
                st.error(plain(outcome), icon=":material/block:")
            elif outcome is not None:
                st.success(
                    f"Ready: {plural(outcome['narratives'], 'narrative')} and "
                    f"{plural(outcome['excerpts'], 'excerpt')} would be imported"
                    + (
                        f", with {plural(len(outcome['new_codes']), 'new code')}"
                        if outcome["new_codes"]
                        else ""
                    )
                    + ".",
                    icon=":material/check_circle:",
                )
                for note in outcome["notes"]:
                    st.text(f"• {note}")
                if st.button("Import the project", type="primary", key="qdpx_import"):
                    cur = action_cursor()
                    try:
                        with writing():  # codes, excerpts, sources: every table may change
                            done = refi.import_project(
                                cur, data, project.name, actor(), mapping=mapping, role=role
                            )
                    except refi.RefiError as exc:
                        st.error(plain(exc), icon=":material/block:")
                    except Exception as exc:  # noqa: BLE001 -- rolled back; say so plainly
                        st.error(
                            f"The import failed and nothing was changed: {plain(exc)}",
                            icon=":material/error:",
                        )
                    else:
                        del st.session_state[outcome_key]
                        st.session_state[SAVED] = "Project imported. " + " ".join(done["results"])
                        st.rerun()
                    finally:
                        cur.close()

# --- history -------------------------------------------------------------------------------------------
with history_tab:
    hist = query("codebook_history")
    if hist.empty:
        st.info(
            "The codebook has not been changed in the app yet: it is the committed codebook (Figure 2 and "
            "the code list).",
            icon=":material/info:",
        )
    else:
        shown = pd.DataFrame(
            {
                "Version": hist["version"],
                "When (UK time)": pd.to_datetime(hist["changed_at"])
                .dt.tz_localize("UTC")
                .dt.tz_convert(LONDON)
                .dt.strftime("%Y-%m-%d %H:%M"),
                "Who": hist["changed_by"],
                "Change": hist["change"].map(lambda c: CHANGE_LABELS.get(c, c)),
                "What": hist["summary"],
                "Before": hist["before"].fillna(""),
                "After": hist["after"].fillna(""),
            }
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={"What": st.column_config.TextColumn(width="large")},
        )
        st.caption("Before and after hold the changed code or category as it was and as it became (JSON).")
