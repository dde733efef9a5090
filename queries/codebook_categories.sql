-- name: codebook_categories
-- returns: every category of the codebook with its polarity, the coded themes it allows (Figure 2), how many current and retired codes it has and how many excerpts are coded under it
-- grain: one row per category, in codebook order
-- params: none
with allowed as (
    select tc.category_id, string_agg(t.name, '; ' order by t.sort_order) as allowed_themes
    from theme_categories as tc
    inner join themes as t on t.theme_id = tc.theme_id
    group by tc.category_id
),

code_counts as (
    select
        category_id,
        count(*) filter (where not coalesce(retired, false)) as current_codes,
        count(*) filter (where coalesce(retired, false)) as retired_codes
    from codes
    group by category_id
),

excerpt_counts as (
    select c.category_id, count(*) as excerpts
    from coded_excerpts as x
    inner join codes as c on c.code_id = x.code_id
    group by c.category_id
)

select
    k.category_id,
    k.name as category,
    k.polarity,
    coalesce(a.allowed_themes, '') as allowed_themes,
    coalesce(cc.current_codes, 0) as current_codes,
    coalesce(cc.retired_codes, 0) as retired_codes,
    coalesce(e.excerpts, 0) as excerpts,
    k.valid_from,
    k.sort_order
from categories as k
left join allowed as a on a.category_id = k.category_id
left join code_counts as cc on cc.category_id = k.category_id
left join excerpt_counts as e on e.category_id = k.category_id
order by k.sort_order, k.name
