"""One way for a page to run a write: a fresh cursor, a refusal said in its own words, any other failure
said plainly (the write's transaction rolled back, so nothing changed), and the cached results of the
tables it wrote forgotten (ui.data.writing, around the write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from insights.output.textsafe import plain
from ui.data import cursor, writing


def run_write(
    action: Callable[[Any], Any],
    *,
    refused: tuple[type[BaseException], ...],
    tables: tuple[str, ...],
    failed: str = "Nothing was saved",
    refused_icon: str = ":material/error:",
) -> tuple[bool, Any]:
    """Run `action(cursor)`; (True, its result) on success, else (False, None) after saying why."""
    cur = cursor()
    try:
        with writing(*tables):
            result = action(cur)
    except refused as exc:
        st.error(plain(exc), icon=refused_icon)
        return False, None
    except Exception as exc:  # noqa: BLE001 -- the transaction rolled back; say so plainly
        st.error(f"{failed}: {plain(exc)}", icon=":material/error:")
        return False, None
    finally:
        cur.close()
    return True, result
