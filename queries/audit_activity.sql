-- name: audit_activity
-- returns: how many audit entries each person has for each action, with the first and last time (UTC)
-- grain: one row per action and actor
-- params: none
select
    action,
    actor,
    count(*) as entries,
    min(logged_at) as first_logged_at,
    max(logged_at) as last_logged_at
from audit_log
group by action, actor
order by action, actor
