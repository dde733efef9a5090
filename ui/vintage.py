"""The one caption that says which deprivation index (IMD vintage) the page's figures use."""

from __future__ import annotations

import streamlit as st

from insights.reference import vintage
from ui.cache import arrow_table
from ui.data import query


def deprivation_caption() -> None:
    """Show 'Deprivation: IMD 2025 (2021 LSOAs); Core20 = ...' for the database's vintage."""
    st.caption(vintage.caption_from(query("deprivation_vintage")))


def vintage_setting(role: str | None) -> None:
    """The Data page's setting: which deprivation index the database uses, and switching it."""
    from insights.output.textsafe import plain
    from ui.data import cursor, writing
    from ui.roles import actor

    st.subheader("Deprivation index")
    row = query("deprivation_vintage")
    now = str(row["vintage"].iat[0]) if not row.empty else "imd2019"
    st.write(
        f"The figures use **{vintage.label(now)}**. IMD 2025 (published October 2025, on 2021 neighbourhoods) "
        "replaced IMD 2019 (on 2011 neighbourhoods); which neighbourhoods are Core20 differs between them."
    )
    approx = query("area_approximations")
    if not approx.empty:
        st.caption(
            "Narratives keep only the postcode district and the neighbourhood found at import, so a woman whose "
            "2011 neighbourhood was split in 2021 is placed in the ONS best-fit part and marked approximated:"
        )
        st.dataframe(arrow_table(approx), hide_index=True, width="stretch")
    changes = query("core20_vintage_changes")
    with st.expander(f"Neighbourhoods whose Core20 status differs between the two indices ({len(changes)})"):
        st.caption(
            "Each row is a 2021 neighbourhood with the 2011 one it came from. Narratives and venues are those "
            f"held for the neighbourhood on the index in use ({vintage.label(now)}); under IMD 2019 a split "
            "2011 neighbourhood's narratives appear on each of its rows. Packs: all packs left at those venues."
        )
        st.dataframe(
            arrow_table(changes),  # converted to Arrow once per data version (ui.cache)
            hide_index=True,
            width="stretch",
            column_config={
                "lsoa21_name": "Neighbourhood (2021)",
                "lsoa11_name": "From (2011)",
                "decile_2019": "IMD 2019 decile",
                "decile_2025": "IMD 2025 decile",
                "venue_names": "Venues",
            },
        )
    choice = st.radio(
        "Use",
        list(vintage.VINTAGES),
        index=list(vintage.VINTAGES).index(now) if now in vintage.VINTAGES else 0,
        format_func=vintage.label,
        horizontal=True,
        key="vintage_choice",
    )
    if choice != now and st.button(f"Switch to {vintage.label(choice)}", key="vintage_switch"):
        try:
            with writing():  # every table may read the index in use
                result = vintage.switch(cursor(), choice, actor(), role=role)
        except Exception as exc:  # noqa: BLE001 -- the switch is one transaction: nothing changed
            st.error(f"The switch failed and nothing was changed: {plain(exc)}", icon=":material/error:")
        else:
            st.success(plain(result.summary()), icon=":material/check_circle:")
