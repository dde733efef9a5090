-- name: quote_approved
-- returns: approved quotes only (the reviewer's edited wording where there is one), with coarse context only: theme, category, polarity, care stage
-- grain: one row per approved excerpt
-- params: $themes (theme ids), $categories (category ids), $ethnic_groups, $core20 ('Core20' / 'Not Core20')
-- example: {"themes": [], "categories": [], "core20": []}
with latest as (
    select excerpt_id, status, edited_text
    from quote_reviews
    qualify row_number() over (partition by excerpt_id order by reviewed_at desc, review_id desc) = 1
)

select
    e.excerpt_id,
    th.name as theme,
    c.name as category,
    c.polarity,
    e.care_stage,
    coalesce(l.edited_text, e.anonymised_text) as quote,
    l.edited_text is not null as edited,
    th.sort_order as theme_order,
    c.sort_order as category_order
from coded_excerpts as e
inner join latest as l on l.excerpt_id = e.excerpt_id
inner join codes as co on co.code_id = e.code_id
inner join categories as c on c.category_id = co.category_id
inner join themes as th on th.theme_id = e.theme_id
inner join narratives as n on n.narrative_id = e.narrative_id
where l.status = 'approved'
    and e.anonymised_text is not null
    and (len($themes::varchar[]) = 0 or list_contains($themes::varchar[], e.theme_id))
    and (len($categories::varchar[]) = 0 or list_contains($categories::varchar[], c.category_id))
    and (len($ethnic_groups::varchar[]) = 0 or list_contains($ethnic_groups::varchar[], n.ethnic_group))
    and (
        len($core20::varchar[]) = 0
        or list_contains($core20::varchar[], case when n.core20 then 'Core20' when not n.core20 then 'Not Core20' end)
    )
order by th.sort_order, c.sort_order, e.care_stage, e.excerpt_id
