-- name: narrative_date_range
-- returns: the first and last day any narrative was collected (nulls when there are none)
-- grain: one row
-- params: none
select
    min(collected_on) as first_day,
    max(collected_on) as last_day
from narratives
