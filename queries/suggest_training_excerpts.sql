-- name: suggest_training_excerpts
-- returns: the coded excerpts that coding suggestions learn from: each distinct excerpt text of a narrative (verbatim, restricted: engagement officer and server-side training only) with every code id, code label and category name it was coded with (suggestions learn code ids, stable when a code is renamed)
-- grain: one row per narrative and distinct non-blank excerpt text, in narrative order then first excerpt id
-- params: none
select
    x.narrative_id,
    x.excerpt_text as text,
    list(distinct k.code_id order by k.code_id) as code_ids,
    list(distinct k.label order by k.label) as codes,
    list(distinct c.name order by c.name) as categories
from coded_excerpts as x
inner join codes as k on k.code_id = x.code_id
inner join categories as c on c.category_id = k.category_id
where trim(x.excerpt_text) <> ''
group by x.narrative_id, x.excerpt_text
order by x.narrative_id, min(x.excerpt_id)
