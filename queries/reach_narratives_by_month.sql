-- name: reach_narratives_by_month
-- returns: narratives collected per calendar month and locality under the shared filters
-- grain: one row per month and locality with at least one narrative
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
select
    date_trunc('month', n.collected_on)::date as month,
    n.locality,
    count(*) as narratives
from filtered_narratives(
    $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
) as n
group by all
order by month, n.locality
