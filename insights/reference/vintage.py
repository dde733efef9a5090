"""Deprivation vintage: IMD 2019 on 2011 LSOAs or IMD 2025 on 2021 LSOAs, and switching between them.

A database holds one vintage's reference (postcodes -> LSOA -> IMD decile -> Core20), recorded in
meta `reference_vintage`. Narratives keep only the postcode district and the LSOA resolved at import
(never the full postcode), so switching re-derives each narrative's LSOA, IMD decile and Core20 from
that stored LSOA through the ONS 2011 -> 2021 best-fit crosswalk (data/reference/imd2025/lsoa11_lsoa21.csv):

- 2011 -> 2021: an unchanged or merged 2011 LSOA maps exactly. A split one cannot be placed in one
  child without a point, so the narrative goes to the ONS best-fit child and is marked
  `area_approximated` with the reason (table narrative_area).
- 2021 -> 2011: a child of a split LSOA maps exactly to its parent. A 2021 LSOA formed by merging
  several 2011 ones is placed in the parent with most postcodes, marked approximated.
- Back to the import vintage: the LSOA stored at import is used again, so switching back is exact.

Venues keep their (public) full postcode, so they are re-resolved exactly through the new lookup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from insights import config
from insights.reference.build import CROSSWALK_FILE
from insights.store import db

#: The vintages, their LSOA year and how figures name them.
VINTAGES = {
    "imd2019": {"lsoa_year": "2011", "label": "IMD 2019 (2011 LSOAs)"},
    "imd2025": {"lsoa_year": "2021", "label": "IMD 2025 (2021 LSOAs)"},
}


class VintageError(ValueError):
    """A vintage that does not exist, or whose reference files are missing."""


def check(name: str) -> str:
    """The vintage name if known, else a plain-English error."""
    if name not in VINTAGES:
        raise VintageError(f"unknown deprivation vintage {name!r}: choose one of {', '.join(VINTAGES)}")
    if not (config.reference_dir(name) / "manifest.json").is_file():
        raise VintageError(f"the reference extract for {name} is missing (data/reference/{name}/)")
    return name


def label(name: str | None) -> str:
    """'IMD 2025 (2021 LSOAs)' for 'imd2025'; the raw name for an unknown one."""
    return VINTAGES.get(name or config.DEFAULT_VINTAGE, {}).get("label", str(name))


def caption(name: str | None, approximated: int = 0) -> str:
    """The line every deprivation figure carries: which index, and how many areas were approximated."""
    text = f"Deprivation: {label(name)}; Core20 = the most deprived 20% of neighbourhoods in England (deciles 1-2)."
    if approximated:
        text += (
            f" {approximated:,} women's neighbourhoods are approximated (their 2011 neighbourhood was split "
            "in 2021; see the Data page)."
        )
    return text


def caption_from(row: pd.DataFrame) -> str:
    """The caption from the `deprivation_vintage` query's one row (pages and the briefing use this)."""
    if row is None or row.empty:
        return caption(None)
    return caption(str(row["vintage"].iat[0]), int(row["approximated"].iat[0] or 0))


def current(con: duckdb.DuckDBPyConnection) -> str:
    """The vintage the database holds (IMD 2019 for a database built before vintages were recorded)."""
    row = con.execute("select value from meta where key = 'reference_vintage'").fetchone()
    return row[0] if row else config.DEFAULT_VINTAGE


def crosswalk(path: Path | None = None) -> pd.DataFrame:
    """The committed 2011 -> 2021 LSOA crosswalk of the area."""
    path = path or config.reference_dir("imd2025") / CROSSWALK_FILE
    return pd.read_csv(path, dtype=str)


@dataclass(frozen=True)
class Placement:
    """Where one stored LSOA goes in the other vintage."""

    lsoa_code: str | None
    approximated: bool
    note: str | None = None


def mapping(cw: pd.DataFrame, from_year: str, to_year: str) -> dict[str, Placement]:
    """LSOA code of `from_year` -> Placement in `to_year` for every code the crosswalk knows."""
    out: dict[str, Placement] = {}
    if from_year == to_year:
        return out
    if from_year == "2011":
        for row in cw.itertuples(index=False):
            children = row.children.split(";")
            if row.change in ("unchanged", "merged"):
                out[row.lsoa11_code] = Placement(row.lsoa21_code, False)
            elif row.change == "split":
                out[row.lsoa11_code] = Placement(
                    row.lsoa21_code,
                    True,
                    f"2011 LSOA {row.lsoa11_code} was split into {len(children)} 2021 LSOAs "
                    f"({', '.join(children)}); placed in the ONS best-fit child {row.lsoa21_code}",
                )
            else:
                out[row.lsoa11_code] = Placement(
                    row.lsoa21_code,
                    True,
                    f"2011 LSOA {row.lsoa11_code} was redrawn as {row.lsoa21_code} (ONS best fit)",
                )
        return out
    parents: dict[str, list[str]] = {}
    for row in cw.itertuples(index=False):
        for child in row.children.split(";"):
            parents.setdefault(child, []).append(row.lsoa11_code)
    for child, codes in parents.items():
        codes = sorted(codes)
        if len(codes) == 1:
            out[child] = Placement(codes[0], False)
        else:
            out[child] = Placement(
                codes[0],
                True,
                f"2021 LSOA {child} covers {len(codes)} 2011 LSOAs ({', '.join(codes)}); placed in {codes[0]}",
            )
    return out


_SYNC = """
-- Narratives with no area record yet, or re-imported since the last switch (their LSOA is no longer
-- the one the switch derived): what they hold now is what import resolved, on the current vintage.
insert or replace into narrative_area
select n.narrative_id, $year, n.lsoa_code, n.lsoa_code, false, null
from narratives as n
left join narrative_area as a on a.narrative_id = n.narrative_id
where a.narrative_id is null or a.derived_lsoa_code is distinct from n.lsoa_code
"""

_APPLY = """
update narratives as n
set lsoa_code = d.lsoa_code, imd_decile = l.imd_decile, core20 = l.core20
from derived as d
left join lsoa as l on l.lsoa_code = d.lsoa_code
where n.narrative_id = d.narrative_id
"""

_RECORD = """
update narrative_area as a
set derived_lsoa_code = d.lsoa_code, area_approximated = d.approximated, area_note = d.note
from derived as d
where a.narrative_id = d.narrative_id
"""

_VENUES = """
update venues as v
set lsoa_code = p.lsoa_code
from postcodes as p
where p.postcode = v.postcode
"""


@dataclass(frozen=True)
class SwitchResult:
    """What a switch did."""

    from_vintage: str
    to_vintage: str
    narratives: int
    approximated: int
    unplaced: int
    venues: int

    def summary(self) -> str:
        """One plain-English line."""
        if self.from_vintage == self.to_vintage:
            return f"The database already uses {label(self.to_vintage)}; nothing changed."
        return (
            f"Switched from {label(self.from_vintage)} to {label(self.to_vintage)}: {self.narratives:,} "
            f"narratives re-derived ({self.approximated:,} approximated, {self.unplaced:,} without a "
            f"neighbourhood in the new lookup), {self.venues:,} venues re-resolved."
        )


def _derive(con: duckdb.DuckDBPyConnection, to_year: str, cw: pd.DataFrame) -> pd.DataFrame:
    """Each narrative's LSOA in `to_year` from the one stored at import."""
    stored = con.execute(
        "select narrative_id, source_vintage, source_lsoa_code from narrative_area order by narrative_id"
    ).df()
    known = set(con.execute("select lsoa_code from lsoa").df()["lsoa_code"])
    maps = {year: mapping(cw, year, to_year) for year in ("2011", "2021")}
    codes, approx, notes = [], [], []
    for year, code in zip(stored["source_vintage"], stored["source_lsoa_code"], strict=True):
        if code is None or pd.isna(code):
            placement = Placement(None, False)
        elif year == to_year:
            placement = Placement(code, False)
        elif code in maps[year]:
            placement = maps[year][code]
        elif code in known:  # outside the crosswalk but the same code exists in the new vintage
            placement = Placement(code, False)
        else:
            placement = Placement(None, True, f"{year} LSOA {code} has no {to_year} LSOA in the crosswalk")
        codes.append(placement.lsoa_code)
        approx.append(placement.approximated)
        notes.append(placement.note)
    return pd.DataFrame(
        {
            "narrative_id": stored["narrative_id"],
            "lsoa_code": pd.Series(codes, dtype=object),
            "approximated": pd.Series(approx, dtype=bool),
            "note": pd.Series(notes, dtype=object),
        }
    )


def switch(
    con: duckdb.DuckDBPyConnection,
    target: str,
    user: str,
    folder: Path | None = None,
    role: str | None = None,
) -> SwitchResult:
    """Load `target`'s reference and re-derive every narrative's and venue's area, in one audited
    transaction (a failure leaves the database exactly as it was)."""
    from insights.access import audit

    check(target)
    if not user or not user.strip():
        raise VintageError("say who is switching the vintage (it is recorded in the audit trail)")
    before = current(con)
    if before == target:
        return SwitchResult(before, target, 0, 0, 0, 0)
    to_year = VINTAGES[target]["lsoa_year"]
    cw = crosswalk()
    with db.transaction(con):
        db.upsert(con, _SYNC, {"year": VINTAGES.get(before, VINTAGES["imd2019"])["lsoa_year"]})
        db.load_reference(con, folder or config.reference_dir(target))
        load_comparison(con)
        derived = _derive(con, to_year, cw)
        con.register("derived", derived)
        try:
            con.execute(_APPLY)
            con.execute(_RECORD)
        finally:
            con.unregister("derived")
        con.execute(_VENUES)
        from insights.analysis import aggregates

        aggregates.refresh(con)  # narratives' area fields (locality, decile, Core20) changed
        venues = con.execute("select count(*) from venues where postcode is not null").fetchone()[0]
        result = SwitchResult(
            before,
            target,
            len(derived),
            int(derived["approximated"].sum()),
            int((derived["lsoa_code"].isna() & derived["approximated"]).sum()),
            int(venues),
        )
        audit.record(
            con,
            user,
            "vintage_switch",
            role=role,
            object_type="database",
            object_id=target,
            details={
                "from": before,
                "to": target,
                "narratives": result.narratives,
                "approximated": result.approximated,
                "unplaced": result.unplaced,
                "venues": result.venues,
            },
        )
    return result


def load_comparison(con: duckdb.DuckDBPyConnection) -> None:
    """Fill lsoa_vintages and lsoa_crosswalk from the committed extracts of both vintages (if present)."""
    frames = []
    for name in VINTAGES:
        path = config.reference_dir(name) / "lsoa.csv"
        if path.is_file():
            lsoa = pd.read_csv(path, dtype={"lsoa_code": str})
            cols = ["lsoa_code", "lsoa_name", "locality", "imd_decile", "core20", "live_postcodes"]
            frames.append(lsoa[cols].assign(vintage=name, core20=lsoa["core20"].astype(bool)))
    cw_path = config.reference_dir("imd2025") / CROSSWALK_FILE
    pairs = pd.DataFrame(columns=["lsoa11_code", "lsoa21_code", "change", "best_fit"])
    if cw_path.is_file():
        cw = crosswalk(cw_path).assign(child=lambda d: d["children"].str.split(";")).explode("child")
        pairs = pd.DataFrame(
            {
                "lsoa11_code": cw["lsoa11_code"],
                "lsoa21_code": cw["child"],
                "change": cw["change"],
                "best_fit": cw["child"] == cw["lsoa21_code"],
            }
        ).drop_duplicates(["lsoa11_code", "lsoa21_code"])
    con.execute("delete from lsoa_vintages")
    con.execute("delete from lsoa_crosswalk")
    if frames:
        db.append_frame(con, "lsoa_vintages", pd.concat(frames, ignore_index=True))
    db.append_frame(con, "lsoa_crosswalk", pairs)


def approximations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Counts of approximated narratives by reason (empty when none)."""
    from queries import run

    return run(con, "area_approximations")


def describe(result: SwitchResult) -> str:
    """JSON of a switch result (for the command line)."""
    return json.dumps(result.__dict__)
