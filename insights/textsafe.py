"""Make user-supplied text inert inside Streamlit's markdown-rendering elements (alerts, st.write)."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: object) -> str:
    """Escape every markdown/HTML-significant character so the text shows exactly as typed."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
