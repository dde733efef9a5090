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

from insights.exports import write_csv
from insights.geography import locality_for, normalise_postcode

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


def select_postcodes(lookup: pd.DataFrame, area: Area, vintage: str) -> pd.DataFrame:
    """Postcodes (live and terminated) of the area from an ONS postcode lookup."""
    cols = VINTAGES[vintage]
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
        }
    ).dropna(subset=["postcode", "lsoa_code"])
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
    boundaries_geojson: Path,
    codepoint_dir: Path,
    out_dir: Path,
    area: Area | None = None,
    vintage: str = "imd2019",
) -> dict:
    """Write postcodes.csv, lsoa.csv, lsoa_boundaries.geojson and manifest.json; return the manifest."""
    area = area or Area()
    cols = VINTAGES[vintage]
    out_dir.mkdir(parents=True, exist_ok=True)

    postcodes = select_postcodes(_read_csv(lookup_csv), area, vintage)
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

    geo = json.loads(Path(boundaries_geojson).read_text(encoding="utf-8"))
    codes = set(postcodes["lsoa_code"])
    features, shapes = [], []
    for feature in geo["features"]:
        props = feature["properties"]
        code = props.get(cols["boundary_code"])
        if code is None:
            raise ValueError(f"boundaries have no {cols['boundary_code']}: not {vintage}")
        if code in codes:
            geometry = _round_geometry(feature["geometry"])
            features.append(
                {
                    "type": "Feature",
                    "properties": {"lsoa_code": code, "lsoa_name": props[cols["boundary_name"]]},
                    "geometry": geometry,
                }
            )
            shapes.append(
                {
                    "lsoa_code": code,
                    "lsoa_name": props[cols["boundary_name"]],
                    "centroid_lon": props.get("LONG"),
                    "centroid_lat": props.get("LAT"),
                }
            )
    features.sort(key=lambda f: f["properties"]["lsoa_code"])

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
    lsoa["lsoa_name"] = lsoa["lsoa_name"].fillna(lsoa["lsoa_code"])
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

    postcodes = postcodes[
        ["postcode", "postcode_district", "lsoa_code", "lad_code", "introduced", "terminated", "lon", "lat"]
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
        "sources": {Path(p).name: _sha256(Path(p)) for p in (lookup_csv, imd_csv, boundaries_geojson)},
        "counts": {
            "postcodes": int(len(postcodes)),
            "live_postcodes": int(postcodes["terminated"].isna().sum()),
            "postcodes_with_centroid": int(postcodes["lon"].notna().sum()),
            "lsoas_in_area": int(len(in_area)),
            "core20_lsoas_in_area": int(in_area["core20"].sum()),
            "lsoas_with_boundary": len(features),
        },
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _round_geometry(geometry: dict, places: int = 6) -> dict:
    def rnd(value):
        if isinstance(value, list):
            return [rnd(v) for v in value]
        return round(value, places)

    return {"type": geometry["type"], "coordinates": rnd(geometry["coordinates"])}
