-- name: venue_pack_deliveries
-- returns: the packs left at each venue on each day packs were left, in the period, at venues in the selected localities; read from the engagement log per venue and day (agg_venue_days; insights.analysis.aggregates)
-- grain: one row per venue per day with packs left
-- params: $start, $end, $localities
select
    d.venue_id,
    d.activity_date,
    sum(d.packs)::bigint as packs
from agg_venue_days as d
inner join venues as v on v.venue_id = d.venue_id
where d.activity_date between $start and $end
    and (len($localities) = 0 or list_contains($localities, v.locality))
group by d.venue_id, d.activity_date
having sum(d.packs) > 0
order by d.venue_id, d.activity_date
