-- name: engagement_packs_by_month
-- returns: information packs left per calendar month by the venue's locality and by pack language, in the period, at venues in the selected localities; read from the packs per venue, day and language (agg_venue_day_packs; insights.analysis.aggregates)
-- grain: one row per month, locality and language with packs left
-- params: $start, $end, $localities
select
    date_trunc('month', pk.activity_date)::date as month,
    v.locality,
    pk.language,
    sum(pk.packs)::bigint as packs
from agg_venue_day_packs as pk
inner join venues as v on v.venue_id = pk.venue_id
where pk.activity_date between $start and $end
    and (len($localities) = 0 or list_contains($localities, v.locality))
group by all
having sum(pk.packs) > 0
order by month, v.locality, pk.language
