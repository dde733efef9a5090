"""Paths and settings, read from the environment with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
CODEBOOK_DIR = DATA_DIR / "codebook"
TEMPLATES_DIR = DATA_DIR / "templates"

#: Reference vintage in use: IMD 2019 on 2011 LSOAs (the postcode lookup shipped is 2011-based).
DEFAULT_VINTAGE = "imd2019"

#: Seed and size of the built-in synthetic demo.
DEMO_SEED = 20230301
DEMO_NARRATIVES = 321

ATTRIBUTION = (
    "Contains National Statistics data © Crown copyright and database right. "
    "Contains OS data © Crown copyright and database right. "
    "Contains Royal Mail data © Royal Mail copyright and database right. "
    "English indices of deprivation © Crown copyright (MHCLG)."
)


def db_path() -> Path:
    """Where the DuckDB file lives: $MATERNITY_DB, else data/maternity.duckdb."""
    return Path(os.environ.get("MATERNITY_DB", DATA_DIR / "maternity.duckdb"))


def vintage() -> str:
    """Reference vintage to load: $MATERNITY_VINTAGE, else IMD 2019."""
    return os.environ.get("MATERNITY_VINTAGE", DEFAULT_VINTAGE)


def reference_dir(name: str | None = None) -> Path:
    """Folder holding one vintage's committed reference extract."""
    return REFERENCE_DIR / (name or vintage())
