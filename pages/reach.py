"""Reach and coverage: where packs and conversations have reached, and which Core20 areas they have not."""

from __future__ import annotations

import streamlit as st

from insights.access.roles import page_roles
from insights.analysis import coverage, disclosure, reach_tables
from insights.config import ATTRIBUTION
from insights.output import exports, maps, reach_charts
from insights.output.reach_charts import LOCALITY_ORDER
from ui.cache import arrow_table, derived, figure, rows_where
from ui.data import query
from ui.filters import sidebar_filters
from ui.roles import audited_download_button, require_page
from ui.vintage import deprivation_caption

role = require_page("pages/reach.py")
# Every panel uses the dates the sidebar shows (an open-ended default becomes the narratives' period).
bounds = query("narrative_date_range")
filters = reach_tables.sidebar_period(
    sidebar_filters(), bounds["first_day"].iat[0], bounds["last_day"].iat[0]
)
# One rule decides exact or controlled (insights.analysis.reach_tables.is_exact), as on Overview and Themes.
rule = disclosure.rule_for(role)
exact = reach_tables.is_exact(rule)

st.title("Reach and coverage")
st.caption(
    "Where information packs and conversations have reached across Dartford, Gravesham and Swanley, "
    "and which Core20 neighbourhoods (the 20% most deprived in England) they have not. Packs and visits "
    "follow the date and area filters; the other filters apply to narratives only."
)
deprivation_caption()

SHADE_LABELS = {"imd": "IMD decile", "core20": "Core20 or not"}
c1, c2, c3 = st.columns([2, 3, 2], vertical_alignment="bottom")
shade = c1.segmented_control(
    "Shade neighbourhoods by",
    list(SHADE_LABELS),
    format_func=SHADE_LABELS.get,
    default="imd",
    key="reach_shade",
)
shade = shade or "imd"
walk_km = c2.select_slider(
    "Walking distance to a pack venue",
    options=[0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0],
    value=coverage.DEFAULT_WALK_M / 1000,
    format_func=lambda km: f"{km:g} km",
    key="reach_walk_km",
    help="Straight-line distance from the middle of a neighbourhood; real walking routes are longer.",
)
show_counts = exact and c3.toggle("Show narratives per neighbourhood", value=True, key="reach_counts")
walk_m = float(walk_km) * 1000
walk = maps.walk_label(walk_m)

as_of = coverage.as_of_date(filters, latest=query("activity_latest_date")["latest_day"].iat[0])
engagement_params = coverage.engagement_params(filters)
areas = query("reach_lsoa", **filters.params())
venues = query("venue_reach", **engagement_params)
postcodes = query("coverage_postcodes")

if areas.empty:
    st.info(
        "No neighbourhoods match the filters (area or deprivation). Clear some filters in the sidebar.",
        icon=":material/filter_alt_off:",
    )
    st.caption(ATTRIBUTION)
    st.stop()

reach = derived(coverage.area_coverage, areas, venues, walk_m, as_of, postcodes)
venues_here = derived(rows_where, venues, "in_selection")  # with an origin: cheap keys below
core = reach[reach["core20"].fillna(False).astype(bool)]
n_core = len(core)
n_no_venue = int(core["no_venue_within"].sum())

# --- headline --------------------------------------------------------------------------------------
m1, m2, m3, m4 = st.columns(4)
m1.metric("Core20 neighbourhoods", f"{n_core:,}", help=f"Out of {len(reach):,} neighbourhoods (LSOAs) shown.")
if exact:
    n_no_narr = int(core["narratives"].eq(0).sum())
    n_gaps = int(core["gap"].sum())
    m2.metric("…with no narratives", f"{n_no_narr:,}")
    m3.metric(f"…with no pack venue within {walk}", f"{n_no_venue:,}")
    m4.metric(
        "…with neither: coverage gaps",
        f"{n_gaps:,}",
        help="Outlined in thick orange-red on the map and listed first in the table.",
    )
else:
    shares = derived(
        coverage.core20_shares, query("reach_core20_share", **filters.params()), exact=False, rule=rule
    )
    pct = dict(zip(shares["measure"], shares["percent"], strict=True))
    m2.metric(f"…with no pack venue within {walk}", f"{n_no_venue:,}")
    m3.metric("Packs left in Core20 areas", maps.percent_label(pct.get("packs")))
    m4.metric("Narratives from Core20 areas", maps.percent_label(pct.get("narratives")))
st.caption(
    f"Counted up to **{as_of.day} {as_of:%B %Y}** (the end of the period shown in the sidebar). "
    + ("" if exact else rule.explain())
)

# --- map and ranked table --------------------------------------------------------------------------
if exact:
    map_areas, map_venues = reach, venues_here
else:
    map_areas = derived(coverage.controlled_areas, reach, rule)
    map_venues = derived(coverage.controlled_venues, venues_here, rule)

with st.container():
    deck = figure(
        maps.reach_map,
        map_areas,
        map_venues,
        shade=shade,
        walk_m=walk_m,
        show_narratives=bool(show_counts),
        map_style=maps.basemap_from_env(),
        width=1000,  # the map spans the page; labels are placed for this zoom
    )
    gaps_count = int(map_areas["gap"].sum()) if "gap" in map_areas.columns else n_no_venue
    st.pydeck_chart(
        deck,
        height=470,
        alt=(
            f"Map of {len(reach)} neighbourhoods shaded by {SHADE_LABELS[shade]}, {len(map_venues)} venues, "
            f"{gaps_count} Core20 coverage gaps outlined. The table beside it lists the same areas."
        ),
    )
    sections = [
        maps.shade_legend(shade),
        maps.venue_legend(map_venues["venue_type"].unique(), inactive=bool((~map_venues["active"]).any())),
        maps.marks_legend(walk_m, exact=exact, show_counts=bool(show_counts)),
    ]
    st.image(figure(maps.legend_svg, sections, width=600), alt=maps.legend_text(sections))
    if venues.empty:
        st.info(
            "No venues yet: add them on the Engagement log page or import a venues file.",
            icon=":material/info:",
        )
    st.caption("Hover over a neighbourhood or a venue for details. " + ATTRIBUTION)

st.header("Core20 neighbourhoods, least reached first")
ranked, main = derived(reach_tables.ranked_core20, reach, rule, walk_m)
st.caption(
    f"Coverage gaps first (no narratives and no pack venue within {walk}), then fewest narratives, "
    "fewest packs left nearby, and farthest from a pack venue."
    if exact
    else f"Neighbourhoods with no pack venue within {walk} first, then fewest packs left nearby. "
    "Narratives are not shown per neighbourhood; the map gives them for larger areas."
)
can_log = role in page_roles("pages/engagement_log.py")
shown = ranked.frame.copy()
config = {
    reach_tables.RANK: st.column_config.NumberColumn("#", width=40),
    reach_tables.AREA_NAME: st.column_config.TextColumn(width=150),
    reach_tables.NARRATIVES: st.column_config.NumberColumn(width=85),
    reach_tables.NEAREST: st.column_config.TextColumn(width=240),
    reach_tables.DISTANCE: st.column_config.NumberColumn("Distance", format="%.1f km", width=75),
    reach_tables.packs_within(walk): st.column_config.NumberColumn(
        f"Packs within {walk}",
        width=125,
        help=(None if exact else "Rounded to the nearest 5; blank when fewer than 8"),
    ),
    reach_tables.NEXT_STEP: st.column_config.TextColumn(width=160),
}
columns = list(main)
# The officer picks a row and opens the engagement log in this same session (a link would open a new
# tab, which in demo mode starts as the commissioner and lands on a refusal).
picked = st.dataframe(
    shown,
    hide_index=True,
    height=420,
    width="stretch",
    column_order=columns,
    column_config=config,
    key="reach_ranked",
    on_select="rerun" if can_log else "ignore",
    selection_mode="single-row",
)
if can_log:
    rows = picked.selection.rows if picked is not None and hasattr(picked, "selection") else []
    venue = shown["_venue_id"].iat[rows[0]] if rows else None
    chosen = isinstance(venue, str)
    label = (
        f"Log a visit at {shown[reach_tables.NEAREST].iat[rows[0]]}"
        if chosen
        else "Log a visit: first choose a neighbourhood in the table"
    )
    if st.button(label, icon=":material/edit_calendar:", disabled=not chosen, key="reach_log_visit"):
        st.switch_page("pages/engagement_log.py", query_params={"venue": venue})
far = int(shown["_far"].sum())
if far:
    st.caption(
        f":material/add_location: {far} of these neighbourhoods have no pack venue within {walk}: "
        "'Add a venue nearer' marks them" + (" (Engagement log, Venues tab)." if can_log else ".")
    )
with st.expander(
    "More columns: area, IMD decile, venue within walking distance, last activity"
    + (", postcodes reached" if exact else "")
):
    st.dataframe(
        arrow_table(ranked),  # converted to Arrow once per table (ui.cache)
        hide_index=True,
        height=360,
        column_config={
            "_venue_id": None,
            "_far": None,
            reach_tables.RANK: st.column_config.NumberColumn("#"),
        },
    )
audited_download_button(
    "Download this table (CSV)",
    lambda: exports.csv_bytes(ranked, note=disclosure.note(rule)),  # written when pressed, not per render
    "core20-coverage.csv",
    "text/csv",
    object_type="coverage_table",
    details={"rows": len(ranked.frame), "walking_distance_m": int(walk_m), "exact": exact},
    key="reach_download",
)

# --- trends and venues -----------------------------------------------------------------------------
tab_names = ["Trends"] + (["Venues gone quiet", "Packs running out fastest"] if exact else [])
tabs = st.tabs(tab_names)

with tabs[0]:
    packs_month = query("engagement_packs_by_month", **engagement_params)
    narr_month = query("reach_narratives_by_month", **filters.params())
    by = st.radio(
        "Show packs by",
        ["locality", "language"],
        format_func={"locality": "area", "language": "language"}.get,
        horizontal=True,
        key="reach_packs_by",
    )
    if packs_month.empty:
        st.info("No packs were left in the selected period and areas.", icon=":material/inventory_2:")
    else:
        grouped = derived(reach_tables.packs_by_month, reach_charts.packs_by(packs_month, by), rule).frame
        st.plotly_chart(
            figure(
                reach_charts.monthly_stacked,
                grouped,
                "packs",
                by,
                f"Information packs left each month, by {'area' if by == 'locality' else 'language'}",
                "Packs",
                order=list(LOCALITY_ORDER) if by == "locality" else None,
            ),
            width="stretch",
        )
    if narr_month.empty:
        st.info("No narratives match the filters.", icon=":material/forum:")
    else:
        # quarters keep fewer cells below the disclosure threshold than months
        by_period, period = derived(reach_tables.narratives_by_period, narr_month, rule)
        st.plotly_chart(
            figure(
                reach_charts.monthly_stacked,
                by_period.frame,
                "narratives",
                "locality",
                f"Narratives collected each {period}, by area",
                "Narratives",
                order=list(LOCALITY_ORDER),
                period=period,
            ),
            width="stretch",
        )
    shares = derived(
        coverage.core20_shares, query("reach_core20_share", **filters.params()), exact=exact, rule=rule
    )
    st.plotly_chart(figure(reach_charts.core20_share_chart, shares), width="stretch")
    unknown = shares.set_index("measure")["unknown"]
    st.caption(
        "A bar past the dashed line means Core20 neighbourhoods got more than their share of the area's "
        "neighbourhoods. Packs count where the venue is; narratives where the woman lives"
        + (
            f" ({int(unknown['narratives'])} narratives have no known neighbourhood and are left out)."
            if exact and int(unknown.get("narratives", 0) or 0)
            else "."
        )
        + ("" if exact else " Bars and shares come from rounded counts; hidden cells are left out.")
    )

if exact:
    with tabs[1]:
        weeks = st.number_input(
            "Not visited for more than this many weeks",
            min_value=1,
            max_value=104,
            value=coverage.DEFAULT_QUIET_WEEKS,
            step=1,
            key="reach_quiet_weeks",
        )
        quiet = derived(coverage.quiet_venues, venues, int(weeks), as_of)
        if quiet.empty:
            st.success(
                f"Every active venue in the selected areas has had a visit in the last {int(weeks)} weeks "
                f"before {as_of.day} {as_of:%B %Y}.",
                icon=":material/check_circle:",
            )
        else:
            st.write(
                f"**{len(quiet)}** active venue{'s' if len(quiet) != 1 else ''} with no activity for more than "
                f"{int(weeks)} weeks before {as_of.day} {as_of:%B %Y}:"
            )
            st.dataframe(
                arrow_table(
                    quiet,
                    ["name", "locality", "weeks_since", "last_activity", "last_pack_date", "venue_type"],
                ),
                hide_index=True,
                width="stretch",
                column_config={
                    "name": st.column_config.TextColumn("Venue"),
                    "venue_type": st.column_config.TextColumn("Type"),
                    "locality": st.column_config.TextColumn("Area"),
                    "last_activity": st.column_config.DateColumn("Last activity", format="D MMM YYYY"),
                    "weeks_since": st.column_config.NumberColumn("Weeks since"),
                    "last_pack_date": st.column_config.DateColumn("Packs last left", format="D MMM YYYY"),
                },
            )
    with tabs[2]:
        rates = derived(
            coverage.restock_rates, query("venue_pack_deliveries", **engagement_params), venues, as_of
        )
        st.caption(
            "How fast packs are taken: the packs left at each delivery are assumed to be used by the next, "
            "so the rate is the packs of every delivery but the last, divided by the weeks from the first "
            "delivery to the last. The last delivery's packs at that rate give the likely run-out day. "
            f"Needs at least {coverage.MIN_DELIVERIES} delivery days in the period."
        )
        if rates.empty:
            st.info(
                "No venue has had packs left on two or more days in the selected period.",
                icon=":material/inventory_2:",
            )
        else:
            rates["likely_empty"] = rates["likely_empty"].map({True: "Probably empty", False: ""})
            st.dataframe(
                rates[
                    [
                        "name",
                        "locality",
                        "packs_per_week",
                        "run_out_by",
                        "likely_empty",
                        "last_delivery",
                        "packs_last",
                        "median_days_between",
                        "deliveries",
                        "venue_type",
                    ]
                ],
                hide_index=True,
                width="stretch",
                column_config={
                    "name": st.column_config.TextColumn("Venue"),
                    "venue_type": st.column_config.TextColumn("Type"),
                    "locality": st.column_config.TextColumn("Area"),
                    "packs_per_week": st.column_config.NumberColumn("Packs taken per week", format="%.1f"),
                    "median_days_between": st.column_config.NumberColumn(
                        "Median days between deliveries", format="%.0f"
                    ),
                    "deliveries": st.column_config.NumberColumn("Delivery days"),
                    "last_delivery": st.column_config.DateColumn("Last delivery", format="D MMM YYYY"),
                    "packs_last": st.column_config.NumberColumn("Packs then"),
                    "run_out_by": st.column_config.DateColumn("Likely to run out by", format="D MMM YYYY"),
                    "likely_empty": st.column_config.TextColumn(
                        f"By {as_of.day} {as_of:%b %Y}",
                        help="Likely run-out day is on or before the end of the period",
                    ),
                },
            )
