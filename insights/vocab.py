"""Controlled vocabularies shared by validation, the demo generator and the pages."""

from __future__ import annotations

#: ONS 2021 ethnic group (19 categories) -> broad group (5), in the ONS order.
ETHNICITY_GROUPS: dict[str, str] = {
    "Bangladeshi": "Asian",
    "Chinese": "Asian",
    "Indian": "Asian",
    "Pakistani": "Asian",
    "Other Asian": "Asian",
    "African": "Black",
    "Caribbean": "Black",
    "Other Black": "Black",
    "White and Asian": "Mixed",
    "White and Black African": "Mixed",
    "White and Black Caribbean": "Mixed",
    "Other Mixed": "Mixed",
    "White British": "White",
    "White Irish": "White",
    "Gypsy or Irish Traveller": "White",
    "Roma": "White",
    "Other White": "White",
    "Arab": "Other",
    "Any other ethnic group": "Other",
}
NOT_STATED = "Not stated"
ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "White", "Other")

#: Accepted spellings (lower-case, punctuation folded) -> ONS 2021 category.
ETHNICITY_SYNONYMS: dict[str, str] = {
    "asian bangladeshi": "Bangladeshi",
    "asian or asian british bangladeshi": "Bangladeshi",
    "asian chinese": "Chinese",
    "asian indian": "Indian",
    "asian or asian british indian": "Indian",
    "asian pakistani": "Pakistani",
    "asian or asian british pakistani": "Pakistani",
    "any other asian background": "Other Asian",
    "asian other": "Other Asian",
    "black african": "African",
    "black or black british african": "African",
    "black british african": "African",
    "black caribbean": "Caribbean",
    "black or black british caribbean": "Caribbean",
    "black british caribbean": "Caribbean",
    "any other black background": "Other Black",
    "black other": "Other Black",
    "mixed white and asian": "White and Asian",
    "mixed white and black african": "White and Black African",
    "mixed white and black caribbean": "White and Black Caribbean",
    "any other mixed background": "Other Mixed",
    "mixed other": "Other Mixed",
    "english welsh scottish northern irish or british": "White British",
    "white english welsh scottish northern irish or british": "White British",
    "british": "White British",
    "white english": "White British",
    "irish": "White Irish",
    "white gypsy or irish traveller": "Gypsy or Irish Traveller",
    "white roma": "Roma",
    "any other white background": "Other White",
    "white other": "Other White",
    "eastern european": "Other White",
    "white eastern european": "Other White",
    "other ethnic group arab": "Arab",
    "other ethnic group": "Any other ethnic group",
    "other": "Any other ethnic group",
    "not stated": NOT_STATED,
    "prefer not to say": NOT_STATED,
    "unknown": NOT_STATED,
    "not known": NOT_STATED,
}

CARE_STAGES = ("antenatal", "labour and birth", "postnatal")
CARE_STAGE_SYNONYMS = {
    "antenatal": "antenatal",
    "ante-natal": "antenatal",
    "pregnancy": "antenatal",
    "labour and birth": "labour and birth",
    "labour & birth": "labour and birth",
    "labour": "labour and birth",
    "birth": "labour and birth",
    "intrapartum": "labour and birth",
    "postnatal": "postnatal",
    "post-natal": "postnatal",
    "after birth": "postnatal",
}

COLLECTORS = ("Engagement officer", "Community connector")
COLLECTOR_SYNONYMS = {
    "engagement officer": "Engagement officer",
    "eo": "Engagement officer",
    "community connector": "Community connector",
    "connector": "Community connector",
    "cc": "Community connector",
}

AGE_BANDS = ("Under 20", "20-24", "25-29", "30-34", "35-39", "40 and over")

VENUE_TYPES = (
    "Children's centre",
    "Mother and baby group",
    "Faith group",
    "Clinic",
    "Library",
    "Food bank",
    "Community centre",
    "Other",
)

ACTIVITY_TYPES = (
    "Pack drop-off",
    "Pack restock",
    "Group visit",
    "Drop-in session",
    "Community event",
    "Follow-up visit",
)

#: Information pack languages; template columns are `packs_<language>`.
PACK_LANGUAGES = (
    "english",
    "polish",
    "romanian",
    "lithuanian",
    "punjabi",
    "urdu",
    "nepali",
    "arabic",
    "portuguese",
    "twi",
)

THEMES = {
    "care_and_support": ("Care & support", False),
    "barriers": ("Barriers", False),
    "judgement": ("Judgement", False),
    "infrastructure": ("Infrastructure", True),
    "communication": ("Communication", True),
}
THEME_SYNONYMS = {
    "care & support": "care_and_support",
    "care and support": "care_and_support",
    "care_and_support": "care_and_support",
    "barriers": "barriers",
    "barrier": "barriers",
    "judgement": "judgement",
    "judgment": "judgement",
}
