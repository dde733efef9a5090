-- name: agreement_samples
-- returns: every agreement sample drawn, newest first, with how far the second coder and the settling have got
-- grain: one row per sample
-- params: none
with progress as (
    select
        sample_id,
        count(*) as narratives,
        count(finished_at) as coded
    from agreement_assignments
    group by sample_id
),

settled as (
    select sample_id, count(*) as settled
    from agreement_settlements
    group by sample_id
)

select
    s.sample_id,
    s.drawn_at,
    s.drawn_by,
    s.second_coder,
    s.seed,
    s.selection,
    coalesce(p.narratives, 0) as narratives,
    coalesce(p.coded, 0) as coded,
    coalesce(t.settled, 0) as settled
from agreement_samples as s
left join progress as p on p.sample_id = s.sample_id
left join settled as t on t.sample_id = s.sample_id
order by s.drawn_at desc, s.sample_id desc
