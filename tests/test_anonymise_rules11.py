"""Anonymiser rules version 11: complaint and case references (insights/quotes/references.py) and the
slots read from blind8's leaks (insights/quotes/list_slots.py). Each rule has a catch and a must-keep
counterpart, in wordings that are not the corpora's."""

from __future__ import annotations

from pathlib import Path

import pytest

from insights.quotes import anonymise
from insights.quotes.lexicon import RULES_VERSION
from insights.quotes.references import case_reference_spans

NO_DENY_LIST = Path("/nonexistent/deny_list.txt")


@pytest.fixture(scope="module")
def engine() -> anonymise.Anonymiser:
    return anonymise.Anonymiser(NO_DENY_LIST)


def test_version(engine):
    assert RULES_VERSION == "11"
    assert "maternity rules 11" in engine.label


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Your ref: WK/2024/10377. Thank you for writing", "WK/2024/10377"),
        ("complaint no. MTY 2024 0551 - we are sorry", "MTY 2024 0551"),
        ("the case reference is H/OBS/4410, please quote it", "H/OBS/4410"),
        ("Datix: SI-2024-8812 raised by the ward", "SI-2024-8812"),
        ("we logged it as CPL-70312 on Tuesday", "CPL-70312"),
        ("quoting PX/MAT/2024/0098 in any reply", "PX/MAT/2024/0098"),
    ],
)
def test_case_references_removed(engine, text, ref):
    assert ref in [text[s:e] for s, e in case_reference_spans(text)]
    out = engine.anonymise(text)
    assert ref not in out and "[HOSPITAL NUMBER]" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Waited from 12/03/2024 to 14/03/2024, ref 12/03/2024 letter",
        "had COVID-19 in 2021 and a COVID-2020 booster letter",
        "just in case 111 rings back, we kept the phone on",
        "the A4 leaflet and the M25 traffic",
        "Incident no 25153582 - the crew were kind",  # an ambulance's incident number: px marks it clean
        "the case of the 3 missing notes",
    ],
)
def test_not_a_case_reference(text):
    assert case_reference_spans(text) == []
