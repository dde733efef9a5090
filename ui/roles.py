"""The signed-in role, the demo-mode role switcher and the page guard every page calls first."""

from __future__ import annotations

import streamlit as st

from insights.roles import OFFICER, ROLE_LABELS, page_roles


def current_role() -> str | None:
    """The role of this session (demo mode: chosen in the sidebar; the engagement officer by default)."""
    return st.session_state.get("role", OFFICER)


def role_switcher() -> str | None:
    """Demo mode only: a clearly labelled switcher so a newcomer can see each role's view."""
    with st.sidebar:
        st.caption("DEMO MODE: no sign-in. Choose whose view to see.")
        st.selectbox(
            "View the dashboard as",
            list(ROLE_LABELS),
            format_func=ROLE_LABELS.get,
            key="role",
            index=list(ROLE_LABELS).index(current_role()),
        )
    return current_role()


def require_page(file: str) -> str:
    """Stop the page with a refusal unless this session's role may open `file` (e.g. 'pages/data.py')."""
    allowed = page_roles(file)
    role = current_role()
    if role not in allowed:
        names = ", ".join(ROLE_LABELS[r] for r in ROLE_LABELS if r in allowed)
        st.error(f"This page is for: {names}. Your role does not have access to it.", icon=":material/lock:")
        st.stop()
    return role
