"""Engagement log and venue entries from the dashboard's forms, written through the import path.

A form entry becomes a one-row frame in the template's shape and goes through exactly what an
imported file goes through: `insights.ingest.load.check_frame` (the same validation, the same postcode
lookup) and `insights.ingest.load.commit` (serialised, one transaction, recorded in `imports`), with
the audit row written inside that same transaction. An entry left without an id gets the id the
importer derives from its content, so pressing Save twice adds it once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from insights.access import audit
from insights.ingest import load as ingest
from insights.ingest.frame import RowIssue
from insights.vocab import PACK_LANGUAGES

FORM_FILE = {"engagement": "Engagement log form", "venues": "Venue form"}
ACTION = {"engagement": "engagement_edit", "venues": "venue_edit"}
_OBJECT = {"engagement": ("engagement_log", "entry_id"), "venues": ("venues", "venue_id")}

#: Plain-English names of template columns, for messages.
FIELD_LABELS = {
    "entry_id": "Entry reference",
    "activity_date": "Date",
    "venue_id": "Venue",
    "activity_type": "Activity",
    "women_engaged": "Women engaged",
    "narratives_collected": "Narratives collected",
    "connectors_present": "Connectors present",
    "note": "Note",
    "name": "Venue name",
    "venue_type": "Type of venue",
    "postcode": "Postcode",
    "active": "Still in use",
}


@dataclass
class Saved:
    """What happened to one form entry."""

    kind: str
    object_id: str | None
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    result: ingest.ImportResult | None = None
    row: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the entry was written (or was already there unchanged)."""
        return self.result is not None

    @property
    def change(self) -> str | None:
        """'added', 'updated' or 'unchanged' (None when refused)."""
        if self.result is None:
            return None
        if self.result.rows_inserted:
            return "added"
        return "updated" if self.result.rows_updated else "unchanged"


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def activity_frame(
    activity_date: dt.date | str | None,
    venue_id: str | None,
    activity_type: str | None,
    women_engaged: int | None = 0,
    narratives_collected: int | None = 0,
    connectors_present: int | None = 0,
    packs: dict[str, int] | None = None,
    note: str | None = None,
    entry_id: str | None = None,
) -> pd.DataFrame:
    """One engagement-log row in the template's shape (text cells, `packs_<language>` columns)."""
    packs = {k.strip().lower(): v for k, v in (packs or {}).items()}
    row: dict[str, str | None] = {
        "entry_id": _text(entry_id),
        "activity_date": _text(activity_date),
        "venue_id": _text(venue_id),
        "activity_type": _text(activity_type),
        "women_engaged": _text(women_engaged),
        "narratives_collected": _text(narratives_collected),
    }
    for language in [*PACK_LANGUAGES, *sorted(set(packs) - set(PACK_LANGUAGES))]:
        row[f"packs_{language}"] = _text(packs.get(language, 0))
    row["connectors_present"] = _text(connectors_present)
    row["note"] = _text(note)
    return pd.DataFrame([row], dtype=object)


def venue_frame(
    name: str | None,
    venue_type: str | None,
    postcode: str | None,
    active: bool = True,
    venue_id: str | None = None,
) -> pd.DataFrame:
    """One venues row in the template's shape."""
    row = {
        "venue_id": _text(venue_id),
        "name": _text(name),
        "venue_type": _text(venue_type),
        "postcode": _text(postcode),
        "active": "yes" if active else "no",
    }
    return pd.DataFrame([row], dtype=object)


def describe_issue(issue: RowIssue) -> str:
    """A validation problem as one plain sentence about the form field."""
    label = FIELD_LABELS.get(issue.column, issue.column.replace("_", " ").capitalize() or "Entry")
    if issue.column.startswith("packs_"):
        label = f"{issue.column[len('packs_') :].title()} packs"
    reason = issue.reason or "is not valid"
    if issue.column and reason.lower().startswith(issue.column):
        text = (
            label + reason[len(issue.column) :]
        )  # "women_engaged must be ..." -> "Women engaged must be ..."
    elif reason.split()[0].lower() in label.lower().split():
        text = reason[0].upper() + reason[1:]  # "date is in the future" already names the field
    else:
        text = f"{label}: {reason}"
    return text if text.endswith(".") else text + "."


def _sha256(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()


def save(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    frame: pd.DataFrame,
    actor: str,
    role: str | None = None,
) -> Saved:
    """Validate a one-row form frame and, if it is valid, write it with its audit row in one transaction."""
    if kind not in FORM_FILE:
        raise ValueError(f"forms write engagement or venues, not {kind!r}")
    if len(frame) != 1:
        raise ValueError("a form saves exactly one row")
    checked = ingest.check_frame(con, kind, frame, FORM_FILE[kind], _sha256(frame))
    validated = checked.validated
    if validated.errors:
        return Saved(kind, None, list(validated.errors), list(validated.warnings))
    table, key = _OBJECT[kind]
    row = validated.frame.iloc[0].to_dict()
    object_id = str(row[key])

    def record_audit(write: duckdb.DuckDBPyConnection, result: ingest.ImportResult) -> None:
        change = "insert" if result.rows_inserted else ("update" if result.rows_updated else "unchanged")
        details: dict = {"import_id": result.import_id, "change": change}
        if kind == "engagement":
            details |= {
                "venue_id": row["venue_id"],
                "activity_date": row["activity_date"],
                "activity_type": row["activity_type"],
                "women_engaged": int(row["women_engaged"]),
                "narratives_collected": int(row["narratives_collected"]),
                "packs": int(sum((row.get("packs") or {}).values())),
            }
        else:
            details |= {"venue_type": row["venue_type"], "active": bool(row["active"])}
        audit.record(
            write, actor, ACTION[kind], role=role, object_type=table, object_id=object_id, details=details
        )

    result = ingest.commit(con, checked, user=actor, role=role, on_commit=record_audit)
    return Saved(kind, object_id, [], list(validated.warnings), result, row)


def entry_values(rows: pd.DataFrame) -> dict | None:
    """The form's values for a stored entry (queries/engagement_entry.sql rows), or None if absent."""
    if rows.empty:
        return None
    first = rows.iloc[0]
    packs = {
        str(lang): int(n)
        for lang, n in zip(rows["language"], rows["packs"], strict=True)
        if lang is not None and not pd.isna(lang) and not pd.isna(n)
    }
    note = first["note"]
    return {
        "entry_id": str(first["entry_id"]),
        "activity_date": pd.Timestamp(first["activity_date"]).date(),
        "venue_id": str(first["venue_id"]),
        "activity_type": str(first["activity_type"]),
        "women_engaged": int(first["women_engaged"]),
        "narratives_collected": int(first["narratives_collected"]),
        "connectors_present": int(first["connectors_present"]),
        "note": "" if note is None or pd.isna(note) else str(note),
        "packs": packs,
    }


def describe_place(venue: dict) -> str:
    """Where a venue is, from its venue_list row: area, neighbourhood and deprivation."""
    locality = venue.get("locality")
    if venue.get("lsoa_code") is None or pd.isna(venue.get("lsoa_code")):
        return "Its postcode has no neighbourhood in the reference data."
    decile = venue.get("imd_decile")
    depth = "" if decile is None or pd.isna(decile) else f", IMD decile {int(decile)}"
    core20 = venue.get("core20")
    core = " (Core20)" if core20 is not None and not pd.isna(core20) and bool(core20) else ""
    return f"It is in {locality}, neighbourhood {venue.get('lsoa_name')}{depth}{core}."


def packs_summary(packs: dict[str, int] | None) -> str:
    """'25 packs (English 20, Polish 5)' or 'no packs'."""
    given = {k: int(v) for k, v in (packs or {}).items() if v}
    total = sum(given.values())
    if not total:
        return "no packs"
    parts = ", ".join(f"{k.title()} {v}" for k, v in sorted(given.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{total} pack{'s' if total != 1 else ''} ({parts})"


def describe_activity(saved: Saved, venue_name: str | None = None) -> str:
    """The confirmation line for a saved engagement entry."""
    row = saved.row
    day = pd.Timestamp(row["activity_date"])
    when = f"{day:%a} {day.day} {day:%b %Y}"
    women, narratives = int(row["women_engaged"]), int(row["narratives_collected"])
    head = {"added": "Added", "updated": "Updated", "unchanged": "Already in the log, nothing changed"}[
        saved.change or "unchanged"
    ]
    return (
        f"{head}: {row['activity_type']} at {venue_name or row['venue_id']} on {when}; "
        f"{packs_summary(row.get('packs'))}; {women} wom{'a' if women == 1 else 'e'}n engaged; "
        f"{narratives} narrative{'s' if narratives != 1 else ''} collected; "
        f"{int(row['connectors_present'])} connector{'s' if int(row['connectors_present']) != 1 else ''} present."
    )
