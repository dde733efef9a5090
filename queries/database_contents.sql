-- name: database_contents
-- returns: what the database holds: one row per item with its count (and the narrative date range)
-- grain: one row per item
-- params: none
with counts as (
    select 1 as sort_order, 'Narratives' as item, count(*)::bigint as n from narratives
    union all
    select 2, 'Coded excerpts', count(*) from coded_excerpts
    union all
    select 3, 'Venues', count(*) from venues
    union all
    select 4, 'Engagement log entries', count(*) from engagement_log
    union all
    select 5, 'Information packs distributed', coalesce(sum(packs), 0) from engagement_packs
    union all
    select 6, 'Imports', count(*) from imports
    union all
    select 7, 'Reference postcodes', count(*) from postcodes
    union all
    select 8, 'Reference LSOAs in the area', count(*) from lsoa where live_postcodes > 0
    union all
    select 9, 'Codes in the codebook', count(*) from codes
)

select
    c.item,
    c.n,
    (select min(collected_on) from narratives) as first_narrative,
    (select max(collected_on) from narratives) as last_narrative
from counts as c
order by c.sort_order
