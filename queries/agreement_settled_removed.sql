-- name: agreement_settled_removed
-- returns: of the given excerpt ids, those an agreement settlement took out of the coding of record (agreement_settlements.removed) and that are not in coded_excerpts now, with the settlement that removed each (id, when, by whom, outcome), so a re-import of the same rows does not silently undo the settlement
-- grain: one row per excerpt id (its latest removing settlement)
-- params: $excerpt_ids (the excerpt ids of the incoming file)
-- example: {"excerpt_ids": ["T01-1", "T02-1"]}
with removed as (
    select
        r.value ->> '$.excerpt_id' as excerpt_id,
        s.settlement_id,
        s.settled_at,
        s.settled_by,
        s.outcome
    from agreement_settlements as s, json_each(s.removed) as r
)

select
    m.excerpt_id,
    arg_max(m.settlement_id, m.settled_at) as settlement_id,
    max(m.settled_at) as settled_at,
    arg_max(m.settled_by, m.settled_at) as settled_by,
    arg_max(m.outcome, m.settled_at) as outcome
from removed as m
where list_contains($excerpt_ids::varchar[], m.excerpt_id)
    and not exists (select 1 from coded_excerpts as x where x.excerpt_id = m.excerpt_id)
group by m.excerpt_id
order by m.excerpt_id
