"""Maternity Insights: the router and frame. Run: streamlit run dashboard.py"""

from pathlib import Path

import streamlit as st

from insights.roles import ROLE_LABELS, pages_for
from ui.roles import role_switcher

st.set_page_config(page_title="Maternity Insights", page_icon=":material/pregnant_woman:", layout="wide")

ROOT = Path(__file__).resolve().parent
role = role_switcher()

sections: dict[str, list] = {}
for spec in pages_for(role):
    if (ROOT / spec.file).exists():
        sections.setdefault(spec.section, []).append(
            st.Page(spec.file, title=spec.title, icon=spec.icon, url_path=spec.url_path)
        )

st.sidebar.caption(f"Signed in as: {ROLE_LABELS.get(role, 'nobody')}")
st.navigation(sections).run()
