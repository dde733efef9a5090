-- name: agreement_eligible_narratives
-- returns: narratives that may be drawn into an agreement sample: coded (at least one excerpt), in the selection, and not already drawn for this second coder
-- grain: one row per narrative
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (the shared filters), $second_coder (user name of the second coder)
-- example: {"second_coder": "demo:coder"}
with coded as (
    select distinct narrative_id
    from coded_excerpts
),

already as (
    select a.narrative_id
    from agreement_assignments as a
    where a.coder = $second_coder
)

select n.narrative_id, n.collected_on
from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
inner join coded as c on c.narrative_id = n.narrative_id
where n.narrative_id not in (select narrative_id from already)
order by n.narrative_id
