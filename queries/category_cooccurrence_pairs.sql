-- name: category_cooccurrence_pairs
-- returns: for every pair of categories (both orders, and each category with itself), how many women have excerpts coded to both, with how many have each and how many women are in the filtered set
-- grain: one row per ordered pair of the 22 categories (484 rows; the diagonal is the category's own count)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters)
with base as (
    select n.narrative_id
    from filtered_narratives($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as n
),

women_categories as (
    select t.narrative_id, t.item_id as category_id
    from narrative_items as t
    inner join base as b on b.narrative_id = t.narrative_id
    where t.item_kind = 'category'
),

pairs as (
    select a.category_id as category_a, b.category_id as category_b, count(*) as women_both
    from women_categories as a
    inner join women_categories as b on b.narrative_id = a.narrative_id
    group by a.category_id, b.category_id
),

singles as (
    select category_id, count(*) as women
    from women_categories
    group by category_id
)

select
    ca.category_id as category_a,
    ca.name as name_a,
    cb.category_id as category_b,
    cb.name as name_b,
    coalesce(p.women_both, 0) as women_both,
    coalesce(sa.women, 0) as women_a,
    coalesce(sb.women, 0) as women_b,
    (select count(*) from base) as women_total
from categories as ca
cross join categories as cb
left join pairs as p on p.category_a = ca.category_id and p.category_b = cb.category_id
left join singles as sa on sa.category_id = ca.category_id
left join singles as sb on sb.category_id = cb.category_id
order by ca.sort_order, cb.sort_order
