-- name: agreement_note
-- returns: the note of one narrative assigned to this second coder (nothing when it is not theirs), with its care stages; never the first coding
-- grain: one row (or none)
-- params: $sample_id, $narrative_id, $coder (user name of the assigned second coder)
-- example: {"sample_id": "S1", "narrative_id": "T01", "coder": "demo:coder"}
-- Restricted (queries.RESTRICTED): women's own words; run through insights.coding.agreement.note_for_coder.
select n.narrative_id, n.note, n.care_stages
from agreement_assignments as a
inner join narratives as n on n.narrative_id = a.narrative_id
where a.sample_id = $sample_id
    and a.narrative_id = $narrative_id
    and a.coder = $coder
