"""Reach trend charts: pure functions, DataFrame in, plotly figure out (no Streamlit).

Packs left and narratives collected per month by locality or pack language, and the Core20 share
of packs and narratives against the Core20 share of the area's neighbourhoods.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from insights.output.charts import PALETTE

LOCALITY_ORDER = ("Dartford", "Gravesham", "Swanley", "Other", "Unknown")
OTHER_LANGUAGES = "Other languages"


def language_label(language: str) -> str:
    """'english' -> 'English'."""
    return str(language).replace("_", " ").title()


def top_groups(
    df: pd.DataFrame, group: str, value: str, keep: int = 6, other: str = OTHER_LANGUAGES
) -> pd.DataFrame:
    """Keep the `keep` largest groups by total `value` and sum the rest into `other`.

    At most keep + 1 groups, so each gets its own colour-blind-safe colour.
    """
    totals = df.groupby(group)[value].sum().sort_values(ascending=False, kind="stable")
    kept = list(totals.index[:keep])
    out = df.copy()
    out[group] = out[group].where(out[group].isin(kept), other)
    keys = [c for c in out.columns if c not in (value,)]
    return out.groupby(keys, as_index=False, sort=False)[value].sum(min_count=1)


def packs_by(packs_month: pd.DataFrame, by: str) -> pd.DataFrame:
    """engagement_packs_by_month rows summed per month and 'locality' or 'language' (top six + other)."""
    if by == "locality":
        return packs_month.groupby(["month", "locality"], as_index=False, sort=True)["packs"].sum()
    if by != "language":
        raise ValueError("by must be 'locality' or 'language'")
    grouped = top_groups(packs_month[["month", "language", "packs"]], "language", "packs")
    grouped["language"] = [g if g == OTHER_LANGUAGES else language_label(g) for g in grouped["language"]]
    return grouped


def _layout(fig: go.Figure, title: str, y_title: str, height: int = 340) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        template="simple_white",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=height,
        font={"family": "Arial, Helvetica, sans-serif", "size": 14},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "xanchor": "right",
            "x": 1,
            "title": None,
            "traceorder": "normal",
        },
        yaxis_title=y_title,
    )
    return fig


def to_quarters(df: pd.DataFrame, value: str, group: str) -> pd.DataFrame:
    """Monthly rows (month, group, value) summed to calendar quarters (`month` = the quarter's first day)."""
    out = df.copy()
    out["month"] = pd.to_datetime(out["month"]).dt.to_period("Q").dt.to_timestamp()
    return out.groupby(["month", group], as_index=False, sort=True)[value].sum(min_count=1)


def monthly_stacked(
    df: pd.DataFrame,
    value: str,
    group: str,
    title: str,
    y_title: str,
    order: list[str] | None = None,
    labels: dict[str, str] | None = None,
    period: str = "month",
) -> go.Figure:
    """Bars per calendar month (or quarter) stacked by `group`; empty periods stay on the axis.

    Missing or suppressed (NA) cells are left out of the stack, never drawn as zero; a group with
    nothing to draw is left out of the legend. With `order`, each group keeps the colour of its
    place in `order` whichever groups are present.
    """
    if period not in ("month", "quarter"):
        raise ValueError("period must be 'month' or 'quarter'")
    fig = go.Figure()
    if df.empty:
        return _layout(fig, title, y_title)
    data = df.copy()
    step = "Q" if period == "quarter" else "M"
    data["month"] = pd.to_datetime(data["month"]).dt.to_period(step).dt.to_timestamp()
    starts = pd.date_range(
        data["month"].min(), data["month"].max(), freq="QS" if period == "quarter" else "MS"
    )
    present = list(dict.fromkeys(data[group].tolist()))
    order = list(order or [])
    groups = [g for g in order if g in present] + [g for g in present if g not in order]
    extra = [g for g in groups if g not in order]
    when = "Quarter from %{x|%B %Y}" if period == "quarter" else "%{x|%B %Y}"
    for name in groups:
        part = data[data[group] == name].groupby("month")[value].sum(min_count=1).reindex(starts)
        values = part.astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
        if pd.isna(values).all():
            continue
        colour = PALETTE[
            (order.index(name) if name in order else len(order) + extra.index(name)) % len(PALETTE)
        ]
        label = (labels or {}).get(name, str(name))
        fig.add_trace(
            go.Bar(
                x=starts,
                y=values,
                name=label,
                marker_color=colour,
                marker_line={"color": "#ffffff", "width": 0.5},
                hovertemplate=f"{label}<br>{when}: %{{y:,}}<extra></extra>",
            )
        )
    hidden = hidden_cells(data, value, group, labels)
    if hidden:
        # Suppressed cells are not drawn, so say above each bar which groups are hidden there.
        shown = data.groupby("month")[value].sum(min_count=1).reindex(starts).fillna(0)
        fig.add_trace(
            go.Scatter(
                x=list(hidden),
                y=[float(shown[m]) for m in hidden],
                mode="text",
                text=["hidden: " + ", ".join(names) for names in hidden.values()],
                textposition="top center",
                textfont={"size": 11, "color": "#425563"},
                name="Hidden (1 to 7)",
                hovertemplate="%{text} (1 to 7, not drawn)<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_xaxes(dtick="M3" if period == "quarter" else "M1", tickformat="%b\n%Y", title=None)
    return _layout(fig, title, y_title)


def hidden_cells(
    data: pd.DataFrame, value: str, group: str, labels: dict[str, str] | None = None
) -> dict[pd.Timestamp, list[str]]:
    """Per period start, the groups whose count is present but suppressed (NA) there."""
    missing = data[data[value].isna()]
    out: dict[pd.Timestamp, list[str]] = {}
    for month, name in zip(missing["month"], missing[group], strict=True):
        out.setdefault(pd.Timestamp(month), []).append((labels or {}).get(name, str(name)))
    return dict(sorted(out.items()))


def core20_share_chart(shares: pd.DataFrame) -> go.Figure:
    """Core20 share of packs and narratives as bars, against the Core20 share of neighbourhoods.

    `shares` is insights.analysis.coverage.core20_shares output. The neighbourhoods share is the reference
    line: a bar past it means Core20 areas got more than their share. Suppressed shares are noted
    in the bar label instead of drawn.
    """
    fig = go.Figure()
    base = shares[shares["measure"] == "neighbourhoods"]
    bars = shares[shares["measure"] != "neighbourhoods"].iloc[::-1]
    texts = []
    for pct, num, den in zip(bars["percent"], bars["in_core20"], bars["total"], strict=True):
        if pd.isna(pct):
            texts.append("hidden or none")
        elif pd.isna(num) or pd.isna(den):
            texts.append(f"{pct:.0f}%")
        else:
            texts.append(f"{pct:.0f}% ({int(num):,} of {int(den):,})")
    fig.add_trace(
        go.Bar(
            x=bars["percent"].astype("Float64").to_numpy(dtype=float, na_value=float("nan")),
            y=bars["label"],
            orientation="h",
            marker_color=[PALETTE[0], PALETTE[1]][: len(bars)],
            text=texts,
            # Inside the bar from its start, so the dashed reference line (drawn below the bars) never
            # runs through a label.
            textposition="inside",
            insidetextanchor="start",
            textfont={"color": "white"},
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}% in Core20 neighbourhoods<extra></extra>",
            showlegend=False,
        )
    )
    if len(base) and not pd.isna(base["percent"].iat[0]):
        ref = float(base["percent"].iat[0])
        fig.add_vline(x=ref, line_dash="dash", line_color="#212b32", line_width=2, layer="below")
        fig.add_annotation(
            x=ref,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            text=f"Core20 share of neighbourhoods: {ref:.0f}%",
            showarrow=False,
            xanchor="left",
            font={"size": 13},
        )
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title="Share in Core20 neighbourhoods")
    _layout(fig, "How much reaches Core20 neighbourhoods", "", height=280)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 80, "b": 10})
    return fig
