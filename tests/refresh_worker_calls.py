"""Functions ui.refresh hands to its worker process in tests/test_cache_refresh.py: each says which process
ran it (its process id), so a test can tell the worker's work from the server's."""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go


def shout_where(frame: pd.DataFrame) -> pd.DataFrame:
    """A derived table: the value upper-cased, and the process that made it."""
    return frame.assign(value=frame["value"].str.upper(), made_in=os.getpid())


def bars_where(frame: pd.DataFrame, sizes: dict) -> go.Figure:
    """A chart titled with the process that built it (`sizes`: a dict of numpy numbers, not a plain key)."""
    return go.Figure(go.Bar(x=list(sizes), y=frame["value"]), layout={"title": {"text": str(os.getpid())}})
