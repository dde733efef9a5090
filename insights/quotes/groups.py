"""Duplicate quotes: one wording said by several women (or coded twice) is one quote, decided once.

The rule (also in queries/quote_groups.sql and queries/quote_approved_groups.sql, kept equal by a
test): two excerpts are the same quote when their anonymised wording is equal after removing the
redaction tags ([NAME], [PHONE], ...), lower-casing, and turning every run of characters that are not
letters or digits (punctuation, spaces, line breaks) into one space. Word order and every word
count, so "she was not listened to" and "she was listened to" stay apart. A wording made only of
tags keeps its exact text as its key (it is never merged with other tag-only wordings).

A fuzzy rule (e.g. token-set similarity >= 0.9) was not used: it is not transitive, so groups would
depend on the order excerpts are compared in, and for quotes under 19 words a 0.9 token-set
similarity already means the same words.

The reviewer's decision on a group is recorded for every excerpt in it through the normal review
path (`quotes.review`: one review row and one audit row each).
"""

from __future__ import annotations

import re

import duckdb

from insights.analysis import disclosure
from insights.output.wording import plural
from insights.quotes import review as quotes

#: The redaction tags the anonymiser writes (insights.quotes.anonymise.TAGS).
TAG = re.compile(r"\[(?:NAME|PHONE|EMAIL|NHS NUMBER|POSTCODE|ADDRESS|DATE)\]")
_NOT_WORD = re.compile(r"[\W_]+")


def quote_key(text: str | None) -> str:
    """The grouping key of a wording (see the module docstring for the rule)."""
    raw = text or ""
    key = " ".join(w for w in _NOT_WORD.split(TAG.sub(" ", raw).lower()) if w)
    return key or raw


def review_group(
    con: duckdb.DuckDBPyConnection,
    excerpt_ids: list[str],
    decision: str,
    reviewer: str,
    *,
    edited_text: str | None = None,
    note: str | None = None,
    role: str | None = None,
    actor: str | None = None,
    confirm_suspects: bool = False,
) -> list[quotes.ReviewResult]:
    """Record one decision for every excerpt of a quote group (each reviewed and audited on its own)."""
    if not excerpt_ids:
        raise quotes.ReviewError("There is no excerpt to review.")
    if not (reviewer or "").strip():
        raise quotes.ReviewError("Enter your name first: every decision records who made it.")
    results = []
    for excerpt_id in dict.fromkeys(excerpt_ids):
        results.append(
            quotes.review(
                con,
                excerpt_id,
                decision,
                reviewer,
                edited_text=edited_text,
                note=note,
                role=role,
                actor=actor,
                confirm_suspects=confirm_suspects,
            )
        )
    return results


def said_by(women: int, rule: disclosure.Rule | None = None) -> str:
    """'Said by 3 women' (exact, rule None) or the disclosure-controlled wording for commissioners.

    Under a rule a count from 1 to threshold-1 is not shown at all (empty text), others are rounded.
    """
    n = int(women)
    if rule is None:
        return f"Said by {plural(n, 'woman', 'women')}" if n > 1 else "Said by 1 woman"
    shown = disclosure.count(n, rule)
    if not shown:
        return ""
    return f"Said by about {plural(shown, 'woman', 'women')}"


def check_reviewer_name(name: str | None) -> str | None:
    """Why a reviewer name cannot be used (shown next to the field), or None when it is fine."""
    text = (name or "").strip()
    if not text:
        return "Enter your name: every decision records who made it."
    if len(text) < 2:
        return "Enter your full name or initials and surname (at least 2 characters)."
    if len(text) > 80:
        return "That name is too long: use at most 80 characters."
    if not any(ch.isalpha() for ch in text):
        return "A name needs at least one letter."
    return None
