"""False changes on real long stories: Care Opinion stories that hold nothing personal, changed by the anonymiser.

pxtextmining (CDU Data Science Team, MIT licence) publishes 1,977 Care Opinion stories with their coding in
datasets/phase_1/co.csv (column `feedback`). They stay outside this repository. The first 1,000 are the read half
(rounds may read what changed in them); the other 977 are the held half: a reader judges what changed there, blind
to the rules, and only counts are printed.

    python benchmarks/care_opinion.py CO.csv                    # stories changed in each half
    python benchmarks/care_opinion.py CO.csv --dump OUT.jsonl   # the held half's changed stories, for a judge
    python benchmarks/care_opinion.py CO.csv --verdicts FILE    # the judged figures (counts only)

`--dump` writes, for each changed story of the held half, its text, its anonymised text and every span the
anonymiser replaced (start, end, entity), with the keys the verdicts use. Keep that file outside the repository: it
holds the stories. The judge writes a verdicts file, committed as benchmarks/care_opinion_verdicts.csv, which holds
no words of any story: one row per story (`kind` story: `clean` when the story holds no personal detail at all,
`personal` otherwise) and one row per span (`kind` span: `catch` when the span is a personal detail, `false` when it
is not, `partial` when it holds one and more, `unsure`), keyed by hashes of the story and of the span's place and
words. A span a newer rules version finds is "not judged" until someone judges it.

The figure the issue asks for is "changed stories with nothing personal in them": stories judged `clean` that the
anonymiser changed. Every story the anonymiser leaves unchanged passes whatever it holds.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.anonymise_eval import NO_DENY_LIST  # noqa: E402
from insights.quotes import anonymise  # noqa: E402

READ = 1000
VERDICTS = ROOT / "benchmarks" / "care_opinion_verdicts.csv"
SPAN_VERDICTS = ("catch", "false", "partial", "unsure")
STORY_VERDICTS = ("clean", "personal")


def stories(path: Path) -> dict[str, list[str]]:
    """The stories of co.csv in file order (blank ones left out), split into the read and the held half."""
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        texts = [(row.get("feedback") or "").strip() for row in csv.DictReader(fh)]
    texts = [t for t in texts if t]
    return {"read": texts[:READ], "held": texts[READ:]}


def story_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def span_key(text: str, start: int, end: int) -> str:
    """A span's key: the story's, its place and its words (the words themselves are never stored)."""
    return hashlib.sha256(f"{story_key(text)}|{start}|{end}|{text[start:end]}".encode()).hexdigest()[:16]


def changes(engine: anonymise.Anonymiser, texts: list[str]) -> list[tuple[str, str, list]]:
    """(story, anonymised story, findings) for every story the anonymiser changes."""
    out = []
    for text, found in zip(texts, engine.find_many(texts), strict=True):
        after = anonymise.apply_tags(text, found)
        if after != text:
            out.append((text, after, found))
    return out


def read_verdicts(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Story and span verdicts by key; a row with an unknown kind or verdict is refused."""
    story, span = {}, {}
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            kind, key, verdict = row.get("kind"), row.get("key"), row.get("verdict")
            allowed = STORY_VERDICTS if kind == "story" else SPAN_VERDICTS if kind == "span" else ()
            if not key or verdict not in allowed:
                raise ValueError(f"{path.name} line {n}: kind {kind!r}, verdict {verdict!r}")
            (story if kind == "story" else span)[key] = verdict
    return story, span


def judged(changed: list[tuple[str, str, list]], story: dict[str, str], span: dict[str, str]) -> dict:
    """Counts over the changed stories: span verdicts, clean stories changed, what is not judged yet."""
    spans: Counter = Counter()
    clean_changed = unjudged_stories = 0
    for text, _after, found in changed:
        verdict = story.get(story_key(text))
        if verdict is None:
            unjudged_stories += 1
        clean_changed += verdict == "clean"
        for f in found:
            spans[span.get(span_key(text, f.start, f.end), "not judged")] += 1
    return {
        "changed": len(changed),
        "clean_changed": clean_changed,
        "stories_not_judged": unjudged_stories,
        "spans": dict(spans),
    }


def dump(changed: list[tuple[str, str, list]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for text, after, found in changed:
            row = {
                "story": story_key(text),
                "text": text,
                "anonymised": after,
                "spans": [
                    {
                        "key": span_key(text, f.start, f.end),
                        "start": f.start,
                        "end": f.end,
                        "entity": f.entity,
                    }
                    for f in found
                ],
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("co", type=Path, help="pxtextmining datasets/phase_1/co.csv (kept outside the repo)")
    parser.add_argument("--dump", type=Path, help="write the held half's changed stories here, for a judge")
    parser.add_argument("--verdicts", type=Path, nargs="?", const=VERDICTS, help="score with a verdicts file")
    args = parser.parse_args(argv)
    engine = anonymise.Anonymiser(NO_DENY_LIST)
    print(f"engine: {engine.label}")
    halves = stories(args.co)
    held = changes(engine, halves["held"])
    if args.dump:
        dump(held, args.dump)
        print(f"held half: {len(held)} changed stories written to {args.dump}")
        return
    read = changes(engine, halves["read"])
    print(f"read half: {len(read)} of {len(halves['read'])} stories changed")
    print(f"held half: {len(held)} of {len(halves['held'])} stories changed")
    if args.verdicts:
        r = judged(held, *read_verdicts(args.verdicts))
        print(
            f"held half, judged: {r['clean_changed']} of {len(halves['held'])} stories changed with nothing personal "
            f"in them; spans {r['spans']}; changed stories not judged {r['stories_not_judged']}"
        )


if __name__ == "__main__":
    main()
