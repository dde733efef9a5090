-- name: agreement_disagreements
-- returns: each narrative and category the two coders disagree on, with both coders' excerpts in that category side by side, the note, and how it was settled (if it was)
-- grain: one row per compared narrative and category where one coder marked the category present and the other did not
-- params: $sample_id
-- example: {"sample_id": "S1"}
-- Restricted (queries.RESTRICTED): women's own words; run through insights.coding.agreement.disagreements.
with compared as (
    select a.narrative_id, a.coder
    from agreement_assignments as a
    where a.sample_id = $sample_id and a.finished_at is not null
),

first_coding as (
    select
        f.narrative_id,
        f.category_id,
        list(coalesce(c.label, f.code_id) || ': ' || f.excerpt_text order by f.excerpt_id) as excerpts
    from agreement_first_excerpts as f
    left join codes as c on c.code_id = f.code_id
    where f.sample_id = $sample_id
    group by all
),

second_coding as (
    select
        x.narrative_id,
        x.category_id,
        list(coalesce(c.label, x.code_id) || ': ' || x.excerpt_text order by x.coded_at, x.agreement_excerpt_id)
            as excerpts
    from agreement_excerpts as x
    inner join compared as m on m.narrative_id = x.narrative_id and m.coder = x.coder
    left join codes as c on c.code_id = x.code_id
    where x.sample_id = $sample_id
    group by all
),

pairs as (
    select narrative_id, category_id from first_coding
    union
    select narrative_id, category_id from second_coding
)

select
    p.narrative_id,
    p.category_id,
    k.name as category,
    f.excerpts is not null as first_present,
    s.excerpts is not null as second_present,
    coalesce(f.excerpts, []) as first_excerpts,
    coalesce(s.excerpts, []) as second_excerpts,
    n.note,
    st.outcome,
    st.settled_by,
    st.settled_at
from pairs as p
inner join compared as m on m.narrative_id = p.narrative_id
left join categories as k on k.category_id = p.category_id
left join narratives as n on n.narrative_id = p.narrative_id
left join first_coding as f on f.narrative_id = p.narrative_id and f.category_id = p.category_id
left join second_coding as s on s.narrative_id = p.narrative_id and s.category_id = p.category_id
left join agreement_settlements as st
    on st.sample_id = $sample_id and st.narrative_id = p.narrative_id and st.category_id = p.category_id
where (f.excerpts is null) <> (s.excerpts is null)
order by p.narrative_id, k.sort_order
