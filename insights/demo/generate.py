"""Deterministic synthetic demo for Dartford, Gravesham and Swanley (no Streamlit, no network).

`generate(n, seed)` returns the four import templates (venues, narratives, excerpts, engagement) as
frames of strings, exactly as a user's CSV files would hold them, so the demo goes through the same
validation and import path. Patterns built into the synthetic truth and the deliberate mess are
described in data/demo/README.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter

import numpy as np
import pandas as pd

from insights import config, vocab
from insights.coding.codebook import codes as codebook_codes
from insights.coding.codebook import figure2
from insights.demo import phrases as T
from insights.demo.parameters import (  # names callers use as generate.<name> too
    AGE_BAND_P,
    BIT,
    BLACK,
    CATEGORY_BASE,
    CATEGORY_MULTIPLIERS,
    CATEGORY_THEMES,
    CONNECTOR_KIND_WEIGHT,
    EASTERN_EUROPEAN,
    ETHNICITIES,
    EXCERPTS_PER_NARRATIVE,
    FORCED,
    N_DAYS,
    NARRATIVE_WEIGHT_BY_ACTIVITY,
    NOT_MINORITY,
    P_CONSISTENT,
    P_CORE20_AT_CORE20_VENUE,
    P_CORE20_AT_OTHER_VENUE,
    P_CORE20_NO_VENUE,
    P_FIRST_BY_AGE,
    P_INCONSISTENT,
    P_LANGUAGE_NEED,
    P_MIGRANT,
    P_PII,
    P_PREGNANT,
    PERIOD_START,
    POLARITY_SLOPE,
    PROFILES,
    PROVIDER_MIX,
    RATING,
    SHARE_CONNECTOR,
    SHARE_NO_VENUE_CC,
    SHARE_NO_VENUE_EO,
    STAGE_ORDER,
    STAGES,
    THEME_IDS,
    THEME_MULT_BLACK_EE_JUDGEMENT,
    THEME_MULT_CORE20_BARRIERS,
    THEME_MULT_OTHER_MINORITY_JUDGEMENT,
    THEME_NAMES,
)
from insights.demo.places import (  # names callers use as generate.<name> too
    Reference,
    _calendar,
    _day_of,
    _Geo,
    _km,
    _make_rows,
    _make_venues,
    _pick_postcodes,
    _prepare_geo,
    _Rows,
    _sample_rows,
    _Venues,
    connector_count,
    load_reference,
    venue_count,
)
from insights.ingest import templates
from insights.output.exports import write_csv
from insights.reference.geography import normalise_postcode

# ------------------------------------------------------------------ codebook + fragments


@dataclass
class _Codes:
    labels: list[str]
    category: np.ndarray  # category index per code
    categories: list[str]
    polarity: list[str]
    frags: list[list[tuple[str, str]]]  # per code: (stage letter, template)
    antenatal: list[list[tuple[str, str]]]
    required: np.ndarray  # tag bits a woman must have
    weight: np.ndarray
    theme_w: np.ndarray  # codes x 3
    allowed: np.ndarray  # categories x 3 (Figure 2)


@lru_cache(maxsize=1)
def _codes() -> _Codes:
    fig = figure2()
    categories = list(fig["category"])
    polarity = list(fig["polarity"])
    allowed = fig[list(THEME_IDS)].to_numpy(dtype=float)
    project = codebook_codes()
    by_label = {c[0]: (cat, c) for cat, cs in T.CODEBOOK.items() for c in cs}
    cat_index = {c: i for i, c in enumerate(categories)}
    name_by_id = dict(zip(fig["category_id"], fig["category"], strict=True))
    labels, cat, frags, ante, req, weight, theme_w = [], [], [], [], [], [], []
    for row in project.itertuples(index=False):
        if row.label not in by_label:
            raise ValueError(f"codes.csv label {row.label!r} has no demo fragments in insights.demo.phrases")
        cat_name, (_, _, tags, w, fr) = by_label[row.label]
        if name_by_id[row.category_id] != cat_name:
            raise ValueError(
                f"code {row.label!r} is in {cat_name!r} in demo_text, not in codes.csv's category"
            )
        parsed = [(f.split("|", 1)[0], f.split("|", 1)[1]) for f in fr]
        bits = 0
        for t in tags.split():
            bits |= BIT[t]
        if not any(s == "a" for s, _ in parsed):
            bits |= BIT["hasbirth"]
        ci = cat_index[cat_name]
        tw = np.array(T.THEME_OVERRIDES.get(row.label, CATEGORY_THEMES.get(cat_name, (1.0, 0.0, 0.0))))
        tw = tw * allowed[ci]
        if tw.sum() == 0:
            tw = np.array([1.0, 0.0, 0.0])
        labels.append(row.label)
        cat.append(ci)
        frags.append(parsed)
        ante.append([p for p in parsed if p[0] == "a"] or parsed)
        req.append(bits)
        weight.append(w)
        theme_w.append(tw / tw.sum())
    return _Codes(
        labels=labels,
        category=np.array(cat),
        categories=categories,
        polarity=polarity,
        frags=frags,
        antenatal=ante,
        required=np.array(req, dtype=np.int64),
        weight=np.array(weight),
        theme_w=np.array(theme_w),
        allowed=allowed,
    )


_FMT = Formatter()


@lru_cache(maxsize=4096)
def _slots_of(template: str) -> frozenset:
    return frozenset(name for _, name, _, _ in _FMT.parse(template) if name)


def _split_tagged(items) -> list[tuple[frozenset, str]]:
    out = []
    for item in items:
        tags, text = item.split("|", 1)
        out.append((frozenset(tags.split()), text))
    return out


# ------------------------------------------------------------------ generation


def generate(
    n_narratives: int = config.DEMO_NARRATIVES,
    seed: int = config.DEMO_SEED,
    reference: Reference | None = None,
) -> dict[str, pd.DataFrame]:
    """The synthetic demo as the four import templates: venues, narratives, excerpts, engagement."""
    n = int(n_narratives)
    if n < 1:
        raise ValueError("n_narratives must be at least 1")
    ref = reference if reference is not None else load_reference()
    ss = np.random.SeedSequence(seed)
    r_geo, r_ven, r_rows, r_alloc, r_attr, r_code, r_text, r_mess = (
        np.random.default_rng(s) for s in ss.spawn(8)
    )
    geo = _prepare_geo(ref, r_geo)
    cb = _codes()
    dates, weekday, season = _calendar()
    ven = _make_venues(venue_count(n), geo, r_ven)
    rows = _make_rows(n, ven, season, r_rows)
    alloc = _allocate(n, ven, rows, weekday, season, r_alloc)
    people = _attributes(n, alloc, ven, geo, r_attr)
    chosen = _choose_codes(n, people, cb, r_code)
    rating = _ratings(n, people, chosen, r_attr)
    blank_rating = r_mess.random(n) < P_BLANK_RATING
    narratives, excerpts = _write_text(
        n, alloc, people, chosen, rating, blank_rating, ven, geo, cb, dates, r_text
    )
    _mess_up(narratives, people, geo, blank_rating, r_mess)
    engagement = _engagement_frame(rows, alloc, ven, dates, r_rows)
    frames = {
        "venues": ven.frame,
        "narratives": narratives,
        "excerpts": excerpts,
        "engagement": engagement,
    }
    return {
        kind: frames[kind][templates.column_names(kind)].reset_index(drop=True) for kind in templates.KINDS
    }


@dataclass
class _Alloc:
    day: np.ndarray
    venue: np.ndarray  # -1 = no venue
    connector: np.ndarray  # -1 = engagement officer
    n_connectors: int
    connector_venue: np.ndarray


def _allocate(
    n: int, ven: _Venues, rows: _Rows, weekday: np.ndarray, season: np.ndarray, rng: np.random.Generator
) -> _Alloc:
    """Who collected each narrative, when and where; sorted by date."""
    n_cc = round(SHARE_CONNECTOR * n)
    n_eo = n - n_cc
    n_eo_none = round(SHARE_NO_VENUE_EO * n)
    n_eo_venue = n_eo - n_eo_none
    n_cc_none = round(SHARE_NO_VENUE_CC * n_cc)
    n_cc_venue = n_cc - n_cc_none
    # Engagement officer at a venue: on one of the logged visits.
    ramp = 0.6 + 0.8 * rows.day / (N_DAYS - 1)
    w = np.array(NARRATIVE_WEIGHT_BY_ACTIVITY)[rows.activity] * ramp
    pick = rng.choice(len(rows.day), size=n_eo_venue, p=w / w.sum()) if n_eo_venue else np.zeros(0, int)
    eo_day, eo_venue = rows.day[pick], rows.venue[pick]
    # Engagement officer elsewhere (a phone call, an event, the school gates).
    dw = season * np.where(weekday < 5, 1.0, np.where(weekday == 5, 0.3, 0.15))
    dw = dw * (0.6 + 0.8 * np.arange(N_DAYS) / (N_DAYS - 1))
    eo_none_day = rng.choice(N_DAYS, size=n_eo_none, p=dw / dw.sum())
    # Community connectors: each tied to a venue, active from the summer (after the role changed).
    k = connector_count(n)
    kinds = list(ven.kind)
    ok = (ven.status == "active") & (ven.start_week <= 20)
    if not ok.any():
        ok = ven.status != "inactive"
    cw = np.array([CONNECTOR_KIND_WEIGHT[x] for x in kinds]) * ok
    replace = k > ok.sum()
    cven = rng.choice(len(kinds), size=k, replace=replace, p=cw / cw.sum())
    june = (dt.date(2023, 6, 1) - PERIOD_START).days
    cstart = june + rng.integers(0, 150, k)
    cstart = np.maximum(cstart, _day_of(ven.start_week[cven], np.zeros(k, int)))
    stays = rng.random(k) < 0.7
    cend = np.where(stays, N_DAYS - 1, np.minimum(N_DAYS - 1, cstart + rng.integers(60, 150, k)))
    prod = rng.gamma(1.5, 1 / 1.5, k) * (cend - cstart + 1)
    who = rng.choice(k, size=n_cc, p=prod / prod.sum())
    span = cend[who] - cstart[who] + 1
    cday = cstart[who] + np.floor(rng.random(n_cc) * span).astype(int)
    snap = rng.random(n_cc) < 0.6
    snapped = cday - weekday[cday] + ven.usual_day[cven[who]]
    cday = np.where(snap & (snapped >= cstart[who]) & (snapped <= cend[who]), snapped, cday)
    cvenue = np.where(np.arange(n_cc) < n_cc_venue, cven[who], -1)
    day = np.concatenate([eo_day, eo_none_day, cday]).astype(np.int64)
    venue = np.concatenate([eo_venue, np.full(n_eo_none, -1), cvenue]).astype(np.int64)
    connector = np.concatenate([np.full(n_eo, -1), who]).astype(np.int64)
    order = np.lexsort((rng.random(n), day))
    return _Alloc(
        day=day[order], venue=venue[order], connector=connector[order], n_connectors=k, connector_venue=cven
    )


@dataclass
class _People:
    core20: np.ndarray
    lsoa: np.ndarray
    postcode_idx: np.ndarray
    ethnicity: np.ndarray  # latent, always set
    migrant: np.ndarray
    lang_need: np.ndarray
    country: np.ndarray
    language: np.ndarray
    age: np.ndarray  # index into AGE_BANDS
    first: np.ndarray
    pregnant: np.ndarray
    provider: np.ndarray  # object, None = blank
    quality: np.ndarray
    cons: np.ndarray
    incons: np.ndarray
    sig: np.ndarray  # tag bits


def _attributes(n: int, alloc: _Alloc, ven: _Venues, geo: _Geo, rng: np.random.Generator) -> _People:
    has_venue = alloc.venue >= 0
    v = np.where(has_venue, alloc.venue, 0)
    p_c20 = np.where(ven.core20[v], P_CORE20_AT_CORE20_VENUE, P_CORE20_AT_OTHER_VENUE)
    p_c20 = np.where(ven.kind[v] == "food_bank", np.minimum(p_c20 + 0.1, 0.9), p_c20)
    p_c20 = np.where(has_venue, p_c20, P_CORE20_NO_VENUE)
    core20 = rng.random(n) < p_c20
    # Home LSOA: near the venue, among reached LSOAs of the right kind.
    n_v = len(ven.kind)
    reach = geo.reached * rng.gamma(2.0, 0.5, len(geo.lsoa_codes))
    dist = _km(ven.lon[:, None], ven.lat[:, None], geo.lon[None, :], geo.lat[None, :])
    near = np.vstack([np.exp(-dist / 3.0), np.ones((1, len(geo.lsoa_codes)))])  # last row: no venue
    prob = np.concatenate(
        [near * reach * (geo.core20 == c)[None, :] for c in (False, True)], axis=0
    )  # rows: (flag * (n_v + 1)) + venue
    row = core20.astype(np.int64) * (n_v + 1) + np.where(has_venue, alloc.venue, n_v)
    lsoa = _sample_rows(prob, row, rng.random(n))
    pc = _pick_postcodes(geo, lsoa, rng)
    # Ethnicity from the venue's profile (general venues: a Core20 mix for Core20 women).
    prof_names = list(PROFILES)
    pmat = np.array([[PROFILES[p].get(e, 0.0) for e in ETHNICITIES] for p in prof_names])
    prof = np.where(has_venue, ven.profile[v], "general")
    prof = np.where((prof == "general") & core20, "core20", prof)
    prof_idx = pd.Categorical(prof, categories=prof_names).codes.astype(np.int64)
    eth_idx = _sample_rows(pmat, prof_idx, rng.random(n))
    ethnicity = np.array(ETHNICITIES, dtype=object)[eth_idx]
    p_mig = np.array([P_MIGRANT.get(e, 0.0) for e in ETHNICITIES])[eth_idx]
    migrant = rng.random(n) < p_mig
    # Country of origin and language for women who came to the UK as adults.
    country = np.full(n, "", dtype=object)
    language = np.full(n, "English", dtype=object)
    u = rng.random(n)
    for e, origins in T.ORIGINS.items():
        m = migrant & (ethnicity == e)
        if not m.any():
            continue
        w = np.array([o[2] for o in origins], dtype=float)
        pick = _sample_rows(w[None, :], np.zeros(m.sum(), int), u[m])
        country[m] = np.array([o[0] for o in origins], dtype=object)[pick]
        language[m] = np.array([o[1] for o in origins], dtype=object)[pick]
    p_lang = np.array([P_LANGUAGE_NEED.get(e, 0.0) for e in ETHNICITIES])[eth_idx]
    lang_need = migrant & (language != "English") & (rng.random(n) < p_lang)
    age = rng.choice(len(AGE_BAND_P), size=n, p=AGE_BAND_P)
    first = rng.random(n) < np.array(P_FIRST_BY_AGE)[age]
    pregnant = rng.random(n) < P_PREGNANT
    # Provider by the locality of her home.
    loc = geo.locality[lsoa]
    provider = np.full(n, None, dtype=object)
    u = rng.random(n)
    for name, mix in PROVIDER_MIX.items():
        m = loc == name
        opts = list(mix)
        pick = _sample_rows(np.array([list(mix.values())]), np.zeros(m.sum(), int), u[m])
        provider[m] = np.array(opts, dtype=object)[pick]
    z = rng.standard_normal(n)
    quality = np.where(z < 0, 1.3 * z, z)
    u = rng.random(n)
    cons = u < P_CONSISTENT
    incons = (u >= P_CONSISTENT) & (u < P_CONSISTENT + P_INCONSISTENT)
    sig = np.zeros(n, dtype=np.int64)
    flags = {
        "eth": ~np.isin(ethnicity, NOT_MINORITY),
        "black": np.isin(ethnicity, BLACK),
        "ee": np.isin(ethnicity, EASTERN_EUROPEAN),
        "migrant": migrant,
        "lang": lang_need,
        "first": first,
        "multip": ~first,
        "young": age <= 1,
        "older": age >= 4,
        "cons": cons,
        "incons": incons,
        "hasbirth": ~(pregnant & first),
    }
    for t, f in flags.items():
        sig |= np.where(f, BIT[t], 0)
    return _People(
        core20=core20,
        lsoa=lsoa,
        postcode_idx=pc,
        ethnicity=ethnicity,
        migrant=migrant,
        lang_need=lang_need,
        country=country,
        language=language,
        age=age,
        first=first,
        pregnant=pregnant,
        provider=provider,
        quality=quality,
        cons=cons,
        incons=incons,
        sig=sig,
    )


@dataclass
class _Chosen:
    start: np.ndarray  # per narrative, offset into the excerpt arrays
    count: np.ndarray
    code: np.ndarray  # per excerpt
    theme: np.ndarray  # per excerpt, index into THEME_IDS
    narrative: np.ndarray  # per excerpt


def _has(sig: np.ndarray, tag: str) -> np.ndarray:
    return (sig & BIT[tag]) != 0


def _choose_codes(n: int, people: _People, cb: _Codes, rng: np.random.Generator) -> _Chosen:
    """Which categories and codes each narrative mentions, and the theme each excerpt is coded to."""
    n_cat = len(cb.categories)
    sig = people.sig
    usig, inv = np.unique(sig, return_inverse=True)
    elig = (usig[:, None] & cb.required[None, :]) == cb.required[None, :]  # signatures x codes
    code_w = elig * cb.weight[None, :]
    cat_ok = np.zeros((len(usig), n_cat), dtype=bool)
    for c in range(n_cat):
        cat_ok[:, c] = code_w[:, cb.category == c].sum(1) > 0
    ci = {c: i for i, c in enumerate(cb.categories)}
    base = np.array([CATEGORY_BASE[c] for c in cb.categories])
    slope = np.array([POLARITY_SLOPE[p] for p in cb.polarity])
    logw = np.log(base)[None, :] + people.quality[:, None] * slope[None, :]
    black_ee = _has(sig, "black") | _has(sig, "ee")
    groups = {
        "core20": people.core20,
        "black_or_ee": black_ee,
        "other_minority": _has(sig, "eth") & ~black_ee,
        "age": _has(sig, "young") | _has(sig, "older"),
        "lang": _has(sig, "lang"),
        "cons": _has(sig, "cons"),
        "incons": _has(sig, "incons"),
    }
    for g, mults in CATEGORY_MULTIPLIERS.items():
        for cat, m in mults.items():
            logw[:, ci[cat]] += np.where(groups[g], np.log(m), 0.0)
    gumbel = -np.log(-np.log(rng.random((n, n_cat))))
    keys = np.where(cat_ok[inv], logw + gumbel, -np.inf)
    for g, cat in FORCED.items():
        keys[:, ci[cat]] += np.where(groups[g] & np.isfinite(keys[:, ci[cat]]), 100.0, 0.0)
    k = rng.choice(6, size=n, p=EXCERPTS_PER_NARRATIVE) + 1
    top = np.argsort(-keys, axis=1, kind="stable")[:, :6]
    finite = np.isfinite(np.take_along_axis(keys, top, axis=1))
    take = (np.arange(6)[None, :] < k[:, None]) & finite
    count = take.sum(1)
    cats = top[take]
    narr = np.repeat(np.arange(n), count)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    # A code within each category, among codes that fit the woman.
    code = np.zeros(len(cats), dtype=np.int64)
    u = rng.random(len(cats))
    for c in range(n_cat):
        idx = np.flatnonzero(cats == c)
        if not len(idx):
            continue
        members = np.flatnonzero(cb.category == c)
        prob = code_w[:, members]  # signatures x members
        code[idx] = members[_sample_rows(prob, inv[narr[idx]], u[idx])]
    # Theme: the coder's decision, within Figure 2, leaning by group.
    tw = cb.theme_w[code].copy()
    tw[:, 1] *= np.where(people.core20[narr], THEME_MULT_CORE20_BARRIERS, 1.0)
    judge = np.where(
        black_ee[narr],
        THEME_MULT_BLACK_EE_JUDGEMENT,
        np.where(_has(sig[narr], "eth"), THEME_MULT_OTHER_MINORITY_JUDGEMENT, 1.0),
    )
    tw[:, 2] *= judge
    theme = _sample_rows(tw, np.arange(len(code)), rng.random(len(code)))
    return _Chosen(start=start, count=count, code=code, theme=theme, narrative=narr)


def _ratings(n: int, people: _People, chosen: _Chosen, rng: np.random.Generator) -> np.ndarray:
    judg = np.bincount(chosen.narrative, weights=(chosen.theme == 2), minlength=n) > 0
    raw = (
        RATING["intercept"]
        + RATING["quality"] * people.quality
        + RATING["consistent"] * people.cons
        + RATING["inconsistent"] * people.incons
        + RATING["judgement"] * judg
        + RATING["language"] * people.lang_need
        + RATING["core20"] * people.core20
        + rng.normal(0, RATING["noise_sd"], n)
    )
    return np.clip(np.round(raw), 1, 10).astype(int)


# ------------------------------------------------------------------ text


class _Slots(dict):
    """Per-note slot values; random bank slots are picked lazily from the note's random numbers."""

    __slots__ = ("r",)

    def __missing__(self, key):
        bank = T.SLOT_BANKS[key]
        value = bank[self.r[_SLOT_POS[key]] % len(bank)]
        self[key] = value
        return value


_SLOT_POS = {k: i for i, k in enumerate(T.SLOT_BANKS)}
_CLOSINGS = {
    frozenset(want): [t for tags, t in _split_tagged(T.CLOSINGS) if tags <= frozenset(want)]
    for want in ({""}, {"", "lang"}, {"", "worry"}, {"", "lang", "worry"})
}
_N_RAND = 40
_CHUNK = 20_000


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number_word(x: int) -> str:
    return T.NUMBER_WORDS[x] if 0 <= x < len(T.NUMBER_WORDS) else str(x)


def _write_text(n, alloc, people, chosen, rating, blank_rating, ven, geo, cb, dates, rng):
    """Compose each note from fragments; excerpts are the fragments exactly as they appear."""
    day = alloc.day
    collected = dates[day]
    narrative_ids = [f"N{i + 1:0{max(6, len(str(n)))}d}" for i in range(n)]
    # Context values, vectorised then as lists.
    ord_idx = np.where(people.first, 0, rng.choice(4, size=n, p=(0.55, 0.27, 0.12, 0.06)) + 1)
    age_weeks = np.clip(np.round(rng.gamma(2.2, 9.0, n)).astype(int) + 1, 1, 52)
    birth = collected - (age_weeks * 7).astype("timedelta64[D]")
    bmonth = (birth.astype("datetime64[M]").astype(int) % 12).tolist()
    gest = rng.integers(8, 40, n)
    due = (
        (collected + ((40 - gest) * 7).astype("timedelta64[D]")).astype("datetime64[M]").astype(int) % 12
    ).tolist()
    baby = rng.integers(0, len(T.BABIES), n).tolist()
    years = rng.integers(0, len(T.YEARS), n).tolist()
    town = geo.town[people.lsoa].tolist()
    has_venue = alloc.venue >= 0
    meet = np.where(has_venue, ven.meet[np.maximum(alloc.venue, 0)], "").tolist()
    no_venue_kind = rng.integers(0, len(T.NO_VENUE_KINDS), n).tolist()
    hosp = [T.PROVIDERS.get(p, "Darent Valley") if p else "Darent Valley" for p in people.provider]
    # PII: a minority of notes carry a name, a date or a phone number.
    pii = np.where(rng.random(n) < P_PII, rng.choice(5, size=n, p=(0.35, 0.2, 0.25, 0.12, 0.08)), -1).tolist()
    pii_kinds = ("mw", "dr", "partner", "when", "phone")
    eth = people.ethnicity
    partner_group = np.where(
        np.isin(eth, EASTERN_EUROPEAN),
        "ee",
        np.where(
            np.isin(eth, BLACK),
            "black",
            np.where(np.isin(eth, ["Indian", "Pakistani", "Bangladeshi"]), "asian", "other"),
        ),
    ).tolist()
    openers = _split_tagged(T.OPENERS)
    fillers = _split_tagged(T.FILLERS)
    opener_sets, filler_sets = {}, {}
    blank_l = blank_rating.tolist()
    first_l = people.first.tolist()
    preg_l = people.pregnant.tolist()
    mig_l = people.migrant.tolist()
    lang_l = people.lang_need.tolist()
    country_l = people.country.tolist()
    language_l = people.language.tolist()
    code_l = chosen.code.tolist()
    theme_l = chosen.theme.tolist()
    start_l = chosen.start.tolist()
    count_l = chosen.count.tolist()
    rating_l = rating.tolist()
    worry_cat = cb.categories.index("Worry/anxiety/mental health")
    cat_of_code = cb.category.tolist()
    positive = [cb.polarity[c] == "positive" for c in cat_of_code]
    labels = cb.labels
    frags, ante = cb.frags, cb.antenatal
    notes, care_stages = [], []
    ex_id, ex_nid, ex_code, ex_theme, ex_stage, ex_text = [], [], [], [], [], []
    for i in range(n):
        if i % _CHUNK == 0:  # random numbers for the next block of notes (bounded memory)
            rand = rng.integers(0, 1 << 30, size=(min(_CHUNK, n - i), _N_RAND)).tolist()
        r = rand[i % _CHUNK]
        born = not preg_l[i]
        first = first_l[i]
        key = (born, first, mig_l[i])
        if key not in opener_sets:
            have = {"born" if born else "preg", "first" if first else "multip"} | (
                {"migrant"} if mig_l[i] else set()
            )
            opener_sets[key] = [t for tags, t in openers if tags <= have]
            filler_sets[key] = [t for tags, t in fillers if tags <= (have | {""})]
        age_w = age_weeks[i]
        if age_w < 9:
            age, age_adj = f"{_number_word(age_w)} weeks", f"{_number_word(age_w)}-week-old"
        else:
            mo = max(2, round(age_w / 4.35))
            age = "nearly a year" if mo >= 12 else f"{_number_word(mo)} months"
            age_adj = "one-year-old" if mo >= 12 else f"{_number_word(mo)}-month-old"
        o = ord_idx[i]
        b = T.BABIES[baby[i]]
        s = _Slots(
            hosp=hosp[i],
            town=town[i],
            country=country_l[i] or "abroad",
            lang=language_l[i],
            baby=b[0],
            Baby=_cap(b[0]),
            ord=T.ORDINALS[o],
            Ord=_cap(T.ORDINALS[o]),
            kids=T.KIDS[min(o, len(T.KIDS)) - 1] if o else "one",
            bmonth=T.MONTH_NAMES[bmonth[i]],
            due=T.MONTH_NAMES[due[i]],
            age=age,
            age_adj=age_adj,
            gest=f"{gest[i]} weeks",
            years=T.YEARS[years[i]],
            venue_kind=meet[i] or T.NO_VENUE_KINDS[no_venue_kind[i]],
            r=str(rating_l[i]),
            a_r=("an " if rating_l[i] == 8 else "a ") + str(rating_l[i]),
        )
        s.r = r
        # Coded fragments (chosen first so a name can land inside a quote).
        j0, k = start_l[i], count_l[i]
        picked = []
        used: set = set()
        for j in range(j0, j0 + k):
            c = code_l[j]
            pool = frags[c] if born else ante[c]
            stage, tmpl = pool[r[(j - j0) % 6] % len(pool)]
            used |= _slots_of(tmpl)
            picked.append((stage, tmpl, c, theme_l[j], j - j0))
        kind = pii[i]
        pk = None
        if kind >= 0:
            pk = pii_kinds[kind]
            inside = [x for x in ("mw", "dr", "partner", "when") if x in used]
            if inside and r[33] % 100 < 60:
                pk = inside[r[34] % len(inside)]
            if pk == "mw":
                s["mw"] = T.PII_STAFF_FORMS[r[30] % 3].format(name=T.PII_STAFF[r[31] % len(T.PII_STAFF)])
            elif pk == "dr":
                s["dr"] = T.PII_DOCTORS[r[31] % len(T.PII_DOCTORS)]
            elif pk == "partner":
                names = T.PII_PARTNERS[partner_group[i]]
                s["partner"] = T.PII_PARTNER_FORMS[r[30] % 3].format(name=names[r[31] % len(names)])
            elif pk == "when":
                s["when"] = f"on {r[31] % 28 + 1}{_suffix(r[31] % 28 + 1)} {T.MONTH_NAMES[r[32] % 12]}"
            else:
                s["phone"] = f"07700 900{r[31] % 1000:03d}"
        items = [(STAGE_ORDER[st], o, st, tmpl.format_map(s), c, th) for st, tmpl, c, th, o in picked]
        items.sort()
        sentences = []
        ex_local = []
        q = 0
        rr = 6
        while q < len(items):
            frame = T.FRAMES[r[rr] % len(T.FRAMES)]
            rr += 1
            a = items[q]
            if frame.startswith("Felt") and "felt" in a[3][:24]:
                frame = "Said "
            first_text = a[3] if frame else _cap(a[3])
            if q + 1 < len(items) and r[rr] % 100 < 35:
                bq = items[q + 1]
                bank = T.ADDITIVE if positive[a[4]] == positive[bq[4]] else T.CONTRAST
                conn = bank[r[rr + 1] % len(bank)]
                second = bq[3]
                sentences.append(f"{frame}{first_text}{conn}{second}.")
                ex_local.append((a, first_text))
                ex_local.append((bq, second))
                q += 2
            else:
                sentences.append(f"{frame}{first_text}.")
                ex_local.append((a, first_text))
                q += 1
            rr += 2
        # Opener, an optional context sentence, the rating, a closing remark.
        opts = opener_sets[key]
        opener_t = opts[r[20] % len(opts)]
        used |= _slots_of(opener_t)
        parts = [opener_t.format_map(s)]
        if r[21] % 100 < 30:
            fopts = filler_sets[key]
            ft = fopts[r[22] % len(fopts)]
            used |= _slots_of(ft)
            parts.append(ft.format_map(s))
        rated = r[23] % 100 < (50 if blank_l[i] else 55)
        rate_early = r[24] % 2 == 0
        rated_close = None
        if rated:
            bank = T.UNRATED_SENTENCES if blank_l[i] else T.RATING_SENTENCES
            rated_close = bank[r[25] % len(bank)].format_map(s)
            if rate_early:
                parts.append(rated_close)
        parts.extend(sentences)
        if pk is not None and (pk == "phone" or pk not in used):
            ps = T.PII_SENTENCES[pk]
            parts.append(ps[r[26] % len(ps)].format_map(s))
        if rated and not rate_early:
            parts.append(rated_close)
        if r[27] % 100 < 45:
            want = {"", "lang"} if lang_l[i] else {""}
            if any(cat_of_code[e[4]] == worry_cat for e, _ in ex_local):
                want = want | {"worry"}
            copts = _CLOSINGS[frozenset(want)]
            parts.append(copts[r[28] % len(copts)].format_map(s))
        notes.append(" ".join(parts))
        stages = sorted({e[2] for e, _ in ex_local}, key=STAGE_ORDER.get)
        care_stages.append("; ".join(STAGES[x] for x in stages))
        nid = narrative_ids[i]
        for m, (e, text) in enumerate(ex_local, start=1):
            ex_id.append(f"{nid}-{m}")
            ex_nid.append(nid)
            ex_code.append(labels[e[4]])
            ex_theme.append(THEME_NAMES[e[5]])
            ex_stage.append(STAGES[e[2]])
            ex_text.append(text)
    collector_w = max(2, len(str(alloc.n_connectors)))
    is_cc = alloc.connector >= 0
    narratives = pd.DataFrame(
        {
            "narrative_id": narrative_ids,
            "collected_on": collected.astype(str),
            "collected_by": np.where(is_cc, "Community connector", "Engagement officer"),
            "collector_ref": [
                f"C{c + 1:0{collector_w}d}" if c >= 0 else "" for c in alloc.connector.tolist()
            ],
            "venue_id": np.where(has_venue, ven.ids[np.maximum(alloc.venue, 0)], ""),
            "postcode": geo.pc_postcode[people.postcode_idx],
            "ethnicity": people.ethnicity,
            "rating": rating.astype(str),
            "care_stages": care_stages,
            "first_baby": np.where(people.first, "yes", "no"),
            "age_band": np.array(vocab.AGE_BANDS, dtype=object)[people.age],
            "provider": [p or "" for p in people.provider],
            "note": notes,
        }
    )
    excerpts = pd.DataFrame(
        {
            "excerpt_id": ex_id,
            "narrative_id": ex_nid,
            "code": ex_code,
            "theme": ex_theme,
            "care_stage": ex_stage,
            "excerpt": ex_text,
        }
    )
    return narratives, excerpts


def _suffix(d: int) -> str:
    if 11 <= d <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


# ------------------------------------------------------------------ realistic mess


#: Counts of deliberately messy values (at least these many; otherwise the shares below).
MESS = {
    "unknown_postcode": (3, 0.0125),
    "malformed_postcode": (1, 0.005),
    "terminated_postcode": (2, 0.009),
    "blank_postcode": (1, 0.006),
    "rating_slash": (2, 0.006),
    "rating_spaces": (1, 0.004),
}
P_BLANK_ETHNICITY = 0.08
P_BLANK_RATING = 0.05
P_BLANK_AGE = 0.10
P_BLANK_FIRST = 0.12
P_BLANK_STAGES = 0.02
P_POSTCODE_FORMAT = 0.06


def _mess_count(n: int, name: str) -> int:
    low, share = MESS[name]
    return min(n, max(low, round(share * n))) if n >= 50 else min(n, 1)


def _mess_up(
    frame: pd.DataFrame, people: _People, geo: _Geo, blank_rating: np.ndarray, rng: np.random.Generator
) -> None:
    """Blank, unknown, malformed and oddly written values, as real files have (in place)."""
    n = len(frame)
    postcode = frame["postcode"].to_numpy(dtype=object).copy()
    # Formatting slips that normalise cleanly: lower case, no space, double space.
    fmt = np.flatnonzero(rng.random(n) < P_POSTCODE_FORMAT)
    for j, i in enumerate(fmt.tolist()):
        pc = postcode[i]
        postcode[i] = (pc.lower(), pc.replace(" ", ""), pc.replace(" ", "  "), f" {pc}")[j % 4]
    order = rng.permutation(n)
    pos = 0

    def take(name: str) -> np.ndarray:
        nonlocal pos
        c = _mess_count(n, name)
        out = order[pos : pos + c]
        pos += c
        return out

    for i in take("unknown_postcode").tolist():
        postcode[i] = _unknown_postcode(geo.pc_postcode[people.postcode_idx[i]], geo.all_postcodes, rng)
    for i in take("malformed_postcode").tolist():
        postcode[i] = _malformed_postcode(geo.pc_postcode[people.postcode_idx[i]], rng)
    term_idx = take("terminated_postcode")
    reached_terminated = np.flatnonzero(np.isin(geo.terminated_lsoa, geo.lsoa_codes[geo.reached]))
    if len(reached_terminated):
        for i in term_idx.tolist():
            same = np.flatnonzero(geo.terminated_lsoa == geo.lsoa_codes[people.lsoa[i]])
            pool = same if len(same) else reached_terminated
            postcode[i] = geo.terminated[pool[rng.integers(len(pool))]]
    for i in take("blank_postcode").tolist():
        postcode[i] = ""
    frame["postcode"] = postcode
    rating = frame["rating"].to_numpy(dtype=object).copy()
    rating[blank_rating] = ""
    filled = np.flatnonzero(~blank_rating)
    odd = filled[rng.permutation(len(filled))]
    n_slash, n_space = _mess_count(n, "rating_slash"), _mess_count(n, "rating_spaces")
    for i in odd[:n_slash].tolist():
        rating[i] = f"{rating[i]}/10"
    for i in odd[n_slash : n_slash + n_space].tolist():
        rating[i] = f" {rating[i]} "
    frame["rating"] = rating
    for col, p in (
        ("ethnicity", P_BLANK_ETHNICITY),
        ("age_band", P_BLANK_AGE),
        ("first_baby", P_BLANK_FIRST),
    ):
        values = frame[col].to_numpy(dtype=object).copy()
        values[rng.random(n) < p] = ""
        frame[col] = values
    stages = frame["care_stages"].to_numpy(dtype=object).copy()
    stages[rng.random(n) < P_BLANK_STAGES] = ""
    frame["care_stages"] = stages


_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _unknown_postcode(near: str, known: set, rng: np.random.Generator) -> str:
    """A well-formed postcode in the same sector as `near` that the reference does not hold."""
    sector = near[:-2]
    for _ in range(500):
        cand = sector + _UNIT_LETTERS[rng.integers(20)] + _UNIT_LETTERS[rng.integers(20)]
        if cand not in known and normalise_postcode(cand) == cand:
            return cand
    outward = near.split(" ")[0]
    for d in range(10):
        for a in _UNIT_LETTERS:
            for b in _UNIT_LETTERS:
                cand = f"{outward} {d}{a}{b}"
                if cand not in known:
                    return cand
    raise RuntimeError("no unknown postcode available")  # pragma: no cover


def _malformed_postcode(near: str, rng: np.random.Generator) -> str:
    """A typo that is not a postcode at all (letter O for zero, a character missing)."""
    outward, inward = near.split(" ")
    options = [
        f"{outward} {inward[0]}{inward[1]}"[:-1] + "O" + inward[1],  # e.g. DA11 OD
        f"{outward} O{inward[1:]}",
        f"{outward} {inward[:-1]}",
        f"{outward}{inward[0]}",
    ]
    start = int(rng.integers(len(options)))
    for j in range(len(options)):
        cand = options[(start + j) % len(options)]
        if normalise_postcode(cand) is None:
            return cand
    return outward  # pragma: no cover


# ------------------------------------------------------------------ engagement frame


def _engagement_frame(rows: _Rows, alloc: _Alloc, ven: _Venues, dates: np.ndarray, rng: np.random.Generator):
    m = len(rows.day)
    act = rows.activity
    # Narratives collected: those taken at the venue on the day of the visit.
    key_rows = rows.venue.astype(np.int64) * N_DAYS + rows.day
    with_venue = alloc.venue >= 0
    key_narr = alloc.venue[with_venue] * N_DAYS + alloc.day[with_venue]
    ukeys, first_row = np.unique(key_rows, return_index=True)
    pos = np.searchsorted(ukeys, key_narr)
    pos = np.clip(pos, 0, max(len(ukeys) - 1, 0))
    hit = (len(ukeys) > 0) & (ukeys[pos] == key_narr) if len(ukeys) else np.zeros(len(key_narr), bool)
    collected = np.bincount(first_row[pos[hit]], minlength=m)
    base = {
        0: (0, 1.5),
        1: (0, 1.0),
        2: (2, 7.0),
        3: (1, 5.0),
        4: (5, 20.0),
        5: (0, 2.0),
    }
    lo = np.array([base[a][0] for a in range(6)])[act]
    lam = np.array([base[a][1] for a in range(6)])[act]
    women = lo + rng.poisson(lam)
    women = np.maximum(women, collected + (collected > 0) * rng.poisson(1.0, m))
    # Packs: English everywhere; other languages where the venue carries them.
    restock_often = ven.restock_often[rows.venue]
    eng_lo = np.array([15, 10, 0, 0, 10, 0])[act] + np.where(restock_often & (act == 1), 10, 0)
    eng_lam = np.array([10.0, 8.0, 3.0, 4.0, 15.0, 1.0])[act] + np.where(restock_often & (act == 1), 12.0, 0)
    packs = {"english": eng_lo + rng.poisson(eng_lam)}
    other_lam = np.array([5.0, 5.0, 1.0, 1.0, 5.0, 0.0])[act] * np.where(restock_often, 1.6, 1.0)
    for j, lang in enumerate(vocab.PACK_LANGUAGES[1:], start=1):
        carried = ven.languages[rows.venue, j]
        packs[lang] = np.where(carried, rng.poisson(other_lam), 0)
    # Connectors present: at their own venue while they are active; sometimes at events.
    present = np.zeros(m, dtype=np.int64)
    for c in range(alloc.n_connectors):
        v = alloc.connector_venue[c]
        cdays = alloc.day[alloc.connector == c]
        if not len(cdays):
            continue
        at = (rows.venue == v) & (rows.day >= cdays.min()) & (rows.day <= cdays.max())
        present += at & (rng.random(m) < 0.75)
    june = (dt.date(2023, 6, 1) - PERIOD_START).days
    present += (act == 4) & (rows.day >= june) & (rng.random(m) < 0.3)
    # Short notes on most visits.
    lang_names = np.array([x.title() for x in vocab.PACK_LANGUAGES], dtype=object)
    first_other = np.where(ven.languages[:, 1:].any(1), ven.languages[:, 1:].argmax(1) + 1, 0)
    venue_lang = lang_names[first_other][rows.venue].tolist()
    r = rng.integers(0, 1 << 30, size=(m, 4)).tolist()
    act_l = act.tolist()
    kind_events = {k: T.EVENTS + T.KIND_EVENTS.get(k, ()) for k in T.VENUE_KINDS}
    row_kind = ven.kind[rows.venue].tolist()
    packs_en = packs["english"].tolist()
    notes = []
    for i in range(m):
        ri = r[i]
        if ri[0] % 100 < 35:
            notes.append("")
            continue
        bank = T.ENGAGEMENT_NOTES[vocab.ACTIVITY_TYPES[act_l[i]]]
        t = bank[ri[1] % len(bank)]
        if "{" in t:
            t = t.format(
                contact=T.CONTACTS[ri[2] % len(T.CONTACTS)],
                n=max(packs_en[i], 5),
                lang=venue_lang[i],
                event=kind_events[row_kind[i]][ri[3] % len(kind_events[row_kind[i]])],
            )
            t = _cap(t)
        notes.append(t)
    width = max(6, len(str(m)))
    frame = {
        "entry_id": [f"E{i + 1:0{width}d}" for i in range(m)],
        "activity_date": dates[rows.day].astype(str),
        "venue_id": ven.ids[rows.venue],
        "activity_type": np.array(vocab.ACTIVITY_TYPES, dtype=object)[act],
        "women_engaged": women.astype(str),
        "narratives_collected": collected.astype(str),
    }
    for lang in vocab.PACK_LANGUAGES:
        values = packs[lang].astype(str).astype(object)
        if lang != "english":
            values[packs[lang] == 0] = ""
        frame[f"packs_{lang}"] = values
    frame["connectors_present"] = present.astype(str)
    frame["note"] = notes
    return pd.DataFrame(frame)


# ------------------------------------------------------------------ output


def write_csvs(frames: dict[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """Write each frame as `<kind>.csv` (UTF-8) in out_dir; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, frame in frames.items():
        path = out / f"{kind}.csv"
        write_csv(frame, path, bom=False, lineterminator="\n")
        paths[kind] = path
    return paths
