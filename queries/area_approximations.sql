-- name: area_approximations
-- returns: why narratives' neighbourhoods were approximated when the deprivation vintage was switched (e.g. their 2011 LSOA was split in 2021), with how many narratives each reason covers
-- grain: one row per reason
-- params: none
select
    area_note as reason,
    count(*) as narratives
from narrative_area
where area_approximated
group by area_note
order by narratives desc, reason
