"""Chart builders for the Overview and Themes pages: pure functions, controlled table in, figure out.

Every builder takes the frame of a `disclosure.Controlled` table (insights.analysis.breakdowns), so a chart
can only draw figures that have been through disclosure control. Hidden figures are written as
'hidden' on the chart, never drawn as a size. Colours are Okabe-Ito (colour-blind safe) and every
chart also carries the numbers as text, so no meaning rests on colour alone.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from insights.output.charts import NHS_BLUE, PALETTE

HIDDEN = "hidden"
GREY = "#768692"  # NHS mid grey
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14}
#: Rating bands from low to high: vermillion, sky blue, blue (distinct for all common colour-vision types).
BAND_COLOURS = ["#D55E00", "#56B4E9", "#0072B2"]
BAND_PATTERNS = ["/", "", ""]
#: Sequential single-hue scale for shares (light = few, dark = many); readable in greyscale too.
SHARE_SCALE = [[0.0, "#F0F4F5"], [0.5, "#6BAED6"], [1.0, "#08306B"]]
#: For grids with text in every small cell: white to a mid blue, so dark text stays readable throughout.
COOCCURRENCE_SCALE = [[0.0, "#FFFFFF"], [1.0, "#6BAED6"]]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


#: Plain white axes (as plotly's 'simple_white', set directly: assigning a named template deep-copies
#: it on every figure, which cost more than drawing the chart).
_AXES = {"showline": True, "linecolor": "#425563", "ticks": "outside", "showgrid": False, "zeroline": False}


def _layout(fig: go.Figure, title: str, height: int, **kwargs) -> go.Figure:
    kwargs.setdefault("margin", {"l": 10, "r": 10, "t": 60, "b": 10})
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=PALETTE,
        height=height,
        font=FONT,
        **kwargs,
    )
    fig.update_xaxes(**_AXES)
    fig.update_yaxes(**_AXES)
    return fig


def _pct(value, decimals: int = 0) -> str:
    return HIDDEN if _missing(value) else f"{value:.{decimals}f}%"


def _n(value) -> str:
    return HIDDEN if _missing(value) else f"{int(value):,}"


def rating_distribution_chart(frame: pd.DataFrame) -> go.Figure:
    """Bars of women giving each rating 1-10, labelled with count and share; hidden bars say so."""
    women = frame["Women"]
    heights = [0 if _missing(v) else int(v) for v in women]
    text = [
        HIDDEN if _missing(w) else f"{int(w)} ({_pct(p)})"
        for w, p in zip(women, frame["% of women who gave a rating"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=frame["Rating"],
            y=heights,
            name="Women",
            marker_color=NHS_BLUE,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="Rating %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="Rating (1 = very poor, 10 = excellent)", dtick=1, range=[0.4, 10.6])
    fig.update_yaxes(title="Women", rangemode="tozero")
    return _layout(fig, "How women rated their maternity care", 360, showlegend=False)


def hidden_remainder(frame: pd.DataFrame, bands: list[str]) -> list[float | None]:
    """Per group: the share of the bar left over by hidden rating bands (None when nothing is hidden).

    At least 3 points, so a hidden band with a tiny share is still visibly marked.
    """
    out: list[float | None] = []
    for _, row in frame.iterrows():
        values = [row[f"% rating {b}"] for b in bands]
        if not any(_missing(v) for v in values):
            out.append(None)
        else:
            out.append(max(100.0 - sum(float(v) for v in values if not _missing(v)), 3.0))
    return out


def rating_bands_chart(frame: pd.DataFrame, bands: list[str], by: str) -> go.Figure:
    """100% bars of rating bands per group, with each group's size and median in its label."""
    labels = [
        f"{g} (n={_n(n)}, median {'hidden' if _missing(m) else f'{m:g}'})"
        for g, n, m in zip(
            frame["Group"], frame["Women who gave a rating"], frame["Median rating"], strict=True
        )
    ]
    fig = go.Figure()
    for i, band in enumerate(bands):
        pct = frame[f"% rating {band}"]
        fig.add_trace(
            go.Bar(
                name=f"Rated {band}",
                y=labels,
                x=[0 if _missing(p) else p for p in pct],
                orientation="h",
                marker={
                    "color": BAND_COLOURS[i % len(BAND_COLOURS)],
                    "pattern": {
                        "shape": BAND_PATTERNS[i % len(BAND_PATTERNS)],
                        "fillmode": "overlay",
                        "fgcolor": "white",
                        "solidity": 0.15,
                    },
                },
                text=[f"{band}: {_pct(p)}" if not _missing(p) else "" for p in pct],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"%{{y}}<br>Rated {band}: %{{x:.0f}}%<extra></extra>",
            )
        )
    rest = hidden_remainder(frame, bands)
    if any(r is not None for r in rest):
        # A bar that stops short has hidden bands: say so with a grey 'hidden' segment for the rest.
        fig.add_trace(
            go.Bar(
                name=f"{HIDDEN.capitalize()} (1 to 7 women)",
                y=labels,
                x=[0 if r is None else r for r in rest],
                orientation="h",
                marker={
                    "color": "#E8EDEE",
                    "line": {"color": GREY, "width": 1},
                    "pattern": {"shape": "x", "fgcolor": GREY, "solidity": 0.2},
                },
                text=["" if r is None else HIDDEN for r in rest],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#212B32"},
                constraintext="none",
                hovertemplate="%{y}<br>Some bands hidden (1 to 7 women)<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack", legend={"orientation": "h", "y": -0.3, "yanchor": "top", "traceorder": "normal"}
    )
    fig.update_xaxes(title="% of women in the group who gave a rating", range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", title=None)
    height = 170 + 46 * len(labels)
    return _layout(fig, f"Ratings by {by}", height, margin={"l": 10, "r": 10, "t": 60, "b": 70})


def trend_chart(frame: pd.DataFrame, period: str) -> go.Figure:
    """Women per period (bars; empty periods show 0) above the median rating (gaps where hidden)."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        row_heights=[0.6, 0.4],
        subplot_titles=(f"Women who shared a narrative, by {period}", "Median rating"),
    )
    women = frame["Women"]
    fig.add_trace(
        go.Bar(
            x=frame["Period"],
            y=[0 if _missing(v) else int(v) for v in women],
            marker_color=NHS_BLUE,
            text=[_n(v) for v in women],
            textposition="outside",
            cliponaxis=False,
            name="Women",
            hovertemplate="%{x}: %{text} women<extra></extra>",
        ),
        row=1,
        col=1,
    )
    medians = [None if _missing(v) else float(v) for v in frame["Median rating"]]
    fig.add_trace(
        go.Scatter(
            x=frame["Period"],
            y=medians,
            mode="lines+markers+text",
            line={"color": PALETTE[1], "width": 2},
            marker={"size": 9, "symbol": "diamond"},
            text=["" if m is None else f"{m:g}" for m in medians],
            textposition="top center",
            connectgaps=False,
            name="Median rating",
            hovertemplate="%{x}: median %{y}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    hidden_at = [p for p, m, w in zip(frame["Period"], medians, women, strict=True) if m is None]
    if hidden_at:
        # A gap in the line is a hidden median (or a period with no ratings), written on the chart.
        fig.add_trace(
            go.Scatter(
                x=hidden_at,
                y=[5.5] * len(hidden_at),
                mode="text",
                text=[HIDDEN] * len(hidden_at),
                textfont={"color": GREY, "size": 12},
                name="Median hidden",
                hovertemplate="%{x}: median hidden (fewer than 8 ratings) or no ratings<extra></extra>",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(title="Women", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title="Rating", range=[0.5, 10.5], dtick=2, row=2, col=1)
    fig.update_xaxes(type="category", row=2, col=1)
    return _layout(fig, "", 480, showlegend=False, margin={"l": 10, "r": 10, "t": 40, "b": 10})


def shared_top(*frames: pd.DataFrame) -> float:
    """The largest shown '% of women' across several frames: one scale for charts read side by side."""
    values = [float(p) for f in frames for p in f["% of women"] if not _missing(p)]
    return max(values or [10.0])


def top_categories_chart(frame: pd.DataFrame, title: str, colour: str, top: float | None = None) -> go.Figure:
    """Horizontal bars of the share of women mentioning each category, labelled with the count.

    Pass `top` (see shared_top) to draw two charts on one scale, so their bar lengths compare.
    """
    text = [
        f"{_pct(p)} ({_n(n)} women)" for p, n in zip(frame["% of women"], frame["Women with it"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=frame["Category"],
            x=[0 if _missing(p) else p for p in frame["% of women"]],
            orientation="h",
            marker_color=colour,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    top = shared_top(frame) if top is None else top
    fig.update_xaxes(title="% of all women", range=[0, top * 1.75 + 5], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, title, 110 + 44 * max(len(frame), 1), showlegend=False)


def prevalence_heatmap(
    pct: pd.DataFrame, counts: pd.DataFrame, sizes: dict[str, object], title: str
) -> go.Figure:
    """Themes or categories (rows) by groups (columns): share of women, written in every cell."""
    columns = [f"{g}<br>n={_n(sizes.get(g))}" for g in pct.columns]
    z = [[None if _missing(v) else float(v) for v in row] for row in pct.to_numpy()]
    text = [[HIDDEN if _missing(p) else f"{p:.0f}%" for p in row] for row in pct.to_numpy()]
    hover = [
        [
            f"{r} · {g}: " + (HIDDEN if _missing(p) else f"{p:.0f}% ({_n(c)} women)")
            for g, p, c in zip(pct.columns, prow, crow, strict=True)
        ]
        for r, prow, crow in zip(pct.index, pct.to_numpy(), counts.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=list(pct.index),
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=SHARE_SCALE,
            zmin=0,
            zmax=max([v for row in z for v in row if v is not None] or [100]),
            colorbar={"title": {"text": "% of women"}, "ticksuffix": "%"},
            xgap=2,
            ygap=2,
            hoverongaps=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, title, 160 + 30 * len(pct.index), margin={"l": 10, "r": 10, "t": 110, "b": 10})


def comparison_chart(frame: pd.DataFrame, overall: float | None, item_name: str) -> go.Figure:
    """One theme or category across groups: share with its 95% CI, the all-women share as a line."""
    shown = frame[frame["% of women in group"].notna()]
    # Each share is written in its row label, not next to its dot, so the dashed all-women line never
    # runs through a data label.
    labels = [
        f"{g} (n={_n(n)}): {_pct(p)}"
        for g, n, p in zip(frame["Group"], frame["Women in group"], frame["% of women in group"], strict=True)
    ]
    shown_labels = [lab for lab, ok in zip(labels, frame["% of women in group"].notna(), strict=True) if ok]
    fig = go.Figure(
        go.Scatter(
            x=shown["% of women in group"].astype(float),
            y=shown_labels,
            mode="markers",
            marker={"size": 11, "color": NHS_BLUE, "symbol": "circle"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (shown["95% CI to"] - shown["% of women in group"]).astype(float),
                "arrayminus": (shown["% of women in group"] - shown["95% CI from"]).astype(float),
                "color": NHS_BLUE,
                "thickness": 2,
            },
            hovertemplate="%{y}<extra></extra>",
            name="Share (95% CI)",
        )
    )
    hidden = [lab for lab, ok in zip(labels, frame["% of women in group"].notna(), strict=True) if not ok]
    if hidden:
        fig.add_trace(
            go.Scatter(
                x=[1] * len(hidden),
                y=hidden,
                mode="text",
                text=[HIDDEN] * len(hidden),
                textposition="middle right",
                hoverinfo="skip",
                name="Hidden",
            )
        )
    if overall is not None:
        fig.add_vline(x=overall, line={"dash": "dash", "color": "#425563", "width": 2}, layer="below")
        fig.add_annotation(
            x=overall,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            text=f"All women: {overall:.0f}%",
            showarrow=False,
            font={"size": 13, "color": "#425563"},
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_xaxes(
        title="% of women in the group (with 95% confidence interval)", range=[0, 100], ticksuffix="%"
    )
    return _layout(
        fig,
        f"{item_name}: share of women in each group",
        150 + 44 * len(labels),
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
    )


def difference_chart(frame: pd.DataFrame, group_label: str, limit: int = 12) -> go.Figure:
    """For one group: the themes and categories that differ most from all other women (points, 95% CI)."""
    f = frame[frame["Difference (points)"].notna()].head(limit)
    # The difference is written in the row label, so the zero line never runs through a data label.
    labels = [
        f"{name}{' (clear)' if clear == 'Yes' else ''}: {d:+.0f}"
        for name, clear, d in zip(
            f["Theme or category"], f["Clear difference"], f["Difference (points)"], strict=True
        )
    ]
    colours = [PALETTE[5] if d > 0 else PALETTE[0] for d in f["Difference (points)"]]
    symbols = ["triangle-right" if d > 0 else "triangle-left" for d in f["Difference (points)"]]
    fig = go.Figure(
        go.Scatter(
            x=f["Difference (points)"].astype(float),
            y=labels,
            mode="markers",
            marker={"size": 13, "color": colours, "symbol": symbols},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (f["Difference CI to"] - f["Difference (points)"]).astype(float),
                "arrayminus": (f["Difference (points)"] - f["Difference CI from"]).astype(float),
                "color": GREY,
                "thickness": 1.5,
            },
            customdata=list(
                zip(
                    f["% of women in group"].astype(float),
                    f["% of other women"].astype(float),
                    strict=True,
                )
            ),
            hovertemplate=(
                "%{y}<br>" + group_label + ": %{customdata[0]:.0f}%<br>Other women: %{customdata[1]:.0f}%"
                "<br>Difference: %{x:+.0f} points<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=0, line={"color": "black", "width": 1}, layer="below")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", title=None)
    fig.update_xaxes(
        title=f"Percentage points: {group_label} minus other women (95% CI). Right = more common for them",
        zeroline=False,
    )
    return _layout(
        fig,
        f"Where {group_label} differ most from other women",
        140 + 40 * max(len(labels), 1),
        showlegend=False,
    )


def cooccurrence_heatmap(frame: pd.DataFrame) -> go.Figure:
    """Categories (rows) by categories (columns): % of women with the row category who mention the column."""
    order = list(dict.fromkeys(frame["Category"]))
    grid = frame.pivot(index="Category", columns="Also mentions", values="% who also mention it").reindex(
        index=order, columns=order
    )
    counts = frame.pivot(index="Category", columns="Also mentions", values="Women with both").reindex(
        index=order, columns=order
    )
    z = [[None if _missing(v) else float(v) for v in row] for row in grid.to_numpy()]
    top = max([v for row in z for v in row if v is not None] or [100.0])
    # Column headings are the row numbers (horizontal, short); each row names its category with its number.
    numbers = [str(i) for i in range(1, len(order) + 1)]
    row_labels = [f"{i}. {name}" for i, name in enumerate(order, start=1)]
    text = [
        ["—" if r == c else ("" if _missing(v) else f"{v:.0f}") for c, v in zip(order, row, strict=True)]
        for r, row in zip(order, grid.to_numpy(), strict=True)
    ]
    hover = [
        [
            "" if r == c else f"Of women who mention {r}, {_pct(v)} also mention {c} ({_n(k)} women)"
            for c, v, k in zip(order, row, krow, strict=True)
        ]
        for r, row, krow in zip(order, grid.to_numpy(), counts.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=numbers,
            y=row_labels,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            # Light enough at its darkest for black text, so every cell reads (contrast above 4.5:1).
            colorscale=COOCCURRENCE_SCALE,
            zmin=0,
            zmax=top,
            colorbar={"title": {"text": "% also mention"}, "ticksuffix": "%"},
            xgap=1,
            ygap=1,
            hoverongaps=False,
        )
    )
    fig.update_traces(textfont={"color": "#212B32"})
    fig.update_yaxes(autorange="reversed", title="Women who mention… (blank cell: hidden, 1-7 women)")
    fig.update_xaxes(
        side="top",
        type="category",  # every number shown (a numeric axis would thin them to 5, 10, 15)
        tickangle=0,
        title="…who also mention the category with this number (%)",
    )
    return _layout(fig, "", 240 + 32 * len(order), margin={"l": 10, "r": 10, "t": 80, "b": 10})


def alongside_chart(frame: pd.DataFrame, category: str, limit: int = 10) -> go.Figure:
    """For one category: what else its women mention, against women who do not mention it."""
    f = frame[frame["Category"] == category]
    f = (
        f[f["% who also mention it"].notna()]
        .sort_values("% who also mention it", ascending=False)
        .head(limit)
    )
    fig = go.Figure()
    for col, name, colour, pattern in (
        ("% who also mention it", f"Women who mention {category}", PALETTE[5], "/"),
        ("% of other women who mention it", "Other women", PALETTE[0], ""),
    ):
        fig.add_trace(
            go.Bar(
                y=f["Also mentions"],
                x=[0 if _missing(v) else v for v in f[col]],
                orientation="h",
                name=name,
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": pattern,
                        "fillmode": "overlay",
                        "fgcolor": "white",
                        "solidity": 0.15,
                    },
                },
                text=[_pct(v) for v in f[col]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:.0f}%<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.0, "yanchor": "bottom"})
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title="% of women", ticksuffix="%", rangemode="tozero")
    return _layout(fig, f"What else women who mention {category} talk about", 160 + 52 * max(len(f), 1))


def figure2_chart(frame: pd.DataFrame, themes: list[str]) -> go.Figure:
    """Figure 2: which categories sit in which themes (ticked), with women coded to each cell."""
    cats = list(frame["Category"])
    z, text = [], []
    for _, row in frame.iterrows():
        zrow, trow = [], []
        for t in themes:
            inside = row[f"In {t}"] == "✓"
            women = row[f"Women: {t}"]
            if not inside:
                zrow.append(None)
                trow.append("")
            else:
                zrow.append(0.0 if _missing(women) else float(women))
                trow.append(f"✓ {_n(women)}")
        z.append(zrow)
        text.append(trow)
    labels = [t.replace(" ", "<br>", 1) if len(t) > 12 else t for t in themes]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=cats,
            text=text,
            texttemplate="%{text}",
            colorscale=SHARE_SCALE,
            zmin=0,
            name="Women",
            colorbar={"title": {"text": "Women"}},
            xgap=2,
            ygap=2,
            hovertemplate="%{y} · %{x}: %{text} women<extra></extra>",
            hoverongaps=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, "", 160 + 30 * len(cats), margin={"l": 10, "r": 10, "t": 70, "b": 10})
