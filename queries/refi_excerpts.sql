-- name: refi_excerpts
-- returns: every coded excerpt with its verbatim and anonymised text (restricted: engagement officer only), code and theme
-- grain: one row per coded excerpt
-- params: none
select
    e.excerpt_id,
    e.narrative_id,
    e.code_id,
    e.theme_id,
    t.name as theme,
    e.care_stage,
    e.excerpt_text,
    e.anonymised_text
from coded_excerpts as e
left join themes as t on t.theme_id = e.theme_id
order by e.narrative_id, e.excerpt_id
