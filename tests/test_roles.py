"""Role x page matrix through AppTest, and the sign-in gate's decisions inside the app.

The matrix iterates over insights.access.roles.PAGES whose files exist, so it grows as pages land: each role
opens exactly its pages; another role's page shows a refusal and nothing else; the commissioner's
views hold no note text, no unapproved excerpt and no count of women from 1 to 7.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from insights.access import auth
from insights.access.roles import COMMISSIONER, MNVP, OFFICER, PAGES, ROLE_LABELS, page_visibility, pages_for
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
EXISTING = [p for p in PAGES if (ROOT / p.file).exists()]
MATRIX = [(spec, role) for spec in EXISTING for role in ROLE_LABELS]
#: Secrets without an [auth] section: AppTest then never reads a developer's own secrets.toml.
DEMO_SECRETS = {"maternity_tests": {"mode": "demo"}}
AUTH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-that-is-long-enough-0123456789",
        "client_id": "maternity-insights",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}
ROLES_TOML = """
contact = "The engagement officer"
[users]
"olu.officer@example.nhs.uk" = "officer"
"left.team@example.nhs.uk" = "none"
[groups]
"Maternity.Commissioner" = "commissioner"
"mnvp-reviewers" = "mnvp"
"""


def _isolate(mp: pytest.MonkeyPatch, db_path: Path, roles_file: Path | None = None) -> None:
    mp.setenv("MATERNITY_DB", str(db_path))
    mp.delenv("MATERNITY_REQUIRE_SIGNIN", raising=False)
    if roles_file is None:
        mp.delenv("MATERNITY_ROLES", raising=False)
    else:
        mp.setenv("MATERNITY_ROLES", str(roles_file))
    mp.setattr(auth, "ROLE_FILES", ())  # a developer's own config/roles.toml must not leak in
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def roles_db(make_db):
    """The app's database for this module, in demo mode (no sign-in configured)."""
    with app_using(make_db("fixture")) as path:
        yield path


def run_as(script: str, role: str | None = None, *, secrets=None, user=None, query=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.secrets = dict(secrets or DEMO_SECRETS)
    if role is not None:
        at.session_state["role"] = role
    if user is not None:
        at.user = user
    if query:
        at.query_params.update(query)
    at.run()
    return at


def refusals(at: AppTest) -> list[str]:
    return [e.value for e in at.error if "does not have access" in e.value or "Please sign in" in e.value]


def registered(at: AppTest) -> set[str]:
    """Script paths of the pages the navigation offers (AppTest keeps the last st.navigation's pages)."""
    return {
        Path(info["script_path"]).relative_to(ROOT).as_posix()
        for info in at._registered_pages.values()
        if str(info.get("script_path", "")).startswith(str(ROOT / "pages"))
    }


DATA_ELEMENTS = (
    "dataframe",
    "table",
    "metric",
    "plotly_chart",
    "deck_gl_json_chart",
    "vega_lite_chart",
    "arrow_vega_lite_chart",
    "download_button",
    "markdown",
    "text",
    "title",
    "header",
    "subheader",
    "caption",
    "json",
)


def shows_nothing_but_refusal(at: AppTest) -> bool:
    """Only the refusal is drawn: no title, figure, table, text, download or sidebar."""
    drawn = {kind: len(at.get(kind)) for kind in DATA_ELEMENTS}
    return len(at.error) == 1 and not any(drawn.values()) and not at.sidebar.children


# --- what a commissioner must never see ------------------------------------------------------------

WOMEN_COUNT = re.compile(
    r"\b(n|count|counts|number|narratives?|women|mothers|people|excerpts?|mentions?|responses?|"
    r"respondents?|stories|conversations|base|denominator)\b",
    re.I,
)
NOT_A_COUNT = re.compile(
    r"(%|per ?cent|share|proportion|rate\b|rating|median|mean|average|score|decile|quintile|rank|"
    r"year|month|week|day|km|distance|\bid\b|sort|order|lower|upper|interval|p[- ]value|ci\b)",
    re.I,
)
#: "4 women" in a sentence, but not a range such as "1 to 7 women" or "rating 1-6 women".
TEXT_COUNT = re.compile(
    r"(?<![\d\-–])(?<!to )\b([1-7])\s+(women|narratives?|mothers|people|excerpts?|mentions?|stories|"
    r"responses|conversations)\b",
    re.I,
)


def _is_count_name(name: str) -> bool:
    name = str(name).replace("_", " ")
    return bool(WOMEN_COUNT.search(name)) and not NOT_A_COUNT.search(name)


def _small(values) -> list:
    out = []
    for v in values:
        if isinstance(v, bool) or v is None:
            continue
        try:
            number = float(str(v).replace(",", ""))
        except ValueError:
            continue
        if number == int(number) and 1 <= number <= 7:
            out.append(v)
    return out


def texts_drawn(at: AppTest) -> list[str]:
    """Every piece of text the page shows (including table cells, chart and map data)."""
    out: list[str] = []
    for kind in ("markdown", "text", "title", "header", "subheader", "caption", "info", "warning", "success"):
        out += [str(e.value) for e in at.get(kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for df in at.dataframe:
        frame = df.value
        out += [" ".join(map(str, frame.columns))]
        out += [" ".join(map(str, row)) for row in frame.itertuples(index=False)]
    out += [e.proto.spec for e in at.get("plotly_chart")]
    out += [e.proto.json for e in at.get("deck_gl_json_chart")]
    return out


def small_counts_drawn(at: AppTest) -> list[str]:
    """Counts of women / narratives / excerpts from 1 to 7 anywhere on the page."""
    found: list[str] = []
    for m in at.metric:
        if _is_count_name(m.label) and _small([str(m.value).strip()]):
            found.append(f"metric {m.label!r} = {m.value}")
    for df in at.dataframe:
        frame: pd.DataFrame = df.value
        for col in frame.columns:
            if _is_count_name(col) and pd.api.types.is_numeric_dtype(frame[col]):
                small = _small(frame[col].dropna().tolist())
                if small:
                    found.append(f"table column {col!r} has {small}")
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        layout = fig.get("layout", {})
        for trace in fig.get("data", []):
            horizontal = trace.get("orientation") == "h"
            axis = ("xaxis" if horizontal else "yaxis") + (
                trace.get("xaxis" if horizontal else "yaxis", "")[1:] or ""
            )
            title = layout.get(axis, {}).get("title", {})
            title = title.get("text", "") if isinstance(title, dict) else str(title)
            values = trace.get("x" if horizontal else "y")
            if isinstance(values, list) and _is_count_name(title) and _small(values):
                found.append(f"chart axis {title!r} has {_small(values)}")
    for deck in at.get("deck_gl_json_chart"):
        for layer in json.loads(deck.proto.json).get("layers", []):
            data = layer.get("data")
            if isinstance(data, list):
                for row in data:
                    if isinstance(row, dict):
                        for key, value in row.items():
                            if _is_count_name(key) and _small([value]):
                                found.append(f"map layer field {key!r} = {value}")
    for text in texts_drawn(at):
        if not text.lstrip().startswith("{"):
            found += [f"text {m.group(0)!r}" for m in TEXT_COUNT.finditer(text)]
    return found


@pytest.fixture(scope="module")
def restricted_text(roles_db):
    """Strings a commissioner must never see: notes, their sentences, and excerpts not approved."""
    con = duckdb.connect(str(roles_db), read_only=True)
    try:
        notes = [r[0] for r in con.execute("select note from narratives").fetchall()]
        excerpts = con.execute(
            "select excerpt_id, excerpt_text, anonymised_text from coded_excerpts"
        ).fetchall()
        approved_ids = {
            r[0]
            for r in con.execute(
                "select excerpt_id from (select excerpt_id, status, row_number() over "
                "(partition by excerpt_id order by reviewed_at desc) as k from quote_reviews) where k = 1 "
                "and status = 'approved'"
            ).fetchall()
        }
    finally:
        con.close()
    approved = [t.lower() for i, raw, anon in excerpts if i in approved_ids for t in (raw, anon) if t]
    sentences = {
        s.strip().rstrip(".").lower()
        for note in notes
        for s in re.split(r"(?<=[.!?])\s+", note)
        if len(s.strip()) >= 12
    }
    forbidden = {n.lower() for n in notes}
    forbidden |= {s for s in sentences if not any(s in a for a in approved)}
    forbidden |= {raw.lower() for i, raw, _ in excerpts if i not in approved_ids and len(raw) >= 12}
    return forbidden


def test_matrix_covers_every_existing_page():
    assert {"pages/data.py", "pages/audit.py"} <= {p.file for p in EXISTING}
    for spec in EXISTING:
        source = (ROOT / spec.file).read_text(encoding="utf-8")
        assert f'require_page("{spec.file}")' in source, f"{spec.file} must call require_page on itself"
    strays = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py")} - {p.file for p in PAGES}
    assert not strays, f"page files not registered in insights.access.roles.PAGES: {strays}"


@pytest.mark.parametrize(("spec", "role"), MATRIX, ids=[f"{s.url_path}-{r}" for s, r in MATRIX])
def test_role_page_matrix(spec, role, roles_db, restricted_text):
    at = run_as(spec.file, role)
    assert not at.exception, [e.value for e in at.exception]
    if role not in spec.roles:
        assert refusals(at), f"{spec.file} opened for {role}"
        assert shows_nothing_but_refusal(at), f"{spec.file} shows more than a refusal to {role}"
        return
    assert not refusals(at), f"{spec.file} refused {role}: {refusals(at)}"
    assert at.title, f"{spec.file} shows no title to {role}"
    if role in (COMMISSIONER, MNVP):
        shown = "\n".join(texts_drawn(at)).lower()
        leaked = sorted(t for t in restricted_text if t in shown) if role == COMMISSIONER else []
        leaked += sorted(n for n in restricted_text if len(n) > 80 and n in shown)  # whole notes
        assert not leaked, f"{spec.file} shows {ROLE_LABELS[role]} restricted text: {leaked[:3]}"
    if role == COMMISSIONER:
        small = small_counts_drawn(at)
        assert not small, f"{spec.file} shows the commissioner counts from 1 to 7: {small}"


@pytest.mark.parametrize("role", list(ROLE_LABELS))
def test_navigation_offers_exactly_the_roles_pages(role, roles_db):
    at = run_as("dashboard.py", role)
    # Every page is registered (so a typed URL reaches its refusal); only the role's own are shown.
    assert registered(at) == {p.file for p in EXISTING}
    shown = {spec.file for spec, visibility in page_visibility(role) if visibility == "visible"}
    assert shown & {p.file for p in EXISTING} == {p.file for p in pages_for(role) if p in EXISTING}
    assert "View the dashboard as" in [s.label for s in at.sidebar.selectbox]
    assert any("Demo mode" in w.value for w in at.sidebar.warning)


def test_demo_mode_starts_as_the_commissioner(roles_db):
    at = run_as("dashboard.py")  # a new session: nothing chosen yet
    assert at.sidebar.selectbox(key="role").value == COMMISSIONER
    assert at.session_state["role"] == COMMISSIONER
    at.run()  # AppTest: the first run's widget ids predate st.navigation's page, so settle them first
    at.sidebar.selectbox(key="role").set_value(OFFICER).run()  # switching up is an explicit act
    assert at.session_state["role"] == OFFICER


RESTRICTED_FOR_COMMISSIONER = [p for p in EXISTING if COMMISSIONER not in p.roles]


@pytest.mark.parametrize(
    "spec", RESTRICTED_FOR_COMMISSIONER, ids=[p.url_path for p in RESTRICTED_FOR_COMMISSIONER]
)
def test_a_typed_url_in_a_new_session_shows_the_refusal(spec, roles_db):
    """A fresh session that opens /data, /audit, ... directly: the page file runs, as commissioner."""
    at = run_as(spec.file)  # no role chosen: what a shared link does
    assert not at.exception, [e.value for e in at.exception]
    assert refusals(at) and ROLE_LABELS[COMMISSIONER] in refusals(at)[0]
    assert shows_nothing_but_refusal(at)
    assert any("Demo mode opens every link as the ICB commissioner" in i.value for i in at.info)


@pytest.mark.parametrize(
    "spec", RESTRICTED_FOR_COMMISSIONER, ids=[p.url_path for p in RESTRICTED_FOR_COMMISSIONER]
)
def test_a_restricted_url_through_the_router_shows_the_refusal(spec, roles_db):
    """Through dashboard.py (the navigation): the hidden page is reached and refuses by itself."""
    at = run_as("dashboard.py")
    at.switch_page(spec.file).run()
    assert not at.exception, [e.value for e in at.exception]
    assert refusals(at), f"{spec.file} opened for a new demo session"
    assert not at.main.get("dataframe") and not at.main.get("metric") and not at.main.get("title")


def test_a_shared_filtered_link_opens_as_the_commissioner(roles_db):
    at = run_as("pages/overview.py", query={"area": ["Swanley"], "eth": ["Mixed"]})
    assert not at.exception and not refusals(at)
    assert not small_counts_drawn(at), small_counts_drawn(at)


def test_a_role_switched_in_demo_mode_changes_the_navigation(roles_db):
    at = run_as("dashboard.py")  # the commissioner by default
    assert "pages/data.py" not in {s.file for s, v in page_visibility(COMMISSIONER) if v == "visible"}
    at.run()
    at.sidebar.selectbox(key="role").set_value(OFFICER).run()
    assert at.session_state["role"] == OFFICER
    assert not refusals(at)


def test_the_checks_catch_what_they_look_for():
    """The leak detectors are not vacuous: they flag planted small counts and pass controlled ones."""
    at = AppTest.from_string(
        """
import pandas as pd, streamlit as st
st.metric("Women in Core20 areas", "3")
st.metric("Median rating", "7")
st.dataframe(pd.DataFrame({"ethnic_group": ["A", "B"], "women": [5, 10], "percent": [3.0, 6.0]}))
st.write("Only 4 women said so. Hidden means 1 to 7 women; groups: rating 1-6 Women.")
"""
    ).run()
    found = small_counts_drawn(at)
    assert any("Women in Core20" in f for f in found)
    assert not any("Median rating" in f for f in found)
    assert any("'women'" in f for f in found) and not any("percent" in f for f in found)
    assert [f for f in found if f.startswith("text")] == ["text '4 women'"]
    clean = AppTest.from_string(
        """
import pandas as pd, streamlit as st
st.metric("Narratives", "10")
st.dataframe(pd.DataFrame({"women": pd.array([None, 10, 0], dtype="Int64")}))
"""
    ).run()
    assert small_counts_drawn(clean) == []


# --- sign-in mode inside the app (claims given to AppTest; the real OIDC flow is in e2e/test_signin) ---


@pytest.fixture
def signin_env(roles_db, tmp_path):
    """Sign-in configured: a role mapping file in place (demo mode is then impossible)."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES_TOML, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("MATERNITY_ROLES", str(roles))
    yield roles
    mp.undo()


def claims(email: str, **extra) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0], "sub": email, **extra}


@pytest.mark.parametrize(
    "query",
    [{}, {"role": "officer"}, {"demo": "1", "mode": "demo", "role": "officer", "auth": "off"}],
    ids=["plain", "role-param", "demo-params"],
)
def test_signed_out_visitors_see_only_the_sign_in_page(query, signin_env):
    at = run_as("dashboard.py", OFFICER, secrets=AUTH_SECRETS, user={"is_logged_in": False}, query=query)
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert registered(at) == set()  # no page of the app is offered
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")
    assert not at.sidebar.selectbox, "the demo role switcher must not exist when sign-in is configured"


@pytest.mark.parametrize("spec", EXISTING, ids=[p.url_path for p in EXISTING])
def test_pages_refuse_signed_out_visitors_even_with_a_demo_role(spec, signin_env):
    at = run_as(spec.file, OFFICER, secrets=AUTH_SECRETS, user={"is_logged_in": False})
    assert any("Please sign in" in e for e in refusals(at))
    assert shows_nothing_but_refusal(at)


@pytest.mark.parametrize(
    ("user", "role"),
    [
        (claims("Olu.Officer@example.nhs.uk"), OFFICER),
        (claims("cara@example.nhs.uk", roles=["Maternity.Commissioner"]), COMMISSIONER),
        (claims("mo@example.nhs.uk", groups=["mnvp-reviewers", "Maternity.Commissioner"]), MNVP),
    ],
    ids=["user-entry", "app-role", "most-senior-group"],
)
def test_signed_in_users_get_their_roles_pages(user, role, signin_env):
    at = run_as("dashboard.py", OFFICER, secrets=AUTH_SECRETS, user=user)
    # Every page is registered (other roles' pages hidden, so their URL shows the refusal).
    assert registered(at) == {p.file for p in EXISTING}
    for spec in EXISTING:
        if role not in spec.roles:
            at.switch_page(spec.file).run()
            assert refusals(at), f"{spec.file} opened for a signed-in {role}"
            assert not at.main.get("dataframe") and not at.main.get("metric")
    assert any(ROLE_LABELS[role] in t.value for t in at.sidebar.text)
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert not at.sidebar.selectbox


def test_session_state_cannot_raise_a_signed_in_role(signin_env):
    """The demo switcher's key set to 'officer' means nothing when sign-in is configured."""
    user = claims("cara@example.nhs.uk", roles=["Maternity.Commissioner"])
    at = run_as("pages/data.py", OFFICER, secrets=AUTH_SECRETS, user=user)
    assert refusals(at) and shows_nothing_but_refusal(at)


@pytest.mark.parametrize(
    "user",
    [
        claims("stranger@example.nhs.uk"),
        claims("left.team@example.nhs.uk", roles=["Maternity.Commissioner"]),
        claims("olu.officer@example.nhs.uk", email_verified=False),
    ],
    ids=["unknown", "withdrawn", "unverified-email"],
)
def test_unknown_users_get_a_polite_page_and_no_data(user, signin_env):
    at = run_as("dashboard.py", OFFICER, secrets=AUTH_SECRETS, user=user)
    assert not at.exception
    assert at.title[0].value == "You do not have access to Maternity Insights"
    assert user["email"].lower() in [t.value for t in at.text]
    assert "The engagement officer" in [t.value for t in at.text]
    assert registered(at) == set()
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_old_sign_in_must_be_renewed(signin_env, monkeypatch):
    """Streamlit keeps its sign-in cookie for 30 days; the app asks again after MATERNITY_SESSION_HOURS."""
    monkeypatch.setenv("MATERNITY_SESSION_HOURS", "8")
    stale = claims("olu.officer@example.nhs.uk", iat=int(time.time()) - 9 * 3600)
    at = run_as("dashboard.py", secrets=AUTH_SECRETS, user=stale)
    assert [b.label for b in at.button] == ["Sign in"] and registered(at) == set()
    assert "Your sign-in has expired (after 8 hours)" in at.warning[0].value
    at = run_as("pages/data.py", secrets=AUTH_SECRETS, user=stale)
    assert refusals(at) and shows_nothing_but_refusal(at)
    fresh = {**stale, "iat": int(time.time()) - 7 * 3600}
    assert "pages/data.py" in registered(run_as("dashboard.py", secrets=AUTH_SECRETS, user=fresh))


def test_a_role_file_without_sign_in_refuses_everyone(signin_env):
    at = run_as("dashboard.py", OFFICER)  # no [auth] in secrets, but config says sign-in is wanted
    assert at.title[0].value == "Maternity Insights is not available"
    assert "no [auth] section" in " ".join(t.value for t in at.text)
    assert registered(at) == set() and not at.sidebar.selectbox
    at = run_as("pages/data.py", OFFICER)
    assert refusals(at) and shows_nothing_but_refusal(at)


def test_sign_ins_are_audited_once_per_token(signin_env):
    from ui.data import connection

    def count(action: str) -> int:
        return (
            connection()
            .execute("select count(*) from audit_log where action = $a", {"a": action})
            .fetchone()[0]
        )

    before_in, before_refused = count("sign_in"), count("sign_in_refused")
    now = int(time.time())
    officer = claims("olu.officer@example.nhs.uk", iat=now - 60, nonce="n-1")
    run_as("dashboard.py", secrets=AUTH_SECRETS, user=officer)
    run_as("dashboard.py", secrets=AUTH_SECRETS, user=officer)  # another tab, same token
    assert count("sign_in") == before_in + 1
    run_as("dashboard.py", secrets=AUTH_SECRETS, user={**officer, "iat": now, "nonce": "n-2"})
    assert count("sign_in") == before_in + 2
    run_as("dashboard.py", secrets=AUTH_SECRETS, user=claims("stranger@example.nhs.uk", iat=now, nonce="x"))
    assert count("sign_in_refused") == before_refused + 1
    row = (
        connection()
        .execute(
            "select actor, role, details from audit_log where action = 'sign_in' order by audit_id desc limit 1"
        )
        .fetchone()
    )
    assert row[0] == "olu.officer@example.nhs.uk" and row[1] == OFFICER
    assert "user listed in the role mapping" in row[2]


def test_an_unreadable_secrets_file_never_falls_back_to_demo_mode(tmp_path, monkeypatch):
    """A typo in .streamlit/secrets.toml must refuse everyone, not silently open demo mode."""
    import ui.roles

    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth\nredirect_uri = "x"\n')

    class Unreadable:
        def load_if_toml_exists(self) -> bool:
            return False  # what Streamlit answers for a file it cannot parse

    monkeypatch.setattr(ui.roles.st, "secrets", Unreadable())
    monkeypatch.setattr(ui.roles.st, "get_option", lambda name: [str(tmp_path / "absent.toml"), str(broken)])
    monkeypatch.delenv("MATERNITY_ROLES", raising=False)
    monkeypatch.setattr(auth, "ROLE_FILES", ())
    mode = ui.roles.access_mode()
    assert mode.kind == auth.MISCONFIGURED and "cannot be read" in mode.reason
    broken.unlink()
    assert ui.roles.access_mode().kind == auth.DEMO  # no secrets file at all: the demo


def test_url_paths_match_file_names():
    """A shared link opened on a fresh server must not hit Streamlit's 'Page not found' dialog."""
    from pathlib import Path

    from insights.access.roles import PAGES

    for spec in PAGES:
        assert spec.url_path == Path(spec.file).stem, spec.file
