"""The third held-out anonymiser corpus (tests/fixtures/anonymise/notes_blind3.jsonl) is well formed.

Checks the labels only, never the anonymiser: offsets in range and equal to the marked text,
spans exact (non-empty, no surrounding blanks), PII and must-keep spans never overlapping, every
kind known and present often enough, identifiers distinct across notes and valid where a checksum
or format exists, names not reused across many notes, a mix of notes with and without personal
details, and the file in step with the marked-up source it is built from.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "fixtures" / "anonymise"
PATH = HERE / "notes_blind3.jsonl"

NAME_KINDS = ("NAME", "WORDNAME", "PLACE_NAME", "NICK", "GROUP_NAME")
ID_KINDS = (
    "HANDLE",
    "FACEBOOK",
    "EMAIL",
    "SPELLED_EMAIL",
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
PII_MIN = {kind: 12 for kind in NAME_KINDS + ID_KINDS}
KEEP_MIN = {
    kind: 15
    for kind in (
        "CLINICAL",
        "MEDICINE",
        "SERVICE",
        "PLACE",
        "PLACE_OTHER",
        "NATIONALITY",
        "ROLE",
        "ORDINARY",
        "TYPO",
    )
}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line]


def _make_blind3():
    sys.path.insert(0, str(HERE))
    try:
        import make_blind3
    finally:
        sys.path.remove(str(HERE))
    return make_blind3


def test_shape(rows):
    assert len(rows) >= 280
    for row in rows:
        assert set(row) == {"text", "pii", "keep", "source"}
        assert row["source"] == "blind3"
        assert isinstance(row["text"], str) and row["text"].strip()
        assert "[[" not in row["text"] and "]]" not in row["text"]


def test_spans_exact_and_in_range(rows):
    for row in rows:
        text = row["text"]
        for start, end, _kind in row["pii"] + row["keep"]:
            assert isinstance(start, int) and isinstance(end, int), row
            assert 0 <= start < end <= len(text), (row, start, end)
            span = text[start:end]
            assert span and span == span.strip(), (text, span)
        assert all(kind in PII_MIN for _, _, kind in row["pii"]), row
        assert all(kind in KEEP_MIN for _, _, kind in row["keep"]), row


def test_no_overlaps(rows):
    for row in rows:
        spans = sorted((s, e) for s, e, _ in row["pii"] + row["keep"])
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, row["text"]


def test_minimum_counts_and_mix(rows):
    pii = Counter(kind for row in rows for _, _, kind in row["pii"])
    keep = Counter(kind for row in rows for _, _, kind in row["keep"])
    for kind, least in PII_MIN.items():
        assert pii[kind] >= least, (kind, pii[kind])
    for kind, least in KEEP_MIN.items():
        assert keep[kind] >= least, (kind, keep[kind])
    assert sum(keep.values()) >= 0.8 * sum(pii.values())
    without = sum(1 for row in rows if not row["pii"])
    assert 0.15 * len(rows) <= without <= 0.35 * len(rows)
    assert sum(1 for row in rows if len({k for _, _, k in row["pii"]}) >= 3) >= 20


def test_identifiers_distinct_and_names_not_reused(rows):
    notes = defaultdict(set)
    for i, row in enumerate(rows):
        for start, end, kind in row["pii"]:
            notes[(kind, row["text"][start:end].lower())].add(i)
    for (kind, span), where in notes.items():
        assert len(where) <= (2 if kind in NAME_KINDS else 1), (kind, span, sorted(where))


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
    spans = _spans(rows, "NINO")
    for span in spans:
        compact = re.sub(r"\s", "", span).upper()
        assert re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact), span
        assert compact[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}, span
    assert any(s.islower() for s in spans) and any(s.isupper() for s in spans)
    assert any(" " in s for s in spans) and any(" " not in s for s in spans)


def test_registrations_postcodes_phones_emails_are_well_formed(rows):
    regs = _spans(rows, "REG")
    for span in regs:
        assert re.fullmatch(r"[A-Z]{2} ?\d{2} ?[A-Z]{3}", span.upper()), span
    assert any(" " in s for s in regs) and any(" " not in s for s in regs) and any(s.islower() for s in regs)
    for span in _spans(rows, "POSTCODE"):
        assert re.fullmatch(r"(DA|ME|BR|TN)\d{1,2} ?\d[A-Z]{2}", span.upper()), span
    for span in _spans(rows, "PHONE"):
        digits = re.sub(r"\D", "", span)
        assert re.fullmatch(r"(0|44)\d{10}", digits), span
    for span in _spans(rows, "EMAIL"):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", span), span
    for span in _spans(rows, "SPELLED_EMAIL"):
        assert " at " in span and "@" not in span, span
    for span in _spans(rows, "HANDLE"):
        assert " " not in span, span


def test_not_one_template(rows):
    """At most 3 notes share a sentence frame (the text with every labelled span blanked)."""
    frames = Counter()
    for row in rows:
        text = row["text"]
        for start, end, _ in sorted(row["pii"] + row["keep"], reverse=True):
            text = text[:start] + "_" + text[end:]
        frames[re.sub(r"\d", "0", text.lower())] += 1
    assert max(frames.values()) <= 3


def test_builder_rejects_bad_markup():
    make = _make_blind3()
    assert make.parse("spoke to [[Ann|N]] at [[DVH|S]]")["pii"] == [[9, 12, "NAME"]]
    for bad in ("[[Ann|ZZ]] said", "[[[[Ann|N]]|N]] said", "[[ Ann|N]] said", "[[Ann|N] said"):
        with pytest.raises(ValueError):
            make.parse(bad)


def test_file_in_step_with_source(rows):
    assert _make_blind3().build() == rows
