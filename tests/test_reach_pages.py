"""The Reach and Engagement log pages under AppTest, and the form write path (insights.ingest.engagement)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from insights.access.roles import COMMISSIONER, MNVP, OFFICER
from insights.ingest import engagement
from insights.output import maps
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
DEMO_SECRETS = {"maternity_tests": {"mode": "demo"}}  # no [auth]: demo mode, whatever the developer has


@pytest.fixture(scope="module")
def read_db(make_db):
    """A fixture database the Reach tests only read."""
    with app_using(make_db("fixture")) as path:
        yield path


@pytest.fixture
def write_db(make_db):
    """A private fixture database a test may write to through the pages."""
    with app_using(make_db("fixture")) as path:
        yield path


def run_page(script: str, role: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=90)
    at.secrets = dict(DEMO_SECRETS)
    at.session_state["role"] = role
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def tooltips(spec: dict) -> list[str]:
    out = []
    for layer in spec["layers"]:
        data = layer.get("data")
        if isinstance(data, dict):
            out += [f["properties"]["tooltip"] for f in data["features"] if "tooltip" in f["properties"]]
        elif isinstance(data, list):
            out += [row["tooltip"] for row in data if "tooltip" in row]
    return out


# --- Reach: engagement officer ----------------------------------------------------------------------


def test_reach_officer_sees_exact_counts_and_the_gaps(read_db):
    at = run_page("pages/reach.py", OFFICER)
    assert at.title[0].value == "Reach and coverage"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Core20 neighbourhoods"] == "21"
    gaps = int(metrics["…with neither: coverage gaps"])
    table = at.dataframe[0].value
    assert len(table) == 21 and table["Rank"].tolist() == list(range(1, 22))
    gap = table["Coverage gap"]
    assert (gap == "Gap").sum() == gaps and (gap.iloc[:gaps] == "Gap").all()
    # Gravesham 002F (E01032799) has narratives and the fixture venue V-T1 is in it: never a gap.
    row = table[table["Neighbourhood"].str.startswith("Gravesham 002F")].iloc[0]
    assert row["Coverage gap"] == "" and row["Narratives"] >= 1 and row["Pack venue within 1 km"] == "Yes"
    spec = deck(at)
    ids = [layer["id"] for layer in spec["layers"]]
    assert "narrative-counts" in ids and "venues" in ids and "areas" in ids
    assert spec["mapStyle"] == maps.NO_BASEMAP  # no tile server
    assert any(t.startswith("Gravesham 002F") and "Narratives collected: " in t for t in tooltips(spec))
    assert any("Visits in the period:" in t for t in tooltips(spec))
    captions = " ".join(c.value for c in at.caption)
    assert "Contains OS data © Crown copyright" in captions  # the data attribution under the map
    assert len(at.get("download_button")) == 1
    assert [t.label for t in at.tabs] == ["Trends", "Venues gone quiet", "Packs running out fastest"]


INTERNAL = {"lsoa_name", "lsoa_code", "nearest_m", "postcode_share", "geometry", "boundary", "geojson"}


@pytest.mark.parametrize("role", [COMMISSIONER, OFFICER])
def test_reach_ranked_table_answers_without_scrolling(read_db, role):
    """The ranked table shows a few plain-English columns; the rest are in an expander and the CSV."""
    at = run_page("pages/reach.py", role)
    main = at.dataframe[0]
    shown = [c for c in main.proto.column_order]
    assert len(shown) <= 8, shown
    assert not set(shown) & INTERNAL and all(c[0].isupper() or c[0] == "#" for c in shown)
    assert "Next step" in shown
    log_buttons = [b for b in at.button if b.label.startswith("Log a visit")]
    assert bool(log_buttons) == (role == OFFICER)  # the log page is the officer's
    if (
        log_buttons
    ):  # opens the log in this session once a row is chosen (a new tab would be the commissioner)
        assert log_buttons[0].disabled
    assert any(e.label.startswith("More columns") for e in at.expander)


def test_reach_csv_is_controlled_with_plain_headers(read_db):
    """The commissioner's Reach CSV comes from the same Controlled table: no count 1-7, no internals."""
    import io

    from insights.analysis import coverage, disclosure, reach_tables
    from insights.analysis.filters import Filters
    from insights.output import exports

    con = duckdb.connect(str(read_db))
    try:
        import queries

        areas = queries.run(con, "reach_lsoa", **Filters().params())
        venues = queries.run(con, "venue_reach", **coverage.engagement_params(Filters()))
        postcodes = queries.run(con, "coverage_postcodes")
    finally:
        con.close()
    reach = coverage.area_coverage(areas, venues, 1000, None, postcodes)
    rule = disclosure.rule_for(COMMISSIONER)
    ranked, _ = reach_tables.ranked_core20(reach, rule, 1000)
    frame = pd.read_csv(io.BytesIO(exports.csv_bytes(ranked)), encoding="utf-8-sig")
    assert not set(frame.columns) & INTERNAL and not any(c.startswith("_") for c in frame.columns)
    assert "Narratives" not in frame.columns
    packs = frame["Packs left within 1 km"].dropna()
    assert not packs.between(1, 7).any() and (packs % 5 == 0).all()
    exact, _ = reach_tables.ranked_core20(reach, disclosure.rule_for(OFFICER), 1000)
    assert "Narratives" in exact.frame.columns and reach_tables.is_exact(exact.rule)
    # a far neighbourhood is offered 'add a venue'; a near one 'log a visit'
    f = exact.frame
    far, near = f["Distance to it (km)"] > 1.05, f["Distance to it (km)"] < 0.95
    assert (f.loc[far, "Next step"] == "Add a venue nearer").all() and f.loc[far, "_far"].all()
    assert (f.loc[near, "Next step"] == "Visit nearest venue").all() and not f.loc[near, "_far"].any()


def test_reach_follows_the_walking_distance_and_shading(read_db):
    at = run_page("pages/reach.py", OFFICER)
    before = int({m.label: m.value for m in at.metric}["…with no pack venue within 1 km"])
    at.select_slider(key="reach_walk_km").set_value(3.0).run()
    assert not at.exception
    after = int({m.label: m.value for m in at.metric}["…with no pack venue within 3 km"])
    assert after <= before
    fills_imd = [f["properties"]["fill"] for f in deck(at)["layers"][0]["data"]["features"]]
    at.segmented_control(key="reach_shade").set_value("core20").run()
    fills_core = [f["properties"]["fill"] for f in deck(at)["layers"][0]["data"]["features"]]
    assert len({tuple(f) for f in fills_core}) == 2 < len({tuple(f) for f in fills_imd})


def test_reach_with_nothing_selected_explains(read_db):
    at = run_page("pages/reach.py", OFFICER, query={"imd": "Unknown"})  # a shared link with that filter
    assert any("No neighbourhoods match the filters" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart")


def test_reach_venue_tabs(read_db):
    at = run_page("pages/reach.py", OFFICER)
    frames = [d.value for d in at.dataframe]
    # The fixture's last visits are 29 Oct 2023 (V-T1), 14 Apr 2023 (V-T2); V-T3 is inactive.
    quiet = next(f for f in frames if "weeks_since" in f.columns)
    assert quiet["name"].tolist() == ["Test Hill Food Bank"]
    rates = next(f for f in frames if "packs_per_week" in f.columns)
    assert set(rates["name"]) <= {"Test Riverside Children's Centre", "Test Hill Food Bank"}
    at.number_input(key="reach_quiet_weeks").set_value(104).run()
    assert any("has had a visit in the last 104 weeks" in s.value for s in at.success)


# --- Reach: disclosure-controlled roles ---------------------------------------------------------------

COUNT_TEXT = re.compile(
    r"(?:narratives?|packs?|women|visits?)[^:\n]*:\s*(?:about\s+)?(\d[\d,]*)(?![\d,])(?!\s*(?:%|m\b|km|days?))",
    re.I,
)


@pytest.mark.parametrize("role", [COMMISSIONER, MNVP])
def test_reach_controlled_roles_never_see_counts_from_1_to_7(read_db, role):
    at = run_page("pages/reach.py", role)
    spec = deck(at)
    assert "narrative-counts" not in [layer["id"] for layer in spec["layers"]]
    tips = tooltips(spec)
    assert tips and not any("Narratives collected" in t or "Visits in the period" in t for t in tips)
    assert any("(too few" in t for t in tips)  # the fixture's small groups are hidden, not shown
    for text in tips:
        for match in COUNT_TEXT.finditer(text):
            n = int(match.group(1).replace(",", ""))
            assert n == 0 or n >= 8, f"{match.group(0)!r} in tooltip {text!r}"
    for layer in spec["layers"]:
        if isinstance(layer.get("data"), list):
            for row in layer["data"]:
                assert set(row) <= {"venue_id", "lon", "lat", "radius", "fill", "line", "tooltip", "label"}
    for frame in (d.value for d in at.dataframe):
        assert "narratives" not in frame.columns and "venues_within" not in frame.columns
        for col in frame.columns:
            if col.startswith("packs") and pd.api.types.is_numeric_dtype(frame[col]):
                assert not frame[col].dropna().between(1, 7).any(), col
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        for trace in fig["data"]:
            if trace.get("orientation") != "h":  # the horizontal chart shows percentages
                values = [v for v in trace.get("y", []) if isinstance(v, int | float)]
                assert not [v for v in values if 1 <= v <= 7], trace.get("name")
    for metric in at.metric:
        value = str(metric.value)
        assert not (value.isdigit() and 1 <= int(value) <= 7 and "narrative" in metric.label.lower())
    assert [t.label for t in at.tabs] == ["Trends"]  # venue operations are the officer's
    assert any("counts from 1 to 7 are hidden" in c.value for c in at.caption)


# --- Engagement log ------------------------------------------------------------------------------------


def _count(path: Path, sql: str, **params) -> int:
    con = duckdb.connect(str(path))  # the app holds this file open read-write in this process too
    try:
        return con.execute(sql, params or None).fetchone()[0]
    finally:
        con.close()


def test_engagement_log_is_the_officers_only(read_db):
    at = AppTest.from_file(str(ROOT / "pages/engagement_log.py"), default_timeout=60)
    at.secrets = dict(DEMO_SECRETS)
    at.session_state["role"] = COMMISSIONER
    at.run()
    assert any("does not have access" in e.value for e in at.error)
    assert not at.get("form")


def test_log_an_activity_with_defaults_then_a_duplicate(write_db):
    at = run_page("pages/engagement_log.py", OFFICER)
    assert at.date_input(key="log_date").value == dt.date.today()
    assert at.selectbox(key="log_venue").value == "V-T1"  # the venue of the last entry made
    assert at.selectbox(key="log_activity").value == "Pack restock"
    entries = _count(write_db, "select count(*) from engagement_log")
    at.date_input(key="log_date").set_value(dt.date(2023, 11, 20))
    at.selectbox(key="log_venue").set_value("V-T2")
    at.selectbox(key="log_activity").set_value("Group visit")
    at.number_input(key="log_women_engaged").set_value(7)
    at.number_input(key="log_narratives_collected").set_value(2)
    at.number_input(key="log_pack_english").set_value(20)
    at.number_input(key="log_pack_polish").set_value(5)
    at.text_area(key="log_note").set_value("Busy session; =SUM(A1) is kept as text")
    at.button(key="FormSubmitter:log_form-Save activity").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == "Activity added to the log." for s in at.success)
    details = " ".join(t.value for t in at.text)
    assert "Group visit at Test Hill Food Bank on Mon 20 Nov 2023" in details
    assert "25 packs (English 20, Polish 5)" in details and "7 women engaged" in details
    # The numbers are cleared for the next visit; the venue stays as the last one used.
    assert at.number_input(key="log_pack_english").value == 0
    assert at.selectbox(key="log_venue").value == "V-T2"
    assert _count(write_db, "select count(*) from engagement_log") == entries + 1
    assert (
        _count(
            write_db,
            "select sum(packs) from engagement_packs p join engagement_log e using (entry_id) "
            "where e.activity_date = date '2023-11-20'",
        )
        == 25
    )
    assert _count(write_db, "select count(*) from imports where file_name = 'Engagement log form'") == 1
    assert (
        _count(
            write_db, "select count(*) from audit_log where action = 'engagement_edit' and role = 'officer'"
        )
        == 1
    )
    assert _count(write_db, "select count(*) from audit_log where details like '%Busy session%'") == 0
    # The same visit again is recognised, not added twice.
    at.date_input(key="log_date").set_value(dt.date(2023, 11, 20))
    at.selectbox(key="log_activity").set_value("Group visit")
    at.number_input(key="log_women_engaged").set_value(7)
    at.number_input(key="log_narratives_collected").set_value(2)
    at.number_input(key="log_pack_english").set_value(20)
    at.number_input(key="log_pack_polish").set_value(5)
    at.text_area(key="log_note").set_value("Busy session; =SUM(A1) is kept as text")
    at.button(key="FormSubmitter:log_form-Save activity").click().run()
    assert any("already in the log" in s.value for s in at.success)
    assert _count(write_db, "select count(*) from engagement_log") == entries + 1
    recent = at.dataframe[0].value
    assert recent["venue"].iloc[0] == "Test Hill Food Bank" and recent["packs"].iloc[0] == 25


def test_log_refuses_an_activity_without_a_venue(write_db):
    con = duckdb.connect(str(write_db))
    con.execute("delete from engagement_packs; delete from engagement_log")  # a log not yet started
    con.close()
    at = run_page("pages/engagement_log.py", OFFICER)
    entries = _count(write_db, "select count(*) from engagement_log")
    assert at.selectbox(key="log_venue").value is None  # no last venue to offer
    at.number_input(key="log_pack_english").set_value(10)
    at.button(key="FormSubmitter:log_form-Save activity").click().run()
    assert not at.exception
    assert any("activity was not saved" in e.value for e in at.error)
    assert "• Venue is required." in [t.value for t in at.text]
    assert at.number_input(key="log_pack_english").value == 10  # what was typed is kept to fix
    assert _count(write_db, "select count(*) from engagement_log") == entries
    assert _count(write_db, "select count(*) from audit_log where action = 'engagement_edit'") == 0


def test_venue_form_refuses_unknown_postcode_and_blank_name_then_adds_and_edits(write_db):
    at = run_page("pages/engagement_log.py", OFFICER)
    venues = _count(write_db, "select count(*) from venues")
    at.text_input(key="vn___new__").set_value("Northfleet Baby Café")
    at.selectbox(key="vt___new__").set_value("Mother and baby group")
    at.text_input(key="vp___new__").set_value("ZZ99 9ZZ")
    at.button(key="FormSubmitter:venue_form___new__-Add venue").click().run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "• Postcode ZZ99 9ZZ is not in the reference postcode lookup for this area." in texts
    at.text_input(key="vn___new__").set_value("")
    at.text_input(key="vp___new__").set_value("not a postcode")
    at.button(key="FormSubmitter:venue_form___new__-Add venue").click().run()
    texts = [t.value for t in at.text]
    assert "• Venue name is required." in texts
    assert any("not a valid UK postcode" in t for t in texts)
    assert _count(write_db, "select count(*) from venues") == venues
    # Now a real one: the postcode is resolved through the reference lookup.
    at.text_input(key="vn___new__").set_value("Northfleet Baby Café")
    at.text_input(key="vp___new__").set_value("da11 0aa")
    at.button(key="FormSubmitter:venue_form___new__-Add venue").click().run()
    assert not at.exception
    assert any(s.value == "Venue added." for s in at.success)
    details = " ".join(t.value for t in at.text)
    assert "DA11 0AA" in details and "Gravesham" in details and "Core20" in details
    assert _count(write_db, "select count(*) from venues") == venues + 1
    assert (
        _count(
            write_db, "select count(*) from venues where lsoa_code = 'E01032799' and locality = 'Gravesham'"
        )
        == 2
    )
    assert _count(write_db, "select count(*) from audit_log where action = 'venue_edit'") == 1
    # Edit an existing venue: it keeps its id.
    at.selectbox(key="venue_pick").set_value("V-T2").run()
    at.text_input(key="vn_V-T2").set_value("Test Hill Community Food Bank")
    at.button(key="FormSubmitter:venue_form_V-T2-Save changes").click().run()
    assert any(s.value == "Venue updated." for s in at.success)
    assert (
        _count(
            write_db,
            "select count(*) from venues where venue_id = 'V-T2' and name like 'Test Hill Community%'",
        )
        == 1
    )
    assert _count(write_db, "select count(*) from venues") == venues + 1


# --- the write path itself ----------------------------------------------------------------------------


def test_engagement_save_validates_like_an_import(write_db):
    con = duckdb.connect(str(write_db))
    try:
        future = dt.date.today() + dt.timedelta(days=3)
        bad = engagement.save(
            con,
            "engagement",
            engagement.activity_frame(future, "V-NOPE", "Tea party", women_engaged=-1),
            actor="tester",
        )
        assert not bad.ok and bad.change is None
        messages = [engagement.describe_issue(i) for i in bad.errors]
        assert any(m.startswith("Date is in the future") for m in messages)
        assert any(
            m.startswith("Venue 'V-NOPE' is not a known venue") or "not a known venue" in m for m in messages
        )
        assert any(m.startswith("Activity") for m in messages)
        assert any(m.startswith("Women engaged must be a whole number") for m in messages)
        good = engagement.save(
            con,
            "engagement",
            engagement.activity_frame(
                dt.date(2023, 6, 1), "V-T1", "Drop-in session", 3, 1, 0, {"urdu": 4, "somali": 2}
            ),
            actor="tester",
            role=OFFICER,
        )
        assert good.ok and good.change == "added" and good.object_id.startswith("E-")
        packs = dict(
            con.execute(
                "select language, packs from engagement_packs where entry_id = $e", {"e": good.object_id}
            ).fetchall()
        )
        assert packs == {"urdu": 4, "somali": 2}
        # Correcting it: same id, new figures.
        values = engagement.entry_values(
            con.execute(
                "select e.*, pk.language, pk.packs from engagement_log e left join engagement_packs pk using (entry_id) "
                "where entry_id = $e order by pk.language",
                {"e": good.object_id},
            ).df()
        )
        assert values["packs"] == {"somali": 2, "urdu": 4} and values["venue_id"] == "V-T1"
        fixed = engagement.save(
            con,
            "engagement",
            engagement.activity_frame(
                values["activity_date"],
                "V-T1",
                "Drop-in session",
                3,
                1,
                0,
                {"urdu": 6},
                entry_id=values["entry_id"],
            ),
            actor="tester",
        )
        assert fixed.change == "updated" and fixed.object_id == good.object_id
        packs = dict(
            con.execute(
                "select language, packs from engagement_packs where entry_id = $e", {"e": good.object_id}
            ).fetchall()
        )
        assert packs == {"urdu": 6}
        actions = con.execute(
            "select action, object_id from audit_log where actor = 'tester' order by audit_id"
        ).fetchall()
        assert [a for a, _ in actions if a == "engagement_edit"] == ["engagement_edit", "engagement_edit"]
    finally:
        con.close()


def test_a_failing_audit_rolls_the_entry_back(write_db, monkeypatch):
    con = duckdb.connect(str(write_db))
    try:
        before = con.execute("select count(*) from engagement_log").fetchone()[0]

        def broken(*args, **kwargs):
            raise RuntimeError("audit store unavailable")

        monkeypatch.setattr(engagement.audit, "record", broken)
        with pytest.raises(RuntimeError):
            engagement.save(
                con,
                "engagement",
                engagement.activity_frame(dt.date(2023, 6, 2), "V-T1", "Group visit"),
                actor="x",
            )
        assert con.execute("select count(*) from engagement_log").fetchone()[0] == before
    finally:
        con.close()


def test_describe_helpers():
    assert (
        engagement.packs_summary({"english": 20, "polish": 5, "twi": 0}) == "25 packs (English 20, Polish 5)"
    )
    assert engagement.packs_summary({}) == "no packs"
    frame = engagement.activity_frame(dt.date(2024, 3, 4), " V1 ", "Pack restock", packs={"Somali": 3})
    row = frame.iloc[0]
    assert row["activity_date"] == "2024-03-04" and row["venue_id"] == "V1" and row["packs_somali"] == "3"
    assert row["packs_english"] == "0" and row["note"] is None
    venue = engagement.venue_frame("Hall", "Library", "da1 1aa", active=False).iloc[0]
    assert venue["active"] == "no" and venue["venue_id"] is None
    place = engagement.describe_place(
        {
            "locality": "Dartford",
            "lsoa_code": "E1",
            "lsoa_name": "Dartford 001A",
            "imd_decile": 1,
            "core20": True,
        }
    )
    assert place == "It is in Dartford, neighbourhood Dartford 001A, IMD decile 1 (Core20)."


def test_correcting_an_entry_keeps_its_id_and_every_pack_language(write_db):
    con = duckdb.connect(str(write_db))
    first = engagement.save(
        con,
        "engagement",
        engagement.activity_frame(
            dt.date(2023, 7, 3), "V-T1", "Group visit", 4, 1, 0, {"english": 6, "somali": 3}
        ),
        actor="tester",
    )
    rows = con.execute(
        "select e.*, pk.language, pk.packs from engagement_log e left join engagement_packs pk using (entry_id) "
        "where entry_id = $e order by pk.language",
        {"e": first.object_id},
    ).df()
    con.close()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "pages/engagement_log.py"), default_timeout=90)
    at.secrets = dict(DEMO_SECRETS)
    at.session_state["role"] = OFFICER
    at.session_state["log_load"] = engagement.entry_values(rows)  # what "Correct entry" puts there
    at.run()
    assert not at.exception
    assert any(f"Correcting entry {first.object_id}" in w.value for w in at.warning)
    assert at.number_input(key="log_pack_somali").value == 3  # a language beyond the usual ten
    assert at.date_input(key="log_date").value == dt.date(2023, 7, 3)
    at.number_input(key="log_women_engaged").set_value(5)
    at.button(key="FormSubmitter:log_form-Save correction").click().run()
    assert not at.exception
    assert any(s.value == "Entry corrected." for s in at.success)
    assert (
        _count(write_db, "select women_engaged from engagement_log where entry_id = $e", e=first.object_id)
        == 5
    )
    assert (
        _count(write_db, "select sum(packs) from engagement_packs where entry_id = $e", e=first.object_id)
        == 9
    )
    assert not at.warning  # back to adding new activities


def test_a_reach_row_opens_the_log_form_with_its_venue(write_db):
    at = run_page("pages/engagement_log.py", OFFICER, query={"venue": "V-T2"})
    assert at.selectbox(key="log_venue").value == "V-T2"  # not the last-used V-T1
    assert any("Venue chosen from the Reach page" in i.value for i in at.info)
    assert "venue" not in at.query_params  # a reload does not pick it again


def test_logging_a_visit_today_does_not_move_the_reach_dates(write_db):
    """'Counted up to' and the packs chart follow the sidebar's period, not the newest log entry."""
    before = run_page("pages/reach.py", OFFICER)
    counted = next(c.value for c in before.caption if "Counted up to" in c.value)
    con = duckdb.connect(str(write_db))
    try:
        con.execute(
            "insert into engagement_log (entry_id, activity_date, venue_id, activity_type, women_engaged, "
            "narratives_collected, connectors_present) select 'E-TODAY', current_date, 'V-T1', 'Pack restock', 2, 0, 0"
        )
        con.execute(
            "insert into engagement_packs (entry_id, language, packs) values ('E-TODAY', 'english', 30)"
        )
    finally:
        con.close()
    st.cache_data.clear()
    after = run_page("pages/reach.py", OFFICER)
    assert next(c.value for c in after.caption if "Counted up to" in c.value) == counted
    today = dt.date.today()
    for chart in after.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            for x in trace.get("x", []) or []:
                if isinstance(x, str) and x[:4].isdigit() and len(x) >= 7:
                    assert x[:7] != f"{today:%Y-%m}", f"{trace.get('name')} reaches {x}"
