-- Rows of agg_venue_days (migration 0008) for every venue, or ({where_v}, a fixed text from
-- insights.analysis.aggregates) only for the venues listed in _agg_venues.
insert into agg_venue_days
with entry_packs as (
    select entry_id, sum(packs) as packs
    from engagement_packs
    group by entry_id
)

select
    e.venue_id,
    e.activity_date,
    count(*) as entries,
    sum(e.women_engaged) as women_engaged,
    sum(e.narratives_collected) as narratives_collected,
    coalesce(sum(p.packs), 0) as packs,
    count(*) filter (where coalesce(p.packs, 0) > 0) as entries_with_packs
from engagement_log as e
left join entry_packs as p on p.entry_id = e.entry_id
{where_v}
group by e.venue_id, e.activity_date
