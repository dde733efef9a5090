"""Map builders: pure functions, DataFrame in, pydeck Deck out (no Streamlit, no network).

The Reach page draws one map: neighbourhoods (LSOAs) shaded by IMD decile or Core20, coverage gaps
outlined, the narratives collected per neighbourhood (exact, engagement officer only) and venues as
circles sized by the packs left and coloured by venue type. Every layer carries only the fields the
browser needs (the layer data is sent to it), with a plain-English `tooltip` string per object.

No basemap by default: the map needs no tile server or internet. A basemap style URL can be set
with $MATERNITY_BASEMAP (e.g. a self-hosted MapLibre style); tests never set it.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pandas as pd
import pydeck as pdk

from insights.vocab import VENUE_TYPES

#: IMD decile 1 (most deprived) .. 10: a colour-blind-safe sequential purple (ColorBrewer Purples,
#: stretched to ten steps), darkest = most deprived.
DECILE_COLOURS = (
    "#3f007d",
    "#52238d",
    "#65489f",
    "#796eb2",
    "#918dc2",
    "#abaad1",
    "#c6c7e1",
    "#dfdeed",
    "#f0eff6",
    "#fcfbfd",
)
CORE20_COLOURS = {True: "#52238d", False: "#dfdeed"}
NO_DATA_COLOUR = "#bdbdbd"
AREA_LINE_COLOUR = "#8c8c8c"
#: Outline of coverage gaps: Okabe-Ito vermilion, drawn thick (thickness carries the meaning too).
GAP_COLOUR = "#D55E00"
#: Venue types in Okabe-Ito colours (vermilion is kept for gaps; grey for "Other").
VENUE_COLOURS = dict(
    zip(
        VENUE_TYPES,
        ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"),
        strict=True,
    )
)
TEXT_COLOUR = "#212b32"  # NHS text colour

SHADES = ("imd", "core20")
#: The style pydeck emits when no basemap is wanted: Streamlit then draws no map tiles at all
#: (a Deck with map_style=None and a provider makes Streamlit fetch a CARTO basemap instead).
NO_BASEMAP = "__MAP_STYLE__"

_DEFAULT_WIDTH, _DEFAULT_HEIGHT = 600, 470


def basemap_from_env() -> str | None:
    """The optional basemap style URL from $MATERNITY_BASEMAP (unset or blank = no basemap)."""
    value = os.environ.get("MATERNITY_BASEMAP", "").strip()
    return value or None


def rgb(hex_colour: str, alpha: int = 255) -> list[int]:
    """'#RRGGBB' -> [r, g, b, a]."""
    h = hex_colour.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha]


def decile_colour(decile) -> str:
    """The fill colour of an IMD decile (grey when unknown)."""
    if decile is None or pd.isna(decile) or not 1 <= int(decile) <= 10:
        return NO_DATA_COLOUR
    return DECILE_COLOURS[int(decile) - 1]


def area_colour(record: dict, shade: str) -> str:
    """A neighbourhood's fill colour for the chosen shading ('imd' or 'core20')."""
    if shade == "core20":
        core = record.get("core20")
        return NO_DATA_COLOUR if core is None or pd.isna(core) else CORE20_COLOURS[bool(core)]
    return decile_colour(record.get("imd_decile"))


# --- plain-English text ------------------------------------------------------------------------------


def _day(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def _distance(metres) -> str:
    if metres is None or pd.isna(metres):
        return "none placed on the map"
    metres = float(metres)
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{round(metres / 10) * 10:.0f} m"


def walk_label(walk_m: float) -> str:
    """'1 km', '1.5 km' or '800 m'."""
    if walk_m >= 1000:
        km = walk_m / 1000
        return f"{km:g} km"
    return f"{walk_m:.0f} m"


def _controlled(value, noun: str) -> str:
    """A disclosure-controlled count in words: hidden when suppressed, 'about N' when rounded."""
    if value is None or pd.isna(value):
        return f"hidden (too few {noun} to show safely)"
    value = int(value)
    return "none" if value == 0 else f"about {value:,} (rounded to protect privacy)"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def area_tooltip(record: dict, walk_m: float) -> str:
    """Tooltip text for a neighbourhood; lines appear only for the fields present in `record`."""
    decile = record.get("imd_decile")
    lines = [f"{record['lsoa_name']} ({record['lsoa_code']}), {record.get('locality', '')}".rstrip(", ")]
    if decile is not None and not pd.isna(decile):
        core = " (Core20: among the 20% most deprived in England)" if record.get("core20") else ""
        index = record.get("deprivation_index") or "IMD"  # e.g. 'IMD 2025' (queries/reach_lsoa.sql)
        lines.append(f"Deprivation: {index} decile {int(decile)} of 10, 1 = most deprived{core}")
    if "narratives" in record:
        n = int(record["narratives"])
        last = _day(record.get("last_narrative"))
        lines.append(f"Narratives collected: {n:,}" + (f" (latest {last})" if last and n else ""))
    elif "group_narratives" in record:
        group = str(record["group"])
        group = group[0].lower() + group[1:] if group.startswith("Other") else group
        lines.append(f"Narratives from {group}: {_controlled(record['group_narratives'], 'women')}")
    walk = walk_label(walk_m)
    if "venues_within" in record:
        v = int(record["venues_within"])
        packs = int(record.get("packs_within") or 0)
        lines.append(
            f"Pack venues within {walk}: {v:,}"
            + (f", with {_plural(packs, 'pack')} left in the period" if v else "")
        )
    elif "no_venue_within" in record:
        yes_no = "no" if record["no_venue_within"] else "yes"
        lines.append(f"Pack venue within {walk}: {yes_no}")
        if not record["no_venue_within"] and "packs_within" in record:
            lines.append(
                f"Packs left at those venues in the period: {_controlled(record['packs_within'], 'packs')}"
            )
    if record.get("nearest_venue"):
        lines.append(
            f"Nearest pack venue: {record['nearest_venue']}, {_distance(record.get('nearest_m'))} away"
        )
        last = _day(record.get("nearest_last_activity"))
        days = record.get("days_since_nearest")
        if last:
            if days is None or pd.isna(days):
                ago = ""
            elif int(days) == 0:
                ago = " (the last day of the period)"
            else:
                ago = f" ({_plural(int(days), 'day')} before the end of the period)"
            lines.append(f"Last activity there: {last}{ago}")
    elif "nearest_venue" in record:
        lines.append("Nearest pack venue: none yet")
    share = record.get("postcode_share")
    if share is not None and not pd.isna(share):
        lines.append(f"Postcodes within {walk} of a pack venue: {share:.0f}%")
    if record.get("gap"):
        lines.append(f"COVERAGE GAP: Core20, no narratives and no pack venue within {walk}")
    elif record.get("core20") and record.get("no_venue_within") and "narratives" not in record:
        lines.append(f"COVERAGE GAP: Core20 with no pack venue within {walk}")
    return "\n".join(lines)


def venue_tooltip(record: dict) -> str:
    """Tooltip text for a venue; exact figures only when the record carries them."""
    lines = [f"{record['name']} ({record['venue_type']})"]
    place = ", ".join(
        str(x) for x in (record.get("postcode"), record.get("locality")) if x and not pd.isna(x)
    )
    if place:
        lines.append(place)
    if not record.get("active", True):
        lines.append("No longer used (inactive venue)")
    packs = record.get("packs")
    if "visits" in record:
        packs = int(packs or 0)
        by_language = record.get("packs_by_language") or ""
        lines.append(f"Packs left in the period: {packs:,}" + (f" ({by_language})" if by_language else ""))
        lines.append(f"Visits in the period: {int(record['visits']):,}")
        if "women_engaged" in record:
            lines.append(
                f"Women engaged: {int(record['women_engaged']):,}; "
                f"narratives noted: {int(record.get('narratives_logged') or 0):,}"
            )
    else:
        lines.append(f"Packs left in the period: {_controlled(packs, 'packs')}")
    last = _day(record.get("last_activity"))
    lines.append(f"Last activity: {last}" if last else "No activity recorded yet")
    return "\n".join(lines)


# --- layers -----------------------------------------------------------------------------------------


def _records(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records")


def _geometry(text) -> dict | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    try:
        geometry = json.loads(text)
    except (TypeError, ValueError):
        return None
    return geometry if geometry.get("type") in ("Polygon", "MultiPolygon") else None


def area_features(areas: pd.DataFrame, shade: str = "imd", walk_m: float = 1000) -> dict:
    """A GeoJSON FeatureCollection of neighbourhoods with fill colour and tooltip (and nothing else)."""
    if shade not in SHADES:
        raise ValueError(f"shade must be one of {SHADES}, not {shade!r}")
    features = []
    for rec in _records(areas):
        geometry = _geometry(rec.get("boundary"))
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "lsoa_code": rec["lsoa_code"],
                    "fill": rgb(area_colour(rec, shade), 210),
                    "tooltip": area_tooltip({k: v for k, v in rec.items() if k != "boundary"}, walk_m),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def areas_layer(areas: pd.DataFrame, shade: str = "imd", walk_m: float = 1000) -> pdk.Layer:
    """Neighbourhood polygons shaded by IMD decile or Core20, thin grey edges."""
    return pdk.Layer(
        "GeoJsonLayer",
        id="areas",
        data=area_features(areas, shade, walk_m),
        filled=True,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color=rgb(AREA_LINE_COLOUR, 200),
        line_width_units="'pixels'",
        get_line_width=0.6,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
    )


def gaps_layer(areas: pd.DataFrame) -> pdk.Layer | None:
    """A thick vermilion outline round coverage gaps (rows with a true `gap`, else `no_venue_within` Core20)."""
    if "gap" in areas.columns:
        chosen = areas[areas["gap"].fillna(False).astype(bool)]
    elif "no_venue_within" in areas.columns:
        chosen = areas[areas["core20"].fillna(False).astype(bool) & areas["no_venue_within"].astype(bool)]
    else:
        return None
    features = [
        {"type": "Feature", "geometry": g, "properties": {"lsoa_code": code}}
        for code, g in zip(chosen["lsoa_code"], (_geometry(b) for b in chosen["boundary"]), strict=True)
        if g is not None
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        id="gaps",
        data={"type": "FeatureCollection", "features": features},
        filled=False,
        stroked=True,
        get_line_color=rgb(GAP_COLOUR),
        line_width_units="'pixels'",
        get_line_width=4,
        pickable=False,
    )


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator world pixels at a zoom level (deck.gl's 512-pixel world)."""
    scale = 512 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale


#: Half the size of a narrative-count label in pixels (12 px bold digits on a 4 px halo), per digit.
_LABEL_HALF_H, _LABEL_HALF_W_PER_CHAR, _LABEL_PAD = 9.0, 5.0, 3.0


#: Grid square (pixels) label_offsets files venue circles and placed labels in.
_CELL = 64.0


def _cells(x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
    """The grid squares a rectangle (pixels, edges included) touches."""
    cols = range(math.floor(x0 / _CELL), math.floor(x1 / _CELL) + 1)
    return [(i, j) for i in cols for j in range(math.floor(y0 / _CELL), math.floor(y1 / _CELL) + 1)]


def label_offsets(
    labels: list[tuple[float, float, str]], venues: list[tuple[float, float, float]], zoom: float
) -> list[tuple[float, float] | None]:
    """Pixel offsets that keep each narrative-count label clear of venue circles and other labels.

    `labels` are (lon, lat, text), `venues` (lon, lat, radius in pixels), at the map's initial zoom.
    A label that overlaps nothing stays on its neighbourhood's centre ((0, 0)); otherwise it moves
    above, below, right or left, first place clear wins. A label with no clear place is left out
    (None): its number stays in the neighbourhood's tooltip and in the table.
    """
    circles = [(*_pixels(lon, lat, zoom), r) for lon, lat, r in venues]
    # Circles and placed labels are filed in a grid of _CELL-pixel squares by the area where they could touch
    # a label, so each test looks only at its neighbours (thousands of venues); the tests themselves are exact.
    circle_cells: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for cx, cy, r in circles:
        reach = r + _LABEL_PAD
        for cell in _cells(cx - reach, cy - reach, cx + reach, cy + reach):
            circle_cells.setdefault(cell, []).append((cx, cy, r))
    placed_cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def clear(x: float, y: float, hw: float, hh: float) -> bool:
        cells = _cells(x - hw, y - hh, x + hw, y + hh)
        for cell in cells:
            for cx, cy, r in circle_cells.get(cell, ()):  # box against circle: nearest point of the box
                nx, ny = min(max(cx, x - hw), x + hw), min(max(cy, y - hh), y + hh)
                if (nx - cx) ** 2 + (ny - cy) ** 2 < (r + _LABEL_PAD) ** 2:
                    return False
        return all(
            abs(x - px) >= hw + pw + 1 or abs(y - py) >= hh + ph + 1
            for cell in cells
            for px, py, pw, ph in placed_cells.get(cell, ())
        )

    def place(x: float, y: float, hw: float, hh: float) -> None:
        for cell in _cells(x - hw - 1, y - hh - 1, x + hw + 1, y + hh + 1):
            placed_cells.setdefault(cell, []).append((x, y, hw, hh))

    out: list[tuple[float, float] | None] = []
    for lon, lat, text in labels:
        x, y = _pixels(lon, lat, zoom)
        hw, hh = _LABEL_HALF_W_PER_CHAR * len(text) + 2, _LABEL_HALF_H
        step_y, step_x = hh * 2 + 2, hw * 2 + 4
        for dx, dy in ((0, 0), (0, -step_y), (0, step_y), (step_x, 0), (-step_x, 0)):
            if clear(x + dx, y + dy, hw, hh):
                place(x + dx, y + dy, hw, hh)
                out.append((dx, dy))
                break
        else:
            out.append(None)
    return out


def narrative_layers(
    areas: pd.DataFrame,
    venues: pd.DataFrame | None = None,
    zoom: float | None = None,
    *,
    records: list[dict] | None = None,
) -> list[pdk.Layer]:
    """The number of narratives at each neighbourhood's centroid, dark on a white halo (exact counts only).

    With `venues` and the map's `zoom`, labels are moved off venue circles and each other (see
    label_offsets), so town centres stay readable. `records`: venue_records(venues), when already made.
    """
    if "narratives" not in areas.columns:
        return []
    rows = areas[areas["narratives"].fillna(0).astype(int).gt(0) & areas["centroid_lon"].notna()]
    data = [
        {"lon": float(lon), "lat": float(lat), "label": str(int(n)), "offset": [0, 0]}
        for lon, lat, n in zip(rows["centroid_lon"], rows["centroid_lat"], rows["narratives"], strict=True)
    ]
    if venues is not None and zoom is not None:
        sites = [
            (v["lon"], v["lat"], v["radius"]) for v in (venue_records(venues) if records is None else records)
        ]
        offsets = label_offsets([(d["lon"], d["lat"], d["label"]) for d in data], sites, zoom)
        data = [
            {**d, "offset": [round(o[0], 1), round(o[1], 1)]}
            for d, o in zip(data, offsets, strict=True)
            if o is not None
        ]
    return [
        pdk.Layer(
            "TextLayer",
            id="narrative-counts",
            data=data,
            get_position=["lon", "lat"],
            get_text="label",
            get_size=12,
            size_units="'pixels'",
            get_pixel_offset="offset",
            get_color=rgb(TEXT_COLOUR),
            font_family="'Arial, Helvetica, sans-serif'",
            font_weight=700,
            font_settings={"sdf": True},
            outline_width=4,
            outline_color=rgb("#ffffff", 235),
            get_text_anchor="'middle'",
            get_alignment_baseline="'center'",
            pickable=False,
        )
    ]


#: Venue circle radius in pixels: 0 packs -> MIN, growing with the square root of packs (so the
#: circle's area tracks the number) up to MAX.
VENUE_RADIUS_PX = (3.5, 14.0)


def venue_radius_px(packs) -> float:
    """Circle radius in screen pixels for a number of packs (None/suppressed = the smallest)."""
    packs = 0 if packs is None or pd.isna(packs) else max(int(packs), 0)
    low, high = VENUE_RADIUS_PX
    return round(min(low + 0.45 * math.sqrt(packs), high), 1)


def venue_records(venues: pd.DataFrame) -> list[dict]:
    """The fields the browser gets for each venue: position, look and tooltip only."""
    out = []
    for rec in _records(venues):
        if rec.get("lon") is None or pd.isna(rec.get("lon")) or pd.isna(rec.get("lat")):
            continue
        colour = VENUE_COLOURS.get(rec.get("venue_type"), VENUE_COLOURS["Other"])
        active = bool(rec.get("active", True))
        out.append(
            {
                "venue_id": rec["venue_id"],
                "lon": float(rec["lon"]),
                "lat": float(rec["lat"]),
                "radius": venue_radius_px(rec.get("packs")),
                "fill": rgb(colour, 215 if active else 0),
                "line": rgb("#ffffff") if active else rgb(colour),
                "tooltip": venue_tooltip(rec),
            }
        )
    return out


def venues_layer(venues: pd.DataFrame, *, records: list[dict] | None = None) -> pdk.Layer:
    """Venues as circles sized by packs left and coloured by type; inactive venues are hollow rings.
    `records`: venue_records(venues), when already made."""
    return pdk.Layer(
        "ScatterplotLayer",
        id="venues",
        data=venue_records(venues) if records is None else records,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units="'pixels'",
        get_fill_color="fill",
        stroked=True,
        get_line_color="line",
        line_width_units="'pixels'",
        get_line_width=1.5,
        pickable=True,
        auto_highlight=True,
    )


def locality_labels_layer(areas: pd.DataFrame) -> pdk.Layer | None:
    """The locality names (Dartford, Gravesham, Swanley) at the middle of their neighbourhoods."""
    placed = areas[areas["centroid_lon"].notna() & areas["locality"].notna()]
    if placed.empty:
        return None
    centres = placed.groupby("locality")[["centroid_lon", "centroid_lat"]].mean().reset_index()
    data = [
        {"lon": float(r.centroid_lon), "lat": float(r.centroid_lat), "label": str(r.locality)}
        for r in centres.itertuples()
    ]
    return pdk.Layer(
        "TextLayer",
        id="localities",
        data=data,
        get_position=["lon", "lat"],
        get_text="label",
        get_size=16,
        size_units="'pixels'",
        get_color=rgb(TEXT_COLOUR),
        font_family="'Arial, Helvetica, sans-serif'",
        font_weight=700,
        font_settings={"sdf": True},
        outline_width=5,
        outline_color=rgb("#ffffff", 220),
        get_pixel_offset=[0, -28],
        pickable=False,
    )


# --- view and deck ---------------------------------------------------------------------------------


def _coordinates(geometry: dict) -> Iterable[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def bounds(
    areas: pd.DataFrame, venues: pd.DataFrame | None = None
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the neighbourhood boundaries and venues, or None when empty."""
    lons: list[float] = []
    lats: list[float] = []
    for text in areas.get("boundary", pd.Series(dtype=object)):
        geometry = _geometry(text)
        if geometry:
            for lon, lat in _coordinates(geometry):
                lons.append(lon)
                lats.append(lat)
    if venues is not None and len(venues):
        placed = venues[venues["lon"].notna() & venues["lat"].notna()]
        lons += placed["lon"].astype(float).tolist()
        lats += placed["lat"].astype(float).tolist()
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def fit_view(
    box: tuple[float, float, float, float] | None,
    width: int = _DEFAULT_WIDTH,
    height: int = _DEFAULT_HEIGHT,
    padding: float = 0.05,
) -> pdk.ViewState:
    """A flat (no pitch) view that fits the box in a width x height pixel map (Web Mercator)."""
    if box is None:  # Dartford, Gravesham and Swanley
        return pdk.ViewState(longitude=0.29, latitude=51.41, zoom=10.3, pitch=0, bearing=0)
    west, south, east, north = box
    lon_span = max(east - west, 1e-4) * (1 + 2 * padding)

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    y_span = max(merc(north) - merc(south), 1e-6) * (1 + 2 * padding)
    zoom_x = math.log2(width * 360 / (512 * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (512 * y_span))
    centre_y = (merc(north) + merc(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(
        longitude=round((west + east) / 2, 5),
        latitude=round(centre_lat, 5),
        zoom=round(min(zoom_x, zoom_y, 16), 2),
        pitch=0,
        bearing=0,
    )


class SerialisedOnce(pdk.Deck):
    """A deck whose JSON is built on the first `to_json` and then reused: a deck shared by every session
    (ui.cache.figure) is drawn unchanged on every run, and serialising its thousands of points took a third
    of a warm Reach run. Do not change it after it was drawn."""

    def to_json(self) -> str:
        done = self.__dict__.get("_serialised")
        if done is None:
            done = super().to_json()  # `_serialised` is still None here, so it is not part of the JSON
            self._serialised = done
        return done


def reach_map(
    areas: pd.DataFrame,
    venues: pd.DataFrame,
    *,
    shade: str = "imd",
    walk_m: float = 1000,
    show_narratives: bool = True,
    map_style: str | None = None,
    width: int = _DEFAULT_WIDTH,
    height: int = _DEFAULT_HEIGHT,
) -> pdk.Deck:
    """The reach map: neighbourhoods, coverage gaps, narrative counts (if exact) and venues.

    `areas` is area_coverage output (exact, with `narratives`) or its controlled version (with
    `group_narratives`); `venues` the venue_reach rows to draw (exact or controlled). With
    `map_style=None` there is no basemap and nothing is fetched from a tile server.
    """
    layers = [areas_layer(areas, shade, walk_m)]
    gaps = gaps_layer(areas)
    if gaps is not None:
        layers.append(gaps)
    view = fit_view(bounds(areas, venues), width, height)
    records = venue_records(
        venues
    )  # made once: the labels keep clear of the same circles the venues layer draws
    if show_narratives:
        layers += narrative_layers(areas, venues, view.zoom, records=records)
    layers.append(venues_layer(venues, records=records))
    labels = locality_labels_layer(areas)
    if labels is not None:
        layers.append(labels)
    style = {"map_provider": "carto", "map_style": map_style} if map_style else {"map_provider": None}
    return SerialisedOnce(
        layers=layers,
        initial_view_state=view,
        tooltip={
            "text": "{tooltip}",
            "style": {
                "backgroundColor": "#ffffff",
                "color": TEXT_COLOUR,
                "fontSize": "13px",
                "border": "1px solid #8c8c8c",
                "whiteSpace": "pre-line",
                "maxWidth": "360px",
            },
        },
        **style,
    )


# --- legend -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a swatch ('fill', 'circle', 'ring', 'outline' or 'badge') and its label."""

    swatch: str
    colour: str
    label: str


def shade_legend(shade: str) -> tuple[str, list[LegendItem]]:
    """Title and entries for the neighbourhood shading."""
    if shade == "core20":
        return "Neighbourhoods", [
            LegendItem("fill", CORE20_COLOURS[True], "Core20 (IMD decile 1-2)"),
            LegendItem("fill", CORE20_COLOURS[False], "Not Core20"),
        ]
    items = [LegendItem("fill", DECILE_COLOURS[0], "1 most deprived")]
    items += [LegendItem("fill", DECILE_COLOURS[d - 1], str(d)) for d in range(2, 10)]
    items.append(LegendItem("fill", DECILE_COLOURS[9], "10 least deprived"))
    return "IMD decile of the neighbourhood (index named under the page title)", items


def venue_legend(types: Iterable[str] | None = None, inactive: bool = False) -> tuple[str, list[LegendItem]]:
    """Title and entries for venue types (those given, in vocabulary order)."""
    wanted = set(types) if types is not None else set(VENUE_TYPES)
    items = [LegendItem("circle", VENUE_COLOURS[t], t) for t in VENUE_TYPES if t in wanted]
    if inactive:
        items.append(LegendItem("ring", "#555555", "No longer used"))
    return "Venues (bigger circle = more packs left)", items


def marks_legend(walk_m: float, exact: bool, show_counts: bool = True) -> tuple[str, list[LegendItem]]:
    """Title and entries for the gap outline (and the narrative badges when shown)."""
    walk = walk_label(walk_m)
    if not exact:
        return "On the map", [LegendItem("outline", GAP_COLOUR, f"Core20 with no pack venue within {walk}")]
    items = [
        LegendItem("outline", GAP_COLOUR, f"Coverage gap: Core20, no narratives, no pack venue within {walk}")
    ]
    if show_counts:
        items.append(LegendItem("badge", TEXT_COLOUR, "Narratives collected in the neighbourhood"))
    return "On the map", items


def percent_label(value) -> str:
    """'42%', or 'hidden' for a suppressed (None/NA) percentage."""
    return "hidden" if value is None or pd.isna(value) else f"{float(value):.0f}%"


def _text_width(text: str, size: int = 13) -> float:
    """A generous estimate of a label's width in pixels (Arial averages ~0.55 em per character)."""
    return len(text) * size * 0.56


def _swatch(item: LegendItem, x: float, y: float) -> str:
    """The SVG of one swatch whose box starts at (x, y) and is 22 x 16."""
    colour = escape(item.colour)
    cx, cy = x + 11, y + 8
    if item.swatch == "fill":
        return f'<rect x="{x}" y="{y + 1}" width="22" height="14" fill="{colour}" stroke="#8c8c8c"/>'
    if item.swatch == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="7" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
    if item.swatch == "ring":
        return f'<circle cx="{cx}" cy="{cy}" r="6" fill="none" stroke="{colour}" stroke-width="2"/>'
    if item.swatch == "outline":
        return (
            f'<rect x="{x + 1}" y="{y + 2}" width="20" height="12" fill="{DECILE_COLOURS[3]}" '
            f'stroke="{colour}" stroke-width="3"/>'
        )
    return (  # a number on a white halo, as the narrative counts are drawn
        f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" font-size="13" font-weight="bold" '
        f'stroke="#ffffff" stroke-width="4" paint-order="stroke" fill="{colour}">3</text>'
    )


def legend_svg(sections: list[tuple[str, list[LegendItem]]], width: int = 620) -> str:
    """An SVG legend for the page to draw: a bold title per section, swatches flowing in rows.

    Labels are XML-escaped; the same sections in words come from `legend_text`.
    """
    row_height, gap = 22, 16
    parts: list[str] = []
    y = 0.0
    for title, items in sections:
        y += 18
        parts.append(f'<text x="0" y="{y}" font-weight="bold">{escape(title)}</text>')
        y += 6
        x = 0.0
        for item in items:
            item_width = 22 + 6 + _text_width(item.label)
            if x > 0 and x + item_width > width:
                x, y = 0.0, y + row_height
            parts.append(_swatch(item, x, y))
            parts.append(f'<text x="{x + 28}" y="{y + 13}">{escape(item.label)}</text>')
            x += item_width + gap
        y += row_height + 4
    height = int(y + 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, Helvetica, sans-serif" font-size="13" '
        f'fill="{TEXT_COLOUR}">' + "".join(parts) + "</svg>"
    )


def legend_text(sections: list[tuple[str, list[LegendItem]]]) -> str:
    """The legend in words (the image's alternative text)."""
    return ". ".join(f"{title}: " + "; ".join(i.label for i in items) for title, items in sections) + "."
