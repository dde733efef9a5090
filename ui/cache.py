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
  builders return new objects and st.plotly_chart / st.pydeck_chart only read them). A Plotly figure's
  dict and a reach map's JSON, which those ask for on every run, are made once (`SharedFigure`,
  insights.output.maps.SerialisedOnce).
- `derived(fn, *args)`: a table or other value each session gets its own copy of (kept once, handed out as
  a deep copy), so a page may change what it gets.
- `arrow_table(frame_or_table, columns)`: what st.dataframe is given; for a remembered frame or table, the Arrow
  table Streamlit would convert it to on every run, converted once and shared.

When every argument is a remembered frame or table, or a plain value (str, int, float, bool, None, a date,
tuples, lists and dicts of those, frozen dataclasses of those), the key Streamlit hashes is one string made
from the function's name and those origins and reprs (`plain_key`), not the arguments themselves:
Streamlit's own hashing of each argument on every call was a tenth of a warm Themes or Reach run, in the
one interpreter every session shares. Any other argument (a frame of unknown origin, an array, an object)
is hashed by Streamlit as before. Those keyed calls pass their arguments by keyword: given positional ones,
Streamlit looks up the function's signature (inspect.signature) for each of them on every call.

Each call is also noted as a *recipe* (`used`): how to make the value again from named queries, so after a
write ui.refresh can recompute the busiest charts and tables for the new data versions before readers ask.
A value made from a frame of unknown origin has no recipe and is left to the reader.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib
import pickle
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insights.analysis.disclosure import Controlled
from insights.output.maps import SerialisedOnce

#: id(object) -> (weak reference, origin, recipe): frames and tables whose origin is known (exact identity,
#: so a copy or a frame made from one is hashed by its values instead).
_ORIGINS: dict[int, tuple[weakref.ref, str, tuple | None]] = {}

#: A recipe: ("query", name, params) | ("derived" | "figure", module, name, args, kwargs) | ("item", recipe, i)
#: | ("frame", recipe) | ("value", value) | ("arrow", recipe, columns); params and kwargs are sorted (name,
#: value) tuples.
Recipe = tuple
#: repr(recipe) -> (recipe, when last used): what pages asked for lately (ui.refresh recomputes these).
_USED: dict[str, tuple[Recipe, float]] = {}
_USED_LOCK = threading.Lock()
USED_MAX = 400
_QUIET = threading.local()


def remember(obj: Any, origin: str, recipe: Recipe | None = None) -> Any:
    """Note where `obj` (a data frame or controlled table) came from, for cheap cache keys; returns it."""
    if isinstance(obj, Controlled):
        remember(obj.frame, origin + ".frame", None if recipe is None else ("frame", recipe))
    elif isinstance(obj, tuple):
        for i, part in enumerate(obj):
            remember(part, f"{origin}[{i}]", None if recipe is None else ("item", recipe, i))
        return obj
    if not isinstance(obj, pd.DataFrame | Controlled):
        return obj
    key = id(obj)
    try:
        ref = weakref.ref(obj, lambda _, key=key: _ORIGINS.pop(key, None))
    except TypeError:
        return obj
    _ORIGINS[key] = (ref, origin, recipe)
    return obj


def origin(obj: Any) -> str | None:
    """Where `obj` came from, if it was remembered and is that very object."""
    entry = _ORIGINS.get(id(obj))
    return entry[1] if entry is not None and entry[0]() is obj else None


def recipe_of(obj: Any) -> Recipe | None:
    """How to make `obj` again (a frame or table from a query or a cached call), if known."""
    if isinstance(obj, pd.DataFrame | Controlled):
        entry = _ORIGINS.get(id(obj))
        return entry[2] if entry is not None and entry[0]() is obj else None
    parts = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, tuple | list | set) else ()
    if any(isinstance(part, pd.DataFrame | Controlled) for part in parts):
        return None  # a container holding frames: not worth a recipe of its own
    return ("value", obj)


@contextmanager
def quietly() -> Iterator[None]:
    """Calls made in this thread meanwhile are not noted as used (ui.refresh recomputing them)."""
    _QUIET.on = True
    try:
        yield
    finally:
        _QUIET.on = False


def used(recipe: Recipe | None) -> None:
    """Note that a page asked for this value now (the most recent USED_MAX are kept)."""
    if recipe is None or getattr(_QUIET, "on", False):
        return
    key = repr(recipe)
    with _USED_LOCK:
        _USED.pop(key, None)
        _USED[key] = (recipe, time.monotonic())
        while len(_USED) > USED_MAX:
            del _USED[next(iter(_USED))]


def recently_used(within: float) -> list[Recipe]:
    """The recipes asked for in the last `within` seconds, least recently used first."""
    now = time.monotonic()
    with _USED_LOCK:
        return [recipe for recipe, when in _USED.values() if now - when <= within]


def _call_recipe(kind: str, module: str, name: str, args: tuple, kwargs: dict) -> Recipe | None:
    parts = [recipe_of(a) for a in args]
    named = [(k, recipe_of(v)) for k, v in sorted(kwargs.items())]
    if any(p is None for p in parts) or any(p is None for _, p in named):
        return None
    return (kind, module, name, tuple(parts), tuple(named))


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


class SharedFigure(go.Figure):
    """A Plotly figure shared by every session (`figure`): its dict, which st.plotly_chart asks for on every
    run (a deep copy of the whole figure, most of a chart's warm cost), is made once. Do not change it."""

    def to_dict(self) -> dict:
        done = self.__dict__.get("_as_dict")
        if done is None:
            done = super().to_dict()
            self._as_dict = done
        return done

    @classmethod
    def from_dict(cls, drawn: dict) -> SharedFigure:
        """A shared figure whose dict was made elsewhere (insights.output.drawn, in a worker process): an empty
        figure holding that dict, which is all st.plotly_chart reads (it asks for `to_dict()`), without
        building and validating the traces again here. Only for drawing: its traces and layout are empty."""
        shell = cls()
        shell._as_dict = drawn
        return shell


def _build(module: str, name: str, args: tuple, kwargs: dict, maker: Callable | None = None) -> Any:
    """Build a figure (`maker(module, name, args, kwargs)` if given: ui.refresh's worker), its dict or JSON
    made now, not by its first reader."""
    if maker is not None:
        return maker(module, name, args, kwargs)
    built = _resolve(module, name)(*args, **kwargs)
    if type(built) is go.Figure:
        built.__class__ = SharedFigure  # the same object, its dict made once (nothing is copied)
        built.to_dict()  # now, not by its first reader: when ui.refresh builds it, in the background
    elif isinstance(built, SerialisedOnce):
        built.to_json()  # the same for a reach map's JSON
    return built


@st.cache_resource(max_entries=512, show_spinner=False, hash_funcs=HASH_FUNCS)
def _built(module: str, name: str, *args: Any, _maker: Callable | None = None, **kwargs: Any) -> Any:
    return _build(module, name, args, kwargs, _maker)  # _maker is not hashed (leading underscore)


@st.cache_resource(max_entries=512, show_spinner=False)
def _built_keyed(
    key: str, _call: tuple
) -> Any:  # _call is not hashed (leading underscore): `key` says it all
    return _build(*_call)


# Derived values are kept as objects and each caller gets a deep copy (`derived`): the same independence as
# st.cache_data's pickled copies, at a third of the cost (unpickling every table on every warm run was a
# tenth of a warm Themes run).
@st.cache_resource(max_entries=1024, show_spinner=False, hash_funcs=HASH_FUNCS)
def _derived(module: str, name: str, *args: Any, _maker: Callable | None = None, **kwargs: Any) -> Any:
    if _maker is not None:  # ui.refresh: computed elsewhere (not hashed: leading underscore)
        return _maker(module, name, args, kwargs)
    return _resolve(module, name)(*args, **kwargs)


@st.cache_resource(max_entries=1024, show_spinner=False)
def _derived_keyed(key: str, _call: tuple) -> Any:
    module, name, args, kwargs, *maker = _call
    if maker:  # ui.refresh: computed elsewhere
        return maker[0](module, name, args, kwargs)
    return _resolve(module, name)(*args, **kwargs)


_PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time)


def _plain(value: Any) -> str | None:
    """An exact text for a remembered frame or table (its origin) or a plain value (its repr); else None."""
    if isinstance(value, pd.DataFrame | Controlled):
        known = origin(value)
        return None if known is None else f"<{type(value).__name__} {known}>"
    if type(value) in _PLAIN or isinstance(value, pd.Timestamp):  # exact types: a subclass may repr alike
        return repr(value)
    if type(value) in (tuple, list):
        parts = [_plain(v) for v in value]
        return None if None in parts else f"{type(value).__name__}({', '.join(parts)})"  # type: ignore[arg-type]
    if type(value) is dict:
        items = [(_plain(k), _plain(v)) for k, v in value.items()]
        if any(k is None or v is None for k, v in items):
            return None
        return "dict(" + ", ".join(f"{k}: {v}" for k, v in items) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:
        fields = [(f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value)]
        if any(v is None for _, v in fields):
            return None
        kind = type(value)
        return f"{kind.__module__}.{kind.__qualname__}(" + ", ".join(f"{k}={v}" for k, v in fields) + ")"
    return None  # arrays (their repr is abridged), sets (their order), objects: Streamlit hashes them


def plain_key(module: str, name: str, args: tuple, kwargs: dict) -> str | None:
    """One exact string for a call whose arguments are all remembered or plain (None: hash them instead)."""
    parts = [_plain(a) for a in args] + [
        None if (v := _plain(value)) is None else f"{k}={v}" for k, value in sorted(kwargs.items())
    ]
    return None if None in parts else f"{module}.{name}({', '.join(parts)})"  # type: ignore[arg-type]


def figure(builder: Callable, *args: Any, **kwargs: Any) -> Any:
    """`builder(*args, **kwargs)` built once for these arguments and shared (do not change the result)."""
    module, name = _name(builder)
    used(_call_recipe("figure", module, name, args, kwargs))
    kwargs = dict(sorted(kwargs.items()))  # one key order (as in data.query_at)
    key = plain_key(module, name, args, kwargs)
    if key is not None:
        return _built_keyed(key=key, _call=(module, name, args, kwargs))
    return _built(module, name, *args, **kwargs)


def figure_made_by(maker: Callable, builder: Callable, *args: Any, **kwargs: Any) -> Any:
    """`figure(builder, *args, **kwargs)` for ui.refresh, which builds it elsewhere: if it is not cached,
    `maker(module, name, args, kwargs)` makes it (a SharedFigure or a map with its JSON made), cached under
    the key `figure` would use, so readers find it (a call without a plain key: the key Streamlit hashes from
    its arguments, `maker` left out). Not noted as used."""
    module, name = _name(builder)
    kwargs = dict(sorted(kwargs.items()))
    key = plain_key(module, name, args, kwargs)
    if key is None:
        return _built(module, name, *args, _maker=maker, **kwargs)
    return _built_keyed(key=key, _call=(module, name, args, kwargs, maker))


@st.cache_resource(max_entries=512, show_spinner=False)
def _arrow_keyed(key: str, _make: Callable[[], pd.DataFrame]) -> Any:  # `key` says it all
    from streamlit import dataframe_util

    # Streamlit's own conversion (what st.dataframe does with a frame on every run): the same Arrow table
    return dataframe_util.convert_pandas_df_to_arrow_table(_make())


def arrow_table(obj: pd.DataFrame | Controlled, columns: list[str] | None = None) -> Any:
    """What to hand st.dataframe for a frame or table (`columns`: only those, in that order).

    For a remembered frame or table (a query's result, a cached table), the Arrow table st.dataframe would
    convert it to on every run, converted once for every session (a shared pyarrow Table: st.dataframe
    sends it as it is, the same bytes). For any other frame, the frame itself (Streamlit converts it)."""
    frame = obj.frame if isinstance(obj, Controlled) else obj

    def picked() -> pd.DataFrame:
        return frame if columns is None else frame[list(columns)]

    known = origin(obj)
    if known is None:
        return picked()
    recipe = recipe_of(obj)  # ui.refresh converts it again after a write, before readers ask
    used(None if recipe is None else ("arrow", recipe, None if columns is None else tuple(columns)))
    return _arrow_keyed(key=f"{known}|{columns!r}", _make=picked)


def template_columns(kind: str) -> pd.DataFrame:
    """An import template's columns as the Data page lists them (through `derived`: made once, with an origin)."""
    from insights.ingest.templates import TEMPLATES

    return pd.DataFrame(
        [
            {"Column": c.name, "Required": "yes" if c.required else "", "What it holds": c.description}
            for c in TEMPLATES[kind]
        ],
        columns=["Column", "Required", "What it holds"],
    )


def labels(frame: pd.DataFrame, key: str, label: str) -> dict:
    """{key: label} for each distinct `key` of `frame`, in order (through `derived`: once per table, e.g. a
    codebook's theme names, not on every run of a page's filters)."""
    first = frame.drop_duplicates(key)
    return dict(zip(first[key], first[label], strict=True))


def category_labels(codebook: pd.DataFrame, chosen_themes: list[str]) -> dict:
    """The quote pages' category filter: {category_id: name} of the chosen themes, or of every theme when none is
    chosen (then through `derived`: once per codebook, not on every run)."""
    if chosen_themes:
        return labels(codebook[codebook["theme_id"].isin(chosen_themes)], "category_id", "category")
    return derived(labels, codebook, "category_id", "category")


def item_labels(prev: Controlled) -> tuple[dict[str, str], dict[str, str]]:
    """A prevalence table's themes and categories: ({item: name}, {item: kind}), in display order (through
    `derived`: made once per table, not on every run of the Themes page)."""
    items = prev.frame.drop_duplicates("_item")
    return (
        dict(zip(items["_item"], items["Theme or category"], strict=True)),
        dict(zip(items["_item"], items["Kind"], strict=True)),
    )


def rows_where(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of `frame` whose boolean `column` is true (through `derived`: a subset with an origin)."""
    return frame[frame[column]]


def derived(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` computed once for these arguments; each caller gets its own copy."""
    module, name = _name(fn)
    recipe = _call_recipe("derived", module, name, args, kwargs)
    used(recipe)
    kwargs = dict(sorted(kwargs.items()))  # one key order, as in figure()
    key = plain_key(module, name, args, kwargs)
    if key is not None:
        value = _derived_keyed(key=key, _call=(module, name, args, kwargs))
    else:
        value = _derived(module, name, *args, **kwargs)
    return remember(_copy(value), _describe(module, name, args, kwargs), recipe)


def derived_made_by(maker: Callable, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """`derived(fn, *args, **kwargs)` for ui.refresh, which computes it elsewhere: if it is not cached,
    `maker(module, name, args, kwargs)` makes it, cached under the key `derived` would use, so readers find
    it. Not noted as used. Returns the caller's own copy, remembered, as `derived` does."""
    module, name = _name(fn)
    recipe = _call_recipe("derived", module, name, args, kwargs)
    kwargs = dict(sorted(kwargs.items()))
    key = plain_key(module, name, args, kwargs)
    if key is not None:
        value = _derived_keyed(key=key, _call=(module, name, args, kwargs, maker))
    else:
        value = _derived(module, name, *args, _maker=maker, **kwargs)
    return remember(_copy(value), _describe(module, name, args, kwargs), recipe)


def _copy(value: Any) -> Any:
    """A caller's own copy of a kept value: frames copied, a controlled table with its frame copied (its rule,
    counts and title are immutable), tuples, lists and dicts item by item, plain values shared (immutable),
    anything else deep-copied.

    A frame's copy is shallow: with pandas' copy-on-write (always on from pandas 3) a change to either frame
    copies the data it changes first, so the copy is as independent as a deep one, without copying every
    column on every warm run."""
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if type(value) is Controlled:
        return dataclasses.replace(value, frame=value.frame.copy(deep=False))
    if type(value) in _PLAIN:
        return value
    if type(value) in (tuple, list):
        return type(value)(_copy(v) for v in value)
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    return copy.deepcopy(value)
