"""Who may see what: the four roles and the pages each may open (no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

COMMISSIONER = "commissioner"
MNVP = "mnvp"
OFFICER = "officer"
CODER = "coder"

ROLE_LABELS = {
    COMMISSIONER: "ICB commissioner",
    MNVP: "MNVP reviewer",
    OFFICER: "Engagement officer",
    CODER: "Coder",
}

#: Roles that see disclosure-controlled figures (the engagement officer sees exact counts).
CONTROLLED = frozenset({COMMISSIONER, MNVP})


def exact_counts(role: str | None) -> bool:
    """True when the role may see exact (unsuppressed, unrounded) counts."""
    return role == OFFICER


ALL_ROLES = frozenset(ROLE_LABELS)
#: Roles that read the data pages (the coder codes notes only: Coding and About).
READERS = frozenset({COMMISSIONER, MNVP, OFFICER})


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its file, navigation label, URL path and the roles that may open it."""

    file: str
    title: str
    icon: str
    url_path: str
    section: str
    roles: frozenset[str]
    #: For a few seconds after another session's write, this page may be shown the last published data's
    #: cached results while they are recomputed (ui.data.reading_run, ui.refresh). Only for a page that draws
    #: through ui.data.query or ui.data.display_cursor (which goes on at the current versions, starting the
    #: run again if it showed older ones), and uses ui.data.action_cursor, run_write and writing only for what
    #: a button, callback, form or upload asked for; tests/test_cache_refresh.py checks the page files.
    shows_published: bool = False


#: Every page, in navigation order. URL paths equal the file names: on a fresh server Streamlit
#: resolves the first request against pages/ before st.navigation runs, so a differing path would
#: show a "Page not found" dialog on a shared link. The navigation shows a role only its pages, and each page
#: also checks the role itself (ui.roles.require), so a typed URL cannot reach another role's page.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "overview", "Insights", READERS, True),
    PageSpec("pages/themes.py", "Themes", ":material/category:", "themes", "Insights", READERS, True),
    PageSpec(
        "pages/approved_quotes.py",
        "Approved quotes",
        ":material/format_quote:",
        "approved_quotes",
        "Insights",
        READERS,
        shows_published=True,
    ),
    PageSpec(
        "pages/quotes.py",
        "Quote review",
        ":material/rate_review:",
        "quotes",
        "MNVP",
        frozenset({MNVP, OFFICER}),
        shows_published=True,
    ),
    PageSpec(
        "pages/reach.py",
        "Reach and coverage",
        ":material/map:",
        "reach",
        "Engagement",
        READERS,
        shows_published=True,
    ),
    PageSpec(
        "pages/engagement_log.py",
        "Engagement log",
        ":material/edit_calendar:",
        "engagement_log",
        "Engagement",
        frozenset({OFFICER}),
        shows_published=True,
    ),
    PageSpec(
        "pages/data.py", "Data", ":material/database:", "data", "Engagement", frozenset({OFFICER}), True
    ),
    PageSpec(
        "pages/coding.py", "Coding", ":material/label:", "coding", "Coding", frozenset({OFFICER, CODER}), True
    ),
    PageSpec(
        "pages/agreement.py",
        "Agreement",
        ":material/compare_arrows:",
        "agreement",
        "Coding",
        frozenset({OFFICER, CODER}),
        shows_published=True,
    ),
    PageSpec(
        "pages/codebook.py",
        "Codebook",
        ":material/account_tree:",
        "codebook",
        "Coding",
        frozenset({OFFICER}),
        shows_published=True,
    ),
    PageSpec(
        "pages/audit.py",
        "Audit trail",
        ":material/policy:",
        "audit",
        "Engagement",
        frozenset({OFFICER}),
        shows_published=True,
    ),
    PageSpec("pages/about.py", "About", ":material/info:", "about", "Help", ALL_ROLES, shows_published=True),
)


def pages_for(role: str | None) -> list[PageSpec]:
    """The pages a role may open, in navigation order."""
    return [p for p in PAGES if role in p.roles]


def page_visibility(role: str | None) -> list[tuple[PageSpec, str]]:
    """Every page with 'visible' (in this role's menu) or 'hidden' (its URL shows the page's refusal)."""
    return [(p, "visible" if role in p.roles else "hidden") for p in PAGES]


def page_roles(file: str) -> frozenset[str]:
    """The roles allowed on a page file (e.g. 'pages/data.py')."""
    for page in PAGES:
        if page.file == file:
            return page.roles
    raise KeyError(f"{file} is not in insights.access.roles.PAGES")
