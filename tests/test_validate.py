"""Reading uploaded files and validating every row (insights.ingest.validate), and the blank templates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from insights import vocab
from insights.coding.codebook import allowed_themes
from insights.config import TEMPLATES_DIR
from insights.ingest import workbook as workbook_module
from insights.ingest.read import RowIssue, read_table
from insights.ingest.templates import KINDS, TEMPLATES, column_names, write_templates
from insights.ingest.validate import (
    ID_COLUMNS,
    OUTPUT_COLUMNS,
    Validated,
    ValidationContext,
    validate,
)

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
TODAY = dt.date(2025, 6, 1)

GOOD = {
    "narratives": {
        "narrative_id": "N0001",
        "collected_on": "14/03/2023",
        "collected_by": "Engagement officer",
        "postcode": "DA11 0DL",
        "ethnicity": "African",
        "rating": "7",
        "care_stages": "antenatal",
        "note": "Said the midwife listened.",
    },
    "venues": {
        "venue_id": "V1",
        "name": "Swanley Children's Centre",
        "venue_type": "Clinic",
        "postcode": "BR8 7AE",
    },
    "excerpts": {
        "narrative_id": "N0001",
        "code": "Kind staff",
        "theme": "Care & support",
        "excerpt": "she was kind",
    },
    "engagement": {
        "entry_id": "E1",
        "activity_date": "20/03/2023",
        "venue_id": "V1",
        "activity_type": "Pack drop-off",
    },
}

CODES = pd.DataFrame(
    {
        "code_id": ["C001", "C002", "C003"],
        "category_id": ["good_care", "felt_judged", "language_barriers"],
        "label": ["Kind staff", "Judged for age", "No interpreter offered"],
    }
)


def context(**kwargs) -> ValidationContext:
    """A context with a tiny code list, the real Figure 2 and a fixed 'today'."""
    kwargs.setdefault("today", TODAY)
    return ValidationContext.from_codebook(codes=CODES, allowed_themes=allowed_themes(), **kwargs)


def csv_bytes(rows: list[dict], sep: str = ",", encoding: str = "utf-8") -> bytes:
    """A CSV file of dict rows (header = union of keys, in order of first appearance)."""
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode(encoding)


def run(kind: str, *changes: dict, ctx: ValidationContext | None = None) -> Validated:
    """Validate one CSV row per change (each applied to the kind's good row; None drops a column)."""
    rows = []
    id_column = ID_COLUMNS[kind]
    for i, change in enumerate(changes or ({},)):
        row = {**GOOD[kind], **change}
        if i and id_column not in change and row.get(id_column):
            row[id_column] = f"{row[id_column]}-{i + 1}"  # rows get their own ids unless a test sets them
        rows.append({k: v for k, v in row.items() if v is not None})
    return validate(kind, read_table(csv_bytes(rows), f"{kind}.csv"), ctx or context())


def only_error(result: Validated) -> RowIssue:
    assert len(result.errors) == 1, result.report()
    return result.errors[0]


# ------------------------------------------------------------------------------------------------
# read_table


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(encoding):
    note = "Café visit, paid £3 – “lovely” ‘staff’"
    data = csv_bytes([{**GOOD["narratives"], "note": note}], encoding=encoding)
    raw = read_table(data, "narratives.csv")
    assert list(raw.columns)[0] == "narrative_id"  # BOM removed from the first header
    assert raw.loc[2, "note"] == note
    assert validate("narratives", raw, context()).frame.loc[0, "note"] == note


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_semicolon_and_tab_delimiters(sep):
    raw = read_table(
        csv_bytes([GOOD["narratives"], {**GOOD["narratives"], "narrative_id": "N2"}], sep=sep), "x.csv"
    )
    assert list(raw.columns) == list(GOOD["narratives"])
    assert raw["narrative_id"].tolist() == ["N0001", "N2"]


def test_semicolon_fixture_from_european_excel():
    raw = read_table((FIXTURES / "narratives_semicolon.csv").read_bytes(), "narratives_semicolon.csv")
    result = validate("narratives", raw, context())
    assert result.errors == []
    assert result.frame["collected_on"].tolist() == [dt.date(2023, 3, 14), dt.date(2023, 4, 2)]
    assert result.frame["note"].tolist()[1] == "Crèche was full; came back later"


def test_headers_normalised_and_cells_are_text_or_none():
    data = b"\xef\xbb\xbf Narrative ID ,Collected-On,COLLECTED BY,note,rating\r\nN1,14/03/2023,eo, x ,   \r\n"
    raw = read_table(data, "n.csv")
    assert list(raw.columns) == ["narrative_id", "collected_on", "collected_by", "note", "rating"]
    assert raw.iloc[0].tolist() == ["N1", "14/03/2023", "eo", " x ", None]
    assert all(isinstance(v, str) or v is None for v in raw.to_numpy().ravel())


def test_row_numbers_survive_blank_rows():
    data = b"narrative_id,collected_on,collected_by,note\nN1,14/03/2023,eo,a\n,,,\n\nN2,99/99/2023,eo,b\n"
    raw = read_table(data, "n.csv")
    assert raw.index.tolist() == [2, 5]
    error = only_error(validate("narratives", raw, context()))
    assert (error.row, error.column) == (5, "collected_on")


def test_formula_like_cells_kept_verbatim():
    notes = ["=SUM(A1:A3)", "+44 7700 900123", "-2 stars", "@everyone", '=HYPERLINK("http://x","y")']
    rows = [{**GOOD["narratives"], "narrative_id": f"N{i}", "note": n} for i, n in enumerate(notes)]
    result = validate("narratives", read_table(csv_bytes(rows), "n.csv"), context())
    assert result.errors == []
    assert result.frame["note"].tolist() == notes


def xlsx_bytes(build) -> bytes:
    wb = Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_dates_numbers_and_formulas(tmp_path):
    def build(wb):
        wb.active.title = "Notes"  # a first sheet that is not the data
        ws = wb.create_sheet("narratives")
        ws.append(["narrative_id", "Collected on", "collected_by", "rating", "note", "postcode"])
        ws.append(["N1", dt.datetime(2023, 3, 14), "EO", 8, "=SUM(A1:A3)", "da110dl"])
        ws.append(["N2", dt.date(2023, 3, 15), "EO", 7.0, "fine", None])
        ws.append(["N3", 45000, "EO", 7.5, "half", None])
        ws.append([None] * 6)  # fully empty trailing rows are dropped
        ws.append([None] * 6)

    path = tmp_path / "upload.xlsx"
    path.write_bytes(xlsx_bytes(build))
    raw = read_table(path.read_bytes(), path.name, kind="narratives")
    assert raw.index.tolist() == [2, 3, 4]
    assert raw["collected_on"].tolist() == ["2023-03-14", "2023-03-15", "45000"]
    assert raw["rating"].tolist() == ["8", "7", "7.5"]
    # openpyxl never calculates: the formula has no saved value, so its text stays (never a value made
    # up) and its row is refused, naming the cell
    assert raw.loc[2, "note"] == "=SUM(A1:A3)"
    result = validate("narratives", raw, context())
    assert result.frame["collected_on"].tolist() == [dt.date(2023, 3, 15)]
    assert result.frame["rating"].tolist() == [7]
    assert [(e.row, e.column) for e in result.errors] == [(2, "note"), (4, "rating")]
    assert "cell E2 holds a formula with no value saved with it" in result.errors[0].reason
    assert result.errors[1].value == "7.5"


def test_xlsx_without_kind_uses_the_sheet_named_like_a_kind():
    def build(wb):
        wb.active.title = "Sheet1"
        wb.create_sheet("venues").append(["venue_id", "name"])

    assert list(read_table(xlsx_bytes(build), "v.xlsx").columns) == ["venue_id", "name"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"a,b\n", "notes.pdf", "not a CSV or Excel file"),
        (b"a,b\n", "old.xls", "97-2003"),
        (b"", "empty.csv", "is empty"),
        (b"\n , \n\n", "blank.csv", "no header row"),
        (b"N1,14/03/2023,eo\nN2,15/03/2023,eo\n", "headless.csv", "no header row"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx", "could not be opened as an Excel workbook"),
        (b"not a workbook at all", "broken.xlsx", "could not be opened as an Excel workbook"),
        (b"note,Note\nx,y\n", "dup.csv", "appears twice"),
    ],
)
def test_unreadable_files_raise_plain_errors(data, name, message):
    with pytest.raises(ValueError, match=message):
        read_table(data, name)


def test_extra_cells_beyond_the_header_reject_the_row():
    data = b"narrative_id,collected_on,collected_by,note\nN1,14/03/2023,eo,a,b\nN2,14/03/2023,eo,c,\n"
    result = validate("narratives", read_table(data, "n.csv"), context())
    error = only_error(result)
    assert (error.row, error.column, error.value) == (2, "", "b")
    assert result.frame["narrative_id"].tolist() == ["N2"]


# ------------------------------------------------------------------------------------------------
# Whole-file rules


def test_missing_required_column_rejects_every_row():
    result = run("narratives", {"note": None, "collected_on": None}, {"note": None, "collected_on": None})
    error = only_error(result)
    assert error.row == 0 and error.column == ""
    assert "missing required columns: collected_on, note" in error.reason
    assert result.frame.empty and list(result.frame.columns) == list(OUTPUT_COLUMNS["narratives"])
    assert result.rejected_rows == {2, 3} and result.total_rows == 2


def test_unknown_columns_warn_but_extra_pack_languages_count():
    narratives = run("narratives", {"Favourite colour": "blue"})
    assert narratives.errors == []
    assert [(w.row, w.reason) for w in narratives.warnings] == [
        (0, "ignored a column not in the narratives template: favourite_colour")
    ]
    engagement = run("engagement", {"packs_english": "10", "packs_Somali": "4", "packs_polish": "0"})
    assert engagement.warnings == [] and engagement.errors == []
    assert engagement.frame.loc[0, "packs"] == {"english": 10, "somali": 4}


def test_required_cell_blank():
    error = only_error(run("narratives", {}, {"collected_by": "  "}))
    assert (error.row, error.column, error.reason) == (3, "collected_by", "collected_by is required")


def test_excerpts_need_the_codebook():
    result = run("excerpts", ctx=ValidationContext(today=TODAY))
    assert "codebook is not loaded" in only_error(result).reason
    assert result.frame.empty and result.rejected_rows == {2}


# ------------------------------------------------------------------------------------------------
# Cell rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/03/2023", dt.date(2023, 3, 14)),
        ("14-03-2023", dt.date(2023, 3, 14)),
        ("14.03.2023", dt.date(2023, 3, 14)),
        ("4/3/23", dt.date(2023, 3, 4)),
        ("04/03/2023", dt.date(2023, 3, 4)),  # always day first
        ("2023-03-14", dt.date(2023, 3, 14)),
        ("14 March 2023", dt.date(2023, 3, 14)),
        ("14 Mar 2023", dt.date(2023, 3, 14)),
        ("14-Mar-23", dt.date(2023, 3, 14)),
        ("45000", dt.date(2023, 3, 15)),
        ("2023-03-14 00:00:00", dt.date(2023, 3, 14)),
        ("2023-03-14T10:30:00", dt.date(2023, 3, 14)),
        ("14/03/2023 10:30", dt.date(2023, 3, 14)),
    ],
)
def test_dates_are_read_uk_day_first(text, expected):
    result = run("narratives", {"collected_on": text})
    assert result.errors == [], result.report()
    assert result.frame.loc[0, "collected_on"] == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2023", "collected_on is not a real date (got '31/02/2023'"),
        ("03/14/2023", "collected_on is not a real date (got '03/14/2023'; dates are read day first"),
        (
            "02/30/2023",
            "collected_on is not a real date (got '02/30/2023'; dates are read day first, dd/mm/yyyy)",
        ),
        ("03/14/2023", "read month first it is 14 March 2023: if so, write it as 2023-03-14)"),
        ("next Tuesday", "collected_on must be a date, day first: 14/03/2023"),
        ("12345", "collected_on must be a date, day first"),
        ("14/03/2031", "date is in the future (got '14/03/2031', read day first as 14 March 2031)"),
    ],
)
def test_bad_dates(text, reason):
    error = only_error(run("narratives", {}, {"collected_on": text}))
    assert (error.row, error.column, error.value) == (3, "collected_on", text)
    assert reason in error.reason


@pytest.mark.parametrize("text", ["8", " 8 ", "8/10", "8 / 10", "8 out of 10", "8.0", "08"])
def test_rating_variants(text):
    assert run("narratives", {"rating": text}).frame["rating"].tolist() == [8]


@pytest.mark.parametrize("text", ["0", "11", "7.5", "eight", "8/5", "-3"])
def test_bad_ratings(text):
    error = only_error(run("narratives", {"rating": text}))
    assert (error.row, error.column) == (2, "rating")
    assert error.reason == f"rating must be a whole number from 1 to 10 (got '{text}')"


def test_blank_rating_is_missing_not_an_error():
    frame = run("narratives", {"rating": ""}, {"narrative_id": "N2"}).frame
    assert str(frame["rating"].dtype) == "Int64"
    assert frame["rating"].isna().tolist() == [True, False]


def test_counts():
    result = run(
        "engagement",
        {"women_engaged": "", "narratives_collected": "3.0", "connectors_present": "1,000"},
        {"entry_id": "E2", "women_engaged": "-1"},
        {"entry_id": "E3", "narratives_collected": "2.5"},
        {"entry_id": "E4", "packs_urdu": "lots"},
    )
    first = result.frame.iloc[0]
    assert (first["women_engaged"], first["narratives_collected"], first["connectors_present"]) == (
        0,
        3,
        1000,
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "women_engaged", "women_engaged must be a whole number, 0 or more (got '-1')"),
        (4, "narratives_collected", "narratives_collected must be a whole number, 0 or more (got '2.5')"),
        (5, "packs_urdu", "packs_urdu must be a whole number, 0 or more (got 'lots')"),
    ]


def test_collected_by_synonyms():
    result = run(
        "narratives",
        *(
            {"narrative_id": f"N{i}", "collected_by": t}
            for i, t in enumerate(["eo", "CC", "Connector", "ENGAGEMENT OFFICER", "volunteer"])
        ),
    )
    assert result.frame["collected_by"].tolist() == ["Engagement officer"] + ["Community connector"] * 2 + [
        "Engagement officer"
    ]
    assert "collected_by must be one of: Engagement officer; Community connector" in only_error(result).reason


@pytest.mark.parametrize(
    ("text", "ethnicity", "group"),
    [
        ("African", "African", "Black"),
        ("black african", "African", "Black"),
        ("Black, Black British, Caribbean or African: African", "African", "Black"),
        ("Asian, Asian British or Asian Welsh: Bangladeshi", "Bangladeshi", "Asian"),
        ("White: English, Welsh, Scottish, Northern Irish or British", "White British", "White"),
        (
            "Mixed or Multiple ethnic groups: Any other Mixed or Multiple ethnic background",
            "Other Mixed",
            "Mixed",
        ),
        ("Other ethnic group: Arab", "Arab", "Other"),
        ("WHITE - IRISH", "White Irish", "White"),
        ("Eastern European", "Other White", "White"),
        ("", vocab.NOT_STATED, vocab.NOT_STATED),
        ("prefer not to say", vocab.NOT_STATED, vocab.NOT_STATED),
    ],
)
def test_ethnicity(text, ethnicity, group):
    frame = run("narratives", {"ethnicity": text}).frame
    assert (frame.loc[0, "ethnicity"], frame.loc[0, "ethnic_group"]) == (ethnicity, group)


def test_unknown_ethnicity():
    error = only_error(run("narratives", {}, {"ethnicity": "Martian"}))
    assert (error.row, error.column) == (3, "ethnicity")
    assert "not an ONS 2021 ethnic group (got 'Martian')" in error.reason
    assert "White British" in error.reason
    typo = run("narratives", {"ethnicity": "Bangladesi"}).errors[0]
    assert "did you mean Bangladeshi?" in typo.reason


def test_care_stages():
    result = run(
        "narratives",
        {"care_stages": "Postnatal; antenatal, after birth / pregnancy"},
        {"narrative_id": "N2", "care_stages": ""},
        {"narrative_id": "N3", "care_stages": "Labour & Birth"},
        {"narrative_id": "N4", "care_stages": "antenatal; dentist"},
    )
    assert result.frame["care_stages"].tolist() == [["antenatal", "postnatal"], [], ["labour and birth"]]
    error = only_error(result)
    assert (error.row, error.column) == (5, "care_stages") and "'dentist' is not a care stage" in error.reason


def test_first_baby_active_age_band_and_types():
    narratives = run(
        "narratives",
        {"first_baby": "Y", "age_band": "40+"},
        {"narrative_id": "N2", "first_baby": "", "age_band": "under 20"},
        {"narrative_id": "N3", "first_baby": "0", "age_band": "20 – 24"},
        {"narrative_id": "N4", "first_baby": "maybe", "age_band": "41"},
    )
    assert narratives.frame["first_baby"].tolist() == [True, None, False]
    assert narratives.frame["age_band"].tolist() == ["40 and over", "Under 20", "20-24"]
    assert [(e.column, e.reason) for e in narratives.errors] == [
        ("first_baby", "first_baby must be yes or no (got 'maybe')"),
        ("age_band", "age_band must be one of: Under 20; 20-24; 25-29; 30-34; 35-39; 40 and over (got '41')"),
    ]
    venues = run(
        "venues",
        {"active": "", "venue_type": "children’s centre"},  # curly apostrophe from Word/Excel
        {"venue_id": "V2", "name": "B", "active": "FALSE", "venue_type": "FOOD BANK"},
        {"venue_id": "V3", "name": "C", "venue_type": "Pub"},
    )
    assert venues.frame["active"].tolist() == [True, False]
    assert venues.frame["venue_type"].tolist() == ["Children's centre", "Food bank"]
    assert "venue_type must be one of: Children's centre; " in only_error(venues).reason
    activity = only_error(
        run("engagement", {"activity_type": "pack DROP-OFF"}, {"entry_id": "E2", "activity_type": "Party"})
    )
    assert (activity.row, activity.column) == (3, "activity_type")


@pytest.mark.parametrize("text", ["da110dl", " Da11 0dL ", "DA11  0DL", "DA110DL"])
def test_postcodes_normalise(text):
    frame = run("narratives", {"postcode": text}).frame
    assert (frame.loc[0, "postcode"], frame.loc[0, "postcode_status"]) == ("DA11 0DL", "pending")


def test_malformed_narrative_postcode_is_a_warning():
    result = run("narratives", {"postcode": "DA11"}, {"narrative_id": "N2", "postcode": ""})
    assert result.errors == []
    assert [(w.row, w.column, w.value, w.reason) for w in result.warnings] == [
        (2, "postcode", "DA11", "not a valid UK postcode; imported without an area")
    ]
    assert result.frame["postcode"].tolist() == [None, None]
    assert result.frame["postcode_status"].tolist() == ["malformed", "missing"]


def test_venue_postcode_must_be_valid():
    error = only_error(run("venues", {"postcode": "nowhere"}))
    assert (error.column, error.reason) == ("postcode", "postcode is not a valid UK postcode (got 'nowhere')")
    assert run("venues", {"postcode": "br87ae"}).frame.loc[0, "postcode"] == "BR8 7AE"


def test_excerpt_codes_and_themes():
    result = run(
        "excerpts",
        {"code": "kind  STAFF"},
        {"code": "c002", "theme": "judgment"},
        {"code": "Kind staf"},
        {"code": "Kind staff", "theme": "Judgement"},
        {"code": "No interpreter offered", "theme": "Communication"},
        {"code": "No interpreter offered", "theme": "Barriers", "care_stage": "Labour"},
    )
    frame = result.frame
    assert frame[["code_id", "category_id", "theme_id"]].values.tolist() == [
        ["C001", "good_care", "care_and_support"],
        ["C002", "felt_judged", "judgement"],
        ["C003", "language_barriers", "barriers"],
    ]
    assert frame["care_stage"].tolist() == [None, None, "labour and birth"]
    assert frame["excerpt_text"].tolist() == ["she was kind"] * 3
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "code", "code 'Kind staf' is not in the codebook; did you mean: Kind staff?"),
        (
            5,
            "theme",
            "theme Judgement is not allowed for category 'Good care' (Figure 2 allows: Care & support)",
        ),
        (
            6,
            "theme",
            "theme Communication is cross-cutting and is not coded directly; use Care & support, "
            "Barriers or Judgement (got 'Communication')",
        ),
    ]


def test_references_checked_only_when_known_ids_given():
    known = context(known_venue_ids={"V1", "V-SWAN-CC"}, known_narrative_ids={"N0001"})
    narratives = run(
        "narratives",
        {"venue_id": "v-swan-cc"},
        {"narrative_id": "N2", "venue_id": ""},
        {"narrative_id": "N3", "venue_id": "V9"},
        ctx=known,
    )
    assert narratives.frame["venue_id"].tolist() == ["V-SWAN-CC", None]
    error = only_error(narratives)
    assert (error.row, error.column) == (4, "venue_id") and "'V9' is not a known venue" in error.reason
    assert run("narratives", {"venue_id": "V9"}).errors == []  # None = not checked
    assert (
        "'N9' is not a known narrative"
        in only_error(run("excerpts", {"narrative_id": "N9"}, ctx=known)).reason
    )
    assert "'V9' is not a known venue" in only_error(run("engagement", {"venue_id": "V9"}, ctx=known)).reason


def test_text_length_limits():
    result = run(
        "narratives",
        {"note": "x" * 20_000, "provider": "p" * 200},
        {"narrative_id": "N2", "note": "x" * 20_001},
        {"narrative_id": "N3", "provider": "p" * 201},
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "note", "note is too long (20,001 characters; at most 20,000)"),
        (4, "provider", "provider is too long (201 characters; at most 200)"),
    ]
    assert len(result.errors[0].value) <= 60
    excerpt = only_error(run("excerpts", {"excerpt": "y" * 5_001}))
    assert excerpt.reason == "excerpt is too long (5,001 characters; at most 5,000)"


# ------------------------------------------------------------------------------------------------
# Ids


def test_derived_ids_are_stable_and_distinct():
    rows = [
        {**GOOD["narratives"], "narrative_id": "", "note": "first"},
        {**GOOD["narratives"], "narrative_id": "", "note": "second"},
    ]
    one = validate("narratives", read_table(csv_bytes(rows), "a.csv"), context()).frame["narrative_id"]
    two = validate("narratives", read_table(csv_bytes(rows, sep=";"), "b.csv"), context()).frame[
        "narrative_id"
    ]
    assert one.tolist() == two.tolist()
    assert one[0] != one[1] and all(i.startswith("N-") and len(i) == 18 for i in one)
    # the same values written differently give the same id
    reworded = [{**rows[0], "collected_on": "2023-03-14", "collected_by": "EO", "postcode": "da110dl"}]
    three = validate("narratives", read_table(csv_bytes(reworded), "c.csv"), context()).frame["narrative_id"]
    assert three[0] == one[0]
    for kind, prefix in [("excerpts", "X-"), ("engagement", "E-")]:
        ids = run(kind, {ID: "" for ID in ("excerpt_id", "entry_id") if ID in column_names(kind)}).frame
        assert ids.iloc[0, 0].startswith(prefix)


def test_venue_ids_derive_from_name_and_postcode():
    a = run("venues", {"venue_id": "", "name": "Hill  Food Bank", "venue_type": "Food bank"}).frame
    b = run("venues", {"venue_id": "", "name": "hill food bank", "postcode": "br87ae", "active": "no"}).frame
    c = run("venues", {"venue_id": "", "name": "Hill Food Bank", "postcode": "DA1 2JU"}).frame
    assert a.loc[0, "venue_id"] == b.loc[0, "venue_id"] != c.loc[0, "venue_id"]
    assert a.loc[0, "venue_id"].startswith("V-")


def test_duplicate_ids_rejected_on_later_rows():
    result = run(
        "narratives",
        {},
        {"narrative_id": "N2"},
        {"narrative_id": "N0001", "note": "another"},
        {"narrative_id": "N0001", "note": "and another"},
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "narrative_id", "narrative_id N0001 already used on row 2"),
        (5, "narrative_id", "narrative_id N0001 already used on row 2"),
    ]
    assert result.frame["narrative_id"].tolist() == ["N0001", "N2"]
    assert result.rejected_rows == {4, 5}
    same = run("narratives", {"narrative_id": ""}, {"narrative_id": ""})
    assert "row repeats row 2" in only_error(same).reason


def test_ids_differing_only_in_capitals_are_one_id_twice():
    """References match ids regardless of capitals, so 'N-001' and 'n-001' in one file would be two rows
    that no later file could tell apart: the later row is refused, naming the first."""
    result = run("narratives", {"narrative_id": "N-001"}, {"narrative_id": "n-001", "note": "another"})
    assert [(e.row, e.column) for e in result.errors] == [(3, "narrative_id")]
    assert "N-001 on row 2 in other capitals" in result.errors[0].reason
    assert result.frame["narrative_id"].tolist() == ["N-001"]


# ------------------------------------------------------------------------------------------------
# Output shape


def test_output_frames_are_typed():
    n = run("narratives", {"first_baby": "yes", "care_stages": "antenatal; postnatal"}).frame
    assert list(n.columns) == list(OUTPUT_COLUMNS["narratives"])
    row = n.iloc[0]
    assert isinstance(row["collected_on"], dt.date) and row["care_stages"] == ["antenatal", "postnatal"]
    assert row["first_baby"] is True and row["source_row"] == 2
    assert n["source_row"].dtype == "int64" and n["note"].dtype == object
    for kind in KINDS:
        assert list(run(kind).frame.columns) == list(OUTPUT_COLUMNS[kind]), kind
    e = run("engagement", {"packs_english": "10", "women_engaged": "6"}).frame
    assert e["women_engaged"].dtype == "int64" and e.loc[0, "packs"] == {"english": 10}


def test_report_lists_errors_and_warnings_by_row():
    result = run(
        "narratives",
        {"postcode": "zz"},
        {"narrative_id": "N2", "rating": "11"},
        {"narrative_id": "N3", "bogus": "1"},
    )
    report = result.report()
    assert list(report.columns) == ["row", "column", "value", "severity", "reason"]
    assert report[["row", "column", "severity"]].values.tolist() == [
        [0, "", "warning"],
        [2, "postcode", "warning"],
        [3, "rating", "error"],
    ]


def test_template_examples_validate_against_the_real_codebook():
    ctx = ValidationContext.from_codebook(today=TODAY)  # data/codebook: codes.csv + Figure 2
    for kind in KINDS:
        row = {c.name: c.example for c in TEMPLATES[kind]}
        result = validate(kind, read_table(csv_bytes([row]), f"{kind}.csv"), ctx)
        assert result.errors == [] and result.warnings == [], (kind, result.report())


# ------------------------------------------------------------------------------------------------
# Templates


def test_committed_templates_match_write_templates(tmp_path):
    written = write_templates(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [f"{k}.{ext}" for k in KINDS for ext in ("csv", "xlsx")] + ["README.md"]
    )
    for kind in KINDS:
        fresh = (tmp_path / f"{kind}.csv").read_text(encoding="utf-8")
        assert fresh == ",".join(column_names(kind)) + "\n"
        assert (TEMPLATES_DIR / f"{kind}.csv").read_text(encoding="utf-8") == fresh
        committed = load_workbook(TEMPLATES_DIR / f"{kind}.xlsx")
        regenerated = load_workbook(tmp_path / f"{kind}.xlsx")
        assert committed.sheetnames == regenerated.sheetnames == [kind, "Guide"]
        header = [c.value for c in committed[kind][1]]
        assert header == [c.value for c in regenerated[kind][1]] == column_names(kind)
        assert all(c.font.b for c in committed[kind][1]) and committed[kind].freeze_panes == "A2"
        guide = [[c.value for c in r] for r in committed["Guide"].iter_rows()]
        assert guide == [[c.value for c in r] for r in regenerated["Guide"].iter_rows()]
        assert guide[0] == ["column", "required", "what it must hold", "example"]
        assert [g[0] for g in guide[1:]] == column_names(kind)
    assert (TEMPLATES_DIR / "README.md").read_text(encoding="utf-8") == (tmp_path / "README.md").read_text(
        encoding="utf-8"
    )


def test_blank_templates_read_back_empty():
    for kind in KINDS:
        for ext in ("csv", "xlsx"):
            raw = read_table((TEMPLATES_DIR / f"{kind}.{ext}").read_bytes(), f"{kind}.{ext}")
            assert list(raw.columns) == column_names(kind) and raw.empty


# ------------------------------------------------------------------------------------------------
# The fast XLSX sheet reader gives exactly what openpyxl gives


def minimal_xlsx(sheet_xml: str, shared: list[str]) -> bytes:
    """A hand-made workbook as Excel writes it: shared strings, a date style, the given sheet XML."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    strings = "".join(f"<si><t>{s.replace('&', '&amp;')}</t></si>" for s in shared)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{rel}/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="narratives" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{rel}/worksheet"/>'
            f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{rel}/sharedStrings"/>'
            f'<Relationship Id="rId3" Target="styles.xml" Type="{rel}/styles"/></Relationships>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(shared)}">{strings}</sst>',
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_xml}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" s="1"><v>44999</v></c>'
    '<c r="C2"><f>SUM(D2:D4)</f><v>6</v></c><c r="D2" t="b"><v>1</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c>'
    '<c r="B3" s="1"><v>45000.75</v></c><c r="C3"><f t="shared" ref="C3:C4" si="0">D3*2</f><v>2</v></c>'
    '<c r="D3" t="e"><v>#N/A</v></c></row>'
    '<row r="4"><c r="A4" t="str"><f>"=x"&amp;"y"</f><v>=xy</v></c><c r="B4" s="1"/>'
    '<c r="C4"><f t="shared" si="0"/><v>4</v></c><c r="D4"><v>7.5</v></c></row>'
    '<row r="6"><c r="A6" t="s"><v>5</v></c><c r="D6"><v>1E+3</v></c></row>'
    '<row r="7"><c t="s"><v>6</v></c><c><v>3</v></c><c t="b"><v>0</v></c></row>'
    '<row><c r="A8" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c><c r="C8"><v>8.0</v></c></row>'
)
SHARED = ["narrative_id", "collected_on", "note", "rating", "N1", "N & co", "=SUM(A1)"]


def test_fast_xlsx_reader_matches_openpyxl(monkeypatch):
    data = minimal_xlsx(SHEET, SHARED)
    real, used = workbook_module._fast_sheet_rows, []

    def spy(wb, ws, *rest):
        rows = real(wb, ws, *rest)
        used.append(len(rows))
        return rows

    monkeypatch.setattr(workbook_module, "_fast_sheet_rows", spy)
    fast = read_table(data, "excel.xlsx")
    assert used == [7]  # the fast reader really read the sheet (no silent fallback)

    def refuse(wb, ws, *rest):
        raise RuntimeError("use openpyxl")

    monkeypatch.setattr(workbook_module, "_fast_sheet_rows", refuse)
    slow = read_table(data, "excel.xlsx")
    pd.testing.assert_frame_equal(fast, slow)
    assert fast.index.tolist() == [2, 3, 4, 6, 7, 8]
    # formulas: the value Excel saved with each (what the officer saw), shared formulas included
    assert fast.loc[2].tolist() == ["N1", "2023-03-14", "6", "TRUE"]
    assert fast.loc[3].tolist() == ["rich text", "2023-03-15", "2", "#N/A"]
    assert fast.loc[4].tolist() == ["=xy", None, "4", "7.5"]
    assert fast.attrs["read_errors"] == slow.attrs["read_errors"] == []
    said = [w.reason for w in fast.attrs["read_warnings"]]
    assert said == [w.reason for w in slow.attrs["read_warnings"]]
    assert said == [
        "4 cells hold a formula (C2, C3, A4, C4): the value each showed when the file was last saved in "
        "Excel was imported, not the formula"
    ]
    assert fast.loc[7].tolist() == ["=SUM(A1)", "3", "FALSE", None]
    assert fast.loc[8].tolist() == [" padded ", None, "8", None]


def test_wrong_kind_of_file_is_named():
    raw = read_table(csv_bytes([GOOD["venues"]]), "venues.csv")
    error = only_error(validate("narratives", raw, context()))
    assert error.reason.endswith("this looks like a venues file")


# ------------------------------------------------------------------ files that must add up (issue 11)


def test_multiline_excerpt_with_many_commas_is_not_mistaken_for_a_swallowed_row():
    text = (
        "excerpt_id,narrative_id,code,theme,care_stage,excerpt\r\n"
        'X-1,T01,C126,Barriers,antenatal,"First line.\r\nThen: one, two, three, four, five, six, seven."\r\n'
        'X-2,T01,C126,Barriers,antenatal,"Plain, short"\r\n'
    )
    raw = read_table(text.encode(), "ex.csv", "excerpts")
    assert raw["excerpt"].tolist() == [
        "First line.\r\nThen: one, two, three, four, five, six, seven.",
        "Plain, short",
    ]
    assert not raw.attrs["read_errors"]


def test_short_row_is_an_error_on_its_row_and_skip_invalid_leaves_only_it_out():
    text = "venue_id,name,venue_type,postcode,active\nV-1,Hall,Library,DA11 0AA,yes\nV-2,Hall 2,Library\nV-3,Hall 3,Library,DA1 2JU,no\n"
    raw = read_table(text.encode(), "v.csv", "venues")
    v = validate("venues", raw, ValidationContext())
    assert {i.row for i in v.errors} == {3}
    assert (v.errors[0].row, v.errors[0].column) == (3, "")
    assert "header has 5 columns" in v.errors[0].reason
    assert v.frame["venue_id"].tolist() == ["V-1", "V-3"]


def test_report_shows_control_characters_escaped():
    text = "venue_id,name,venue_type,postcode,active\nV-1,Hall,\x1b[31mLibrary,DA11 0AA,yes\n"
    v = validate("venues", read_table(text.encode(), "v.csv", "venues"), ValidationContext())
    report = v.report()
    assert not report["value"].str.contains("\x1b").any()
    assert report["value"].str.contains(r"\x1b", regex=False).any()


def test_excel_date_numbers_in_a_date_column_are_named_in_a_warning():
    """45000 in a date column is read as Excel's 1900-system date number (15 March 2023); before, silently.
    A workbook in the 1904 system (old Excel for Mac) would put it four years off, so one warning says so."""
    rows = [
        {**GOOD["narratives"], "narrative_id": "N1", "collected_on": "14/03/2023"},
        {**GOOD["narratives"], "narrative_id": "N2", "collected_on": "45000"},
        {**GOOD["narratives"], "narrative_id": "N3", "collected_on": "45001"},
    ]
    result = validate("narratives", read_table(csv_bytes(rows), "n.csv"), context())
    assert result.errors == []
    assert result.frame["collected_on"].tolist() == [
        dt.date(2023, 3, 14),
        dt.date(2023, 3, 15),
        dt.date(2023, 3, 16),
    ]
    said = [w.reason for w in result.warnings if "Excel date number" in w.reason]
    assert len(said) == 1 and said[0].startswith(
        "2 collected_on values are Excel date numbers (the column lost its date format), read in Excel's "
        "usual 1900 date system: e.g. row 3, '45000' is 15 March 2023."
    ), said


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("1.23457E+15", True),  # Excel's General format
        ("4.5e+17", True),
        ("1234567890123450000", True),  # 15 significant digits, then zeros
        ("1234567890123460096", True),  # the double a workbook stores for 1.23456789012346E+18
        ("1234567890123456789", False),  # typed as text: every digit kept
        ("123456789012345", False),  # 15 digits: Excel keeps them
        ("N-000123", False),
        ("2024E1", False),  # an id with an E, no exponent sign or decimal: not Excel's notation
    ],
)
def test_ids_rounded_by_excel_are_told_apart(value, rounded):
    from insights.ingest.validate import rounded_by_excel

    assert rounded_by_excel(value) is rounded
