"""The four import templates: columns, whether each is required, and what it must hold.

This is the contract shared by validation (insights.ingest.validate), ingest (insights.ingest.load), the demo
generator (insights.demo.generate) and the blank template files in data/templates/.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from insights.vocab import (
    ACTIVITY_TYPES,
    AGE_BANDS,
    CARE_STAGES,
    COLLECTORS,
    PACK_LANGUAGES,
    VENUE_TYPES,
)


@dataclass(frozen=True)
class Column:
    """One template column."""

    name: str
    required: bool
    description: str
    example: str


KINDS = ("venues", "narratives", "excerpts", "engagement")

_DATE = "Date, UK day first: 14/03/2023, 14-03-2023, 2023-03-14, 14 March 2023 or an Excel date cell."

TEMPLATES: dict[str, tuple[Column, ...]] = {
    "venues": (
        Column(
            "venue_id",
            False,
            "Your short reference for the venue; made from the name if blank.",
            "V-SWAN-CC",
        ),
        Column("name", True, "Venue name.", "Swanley Children's Centre"),
        Column(
            "venue_type",
            True,
            "One of: " + "; ".join(VENUE_TYPES) + ".",
            "Children's centre",
        ),
        Column(
            "postcode",
            True,
            "The venue's postcode; it must be found in the reference lookup.",
            "BR8 7AE",
        ),
        Column("active", False, "yes or no (blank means yes).", "yes"),
    ),
    "narratives": (
        Column(
            "narrative_id",
            False,
            "Your reference for the conversation; made from the row if blank.",
            "N0001",
        ),
        Column("collected_on", True, _DATE, "14/03/2023"),
        Column(
            "collected_by",
            True,
            "One of: " + "; ".join(COLLECTORS) + ".",
            "Engagement officer",
        ),
        Column("collector_ref", False, "Connector reference (never a name).", "C03"),
        Column(
            "venue_id",
            False,
            "venue_id of a venue already imported (or in the venues file).",
            "V-SWAN-CC",
        ),
        Column(
            "postcode",
            False,
            "The woman's postcode. Used only to find her area (LSOA, deprivation); it is not stored.",
            "DA11 0DL",
        ),
        Column(
            "ethnicity",
            False,
            "ONS 2021 ethnic group, e.g. African, Other White, White British.",
            "African",
        ),
        Column(
            "rating",
            False,
            "Rating of care, whole number 1-10 (8 and 8/10 both accepted).",
            "7",
        ),
        Column(
            "care_stages",
            False,
            "Stages spoken about, separated by ';': " + "; ".join(CARE_STAGES) + ".",
            "antenatal; postnatal",
        ),
        Column("first_baby", False, "yes or no.", "yes"),
        Column("age_band", False, "One of: " + "; ".join(AGE_BANDS) + ".", "25-29"),
        Column(
            "provider",
            False,
            "Hospital or service the woman used.",
            "Darent Valley Hospital",
        ),
        Column(
            "note",
            True,
            "The engagement note (restricted: only the engagement officer sees it).",
            "Said the midwife...",
        ),
    ),
    "excerpts": (
        Column(
            "excerpt_id",
            False,
            "Your reference for the coded excerpt; made from the row if blank.",
            "N0001-1",
        ),
        Column(
            "narrative_id",
            True,
            "narrative_id of the narrative it comes from.",
            "N0001",
        ),
        Column(
            "code",
            True,
            "A code label from the codebook (data/codebook/codes.csv) or its code_id.",
            "Not listened to about pain",
        ),
        Column(
            "theme",
            True,
            "Care & support, Barriers or Judgement (allowed for the code's category by Figure 2).",
            "Care & support",
        ),
        Column(
            "care_stage",
            False,
            "One of: " + "; ".join(CARE_STAGES) + ".",
            "labour and birth",
        ),
        Column(
            "excerpt",
            True,
            "The coded words, copied from the note.",
            "felt nobody listened when she asked for pain relief",
        ),
    ),
    "engagement": (
        Column(
            "entry_id",
            False,
            "Your reference for the activity; made from the row if blank.",
            "E0001",
        ),
        Column("activity_date", True, _DATE, "20/03/2023"),
        Column(
            "venue_id",
            True,
            "venue_id of a venue already imported (or in the venues file).",
            "V-SWAN-CC",
        ),
        Column(
            "activity_type",
            True,
            "One of: " + "; ".join(ACTIVITY_TYPES) + ".",
            "Pack drop-off",
        ),
        Column("women_engaged", False, "Whole number, 0 or more (blank means 0).", "6"),
        Column(
            "narratives_collected",
            False,
            "Whole number, 0 or more (blank means 0).",
            "2",
        ),
        *(
            Column(
                f"packs_{lang}",
                False,
                f"Information packs left in {lang.title()} (whole number).",
                "10" if lang == "english" else "0",
            )
            for lang in PACK_LANGUAGES
        ),
        Column(
            "connectors_present",
            False,
            "Community connectors present (whole number).",
            "1",
        ),
        Column(
            "note",
            False,
            "Short note about the visit (no names of women).",
            "Restocked the rack by reception",
        ),
    ),
}


def column_names(kind: str) -> list[str]:
    """Template column names of one kind, in order."""
    return [c.name for c in TEMPLATES[kind]]


def required_columns(kind: str) -> list[str]:
    """Columns that must be present and non-blank."""
    return [c.name for c in TEMPLATES[kind] if c.required]


#: Closed lists offered as an in-cell drop-down in the Excel templates (any accepted spelling still
#: imports; Excel only warns).
_DROPDOWNS: dict[str, tuple[str, ...]] = {
    "venue_type": VENUE_TYPES,
    "collected_by": COLLECTORS,
    "activity_type": ACTIVITY_TYPES,
    "age_band": AGE_BANDS,
    "care_stage": CARE_STAGES,
    "theme": ("Care & support", "Barriers", "Judgement"),
    "first_baby": ("yes", "no"),
    "active": ("yes", "no"),
}
#: Columns Excel must keep as typed text (stops 8/10 turning into 8 October, 20-24 into a date,
#: and ids losing leading zeros); date and count columns stay General.
_TEXT_FORMAT_SKIP = {
    "collected_on",
    "activity_date",
    "women_engaged",
    "narratives_collected",
    "connectors_present",
}
_GUIDE_HEADER = ("column", "required", "what it must hold", "example")


def guide_rows(kind: str) -> list[tuple[str, str, str, str]]:
    """The Guide sheet / README table of one kind: column, required, what it must hold, example."""
    return [(c.name, "yes" if c.required else "no", c.description, c.example) for c in TEMPLATES[kind]]


def templates_readme() -> str:
    """Markdown describing every template, generated from TEMPLATES."""
    lines = [
        "# Import templates",
        "",
        "Generated by `insights.ingest.templates.write_templates` from `insights/ingest/templates.py`; do not edit by hand",
        '(run `python -c "from insights.ingest.templates import write_templates; '
        'from insights.config import TEMPLATES_DIR; write_templates(TEMPLATES_DIR)"`).',
        "",
        "Each kind has a blank CSV (header row only, UTF-8) and an Excel workbook whose first sheet is the",
        "template and whose `Guide` sheet repeats the table below. The first row must hold the column",
        "names; column order does not matter, and headers are matched ignoring case, spaces and hyphens.",
        "",
        "- Dates are read **UK day first**: 04/03/2023 is 4 March 2023. 14/03/2023, 14-03-2023,",
        "  14.03.2023, 2023-03-14, 14 March 2023 and Excel date cells are all accepted; dates in the",
        "  future are rejected.",
        "- CSV files may be UTF-8 (with or without BOM) or Windows-1252, separated by commas, semicolons",
        "  or tabs.",
        "- An id left blank is made from the row's values (the same row always gets the same id), so",
        "  re-importing a file changes nothing. Give your own ids if you will correct rows later.",
        "- Each row is checked on its own; the import page lists every problem by spreadsheet row number",
        "  (the header is row 1).",
        "- The engagement template may carry extra `packs_<language>` columns (e.g. `packs_somali`) for",
        "  other pack languages.",
        "- Do not put women's names or contact details in any column.",
        "",
    ]
    for kind in KINDS:
        lines += [f"## {kind} (`{kind}.csv`, `{kind}.xlsx`)", ""]
        lines += ["| " + " | ".join(_GUIDE_HEADER) + " |", "|---|---|---|---|"]
        for row in guide_rows(kind):
            cells = [f"`{row[0]}`", row[1], row[2], f"`{row[3]}`"]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


#: Zip entry time for every file in a template (the zip format's clock starts in 1980).
_ZIP_TIME = (2023, 3, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible_xlsx(data: bytes, fixed_time) -> bytes:
    """The same workbook with a fixed 'modified' date and fixed zip entry times (byte-for-byte stable).

    openpyxl stamps docProps/core.xml's modified date and every zip entry with the time of saving, so
    regenerating the committed templates would change them; this rewrites both, keeping entry order.
    """
    stamp = fixed_time.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, body)
    return out.getvalue()


def write_templates(out_dir: Path) -> list[Path]:
    """Write the blank templates (<kind>.csv, <kind>.xlsx) and README.md into `out_dir`."""
    import datetime as dt

    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from insights.output.exports import write_csv

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    bold = Font(bold=True)
    fixed_time = dt.datetime(2023, 3, 1)  # stable document properties: regenerating changes nothing
    for kind in KINDS:
        columns = TEMPLATES[kind]
        csv_path = out_dir / f"{kind}.csv"
        write_csv(pd.DataFrame(columns=[c.name for c in columns]), csv_path, bom=False, lineterminator="\n")
        written.append(csv_path)

        wb = Workbook()
        wb.properties.creator = "Maternity Insights"
        wb.properties.created = fixed_time
        wb.properties.modified = fixed_time
        ws = wb.active
        ws.title = kind
        ws.append([c.name for c in columns])
        for i, col in enumerate(columns, start=1):
            letter = get_column_letter(i)
            ws.cell(row=1, column=i).font = bold
            ws.column_dimensions[letter].width = min(max(len(col.name), len(col.example), 10) + 4, 60)
            if col.name not in _TEXT_FORMAT_SKIP:
                ws.column_dimensions[letter].number_format = "@"
            if col.name in _DROPDOWNS:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(_DROPDOWNS[col.name]) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=col.name,
                    error=col.description[:255],
                )
                dv.add(f"{letter}2:{letter}10001")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"

        guide = wb.create_sheet("Guide")
        guide.append(list(_GUIDE_HEADER))
        for row in guide_rows(kind):
            guide.append(list(row))
        for cell in guide[1]:
            cell.font = bold
        for letter, width in zip("ABCD", (24, 10, 90, 40), strict=True):
            guide.column_dimensions[letter].width = width
        for (cell,) in guide.iter_rows(min_row=2, min_col=3, max_col=3):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        guide.freeze_panes = "A2"

        xlsx_path = out_dir / f"{kind}.xlsx"
        buffer = io.BytesIO()
        wb.save(buffer)
        xlsx_path.write_bytes(reproducible_xlsx(buffer.getvalue(), fixed_time))
        written.append(xlsx_path)

    readme = out_dir / "README.md"
    readme.write_text(templates_readme(), encoding="utf-8", newline="")
    written.append(readme)
    return written
