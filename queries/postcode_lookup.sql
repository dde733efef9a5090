-- name: postcode_lookup
-- returns: reference facts for each listed postcode found in the lookup (live or terminated), with how it was placed in its LSOA (lsoa_method: official / unchanged / split_pip / split_nearest / bestfit)
-- grain: one row per postcode
-- params: $postcodes (list of normalised postcodes, e.g. ['DA11 0DL'])
-- example: {"postcodes": ["DA11 0AA", "BR8 7AF", "DA12 9XX"]}
with wanted as (
    select unnest($postcodes::varchar[]) as postcode
)

select
    p.postcode,
    p.postcode_district,
    p.terminated,
    p.lsoa_code,
    l.lsoa_name,
    l.imd_decile,
    l.core20,
    l.locality,
    p.lon,
    p.lat,
    coalesce(p.lsoa_method, 'official') as lsoa_method
from wanted as w
inner join postcodes as p on p.postcode = w.postcode
left join lsoa as l on l.lsoa_code = p.lsoa_code
order by p.postcode
