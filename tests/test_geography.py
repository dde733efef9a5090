"""Postcode normalisation and resolution against the committed reference extract."""

from __future__ import annotations

import pandas as pd
import pytest

from insights.reference.geography import (
    locality_for,
    normalise_postcode,
    postcode_district,
    resolve_postcodes,
)
from tests.conftest import SHARED_REFERENCE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("da11 0dl", "DA11 0DL"),
        (" DA110DL ", "DA11 0DL"),
        ("Da11  0Dl", "DA11 0DL"),
        ("br87ae", "BR8 7AE"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("DA11 OD", None),
        ("DA11 0D", None),
        ("12345", None),
        ("", None),
        (None, None),
        (float("nan"), None),
        ("DA11 0CL", None),  # C is never used in the inward code's letters
        ("ＤＡ１１ ０ＤＬ", "DA11 0DL"),  # full-width, as typed on some phones
        ("DA11\u00a00DL", "DA11 0DL"),  # a no-break space from Word
        ("DA11\u200b0DL\ufeff", "DA11 0DL"),  # zero-width characters pasted with the cell
        ("DA11 ٠DL", None),  # a digit of another script is no postcode digit
    ],
)
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected


def test_postcode_district_and_locality():
    assert postcode_district("DA11 0DL") == "DA11"
    assert postcode_district(None) is None
    assert locality_for("E07000107", "DA1") == "Dartford"
    assert locality_for("E07000109", "DA11") == "Gravesham"
    assert locality_for("E07000111", "BR8") == "Swanley"
    assert locality_for("E07000111", "TN13") == "Other"
    assert locality_for("E06000035", "ME4") == "Other"


def test_resolve_statuses(empty_con):
    results = resolve_postcodes(empty_con, ["da11 0aa", "BR8 7AF", "DA12 9XX", "DA11 OD", "", None])
    assert [r.status for r in results] == ["ok", "terminated", "unknown", "malformed", "missing", "missing"]
    ok = results[0]
    assert (ok.postcode, ok.postcode_district, ok.lsoa_code) == ("DA11 0AA", "DA11", "E01032799")
    assert (ok.imd_decile, ok.core20, ok.locality) == (2, True, "Gravesham")
    terminated = results[1]
    assert terminated.lsoa_code == "E01024477" and terminated.core20 is True
    assert results[2].lsoa_code is None and results[2].postcode == "DA12 9XX"


@pytest.mark.skipif(not SHARED_REFERENCE.exists(), reason="official reference files not beside the repo")
def test_resolution_matches_official_files(empty_con):
    """A sample of real DGS postcodes resolves to the LSOA and IMD decile in the official files."""
    lookup = pd.read_csv(
        SHARED_REFERENCE / "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU_kent_medway.csv",
        dtype=str,
        usecols=["pcds", "doterm", "lsoa11cd", "ladcd"],
        encoding="latin-1",
    )
    imd = pd.read_csv(SHARED_REFERENCE / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv", dtype=str)
    imd = dict(zip(imd.iloc[:, 0], imd.iloc[:, 5].astype(int), strict=True))
    dgs = lookup[lookup["ladcd"].isin(["E07000107", "E07000109"])].sample(200, random_state=1)
    results = resolve_postcodes(empty_con, dgs["pcds"].tolist())
    for row, result in zip(dgs.itertuples(index=False), results, strict=True):
        assert result.lsoa_code == row.lsoa11cd
        assert result.imd_decile == imd[row.lsoa11cd]
        assert result.core20 == (imd[row.lsoa11cd] <= 2)
        assert result.status == ("ok" if pd.isna(row.doterm) else "terminated")
