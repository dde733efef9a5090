-- name: engagement_last_entry
-- returns: the venue and activity type of the engagement log entry entered most recently (to prefill the form)
-- grain: at most one row
-- params: none
select
    e.venue_id,
    e.activity_type,
    e.activity_date,
    i.imported_at
from engagement_log as e
left join imports as i on i.import_id = e.import_id
order by i.imported_at desc nulls last, e.activity_date desc, e.entry_id
limit 1
