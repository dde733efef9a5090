-- name: theme_prevalence_by_group
-- returns: for each theme (3 coded + 2 cross-cutting) and each of the 22 categories, how many women in each group (and in 'All women') have at least one excerpt coded to it (a woman counts once however many excerpts she has), with the group's size as the denominator
-- grain: one row per item (theme or category) and group; groups with no women are absent
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters), $group_by (a key of insights.analysis.breakdowns.DIMENSIONS, or 'all'), $min_group (detailed ethnicities with fewer women are combined within their broad group)
-- example: {"group_by": "deprivation", "min_group": 8}
with base as (
    select n.narrative_id
    from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
),

-- the comparison groups: the grouped_narratives table macro (insights/store/sql/schema.sql)
grouped as (
    select g.narrative_id, g.grp
    from grouped_narratives(
        $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation, $group_by, $min_group
    ) as g
),

group_sizes as (
    select grp, count(*) as group_women
    from grouped
    group by grp
),

-- each woman's distinct items (coded themes, categories, cross-cutting themes), kept at import:
-- a woman with three excerpts in one category counts once
tagged as (
    select t.narrative_id, t.item_kind, t.item_id
    from narrative_items as t
    inner join base as b on b.narrative_id = t.narrative_id
),

hits as (
    select g.grp, t.item_kind, t.item_id, count(*) as women
    from grouped as g
    inner join tagged as t on t.narrative_id = g.narrative_id
    group by g.grp, t.item_kind, t.item_id
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
