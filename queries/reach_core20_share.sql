-- name: reach_core20_share
-- returns: how much of the area, of the packs left and of the narratives collected is in Core20 neighbourhoods (count in Core20, total with a known neighbourhood, and how many have no known neighbourhood)
-- grain: one row per measure (neighbourhoods, packs, narratives)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
with areas as (
    select
        1 as sort_order,
        'neighbourhoods' as measure,
        count(*) filter (where l.core20) as in_core20,
        count(*) as total,
        0 as unknown
    from lsoa as l
    where l.live_postcodes > 0
        and (len($localities) = 0 or list_contains($localities, l.locality))
),

packs as (
    select
        2 as sort_order,
        'packs' as measure,
        coalesce(sum(pk.packs) filter (where l.core20), 0) as in_core20,
        coalesce(sum(pk.packs) filter (where l.core20 is not null), 0) as total,
        coalesce(sum(pk.packs) filter (where l.core20 is null), 0) as unknown
    from agg_venue_days as pk -- the engagement log per venue and day (insights.analysis.aggregates)
    inner join venues as v on v.venue_id = pk.venue_id
    left join lsoa as l on l.lsoa_code = v.lsoa_code
    where pk.activity_date between $start and $end
        and (len($localities) = 0 or list_contains($localities, v.locality))
),

narratives as (
    select
        3 as sort_order,
        'narratives' as measure,
        count(*) filter (where n.core20) as in_core20,
        count(*) filter (where n.core20 is not null) as total,
        count(*) filter (where n.core20 is null) as unknown
    from filtered_narratives(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
    ) as n
)

select measure, in_core20::bigint as in_core20, total::bigint as total, unknown::bigint as unknown
from (
    select * from areas
    union all
    select * from packs
    union all
    select * from narratives
)
order by sort_order
