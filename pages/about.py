"""About: what the dashboard is, where the data come from, and the attribution lines."""

import streamlit as st

from insights.config import ATTRIBUTION
from ui.data import query
from ui.roles import require_page

require_page("pages/about.py")
st.title("About Maternity Insights")
st.write(
    "Maternity Insights turns community engagement on maternity care in Dartford, Gravesham and "
    "Swanley into evidence. Women are asked how they would rate their care from 1 to 10 and what "
    "happened; the engagement officer's notes are coded into 22 categories and 3 themes (Care & "
    "support, Barriers, Judgement), with Infrastructure and Communication running across them."
)
st.subheader("Where the area data come from")
st.write(
    "Postcodes are turned into a small area (LSOA) using the ONS postcode lookup, and each area's "
    "deprivation decile from the English Indices of Deprivation 2019 or 2025 (set on the Data page). Core20: most "
    "deprived 20% of areas in England (deciles 1 and 2). A woman's full postcode is used only to find "
    "her area and is not stored."
)
demo_note = query("meta_value", key="demo")
if not demo_note.empty:
    st.info(
        f"This dashboard is showing a synthetic demonstration dataset ({demo_note['value'].iat[0]}). "
        "No real women's stories are included.",
        icon=":material/science:",
    )
st.caption(ATTRIBUTION)
