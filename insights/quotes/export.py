"""Exports of approved quotes: CSV (spreadsheet formulas neutralised) and a Word document.

Both take the frame of queries/quote_approved_groups.sql (approved quotes only) and carry coarse context
only: theme, category, polarity and care stage. Quotes get a neutral reference (Q1, Q2, ...) in
export order, never the excerpt or narrative id, so two quotes cannot be linked to one woman.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from insights.output.exports import FORMULA_START, write_csv

#: Spreadsheet programs treat cells starting with these as formulas (DESIGN.md: leading ').

TITLE = "Approved quotes"
INTRO = (
    "Women's words from community engagement on maternity care in Dartford, Gravesham and Swanley, "
    "approved for sharing by the Maternity and Neonatal Voices Partnership. Names, phone numbers, "
    "addresses, NHS numbers, postcodes and dates have been replaced by tags such as [NAME]. Each quote "
    "shows only its theme, category and care stage, so that no woman can be identified."
)
COLUMNS = {
    "ref": "Ref",
    "theme": "Theme",
    "category": "Category",
    "polarity": "Polarity",
    "care_stage": "Care stage",
    "quote": "Quote",
    "said_by": "Said by",
}


def neutralise(value) -> str:
    """A cell as text that no spreadsheet will evaluate (a leading ' before = + - @ tab CR)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_frame(approved: pd.DataFrame) -> pd.DataFrame:
    """Approved quotes in report order (theme, category, care stage) with references Q1, Q2, ..."""
    frame = approved.copy()
    order = [c for c in ("theme_order", "category_order", "care_stage", "excerpt_id") if c in frame.columns]
    if order:
        frame = frame.sort_values(order, na_position="last", kind="stable")
    frame = frame.reset_index(drop=True)
    frame["ref"] = [f"Q{i}" for i in range(1, len(frame) + 1)]
    frame["care_stage"] = frame["care_stage"].fillna("not recorded")
    frame["said_by"] = _said_by(frame)
    return frame[list(COLUMNS)]


def _said_by(frame: pd.DataFrame) -> list[str]:
    """How many women said each wording, disclosure-controlled (blank for 1 to 7): exports leave the MNVP."""
    if "women" not in frame.columns:
        return [""] * len(frame)
    from insights.analysis import disclosure
    from insights.quotes.groups import said_by

    rule = disclosure.rule_from_env()
    return [said_by(int(n), rule) if pd.notna(n) else "" for n in frame["women"]]


def to_csv(approved: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with a byte-order mark, so Excel reads accents) with every cell neutralised."""
    frame = export_frame(approved).rename(columns=COLUMNS)
    return write_csv(frame.apply(lambda column: column.map(neutralise)))


def counts(approved: pd.DataFrame) -> pd.DataFrame:
    """Number of quotes per theme and category, in report order."""
    frame = export_frame(approved)
    if frame.empty:
        return pd.DataFrame(columns=["Theme", "Category", "Quotes"])
    out = frame.groupby(["theme", "category"], sort=False).size().reset_index(name="Quotes")
    return out.rename(columns={"theme": "Theme", "category": "Category"})


def to_docx(
    approved: pd.DataFrame, *, selection: str = "all approved quotes", today: dt.date | None = None
) -> bytes:
    """A Word document grouped by theme then category, with counts, ready for an MNVP meeting."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    frame = export_frame(approved)
    day = today or dt.date.today()
    doc = Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Maternity Insights"
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(INTRO)
    n_categories = frame[["theme", "category"]].drop_duplicates().shape[0]
    summary = doc.add_paragraph()
    summary.add_run(
        f"{len(frame)} quote{'s' if len(frame) != 1 else ''} in {n_categories} "
        f"categor{'ies' if n_categories != 1 else 'y'}. "
    ).bold = True
    summary.add_run(f"Prepared on {day:%d %B %Y}. Selection: {selection}.")

    if frame.empty:
        doc.add_paragraph("No quotes have been approved for this selection yet.")
    else:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Light List Accent 1"
        for cell, label in zip(table.rows[0].cells, ("Theme", "Category", "Quotes"), strict=True):
            cell.text = label
        for row in counts(approved).itertuples(index=False):
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = row.Theme, row.Category, str(row.Quotes)
            cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for theme, by_theme in frame.groupby("theme", sort=False):
        doc.add_heading(f"{theme} ({len(by_theme)} quote{'s' if len(by_theme) != 1 else ''})", level=1)
        for category, by_category in by_theme.groupby("category", sort=False):
            polarity = by_category["polarity"].iat[0]
            doc.add_heading(
                f"{category} ({polarity}): {len(by_category)} quote{'s' if len(by_category) != 1 else ''}",
                level=2,
            )
            for quote in by_category.itertuples(index=False):
                para = doc.add_paragraph(style="Quote")
                para.add_run(f"\u201c{quote.quote}\u201d")
                meta = doc.add_paragraph()
                said = f" \u00b7 {quote.said_by.lower()}" if quote.said_by else ""
                run = meta.add_run(f"{quote.ref} \u00b7 care stage: {quote.care_stage}{said}")
                run.italic = True
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


CSV_MIME = "text/csv"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
