-- name: coverage_postcodes
-- returns: the coordinates of every live postcode in the area's neighbourhoods (reference data, used to measure how many homes are within walking distance of a venue)
-- grain: one row per live postcode with coordinates
-- params: none
select
    p.postcode,
    p.lsoa_code,
    p.lon,
    p.lat
from postcodes as p
inner join lsoa as l on l.lsoa_code = p.lsoa_code
where p.terminated is null
    and p.lon is not null
    and p.lat is not null
    and l.live_postcodes > 0
order by p.postcode
