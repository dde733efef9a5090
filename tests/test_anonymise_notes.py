"""The anonymiser on fast-typed engagement notes: per-category recall and keep rate on dev and held-out
notes, each UK identifier recogniser, possible identifiers, and real comments with no personal details."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest

from insights.quotes import anonymise, identifiers, suspects

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "anonymise"
NO_DENY_LIST = Path("/nonexistent/deny_list.txt")

_spec = importlib.util.spec_from_file_location("anonymise_eval", ROOT / "benchmarks" / "anonymise_eval.py")
anonymise_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(anonymise_eval)


@pytest.fixture(scope="module")
def engine(no_deny_list_engine) -> anonymise.Anonymiser:
    return no_deny_list_engine  # one for the run (tests/conftest.py)


# --- the labelled corpus -----------------------------------------------------------------------------

#: Thresholds: dev is what the rules were tuned on. The old "heldout" split was looked at when rules
#: version 3 was written (its leaks named the wordings to generalise), so it is a second development
#: set now, not a held-out one. Both reach 100% recall and keep: the thresholds sit just below and
#: must never be lowered.
#: The blind sets (notes_blind.jsonl, 284 notes, and notes_blind2.jsonl, 270, written from the issue
#: alone by people who never saw the rules) were the held-out figures up to rules 4 (blind: rules 3
#: 81.8% / 97.9%, rules 4 86.2% recall / 98.6% keep; blind2: rules 4 90.5% / 98.9%). They are RETIRED
#: from held-out duty: rules 5 were tuned on their leaks (blind 97.1% / 100%, blind2 97.5% / 100%),
#: so they are development sets now and their guards sit just below today's figures. The held-out
#: figure is measured by the lead on a new set no helper reads.
#: notes_blind3.jsonl (342 notes, a third author) was the held-out set for rules 5 (91.6% / 99.4%)
#: and is retired too: rules 6 were written after reading its leaks (99.3% / 99.6%). notes_dev4 (59
#: notes in new voices, written for rules 6: rules 5 70.4% / 98.8%, rules 6 98.6% / 100%).
THRESHOLDS = {
    "dev": (0.995, 0.99),
    "heldout": (0.995, 0.99),
    "blind": (0.98, 0.99),
    "blind2": (0.97, 0.99),
    # rules 33: a Facebook or WhatsApp group's name that carries a person is removed whole ("Gravesend Mums Chat
    # (run by [NAME])"); blind3's writer labels the places and nationalities inside such names as keeps (five of
    # them), the later writers (blind25, blind27, blind29, blind31) label the whole name: 99.3% -> 98.3% kept
    "blind3": (0.985, 0.98),
    "dev4": (0.98, 0.99),
    # rules 8: blind4 and blind5 are retired and the tagger is trained on them (92.8% / 98.7% and
    # 89.8% / 98.0%); their guards sit just below. Their leave-one-out figures: docs/anonymiser-rounds.md,
    # rules 8.
    "blind4": (0.92, 0.98),
    "blind5": (0.89, 0.975),
}


@pytest.mark.parametrize("split", ["dev", "heldout", "blind", "blind2", "blind3", "dev4", "blind4", "blind5"])
def test_recall_and_keep_rate(engine, split):
    rows = anonymise_eval.load(split)
    result = anonymise_eval.score(engine, rows)
    min_recall, min_keep = THRESHOLDS[split]
    print(f"\n{split}: recall {result['recall']:.1%}, keep {result['keep']:.1%}")
    assert result["recall"] >= min_recall, result["leaks"]
    assert result["keep"] >= min_keep, result["lost"]


def test_every_category_is_covered_and_caught_on_dev(engine):
    rows = anonymise_eval.load("dev")
    result = anonymise_eval.score(engine, rows)
    assert set(result["recall_by_kind"]) == set(anonymise_eval_kinds())
    for kind, (caught, total) in result["recall_by_kind"].items():
        assert caught / total >= 0.9, (kind, caught, total)
    for kind, (kept, total) in result["keep_by_kind"].items():
        assert kept / total >= 0.95, (kind, kept, total)


#: Everyday-word names in a person's slot (wordings in neither corpus file): they must go.
PERSON_SLOTS = [
    ("hope explained she had no gp", "hope"),
    ("mercy came to the group with her 2 kids", "mercy"),
    ("comfort's partner works nights", "comfort"),
    ("gave the leaflet to grace and her mum", "grace"),
    ("her daughter ruby was born at 34 wks", "ruby"),
    ("hope, her sister, interpreted for her", "hope"),
    ("faith was induced at 41 wks", "faith"),
    ("blessing had her baby at maidstone", "blessing"),
    ("may told us the ward was too hot", "may"),
    ("chatted to may and summer at the baby bank", "may"),
    ("joy, Sarah and ruby all said the same", "joy"),
    ("pt name mercy, 2nd baby", "mercy"),
    ("her mum may speaks little english", "may"),
    ("summer was crying when she told me", "summer"),
    ("her baby joy is 3 wks now", "joy"),
    ("grace who is 19 said nobody listened", "grace"),
    ("son Dallas has asthma", "Dallas"),
    ("text from summer: 'thank u so much'", "summer"),
    ("hope and may both said they felt ignored", "may"),
    ("catch up w mercy next wk", "mercy"),
    ("mum of 3, joy, felt nobody listened", "joy"),
    ("heather, the mum from the stay n play", "heather"),
    ("said to hope we would follow up", "hope"),
    ("may was in tears", "may"),
    ("hope smith came to the hub", "smith"),
    ("spoke to ruby patel today", "patel"),
    ("partner - Jordan - came along", "Jordan"),
    ("her son London was 6lb", "London"),
    ("service user: joy", "joy"),
    ("hopes partner was kind", "hopes"),
    ("when hope arrived the ward was full", "hope"),
    ("f/u call with hope", "hope"),
    ("hope - 26 - first baby", "hope"),
    ("May came with her sister", "May"),
    ("Good session. Mercy brought her baby.", "Mercy"),
    ("I sat with Mercy and her baby", "Mercy"),
    ("'it was awful' says joy", "joy"),
    ("hope, who is 19, felt alone", "hope"),
    ("joy tells me the ward was cold", "joy"),
]
#: The same words in their everyday sense: they must stay.
EVERYDAY_USES = [
    ("i hope they listen next time", "hope"),
    ("she may need an interpreter", "may"),
    ("it was a comfort to have her there", "comfort"),
    ("comfort food from the volunteers", "comfort"),
    ("the joy of holding her", "joy"),
    ("summer holidays are hard with no childcare", "summer"),
    ("due in may", "may"),
    ("she may have left already", "may"),
    ("May be worth a referral", "May"),
    ("they may, if needed, refer her", "may"),
    ("hope is what kept her going", "hope"),
    ("staff showed patience and care", "patience"),
    ("she may struggle to get there", "may"),
    ("hope was fading by then", "hope"),
    ("comfort was given by the doula", "comfort"),
    ("it gave her hope and her partner some peace", "hope"),
    ("with patience, her midwife explained", "patience"),
    ("seen in early may", "may"),
    ("told her she may need a section", "may"),
    ("her son may need glasses", "may"),
    ("she said may be twins", "may"),
    ("patience was wearing thin", "patience"),
    ("charity shop clothes for baby", "charity"),
    ("summer arrived and the ward got hotter", "summer"),
    ("hope lives on", "hope"),
    ("summer 2023 cohort", "summer"),
    ("she hopes partner can stay", "hopes"),
    ("May I suggest more staff", "May"),
    ("May need a follow up", "May"),
    ("Hope this helps", "Hope"),
    ("In May we start again", "May"),
    ("she said hope was gone", "hope"),
    ("i hope, who knows", "hope"),
]


def _word_in(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w\[]){re.escape(word)}(?!\w)", text) is not None


def test_everyday_word_names_in_a_person_slot_go_and_everyday_uses_stay(engine):
    texts = [t for t, _ in PERSON_SLOTS + EVERYDAY_USES]
    outs = dict(zip(texts, engine.anonymise_many(texts), strict=True))
    leaks = [outs[t] for t, w in PERSON_SLOTS if _word_in(outs[t], w)]
    lost = [outs[t] for t, w in EVERYDAY_USES if not _word_in(outs[t], w)]
    assert not leaks
    assert not lost


def anonymise_eval_kinds() -> tuple[str, ...]:
    spec = importlib.util.spec_from_file_location("make_notes", CORPUS / "make_notes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PII_KINDS


def test_corpus_is_well_formed_and_splits_do_not_share_wording():
    splits = {name: anonymise_eval.load(name) for name in ("dev", "heldout")}
    for rows in splits.values():
        assert len(rows) >= 200
        for row in rows:
            for start, end, _ in row["pii"] + row["keep"]:
                assert 0 <= start < end <= len(row["text"])
        assert {r["source"] for r in rows} == {"template", "hand"}
    dev_texts = {r["text"] for r in splits["dev"]}
    assert not dev_texts & {r["text"] for r in splits["heldout"]}


def test_corpus_is_reproducible(tmp_path):
    spec = importlib.util.spec_from_file_location("make_notes", CORPUS / "make_notes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for split, seed in (("dev", module.SEED), ("heldout", module.SEED + 1)):
        made = module.build(split, 8, seed)
        stored = anonymise_eval.load(split)
        assert [json.loads(json.dumps(r)) for r in made] == stored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("joy from the family hub group said it helped", "[NAME] from the family hub group said it helped"),
        ("amber named her baby storm", "[NAME] named her baby [NAME]"),
        ("spoke to gift after group", "spoke to [NAME] after group"),
        ("Comfort's mum came too", "[NAME]'s mum came too"),
        ("NAME: IONELA VASILE – Romanian", "NAME: [NAME] – Romanian"),
        ("sarita randhawa said she felt rushed", "[NAME] said she felt rushed"),
        ("her partner Milan works nights", "her partner [NAME] works nights"),
        ("Mrs K. said it was fine", "[NAME] said it was fine"),  # rules 29: the initial's dot goes with it
        ("J.B. said the induction was rushed", "[NAME]. said the induction was rushed"),
        ("shaz says the bus is late", "[NAME] says the bus is late"),
        ("insta is @mummy_of_2_sarita", "insta is [SOCIAL MEDIA]"),
        ("email priya dot k at gmail dot com", "email [EMAIL]"),
        ("hosp no. 9949950 and MRN D1234567", "hosp no. [HOSPITAL NUMBER] and MRN [HOSPITAL NUMBER]"),
        ("NI jg103721a", "NI [NI NUMBER]"),
        ("car reg KU19 XMP", "car reg [CAR REG]"),
        ("lives on Cherry Tree Lane", "lives on [ADDRESS]"),
        ("flat above the chippy on Spital Street", "flat above the chippy on [ADDRESS]"),
        ("eldest at Dartford Grammar", "eldest at [SCHOOL]"),
        ("lives in Mulberry Court, lift broken", "lives in [ADDRESS], lift broken"),
    ],
)
def test_issue_examples_are_removed(engine, text, expected):
    assert engine.anonymise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "went to the Gurdwara and the Baby Bank after",
        "baby was at Evelina, they stayed at Ronald McDonald House",
        "moved to Ashford, the Fastrack takes ages",
        "Healthwatch Kent want to hear from her",
        "by the grace of god baby was ok",
        "there was no grace period on the parking",
        "she said her HV was amazing (Lithuanian herself)",
        "she siad it was abt 3 days",
        "i hope things improve, she may come back",
        "Nope, nothing to add. Thankyou",
        "Had Pregabalin for the pain",
        "was sent from Darlington to Peterlee then Berwick",
        "Wells Road Hospital was fine",
        "the group gave hope to so many women",
        "tears of joy when baby came",
        "she may see the midwife in May",
        "Grace period ended before the visit",
        "it was an amber warning for jaundice",
        "in the storm of it all she coped",
        "a gift from the baby bank",
        "Hope this helps, thanks",
        "may i add that the HV was great",
    ],
)
def test_must_keep_text_is_unchanged(engine, text):
    assert engine.anonymise(text) == text


# --- each recogniser ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "valid"),
    [("AB", True), ("JG", True), ("PX", True), ("CE", True), ("QQ", False), ("DA", False), ("FA", False),
     ("IA", False), ("UA", False), ("VA", False), ("AD", False), ("AO", False), ("BG", False), ("GB", False),
     ("NK", False), ("KN", False), ("TN", False), ("NT", False), ("ZZ", False), ("OA", True)],
)  # fmt: skip
def test_ni_prefix_rules(prefix, valid):
    assert identifiers.valid_nino_prefix(prefix) is valid


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("JG 10 37 21 A", ["JG 10 37 21 A"]),
        ("no. jg103721a ok", ["jg103721a"]),
        ("SK-12-34-56-B", ["SK-12-34-56-B"]),
        ("QQ 12 34 56 C", []),  # QQ is never issued
        ("AB 12 34 56 E", []),  # suffix must be A-D
        ("GB123456A", []),
    ],
)
def test_ni_numbers(text, found):
    assert [text[s:e] for s, e in identifiers.nino_spans(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("parked KU19 XMP outside", ["KU19 XMP"]),
        ("parked ku19xmp outside", ["ku19xmp"]),
        ("reg LF 21 OKP", ["LF 21 OKP"]),
        ("car reg lf 21 okp", ["lf 21 okp"]),
        ("car reg A123 BCD", ["A123 BCD"]),
        ("her car (ABC 123D)", ["ABC 123D"]),
        ("she is 25 and fine", []),  # spaced lower case with no clue is not a plate
        ("AB01 CDE", []),  # 01 is not an age identifier
        ("A123 BCD with no clue", []),
    ],
)
def test_car_registrations(text, found):
    assert [text[s:e] for s, e in identifiers.reg_spans(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("hosp no. 9949950", ["9949950"]),
        ("MRN D1234567", ["D1234567"]),
        ("hospital number is K0923411", ["K0923411"]),
        ("MRN: DVH 1123345", ["DVH 1123345"]),
        ("waited 1234567 minutes", []),
    ],
)
def test_hospital_numbers(text, found):
    assert [text[s:e] for s, e in identifiers.hospital_number_spans(text)] == found


def test_handles_and_social_names():
    text = "insta @kasia.k_88, on facebook as Sarita Kaur, tiktok tiny_toes_kent"
    assert [text[s:e] for s, e in identifiers.handle_spans(text)] == [
        "@kasia.k_88",
        "Sarita Kaur",
        "tiny_toes_kent",
    ]
    assert identifiers.handle_spans("e-mail jo@example.org") == []


def test_spelled_out_email():
    text = "write to sarita88 at hotmail dot co dot uk please"
    assert [text[s:e] for s, e in identifiers.spelled_email_spans(text)] == [
        "sarita88 at hotmail dot co dot uk"
    ]
    assert identifiers.spelled_email_spans("she was at home dot com") == []  # not a mail domain


def test_streets_schools_flats():
    text = "lives on Cherry Tree Lane, eldest at Dartford Grammar, flat in Mulberry Court"
    assert [text[s:e] for s, e in identifiers.street_spans(text)] == ["Cherry Tree Lane"]
    assert [text[s:e] for s, e in identifiers.school_spans(text)] == ["Dartford Grammar"]
    assert [text[s:e] for s, e in identifiers.flats_spans(text)] == ["Mulberry Court"]
    low = "she lives on cherry tree lane"
    assert [low[s:e] for s, e in identifiers.street_spans(low)] == ["cherry tree lane"]
    assert identifiers.street_spans("she is so close to her mum, on the way home") == []
    assert identifiers.street_spans("Wells Road Hospital") == []  # a service, not a home


def test_initials():
    text = "J.B. and a.k. said, e.g. at 10 a.m."
    assert [text[s:e] for s, e in identifiers.initials_spans(text)] == ["J.B.", "a.k."]


# --- possible identifiers ----------------------------------------------------------------------------


def test_possible_identifiers_list_what_is_left(engine):
    text = "[NAME] said Zubeyde came, ref D1234567, baby at Darent Valley, Hope was there"
    found = {(s.word, s.reason) for s in engine.suspects(text)}
    assert ("Zubeyde", "capitalised word") in found
    assert ("D1234567", "reference-like number") in found
    assert ("Hope", "name-like word") in found
    assert not {w for w, _ in found} & {"NAME", "Darent", "Valley", "baby", "said"}
    assert engine.suspects("the midwife was kind and the scan was fine") == []


def test_suspects_marking_is_plain_text():
    text = "<b>Zubeyde</b> came"
    found = suspects.find_suspects(text, suspects.basic_vocabulary())
    assert suspects.marked(text, found).startswith("<b>⟦Zubeyde⟧</b>")  # displayed with st.text: inert
    assert "Zubeyde (capitalised word)" in suspects.summary(found)


def test_without_the_anonymiser_every_capitalised_word_is_suspect(monkeypatch):
    def broken():
        raise anonymise.AnonymiserUnavailable("test")

    monkeypatch.setattr(anonymise, "get", broken)
    assert [s.word for s in anonymise.possible_identifiers("she saw Darent Valley")] == ["Darent", "Valley"]


# --- real comments with no personal details (pxtextmining, MIT; kept outside the repository) ---------

PX = Path(os.environ.get("PXTEXTMINING_CSV", "/tmp/px_v6.csv"))


@pytest.mark.skipif(
    not PX.is_file(), reason="pxtextmining v6framework CSV not available (set PXTEXTMINING_CSV)"
)
def test_real_comments_are_rarely_changed(engine):
    texts = anonymise_eval.px_comments(PX)
    rate, changed = anonymise_eval.false_changes(engine, texts)
    print(f"\npxtextmining: {len(changed)}/{len(texts)} changed ({rate:.2%})")
    assert rate <= 0.01, changed[:10]  # rules 4 and 5: 0.93% (14/1500), most real names and dates


def test_officer_extends_the_local_keep_list(tmp_path, monkeypatch):
    text = "she liked Shalomah best, staff were kind"
    assert anonymise.Anonymiser(NO_DENY_LIST).anonymise(text) != text
    keep = tmp_path / "kent_keep.txt"
    keep.write_text("# local venues\nshalomah\n", encoding="utf-8")
    monkeypatch.setenv("MATERNITY_KEEP_LIST", str(keep))
    engine = anonymise.Anonymiser(NO_DENY_LIST)
    assert engine.anonymise(text) == text
    assert (
        engine.anonymise("Dr Shalomah was kind") == "[NAME] was kind"
    )  # a title still wins (rules 9: inside the tag)
