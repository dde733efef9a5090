"""The committed reference extract: reproducible from the official files, with the expected shape."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from insights.config import reference_dir
from insights.reference.build import Area, build, select_postcodes
from tests.conftest import SHARED_REFERENCE

COMMITTED = reference_dir("imd2019")


def test_committed_extract_counts():
    manifest = json.loads((COMMITTED / "manifest.json").read_text())
    lsoa = pd.read_csv(COMMITTED / "lsoa.csv")
    in_area = lsoa[lsoa["live_postcodes"] > 0]
    assert manifest["vintage"] == "imd2019" and manifest["lsoa_vintage"] == "2011"
    assert len(in_area) == 138
    assert int(in_area["core20"].sum()) == 21
    assert set(in_area["locality"]) == {"Dartford", "Gravesham", "Swanley"}
    postcodes = pd.read_csv(COMMITTED / "postcodes.csv", dtype=str)
    assert 5000 < postcodes["terminated"].isna().sum() < 5200
    assert postcodes["terminated"].notna().sum() > 1000  # terminated postcodes are kept
    assert set(postcodes.loc[postcodes["lad_code"] == "E07000111", "postcode_district"]) == {"BR8"}
    # Centroids are WGS84 and inside north-west Kent.
    assert postcodes["lon"].dropna().astype(float).between(0.08, 0.50).all()
    assert postcodes["lat"].dropna().astype(float).between(51.30, 51.50).all()


@pytest.mark.skipif(not SHARED_REFERENCE.exists(), reason="official reference files not beside the repo")
def test_extract_rebuilds_identically(tmp_path):
    build(
        SHARED_REFERENCE / "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU_kent_medway.csv",
        SHARED_REFERENCE / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        SHARED_REFERENCE / "LSOA_Dec_2011_Boundaries_Super_Generalised_Clipped_EW_V3_kent_medway.geojson",
        SHARED_REFERENCE / "codepo_gb" / "Data" / "CSV",
        tmp_path,
    )
    for name in ("postcodes.csv", "lsoa.csv", "lsoa_boundaries.geojson", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_other_area_and_vintage_checks():
    lookup = pd.DataFrame(
        {
            "pcds": ["ME4 4AA", "BR8 7AA", "TN13 1AA", "DA1 1AA"],
            "ladcd": ["E06000035", "E07000111", "E07000111", "E07000107"],
            "lsoa11cd": ["E01", "E02", "E03", "E04"],
            "doterm": [None, None, None, "202001"],
        }
    )
    dgs = select_postcodes(lookup, Area(), "imd2019")
    assert dgs["postcode"].tolist() == ["BR8 7AA", "DA1 1AA"]
    medway = select_postcodes(lookup, Area(whole=("E06000035",), partial={}), "imd2019")
    assert medway["postcode"].tolist() == ["ME4 4AA"]
    with pytest.raises(ValueError, match="vintage"):
        select_postcodes(lookup, Area(), "imd2025")  # a 2011-LSOA lookup cannot pair with IMD 2025
