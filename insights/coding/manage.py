"""The codebook managed in the app: add, rename, retire and merge codes; add, rename and edit categories.

Every change runs in ONE transaction under the store's write lock, together with a numbered row in
`codebook_versions` (who, when, what, the object before and after as JSON) and its audit row. Codes
are never deleted: a retired code keeps its row and its excerpts, marked with the date it stopped
being used (`valid_to`), and a merged code also names the code it went into (`merged_into`), so a view
of an older period still explains its labels. The only write to `coded_excerpts` here is
`recode_excerpts()` (a merge, or a codebook import that merges), which also refreshes what is derived
from the excerpts.

A codebook file (CSV in the codes.csv layout, or a REFI-QDA .qdc read by insights.coding.refi) is
compared with the stored codebook by `plan_codebook()` (nothing written): new codes, renamed codes,
codes moved to another category, and stored codes missing from the file. A missing code that has coded
excerpts would orphan them, and a category the file names but the codebook does not have has no polarity
or allowed themes: both are refused with reasons. `apply_codebook()` applies a plan that is not refused
as one versioned, audited change; missing codes without excerpts are retired, never deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

import queries
from insights.access import audit
from insights.analysis import aggregates
from insights.coding.codebook import guid, slug
from insights.store.db import transaction
from insights.vocab import THEMES

#: Polarity of a category (as in Figure 2).
POLARITIES = ("positive", "negative", "mixed", "unmet need")
#: The coded themes a category may allow (the two cross-cutting themes come through codes).
CODED_THEMES = tuple(t for t, (_, cross) in THEMES.items() if not cross)
#: Figure 2: Care & support contains every category.
ALWAYS_ALLOWED = "care_and_support"
MAX_LABEL = 120
CROSS_CUTTING = tuple(t for t, (_, cross) in THEMES.items() if cross)


class CodebookError(ValueError):
    """A codebook change that cannot be made; the message says why and what to do."""


@dataclass
class Change:
    """One applied codebook change."""

    version: int
    summary: str
    excerpts_recoded: int = 0


# --- reading -----------------------------------------------------------------------------------------


def codes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every code ever in the codebook, with its status (queries/codebook_codes.sql)."""
    return queries.run(con, "codebook_codes")


def categories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every category with polarity, allowed themes and counts (queries/codebook_categories.sql)."""
    return queries.run(con, "codebook_categories")


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every codebook change, newest first (queries/codebook_history.sql)."""
    return queries.run(con, "codebook_history")


def _code(con: duckdb.DuckDBPyConnection, code_id: str) -> dict:
    row = con.execute(
        "select code_id, category_id, label, cross_cutting, coalesce(retired, false), valid_from, valid_to, "
        "merged_into from codes where code_id = $id",
        {"id": code_id},
    ).fetchone()
    if row is None:
        raise CodebookError(f"There is no code {code_id!r} in the codebook.")
    keys = (
        "code_id",
        "category_id",
        "label",
        "cross_cutting",
        "retired",
        "valid_from",
        "valid_to",
        "merged_into",
    )
    return dict(zip(keys, row, strict=True))


def _category(con: duckdb.DuckDBPyConnection, category_id: str) -> dict:
    row = con.execute(
        "select category_id, name, polarity, sort_order from categories where category_id = $id",
        {"id": category_id},
    ).fetchone()
    if row is None:
        raise CodebookError(f"There is no category {category_id!r} in the codebook.")
    themes = [
        r[0]
        for r in con.execute(
            "select theme_id from theme_categories where category_id = $id order by theme_id",
            {"id": category_id},
        ).fetchall()
    ]
    return {"category_id": row[0], "name": row[1], "polarity": row[2], "sort_order": row[3], "themes": themes}


def _clean_label(text: str, what: str = "label") -> str:
    label = " ".join(str(text or "").split())
    if not label:
        raise CodebookError(f"The {what} is empty: type one.")
    if len(label) > MAX_LABEL:
        raise CodebookError(f"The {what} is {len(label)} characters long: keep it to {MAX_LABEL}.")
    return label


def _label_taken(con: duckdb.DuckDBPyConnection, label: str, except_id: str | None = None) -> str | None:
    row = con.execute(
        "select code_id from codes where lower(label) = lower($l) and code_id is distinct from $id",
        {"l": label, "id": except_id},
    ).fetchone()
    return row[0] if row else None


def _next_code_id(con: duckdb.DuckDBPyConnection) -> str:
    ids = [r[0] for r in con.execute("select code_id from codes").fetchall()]
    numbers = [int(m[1]) for i in ids if (m := re.fullmatch(r"C(\d+)", i))]
    return f"C{max(numbers, default=0) + 1:03d}"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _json(obj: dict | None) -> str | None:
    return None if obj is None else json.dumps(obj, default=str, sort_keys=True)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


# --- the one versioned, audited record of a change ------------------------------------------------------


def _record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str | None,
    change: str,
    object_type: str,
    object_id: str | None,
    summary: str,
    before: dict | None,
    after: dict | None,
    details: dict | None = None,
) -> int:
    """Write the next codebook version and its audit row (inside the caller's transaction)."""
    if not actor or not actor.strip():
        raise CodebookError("Say who is changing the codebook.")
    version = con.execute("select coalesce(max(version), 0) + 1 from codebook_versions").fetchone()[0]
    con.execute(
        "insert into codebook_versions values ($v, $at, $by, $change, $type, $id, $summary, $before, $after)",
        {
            "v": version,
            "at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "by": actor.strip(),
            "change": change,
            "type": object_type,
            "id": object_id,
            "summary": summary,
            "before": _json(before),
            "after": _json(after),
        },
    )
    audit.record(
        con,
        actor,
        "codebook_change",
        role=role,
        object_type=object_type,
        object_id=object_id or f"version {version}",
        details={"version": version, "change": change, **(details or {})},
    )
    return version


def recode_excerpts(con: duckdb.DuckDBPyConnection, moves: dict[str, str], version: int) -> int:
    """THE write to coded_excerpts in this module: excerpts of each code in `moves` get its target code.

    Runs inside the caller's transaction. The recoded rows are stamped `import_id = 'codebook-v<N>'`, so
    an earlier import that wrote them can no longer be withdrawn over the merge (insights.ingest.undo
    refuses, naming this version); the pre-aggregated tables are rebuilt. Returns the number of excerpts recoded.
    """
    total = 0
    for source, target in moves.items():
        n = con.execute("select count(*) from coded_excerpts where code_id = $s", {"s": source}).fetchone()[0]
        if n:
            con.execute(
                "update coded_excerpts set code_id = $t, import_id = $tag where code_id = $s",
                {"s": source, "t": target, "tag": f"codebook-v{version}"},
            )
        total += n
    if total:
        aggregates.refresh(con)  # a recode changes categories and themes per woman: rebuilt whole
    return total


# --- changes -------------------------------------------------------------------------------------------


def add_code(
    con: duckdb.DuckDBPyConnection,
    label: str,
    category_id: str,
    actor: str,
    role: str | None = None,
    cross_cutting: str = "",
) -> Change:
    """Add a code under a category (its id is the next C-number)."""
    label = _clean_label(label)
    cross = _cross_cutting(cross_cutting)
    with transaction(con):
        cat = _category(con, category_id)
        taken = _label_taken(con, label)
        if taken:
            raise CodebookError(f"The codebook already has a code called {label!r} ({taken}).")
        code_id = _next_code_id(con)
        after = {
            "code_id": code_id,
            "category_id": category_id,
            "label": label,
            "cross_cutting": cross,
            "valid_from": _today(),
        }
        con.execute(
            "insert into codes (code_id, category_id, label, cross_cutting, retired, valid_from) "
            "values ($id, $cat, $label, $cross, false, $from)",
            {"id": code_id, "cat": category_id, "label": label, "cross": cross, "from": _today()},
        )
        summary = f"Code {code_id} '{_short(label)}' added under '{cat['name']}'"
        version = _record(con, actor, role, "add_code", "code", code_id, summary, None, after)
    return Change(version, summary)


def _cross_cutting(text: str) -> str:
    parts = [p.strip().lower() for p in str(text or "").replace(",", ";").split(";") if p.strip()]
    bad = [p for p in parts if p not in CROSS_CUTTING]
    if bad:
        raise CodebookError(
            f"Cross-cutting themes must be among: {', '.join(CROSS_CUTTING)} (got {', '.join(bad)})."
        )
    return ";".join(dict.fromkeys(parts))


def rename_code(
    con: duckdb.DuckDBPyConnection, code_id: str, new_label: str, actor: str, role: str | None = None
) -> Change:
    """Give a code a new label (its id, and so its excerpts and history, stay)."""
    new_label = _clean_label(new_label)
    with transaction(con):
        before = _code(con, code_id)
        if before["label"] == new_label:
            raise CodebookError(f"Code {code_id} is already called {new_label!r}.")
        taken = _label_taken(con, new_label, except_id=code_id)
        if taken:
            raise CodebookError(f"The codebook already has a code called {new_label!r} ({taken}).")
        con.execute("update codes set label = $l where code_id = $id", {"l": new_label, "id": code_id})
        summary = f"Code {code_id} renamed from '{_short(before['label'])}' to '{_short(new_label)}'"
        version = _record(
            con, actor, role, "rename_code", "code", code_id, summary, before, {**before, "label": new_label}
        )
    return Change(version, summary)


def rename_category(
    con: duckdb.DuckDBPyConnection, category_id: str, new_name: str, actor: str, role: str | None = None
) -> Change:
    """Give a category a new name (its id stays, so its codes and excerpts are untouched)."""
    new_name = _clean_label(new_name, "category name")
    with transaction(con):
        before = _category(con, category_id)
        if before["name"] == new_name:
            raise CodebookError(f"The category is already called {new_name!r}.")
        taken = con.execute(
            "select category_id from categories where lower(name) = lower($n) and category_id <> $id",
            {"n": new_name, "id": category_id},
        ).fetchone()
        if taken:
            raise CodebookError(f"There is already a category called {new_name!r}.")
        con.execute(
            "update categories set name = $n where category_id = $id", {"n": new_name, "id": category_id}
        )
        summary = f"Category '{_short(before['name'])}' renamed to '{_short(new_name)}'"
        version = _record(
            con,
            actor,
            role,
            "rename_category",
            "category",
            category_id,
            summary,
            before,
            {**before, "name": new_name},
        )
    return Change(version, summary)


def retire_code(con: duckdb.DuckDBPyConnection, code_id: str, actor: str, role: str | None = None) -> Change:
    """Retire a code: hidden from new coding, kept (with its excerpts) for history."""
    with transaction(con):
        before = _code(con, code_id)
        if before["retired"]:
            raise CodebookError(f"Code {code_id} '{before['label']}' is already retired.")
        con.execute(
            "update codes set retired = true, valid_to = $to where code_id = $id",
            {"to": _today(), "id": code_id},
        )
        n = con.execute(
            "select count(*) from coded_excerpts where code_id = $id", {"id": code_id}
        ).fetchone()[0]
        summary = f"Code {code_id} '{_short(before['label'])}' retired" + (
            f" ({n} coded excerpt(s) keep it for history)" if n else ""
        )
        version = _record(
            con,
            actor,
            role,
            "retire_code",
            "code",
            code_id,
            summary,
            before,
            {**before, "retired": True, "valid_to": _today()},
        )
    return Change(version, summary)


def _theme_clash(con: duckdb.DuckDBPyConnection, code_id: str, category_id: str) -> list[str]:
    """Themes of this code's excerpts that the category does not allow, with counts."""
    rows = con.execute(
        """
        select x.theme_id, count(*) from coded_excerpts as x
        where x.code_id = $code and x.theme_id not in (
            select theme_id from theme_categories where category_id = $cat
        )
        group by all order by all
        """,
        {"code": code_id, "cat": category_id},
    ).fetchall()
    return [f"{n} excerpt(s) under {THEMES.get(t, (t,))[0]}" for t, n in rows]


def merge_codes(
    con: duckdb.DuckDBPyConnection, source_id: str, target_id: str, actor: str, role: str | None = None
) -> Change:
    """Merge one code into another: its excerpts are recoded, it is retired and names its successor."""
    if source_id == target_id:
        raise CodebookError("Choose two different codes to merge.")
    with transaction(con):
        source, target = _code(con, source_id), _code(con, target_id)
        if source["retired"]:
            raise CodebookError(f"Code {source_id} '{source['label']}' is retired already: nothing to merge.")
        if target["retired"]:
            raise CodebookError(
                f"Code {target_id} '{target['label']}' is retired: merge into a current code instead."
            )
        clash = _theme_clash(con, source_id, target["category_id"])
        if clash:
            cat = _category(con, target["category_id"])
            raise CodebookError(
                f"Cannot merge: the category of {target_id} ('{cat['name']}') does not allow the theme of "
                f"{'; '.join(clash)} coded {source_id}. Recode those excerpts first, or merge into a code "
                "of a category that allows their theme."
            )
        con.execute(
            "update codes set retired = true, valid_to = $to, merged_into = $t where code_id = $s",
            {"to": _today(), "t": target_id, "s": source_id},
        )
        n = con.execute(
            "select count(*) from coded_excerpts where code_id = $s", {"s": source_id}
        ).fetchone()[0]
        summary = (
            f"Code {source_id} '{_short(source['label'])}' merged into {target_id} '{_short(target['label'])}' "
            f"({n} excerpt(s) recoded)"
        )
        version = _record(
            con,
            actor,
            role,
            "merge_codes",
            "code",
            source_id,
            summary,
            source,
            {**source, "retired": True, "valid_to": _today(), "merged_into": target_id},
            details={"merged_into": target_id, "excerpts_recoded": n},
        )
        recoded = recode_excerpts(con, {source_id: target_id}, version)
    return Change(version, summary, recoded)


def _insert_category(
    con: duckdb.DuckDBPyConnection, name: str, polarity: str, themes: list[str] | tuple[str, ...]
) -> dict:
    name = _clean_label(name, "category name")
    if polarity not in POLARITIES:
        raise CodebookError(f"Polarity must be one of: {', '.join(POLARITIES)}.")
    bad = [t for t in themes if t not in CODED_THEMES]
    if bad:
        raise CodebookError(f"A category may allow only the coded themes {', '.join(CODED_THEMES)}.")
    allowed = sorted({ALWAYS_ALLOWED, *themes}, key=CODED_THEMES.index)
    category_id = slug(name)
    if not category_id:
        raise CodebookError("The category name needs at least one letter or digit.")
    clash = con.execute(
        "select name from categories where category_id = $id or lower(name) = lower($n)",
        {"id": category_id, "n": name},
    ).fetchone()
    if clash:
        raise CodebookError(f"There is already a category called {clash[0]!r}.")
    order = con.execute("select coalesce(max(sort_order), 0) + 1 from categories").fetchone()[0]
    con.execute(
        "insert into categories (category_id, name, polarity, sort_order, valid_from) "
        "values ($id, $n, $p, $o, $from)",
        {"id": category_id, "n": name, "p": polarity, "o": order, "from": _today()},
    )
    for theme in allowed:
        con.execute("insert into theme_categories values ($t, $c)", {"t": theme, "c": category_id})
    return {
        "category_id": category_id,
        "name": name,
        "polarity": polarity,
        "sort_order": order,
        "themes": allowed,
    }


def add_category(
    con: duckdb.DuckDBPyConnection,
    name: str,
    polarity: str,
    themes: list[str] | tuple[str, ...],
    actor: str,
    role: str | None = None,
) -> Change:
    """Add a category with its polarity and the coded themes it allows (Care & support always)."""
    with transaction(con):
        after = _insert_category(con, name, polarity, themes)
        labels = ", ".join(THEMES[t][0] for t in after["themes"])
        summary = f"Category '{_short(after['name'])}' added ({polarity}; allows {labels})"
        version = _record(
            con, actor, role, "add_category", "category", after["category_id"], summary, None, after
        )
    return Change(version, summary)


def _theme_names(themes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(THEMES.get(t, (t,))[0] for t in themes)


def edit_category(
    con: duckdb.DuckDBPyConnection,
    category_id: str,
    polarity: str | None = None,
    themes: list[str] | tuple[str, ...] | None = None,
    *,
    actor: str,
    role: str | None = None,
) -> Change:
    """Change a category's polarity and/or the coded themes it allows (None leaves that part as it is).

    Care & support stays allowed for every category (Figure 2). Removing a theme that coded excerpts of
    this category still carry is refused (they would be orphaned), as is an unknown polarity or theme
    and a change that changes nothing. A change of allowed themes rebuilds the pre-aggregated tables.
    """
    if polarity is not None and polarity not in POLARITIES:
        raise CodebookError(f"Polarity must be one of: {', '.join(POLARITIES)} (got {polarity!r}).")
    wanted: list[str] | None = None
    if themes is not None:
        bad = [str(t) for t in themes if t not in CODED_THEMES]
        if bad:
            raise CodebookError(
                f"A category may allow only the coded themes {_theme_names(CODED_THEMES)} "
                f"(not {', '.join(bad)})."
            )
        wanted = sorted({ALWAYS_ALLOWED, *themes}, key=CODED_THEMES.index)
    with transaction(con):
        before = _category(con, category_id)
        new_polarity = before["polarity"] if polarity is None else polarity
        new_themes = before["themes"] if wanted is None else wanted
        removed = [t for t in before["themes"] if t not in new_themes]
        added = [t for t in new_themes if t not in before["themes"]]
        if new_polarity == before["polarity"] and not removed and not added:
            raise CodebookError(
                f"'{before['name']}' is already {before['polarity']} and allows "
                f"{_theme_names(before['themes'])}: nothing to change."
            )
        if removed:
            carried = con.execute(
                """
                select x.theme_id, count(*) from coded_excerpts as x
                inner join codes as c on c.code_id = x.code_id
                where c.category_id = $cat and list_contains($themes::varchar[], x.theme_id)
                group by all order by all
                """,
                {"cat": category_id, "themes": removed},
            ).fetchall()
            if carried:
                counts = "; ".join(f"{n} under {THEMES.get(t, (t,))[0]}" for t, n in carried)
                raise CodebookError(
                    f"Cannot stop '{before['name']}' allowing {_theme_names([t for t, _ in carried])}: "
                    f"coded excerpts of its codes still carry that theme ({counts}), so they would be "
                    "orphaned. Recode those excerpts to another theme, or merge their codes into a code of a "
                    "category that allows the theme, first."
                )
        if new_polarity != before["polarity"]:
            con.execute(
                "update categories set polarity = $p where category_id = $id",
                {"p": new_polarity, "id": category_id},
            )
        for theme in removed:
            con.execute(
                "delete from theme_categories where category_id = $c and theme_id = $t",
                {"c": category_id, "t": theme},
            )
        for theme in added:
            con.execute("insert into theme_categories values ($t, $c)", {"t": theme, "c": category_id})
        parts = []
        if new_polarity != before["polarity"]:
            parts.append(f"polarity {before['polarity']} -> {new_polarity}")
        if removed or added:
            parts.append(f"allows {_theme_names(new_themes)} (was {_theme_names(before['themes'])})")
        summary = f"Category '{_short(before['name'])}' changed: " + "; ".join(parts)
        after = {**before, "polarity": new_polarity, "themes": new_themes}
        version = _record(
            con,
            actor,
            role,
            "edit_category",
            "category",
            category_id,
            summary,
            before,
            after,
            details={"polarity": new_polarity, "themes_added": added, "themes_removed": removed},
        )
        if removed or added:
            aggregates.refresh(con)  # the codebook changed: rebuilt whole, in this transaction
    return Change(version, summary)


# --- a whole codebook from a file ------------------------------------------------------------------------


@dataclass
class CodebookPlan:
    """How an incoming codebook differs from the stored one, and whether it may be applied."""

    new_codes: list[dict] = field(default_factory=list)  # {label, category_id, category, cross_cutting}
    renamed: list[dict] = field(default_factory=list)  # {code_id, before, after}
    moved: list[dict] = field(default_factory=list)  # {code_id, label, before, after} (category ids)
    missing: list[dict] = field(
        default_factory=list
    )  # {code_id, label, excerpts}: current codes not in the file
    reasons: list[str] = field(default_factory=list)  # why it is refused
    notes: list[str] = field(default_factory=list)

    @property
    def orphaning(self) -> list[str]:
        """Labels of missing codes that have coded excerpts."""
        return [m["label"] for m in self.missing if m["excerpts"]]

    @property
    def refused(self) -> bool:
        """True when applying it would orphan excerpts or needs a category the codebook lacks."""
        return bool(self.reasons)

    @property
    def changes(self) -> int:
        """How many codes it changes."""
        return len(self.new_codes) + len(self.renamed) + len(self.moved) + len(self.missing)

    def lines(self) -> list[str]:
        """Plain-English preview, one line per kind of change (and the reasons it is refused)."""

        def listed(items: list[str]) -> str:
            return (": " + "; ".join(items[:10]) + (" ..." if len(items) > 10 else "")) if items else ""

        out = [
            f"{len(self.new_codes)} new code(s)"
            + listed([f"{c['label']} (under {c['category']})" for c in self.new_codes]),
            f"{len(self.renamed)} renamed"
            + listed([f"{r['code_id']}: {r['before']} -> {r['after']}" for r in self.renamed]),
            f"{len(self.moved)} code(s) under another category"
            + listed([f"{m['label']}: {m['before']} -> {m['after']}" for m in self.moved]),
            f"{len(self.missing)} current code(s) not in the file"
            + listed([m["label"] for m in self.missing if not m["excerpts"]])
            + (
                " (they would be retired, not deleted)"
                if any(not m["excerpts"] for m in self.missing)
                else ""
            ),
        ]
        out += [f"note: {n}" for n in self.notes]
        out += [f"REFUSED: {r}" for r in self.reasons]
        return out


def plan_codebook(con: duckdb.DuckDBPyConnection, incoming: pd.DataFrame) -> CodebookPlan:
    """Compare an incoming codebook (category, label and optionally code_id, guid, cross_cutting) with
    the stored one; nothing is written.

    A row is matched to a stored code by its code_id, else its REFI GUID (as this app exports them),
    else its label (case-insensitive); an unmatched row is a new code.
    """
    book = codes(con)
    cats = categories(con)
    cat_by_name = {n.lower(): i for i, n in zip(cats["category_id"], cats["category"], strict=True)}
    cat_name = dict(zip(cats["category_id"], cats["category"], strict=True))
    by_id = {r["code_id"]: r for r in book.to_dict("records")}
    by_guid = {guid("code", i): i for i in by_id}
    by_label = {r["label"].lower(): r["code_id"] for r in book.to_dict("records")}
    plan = CodebookPlan()
    seen: set[str] = set()
    unknown_categories: dict[str, list[str]] = {}
    labels_in_file: dict[str, int] = {}
    rows = []
    for row in incoming.fillna("").to_dict("records"):
        label = " ".join(str(row.get("label", "")).split())
        category = " ".join(str(row.get("category", "")).split())
        if not label:
            continue
        labels_in_file[label.lower()] = labels_in_file.get(label.lower(), 0) + 1
        cat_id = cat_by_name.get(category.lower())
        if cat_id is None:
            unknown_categories.setdefault(category or "(no category)", []).append(label)
            continue
        # First by the file's own identity of the code (its code_id, or the GUID this app exported) ...
        code_id = str(row.get("code_id", "") or "").strip()
        if code_id not in by_id:
            code_id = by_guid.get(str(row.get("guid", "") or "").strip().lower(), "")
        rows.append(
            (label, cat_id, code_id if code_id in by_id else "", str(row.get("cross_cutting", "") or ""))
        )
    claimed = {r[2] for r in rows if r[2]}
    for label, cat_id, code_id, cross in rows:
        # ... then by label, for rows without one (a label a claimed code is giving up is free)
        if not code_id and by_label.get(label.lower()) not in claimed:
            code_id = by_label.get(label.lower(), "")
        if not code_id:
            try:
                cross = _cross_cutting(cross)
            except CodebookError as exc:
                plan.reasons.append(f"new code {label!r}: {exc}")
            plan.new_codes.append(
                {"label": label, "category_id": cat_id, "category": cat_name[cat_id], "cross_cutting": cross}
            )
            continue
        if code_id in seen:
            plan.reasons.append(f"code {code_id} appears more than once in the file")
            continue
        seen.add(code_id)
        stored = by_id[code_id]
        if stored["retired"]:
            plan.notes.append(
                f"{code_id} '{stored['label']}' is {stored['status']} here: it is left as it is"
            )
            continue
        if stored["label"] != label:
            plan.renamed.append({"code_id": code_id, "before": stored["label"], "after": label})
        if stored["category_id"] != cat_id:
            clash = _theme_clash(con, code_id, cat_id)
            if clash:
                plan.reasons.append(
                    f"moving {code_id} '{label}' to '{cat_name[cat_id]}' would leave {'; '.join(clash)} "
                    "under a theme that category does not allow"
                )
            plan.moved.append(
                {
                    "code_id": code_id,
                    "label": label,
                    "before": stored["category"],
                    "after": cat_name[cat_id],
                    "category_id": cat_id,
                }
            )
    twice = sorted(lab for lab, n in labels_in_file.items() if n > 1)
    if twice:
        plan.reasons.append(f"label(s) used more than once in the file: {'; '.join(twice[:5])}")
    for code_id, stored in by_id.items():
        if code_id not in seen and not stored["retired"]:
            plan.missing.append(
                {"code_id": code_id, "label": stored["label"], "excerpts": int(stored["excerpts"])}
            )
    if plan.orphaning:
        plan.reasons.append(
            "these codes have coded excerpts and are missing from the file, so their excerpts would be "
            f"orphaned: {'; '.join(plan.orphaning[:10])}"
            + (" ..." if len(plan.orphaning) > 10 else "")
            + " (merge them into another code on the Codebook page first, or keep them in the file)"
        )
    for category, labels in unknown_categories.items():
        plan.reasons.append(
            f"category '{category}' (for {len(labels)} code(s), e.g. {labels[0]!r}) is not in the codebook: "
            "add it on the Codebook page first, with its polarity and allowed themes"
        )
    renaming = {r["code_id"] for r in plan.renamed}
    for r in plan.renamed:
        holder = by_label.get(r["after"].lower())
        if holder and holder != r["code_id"] and holder not in renaming:
            plan.reasons.append(
                f"{r['code_id']} cannot be renamed {r['after']!r}: stored code {holder} has that label"
            )
    for new in plan.new_codes:
        holder = by_label.get(new["label"].lower())
        if holder and not any(r["code_id"] == holder for r in plan.renamed):
            plan.reasons.append(f"new code {new['label']!r} has the label of stored code {holder}")
    return plan


def apply_codebook(
    con: duckdb.DuckDBPyConnection,
    incoming: pd.DataFrame,
    actor: str,
    file_name: str,
    role: str | None = None,
) -> tuple[CodebookPlan, Change | None]:
    """Apply an incoming codebook as ONE versioned, audited change (re-planned inside the transaction).

    Raises CodebookError with the reasons when it is refused; returns (plan, None) when nothing changes.
    """
    with transaction(con):
        plan = plan_codebook(con, incoming)
        if plan.refused:
            raise CodebookError(f"{file_name}: not applied: " + "; ".join(plan.reasons))
        if not plan.changes:
            return plan, None
        today = _today()
        # Renames first through a temporary label, so two codes can swap labels within one file.
        for r in plan.renamed:
            con.execute(
                "update codes set label = $l where code_id = $id",
                {"l": f"\x00{r['code_id']}", "id": r["code_id"]},
            )
        for r in plan.renamed:
            con.execute(
                "update codes set label = $l where code_id = $id", {"l": r["after"], "id": r["code_id"]}
            )
        for m in plan.moved:
            con.execute(
                "update codes set category_id = $c where code_id = $id",
                {"c": m["category_id"], "id": m["code_id"]},
            )
        for m in plan.missing:
            con.execute(
                "update codes set retired = true, valid_to = $to where code_id = $id",
                {"to": today, "id": m["code_id"]},
            )
        added = []
        for new in plan.new_codes:
            code_id = _next_code_id(con)
            con.execute(
                "insert into codes (code_id, category_id, label, cross_cutting, retired, valid_from) "
                "values ($id, $cat, $label, $cross, false, $from)",
                {
                    "id": code_id,
                    "cat": new["category_id"],
                    "label": new["label"],
                    "cross": new["cross_cutting"],
                    "from": today,
                },
            )
            added.append(code_id)
        if plan.moved:
            aggregates.refresh(con)  # a recode changes categories and themes per woman: rebuilt whole
        summary = (
            f"Codebook imported from {_short(file_name)}: {len(added)} added, {len(plan.renamed)} renamed, "
            f"{len(plan.moved)} moved, {len(plan.missing)} retired"
        )
        version = _record(
            con,
            actor,
            role,
            "import",
            "codebook",
            None,
            summary,
            {
                "renamed": {r["code_id"]: r["before"] for r in plan.renamed},
                "moved": {m["code_id"]: m["before"] for m in plan.moved},
            },
            {
                "added": added,
                "renamed": {r["code_id"]: r["after"] for r in plan.renamed},
                "moved": {m["code_id"]: m["after"] for m in plan.moved},
                "retired": [m["code_id"] for m in plan.missing],
            },
            details={
                "file_name": file_name[: audit.MAX_DETAIL_TEXT],
                "added": len(added),
                "renamed": len(plan.renamed),
                "moved": len(plan.moved),
                "retired": len(plan.missing),
            },
        )
    return plan, Change(version, summary)
