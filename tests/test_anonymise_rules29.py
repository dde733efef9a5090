"""Anonymiser rules 29 (issue 10): a kind of training is no school's name ("she is at medical school"), and
the overlap checks are bisections, not scans (a note with thousands of findings). Wordings are this file's own."""

from __future__ import annotations

import random

import pytest

from insights.quotes.lexicon import PRECEDENCE, RULES_VERSION, Finding, SpanIndex, resolve_overlaps


def test_rules_version_is_29_or_later():
    assert int(RULES_VERSION) >= 29


def _scan_resolve(findings):
    """The quadratic reference: every chosen finding scanned for every finding (resolve_overlaps before rules 29)."""
    rank = {e: i for i, e in enumerate(PRECEDENCE)}
    chosen = []
    for f in sorted(findings, key=lambda f: (rank[f.entity], -(f.end - f.start), f.start)):
        touching = [c for c in chosen if c.start < f.end and f.start < c.end]
        if f.entity == "PERSON":
            if any(c.entity != "PERSON" for c in touching):
                continue
            if touching:
                for c in touching:
                    chosen.remove(c)
                start = min([f.start] + [c.start for c in touching])
                f = Finding(start, max([f.end] + [c.end for c in touching]), "PERSON", f.source)
            chosen.append(f)
        elif not touching:
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


@pytest.mark.parametrize("seed", range(40))
def test_resolve_overlaps_matches_the_scan_it_replaced(seed):
    rng = random.Random(seed)
    kinds = ["PERSON"] * 4 + list(PRECEDENCE)
    findings = []
    for n in range(rng.randint(0, 60)):
        start = rng.randint(0, 120)
        findings.append(Finding(start, start + rng.randint(0, 15), rng.choice(kinds), f"s{n}"))
    assert resolve_overlaps(findings) == _scan_resolve(findings)


@pytest.mark.parametrize("seed", range(40))
def test_span_index_answers_as_a_scan_does(seed):
    rng = random.Random(seed)
    spans = [(s, s + rng.randint(0, 12)) for s in (rng.randint(0, 80) for _ in range(rng.randint(0, 30)))]
    index = SpanIndex(spans)
    for _ in range(200):
        start = rng.randint(-5, 95)
        end = start + rng.randint(0, 14)
        assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
        assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
        assert sorted(index.overlapping(start, end)) == sorted(
            (s, e) for s, e in spans if s < end and start < e
        )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("her sister is at medical school in London and loved the midwives", "medical school"),
        ("she went back to nursing college after the baby", "nursing college"),
        ("the eldest started sixth form college in September", "sixth form college"),
        ("she trained at midwifery school herself so she knew", "midwifery school"),
    ],
)
def test_a_kind_of_training_is_not_a_school_name(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("her eldest goes to Westcourt Primary and the youngest to nursery", "Westcourt"),
        ("the twins are at knockhall primary now", "knockhall"),
    ],
)
def test_a_named_school_is_still_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


def test_a_long_note_with_thousands_of_names_keeps_every_name_out(no_deny_list_engine):
    text = "Spoke to Oriel Fennimore and Tamsyn Orrell at Gravesend. " * 400
    out = no_deny_list_engine.anonymise(text)
    assert "Fennimore" not in out and "Orrell" not in out
    assert out.count("Gravesend") == 400


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Kind regards, Tamsin Okafor-Reid", "Okafor-Reid"),
        ("that is all from me. Warm regards,\nOriel Fennimore\nFamily Hub Manager", "Fennimore"),
        ("thanks so much for listening, from rukhsana x", "rukhsana"),
        ("Regards, Sunny Patel, Community Connector", "Sunny"),
        ("many thanks joy", "joy"),
        ("kind regards - summer", "summer"),
        ("Thanks again, Pearl Ashby", "Pearl"),
        ("the midwife rang back the next day. Thanks, Bev", "Bev"),
        ("Hope this helps, from Hope Fairbrass", "Fairbrass"),
    ],
)
def test_the_name_after_a_closing_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("the midwives were lovely, thank you all", "thank you all"),
        ("Thanks again, Darent Valley maternity", "Darent Valley"),
        ("all the staff were lovely and caring", "lovely"),
        ("cheers hun", "cheers hun"),
        ("she moved here from Leeds", "Leeds"),
        ("Regards, Sunny Patel, Community Connector", "Community Connector"),
        ("thanks again for everything x", "thanks again for everything"),
    ],
)
def test_a_closing_without_a_name_is_left_alone(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("she works at Pellingham Chemist in Meopham", "Pellingham"),
        ("Trevallion Groundworks van was blocking the gate", "Trevallion"),
        ("the dad runs Oduya & Sons Removals", "Oduya"),
        ("he has a van with trevennick carpets on it", "trevennick"),
    ],
)
def test_the_family_a_firm_is_named_after_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("told to ring Tesco chemist for the prescription", "Tesco chemist"),
        ("patient transport was late again", "patient transport"),
        ("Dartford Taxis would not take the buggy", "Dartford Taxis"),
    ],
)
def test_a_brand_a_place_or_a_word_before_a_trade_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Jamaica says add her page to the list", "Jamaica"),
        ("Omaha's mum came to the group as well", "Omaha"),
        ("Carlisle told me the triage wait was six hours", "Carlisle"),
    ],
)
def test_a_place_where_only_a_person_stands_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("women from Jamaica said the ward was cold", "Jamaica"),
        ("Gravesend says it has no more slots", "Gravesend"),
        ("She said the food was cold. All agreed.", "She said"),
        ("London said no to the transfer", "London"),
    ],
)
def test_a_place_in_a_place_slot_stays(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("needs a pram. pellerin drive DA11 7QS. rating 8", "pellerin"),
        ("st aldhelms road swanley BR8 7BU", "aldhelms"),
        ("tennyson tower flat 3 gravesend, damp in the bathroom", "tennyson"),
        ("drop off at kittiwake reach, greenhithe", "kittiwake"),
    ],
)
def test_a_lower_case_street_before_a_postcode_or_a_flat_is_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Case 5: Mrs P.S. (the mum), rating 6", "P.S."),
        ("Case 20: Mrs N.Ö., Turkish, rating 3", "N.Ö."),
        ("ref from gp dr pellowe surgery at swanley", "pellowe"),
        ("Contact me? HARMONY PELLOWICK, happy to talk", "PELLOWICK"),
        ("signed the form: Siobhán Ní Mhurchú, happy to be contacted", "Ní"),
    ],
)
def test_titled_initials_capital_names_and_letters_outside_a_to_z_are_removed(
    no_deny_list_engine, text, gone
):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("the dr appointment was moved again", "dr appointment"),
        ("dr said the baby was fine", "dr said"),
        ("she was told PLEASE WAIT by the desk", "PLEASE WAIT"),
        ("the NHS TRUST sent a letter", "NHS TRUST"),
        ("GP wont see her till thurs", "wont"),
    ],
)
def test_titles_and_capitals_that_name_no_one_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("int: Rukhsana Apa (Sylheti) and Selvi Akka (Tamil) came", "Apa", "Rukhsana"),
        ("Harpreet bhabhi and her sister came to the group", "bhabhi", "Harpreet"),
        ("the risk midwife escalated it to Datix the same day", "Datix", None),
        ("he found the DadPad app useful at night", "DadPad", None),
    ],
)
def test_honorifics_and_services_kept_after_the_tagger_stay_outside_names(
    no_deny_list_engine, text, kept, gone
):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out
    assert gone is None or gone not in out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("NAME - GABRIELA MOLDOVAN, 28, booking done", "MOLDOVAN"),
        ("Wed call 09:10, caller Amma Boateng, wants the group time", "Boateng"),
    ],
)
def test_a_family_name_that_is_a_kept_word_is_not_cut_off(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("needs everything. DO NOT GIVE to boyfriend trevannick", "trevannick"),
        ("mon - holly the hv from the gravesham team dropped 3 referrals", "holly"),
        ("wed - coordinator said ok. tulsa says her midwife was first class", "tulsa"),
    ],
)
def test_lower_case_names_beside_a_role_a_relative_or_a_verb_are_removed(no_deny_list_engine, text, gone):
    assert gone not in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("hope the HV calls back this week", "hope the HV"),
        ("baby jaundise, wants to go home", "jaundise"),
        ("pool 2 leaking - estates called", "estates called"),
        ("I was lucky the midwife was on that night", "lucky the midwife"),
    ],
)
def test_common_words_in_those_slots_stay(no_deny_list_engine, text, kept):
    assert kept in no_deny_list_engine.anonymise(text)


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("food bank mon - QRV 23160 - pregnant 30 wks", "23160", "30 wks"),
        ("wrote it as KLM4471203 on the form", "4471203", "on the form"),
        ("the ISO 9001 audit and COVID 2019 jabs were mentioned", None, "ISO 9001"),
    ],
)
def test_a_code_with_no_label_is_removed(no_deny_list_engine, text, gone, kept):
    out = no_deny_list_engine.anonymise(text)
    assert kept in out
    assert gone is None or gone not in out


def test_a_listed_family_name_before_a_trade_is_read_by_the_step(no_deny_list_engine):
    text = "her husband works at Patel Pharmacy on the parade"
    found = no_deny_list_engine.record_slots.trade_owners(text, [])
    assert [text[f.start : f.end] for f in found] == ["Patel"]
