"""Postcode normalisation and postcode -> LSOA -> IMD decile -> Core20 resolution."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

import pandas as pd

# Outward code (A9, A99, A9A, AA9, AA99, AA9A) followed by inward code (9AA).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")

#: Local authority districts of the DGS footprint and the locality each stands for.
DGS_DISTRICTS = {
    "E07000107": "Dartford",
    "E07000109": "Gravesham",
    "E07000111": "Swanley",  # only the BR8 postcode district of Sevenoaks is in the footprint
}
LOCALITIES = ("Dartford", "Gravesham", "Swanley")


def normalise_postcode(raw: object) -> str | None:
    """Upper-case, strip spaces, one space before the inward code; None when not a UK postcode. Full-width
    forms typed on a phone ("ＤＡ１１ ０ＤＬ") and zero-width characters pasted with the cell read as plain ones."""
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return None
    text = re.sub(
        r"[\s\u200b-\u200d\u2060\ufeff\u00ad]+", "", unicodedata.normalize("NFKC", str(raw))
    ).upper()
    match = _POSTCODE.match(text)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode: str | None) -> str | None:
    """Outward code of a normalised postcode ('DA11 0DL' -> 'DA11')."""
    return postcode.split(" ")[0] if postcode else None


def locality_for(lad_code: str | None, district: str | None) -> str:
    """DGS locality for a local authority code and postcode district, else 'Other'."""
    if lad_code == "E07000111":
        return "Swanley" if district == "BR8" else "Other"
    return DGS_DISTRICTS.get(lad_code or "", "Other")


@dataclass(frozen=True)
class PostcodeResult:
    """What one postcode resolves to; `status` is ok, terminated, unknown, malformed or missing."""

    input: str | None
    postcode: str | None
    status: str
    postcode_district: str | None = None
    lsoa_code: str | None = None
    lsoa_name: str | None = None
    imd_decile: int | None = None
    core20: bool | None = None
    locality: str | None = None
    lsoa_method: str | None = (
        None  # how the postcode was placed in its LSOA (see insights.reference.build.METHODS)
    )
    vintage: str | None = None  # reference vintage answered on, e.g. imd2025

    def as_dict(self) -> dict:
        """Plain dict for JSON output."""
        return asdict(self)


def resolve_postcodes(con, raw_postcodes: list[object]) -> list[PostcodeResult]:
    """Resolve each input through the reference lookup held in the database."""
    from queries import run

    normalised = [normalise_postcode(r) for r in raw_postcodes]
    wanted = sorted({p for p in normalised if p})
    found = run(con, "postcode_lookup", postcodes=wanted) if wanted else pd.DataFrame()
    by_pc = {row.postcode: row for row in found.itertuples(index=False)}
    meta = con.execute("select value from meta where key = 'reference_vintage'").fetchone()
    vintage = meta[0] if meta else None
    results = []
    for raw, pc in zip(raw_postcodes, normalised, strict=True):
        text = None if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw)
        if text is None or not text.strip():
            results.append(PostcodeResult(text, None, "missing", vintage=vintage))
        elif pc is None:
            results.append(PostcodeResult(text, None, "malformed", vintage=vintage))
        elif pc not in by_pc:
            results.append(PostcodeResult(text, pc, "unknown", postcode_district(pc), vintage=vintage))
        else:
            row = by_pc[pc]
            results.append(
                PostcodeResult(
                    input=text,
                    postcode=pc,
                    status="terminated" if pd.notna(row.terminated) else "ok",
                    postcode_district=row.postcode_district,
                    lsoa_code=row.lsoa_code,
                    lsoa_name=row.lsoa_name,
                    imd_decile=None if pd.isna(row.imd_decile) else int(row.imd_decile),
                    core20=None if pd.isna(row.core20) else bool(row.core20),
                    locality=row.locality,
                    lsoa_method=row.lsoa_method,
                    vintage=vintage,
                )
            )
    return results
