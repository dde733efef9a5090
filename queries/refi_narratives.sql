-- name: refi_narratives
-- returns: every narrative with its note (restricted: engagement officer only) and the attributes a REFI-QDA project carries as case variables
-- grain: one row per narrative
-- params: none
select
    narrative_id,
    collected_on,
    collected_by,
    ethnicity,
    ethnic_group,
    core20,
    locality,
    array_to_string(care_stages, '; ') as care_stage,
    rating,
    first_baby,
    age_band,
    provider,
    note
from narratives
order by narrative_id
