-- name: activity_latest_date
-- returns: the latest day anything was recorded (a narrative collected or an engagement log entry)
-- grain: one row (null when the database holds neither)
-- params: none
with days as (
    select max(collected_on) as day from narratives
    union all
    select max(activity_date) from engagement_log
)

select max(day) as latest_day
from days
