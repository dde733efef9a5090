-- name: reach_lsoa
-- returns: every neighbourhood (LSOA) of the area with its deprivation (and which index: deprivation_index), centroid, boundary and the narratives collected there under the shared filters
-- grain: one row per LSOA with live postcodes, in the selected localities and deprivation groups
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
with collected as (
    select
        n.lsoa_code,
        count(*) as narratives,
        max(n.collected_on) as last_narrative
    from filtered_narratives(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation
    ) as n
    where n.lsoa_code is not null
    group by n.lsoa_code
),

areas as (
    select
        l.lsoa_code,
        l.lsoa_name,
        l.lad_name,
        l.locality,
        l.imd_rank,
        l.imd_decile,
        l.core20,
        l.centroid_lon,
        l.centroid_lat,
        l.boundary
    from lsoa as l
    where l.live_postcodes > 0
        and (len($localities) = 0 or list_contains($localities, l.locality))
        and (
            len($deprivation) = 0
            or list_contains($deprivation, case when l.core20 then 'Core20' else 'Not Core20' end)
        )
)

select
    a.*,
    coalesce(c.narratives, 0) as narratives,
    c.last_narrative,
    case coalesce((select m.value from meta as m where m.key = 'reference_vintage'), 'imd2019')
        when 'imd2025' then 'IMD 2025' else 'IMD 2019'
    end as deprivation_index
from areas as a
left join collected as c on c.lsoa_code = a.lsoa_code
order by a.lsoa_code
