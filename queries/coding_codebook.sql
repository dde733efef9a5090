-- name: coding_codebook
-- returns: every current (not retired or merged) code with its category, the category's polarity and the coded themes Figure 2 allows for that category (theme ids in theme order), for the Coding page's code picker
-- grain: one row per code
-- params: none
with allowed as (
    select tc.category_id, list(t.theme_id order by t.sort_order) as theme_ids
    from theme_categories as tc
    inner join themes as t on t.theme_id = tc.theme_id
    group by tc.category_id
)

select
    k.code_id,
    k.label,
    c.category_id,
    c.name as category,
    c.polarity,
    coalesce(a.theme_ids, []::varchar[]) as theme_ids
from codes as k
inner join categories as c on c.category_id = k.category_id
left join allowed as a on a.category_id = c.category_id
where not coalesce(k.retired, false)
order by c.sort_order, k.label
