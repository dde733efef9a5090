-- agg_narratives rows (insights.analysis.aggregates) for every narrative, or, with the placeholders filled in by the
-- module from a fixed text ({where_x}, {where_n}), for the listed ones. Themes: each excerpt's coded theme and its code's
-- cross-cutting themes; categories: its code's category; pairs: (category, each of those themes).
with excerpts as (
    select x.narrative_id, x.theme_id, c.category_id, c.cross_cutting
    from coded_excerpts as x
    left join codes as c on c.code_id = x.code_id
    {where_x}
),

tagged as (
    select narrative_id, 'theme' as item_kind, theme_id as item_id, '' as theme_id
    from excerpts
    union all
    select narrative_id, 'theme' as item_kind, unnest(string_split(cross_cutting, ';')) as item_id, '' as theme_id
    from excerpts
    where cross_cutting <> ''
    union all
    select narrative_id, 'category' as item_kind, category_id as item_id, '' as theme_id
    from excerpts
    where category_id is not null
    union all
    select narrative_id, 'category_theme' as item_kind, category_id as item_id, theme_id
    from excerpts
    where category_id is not null
    union all
    select narrative_id, 'category_theme' as item_kind, category_id as item_id,
        unnest(string_split(cross_cutting, ';')) as theme_id
    from excerpts
    where category_id is not null and cross_cutting <> ''
),

masks as (
    select
        t.narrative_id,
        coalesce(bit_or(case when b.item_kind = 'theme' then 1::ubigint << b.bit::ubigint end), 0) as theme_mask,
        coalesce(bit_or(case when b.item_kind = 'category' then 1::ubigint << b.bit::ubigint end), 0) as category_mask,
        coalesce(
            bit_or(case when b.item_kind = 'category_theme' then 1::uhugeint << b.bit::uhugeint end), 0
        )
            as category_theme_mask
    from tagged as t
    inner join agg_bits as b on b.item_kind = t.item_kind and b.item_id = t.item_id and b.theme_id = t.theme_id
    group by t.narrative_id
),

counts as (
    select narrative_id, count(*)::integer as excerpts
    from excerpts
    group by narrative_id
)

select
    n.narrative_id,
    n.collected_on,
    n.collected_by,
    n.locality,
    n.care_stages,
    n.ethnicity,
    n.ethnic_group,
    n.core20,
    n.imd_decile,
    n.rating,
    coalesce(c.excerpts, 0) as excerpts,
    coalesce(m.theme_mask, 0) as theme_mask,
    coalesce(m.category_mask, 0) as category_mask,
    coalesce(m.category_theme_mask, 0) as category_theme_mask
from narratives as n
left join counts as c on c.narrative_id = n.narrative_id
left join masks as m on m.narrative_id = n.narrative_id
{where_n}
