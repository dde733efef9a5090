-- Rows of agg_venue_day_packs (migration 0008) for every venue, or ({where_v}, a fixed text from
-- insights.analysis.aggregates) only for the venues listed in _agg_venues.
insert into agg_venue_day_packs
select e.venue_id, e.activity_date, pk.language, sum(pk.packs) as packs
from engagement_packs as pk
inner join engagement_log as e on e.entry_id = pk.entry_id
{where_v}
group by e.venue_id, e.activity_date, pk.language
