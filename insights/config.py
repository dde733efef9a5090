"""Paths and settings, read from the environment with safe defaults."""

from __future__ import annotations

import logging
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
#: The demo's newest narratives left without coding, for the Coding page's queue.
DEMO_UNCODED = 15

ATTRIBUTION = (
    "Contains National Statistics data © Crown copyright and database right. "
    "Contains OS data © Crown copyright and database right. "
    "Contains Royal Mail data © Royal Mail copyright and database right. "
    "English indices of deprivation © Crown copyright (MHCLG)."
)


def db_path() -> Path:
    """Where the DuckDB file lives: $MATERNITY_DB, else data/maternity.duckdb."""
    return Path(os.environ.get("MATERNITY_DB", DATA_DIR / "maternity.duckdb"))


#: Stores a database can live in: one embedded DuckDB file (the default), or DuckLake shared by processes.
STORES = ("duckdb", "ducklake")


def store() -> str:
    """Which store: $MATERNITY_STORE ('duckdb', the default: one file; or 'ducklake': a PostgreSQL
    catalog with Parquet data files that several dashboard servers and the command line share)."""
    value = os.environ.get("MATERNITY_STORE", "").strip().lower() or "duckdb"
    if value not in STORES:
        raise ValueError(f"the setting MATERNITY_STORE={value!r} must be 'duckdb' or 'ducklake'")
    return value


def ducklake_catalog() -> str:
    """The shared store's catalog: $MATERNITY_DUCKLAKE_CATALOG, 'postgres:dbname=... host=... user=...'."""
    value = os.environ.get("MATERNITY_DUCKLAKE_CATALOG", "").strip()
    if not value:
        raise ValueError(
            "MATERNITY_STORE=ducklake needs MATERNITY_DUCKLAKE_CATALOG, e.g. "
            "'postgres:dbname=maternity host=127.0.0.1 user=maternity'"
        )
    return value


def ducklake_data() -> str | None:
    """Where the shared store's Parquet files live: $MATERNITY_DUCKLAKE_DATA (a folder every server
    can reach, or an object-store URL); needed when the catalog is created, remembered by it after."""
    return os.environ.get("MATERNITY_DUCKLAKE_DATA", "").strip() or None


def vintage() -> str:
    """Reference vintage to load: $MATERNITY_VINTAGE, else IMD 2019."""
    return os.environ.get("MATERNITY_VINTAGE", DEFAULT_VINTAGE)


def reference_dir(name: str | None = None) -> Path:
    """Folder holding one vintage's committed reference extract."""
    return REFERENCE_DIR / (name or vintage())


#: Defaults of the import limits below (each can be changed with its environment variable).
DEFAULT_EARLIEST_DATE = "2015-01-01"
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_COLUMNS = 100
DEFAULT_MAX_UNZIPPED_MB = 300


def _positive_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip().replace(",", "").replace("_", "")
    try:
        value = int(text) if text else default
    except ValueError:
        raise ValueError(f"the setting {name}={text!r} is not a whole number") from None
    if value < 1:
        raise ValueError(f"the setting {name} must be at least 1 (got {value})")
    return value


def earliest_date():
    """Dates in imported files before this are refused: $MATERNITY_EARLIEST_DATE (yyyy-mm-dd), else
    2015-01-01, before the service collected anything (a 1900 date is a typing slip, not history)."""
    import datetime as dt

    text = os.environ.get("MATERNITY_EARLIEST_DATE", "").strip() or DEFAULT_EARLIEST_DATE
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"the setting MATERNITY_EARLIEST_DATE={text!r} is not a yyyy-mm-dd date") from None


def max_rows() -> int:
    """Most data rows one imported file may hold: $MATERNITY_MAX_ROWS, else 200,000 (about 600 times the
    service's whole history of conversations; a file is read row by row, so this also bounds the memory
    one import may take: about 300 MB at the limit, where a million rows took about 1 GB)."""
    return _positive_int("MATERNITY_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_columns() -> int:
    """Most columns one imported file may use: $MATERNITY_MAX_COLUMNS, else 100 (the widest template
    has 18, plus packs_<language> columns); a value further right refuses the file."""
    return _positive_int("MATERNITY_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def server_threads() -> int | None:
    """DuckDB worker threads for the dashboard server's database: $MATERNITY_DUCKDB_THREADS, else None
    (DuckDB's default, one per core). The server's pages share one interpreter; on a small machine fewer
    DuckDB threads leave a core for page runs while an import writes (README, "Benchmark"; docs/benchmark-history.md)."""
    if not os.environ.get("MATERNITY_DUCKDB_THREADS", "").strip():
        return None
    try:
        return _positive_int("MATERNITY_DUCKDB_THREADS", 1)
    except ValueError as exc:  # a tuning knob: a bad value keeps DuckDB's default, never stops the server
        logging.getLogger(__name__).warning("%s; DuckDB's default is used", exc)
        return None


def max_unzipped_bytes() -> int:
    """Largest total unpacked size of an uploaded workbook: $MATERNITY_MAX_UNZIPPED_MB megabytes,
    else 300 MB (a zip bomb is refused before anything is unpacked)."""
    return _positive_int("MATERNITY_MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB) * 1_000_000
