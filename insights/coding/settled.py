"""A settlement is the coding of record: re-importing the rows it removed does not bring them back.

When the officer settles a disagreement between coders (insights.coding.agreement.settle), the excerpts
the decision takes out of coded_excerpts are kept whole in `agreement_settlements.removed`. An excerpts
file imported again later (the Data page, `python -m insights import excerpts`, a .qdpx project) still
holds those rows under the same excerpt ids; written as they are, they would silently undo the settlement.
`skip_settled()` takes them out of the checked rows before anything is written and says so: one warning
per row and one line for the file ("3 rows skipped: settled by agreement on 01 Dec 2026"), so the rest
of the file imports as usual. To code such a passage again, code it on the Coding page (or give it a new
excerpt id): a deliberate act, not a side effect of a re-import.
"""

from __future__ import annotations

import duckdb

import queries
from insights.ingest.frame import RowIssue


def skip_settled(con: duckdb.DuckDBPyConnection, validated) -> int:
    """Remove from a validated excerpts frame the rows a settlement removed; warn per row. Returns how many."""
    frame = validated.frame
    if frame.empty or "excerpt_id" not in frame.columns:
        return 0
    hits = queries.run(
        con, "agreement_settled_removed", excerpt_ids=sorted({str(i) for i in frame["excerpt_id"]})
    )
    if hits.empty:
        return 0
    by_id = {r.excerpt_id: r for r in hits.itertuples(index=False)}
    skipped = frame[frame["excerpt_id"].astype(str).isin(set(by_id))]
    for row in skipped.itertuples(index=False):
        hit = by_id[str(row.excerpt_id)]
        validated.warnings.append(
            RowIssue(
                int(row.source_row),
                "excerpt_id",
                str(row.excerpt_id)[:60],
                f"skipped: settled by agreement on {hit.settled_at:%d %b %Y} ({hit.settlement_id}, by "
                f"{hit.settled_by}): the settlement is the coding of record, so this row is not restored",
            )
        )
    days = sorted({f"{by_id[str(i)].settled_at:%d %b %Y}" for i in skipped["excerpt_id"]})
    n = len(skipped)
    validated.warnings.append(
        RowIssue(
            0,
            "",
            "",
            f"{n} row{'s' if n != 1 else ''} skipped: settled by agreement on {', '.join(days)} "
            "(code the passage again on the Coding page to bring it back)",
        )
    )
    validated.frame = frame.drop(index=skipped.index).reset_index(drop=True)
    return n
