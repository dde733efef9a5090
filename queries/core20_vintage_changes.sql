-- name: core20_vintage_changes
-- returns: the area's neighbourhoods whose Core20 status differs between IMD 2019 (2011 LSOA) and IMD 2025 (2021 LSOA), with the narratives held for the neighbourhood on the index in use and the active venues there (with all the packs left at them)
-- grain: one row per (2011 LSOA, 2021 LSOA) pair that differs; narratives and venues are counted on the code of the index in use, so a split 2011 LSOA's narratives appear on each of its differing rows under IMD 2019
-- params: none
with now as (
    select coalesce((select value from meta where key = 'reference_vintage'), 'imd2019') as vintage
),

pairs as (
    select
        c.lsoa11_code,
        o.lsoa_name as lsoa11_name,
        o.imd_decile as decile_2019,
        o.core20 as core20_2019,
        c.lsoa21_code,
        t.lsoa_name as lsoa21_name,
        t.imd_decile as decile_2025,
        t.core20 as core20_2025,
        t.locality,
        c.change,
        case when now.vintage = 'imd2025' then c.lsoa21_code else c.lsoa11_code end as current_code
    from lsoa_crosswalk as c
    cross join now
    inner join lsoa_vintages as o on o.vintage = 'imd2019' and o.lsoa_code = c.lsoa11_code
    inner join lsoa_vintages as t on t.vintage = 'imd2025' and t.lsoa_code = c.lsoa21_code
    where t.live_postcodes > 0 and o.core20 is distinct from t.core20
),

told as (
    select lsoa_code, count(*) as narratives
    from narratives
    where lsoa_code in (select current_code from pairs)
    group by lsoa_code
),

venue_packs as (
    select e.venue_id, sum(p.packs)::bigint as packs
    from engagement_packs as p
    inner join engagement_log as e on e.entry_id = p.entry_id
    group by e.venue_id
),

at_venues as (
    select
        v.lsoa_code,
        count(*) as venues,
        string_agg(v.name, '; ' order by v.name) as venue_names,
        coalesce(sum(vp.packs), 0)::bigint as packs
    from venues as v
    left join venue_packs as vp on vp.venue_id = v.venue_id
    where v.active and v.lsoa_code in (select current_code from pairs)
    group by v.lsoa_code
)

select
    p.locality,
    p.lsoa21_code,
    p.lsoa21_name,
    p.lsoa11_code,
    p.lsoa11_name,
    p.change,
    p.decile_2019,
    p.decile_2025,
    case when p.core20_2025 then 'Core20 under IMD 2025 only' else 'Core20 under IMD 2019 only' end as status,
    coalesce(t.narratives, 0) as narratives,
    coalesce(v.venues, 0) as venues,
    v.venue_names,
    coalesce(v.packs, 0) as packs
from pairs as p
left join told as t on t.lsoa_code = p.current_code
left join at_venues as v on v.lsoa_code = p.current_code
order by p.core20_2025 desc, p.locality, p.lsoa21_code
