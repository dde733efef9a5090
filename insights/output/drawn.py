"""Charts, maps and derived tables built in a worker process (no Streamlit here): what the dashboard's
background refresh (ui.refresh) hands off after a write, so building them does not hold the server's
interpreter lock while people's pages run.

`build(module, name, args, kwargs)` calls the module-level builder and returns what the server needs to
draw the result: a Plotly figure as its dict (`("plotly", figure.to_dict())`; st.plotly_chart reads only
that, ui.cache.SharedFigure), a reach map with its JSON already made (`("value", deck)`,
insights.output.maps.SerialisedOnce), anything else as it is (`("value", built)`).
"""

from __future__ import annotations

import importlib
from typing import Any

import plotly.graph_objects as go

from insights.output.maps import SerialisedOnce


def build(module: str, name: str, args: tuple, kwargs: dict) -> tuple[str, Any]:
    """`module.name(*args, **kwargs)`, as the server would draw it (see the module's docstring)."""
    built = getattr(importlib.import_module(module), name)(*args, **kwargs)
    if type(built) is go.Figure:
        return "plotly", built.to_dict()
    if isinstance(built, SerialisedOnce):
        built.to_json()  # made here; the JSON travels with the deck
    return "value", built


def compute(module: str, name: str, args: tuple, kwargs: dict) -> Any:
    """`module.name(*args, **kwargs)`: a derived table (insights.analysis), sent back as it is."""
    return getattr(importlib.import_module(module), name)(*args, **kwargs)
