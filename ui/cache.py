"""Render-level caches shared by every session: built charts, maps and derived tables.

With one Python interpreter serving every session, each session's script run waits for the others'
Python work (the GIL), so a warm page must do little. Query results are already cached per data
version (ui.data.query); what a page derives from them (disclosure-controlled tables, Plotly figures,
pydeck decks) is cached here, keyed by the builder and its arguments. A data frame that came from
ui.data.query (or from a value cached here) is keyed by where it came from: the query's name, the data
versions of the tables it reads and its parameters (`remember`), which is cheap; any other frame by its
values (hashing every row of every argument on every run cost a third of a warm run). A write bumps the
data versions, hence the keys: nothing a write did not change is rebuilt, and nothing it changed is reused.

- `figure(builder, *args)`: a chart or map shared as one object by every session (st.cache_resource; the
  builders return new objects and st.plotly_chart / st.pydeck_chart only read them).
- `derived(fn, *args)`: a table or other value each session gets its own copy of (st.cache_data), so a
  page may change what it gets.
"""

from __future__ import annotations

import importlib
import pickle
import weakref
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from insights.analysis.disclosure import Controlled

#: id(object) -> (weak reference, origin): frames and tables whose origin is known (exact identity, so a
#: copy or a frame made from one is hashed by its values instead).
_ORIGINS: dict[int, tuple[weakref.ref, str]] = {}


def remember(obj: Any, origin: str) -> Any:
    """Note where `obj` (a data frame or controlled table) came from, for cheap cache keys; returns it."""
    if isinstance(obj, Controlled):
        remember(obj.frame, origin + ".frame")
    elif isinstance(obj, tuple):
        for i, part in enumerate(obj):
            remember(part, f"{origin}[{i}]")
        return obj
    if not isinstance(obj, pd.DataFrame | Controlled):
        return obj
    key = id(obj)
    try:
        ref = weakref.ref(obj, lambda _, key=key: _ORIGINS.pop(key, None))
    except TypeError:
        return obj
    _ORIGINS[key] = (ref, origin)
    return obj


def origin(obj: Any) -> str | None:
    """Where `obj` came from, if it was remembered and is that very object."""
    entry = _ORIGINS.get(id(obj))
    return entry[1] if entry is not None and entry[0]() is obj else None


def _frame_key(frame: pd.DataFrame) -> Any:
    known = origin(frame)
    if known is not None:
        return ("origin", known)
    try:
        values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:  # unhashable cells (lists): the pickle is exact too
        values = pickle.dumps(frame)
    return ("values", tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), values)


def _table_key(table: Controlled) -> Any:
    known = origin(table)
    if known is not None:
        return ("origin", known)
    return (_frame_key(table.frame), table.rule, table.counts, table.title)


HASH_FUNCS = {pd.DataFrame: _frame_key, Controlled: _table_key}


def _describe(module: str, name: str, args: tuple, kwargs: dict) -> str:
    """A short origin for a cached result: the function and its arguments' origins (or values)."""

    def one(value: Any) -> str:
        if isinstance(value, pd.DataFrame | Controlled):
            key = _frame_key(value) if isinstance(value, pd.DataFrame) else _table_key(value)
            return repr(key) if key[0] == "origin" else f"values:{hash(pickle.dumps(key))}"
        return repr(value)

    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in sorted(kwargs.items())]
    return f"{module}.{name}({', '.join(parts)})"


def _resolve(module: str, name: str) -> Callable:
    return getattr(importlib.import_module(module), name)


def _name(fn: Callable) -> tuple[str, str]:
    if fn.__name__ == "<lambda>" or "." in fn.__qualname__:
        raise ValueError(f"{fn!r}: only module-level functions can be cached by name")
    return fn.__module__, fn.__name__


@st.cache_resource(max_entries=512, show_spinner=False, hash_funcs=HASH_FUNCS)
def _built(module: str, name: str, *args: Any, **kwargs: Any) -> Any:
    return _resolve(module, name)(*args, **kwargs)


@st.cache_data(max_entries=1024, show_spinner=False, hash_funcs=HASH_FUNCS)
def _derived(module: str, name: str, *args: Any, **kwargs: Any) -> Any:
    return _resolve(module, name)(*args, **kwargs)


def figure(builder: Callable, *args: Any, **kwargs: Any) -> Any:
    """`builder(*args, **kwargs)` built once for these arguments and shared (do not change the result)."""
    return _built(*_name(builder), *args, **kwargs)


def derived(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` computed once for these arguments; each caller gets its own copy."""
    module, name = _name(fn)
    return remember(_derived(module, name, *args, **kwargs), _describe(module, name, args, kwargs))
