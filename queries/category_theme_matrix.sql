-- name: category_theme_matrix
-- returns: Figure 2 with counts: for every category and theme, whether the category sits in that theme (Figure 2 for the 3 coded themes; for the 2 cross-cutting themes, whether any of its codes is tagged with it) and how many women have an excerpt of that category coded to that theme
-- grain: one row per category and theme (22 x 5)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters)
-- each woman's distinct (category, theme) pairs, coded and cross-cutting, are a bit mask kept at import
-- (agg_narratives, insights.analysis.aggregates): women with the same set are counted together
with combinations as (
    select w.category_theme_mask as mask, count(*) as women
    from filtered_women($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as w
    where w.category_theme_mask <> 0
    group by w.category_theme_mask
),

-- each set cut into its eight 16-bit parts (two 64-bit halves first: shifts of 128-bit numbers are slow):
-- women counted per part and value (about a thousand rows instead of a quarter of a million sets at scale),
-- then each (category, theme) bit looked up once per value
halves as (
    select
        (mask & 18446744073709551615::uhugeint)::ubigint as low,
        (mask >> 64::uhugeint)::ubigint as high,
        women
    from combinations
),

parts as materialized (
    select part_no, part, sum(women)::bigint as women
    from (
        select
            women,
            unnest(range(8)) as part_no,
            unnest([
                low & 65535, (low >> 16) & 65535, (low >> 32) & 65535, (low >> 48) & 65535,
                high & 65535, (high >> 16) & 65535, (high >> 32) & 65535, (high >> 48) & 65535
            ])::integer as part
        from halves
    )
    where part <> 0
    group by part_no, part
),

women as (
    select b.item_id as category_id, b.theme_id, sum(p.women)::bigint as women
    from parts as p
    inner join agg_bits as b
        on b.item_kind = 'category_theme' and p.part_no = b.bit // 16 and (p.part >> (b.bit % 16)) & 1 = 1
    group by b.item_id, b.theme_id
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
