-- name: category_theme_matrix
-- returns: Figure 2 with counts: for every category and theme, whether the category sits in that theme (Figure 2 for the 3 coded themes; for the 2 cross-cutting themes, whether any of its codes is tagged with it) and how many women have an excerpt of that category coded to that theme
-- grain: one row per category and theme (22 x 5)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters)
with base as (
    select n.narrative_id
    from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
),

coded as (
    select x.narrative_id, c.category_id, x.theme_id, c.cross_cutting
    from coded_excerpts as x
    inner join codes as c on c.code_id = x.code_id
    inner join base as b on b.narrative_id = x.narrative_id
),

pairs as (
    select narrative_id, category_id, theme_id
    from coded
    union all
    select narrative_id, category_id, unnest(string_split(cross_cutting, ';')) as theme_id
    from coded
    where cross_cutting <> ''
),

women as (
    select category_id, theme_id, count(distinct narrative_id) as women
    from pairs
    group by category_id, theme_id
),

code_tags as (
    select category_id, unnest(string_split(cross_cutting, ';')) as theme_id
    from codes
    where cross_cutting <> ''
),

cross_cutting_codes as (
    select category_id, theme_id, count(*) as codes
    from code_tags
    group by category_id, theme_id
)

select
    cat.category_id,
    cat.name as category,
    cat.polarity,
    t.theme_id,
    t.name as theme,
    t.cross_cutting,
    case
        when t.cross_cutting then coalesce(cc.codes, 0) > 0
        else tc.category_id is not null
    end as in_theme,
    coalesce(w.women, 0) as women
from categories as cat
cross join themes as t
left join theme_categories as tc on tc.category_id = cat.category_id and tc.theme_id = t.theme_id
left join cross_cutting_codes as cc on cc.category_id = cat.category_id and cc.theme_id = t.theme_id
left join women as w on w.category_id = cat.category_id and w.theme_id = t.theme_id
order by cat.sort_order, t.sort_order
