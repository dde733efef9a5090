"""Every queries/*.sql file parses, declares its parameters, and runs against the fixture database."""

from __future__ import annotations

import pytest

import queries
from insights.analysis.filters import Filters


def example_params(query: queries.Query) -> dict:
    """The shared filter parameters (no filtering) plus the file's own `-- example:` values."""
    params = {k: v for k, v in Filters().params().items() if k in query.params}
    params.update(query.example)
    return params


@pytest.mark.parametrize("name", queries.names())
def test_query_runs(name, fixture_con):
    query = queries.load(name)
    assert query.returns and query.grain, f"{name}.sql needs '-- returns:' and '-- grain:' header lines"
    params = example_params(query)
    missing = set(query.params) - set(params)
    assert not missing, f"{name}.sql: add an '-- example:' header line with values for {sorted(missing)}"
    result = queries.run(fixture_con, name, _restricted_ok=name in queries.RESTRICTED, **params)
    assert len(result.columns) > 0


def test_parameters_are_checked(fixture_con):
    with pytest.raises(TypeError, match="missing"):
        queries.run(fixture_con, "postcode_lookup")
    with pytest.raises(TypeError, match="unexpected"):
        queries.run(fixture_con, "import_history", kind="narratives")
    with pytest.raises(KeyError):
        queries.load("no_such_query")


def test_postcode_lookup_known_answer(fixture_con):
    df = queries.run(fixture_con, "postcode_lookup", postcodes=["DA11 0AA", "BR8 7AF", "DA12 9XX"])
    assert df["postcode"].tolist() == ["BR8 7AF", "DA11 0AA"]  # the unknown one is absent
    row = df.set_index("postcode").loc["DA11 0AA"]
    assert (row["lsoa_code"], int(row["imd_decile"]), bool(row["core20"])) == ("E01032799", 2, True)
    assert df.set_index("postcode").loc["BR8 7AF", "terminated"] == "199405"


def test_database_contents_known_answer(fixture_con):
    df = queries.run(fixture_con, "database_contents").set_index("item")
    assert df.loc["Narratives", "n"] == 12
    assert df.loc["Venues", "n"] == 3
    assert df.loc["Engagement log entries", "n"] == 6
    assert df.loc["Information packs distributed", "n"] == 20 + 5 + 5 + 15 + 10 + 2 + 5 + 10 + 10
    assert df.loc["Reference LSOAs in the area", "n"] == 138
    assert str(df["first_narrative"].iat[0])[:10] == "2023-03-14"
    assert str(df["last_narrative"].iat[0])[:10] == "2023-11-15"


def test_data_quality_known_answer(fixture_con):
    df = queries.run(fixture_con, "data_quality_checks").set_index("check_name")["affected"]
    assert df["Narratives with an unknown postcode (not in the lookup)"] == 1
    assert df["Narratives with a terminated postcode (area from its last LSOA)"] == 1
    assert df["Narratives with a malformed postcode"] == 1
    assert df["Narratives with no postcode"] == 1
    assert df["Narratives with ethnicity not stated"] == 1
    assert df["Narratives with no rating"] == 1


def test_narratives_by_month_fills_empty_months(fixture_con):
    df = queries.run(fixture_con, "narratives_by_month")
    assert len(df) == 9  # March to November 2023
    july = df[df["month"].astype(str).str.startswith("2023-07")]
    assert july["narratives"].tolist() == [0]
    assert df["narratives"].sum() == 12
