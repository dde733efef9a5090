"""Anonymiser rules 23 (issue 10): a log line's subject before a bracket's gloss and a rating, or right before a
rating out of ten ("Grace (new) 4/10", "Darcey 3/10."). Wordings are this file's own, not the corpora's."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION


def test_rules_version_is_23_or_later():
    assert int(RULES_VERSION) >= 23


REMOVED = [
    ("Grace (new) 4/10. Low mood since the birth.", "Grace"),
    ('Dace (latvian) 6. "they were kind but rushed"', "Dace"),
    ("Jolita (lithuanian) 7, wants a Lithuanian leaflet", "Jolita"),
    ("Tamsin (came with her mum) gave 5, no interpreter", "Tamsin"),
    ("Darcey 3/10. Induction was a long wait.", "Darcey"),
    ("first visit today\nOrla (yr 2 mum at the school gate) 8/10", "Orla"),
]


@pytest.mark.parametrize(("text", "name"), REMOVED)
def test_a_log_lines_subject_before_a_gloss_and_a_rating_is_removed(no_deny_list_engine, text, name):
    out = no_deny_list_engine.anonymise(text)
    assert name not in out and out.startswith(("[NAME]", "first visit today\n[NAME]"))


KEPT = [
    "Parking (main site) 3/10, no spaces after 9am.",
    "Overall 8/10 would recommend the birth centre.",
    "Staff (midwives and HCAs) 9/10.",
    "Food 2/10, cold every day.",
    "Apgars 9/10 at five minutes.",
    "Pain (after the section) 7/10 on day two.",
    "Kingsley (ward) 6/10, noisy at night.",
]


@pytest.mark.parametrize("text", KEPT)
def test_care_words_before_a_rating_are_kept(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text
