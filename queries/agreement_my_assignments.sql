-- name: agreement_my_assignments
-- returns: the narratives a second coder has been asked to code blind, not yet coded first; ids and dates only (never the first coding)
-- grain: one row per sample and narrative assigned to this coder
-- params: $coder (user name of the second coder)
-- example: {"coder": "demo:coder"}
with mine as (
    select x.sample_id, x.narrative_id, count(*) as excerpts
    from agreement_excerpts as x
    where x.coder = $coder
    group by all
)

select
    a.sample_id,
    a.narrative_id,
    s.drawn_at,
    a.finished_at,
    coalesce(m.excerpts, 0) as excerpts
from agreement_assignments as a
inner join agreement_samples as s on s.sample_id = a.sample_id
left join mine as m on m.sample_id = a.sample_id and m.narrative_id = a.narrative_id
where a.coder = $coder
order by a.finished_at is not null, s.drawn_at desc, a.narrative_id
