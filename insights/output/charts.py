"""Chart builders: pure functions, DataFrame in, plotly figure out (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NHS_BLUE = "#005EB8"


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        xaxis_title=x_title,
        yaxis_title=y_title,
        template="simple_white",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=320,
        font={"family": "Arial, Helvetica, sans-serif", "size": 14},
    )
    return fig


def monthly_counts(df: pd.DataFrame, value: str, title: str, y_title: str) -> go.Figure:
    """Bar chart of a count per month; months with none stay on the axis as gaps labelled 0."""
    fig = go.Figure(
        go.Bar(
            x=pd.to_datetime(df["month"]),
            y=df[value],
            marker_color=NHS_BLUE,
            text=df[value],
            textposition="outside",
            hovertemplate="%{x|%B %Y}: %{y}<extra></extra>",
        )
    )
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(dtick="M1", tickformat="%b\n%Y")
    fig.update_yaxes(range=[0, max(1, float(df[value].max() if len(df) else 0)) * 1.15], rangemode="tozero")
    return _layout(fig, title, "Month", y_title)
