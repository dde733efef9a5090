-- name: agreement_second_excerpts
-- returns: the excerpts a second coder saved for one narrative of a sample (their own coding only)
-- grain: one row per excerpt of that coder
-- params: $sample_id, $narrative_id, $coder (user name of the second coder)
-- example: {"sample_id": "S1", "narrative_id": "T01", "coder": "demo:coder"}
select
    x.agreement_excerpt_id,
    x.code_id,
    c.label as code,
    x.category_id,
    k.name as category,
    x.theme_id,
    t.name as theme,
    x.care_stage,
    x.excerpt_text,
    x.coded_at
from agreement_excerpts as x
left join codes as c on c.code_id = x.code_id
left join categories as k on k.category_id = x.category_id
left join themes as t on t.theme_id = x.theme_id
where x.sample_id = $sample_id
    and x.narrative_id = $narrative_id
    and x.coder = $coder
order by x.coded_at, x.agreement_excerpt_id
