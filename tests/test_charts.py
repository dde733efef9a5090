"""Chart builders are pure functions: DataFrame in, plotly figure out."""

from __future__ import annotations

import pandas as pd

from insights.output import charts


def test_monthly_counts_keeps_empty_months():
    df = pd.DataFrame({"month": pd.to_datetime(["2023-03-01", "2023-04-01", "2023-05-01"]), "n": [4, 0, 9]})
    fig = charts.monthly_counts(df, "n", "Narratives each month", "Narratives")
    bar = fig.data[0]
    assert list(bar.y) == [4, 0, 9]
    assert len(bar.x) == 3
    assert fig.layout.title.text == "Narratives each month"
    assert fig.layout.yaxis.range[1] > 9  # head-room so the value labels are not cut off
    assert bar.marker.color == charts.NHS_BLUE


def test_monthly_counts_empty_frame():
    fig = charts.monthly_counts(pd.DataFrame({"month": [], "n": []}), "n", "t", "y")
    assert len(fig.data[0].y) == 0
