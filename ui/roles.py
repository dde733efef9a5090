"""Who is this: the sign-in gate, the role of this session, the page guard, and naming the actor.

Every page calls `require_page("pages/<file>.py")` first. `dashboard.py` calls `sign_in_gate()`
before it builds the navigation. The rules themselves (mode, role mapping) are in insights.access.auth;
this module only reads the server's configuration, `st.user` and session state, and draws.

- Sign-in mode ([auth] in .streamlit/secrets.toml): the role comes from the signed-in user's
  claims and the role mapping file, never from session state, the URL or a widget.
- Demo mode (nothing about sign-in configured): the role is chosen in a labelled sidebar switcher.
- Misconfigured (sign-in half set up): nobody gets a role, every page refuses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from insights.access import audit, auth
from insights.access.roles import COMMISSIONER, ROLE_LABELS, page_roles

log = logging.getLogger(__name__)

#: Session-state key of the demo-mode switcher (AppTest sets it to choose the role in demo mode).
DEMO_ROLE_KEY = "role"
_KEPT_ROLE_KEY = "_demo_role_kept"
_SIGN_IN_AUDITED = "_sign_in_audited"


def _plain(value):
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _auth_section() -> tuple[dict | None, str | None]:
    """The [auth] secrets section (None when absent) and an error when the secrets cannot be read."""
    secrets = st.secrets
    if not secrets.load_if_toml_exists():
        paths = st.get_option("secrets.files") or []
        if any(Path(p).exists() for p in paths):
            # A secrets file is there but unreadable: never fall back to demo mode because of a typo.
            return None, "it is not valid TOML or cannot be opened"
        return None, None
    section = secrets.get("auth")
    return (_plain(section) if section else None), None


def access_mode() -> auth.AccessMode:
    """This server's access mode, from its secrets, role mapping file and environment only."""
    section, error = _auth_section()
    return auth.decide_mode(
        section,
        secrets_error=error,
        role_file=auth.role_file(),
        require_sign_in=auth.require_sign_in_from_env(),
    )


def _role_map() -> auth.RoleMap:
    return auth.load_role_map(auth.role_file())


def _signed_in_claims() -> dict | None:
    """The claims in the sign-in cookie, however old, or None when there is no sign-in."""
    info = st.user.to_dict()
    return info if info.get("is_logged_in") is True else None


def _expired(claims: dict) -> bool:
    return auth.session_expired(claims, time.time(), auth.session_hours())


def _claims() -> dict | None:
    """The signed-in user's claims, or None when nobody is signed in (or the sign-in has expired)."""
    claims = _signed_in_claims()
    return None if claims is None or _expired(claims) else claims


def _decision(mode: auth.AccessMode) -> auth.Decision | None:
    """Sign-in mode: the signed-in user's role decision (None when nobody is signed in)."""
    claims = _claims()
    if claims is None:
        return None
    try:
        role_map = _role_map()
    except auth.RoleConfigError as exc:
        log.error("role mapping unusable: %s", exc)
        return auth.Decision(None, auth.identity(claims), "the role mapping file cannot be used")
    return auth.decide_role(claims, role_map)


def current_role() -> str | None:
    """The role of this session, or None when it may see nothing.

    Demo mode: the switcher's choice (the commissioner, the least privileged role, by default: a
    typed or shared URL opens a new session as commissioner, and switching up is an explicit act). Sign-in mode: from the
    signed-in user's claims and the role mapping. Misconfigured: None.
    """
    mode = access_mode()
    if mode.demo:
        role = st.session_state.get(DEMO_ROLE_KEY, COMMISSIONER)
        return role if role in ROLE_LABELS else None
    if mode.kind == auth.SIGN_IN:
        decision = _decision(mode)
        return decision.role if decision else None
    return None


def actor() -> str:
    """Who is acting, for the audit trail: the signed-in user's email (lower case) or 'demo:<role>'.

    Call it after `require_page`, e.g.
    `audit.record(con, actor(), "export", role=role, object_type="quotes", details={"rows": n})`.
    """
    mode = access_mode()
    if mode.demo:
        return f"demo:{current_role() or 'none'}"
    claims = _claims()
    if claims is None:
        return "anonymous"
    try:
        return auth.identity(claims, _role_map())
    except auth.RoleConfigError:
        return auth.identity(claims)


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    details: dict | None = None,
) -> None:
    """Audit an event that has no write transaction of its own (a download, an export), by this session.

    Events that change data are recorded with `insights.access.audit.record` inside their own transaction.
    """
    from insights.store.db import transaction
    from ui.data import cursor, writing

    cur = cursor()
    try:
        with writing("audit_log"), transaction(cur):  # only what read the trail is recomputed
            audit.record(
                cur,
                actor(),
                action,
                role=current_role(),
                object_type=object_type,
                object_id=object_id,
                details=details,
            )
    finally:
        cur.close()


def audited_download_button(
    label: str,
    data: bytes | str,
    file_name: str,
    mime: str,
    *,
    object_type: str,
    details: dict | None = None,
    key: str | None = None,
    **kwargs,
) -> bool:
    """`st.download_button` that records a 'download' audit entry (file name, ids and counts) when used.

    A detail given as a function (e.g. a table's count of hidden cells) is worked out only when the button
    is used, not on every run that draws it."""
    return st.download_button(
        label,
        data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=_record_download,
        kwargs={"object_type": object_type, "details": {"file_name": file_name, **(details or {})}},
        **kwargs,
    )


def _record_download(*, object_type: str, details: dict) -> None:
    """The download button's on_click: its audit entry, with any detail given as a function worked out now."""
    record(
        "download",
        object_type=object_type,
        details={name: value() if callable(value) else value for name, value in details.items()},
    )


# --- drawing ---------------------------------------------------------------------------------------


def role_switcher() -> str | None:
    """Demo mode only: a clearly labelled switcher so a newcomer can see each role's view."""
    if st.session_state.get(DEMO_ROLE_KEY, COMMISSIONER) not in ROLE_LABELS:
        del st.session_state[DEMO_ROLE_KEY]
    # A page switch (st.switch_page, e.g. Reach -> "Log a visit") can drop a widget's state; the role
    # chosen in this session is kept under a plain key too and restored before the widget is drawn.
    if DEMO_ROLE_KEY not in st.session_state and st.session_state.get(_KEPT_ROLE_KEY) in ROLE_LABELS:
        st.session_state[DEMO_ROLE_KEY] = st.session_state[_KEPT_ROLE_KEY]
    roles = list(ROLE_LABELS)
    with st.sidebar:
        st.warning(
            "**Demo mode**: nobody signs in, and anyone who can open this address can view any role. "
            "Use it with the synthetic demo only; set up sign-in before loading real stories.",
            icon=":material/science:",
        )
        st.selectbox(
            "View the dashboard as",
            roles,
            # A new session (a typed or shared link) is the commissioner. Otherwise the role already chosen:
            # on a fresh server the first run gives this widget another id than later runs, and a new id
            # would otherwise fall back to the default and lose the first switch.
            index=roles.index(st.session_state.get(DEMO_ROLE_KEY, COMMISSIONER)),
            format_func=ROLE_LABELS.get,
            key=DEMO_ROLE_KEY,
            help=(
                "Demo mode only. Every visit starts as the ICB commissioner (the least privileged role); "
                "choose another role here to see its view. With sign-in set up, each person's role comes "
                "from the role mapping."
            ),
        )
    st.session_state[_KEPT_ROLE_KEY] = st.session_state.get(DEMO_ROLE_KEY, COMMISSIONER)
    return current_role()


def _provider_label(name: str | None, count: int) -> str:
    if name is None or count == 1:
        return "Sign in"
    nice = {"microsoft": "Microsoft (NHSmail / Entra ID)", "entra": "Microsoft Entra ID"}
    return f"Sign in with {nice.get(name.lower(), name.title())}"


def _sign_in_page(mode: auth.AccessMode) -> None:
    st.title("Maternity Insights")
    st.write(
        "Women's experiences of maternity care in Dartford, Gravesham and Swanley, turned into "
        "evidence for commissioners, the Maternity and Neonatal Voices Partnership and the "
        "engagement team."
    )
    old = _signed_in_claims()
    if old is not None and _expired(old):
        st.warning(
            f"Your sign-in has expired (after {auth.session_hours():g} hours). Please sign in again.",
            icon=":material/schedule:",
        )
    st.info(
        "Please sign in with your work account. You will see the pages your role allows.",
        icon=":material/login:",
    )
    for name in mode.providers:
        if st.button(
            _provider_label(name, len(mode.providers)),
            type="primary",
            icon=":material/login:",
            key=f"sign_in_{name or 'default'}",
        ):
            st.login(name)


def _audit_sign_in(decision: auth.Decision, claims: dict) -> None:
    """Record this sign-in once (per ID token), however many pages or tabs follow."""
    if st.session_state.get(_SIGN_IN_AUDITED) == audit.sign_in_id(claims):
        return
    from ui.data import cursor, writing

    cur = cursor()
    try:
        with writing("audit_log"):  # written once per ID token; a second tab's attempt writes nothing
            audit.record_sign_in(
                cur,
                decision.identity,
                decision.role,
                claims,
                reason=decision.reason,
                provider=claims.get("provider"),
            )
    finally:
        cur.close()
    st.session_state[_SIGN_IN_AUDITED] = audit.sign_in_id(claims)


def _sign_out_button(area=st.sidebar) -> None:
    if area.button("Sign out", icon=":material/logout:", key="sign_out"):
        claims = _claims() or {}
        record("sign_out", object_type="sign_in", object_id=audit.sign_in_id(claims))
        st.logout()


def _no_access_page(decision: auth.Decision) -> None:
    st.title("You do not have access to Maternity Insights")
    st.write("You are signed in as:")
    st.text(decision.identity)
    st.write(
        "This account has not been given a role in Maternity Insights, so no information is shown. "
        "If you need access, ask the engagement officer (the data owner) to add you."
    )
    try:
        contact = _role_map().contact
    except auth.RoleConfigError:
        contact = None
    if contact:
        st.write("Who to ask:")
        st.text(contact)
    _sign_out_button(st)


def _misconfigured_page(mode: auth.AccessMode) -> None:
    st.title("Maternity Insights is not available")
    st.error(
        "Sign-in is not set up correctly on this server, so nothing is shown. "
        "The person who runs the dashboard needs to fix the configuration (see the README, 'Sign-in').",
        icon=":material/lock:",
    )
    st.text(f"What is wrong: {mode.reason}.")
    log.error("sign-in misconfigured: %s", mode.reason)


def _only(page, title: str) -> None:
    """Show one page instead of the app and stop: no navigation, so no other page can be reached."""
    st.navigation([st.Page(page, title=title, url_path="welcome", default=True)], position="hidden").run()
    st.stop()


def sign_in_gate() -> str:
    """Let this session in or stop the script: returns the role it may use.

    Draws the sign-in page, the polite no-access page or the configuration error (and stops), the
    demo switcher in demo mode, or who is signed in with a sign-out button.
    """
    mode = access_mode()
    if mode.demo:
        role = role_switcher()
        if role is None:
            st.stop()
        return role
    if mode.kind != auth.SIGN_IN:
        _only(lambda: _misconfigured_page(mode), "Not available")
    claims = _claims()
    if claims is None:
        _only(lambda: _sign_in_page(mode), "Sign in")
    decision = _decision(mode)
    _audit_sign_in(decision, claims)
    if decision.role is None:
        _only(lambda: _no_access_page(decision), "No access")
    with st.sidebar:
        st.caption("Signed in as")
        st.text(f"{claims.get('name') or decision.identity}\n{ROLE_LABELS[decision.role]}")
    _sign_out_button()
    return decision.role


def _route_through_dashboard() -> None:
    """Rerun through dashboard.py when Streamlit ran a page file directly.

    Until some session calls st.navigation, Streamlit treats a `pages/` folder the old way and runs
    a typed URL such as /data straight from pages/data.py, skipping the router's sign-in gate. The
    page guard below still decides on its own; this only sends the visitor through the proper frame.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # what st.navigation itself does on its first call
        st.rerun()


def require_page(file: str) -> str:
    """Stop the page with a refusal unless this session's role may open `file` (e.g. 'pages/data.py')."""
    _route_through_dashboard()
    allowed = page_roles(file)
    role = current_role()
    if role not in allowed:
        names = ", ".join(ROLE_LABELS[r] for r in ROLE_LABELS if r in allowed)
        if role is None:
            st.error("Please sign in to see this page.", icon=":material/lock:")
        else:
            st.error(
                f"This page is for: {names}. Your role ({ROLE_LABELS[role]}) does not have access to it.",
                icon=":material/lock:",
            )
            if access_mode().demo:
                st.info(
                    "Demo mode opens every link as the ICB commissioner. To see this page, choose "
                    "a role that may open it in 'View the dashboard as' in the sidebar.",
                    icon=":material/science:",
                )
        st.stop()
    return role
