"""The briefing for a commissioning meeting: a Word document and a PowerPoint slide pack (no Streamlit).

`collect(fetch, filters, rule)` gathers every table through insights.analysis.breakdowns, so the briefing
holds exactly the disclosure-controlled figures the pages show; `to_docx` and `to_pptx` only lay
them out. The PowerPoint pack has native charts drawn with python-pptx's chart API (editable, no
browser or kaleido needed). The Word document has tables only (heatmaps as shaded tables, no chart
images): a plotly image export would need kaleido and a browser at run time.

A briefing built with the exact rule (the engagement officer's own figures) says so on every page
of the Word document (page header) and on every slide (a red band): EXACT_MARK. Pages offer the
officer the controlled briefing, the one a commissioner gets, as the default download. `fetch(name, **params)` runs a named query (ui.data.query on the pages, queries.run in
tests and scripts).

Quotes: only approved ones (the latest review of the excerpt is 'approved'), in the approved
wording, with coarse context (theme, category, care stage), and only when the selection is large
enough to show (a quote from a selection of 1-7 women would be labelled with a small group).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from insights.analysis import breakdowns, disclosure, stats
from insights.analysis.breakdowns import ALL, Controlled, Headline
from insights.analysis.disclosure import Rule
from insights.analysis.filters import Filters
from insights.reference import vintage

Fetch = Callable[..., pd.DataFrame]

TITLE = "Women's experiences of maternity care"
AREA = "Dartford, Gravesham and Swanley"
MAX_QUOTES = 8
QUOTES_PER_CATEGORY = 2
#: The groups the commissioning question is about: (dimension, group value).
FOCUS_GROUPS = (("ethnic_group", "Black"), ("ethnic_group", "Asian"), ("deprivation", "Core20"))
#: Heatmap shading, light to dark (as insight_charts.SHARE_SCALE).
_LIGHT, _DARK = (0xF0, 0xF4, 0xF5), (0x08, 0x30, 0x6B)
_HIDDEN = "hidden"
#: Printed on every page and slide of a briefing that carries exact (uncontrolled) counts.
EXACT_MARK = "Exact counts — for the engagement officer only. Do not share."

CAVEATS = (
    "These are the stories of women who chose to talk to the engagement team and community connectors, "
    "often at community venues. They are not a random sample of all women using maternity services.",
    "Each percentage is of all women in the group (the denominator), whether or not they mentioned anything "
    "about it. A woman counts once per theme or category however many times she mentioned it, so "
    "percentages add up to more than 100%.",
    "Themes were coded from the engagement officer's notes of each conversation, not from a questionnaire. "
    "A theme not mentioned is not the same as a theme not experienced.",
    "Small groups give uncertain figures: read the 95% confidence intervals. With many comparisons, some "
    "differences look real by chance; only those marked 'clear' still stand after allowing for the number of "
    "comparisons (Benjamini-Hochberg).",
    'Ratings answer one question: "How would you rate the maternity care you received on a scale of 1 to '
    '10?". Not every woman gave one.',
)


@dataclass
class Briefing:
    """Everything the briefing shows, already controlled."""

    selection: str
    generated: dt.date
    rule: Rule
    headline: Headline
    headline_table: Controlled
    distribution: Controlled
    rating_groups: list[tuple[str, Controlled, list[str]]] = field(default_factory=list)
    heatmaps: list[tuple[str, Controlled]] = field(default_factory=list)
    differences: list[tuple[str, Controlled, list[str]]] = field(default_factory=list)
    quotes: pd.DataFrame = field(default_factory=pd.DataFrame)
    quotes_note: str = ""
    demo: str | None = None
    deprivation: str = ""  # which deprivation index the figures use (insights.reference.vintage.caption)

    @property
    def exact(self) -> bool:
        """True when the figures are exact (the officer's view), not disclosure-controlled."""
        return self.rule == disclosure.EXACT

    @property
    def caveats(self) -> list[str]:
        """The caveats, ending with the deprivation index and the disclosure note."""
        return [*CAVEATS, *([self.deprivation] if self.deprivation else []), disclosure.note(self.rule)]


def collect(fetch: Fetch, filters: Filters, rule: Rule, today: dt.date | None = None) -> Briefing:
    """Gather the briefing's tables for a selection, through the same controlled builders as the pages."""
    params = filters.params()
    head = breakdowns.headline(fetch("overview_headline", **params), rule)
    overall = fetch("rating_distribution_by_group", **params, **breakdowns.group_params("all", rule))
    brief = Briefing(
        selection=filters.describe(),
        generated=today or dt.date.today(),
        rule=rule,
        headline=head,
        headline_table=breakdowns.headline_table(head, rule),
        distribution=breakdowns.rating_distribution(overall, rule),
    )
    demo = fetch("meta_value", key="demo")
    brief.demo = None if demo.empty else str(demo["value"].iat[0])
    brief.deprivation = vintage.caption_from(fetch("deprivation_vintage"))
    if head.women is None or head.raw_women == 0:
        brief.quotes_note = "Too few women in this selection to show figures or quotes."
        return brief
    prevalences: dict[str, Controlled] = {}
    for key in ("ethnic_group", "deprivation"):
        dim = breakdowns.dimension(key)
        group_params = breakdowns.group_params(key, rule)
        ratings = breakdowns.rating_by_group(
            fetch("rating_distribution_by_group", **params, **group_params), dim, rule
        )
        brief.rating_groups.append((dim.by, ratings, breakdowns.rating_findings(ratings)))
        prev = breakdowns.prevalence(fetch("theme_prevalence_by_group", **params, **group_params), dim, rule)
        prevalences[key] = prev
        brief.heatmaps.append((dim.by, prev))
    for key, group in FOCUS_GROUPS:
        prev = prevalences[key]
        sizes = breakdowns.group_sizes(prev).set_index("_group")
        if group not in sizes.index or pd.isna(sizes.at[group, "Women in group"]):
            continue
        table = breakdowns.compare_group(prev, group)
        label = sizes.at[group, "Group"]
        brief.differences.append((label, table, breakdowns.difference_findings(table)))
    from insights.quotes.review import group_threshold

    if head.women < group_threshold():
        brief.quotes_note = (
            "Quotes are left out: this selection has too few women for quotes to be shown without pointing "
            "to a small group."
        )
    else:
        brief.quotes, brief.quotes_note = _quotes(fetch, params, rule)
    return brief


def _quotes(fetch: Fetch, params: dict, rule: Rule) -> tuple[pd.DataFrame, str]:
    raw = fetch(
        "approved_quotes_for_cell",
        **params,
        **breakdowns.group_params("all", rule),
        group=ALL,
        category_ids=[],
        theme_ids=[],
        max_quotes=MAX_QUOTES * 5,
    )
    if raw.empty:
        return raw, (
            "No quotes from this selection have been approved by the MNVP reviewers yet, so none are "
            "included. Approved quotes appear here once they have been reviewed."
        )
    picked = raw.groupby("category_id", sort=False).head(QUOTES_PER_CATEGORY).head(MAX_QUOTES)
    note = (
        f"{len(picked)} quotes approved by the MNVP reviewers for sharing, in their approved wording, with "
        "only the theme, category and care stage they were coded to."
    )
    return picked.reset_index(drop=True), note


def file_name(brief: Briefing, suffix: str) -> str:
    """'maternity-insights-briefing-2024-03-01.docx'."""
    return file_name_on(brief.generated, suffix)


def file_name_on(day: dt.date, suffix: str) -> str:
    """The briefing's file name for a day (known before the briefing itself is built)."""
    return f"maternity-insights-briefing-{day:%Y-%m-%d}.{suffix}"


# --- shared formatting ------------------------------------------------------------------------------


def _num(value) -> str:
    return _HIDDEN if value is None or pd.isna(value) else f"{int(value):,}"


def _pct(value) -> str:
    return _HIDDEN if value is None or pd.isna(value) else f"{float(value):.0f}%"


def _rating(value) -> str:
    return _HIDDEN if value is None or pd.isna(value) else f"{float(value):.1f}"


def _headline_lines(h: Headline) -> list[tuple[str, str]]:
    return [
        ("Women who shared a narrative", _num(h.women)),
        ("Live in Core20 areas", f"{_pct(h.core20_pct)} ({_num(h.core20)} of {_num(h.area_known)} women)"),
        (
            "From ethnic minority groups",
            f"{_pct(h.ethnic_minority_pct)} ({_num(h.ethnic_minority)} of {_num(h.ethnicity_stated)} women)",
        ),
        ("Median rating", f"{_rating(h.median_rating)} out of 10 ({_num(h.rated)} women gave a rating)"),
        ("Mean rating", f"{_rating(h.mean_rating)} out of 10"),
        ("Period covered", h.period or _HIDDEN),
    ]


def _shade(pct) -> tuple[int, int, int] | None:
    if pct is None or pd.isna(pct):
        return None
    t = max(0.0, min(1.0, float(pct) / 100.0))
    return tuple(round(a + (b - a) * t) for a, b in zip(_LIGHT, _DARK, strict=True))


def _hex(rgb: tuple[int, int, int]) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _rating_rows(table: Controlled) -> tuple[list[str], list[list[str]]]:
    bands = [b for b, _, _ in breakdowns.RATING_BANDS]
    header = ["Group", "Gave a rating", "Median", *[f"Rated {b}" for b in bands], "Clear difference*"]
    rows = []
    for _, r in table.frame.iterrows():
        clear = r["Clear difference from other women"]
        rows.append(
            [
                r["Group"],
                _num(r["Women who gave a rating"]),
                _rating(r["Median rating"]),
                *[_pct(r[f"% rating {b}"]) for b in bands],
                "" if clear is None or pd.isna(clear) else clear,
            ]
        )
    return header, rows


def _heatmap(prev: Controlled, kinds: tuple[str, ...]) -> tuple[list[str], list[str], pd.DataFrame]:
    pct, _ = breakdowns.heatmap_frame(prev, kinds)
    sizes = breakdowns.group_sizes(prev).set_index("Group")["Women in group"]
    columns = [f"{g} (n={_num(sizes.get(g))})" for g in pct.columns]
    return list(pct.index), columns, pct


def _difference_rows(table: Controlled, limit: int = 6) -> tuple[list[str], list[list[str]]]:
    header = ["Theme or category", "This group", "Other women", "Difference (points, 95% CI)", "Clear"]
    rows = []
    for _, r in table.frame[table.frame["Difference (points)"].notna()].head(limit).iterrows():
        rows.append(
            [
                r["Theme or category"],
                _pct(r["% of women in group"]),
                _pct(r["% of other women"]),
                f"{r['Difference (points)']:+.0f} ({r['Difference CI from']:+.0f} to {r['Difference CI to']:+.0f})",
                r["Clear difference"] or "",
            ]
        )
    return header, rows


def _context(row) -> str:
    stage = row.get("care_stage")
    parts = [row["theme"], row["category"]] + (
        [str(stage).capitalize()] if isinstance(stage, str) and stage else []
    )
    return " · ".join(parts)


# --- Word ---------------------------------------------------------------------------------------------


def to_docx(brief: Briefing) -> bytes:
    """The briefing as a Word document (tables, heatmaps as shaded tables)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)

    def table(header: list[str], rows: list[list[str]], shade: list[list[tuple | None]] | None = None):
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.bold = True
            run.font.size = Pt(9)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for j, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.text = ""
                run = cell.paragraphs[0].add_run(str(text))
                run.font.size = Pt(9)
                rgb = shade[i][j] if shade else None
                if rgb is not None:
                    shd = OxmlElement("w:shd")
                    shd.set(qn("w:val"), "clear")
                    shd.set(qn("w:color"), "auto")
                    shd.set(qn("w:fill"), _hex(rgb))
                    cell._tc.get_or_add_tcPr().append(shd)
                    if sum(rgb) < 380:
                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        return t

    if brief.exact:  # a page header repeats on every page of the document
        header = doc.sections[0].header.paragraphs[0]
        run = header.add_run(EXACT_MARK)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.add_heading(TITLE, level=0)
    if brief.exact:
        run = doc.add_paragraph().add_run(EXACT_MARK)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.add_paragraph(f"{AREA}. Selection: {brief.selection}. Produced {brief.generated:%d %B %Y}.")
    if brief.demo:
        p = doc.add_paragraph()
        p.add_run(f"Synthetic demonstration data ({brief.demo}): no real women's stories.").bold = True

    doc.add_heading("Headline figures", level=1)
    for label, value in _headline_lines(brief.headline):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)

    doc.add_heading("How women rated their care", level=1)
    dist = brief.distribution.frame
    table(
        ["Rating", *[str(r) for r in dist["Rating"]]],
        [
            ["Women", *[_num(v) for v in dist["Women"]]],
            ["% of ratings", *[_pct(v) for v in dist["% of women who gave a rating"]]],
        ],
    )
    for label, ratings, findings in brief.rating_groups:
        doc.add_heading(f"Ratings by {label}", level=2)
        header, rows = _rating_rows(ratings)
        table(header, rows)
        doc.add_paragraph(
            f"* Clear difference: the share rating {breakdowns.RATING_BANDS[0][0]} differs from all other women "
            "after allowing for several comparisons.",
            style="Caption" if "Caption" in [s.name for s in doc.styles] else None,
        )
        for sentence in findings:
            doc.add_paragraph(sentence, style="List Bullet")

    for label, prev in brief.heatmaps:
        doc.add_heading(f"Themes and categories by {label}", level=1)
        doc.add_paragraph(
            "Share of women in each group with at least one part of their story coded to the theme or category. "
            "Darker cells are larger shares."
        )
        rows, columns, pct = _heatmap(prev, ("Theme", "Cross-cutting theme", "Category"))
        table(
            ["Theme or category", *columns],
            [[r, *[_pct(v) for v in pct.loc[r]]] for r in rows],
            [[None, *[_shade(v) for v in pct.loc[r]]] for r in rows],
        )

    if brief.differences:
        doc.add_heading("Where groups differ most from other women", level=1)
        for label, diff, findings in brief.differences:
            doc.add_heading(label, level=2)
            if findings:
                for sentence in findings:
                    doc.add_paragraph(sentence, style="List Bullet")
            else:
                doc.add_paragraph("No theme or category differs clearly from other women for this group.")
            header, rows = _difference_rows(diff)
            if rows:
                table(header, rows)
            n = breakdowns.comparisons_made(diff)
            if n:
                doc.add_paragraph(stats.multiple_comparisons_caveat(n))

    doc.add_heading("In women's words: approved quotes", level=1)
    doc.add_paragraph(brief.quotes_note)
    for _, q in brief.quotes.iterrows():
        p = doc.add_paragraph(style="Intense Quote")
        p.add_run(f"\u201c{q['quote']}\u201d")
        doc.add_paragraph(_context(q))

    doc.add_heading("Caveats", level=1)
    for caveat in brief.caveats:
        doc.add_paragraph(caveat, style="List Bullet")

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PowerPoint ---------------------------------------------------------------------------------------


def to_pptx(brief: Briefing) -> bytes:
    """The briefing as a 16:9 slide pack with native (editable) charts and heatmap tables."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    title_only, title_slide = prs.slide_layouts[5], prs.slide_layouts[0]
    nhs_blue = RGBColor(0x00, 0x5E, 0xB8)
    band_colours = [RGBColor(0xD5, 0x5E, 0x00), RGBColor(0x56, 0xB4, 0xE9), RGBColor(0x00, 0x72, 0xB2)]

    def slide(title: str):
        s = prs.slides.add_slide(title_only)
        s.shapes.title.text = title
        s.shapes.title.left, s.shapes.title.top = Inches(0.5), Inches(0.3)
        s.shapes.title.width, s.shapes.title.height = Inches(12.3), Inches(0.9)
        for p in s.shapes.title.text_frame.paragraphs:
            for r in p.runs:
                r.font.size = Pt(30)
                r.font.bold = True
                r.font.color.rgb = nhs_blue
        return s

    def text(s, lines: list[str], top: float = 1.3, size: int = 16, height: float = 5.8, left: float = 0.6):
        box = s.shapes.add_textbox(Inches(left), Inches(top), Inches(12.2 - (left - 0.6)), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = line
            para.space_after = Pt(6)
            for r in para.runs:
                r.font.size = Pt(size)
        return box

    def grid(s, header: list[str], rows: list[list[str]], shade=None, top=1.3, size=11, widths=None):
        height = Inches(0.3) * (len(rows) + 1)
        shape = s.shapes.add_table(len(rows) + 1, len(header), Inches(0.5), Inches(top), Inches(12.3), height)
        tbl = shape.table
        if widths:
            for j, w in enumerate(widths):
                tbl.columns[j].width = Inches(w)
        for j, h in enumerate(header):
            cell = tbl.cell(0, j)
            cell.text = str(h)
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
            cell.text_frame.paragraphs[0].runs[0].font.bold = True
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                cell = tbl.cell(i, j)
                cell.text = str(value)
                run = cell.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(size)
                cell.margin_top = cell.margin_bottom = Inches(0.02)
                rgb = shade[i - 1][j] if shade else None
                if rgb is not None:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(*rgb)
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if sum(rgb) < 380 else RGBColor(0, 0, 0)
                elif j > 0 and shade is not None:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    run.font.color.rgb = RGBColor(0x42, 0x55, 0x63)
        return tbl

    # title
    s = prs.slides.add_slide(title_slide)
    s.shapes.title.text = TITLE
    s.placeholders[1].text = f"{AREA}\nSelection: {brief.selection}\nProduced {brief.generated:%d %B %Y}" + (
        f"\nSynthetic demonstration data ({brief.demo}): no real women's stories." if brief.demo else ""
    )

    # headline
    s = slide("Headline figures")
    text(s, [f"{label}: {value}" for label, value in _headline_lines(brief.headline)], size=22)

    # rating distribution: native column chart (hidden counts are labelled, not drawn)
    s = slide("How women rated their care (1 = very poor, 10 = excellent)")
    dist = brief.distribution.frame
    data = CategoryChartData()
    data.categories = [
        f"{r}" if pd.notna(w) else f"{r} ({_HIDDEN})"
        for r, w in zip(dist["Rating"], dist["Women"], strict=True)
    ]
    data.add_series("Women", [0 if pd.isna(w) else int(w) for w in dist["Women"]])
    chart = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.6), data
    ).chart
    chart.has_legend = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size = Pt(14)
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = nhs_blue
    chart.category_axis.tick_labels.font.size = Pt(14)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.tick_labels.font.size = Pt(12)

    # ratings by group: stacked bars of % in each band (hidden bands are left out, not re-scaled)
    bands = [b for b, _, _ in breakdowns.RATING_BANDS]
    for label, ratings, findings in brief.rating_groups:
        s = slide(f"Ratings by {label}")
        f = ratings.frame
        data = CategoryChartData()
        data.categories = [
            f"{g} (n={_num(n)}, median {_rating(m)})"
            for g, n, m in zip(f["Group"], f["Women who gave a rating"], f["Median rating"], strict=True)
        ]
        for band in bands:
            data.add_series(
                f"Rated {band}", [None if pd.isna(v) else float(v) for v in f[f"% rating {band}"]]
            )
        chart = s.shapes.add_chart(
            XL_CHART_TYPE.BAR_STACKED, Inches(0.5), Inches(1.2), Inches(8.3), Inches(6.0), data
        ).chart
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
        chart.category_axis.reverse_order = True
        chart.category_axis.tick_labels.font.size = Pt(11)
        chart.value_axis.maximum_scale = 100
        chart.value_axis.minimum_scale = 0
        chart.value_axis.has_major_gridlines = False
        chart.value_axis.tick_labels.font.size = Pt(10)
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.number_format = '0"%"'
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
        for series, colour in zip(plot.series, band_colours, strict=False):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
        text(
            s,
            [
                *findings,
                f"Bars show the % of each group's ratings in each band; a missing segment is {_HIDDEN} "
                f"(1-{brief.rule.suppress_below - 1} women) when controlled.",
            ],
            top=1.4,
            size=14,
            left=9.0,
        )

    # heatmaps: themes, then categories
    for label, prev in brief.heatmaps:
        for kinds, what in ((("Theme", "Cross-cutting theme"), "Themes"), (("Category",), "Categories")):
            rows, columns, pct = _heatmap(prev, kinds)
            if not rows:
                continue
            s = slide(f"{what} by {label}: % of women in each group")
            size = 11 if len(rows) <= 8 else 9
            first = 3.6
            widths = [first] + [(12.3 - first) / len(columns)] * len(columns)
            grid(
                s,
                [what[:-1] if what != "Categories" else "Category", *columns],
                [[r, *[_pct(v) for v in pct.loc[r]]] for r in rows],
                [[None, *[_shade(v) for v in pct.loc[r]]] for r in rows],
                top=1.15,
                size=size,
                widths=widths,
            )

    # where groups differ
    if brief.differences:
        for label, diff, findings in brief.differences:
            s = slide(f"Where {label} differ most from other women")
            header, rows = _difference_rows(diff)
            if rows:
                grid(s, header, rows, top=1.2, size=12, widths=[4.3, 1.6, 1.8, 3.2, 1.4])
            lines = findings or ["No theme or category differs clearly from other women for this group."]
            text(s, lines, top=1.4 + 0.32 * (len(rows) + 1) + 0.3, size=14, height=2.5)

    # quotes
    quotes = list(brief.quotes.iterrows())
    if not quotes:
        s = slide("In women's words")
        text(s, [brief.quotes_note], size=18)
    for start in range(0, len(quotes), 4):
        s = slide("In women's words: approved quotes")
        lines = []
        for _, q in quotes[start : start + 4]:
            lines += [f"\u201c{q['quote']}\u201d", f"    {_context(q)}"]
        text(s, lines, size=16)

    # caveats
    s = slide("Caveats and disclosure control")
    text(s, brief.caveats, size=14)

    if brief.exact:  # a red band on every slide, so no single slide can travel without the warning
        for s in prs.slides:
            band = s.shapes.add_textbox(Inches(0), Inches(7.05), prs.slide_width, Inches(0.45))
            band.fill.solid()
            band.fill.fore_color.rgb = RGBColor(0xC0, 0x00, 0x00)
            para = band.text_frame.paragraphs[0]
            para.text = EXACT_MARK
            para.runs[0].font.size = Pt(14)
            para.runs[0].font.bold = True
            para.runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def plain_text(data: bytes, kind: str) -> str:
    """All the text in a generated .docx or .pptx (for tests and checks)."""
    if kind == "docx":
        from docx import Document

        doc = Document(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        for t in doc.tables:
            for row in t.rows:
                parts.append(" | ".join(c.text for c in row.cells))
        return "\n".join(parts)
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    parts = []
    for s in prs.slides:
        for shape in s.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                for row in shape.table.rows:
                    parts.append(" | ".join(c.text for c in row.cells))
            if shape.has_chart:
                chart = shape.chart
                parts.append(" | ".join(str(c) for c in chart.plots[0].categories))
                for series in chart.plots[0].series:
                    parts.append(f"{series.name}: " + " | ".join(str(v) for v in series.values))
    return "\n".join(re.sub(r"\s+\n", "\n", p) for p in parts)
