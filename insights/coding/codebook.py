"""The codebook: Figure 2 (categories x themes, with polarity) and the project's code list."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

import pandas as pd

from insights.config import CODEBOOK_DIR
from insights.vocab import THEMES

THEME_COLUMNS = ("care_and_support", "barriers", "judgement")
#: Fixed namespace for REFI-QDA GUIDs: the same id always gives the same GUID.
GUID_NAMESPACE = uuid.UUID("6b1f0c2e-5d0a-4c53-9a53-6d61746e6974")


def guid(kind: str, key: str) -> str:
    """Stable GUID for an object of a kind ('code', 'category', 'source', ...) and its id."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def slug(text: str) -> str:
    """Lower-case identifier from a label ('Felt judged' -> 'felt_judged')."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@lru_cache(maxsize=1)
def figure2() -> pd.DataFrame:
    """Figure 2 as a frame: category, category_id, polarity and one 0/1 column per theme."""
    df = pd.read_csv(CODEBOOK_DIR / "categories_themes.csv", dtype={t: int for t in THEME_COLUMNS})
    df.insert(1, "category_id", df["category"].map(slug))
    return df


def categories() -> pd.DataFrame:
    """Rows for the `categories` table."""
    f = figure2()
    return pd.DataFrame(
        {
            "category_id": f["category_id"],
            "name": f["category"],
            "polarity": f["polarity"],
            "sort_order": range(1, len(f) + 1),
        }
    )


def themes() -> pd.DataFrame:
    """Rows for the `themes` table: the 3 coded themes and the 2 cross-cutting ones."""
    descriptions = {
        "care_and_support": "Experiences of care and support; contains every category.",
        "barriers": "What made care harder to get or to use.",
        "judgement": "Feeling judged, stereotyped or treated differently.",
        "infrastructure": "Cross-cutting: staffing, resources, facilities, antenatal education, "
        "translation services, transport and venues.",
        "communication": "Cross-cutting: communication ties all the themes together.",
    }
    return pd.DataFrame(
        [
            {
                "theme_id": tid,
                "name": name,
                "cross_cutting": cross,
                "description": descriptions[tid],
                "sort_order": i,
            }
            for i, (tid, (name, cross)) in enumerate(THEMES.items(), start=1)
        ]
    )


def theme_categories() -> pd.DataFrame:
    """Rows for `theme_categories`: which category sits in which coded theme (Figure 2)."""
    f = figure2()
    long = f.melt(id_vars=["category_id"], value_vars=list(THEME_COLUMNS), var_name="theme_id")
    return long[long["value"] == 1][["theme_id", "category_id"]].reset_index(drop=True)


def allowed_themes() -> dict[str, set[str]]:
    """category_id -> theme_ids a coded excerpt of that category may carry."""
    out: dict[str, set[str]] = {}
    for row in theme_categories().itertuples(index=False):
        out.setdefault(row.category_id, set()).add(row.theme_id)
    return out


@lru_cache(maxsize=1)
def codes() -> pd.DataFrame:
    """The project's code list: code_id, category_id, label, cross_cutting (';'-separated themes)."""
    df = pd.read_csv(CODEBOOK_DIR / "codes.csv", dtype=str, keep_default_na=False)
    by_name = dict(zip(figure2()["category"], figure2()["category_id"], strict=True))
    unknown = sorted(set(df["category"]) - set(by_name))
    if unknown:
        raise ValueError(f"codes.csv names categories not in Figure 2: {unknown}")
    df["category_id"] = df["category"].map(by_name)
    return df[["code_id", "category_id", "label", "cross_cutting"]]
