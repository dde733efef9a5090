-- name: engagement_recent
-- returns: the most recent engagement log entries (latest activity first), with the venue's name and the packs left by language
-- grain: one row per engagement log entry, at most $limit rows
-- params: $limit
-- example: {"limit": 50}
with recent as (
    select
        e.*,
        i.imported_at as entered_at,
        i.file_name as entered_from
    from engagement_log as e
    left join imports as i on i.import_id = e.import_id
    order by e.activity_date desc, i.imported_at desc nulls last, e.entry_id
    limit $limit
),

-- packs only for the entries shown (not the whole log)
packs as (
    select
        k.entry_id,
        sum(k.packs)::bigint as packs,
        string_agg(
            upper(k.language[1]) || k.language[2:] || ' ' || k.packs::varchar, ', ' order by k.packs desc, k.language
        ) as packs_by_language
    from engagement_packs as k
    inner join recent as r on r.entry_id = k.entry_id
    where k.packs > 0
    group by k.entry_id
)

select
    e.entry_id,
    e.activity_date,
    e.venue_id,
    coalesce(v.name, e.venue_id) as venue,
    v.locality,
    e.activity_type,
    e.women_engaged,
    e.narratives_collected,
    coalesce(p.packs, 0) as packs,
    coalesce(p.packs_by_language, '') as packs_by_language,
    e.connectors_present,
    coalesce(e.note, '') as note,
    e.entered_at,
    e.entered_from
from recent as e
left join venues as v on v.venue_id = e.venue_id
left join packs as p on p.entry_id = e.entry_id
order by e.activity_date desc, e.entered_at desc nulls last, e.entry_id
