"""Seeded MNVP decisions for the demo, so Approved quotes and the briefing have content on day one.

Made through the same path a reviewer's clicks take (queries/quote_groups.sql to list the quotes,
`quote_groups.review_group` -> `quotes.review` to record each decision with its audit row), chosen
deterministically from the demo seed:

- approved as anonymised: up to two quotes per category that read well on their own (6-30 words,
  no redaction tag left in them);
- approved with edited wording: some of those, tidied for publication (capital letter, full stop),
  with a note saying so;
- rejected: quotes that still point at a named member of staff (a [NAME] tag: the staff member could
  be identified from the rest of the sentence) and quotes too short to stand on their own.

Everything else stays waiting for review, as a newcomer's queue.
"""

from __future__ import annotations

import random

import duckdb
import pandas as pd

import queries
from insights.quotes import groups as quote_groups
from insights.quotes import review as quotes

REVIEWERS = ("Demo Reviewer A (MNVP)", "Demo Reviewer B (MNVP)")
PER_CATEGORY = 2
EDIT_EVERY = 4  # about one approval in four is tidied first
MAX_SHORT_REJECTS = 4
MIN_WORDS, MAX_WORDS = 6, 30

_ALL = {
    "terms": [],
    "themes": [],
    "categories": [],
    "polarities": [],
    "care_stages": [],
    "statuses": ["pending"],
    "ethnic_groups": [],
    "core20": [],
}


def tidy(text: str) -> str:
    """The wording a reviewer would publish: first letter capitalised, ending with a full stop."""
    words = text.strip()
    if not words:
        return words
    words = words[0].upper() + words[1:]
    return words if words[-1] in ".!?" else words + "."


def plan(groups: pd.DataFrame, seed: int) -> list[tuple[str, list[str], str, str | None, str | None]]:
    """Which quote groups get which decision: (first excerpt id, excerpt ids, decision, edit, note)."""
    rng = random.Random(seed)
    rows = groups.sort_values(["category", "excerpt_id"]).reset_index(drop=True)
    words = rows["quote"].str.split().str.len()
    tagged = rows["quote"].str.contains(r"\[[A-Z ]+\]", regex=True)
    decisions: list[tuple[str, list[str], str, str | None, str | None]] = []
    readable = rows[~tagged & words.between(MIN_WORDS, MAX_WORDS)]
    approvals = 0
    for _, by_category in readable.groupby("category", sort=True):
        picks = by_category.sample(n=min(PER_CATEGORY, len(by_category)), random_state=rng.randrange(2**31))
        for row in picks.sort_values("excerpt_id").itertuples(index=False):
            approvals += 1
            ids = list(row.excerpt_ids)
            edited = tidy(row.quote)
            if approvals % EDIT_EVERY == 0 and edited != row.quote:
                decisions.append((row.excerpt_id, ids, "edit", edited, "Tidied for publication."))
            else:
                decisions.append((row.excerpt_id, ids, "approve", None, None))
    for row in rows[tagged].itertuples(index=False):
        note = "A named member of staff could still be recognised from the rest of the sentence."
        decisions.append((row.excerpt_id, list(row.excerpt_ids), "reject", None, note))
    short = rows[words < MIN_WORDS].sort_values("excerpt_id")
    if len(short):
        picks = short.sample(n=min(MAX_SHORT_REJECTS, len(short)), random_state=rng.randrange(2**31))
        for row in picks.sort_values("excerpt_id").itertuples(index=False):
            note = "Too short to stand on its own in a report."
            decisions.append((row.excerpt_id, list(row.excerpt_ids), "reject", None, note))
    return decisions


def seed_reviews(con: duckdb.DuckDBPyConnection, seed: int) -> dict[str, int]:
    """Record the planned demo decisions through the review path; returns decisions per kind."""
    groups = queries.run(con, "quote_groups", **_ALL, page_size=1_000_000, page_offset=0)
    counts = {"approve": 0, "edit": 0, "reject": 0, "excerpts": 0}
    if groups.empty:
        return counts
    for i, (_, ids, decision, edited, note) in enumerate(plan(groups, seed)):
        reviewer = REVIEWERS[i % len(REVIEWERS)]
        try:
            results = quote_groups.review_group(
                con, ids, decision, reviewer, edited_text=edited, note=note, role="mnvp", actor=reviewer
            )
        except quotes.ReviewError:
            continue  # e.g. the anonymiser is not available to check edited wording: leave it pending
        counts[decision] += 1
        counts["excerpts"] += len(results)
    return counts
