-- name: engagement_packs_by_month
-- returns: information packs left per calendar month by the venue's locality and by pack language, in the period, at venues in the selected localities
-- grain: one row per month, locality and language with packs left
-- params: $start, $end, $localities
select
    date_trunc('month', e.activity_date)::date as month,
    v.locality,
    pk.language,
    sum(pk.packs)::bigint as packs
from engagement_log as e
inner join engagement_packs as pk on pk.entry_id = e.entry_id
inner join venues as v on v.venue_id = e.venue_id
where e.activity_date between $start and $end
    and (len($localities) = 0 or list_contains($localities, v.locality))
group by all
having sum(pk.packs) > 0
order by month, v.locality, pk.language
