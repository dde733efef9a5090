-- name: agreement_eligible_narratives
-- returns: narratives that may be drawn into an agreement sample: coded (at least one excerpt), in the selection, and not already drawn for this second coder
-- grain: one row per narrative
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (the shared filters), $second_coder (user name of the second coder)
-- example: {"second_coder": "demo:coder"}
-- "Coded" comes from the pre-aggregated agg_narratives (refreshed in every writer's transaction).
with already as (
    select a.narrative_id
    from agreement_assignments as a
    where a.coder = $second_coder
)

select n.narrative_id, n.collected_on
from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
inner join agg_narratives as c on c.narrative_id = n.narrative_id and c.excerpts > 0
where n.narrative_id not in (select narrative_id from already)
order by n.narrative_id
