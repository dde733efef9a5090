-- name: agreement_codebook
-- returns: every code a coder may choose, with its category and each theme Figure 2 allows for that category
-- grain: one row per code and allowed theme
-- params: none
select
    c.code_id,
    c.label as code,
    c.category_id,
    k.name as category,
    tc.theme_id,
    t.name as theme
from codes as c
inner join categories as k on k.category_id = c.category_id
inner join theme_categories as tc on tc.category_id = c.category_id
inner join themes as t on t.theme_id = tc.theme_id
order by k.sort_order, c.label, t.sort_order
