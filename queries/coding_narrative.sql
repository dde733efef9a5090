-- name: coding_narrative
-- returns: one narrative to code: its note (restricted: engagement officer and coder only, on the Coding page), when, where and by whom it was collected, its care stages and how many excerpts it already has
-- grain: one row (or none when the narrative does not exist)
-- params: $narrative_id
-- example: {"narrative_id": "T01"}
select
    n.narrative_id,
    n.collected_on,
    n.locality,
    n.collected_by,
    n.care_stages,
    n.note,
    (select count(*) from coded_excerpts as x where x.narrative_id = n.narrative_id) as coded_excerpts
from narratives as n
where n.narrative_id = $narrative_id
