"""The second held-out anonymiser corpus (tests/fixtures/anonymise/notes_blind2.jsonl) is well formed.

Checks the labels only, never the anonymiser: offsets in range, spans exact (non-empty, no
surrounding blanks), PII and must-keep spans never overlapping, each kind present often enough,
PII strings distinct within a kind, identifiers valid where a checksum or format exists, and the
file in step with the marked-up source it is built from.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "fixtures" / "anonymise"
PATH = HERE / "notes_blind2.jsonl"

PII_MIN = {
    kind: 15
    for kind in (
        "NAME",
        "WORDNAME",
        "PLACE_NAME",
        "HANDLE",
        "EMAIL",
        "PHONE",
        "POSTCODE",
        "NHS",
        "HOSPNO",
        "NINO",
        "REG",
        "STREET",
        "SCHOOL",
        "BLOCK",
        "DOB",
    )
}
KEEP_MIN = {kind: 20 for kind in ("CLINICAL", "SERVICE", "PLACE", "NATIONALITY", "ROLE", "ORDINARY", "TYPO")}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line]


def test_shape(rows):
    assert len(rows) >= 260
    for row in rows:
        assert set(row) == {"text", "pii", "keep", "source"}
        assert row["source"] == "blind2"
        assert isinstance(row["text"], str) and row["text"].strip()


def test_spans_exact_and_in_range(rows):
    for row in rows:
        text = row["text"]
        for start, end, kind in row["pii"] + row["keep"]:
            assert isinstance(start, int) and isinstance(end, int), row
            assert 0 <= start < end <= len(text), (row, start, end)
            span = text[start:end]
            assert span and span == span.strip(), (text, span)
            assert kind in PII_MIN or kind in KEEP_MIN, kind


def test_no_overlaps(rows):
    for row in rows:
        spans = sorted((s, e) for s, e, _ in row["pii"] + row["keep"])
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, row["text"]


def test_minimum_counts(rows):
    pii = Counter(kind for row in rows for _, _, kind in row["pii"])
    keep = Counter(kind for row in rows for _, _, kind in row["keep"])
    assert all(kind in PII_MIN for kind in pii) and all(kind in KEEP_MIN for kind in keep)
    for kind, least in PII_MIN.items():
        assert pii[kind] >= least, (kind, pii[kind])
    for kind, least in KEEP_MIN.items():
        assert keep[kind] >= least, (kind, keep[kind])


def test_pii_strings_distinct_within_kind(rows):
    seen = defaultdict(list)
    for row in rows:
        for start, end, kind in row["pii"]:
            seen[kind].append(row["text"][start:end].lower())
    for kind, spans in seen.items():
        repeated = [s for s, n in Counter(spans).items() if n > 1]
        assert not repeated, (kind, repeated)


def _spans(rows, kind):
    return [row["text"][s:e] for row in rows for s, e, k in row["pii"] if k == kind]


def test_nhs_numbers_pass_mod11(rows):
    for span in _spans(rows, "NHS"):
        digits = [int(c) for c in span if c.isdigit()]
        assert len(digits) == 10, span
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False)) % 11
        check = 0 if check == 11 else check
        assert check != 10 and check == digits[9], span


def test_ni_numbers_have_valid_prefixes(rows):
    for span in _spans(rows, "NINO"):
        compact = re.sub(r"\s", "", span).upper()
        assert re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact), span
        assert compact[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}, span


def test_registrations_and_postcodes_are_well_formed(rows):
    for span in _spans(rows, "REG"):
        assert re.fullmatch(r"[A-Z]{2}\d{2} ?[A-Z]{3}", span.upper()), span
    for span in _spans(rows, "POSTCODE"):
        assert re.fullmatch(r"(DA|ME|BR|TN)\d{1,2} ?\d[A-Z]{2}", span.upper()), span


def test_not_one_template(rows):
    """At most 3 notes share a sentence frame (the text with every labelled span blanked)."""
    frames = Counter()
    for row in rows:
        text = row["text"]
        for start, end, _ in sorted(row["pii"] + row["keep"], reverse=True):
            text = text[:start] + "_" + text[end:]
        frames[re.sub(r"\d", "0", text.lower())] += 1
    assert max(frames.values()) <= 3


def test_file_in_step_with_source(rows):
    sys.path.insert(0, str(HERE))
    try:
        import make_blind2
    finally:
        sys.path.remove(str(HERE))
    assert make_blind2.build() == rows
