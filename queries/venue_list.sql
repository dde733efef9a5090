-- name: venue_list
-- returns: every venue with its place and when it was last visited, for choosing and editing venues
-- grain: one row per venue
-- params: none
with visits as (
    select venue_id, max(activity_date) as last_activity, count(*) as entries
    from engagement_log
    group by venue_id
)

select
    v.venue_id,
    v.name,
    v.venue_type,
    v.postcode,
    v.postcode_district,
    v.locality,
    v.lsoa_code,
    l.lsoa_name,
    l.imd_decile,
    l.core20,
    v.active,
    s.last_activity,
    coalesce(s.entries, 0) as entries
from venues as v
left join lsoa as l on l.lsoa_code = v.lsoa_code
left join visits as s on s.venue_id = v.venue_id
order by v.active desc, v.name, v.venue_id
