"""The demo's documented parameters: study period, rates, multipliers and profiles that give the built-in patterns (data/demo/README.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from insights import vocab

PERIOD_START = dt.date(2023, 3, 1)
PERIOD_END = dt.date(2024, 2, 29)
N_DAYS = (PERIOD_END - PERIOD_START).days + 1  # 366
WEEK0 = dt.date(2023, 2, 27)  # Monday of the first week
N_WEEKS = 53
_EPOCH = np.datetime64(PERIOD_START.isoformat(), "D")

STAGES = {"a": "antenatal", "l": "labour and birth", "p": "postnatal"}
STAGE_ORDER = {"a": 0, "l": 1, "p": 2}
THEME_IDS = ("care_and_support", "barriers", "judgement")
THEME_NAMES = tuple(vocab.THEMES[t][0] for t in THEME_IDS)
TAGS = (
    "eth",
    "black",
    "ee",
    "migrant",
    "lang",
    "first",
    "multip",
    "young",
    "older",
    "cons",
    "incons",
    "hasbirth",
)
BIT = {t: 1 << i for i, t in enumerate(TAGS)}

ETHNICITIES = tuple(vocab.ETHNICITY_GROUPS)
BLACK = ("African", "Caribbean", "Other Black", "White and Black African", "White and Black Caribbean")
EASTERN_EUROPEAN = ("Other White", "Roma")
NOT_MINORITY = ("White British", "White Irish")

# ------------------------------------------------------------------ parameters of the synthetic truth

#: Share of narratives from Core20 LSOAs by where they were collected.
P_CORE20_AT_CORE20_VENUE = 0.78
P_CORE20_AT_OTHER_VENUE = 0.36
P_CORE20_NO_VENUE = 0.50
#: LSOAs never reached (no venue, no narrative): how many Core20 and other LSOAs.
UNREACHED_CORE20 = 4
UNREACHED_OTHER = 14
SHARE_CONNECTOR = 0.30
SHARE_NO_VENUE_EO = 0.07
SHARE_NO_VENUE_CC = 0.15
P_CONSISTENT = 0.22
P_INCONSISTENT = 0.24
P_PREGNANT = 0.18
P_PII = 0.15
EXCERPTS_PER_NARRATIVE = (0.12, 0.24, 0.28, 0.20, 0.11, 0.05)  # k = 1..6

#: Rating model: intercept + effects + noise, rounded and clipped to 1-10.
RATING = {
    "intercept": 8.2,
    "quality": 1.1,
    "consistent": 0.5,
    "inconsistent": -1.6,
    "judgement": -0.9,
    "language": -0.4,
    "core20": -0.3,
    "noise_sd": 0.75,
}

#: Base weight of each category when choosing what a narrative talks about.
CATEGORY_BASE = {
    "Bias/stereotyping/discrimination": 0.08,
    "Choices explored/supported": 0.25,
    "Effects of consistency/inconsistency of care": 0.35,
    "Consistent care and support": 0.3,
    "Effects of good communication": 0.3,
    "Effects of poor communication": 0.25,
    "Felt judged": 0.18,
    "Good care": 1.6,
    "Good communication": 0.5,
    "Good organisation of care": 0.3,
    "Good support": 1.1,
    "Inconsistent care and support": 0.3,
    "Issues with care": 0.55,
    "Issues with organisation of care": 0.4,
    "Language barriers": 0.5,
    "More information wanted": 0.35,
    "More support wanted": 0.45,
    "No choice/pressured choices": 0.22,
    "Poor communication": 0.45,
    "Poor resources": 0.3,
    "Staff pressure": 0.4,
    "Worry/anxiety/mental health": 0.45,
}
#: Multipliers on category weights for groups of women.
CATEGORY_MULTIPLIERS = {
    "core20": {
        "Poor resources": 1.9,
        "Issues with organisation of care": 1.9,
        "More support wanted": 1.3,
        "More information wanted": 1.3,
        "Staff pressure": 1.2,
    },
    "black_or_ee": {"Bias/stereotyping/discrimination": 6.0, "Felt judged": 2.0},
    "other_minority": {"Bias/stereotyping/discrimination": 2.5, "Felt judged": 1.3},
    "age": {"Felt judged": 1.8},
    "lang": {"More information wanted": 1.5, "Poor communication": 1.2},
    "cons": {"Effects of consistency/inconsistency of care": 3.0, "Good communication": 1.3},
    "incons": {"Effects of consistency/inconsistency of care": 3.0, "Poor communication": 1.3},
}
#: Categories a narrative always mentions when a flag holds.
FORCED = {
    "lang": "Language barriers",
    "cons": "Consistent care and support",
    "incons": "Inconsistent care and support",
}
#: How strongly positive/negative categories follow the woman's latent experience.
POLARITY_SLOPE = {"positive": 0.8, "negative": -0.8, "unmet need": -0.4, "mixed": 0.0}

#: Theme weights (Care & support, Barriers, Judgement) per category, before Figure 2 masking; codes
#: that lean one way (e.g. the Judgement codes within Poor communication) are in demo_text.THEME_OVERRIDES.
CATEGORY_THEMES = {
    "Bias/stereotyping/discrimination": (0.15, 0.15, 0.70),
    "Effects of consistency/inconsistency of care": (0.65, 0.35, 0.0),
    "Effects of poor communication": (1.0, 0.0, 0.0),
    "Felt judged": (0.15, 0.15, 0.70),
    "Inconsistent care and support": (0.60, 0.40, 0.0),
    "Issues with organisation of care": (0.45, 0.55, 0.0),
    "Language barriers": (0.25, 0.75, 0.0),
    "More information wanted": (0.60, 0.40, 0.0),
    "More support wanted": (0.60, 0.40, 0.0),
    "No choice/pressured choices": (0.60, 0.40, 0.0),
    "Poor communication": (0.65, 0.35, 0.0),
    "Poor resources": (0.45, 0.55, 0.0),
    "Staff pressure": (0.60, 0.40, 0.0),
    "Worry/anxiety/mental health": (0.70, 0.30, 0.0),
}
THEME_MULT_CORE20_BARRIERS = 1.7
THEME_MULT_BLACK_EE_JUDGEMENT = 2.5
THEME_MULT_OTHER_MINORITY_JUDGEMENT = 1.3

#: Ethnicity profiles (ONS 2021 category -> weight) of the women met at each kind of venue.
PROFILES: dict[str, dict[str, float]] = {
    "general": {
        "White British": 46,
        "Other White": 12,
        "African": 8,
        "Caribbean": 2.5,
        "Other Black": 1,
        "Indian": 7,
        "Pakistani": 2,
        "Bangladeshi": 1.5,
        "Other Asian": 3,
        "Chinese": 1,
        "White and Black African": 1,
        "White and Black Caribbean": 2,
        "White and Asian": 1.5,
        "Other Mixed": 1.5,
        "White Irish": 1.5,
        "Roma": 0.5,
        "Gypsy or Irish Traveller": 0.5,
        "Arab": 1.5,
        "Any other ethnic group": 2.5,
    },
    "core20": {
        "White British": 32,
        "Other White": 19,
        "African": 13,
        "Caribbean": 3,
        "Other Black": 2,
        "Indian": 7,
        "Pakistani": 3,
        "Bangladeshi": 2,
        "Other Asian": 5,
        "Chinese": 0.5,
        "White and Black African": 1.5,
        "White and Black Caribbean": 2.5,
        "White and Asian": 1,
        "Other Mixed": 1.5,
        "White Irish": 1,
        "Roma": 1.5,
        "Gypsy or Irish Traveller": 1,
        "Arab": 3,
        "Any other ethnic group": 3,
    },
    "african": {
        "African": 62,
        "Caribbean": 8,
        "Other Black": 6,
        "White and Black African": 5,
        "White and Black Caribbean": 3,
        "White British": 8,
        "Any other ethnic group": 3,
        "Other White": 2,
        "Other Mixed": 3,
    },
    "ee": {
        "Other White": 72,
        "Roma": 6,
        "White British": 12,
        "White Irish": 2,
        "Other Mixed": 3,
        "Any other ethnic group": 5,
    },
    "muslim": {
        "Pakistani": 32,
        "Bangladeshi": 18,
        "Other Asian": 10,
        "Arab": 16,
        "African": 6,
        "Any other ethnic group": 10,
        "Indian": 4,
        "Other Mixed": 2,
        "White British": 2,
    },
    "sikh": {
        "Indian": 80,
        "Other Asian": 4,
        "Pakistani": 3,
        "White and Asian": 4,
        "Other Mixed": 3,
        "White British": 6,
    },
    "indian": {"Indian": 75, "Other Asian": 8, "White and Asian": 5, "White British": 7, "Other Mixed": 5},
    "nepali": {
        "Other Asian": 78,
        "Indian": 8,
        "White British": 6,
        "Other Mixed": 4,
        "Any other ethnic group": 4,
    },
    "migrant": {
        "Other White": 22,
        "African": 15,
        "Arab": 18,
        "Other Asian": 12,
        "Any other ethnic group": 15,
        "Other Black": 5,
        "Pakistani": 5,
        "Bangladeshi": 3,
        "Roma": 3,
        "Chinese": 2,
    },
}
#: Probability that a woman of each ethnicity came to the UK as an adult ("recent migration"),
#: and that such a woman needs language support (if her first language is not English).
P_MIGRANT = {
    "Other White": 0.9,
    "Roma": 0.85,
    "African": 0.6,
    "Other Black": 0.6,
    "Caribbean": 0.15,
    "Indian": 0.45,
    "Pakistani": 0.4,
    "Bangladeshi": 0.45,
    "Other Asian": 0.75,
    "Chinese": 0.7,
    "Arab": 0.85,
    "Any other ethnic group": 0.8,
    "White Irish": 0.3,
}
P_LANGUAGE_NEED = {
    "Other White": 0.45,
    "Roma": 0.6,
    "African": 0.25,
    "Other Black": 0.5,
    "Indian": 0.35,
    "Pakistani": 0.4,
    "Bangladeshi": 0.5,
    "Other Asian": 0.5,
    "Chinese": 0.5,
    "Arab": 0.6,
    "Any other ethnic group": 0.5,
}
AGE_BAND_P = (0.035, 0.13, 0.27, 0.31, 0.19, 0.065)
P_FIRST_BY_AGE = (0.85, 0.6, 0.45, 0.35, 0.25, 0.2)
#: Provider mix by locality of the woman's home (None = left blank).
PROVIDER_MIX = {
    "Dartford": {
        "Darent Valley Hospital": 0.80,
        "Queen Mary's Hospital Sidcup": 0.07,
        "King's College Hospital": 0.04,
        "Princess Royal University Hospital": 0.03,
        "Medway Maritime Hospital": 0.02,
        None: 0.04,
    },
    "Gravesham": {
        "Darent Valley Hospital": 0.72,
        "Medway Maritime Hospital": 0.18,
        "King's College Hospital": 0.04,
        "Queen Mary's Hospital Sidcup": 0.02,
        None: 0.04,
    },
    "Swanley": {
        "Darent Valley Hospital": 0.55,
        "Princess Royal University Hospital": 0.20,
        "Queen Mary's Hospital Sidcup": 0.15,
        "King's College Hospital": 0.06,
        None: 0.04,
    },
}
#: Relative outreach activity by month (the first quarter was mapping; August and Christmas quiet).
MONTH_FACTOR = {
    3: 0.7,
    4: 0.8,
    5: 0.9,
    6: 1.0,
    7: 1.0,
    8: 0.4,
    9: 1.05,
    10: 1.1,
    11: 1.1,
    12: 0.6,
    1: 1.0,
    2: 1.0,
}
VISIT_RATE = {
    "Children's centre": 0.55,
    "Mother and baby group": 0.45,
    "Faith group": 0.3,
    "Clinic": 0.4,
    "Library": 0.25,
    "Food bank": 0.35,
    "Community centre": 0.3,
    "Other": 0.2,
}
#: Activity mix by venue type: Pack drop-off, Pack restock, Group visit, Drop-in, Event, Follow-up.
ACTIVITY_MIX = {
    "Children's centre": (0.03, 0.30, 0.25, 0.30, 0.04, 0.08),
    "Mother and baby group": (0.02, 0.20, 0.62, 0.04, 0.02, 0.10),
    "Faith group": (0.03, 0.25, 0.40, 0.05, 0.17, 0.10),
    "Clinic": (0.03, 0.35, 0.02, 0.52, 0.00, 0.08),
    "Library": (0.03, 0.35, 0.45, 0.07, 0.02, 0.08),
    "Food bank": (0.03, 0.45, 0.02, 0.40, 0.02, 0.08),
    "Community centre": (0.03, 0.25, 0.30, 0.15, 0.17, 0.10),
    "Other": (0.03, 0.20, 0.50, 0.15, 0.02, 0.10),
}
#: How likely a narrative is collected during each activity type (relative).
NARRATIVE_WEIGHT_BY_ACTIVITY = (0.3, 0.3, 3.0, 3.0, 4.0, 1.5)
ROWS_PER_NARRATIVE = 1.3
CONNECTOR_KIND_WEIGHT = {
    "baby_group": 3,
    "church": 3,
    "african_church": 3,
    "polish_mission": 3,
    "romanian_parish": 3,
    "mosque": 3,
    "gurdwara": 3,
    "mandir": 3,
    "nepali_temple": 3,
    "community_centre": 2,
    "african_network": 3,
    "ee_club": 3,
    "esol": 2,
    "refugee": 2,
    "childrens_centre": 1.5,
    "food_bank": 1,
    "library": 0.5,
    "clinic": 0.3,
    "leisure": 0.2,
}
