"""Map and reach chart builders: pure functions, checked on the data they hand to the browser."""

from __future__ import annotations

import datetime as dt
import json
import math
import xml.etree.ElementTree as ET

import pandas as pd
import pydeck as pdk
import pytest

from insights.analysis import coverage, disclosure
from insights.output import maps, reach_charts
from insights.output.charts import PALETTE
from insights.vocab import VENUE_TYPES


def _square(lon: float, lat: float, size: float = 0.01) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


AREAS = pd.DataFrame(
    {
        "lsoa_code": ["E01000001", "E01000002", "E01000003", "E01000004"],
        "lsoa_name": ["Dartford 001A", "Gravesham 002B", "Swanley 003C", "Broken 004D"],
        "locality": ["Dartford", "Gravesham", "Swanley", "Swanley"],
        "imd_decile": [1, 2, 10, 5],
        "core20": [True, True, False, False],
        "centroid_lon": [0.235, 0.355, 0.175, 0.18],
        "centroid_lat": [51.452, 51.435, 51.395, 51.39],
        "boundary": [
            _square(0.23, 51.447),
            json.dumps(
                {
                    "type": "MultiPolygon",
                    "coordinates": [
                        json.loads(_square(0.35, 51.43))["coordinates"],
                        json.loads(_square(0.37, 51.45))["coordinates"],
                    ],
                }
            ),
            _square(0.17, 51.39),
            "not json",
        ],
        "narratives": [0, 3, 12, 0],
        "last_narrative": [None, pd.Timestamp("2024-02-12"), pd.Timestamp("2024-01-05"), None],
    }
)
VENUES = pd.DataFrame(
    {
        "venue_id": ["V1", "V2", "V3"],
        "name": ["Temple Hill <Hub>", "Kings Farm Clinic", "Old Hall"],
        "venue_type": ["Community centre", "Clinic", "Library"],
        "postcode": ["DA1 5NB", "DA11 7QN", "BR8 7AE"],
        "locality": ["Dartford", "Gravesham", "Swanley"],
        "lon": [0.2378, 0.3654, 0.1728],
        "lat": [51.4561, 51.4312, 51.3968],
        "active": [True, True, False],
        "in_selection": [True, True, True],
        "visits": [6, 2, 0],
        "packs": [125, 5, 0],
        "women_engaged": [40, 3, 0],
        "narratives_logged": [4, 1, 0],
        "packs_by_language": ["English 100, Polish 25", "English 5", ""],
        "last_activity": pd.to_datetime(["2024-02-20", "2024-01-02", None]),
        "last_pack_date": pd.to_datetime(["2024-02-20", "2024-01-02", None]),
    }
)
AS_OF = dt.date(2024, 2, 29)


@pytest.fixture
def reach():
    return coverage.area_coverage(AREAS, VENUES, 1000, AS_OF)


def layer_json(deck: pdk.Deck) -> dict[str, dict]:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


# --- the deck ------------------------------------------------------------------------------------------


def test_reach_map_layers_and_no_basemap(reach):
    deck = maps.reach_map(reach, VENUES, shade="imd", walk_m=1000)
    assert isinstance(deck, pdk.Deck)
    spec = json.loads(deck.to_json())
    assert [layer["id"] for layer in spec["layers"]] == [
        "areas",
        "gaps",
        "narrative-counts",
        "venues",
        "localities",
    ]
    # No tile server: pydeck's "no basemap" marker, which Streamlit draws without any map tiles.
    assert spec["mapStyle"] == maps.NO_BASEMAP and "mapProvider" not in spec
    text = deck.to_json()
    assert "cartocdn" not in text and "mapbox" not in text and "http" not in text
    assert spec["initialViewState"]["pitch"] == 0


def test_a_configured_basemap_is_used(monkeypatch, reach):
    monkeypatch.setenv("MATERNITY_BASEMAP", "https://tiles.example.nhs.uk/style.json")
    deck = maps.reach_map(reach, VENUES, map_style=maps.basemap_from_env())
    assert json.loads(deck.to_json())["mapStyle"] == "https://tiles.example.nhs.uk/style.json"
    monkeypatch.setenv("MATERNITY_BASEMAP", "  ")
    assert maps.basemap_from_env() is None


def test_area_features_colour_and_skip_bad_boundaries(reach):
    features = maps.area_features(reach, "imd", 1000)["features"]
    assert [f["properties"]["lsoa_code"] for f in features] == ["E01000001", "E01000002", "E01000003"]
    fills = {f["properties"]["lsoa_code"]: f["properties"]["fill"] for f in features}
    assert fills["E01000001"][:3] == maps.rgb(maps.DECILE_COLOURS[0])[:3]
    assert fills["E01000003"][:3] == maps.rgb(maps.DECILE_COLOURS[9])[:3]
    assert features[1]["geometry"]["type"] == "MultiPolygon"
    core = {
        f["properties"]["lsoa_code"]: f["properties"]["fill"]
        for f in maps.area_features(reach, "core20")["features"]
    }
    assert core["E01000002"][:3] == maps.rgb(maps.CORE20_COLOURS[True])[:3]
    assert core["E01000003"][:3] == maps.rgb(maps.CORE20_COLOURS[False])[:3]
    # Only what the browser needs: code, colour and tooltip.
    assert all(set(f["properties"]) == {"lsoa_code", "fill", "tooltip"} for f in features)
    with pytest.raises(ValueError):
        maps.area_features(reach, "rainbow")


def test_area_tooltips_in_plain_english(reach):
    tips = {
        f["properties"]["lsoa_code"]: f["properties"]["tooltip"]
        for f in maps.area_features(reach)["features"]
    }
    first = tips["E01000001"]
    assert first.startswith("Dartford 001A (E01000001), Dartford")
    assert "IMD decile 1 of 10, 1 = most deprived (Core20" in first
    assert "Narratives collected: 0" in first
    assert "Pack venues within 1 km: 1, with 125 packs left in the period" in first
    assert "Nearest pack venue: Temple Hill <Hub>" in first and "Last activity there: 20 Feb 2024" in first
    assert "9 days before the end of the period" in first
    second = tips["E01000002"]
    assert "Narratives collected: 3 (latest 12 Feb 2024)" in second
    gap_tip = maps.area_tooltip({**reach.iloc[0].to_dict(), "gap": True}, 1000)
    assert gap_tip.endswith("COVERAGE GAP: Core20, no narratives and no pack venue within 1 km")


def test_gaps_layer_outlines_only_gaps(reach):
    marked = reach.assign(gap=[False, True, False, True])
    layer = layer_json(maps.reach_map(marked, VENUES))["gaps"]
    codes = [f["properties"]["lsoa_code"] for f in layer["data"]["features"]]
    assert codes == ["E01000002"]  # E01000004 is a gap but has no usable boundary
    assert layer["getLineColor"][:3] == maps.rgb(maps.GAP_COLOUR)[:3] and layer["getLineWidth"] >= 3
    assert layer["filled"] is False


def test_narrative_counts_only_where_collected_and_only_when_asked(reach):
    layers = layer_json(maps.reach_map(reach, VENUES))
    labels = layers["narrative-counts"]["data"]
    assert sorted(d["label"] for d in labels) == ["12", "3"]
    assert "narrative-counts" not in layer_json(maps.reach_map(reach, VENUES, show_narratives=False))
    controlled = coverage.controlled_areas(reach, disclosure.Rule())
    assert "narrative-counts" not in layer_json(maps.reach_map(controlled, VENUES))


def test_constant_strings_are_not_turned_into_accessors(reach):
    """pydeck turns plain strings into '@@=' expressions; units and fonts must stay constants."""
    layers = layer_json(maps.reach_map(reach, VENUES))
    assert layers["venues"]["radiusUnits"] == "pixels"
    assert layers["areas"]["lineWidthUnits"] == "pixels"
    assert layers["narrative-counts"]["fontFamily"] == "Arial, Helvetica, sans-serif"
    assert layers["narrative-counts"]["getText"] == "@@=label"
    assert layers["narrative-counts"]["getTextAnchor"] == "middle"


def test_venue_points(reach):
    data = layer_json(maps.reach_map(reach, VENUES))["venues"]["data"]
    by_id = {d["venue_id"]: d for d in data}
    assert set(by_id) == {"V1", "V2", "V3"}
    assert all(set(d) == {"venue_id", "lon", "lat", "radius", "fill", "line", "tooltip"} for d in data)
    assert by_id["V1"]["radius"] > by_id["V2"]["radius"] > by_id["V3"]["radius"]
    assert by_id["V1"]["fill"][:3] == maps.rgb(maps.VENUE_COLOURS["Community centre"])[:3]
    assert by_id["V3"]["fill"][3] == 0  # inactive: a hollow ring
    tip = by_id["V1"]["tooltip"]
    assert tip.splitlines()[0] == "Temple Hill <Hub> (Community centre)"
    assert "Packs left in the period: 125 (English 100, Polish 25)" in tip
    assert "Visits in the period: 6" in tip and "Women engaged: 40; narratives noted: 4" in tip
    assert "No longer used" in by_id["V3"]["tooltip"]


def test_venue_radius_grows_with_the_square_root_and_is_capped():
    low, high = maps.VENUE_RADIUS_PX
    assert maps.venue_radius_px(0) == low and maps.venue_radius_px(None) == low
    assert maps.venue_radius_px(100) - low == pytest.approx(2 * (maps.venue_radius_px(25) - low), abs=0.1)
    assert maps.venue_radius_px(10**6) == high


def test_controlled_map_carries_no_exact_small_counts(reach):
    rule = disclosure.Rule()
    areas = coverage.controlled_areas(reach, rule)
    venues = coverage.controlled_venues(VENUES, rule)
    spec = json.loads(maps.reach_map(areas, venues).to_json())
    tips = [
        f["properties"]["tooltip"]
        for layer in spec["layers"]
        if isinstance(layer["data"], dict)
        for f in layer["data"]["features"]
        if "tooltip" in f["properties"]
    ]
    tips += [
        d["tooltip"]
        for layer in spec["layers"]
        if isinstance(layer["data"], list)
        for d in layer["data"]
        if "tooltip" in d
    ]
    joined = "\n".join(tips)
    assert "Narratives collected" not in joined and "Visits in the period" not in joined
    assert "Narratives from Core20 neighbourhoods in Gravesham: hidden" in joined  # 3 narratives
    assert "Narratives from other neighbourhoods in Swanley: about 10" in joined  # 12 -> 10
    assert "Packs left in the period: hidden" in joined  # V2's 5 packs
    assert "Packs left in the period: about 125" in joined
    for number in (int(n.replace(",", "")) for n in __import__("re").findall(r"about ([\d,]+)", joined)):
        assert number == 0 or number >= rule.suppress_below


def test_fit_view_contains_the_box():
    box = (0.16, 51.33, 0.47, 51.47)
    view = maps.fit_view(box, width=600, height=470)
    world = 512 * 2**view.zoom
    span_x = (box[2] - box[0]) / 360 * world

    def merc(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_y = (merc(box[3]) - merc(box[1])) / (2 * math.pi) * world
    assert span_x <= 600 and span_y <= 470
    assert span_x >= 0.8 * 600 or span_y >= 0.8 * 470  # and not needlessly small
    assert box[0] < view.longitude < box[2] and box[1] < view.latitude < box[3]
    assert maps.fit_view(None).zoom > 9  # a sensible default over DGS


def test_bounds_use_boundaries_and_venues():
    west, south, east, north = maps.bounds(AREAS, VENUES)
    assert west == pytest.approx(0.17) and east == pytest.approx(0.38)
    assert south == pytest.approx(51.39) and north == pytest.approx(51.46)
    # Venues outside the neighbourhoods widen the box.
    assert maps.bounds(AREAS.iloc[:1], VENUES) == pytest.approx((0.1728, 51.3968, 0.3654, 51.457))
    assert maps.bounds(AREAS.iloc[0:0]) is None


# --- colours and legend ---------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    r, g, b, _ = maps.rgb(hex_colour)

    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def test_decile_palette_is_sequential_dark_to_light():
    lum = [_luminance(c) for c in maps.DECILE_COLOURS]
    assert len(lum) == 10 and all(a < b for a, b in zip(lum, lum[1:], strict=False))
    assert maps.decile_colour(None) == maps.NO_DATA_COLOUR and maps.decile_colour(11) == maps.NO_DATA_COLOUR


def test_venue_colours_are_distinct_okabe_ito_or_grey():
    colours = [maps.VENUE_COLOURS[t] for t in VENUE_TYPES]
    assert len(set(colours)) == len(VENUE_TYPES)
    assert set(colours) <= set(PALETTE) | {"#999999"}
    assert maps.GAP_COLOUR not in colours


def test_legend_svg_is_valid_escaped_and_complete():
    sections = [
        maps.shade_legend("imd"),
        maps.venue_legend(["Clinic", "Library"], inactive=True),
        ("Odd <title> & more", [maps.LegendItem("fill", "#000000", "a <b>label</b>")]),
        maps.marks_legend(1500, exact=True),
    ]
    svg = maps.legend_svg(sections, width=400)
    root = ET.fromstring(svg)  # well-formed XML
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "1 most deprived" in texts and "10 least deprived" in texts
    assert (
        "Clinic" in texts and "Library" in texts and "Faith group" not in texts and "No longer used" in texts
    )
    assert (
        "a <b>label</b>" in texts and "Odd <title> & more" in texts
    )  # escaped in the markup, intact as text
    assert "Coverage gap: Core20, no narratives, no pack venue within 1.5 km" in texts
    for el in root.iter():
        x = el.get("x")
        if x is not None:
            assert float(x) < 400
    words = maps.legend_text(sections)
    assert words.startswith(
        "IMD decile of the neighbourhood (index named under the page title): 1 most deprived; 2;"
    )
    assert maps.marks_legend(1000, exact=False)[1][0].label == "Core20 with no pack venue within 1 km"
    assert len(maps.marks_legend(1000, exact=True, show_counts=False)[1]) == 1


def test_small_labels():
    assert (
        maps.walk_label(1000) == "1 km"
        and maps.walk_label(1500) == "1.5 km"
        and maps.walk_label(750) == "750 m"
    )
    assert maps.percent_label(None) == "hidden" and maps.percent_label(pd.NA) == "hidden"
    assert maps.percent_label(41.6) == "42%"


# --- reach trend charts ---------------------------------------------------------------------------------


MONTHLY = pd.DataFrame(
    {
        "month": pd.to_datetime(["2023-03-01", "2023-03-01", "2023-05-01", "2023-05-01"]),
        "locality": ["Gravesham", "Dartford", "Dartford", "Swanley"],
        "packs": pd.array([10, 20, pd.NA, 5], dtype="Int64"),
    }
)


def test_monthly_stacked_fills_months_and_keeps_gaps_as_gaps():
    fig = reach_charts.monthly_stacked(
        MONTHLY, "packs", "locality", "Packs", "Packs", order=list(reach_charts.LOCALITY_ORDER)
    )
    names = [t.name for t in fig.data]
    assert names == ["Dartford", "Gravesham", "Swanley", "Hidden (1 to 7)"]
    marker = fig.data[3]  # the suppressed May cell is written above May's bar, not left as a hole
    assert list(marker.text) == ["hidden: Dartford"] and pd.Timestamp(marker.x[0]).month == 5
    dartford = fig.data[0]
    assert len(dartford.x) == 3  # March, April (empty) and May
    assert list(dartford.y[:1]) == [20] and all(math.isnan(v) for v in dartford.y[1:])  # suppressed May not 0
    # Colours follow the fixed locality order, whoever is present.
    assert fig.data[2].marker.color == PALETTE[reach_charts.LOCALITY_ORDER.index("Swanley")]
    only_swanley = reach_charts.monthly_stacked(
        MONTHLY[MONTHLY["locality"] == "Swanley"],
        "packs",
        "locality",
        "t",
        "y",
        order=list(reach_charts.LOCALITY_ORDER),
    )
    assert only_swanley.data[0].marker.color == PALETTE[2]
    assert fig.layout.barmode == "stack"


def test_monthly_stacked_drops_groups_with_nothing_to_draw_and_handles_empty():
    data = MONTHLY.assign(packs=pd.array([10, 20, pd.NA, pd.NA], dtype="Int64"))
    assert [t.name for t in reach_charts.monthly_stacked(data, "packs", "locality", "t", "y").data] == [
        "Gravesham",
        "Dartford",
        "Hidden (1 to 7)",
    ]
    assert len(reach_charts.monthly_stacked(MONTHLY.iloc[0:0], "packs", "locality", "t", "y").data) == 0


def test_quarters():
    q = reach_charts.to_quarters(MONTHLY.assign(packs=[10, 20, 3, 5]), "packs", "locality")
    dartford = q[q["locality"] == "Dartford"].set_index("month")["packs"]
    assert dartford[pd.Timestamp("2023-01-01")] == 20 and dartford[pd.Timestamp("2023-04-01")] == 3
    fig = reach_charts.monthly_stacked(q, "packs", "locality", "t", "y", period="quarter")
    assert "Quarter from" in fig.data[0].hovertemplate
    with pytest.raises(ValueError):
        reach_charts.monthly_stacked(q, "packs", "locality", "t", "y", period="week")


def test_top_groups_keeps_the_largest_languages():
    df = pd.DataFrame(
        {
            "month": ["2023-03-01"] * 4,
            "language": ["english", "polish", "twi", "urdu"],
            "packs": [50, 10, 2, 1],
        }
    )
    out = reach_charts.top_groups(df, "language", "packs", keep=2)
    assert dict(zip(out["language"], out["packs"], strict=True)) == {
        "english": 50,
        "polish": 10,
        "Other languages": 3,
    }
    assert reach_charts.language_label("english") == "English"


def test_core20_share_chart_has_the_reference_line():
    shares = coverage.core20_shares(
        pd.DataFrame(
            {
                "measure": ["neighbourhoods", "packs", "narratives"],
                "in_core20": [21, 3054, 3],
                "total": [138, 7230, 313],
                "unknown": [0, 0, 0],
            }
        ),
        exact=False,
    )
    fig = reach_charts.core20_share_chart(shares)
    bar = fig.data[0]
    assert list(bar.y) == [
        "Narratives collected (where the neighbourhood is known)",
        "Information packs left at venues",
    ]
    assert math.isnan(bar.x[0]) and bar.text[0] == "hidden or none"  # 3 narratives: suppressed
    assert bar.text[1].startswith("42%")
    assert fig.layout.shapes[0].x0 == pytest.approx(15.2)  # the dashed line at the Core20 share of areas
    assert "15%" in fig.layout.annotations[0].text


def test_packs_by_area_or_language():
    rows = pd.DataFrame(
        {
            "month": pd.to_datetime(["2023-03-01"] * 9 + ["2023-04-01"]),
            "locality": ["Dartford"] * 5 + ["Gravesham"] * 5,
            "language": [
                "english",
                "polish",
                "twi",
                "urdu",
                "arabic",
                "nepali",
                "punjabi",
                "somali",
                "english",
                "english",
            ],
            "packs": [50, 10, 9, 8, 7, 6, 5, 1, 20, 3],
        }
    )
    area = reach_charts.packs_by(rows, "locality").set_index(["month", "locality"])["packs"]
    assert area[(pd.Timestamp("2023-03-01"), "Dartford")] == 84
    assert area[(pd.Timestamp("2023-03-01"), "Gravesham")] == 32
    lang = reach_charts.packs_by(rows, "language")
    march = lang[lang["month"] == pd.Timestamp("2023-03-01")].set_index("language")["packs"]
    assert march["English"] == 70 and march["Other languages"] == 5 + 1  # Punjabi and Somali are the smallest
    assert len(set(lang["language"])) == 7  # six languages and "Other languages"
    with pytest.raises(ValueError):
        reach_charts.packs_by(rows, "venue")


def test_narrative_labels_keep_clear_of_venue_circles_and_each_other():
    zoom = 13.0
    lon, lat = 0.2196, 51.4438  # a town centre: a venue right on a neighbourhood's centre
    labels = [(lon, lat, "12"), (lon + 0.0003, lat, "7"), (lon + 0.05, lat + 0.02, "3")]
    offsets = maps.label_offsets(labels, [(lon, lat, 10.0)], zoom)
    assert offsets[2] == (0, 0)  # nothing nearby: stays on its centre
    assert offsets[0] not in (None, (0, 0))  # moved off the circle
    boxes = []
    for (lo, la, text), off in zip(labels, offsets, strict=True):
        if off is None:
            continue
        x, y = maps._pixels(lo, la, zoom)
        x, y = x + off[0], y + off[1]
        vx, vy = maps._pixels(lon, lat, zoom)
        hw, hh = 5.0 * len(text) + 2, 9.0
        nx, ny = min(max(vx, x - hw), x + hw), min(max(vy, y - hh), y + hh)
        assert (nx - vx) ** 2 + (ny - vy) ** 2 >= 10.0**2  # no label box touches the venue circle
        boxes.append((x, y, hw, hh))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert abs(a[0] - b[0]) >= a[2] + b[2] or abs(a[1] - b[1]) >= a[3] + b[3]  # no overlap


def test_the_reach_map_places_labels_with_offsets():
    import pandas as pd

    areas = pd.DataFrame(
        {"lsoa_code": ["A"], "centroid_lon": [0.2196], "centroid_lat": [51.4438], "narratives": [4]}
    )
    venues = pd.DataFrame(
        {"venue_id": ["V"], "lon": [0.2196], "lat": [51.4438], "packs": [100], "venue_type": ["Library"],
         "active": [True], "name": ["V"]}
    )  # fmt: skip
    layer = maps.narrative_layers(areas, venues, 13.0)[0]
    assert layer.data[0]["offset"] != [0, 0]


def _label_offsets_by_brute_force(labels, venues, zoom):
    """label_offsets as first written: every label tested against every circle and every placed label."""
    circles = [(*maps._pixels(lon, lat, zoom), r) for lon, lat, r in venues]
    placed, out = [], []

    def clear(x, y, hw, hh):
        for cx, cy, r in circles:
            nx, ny = min(max(cx, x - hw), x + hw), min(max(cy, y - hh), y + hh)
            if (nx - cx) ** 2 + (ny - cy) ** 2 < (r + maps._LABEL_PAD) ** 2:
                return False
        return all(abs(x - px) >= hw + pw + 1 or abs(y - py) >= hh + ph + 1 for px, py, pw, ph in placed)

    for lon, lat, text in labels:
        x, y = maps._pixels(lon, lat, zoom)
        hw, hh = maps._LABEL_HALF_W_PER_CHAR * len(text) + 2, maps._LABEL_HALF_H
        step_y, step_x = hh * 2 + 2, hw * 2 + 4
        for dx, dy in ((0, 0), (0, -step_y), (0, step_y), (step_x, 0), (-step_x, 0)):
            if clear(x + dx, y + dy, hw, hh):
                placed.append((x + dx, y + dy, hw, hh))
                out.append((dx, dy))
                break
        else:
            out.append(None)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_label_offsets_grid_gives_what_testing_every_pair_gave(seed):
    """The grid label_offsets files circles and labels in only skips pairs too far apart to touch."""
    import random

    rng = random.Random(seed)
    lon0, lat0 = 0.25, 51.42
    venues = [
        (lon0 + rng.uniform(-0.08, 0.08), lat0 + rng.uniform(-0.05, 0.05), rng.uniform(3.5, 14.0))
        for _ in range(600)
    ]
    labels = [
        (lon0 + rng.uniform(-0.08, 0.08), lat0 + rng.uniform(-0.05, 0.05), str(rng.randint(1, 5000)))
        for _ in range(150)
    ]
    seen = []
    for zoom in (10.5, 12.0, 13.5):
        got = maps.label_offsets(labels, venues, zoom)
        assert got == _label_offsets_by_brute_force(labels, venues, zoom)
        seen += got
    assert None in seen and (0, 0) in seen and any(o not in (None, (0, 0)) for o in seen)  # every outcome


def test_a_shared_deck_is_serialised_once_and_unchanged(reach, monkeypatch):
    """ui.cache shares one deck between sessions; its JSON is built on the first draw only."""
    deck = maps.reach_map(reach, VENUES)
    plain = pdk.Deck.to_json(deck)  # what pydeck itself makes of it
    calls = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: calls.append(1) or original(self))
    first = deck.to_json()
    assert first == plain and "serialised" not in first.lower()
    assert deck.to_json() is first and len(calls) == 1
    other = maps.reach_map(reach, VENUES, show_narratives=False)
    assert other.to_json() != first  # memoised per deck, not shared between decks
