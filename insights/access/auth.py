"""Sign-in decisions (no Streamlit): which mode the app runs in, and which role a signed-in user has.

Two modes:

- **sign-in**: `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's `st.login`, OpenID
  Connect, e.g. Microsoft Entra ID). A signed-in user's role comes from the role mapping file
  (`config/roles.toml`, by email or by group / app-role claim); anyone not in it gets no data.
- **demo**: nothing about sign-in is configured at all. A labelled switcher lets a newcomer see
  each role's view of the synthetic demo.

The mode is decided from server-side files and the environment only. Nothing the browser sends
(URL path, query string, widget values) is an input to `decide_mode`, so demo mode cannot be
switched on by a URL parameter. Anything half-configured fails closed ("misconfigured": no data).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from insights.access.roles import CODER, COMMISSIONER, MNVP, OFFICER, ROLE_LABELS
from insights.config import REPO_ROOT

DEMO = "demo"
SIGN_IN = "sign-in"
MISCONFIGURED = "misconfigured"

#: Role value in the mapping file that refuses a user outright (e.g. a leaver still in a group).
NO_ACCESS = "none"

#: Most privileged first: when a user's groups map to several roles, the first one here wins.
PRIVILEGE_ORDER = (OFFICER, CODER, MNVP, COMMISSIONER)  # the coder reads women's notes

#: Where the role mapping is looked for when $MATERNITY_ROLES is not set (first that exists).
ROLE_FILES = (REPO_ROOT / "config" / "roles.toml", REPO_ROOT / ".streamlit" / "roles.toml")

DEFAULT_IDENTITY_CLAIMS = ("email", "preferred_username", "upn")
DEFAULT_GROUP_CLAIMS = ("groups", "roles")

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_TRUE = {"1", "true", "yes", "on"}


class RoleConfigError(ValueError):
    """The role mapping file cannot be used (it is not valid TOML or names an unknown role)."""


@dataclass(frozen=True)
class AccessMode:
    """How this server lets people in: demo, sign-in, or misconfigured (refuse everyone)."""

    kind: str
    reason: str = ""
    providers: tuple[str | None, ...] = ()  # None = the default provider in [auth] itself

    @property
    def demo(self) -> bool:
        """True only in demo mode."""
        return self.kind == DEMO


@dataclass(frozen=True)
class RoleMap:
    """Who may use the dashboard, as which role (from config/roles.toml)."""

    users: Mapping[str, str] = field(default_factory=dict)  # lower-case identity -> role or "none"
    groups: Mapping[str, str] = field(default_factory=dict)  # group id / app role value -> role
    identity_claims: tuple[str, ...] = DEFAULT_IDENTITY_CLAIMS
    group_claims: tuple[str, ...] = DEFAULT_GROUP_CLAIMS
    issuer: str | None = None  # when set, tokens from any other issuer get no access
    contact: str | None = None  # who to ask for access, shown on the no-access page
    source: Path | None = None

    @property
    def empty(self) -> bool:
        """True when nobody has been given access."""
        return not self.users and not self.groups


@dataclass(frozen=True)
class Decision:
    """The outcome of looking a signed-in user up in the role map."""

    role: str | None  # None: no access
    identity: str  # the user's email / user name (lower case), or their subject id
    reason: str  # plain English, for the audit trail and logs (no personal data beyond identity)


# --- mode ------------------------------------------------------------------------------------------


def providers(auth: Mapping | None) -> tuple[str | None, ...]:
    """The OIDC providers configured in an [auth] section (None = unnamed default provider)."""
    if not auth:
        return ()
    found: list[str | None] = []
    if any(key in auth for key in _PROVIDER_KEYS):
        found.append(None)
    for name, value in auth.items():
        if isinstance(value, Mapping) and any(key in value for key in _PROVIDER_KEYS):
            found.append(str(name))
    return tuple(found)


def _problems(auth: Mapping) -> list[str]:
    problems = [f"[auth] has no {key}" for key in ("redirect_uri", "cookie_secret") if not auth.get(key)]
    named = providers(auth)
    if not named:
        problems.append("[auth] names no identity provider (client_id, client_secret, server_metadata_url)")
    for name in named:
        section = auth if name is None else auth[name]
        label = "[auth]" if name is None else f"[auth.{name}]"
        problems += [f"{label} has no {key}" for key in _PROVIDER_KEYS if not section.get(key)]
        if name is not None and "_" in name:
            problems.append(f"{label}: provider names cannot contain '_'")
    redirect = str(auth.get("redirect_uri", ""))
    if redirect and not redirect.rstrip("/").endswith("/oauth2callback"):
        problems.append("[auth] redirect_uri must end with /oauth2callback")
    return problems


def decide_mode(
    auth: Mapping | None,
    *,
    secrets_error: str | None = None,
    role_file: Path | None = None,
    require_sign_in: bool = False,
) -> AccessMode:
    """Decide the access mode from server-side configuration only (never from the request).

    Demo mode only when no sign-in is configured anywhere: no readable [auth] section, no role
    mapping file and $MATERNITY_REQUIRE_SIGNIN unset. Half-configured set-ups refuse everyone.
    """
    if secrets_error:
        return AccessMode(MISCONFIGURED, f"the secrets file cannot be read ({secrets_error})")
    if auth:
        problems = _problems(auth)
        if problems:
            return AccessMode(MISCONFIGURED, "; ".join(problems))
        return AccessMode(SIGN_IN, providers=providers(auth))
    if role_file is not None or require_sign_in:
        why = (
            f"a role mapping file exists ({role_file.name})"
            if role_file
            else "MATERNITY_REQUIRE_SIGNIN is set"
        )
        return AccessMode(
            MISCONFIGURED, f"sign-in is required ({why}) but .streamlit/secrets.toml has no [auth] section"
        )
    return AccessMode(DEMO)


def require_sign_in_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """True when $MATERNITY_REQUIRE_SIGNIN is set to a true value (set it on every real deployment)."""
    return (environ if environ is not None else os.environ).get(
        "MATERNITY_REQUIRE_SIGNIN", ""
    ).lower() in _TRUE


def role_file(
    environ: Mapping[str, str] | None = None, candidates: Iterable[Path] | None = None
) -> Path | None:
    """The role mapping file in use: $MATERNITY_ROLES if set (even if missing), else the first that exists."""
    env = (environ if environ is not None else os.environ).get("MATERNITY_ROLES")
    if env:
        return Path(env)
    for path in ROLE_FILES if candidates is None else candidates:
        if path.is_file():
            return path
    return None


DEFAULT_SESSION_HOURS = 12.0


def session_hours(environ: Mapping[str, str] | None = None) -> float:
    """How long a sign-in lasts before the person must sign in again ($MATERNITY_SESSION_HOURS, 12)."""
    raw = (environ if environ is not None else os.environ).get("MATERNITY_SESSION_HOURS", "")
    try:
        hours = float(raw) if raw else DEFAULT_SESSION_HOURS
    except ValueError:
        return DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


def session_expired(claims: Mapping, now: float, max_hours: float = DEFAULT_SESSION_HOURS) -> bool:
    """True when the ID token was issued more than `max_hours` ago.

    Streamlit keeps the sign-in cookie for 30 days and does not check the token's age itself. An
    ID token always carries `iat`; claims without it (not from an OpenID Connect provider) are not
    judged here.
    """
    issued = claims.get("iat")
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        return False
    return now - float(issued) > max_hours * 3600


# --- role mapping ----------------------------------------------------------------------------------


def _role_value(value: object, where: str) -> str:
    allowed = (*ROLE_LABELS, NO_ACCESS)
    text = str(value).strip().lower() if isinstance(value, str) else None
    if text not in allowed:
        raise RoleConfigError(f"{where}: the role must be one of {', '.join(allowed)} (found {value!r})")
    return text


def _claim_list(value: object, default: tuple[str, ...], where: str) -> tuple[str, ...]:
    if value is None:
        return default
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise RoleConfigError(f"{where} must be a claim name or a list of claim names")
    return tuple(value)


def parse_role_map(text: str, source: Path | None = None) -> RoleMap:
    """Read a role mapping from TOML text (see config/roles.example.toml)."""
    name = source.name if source else "role mapping"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoleConfigError(f"{name} is not valid TOML: {exc}") from None
    unknown = set(data) - {"contact", "issuer", "claims", "users", "groups"}
    if unknown:
        raise RoleConfigError(f"{name}: unknown setting(s) {', '.join(sorted(unknown))}")
    for table in ("claims", "users", "groups"):
        if not isinstance(data.get(table, {}), dict):
            raise RoleConfigError(f"{name}: [{table}] must be a table")
    claims = data.get("claims", {})
    unknown = set(claims) - {"identity", "groups"}
    if unknown:
        raise RoleConfigError(f"{name}: [claims] has unknown setting(s) {', '.join(sorted(unknown))}")
    # Keys are not echoed in errors: they are people's email addresses.
    users = {
        str(k).strip().lower(): _role_value(v, f"{name} [users] entry {i}")
        for i, (k, v) in enumerate(data.get("users", {}).items(), start=1)
    }
    groups = {
        str(k).strip(): _role_value(v, f"{name} [groups] entry {i}")
        for i, (k, v) in enumerate(data.get("groups", {}).items(), start=1)
    }
    for key in ("contact", "issuer"):
        if key in data and not isinstance(data[key], str):
            raise RoleConfigError(f"{name}: {key} must be text")
    return RoleMap(
        users=users,
        groups=groups,
        identity_claims=_claim_list(
            claims.get("identity"), DEFAULT_IDENTITY_CLAIMS, f"{name} [claims] identity"
        ),
        group_claims=_claim_list(claims.get("groups"), DEFAULT_GROUP_CLAIMS, f"{name} [claims] groups"),
        issuer=data.get("issuer") or None,
        contact=data.get("contact") or None,
        source=source,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> RoleMap:
    return parse_role_map(Path(path).read_text(encoding="utf-8"), Path(path))


def load_role_map(path: Path | None) -> RoleMap:
    """The role mapping in `path` (re-read when the file changes); an empty map when there is none."""
    if path is None:
        return RoleMap()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise RoleConfigError(f"the role mapping file {path} does not exist") from None
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


def identity(claims: Mapping, role_map: RoleMap = RoleMap()) -> str:
    """The user's email / user name from their claims (lower case), else their subject id."""
    for claim in role_map.identity_claims:
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return f"sub:{claims.get('sub', 'unknown')}"


def _values(claims: Mapping, names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        value = claims.get(name)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list | tuple):
            out += [v for v in value if isinstance(v, str)]
    return out


def decide_role(claims: Mapping, role_map: RoleMap) -> Decision:
    """The role for a signed-in user's claims: an explicit [users] entry first, then their groups.

    Users are matched (case-insensitively) on any of the identity claims, except an email the
    provider says is unverified. Several matching groups give the most privileged of their roles.
    """
    who = identity(claims, role_map)
    if not claims.get("is_logged_in", True):
        return Decision(None, who, "not signed in")
    if role_map.issuer and str(claims.get("iss", "")).rstrip("/") != role_map.issuer.rstrip("/"):
        return Decision(None, who, "token issued by another identity provider")
    names = [
        c for c in role_map.identity_claims if not (c == "email" and claims.get("email_verified") is False)
    ]
    for value in _values(claims, names):
        role = role_map.users.get(value.strip().lower())
        if role == NO_ACCESS:
            return Decision(None, who, "access withdrawn in the role mapping")
        if role:
            return Decision(role, who, "user listed in the role mapping")
    granted = {role_map.groups[g] for g in _values(claims, role_map.group_claims) if g in role_map.groups}
    if NO_ACCESS in granted:
        return Decision(None, who, "a group of this user is refused in the role mapping")
    for role in PRIVILEGE_ORDER:
        if role in granted:
            return Decision(role, who, "group in the role mapping")
    if claims.get("_claim_names") and not granted:
        return Decision(None, who, "too many groups for the token (group overage): map an app role instead")
    return Decision(None, who, "not in the role mapping")
