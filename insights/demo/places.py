"""Where and when the demo happens: reference geography, sampling helpers, the calendar, venues and engagement rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights import config, vocab
from insights.demo import phrases as T
from insights.demo.parameters import (  # names callers use as generate.<name> too
    _EPOCH,
    ACTIVITY_MIX,
    MONTH_FACTOR,
    N_DAYS,
    N_WEEKS,
    PERIOD_START,
    ROWS_PER_NARRATIVE,
    UNREACHED_CORE20,
    UNREACHED_OTHER,
    VISIT_RATE,
    WEEK0,
)

# ------------------------------------------------------------------ reference


@dataclass(frozen=True)
class Reference:
    """The committed reference extract: postcodes joined to their LSOA, and the LSOA table."""

    postcodes: (
        pd.DataFrame
    )  # postcode, postcode_district, lsoa_code, terminated, lon, lat, imd_decile, core20, locality
    lsoa: pd.DataFrame  # lsoa_code, lsoa_name, locality, imd_decile, core20, centroid_lon, centroid_lat


def load_reference(vintage: str | None = None) -> Reference:
    """Read postcodes.csv and lsoa.csv of one vintage and join them."""
    folder = config.reference_dir(vintage)
    pc = pd.read_csv(folder / "postcodes.csv", dtype=str, keep_default_na=False)
    ls = pd.read_csv(folder / "lsoa.csv", dtype=str, keep_default_na=False)
    lsoa = pd.DataFrame(
        {
            "lsoa_code": ls["lsoa_code"],
            "lsoa_name": ls["lsoa_name"],
            "locality": ls["locality"],
            "imd_decile": pd.to_numeric(ls["imd_decile"], errors="coerce").astype("Int64"),
            "core20": ls["core20"].str.lower().eq("true"),
            "centroid_lon": pd.to_numeric(ls["centroid_lon"], errors="coerce"),
            "centroid_lat": pd.to_numeric(ls["centroid_lat"], errors="coerce"),
        }
    )
    postcodes = pd.DataFrame(
        {
            "postcode": pc["postcode"],
            "postcode_district": pc["postcode_district"],
            "lsoa_code": pc["lsoa_code"],
            "terminated": pc["terminated"].where(pc["terminated"].str.strip() != "", None),
            "lon": pd.to_numeric(pc["lon"], errors="coerce"),
            "lat": pd.to_numeric(pc["lat"], errors="coerce"),
        }
    ).merge(lsoa[["lsoa_code", "imd_decile", "core20", "locality"]], on="lsoa_code", how="left")
    return Reference(postcodes=postcodes, lsoa=lsoa)


@dataclass
class _Geo:
    lsoa_codes: np.ndarray
    core20: np.ndarray  # bool per LSOA
    locality: np.ndarray  # str per LSOA
    lon: np.ndarray
    lat: np.ndarray
    reached: np.ndarray  # bool per LSOA
    pc_start: np.ndarray  # CSR into live postcodes, per LSOA
    pc_count: np.ndarray
    pc_postcode: np.ndarray
    pc_lon: np.ndarray
    pc_lat: np.ndarray
    all_postcodes: set
    terminated: np.ndarray  # postcode strings
    terminated_lsoa: np.ndarray
    town: np.ndarray  # nearest named place per LSOA


def _prepare_geo(ref: Reference, rng: np.random.Generator) -> _Geo:
    live = ref.postcodes[ref.postcodes["terminated"].isna() & ref.postcodes["lon"].notna()]
    lsoa = ref.lsoa[ref.lsoa["lsoa_code"].isin(set(live["lsoa_code"]))].sort_values("lsoa_code")
    lsoa = lsoa[lsoa["locality"].isin(["Dartford", "Gravesham", "Swanley"])].reset_index(drop=True)
    codes = lsoa["lsoa_code"].to_numpy()
    index = {c: i for i, c in enumerate(codes)}
    live = live[live["lsoa_code"].isin(index)].sort_values(["lsoa_code", "postcode"])
    li = live["lsoa_code"].map(index).to_numpy()
    count = np.bincount(li, minlength=len(codes))
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    core20 = lsoa["core20"].to_numpy(dtype=bool)
    # Centroid: the mean of its postcodes (the LSOA table's centroid can be missing).
    lon = np.bincount(li, weights=live["lon"].to_numpy(), minlength=len(codes)) / count
    lat = np.bincount(li, weights=live["lat"].to_numpy(), minlength=len(codes)) / count
    reached = np.ones(len(codes), dtype=bool)
    c20 = np.flatnonzero(core20)
    other = np.flatnonzero(~core20)
    reached[rng.choice(c20, size=min(UNREACHED_CORE20, len(c20) - 3), replace=False)] = False
    reached[rng.choice(other, size=min(UNREACHED_OTHER, len(other) - 10), replace=False)] = False
    term = ref.postcodes[ref.postcodes["terminated"].notna()]
    names = list(T.PLACES)
    place_loc = np.array([T.PLACES[p][0] for p in names])
    place_xy = np.array([[T.PLACES[p][1], T.PLACES[p][2]] for p in names])
    locality = lsoa["locality"].to_numpy()
    d = _km(lon[:, None], lat[:, None], place_xy[None, :, 0], place_xy[None, :, 1])
    d = np.where(locality[:, None] == place_loc[None, :], d, d + 1000)
    town = np.array(names, dtype=object)[d.argmin(1)]
    return _Geo(
        lsoa_codes=codes,
        core20=core20,
        locality=locality,
        lon=lon,
        lat=lat,
        reached=reached,
        pc_start=start,
        pc_count=count,
        pc_postcode=live["postcode"].to_numpy(),
        pc_lon=live["lon"].to_numpy(),
        pc_lat=live["lat"].to_numpy(),
        all_postcodes=set(ref.postcodes["postcode"]),
        terminated=term["postcode"].to_numpy(),
        terminated_lsoa=term["lsoa_code"].to_numpy(),
        town=town,
    )


def _km(lon1, lat1, lon2, lat2):
    """Approximate distance in km (equirectangular; fine at this scale)."""
    dx = (lon1 - lon2) * 111.32 * np.cos(np.radians(51.42))
    dy = (lat1 - lat2) * 110.57
    return np.sqrt(dx * dx + dy * dy)


def _pick_postcodes(geo: _Geo, lsoa_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One live postcode (with a centroid) per row, uniformly within its LSOA."""
    offset = np.floor(rng.random(len(lsoa_idx)) * geo.pc_count[lsoa_idx]).astype(np.int64)
    return geo.pc_start[lsoa_idx] + offset


# ------------------------------------------------------------------ sampling helpers


def _sample_rows(prob: np.ndarray, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each draw, a column index sampled from row `rows[i]` of `prob` with uniform `u[i]`."""
    prob = np.asarray(prob, dtype=np.float64)
    n_rows, k = prob.shape
    total = prob.sum(1, keepdims=True)
    cum = np.cumsum(np.where(total > 0, prob, 1.0), axis=1)
    cum /= cum[:, -1:]
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n_rows)[:, None]).ravel()
    pos = np.searchsorted(flat, rows + u, side="right") - rows * k
    return np.clip(pos, 0, k - 1)


def _largest_remainder(shares: np.ndarray, total: int) -> np.ndarray:
    raw = shares / shares.sum() * total
    out = np.floor(raw).astype(int)
    rest = total - out.sum()
    out[np.argsort(-(raw - out), kind="stable")[:rest]] += 1
    return out


# ------------------------------------------------------------------ calendar


def _calendar():
    days = np.arange(N_DAYS)
    dates = _EPOCH + days
    months = dates.astype("datetime64[M]").astype(int) % 12 + 1
    weekday = (dates.astype("datetime64[D]").view("int64") - 4) % 7  # 1970-01-01 was a Thursday
    season = np.array([MONTH_FACTOR[m] for m in months])
    md = [(d.month, d.day) for d in pd.to_datetime(dates).date]
    xmas = np.array([(m == 12 and d >= 22) or (m == 1 and d <= 2) for m, d in md])
    season = np.where(xmas, 0.15, season)
    return dates, weekday, season


def _day_of(week: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    return np.clip((WEEK0 - PERIOD_START).days + 7 * week + weekday, 0, N_DAYS - 1)


# ------------------------------------------------------------------ venues


def venue_count(n_narratives: int) -> int:
    """Number of venues for a demo of n narratives (32 at the default size, at most 2,000)."""
    return int(min(2000, max(32, n_narratives // 50)))


def connector_count(n_narratives: int) -> int:
    """Number of community connectors (8 at the default size)."""
    return int(max(8, min(990, n_narratives // 40)))


@dataclass
class _Venues:
    frame: pd.DataFrame
    kind: np.ndarray
    vtype: np.ndarray
    lsoa: np.ndarray
    core20: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    start_week: np.ndarray
    end_week: np.ndarray
    status: np.ndarray  # active / inactive / quiet
    restock_often: np.ndarray
    usual_day: np.ndarray
    languages: np.ndarray  # venues x len(PACK_LANGUAGES) bool
    profile: np.ndarray
    meet: np.ndarray  # how notes refer to the venue
    ids: np.ndarray


def _make_venues(n_venues: int, geo: _Geo, rng: np.random.Generator) -> _Venues:
    kinds = list(T.VENUE_KIND_SHARES)
    counts = _largest_remainder(np.array([T.VENUE_KIND_SHARES[k] for k in kinds]), n_venues)
    kind = np.array([k for k, c in zip(kinds, counts, strict=True) for _ in range(c)], dtype=object)
    kind = kind[rng.permutation(n_venues)]
    spec = [T.VENUE_KINDS[k] for k in kind]
    vtype = np.array([s[0] for s in spec], dtype=object)
    # Location: 40% of venues in (reached) Core20 LSOAs, locality by the kind's preference.
    in_core20 = rng.random(n_venues) < 0.4
    loc_names = ("Dartford", "Gravesham", "Swanley")
    prob = np.zeros((n_venues, len(geo.lsoa_codes)))
    for li, loc in enumerate(loc_names):
        mask = (geo.locality == loc) & geo.reached
        for c in (True, False):
            m = mask & (geo.core20 == c)
            if m.any():
                w = np.array([s[6][li] for s in spec]) * (in_core20 == c)
                prob[:, m] += (w / m.sum())[:, None]
    bad = prob.sum(1) == 0
    if bad.any():  # a kind with no LSOA of the wanted sort in its localities: anywhere reached
        prob[bad] = (geo.reached & (geo.core20[None, :] == in_core20[bad, None])).astype(float)
    lsoa = _sample_rows(prob, np.arange(n_venues), rng.random(n_venues))
    pc = _pick_postcodes(geo, lsoa, rng)
    lon, lat = geo.pc_lon[pc], geo.pc_lat[pc]
    postcode = geo.pc_postcode[pc]
    # Nearest named place in the venue's locality.
    names = list(T.PLACES)
    place_loc = np.array([T.PLACES[p][0] for p in names])
    d = _km(
        lon[:, None],
        lat[:, None],
        np.array([T.PLACES[p][1] for p in names]),
        np.array([T.PLACES[p][2] for p in names]),
    )
    d = np.where(geo.locality[lsoa][:, None] == place_loc[None, :], d, d + 1000)
    place = np.array(names, dtype=object)[d.argmin(1)]
    # Schedule: most venues joined in the first quarter (mapping), others later in the year.
    early = rng.random(n_venues) < 0.7
    start = np.where(early, rng.integers(0, 13, n_venues), rng.integers(12, 37, n_venues))
    end = np.full(n_venues, N_WEEKS - 1)
    status = np.full(n_venues, "active", dtype=object)
    order = rng.permutation(n_venues)
    n_inactive = max(2, round(0.09 * n_venues))
    n_quiet = max(3, round(0.12 * n_venues))
    inactive = order[:n_inactive]
    quiet = order[n_inactive : n_inactive + n_quiet]
    status[inactive] = "inactive"
    status[quiet] = "quiet"
    start[inactive] = np.minimum(start[inactive], 10)
    start[quiet] = np.minimum(start[quiet], 16)
    end[inactive] = rng.integers(np.maximum(start[inactive] + 8, 16), 41)
    end[quiet] = rng.integers(np.maximum(start[quiet] + 8, 24), N_WEEKS - 10)
    restock = np.zeros(n_venues, dtype=bool)
    candidates = order[n_inactive + n_quiet :]
    restock[candidates[: max(3, round(0.15 * n_venues))]] = True
    # Usual weekday: the group's day, the faith day, or a weekday.
    usual = rng.integers(0, 5, n_venues)
    fixed = np.array([s[5] if isinstance(s[5], int) else -1 for s in spec])
    usual = np.where(fixed >= 0, fixed, usual)
    # Pack languages carried at the venue (English everywhere).
    langs = np.zeros((n_venues, len(vocab.PACK_LANGUAGES)), dtype=bool)
    langs[:, 0] = True
    u = rng.random((n_venues, len(vocab.PACK_LANGUAGES)))
    for j, lang in enumerate(vocab.PACK_LANGUAGES[1:], start=1):
        p = np.array([s[3].get(lang, 0.0) for s in spec])
        langs[:, j] = u[:, j] < p
    profile = np.array([s[2] for s in spec], dtype=object)
    meet_choice = rng.integers(0, 2, n_venues)
    meet = np.array([s[4][c % len(s[4])] for s, c in zip(spec, meet_choice, strict=True)], dtype=object)
    # Names: fictional, built from the nearest place; made unique.
    pat_choice = rng.integers(0, 1 << 30, n_venues)
    saint_choice = rng.integers(0, len(T.SAINTS), n_venues)
    width = max(2, len(str(n_venues)))
    type_code = {
        "Children's centre": "CC",
        "Mother and baby group": "MB",
        "Faith group": "FG",
        "Clinic": "CL",
        "Library": "LB",
        "Food bank": "FB",
        "Community centre": "CM",
        "Other": "OT",
    }
    seen: dict[str, int] = {}
    out_names, ids = [], []
    for i in range(n_venues):
        patterns = spec[i][1]
        pattern = patterns[pat_choice[i] % len(patterns)]
        if "{day}" in pattern:
            usual[i] = pat_choice[i] % 5
        name = pattern.format(place=place[i], saint=T.SAINTS[saint_choice[i]], day=T.DAYS[usual[i] % 5])
        if name in seen:
            name = f"{name} ({postcode[i].split(' ')[0]})"
        while name in seen:
            seen[name] += 1
            name = f"{name.rsplit(' #', 1)[0]} #{seen[name]}"
        seen[name] = 1
        out_names.append(name)
        stem = "".join(ch for ch in place[i] if ch.isalpha()).upper()[:4]
        ids.append(f"V{i + 1:0{width}d}-{stem}-{type_code[vtype[i]]}")
    active_text = np.where(status == "inactive", "no", np.where(rng.random(n_venues) < 0.1, "", "yes"))
    frame = pd.DataFrame(
        {
            "venue_id": ids,
            "name": out_names,
            "venue_type": vtype,
            "postcode": postcode,
            "active": active_text,
        }
    )
    return _Venues(
        frame=frame,
        kind=kind,
        vtype=vtype,
        lsoa=lsoa,
        core20=geo.core20[lsoa],
        lon=lon,
        lat=lat,
        start_week=start,
        end_week=end,
        status=status,
        restock_often=restock,
        usual_day=usual,
        languages=langs,
        profile=profile,
        meet=meet,
        ids=np.array(ids, dtype=object),
    )


# ------------------------------------------------------------------ engagement rows (before counts)


@dataclass
class _Rows:
    venue: np.ndarray
    day: np.ndarray
    week: np.ndarray
    activity: np.ndarray  # index into ACTIVITY_TYPES


def _make_rows(n: int, ven: _Venues, season: np.ndarray, rng: np.random.Generator) -> _Rows:
    n_venues = len(ven.kind)
    week_days = _day_of(np.arange(N_WEEKS)[:, None], np.arange(7)[None, :])
    week_season = season[week_days].mean(1)
    weeks = np.arange(N_WEEKS)
    active = (weeks[None, :] >= ven.start_week[:, None]) & (weeks[None, :] <= ven.end_week[:, None])
    rate = np.array([VISIT_RATE[t] for t in ven.vtype]) * rng.gamma(2.0, 0.5, n_venues)
    rate = np.where(ven.restock_often, rate * 1.5, rate)
    lam = rate[:, None] * week_season[None, :] * active
    target = max(ROWS_PER_NARRATIVE * n, 3 * n_venues)
    lam *= target / lam.sum()
    counts = rng.poisson(lam)
    vi = np.arange(n_venues)
    counts[vi, ven.start_week] = np.maximum(counts[vi, ven.start_week], 1)
    counts[vi, ven.end_week] = np.maximum(counts[vi, ven.end_week], 1)
    flat = counts.ravel()
    venue = np.repeat(np.repeat(vi, N_WEEKS), flat)
    week = np.repeat(np.tile(weeks, n_venues), flat)
    m = len(venue)
    wd = np.where(rng.random(m) < 0.85, ven.usual_day[venue], rng.integers(0, 6, m))
    day = _day_of(week, wd)
    # Order by venue and day to find each venue's first visit.
    order = np.lexsort((rng.random(m), day, venue))
    venue, week, day = venue[order], week[order], day[order]
    first = np.r_[True, venue[1:] != venue[:-1]]
    mix = np.array([ACTIVITY_MIX[t] for t in ven.vtype])
    mix = np.where(ven.restock_often[:, None] & (np.arange(6) == 1)[None, :], mix * 3, mix)
    activity = _sample_rows(mix, venue, rng.random(m))
    activity[first] = 0  # the first visit leaves the packs
    order = np.lexsort((venue, day))
    return _Rows(venue=venue[order], day=day[order], week=week[order], activity=activity[order])
