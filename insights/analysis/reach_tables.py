"""The Reach page's tables and chart frames, exact or controlled by one rule (no Streamlit).

One path for disclosure control, as on Overview and Themes: the page hands over the rule for its
role (`disclosure.rule_for(role)`) and gets `disclosure.Controlled` tables back. `rule ==
disclosure.EXACT` (the engagement officer) keeps exact narrative counts per neighbourhood; any
other rule drops them and controls every count (packs, narratives by period). Column names are
plain English; no geometry, internal codes or internal names reach a table or its CSV.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from insights.analysis import coverage, disclosure
from insights.analysis.disclosure import Controlled, Rule
from insights.analysis.filters import Filters

#: What the ranked table shows first (the rest are in the CSV and the "More columns" view).
RANK, AREA_NAME, LOCALITY, NARRATIVES = "Rank", "Neighbourhood", "Area", "Narratives"
NEAREST, DISTANCE, NEXT_STEP = "Nearest pack venue", "Distance to it (km)", "Next step"


def is_exact(rule: Rule) -> bool:
    """The one rule for 'exact for this role or controlled': exact only under disclosure.EXACT."""
    return rule == disclosure.EXACT


def sidebar_period(filters: Filters, first_day: object, last_day: object) -> Filters:
    """The filters with the dates the sidebar shows filled in (its default is the narratives' period).

    The sidebar stores the whole period as open-ended; without this, one visit logged today would
    move 'Counted up to' to today and stretch the charts beyond the period the sidebar shows.
    """
    first, last = _day(first_day), _day(last_day)
    return dataclasses.replace(filters, start=filters.start or first, end=filters.end or last)


def _day(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def packs_within(walk: str) -> str:
    """The 'packs left within walking distance' column name."""
    return f"Packs left within {walk}"


def venue_within(walk: str) -> str:
    """The 'is there a pack venue within walking distance' column name."""
    return f"Pack venue within {walk}"


def next_step(venue: object, metres: float, walk_m: float) -> str:
    """What to do about a least-reached neighbourhood, in a few words (the venue is in its own column)."""
    if not isinstance(venue, str) or not venue or pd.isna(metres):
        return "No pack venue yet: add one"
    if metres > walk_m:
        return "Add a venue nearer"
    return "Visit nearest venue"


def ranked_core20(reach: pd.DataFrame, rule: Rule, walk_m: float) -> tuple[Controlled, list[str]]:
    """Core20 neighbourhoods, least reached first, and the columns that answer the question.

    Exact (officer): coverage gaps first (no narratives and no pack venue within walking
    distance), then fewest narratives, fewest packs nearby, farthest venue. Controlled: no
    narratives per neighbourhood; no pack venue within walking distance first, then fewest packs,
    farthest venue; packs are controlled counts. Hidden columns: `_venue_id` (for the 'log a visit'
    link) and `_far` (True when the nearest venue is beyond walking distance).
    """
    exact = is_exact(rule)
    walk = _walk(walk_m)
    if exact:
        core = coverage.rank_gaps(reach)
    else:
        core = reach[reach["core20"].fillna(False).astype(bool)].copy()
        core["_far"] = core["nearest_m"].fillna(np.inf)
        core = core.sort_values(
            ["no_venue_within", "packs_within", "_far", "lsoa_code"],
            ascending=[False, True, False, True],
            kind="stable",
        ).reset_index(drop=True)
        core.insert(0, "rank", np.arange(1, len(core) + 1))
    metres = core["nearest_m"].astype(float)
    frame = pd.DataFrame(
        {
            RANK: core["rank"].to_numpy(),
            # "Sevenoaks 002B (Swanley)": the area is named where the neighbourhood's name does not say it
            AREA_NAME: [
                name if not isinstance(area, str) or str(name).startswith(area) else f"{name} ({area})"
                for name, area in zip(core["lsoa_name"], core["locality"], strict=True)
            ],
            LOCALITY: core["locality"].to_numpy(),
            "IMD decile (1 = most deprived)": core["imd_decile"].to_numpy(),
        }
    )
    if exact:
        frame["Coverage gap"] = np.where(core["gap"].astype(bool), "Gap", "")
        frame[NARRATIVES] = pd.array(core["narratives"].tolist(), dtype="Int64")
    frame[venue_within(walk)] = np.where(core["no_venue_within"].astype(bool), "No", "Yes")
    frame[NEAREST] = core["nearest_venue"].to_numpy()
    frame[DISTANCE] = np.round(metres.to_numpy() / 1000, 1)
    frame[packs_within(walk)] = pd.array(
        [disclosure.count(v, rule) for v in core["packs_within"]], dtype="Int64"
    )
    frame["Last activity at that venue"] = pd.to_datetime(core["nearest_last_activity"]).dt.date.to_numpy()
    if exact:
        frame["Days since activity there"] = pd.array(core["days_since_nearest"].tolist(), dtype="Int64")
        if "postcode_share" in core.columns:
            frame[f"% of postcodes within {walk} of a pack venue"] = core["postcode_share"].to_numpy()
    frame[NEXT_STEP] = [next_step(v, m, walk_m) for v, m in zip(core["nearest_venue"], metres, strict=True)]
    frame["_venue_id"] = core["nearest_venue_id"].to_numpy()
    frame["_far"] = (metres.isna() | (metres > walk_m)).to_numpy()
    counts = (NARRATIVES, packs_within(walk)) if exact else (packs_within(walk),)
    # The neighbourhood's name carries its area (e.g. "Dartford 012C"), and the distance says whether
    # a venue is within walking distance, so Area and the yes/no column wait in the detail.
    main = [RANK, AREA_NAME] + ([NARRATIVES] if exact else [])
    main += [NEAREST, DISTANCE, packs_within(walk), NEXT_STEP]
    title = "Core20 neighbourhoods, least reached first"
    return Controlled(frame, rule, counts=counts, title=title), main


def _walk(walk_m: float) -> str:
    from insights.output.maps import walk_label

    return walk_label(walk_m)


def packs_by_month(grouped: pd.DataFrame, rule: Rule) -> Controlled:
    """Packs per month and group (reach_charts.packs_by output), controlled unless exact."""
    frame = grouped if is_exact(rule) else disclosure.control_counts(grouped, ["packs"], rule)
    return Controlled(frame, rule, counts=("packs",), title="Information packs left each month")


def narratives_by_period(narr_month: pd.DataFrame, rule: Rule) -> tuple[Controlled, str]:
    """Narratives per month (exact) or per quarter, controlled (fewer cells fall below the threshold)."""
    from insights.output.reach_charts import to_quarters

    if is_exact(rule):
        return Controlled(narr_month, rule, counts=("narratives",)), "month"
    quarters = to_quarters(narr_month, "narratives", "locality")
    frame = disclosure.control_counts(quarters, ["narratives"], rule)
    return Controlled(frame, rule, counts=("narratives",)), "quarter"
