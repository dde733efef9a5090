"""Coverage: where the engagement has reached and where it has not (pure functions, no Streamlit).

Definitions used on the Reach page (and in its captions):

- **Distance** is the straight-line (great-circle) distance in metres between real coordinates: a
  neighbourhood's (LSOA's) centroid and a venue's postcode centroid, by the haversine formula on a
  sphere of the Earth's mean radius. Real walking routes are longer, so 1 km in a straight line is
  roughly a 15-20 minute walk.
- **Pack venue**: an active venue where information packs have been left at least once up to the
  end of the selected period.
- **Coverage gap**: a Core20 neighbourhood with no narratives collected in the period and no pack
  venue within walking distance of its centroid.
- **Gone quiet**: an active venue with no activity of any kind for more than N weeks before the end
  of the period (or never visited).
- **Packs run out fastest**: packs are taken at the highest rate. Each delivery is assumed to be
  used up by the next one, so the rate is the packs left at every delivery except the last
  (which may still be on the shelf) divided by the days from the first delivery to the last; at
  least two delivery days are needed. The packs of the last delivery divided by that rate give the
  day the venue is likely to run out. The median days between deliveries is shown alongside.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from insights.analysis import disclosure
from insights.analysis.filters import Filters

#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
#: Default walking distance, metres.
DEFAULT_WALK_M = 1_000
#: Default "gone quiet" threshold, weeks.
DEFAULT_QUIET_WEEKS = 8
#: Fewest delivery days needed to estimate how fast a venue's packs run out.
MIN_DELIVERIES = 2


# --- distances -----------------------------------------------------------------------------------


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in metres between points given in degrees (arrays broadcast)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_matrix(a_lon, a_lat, b_lon, b_lat) -> np.ndarray:
    """Distances in metres from every point a (rows) to every point b (columns)."""
    a_lon, a_lat = np.asarray(a_lon, dtype=float)[:, None], np.asarray(a_lat, dtype=float)[:, None]
    b_lon, b_lat = np.asarray(b_lon, dtype=float)[None, :], np.asarray(b_lat, dtype=float)[None, :]
    return haversine_m(a_lon, a_lat, b_lon, b_lat)


def _any_within(a_lon, a_lat, b_lon, b_lat, walk_m: float) -> np.ndarray:
    """For each point a, whether some point b is within `walk_m` metres (great-circle).

    The a points are sorted by latitude; for each b only the band of a points within walking
    distance in latitude (and then longitude) is measured with the haversine formula, so the
    work grows with the points near each venue rather than with every pair.
    """
    a_lon, a_lat = np.asarray(a_lon, dtype=float), np.asarray(a_lat, dtype=float)
    b_lon, b_lat = np.asarray(b_lon, dtype=float), np.asarray(b_lat, dtype=float)
    out = np.zeros(len(a_lon), dtype=bool)
    if len(a_lon) == 0 or len(b_lon) == 0:
        return out
    order = np.argsort(a_lat, kind="stable")
    lat_sorted, lon_sorted = a_lat[order], a_lon[order]
    per_deg_lat = math.pi * EARTH_RADIUS_M / 180
    dlat = walk_m / per_deg_lat * 1.001 + 1e-6
    coslat = max(math.cos(math.radians(float(np.nanmax(np.abs(a_lat))) + dlat)), 1e-6)
    dlon = dlat / coslat
    starts = np.searchsorted(lat_sorted, b_lat - dlat, side="left")
    stops = np.searchsorted(lat_sorted, b_lat + dlat, side="right")
    near_sorted = np.zeros(len(a_lon), dtype=bool)
    for j in np.nonzero(stops > starts)[0]:
        lo, hi = starts[j], stops[j]
        band = np.nonzero(np.abs(lon_sorted[lo:hi] - b_lon[j]) <= dlon)[0] + lo
        if len(band):
            d = haversine_m(lon_sorted[band], lat_sorted[band], b_lon[j], b_lat[j])
            near_sorted[band[d <= walk_m]] = True
    out[order] = near_sorted
    return out


# --- period -------------------------------------------------------------------------------------


def engagement_params(filters: Filters) -> dict:
    """Bound parameters for engagement and venue queries: the date range and the venue's locality."""
    params = filters.params()
    return {"start": params["start"], "end": params["end"], "localities": params["localities"]}


def as_of_date(filters: Filters, today: dt.date | None = None, latest: object = None) -> dt.date:
    """The day 'days since' and 'weeks since' count to, never after today.

    The end of the selected period when it has one; with an open-ended period, the latest activity
    recorded (`latest`: last narrative or engagement log date), so a historic dataset is not judged
    against today's date.
    """
    today = today or dt.date.today()
    end = _as_date(filters.end) or _as_date(latest)
    return min(end, today) if end else today


def _as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _days_between(earlier, later: dt.date) -> int | None:
    day = _as_date(earlier)
    return None if day is None else (later - day).days


# --- neighbourhood coverage -------------------------------------------------------------------------


def pack_venues(venues: pd.DataFrame) -> pd.DataFrame:
    """Active venues with coordinates where packs have been left up to the end of the period."""
    has_packs = venues["last_pack_date"].notna()
    placed = venues["lon"].notna() & venues["lat"].notna()
    return venues[venues["active"].astype(bool) & has_packs & placed].reset_index(drop=True)


def area_coverage(
    areas: pd.DataFrame,
    venues: pd.DataFrame,
    walk_m: float = DEFAULT_WALK_M,
    as_of: dt.date | None = None,
    postcodes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per neighbourhood: its nearest pack venue, pack venues and packs within walking distance.

    `areas` has lsoa_code, centroid_lon, centroid_lat, core20 (and narratives when known);
    `venues` is the venue_reach shape (venue_id, name, lon, lat, active, packs, last_activity,
    last_pack_date). `postcodes` (lsoa_code, lon, lat), when given, adds the share of each
    neighbourhood's live postcodes within walking distance of a pack venue. Adds: nearest_venue_id,
    nearest_venue, nearest_m, nearest_last_activity, days_since_nearest, venues_within, packs_within,
    no_venue_within, postcode_share (when postcodes are given) and gap (when narratives are known).
    """
    as_of = as_of or dt.date.today()
    out = areas.copy().reset_index(drop=True)
    sites = pack_venues(venues)
    n = len(out)
    if n and len(sites):
        d = distance_matrix(out["centroid_lon"], out["centroid_lat"], sites["lon"], sites["lat"])
        d = np.where(np.isnan(d), np.inf, d)
        nearest = d.argmin(axis=1)
        nearest_m = d[np.arange(n), nearest]
        found = np.isfinite(nearest_m)
        within = d <= walk_m
        packs = sites["packs"].fillna(0).to_numpy(dtype=float)
        out["nearest_venue_id"] = np.where(found, sites["venue_id"].to_numpy()[nearest], None)
        out["nearest_venue"] = np.where(found, sites["name"].to_numpy()[nearest], None)
        out["nearest_m"] = np.where(found, np.round(nearest_m), np.nan)
        last = sites["last_activity"].to_numpy()[nearest]
        out["nearest_last_activity"] = [
            _as_date(v) if ok else None for v, ok in zip(last, found, strict=True)
        ]
        out["venues_within"] = within.sum(axis=1).astype("int64")
        out["packs_within"] = (within * packs[None, :]).sum(axis=1).astype("int64")
    else:
        out["nearest_venue_id"] = pd.Series([None] * n, dtype=object)
        out["nearest_venue"] = pd.Series([None] * n, dtype=object)
        out["nearest_m"] = np.full(n, np.nan)
        out["nearest_last_activity"] = pd.Series([None] * n, dtype=object)
        out["venues_within"] = np.zeros(n, dtype="int64")
        out["packs_within"] = np.zeros(n, dtype="int64")
    out["days_since_nearest"] = pd.array(
        [_days_between(v, as_of) for v in out["nearest_last_activity"]], dtype="Int64"
    )
    out["no_venue_within"] = out["venues_within"].eq(0)
    if postcodes is not None:
        out["postcode_share"] = _postcode_share(out["lsoa_code"], postcodes, sites, walk_m)
    if "narratives" in out.columns:
        out["gap"] = (
            out["core20"].fillna(False).astype(bool) & out["narratives"].eq(0) & out["no_venue_within"]
        )
    return out


def _postcode_share(
    codes: pd.Series, postcodes: pd.DataFrame, sites: pd.DataFrame, walk_m: float
) -> np.ndarray:
    """Per neighbourhood, the percentage of its live postcodes within walking distance of a pack venue."""
    pcs = postcodes[postcodes["lsoa_code"].isin(set(codes))]
    if pcs.empty:
        return np.full(len(codes), np.nan)
    near = _any_within(pcs["lon"].to_numpy(), pcs["lat"].to_numpy(), sites["lon"], sites["lat"], walk_m)
    share = pd.Series(near, index=pcs["lsoa_code"].to_numpy()).groupby(level=0).mean() * 100
    return np.round(codes.map(share).to_numpy(dtype=float), 0)


def rank_gaps(coverage: pd.DataFrame) -> pd.DataFrame:
    """Core20 neighbourhoods, least reached first (engagement officer view, exact counts).

    Order: coverage gaps first (no narratives and no pack venue within walking distance), then
    fewest narratives, fewest packs left within walking distance, farthest nearest pack venue, and
    longest since the nearest venue was visited. Adds `rank` (1 = least reached).
    """
    core = coverage[coverage["core20"].fillna(False).astype(bool)].copy()
    core["_far"] = core["nearest_m"].fillna(np.inf)
    core["_quiet"] = core["days_since_nearest"].astype("Float64").fillna(np.inf)
    core = core.sort_values(
        ["gap", "narratives", "packs_within", "_far", "_quiet", "lsoa_code"],
        ascending=[False, True, True, False, False, True],
        kind="stable",
    ).drop(columns=["_far", "_quiet"])
    core.insert(0, "rank", np.arange(1, len(core) + 1))
    return core.reset_index(drop=True)


def rank_gaps_controlled(coverage: pd.DataFrame, rule: disclosure.Rule | None = None) -> pd.DataFrame:
    """Core20 neighbourhoods ranked by venue coverage only, for commissioners (no narrative counts).

    Order: no pack venue within walking distance first, then fewest packs within walking distance,
    then farthest nearest pack venue. Packs are disclosure-controlled; venue counts become yes/no.
    """
    rule = rule or disclosure.rule_from_env()
    core = coverage[coverage["core20"].fillna(False).astype(bool)].copy()
    core["_far"] = core["nearest_m"].fillna(np.inf)
    core = core.sort_values(
        ["no_venue_within", "packs_within", "_far", "lsoa_code"],
        ascending=[False, True, False, True],
        kind="stable",
    )
    out = pd.DataFrame(
        {
            "rank": np.arange(1, len(core) + 1),
            "lsoa_name": core["lsoa_name"].to_numpy(),
            "locality": core["locality"].to_numpy(),
            "imd_decile": core["imd_decile"].to_numpy(),
            "venue_within": np.where(core["no_venue_within"], "No", "Yes"),
            "nearest_venue": core["nearest_venue"].to_numpy(),
            "nearest_m": core["nearest_m"].to_numpy(),
            "nearest_last_activity": core["nearest_last_activity"].to_numpy(),
            "packs_within": pd.array(
                [disclosure.count(v, rule) for v in core["packs_within"]], dtype="Int64"
            ),
        }
    )
    return out


# --- venues ------------------------------------------------------------------------------------------


def quiet_venues(
    venues: pd.DataFrame, weeks: int = DEFAULT_QUIET_WEEKS, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Active venues (in the selected localities) with no activity for more than `weeks` weeks.

    Never-visited venues come first, then the longest quiet. Adds days_since and weeks_since.
    """
    as_of = as_of or dt.date.today()
    chosen = venues[venues["active"].astype(bool)]
    if "in_selection" in chosen.columns:
        chosen = chosen[chosen["in_selection"].astype(bool)]
    chosen = chosen.copy()
    days = pd.array([_days_between(v, as_of) for v in chosen["last_activity"]], dtype="Int64")
    chosen["days_since"] = days
    chosen["weeks_since"] = pd.array([None if pd.isna(d) else int(d) // 7 for d in days], dtype="Int64")
    quiet = chosen[chosen["days_since"].isna() | chosen["days_since"].gt(weeks * 7).fillna(False)]
    quiet = quiet.assign(_order=quiet["days_since"].astype("Float64").fillna(np.inf))
    quiet = quiet.sort_values(["_order", "name"], ascending=[False, True], kind="stable")
    return quiet.drop(columns="_order").reset_index(drop=True)


def restock_rates(
    deliveries: pd.DataFrame,
    venues: pd.DataFrame,
    as_of: dt.date | None = None,
    min_deliveries: int = MIN_DELIVERIES,
) -> pd.DataFrame:
    """Venues whose packs run out fastest (see the module docstring for the definition).

    `deliveries` has venue_id, activity_date, packs (one row per venue per delivery day).
    Only active venues in `venues` are kept. Returns one row per venue with at least
    `min_deliveries` delivery days: deliveries,
    first_delivery, last_delivery, packs_last, packs_per_week, median_days_between, run_out_by and
    likely_empty (run_out_by on or before `as_of`), fastest first.
    """
    as_of = as_of or dt.date.today()
    d = deliveries[["venue_id", "activity_date", "packs"]].copy()
    d["activity_date"] = pd.to_datetime(d["activity_date"])
    d["packs"] = d["packs"].astype("int64")
    d = d.sort_values(["venue_id", "activity_date"], kind="stable")
    by = d.groupby("venue_id", sort=True)
    d["interval"] = by["activity_date"].diff().dt.days
    d["is_last"] = ~d["venue_id"].duplicated(keep="last")
    per = pd.DataFrame(
        {
            "deliveries": by.size(),
            "first": by["activity_date"].min(),
            "last": by["activity_date"].max(),
            "packs_last": by["packs"].last(),
            "used": d[~d["is_last"]].groupby("venue_id")["packs"].sum(),
            "median_days_between": d.groupby("venue_id")["interval"].median(),
        }
    )
    per = per[per["deliveries"] >= max(2, min_deliveries)]
    span = (per["last"] - per["first"]).dt.days
    per = per[span > 0]
    per_day = per["used"].fillna(0) / span[span > 0]
    days_left = np.ceil(per["packs_last"] / per_day.where(per_day > 0))
    run_out = per["last"] + pd.to_timedelta(days_left, unit="D")
    rates = pd.DataFrame(
        {
            "venue_id": per.index.astype(str),
            "deliveries": per["deliveries"].astype("int64").to_numpy(),
            "first_delivery": [t.date() for t in per["first"]],
            "last_delivery": [t.date() for t in per["last"]],
            "packs_last": per["packs_last"].astype("int64").to_numpy(),
            "packs_per_week": (per_day * 7).round(1).to_numpy(),
            "median_days_between": per["median_days_between"].astype(float).to_numpy(),
            "run_out_by": [None if pd.isna(t) else t.date() for t in run_out],
            "likely_empty": [False if pd.isna(t) else t.date() <= as_of for t in run_out],
        }
    )
    info = venues.loc[venues["active"].astype(bool), ["venue_id", "name", "venue_type", "locality"]]
    rates = rates.merge(info, on="venue_id", how="inner")
    rates = rates.sort_values(
        ["packs_per_week", "median_days_between", "name"], ascending=[False, True, True]
    )
    return rates.reset_index(drop=True)


# --- commissioner (disclosure-controlled) versions -----------------------------------------------


def area_group(core20, locality) -> str:
    """The coarser area a neighbourhood's narratives are reported under for commissioners."""
    kind = "Core20" if bool(core20) else "Other"
    return f"{kind} neighbourhoods in {locality}"


def controlled_areas(coverage: pd.DataFrame, rule: disclosure.Rule | None = None) -> pd.DataFrame:
    """Neighbourhood coverage with no per-neighbourhood narrative count, for controlled roles.

    Narratives are summed over Core20 / other neighbourhoods within each locality and the sum is
    disclosure-controlled (`group_narratives`, None when suppressed); packs within walking distance
    are controlled too. Exact narratives, venue counts and the narrative-based gap flag are dropped.
    """
    rule = rule or disclosure.rule_from_env()
    out = coverage.copy()
    out["group"] = [area_group(c, loc) for c, loc in zip(out["core20"], out["locality"], strict=True)]
    if "narratives" in out.columns:
        totals = out.groupby("group")["narratives"].sum()
        out["group_narratives"] = pd.array(
            [disclosure.count(totals[g], rule) for g in out["group"]], dtype="Int64"
        )
    out["packs_within"] = pd.array([disclosure.count(v, rule) for v in out["packs_within"]], dtype="Int64")
    drop = ["narratives", "last_narrative", "venues_within", "gap"]
    return out.drop(columns=[c for c in drop if c in out.columns])


def controlled_venues(venues: pd.DataFrame, rule: disclosure.Rule | None = None) -> pd.DataFrame:
    """Venues with packs disclosure-controlled and per-visit figures (women, narratives) removed."""
    rule = rule or disclosure.rule_from_env()
    out = venues.copy()
    out["packs"] = pd.array([disclosure.count(v, rule) for v in out["packs"]], dtype="Int64")
    drop = ["visits", "women_engaged", "narratives_logged", "packs_by_language"]
    return out.drop(columns=[c for c in drop if c in out.columns])


SHARE_LABELS = {
    "neighbourhoods": "Neighbourhoods (LSOAs) in the area",
    "packs": "Information packs left at venues",
    "narratives": "Narratives collected (where the neighbourhood is known)",
}


def core20_shares(shares: pd.DataFrame, exact: bool, rule: disclosure.Rule | None = None) -> pd.DataFrame:
    """The Core20 share of neighbourhoods, packs and narratives (reach_core20_share rows).

    Controlled roles get packs and narratives counts disclosure-controlled and percentages worked
    out from the rounded counts; the neighbourhood count is public reference data and stays exact.
    """
    rule = rule or disclosure.rule_from_env()
    rows = []
    for measure, in_core20, total, unknown in zip(
        shares["measure"], shares["in_core20"], shares["total"], shares["unknown"], strict=True
    ):
        if exact or measure == "neighbourhoods":
            num, den = int(in_core20), int(total)
            pct = round(100.0 * num / den, 1) if den else None
            unk = int(unknown)
        else:
            num, den = disclosure.count(in_core20, rule), disclosure.count(total, rule)
            pct = disclosure.percent(in_core20, total, rule, decimals=1)
            unk = disclosure.count(unknown, rule)
        rows.append(
            {
                "measure": measure,
                "label": SHARE_LABELS.get(measure, measure),
                "in_core20": num,
                "total": den,
                "percent": pct,
                "unknown": unk,
            }
        )
    out = pd.DataFrame(rows, columns=["measure", "label", "in_core20", "total", "percent", "unknown"])
    for col in ("in_core20", "total", "unknown"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64")
    out["percent"] = pd.array(out["percent"].tolist(), dtype="Float64")
    return out
