-- name: engagement_entry
-- returns: one engagement log entry with its packs, one row per pack language (a single row with a null language when no packs were left)
-- grain: one row per language of the entry's packs
-- params: $entry_id
-- example: {"entry_id": "ET1"}
select
    e.entry_id,
    e.activity_date,
    e.venue_id,
    e.activity_type,
    e.women_engaged,
    e.narratives_collected,
    e.connectors_present,
    e.note,
    pk.language,
    pk.packs
from engagement_log as e
left join engagement_packs as pk on pk.entry_id = e.entry_id
where e.entry_id = $entry_id
order by pk.language
