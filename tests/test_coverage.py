"""Coverage logic: distances from real coordinates, the gap ranking, quiet venues, run-out rates."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

import queries
from insights.analysis import coverage, disclosure
from insights.analysis.filters import Filters

GEOD = Geod(ellps="WGS84")
#: One degree of latitude on the haversine sphere, metres (2 * pi * R / 360).
DEG_LAT_M = 2 * math.pi * coverage.EARTH_RADIUS_M / 360
AS_OF = dt.date(2024, 3, 1)


# --- distances ---------------------------------------------------------------------------------------


def test_one_degree_of_latitude():
    assert coverage.haversine_m(0.3, 51.0, 0.3, 52.0) == pytest.approx(DEG_LAT_M, abs=0.01)
    assert coverage.haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(DEG_LAT_M, abs=0.01)  # along the equator


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((0.2174, 51.4468), (0.3687, 51.4412)),  # Dartford station to Gravesend station
        ((0.1738, 51.3962), (0.2174, 51.4468)),  # Swanley to Dartford
        ((-0.1278, 51.5074), (2.3522, 48.8566)),  # London to Paris
    ],
)
def test_haversine_agrees_with_the_wgs84_geodesic(a, b):
    """Within 0.5% of PROJ's ellipsoidal distance (the sphere's known error is below that)."""
    expected = GEOD.inv(a[0], a[1], b[0], b[1])[2]
    assert coverage.haversine_m(a[0], a[1], b[0], b[1]) == pytest.approx(expected, rel=0.005)


def test_distance_matrix_is_every_pair():
    lons, lats = [0.2, 0.3, 0.4], [51.40, 51.41, 51.42]
    d = coverage.distance_matrix(lons, lats, lons[:2], lats[:2])
    assert d.shape == (3, 2)
    assert d[0, 0] == 0 and d[1, 1] == 0
    assert d[0, 1] == pytest.approx(d[1, 0])
    assert d[2, 0] == pytest.approx(coverage.haversine_m(0.4, 51.42, 0.2, 51.40))


# --- a small world with a known answer --------------------------------------------------------------
#
# Five neighbourhoods on one line of longitude; distances are multiples of 1/1000 degree of latitude
# (about 111 m). Walking distance 1 km.
#
#   A  Core20, 0 narratives; pack venue V1 at 0.005 deg (556 m)            -> covered, not a gap
#   B  Core20, 0 narratives; nearest pack venue V2 at 0.0135 deg (1,501 m) -> gap
#   C  Core20, 2 narratives; no pack venue within 1 km                     -> not a gap (narratives)
#   D  not Core20, 0 narratives, nothing near                              -> not ranked
#   E  Core20, 0 narratives; inactive V4 at 100 m and never-stocked V5 at 200 m do not count;
#      nearest pack venue V2 at 0.0315 deg (3,503 m)                       -> gap, farther than B


def _lat(deg_offset: float) -> float:
    return 51.40 + deg_offset


AREAS = pd.DataFrame(
    {
        "lsoa_code": ["A", "B", "C", "D", "E"],
        "lsoa_name": ["Area A", "Area B", "Area C", "Area D", "Area E"],
        "locality": ["Dartford", "Dartford", "Gravesham", "Gravesham", "Swanley"],
        "imd_decile": [1, 2, 2, 7, 1],
        "core20": [True, True, True, False, True],
        "centroid_lon": [0.30] * 5,
        "centroid_lat": [_lat(0.0), _lat(0.1), _lat(0.2), _lat(0.3), _lat(0.05)],
        "narratives": [0, 0, 2, 0, 0],
    }
)
VENUES = pd.DataFrame(
    {
        "venue_id": ["V1", "V2", "V3", "V4", "V5"],
        "name": ["Hall one", "Hall two", "Hall three", "Closed hall", "Empty shelf"],
        "venue_type": ["Library", "Clinic", "Food bank", "Library", "Other"],
        "locality": ["Dartford", "Dartford", "Gravesham", "Swanley", "Swanley"],
        "lon": [0.30] * 5,
        "lat": [_lat(0.005), _lat(0.0865), _lat(0.25), _lat(0.05 + 0.0009), _lat(0.05 + 0.0018)],
        "active": [True, True, True, False, True],
        "in_selection": [True] * 5,
        "packs": [40, 25, 10, 99, 0],
        "last_activity": pd.to_datetime(
            ["2024-02-20", "2023-12-01", "2024-02-29", "2023-06-01", "2024-02-01"]
        ),
        "last_pack_date": pd.to_datetime(["2024-02-20", "2023-11-01", "2024-01-10", "2023-06-01", None]),
    }
)


@pytest.fixture(scope="module")
def reach():
    return coverage.area_coverage(AREAS, VENUES, 1000, AS_OF).set_index("lsoa_code")


def test_pack_venues_are_active_stocked_and_placed():
    assert coverage.pack_venues(VENUES)["venue_id"].tolist() == ["V1", "V2", "V3"]


def test_area_coverage_known_answer(reach):
    assert reach.loc["A", "nearest_venue_id"] == "V1"
    assert reach.loc["A", "nearest_m"] == pytest.approx(0.005 * DEG_LAT_M, abs=1)
    assert reach.loc["B", "nearest_venue_id"] == "V2"
    assert reach.loc["B", "nearest_m"] == pytest.approx(0.0135 * DEG_LAT_M, abs=1)
    assert reach.loc["E", "nearest_venue_id"] == "V2"  # the inactive and the never-stocked venue are closer
    assert reach.loc["E", "nearest_m"] == pytest.approx(0.0365 * DEG_LAT_M, abs=1)
    assert reach["venues_within"].to_dict() == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0}
    assert reach["packs_within"].to_dict() == {"A": 40, "B": 0, "C": 0, "D": 0, "E": 0}
    assert reach["gap"].to_dict() == {"A": False, "B": True, "C": False, "D": False, "E": True}
    assert reach.loc["A", "days_since_nearest"] == (AS_OF - dt.date(2024, 2, 20)).days
    assert reach.loc["B", "days_since_nearest"] == (AS_OF - dt.date(2023, 12, 1)).days
    assert reach.loc["A", "nearest_last_activity"] == dt.date(2024, 2, 20)


def test_walking_distance_is_a_parameter():
    wide = coverage.area_coverage(AREAS, VENUES, 1600, AS_OF).set_index("lsoa_code")
    assert wide.loc["B", "venues_within"] == 1 and not wide.loc["B", "gap"]
    assert wide.loc["A", "packs_within"] == 40  # V2 is 0.0865 deg (9.6 km) from A
    narrow = coverage.area_coverage(AREAS, VENUES, 500, AS_OF).set_index("lsoa_code")
    assert narrow.loc["A", "venues_within"] == 0 and narrow.loc["A", "no_venue_within"]


def test_gap_ranking_known_answer(reach):
    ranked = coverage.rank_gaps(reach.reset_index())
    # Gaps first, the one farther from a pack venue first; then A (no narratives, covered); then C.
    assert ranked["lsoa_code"].tolist() == ["E", "B", "A", "C"]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert "D" not in set(ranked["lsoa_code"])  # not Core20


def test_gap_ranking_breaks_ties_by_packs_then_distance():
    areas = AREAS.assign(narratives=[0, 0, 0, 0, 0])
    ranked = coverage.rank_gaps(coverage.area_coverage(areas, VENUES, 1000, AS_OF))
    # C is now a gap too: its nearest pack venue is V3, 0.05 deg (5.6 km) away; E's is 4.1 km, B's 1.5 km.
    gaps = ranked[ranked["gap"]]
    assert gaps["lsoa_code"].tolist() == ["C", "E", "B"]
    assert gaps["nearest_m"].is_monotonic_decreasing


def test_no_venues_at_all():
    out = coverage.area_coverage(AREAS, VENUES.iloc[0:0], 1000, AS_OF)
    assert out["venues_within"].eq(0).all() and out["nearest_m"].isna().all()
    assert out["gap"].tolist() == [True, True, False, False, True]
    assert out["days_since_nearest"].isna().all()


def test_postcode_share():
    postcodes = pd.DataFrame(
        {
            "lsoa_code": ["A"] * 4 + ["B"] * 2,
            "lon": [0.30] * 6,
            # A: three postcodes within 1 km of V1 (at +0.005), one 1.4 km away; B: both > 1 km from V2
            "lat": [_lat(0.0), _lat(0.005), _lat(0.012), _lat(-0.008), _lat(0.1), _lat(0.11)],
        }
    )
    out = coverage.area_coverage(AREAS, VENUES, 1000, AS_OF, postcodes).set_index("lsoa_code")
    assert out.loc["A", "postcode_share"] == 75
    assert out.loc["B", "postcode_share"] == 0
    assert np.isnan(out.loc["C", "postcode_share"])  # no postcodes given for C


# --- venues --------------------------------------------------------------------------------------------


def test_quiet_venues():
    quiet = coverage.quiet_venues(VENUES, weeks=8, as_of=AS_OF)
    # V2 last seen 1 Dec 2023 (13 weeks); V4 is inactive; V1, V3, V5 were active within 8 weeks.
    assert quiet["venue_id"].tolist() == ["V2"]
    assert quiet["weeks_since"].tolist() == [(AS_OF - dt.date(2023, 12, 1)).days // 7]
    never = VENUES.assign(last_activity=[pd.NaT, *VENUES["last_activity"][1:]])
    assert coverage.quiet_venues(never, 8, AS_OF)["venue_id"].tolist() == ["V1", "V2"]  # never visited first
    # More than 1 week: V1 (10 days) joins, and V5 (29 days); the longest quiet first.
    assert coverage.quiet_venues(VENUES, 1, AS_OF)["venue_id"].tolist() == ["V2", "V5", "V1"]


def test_restock_rates_known_answer():
    day0 = dt.date(2024, 1, 1)
    deliveries = pd.DataFrame(
        {
            "venue_id": ["V1", "V1", "V1", "V2", "V3", "V3", "V4", "V4"],
            "activity_date": [
                day0,
                day0 + dt.timedelta(days=14),
                day0 + dt.timedelta(days=28),
                day0,
                day0,
                day0 + dt.timedelta(days=7),
                day0,
                day0 + dt.timedelta(days=7),
            ],
            "packs": [30, 20, 10, 50, 7, 70, 100, 100],
        }
    )
    rates = coverage.restock_rates(deliveries, VENUES, as_of=day0 + dt.timedelta(days=40)).set_index(
        "venue_id"
    )
    # V2 has one delivery (no rate); V4 is inactive.
    assert list(rates.index) == ["V1", "V3"]
    v1 = rates.loc["V1"]
    per_day = (30 + 20) / 28
    assert v1["packs_per_week"] == pytest.approx(round(per_day * 7, 1))
    assert v1["median_days_between"] == 14
    assert v1["run_out_by"] == day0 + dt.timedelta(days=28 + math.ceil(10 / per_day))
    assert bool(v1["likely_empty"])  # day 34 is before day 40
    v3 = rates.loc["V3"]
    assert v3["packs_per_week"] == 7.0  # 7 packs in 7 days
    assert v3["run_out_by"] == day0 + dt.timedelta(days=7 + 70)
    assert not bool(v3["likely_empty"])
    assert rates["packs_per_week"].is_monotonic_decreasing


# --- period ----------------------------------------------------------------------------------------------


def test_as_of_is_the_period_end_but_never_after_today():
    today = dt.date(2024, 6, 1)
    assert coverage.as_of_date(Filters(end=dt.date(2024, 2, 29)), today) == dt.date(2024, 2, 29)
    assert coverage.as_of_date(Filters(end=pd.Timestamp("2024-02-29")), today) == dt.date(2024, 2, 29)
    assert coverage.as_of_date(Filters(end=dt.date(2030, 1, 1)), today) == today
    assert coverage.as_of_date(Filters(), today) == today
    # An open-ended period counts to the latest activity recorded, never after today.
    assert coverage.as_of_date(Filters(), today, latest=dt.date(2024, 2, 29)) == dt.date(2024, 2, 29)
    assert coverage.as_of_date(Filters(), today, latest=pd.Timestamp("2024-02-29")) == dt.date(2024, 2, 29)
    assert coverage.as_of_date(Filters(), today, latest=dt.date(2031, 1, 1)) == today
    assert coverage.as_of_date(Filters(), today, latest=None) == today


def test_engagement_params_are_date_and_locality_only():
    f = Filters(
        start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), localities=("Swanley",), deprivation=("Core20",)
    )
    assert coverage.engagement_params(f) == {
        "start": dt.date(2023, 1, 1),
        "end": dt.date(2023, 12, 31),
        "localities": ["Swanley"],
    }


# --- disclosure-controlled versions --------------------------------------------------------------------


def test_controlled_areas_group_and_suppress(reach):
    rule = disclosure.Rule()
    areas = reach.reset_index().assign(narratives=[0, 0, 2, 0, 0])
    many = areas.assign(narratives=[9, 4, 2, 30, 0])
    out = coverage.controlled_areas(many, rule).set_index("lsoa_code")
    assert "narratives" not in out.columns and "venues_within" not in out.columns and "gap" not in out.columns
    assert out.loc["A", "group"] == "Core20 neighbourhoods in Dartford"
    assert out.loc["A", "group_narratives"] == 15  # 9 + 4 = 13, rounded to 15
    assert pd.isna(out.loc["C", "group_narratives"])  # 2: suppressed
    assert out.loc["D", "group_narratives"] == 30
    assert out.loc["E", "group_narratives"] == 0  # a true zero is shown
    assert out.loc["A", "packs_within"] == 40
    low = coverage.controlled_areas(areas.assign(packs_within=[5, 0, 0, 0, 0]), rule).set_index("lsoa_code")
    assert pd.isna(low.loc["A", "packs_within"])


def test_rank_gaps_controlled_shows_no_small_counts(reach):
    table = coverage.rank_gaps_controlled(reach.reset_index().assign(packs_within=[5, 0, 0, 0, 0]))
    # No pack venue within 1 km first (farthest first), then A, which has one.
    assert table["lsoa_name"].tolist() == ["Area C", "Area E", "Area B", "Area A"]
    assert set(table["venue_within"]) == {"Yes", "No"}
    assert "narratives" not in table.columns
    assert not table["packs_within"].dropna().between(1, 7).any()


def test_controlled_venues_drop_visit_figures():
    out = coverage.controlled_venues(VENUES.assign(visits=3, women_engaged=4, packs=[40, 5, 0, 12, 3]))
    assert "visits" not in out.columns and "women_engaged" not in out.columns
    assert out["packs"].iloc[0] == 40 and pd.isna(out["packs"].iloc[1]) and out["packs"].iloc[2] == 0
    assert out["packs"].iloc[3] == 10 and pd.isna(out["packs"].iloc[4])
    assert not out["packs"].dropna().between(1, 7).any()


def test_core20_shares():
    shares = pd.DataFrame(
        {
            "measure": ["neighbourhoods", "packs", "narratives"],
            "in_core20": [21, 3054, 6],
            "total": [138, 7230, 313],
            "unknown": [0, 0, 8],
        }
    )
    exact = coverage.core20_shares(shares, exact=True).set_index("measure")
    assert exact.loc["neighbourhoods", "percent"] == pytest.approx(15.2)
    assert exact.loc["narratives", "in_core20"] == 6
    controlled = coverage.core20_shares(shares, exact=False).set_index("measure")
    assert controlled.loc["neighbourhoods", "in_core20"] == 21  # public reference data stays exact
    assert controlled.loc["packs", "in_core20"] == 3055
    assert controlled.loc["packs", "percent"] == pytest.approx(round(100 * 3055 / 7230, 1))
    assert pd.isna(controlled.loc["narratives", "in_core20"]) and pd.isna(
        controlled.loc["narratives", "percent"]
    )
    assert controlled.loc["narratives", "unknown"] == 10


# --- against the fixture database ----------------------------------------------------------------------


def test_fixture_database_coverage(fixture_con):
    f = Filters()
    areas = queries.run(fixture_con, "reach_lsoa", **f.params())
    venues = queries.run(fixture_con, "venue_reach", **coverage.engagement_params(f))
    assert len(areas) == 138 and int(areas["core20"].sum()) == 21
    assert int(areas["narratives"].sum()) == 9  # 12 narratives, 3 without a known neighbourhood
    v = venues.set_index("venue_id")
    assert v.loc["V-T1", "packs"] == 20 + 5 + 5 + 10 + 10 and v.loc["V-T1", "visits"] == 3
    assert v.loc["V-T2", "packs"] == 15 + 10 + 2
    assert str(v.loc["V-T1", "last_activity"])[:10] == "2023-10-29"
    assert v.loc["V-T1", "packs_by_language"] == "English 30, Polish 15, Romanian 5"
    reach = coverage.area_coverage(areas, venues, 1000, dt.date(2023, 12, 1)).set_index("lsoa_code")
    # V-T1 (DA11 0AA) stands in Gravesham 002F (E01032799), Core20.
    assert reach.loc["E01032799", "nearest_venue_id"] == "V-T1"
    assert reach.loc["E01032799", "venues_within"] >= 1
    assert not reach.loc["E01032799", "gap"]
    ranked = coverage.rank_gaps(reach.reset_index())
    assert len(ranked) == 21 and ranked["gap"].iloc[0]
    assert ranked["gap"].is_monotonic_decreasing


@pytest.mark.parametrize("walk_m", [150, 1000, 2500])
def test_banded_search_matches_every_pair(walk_m):
    """The fast 'any venue within walking distance' equals the brute-force distance matrix."""
    rng = np.random.default_rng(7)
    a_lon, a_lat = rng.uniform(0.15, 0.47, 3000), rng.uniform(51.33, 51.47, 3000)
    b_lon, b_lat = rng.uniform(0.15, 0.47, 60), rng.uniform(51.33, 51.47, 60)
    brute = coverage.distance_matrix(a_lon, a_lat, b_lon, b_lat).min(axis=1) <= walk_m
    fast = coverage._any_within(a_lon, a_lat, b_lon, b_lat, walk_m)
    assert brute.sum() > 0 and (fast == brute).all()
