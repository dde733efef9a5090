-- name: venue_reach
-- returns: every venue with its place, its neighbourhood's deprivation and its engagement: packs, visits, women engaged and narratives logged in the period, packs by language, and its last visit and last pack delivery up to the period end; read from the engagement log per venue and day (agg_venue_days, agg_venue_day_packs; insights.analysis.aggregates)
-- grain: one row per venue (all venues; in_selection marks those in the selected localities)
-- params: $start, $end, $localities
with per_venue as (
    select
        venue_id,
        coalesce(sum(entries) filter (where activity_date >= $start), 0) as visits,
        coalesce(sum(packs) filter (where activity_date >= $start), 0)::bigint as packs,
        coalesce(sum(women_engaged) filter (where activity_date >= $start), 0)::bigint as women_engaged,
        coalesce(sum(narratives_collected) filter (where activity_date >= $start), 0)::bigint
            as narratives_logged,
        max(activity_date) as last_activity,
        max(activity_date) filter (where entries_with_packs > 0) as last_pack_date
    from agg_venue_days
    where activity_date <= $end
    group by venue_id
),

venue_languages as (
    select venue_id, language, sum(packs)::bigint as packs
    from agg_venue_day_packs
    where activity_date between $start and $end
    group by venue_id, language
),

languages as (
    select
        venue_id,
        string_agg(
            upper(language[1]) || language[2:] || ' ' || packs::varchar, ', ' order by packs desc, language
        ) as packs_by_language
    from venue_languages
    where packs > 0
    group by venue_id
)

select
    v.venue_id,
    v.name,
    v.venue_type,
    v.postcode,
    v.locality,
    v.lsoa_code,
    l.lsoa_name,
    l.imd_decile,
    coalesce(l.core20, false) as core20,
    v.lon,
    v.lat,
    v.active,
    (len($localities) = 0 or list_contains($localities, v.locality)) as in_selection,
    coalesce(pv.visits, 0) as visits,
    coalesce(pv.packs, 0) as packs,
    coalesce(pv.women_engaged, 0) as women_engaged,
    coalesce(pv.narratives_logged, 0) as narratives_logged,
    pv.last_activity,
    pv.last_pack_date,
    coalesce(lg.packs_by_language, '') as packs_by_language
from venues as v
left join lsoa as l on l.lsoa_code = v.lsoa_code
left join per_venue as pv on pv.venue_id = v.venue_id
left join languages as lg on lg.venue_id = v.venue_id
order by v.name, v.venue_id
