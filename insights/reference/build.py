"""Build the committed reference extract (postcodes, LSOAs with IMD, boundaries) for an area.

Inputs are the official files in their published formats (ONS postcode -> LSOA lookup, MHCLG IMD
File 1, ONS LSOA boundaries as GeoJSON, OS Code-Point Open CSVs). Given the full national
downloads and other district codes the same function builds the extract for any English area.
The LSOA vintage of the postcode lookup, the IMD table and the boundaries must match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pyproj import Transformer

from insights.output.exports import write_csv
from insights.reference.geography import locality_for, normalise_postcode

#: Column names by LSOA vintage in the official files.
VINTAGES = {
    "imd2019": {
        "lsoa_year": "2011",
        "lookup_lsoa": "lsoa11cd",
        "lookup_lsoa_name": "lsoa11nm",
        "imd_code": "LSOA code (2011)",
        "imd_rank_prefix": "Index of Multiple Deprivation (IMD) Rank",
        "imd_decile_prefix": "Index of Multiple Deprivation (IMD) Decile",
        "boundary_code": "LSOA11CD",
        "boundary_name": "LSOA11NM",
    },
    "imd2025": {
        "lsoa_year": "2021",
        "lookup_lsoa": "lsoa21cd",
        "lookup_lsoa_name": "lsoa21nm",
        "imd_code": "LSOA code (2021)",
        "imd_rank_prefix": "Index of Multiple Deprivation (IMD) Rank",
        "imd_decile_prefix": "Index of Multiple Deprivation (IMD) Decile",
        "boundary_code": "LSOA21CD",
        "boundary_name": "LSOA21NM",
    },
}

#: Accepted spellings of the columns in the official national postcode lookups (ONS PCD_OA*_LSOA*
#: lookups, ONSPD, NSPL): first match wins. The LSOA column follows the vintage.
LOOKUP_ALIASES = {
    "pcds": ("pcds", "PCDS", "pcd", "pcd7", "pcd8"),
    "ladcd": ("ladcd", "LADCD", "oslaua", "laua", "lad25cd", "lad24cd", "lad23cd", "lad22cd"),
    "ladnm": ("ladnm", "LADNM"),
    "dointr": ("dointr", "DOINTR"),
    "doterm": ("doterm", "DOTERM"),
    "lsoa11cd": ("lsoa11cd", "LSOA11CD", "lsoa11"),
    "lsoa21cd": ("lsoa21cd", "LSOA21CD", "lsoa21"),
}

#: How a postcode was placed in its LSOA (`lsoa_method` in postcodes.csv).
METHODS = {
    "official": "official ONS postcode lookup of the same LSOA vintage (exact)",
    "unchanged": "2011 LSOA kept its code in 2021, so the 2011 lookup is exact",
    "split_pip": "2011 LSOA was split: postcode centroid (OS Code-Point Open) inside the 2021 polygon",
    "split_nearest": "2011 LSOA was split: nearest 2021 child polygon (centroid just outside all)",
    "bestfit": "changed 2011 LSOA without a usable centroid: ONS best-fit 2021 LSOA (approximate)",
}

#: File (in the imd2025 extract) mapping the area's 2011 LSOAs to 2021 LSOAs, used to switch vintage.
CROSSWALK_FILE = "lsoa11_lsoa21.csv"

CODEPOINT_COLUMNS = ["PC", "PQ", "EA", "NO", "CY", "RH", "LH", "CC", "DC", "WC"]


@dataclass
class Area:
    """Whole local authority districts plus districts included only for some postcode districts."""

    whole: tuple[str, ...] = ("E07000107", "E07000109")
    partial: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"E07000111": ("BR8",)})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig", **kwargs)
    except UnicodeDecodeError:
        return pd.read_csv(path, dtype=str, encoding="cp1252", **kwargs)


def _column(df: pd.DataFrame, prefix: str) -> str:
    matches = [c for c in df.columns if c.startswith(prefix)]
    if len(matches) != 1:
        raise ValueError(f"expected one column starting {prefix!r}, found {matches}")
    return matches[0]


def standardise_lookup(lookup: pd.DataFrame) -> pd.DataFrame:
    """Rename an official lookup's columns (ONS lookup, ONSPD, NSPL spellings) to the ONS lookup's."""
    renames = {}
    for target, names in LOOKUP_ALIASES.items():
        if target in lookup.columns:
            continue
        for name in names:
            if name in lookup.columns and name not in renames:
                renames[name] = target
                break
    return lookup.rename(columns=renames)


def select_postcodes(lookup: pd.DataFrame, area: Area, vintage: str) -> pd.DataFrame:
    """Postcodes (live and terminated) of the area from an ONS postcode lookup."""
    cols = VINTAGES[vintage]
    lookup = standardise_lookup(lookup)
    if cols["lookup_lsoa"] not in lookup.columns:
        raise ValueError(
            f"the postcode lookup has no {cols['lookup_lsoa']} column: its LSOA vintage does not "
            f"match {vintage} (LSOA {cols['lsoa_year']})"
        )
    df = pd.DataFrame(
        {
            "postcode": lookup["pcds"].map(normalise_postcode),
            "lad_code": lookup["ladcd"],
            "lad_name": lookup.get("ladnm"),
            "lsoa_code": lookup[cols["lookup_lsoa"]],
            "introduced": lookup.get("dointr"),
            "terminated": lookup.get("doterm"),
            "lsoa_method": lookup["lsoa21_method"] if "lsoa21_method" in lookup.columns else "official",
        }
    ).dropna(subset=["postcode", "lsoa_code"])
    # ONSPD/NSPL write blanks or spaces for a live postcode's termination date.
    df["terminated"] = df["terminated"].where(df["terminated"].fillna("").str.strip() != "")
    df["postcode_district"] = df["postcode"].str.split(" ").str[0]
    keep = df["lad_code"].isin(area.whole)
    for lad, districts in area.partial.items():
        keep |= (df["lad_code"] == lad) & df["postcode_district"].isin(districts)
    return df[keep].drop_duplicates("postcode").sort_values("postcode").reset_index(drop=True)


def read_codepoint(folder: Path, districts: set[str]) -> pd.DataFrame:
    """Code-Point Open centroids for the given postcode districts, converted to WGS84."""
    frames = []
    areas = sorted({"".join(ch for ch in d if ch.isalpha()).lower() for d in districts})
    for area in areas:
        path = folder / f"{area}.csv"
        if path.exists():
            frames.append(_read_csv(path, header=None, names=CODEPOINT_COLUMNS))
    if not frames:
        return pd.DataFrame(columns=["postcode", "lon", "lat"])
    cp = pd.concat(frames, ignore_index=True)
    cp["postcode"] = cp["PC"].map(normalise_postcode)
    cp = cp.dropna(subset=["postcode"])
    cp = cp[cp["postcode"].str.split(" ").str[0].isin(districts)]
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = to_wgs84.transform(cp["EA"].astype(float).values, cp["NO"].astype(float).values)
    return pd.DataFrame({"postcode": cp["postcode"], "lon": lon.round(6), "lat": lat.round(6)})


def build(
    lookup_csv: Path,
    imd_csv: Path,
    boundaries_geojson: Path | list[Path],
    codepoint_dir: Path,
    out_dir: Path,
    area: Area | None = None,
    vintage: str = "imd2019",
    names_csv: Path | None = None,
    official_lookup: Path | None = None,
) -> dict:
    """Write postcodes.csv, lsoa.csv, lsoa_boundaries.geojson and manifest.json; return the manifest.

    `boundaries_geojson` may list several files, later ones winning for a code (IMD 2025: the 2011
    shapes of LSOAs whose code survived, then the 2021 shapes of the new ones). `names_csv` (LSOA21CD,
    LSOA21NM) gives the LSOA names; `official_lookup`, an ONS postcode lookup of the vintage's LSOAs,
    wins over `lookup_csv` for every postcode it holds.
    """
    area = area or Area()
    cols = VINTAGES[vintage]
    out_dir.mkdir(parents=True, exist_ok=True)
    boundary_files = (
        [Path(boundaries_geojson)]
        if isinstance(boundaries_geojson, (str, Path))
        else list(map(Path, boundaries_geojson))
    )

    postcodes = select_postcodes(_read_csv(lookup_csv), area, vintage)
    if official_lookup is not None:
        official = select_postcodes(_read_csv(official_lookup), area, vintage).assign(lsoa_method="official")
        postcodes = (
            pd.concat([official, postcodes], ignore_index=True)
            .drop_duplicates("postcode")
            .sort_values("postcode")
            .reset_index(drop=True)
        )
    centroids = read_codepoint(Path(codepoint_dir), set(postcodes["postcode_district"]))
    postcodes = postcodes.merge(centroids, on="postcode", how="left")

    imd = _read_csv(imd_csv)
    if cols["imd_code"] not in imd.columns:
        raise ValueError(f"the IMD file has no {cols['imd_code']!r} column: not {vintage}")
    imd = pd.DataFrame(
        {
            "lsoa_code": imd[cols["imd_code"]],
            "imd_rank": imd[_column(imd, cols["imd_rank_prefix"])].astype(int),
            "imd_decile": imd[_column(imd, cols["imd_decile_prefix"])].astype(int),
        }
    )

    names = {}
    if names_csv is not None:
        table = _read_csv(names_csv)
        names = dict(zip(table[cols["boundary_code"]], table[cols["boundary_name"]], strict=True))
    code_props = [cols["boundary_code"]] + [v["boundary_code"] for v in VINTAGES.values()]
    codes = set(postcodes["lsoa_code"])
    chosen: dict[str, tuple[dict, str]] = {}
    for path in boundary_files:
        geo = json.loads(path.read_text(encoding="utf-8"))
        for feature in geo["features"]:
            props = feature["properties"]
            key = next((k for k in code_props if k in props), None)
            if key is None:
                raise ValueError(f"boundaries in {path.name} have no {cols['boundary_code']}: not {vintage}")
            # A shape of another vintage is used only where its code is a code of this vintage
            # (an LSOA unchanged between 2011 and 2021 keeps its code and its shape).
            if props[key] in codes:
                chosen[props[key]] = (feature, path.name)
    features, shapes = [], []
    boundary_sources: dict[str, int] = {}
    for code in sorted(chosen):
        feature, source = chosen[code]
        props = feature["properties"]
        name = (
            names.get(code)
            or props.get(cols["boundary_name"])
            or next(
                (props[v["boundary_name"]] for v in VINTAGES.values() if v["boundary_name"] in props), code
            )
        )
        geometry = _round_geometry(feature["geometry"])
        features.append(
            {"type": "Feature", "properties": {"lsoa_code": code, "lsoa_name": name}, "geometry": geometry}
        )
        lon, lat = props.get("LONG"), props.get("LAT")
        if lon is None or lat is None:
            lon, lat = _centroid(geometry)
        shapes.append({"lsoa_code": code, "lsoa_name": name, "centroid_lon": lon, "centroid_lat": lat})
        boundary_sources[source] = boundary_sources.get(source, 0) + 1

    live = postcodes[postcodes["terminated"].isna()]
    per_lsoa = (
        postcodes.groupby("lsoa_code")
        .agg(lad_code=("lad_code", lambda s: s.mode().iat[0]), lad_name=("lad_name", "first"))
        .join(live.groupby("lsoa_code").size().rename("live_postcodes"))
        .fillna({"live_postcodes": 0})
        .reset_index()
    )
    # The locality of an LSOA follows the majority of its postcodes.
    loc = postcodes.assign(
        locality=[
            locality_for(lad, d)
            for lad, d in zip(postcodes["lad_code"], postcodes["postcode_district"], strict=True)
        ]
    )
    per_lsoa = per_lsoa.merge(
        loc.groupby("lsoa_code")["locality"].agg(lambda s: s.mode().iat[0]).reset_index(),
        on="lsoa_code",
    )
    lsoa = per_lsoa.merge(imd, on="lsoa_code", how="left").merge(
        pd.DataFrame(shapes, columns=["lsoa_code", "lsoa_name", "centroid_lon", "centroid_lat"]),
        on="lsoa_code",
        how="left",
    )
    lsoa["lsoa_name"] = lsoa["lsoa_name"].fillna(lsoa["lsoa_code"].map(names)).fillna(lsoa["lsoa_code"])
    lsoa["core20"] = lsoa["imd_decile"].le(2)
    lsoa["live_postcodes"] = lsoa["live_postcodes"].astype(int)
    lsoa = lsoa[
        [
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "lad_name",
            "locality",
            "imd_rank",
            "imd_decile",
            "core20",
            "live_postcodes",
            "centroid_lon",
            "centroid_lat",
        ]
    ].sort_values("lsoa_code")

    with_method = cols["lsoa_year"] != "2011"  # the 2011 lookup is official throughout
    postcodes = postcodes[
        ["postcode", "postcode_district", "lsoa_code", "lad_code", "introduced", "terminated", "lon", "lat"]
        + (["lsoa_method"] if with_method else [])
    ]
    write_csv(postcodes, out_dir / "postcodes.csv", bom=False, lineterminator="\n")
    write_csv(lsoa, out_dir / "lsoa.csv", bom=False, lineterminator="\n")
    (out_dir / "lsoa_boundaries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    in_area = lsoa[lsoa["live_postcodes"] > 0]
    manifest = {
        "vintage": vintage,
        "lsoa_vintage": cols["lsoa_year"],
        "area": {
            "whole_districts": list(area.whole),
            "partial": {k: list(v) for k, v in area.partial.items()},
        },
        "sources": {
            Path(p).name: _sha256(Path(p))
            for p in (lookup_csv, imd_csv, *boundary_files, names_csv, official_lookup)
            if p is not None
        },
        "counts": {
            "postcodes": int(len(postcodes)),
            "live_postcodes": int(postcodes["terminated"].isna().sum()),
            "postcodes_with_centroid": int(postcodes["lon"].notna().sum()),
            "lsoas_in_area": int(len(in_area)),
            "core20_lsoas_in_area": int(in_area["core20"].sum()),
            "lsoas_with_boundary": len(features),
        },
    }
    if with_method:
        live_pc = postcodes[postcodes["terminated"].isna()]
        manifest["live_postcodes_by_method"] = {
            k: int(v) for k, v in sorted(live_pc["lsoa_method"].value_counts().items())
        }
        manifest["boundaries_by_source"] = dict(sorted(boundary_sources.items()))
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid of a (multi)polygon's outer rings, in its own coordinates."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    total = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total == 0:
        xs = [p[0] for poly in polygons for p in poly[0]]
        ys = [p[1] for poly in polygons for p in poly[0]]
        return round(sum(xs) / len(xs), 6), round(sum(ys) / len(ys), 6)
    return round(cx / (3 * total), 6), round(cy / (3 * total), 6)


def _round_geometry(geometry: dict, places: int = 6) -> dict:
    def rnd(value):
        if isinstance(value, list):
            return [rnd(v) for v in value]
        return round(value, places)

    return {"type": geometry["type"], "coordinates": rnd(geometry["coordinates"])}


def build_crosswalk(bestfit_csv: Path, lookup_csv: Path, area: Area, out_csv: Path) -> dict:
    """Write the 2011 -> 2021 LSOA crosswalk of the area's 2011 LSOAs; return counts by change.

    Columns: lsoa11_code, lsoa21_code (the ONS best fit), change, children (the 2021 LSOAs the
    2011 one's postcodes now fall in, ';'-separated). change is `unchanged` (same code), `merged`
    (several 2011 LSOAs share the 2021 one: exact), `split` (several children: not exact without a
    point) or `changed` (one child under a new code).
    """
    bestfit = _read_csv(bestfit_csv)
    best = dict(zip(bestfit["LSOA11CD"], bestfit["LSOA21CD"], strict=True))
    lookup = standardise_lookup(_read_csv(lookup_csv))
    if "lsoa11cd" in lookup.columns and "lsoa21cd" in lookup.columns:
        # Both vintages per postcode (the derived file): a 2011 LSOA's children are where its postcodes went.
        pc11 = select_postcodes(lookup, area, "imd2019")[["postcode", "lsoa_code"]]
        pc21 = select_postcodes(lookup, area, "imd2025")[["postcode", "lsoa_code"]]
        pairs = pc11.merge(pc21, on="postcode", suffixes=("_11", "_21"))
    else:
        # Only one vintage (e.g. an official 2021 lookup): the best fit of the area's 2011 LSOAs.
        codes21 = set(select_postcodes(lookup, area, "imd2025")["lsoa_code"])
        in_area = bestfit[bestfit["LSOA21CD"].isin(codes21)]
        pairs = pd.DataFrame({"lsoa_code_11": in_area["LSOA11CD"], "lsoa_code_21": in_area["LSOA21CD"]})
    children = pairs.dropna().groupby("lsoa_code_11")["lsoa_code_21"].agg(lambda s: set(s))
    sharing = bestfit.groupby("LSOA21CD")["LSOA11CD"].size()
    rows = []
    for code in sorted(children.index):
        target = best.get(code, code)
        kids = sorted(children[code] | {target})
        if len(kids) > 1:
            change = "split"
        elif sharing.get(target, 1) > 1:
            change = "merged"
        elif target == code:
            change = "unchanged"
        else:
            change = "changed"
        rows.append(
            {"lsoa11_code": code, "lsoa21_code": target, "change": change, "children": ";".join(kids)}
        )
    frame = pd.DataFrame(rows, columns=["lsoa11_code", "lsoa21_code", "change", "children"])
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, out_csv, bom=False, lineterminator="\n")
    return {k: int(v) for k, v in sorted(frame["change"].value_counts().items())}
