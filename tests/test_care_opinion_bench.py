"""benchmarks/care_opinion.py: the judged false-change figure on real long stories (no story text in the repo)."""

from __future__ import annotations

import csv

import pytest

from benchmarks import care_opinion as co
from insights.quotes.lexicon import Finding


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["kind", "key", "verdict"])
        writer.writerows(rows)


def test_halves_keep_file_order_and_leave_blank_stories_out(tmp_path):
    path = tmp_path / "co.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "feedback"])
        writer.writerows([["x", f"story {n}"] for n in range(co.READ + 3)] + [["x", "  "]])
    halves = co.stories(path)
    assert halves["read"][0] == "story 0" and len(halves["read"]) == co.READ
    assert halves["held"] == [f"story {n}" for n in range(co.READ, co.READ + 3)]


def test_judged_counts_clean_stories_changed_and_spans_by_verdict(tmp_path):
    a, b = "Jo on Ward 3 was kind.", "Seen on 3 May at Darent Valley."
    changed = [
        (a, "[NAME] on Ward 3 was kind.", [Finding(0, 2, "PERSON", "t")]),
        (b, "Seen on [DATE] at Darent Valley.", [Finding(8, 13, "DATE_TIME", "t")]),
    ]
    path = tmp_path / "verdicts.csv"
    _write(
        path,
        [
            ["story", co.story_key(a), "personal"],
            ["story", co.story_key(b), "clean"],
            ["span", co.span_key(a, 0, 2), "catch"],
        ],
    )
    result = co.judged(changed, *co.read_verdicts(path))
    assert result == {
        "changed": 2,
        "clean_changed": 1,
        "stories_not_judged": 0,
        "spans": {"catch": 1, "not judged": 1},
    }
    assert co.span_key(a, 0, 2) != co.span_key(b, 0, 2)  # the story is part of a span's key


@pytest.mark.parametrize("row", [["span", "k", "maybe"], ["story", "k", "catch"], ["note", "k", "clean"]])
def test_a_verdict_file_with_an_unknown_verdict_is_refused(tmp_path, row):
    path = tmp_path / "verdicts.csv"
    _write(path, [row])
    with pytest.raises(ValueError, match="line 2"):
        co.read_verdicts(path)


def test_the_committed_verdicts_hold_keys_and_verdicts_only():
    story, span = co.read_verdicts(co.VERDICTS)
    assert (
        len(story) == 355 and len(span) == 860
    )  # rules 63: 351 and 846; rules 64 added 2 stories and 3 spans; rules 70 1 and 3; rules 71 1 and 8
    keys = set(story) | set(span)
    assert all(len(k) == 16 and all(c in "0123456789abcdef" for c in k) for k in keys)
