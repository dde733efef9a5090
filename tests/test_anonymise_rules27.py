"""Anonymiser rules 27 (issue 10): a run of spaces reads as one space ("Sarah  Jones", two spaces after a full
stop), and a form's field label that a name in capitals swallowed is cut from the name ("NAME: AMARA OKAFOR TEL:
..."). Wordings are this file's own."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION, reading


def test_rules_version_is_27_or_later():
    assert int(RULES_VERSION) >= 27


def test_a_run_of_spaces_reads_as_one_and_maps_back():
    text = "her sister  Sarah   came.  Then\u00a0 Priya"
    view = reading(text)
    assert view.text == "her sister Sarah came. Then Priya"
    start = view.text.index("Priya")
    assert text[slice(*view.back(start, start + 5))] == "Priya"
    assert reading("tabs\tand\nlines\n\nstay").text == "tabs\tand\nlines\n\nstay"


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her sister  Sarah came to the group", "Sarah"),
        ("Midwife Grace rang.  Priya said the ward was cold", "Priya"),
        ("spoke to  Oksana  about the scan", "Oksana"),
        ("lives on  Cherry  Tree Lane with her mum", "Cherry"),
    ],
)
def test_double_spaces_do_not_hide_a_detail(no_deny_list_engine, text, gone):
    out = no_deny_list_engine.anonymise(text)
    assert gone not in out and "  " in out  # found, and the text's own spacing kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NAME: AMARA OKAFOR TEL: 07700 900123", "NAME: [NAME] TEL: [PHONE]"),
        ("NAME: PRECIOUS NDLOVU  NHS: 943 476 5919", "NAME: [NAME]  NHS: [NHS NUMBER]"),
        ("Name: Lacey Dunn ¦ Addr: Flat 2 ¦ Notes: damp", "Name: [NAME] ¦ Addr: [ADDRESS] ¦ Notes: damp"),
    ],
)
def test_a_field_label_after_a_name_stays(no_deny_list_engine, text, expected):
    assert no_deny_list_engine.anonymise(text) == expected
