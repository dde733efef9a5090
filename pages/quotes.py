"""Quote review (MNVP reviewers, engagement officer): find anonymised quotes, review them, export."""

from __future__ import annotations

import streamlit as st

from insights.access.roles import OFFICER
from insights.output.wording import plural
from insights.quotes import export as quote_export
from insights.quotes import groups as quote_groups
from insights.quotes import review as quotes
from insights.quotes import suspects
from insights.vocab import CARE_STAGES
from ui.cache import arrow_table, category_labels, derived, labels
from ui.controlled import approved_quote_downloads
from ui.data import action_cursor, display_cursor, query, search_index, writing
from ui.roles import access_mode, actor, require_page

PAGE_SIZE = 10
POLARITIES = ("positive", "negative", "mixed", "unmet need")

role = require_page("pages/quotes.py")
st.title("Quote review")
st.caption(
    "Women's words, anonymised when they were imported: names, phone numbers, e-mail addresses, NHS numbers, "
    "postcodes, addresses and dates are replaced by tags such as [NAME]. Each quote shows only its theme, "
    "category and care stage. Only quotes you approve reach commissioners and exports."
)

# --- is everything anonymised? (fail closed) -------------------------------------------------------
meta = dict(zip(*(query("quote_meta")[c] for c in ("key", "value")), strict=True))
# Counted as the list below counts: quotes (wording groups), by the group's status.
status_counts = query("quote_group_status_counts").set_index("status")
hidden = int(status_counts.at["not anonymised", "excerpts"]) if "not anonymised" in status_counts.index else 0
if hidden:
    reason = meta.get("anonymiser_error", "the anonymiser could not be loaded when they were imported")
    st.warning(
        f"{plural(hidden, 'excerpt')} could not be anonymised, so they are not shown here or to commissioners. "
        "They stay hidden until the engagement officer anonymises them again "
        "(command: python -m insights anonymise --database).",
        icon=":material/lock:",
    )
    st.text(f"Why: {reason}")

c1, c2, c3 = st.columns(3)
for column, status in zip((c1, c2, c3), quotes.STATUSES, strict=True):
    n = int(status_counts.at[status, "quotes"]) if status in status_counts.index else 0
    covered = int(status_counts.at[status, "excerpts"]) if status in status_counts.index else 0
    column.metric(
        quotes.STATUS_LABELS[status],
        f"{n:,}",
        help=f"{plural(n, 'quote')}, covering {plural(covered, 'coded excerpt')}",
    )
st.caption(
    "Counted in quotes, as the list below counts them: one per wording, however many women said it or "
    "however often it was coded. A quote whose excerpts have different decisions counts as waiting."
)

search_mode = search_index()

if access_mode().demo:
    name_column, check_column = st.columns([2, 3], vertical_alignment="bottom")
    name_column.text_input(
        "Your name (recorded with every decision)",
        key="reviewer_name",
        placeholder="for example: A. Reviewer, MNVP",
    )
    name_problem = quote_groups.check_reviewer_name(st.session_state.get("reviewer_name"))
    if name_problem:
        check_column.error(name_problem, icon=":material/badge:")
    else:
        check_column.success(f"Decisions will be recorded as {st.session_state['reviewer_name'].strip()}.")
else:
    st.session_state["reviewer_name"] = actor()
    st.text(f"Decisions are recorded as {actor()}.")


name_problem = quote_groups.check_reviewer_name(st.session_state.get("reviewer_name"))
if name_problem and not access_mode().demo:
    st.error(
        f"Your signed-in name cannot be recorded with decisions: {name_problem}", icon=":material/badge:"
    )


# --- actions -------------------------------------------------------------------------------------
def _decide(excerpt_id: str, excerpt_ids: list[str], decision: str, confirm: bool = False) -> None:
    """Button callback: record one decision for every excerpt of the quote and say what happened."""
    edited = st.session_state.get(f"edit_text_{excerpt_id}") if decision == "edit" else None
    note = st.session_state.get(f"edit_note_{excerpt_id}") if decision == "edit" else None
    problem = quote_groups.check_reviewer_name(st.session_state.get("reviewer_name"))
    if problem:
        st.session_state["review_message"] = ("error", problem)
        return
    with writing():  # a decision changes what every quote view reads
        try:
            results = quote_groups.review_group(
                action_cursor(),  # applied to the current rows, whatever versions the page showed
                excerpt_ids,
                decision,
                st.session_state.get("reviewer_name", ""),
                edited_text=edited,
                note=note,
                role=role,
                actor=actor(),
                confirm_suspects=confirm,
            )
        except quotes.NeedsConfirmation as exc:
            st.session_state[f"confirm_{excerpt_id}"] = decision
            st.session_state["review_message"] = ("error", str(exc))
            return
        except quotes.ReviewError as exc:
            st.session_state["review_message"] = ("error", str(exc))
            return
    st.session_state.pop(f"confirm_{excerpt_id}", None)
    st.session_state[f"editing_{excerpt_id}"] = False
    label = {"approve": "Approved", "reject": "Rejected", "edit": "Approved with your wording"}[decision]
    message = f"{label}" + (
        f" for all {len(results)} excerpts with this wording." if len(results) > 1 else "."
    )
    if any(r.edit_changed_by_anonymiser for r in results):
        message += " Your wording still held a name or number, which was replaced by a tag: please check it."
    st.session_state["review_message"] = ("success", message)


find_tab, export_tab = st.tabs(["Find and review quotes", "Export approved quotes"])

# --- find and review -----------------------------------------------------------------------------
with find_tab:
    codebook = query("quote_codebook")
    theme_names = derived(labels, codebook, "theme_id", "theme")
    text = st.text_input(
        "Search the anonymised quotes",
        key="quote_search",
        placeholder="for example: pain relief refused",
        help="Finds quotes with any of the words, best matches first. "
        + (
            "Words are matched by their stem (refused, refusing)."
            if search_mode.startswith("full-text")
            else ""
        ),
    )
    f1, f2, f3 = st.columns(3)
    chosen_themes = f1.multiselect(
        "Theme", list(theme_names), format_func=theme_names.get, key="q_themes", placeholder="All themes"
    )
    category_names = category_labels(codebook, chosen_themes)
    chosen_categories = f2.multiselect(
        "Category",
        list(category_names),
        format_func=category_names.get,
        key="q_categories",
        placeholder="All",
    )
    chosen_polarities = f3.multiselect(
        "Positive or negative", POLARITIES, key="q_polarities", placeholder="All"
    )
    f4, f5, f6, f7 = st.columns(4)
    chosen_stages = f4.multiselect("Care stage", CARE_STAGES, key="q_stages", placeholder="All")
    if "q_statuses" not in st.session_state:
        st.session_state["q_statuses"] = ["pending"]  # start on what needs a decision
    chosen_statuses = f5.multiselect(
        "Review status",
        quotes.STATUSES,
        format_func=quotes.STATUS_LABELS.get,
        key="q_statuses",
        placeholder="All",
    )
    threshold = quotes.group_threshold()
    groups = quotes.allowed_groups(query("quote_group_sizes", pool="review"), threshold)
    chosen_ethnic = f6.multiselect(
        "Ethnic group",
        groups["Ethnic group"],
        key="q_ethnic",
        placeholder="All",
        disabled=not groups["Ethnic group"],
    )
    chosen_core20 = f7.multiselect(
        "Deprivation",
        groups["Deprivation"],
        key="q_core20",
        placeholder="All",
        disabled=not groups["Deprivation"],
    )
    st.caption(
        f"Group filters offer only groups with at least {plural(threshold, 'woman', 'women')} with quotes, "
        "so that a quote "
        "cannot be traced to a small group. Quotes never show the woman's group, area, date or rating."
    )

    # the search mode (meta) and the index stop words: the run keeps its versions unless meta was written since
    terms = quotes.search_terms(display_cursor(tables=("meta",)), text) if text.strip() else []
    if text.strip() and not terms:
        st.info("Those words are too common to search for. Try more specific words, such as 'epidural'.")
    selection = (
        tuple(terms),
        tuple(chosen_themes),
        tuple(chosen_categories),
        tuple(chosen_polarities),
        tuple(chosen_stages),
        tuple(chosen_statuses),
        tuple(chosen_ethnic),
        tuple(chosen_core20),
    )
    if st.session_state.get("q_selection") != selection:
        st.session_state["q_selection"] = selection
        st.session_state["q_page"] = 1
    page = st.session_state.get("q_page", 1)

    results = query(
        "quote_groups",
        terms=list(terms),
        themes=list(chosen_themes),
        categories=list(chosen_categories),
        polarities=list(chosen_polarities),
        care_stages=list(chosen_stages),
        statuses=list(chosen_statuses),
        ethnic_groups=list(chosen_ethnic),
        core20=list(chosen_core20),
        page_size=PAGE_SIZE,
        page_offset=(page - 1) * PAGE_SIZE,
    )
    message = st.session_state.pop("review_message", None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])

    total = int(results["total_rows"].iat[0]) if len(results) else 0
    if total == 0:
        st.info(
            "No quotes match. Try fewer filters or other words."
            if (terms or any(selection[1:]))
            else "There are no anonymised quotes yet. The engagement officer imports coded excerpts on the Data page."
        )
    else:
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        st.write(
            plural(total, "quote")
            + (", best matches first" if terms else "")
            + f". Showing {(page - 1) * PAGE_SIZE + 1}-{min(page * PAGE_SIZE, total)}."
        )
        st.caption(
            "The same wording from several women (or coded twice) is shown once; your decision applies to "
            "every excerpt with that wording, and each is recorded in the audit trail."
        )
        if search_mode and not search_mode.startswith("full-text"):
            st.caption("Search matches whole words only, because full-text search is not available here.")
        show_original = False
        if role == OFFICER:
            show_original = st.toggle(
                "Show the original wording too (engagement officer only)", key="q_original"
            )
        originals = (
            quotes.original_wording(
                display_cursor("quote_original_text"),
                [i for ids in results["excerpt_ids"] for i in ids],
                role,
            )
            if show_original
            else {}
        )
        if terms:
            st.caption("Words that match your search are marked «like this».")
        for row in results.itertuples(index=False):
            eid = row.excerpt_id
            ids = list(row.excerpt_ids)
            with st.container(border=True):
                stage = row.care_stage or "care stage not recorded"
                also = (
                    f" · also coded under {plural(int(row.categories) - 1, 'other category', 'other categories')}"
                    if int(row.categories) > 1
                    else ""
                )
                st.caption(f"{row.theme} · {row.category} ({row.polarity}) · {stage}{also}")
                found = derived(quotes.possible_identifiers, row.quote)  # once per wording, not per render
                st.text(quotes.marked(suspects.marked(row.quote, found), list(row.matched)))
                if found:
                    st.text(
                        f"Check first (possible identifiers, marked ⟦like this⟧): {suspects.summary(found)}"
                    )
                if len(ids) > 1:
                    st.caption(
                        f"{quote_groups.said_by(int(row.women))} "
                        f"({plural(len(ids), 'excerpt')}; one decision covers them all)"
                    )
                if row.status == "approved" and isinstance(row.edited_text, str):
                    st.text(f"Approved wording: {row.edited_text}")
                for original in dict.fromkeys(originals[i] for i in ids if i in originals):
                    st.text(f"Original wording (not anonymised): {original}")
                decided = ""
                if isinstance(row.reviewer, str) and not row.decisions_differ:
                    when = row.reviewed_at.strftime("%d %b %Y %H:%M") if row.reviewed_at is not None else ""
                    decided = f" by {row.reviewer}, {when} UTC"
                if row.decisions_differ:
                    pending = int(row.excerpts_pending)
                    decided = (
                        f" (earlier decisions on these excerpts differ; {pending} not decided yet)"
                        if pending
                        else " (earlier decisions on these excerpts differ)"
                    )
                st.text(f"{quotes.STATUS_LABELS[row.status]}{decided}")
                b1, b2, b3, b4 = st.columns(4)
                edited = row.status == "approved" and isinstance(row.edited_text, str)
                b1.button(
                    "Approve as anonymised" if edited else "Approve",
                    key=f"approve_{eid}",
                    on_click=_decide,
                    args=(eid, ids, "approve"),
                    disabled=bool(name_problem) or (row.status == "approved" and not edited),
                    icon=":material/check:",
                )
                b2.button(
                    "Reject",
                    key=f"reject_{eid}",
                    on_click=_decide,
                    args=(eid, ids, "reject"),
                    disabled=bool(name_problem) or row.status == "rejected",
                    icon=":material/close:",
                )
                pending = st.session_state.get(f"confirm_{eid}")
                if pending:
                    sure = st.checkbox("I checked the marked words: they identify no one", key=f"sure_{eid}")
                    st.button(
                        "Approve after checking",
                        key=f"confirmed_{eid}",
                        on_click=_decide,
                        args=(eid, ids, pending, True),
                        disabled=not sure,
                    )
                editing = b3.toggle("Edit wording", key=f"editing_{eid}")
                history = b4.toggle("History", key=f"history_{eid}")
                if editing:
                    start = row.edited_text if isinstance(row.edited_text, str) else row.quote
                    st.text_area(
                        "Wording to approve (keep the tags; names and numbers you add are removed)",
                        value=start,
                        key=f"edit_text_{eid}",
                    )
                    st.text_input("Note (optional, why it was edited)", key=f"edit_note_{eid}")
                    st.button(
                        "Approve with this wording",
                        key=f"save_{eid}",
                        on_click=_decide,
                        args=(eid, ids, "edit"),
                        type="primary",
                        disabled=bool(name_problem),
                    )
                if history:
                    log = query("quote_review_history", excerpt_id=eid)
                    if log.empty:
                        st.text("No decisions yet.")
                    else:
                        st.dataframe(
                            log,
                            hide_index=True,
                            width="stretch",
                            column_config={
                                "reviewed_at": st.column_config.DatetimeColumn(
                                    "When (UTC)", format="D MMM YYYY HH:mm"
                                ),
                                "reviewer": "Who",
                                "status": "Decision",
                                "edited_text": "Edited wording",
                                "note": "Note",
                            },
                        )
        p1, p2, p3 = st.columns([1, 2, 1])
        if p1.button("Previous", disabled=page <= 1, key="q_prev", icon=":material/chevron_left:"):
            st.session_state["q_page"] = page - 1
            st.rerun()
        p2.caption(f"Page {page} of {pages}")
        if p3.button("Next", disabled=page >= pages, key="q_next", icon=":material/chevron_right:"):
            st.session_state["q_page"] = page + 1
            st.rerun()

# --- export --------------------------------------------------------------------------------------
with export_tab:
    approved = query("quote_approved_groups", themes=[], categories=[], ethnic_groups=[], core20=[])
    st.write(
        "Every approved quote, grouped by theme and category, with the approved wording, each wording "
        "once. Commissioners see the same quotes on the Approved quotes page."
    )
    if approved.empty:
        st.info("No quotes have been approved yet. Approve quotes in the first tab, then export them here.")
    else:
        st.metric("Approved quotes", f"{len(approved):,}")
        # counted once per data version and converted to Arrow once (ui.cache), not on every run of the page
        st.dataframe(arrow_table(derived(quote_export.counts, approved)), hide_index=True, width="stretch")
        approved_quote_downloads(approved, key="export")
