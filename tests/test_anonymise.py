"""The anonymiser: recall on a labelled corpus, must-keep survival, UK formats, offline, fail closed, CLI."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from insights.quotes import anonymise

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "fixtures" / "anonymise"
NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    """One engine for the module, WITHOUT the deny-list: the figures measure the rules alone."""
    return no_deny_list_engine  # one for the run (tests/conftest.py)


def load_corpus(name: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]


def score(engine: anonymise.Anonymiser, rows: list[dict]) -> dict:
    """PII recall (a PII string is caught when it no longer appears), must-keep survival, unchanged."""
    outputs = engine.anonymise_many([r["text"] for r in rows])
    found, total, kept, keep_total, unchanged, unchanged_total = Counter(), Counter(), 0, 0, 0, 0
    leaks, lost = [], []
    for row, out in zip(rows, outputs, strict=True):
        for span, kind in row["pii"]:
            total[kind] += 1
            if span in out:
                leaks.append((kind, span, out))
            else:
                found[kind] += 1
        for term in row["keep"]:
            keep_total += 1
            if term in out:
                kept += 1
            else:
                lost.append((term, out))
        if row.get("unchanged"):
            unchanged_total += 1
            unchanged += out == row["text"]
    return {
        "recall": sum(found.values()) / sum(total.values()),
        "by_kind": {k: f"{found[k]}/{total[k]}" for k in sorted(total)},
        "keep": kept / keep_total,
        "unchanged": f"{unchanged}/{unchanged_total}",
        "leaks": leaks,
        "lost": lost,
        "pii": sum(total.values()),
        "keep_terms": keep_total,
    }


@pytest.mark.parametrize(("name", "min_recall"), [("dev", 1.0), ("heldout", 0.95)])
def test_corpus_recall_and_must_keep(engine, name, min_recall):
    """Prints the figures reported in the project notes (run with -s to see them)."""
    rows = load_corpus(name)
    result = score(engine, rows)
    print(
        f"\n{name}: PII recall {result['recall']:.1%} of {result['pii']} ({result['by_kind']}); "
        f"must-keep survival {result['keep']:.1%} of {result['keep_terms']}; unchanged {result['unchanged']}"
    )
    assert result["recall"] >= min_recall, result["leaks"]
    assert result["keep"] >= 0.98, result["lost"]
    kinds = {kind for row in rows for _, kind in row["pii"]}
    assert kinds == {"NAME", "PHONE", "EMAIL", "NHS NUMBER", "POSTCODE", "ADDRESS", "DATE"}


def test_corpus_rows_are_well_formed():
    for name in ("dev", "heldout"):
        for row in load_corpus(name):
            for span, _ in row["pii"]:
                assert span in row["text"], (name, span)
            for term in row["keep"]:
                assert term in row["text"], (name, term)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Said midwife Sarah was lovely.", "Said midwife [NAME] was lovely."),
        ("dr okafor never listened", "[NAME] never listened"),
        ("DR OKAFOR NEVER LISTENED", "[NAME] NEVER LISTENED"),
        ("Dr. Adebayo-Mensah saw her.", "[NAME] saw her."),
        ("Her husband Tomasz Nowak came.", "Her husband [NAME] came."),
        ("Grace the midwife was kind.", "[NAME] the midwife was kind."),
        ("my name is Ngozi", "my name is [NAME]"),
        ("Ring 07700 900123.", "Ring [PHONE]."),
        (
            "Ring 07700900123 or +44 7700 900123 or 0044 (0)7700 900 123.",
            "Ring [PHONE] or [PHONE] or [PHONE].",
        ),
        ("Office (01322) 428 100, mobile 07700-900-123", "Office [PHONE], mobile [PHONE]"),
        ("NHS number 943 476 5919", "NHS number [NHS NUMBER]"),
        ("label 943-476-5919", "label [NHS NUMBER]"),
        ("e-mail jo.bloggs+mnvp@example.org please", "e-mail [EMAIL] please"),
        ("at 12 Oak Road, DA11 0DL", "at [ADDRESS], [POSTCODE]"),
        ("postcode br87ae", "postcode [POSTCODE]"),
        ("born 12/06/2023, due on 3rd May", "born [DATE], due on [DATE]"),
    ],
)
def test_examples(engine, text, expected):
    assert engine.anonymise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She waited 14 weeks for the scan and the baby came last month.",
        "Rated her care 8/10; she had 3 appointments in May at Darent Valley Hospital.",
        "The Polish interpreter and her GP in Gravesend were both helpful.",
        "Black women are not believed about pain.",
        "A 10 digit number 1234567890 that fails the NHS checksum stays.",
        "the midwife said she was fine",
        "Her partner works nights and her mum speaks Punjabi and Urdu.",
        "She went to the family hub in Swanley on Thursdays.",
        "By the grace of God the baby was fine.",
        "",
    ],
)
def test_must_survive_unchanged(engine, text):
    assert engine.anonymise(text) == text


def test_invalid_nhs_checksum_is_left_but_named_nhs_number_is_removed(engine):
    assert engine.anonymise("943 476 5918") == "943 476 5918"  # checksum fails, no context
    assert engine.anonymise("her NHS number is 943 476 5918") == "her NHS number is [NHS NUMBER]"


def test_findings_name_their_recogniser(engine):
    findings = engine.find("Dr Mensah rang 07700 900123")
    assert [(f.entity, f.tag) for f in findings] == [("PERSON", "[NAME]"), ("PHONE_NUMBER", "[PHONE]")]
    assert all(f.source for f in findings)


def test_apply_tags_merges_adjacent_names():
    text = "Ngozi Eze came"
    findings = [anonymise.Finding(0, 5, "PERSON", "a"), anonymise.Finding(6, 9, "PERSON", "b")]
    assert anonymise.apply_tags(text, findings) == "[NAME] came"


def test_deny_list_always_removes_local_staff_names(tmp_path):
    deny = tmp_path / "deny.txt"
    deny.write_text("# local staff\nBloggsworth\nDeeqa Warsame\n", encoding="utf-8")
    engine = anonymise.Anonymiser(deny)
    assert engine.anonymise("saw bloggsworth and Deeqa Warsame today") == "saw [NAME] and [NAME] today"
    assert "lists" in engine.label


def test_demo_notes_keep_no_pii(engine):
    """The demo's fictional PII (staff, doctors, partners, 07700 numbers, dates) never survives."""
    from insights.demo import generate as demo
    from insights.demo import phrases as T

    notes = demo.generate(n_narratives=321, seed=20230301)["narratives"]["note"].tolist()
    outputs = engine.anonymise_many(notes)
    names = set(T.PII_STAFF) | {d.split()[1] for d in T.PII_DOCTORS}
    names |= {n for group in T.PII_PARTNERS.values() for n in group}
    pattern = re.compile(
        r"\b("
        + "|".join(sorted(names))
        + r")\b|07700|\b\d{1,2}(st|nd|rd|th) ("
        + "|".join(T.MONTH_NAMES)
        + ")"
    )
    with_pii = [n for n in notes if pattern.search(n)]
    assert len(with_pii) > 20  # the demo really does carry PII
    leaks = [out for out in outputs if pattern.search(out)]
    assert not leaks, leaks[:5]


def test_no_network_while_loading_and_anonymising(monkeypatch):
    """A fresh engine loads and works with every socket refused (no model or suffix-list download)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    import tldextract

    monkeypatch.setattr(tldextract, "extract", refuse)
    engine = anonymise.Anonymiser(NO_DENY_LIST)
    out = engine.anonymise_many(["Email jo@example.co.uk or ring 07700 900123, Dr Okafor said."] * 3)
    assert out[0] == "Email [EMAIL] or ring [PHONE], [NAME] said."
    assert attempts == []


def test_changed_model_fails_closed(monkeypatch):
    monkeypatch.setattr(anonymise, "MODEL_SHA256", "0" * 64)
    with pytest.raises(anonymise.AnonymiserUnavailable, match="not the vetted copy"):
        anonymise.Anonymiser(NO_DENY_LIST)


def test_missing_model_fails_closed(monkeypatch):
    monkeypatch.setattr(anonymise, "MODEL_PACKAGE", "no_such_model_package")
    with pytest.raises(anonymise.AnonymiserUnavailable, match="not installed"):
        anonymise.Anonymiser(NO_DENY_LIST)


def cli_anonymise(tmp_path, lines: list[str], *options: str) -> list[str]:
    """`python -m insights anonymise [options]` with `lines` on stdin (no deny-list): the output lines."""
    env = {"MATERNITY_DENY_LIST": str(tmp_path / "none.txt"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "insights", "anonymise", *options],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


def test_cli_round_trip(tmp_path):
    lines = [
        "Said midwife Sarah rang 07700 900123.",
        "",
        "Nothing personal here, the clinic in Dartford was busy.",
        "DOB 01/02/1990, postcode DA11 0DL",
    ]
    assert cli_anonymise(tmp_path, lines) == [
        "Said midwife [NAME] rang [PHONE].",
        "",
        "Nothing personal here, the clinic in Dartford was busy.",
        "DOB [DATE], postcode [POSTCODE]",
    ]


def test_cli_marks_what_quote_review_would_mark(tmp_path):
    lines = ["Bramble - home birth cancelled on the day, ref D1234567", "the scan was fine"]
    assert cli_anonymise(tmp_path, lines, "--marks") == [
        "⟦Bramble⟧ - home birth cancelled on the day, ref [HOSPITAL NUMBER]",
        "the scan was fine",
    ]


def test_cli_reads_any_bytes_one_line_out_per_line_in(tmp_path):
    """An undecodable byte, a byte-order mark, Windows line ends and a lone carriage return: every line
    still comes out, in order, anonymised (one bad byte used to stop the whole run with no output)."""
    data = (
        b"\xef\xbb\xbfMidwife Grace rang her\r\n"
        b"bad \xff byte, Sarah said hi\n"
        b"a\rb, Tom said\n"
        b"\n"
        b"last line, no line end, Priya said"
    )
    done = subprocess.run(
        [sys.executable, "-m", "insights", "anonymise"],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={"MATERNITY_DENY_LIST": str(tmp_path / "none.txt"), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    assert done.stdout.decode("utf-8").split("\n") == [
        "Midwife [NAME] rang her",
        "bad \ufffd byte, [NAME] said hi",
        "a\rb, [NAME] said",
        "",
        "last line, no line end, [NAME] said",
        "",
    ]


def test_lone_surrogates_are_read_not_raised(engine):
    """A text holding a lone surrogate (a byte read with surrogateescape) is anonymised like its U+FFFD
    spelling, offsets unchanged, and its marks computed."""
    text = "bad \udcff byte, Sarah said hi"
    assert engine.anonymise_many([text]) == ["bad \ufffd byte, [NAME] said hi"]
    assert [(f.start, f.end) for f in engine.find(text)] == [(12, 17)]  # "Sarah"
    engine.suspects("[NAME] said \udcff hi")


def test_long_pieces_cut_where_the_text_allows():
    from insights.quotes.lexicon import long_pieces

    text = "ab cd. ef\ngh ij"
    assert long_pieces(text, 100) == [0]
    starts = long_pieces(text, 6)  # a line break, else a sentence end, else a space
    assert [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)] == [
        "ab ",
        "cd. ",
        "ef\n",
        "gh ij",
    ]
    assert long_pieces("x" * 25, 10) == [0, 10, 20]  # no space at all: a hard cut


def test_in_pieces_moves_each_piece_findings_back():
    from insights.quotes.lexicon import Finding, in_pieces

    def find_many(pieces):  # every "Sam" in each piece
        return [[Finding(m.start(), m.end(), "PERSON", "t") for m in re.finditer("Sam", p)] for p in pieces]

    texts = ["short Sam", "Sam said. " * 30_000 + "Sam"]  # the second is over 100,000 characters
    found = in_pieces(texts, find_many)
    assert [(f.start, f.end) for f in found[0]] == [(6, 9)]
    assert len(found[1]) == 30_001
    assert all(texts[1][f.start : f.end] == "Sam" for f in found[1])


def test_a_text_over_spacys_limit_is_read_in_pieces(engine):
    """spaCy refuses a text over a million characters: the engine reads long texts in pieces of at most
    100,000 and finds what is in every piece (a 1.2-million-character line used to stop the CLI)."""
    from insights.quotes.lexicon import LONG_TEXT

    middle = "The ward was calm and the staff were kind. " * (LONG_TEXT // 43 + 10)
    text = "Midwife Sarah rang. " + middle + "Her husband Tomasz came."
    assert len(text) > LONG_TEXT
    out = engine.anonymise(text)
    assert out.startswith("Midwife [NAME] rang. The ward")
    assert out.endswith("Her husband [NAME] came.")
    assert out.count("[NAME]") == 2 and len(out) == len(text) - len("Sarah") - len("Tomasz") + 2 * len(
        "[NAME]"
    )


def test_speed_is_reported(engine):
    """Excerpts per second on distinct texts (no caching): printed for the notes, sanity-checked."""
    rows = load_corpus("dev") + load_corpus("heldout")
    texts = [f"{r['text']} ({i})" for i in range(8) for r in rows]  # distinct strings
    started, cpu = time.perf_counter(), time.process_time()
    engine.anonymise_many(texts)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"\nanonymised {len(texts)} distinct excerpts: {len(texts) / wall:.0f}/s wall, {len(texts) / used:.0f}/s CPU"
    )
    assert len(texts) / wall > 20
