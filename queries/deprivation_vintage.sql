-- name: deprivation_vintage
-- returns: the database's deprivation vintage (meta reference_vintage, imd2019 when unrecorded) and how many narratives' neighbourhoods were approximated when the vintage was switched
-- grain: one row
-- params: none
select
    coalesce((select value from meta where key = 'reference_vintage'), 'imd2019') as vintage,
    (select count(*) from narrative_area where area_approximated) as approximated
