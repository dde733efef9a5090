-- name: audit_log_entries
-- returns: audit trail entries matching the filters, newest first, with how many match in all (ids and counts only, never text)
-- grain: one row per audit entry
-- params: $since, $until (UTC timestamps, null = open), $actions, $actors (empty list = all), $search (text in who, the id or the details, '' = all), $limit (null = all)
-- example: {"since": null, "until": null, "actions": [], "actors": [], "search": "", "limit": 500}
with matching as (
    select
        a.audit_id,
        a.logged_at,
        a.actor,
        a.role,
        a.action,
        a.object_type,
        a.object_id,
        a.details,
        a.row_hash,
        count(*) over () as matching
    from audit_log as a
    where ($since is null or a.logged_at >= $since)
        and ($until is null or a.logged_at < $until)
        and (len($actions) = 0 or list_contains($actions, a.action))
        and (len($actors) = 0 or list_contains($actors, a.actor))
        and (
            $search = ''
            or contains(lower(a.actor), lower($search))
            or contains(lower(coalesce(a.object_id, '')), lower($search))
            or contains(lower(coalesce(a.details, '')), lower($search))
        )
)

select *
from matching
order by audit_id desc
limit $limit
