-- name: import_history
-- returns: every import, newest first, with its row counts and whether (when, by whom) it was withdrawn
-- grain: one row per import
-- params: none
select
    imported_at,
    kind,
    file_name,
    imported_by,
    rows_total,
    rows_accepted,
    rows_rejected,
    rows_inserted,
    rows_updated,
    rows_unchanged,
    mode,
    left(sha256, 12) as sha256_start,
    import_id,
    withdrawn_at,
    withdrawn_by
from imports
order by imported_at desc
