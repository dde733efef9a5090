"""Append-only audit trail: record who did what (ids and counts, never excerpt or note text)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb


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
    """Append one audit row (call inside the write's own transaction where there is one)."""
    con.execute(
        "insert into audit_log (logged_at, actor, role, action, object_type, object_id, details) "
        "values ($logged_at, $actor, $role, $action, $object_type, $object_id, $details)",
        {
            "logged_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "actor": actor,
            "role": role,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "details": json.dumps(details or {}, default=str, sort_keys=True),
        },
    )
