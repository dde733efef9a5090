"""Append-only audit trail: record who did what (ids and counts, never excerpt or note text).

The app only ever INSERTs into `audit_log`; nothing in it updates or deletes an entry (a test scans
the code for such statements). DuckDB has no triggers or grants, so the table is also made
tamper-evident: every entry carries `row_hash = audit_row_hash(prev_hash, its own fields)` (a macro
in insights/store/sql/schema.sql) chained to the entry before it, and `queries/audit_integrity.sql`
recomputes the chain. An entry changed or removed with another tool breaks it; the Audit trail page
says so. (Someone who recomputes every later hash, or removes the newest entries, is not detected
by the chain alone: compare with a downloaded copy, whose newest entry's hash is the chain head.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from insights.output.exports import write_csv
from insights.store import lake
from insights.store.db import transaction, write_lock

#: Actions with their plain-English labels (pages may record others; they show as they are).
ACTIONS = {
    "import": "Import of a file",
    "import_undo": "Withdrawal of an import (undo)",
    "quote_review": "Quote review (approve, reject or edit)",
    "export": "Export",
    "download": "Download",
    "engagement_edit": "Engagement log edit",
    "venue_edit": "Venue edit",
    "coding_save": "Narrative coded (Coding page)",
    "vintage_switch": "Deprivation index switched (IMD 2019 / IMD 2025)",
    "codebook_change": "Codebook change (version history on the Codebook page)",
    "sign_in": "Sign-in",
    "sign_in_refused": "Sign-in refused (no access)",
    "sign_out": "Sign-out",
}

#: Longest text value allowed in `details`: ids, file names and labels, never a woman's words.
MAX_DETAIL_TEXT = 200

LONDON = ZoneInfo("Europe/London")

# One statement: next id, the chain head and the new row's hash are taken together, under the
# process's write lock (so two writers cannot both chain onto the same entry).
_INSERT = """
insert into audit_log (
    audit_id, logged_at, actor, role, action, object_type, object_id, details, prev_hash, row_hash
)
select
    n.audit_id, $logged_at, $actor, $role, $action, $object_type, $object_id, $details, h.prev_hash,
    audit_row_hash(
        h.prev_hash, n.audit_id, $logged_at, $actor, $role, $action, $object_type, $object_id, $details
    )
from (select nextval('audit_seq') as audit_id) as n,
    (select coalesce(max_by(row_hash, audit_id), '') as prev_hash from audit_log) as h
"""
# The shared store (DuckLake) has no sequences: the next id is max + 1, taken under the write lock that
# every process takes (insights.store.lake.write_lock), in the same statement as the chain head.
_INSERT_SHARED = _INSERT.replace(
    "(select nextval('audit_seq') as audit_id)",
    "(select coalesce(max(audit_id), 0) + 1 as audit_id from audit_log)",
)


def _check_details(value, path: str = "details") -> None:
    if isinstance(value, str):
        if len(value) > MAX_DETAIL_TEXT:
            raise ValueError(
                f"audit {path} holds {len(value)} characters of text: record ids and counts, never "
                "excerpt, note or quote text"
            )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_details(item, f"{path}.{key}")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_details(item, path)


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    *,
    role: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    details: dict | None = None,
) -> None:
    """Append one audit row (call inside the write's own transaction where there is one).

    `details` holds ids, counts, file names and settings: a text value longer than
    MAX_DETAIL_TEXT characters is refused, so a woman's words cannot slip into the trail.
    """
    if not actor or not actor.strip():
        raise ValueError("an audit row needs an actor")
    if not action or not action.strip():
        raise ValueError("an audit row needs an action")
    _check_details(details or {})
    with write_lock(con):
        con.execute(
            _INSERT_SHARED if lake.is_lake(con) else _INSERT,
            {
                "logged_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "actor": actor.strip(),
                "role": role,
                "action": action,
                "object_type": object_type,
                "object_id": None if object_id is None else str(object_id),
                "details": json.dumps(details or {}, default=str, sort_keys=True),
            },
        )


def sign_in_id(claims: Mapping) -> str:
    """A stable id for one sign-in (issuer, subject, issue time and nonce of its ID token)."""
    parts = [str(claims.get(k, "")) for k in ("iss", "sub", "iat", "nonce")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def record_sign_in(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str | None,
    claims: Mapping,
    *,
    reason: str = "",
    provider: str | None = None,
) -> bool:
    """Record a sign-in (or a refused one) once per ID token, however many tabs or reruns see it.

    Returns True when a new row was written.
    """
    login = sign_in_id(claims)
    action = "sign_in" if role else "sign_in_refused"
    with transaction(con):
        seen = con.execute(
            "select count(*) from audit_log where object_type = 'sign_in' and object_id = $id",
            {"id": login},
        ).fetchone()[0]
        if seen:
            return False
        details = {"provider": provider or "default", "outcome": reason}
        if isinstance(claims.get("iat"), int | float):
            details["token_issued_at"] = dt.datetime.fromtimestamp(claims["iat"], dt.UTC).strftime(
                "%Y-%m-%d %H:%M:%S UTC"
            )
        record(con, actor, action, role=role, object_type="sign_in", object_id=login, details=details)
    return True


# --- reading -------------------------------------------------------------------------------------


def day_bounds(since: dt.date | None, until: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """UK calendar days -> the UTC instants the stored (UTC) times are compared with.

    `since` is inclusive from 00:00 UK time; `until` is inclusive to the end of that UK day.
    """

    def utc(day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(), tzinfo=LONDON)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return (
        utc(since) if since else None,
        utc(until + dt.timedelta(days=1)) if until else None,
    )


def describe(details: str | None) -> str:
    """The details JSON as one readable line: 'file_name: a.csv · rows_accepted: 12'."""
    if not details:
        return ""
    try:
        data = json.loads(details)
    except (TypeError, ValueError):
        return str(details)
    if not isinstance(data, dict):
        return json.dumps(data)

    def show(value) -> str:
        if isinstance(value, dict | list):
            return json.dumps(value, sort_keys=True, default=str)
        return str(value)

    return " · ".join(f"{k.replace('_', ' ')}: {show(v)}" for k, v in data.items())


def for_display(entries: pd.DataFrame, with_hash: bool = False) -> pd.DataFrame:
    """Audit entries as the page shows and downloads them: UK time, labels, readable details.

    `with_hash` adds each entry's chain hash (for downloads: the last one is the chain head).
    """
    from insights.access.roles import ROLE_LABELS

    out = pd.DataFrame(
        {
            "Entry": entries["audit_id"].astype("Int64"),
            "When (UK time)": pd.to_datetime(entries["logged_at"])
            .dt.tz_localize("UTC")
            .dt.tz_convert(LONDON)
            .dt.strftime("%Y-%m-%d %H:%M:%S"),
            "Who": entries["actor"],
            "Role": entries["role"].map(lambda r: ROLE_LABELS.get(r, r) if isinstance(r, str) else ""),
            "Action": entries["action"].map(lambda a: ACTIONS.get(a, a)),
            "What": entries["object_type"].fillna(""),
            "Id": entries["object_id"].fillna(""),
            "Details": entries["details"].map(describe),
        }
    )
    if with_hash:
        out["Entry hash"] = entries["row_hash"].to_numpy()
    return out.reset_index(drop=True)


def export_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, for Excel) with spreadsheet formulas neutralised."""
    return write_csv(frame)
