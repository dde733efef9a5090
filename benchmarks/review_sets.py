"""Score the anonymiser on the review sets: invented lines that helpers wrote to try a round's rules (issue 10).

    python benchmarks/review_sets.py            # every set in tests/fixtures/anonymise/reviews/
    python benchmarks/review_sets.py --show     # also each line changed (keep sets) or leaking (removal sets)

A keep set (`*_keep.txt`, one line each) holds no personal details: the figure is the lines the anonymiser changes.
A removal set (`*_removal.jsonl`: `text`, `pii` as [start, end] spans, `group`) holds invented personal details: one
is removed when none of its letters or digits is left in place (the text and the output aligned by tokens, so
"[NAME] green" still leaks "green"). The sets are tuning sets once read: rules 51's were read to mend it, so their
figures are no held-out estimate (docs/anonymiser-rounds.md, rules 51).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insights.quotes import anonymise  # noqa: E402

REVIEWS = ROOT / "tests" / "fixtures" / "anonymise" / "reviews"
_TOKEN = re.compile(r"\[[A-Z_ ]+\]|\w+|\s+|[^\w\s]")


def kept_positions(text: str, out: str) -> set[int]:
    """Positions of `text` whose token comes through unchanged in `out` (token alignment)."""
    a = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    b = [m.group() for m in _TOKEN.finditer(out)]
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], b, autojunk=False)
    kept: set[int] = set()
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            for _tok, start, end in a[i1:i2]:
                kept.update(range(start, end))
    return kept


def leaks(text: str, out: str, spans: list[list[int]]) -> list[bool]:
    """For each span, whether a letter or digit of it is left in place."""
    kept = kept_positions(text, out)
    return [any(text[k].isalnum() and k in kept for k in range(a, b)) for a, b in spans]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    engine = anonymise.Anonymiser(Path("/nonexistent/deny_list.txt"))
    print(f"engine: {engine.label}")
    for path in sorted(REVIEWS.glob("*_keep.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        outs = engine.anonymise_many(lines)
        changed = [(a, b) for a, b in zip(lines, outs, strict=True) if a != b]
        print(f"{path.name}: {len(changed)} of {len(lines)} lines with no personal details changed")
        if args.show:
            for a, b in changed:
                print(f"  {a}\n    -> {b}")
    for path in sorted(REVIEWS.glob("*_removal.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        outs = engine.anonymise_many([r["text"] for r in rows])
        total, left, by_group = 0, 0, Counter()
        for row, out in zip(rows, outs, strict=True):
            flags = leaks(row["text"], out, row["pii"])
            total += len(flags)
            left += sum(flags)
            by_group[row["group"]] += sum(flags)
            if args.show and any(flags):
                print(f"  LEAK {row['text']}\n    -> {out}")
        print(
            f"{path.name}: {total - left} of {total} personal details removed; left by group: "
            + ", ".join(f"{g} {n}" for g, n in sorted(by_group.items()) if n)
        )


if __name__ == "__main__":
    main()
