-- name: agreement_presence
-- returns: for each narrative the second coder has finished, whether each category is present in the first coding (as drawn) and in the second
-- grain: one row per compared narrative and category (every category of the codebook)
-- params: $sample_id
-- example: {"sample_id": "S1"}
-- A category is present for a coder when any of that coder's excerpts carries a code of that category.
with compared as (
    select a.sample_id, a.narrative_id, a.coder
    from agreement_assignments as a
    where a.sample_id = $sample_id and a.finished_at is not null
),

first_coding as (
    select distinct f.narrative_id, f.category_id
    from agreement_first_excerpts as f
    where f.sample_id = $sample_id
),

second_coding as (
    select distinct x.narrative_id, x.category_id
    from agreement_excerpts as x
    inner join compared as m on m.narrative_id = x.narrative_id and m.coder = x.coder
    where x.sample_id = $sample_id
)

select
    m.narrative_id,
    k.category_id,
    k.name as category,
    k.sort_order,
    f.category_id is not null as first_present,
    s.category_id is not null as second_present
from compared as m
cross join categories as k
left join first_coding as f on f.narrative_id = m.narrative_id and f.category_id = k.category_id
left join second_coding as s on s.narrative_id = m.narrative_id and s.category_id = k.category_id
order by m.narrative_id, k.sort_order
