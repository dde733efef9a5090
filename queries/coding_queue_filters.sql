-- name: coding_queue_filters
-- returns: the choices offered by the coding queue's filters: each locality and collector among narratives with no coded excerpt, and the queue's first and last collection dates
-- grain: one row per filter value (kind 'locality' or 'collector'); first_day and last_day repeat on every row
-- params: none
with queue as (
    select n.*
    from narratives as n
    where not exists (select 1 from coded_excerpts as x where x.narrative_id = n.narrative_id)
),

span as (
    select min(collected_on) as first_day, max(collected_on) as last_day
    from queue
)

select f.kind, f.value, s.first_day, s.last_day
from (
    select distinct 'locality' as kind, locality as value from queue where locality is not null
    union all
    select distinct 'collector' as kind, collected_by as value from queue where collected_by is not null
) as f
cross join span as s
order by f.kind, f.value
