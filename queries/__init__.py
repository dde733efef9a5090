"""Named SQL queries: one `.sql` file per query, headed by name/returns/grain/params comments.

`run(con, "rating_distribution", start=..., end=...)` reads `queries/rating_distribution.sql`,
checks the keyword arguments against the file's declared `$parameters` and binds them (never
formats them into the SQL text). Header lines: `-- name:`, `-- returns:`, `-- grain:`,
`-- params:` (every `$name` the SQL uses) and, for parameters other than the shared filter ones
(insights.analysis.filters.Filters.params()), `-- example:` with JSON example values used by the tests.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    """A parsed query file."""

    name: str
    sql: str
    returns: str
    grain: str
    params: tuple[str, ...]
    example: dict = field(default_factory=dict)


def names() -> list[str]:
    """Every query name available, sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@cache
def load(name: str) -> Query:
    """Parse one query file and its header."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query file queries/{name}.sql")
    sql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        key, _, value = line[2:].strip().partition(":")
        header[key.strip()] = value.strip()
    declared = tuple(sorted(set(_PARAM.findall(header.get("params", "")))))
    used = tuple(sorted(set(_PARAM.findall(_strip_comments(sql)))))
    if header.get("name") != name:
        raise ValueError(f"queries/{name}.sql: header '-- name:' must be {name!r}")
    if declared != used:
        raise ValueError(f"queries/{name}.sql: declares {declared} but uses {used}")
    example = json.loads(header["example"]) if header.get("example") else {}
    return Query(name, sql, header.get("returns", ""), header.get("grain", ""), declared, example)


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


#: Queries that return women's original (not anonymised) words: only insights.quotes.review.original_wording
#: (after checking the role) and the REFI-QDA project export (insights.coding.refi, the officer's CLI) run them.
RESTRICTED = frozenset({"quote_original_text", "refi_narratives", "refi_excerpts"})
#: Agreement between coders: a sampled note and both coders' excerpts, through insights.coding.agreement only.
RESTRICTED |= {"agreement_note", "agreement_disagreements"}


def run(con, name: str, *, _restricted_ok: bool = False, **params) -> pd.DataFrame:
    """Run a named query with bound parameters and return a DataFrame."""
    if name in RESTRICTED and not _restricted_ok:
        raise PermissionError(
            f"query {name} returns original wording: use insights.quotes.review.original_wording"
        )
    query = load(name)
    missing = set(query.params) - set(params)
    extra = set(params) - set(query.params)
    if missing or extra:
        raise TypeError(f"query {name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    if _timings is None:
        return con.execute(query.sql, params or None).df()
    start = time.perf_counter()
    try:
        return con.execute(query.sql, params or None).df()
    finally:
        with _timings_lock:
            if _timings is not None:
                _timings.append((name, time.perf_counter() - start))


#: Benchmark mode only (benchmarks.run): (query name, seconds) of every run() while `timed()` is open.
_timings: list[tuple[str, float]] | None = None
_timings_lock = threading.Lock()


@contextmanager
def timed() -> Iterator[list[tuple[str, float]]]:
    """Record every query run (any thread) inside the block: yields the list of (name, seconds)."""
    global _timings
    found: list[tuple[str, float]] = []
    with _timings_lock:
        _timings = found
    try:
        yield found
    finally:
        with _timings_lock:
            _timings = None
