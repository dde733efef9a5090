"""The synthetic demo generator: shape, determinism, validity, built-in patterns and realistic mess."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from insights import vocab
from insights.coding import codebook
from insights.demo import generate as demo
from insights.demo import phrases as T
from insights.ingest import templates
from insights.reference.geography import normalise_postcode

PERIOD = ("2023-03-01", "2024-02-29")


@pytest.fixture(scope="module")
def ref() -> demo.Reference:
    return demo.load_reference()


@pytest.fixture(scope="module")
def frames(ref) -> dict[str, pd.DataFrame]:
    return demo.generate(reference=ref)


@pytest.fixture(scope="module")
def narratives(frames) -> pd.DataFrame:
    return frames["narratives"]


@pytest.fixture(scope="module")
def excerpts(frames) -> pd.DataFrame:
    codes = codebook.codes().set_index("label")
    e = frames["excerpts"]
    return e.assign(category_id=e["code"].map(codes["category_id"]))


@pytest.fixture(scope="module")
def postcode_status(narratives, ref) -> pd.Series:
    """ok / terminated / unknown / malformed / missing for each narrative's postcode."""
    pcs = ref.postcodes.set_index("postcode")
    out = []
    for raw in narratives["postcode"]:
        norm = normalise_postcode(raw)
        if not raw.strip():
            out.append("missing")
        elif norm is None:
            out.append("malformed")
        elif norm not in pcs.index:
            out.append("unknown")
        elif pd.notna(pcs.at[norm, "terminated"]):
            out.append("terminated")
        else:
            out.append("ok")
    return pd.Series(out, index=narratives.index)


@pytest.fixture(scope="module")
def core20(narratives, ref, postcode_status) -> pd.Series:
    """Core20 flag of each narrative with a resolvable live postcode (NaN otherwise)."""
    pcs = ref.postcodes.set_index("postcode")
    norm = narratives["postcode"].map(normalise_postcode)
    flag = norm.map(pcs["core20"]).where(postcode_status == "ok")
    return flag


def _with(excerpts: pd.DataFrame, mask: pd.Series) -> set[str]:
    return set(excerpts.loc[mask, "narrative_id"])


def _rating(narratives: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(
        narratives["rating"].str.strip().str.replace("/10", "", regex=False), errors="coerce"
    )


# ------------------------------------------------------------------ shape and contract


def test_columns_are_the_templates(frames):
    assert set(frames) == {"venues", "narratives", "excerpts", "engagement"}
    for kind, frame in frames.items():
        assert list(frame.columns) == templates.column_names(kind)


def test_every_value_is_a_string(frames):
    for kind, frame in frames.items():
        for col in frame.columns:
            values = frame[col].tolist()
            assert all(isinstance(v, str) for v in values), (kind, col)


def test_deterministic_and_seeded(frames, ref):
    again = demo.generate(reference=ref)
    for kind in frames:
        pd.testing.assert_frame_equal(frames[kind], again[kind])
    other = demo.generate(seed=7, reference=ref)
    assert not frames["narratives"]["note"].equals(other["narratives"]["note"])


def test_sizes(frames, excerpts):
    n = frames["narratives"]
    assert len(n) == 321
    per = excerpts.groupby("narrative_id").size().reindex(n["narrative_id"], fill_value=0)
    assert per.between(1, 6).all()
    assert 25 <= len(frames["venues"]) <= 40
    assert len(frames["engagement"]) > 52 * 4  # several visits a week across venues


def test_ids_are_unique_and_stable(frames):
    n, e, v, g = (frames[k] for k in ("narratives", "excerpts", "venues", "engagement"))
    assert n["narrative_id"].is_unique and n["narrative_id"].str.fullmatch(r"N\d{6}").all()
    assert e["excerpt_id"].is_unique and e["excerpt_id"].str.fullmatch(r"N\d{6}-[1-6]").all()
    assert v["venue_id"].is_unique and v["venue_id"].str.fullmatch(r"V\d{2,}-[A-Z]+-[A-Z]{2}").all()
    assert g["entry_id"].is_unique and g["entry_id"].str.fullmatch(r"E\d{6}").all()
    assert v["name"].is_unique
    assert set(e["narrative_id"]) <= set(n["narrative_id"])
    assert set(n["venue_id"]) - {""} <= set(v["venue_id"])
    assert set(g["venue_id"]) <= set(v["venue_id"])


def test_code_list():
    codes = codebook.codes()
    assert 120 <= len(codes) <= 160
    assert codes["label"].is_unique and codes["code_id"].is_unique
    assert codes["code_id"].str.fullmatch(r"C\d{3}").all()
    assert codes["category_id"].nunique() == 22
    allowed = {"", "infrastructure", "communication", "infrastructure;communication"}
    assert set(codes["cross_cutting"]) <= allowed
    assert (codes["cross_cutting"] != "").sum() > 30


def test_code_list_matches_phrase_bank():
    codes = pd.read_csv(codebook.CODEBOOK_DIR / "codes.csv", dtype=str, keep_default_na=False)
    bank = [(cat, c[0], c[1]) for cat, cs in T.CODEBOOK.items() for c in cs]
    assert list(zip(codes["category"], codes["label"], codes["cross_cutting"], strict=True)) == bank


def test_phrase_bank_is_keyed_by_code_id():
    codes = pd.read_csv(codebook.CODEBOOK_DIR / "codes.csv", dtype=str, keep_default_na=False)
    bank = json.loads((T.DEMO_DIR / "codes.json").read_text(encoding="utf-8"))
    bank.pop("_about")
    assert list(bank) == list(codes["code_id"])
    assert [(e["category"], e["label"]) for e in bank.values()] == list(
        zip(codes["category"], codes["label"], strict=True)
    )


#: sha256 of the default demo's four CSVs (`python -m insights demo-csv DIR`). The phrase banks moved
#: from Python to data/demo/*.json with these unchanged; if you change the demo on purpose, update them.
DEMO_SHA256 = {
    "engagement.csv": "e76b02d2f2de5928f7e695b4e2572f345cdf70192ce78e2127ed47442c7673f6",
    "excerpts.csv": "66d08db84835b0383b709311859e7a3d3406f8e53804fe2399ac93abea56ce7b",
    "narratives.csv": "61c28f34d27e6d5029c2f7db0d3994991c6b94f94543d3d577d1ef1ee899eed9",
    "venues.csv": "ee1ee00b05867732323634006a34ad1b7ea542fd8a5ba6aeb99a60fa89b5f482",
}


def test_default_demo_is_byte_for_byte_pinned(frames, tmp_path):
    demo.write_csvs(frames, tmp_path)
    got = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp_path.glob("*.csv"))}
    assert got == DEMO_SHA256


def test_vocabularies(frames):
    n, v, g = frames["narratives"], frames["venues"], frames["engagement"]
    assert set(n["collected_by"]) <= set(vocab.COLLECTORS)
    assert set(n["ethnicity"]) <= set(vocab.ETHNICITY_GROUPS) | {""}
    assert set(n["age_band"]) <= set(vocab.AGE_BANDS) | {""}
    assert set(n["first_baby"]) <= {"yes", "no", ""}
    assert set(n["provider"]) <= set(T.PROVIDERS) | {""}
    for stages in n["care_stages"]:
        assert not stages or set(stages.split("; ")) <= set(vocab.CARE_STAGES)
    assert n.loc[n["collected_by"] == "Community connector", "collector_ref"].str.fullmatch(r"C\d{2}").all()
    assert (n.loc[n["collected_by"] == "Engagement officer", "collector_ref"] == "").all()
    assert set(v["venue_type"]) <= set(vocab.VENUE_TYPES)
    assert set(v["active"]) <= {"yes", "no", ""}
    assert set(g["activity_type"]) <= set(vocab.ACTIVITY_TYPES)
    for frame, col in ((n, "collected_on"), (g, "activity_date")):
        assert frame[col].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
        assert frame[col].between(*PERIOD).all()
    count_cols = [c for c in g.columns if c.startswith("packs_")] + [
        "women_engaged",
        "narratives_collected",
        "connectors_present",
    ]
    for col in count_cols:
        assert g[col].str.fullmatch(r"\d*").all(), col
    assert g["packs_english"].str.fullmatch(r"\d+").all()


def test_validates_through_the_import_rules(frames):
    from insights.ingest import validate

    ctx = validate.ValidationContext.from_codebook(
        known_venue_ids=set(frames["venues"]["venue_id"]),
        known_narrative_ids=set(frames["narratives"]["narrative_id"]),
    )
    for kind in templates.KINDS:
        checked = validate.validate(kind, frames[kind], ctx)
        assert checked.ok, checked.report().head().to_dict("records")
        assert len(checked.frame) == len(frames[kind])


# ------------------------------------------------------------------ excerpts


def test_excerpts_are_verbatim_substrings(frames):
    notes = frames["narratives"].set_index("narrative_id")["note"]
    e = frames["excerpts"]
    for nid, text in zip(e["narrative_id"], e["excerpt"], strict=True):
        assert text and text in notes[nid]


def test_themes_allowed_by_figure2(excerpts):
    allowed = codebook.allowed_themes()
    theme_id = {name: tid for tid, (name, _) in vocab.THEMES.items()}
    assert excerpts["category_id"].notna().all()
    for cat, theme in zip(excerpts["category_id"], excerpts["theme"], strict=True):
        assert theme_id[theme] in allowed[cat], (cat, theme)
    assert set(excerpts["theme"]) == {"Care & support", "Barriers", "Judgement"}


def test_codes_and_categories_used(excerpts):
    assert excerpts["category_id"].nunique() == 22
    assert excerpts["code"].nunique() >= 0.8 * len(codebook.codes())
    # One code at most once per narrative.
    assert not excerpts.duplicated(["narrative_id", "code"]).any()


def test_care_stages_match_excerpts(frames):
    n = frames["narratives"].set_index("narrative_id")
    e = frames["excerpts"]
    assert set(e["care_stage"]) <= set(vocab.CARE_STAGES)
    stages = e.groupby("narrative_id")["care_stage"].agg(set)
    for nid, got in stages.items():
        cell = n.at[nid, "care_stages"]
        if cell:
            assert set(cell.split("; ")) == got


# ------------------------------------------------------------------ geography and mess


def test_postcodes_real_except_deliberate_mess(postcode_status, ref, frames):
    counts = postcode_status.value_counts()
    assert 3 <= counts.get("unknown", 0) <= 6
    assert 1 <= counts.get("malformed", 0) <= 2
    assert 2 <= counts.get("terminated", 0) <= 4
    assert counts.get("missing", 0) <= 4
    assert counts["ok"] >= 321 - 16
    live = ref.postcodes[ref.postcodes["terminated"].isna() & ref.postcodes["lon"].notna()]
    ok = frames["narratives"]["postcode"][postcode_status == "ok"].map(normalise_postcode)
    assert ok.isin(set(live["postcode"])).all()
    assert frames["venues"]["postcode"].isin(set(live["postcode"])).all()


def test_core20_over_represented_with_gaps(core20, frames, ref):
    share = core20.dropna().astype(bool).mean()
    assert 0.42 <= share <= 0.60
    lsoa = ref.lsoa
    c20 = set(lsoa.loc[lsoa["core20"], "lsoa_code"])
    assert len(c20) == 21
    pcs = ref.postcodes.set_index("postcode")["lsoa_code"]
    reached = set(frames["narratives"]["postcode"].map(normalise_postcode).map(pcs).dropna())
    with_venue = set(frames["venues"]["postcode"].map(pcs))
    gaps = c20 - reached - with_venue
    assert 2 <= len(gaps) <= 8
    venue_c20 = frames["venues"]["postcode"].map(pcs).isin(c20).sum()
    assert venue_c20 >= 5
    localities = set(frames["venues"]["postcode"].map(ref.postcodes.set_index("postcode")["locality"]))
    assert localities == {"Dartford", "Gravesham", "Swanley"}


def test_realistic_mess(frames):
    n = frames["narratives"]
    assert 0.04 <= (n["ethnicity"] == "").mean() <= 0.12
    assert 0.02 <= (n["rating"] == "").mean() <= 0.08
    assert n["rating"].str.contains("/10").sum() >= 1
    assert n["rating"].str.match(r"^\s+\d+\s+$").sum() >= 1
    assert (n["age_band"] == "").sum() > 0 and (n["first_baby"] == "").sum() > 0
    ok = _rating(n).dropna()
    assert ok.between(1, 10).all() and ok.eq(ok.round()).all()


def test_ratings_skew_high_with_a_tail(narratives):
    r = _rating(narratives).dropna()
    assert r.between(7, 9).mean() >= 0.45
    assert (r <= 4).sum() >= 5
    assert 6.5 <= r.mean() <= 8.0


def test_pii_in_a_minority_of_notes(narratives):
    names = [*T.PII_STAFF, *T.PII_DOCTORS, *(x for v in T.PII_PARTNERS.values() for x in v)]
    pattern = "|".join(
        [r"07700 900\d{3}", r"on \d{1,2}(?:st|nd|rd|th) [A-Z][a-z]+"] + [rf"\b{n}\b" for n in names]
    )
    share = narratives["note"].str.contains(pattern, regex=True).mean()
    assert 0.08 <= share <= 0.25


def test_mix_of_collectors_dates_and_ethnicity(narratives):
    eo = (narratives["collected_by"] == "Engagement officer").mean()
    assert 0.6 <= eo <= 0.8
    assert 0.05 <= (narratives["venue_id"] == "").mean() <= 0.2
    months = pd.to_datetime(narratives["collected_on"]).dt.month.value_counts()
    assert months[8] < months[[9, 10, 11]].mean() and months[12] < months[[11, 1]].mean()
    groups = narratives["ethnicity"].map(vocab.ETHNICITY_GROUPS).value_counts(normalize=True)
    assert {"Asian", "Black", "Mixed", "White", "Other"} <= set(groups.index)
    assert (narratives["ethnicity"] == "Other White").mean() >= 0.08
    assert (narratives["ethnicity"] == "White British").mean() <= 0.45


# ------------------------------------------------------------------ built-in patterns


def test_pattern_judgement_black_and_eastern_european(narratives, excerpts):
    judged = narratives["narrative_id"].isin(_with(excerpts, excerpts["theme"] == "Judgement"))
    eth = narratives["ethnicity"]
    target = eth.map(vocab.ETHNICITY_GROUPS).eq("Black") | eth.eq("Other White")
    white_british = eth.eq("White British")
    assert judged[target].mean() > judged[white_british].mean() + 0.05


def test_pattern_barriers_in_core20(narratives, excerpts, core20):
    barriers = narratives["narrative_id"].isin(_with(excerpts, excerpts["theme"] == "Barriers"))
    known = core20.notna()
    in_c20 = core20[known].astype(bool)
    assert barriers[known][in_c20].mean() > barriers[known][~in_c20].mean() + 0.05


def test_pattern_inconsistent_care_lowers_rating(narratives, excerpts):
    rating = _rating(narratives)
    incons = narratives["narrative_id"].isin(
        _with(excerpts, excerpts["category_id"] == "inconsistent_care_and_support")
    )
    cons = narratives["narrative_id"].isin(
        _with(excerpts, excerpts["category_id"] == "consistent_care_and_support")
    )
    assert rating[incons].mean() < rating[~incons].mean() - 0.5
    assert rating[cons].mean() > rating[incons].mean() + 1.0


def test_pattern_language_barriers_among_recent_migrants(narratives, excerpts):
    lang = narratives["narrative_id"].isin(_with(excerpts, excerpts["category_id"] == "language_barriers"))
    eth = narratives["ethnicity"]
    british_or_irish = eth.isin(["White British", "White Irish"])
    migrant_groups = eth.isin(["Other White", "Roma", "Arab", "Other Asian", "Any other ethnic group"])
    assert lang[migrant_groups].mean() > 0.2
    assert lang[british_or_irish].mean() < 0.05


def test_pattern_positive_categories_common(excerpts):
    reach = excerpts.groupby("category_id")["narrative_id"].nunique().sort_values(ascending=False)
    assert "good_care" in reach.index[:3]
    assert "good_support" in reach.index[:5]


# ------------------------------------------------------------------ notes


def test_notes_are_varied(narratives):
    notes = narratives["note"]
    assert notes.nunique() >= 300
    counts: Counter = Counter()
    for note in notes:
        counts.update(set(re.split(r"(?<=[.!?])\s+", note)))
    top_sentence, top = counts.most_common(1)[0]
    assert top / len(notes) <= 0.08, top_sentence
    words = notes.str.split().str.len()
    assert words.min() >= 10 and words.median() >= 35


def test_phrase_bank_is_large():
    fragments = sum(len(c[4]) for cs in T.CODEBOOK.values() for c in cs)
    others = len(T.OPENERS) + len(T.FILLERS) + len(T.CLOSINGS) + len(T.RATING_SENTENCES) + len(T.FRAMES)
    assert fragments >= 300
    assert fragments + others + len(T.CONTRAST) + len(T.ADDITIVE) >= 400


def test_no_report_sentences_copied():
    from insights.config import REPO_ROOT

    report = REPO_ROOT.parent / "shared" / "seed" / "maternity_inequalities_report.txt"
    if not report.exists():
        pytest.skip("research report not available")
    text = " ".join(report.read_text(encoding="utf-8").lower().split())
    fragments = [f.split("|", 1)[1] for cs in T.CODEBOOK.values() for c in cs for f in c[4]]
    fragments += [x.split("|", 1)[1] for x in (*T.OPENERS, *T.FILLERS, *T.CLOSINGS)]
    fragments += [*T.RATING_SENTENCES, *(x for v in T.ENGAGEMENT_NOTES.values() for x in v)]
    for frag in fragments:
        plain = re.sub(r"\{[^}]*\}", "|", frag.lower().replace(".", ""))
        for piece in plain.split("|"):
            words = piece.split()
            # No run of 8+ words from a fragment appears in the report.
            for k in range(len(words) - 7):
                assert " ".join(words[k : k + 8]) not in text, frag


# ------------------------------------------------------------------ engagement log and venues


def test_engagement_log(frames):
    g, n, v = frames["engagement"], frames["narratives"], frames["venues"]
    dates = pd.to_datetime(g["activity_date"])
    weeks = dates.dt.to_period("W").nunique()
    assert weeks >= 45
    collected = g["narratives_collected"].astype(int)
    women = g["women_engaged"].astype(int)
    assert (women >= collected).all()
    at_venues = n[n["venue_id"] != ""]
    assert collected.sum() <= len(at_venues)
    assert collected.sum() >= 0.6 * (at_venues["collected_by"] == "Engagement officer").sum()
    # Each logged count matches the narratives collected at that venue that day.
    per_day = at_venues.groupby(["venue_id", "collected_on"]).size()
    logged = g.assign(c=collected).groupby(["venue_id", "activity_date"])["c"].sum()
    joined = logged[logged > 0]
    assert (joined <= per_day.reindex(joined.index).fillna(0)).all()
    # Venues gone quiet (no visit in the last 8 weeks) and venues no longer active.
    last = dates.groupby(g["venue_id"]).max()
    quiet = last[last < pd.Timestamp(PERIOD[1]) - pd.Timedelta(weeks=8)].index
    active = v.set_index("venue_id")["active"] != "no"
    assert active[quiet].sum() >= 2
    assert (v["active"] == "no").sum() >= 2
    # Packs: English at every venue, other languages only at some; restocks often.
    assert (g["packs_english"].astype(int) > 0).mean() > 0.5
    other = [c for c in g.columns if c.startswith("packs_") and c != "packs_english"]
    used = [c for c in other if (g[c] != "").any()]
    assert len(used) >= 6
    restocks = g[g["activity_type"] == "Pack restock"].groupby("venue_id").size()
    assert restocks.max() >= 8
    assert (g["connectors_present"].astype(int) > 0).sum() > 10


def test_venue_mix(frames):
    v = frames["venues"]
    assert v["venue_type"].nunique() >= 6
    assert (v["venue_type"] == "Faith group").sum() >= 4
    assert (
        v["name"].str.contains("Gurdwara|Masjid|Islamic|Mandir|Temple|Church|Chapel|Parish|Fellowship").sum()
        >= 3
    )


# ------------------------------------------------------------------ scale and output


def test_scales_proportionally(ref):
    frames = demo.generate(4000, seed=11, reference=ref)
    n = frames["narratives"]
    assert len(n) == 4000 and n["narrative_id"].is_unique
    assert 2.5 <= len(frames["excerpts"]) / len(n) <= 3.5
    assert len(frames["venues"]) == demo.venue_count(4000) == 80
    assert 1.0 <= len(frames["engagement"]) / len(n) <= 1.7
    assert list(n.columns) == templates.column_names("narratives")
    notes = n.set_index("narrative_id")["note"]
    e = frames["excerpts"]
    assert all(t in notes[i] for i, t in zip(e["narrative_id"], e["excerpt"], strict=True))


def test_venue_count_scales_gently():
    assert demo.venue_count(321) == 32
    assert demo.venue_count(10_000) == 200
    assert demo.venue_count(1_000_000) == 2000


def test_rejects_empty():
    with pytest.raises(ValueError):
        demo.generate(0)


def test_small_demo_still_valid(ref):
    frames = demo.generate(5, seed=3, reference=ref)
    assert len(frames["narratives"]) == 5
    assert len(frames["excerpts"]) >= 5


def test_write_csvs_round_trip(frames, tmp_path):
    paths = demo.write_csvs(frames, tmp_path / "out")
    assert {p.name for p in paths.values()} == {f"{k}.csv" for k in templates.KINDS}
    for kind, path in paths.items():
        back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        pd.testing.assert_frame_equal(back, frames[kind].astype(object), check_dtype=False)


def test_load_reference_types(ref):
    p = ref.postcodes
    assert list(p.columns) == [
        "postcode",
        "postcode_district",
        "lsoa_code",
        "terminated",
        "lon",
        "lat",
        "imd_decile",
        "core20",
        "locality",
    ]
    assert p["core20"].dtype == bool
    assert np.issubdtype(p["lon"].dtype, np.floating)
    assert p["terminated"].notna().sum() > 0
