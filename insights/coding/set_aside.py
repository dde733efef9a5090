"""Setting a narrative aside from the Coding queue, and putting it back (migration 0009).

A coder who cannot code a narrative now ("not codeable": the note is empty, garbled or not about
maternity care; "skip for now": it needs someone who knows the venue, a language, ...) sets it aside with
a reason. It leaves the queue (queries/coding_queue.sql) and is listed apart (queries/coding_set_aside.sql),
so the queue's count says how many wait and how many are set aside. Only the engagement officer puts one
back. Each setting-aside is one row of `coding_set_aside`, never deleted: putting it back fills in who,
when and why, so the history stays. Every write runs in one transaction under the store's write lock with
its audit row (the reason is the coder's own words, so it stays in the table, not in the audit trail).
"""

from __future__ import annotations

import datetime as dt
import uuid

import duckdb

from insights.access import audit
from insights.access.roles import OFFICER
from insights.store.db import transaction

#: Why a narrative is set aside (the reason says more).
KINDS = ("not codeable", "skip for now")
MAX_REASON = 300


class SetAsideError(ValueError):
    """A setting-aside (or putting back) that cannot be done; the message says why."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _open_row(con: duckdb.DuckDBPyConnection, narrative_id: str) -> str | None:
    row = con.execute(
        "select set_aside_id from coding_set_aside where narrative_id = $id and returned_at is null",
        {"id": narrative_id},
    ).fetchone()
    return row[0] if row else None


def set_aside(
    con: duckdb.DuckDBPyConnection,
    narrative_id: str,
    kind: str,
    reason: str,
    user: str,
    role: str | None = None,
) -> str:
    """Take a narrative out of the coding queue with a reason; returns the setting-aside's id."""
    if not user or not str(user).strip():
        raise SetAsideError("Say who is setting the narrative aside.")
    if kind not in KINDS:
        raise SetAsideError(f"Choose why: {' or '.join(KINDS)}.")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise SetAsideError("Say in a few words why it is set aside, so whoever picks it up knows.")
    if len(reason) > MAX_REASON:
        raise SetAsideError(f"The reason is {len(reason)} characters long: keep it to {MAX_REASON}.")
    set_aside_id = uuid.uuid4().hex[:16]
    with transaction(con):
        if (
            con.execute("select 1 from narratives where narrative_id = $id", {"id": narrative_id}).fetchone()
            is None
        ):
            raise SetAsideError(f"There is no narrative {narrative_id}.")
        coded = con.execute(
            "select count(*) from coded_excerpts where narrative_id = $id", {"id": narrative_id}
        ).fetchone()[0]
        if coded:
            raise SetAsideError(
                f"Narrative {narrative_id} has been coded meanwhile; it is no longer in the queue."
            )
        if _open_row(con, narrative_id):
            raise SetAsideError(f"Narrative {narrative_id} is already set aside.")
        con.execute(
            "insert into coding_set_aside (set_aside_id, narrative_id, kind, reason, set_by, set_at) "
            "values ($sid, $nid, $kind, $reason, $by, $at)",
            {
                "sid": set_aside_id,
                "nid": narrative_id,
                "kind": kind,
                "reason": reason,
                "by": user.strip(),
                "at": _now(),
            },
        )
        audit.record(
            con,
            user,
            "coding_set_aside",
            role=role,
            object_type="narratives",
            object_id=narrative_id,
            details={"set_aside_id": set_aside_id, "kind": kind},
        )
    return set_aside_id


def put_back(
    con: duckdb.DuckDBPyConnection,
    narrative_id: str,
    user: str,
    role: str | None,
    note: str = "",
) -> str:
    """Return a set-aside narrative to the coding queue (the engagement officer only); returns the row's id."""
    if role != OFFICER:
        raise SetAsideError("Only the engagement officer can put a narrative back in the queue.")
    if not user or not str(user).strip():
        raise SetAsideError("Say who is putting the narrative back.")
    note = " ".join(str(note or "").split())
    if len(note) > MAX_REASON:
        raise SetAsideError(f"The note is {len(note)} characters long: keep it to {MAX_REASON}.")
    with transaction(con):
        set_aside_id = _open_row(con, narrative_id)
        if set_aside_id is None:
            raise SetAsideError(f"Narrative {narrative_id} is not set aside.")
        con.execute(
            "update coding_set_aside set returned_by = $by, returned_at = $at, return_note = $note "
            "where set_aside_id = $sid",
            {"by": user.strip(), "at": _now(), "note": note or None, "sid": set_aside_id},
        )
        audit.record(
            con,
            user,
            "coding_set_aside_return",
            role=role,
            object_type="narratives",
            object_id=narrative_id,
            details={"set_aside_id": set_aside_id},
        )
    return set_aside_id
