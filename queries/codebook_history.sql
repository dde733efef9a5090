-- name: codebook_history
-- returns: every change made to the codebook, newest first: its version number, when (UTC), who, what kind of change, the object changed, a plain-English summary and the object before and after (JSON)
-- grain: one row per codebook version
-- params: none
select
    version,
    changed_at,
    changed_by,
    change,
    object_type,
    object_id,
    summary,
    before,
    after
from codebook_versions
order by version desc
