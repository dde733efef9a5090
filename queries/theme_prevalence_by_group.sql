-- name: theme_prevalence_by_group
-- returns: for each theme (3 coded + 2 cross-cutting) and each of the 22 categories, how many women in each group (and in 'All women') have at least one excerpt coded to it (a woman counts once however many excerpts she has), with the group's size as the denominator
-- grain: one row per item (theme or category) and group; groups with no women are absent
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $group_by (a key of insights.analysis.breakdowns.DIMENSIONS, or 'all'), $min_group (detailed ethnicities with fewer women are combined within their broad group)
-- example: {"group_by": "deprivation", "min_group": 8}
-- the comparison groups over the pre-aggregated women (grouped_women, insights/store/sql/schema.sql): each
-- woman's distinct themes and categories are bit masks kept at import (insights.analysis.aggregates), so a
-- woman with three excerpts in one category counts once and no excerpt is read here
with grouped as (
    select g.grp, g.theme_mask, g.category_mask
    from grouped_women(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation, $group_by, $min_group
    ) as g
),

-- women with the same items counted together, then each item's bit looked up once per combination
combinations as (
    select grp, theme_mask, category_mask, count(*) as women
    from grouped
    group by all
),

group_sizes as (
    select grp, sum(women)::bigint as group_women
    from combinations
    group by grp
),

hits as (
    select c.grp, b.item_kind, b.item_id, sum(c.women)::bigint as women
    from combinations as c
    inner join agg_bits as b
        on b.item_kind in ('theme', 'category')
        and ((case when b.item_kind = 'theme' then c.theme_mask else c.category_mask end) >> b.bit::ubigint) & 1 = 1
    group by c.grp, b.item_kind, b.item_id
),

items as (
    select
        'theme' as item_kind,
        theme_id as item_id,
        name as item_name,
        cross_cutting,
        cast(null as varchar) as polarity,
        sort_order
    from themes
    union all
    select
        'category' as item_kind,
        category_id as item_id,
        name as item_name,
        false as cross_cutting,
        polarity,
        sort_order
    from categories
)

select
    i.item_kind,
    i.item_id,
    i.item_name,
    i.cross_cutting,
    i.polarity,
    i.sort_order,
    s.grp,
    coalesce(h.women, 0) as women,
    s.group_women
from group_sizes as s
cross join items as i
left join hits as h on h.grp = s.grp and h.item_kind = i.item_kind and h.item_id = i.item_id
order by i.item_kind desc, i.sort_order, s.grp
