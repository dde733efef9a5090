-- name: venue_pack_deliveries
-- returns: the packs left at each venue on each day packs were left, in the period, at venues in the selected localities
-- grain: one row per venue per day with packs left
-- params: $start, $end, $localities
select
    e.venue_id,
    e.activity_date,
    sum(pk.packs)::bigint as packs
from engagement_log as e
inner join engagement_packs as pk on pk.entry_id = e.entry_id
inner join venues as v on v.venue_id = e.venue_id
where e.activity_date between $start and $end
    and (len($localities) = 0 or list_contains($localities, v.locality))
group by e.venue_id, e.activity_date
having sum(pk.packs) > 0
order by e.venue_id, e.activity_date
