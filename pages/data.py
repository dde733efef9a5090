"""Data (engagement officer): what the database holds, its quality, imports and templates."""

from __future__ import annotations

import hashlib

import streamlit as st

from insights.config import ATTRIBUTION, TEMPLATES_DIR
from insights.ingest import load as ingest
from insights.ingest import undo, worker
from insights.ingest.templates import KINDS
from insights.output import charts
from insights.output.textsafe import plain
from insights.output.wording import plural
from ui.cache import arrow_table, derived, figure, template_columns
from ui.data import action_cursor, display_cursor, query, writing
from ui.roles import actor, require_page
from ui.vintage import vintage_setting

KIND_LABELS = {
    "narratives": "Narratives (one row per woman's conversation)",
    "excerpts": "Coded excerpts (one row per coded quote)",
    "engagement": "Engagement log (one row per visit or activity)",
    "venues": "Venues (community places where packs are left)",
}

role = require_page("pages/data.py")
st.title("Data")
st.caption("For the engagement officer: what is in the database, how clean it is, and importing new files.")

contents_tab, import_tab, templates_tab, history_tab = st.tabs(
    ["What is in the database", "Import a file", "Templates", "Import history"]
)

# --- contents and quality --------------------------------------------------------------------------
with contents_tab:
    contents = query("database_contents")
    counts = dict(zip(contents["item"], contents["n"], strict=True))
    cols = st.columns(5)
    for col, item in zip(
        cols,
        ["Narratives", "Coded excerpts", "Venues", "Engagement log entries", "Information packs distributed"],
        strict=True,
    ):
        col.metric(item, f"{int(counts.get(item, 0)):,}")
    first, last = contents["first_narrative"].iat[0], contents["last_narrative"].iat[0]
    if counts.get("Narratives", 0):
        st.write(f"Narratives collected from **{first:%d %B %Y}** to **{last:%d %B %Y}**.")
        st.plotly_chart(  # built once per data version and shared (ui.cache)
            figure(
                charts.monthly_counts,
                query("narratives_by_month"),
                "narratives",
                "Narratives collected each month",
                "Narratives",
            ),
            width="stretch",
        )
    else:
        st.info("There are no narratives yet. Import a narratives file in the **Import a file** tab.")

    st.subheader("Data quality")
    st.caption(
        "Rows that need a look. Nothing here stops the dashboard working; it tells you how far to trust it."
    )
    st.dataframe(
        arrow_table(query("data_quality_checks")),  # converted to Arrow once per data version (ui.cache)
        hide_index=True,
        width="stretch",
        column_config={
            "check_name": st.column_config.TextColumn("Check", width="large"),
            "affected": st.column_config.NumberColumn("Rows affected"),
            "out_of": st.column_config.NumberColumn("Out of"),
            "percent": st.column_config.NumberColumn("Per cent", format="%.1f%%"),
        },
    )
    st.caption(
        f"Reference data: {plural(int(counts.get('Reference postcodes', 0)), 'postcode')}, "
        f"{plural(int(counts.get('Reference LSOAs in the area', 0)), 'LSOA')} (index: see Deprivation index below), "
        f"{plural(int(counts.get('Codes in the codebook', 0)), 'code')}."
    )

# --- import ----------------------------------------------------------------------------------------
#: Up to this many problems are listed as a table that wraps each reason; more scroll in a data grid.
READABLE_ROWS = 30

with import_tab:
    st.write(
        "Choose a CSV or Excel file made from one of the templates. Every row is checked first and "
        "**nothing is written until you press Import**. Postcodes are turned into an area and are not stored."
    )
    upload = st.file_uploader("File to import", type=["csv", "xlsx"], key="upload")
    # Reading, validating and anonymising run in a separate worker process (insights.ingest.worker), so
    # other people's pages are not held up; it starts now and is ready by the time a file is chosen.
    worker.start()
    notes: list[str] = []  # why the worker could not be used, if it could not (the work then ran here)
    offload = worker.offloader(on_fallback=notes.append)
    if upload is not None:
        data = upload.getvalue()
        guessed = ingest.kind_from_name(upload.name)
        kind = st.selectbox(
            "What does this file hold?",
            KINDS,
            index=KINDS.index(guessed) if guessed else None,
            format_func=KIND_LABELS.get,
            placeholder="Choose the kind of file",
        )
        if kind is not None:
            key = f"checked:{kind}:{hashlib.sha256(data).hexdigest()}"
            if key not in st.session_state:
                try:
                    st.session_state[key] = ingest.check(
                        display_cursor(), kind, data, upload.name, offload=offload
                    )
                except ValueError as exc:
                    st.session_state[key] = exc
                for note in notes:
                    st.caption(note)
                notes.clear()
            checked = st.session_state[key]
            if isinstance(checked, Exception):
                st.error(f"This file cannot be read: {plain(checked)}", icon=":material/error:")
            else:
                v = checked.validated
                n_bad = len(v.rejected_rows)
                c1, c2, c3, c4 = st.columns(4)
                c1.metric("Rows in file", f"{v.total_rows:,}")
                c2.metric("Valid rows", f"{len(v.frame):,}")
                c3.metric("Rows with errors", f"{n_bad:,}")
                c4.metric("Warnings", f"{len(v.warnings):,}")
                if checked.already_imported:
                    st.info(
                        "This exact file has been imported before. Importing it again changes nothing: "
                        "rows are matched on their ids.",
                        icon=":material/info:",
                    )
                report = v.report()
                whole_file = report["row"] == 0  # about the file, not one row: said in full, above the table
                for severity, reason in zip(
                    report.loc[whole_file, "severity"], report.loc[whole_file, "reason"], strict=True
                ):
                    if severity == "error":
                        st.error(f"The whole file: {plain(reason)}", icon=":material/error:")
                    else:
                        st.warning(f"The whole file: {plain(reason)}", icon=":material/warning:")
                by_row = report.loc[~whole_file]
                if len(by_row):
                    st.write(
                        "**Every problem found, by row** (row numbers as in your spreadsheet, header = row 1):"
                    )
                    headings = {"row": "Row", "column": "Column", "value": "Value", "severity": "Severity"}
                    if len(by_row) <= READABLE_ROWS:  # a short list in full, each reason wrapped
                        shown = by_row.rename(columns={**headings, "reason": "Reason"})
                        for c in (
                            "Column",
                            "Value",
                            "Severity",
                            "Reason",
                        ):  # st.table reads markdown: cells inert
                            shown[c] = shown[c].map(plain)
                        st.table(shown, hide_index=True)
                    else:  # a long one scrolls; its reasons are cut at the column's edge (hover shows one)
                        st.dataframe(
                            by_row,
                            hide_index=True,
                            width="stretch",
                            column_config={
                                **{c: st.column_config.Column(h) for c, h in headings.items()},
                                "reason": st.column_config.TextColumn("Reason", width="large"),
                            },
                        )
                if v.errors and not len(v.frame):
                    st.error("No row can be imported. Fix the problems above and choose the file again.")
                else:
                    skip = False
                    if v.errors:
                        st.warning(
                            f"{plural(n_bad, 'row')} {'has' if n_bad == 1 else 'have'} errors, "
                            "so the file will not be imported as it is.",
                            icon=":material/warning:",
                        )
                        skip = st.checkbox(
                            f"Import the {plural(len(v.frame), 'valid row')} and leave out the "
                            f"{plural(n_bad, 'row')} with errors"
                        )
                    if st.button(
                        f"Import {plural(len(v.frame), 'row')}",
                        type="primary",
                        disabled=bool(v.errors) and not skip,
                    ):
                        bar = st.progress(0.0, text="Starting import")
                        try:
                            result = ingest.commit(
                                action_cursor(),
                                checked,
                                user=actor(),
                                role=role,
                                skip_invalid=skip,
                                progress=lambda f, m: bar.progress(min(f, 1.0), text=m),
                                offload=offload,
                                around_write=lambda: writing(kind=kind),  # after the anonymisation
                            )
                        except Exception as exc:  # noqa: BLE001 -- show any failure; the transaction rolled back
                            st.error(
                                f"The import failed and nothing was changed: {plain(exc)}",
                                icon=":material/error:",
                            )
                        else:
                            del st.session_state[key]
                            st.success(plain(result.summary()), icon=":material/check_circle:")
                        for note in notes:
                            st.caption(note)

# --- templates -------------------------------------------------------------------------------------
with templates_tab:
    st.write("Blank templates to fill in. Excel templates have a Guide sheet explaining every column.")
    for kind in KINDS:
        st.markdown(f"**{KIND_LABELS[kind]}**")
        c1, c2, _ = st.columns([1, 1, 3])
        c1.download_button(
            "CSV template",
            (TEMPLATES_DIR / f"{kind}.csv").read_bytes(),
            f"{kind}.csv",
            "text/csv",
            key=f"csv-{kind}",
        )
        c2.download_button(
            "Excel template",
            (TEMPLATES_DIR / f"{kind}.xlsx").read_bytes(),
            f"{kind}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx-{kind}",
        )
        with st.expander(f"Columns of the {kind} template"):
            # the same table on every run: made and converted to Arrow once (ui.cache)
            st.dataframe(arrow_table(derived(template_columns, kind)), hide_index=True, width="stretch")

# --- history -------------------------------------------------------------------------------------
with history_tab:
    history = query("import_history")
    if history.empty:
        st.info("Nothing has been imported yet.")
    else:
        st.dataframe(arrow_table(history), hide_index=True, width="stretch")

        st.subheader("Withdraw an import")
        st.write(
            "Undo a mistaken import: the rows it added are removed and the rows it changed get back the "
            "values they had before, in one step that is recorded in the audit trail. Quotes whose wording "
            "changes go back to pending review. An import that later imports or edits built on cannot be "
            "withdrawn until those are withdrawn first (newest first)."
        )
        live = history[history["withdrawn_at"].isna()]
        # option labels by id: a selectbox calls its format_func once per option on every run
        shown_import = {
            i: f"{when:%d %b %Y %H:%M} · {name} · {i}"
            for i, when, name in zip(live["import_id"], live["imported_at"], live["file_name"], strict=True)
        }
        choice = st.selectbox(
            "Import to withdraw",
            live["import_id"].tolist(),
            index=None,
            format_func=shown_import.get,
            placeholder="Choose an import",
            key="undo_choice",
        )
        if choice is not None:
            try:
                imp = undo.check(display_cursor(), choice)
            except undo.UndoRefused as exc:
                st.warning(plain(exc), icon=":material/block:")
            else:
                st.write(f"**{plain(imp['file_name'])}** can be withdrawn.")
                sure = st.checkbox(
                    "I understand: this import's rows will be removed or restored", key="undo_sure"
                )
                if st.button("Withdraw this import", type="primary", disabled=not sure, key="undo_go"):
                    try:
                        with writing(kind=imp["kind"]):
                            result = undo.withdraw(action_cursor(), choice, actor(), role=role)
                    except undo.UndoRefused as exc:
                        st.warning(plain(exc), icon=":material/block:")
                    except Exception as exc:  # noqa: BLE001 -- the transaction rolled back; say so plainly
                        st.error(f"Nothing was changed: {plain(exc)}", icon=":material/error:")
                    else:
                        st.success(plain(result.summary()), icon=":material/check_circle:")

vintage_setting(role)  # deprivation index: IMD 2019 or IMD 2025 (ui/vintage.py)

st.caption(ATTRIBUTION)
