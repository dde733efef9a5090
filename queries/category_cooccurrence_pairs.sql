-- name: category_cooccurrence_pairs
-- returns: for every pair of categories (both orders, and each category with itself), how many women have excerpts coded to both, with how many have each and how many women are in the filtered set
-- grain: one row per ordered pair of the 22 categories (484 rows; the diagonal is the category's own count)
-- params: $start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation (shared filters)
-- each woman's distinct categories are a bit mask kept at import (agg_narratives, insights.analysis.aggregates):
-- women with the same set are counted together, then each pair's two bits are looked up once per set
with women as (
    select w.category_mask
    from filtered_women($start, $end, $localities, $care_stages, $collectors, $ethnic_groups, $deprivation) as w
),

combinations as (
    select category_mask, count(*) as women
    from women
    where category_mask <> 0
    group by category_mask
),

category_bits as (
    select item_id as category_id, bit
    from agg_bits
    where item_kind = 'category'
),

singles as (
    select b.category_id, sum(c.women)::bigint as women
    from combinations as c
    inner join category_bits as b on (c.category_mask >> b.bit::ubigint) & 1 = 1
    group by b.category_id
),

pairs as (
    select a.category_id as category_a, b.category_id as category_b, sum(c.women)::bigint as women_both
    from combinations as c
    inner join category_bits as a on (c.category_mask >> a.bit::ubigint) & 1 = 1
    inner join category_bits as b on (c.category_mask >> b.bit::ubigint) & 1 = 1
    group by a.category_id, b.category_id
)

select
    ca.category_id as category_a,
    ca.name as name_a,
    cb.category_id as category_b,
    cb.name as name_b,
    coalesce(p.women_both, 0) as women_both,
    coalesce(sa.women, 0) as women_a,
    coalesce(sb.women, 0) as women_b,
    (select count(*) from women) as women_total
from categories as ca
cross join categories as cb
left join pairs as p on p.category_a = ca.category_id and p.category_b = cb.category_id
left join singles as sa on sa.category_id = ca.category_id
left join singles as sb on sb.category_id = cb.category_id
order by ca.sort_order, cb.sort_order
