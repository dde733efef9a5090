"""IMD 2025 on 2021 LSOAs beside IMD 2019: the imd2025 extract, postcodes on either vintage, switching a
database's vintage, another area from national-format files, and every page and query on both vintages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries
from insights.access import audit
from insights.config import reference_dir
from insights.reference import vintage
from insights.reference.build import CROSSWALK_FILE, Area, build, build_crosswalk
from insights.reference.geography import resolve_postcodes
from insights.store import db
from tests.conftest import SHARED_REFERENCE
from tests.test_queries import example_params

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = reference_dir("imd2025")
VINTAGES = ["imd2019", "imd2025"]
needs_shared = pytest.mark.skipif(
    not SHARED_REFERENCE.exists(), reason="official reference files not beside the repo"
)


@pytest.fixture
def con2025():
    """In-memory database holding the imd2025 reference."""
    con = db.connect(":memory:")
    db.create_schema(con)
    db.load_reference(con, COMMITTED)
    yield con
    con.close()


def test_committed_imd2025_extract():
    manifest = json.loads((COMMITTED / "manifest.json").read_text())
    assert manifest["vintage"] == "imd2025" and manifest["lsoa_vintage"] == "2021"
    lsoa = pd.read_csv(COMMITTED / "lsoa.csv")
    in_area = lsoa[lsoa["live_postcodes"] > 0]
    assert len(in_area) == 148
    assert int(in_area["core20"].sum()) == 24
    assert in_area.groupby("locality")["core20"].sum().to_dict() == {
        "Dartford": 7,
        "Gravesham": 14,
        "Swanley": 3,
    }
    assert not in_area["lsoa_code"].isin(["E01024148", "E01024149"]).any()  # split 2011 parents are gone
    postcodes = pd.read_csv(COMMITTED / "postcodes.csv", dtype=str)
    live = postcodes[postcodes["terminated"].isna()]
    assert manifest["live_postcodes_by_method"] == live["lsoa_method"].value_counts().to_dict()
    assert set(live["lsoa_method"]) <= {"unchanged", "split_pip", "split_nearest", "bestfit", "official"}
    assert 870 < live["lsoa_code"].map(lsoa.set_index("lsoa_code")["core20"]).sum() < 900  # about 880
    # 2021 names and shapes: the new LSOAs carry their 2021 names and a boundary each.
    geo = json.loads((COMMITTED / "lsoa_boundaries.geojson").read_text())
    names = {f["properties"]["lsoa_code"]: f["properties"]["lsoa_name"] for f in geo["features"]}
    assert names["E01035272"].startswith("Dartford") and set(in_area["lsoa_code"]) <= set(names)
    assert lsoa["centroid_lon"].between(0.08, 0.50).all() and lsoa["centroid_lat"].between(51.30, 51.50).all()
    cw = pd.read_csv(COMMITTED / CROSSWALK_FILE, dtype=str)
    assert cw["change"].value_counts().to_dict() == {"unchanged": 133, "split": 6}


@needs_shared
def test_imd2025_extract_rebuilds_identically(tmp_path):
    s = SHARED_REFERENCE
    build(
        s / "PCD_LSOA11_LSOA21_kent_medway_derived.csv",
        s / "IoD2025_LSOA21_IMD_scores_ranks_deciles.csv",
        [
            s / "LSOA_Dec_2011_Boundaries_Super_Generalised_Clipped_EW_V3_kent_medway.geojson",
            s / "LSOA_Dec_2021_Boundaries_Generalised_Clipped_EW_BGC_dgs_changed.geojson",
        ],
        s / "codepo_gb" / "Data" / "CSV",
        tmp_path,
        vintage="imd2025",
        names_csv=s / "LSOA21_names_kent_medway.csv",
    )
    build_crosswalk(
        s / "LSOA11_LSOA21_LAD22_EW_LU_BestFit_V2_kent_medway.csv",
        s / "PCD_LSOA11_LSOA21_kent_medway_derived.csv",
        Area(),
        tmp_path / CROSSWALK_FILE,
    )
    for name in ("postcodes.csv", "lsoa.csv", "lsoa_boundaries.geojson", "manifest.json", CROSSWALK_FILE):
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


@needs_shared
def test_imd2025_resolution_matches_source_files(con2025):
    """200 random DGS postcodes resolve to the 2021 LSOA, method and IMD 2025 decile of the source files."""
    derived = pd.read_csv(SHARED_REFERENCE / "PCD_LSOA11_LSOA21_kent_medway_derived.csv", dtype=str)
    imd = pd.read_csv(SHARED_REFERENCE / "IoD2025_LSOA21_IMD_scores_ranks_deciles.csv", dtype=str)
    decile = dict(zip(imd.iloc[:, 0], imd.iloc[:, 3].astype(int), strict=True))
    dgs = derived[
        derived["ladcd"].isin(["E07000107", "E07000109"])
        | ((derived["ladcd"] == "E07000111") & derived["pcds"].str.startswith("BR8 "))
    ]
    sample = pd.concat(
        [dgs.sample(190, random_state=7), dgs[dgs["lsoa21_method"].str.startswith("split")].head(10)]
    )
    # Messy forms of the same postcodes: lower case, no space, extra spaces.
    messy = [
        [pc.lower(), pc.replace(" ", ""), f"  {pc.replace(' ', '   ')} "][i % 3]
        for i, pc in enumerate(sample["pcds"])
    ]
    results = resolve_postcodes(con2025, messy)
    for row, result in zip(sample.itertuples(index=False), results, strict=True):
        assert result.postcode == row.pcds
        assert result.lsoa_code == row.lsoa21cd and result.lsoa_name == row.lsoa21nm
        assert result.lsoa_method == row.lsoa21_method
        assert result.imd_decile == decile[row.lsoa21cd]
        assert result.core20 == (decile[row.lsoa21cd] <= 2)
        assert result.status == ("ok" if pd.isna(row.doterm) else "terminated")
        assert result.vintage == "imd2025"


def test_postcode_command_on_either_vintage(tmp_path):
    env = {"MATERNITY_DB": str(tmp_path / "none.duckdb"), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "insights", "postcode", "da11 0dl", "DA110DL", "BR8 7AF", "DA11 OD"]
    out = {}
    for v in VINTAGES:
        done = subprocess.run(
            [*cmd, "--vintage", v], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        out[v] = [json.loads(line) for line in done.stdout.splitlines()]
    for v, rows in out.items():
        assert [r["status"] for r in rows] == ["ok", "ok", "terminated", "malformed"]
        assert {r["vintage"] for r in rows} == {v}
        assert rows[0]["lsoa_code"] == rows[1]["lsoa_code"] == "E01032799"  # unchanged between vintages
    assert out["imd2025"][0]["lsoa_method"] == "unchanged" and out["imd2019"][0]["lsoa_method"] == "official"


@pytest.mark.parametrize("name", VINTAGES)
def test_core20_changes_between_vintages(name):
    """The neighbourhoods whose Core20 status differs are the same whichever index the database uses."""
    con = db.connect(":memory:")
    try:
        db.create_schema(con)
        db.load_reference(con, reference_dir(name))
        vintage.load_comparison(con)
        df = queries.run(con, "core20_vintage_changes")
    finally:
        con.close()
    assert df["status"].value_counts().to_dict() == {
        "Core20 under IMD 2025 only": 5,
        "Core20 under IMD 2019 only": 4,
    }
    assert ((df["decile_2025"] <= 2) == df["status"].str.contains("2025")).all()
    assert ((df["decile_2019"] <= 2) == df["status"].str.contains("2019")).all()
    assert set(df.loc[df["change"] == "split", "lsoa11_code"]) == {"E01024148", "E01024280"}


def test_mapping_rules():
    cw = pd.DataFrame(
        {
            "lsoa11_code": ["A", "B", "C", "D"],
            "lsoa21_code": ["A", "B2", "M", "M"],
            "change": ["unchanged", "split", "merged", "merged"],
            "children": ["A", "B1;B2", "M", "M"],
        }
    )
    up = vintage.mapping(cw, "2011", "2021")
    assert up["A"] == vintage.Placement("A", False) and up["C"] == vintage.Placement("M", False)
    assert up["B"].lsoa_code == "B2" and up["B"].approximated and "split into 2" in up["B"].note
    down = vintage.mapping(cw, "2021", "2011")
    assert down["B1"] == vintage.Placement("B", False) and down["B2"] == vintage.Placement("B", False)
    assert down["M"].lsoa_code == "C" and down["M"].approximated


def _areas(con) -> list[tuple]:
    return con.execute(
        "select narrative_id, lsoa_code, imd_decile, core20 from narratives order by 1"
    ).fetchall()


def test_switch_vintage_round_trip(make_db):
    path = make_db("demo")  # a private copy of demo_build.build_database's demo (default vintage)
    con = db.connect(path)
    try:
        before = _areas(con)
        venues_before = con.execute("select venue_id, lsoa_code from venues order by 1").fetchall()
        result = vintage.switch(con, "imd2025", "officer@example.org")
        assert vintage.current(con) == "imd2025"
        assert result.narratives == len(before) and result.approximated > 0
        # Every placed narrative is on a 2021 LSOA of the new reference with its IMD 2025 decile.
        bad = con.execute(
            "select count(*) from narratives n left join lsoa l using (lsoa_code) "
            "where n.lsoa_code is not null and (l.lsoa_code is null or n.imd_decile is distinct from l.imd_decile "
            "or n.core20 is distinct from l.core20)"
        ).fetchone()[0]
        assert bad == 0
        # Those approximated came from split 2011 LSOAs, and say so.
        approx = con.execute(
            "select a.source_lsoa_code, a.area_note, n.lsoa_code from narrative_area a join narratives n "
            "using (narrative_id) where a.area_approximated"
        ).df()
        cw = vintage.crosswalk().set_index("lsoa11_code")
        assert (cw.loc[approx["source_lsoa_code"], "change"] == "split").all()
        assert (
            approx["lsoa_code"].to_numpy() == cw.loc[approx["source_lsoa_code"], "lsoa21_code"].to_numpy()
        ).all()
        assert approx["area_note"].str.contains("best-fit").all()
        assert len(approx) == result.approximated == int(vintage.approximations(con)["narratives"].sum())
        # Narratives in unchanged LSOAs keep their code exactly.
        unchanged = [r for r in before if r[1] in set(cw.index[cw["change"] == "unchanged"])]
        after = {r[0]: r for r in _areas(con)}
        assert unchanged and all(after[r[0]][1] == r[1] for r in unchanged)
        entry = con.execute("select actor, details from audit_log where action = 'vintage_switch'").fetchone()
        assert entry[0] == "officer@example.org" and json.loads(entry[1])["to"] == "imd2025"
        assert vintage.switch(con, "imd2025", "officer@example.org").narratives == 0  # already there
        vintage.switch(con, "imd2019", "officer@example.org")
        assert _areas(con) == before  # back to the import vintage: exact
        assert con.execute("select venue_id, lsoa_code from venues order by 1").fetchall() == venues_before
        assert vintage.approximations(con).empty
        assert audit.for_display(con.execute("select * from audit_log").df()) is not None
    finally:
        con.close()


def test_set_vintage_command(writable_db, monkeypatch, capsys):
    from insights.__main__ import main

    monkeypatch.setenv("MATERNITY_DB", str(writable_db))
    assert main(["set-vintage", "imd2025", "--user", "officer"]) == 0
    assert "Switched from IMD 2019 (2011 LSOAs) to IMD 2025 (2021 LSOAs)" in capsys.readouterr().out
    assert main(["postcode", "DA11 0DL"]) == 0  # answers from the database, now on IMD 2025
    assert json.loads(capsys.readouterr().out)["vintage"] == "imd2025"
    con = db.connect(writable_db, read_only=True)
    try:
        assert vintage.current(con) == "imd2025"
        assert (
            con.execute("select count(*) from audit_log where action = 'vintage_switch'").fetchone()[0] == 1
        )
    finally:
        con.close()


def test_switch_refuses_unknown_vintage_and_leaves_database_unchanged(writable_db):
    con = db.connect(writable_db)
    try:
        before = _areas(con)
        with pytest.raises(vintage.VintageError):
            vintage.switch(con, "imd2031", "officer")
        with pytest.raises(vintage.VintageError):
            vintage.switch(con, "imd2025", " ")
        with pytest.raises(FileNotFoundError):
            vintage.switch(con, "imd2025", "officer", folder=writable_db.parent / "missing")
        assert _areas(con) == before and vintage.current(con) == "imd2019"
    finally:
        con.close()


def _national_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A small synthetic file in the ONSPD layout (other column names, blank doterm) for Medway and Dartford."""
    lookup = pd.DataFrame(
        {
            "pcd": ["ME4 4AA", "ME4  4AB", "ME7 1AA", "DA1 1AA"],
            "pcds": ["ME4 4AA", "ME4 4AB", "ME7 1AA", "DA1 1AA"],
            "dointr": ["198001", "198001", "199001", "198001"],
            "doterm": ["", "202101", " ", ""],
            "oslaua": ["E06000035", "E06000035", "E06000035", "E07000107"],
            "lsoa21": ["E01016016", "E01016016", "E01016017", "E01024185"],
        }
    )
    path = tmp_path / "ONSPD_NOV_2025_UK.csv"
    lookup.to_csv(path, index=False)
    imd = tmp_path / "iod2025.csv"
    pd.DataFrame(
        {
            "LSOA code (2021)": ["E01016016", "E01016017", "E01024185", "E01000001"],
            "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)": [
                "100",
                "20000",
                "25000",
                "9",
            ],
            "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)": [
                "1",
                "7",
                "8",
                "1",
            ],
        }
    ).to_csv(imd, index=False)
    geo = tmp_path / "lsoa21.geojson"
    square = [[[0.5, 51.3], [0.51, 51.3], [0.51, 51.31], [0.5, 51.31], [0.5, 51.3]]]
    geo.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"LSOA21CD": code, "LSOA21NM": name},
                        "geometry": {"type": "Polygon", "coordinates": square},
                    }
                    for code, name in (("E01016016", "Medway 015A"), ("E01016017", "Medway 015B"))
                ],
            }
        )
    )
    return path, imd, geo


def test_other_area_from_national_format_files(tmp_path):
    lookup, imd, geo = _national_files(tmp_path)
    out = tmp_path / "medway"
    manifest = build(
        lookup, imd, geo, tmp_path / "no-codepoint", out, Area(whole=("E06000035",), partial={}), "imd2025"
    )
    postcodes = pd.read_csv(out / "postcodes.csv", dtype=str)
    assert postcodes["postcode"].tolist() == ["ME4 4AA", "ME4 4AB", "ME7 1AA"]  # Dartford left out
    assert postcodes["terminated"].isna().tolist() == [True, False, True]  # blanks read as live
    assert set(postcodes["lsoa_method"]) == {"official"}
    lsoa = pd.read_csv(out / "lsoa.csv").set_index("lsoa_code")
    assert lsoa.loc["E01016016", "core20"] and not lsoa.loc["E01016017", "core20"]
    assert lsoa.loc["E01016016", "lsoa_name"] == "Medway 015A"
    assert lsoa.loc["E01016016", "centroid_lon"] == pytest.approx(0.505)  # from the polygon
    assert manifest["counts"]["lsoas_in_area"] == 2 and manifest["counts"]["lsoas_with_boundary"] == 2
    with pytest.raises(ValueError, match="vintage"):  # a 2021 lookup cannot pair with IMD 2019
        build(lookup, imd, geo, tmp_path, tmp_path / "x", Area(whole=("E06000035",), partial={}), "imd2019")


@needs_shared
def test_official_lookup_wins(tmp_path):
    """A user-supplied official lookup overrides the derived one for the postcodes it holds."""
    s = SHARED_REFERENCE
    official = tmp_path / "PCD_OA21_LSOA21_MSOA21_LAD_NOV25_UK_LU.csv"
    pd.DataFrame(
        {
            "pcds": ["DA1 1AA"],
            "dointr": ["198001"],
            "doterm": [None],
            "oa21cd": ["E00000001"],
            "lsoa21cd": ["E01024186"],
            "ladcd": ["E07000107"],
        }
    ).to_csv(official, index=False)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "insights", "build-reference", "--vintage", "imd2025", "--out", str(out)]
        + ["--official-lookup", str(official), "--sources", str(s)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    postcodes = pd.read_csv(out / "postcodes.csv", dtype=str).set_index("postcode")
    assert postcodes.loc["DA1 1AA", ["lsoa_code", "lsoa_method"]].tolist() == ["E01024186", "official"]
    assert postcodes.loc["DA1 1AB", "lsoa_method"] != "official"
    assert len(postcodes) == 7152


# --- every page and query on both vintages -------------------------------------------------------------


@pytest.fixture(scope="module", params=VINTAGES)
def demo_db(request, make_db):
    """The synthetic demo built on one vintage (MATERNITY_VINTAGE), as the app's database."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MATERNITY_VINTAGE", request.param)
    path = make_db("demo")  # a private copy of demo_build.build_database's demo on this vintage
    mp.setenv("MATERNITY_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield request.param, path
    st.cache_resource.clear()
    st.cache_data.clear()
    mp.undo()


PAGES = ["dashboard.py", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))]


def test_every_page_renders_on_each_vintage(demo_db):
    name, _ = demo_db
    for script in PAGES:
        at = AppTest.from_file(str(ROOT / script), default_timeout=90)
        at.run()
        assert not at.exception, (script, [e.value for e in at.exception])
        if script in ("pages/overview.py", "pages/themes.py", "pages/reach.py"):
            captions = " ".join(c.value for c in at.caption)
            assert f"Deprivation: {vintage.label(name)}" in captions, script


def test_every_query_runs_on_each_vintage(demo_db):
    name, path = demo_db
    con = db.connect(path)  # the app's own connection to this file is open read-write
    try:
        assert vintage.current(con) == name
        for query_name in queries.names():
            result = queries.run(
                con, query_name, _restricted_ok=True, **example_params(queries.load(query_name))
            )
            assert len(result.columns) > 0, query_name
        lsoas = queries.run(con, "deprivation_vintage")
        assert lsoas["vintage"].iat[0] == name
        areas = queries.run(con, "reach_lsoa", **example_params(queries.load("reach_lsoa"))).set_index(
            "lsoa_code"
        )
        assert (
            areas["boundary"].notna().all() and areas["deprivation_index"].eq(vintage.label(name)[:8]).all()
        )
        new_2021 = {"E01035272", "E01035285"}  # Dartford 001G, Gravesham 006G: 2021 LSOAs with 2021 shapes
        assert new_2021 <= set(areas.index) if name == "imd2025" else not new_2021 & set(areas.index)
        changes = queries.run(con, "core20_vintage_changes")
        code = changes["lsoa21_code"] if name == "imd2025" else changes["lsoa11_code"]
        held = con.execute("select lsoa_code, count(*) from narratives group by 1").fetchall()
        assert changes["narratives"].tolist() == [dict(held).get(c, 0) for c in code]
        assert changes["narratives"].sum() > 0
    finally:
        con.close()


def test_data_page_switches_vintage(make_db, monkeypatch):
    monkeypatch.setenv("MATERNITY_VINTAGE", "imd2019")
    path = make_db("fixture")  # a private copy of the fixture database on IMD 2019
    mp = pytest.MonkeyPatch()
    mp.setenv("MATERNITY_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=90)
        at.session_state["role"] = "officer"  # demo mode starts as the commissioner
        at.run()
        at.radio(key="vintage_choice").set_value("imd2025").run()
        at.button(key="vintage_switch").click().run()
        assert not at.exception
        assert any("Switched from IMD 2019" in s.value for s in at.success)
        at = AppTest.from_file(str(ROOT / "pages/overview.py"), default_timeout=90)
        at.run()
        assert any("IMD 2025 (2021 LSOAs)" in c.value for c in at.caption)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        mp.undo()
    con = db.connect(path, read_only=True)
    try:
        assert vintage.current(con) == "imd2025"
    finally:
        con.close()
