"""Anonymiser rules 40 (issue 10): long reference numbers no label introduced (account, claim, case, incident, staff
numbers; codes of capitals and digits), a reference found in part grown over its run, and what real patient comments
showed the rules still change: a sentence adverb or a word the sentence goes on from taken into a name, a closing quote
taken with a name, a charity's nurses misspelt and a hospice. Wordings are this file's own (none is a note of a
labelled corpus or a real comment)."""

from __future__ import annotations

import pytest

from insights.quotes.lexicon import RULES_VERSION, Finding
from insights.quotes.plain_guards import without_stray_edges
from insights.quotes.spoken_shapes import long_number_spans


def test_rules_version_is_40_or_later():
    assert int(RULES_VERSION) >= 40


# --- long numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("she read her bank acc out twice (41207733), wrote it down", "41207733"),
        ("the surgery re-sent it as 0552918 yesterday", "0552918"),
        ("she got 30571219 as her ref", "30571219"),
        ("housing claim 6620 1187 35 still pending", "6620 1187 35"),
        ("her tax ref, she said: 55102 93847", "55102 93847"),
        ("incident logged as K229104 on the system", "K229104"),
        ("court paperwork case ZE24P01177 came", "ZE24P01177"),
        ("payroll number 60318 was wrong", "60318"),
        ("appeal case 2025/4471902 at the tribunal", "2025/4471902"),
        ("council ref 4410.2287.09 for the flat", "4410.2287.09"),
        ("voucher no 73318 from the food bank", "73318"),
        ("the council gave a new ref 5521-0937", "5521-0937"),
    ],
)
def test_a_long_or_labelled_number_is_found(text, number):
    start = text.index(number)
    assert (start, start + len(number)) in long_number_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "had two babies at the unit in 2018 2021",
        "in 2022 3900 babies were born there",
        "the drop-in runs 0930 1130 on fridays",
        "feeds at 0100 0400 0700 overnight",
        "the appeal raised 2400000 for the new unit",
        "around 1 300 000 women a year",
        "bilirubin 240 265 290 then fell",
        "children aged 15 12 9 6 at home",
        "the book's ISBN 9780099590088",
        "born 20230617 at home",
        "between 2500 3500 births a year",
        "pay band 31000 38000",
        "no 12000 steps for her today",
        "case no 2025/26 in the plan",
        "the dose was 2.5 mg",
        "gave the date as ref 14/06/2025",
        "worked there 1998-2006",
    ],
)
def test_counts_years_times_and_readings_are_no_numbers(text):
    assert long_number_spans(text) == []


def test_a_reference_found_in_part_is_grown_over_its_run(no_deny_list_engine):
    out = no_deny_list_engine.anonymise("her UTR 66219 40385 for the form")
    assert "40385" not in out and "66219" not in out


# --- the edges of a name -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found", "kept"),
    [
        ("Rosa Such a kind person", "Rosa Such", "Rosa"),
        ("(Especially Maureen on nights)", "Especially Maureen", "Maureen"),
        ("Thanks to Obi Really lovely", "Obi Really", "Obi"),
        ("it went 'Kemi'. After that", "Kemi'", "Kemi"),
        ("the nurse called Ada’ was lovely", "Ada’", "Ada"),
    ],
)
def test_a_stray_word_or_quote_at_a_names_edge_is_cut(no_deny_list_engine, text, found, kept):
    start = text.index(found)
    out = without_stray_edges(
        text, [Finding(start, start + len(found), "PERSON", "test")], no_deny_list_engine.lists
    )
    assert [text[f.start : f.end] for f in out] == [kept]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Will Hartley rang the ward", "Will Hartley"),  # a given name that is a stop word
        ("Grace Early was her midwife", "Grace Early"),
        ("Thomas More was on the ward", "Thomas More"),
        ("Lucy Such from the council rang", "Lucy Such"),  # "Such" with no "a" after it: a family name
        ("Tom Even was the interpreter", "Tom Even"),
        ("spoke to Nor Hayati Ahmad today", "Nor Hayati Ahmad"),  # the removal-side review's names
        ("Pheng Her and Tou Vang came", "Pheng Her"),
        ("Rosa Such", "Rosa Such"),
    ],
)
def test_a_real_names_edges_stay(no_deny_list_engine, text, found):
    start = text.index(found)
    f = Finding(start, start + len(found), "PERSON", "test")
    assert without_stray_edges(text, [f], no_deny_list_engine.lists) == [f]


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Staff were caring (Particularly Bernadette and Yusuf).", ["Bernadette", "Yusuf"], "Particularly"),
        ("The team were great - Especially Lorraine on the ward", ["Lorraine"], "Especially"),
        ("Priya Such a kind listener, thank you", ["Priya"], "Such a kind listener"),
    ],
)
def test_the_sentences_words_stay_beside_a_name(no_deny_list_engine, text, gone, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out
    assert not any(name in out for name in gone)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the nurses, Early Adams and Tina", "Early"),  # family names in -ly opening an item stay in the name
        ("staff (Manly Johnson) were kind", "Manly"),
        ("Lucy Such from the council rang", "Such"),
        ("Pete Tong (dad) rang", "Tong"),
    ],
)
def test_names_like_those_words_still_go(no_deny_list_engine, text, name):
    assert name not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    "text",
    [
        "Palliative team and the Marie Currie nurses were excellent.",
        "Since leaving Loros last year the physio has helped.",
    ],
)
def test_real_comments_words_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text


def test_a_long_run_of_digits_inside_a_code_takes_linear_time():
    import time

    started = time.process_time()
    assert long_number_spans("A12" + "3" * 20_000 + "Z9") == []
    assert (
        time.process_time() - started < 5
    )  # the first version backtracked: 53 s for these 20,005 characters


@pytest.mark.parametrize(
    "text",
    [
        "the unit was paid 3200000 by the ICB",
        "£ 1800000 was spent on the refurb",
        "Medway has a population of 1900000 now",
        "formula batch no 4456123 on the tin",
        "the car seat model 2210394 was recalled",
        "tenancy 2021-2024 ends before baby is due",
        "visa 150626 expiry",
        "ticket no 20417 at the raffle",
    ],
)
def test_sums_products_ranges_and_raffle_tickets_stay(no_deny_list_engine, text):
    assert no_deny_list_engine.anonymise(text) == text
