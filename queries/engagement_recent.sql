-- name: engagement_recent
-- returns: the most recent engagement log entries (latest activity first), with the venue's name and the packs left by language
-- grain: one row per engagement log entry, at most $limit rows
-- params: $limit
-- example: {"limit": 50}
with packs as (
    select
        entry_id,
        sum(packs)::bigint as packs,
        string_agg(
            upper(language[1]) || language[2:] || ' ' || packs::varchar, ', ' order by packs desc, language
        ) as packs_by_language
    from engagement_packs
    where packs > 0
    group by entry_id
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
    i.imported_at as entered_at,
    i.file_name as entered_from
from engagement_log as e
left join venues as v on v.venue_id = e.venue_id
left join packs as p on p.entry_id = e.entry_id
left join imports as i on i.import_id = e.import_id
order by e.activity_date desc, i.imported_at desc nulls last, e.entry_id
limit $limit
