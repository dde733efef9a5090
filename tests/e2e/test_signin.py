"""Sign-in: the rules in insights.access.auth, and the REAL st.login flow against a local OpenID Connect provider.

The end-to-end part starts tests/e2e/oidc_provider.py on loopback and `streamlit run dashboard.py` with a
secrets.toml pointing at it, then signs in through Debian's Chromium (Playwright): the browser follows
the app's redirect to the provider, submits the provider's sign-in form, comes back through
/oauth2callback with a signed ID token, and the app shows that user's role's pages, or the polite
no-access page. Nothing is mocked: not st.user, not the tokens, not the cookie.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from insights.access import auth
from insights.access.roles import COMMISSIONER, MNVP, OFFICER, pages_for

ROOT = Path(__file__).resolve().parents[2]

# --- the rules (no Streamlit) ----------------------------------------------------------------------

AUTH = {
    "redirect_uri": "https://maternity.example.nhs.uk/oauth2callback",
    "cookie_secret": "x" * 40,
    "microsoft": {
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration",
    },
}


def test_demo_mode_only_when_nothing_about_sign_in_is_configured(tmp_path):
    assert auth.decide_mode(None).kind == auth.DEMO
    assert auth.decide_mode({}).kind == auth.DEMO
    signed = auth.decide_mode(AUTH)
    assert (signed.kind, signed.providers) == (auth.SIGN_IN, ("microsoft",))
    roles = tmp_path / "roles.toml"
    assert auth.decide_mode(None, role_file=roles).kind == auth.MISCONFIGURED
    assert auth.decide_mode(None, require_sign_in=True).kind == auth.MISCONFIGURED
    assert auth.decide_mode(None, secrets_error="bad TOML").kind == auth.MISCONFIGURED
    assert auth.decide_mode(AUTH, secrets_error="bad TOML").kind == auth.MISCONFIGURED


def test_the_mode_cannot_depend_on_the_request():
    """decide_mode takes server configuration only: there is no way to pass it a URL or a widget."""
    assert set(inspect.signature(auth.decide_mode).parameters) == {
        "auth",
        "secrets_error",
        "role_file",
        "require_sign_in",
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"cookie_secret": ""}, "no cookie_secret"),
        ({"redirect_uri": "https://maternity.example.nhs.uk/"}, "must end with /oauth2callback"),
        (
            {"microsoft": {"client_id": "id", "server_metadata_url": "u"}},
            "[auth.microsoft] has no client_secret",
        ),
        ({"microsoft": {}}, "names no identity provider"),
        (
            {"my_idp": {"client_id": "a", "client_secret": "b", "server_metadata_url": "c"}},
            "cannot contain '_'",
        ),
    ],
)
def test_half_configured_sign_in_refuses_everyone(change, problem):
    mode = auth.decide_mode({**AUTH, **change})
    assert mode.kind == auth.MISCONFIGURED and problem in mode.reason


def test_require_sign_in_and_role_file_from_the_environment(tmp_path):
    assert auth.require_sign_in_from_env({"MATERNITY_REQUIRE_SIGNIN": "yes"})
    assert not auth.require_sign_in_from_env({"MATERNITY_REQUIRE_SIGNIN": "0"})
    assert not auth.require_sign_in_from_env({})
    missing = tmp_path / "nowhere.toml"
    assert auth.role_file({"MATERNITY_ROLES": str(missing)}, []) == missing  # kept even if missing
    assert auth.role_file({}, [missing]) is None
    present = tmp_path / "roles.toml"
    present.write_text("")
    assert auth.role_file({}, [missing, present]) == present
    with pytest.raises(auth.RoleConfigError, match="does not exist"):
        auth.load_role_map(missing)


def test_the_documented_examples_work():
    role_map = auth.load_role_map(ROOT / "config" / "roles.example.toml")
    assert set(role_map.users.values()) <= {OFFICER, MNVP, COMMISSIONER, auth.NO_ACCESS}
    assert role_map.groups and role_map.contact
    secrets = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))
    mode = auth.decide_mode(secrets["auth"])
    assert mode.kind == auth.SIGN_IN and mode.providers == ("microsoft",)


ROLE_MAP = auth.parse_role_map(
    """
contact = "ask the engagement officer"
[users]
"Olu.Officer@Example.nhs.uk" = "officer"
"left@example.nhs.uk" = "none"
"mnvp.lead@example.nhs.uk" = "mnvp"
[groups]
"grp-commissioners" = "commissioner"
"grp-mnvp" = "mnvp"
"Maternity.Officer" = "officer"
"grp-suspended" = "none"
"""
)


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "olu.officer@example.nhs.uk"}, OFFICER),  # case-insensitive
        ({"preferred_username": "OLU.OFFICER@example.nhs.uk"}, OFFICER),  # Entra's sign-in name
        ({"email": "olu.officer@example.nhs.uk", "email_verified": False}, None),  # unverified email
        ({"email": "x@example.nhs.uk", "groups": ["grp-commissioners"]}, COMMISSIONER),
        ({"email": "x@example.nhs.uk", "groups": ["grp-commissioners", "grp-mnvp"]}, MNVP),  # most senior
        ({"email": "x@example.nhs.uk", "roles": ["Maternity.Officer"], "groups": ["grp-mnvp"]}, OFFICER),
        ({"email": "x@example.nhs.uk", "groups": ["grp-mnvp", "grp-suspended"]}, None),  # refused group
        ({"email": "left@example.nhs.uk", "groups": ["grp-commissioners"]}, None),  # withdrawn user
        ({"email": "mnvp.lead@example.nhs.uk", "roles": ["Maternity.Officer"]}, MNVP),  # user entry wins
        ({"email": "x@example.nhs.uk"}, None),
        ({"email": "x@example.nhs.uk", "groups": "grp-mnvp"}, MNVP),  # a single value, not a list
        ({"email": "olu.officer@example.nhs.uk", "is_logged_in": False}, None),
    ],
)
def test_roles_from_claims(claims, role):
    assert auth.decide_role(claims, ROLE_MAP).role == role


def test_issuer_pinning_and_group_overage():
    pinned = auth.parse_role_map(
        'issuer = "https://login.microsoftonline.com/t1/v2.0"\n[users]\n"a@x" = "officer"\n'
    )
    assert auth.decide_role({"email": "a@x", "iss": "https://login.microsoftonline.com/t1/v2.0"}, pinned).role
    other = auth.decide_role({"email": "a@x", "iss": "https://login.microsoftonline.com/t2/v2.0"}, pinned)
    assert other.role is None and "another identity provider" in other.reason
    overage = auth.decide_role({"email": "z@x", "_claim_names": {"groups": "src1"}}, ROLE_MAP)
    assert overage.role is None and "app role" in overage.reason


def test_sign_ins_expire():
    now = 1_800_000_000
    assert not auth.session_expired({"iat": now - 11 * 3600}, now)
    assert auth.session_expired({"iat": now - 13 * 3600}, now)
    assert auth.session_expired({"iat": now - 3 * 3600}, now, max_hours=2)
    assert not auth.session_expired({"email": "no-iat@x"}, now)  # not an ID token: not judged here
    assert auth.session_hours({}) == 12 and auth.session_hours({"MATERNITY_SESSION_HOURS": "8"}) == 8
    assert auth.session_hours({"MATERNITY_SESSION_HOURS": "soon"}) == 12
    assert auth.session_hours({"MATERNITY_SESSION_HOURS": "-1"}) == 12


def test_identity_for_the_audit_trail():
    assert auth.identity({"email": " A@B.nhs.uk "}) == "a@b.nhs.uk"
    assert auth.identity({"preferred_username": "u@t"}) == "u@t"
    assert auth.identity({"sub": "123"}) == "sub:123"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[users]\n"someone.private@nhs.net" = "admin"', "[users] entry 1: the role must be one of"),
        ('[groups]\n"g" = 3', "[groups] entry 1"),
        ("[users\n", "not valid TOML"),
        ('colour = "blue"', "unknown setting(s) colour"),
        ('[claims]\nidentity = ""', "[claims] identity must be"),
        ('[claims]\ngroup = "groups"', "[claims] has unknown setting(s) group"),
        ("users = 1", "[users] must be a table"),
    ],
)
def test_bad_role_files_are_refused_without_echoing_emails(text, message):
    with pytest.raises(auth.RoleConfigError) as caught:
        auth.parse_role_map(text)
    assert message in str(caught.value)
    assert "someone.private" not in str(caught.value)


def test_role_file_changes_are_picked_up(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[users]\n"a@x" = "mnvp"\n')
    assert auth.decide_role({"email": "a@x"}, auth.load_role_map(path)).role == MNVP
    path.write_text('[users]\n"a@x" = "officer"\n"b@x" = "mnvp"\n')
    assert auth.decide_role({"email": "a@x"}, auth.load_role_map(path)).role == OFFICER


# --- the real flow ---------------------------------------------------------------------------------

CLIENT_ID = "maternity-insights-test"
CLIENT_SECRET = "test-client-secret-1f9c"
ACCOUNTS = {
    "olu.officer@example.nhs.uk": {"email": "olu.officer@example.nhs.uk", "name": "Olu Officer"},
    "cara.commissioner@example.nhs.uk": {
        "email": "cara.commissioner@example.nhs.uk",
        "name": "Cara Commissioner",
        "groups": ["0b1c2d3e-commissioners"],
    },
    "sam.stranger@example.com": {"email": "sam.stranger@example.com", "name": "Sam Stranger"},
}
ROLES = """
contact = "The DGS engagement officer"
[users]
"olu.officer@example.nhs.uk" = "officer"
[groups]
"0b1c2d3e-commissioners" = "commissioner"
"""


def _chromium() -> str:
    from tests.e2e.browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        message = f"Debian's chromium is needed at {CHROMIUM} for the sign-in test (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory):
    """The dashboard served on loopback with sign-in through a local OpenID Connect provider."""
    _chromium()
    from tests.conftest import BUILDERS, built_once
    from tests.e2e.browser import free_port, running_dashboard
    from tests.e2e.oidc_provider import OIDCProvider

    work = tmp_path_factory.mktemp("signin")
    db_path = work / "app.duckdb"  # a private copy of the fixture database, built once per run
    shutil.copyfile(built_once(tmp_path_factory, "fixture", BUILDERS["fixture"]), db_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    idp = OIDCProvider(ACCOUNTS, CLIENT_ID, CLIENT_SECRET, [f"{base}/oauth2callback"]).start()
    (work / "roles.toml").write_text(ROLES, encoding="utf-8")
    (work / "secrets.toml").write_text(
        f"""
[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "signin-test-cookie-secret-0123456789-abcdefghij"

[auth.microsoft]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{idp.metadata_url}"
""",
        encoding="utf-8",
    )
    env = {**os.environ, "MATERNITY_DB": str(db_path), "MATERNITY_ROLES": str(work / "roles.toml")}
    env.pop("MATERNITY_REQUIRE_SIGNIN", None)
    try:
        with running_dashboard(
            env, work / "streamlit.log", port, ("--secrets.files", str(work / "secrets.toml"))
        ):
            yield {"base": base, "idp": idp, "log": work / "streamlit.log"}
    finally:
        idp.stop()


class BrowserThread:
    """Debian's Chromium driven from a thread of its own.

    Playwright's sync API refuses to start while another sync Playwright is open in the same thread
    (the end-to-end suite keeps one for the whole session), so this one lives in a worker thread and
    each scenario runs there: `browser.run(scenario, app)` calls `scenario(new_page, app)`.
    """

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="signin-browser")
        self.pool.submit(self._start).result(timeout=120)

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        from tests.e2e.browser import CHROMIUM_ARGS

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS
        )

    def _scenario(self, scenario, app) -> None:
        contexts = []

        def new_page():
            """A fresh browser profile (no cookies): a new visitor."""
            from tests.e2e.browser import watch_runs

            context = self._browser.new_context(viewport={"width": 1400, "height": 1000})
            watch_runs(context)
            contexts.append(context)
            return context.new_page()

        try:
            scenario(new_page, app)
        finally:
            for context in contexts:
                context.close()

    def run(self, scenario, app) -> None:
        """Run a scenario in the browser thread; its assertion errors come back here."""
        self.pool.submit(self._scenario, scenario, app).result(timeout=300)

    def close(self) -> None:
        def stop() -> None:
            self._browser.close()
            self._playwright.stop()

        self.pool.submit(stop).result(timeout=60)
        self.pool.shutdown()


@pytest.fixture(scope="module")
def browser():
    _chromium()
    thread = BrowserThread()
    yield thread
    thread.close()


def rendered(page) -> None:
    from tests.e2e.browser import wait_until_rendered

    wait_until_rendered(page, settle_ms=600)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def nav_titles(page) -> set[str]:
    nav = page.locator("[data-testid='stSidebarNav'] a")
    return {t.strip().split("\n")[-1].strip() for t in nav.all_inner_texts()}  # after the icon's name


def assert_sign_in_page(page) -> None:
    page.get_by_role("button", name="Sign in").wait_for(state="visible", timeout=30_000)
    rendered(page)
    assert "Please sign in with your work account" in main_text(page)
    assert nav_titles(page) == set()
    assert page.get_by_label("View the dashboard as").count() == 0, (
        "demo switcher shown with sign-in configured"
    )
    assert page.locator("[data-testid='stDataFrame'], [data-testid='stMetric']").count() == 0


def sign_in(page, app, account: str) -> None:
    """Press Sign in, sign in at the identity provider, come back to the app."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{app['idp'].issuer}/authorize?*", timeout=30_000)
    page.get_by_label("Account").fill(account)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{app['base']}/**", timeout=30_000)
    rendered(page)


def audit_metrics(page) -> dict[str, str]:
    """The Audit trail page's headline figures, label -> value."""
    texts = page.locator("[data-testid='stMetric']").all_inner_texts()
    return {t.split("\n")[0].strip(): t.split("\n")[-1].strip() for t in texts}


def no_exception(page) -> None:
    from tests.e2e.browser import exception_texts

    assert not exception_texts(page), exception_texts(page)


def demo_mode_cannot_be_switched_on_by_url(new_page, signin_app):
    """The very first request to a fresh server is a deep link with demo-ish parameters."""
    page = new_page()
    page.goto(f"{signin_app['base']}/data?role=officer&demo=1&mode=demo&auth=off")
    rendered(page)
    no_exception(page)
    assert_sign_in_page(page)
    assert "Import a file" not in page.locator("body").inner_text()
    page.goto(f"{signin_app['base']}/audit?embed=true&role=officer")
    rendered(page)
    assert "Audit trail" not in main_text(page)
    assert_sign_in_page(page)


def an_unknown_user_gets_the_polite_page_and_no_data(new_page, signin_app):
    page = new_page()
    page.goto(signin_app["base"])
    rendered(page)
    sign_in(page, signin_app, "sam.stranger@example.com")
    no_exception(page)
    text = main_text(page)
    assert "You do not have access to Maternity Insights" in text
    assert "sam.stranger@example.com" in text and "The DGS engagement officer" in text
    assert nav_titles(page) == set()
    assert page.locator("[data-testid='stDataFrame'], [data-testid='stMetric'], .js-plotly-plot").count() == 0
    page.goto(f"{signin_app['base']}/data")  # typing another page's address changes nothing
    rendered(page)
    assert "You do not have access" in main_text(page) and "Import a file" not in main_text(page)


def a_commissioner_by_group_gets_only_the_commissioners_pages(new_page, signin_app):
    page = new_page()
    page.goto(signin_app["base"])
    rendered(page)
    sign_in(page, signin_app, "cara.commissioner@example.nhs.uk")
    no_exception(page)
    expected = {p.title for p in pages_for(COMMISSIONER) if (ROOT / p.file).exists()}
    titles = nav_titles(page)
    assert titles == expected or (len(expected) == 1 and titles == set())
    sidebar = page.locator("[data-testid='stSidebar']").inner_text()
    assert "Cara Commissioner" in sidebar and "ICB commissioner" in sidebar
    page.goto(f"{signin_app['base']}/audit")  # another role's page, typed in: not offered, not shown
    rendered(page)
    body = page.locator("body").inner_text()
    assert "Entries matching" not in body and "Import a file" not in body
    assert "ICB commissioner" in body


def the_officer_signs_in_sees_every_page_and_the_sign_ins_are_audited(new_page, signin_app):
    # Someone the app does not know tries first, in another browser profile.
    stranger = new_page()
    stranger.goto(signin_app["base"])
    rendered(stranger)
    sign_in(stranger, signin_app, "sam.stranger@example.com")

    page = new_page()
    page.goto(f"{signin_app['base']}/?role=commissioner")
    rendered(page)
    assert_sign_in_page(page)
    sign_in(page, signin_app, "olu.officer@example.nhs.uk")
    no_exception(page)
    assert nav_titles(page) == {p.title for p in pages_for(OFFICER) if (ROOT / p.file).exists()}
    assert "Engagement officer" in page.locator("[data-testid='stSidebar']").inner_text()
    token = signin_app["idp"].issued[-1]
    assert token["email"] == "olu.officer@example.nhs.uk" and token["nonce"], "an ID token with a nonce"

    # Sign out (through the provider's end-session endpoint) and back in: a second sign-in.
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{signin_app['base']}/**", timeout=30_000)
    rendered(page)
    assert_sign_in_page(page)
    sign_in(page, signin_app, "olu.officer@example.nhs.uk")

    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Audit trail").click()
    rendered(page)
    no_exception(page)
    metrics = audit_metrics(page)
    assert int(metrics["Sign-ins (all time)"]) >= 2 and int(metrics["Refused sign-ins (all time)"]) >= 1
    page.get_by_label("Find an id, file name or person").fill("olu.officer@example.nhs.uk")
    page.keyboard.press("Enter")
    rendered(page)
    assert audit_metrics(page)["Entries matching"] == "3"  # signed in, signed out, signed in
    page.get_by_label("Find an id, file name or person").fill("sam.stranger@example.com")
    page.keyboard.press("Enter")
    rendered(page)
    assert audit_metrics(page)["Entries matching"] in {"1", "2"}  # here, and in the polite-page test
    log = signin_app["log"].read_text()
    assert "Traceback" not in log, log[-2000:]


SCENARIOS = [
    demo_mode_cannot_be_switched_on_by_url,  # first: the server has not routed any request yet
    an_unknown_user_gets_the_polite_page_and_no_data,
    a_commissioner_by_group_gets_only_the_commissioners_pages,
    the_officer_signs_in_sees_every_page_and_the_sign_ins_are_audited,
]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f.__name__ for f in SCENARIOS])
def test_real_sign_in(scenario, signin_app, browser):
    browser.run(scenario, signin_app)
